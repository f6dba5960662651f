#!/usr/bin/env node
// The floor under `dun check` on this machine: what any checker written for Node must spend on a
// workspace before it checks anything, timed as one process so that its wall time compares with
// `dun check`'s and `ledger stats`'s.
//
//   node bench/floor.mjs DIR REPORT
//
//   walk    list every folder under DIR (a `.dun` file may be in any of them; the evidence
//           folders are listed too), as `dun check DIR` must
//   read    read and decode every `.dun` file found
//   parse   `JSON.parse` of the same entries written as JSON (each line's words and quoted
//           strings as an array of strings, an entry as an array of its lines; made untimed
//           from the texts just read): the practical floor of parsing in Node, which the
//           issue names (~830,000 entries/s)
//   output  `JSON.stringify` of REPORT (the report `dun check --format json` wrote for DIR,
//           parsed untimed) and its writing to /dev/null: the floor of printing the same report
//
// It prints one JSON object: the milliseconds of each step and what they saw. Node's own start
// is in the wall time that bench/run.mjs measures around this process. No evidence file is
// looked up on top of the walk: a check that did not do that, and had no rule to run, would still
// cost this much.
import { closeSync, openSync, readdirSync, readFileSync, writeSync } from "node:fs";
import { join } from "node:path";

const [dir, report] = process.argv.slice(2);
if (!dir || !report) {
  console.error("usage: node bench/floor.mjs DIR REPORT");
  process.exit(2);
}

const ms = {};
const timed = (name, work) => {
  const start = performance.now();
  const result = work();
  ms[name] = Math.round((performance.now() - start) * 10) / 10;
  return result;
};

let folders = 0;
const paths = timed("walk", () => {
  const found = [];
  const walk = (folder) => {
    folders++;
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
      if (entry.isDirectory()) walk(join(folder, entry.name));
      else if (entry.isFile() && entry.name.endsWith(".dun")) found.push(join(folder, entry.name));
    }
  };
  walk(dir);
  return found;
});

const texts = timed("read", () => paths.map((path) => readFileSync(path, "utf8")));

// The same entries as JSON (untimed): a header line starts an entry, indented lines follow it.
const WORD = /"(?:[^"\\]|\\.)*"|[^\s"]+/g;
const entries = [];
for (const text of texts) {
  let entry;
  for (const line of text.split("\n")) {
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith(";")) continue;
    const words = trimmed.match(WORD) ?? [];
    if (line[0] === " " || line[0] === "\t") entry?.push(words);
    else entries.push((entry = [words]));
  }
}
const json = JSON.stringify(entries);
const parsed = timed("parse", () => JSON.parse(json));

const reportValue = JSON.parse(readFileSync(report, "utf8"));
timed("output", () => {
  const fd = openSync("/dev/null", "w");
  writeSync(fd, JSON.stringify(reportValue));
  closeSync(fd);
});

console.log(JSON.stringify({ ms, files: paths.length, folders, entries: parsed.length, jsonBytes: json.length }));

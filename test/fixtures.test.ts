/**
 * Rule fixtures: each `.dun` under test/fixtures/rules with its `.expected` beside it (and an
 * optional `.status.json`), expectations worked out by hand from the language reference.
 * Format: see test/fixtures/README.md.
 */
import { readdirSync, readFileSync, statSync, existsSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { analyze, statusOf, Workspace } from "../server/engine";
import { diskWorkspaceFiles } from "./helpers";

const FIXTURES = join(__dirname, "fixtures");
const RULES = join(FIXTURES, "rules");

interface Expectation {
  today: string;
  codes: Set<string>;
  diagnostics: { file?: string; line: number; code: string; fragments: string[] }[];
}

function parseExpected(text: string, source: string): Expectation {
  let today: string | undefined;
  let codes: Set<string> | undefined;
  const diagnostics: Expectation["diagnostics"] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "") continue;
    const header = /^;\s*(today|codes):\s*(.*)$/.exec(line);
    if (header) {
      if (header[1] === "today") today = header[2]!.trim();
      else codes = new Set(header[2]!.split(/\s+/).filter(Boolean));
      continue;
    }
    if (line.startsWith(";")) continue;
    const [head, ...fragments] = line.split("|").map((part) => part.trim());
    const match = /^(?:(\S+):)?(\d+)\s+(\S+)$/.exec(head!);
    if (!match) throw new Error(`${source}: cannot read expectation line: ${raw}`);
    diagnostics.push({ file: match[1], line: Number(match[2]), code: match[3]!, fragments: fragments.filter(Boolean) });
  }
  if (!today || !codes) throw new Error(`${source}: needs '; today:' and '; codes:' header lines`);
  return { today, codes, diagnostics };
}

interface Fixture {
  name: string;
  root: string;
  files: string[];
  expected: Expectation;
  status?: Record<string, Record<string, unknown>>;
}

function loadFixtures(): Fixture[] {
  if (!existsSync(RULES)) return [];
  const fixtures: Fixture[] = [];
  for (const name of readdirSync(RULES).sort()) {
    const path = join(RULES, name);
    if (name.endsWith(".dun")) {
      const base = path.slice(0, -4);
      const status = existsSync(`${base}.status.json`) ? JSON.parse(readFileSync(`${base}.status.json`, "utf8")) : undefined;
      fixtures.push({ name, root: FIXTURES, files: [path], expected: parseExpected(readFileSync(`${base}.expected`, "utf8"), `${base}.expected`), status });
    } else if (statSync(path).isDirectory() && existsSync(join(path, "expected"))) {
      const files = (readdirSync(path, { recursive: true }) as string[]).filter((f) => f.endsWith(".dun")).map((f) => join(path, f));
      fixtures.push({ name, root: path, files, expected: parseExpected(readFileSync(join(path, "expected"), "utf8"), join(path, "expected")) });
    }
  }
  return fixtures;
}

function run(fixture: Fixture) {
  const workspace = new Workspace();
  for (const file of fixture.files) workspace.setFile(file, readFileSync(file, "utf8"));
  const analysis = analyze(workspace, { today: fixture.expected.today, defaultCurrency: "USD", files: diskWorkspaceFiles(fixture.root) });
  const single = fixture.files.length === 1 && fixture.root === FIXTURES;
  const diagnostics = analysis.diagnostics
    .filter((d) => fixture.expected.codes.has(d.code))
    .map((d) => ({
      file: single ? undefined : relative(fixture.root, d.file),
      line: workspace.getFile(d.file)!.lines.positionAt(d.range.start).line + 1,
      code: d.code,
      message: d.message,
    }));
  return { analysis, diagnostics };
}

describe("rule fixtures", () => {
  for (const fixture of loadFixtures()) {
    it(fixture.name, () => {
      const { analysis, diagnostics } = run(fixture);
      const key = (d: { file?: string; line: number; code: string }) => `${d.file ? `${d.file}:` : ""}${d.line} ${d.code}`;
      expect(diagnostics.map(key).sort()).toEqual(fixture.expected.diagnostics.map(key).sort());
      for (const wanted of fixture.expected.diagnostics) {
        const got = diagnostics.find((d) => key(d) === key(wanted))!;
        for (const fragment of wanted.fragments) expect(got.message, `${key(wanted)}`).toContain(fragment);
      }
      if (fixture.status) {
        const byId = new Map(statusOf(analysis).map((s) => [s.id, s]));
        for (const [id, fields] of Object.entries(fixture.status)) {
          expect(byId.get(id), `invoice ${id}`).toMatchObject(fields);
        }
      }
    });
  }
});

#!/usr/bin/env node
// Converts a generated bench workspace (bench/generate.mjs) into an equivalent ledger-cli
// journal, so bench/run.mjs can time `ledger -f DIR.ledger stats` on the same data.
//
//   node bench/ledger-export.mjs DIR [--out FILE]      (default FILE: DIR.ledger, beside DIR)
//
// A simple line-based reader: it relies on the generator's regular output (headers in column 1,
// children indented two spaces, `;` comments, one case's entries in date order, a contract or
// invoice always before the entries that cite it). It is not a Dun parser.
//
// What maps to what (payee = the debtor's party id throughout):
//   party P "Name" + children  → `account Assets:Receivable:P` directive, `note Name`, children
//                                as `; …` comment lines under it (not a transaction)
//   policy …  + steps          → a comment block
//   DATE invoice I T AMT [CUR] → DATE * P, `Assets:Receivable:P  AMT CUR` / `Income:Services`
//   DATE payment I|P AMT       → DATE * P, `Assets:Bank  AMT CUR` / `Assets:Receivable:P`
//   DATE credit I AMT "why"    → DATE * P, `Income:Credits  AMT CUR` / `Assets:Receivable:P`
//   every other dated entry    → DATE * P with one zero virtual posting `(Notes:Kind)  0`:
//     contract, work, sent, reminder, call, email, meeting, note, demand, dispute, resolve,
//     plan, suspend, collections, claim, judgment (its amount kept only in the comment),
//     write-off
//   in every transaction, the Dun header and each child line (item, evidence, via, with,
//   installment, …) become `; …` note lines, so ledger reads about as much text as dun.
// CUR is the invoice's explicit code, else the contract's `currency` clause, else USD; a payment
// to a party uses the currency of that party's last invoice. Grouping commas are dropped.
// So: one ledger transaction per dated Dun entry; party and policy entries are not transactions.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Every .dun file under a folder, sorted (self.dun first in a file-per-case workspace). */
function dunFiles(folder, found = []) {
  for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name.startsWith(".")) continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) dunFiles(path, found);
    else if (entry.isFile() && entry.name.endsWith(".dun")) found.push(path);
  }
  return found;
}

/** Splits a header's words, keeping "quoted strings" whole (with their quotes). */
function words(text) {
  const out = [];
  const re = /"(?:[^"\\]|\\.)*"|\S+/g;
  let m;
  while ((m = re.exec(text))) out.push(m[0]);
  return out;
}

const CURRENCY = /^[A-Z]{3}$/;
const plain = (amount) => amount.replace(/,/g, "");
const title = (kind) => kind.split("-").map((w) => w[0].toUpperCase() + w.slice(1)).join("");

/** Converts the workspace at `dir`; returns { text, transactions, accounts, files }. */
export function exportLedger(dir) {
  const contracts = new Map(); // contract id → { debtor, currency }
  const invoices = new Map(); // invoice id → { debtor, currency }
  const lastCurrency = new Map(); // debtor → currency of its last invoice
  const out = [`; ledger-cli journal exported from ${dir} by bench/ledger-export.mjs`, ""];
  let transactions = 0;
  let accounts = 0;
  const files = dunFiles(dir);

  const debtorOf = (ref) => invoices.get(ref)?.debtor ?? contracts.get(ref)?.debtor ?? ref;
  const notes = (header, children) => [`    ; ${header}`, ...children.map((c) => `    ; ${c.trim()}`)];
  const xact = (date, payee, lines) => {
    out.push(`${date} * ${payee}`, ...lines, "");
    transactions++;
  };

  const flush = (header, children) => {
    if (header === undefined) return;
    const w = words(header);
    if (!/^\d{4}-\d\d-\d\d$/.test(w[0])) {
      if (w[0] === "party") {
        out.push(`account Assets:Receivable:${w[1]}`, `    note ${w.slice(2).join(" ").replace(/"/g, "")}`);
        for (const c of children) out.push(`    ; ${c.trim()}`);
        out.push("");
        accounts++;
      } else {
        out.push(`; ${header}`, ...children.map((c) => `; ${c}`), "");
      }
      return;
    }
    const [date, kind, ...args] = w;
    if (kind === "contract") {
      const currency = children.map((c) => /^\s+currency\s+([A-Z]{3})/.exec(c)?.[1]).find(Boolean) ?? "USD";
      contracts.set(args[0], { debtor: args[1], currency });
    }
    if (kind === "invoice") {
      const [id, target, amount, code] = args;
      const contract = contracts.get(target);
      const debtor = contract?.debtor ?? target;
      const currency = code && CURRENCY.test(code) ? code : contract?.currency ?? "USD";
      invoices.set(id, { debtor, currency });
      lastCurrency.set(debtor, currency);
      xact(date, debtor, [...notes(header, children), `    Assets:Receivable:${debtor}    ${plain(amount)} ${currency}`, "    Income:Services"]);
      return;
    }
    if (kind === "payment" || kind === "credit") {
      const [target, amount] = args;
      const debtor = debtorOf(target);
      const currency = invoices.get(target)?.currency ?? lastCurrency.get(debtor) ?? "USD";
      const account = kind === "payment" ? "Assets:Bank" : "Income:Credits";
      xact(date, debtor, [...notes(header, children), `    ${account}    ${plain(amount)} ${currency}`, `    Assets:Receivable:${debtor}`]);
      return;
    }
    const debtor = kind === "contract" ? args[1] : debtorOf(args[0]);
    xact(date, debtor, [...notes(header, children), `    (Notes:${title(kind)})    0`]);
  };

  for (const path of files) {
    const text = readFileSync(path, "utf8");
    let header;
    let children = [];
    for (const line of text.split("\n")) {
      if (line === "" || line.trim() === "") continue;
      const c = line.charCodeAt(0);
      if (c === 59 /* ; */) {
        flush(header, children);
        header = undefined;
        children = [];
        out.push(line);
      } else if (c === 32 || c === 9) {
        if (header !== undefined && !line.trimStart().startsWith(";")) children.push(line);
      } else {
        flush(header, children);
        header = line.trimEnd();
        children = [];
      }
    }
    flush(header, children);
  }
  return { text: `${out.join("\n")}\n`, transactions, accounts, files: files.length };
}

/** Writes `DIR.ledger` (or `out`) beside the workspace; returns { out, transactions, accounts, bytes }. */
export function writeLedger(dir, out = `${resolve(dir)}.ledger`) {
  const { text, transactions, accounts, files } = exportLedger(resolve(dir));
  writeFileSync(out, text);
  return { out, transactions, accounts, files, bytes: Buffer.byteLength(text) };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const dir = args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--out");
  const outIndex = args.indexOf("--out");
  if (!dir) {
    process.stderr.write("Usage: node bench/ledger-export.mjs DIR [--out FILE]\n");
    process.exit(2);
  }
  const started = performance.now();
  const r = writeLedger(dir, outIndex >= 0 ? resolve(args[outIndex + 1]) : undefined);
  process.stdout.write(
    `${r.out}: ${r.transactions} transactions, ${r.accounts} accounts from ${r.files} files, ` +
      `${(r.bytes / 1048576).toFixed(1)} MiB in ${Math.round(performance.now() - started)} ms\n`,
  );
}

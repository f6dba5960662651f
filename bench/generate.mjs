#!/usr/bin/env node
// Generates a deterministic, realistic Dun workspace of N collection cases for benchmarks.
//
//   node bench/generate.mjs N [--out DIR] [--single] [--no-evidence-files]
//
// Default DIR: node_modules/.cache/dun-bench/N (one file per case under cases/) or …/N-single
// (everything in one ledger.dun): a cache that tools leave alone (packaging the extension, the
// typecheck and the tests walk the checkout; 250,000 evidence files at 50,000 cases took `vsce`
// minutes), and that `npm ci` clears (the same N gives the same workspace again).
//
// Every case draws from its own PRNG seeded by its index, so the same N always gives
// byte-identical output, and the first K cases of a larger workspace are the K cases of a
// smaller one. Evidence paths are cited in a fraction of entries only.
// As in a real repository, the files cited are there (empty files, under evidence/<debtor>/
// beside the ledger), but one citation in ten, counted through the workspace, names a file that
// is not (so evidence-not-found still fires). --no-evidence-files writes no evidence file at
// all, the workspaces of generator version 1 (every citation is then evidence-not-found).
//
// Plain Node ESM, no dependencies. Also importable: `generateWorkspace(n, { out, single, evidenceFiles })`.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const GENERATOR_VERSION = 2;
/** One citation in this many names a file that is not there. */
const MISSING_EVIDENCE_EVERY = 10;
const TODAY = "2026-05-04";
const FIRST_DAY = "2025-01-01";

// --- deterministic randomness -----------------------------------------------------------------

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A small random toolkit over one PRNG. */
function randomFor(index) {
  // Mix the case index so neighbouring cases get unrelated streams.
  let h = (index + 1) * 0x9e3779b1;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  const next = mulberry32(h ^ (h >>> 16) ^ 0x44756e21);
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)); // inclusive
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: (list) => list[Math.floor(next() * list.length)],
    /** Picks a key of { key: weight }. */
    weighted(table) {
      const entries = Object.entries(table);
      let roll = next() * entries.reduce((sum, [, w]) => sum + w, 0);
      for (const [key, weight] of entries) {
        roll -= weight;
        if (roll < 0) return key;
      }
      return entries[entries.length - 1][0];
    },
  };
}

// --- dates as day numbers -----------------------------------------------------------------------

const DAY = 86400000;
const dayOf = (iso) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY;
const isoOf = (day) => new Date(day * DAY).toISOString().slice(0, 10);
const T = dayOf(TODAY);
const START = dayOf(FIRST_DAY);
/** The same day of the month `k` months later (clamped to the month's last day). */
function addMonths(day, k) {
  const d = new Date(day * DAY);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + k;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(y, m, Math.min(d.getUTCDate(), last)) / DAY;
}

// --- money in minor units ---------------------------------------------------------------------

const EXPONENT = { USD: 2, EUR: 2, GBP: 2, CAD: 2, JPY: 0 };

function formatAmount(units, currency, grouped) {
  const exp = EXPONENT[currency];
  const negative = units < 0;
  const abs = Math.abs(units);
  let whole = String(Math.floor(abs / 10 ** exp));
  const frac = exp ? "." + String(abs % 10 ** exp).padStart(exp, "0") : "";
  if (grouped) whole = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return (negative ? "-" : "") + whole + frac;
}

/** Rounds to a "nice" figure: whole units (or hundreds of yen). */
function roundNice(units) {
  const step = 100; // 1.00 in cent currencies, 100 yen in JPY
  return Math.max(step, Math.round(units / step) * step);
}

// --- word banks ---------------------------------------------------------------------------------

const COMPANY_A = [
  "Blue", "North", "Iron", "Silver", "Granite", "Harbor", "Summit", "Cedar", "Pioneer", "Atlas",
  "Beacon", "Redwood", "Keystone", "Lakeside", "Orchard", "Copper", "Prairie", "Riverside",
  "Maple", "Falcon", "Crescent", "Evergreen", "Highland", "Meridian", "Oakridge", "Sterling",
  "Sunrise", "Tidewater", "Vanguard", "Westfield", "Bright", "Clearwater", "Delta", "Eastgate",
  "Fairview", "Golden", "Hillcrest", "Juniper", "Kestrel", "Lighthouse", "Monarch", "Nimbus",
];
const COMPANY_B = [
  "Logistics", "Foods", "Dental", "Builders", "Hospitality", "Media", "Freight", "Analytics",
  "Clinics", "Properties", "Retail", "Motors", "Labs", "Bakery", "Printing", "Outfitters",
  "Pharmacy", "Robotics", "Studios", "Textiles", "Brewing", "Storage", "Software", "Marine",
  "Energy", "Holdings", "Apparel", "Interiors", "Farms", "Fitness", "Catering", "Optics",
];
const COMPANY_SUFFIX = ["LLC", "Inc.", "Corp.", "Ltd", "Co.", "Group", "LLP", "GmbH"];
const FIRST = [
  "Ana", "Ben", "Carla", "Dev", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jamal", "Kara",
  "Luis", "Maya", "Nikhil", "Olga", "Pat", "Quinn", "Rosa", "Sam", "Tara", "Umar", "Vera",
  "Wes", "Ximena", "Yusuf", "Zoe", "Marco", "Priya", "Tom", "Hannah",
];
const LAST = [
  "Alvarez", "Brooks", "Chen", "Dubois", "Evans", "Fischer", "Garcia", "Hughes", "Ibrahim",
  "Jensen", "Kowalski", "Lopez", "Murphy", "Nakamura", "Okafor", "Patel", "Quintero", "Reyes",
  "Schmidt", "Turner", "Ueda", "Vargas", "Walsh", "Xu", "Young", "Zimmerman", "Novak", "Moreau",
];
const ROLES = [
  "Chief Financial Officer", "Controller", "Owner", "Accounts Payable", "Office Manager",
  "Operations Director", "Finance Director", "Managing Partner", "Bookkeeper", "CEO",
];
const STREETS = [
  "Market Street", "Main Street", "Industrial Way", "Harbor Road", "Elm Avenue", "Commerce Drive",
  "Mill Lane", "Park Boulevard", "Station Road", "Oak Street", "Lake Shore Drive", "Airport Road",
];
const PLACES = [
  ["Oakland", "CA", "94607", "US-CA"], ["San Jose", "CA", "95113", "US-CA"],
  ["Portland", "OR", "97205", "US-OR"], ["Seattle", "WA", "98101", "US-WA"],
  ["Austin", "TX", "78701", "US-TX"], ["Denver", "CO", "80202", "US-CO"],
  ["Chicago", "IL", "60601", "US-IL"], ["Brooklyn", "NY", "11201", "US-NY"],
  ["Boston", "MA", "02110", "US-MA"], ["Atlanta", "GA", "30303", "US-GA"],
  ["Phoenix", "AZ", "85004", "US-AZ"], ["Miami", "FL", "33131", "US-FL"],
];
const SERVICES = [
  ["Guard services", "guard-hours", 4400], ["Cleaning services", "visits", 18500],
  ["IT support", "hours", 12000], ["Consulting", "days", 95000], ["Web development", "hours", 11000],
  ["Catering", "events", 240000], ["Equipment rental", "days", 35000],
  ["Freight haulage", "loads", 145000], ["Translation", "pages", 3500],
  ["Landscaping", "visits", 22000], ["Bookkeeping", "months", 65000], ["Printing", "runs", 80000],
];
const EXTRAS = [
  ["Materials and supplies", 4000, 90000], ["Travel and mileage", 2500, 40000],
  ["Rush surcharge", 5000, 60000], ["Setup fee", 10000, 50000], ["Vehicle, monthly", 60000, 160000],
];
const CALL_NOTES = [
  "Said the invoice is approved and in the next payment run",
  "AP says it was never received; resent while on the phone",
  "Cash flow is tight this month, asked for two more weeks",
  "Promised to chase the approval with the CFO",
  "Left a voicemail, no answer",
  "Owner disputes the hours but agrees most of it is owed",
  "Confirmed receipt, payment scheduled",
  "Asked for a copy of the signed contract and the timesheets",
  "Switched banks, payment delayed, will pay by wire",
  "Front desk took a message",
];
const EMAIL_NOTES = [
  "Sent a statement of account with the invoice attached",
  "AP replied: invoice on hold pending review",
  "Asked for a remittance advice for the partial payment",
  "Reply: payment will go out at month end",
  "Sent the timesheets they asked for",
  "Out-of-office reply, forwarded to the controller",
];
const DISPUTE_REASONS = [
  "Says two site visits were never carried out",
  "Claims the work was late and below spec",
  "Disputes the rush surcharge, never agreed in writing",
  "Says the hourly rate is above the quoted rate",
  "Says the delivery arrived damaged",
];
const RESOLUTIONS = [
  "Agreed a partial credit for the disputed visits",
  "Timesheets accepted after review, credit for one item",
  "Settled in a meeting: small credit, balance to be paid",
  "Mediated by phone, goodwill credit agreed",
];
const AGENCIES = ["Summit Recovery Partners", "National Credit Bureau Collections", "Atlas Receivables"];
const COURTS = ["Alameda County Superior Court, small claims", "Civil Court of the City of New York", "Travis County Justice Court"];
const METHODS = ["wire", "ach", "check", "card"];

// --- the self party, a custom policy ------------------------------------------------------------

function selfText() {
  return `; Northwind Facility Services: our own details and our house escalation policies.

party northwind "Northwind Facility Services LLC"
  self
  address "1200 Commerce Drive, Suite 400"
  address "Oakland, CA 94607"
  email "receivables@northwind.example"
  phone "+1 510 555 0100"
  registration "EIN 94-0000000"
  pay "Wire or ACH to Example Bank, routing 000000000, account 000987654"
  pay "Checks payable to Northwind Facility Services LLC"

policy gentle "Long-standing clients: slower ladder"
  step reminder 3d via email
  step call 10d
  step demand 30d deadline 14d via certified-mail
  step demand 45d final deadline 10d via certified-mail
  step claim 60d

policy strict "New clients: fast ladder"
  step reminder 1d via email
  step call 2d
  step demand 7d deadline 7d via certified-mail
  step suspend 7d
  step demand 21d final deadline 7d via certified-mail
  step collections 30d
`;
}

// --- one case ------------------------------------------------------------------------------------

const q = (text) => `"${text}"`;

/**
 * Builds the text of case `index`. `ids` holds every debtor id given so far (for uniqueness).
 * Evidence paths are relative to the file's folder (`evidence/<debtor>/…`).
 */
function caseText(index, ids) {
  const r = randomFor(index);
  const n = index + 1;

  // Debtor.
  const a = r.pick(COMPANY_A);
  const b = r.pick(COMPANY_B);
  let debtor = `${a}-${b}`.toLowerCase();
  if (ids.has(debtor)) {
    let k = 2;
    while (ids.has(`${debtor}-${k}`)) k++;
    debtor = `${debtor}-${k}`;
  }
  ids.add(debtor);
  const legal = `${a} ${b} ${r.pick(COMPANY_SUFFIX)}`;
  const place = r.pick(PLACES);
  const contacts = [];
  const contactCount = r.chance(0.35) ? 2 : 1;
  for (let c = 0; c < contactCount; c++) contacts.push([`${r.pick(FIRST)} ${r.pick(LAST)}`, r.pick(ROLES)]);
  const domain = `${a}${b}`.toLowerCase();
  const ev = (path) => `evidence/${debtor}/${path}`;

  // Amounts and currency.
  const hasContract = r.chance(0.85);
  const currency = hasContract ? r.weighted({ USD: 85, EUR: 6, GBP: 5, CAD: 3, JPY: 1 }) : "USD";
  const grouped = r.chance(0.5);
  const fmt = (units) => formatAmount(units, currency, grouped);
  // Prices below are in cents; a JPY case charges about 150 yen a dollar (1.5 yen a cent).
  const minor = (cents) => (currency === "JPY" ? Math.round(cents * 1.5) : cents);

  // Timeline anchors.
  const invoiceDay = r.int(dayOf("2025-02-01"), dayOf("2026-04-25"));
  const contractDay = Math.max(START, invoiceDay - r.int(14, 240));
  const terms = hasContract ? r.weighted({ 30: 60, 15: 10, 45: 10, 60: 8, 0: 7, none: 5 }) : "none";
  const netDays = terms === "none" ? 30 : Number(terms);
  const explicitDue = r.chance(0.08);
  const dueDay = explicitDue ? invoiceDay + r.int(10, 40) : invoiceDay + netDays;
  const contractId = `C-${1000 + n}`;
  const invoiceId = `INV-${isoOf(invoiceDay).slice(0, 4)}-${String(n).padStart(5, "0")}`;
  const evidenceShare = 0.35;
  const withEvidence = () => r.chance(evidenceShare);

  const out = [];
  const line = (text) => out.push(text);

  // Party.
  line(`; ${legal}: case ${n}`);
  line(`party ${debtor} ${q(legal)}`);
  line(`  address ${q(`${r.int(1, 2400)} ${r.pick(STREETS)}`)}`);
  if (r.chance(0.6)) line(`  address ${q(`${place[0]}, ${place[1]} ${place[2]}`)}`);
  line(`  email ${q(`ap@${domain}.example`)}`);
  if (r.chance(0.5)) line(`  phone ${q(`+1 555 ${String(r.int(100, 999))} ${String(r.int(1000, 9999))}`)}`);
  for (const [name, role] of contacts) line(`  contact ${q(name)} ${q(role)}`);
  if (r.chance(0.3)) line(`  jurisdiction ${place[3]}`);
  line("");

  // Events: [day, order, lines[]]; sorted by day, then order of creation.
  const events = [];
  let seq = 0;
  const at = (day, lines) => {
    if (day <= T) events.push([day, seq++, lines]);
    return day <= T;
  };

  // Contract.
  const [service, unit, rate] = r.pick(SERVICES);
  if (hasContract) {
    const lines = [`${isoOf(contractDay)} contract ${contractId} ${debtor} ${q(`${service} agreement`)}`];
    if (terms !== "none") lines.push(terms === "0" ? "  terms due-on-receipt" : `  terms net ${terms}`);
    const fee = r.weighted({ percent: 45, fixed: 15, once: 10, none: 30 });
    if (fee === "percent") lines.push(`  late-fee ${r.pick(["1%", "1.5%", "2%"])} monthly`);
    else if (fee === "fixed") lines.push(`  late-fee ${formatAmount(minor(r.pick([2500, 5000, 7500])), currency, false)} monthly`);
    else if (fee === "once") lines.push(`  late-fee ${r.pick(["5%", "10%"])} once`);
    if (r.chance(0.55)) lines.push(`  interest ${r.pick(["8%", "10%", "12%", "18%"])} yearly`);
    if (r.chance(0.3)) lines.push("  attorney-fees");
    if (currency !== "USD" || r.chance(0.2)) lines.push(`  currency ${currency}`);
    if (r.chance(0.25)) lines.push(`  jurisdiction ${place[3]}`);
    const policy = r.weighted({ none: 80, gentle: 12, strict: 8 });
    if (policy !== "none") lines.push(`  policy ${policy}`);
    if (r.chance(0.3)) lines.push(`  scope ${q(`${service}, billed per ${unit.replace(/s$/, "")}`)}`);
    if (r.chance(0.7)) lines.push(`  evidence ${q(ev("contract-signed.pdf"))}`);
    at(contractDay, lines);
  }

  // Work entries (need a contract); together they deliver what the first item bills.
  const qty = r.int(3, 160);
  const workCount = hasContract ? Number(r.weighted({ 0: 25, 1: 55, 2: 20 })) : 0;
  for (let w = 0; w < workCount; w++) {
    const day = Math.max(contractDay, invoiceDay - r.int(1, 12) - (workCount - 1 - w) * 15);
    const part = workCount === 1 ? qty : w === 0 ? Math.ceil(qty / 2) : qty - Math.ceil(qty / 2);
    const lines = [`${isoOf(day)} work ${contractId} ${q(`${service}, ${part} ${unit} delivered`)}`];
    if (withEvidence() || r.chance(0.3)) lines.push(`  evidence ${q(ev(`work-${isoOf(day)}.pdf`))}`);
    at(day, lines);
  }

  // Invoice with items.
  const itemCount = r.weighted({ 1: 35, 2: 45, 3: 20 });
  const items = [];
  items.push([`${service}, ${qty} ${unit} at ${formatAmount(minor(rate), currency, false)}`, qty * minor(rate)]);
  for (let k = 1; k < itemCount; k++) {
    const [what, lo, hi] = EXTRAS[(r.int(0, EXTRAS.length - 1) + k) % EXTRAS.length];
    items.push([what, minor(r.int(lo / 100, hi / 100) * 100)]);
  }
  let amount = items.reduce((sum, [, u]) => sum + u, 0);
  const mismatch = r.chance(0.05);
  const printed = mismatch ? amount + minor(r.pick([900, 4500, 9000, -900])) : amount;
  {
    const target = hasContract ? contractId : debtor;
    const code = !hasContract && r.chance(0.3) ? " USD" : currency !== "USD" && r.chance(0.3) ? ` ${currency}` : "";
    const lines = [`${isoOf(invoiceDay)} invoice ${invoiceId} ${target} ${fmt(printed)}${code}`];
    if (explicitDue) lines.push(`  due ${isoOf(dueDay)}`);
    if (r.chance(0.6)) lines.push(`  number ${q(String(50000 + n))}`);
    for (const [what, units] of items) lines.push(`  item ${q(what)} ${fmt(units)}`);
    if (r.chance(0.6)) lines.push(`  evidence ${q(ev(`${invoiceId}.pdf`))}`);
    at(invoiceDay, lines);
  }
  amount = printed;

  // Delivery.
  const sentDay = invoiceDay + (r.chance(0.8) ? 0 : r.int(1, 3));
  const sentVia = r.weighted({ email: 70, portal: 10, post: 8, "certified-mail": 8, courier: 4 });
  {
    const lines = [`${isoOf(sentDay)} sent ${invoiceId} via ${sentVia}`];
    if (withEvidence() || r.chance(0.3)) lines.push(`  evidence ${q(ev(`sent-${invoiceId}.eml`))}`);
    if (sentVia === "certified-mail" && r.chance(0.7)) lines.push(`  receipt ${q(ev("sent-return-receipt.pdf"))}`);
    if (r.chance(0.95)) at(sentDay, lines); // a few invoices were never recorded as sent
  }

  // What happened next.
  let paid = 0; // payments and credits recorded (dated on or before today)
  const due = () => amount - paid;
  const contactName = () => r.pick(contacts)[0];
  const pay = (day, units, toParty = false) => {
    units = Math.min(units, due());
    if (units <= 0 || day > T) return false;
    const lines = [`${isoOf(day)} payment ${toParty ? debtor : invoiceId} ${fmt(units)}`];
    lines.push(`  via ${r.pick(METHODS)}`);
    if (r.chance(0.6)) lines.push(`  ref ${q(`${r.pick(["W", "ACH", "CHK"])}-${r.int(10000, 99999)}`)}`);
    if (withEvidence()) lines.push(`  evidence ${q(ev(`payment-${isoOf(day)}.pdf`))}`);
    at(day, lines);
    paid += units;
    return true;
  };
  const credit = (day, units, reason) => {
    units = Math.min(units, due());
    if (units <= 0 || day > T) return;
    const lines = [`${isoOf(day)} credit ${invoiceId} ${fmt(units)} ${q(reason)}`];
    if (withEvidence()) lines.push(`  evidence ${q(ev(`credit-note-${isoOf(day)}.pdf`))}`);
    at(day, lines);
    paid += units;
  };
  const reminder = (day, promise) => {
    const lines = [`${isoOf(day)} reminder ${invoiceId} via ${r.weighted({ email: 80, post: 10, message: 10 })}`];
    if (withEvidence()) lines.push(`  evidence ${q(ev(`reminder-${isoOf(day)}.eml`))}`);
    if (promise) lines.push(`  promise ${isoOf(promise)}`);
    return at(day, lines);
  };
  /** A call (or email/meeting/message); `promise` = [day, units?]. */
  const contact = (kind, day, notes, { withWho = true, promise, inbound = false, re = false } = {}) => {
    const lines = [`${isoOf(day)} ${kind} ${debtor}${notes ? ` ${q(notes)}` : ""}`];
    if (re) lines.push(`  re ${invoiceId}`);
    if (withWho) lines.push(`  with ${q(contactName())}`);
    if (inbound) lines.push("  inbound");
    if (promise) lines.push(`  promise ${isoOf(promise[0])}${promise[1] ? ` ${fmt(promise[1])}` : ""}`);
    if (withEvidence()) lines.push(`  evidence ${q(ev(`${kind}-${isoOf(day)}.${kind === "call" ? "md" : "eml"}`))}`);
    return at(day, lines);
  };
  const demand = (day, final, deadlineDays) => {
    const via = r.weighted({ "certified-mail": 75, email: 15, courier: 10 });
    const lines = [`${isoOf(day)} demand ${invoiceId} via ${via}`];
    if (r.chance(0.8)) lines.push(`  deadline ${deadlineDays}d`);
    else lines.push(`  deadline ${isoOf(day + deadlineDays)}`);
    if (final) lines.push("  final");
    if (r.chance(0.75)) lines.push(`  evidence ${q(ev(`demand-${isoOf(day)}.pdf`))}`);
    if (via === "certified-mail" && r.chance(0.7)) lines.push(`  receipt ${q(ev(`demand-${isoOf(day)}-receipt.pdf`))}`);
    return at(day, lines);
  };
  const partOf = (share) => roundNice(Math.floor(due() * share));

  const story = r.weighted({ prompt: 26, late: 20, partial: 16, escalated: 15, dispute: 8, plan: 8, writeoff: 3, silent: 4 });
  const U = dueDay;
  switch (story) {
    case "prompt": {
      const day = Math.max(invoiceDay, U - r.int(0, 10) + (r.chance(0.3) ? r.int(1, 6) : 0));
      pay(day, amount, r.chance(0.2));
      break;
    }
    case "late": {
      let day = U + r.int(1, 4);
      reminder(day);
      if (r.chance(0.6)) {
        day += r.int(3, 9);
        const by = day + r.int(7, 21);
        contact("call", day, r.pick(CALL_NOTES), { withWho: r.chance(0.8), promise: [by] });
        day = by + r.int(-3, 6);
      } else day += r.int(5, 25);
      if (r.chance(0.3)) contact("email", day - 2, r.pick(EMAIL_NOTES), { withWho: false, inbound: true });
      pay(day, amount, r.chance(0.25));
      break;
    }
    case "partial": {
      let day = U + r.int(1, 5);
      reminder(day);
      day += r.int(4, 10);
      const promised = partOf(r.pick([0.3, 0.4, 0.5]));
      const by = day + r.int(5, 15);
      contact("call", day, r.pick(CALL_NOTES), { withWho: r.chance(0.85), promise: [by, promised] });
      day = by + r.int(-2, 4);
      pay(day, r.chance(0.8) ? promised : Math.floor(promised / 2));
      day += r.int(5, 20);
      contact("email", day, r.pick(EMAIL_NOTES), { withWho: r.chance(0.5), re: r.chance(0.5) });
      day += r.int(10, 30);
      reminder(day, r.chance(0.3) ? day + r.int(7, 14) : undefined);
      if (r.chance(0.5)) pay(day + r.int(5, 40), due(), r.chance(0.3));
      else if (r.chance(0.5)) demand(day + r.int(10, 20), false, 10);
      break;
    }
    case "escalated": {
      let day = U + 1;
      reminder(day);
      day = U + r.int(3, 6);
      contact("call", day, r.chance(0.8) ? r.pick(CALL_NOTES) : undefined, { withWho: r.chance(0.6) });
      day = U + r.int(14, 18);
      demand(day, false, 10);
      if (hasContract && r.chance(0.5)) {
        const lines = [`${isoOf(day + 1)} suspend ${contractId} ${q("Service stopped pending payment")}`];
        if (withEvidence()) lines.push(`  evidence ${q(ev("suspension-notice.pdf"))}`);
        at(day + 1, lines);
      }
      if (r.chance(0.35)) pay(day + r.int(3, 12), partOf(0.25));
      day = U + r.int(28, 32);
      demand(day, true, 7);
      day = U + r.int(35, 50);
      if (r.chance(0.5)) {
        const lines = [`${isoOf(day)} collections ${invoiceId} ${q(r.pick(AGENCIES))}`, `  fee ${r.pick(["20%", "25%", "30%"])}`];
        if (withEvidence()) lines.push(`  evidence ${q(ev("agency-referral.pdf"))}`);
        at(day, lines);
        if (r.chance(0.4)) pay(day + r.int(20, 60), partOf(0.5));
      } else {
        const lines = [`${isoOf(day)} claim ${invoiceId} ${q(r.pick(COURTS))}`];
        lines.push(`  number ${q(`SC-${isoOf(day).slice(0, 4)}-${r.int(1000, 9999)}`)}`);
        if (r.chance(0.7)) lines.push(`  hearing ${isoOf(day + r.int(40, 90))}`);
        if (r.chance(0.6)) lines.push(`  evidence ${q(ev("claim-form.pdf"))}`);
        if (at(day, lines) && day + 100 <= T && r.chance(0.5)) {
          const jday = day + r.int(60, 100);
          const lines2 = [`${isoOf(jday)} judgment ${invoiceId} ${fmt(due())}`];
          if (r.chance(0.6)) lines2.push(`  evidence ${q(ev("judgment.pdf"))}`);
          at(jday, lines2);
          if (r.chance(0.6)) pay(jday + r.int(10, 40), due());
        }
      }
      break;
    }
    case "dispute": {
      let day = Math.max(sentDay + 1, U - r.int(0, 8));
      const dlines = [`${isoOf(day)} dispute ${invoiceId} ${q(r.pick(DISPUTE_REASONS))}`];
      if (withEvidence()) dlines.push(`  evidence ${q(ev(`dispute-${isoOf(day)}.eml`))}`);
      at(day, dlines);
      day += r.int(3, 12);
      contact(r.pick(["meeting", "call", "email"]), day, "Went through the disputed items", { withWho: true, re: true });
      if (r.chance(0.7)) {
        day += r.int(5, 30);
        const rlines = [`${isoOf(day)} resolve ${invoiceId} ${q(r.pick(RESOLUTIONS))}`];
        if (withEvidence()) rlines.push(`  evidence ${q(ev("settlement.pdf"))}`);
        if (at(day, rlines)) {
          credit(day, partOf(r.pick([0.05, 0.1, 0.15])), "Goodwill credit agreed in the dispute settlement");
          if (r.chance(0.7)) pay(day + r.int(5, 30), due());
        }
      }
      break;
    }
    case "plan": {
      let day = U + r.int(1, 4);
      reminder(day);
      day += r.int(5, 15);
      contact("call", day, "Cannot pay in one go, asked for a payment plan", { withWho: true });
      day += r.int(3, 10);
      const count = r.int(3, 6);
      const each = Math.floor(due() / count);
      const installments = [];
      for (let k = 1; k <= count; k++) installments.push([addMonths(day, k), k === count ? due() - each * (count - 1) : each]);
      const lines = [`${isoOf(day)} plan ${invoiceId}`];
      for (const [iday, units] of installments) lines.push(`  installment ${isoOf(iday)} ${fmt(units)}`);
      if (r.chance(0.6)) lines.push(`  evidence ${q(ev("payment-plan-signed.pdf"))}`);
      if (at(day, lines)) {
        const keeps = r.chance(0.65);
        for (const [iday, units] of installments) {
          const pday = iday - r.int(0, 3);
          if (!keeps && r.chance(0.4)) break;
          pay(pday, units);
        }
      }
      break;
    }
    case "writeoff": {
      reminder(U + r.int(1, 5));
      contact("call", U + r.int(6, 12), "Number disconnected", { withWho: false });
      demand(U + r.int(15, 25), true, 10);
      const day = U + r.int(90, 150);
      const lines = [`${isoOf(day)} write-off ${invoiceId} ${q("Debtor ceased trading, not worth pursuing")}`];
      at(day, lines);
      break;
    }
    case "silent":
      break; // sent and then nothing recorded
  }
  if (r.chance(0.1)) {
    const day = Math.min(T, invoiceDay + r.int(5, 200));
    at(day, [`${isoOf(day)} note ${debtor} ${q(r.pick(["New AP contact from next month", "Moved offices", "Asked to use the portal for invoices", "Credit limit lowered"]))}`]);
  }

  events.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  for (const [, , lines] of events) {
    for (const l of lines) line(l);
    line("");
  }
  return { debtor, text: out.join("\n") };
}

// --- the workspace ---------------------------------------------------------------------------------

/** Writes the workspace; returns { out, files, cases, entries, lines, bytes, evidenceFiles, evidenceMissing }. */
export function generateWorkspace(n, { out, single = false, evidenceFiles = true } = {}) {
  const root = resolve(out ?? defaultOut(n, single));
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const ids = new Set(["northwind", "gentle", "strict"]);
  const stats = {
    out: root, single, cases: n, files: 0, entries: 0, lines: 0, bytes: 0,
    evidenceFiles: 0, evidenceMissing: 0, generator: GENERATOR_VERSION, ...(evidenceFiles ? {} : { noEvidenceFiles: true }),
  };
  const folders = new Set();
  /** The evidence files a case's text cites, written relative to `folder` (but one in MISSING_EVIDENCE_EVERY). */
  const writeEvidence = (folder, text) => {
    if (!evidenceFiles) return;
    for (const [, cited] of text.matchAll(/^\s+(?:evidence|receipt) "([^"]*)"/gm)) {
      if ((stats.evidenceFiles + stats.evidenceMissing + 1) % MISSING_EVIDENCE_EVERY === 0) {
        stats.evidenceMissing++;
        continue;
      }
      const path = join(folder, cited);
      const parent = dirname(path);
      if (!folders.has(parent)) {
        mkdirSync(parent, { recursive: true });
        folders.add(parent);
      }
      writeFileSync(path, "");
      stats.evidenceFiles++;
    }
  };
  const count = (text) => {
    stats.files++;
    stats.bytes += Buffer.byteLength(text);
    const lines = text.split("\n");
    stats.lines += text.endsWith("\n") ? lines.length - 1 : lines.length;
    for (const l of lines) if (/^[^\s;]/.test(l)) stats.entries++;
  };
  const self = selfText();
  if (single) {
    const chunks = [self];
    for (let i = 0; i < n; i++) {
      const { text } = caseText(i, ids);
      chunks.push(text);
      writeEvidence(root, text);
    }
    const text = chunks.join("\n");
    writeFileSync(join(root, "ledger.dun"), text);
    count(text);
  } else {
    writeFileSync(join(root, "self.dun"), self);
    count(self);
    mkdirSync(join(root, "cases"));
    for (let i = 0; i < n; i++) {
      const { debtor, text } = caseText(i, ids);
      writeFileSync(join(root, "cases", `${debtor}.dun`), text);
      writeEvidence(join(root, "cases"), text);
      count(text);
    }
  }
  writeFileSync(join(root, "manifest.json"), JSON.stringify(stats, null, 2) + "\n");
  return stats;
}

const benchDir = dirname(fileURLToPath(import.meta.url));
/** Where generated workspaces go by default. */
export const WORKSPACES = join(dirname(benchDir), "node_modules", ".cache", "dun-bench");
export function defaultOut(n, single) {
  return join(WORKSPACES, single ? `${n}-single` : String(n));
}

/**
 * True when `dir` holds the workspace this generator version makes of n cases in this layout,
 * evidence files included (one made with --no-evidence-files is not the benchmark's).
 */
export function isGenerated(dir, n, single) {
  try {
    const known = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    return known.generator === GENERATOR_VERSION && known.cases === n && known.single === single && !known.noEvidenceFiles;
  } catch {
    return false;
  }
}

function usage(message) {
  if (message) process.stderr.write(`generate: ${message}\n`);
  process.stderr.write("Usage: node bench/generate.mjs N [--out DIR] [--single] [--no-evidence-files]\n");
  process.exit(2);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  let n;
  let out;
  let single = false;
  let evidenceFiles = true;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--single") single = true;
    else if (arg === "--no-evidence-files") evidenceFiles = false;
    else if (arg === "--out") out = args[++i] ?? usage("--out needs a folder");
    else if (arg === "--help" || arg === "-h") usage();
    else if (/^\d+$/.test(arg) && n === undefined) n = Number(arg);
    else usage(`unexpected argument '${arg}'`);
  }
  if (!n) usage("N (a whole number of cases, at least 1) is required");
  const started = performance.now();
  const stats = generateWorkspace(n, { out, single, evidenceFiles });
  process.stdout.write(
    `${stats.out}: ${stats.cases} cases, ${stats.files} files, ${stats.entries} entries, ${stats.lines} lines, ` +
      `${(stats.bytes / 1048576).toFixed(1)} MiB, ${stats.evidenceFiles} evidence files (${stats.evidenceMissing} cited, not there) ` +
      `in ${Math.round(performance.now() - started)} ms\n`,
  );
}

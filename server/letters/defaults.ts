/**
 * The shipped templates: Markdown with mustache placeholders, kept as string constants so
 * that they travel inside the bundle. A workspace overrides any of them with a file of the
 * same name under `templates/` (`templates/demand.md`, `templates/final-demand.md`,
 * `templates/statement.md`). The placeholders are the fields of `DemandFacts` (demand.ts)
 * and `StatementFacts` (statement.ts); values are escaped for Markdown.
 *
 * Markdown used (and understood by the PDF writer): `#`–`###` headings, paragraphs, a
 * trailing `\` for a line break, `- ` lists, pipe tables, `---`, `**bold**`, `*italic*`.
 */
import type { LetterKind } from "./kinds";

const LETTERHEAD = String.raw`# {{creditor.name}}

{{#creditor.letterhead}}
{{text}}{{^last}}\{{/last}}
{{/creditor.letterhead}}

---

{{date}}

{{#delivery}}
**{{delivery}}**

{{/delivery}}
{{#recipient}}
{{text}}{{^last}}\{{/last}}
{{/recipient}}
`;

const BASIS = String.raw`### What we agreed and what we delivered

{{#contracts}}
**Contract {{id}}** of {{date}}{{#title}}, “{{title}}”{{/title}}{{#terms}}, on terms of {{terms}}{{/terms}}.{{#scope}} Scope: {{scope}}.{{/scope}} Invoiced under it: {{invoices}}.

{{#hasWork}}
We delivered under this contract:

{{#work}}
- {{date}}: {{text}}
{{/work}}

{{/hasWork}}
{{/contracts}}
{{#uncontracted}}
**Invoice {{number}}** of {{date}}{{#hasItems}} covers:{{/hasItems}}{{^hasItems}}.{{/hasItems}}

{{#items}}
- {{text}}: {{amount}}
{{/items}}

{{/uncontracted}}
`;

const TABLE = String.raw`### Amount due as of {{date}}

{{#accounts}}
| Invoice | Date | Due | Amount | Paid | Credited | Balance | Late fees | Interest | Total due |
|:--|:--|:--|--:|--:|--:|--:|--:|--:|--:|
{{#rows}}
| {{number}} | {{date}} | {{due}} | {{amount}} | {{paid}} | {{credited}} | {{balance}} | {{lateFees}} | {{interest}} | {{totalDue}} |
{{/rows}}
| **Total** | | | {{totals.amount}} | {{totals.paid}} | {{totals.credited}} | {{totals.balance}} | {{totals.lateFees}} | {{totals.interest}} | **{{totals.totalDue}}** |

Amounts in {{currency}}. Total due as of {{date}}: **{{totalDue}}**.

{{/accounts}}
{{#hasClauses}}
### Late fees and interest

{{#clauses}}
- {{.}}
{{/clauses}}

{{/hasClauses}}
{{#hasAccruing}}
{{#accruing}}
{{.}}
{{/accruing}}

{{/hasAccruing}}
`;

const HISTORY = String.raw`{{#hasHistory}}
### Our contact with you so far

{{#history}}
- {{date}}: {{text}}
{{/history}}

{{/hasHistory}}
`;

const PAYMENT = String.raw`### How to pay

Please pay **{{total}}** no later than **{{deadline}}**{{#creditor.hasPay}}:{{/creditor.hasPay}}{{^creditor.hasPay}}.{{/creditor.hasPay}}

{{#creditor.pay}}
- {{.}}
{{/creditor.pay}}

If you believe that any part of this amount is not owed, tell us in writing before {{deadline}}, naming the invoice and your reasons, so that we can look into it before taking any further step.

{{#hasLeftOut}}
This letter does not cover:

{{#leftOut}}
- Invoice {{number}}: {{why}}.
{{/leftOut}}

{{/hasLeftOut}}
`;

const CLOSING = String.raw`{{signoff}}

______________________________\
{{#signature}}
{{text}}{{^last}}\{{/last}}
{{/signature}}

{{#hasEnclosures}}
**Enclosures**

{{#enclosures}}
- {{name}} ({{what}})
{{/enclosures}}

{{/hasEnclosures}}
{{#creditor.registration}}
*{{creditor.name}}: {{creditor.registration}}*
{{/creditor.registration}}
`;

export const DEMAND_TEMPLATE = String.raw`${LETTERHEAD}
## {{title}}: {{subject}}

{{salutation}}

Our records show that {{invoicesPhrase}} {{remain}} unpaid. As of {{date}} you owe us **{{total}}**{{#hasClauses}}, late fees and interest included{{/hasClauses}}. This letter is our formal demand for payment of that amount by **{{deadline}}**.

${BASIS}${TABLE}${HISTORY}${PAYMENT}{{#hasConsequences}}
### If you do not pay

If we have not received payment in full by {{deadline}}:

{{#consequences}}
- {{.}}
{{/consequences}}

{{/hasConsequences}}
We would much rather settle this without any of that. To discuss payment, contact us{{#creditor.email}} at {{creditor.email}}{{/creditor.email}}{{#creditor.phone}} or on {{creditor.phone}}{{/creditor.phone}}.

${CLOSING}`;

export const FINAL_DEMAND_TEMPLATE = String.raw`${LETTERHEAD}
## {{title}}: {{subject}}

{{salutation}}

{{#firstDemand}}
On {{date}} we sent you a formal demand for payment of {{invoices}}, giving you until {{deadline}} to pay.
{{/firstDemand}}
{{subject}} {{remain}} unpaid, and as of {{date}} you owe us **{{total}}**{{#hasClauses}}, late fees and interest included{{/hasClauses}}.

This is our final demand. Unless we receive **{{total}}** by **{{deadline}}**, {{#nextStep}}on **{{date}}** we will {{action}} without further notice.{{/nextStep}}{{^nextStep}}we will take the further steps open to us without further notice.{{/nextStep}}

${BASIS}${TABLE}${HISTORY}${PAYMENT}{{#hasConsequences}}
### What else follows

{{#consequences}}
- {{.}}
{{/consequences}}

{{/hasConsequences}}
Only payment in full by {{deadline}}, or a written account of a genuine dispute before then, will stop these steps{{#creditor.email}}. Write to {{creditor.email}}{{/creditor.email}}{{#creditor.phone}} or call {{creditor.phone}}{{/creditor.phone}}.

${CLOSING}`;

export const STATEMENT_TEMPLATE = String.raw`${LETTERHEAD}
## {{title}} as of {{date}}

{{#accounts}}
| Date | Description | Charges | Payments and credits | Balance |
|:--|:--|--:|--:|--:|
{{#lines}}
| {{date}} | {{description}} | {{charge}} | {{credit}} | {{balance}} |
{{/lines}}
| | **Balance due** | | | **{{closing}}** |

Amounts in {{currency}}.

{{/accounts}}
{{#hasAccounts}}
Balance due as of {{date}}: **{{total}}**.

{{/hasAccounts}}
{{#hasDisputed}}
### Invoices in dispute

While the dispute on them is open, these invoices are left out of the balance above:

{{#disputed}}
- Invoice {{number}} of {{date}}, {{amount}} (balance {{balance}}), disputed since {{since}}: {{reason}}
{{/disputed}}

{{/hasDisputed}}
{{#creditor.hasPay}}
### How to pay

{{#creditor.pay}}
- {{.}}
{{/creditor.pay}}

{{/creditor.hasPay}}
Please check this statement against your records and tell us of any difference{{#creditor.email}} at {{creditor.email}}{{/creditor.email}}.

{{#creditor.registration}}
*{{creditor.name}}: {{creditor.registration}}*
{{/creditor.registration}}
`;

/** The shipped template of each kind. */
export const DEFAULT_TEMPLATES: Record<LetterKind, string> = {
  demand: DEMAND_TEMPLATE,
  "final-demand": FINAL_DEMAND_TEMPLATE,
  statement: STATEMENT_TEMPLATE,
};

/**
 * The flags `check` and `status` share, parsed with Node's own `util.parseArgs`.
 */
import { parseArgs } from "node:util";
import { CODES, isCalendarDate, isCode, isKnownCurrency, localToday, type RuleSettings } from "../engine";
import { UsageError } from "../node/disk";

export interface CommonOptions {
  paths: string[];
  today: string;
  root?: string;
  format: "text" | "json";
  currency: string;
  policy?: string;
  rules: RuleSettings;
  help: boolean;
}

export function parseCommon(args: string[], extra: Record<string, { type: "boolean" | "string"; multiple?: boolean }> = {}) {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        today: { type: "string" },
        root: { type: "string" },
        format: { type: "string" },
        currency: { type: "string" },
        policy: { type: "string" },
        rule: { type: "string", multiple: true },
        help: { type: "boolean", short: "h" },
        ...extra,
      },
    });
  } catch (error) {
    throw new UsageError(`dun: ${(error as Error).message.split("\n")[0]}`);
  }
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  const today = (values.today as string | undefined) ?? localToday();
  if (!isCalendarDate(today)) throw new UsageError(`dun: --today ${today}: expected a calendar date as YYYY-MM-DD`);
  const format = (values.format as string | undefined) ?? "text";
  if (format !== "text" && format !== "json") throw new UsageError(`dun: --format ${format}: expected text or json`);
  const currency = (values.currency as string | undefined) ?? "USD";
  if (!/^[A-Z]{3}$/.test(currency) || !isKnownCurrency(currency)) throw new UsageError(`dun: --currency ${currency}: not an ISO 4217 currency code`);
  const rules: RuleSettings = {};
  for (const rule of (values.rule as string[] | undefined) ?? []) {
    const match = /^([a-z-]+)=(error|warning|info|off)$/.exec(rule);
    if (!match || !isCode(match[1]!)) {
      throw new UsageError(`dun: --rule ${rule}: expected CODE=error|warning|info|off, with a code of: ${CODES.join(", ")}`);
    }
    rules[match[1] as keyof RuleSettings] = match[2] as "error";
  }
  const common: CommonOptions = {
    paths: parsed.positionals.length > 0 ? parsed.positionals : ["."],
    today,
    root: values.root as string | undefined,
    format,
    currency,
    policy: values.policy as string | undefined,
    rules,
    help: values.help === true,
  };
  return { common, values };
}

export const COMMON_HELP = `Options:
  --today YYYY-MM-DD   compute every figure as of this date (default: today's local date)
  --root DIR           the workspace: evidence must stay inside it
                       (default: the top of the git repository, else the current folder)
  --format text|json   output format (default: text)
  --currency CUR       currency of amounts that name none (default: USD)
  --policy ID          the ladder for invoices whose contract names none (default: standard)
  --rule CODE=LEVEL    set a code's severity: error, warning, info or off (repeatable)
  -h, --help           show this help`;

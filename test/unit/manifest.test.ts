/**
 * The extension manifest (package.json) against the code it describes: settings, commands,
 * activation, the problem matcher for `dun check`, the snippets, and what the .vsix ships.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { CHANNELS, ENTRY_KINDS, parseDun } from "../../grammar";
import { SETTINGS } from "../../server/settings";

const REPO = resolve(__dirname, "..", "..");
const read = (path: string) => readFileSync(resolve(REPO, path), "utf8");
const manifest = JSON.parse(read("package.json"));
const contributes = manifest.contributes;

describe("settings", () => {
  const properties: Record<string, { type: string; default: unknown; description: string; pattern?: string }> =
    contributes.configuration.properties;

  it("contributes exactly the settings of server/settings.ts, with their defaults and descriptions", () => {
    expect(Object.keys(properties).sort()).toEqual(Object.keys(SETTINGS).sort());
    for (const [key, setting] of Object.entries(SETTINGS)) {
      expect({ key, default: properties[key]!.default, description: properties[key]!.description }).toEqual({
        key,
        default: setting.default,
        description: setting.description,
      });
    }
  });

  it("types each setting as its default is typed, so the server's settingsFrom accepts it", () => {
    for (const [key, setting] of Object.entries(SETTINGS)) {
      expect(`${key}: ${properties[key]!.type}`).toBe(`${key}: ${typeof setting.default}`);
    }
  });

  it("offers error, warning, info and off as the severity of any code in dun.rules", () => {
    expect(contributes.configuration.properties["dun.rules"].additionalProperties).toEqual({
      type: "string",
      enum: ["error", "warning", "info", "off"],
    });
  });

  it("accepts a YYYY-MM-DD date or nothing in dun.today", () => {
    const pattern = new RegExp(properties["dun.today"]!.pattern!);
    expect(["", "2026-05-04"].map((value) => pattern.test(value))).toEqual([true, true]);
    expect(["2026-5-4", "today", "2026-05-04 "].map((value) => pattern.test(value))).toEqual([false, false, false]);
  });
});

describe("commands and activation", () => {
  const extensionSource = read("client/extension.ts");
  const registered = [...extensionSource.matchAll(/registerCommand\("([^"]+)"/g)].map((match) => match[1]);

  it("registers every contributed command, and contributes every registered one", () => {
    const contributed = contributes.commands.map((command: { command: string }) => command.command);
    expect([...contributed].sort()).toEqual([
      "dun.exportLetterPdf", "dun.generateDemandLetter", "dun.generateFinalDemand", "dun.generateStatement", "dun.restartServer", "dun.showStatus",
    ]);
    expect([...registered].sort()).toEqual([...contributed].sort());
  });

  it("shows the commands as `Dun: …` in the command palette", () => {
    const titles = contributes.commands.map((c: { category: string; title: string }) => `${c.category}: ${c.title}`);
    expect(titles).toEqual([
      "Dun: Show case status",
      "Dun: Restart language server",
      "Dun: Generate demand letter",
      "Dun: Generate final demand",
      "Dun: Generate statement of account",
      "Dun: Export letter as PDF",
    ]);
  });

  it("activates on a .dun file or a workspace holding one, and starts the bundled extension", () => {
    expect(manifest.activationEvents).toEqual(expect.arrayContaining(["onLanguage:dun", "workspaceContains:**/*.dun"]));
    expect(manifest.main).toBe("./dist/extension.js");
    // globalSetup has just run scripts/build.mjs, which writes both bundles.
    expect(existsSync(resolve(REPO, manifest.main))).toBe(true);
    expect(extensionSource).toContain('asAbsolutePath("dist/server.js")');
  });

  it("points the language, grammar and snippet contributions at files that exist", () => {
    const [language] = contributes.languages;
    const [grammar] = contributes.grammars;
    expect(language).toMatchObject({ id: "dun", extensions: [".dun"] });
    expect(JSON.parse(read(grammar.path)).scopeName).toBe(grammar.scopeName);
    expect(JSON.parse(read(language.configuration)).comments.lineComment).toBe(";");
    expect(existsSync(resolve(REPO, contributes.snippets[0].path))).toBe(true);
  });
});

describe("the `dun` problem matcher", () => {
  const [matcher] = contributes.problemMatchers;
  const pattern = new RegExp(matcher.pattern.regexp);
  const groups = (line: string) => {
    const match = pattern.exec(line);
    if (!match) return undefined;
    const { file, line: row, column, severity, code, message } = matcher.pattern;
    return { file: match[file], line: match[row], column: match[column], severity: match[severity], code: match[code], message: match[message] };
  };

  it("captures file, line, column, severity, code and message of a `dun check` line", () => {
    const line =
      "examples/acme-security/globex.dun:34:20: warning overdue: `INV-1001` is 62 days late (due 2026-03-03): balance 16,000.00 USD, late fees 480.00 USD, interest 324.38 USD, total due 16,804.38 USD";
    expect(groups(line)).toEqual({
      file: "examples/acme-security/globex.dun",
      line: "34",
      column: "20",
      severity: "warning",
      code: "overdue",
      message:
        "`INV-1001` is 62 days late (due 2026-03-03): balance 16,000.00 USD, late fees 480.00 USD, interest 324.38 USD, total due 16,804.38 USD",
    });
  });

  it("keeps a Windows drive letter in the file and a colon-rich message whole", () => {
    expect(groups("C:\\cases\\globex.dun:72:1: error unknown-ref: no party `KT-412`; did you mean `KT-0412`?")).toMatchObject({
      file: "C:\\cases\\globex.dun",
      line: "72",
      severity: "error",
      code: "unknown-ref",
      message: "no party `KT-412`; did you mean `KT-0412`?",
    });
    expect(groups("a.dun:1:1: info no-decision-maker: call with `globex`: speak to the decision-maker")?.message).toBe(
      "call with `globex`: speak to the decision-maker",
    );
  });

  it("matches every problem line the real command prints, and not its summary line", () => {
    const run = spawnSync(process.execPath, ["dist/cli.js", "check", "examples", "--today", "2026-05-04"], { cwd: REPO, encoding: "utf8" });
    const lines = run.stdout.split("\n").filter((line) => line !== "");
    // The summary on stderr counts the problems: one stdout line each (35 for the examples today).
    const counts = /(\d+) errors?, (\d+) warnings?, (\d+) infos?/.exec(run.stderr);
    expect(counts).not.toBeNull();
    expect(lines.length).toBe(Number(counts![1]) + Number(counts![2]) + Number(counts![3]));
    expect(lines.length).toBeGreaterThan(0);
    const unmatched = lines.filter((line) => !groups(line) || !existsSync(resolve(REPO, groups(line)!.file!)));
    expect(unmatched).toEqual([]);
    expect(groups("3 errors, 26 warnings, 6 infos in 6 files as of 2026-05-04")).toBeUndefined();
  });

  it("reports paths relative to the workspace folder", () => {
    expect(matcher).toMatchObject({ name: "dun", owner: "dun", fileLocation: ["relative", "${workspaceFolder}"] });
  });
});

describe("snippets", () => {
  const snippets: Record<string, { prefix: string; body: string[] }> = JSON.parse(read(contributes.snippets[0].path));

  /** The text a snippet inserts when every tab stop keeps its default, on 2026-05-04. */
  function expand(body: string[]): string {
    const defaults = new Map<string, string>();
    let text = body.join("\n").replaceAll("$CURRENT_YEAR-$CURRENT_MONTH-$CURRENT_DATE", "2026-05-04");
    text = text.replace(/\$\{(\d+):([^}]*)\}/g, (_, n: string, value: string) => (defaults.set(n, value), value));
    text = text.replace(/\$\{(\d+)\|([^|]*)\|\}/g, (_, n: string, choices: string) => {
      const first = choices.split(",")[0]!;
      defaults.set(n, first);
      return first;
    });
    return text.replace(/\$\{?(\d+)\}?/g, (_, n: string) => defaults.get(n) ?? "") + "\n";
  }

  it("has one snippet per entry kind, named and triggered by the kind", () => {
    expect(Object.keys(snippets).sort()).toEqual([...ENTRY_KINDS].sort());
    for (const [name, snippet] of Object.entries(snippets)) expect(snippet.prefix).toBe(name);
  });

  it.each([...ENTRY_KINDS])("%s: expands to one entry of its kind with no syntax error", (kind) => {
    const text = expand(snippets[kind]!.body);
    expect(text).not.toContain("$");
    const file = parseDun(text);
    expect(file.errors.map((error) => error.message)).toEqual([]);
    expect(file.entries.map((entry) => entry.kind)).toEqual([kind]);
  });

  it("dates dated entries today and indents properties by two spaces", () => {
    for (const [kind, snippet] of Object.entries(snippets)) {
      const [header, ...properties] = snippet.body;
      if (kind !== "party" && kind !== "policy") expect(header, kind).toMatch(/^\$\{1:\$CURRENT_YEAR-\$CURRENT_MONTH-\$CURRENT_DATE\} /);
      for (const line of properties) expect(line, kind).toMatch(/^ {2}[a-z]/);
    }
  });

  it("offers only real channels after `via`", () => {
    const choices = Object.values(snippets)
      .flatMap((snippet) => snippet.body)
      .flatMap((line) => [...line.matchAll(/via \$\{\d+\|([^|]*)\|\}/g)].flatMap((match) => match[1]!.split(",")));
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.filter((channel) => !(CHANNELS as readonly string[]).includes(channel))).toEqual([]);
  });
});

describe("the packaged extension", () => {
  it("ships the manifest, the extension, server, letters and chevrotain bundles, the PDF fonts, grammar, language configuration, snippets and the reference, and nothing else", () => {
    const vsce = resolve(REPO, "node_modules", "@vscode", "vsce", "vsce");
    const run = spawnSync(process.execPath, [vsce, "ls", "--no-dependencies"], { cwd: REPO, encoding: "utf8", input: "" });
    expect(run.stderr).toBe("");
    expect(run.stdout.split("\n").filter((line) => line !== "").sort()).toEqual([
      "LICENSE",
      "README.md",
      "dist/chevrotain.js",
      "dist/extension.js",
      "dist/fonts/DejaVuSans-Bold.ttf",
      "dist/fonts/DejaVuSansCondensed-Bold.ttf",
      "dist/fonts/DejaVuSansCondensed.ttf",
      "dist/fonts/DejaVuSerif-Bold.ttf",
      "dist/fonts/DejaVuSerif-BoldItalic.ttf",
      "dist/fonts/DejaVuSerif-Italic.ttf",
      "dist/fonts/DejaVuSerif.ttf",
      "dist/letters.js",
      "dist/server.js",
      "docs/language.md",
      "language-configuration.json",
      "package.json",
      "snippets/dun.json",
      "syntaxes/dun.tmLanguage.json",
    ]);
  }, 120_000); // vsce walks every file of the checkout (generated bench workspaces live in node_modules/.cache, which it skips)
});

/**
 * client/semverLite.ts stands in for `semver` in the extension bundle: vscode-languageclient
 * checks VS Code's version with it when the client is made. It must give `semver`'s answers
 * for what the client asks, and the client must still ask only that.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, satisfies } from "../../client/semverLite";

const REPO = resolve(__dirname, "..", "..");
const require = createRequire(resolve(REPO, "package.json"));
const semver = require("semver") as {
  parse(version: string): { major: number; minor: number; patch: number; prerelease: (string | number)[] } | null;
  satisfies(version: unknown, range: string): boolean;
};
const clientMain = readFileSync(require.resolve("vscode-languageclient/lib/node/main.js"), "utf8");

const VERSIONS = [
  "1.85.0", "1.82.0", "1.81.9", "1.82.1", "1.99.3", "2.0.0", "1.0.0", "0.9.0", "10.1.2",
  "1.96.0-insider", "1.96.0-insider.20241120", "1.82.0-alpha.1", "1.95.3+build.7", "v1.90.0", " 1.90.0 ",
  "01.90.0", "1.090.0", "1.90", "1.90.0.1", "1.x.0", "", "insider", "1.90.0-", "1.90.0-01", "1.90.0-0a", "1.90.0+",
  "99999999999999999.0.0",
];

describe("semverLite", () => {
  it("parses versions as semver.parse does (strict)", () => {
    for (const version of VERSIONS) {
      const ours = parse(version);
      const theirs = semver.parse(version);
      expect({ version, parsed: ours && { ...ours, prerelease: ours.prerelease.map(String) } }).toEqual({
        version,
        parsed: theirs && { major: theirs.major, minor: theirs.minor, patch: theirs.patch, prerelease: theirs.prerelease.map(String) },
      });
    }
  });

  it("answers caret ranges as semver.satisfies does, for the versions the client asks about", () => {
    // The client clears a pre-release before it asks; with one left, semver says no to `^x.y.z`.
    for (const range of ["^1.82.0", "^1.0.0", "^0.3.1", "^0.0.4", "^2.1.3"]) {
      for (const version of VERSIONS.concat(["0.3.1", "0.3.9", "0.4.0", "0.0.4", "0.0.5", "2.1.3", "2.9.0", "3.0.0"])) {
        const parsed = parse(version);
        if (!parsed) continue;
        expect({ range, version, ok: satisfies(parsed, range) }).toEqual({ range, version, ok: semver.satisfies(version, range) });
      }
    }
  });

  it("refuses a range it does not know rather than guessing", () => {
    expect(() => satisfies(parse("1.90.0")!, ">=1.82.0")).toThrow(/unsupported version range/);
    expect(() => satisfies(parse("1.90.0")!, "~1.82.0")).toThrow(/unsupported version range/);
  });

  it("covers what the installed vscode-languageclient asks: parse and satisfies, against a caret range", () => {
    const requires = [...clientMain.matchAll(/require\("(semver[^"]*)"\)/g)].map((m) => m[1]);
    expect(requires.sort()).toEqual(["semver/functions/parse", "semver/functions/satisfies"]);
    const range = /const REQUIRED_VSCODE_VERSION = '([^']+)'/.exec(clientMain)?.[1];
    expect(range).toMatch(/^\^\d+\.\d+\.\d+$/);
    // Every VS Code our manifest accepts satisfies it: the lowest first.
    const engine = JSON.parse(readFileSync(resolve(REPO, "package.json"), "utf8")).engines.vscode as string;
    const lowest = parse(engine.replace(/^\^/, ""))!;
    expect(satisfies(lowest, range!)).toBe(true);
  });

  it("is what the extension bundle runs: no semver inside dist/extension.js", () => {
    const bundle = readFileSync(resolve(REPO, "dist", "extension.js"), "utf8");
    expect(bundle).not.toContain("node_modules/semver/");
    expect(bundle).toContain("unsupported version range");
  });
});

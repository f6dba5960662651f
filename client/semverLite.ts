/**
 * The two functions of `semver` that vscode-languageclient calls, for the one thing it uses them
 * for: checking, when the client is made, that VS Code's version satisfies the caret range it
 * was built for (`REQUIRED_VSCODE_VERSION`, `^1.82.0` in the version we ship).
 *
 * The extension bundle gets these instead of `semver` itself (scripts/build.mjs): loading
 * `semver` builds some forty regular expressions and its range parser, ~5 ms of the
 * extension's activation, for one comparison of three numbers. VS Code itself has already
 * refused to load us on a version below our `engines.vscode`, which is above that range.
 * test/unit/semverLite.test.ts holds both functions to `semver`'s answers, and fails if the
 * installed client's range is not a caret range of three numbers.
 */

export interface Version {
  major: number;
  minor: number;
  patch: number;
  prerelease: string[];
}

/** `semver.parse` (strict): a full version `1.2.3`, with an optional `v`, pre-release and build; null otherwise. */
export function parse(version: unknown): Version | null {
  if (typeof version !== "string" || version.length > 256) return null;
  const match = FULL.exec(version.trim());
  if (!match) return null;
  const numbers = [match[1]!, match[2]!, match[3]!].map(Number);
  if (numbers.some((n) => n > Number.MAX_SAFE_INTEGER)) return null;
  return { major: numbers[0]!, minor: numbers[1]!, patch: numbers[2]!, prerelease: match[4] === undefined ? [] : match[4].split(".") };
}

/**
 * `semver.satisfies` for a caret range of three numbers (`^1.82.0`): at least that version, below
 * the next major (below the next minor from `^0.y.z`, the next patch from `^0.0.z`). A version
 * with a pre-release does not satisfy it (the client clears VS Code's pre-release before asking).
 * Any other range is refused rather than guessed at.
 */
export function satisfies(version: Version, range: string): boolean {
  const match = CARET.exec(range.trim());
  if (!match) throw new Error(`dun: unsupported version range ${JSON.stringify(range)} (client/semverLite.ts takes ^x.y.z)`);
  const low = [Number(match[1]), Number(match[2]), Number(match[3])] as const;
  const at = [version.major, version.minor, version.patch] as const;
  if (version.prerelease.length > 0) return false;
  if (compare(at, low) < 0) return false;
  const high = low[0] > 0 ? ([low[0] + 1, 0, 0] as const) : low[1] > 0 ? ([0, low[1] + 1, 0] as const) : ([0, 0, low[2] + 1] as const);
  return compare(at, high) < 0;
}

function compare(a: readonly [number, number, number], b: readonly [number, number, number]): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

const NUMBER = "(0|[1-9]\\d*)";
const IDENTIFIER = "(?:0|[1-9]\\d*|\\d*[a-zA-Z-][a-zA-Z0-9-]*)";
const BUILD_IDENTIFIER = "[0-9A-Za-z-]+";
const FULL = new RegExp(
  `^v?${NUMBER}\\.${NUMBER}\\.${NUMBER}(?:-(${IDENTIFIER}(?:\\.${IDENTIFIER})*))?(?:\\+${BUILD_IDENTIFIER}(?:\\.${BUILD_IDENTIFIER})*)?$`,
);
const CARET = new RegExp(`^\\^${NUMBER}\\.${NUMBER}\\.${NUMBER}$`);

// Bundles the command line, the language server, the letters they share and the VS Code
// extension into dist/. One bundle per entry point: chevrotain loads in ~10 ms bundled
// against ~300 ms unbundled.
import { build } from "esbuild";
import { chmodSync, copyFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("..", import.meta.url));

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: true,
  logLevel: "warning",
  outdir: "dist",
};

/**
 * Code the command line and the server load only when first needed, each a bundle of its own:
 *
 * - the letters (templates, Markdown, pdfkit, fontkit and their data: two thirds of the code),
 *   dist/letters.js, which server/letters/lazy.ts `require`s when a letter is first asked for;
 * - chevrotain's parser and lexer, dist/chevrotain.js, which grammar/chevrotainLazy.ts
 *   `require`s for the first file with a syntax error or the first line the formatter rebuilds
 *   (a valid workspace is read by the fast path alone).
 *
 * `dun check`, `dun status` and the language server start without compiling them. This points
 * those `require`s at the bundles; the metafile check below fails the build if any other import
 * pulls that code into the command line or the server.
 */
const LAZY = [
  { importer: join("server", "letters", "lazy.ts"), request: "./index", bundle: "./letters.js" },
  { importer: join("grammar", "chevrotainLazy.ts"), request: "./chevrotain", bundle: "./chevrotain.js" },
];
const lazyApart = {
  name: "lazy-apart",
  setup(build) {
    build.onResolve({ filter: /^\.\/(index|chevrotain)$/ }, (args) => {
      const lazy = LAZY.find(({ importer, request }) => args.kind === "require-call" && args.importer.endsWith(importer) && args.path === request);
      return lazy ? { path: lazy.bundle, external: true } : undefined;
    });
  },
};

/**
 * The extension gets client/semverLite.ts where vscode-languageclient requires
 * `semver/functions/parse` and `semver/functions/satisfies` (its only use of `semver`: checking VS
 * Code's version when the client is made). Loading `semver` itself took ~5 ms of activation.
 */
const semverLite = {
  name: "semver-lite",
  setup(build) {
    build.onResolve({ filter: /^semver\/functions\/(parse|satisfies)$/ }, (args) => ({ path: args.path.split("/").pop(), namespace: "semver-lite" }));
    build.onLoad({ filter: /.*/, namespace: "semver-lite" }, (args) => ({
      contents: `module.exports = require("./client/semverLite.ts").${args.path};`,
      loader: "js",
      resolveDir: repo,
    }));
  },
};

const [cli, server, , extension] = await Promise.all([
  build({ ...common, entryPoints: { cli: "server/cli/main.ts" }, banner: { js: "#!/usr/bin/env node" }, plugins: [lazyApart], metafile: true }),
  build({ ...common, entryPoints: { server: "server/lsp/main.ts" }, plugins: [lazyApart], metafile: true }),
  build({ ...common, entryPoints: { letters: "server/letters/index.ts", chevrotain: "grammar/chevrotain.ts" } }),
  // The extension is minified (812 KB → 570 KB): VS Code reads and compiles it before activation
  // (bench/run.mjs times that). Whitespace and syntax only: renaming identifiers as well made
  // the bundle smaller still (365 KB) but measured ~4 ms slower to require on Node 20. The
  // CLI, server and letters stay readable (the untrusted-workspace test reads their module markers).
  build({ ...common, entryPoints: { extension: "client/extension.ts" }, external: ["vscode"], minifyWhitespace: true, minifySyntax: true, plugins: [semverLite], metafile: true }),
]);
const semverInputs = Object.keys(extension.metafile.inputs).filter((path) => path.includes("node_modules/semver/"));
if (semverInputs.length > 0) throw new Error(`dist/extension.js bundles semver (${semverInputs.join(", ")}): point its import at client/semverLite.ts`);
for (const [name, result] of [["cli", cli], ["server", server]]) {
  const inputs = Object.keys(result.metafile.inputs);
  const letters = inputs.filter((path) => /^server\/letters\/(?!lazy\.ts$)|node_modules\/(pdfkit|fontkit|mustache)\//.test(path));
  if (letters.length > 0) throw new Error(`dist/${name}.js bundles letters code (${letters.join(", ")}): import it through server/letters/lazy.ts`);
  const chevrotain = inputs.filter((path) => /^grammar\/(tokens|parser|messages|chevrotainParse|chevrotain)\.ts$|node_modules\/(chevrotain|@chevrotain)\//.test(path));
  if (chevrotain.length > 0) throw new Error(`dist/${name}.js bundles chevrotain code (${chevrotain.join(", ")}): import it through grammar/chevrotainLazy.ts`);
}
chmodSync("dist/cli.js", 0o755);

// The letters' PDF embeds DejaVu fonts; the bundles find them in dist/fonts (the .vsix ships
// no node_modules). The list matches FONT_FILES in server/letters/pdf.ts.
const fonts = [
  "DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf", "DejaVuSerif-BoldItalic.ttf",
  "DejaVuSans-Bold.ttf", "DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf",
];
const fontSource = join(dirname(createRequire(import.meta.url).resolve("dejavu-fonts-ttf/package.json")), "ttf");
mkdirSync("dist/fonts", { recursive: true });
for (const font of fonts) copyFileSync(join(fontSource, font), join("dist/fonts", font));

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
 * Letters (templates, Markdown, pdfkit, fontkit and their data: two thirds of the code) are a
 * bundle of their own, dist/letters.js, which server/letters/lazy.ts `require`s when a letter is
 * first asked for: `dun check`, `dun status` and the language server start without compiling
 * them. This points that one `require` at the bundle; the metafile check below fails the build
 * if any other import pulls the letters into the command line or the server.
 */
const lettersApart = {
  name: "letters-apart",
  setup(build) {
    build.onResolve({ filter: /^\.\/index$/ }, (args) =>
      args.kind === "require-call" && args.importer.endsWith(join("server", "letters", "lazy.ts")) ? { path: "./letters.js", external: true } : undefined,
    );
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
  build({ ...common, entryPoints: { cli: "server/cli/main.ts" }, banner: { js: "#!/usr/bin/env node" }, plugins: [lettersApart], metafile: true }),
  build({ ...common, entryPoints: { server: "server/lsp/main.ts" }, plugins: [lettersApart], metafile: true }),
  build({ ...common, entryPoints: { letters: "server/letters/index.ts" } }),
  // The extension is minified (812 KB → 570 KB): VS Code reads and compiles it before activation
  // (bench/run.mjs times that). Whitespace and syntax only: renaming identifiers as well made
  // the bundle smaller still (365 KB) but measured ~4 ms slower to require on Node 20. The
  // CLI, server and letters stay readable (the untrusted-workspace test reads their module markers).
  build({ ...common, entryPoints: { extension: "client/extension.ts" }, external: ["vscode"], minifyWhitespace: true, minifySyntax: true, plugins: [semverLite], metafile: true }),
]);
const semverInputs = Object.keys(extension.metafile.inputs).filter((path) => path.includes("node_modules/semver/"));
if (semverInputs.length > 0) throw new Error(`dist/extension.js bundles semver (${semverInputs.join(", ")}): point its import at client/semverLite.ts`);
for (const [name, result] of [["cli", cli], ["server", server]]) {
  const stray = Object.keys(result.metafile.inputs).filter((path) => /^server\/letters\/(?!lazy\.ts$)|node_modules\/(pdfkit|fontkit|mustache)\//.test(path));
  if (stray.length > 0) throw new Error(`dist/${name}.js bundles letters code (${stray.join(", ")}): import it through server/letters/lazy.ts`);
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

// Bundles the command line, the language server and the VS Code extension into dist/.
// One bundle per entry point: chevrotain loads in ~10 ms bundled against ~300 ms unbundled.
import { build } from "esbuild";
import { chmodSync, copyFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: true,
  logLevel: "warning",
  outdir: "dist",
};

await Promise.all([
  build({ ...common, entryPoints: { cli: "server/cli/main.ts" }, banner: { js: "#!/usr/bin/env node" } }),
  build({ ...common, entryPoints: { server: "server/lsp/main.ts" } }),
  build({ ...common, entryPoints: { extension: "client/extension.ts" }, external: ["vscode"] }),
]);
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

/**
 * Dun's language server in Neovim 0.7 (Debian's `neovim`), headless: ./dun_test.lua loads
 * ./dun.lua (the configuration the README shows) and runs the checks of ../scenarios.ts.
 * Run with `npm run test:nvim`.
 */
import { join } from "node:path";
import { editorSuite } from "../editorSuite";

editorSuite({
  title: "Neovim (headless, vim.lsp)",
  name: "nvim",
  config: join(__dirname, "dun.lua"),
  command: () => ({
    command: "nvim",
    args: ["--headless", "--clean", "-n", "-i", "NONE", "-c", `luafile ${join(__dirname, "dun_test.lua")}`],
  }),
});

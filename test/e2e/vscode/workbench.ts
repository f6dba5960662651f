/**
 * The VS Code workbench as a user sees it, through playwright-core and Debian's Chromium: open
 * a folder and a file, read the Problems panel and the status bar, run a palette command, show
 * a hover, pick a quick fix, take a screenshot. Every wait polls the page with a bounded timeout.
 * DUN_E2E_DEBUG=1 logs each read of the Problems panel; DUN_E2E_CHROMIUM picks another Chromium.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { tempFolder, waitFor } from "../workspace";

const CHROMIUM = process.env.DUN_E2E_CHROMIUM ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** One row of the Problems panel, as read from its cells. */
export interface Problem {
  message: string;
  source: string;
  code: string;
  line: number;
  column: number;
}

export class Workbench {
  private constructor(
    private readonly browser: Browser,
    readonly page: Page,
    private readonly screenshots: string,
  ) {}

  /** Launches headless Chromium and opens `folder` in the code-server at `url`. */
  static async open(url: string, folder: string, screenshots: string): Promise<Workbench> {
    // Chromium's crash-report settings go to a throw-away folder, not the user's ~/.config.
    const profile = tempFolder("chromium");
    const env = { ...process.env, XDG_CONFIG_HOME: join(profile, "config"), XDG_CACHE_HOME: join(profile, "cache") };
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, env });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
      await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`);
      await page.locator(".monaco-workbench").waitFor({ timeout: 60_000 });
      mkdirSync(screenshots, { recursive: true });
      return new Workbench(browser, page, screenshots);
    } catch (error) {
      await browser.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.browser.close();
  }

  /** Saves a PNG of the whole window under the artefacts folder; returns its path. */
  async screenshot(name: string): Promise<string> {
    const path = join(this.screenshots, `${name}.png`);
    await this.page.screenshot({ path });
    return path;
  }

  /** Opens a file by clicking its row in the Explorer (more reliable than Quick Open) and waits for its editor tab. */
  async openFile(name: string): Promise<void> {
    const row = this.page.locator(".explorer-folders-view .monaco-list-row", { hasText: name }).first();
    await row.waitFor({ timeout: 30_000 });
    await row.click();
    await this.page.locator(".tabs-container .tab.active", { hasText: name }).waitFor({ timeout: 15_000 });
    await this.page.locator(".editor-instance .monaco-editor .view-lines").first().waitFor({ timeout: 15_000 });
  }

  /** Shows the Problems panel (Ctrl+Shift+M). */
  async showProblems(): Promise<void> {
    if (await this.page.locator(".markers-panel").isVisible()) return;
    await this.page.keyboard.press("Control+Shift+M");
    await this.page.locator(".markers-panel").waitFor({ timeout: 10_000 });
  }

  /** The problems listed in the panel now (file rows left out). */
  async problems(): Promise<Problem[]> {
    const rows = this.page.locator(".markers-panel .monaco-list-row", { has: this.page.locator(".marker-message") });
    const problems: Problem[] = [];
    for (const row of await rows.all()) {
      const text = async (selector: string) => (await row.locator(selector).allTextContents()).join("").trim();
      const position = /Ln (\d+), Col (\d+)/.exec(await text(".marker-line"));
      problems.push({
        message: await text(".marker-message"),
        source: await text(".marker-source"),
        code: await text(".marker-code"),
        line: Number(position?.[1] ?? 0),
        column: Number(position?.[2] ?? 0),
      });
    }
    return problems;
  }

  /** Polls the Problems panel until `accept` holds; on timeout the error shows the last list read. */
  async waitForProblems(what: string, accept: (problems: Problem[]) => boolean, timeoutMs = 30_000): Promise<Problem[]> {
    await this.showProblems();
    let last: Problem[] = [];
    try {
      return await waitFor(what, async () => {
        last = await this.problems();
        if (process.env.DUN_E2E_DEBUG) console.log(new Date().toISOString(), last.map((p) => `${p.line}:${p.code}`).join(" "));
        return accept(last) && last;
      }, timeoutMs, 250);
    } catch (error) {
      const listed = last.map((p) => `  ${p.line}:${p.column} ${p.code}: ${p.message}`).join("\n");
      throw new Error(`${(error as Error).message}\nthe Problems panel listed:\n${listed || "  (nothing)"}`);
    }
  }

  /** The text of the status bar item that contains `text`, once it shows. */
  async statusBarItem(text: string, timeoutMs = 30_000): Promise<string> {
    const item = this.page.locator("#workbench\\.parts\\.statusbar .statusbar-item", { hasText: text }).first();
    await item.waitFor({ timeout: timeoutMs });
    return ((await item.textContent()) ?? "").trim();
  }

  /** Focuses the active editor and moves the cursor to a 1-based line and column (Ctrl+G). */
  async goTo(line: number, column: number): Promise<void> {
    await this.page.locator(".editor-instance .monaco-editor textarea").first().focus();
    await this.page.keyboard.press("Control+G");
    const input = this.page.locator(".quick-input-widget input");
    await input.waitFor({ timeout: 10_000 });
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press("Enter");
    await this.page.locator(".quick-input-widget").waitFor({ state: "hidden", timeout: 10_000 });
    const status = this.page.locator("#workbench\\.parts\\.statusbar .statusbar-item", { hasText: `Ln ${line}, Col ${column}` });
    await status.first().waitFor({ timeout: 10_000 });
  }

  /**
   * Shows the hover at the cursor (Ctrl+K Ctrl+I, "Show or Focus Hover") and waits until its
   * Markdown table has a row for every label; returns the table as label → value.
   */
  async hoverTable(labels: string[], timeoutMs = 15_000): Promise<Map<string, string>> {
    await this.page.keyboard.press("Control+K");
    await this.page.keyboard.press("Control+I");
    const rows = this.page.locator(".monaco-hover .rendered-markdown table tr");
    return waitFor(`a hover with ${labels.join(", ")}`, async () => {
      const table = new Map<string, string>();
      for (const row of await rows.all()) {
        const cells = (await row.locator("td").allTextContents()).map((cell) => cell.trim());
        if (cells.length >= 2) table.set(cells[0]!, cells[1]!);
      }
      return labels.every((label) => table.has(label)) && table;
    }, timeoutMs, 200);
  }

  /** Scrolls the open hover so that its table row `label` shows (for the screenshot). */
  async revealHoverRow(label: string): Promise<void> {
    await this.page.locator(".monaco-hover .rendered-markdown td", { hasText: label }).last().scrollIntoViewIfNeeded();
  }

  /** Opens the quick fixes at the cursor (Ctrl+.) and waits for an action titled `title`; returns every title offered. */
  async openQuickFix(title: string, timeoutMs = 15_000): Promise<string[]> {
    await this.page.keyboard.press("Control+.");
    const rows = this.page.locator(".action-widget .monaco-list-row");
    return waitFor(`the quick fix "${title}"`, async () => {
      const titles = (await rows.allTextContents()).map((t) => t.trim());
      return titles.includes(title) && titles;
    }, timeoutMs, 200);
  }

  /** Applies the quick fix titled `title` from the open menu. */
  async applyQuickFix(title: string): Promise<void> {
    const rows = this.page.locator(".action-widget .monaco-list-row");
    await rows.filter({ hasText: title }).first().click();
    await rows.first().waitFor({ state: "hidden", timeout: 10_000 });
  }

  /** Saves the active editor (Ctrl+S in its text area) and waits until its tab is no longer dirty. */
  async save(): Promise<void> {
    await this.page.locator(".editor-instance .monaco-editor textarea").first().focus();
    await this.page.keyboard.press("Control+S");
    await this.page.locator(".tabs-container .tab.active.dirty").waitFor({ state: "detached", timeout: 10_000 });
  }

  /** Runs a command from the palette (F1) by its title, e.g. "Dun: Generate demand letter". */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press("F1");
    const input = this.page.locator(".quick-input-widget input");
    await input.waitFor({ timeout: 10_000 });
    await input.fill(`>${title}`);
    const row = this.page.locator(".quick-input-widget .monaco-list-row", { hasText: title }).first();
    try {
      await row.waitFor({ timeout: 10_000 });
    } catch {
      await this.page.keyboard.press("Escape");
      throw new Error(`the command palette offers no "${title}"`);
    }
    await row.click();
  }

  /** Titles of the editor tabs open now. */
  async tabs(): Promise<string[]> {
    return (await this.page.locator(".tabs-container .tab .label-name").allTextContents()).map((t) => t.trim());
  }
}

/**
 * Writing letters to disk without ever overwriting one: every file is created with an
 * exclusive open (`wx`), and a name that is taken gets `-2`, `-3`, … The Markdown letter and
 * its PDF share one name, so `2026-05-04-globex-demand-2.md` and `…-2.pdf` belong together.
 */
import { closeSync, mkdirSync, openSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";
import { isInsideReal } from "../node/disk";
import { LetterError } from "./selection";

export interface LetterFile {
  /** The extension, without the dot: `md`, `pdf`. */
  ext: string;
  data: string | Uint8Array;
}

/** Refuses a letters folder that is, or would be once made, outside the workspace `root`. */
export function checkLetterFolder(dir: string, root: string): void {
  if (!isInsideReal(dir, root)) {
    throw new LetterError(`${dir} leads outside the workspace ${root} (through a link, or given so): letters are written inside it`);
  }
}

/** `STEM`, `STEM-2`, `STEM-3`, … */
function candidate(stem: string, n: number): string {
  return n === 1 ? stem : `${stem}-${n}`;
}

/** Creates `dir/STEM[-N].ext` for every file under the first free name; returns their paths. */
export function writeLetterFiles(dir: string, stem: string, files: LetterFile[], root?: string): string[] {
  // Judged before the folder is made (nothing is made outside the workspace), and again after
  // (a link made meanwhile).
  if (root !== undefined) checkLetterFolder(dir, root);
  mkdirSync(dir, { recursive: true });
  if (root !== undefined) checkLetterFolder(dir, root);
  for (let n = 1; n < 10_000; n++) {
    const opened: { fd: number; path: string }[] = [];
    try {
      for (const file of files) {
        const path = join(dir, `${candidate(stem, n)}.${file.ext}`);
        opened.push({ fd: openSync(path, "wx"), path });
      }
    } catch (error) {
      // Give back what this attempt created, then try the next name.
      for (const { fd, path } of opened) {
        closeSync(fd);
        unlinkSync(path);
      }
      if ((error as NodeJS.ErrnoException).code === "EEXIST") continue;
      throw error;
    }
    opened.forEach(({ fd }, index) => {
      const data = files[index]!.data;
      writeSync(fd, typeof data === "string" ? Buffer.from(data, "utf8") : data);
      closeSync(fd);
    });
    return opened.map(({ path }) => path);
  }
  throw new Error(`every name from ${stem} to ${stem}-9999 is taken in ${dir}`);
}

/** The three documents Dun writes, and the names they go by in files and templates. */

export type LetterKind = "demand" | "final-demand" | "statement";

export const LETTER_KINDS: readonly LetterKind[] = ["demand", "final-demand", "statement"];

/** The template a kind renders with: `templates/<name>.md` in a workspace overrides the default. */
export function templateName(kind: LetterKind): string {
  return `${kind}.md`;
}

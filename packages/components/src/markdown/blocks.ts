/**
 * Splits Markdown into its top-level blocks, so that a streaming reply re-renders only its last,
 * growing block. A line scan, not a parse: it cuts at blank lines and around code fences and ATX
 * headings, never inside a fence, a list (an indented or list-marker line after a blank line goes
 * on with the list) or a block quote. Joining the blocks with `\n\n` renders as the whole text does.
 *
 * Link reference definitions (`[1]: https://…`) are returned apart as well: a reference-style link
 * and its definition may land in different blocks, so each block is rendered with all of them.
 */
export interface MarkdownBlocks {
  blocks: string[];
  /** The link reference definition lines of the whole text, joined by `\n` (`''` if none). */
  definitions: string;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const LIST_ITEM = /^ {0,3}(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)/;
const HEADING = /^ {0,3}#{1,6}(?:[ \t]|$)/;
const QUOTE = /^ {0,3}>/;
const DEFINITION = /^ {0,3}\[(?!\^)[^\]]+\]:[ \t]*\S/;

export function splitMarkdownBlocks(text: string): MarkdownBlocks {
  const blocks: string[] = [];
  const definitions: string[] = [];
  let current: string[] = [];
  /** The fence that is open: its character and length. */
  let fence: { char: string; length: number } | null = null;
  let blank = false;
  let kind: 'list' | 'quote' | 'other' = 'other';

  const flush = () => {
    if (current.length) blocks.push(current.join('\n'));
    current = [];
    blank = false;
  };

  for (const line of text.split('\n')) {
    if (fence) {
      current.push(line);
      const close = FENCE.exec(line);
      if (
        close &&
        close[1]![0] === fence.char &&
        close[1]!.length >= fence.length &&
        !/\S/.test(line.slice(close[0].length))
      ) {
        fence = null;
        // A fence at the top level ends its block; one inside a list item does not.
        if (kind === 'other') flush();
      }
      continue;
    }
    if (!/\S/.test(line)) {
      if (current.length) blank = true;
      continue;
    }
    const open = FENCE.exec(line);
    const indented = /^(?: {2,}|\t)/.test(line);
    // After a blank line: a list goes on with an indented line or another item, a quote with `>`.
    const continues = (kind === 'list' && (indented || LIST_ITEM.test(line))) || (kind === 'quote' && QUOTE.test(line));
    const interrupts = kind === 'other' && (open !== null || HEADING.test(line));
    if ((blank && !continues) || (!blank && interrupts && current.length > 0)) flush();
    else if (blank) current.push('');
    blank = false;
    if (current.length === 0) {
      if (DEFINITION.test(line)) {
        definitions.push(line);
        continue;
      }
      kind = LIST_ITEM.test(line) ? 'list' : QUOTE.test(line) ? 'quote' : 'other';
    }
    current.push(line);
    if (open) fence = { char: open[1]![0]!, length: open[1]!.length };
    else if (kind === 'other' && HEADING.test(line)) flush();
  }
  flush();
  return { blocks, definitions: definitions.join('\n') };
}

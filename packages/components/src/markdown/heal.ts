/**
 * Tidies the end of a Markdown block that is still streaming, so that half-written syntax does not
 * flash as raw characters before it completes:
 *
 * - a link or image still being written (`[text`, `[text]`, `[text](https://exa`) shows as its
 *   text, an image as nothing, until its `)` arrives;
 * - an emphasis, strike-through or inline code span left open (`**bold`, `~~gone`, `` `code ``) is
 *   closed, and a marker with nothing after it yet is dropped.
 *
 * An open code fence needs nothing: CommonMark renders it as a code block to the end of the text.
 * Only the last line (after the last line break) is touched; the rest is left as written.
 */
export function healMarkdown(text: string): string {
  if (openFence(text)) return text;
  const cut = text.lastIndexOf('\n') + 1;
  const head = text.slice(0, cut);
  let line = text.slice(cut);
  line = healLink(line);
  line = closeMarkers(line);
  return head + line;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/gm;

/** Whether the text ends inside a fenced code block (an odd number of fence lines, roughly). */
function openFence(text: string): boolean {
  let open: string | null = null;
  for (const match of text.matchAll(FENCE)) {
    const marker = match[1]!;
    if (open === null) open = marker;
    else if (marker[0] === open[0] && marker.length >= open.length) open = null;
  }
  return open !== null;
}

/** Outside inline code spans: the indexes of `line` that are not between backticks. */
function codeMask(line: string): boolean[] {
  const inCode: boolean[] = [];
  let open = false;
  for (const char of line) {
    if (char === '`') open = !open;
    inCode.push(open && char !== '`');
  }
  return inCode;
}

/** The last unfinished `[`…`]` / `[`…`](`… at the end of the line becomes its text. */
function healLink(line: string): string {
  const inCode = codeMask(line);
  for (let start = line.lastIndexOf('['); start !== -1; start = line.lastIndexOf('[', start - 1)) {
    if (inCode[start] || line[start - 1] === '\\') continue;
    const rest = line.slice(start);
    // `[text`, `[text]` or `[text](url-so-far`, with nothing after: still being written.
    const match = /^\[([^\]]*)(?:\](?:\(([^)\s]*(?:\s+"[^"]*)?)?)?)?$/.exec(rest);
    // A task list's `[ ]` / `[x]` is not a link.
    if (!match || /^\[[ xX]\]$/.test(rest)) return line;
    const image = line[start - 1] === '!';
    return line.slice(0, image ? start - 1 : start) + (image ? '' : match[1]!);
  }
  return line;
}

/** Closes `**`, `~~`, `*` and `` ` `` left open on the line (or drops one with nothing after it). */
function closeMarkers(line: string): string {
  let out = line;
  const ticks = (out.match(/`/g) ?? []).length;
  if (ticks % 2 === 1) return finish(out, out.lastIndexOf('`'), '`');
  // Markers inside code spans do not count.
  const outside = out.replace(/`[^`]*`/g, (span) => ' '.repeat(span.length));
  for (const marker of ['**', '~~']) {
    const indexes = indexesOf(outside, marker);
    if (indexes.length % 2 === 1) {
      out = finish(out, indexes[indexes.length - 1]!, marker);
      return out;
    }
  }
  // A single `*` (not part of `**`, not a list bullet at the start of the line).
  const singles = [...outside.matchAll(/(?<!\*)\*(?!\*)/g)]
    .map((m) => m.index)
    .filter((i) => !(i === outside.search(/\S/) && /^\s*\*\s/.test(outside)));
  if (singles.length % 2 === 1) out = finish(out, singles[singles.length - 1]!, '*');
  return out;
}

function indexesOf(text: string, marker: string): number[] {
  const found: number[] = [];
  for (let i = text.indexOf(marker); i !== -1; i = text.indexOf(marker, i + marker.length)) found.push(i);
  return found;
}

/** The opener at `at` gets its closer, or is dropped when nothing (but spaces) follows it yet. */
function finish(line: string, at: number, marker: string): string {
  const after = line.slice(at + marker.length);
  if (!/\S/.test(after)) return line.slice(0, at) + after;
  // `**bold ` closed as `**bold **` would not be emphasis: close before the trailing spaces.
  const trimmed = line.trimEnd();
  return trimmed + marker + line.slice(trimmed.length);
}

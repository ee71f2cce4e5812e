/**
 * A reply's Markdown as it should be heard: the text without its syntax (no fences, `#`, `**`,
 * backticks, link targets or table rules), for the live region that announces a finished reply.
 * Raw HTML stays, as it is shown: as text.
 * @example markdownToSpeech('## Hi\n\nSee [the docs](https://x.example).') // 'Hi\n\nSee the docs.'
 */
export function markdownToSpeech(markdown: string): string {
  return (
    markdown
      .split('\n')
      // Fences, table rules, thematic breaks and link definitions say nothing.
      .filter((line) => !/^ {0,3}(?:```|~~~|\|?[ :]*-+[-|: ]*$|\[[^\]]+\]:\s)/.test(line))
      .map((line) =>
        line
          .replace(/^ {0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+(?:\[[ xX]\]\s+)?)/, '')
          // A table row: its cells, comma-separated.
          .replace(/^\s*\|(.*)\|\s*$/, (_, cells: string) =>
            cells
              .split('|')
              .map((cell) => cell.trim())
              .join(', '),
          ),
      )
      .join('\n')
      .replace(/!?\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])/g, '$1')
      .replace(/<((?:https?|mailto):[^>\s]+)>/g, '$1')
      .replace(/\*\*|__|~~|`/g, '')
      .replace(/(^|[^\w*])[*_](?=\S)([^*_\n]*?\S)[*_](?!\w)/g, '$1$2')
      .trim()
  );
}

const LINK_SCHEMES = new Set(['http:', 'https:', 'mailto:']);
const IMAGE_SCHEMES = new Set(['http:', 'https:']);

/**
 * The URL to make live, or `undefined` to leave it inert. Parsed the way a browser parses an href
 * (WHATWG URL: surrounding spaces and control characters trimmed, tabs and newlines dropped, the
 * scheme lower-cased), so `JaVaScRiPt:`, ` javascript:` or `java\tscript:` cannot slip past a
 * prefix check. Relative URLs are inert too: a reply has no base of its own, and one would point
 * into the host app.
 */
export function liveUrl(url: unknown, kind: 'link' | 'image' = 'link'): string | undefined {
  if (typeof url !== 'string' || url === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  return (kind === 'link' ? LINK_SCHEMES : IMAGE_SCHEMES).has(parsed.protocol) ? parsed.href : undefined;
}

/** Number of colours in the palette (Okabe–Ito: distinguishable with the common colour-vision deficiencies). */
export const ENTITY_PALETTE_SIZE = 8;

/** Common NER types get fixed, distinct slots so they never share a colour. */
const PINNED: Record<string, number> = {
  PER: 0,
  PERSON: 0,
  ORG: 1,
  ORGANIZATION: 1,
  ORGANISATION: 1,
  LOC: 2,
  LOCATION: 2,
  GPE: 2,
  MISC: 3,
};

/**
 * The palette slot (0–7) of an entity type: fixed for common NER types (PER, ORG, LOC, MISC),
 * otherwise a hash of the type name, so a type keeps its colour whatever else is in the text.
 * Rendered as `data-color`; override a type's colour in CSS with `[data-type="DATE"]`.
 * @example
 * entityColorIndex('PER'); // 0, every time
 */
export function entityColorIndex(type: string): number {
  const pinned = PINNED[type.toUpperCase()];
  if (pinned !== undefined) return pinned;
  // FNV-1a: cheap, stable across runs and platforms.
  let hash = 0x811c9dc5;
  for (let i = 0; i < type.length; i++) {
    hash ^= type.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % ENTITY_PALETTE_SIZE;
}

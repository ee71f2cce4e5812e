export { EntityHighlighter, type EntityHighlighterProps } from './EntityHighlighter';
export { ENTITY_PALETTE_SIZE, entityColorIndex } from './colors';
export {
  type CodePointIndex,
  createCodePointIndex,
  type EntitySpan,
  highlightSegments,
  type HighlightResult,
  type Segment,
  toEntitySpans,
  toSegments,
} from './segments';

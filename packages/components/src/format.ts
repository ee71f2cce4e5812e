/** `0.923` → `"92%"` (`digits` decimals); scores outside [0, 1] are shown as they are; NaN → "no score". */
export function formatPercent(score: number, digits = 0): string {
  if (!Number.isFinite(score)) return 'no score';
  return `${(score * 100).toFixed(digits)}%`;
}

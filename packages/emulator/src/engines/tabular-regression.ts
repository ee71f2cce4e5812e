/**
 * tabular-regression: one number per row of `{ inputs: { data: { column: [cells] } } }`. Models
 * with `options.volume` (the fish-weight model) predict `factor × product of those columns`,
 * nudged per species; others a deterministic linear model of the row (see tabular-classification).
 */
import { round, unit } from './embeddings';
import { cellNumber } from './table-question-answering';
import { readData, rowScore } from './tabular-classification';
import type { Engine } from './types';

export const tabularRegression: Engine = (ctx) => {
  const { headers, columns, rows } = readData(ctx);
  const options = ctx.model.options ?? {};
  const volume = Array.isArray(options.volume) ? (options.volume as string[]) : undefined;
  const factor = typeof options.factor === 'number' ? options.factor : 1;
  const find = (name: string) => headers.findIndex((h) => h.toLowerCase() === name.toLowerCase());
  const volumeCols = volume?.map(find);
  const numericCols = headers
    .map((_, col) => col)
    .filter((col) => columns[col]!.every((c) => cellNumber(c) !== undefined));
  const textCols = headers.map((_, col) => col).filter((col) => !numericCols.includes(col));
  return Array.from({ length: rows }, (_, row) => {
    if (volumeCols && volumeCols.every((c) => c >= 0 && cellNumber(columns[c]![row]!) !== undefined)) {
      const product = volumeCols.reduce((p, c) => p * cellNumber(columns[c]![row]!)!, 1);
      // Categorical columns (e.g. species) shift the density by up to ±15 %.
      const shift = textCols.reduce((s, c) => s + (unit(`${ctx.model.id}:${columns[c]![row]}`) - 0.5) * 0.3, 0);
      return round(Math.max(0, factor * product * (1 + shift)), 4);
    }
    const magnitude =
      numericCols.reduce((s, c) => s + Math.abs(cellNumber(columns[c]![row]!)!), 0) / Math.max(1, numericCols.length);
    return round(
      magnitude * (1 + 0.5 * Math.tanh(rowScore(ctx.model, headers, columns, row))) +
        10 * rowScore(ctx.model, headers, columns, row),
      4,
    );
  });
};

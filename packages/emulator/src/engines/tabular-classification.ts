/**
 * tabular-classification: one prediction per row of `{ inputs: { data: { column: [cells] } } }`,
 * a deterministic linear model over the row (numeric cells squashed, categorical cells hashed,
 * weights hashed from the model id and column name). Predictions are class ids (numbers, as
 * scikit-learn models answer) or, when the catalogue names them (`options.classes`), class names.
 */
import { inputsOf } from './request';
import { hash32, unit } from './embeddings';
import { cellNumber, readTable } from './table-question-answering';
import { EngineInputError, type CatalogueModel, type Engine, type EngineContext } from './types';

/** The `data` table of a tabular request. */
export function readData(ctx: EngineContext): ReturnType<typeof readTable> {
  const inputs = inputsOf(ctx);
  if (!inputs || typeof inputs !== 'object' || Array.isArray(inputs))
    throw new EngineInputError('Error in `inputs`: expected an object { data: { column: [cells] } }');
  const table = readTable((inputs as Record<string, unknown>).data, 'inputs.data');
  if (table.rows === 0) throw new EngineInputError('Error in `inputs.data`: the table has no rows');
  return table;
}

/** A signed, bounded feature of a cell: numbers squashed, text hashed. */
export const feature = (cell: string): number => {
  const n = cellNumber(cell);
  if (n !== undefined) return Math.sign(n) * Math.log1p(Math.abs(n));
  return cell.trim() === '' ? 0 : unit(cell.trim().toLowerCase()) * 4 - 2;
};

/** The linear score of one row. */
export function rowScore(model: CatalogueModel, headers: string[], columns: string[][], row: number): number {
  let score = (hash32(`${model.id}:bias`) / 4294967296 - 0.5) * 0.5;
  headers.forEach((h, col) => {
    const weight = (hash32(`${model.id}:${h.toLowerCase()}`) / 4294967296) * 2 - 1;
    score += weight * feature(columns[col]![row]!);
  });
  return score / Math.sqrt(headers.length);
}

export const tabularClassification: Engine = (ctx) => {
  const { headers, columns, rows } = readData(ctx);
  const classes = Array.isArray(ctx.model.options?.classes)
    ? (ctx.model.options.classes as (string | number)[])
    : undefined;
  const count =
    classes?.length ?? (typeof ctx.model.options?.numClasses === 'number' ? ctx.model.options.numClasses : 2);
  return Array.from({ length: rows }, (_, row) => {
    const p = 1 / (1 + Math.exp(-2 * rowScore(ctx.model, headers, columns, row)));
    const index = Math.min(count - 1, Math.floor(p * count));
    return classes ? classes[index]! : index;
  });
};

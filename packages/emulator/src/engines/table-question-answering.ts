/**
 * table-question-answering (TAPAS-like): finds the rows whose cells the query mentions and the
 * column whose header it names, and answers `{ answer, coordinates, cells, aggregator }`. "How
 * many" selects COUNT, "total"/"sum" SUM, "average"/"mean" AVERAGE; as TAPAS does, the answer
 * then reads `"SUM > 10, 20"` (the cells to aggregate, not the result). "Most"/"highest" and
 * "least"/"lowest" pick the extreme row. Columns of different lengths are a 400, as pandas makes
 * it. Models without an aggregation head (`options.aggregation: false`) omit `aggregator`.
 */
import { boolParam, inputsOf, paramsOf, requireString, strParam } from './request';
import { contentStems, stem, words } from './embeddings';
import { EngineInputError, type Engine } from './types';

type Aggregator = 'NONE' | 'SUM' | 'AVERAGE' | 'COUNT';

/** A table as `{ column: cells[] }`, validated; cells become strings as TAPAS reads them. */
export function readTable(
  value: unknown,
  field = 'inputs.table',
): { headers: string[]; columns: string[][]; rows: number } {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new EngineInputError(
      `Error in \`${field}\`: ${value === undefined ? 'field required' : 'expected an object of columns { header: [cells] }'}`,
    );
  }
  const headers = Object.keys(value);
  if (headers.length === 0) throw new EngineInputError(`Error in \`${field}\`: the table has no columns`);
  const columns = headers.map((h) => {
    const cells = (value as Record<string, unknown>)[h];
    if (!Array.isArray(cells)) throw new EngineInputError(`Error in \`${field}.${h}\`: expected a list of cells`);
    return cells.map((c, i) => {
      if (typeof c === 'string') return c;
      if (typeof c === 'number' || typeof c === 'boolean') return String(c);
      if (c === null) return '';
      throw new EngineInputError(`Error in \`${field}.${h}.${i}\`: cells must be strings`);
    });
  });
  const lengths = new Set(columns.map((c) => c.length));
  if (lengths.size > 1) throw new EngineInputError('All arrays must be of the same length');
  return { headers, columns, rows: columns[0]!.length };
}

/** The number in a cell (`"1,234"`, `"$5.20"`, `"36%"`), if it holds one. */
export const cellNumber = (cell: string): number | undefined => {
  const cleaned = cell.replace(/[,\s$€£%]/g, '');
  if (!/^[-+]?\d*\.?\d+(e[-+]?\d+)?$/i.test(cleaned)) return undefined;
  return Number(cleaned);
};

const AGG_WORDS = new Set([
  'many',
  'number',
  'count',
  'total',
  'sum',
  'combined',
  'altogether',
  'average',
  'mean',
  'much',
  'most',
  'least',
  'highest',
  'lowest',
  'largest',
  'smallest',
  'biggest',
  'maximum',
  'minimum',
  'top',
]);
const WH = new Set(['what', 'which', 'who', 'where', 'when', 'how', 'whose']);

function aggregatorOf(query: string): Aggregator {
  const q = query.toLowerCase();
  if (/\b(average|mean)\b/.test(q)) return 'AVERAGE';
  if (/\b(total|sum|combined|altogether|in all)\b/.test(q)) return 'SUM';
  if (/\bhow many\b|\bnumber of\b|\bcount\b/.test(q)) return 'COUNT';
  if (/\bhow much\b/.test(q)) return 'SUM';
  return 'NONE';
}

function answerQuery(query: string, table: ReturnType<typeof readTable>, withAggregator: boolean) {
  const { headers, columns, rows } = table;
  const q = query.toLowerCase();
  const qWords = new Set(words(query));
  const qStems = new Set(contentStems(query).filter((w) => !WH.has(w) && !AGG_WORDS.has(w)));
  let aggregator: Aggregator = withAggregator ? aggregatorOf(query) : 'NONE';
  const numeric = columns.map(
    (cells) => cells.length > 0 && cells.every((c) => c.trim() === '' || cellNumber(c) !== undefined),
  );

  // Which cells does the query mention? A cell matches when all its words appear in the query.
  const keyColumns = new Set<number>();
  const rowHits = new Array<number>(rows).fill(0);
  columns.forEach((cells, col) => {
    cells.forEach((cell, row) => {
      const cellWords = words(cell);
      if (cellWords.length === 0) return;
      const hit =
        cellNumber(cell) === undefined
          ? cellWords.every((w) => qWords.has(w) || qStems.has(stem(w)))
          : qWords.has(cell.trim().toLowerCase());
      if (hit && !(cellWords.length === 1 && headers.some((h) => words(h).includes(cellWords[0]!)))) {
        rowHits[row]! += cellWords.length;
        keyColumns.add(col);
      }
    });
  });
  // Which column does the query name?
  const headerScore = headers.map((h, col) => {
    const hs = contentStems(h);
    const overlap = hs.filter((s) => qStems.has(s)).length / Math.max(1, hs.length);
    return (
      overlap +
      (keyColumns.has(col) ? -0.5 : 0) +
      (aggregator !== 'NONE' && aggregator !== 'COUNT' && numeric[col] ? 0.3 : 0)
    );
  });
  let answerCol = headerScore.indexOf(Math.max(...headerScore));
  if (headerScore[answerCol]! <= 0.3) {
    // No header named: aggregate the first numeric column, count the key column, or answer with the first other column.
    const firstNumeric = numeric.findIndex((n, col) => n && !keyColumns.has(col));
    const firstOther = headers.findIndex((_, col) => !keyColumns.has(col));
    if (aggregator === 'SUM' || aggregator === 'AVERAGE') answerCol = firstNumeric >= 0 ? firstNumeric : answerCol;
    else if (aggregator === 'COUNT') answerCol = keyColumns.size > 0 ? [...keyColumns][0]! : 0;
    else answerCol = firstOther >= 0 ? (keyColumns.size > 0 ? firstOther : 0) : 0;
  }

  let selected = rowHits.map((h, row) => (h > 0 ? row : -1)).filter((row) => row >= 0);
  // "How many stars does Transformers have?" reads a number, it does not count rows.
  if (aggregator === 'COUNT' && selected.length > 0 && numeric[answerCol] && headerScore[answerCol]! > 0.3)
    aggregator = 'NONE';
  const best = Math.max(0, ...rowHits);
  if (selected.length > 0 && aggregator === 'NONE') selected = selected.filter((row) => rowHits[row] === best);
  const superlative = /\b(most|highest|largest|biggest|maximum|max|top|oldest|longest)\b/.test(q)
    ? 'max'
    : /\b(least|lowest|smallest|fewest|minimum|min|youngest|shortest)\b/.test(q)
      ? 'min'
      : undefined;
  if (superlative && aggregator === 'NONE') {
    // "Which repository has the most stars?": the extreme row of the named numeric column.
    const valueCol = headerScore
      .map((s, col) => (numeric[col] ? s : -Infinity))
      .reduce((bestCol, s, col, all) => (s > all[bestCol]! ? col : bestCol), 0);
    if (numeric[valueCol]) {
      const pool = selected.length > 0 ? selected : [...Array(rows).keys()];
      const values = pool.map((row) => cellNumber(columns[valueCol]![row]!) ?? 0);
      const target = superlative === 'max' ? Math.max(...values) : Math.min(...values);
      selected = [pool[values.indexOf(target)]!];
      // Answer with the row's name, unless the query named another column.
      if (answerCol === valueCol || numeric[answerCol])
        answerCol = numeric.findIndex((n) => !n) >= 0 ? numeric.findIndex((n) => !n) : answerCol;
    }
  }
  if (selected.length === 0) selected = aggregator === 'NONE' ? (rows > 0 ? [0] : []) : [...Array(rows).keys()];

  const coordinates = selected.map((row) => [row, answerCol] as [number, number]);
  const cells = selected.map((row) => columns[answerCol]![row]!);
  const answer = aggregator === 'NONE' ? cells.join(', ') : `${aggregator} > ${cells.join(', ')}`;
  return withAggregator ? { answer, coordinates, cells, aggregator } : { answer, coordinates, cells };
}

export const tableQuestionAnswering: Engine = (ctx) => {
  const inputs = inputsOf(ctx);
  if (!inputs || typeof inputs !== 'object' || Array.isArray(inputs))
    throw new EngineInputError('Error in `inputs`: expected an object { query, table }');
  const { query, table } = inputs as Record<string, unknown>;
  const params = paramsOf(ctx);
  boolParam(params, 'sequential');
  const padding = params.padding;
  if (padding !== undefined && padding !== null && typeof padding !== 'boolean')
    strParam(params, 'padding', ['do_not_pad', 'longest', 'max_length']);
  if (params.truncation !== undefined && typeof params.truncation !== 'boolean')
    strParam(params, 'truncation', ['do_not_truncate', 'drop_rows_to_fit', 'longest_first']);
  const parsed = readTable(table);
  const withAggregator = ctx.model.options?.aggregation !== false;
  if (Array.isArray(query)) {
    if (query.length === 0)
      throw new EngineInputError('Error in `inputs.query`: expected a string or a list of strings');
    return query.map((q, i) => answerQuery(requireString(q, `inputs.query.${i}`), parsed, withAggregator));
  }
  return answerQuery(requireString(query, 'inputs.query'), parsed, withAggregator);
};

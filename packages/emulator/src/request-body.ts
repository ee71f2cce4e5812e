/**
 * Reading a request body within the size limit: JSON, raw bytes, or the parse error to report once
 * the faults have had their say; and the text length the classic tasks' limit counts.
 */
import { isObject } from './engines/request';
import { concatBytes } from './engines/bytes';

/** The body's bytes, read no further than `limit`: `undefined` when it is longer. */
async function readBytes(request: Request, limit: number): Promise<Uint8Array | undefined> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > limit) return undefined;
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      // Stop reading: the rest is never buffered (the Node server closes the connection after the 413).
      void reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  return chunks.length === 1 ? chunks[0]! : concatBytes(chunks);
}

/** Characters of every string in `value`, counted until past `limit` (no recursion: any depth is safe). */
function textLength(value: unknown, limit: number): number {
  let total = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && total <= limit) {
    const item = stack.pop();
    if (typeof item === 'string') total += item.length;
    else if (Array.isArray(item)) for (const v of item) stack.push(v);
    else if (isObject(item)) for (const [k, v] of Object.entries(item)) stack.push(k, v);
  }
  return total;
}

/** JSON body, raw bytes, or a parse error to report after the faults had their say. */
export async function readBody(
  request: Request,
  maxBytes: number,
): Promise<{ body: unknown; bytes: Uint8Array | undefined; error: string | undefined; tooLarge?: true }> {
  if (request.method === 'GET' || request.method === 'HEAD')
    return { body: undefined, bytes: undefined, error: undefined };
  const bytes = await readBytes(request, maxBytes);
  if (!bytes) return { body: undefined, bytes: undefined, error: undefined, tooLarge: true };
  const type = (request.headers.get('content-type') ?? '').toLowerCase();
  const first = bytes.find((b) => b > 0x20);
  const looksJson = first === 0x7b || first === 0x5b || first === 0x22;
  if (type.includes('json') || ((type === '' || type.startsWith('text/')) && looksJson)) {
    const text = new TextDecoder().decode(bytes);
    try {
      return { body: JSON.parse(text), bytes: undefined, error: undefined };
    } catch (cause) {
      return {
        body: undefined,
        bytes: undefined,
        error: `Failed to parse the request body as JSON: ${(cause as Error).message}`,
      };
    }
  }
  return { body: undefined, bytes: bytes.length > 0 ? bytes : undefined, error: undefined };
}

/** What `readBody` found. */
export type ParsedBody = Awaited<ReturnType<typeof readBody>>;

/** Tasks whose inputs are text, bounded by `maxInputChars`. */
const TEXT_TASKS: ReadonlySet<string> = new Set([
  'text-classification',
  'sentiment-analysis',
  'token-classification',
  'ner',
  'zero-shot-classification',
  'fill-mask',
  'question-answering',
  'summarization',
  'translation',
  'text2text-generation',
  'feature-extraction',
  'sentence-similarity',
  'table-question-answering',
  'tabular-classification',
  'tabular-regression',
  'text-to-audio',
  'text-to-image',
  'text-to-speech',
]);

/** The text length of a text task's input when it is over `maxChars` (raw text, or every string of `inputs` and `parameters`). */
export function textTooLong(task: string, parsed: ParsedBody, maxChars: number): number | undefined {
  if (!TEXT_TASKS.has(task)) return undefined;
  const length =
    parsed.bytes !== undefined
      ? new TextDecoder().decode(parsed.bytes).length
      : textLength(isObject(parsed.body) ? [parsed.body.inputs, parsed.body.parameters] : parsed.body, maxChars);
  return length > maxChars ? length : undefined;
}

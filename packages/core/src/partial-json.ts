/**
 * An incremental JSON reader for structured output: a model's answer arrives a few characters at a
 * time, and the app shows the object as far as it has come. Each character is read once, and a
 * snapshot shares every finished part with the one before, so a commit costs the depth of the
 * unfinished path, not the size of the answer: re-parsing the text so far (what partial-json,
 * best-effort-json-parser and the AI SDK's `parsePartialJson` do) costs the whole text per commit,
 * O(n²) over a stream. See bench/partial-json.mjs.
 */

/** A container being read: its entries so far, and its snapshot once finished. */
interface Frame {
  array: boolean;
  /** Array items, or object entries in order (a key given twice keeps its last value, as JSON.parse does). */
  items: unknown[] | Record<string, unknown>;
  /** The key whose value is being read (objects). */
  key: string | undefined;
  /** What the next token must be. */
  expect: 'value' | 'key' | 'colon' | 'comma-or-end' | 'value-or-end' | 'key-or-end';
  /** The last snapshot of this container, reused while nothing in it changed. */
  snapshot: unknown[] | Record<string, unknown> | undefined;
}

type Scalar =
  { kind: 'string'; text: string; escape: string | undefined; key: boolean } | { kind: 'bare'; text: string };

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const WHITESPACE = /[ \t\n\r]/;
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const LITERALS: Record<string, unknown> = { true: true, false: false, null: null };

/** Why a text is not JSON, with the offset where reading stopped. */
export class PartialJsonSyntaxError extends SyntaxError {
  override name = 'PartialJsonSyntaxError';
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at offset ${offset}`);
  }
}

/**
 * Reads one JSON value from text given in pieces. `value()` is the value so far: finished parts as
 * `JSON.parse` gives them, an unfinished string as far as it has come, an unfinished number, literal
 * or key left out. Parts that did not change keep their identity between snapshots, so React skips them.
 * @example
 * const reader = new PartialJsonReader();
 * reader.write('{"title":"Tomato s');
 * reader.value(); // { title: 'Tomato s' }
 * reader.write('oup","servings":4}');
 * reader.end(); // { title: 'Tomato soup', servings: 4 }
 */
export class PartialJsonReader {
  private stack: Frame[] = [];
  private scalar: Scalar | undefined;
  private root: unknown;
  private done = false;
  private offset = 0;
  private changed = true;
  private last: unknown;

  /** Reads more of the text. Throws {@link PartialJsonSyntaxError} at the first character JSON does not allow. */
  write(chunk: string): void {
    for (let i = 0; i < chunk.length; i++, this.offset++) this.read(chunk[i]!);
    if (chunk) this.changed = true;
  }

  /** The value so far (`undefined` before it starts). Finished parts keep their identity. */
  value(): unknown {
    if (!this.changed) return this.last;
    this.changed = false;
    if (this.done) return (this.last = this.root);
    let value = this.partialScalar();
    for (let depth = this.stack.length - 1; depth >= 0; depth--) value = this.snapshot(this.stack[depth]!, value);
    return (this.last = value);
  }

  /** Finishes the text: the whole value, or a {@link PartialJsonSyntaxError} when it is incomplete. */
  end(): unknown {
    if (this.scalar?.kind === 'bare' && this.stack.length === 0) this.finishBare();
    if (!this.done) throw new PartialJsonSyntaxError('Unexpected end of JSON', this.offset);
    return this.root;
  }

  private fail(what: string): never {
    throw new PartialJsonSyntaxError(what, this.offset);
  }

  private read(c: string) {
    const scalar = this.scalar;
    if (scalar?.kind === 'string') return this.readString(scalar, c);
    if (scalar?.kind === 'bare') {
      if (/[\w.+-]/.test(c)) {
        scalar.text += c;
        return;
      }
      this.finishBare();
    }
    if (WHITESPACE.test(c)) return;
    if (this.done) this.fail(`Unexpected "${c}" after the value`);
    const frame = this.stack[this.stack.length - 1];
    const expect = frame?.expect ?? 'value';
    if (expect === 'colon') {
      if (c !== ':') this.fail(`Expected ":" but found "${c}"`);
      frame!.expect = 'value';
      return;
    }
    if (expect === 'comma-or-end') {
      if (c === ',') frame!.expect = frame!.array ? 'value' : 'key';
      else if (c === (frame!.array ? ']' : '}')) this.close();
      else this.fail(`Expected "," or "${frame!.array ? ']' : '}'}" but found "${c}"`);
      return;
    }
    if (expect === 'key' || expect === 'key-or-end') {
      if (c === '}' && expect === 'key-or-end') return this.close();
      if (c !== '"') this.fail(`Expected a string key but found "${c}"`);
      this.scalar = { kind: 'string', text: '', escape: undefined, key: true };
      return;
    }
    // A value (or, in a fresh array, its end).
    if (c === ']' && expect === 'value-or-end') return this.close();
    if (c === '{' || c === '[') {
      const array = c === '[';
      this.stack.push({
        array,
        items: array ? [] : {},
        key: undefined,
        expect: array ? 'value-or-end' : 'key-or-end',
        snapshot: undefined,
      });
    } else if (c === '"') {
      this.scalar = { kind: 'string', text: '', escape: undefined, key: false };
    } else if (/[-\d a-z]/.test(c)) {
      this.scalar = { kind: 'bare', text: c };
    } else {
      this.fail(`Unexpected "${c}"`);
    }
  }

  private readString(scalar: Extract<Scalar, { kind: 'string' }>, c: string) {
    if (scalar.escape !== undefined) {
      scalar.escape += c;
      if (scalar.escape.length === 1 && scalar.escape !== 'u') {
        const decoded = ESCAPES[scalar.escape];
        if (decoded === undefined) this.fail(`Bad escape "\\${scalar.escape}"`);
        scalar.text += decoded;
        scalar.escape = undefined;
      } else if (scalar.escape.length === 5) {
        if (!/^u[\da-fA-F]{4}$/.test(scalar.escape)) this.fail(`Bad escape "\\${scalar.escape}"`);
        scalar.text += String.fromCharCode(parseInt(scalar.escape.slice(1), 16));
        scalar.escape = undefined;
      }
      return;
    }
    if (c === '\\') scalar.escape = '';
    else if (c === '"') {
      this.scalar = undefined;
      if (scalar.key) {
        const frame = this.stack[this.stack.length - 1]!;
        frame.key = scalar.text;
        frame.expect = 'colon';
      } else this.attach(scalar.text);
    } else if (c < ' ') this.fail('Unescaped control character in a string');
    else scalar.text += c;
  }

  private finishBare() {
    const text = (this.scalar as { text: string }).text;
    this.scalar = undefined;
    if (Object.hasOwn(LITERALS, text)) return this.attach(LITERALS[text]);
    if (!NUMBER.test(text)) this.fail(`Unexpected "${text}"`);
    this.attach(Number(text));
  }

  /** A finished value goes into its container, or is the whole value. */
  private attach(value: unknown) {
    const frame = this.stack[this.stack.length - 1];
    if (!frame) {
      this.root = value;
      this.done = true;
      return;
    }
    if (frame.array) (frame.items as unknown[]).push(value);
    else put(frame.items as Record<string, unknown>, frame.key!, value);
    frame.key = undefined;
    frame.expect = 'comma-or-end';
  }

  private close() {
    const frame = this.stack.pop()!;
    // Nothing writes to a closed container again, so it is the value; or its last snapshot, when
    // that holds the same, so that the finished part keeps the identity the app has seen.
    const { items, snapshot } = frame;
    const same =
      snapshot !== undefined &&
      (frame.array
        ? sameItems(snapshot as unknown[], items as unknown[])
        : sameEntries(snapshot as Record<string, unknown>, items as Record<string, unknown>));
    this.attach(same ? snapshot : items);
  }

  /** The unfinished string value at the deepest point, if one is being read. */
  private partialScalar(): unknown {
    const scalar = this.scalar;
    return scalar?.kind === 'string' && !scalar.key ? scalar.text : undefined;
  }

  /** A container's snapshot with `child` (its unfinished last part, if any) in place. */
  private snapshot(frame: Frame, child: unknown): unknown {
    const open = child !== undefined;
    if (frame.array) {
      const items = frame.items as unknown[];
      const previous = frame.snapshot as unknown[] | undefined;
      // Finished items are shared: only the array itself and its unfinished last item are new.
      const next = items.slice();
      if (open) next.push(child);
      frame.snapshot = previous && sameItems(previous, next) ? previous : next;
      return frame.snapshot;
    }
    const entries = frame.items as Record<string, unknown>;
    const next: Record<string, unknown> = { ...entries };
    if (open && frame.key !== undefined) put(next, frame.key, child);
    const previous = frame.snapshot as Record<string, unknown> | undefined;
    frame.snapshot = previous && sameEntries(previous, next) ? previous : next;
    return frame.snapshot;
  }
}

/** Sets an own property, `__proto__` included (as JSON.parse does), never the object's prototype. */
function put(target: Record<string, unknown>, key: string, value: unknown) {
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}

function sameItems(a: unknown[], b: unknown[]) {
  if (a.length !== b.length) return false;
  for (let i = a.length - 1; i >= 0; i--) if (a[i] !== b[i]) return false;
  return true;
}

function sameEntries(a: Record<string, unknown>, b: Record<string, unknown>) {
  const keys = Object.keys(b);
  if (Object.keys(a).length !== keys.length) return false;
  for (const key of keys) if (a[key] !== b[key]) return false;
  return true;
}

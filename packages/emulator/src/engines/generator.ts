/**
 * A tiny deterministic "language model": it answers from the prompt by reshaping its key words into
 * sentences picked with a seeded PRNG. Same prompt + seed → same text; another seed → another text;
 * temperature 0 ignores the seed (greedy). Also builds JSON values from JSON Schemas (tool arguments,
 * `response_format`) out of what the prompt says.
 */
import { TOPICS } from './lexicon';
import { rng } from './embeddings';
import { STOPWORDS, hash, llmTokens, stem, stems, type LlmToken } from './textkit';

/** How a generation is steered. */
export interface GenerateOptions {
  /** What the model answers (chat) or continues (completion). */
  prompt: string;
  mode: 'chat' | 'continue';
  seed?: number | undefined;
  /** 0 = greedy: the seed no longer matters. Higher values pick less likely phrasings more often. */
  temperature?: number | undefined;
  /** The conversation carried an image. */
  hasImage?: boolean | undefined;
  /** A tool result the answer should use. */
  toolResult?: { name: string; content: string } | undefined;
  /** Anything else that should steer the phrasing (earlier turns, the model id). */
  context?: string | undefined;
}

/** Key words of a text in order of appearance, original casing kept, longest first on ties. */
export function keywords(text: string, limit = 6): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const raw = text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? [];
  for (const word of raw) {
    const lower = word.toLowerCase();
    if (STOPWORDS.has(lower) || lower.length < 3 || /^\d+$/.test(lower)) continue;
    const key = stem(lower);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(word);
  }
  // Prefer longer (more specific) words, keeping the text's order among equals.
  return out
    .map((word, i) => ({ word, i }))
    .sort((a, b) => Math.min(b.word.length, 8) - Math.min(a.word.length, 8) || a.i - b.i)
    .slice(0, limit)
    .sort((a, b) => a.i - b.i)
    .map((x) => x.word);
}

type Pick = <T>(options: readonly T[]) => T;

function chooser(prompt: string, seed: number | undefined, temperature: number | undefined): Pick {
  const greedy = temperature === 0;
  const random = rng(hash(prompt) ^ (greedy ? 0 : Math.imul((seed ?? 0) + 1, 0x9e3779b1)));
  const t = temperature === undefined ? 1 : Math.max(temperature, 0);
  return <T>(options: readonly T[]): T => {
    if (greedy) return options[0]!;
    // Low temperatures lean towards the first (most "likely") phrasing, high ones spread out.
    const r = random() ** (1 / Math.max(t, 0.05));
    return options[Math.min(options.length - 1, Math.floor(r * options.length))]!;
  };
}

const GREETING = /^\s*(hi|hello|hey|good (morning|afternoon|evening)|greetings|yo)\b[\s!.,]*$/i;
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Generates the full (untruncated) answer for a prompt. */
export function generateText(options: GenerateOptions): string {
  const { prompt, mode } = options;
  const pick = chooser(`${mode}\u0000${prompt}\u0000${options.context ?? ''}`, options.seed, options.temperature);
  const keys = keywords(prompt);
  const k = (i: number) => keys[i % Math.max(keys.length, 1)] ?? 'this';
  const k0 = k(0);
  const k1 = keys.length > 1 ? k(1) : 'the details';
  const k2 = keys.length > 2 ? k(2) : 'the context';

  if (mode === 'continue') {
    const lead = /\s$/.test(prompt) || prompt === '' ? '' : ' ';
    const sentences = [
      pick([
        `${lead}a way to work with ${k0} and ${k1}.`,
        `${lead}about ${k0}, and it starts with ${k1}.`,
        `${lead}built around ${k0} and ${k2}.`,
      ]),
      pick([
        ` It makes ${k1} easier to understand.`,
        ` Many people use it for ${k2}.`,
        ` The idea behind ${k0} is simple.`,
      ]),
      pick([
        ` Over time, ${k0} became part of ${k2}.`,
        ` In practice, ${k1} matters most.`,
        ` This is why ${k0} keeps coming up.`,
      ]),
      pick([
        ` That is the short story of ${k0}.`,
        ` There is more to say about ${k1}.`,
        ` And that is only the beginning.`,
      ]),
    ];
    return sentences.join('');
  }

  if (GREETING.test(prompt)) {
    return pick([
      'Hello! How can I help you today?',
      'Hi there! What would you like to talk about?',
      'Hey! Ask me anything and I will do my best to help.',
    ]);
  }

  const out: string[] = [];
  if (options.toolResult) {
    const { name, content } = options.toolResult;
    const short = content.length > 120 ? `${content.slice(0, 117)}...` : content;
    out.push(pick([`According to ${name}, the result is ${short}.`, `I checked with ${name}: ${short}.`]));
    out.push(
      pick([`Let me know if you need anything else about ${k0}.`, `That should answer your question about ${k0}.`]),
    );
    return out.join(' ');
  }

  const isQuestion =
    /\?\s*$/.test(prompt) || /^\s*(what|why|how|when|where|who|which|can|could|should|is|are|do|does)\b/i.test(prompt);
  out.push(
    isQuestion
      ? pick([`Good question about ${k0}.`, `Here is a short answer about ${k0}.`, `Let's look at ${k0} and ${k1}.`])
      : pick([`You mentioned ${k0}.`, `Here are a few thoughts on ${k0}.`, `Let's talk about ${k0} and ${k1}.`]),
  );
  if (options.hasImage)
    out.push(
      pick([`The attached image seems to show something related to ${k0}.`, `Looking at the image, ${k0} stands out.`]),
    );
  const body = [
    `${cap(k0)} matters because it connects to ${k1}.`,
    `In short, ${k0} depends on ${k1} and ${k2}.`,
    `A simple way to think about ${k0} is to start with ${k1}.`,
    `Most people who ask about ${k0} also care about ${k2}.`,
    `The key points are ${k0}, ${k1} and ${k2}.`,
    `It helps to compare ${k1} with ${k2}.`,
  ];
  const count = 2 + (pick([0, 1, 2]) as number);
  for (let i = 0; i < count; i++) {
    const sentence = pick(body);
    if (!out.includes(sentence)) out.push(sentence);
  }
  out.push(
    pick([
      'I hope this helps.',
      `Let me know if you want more detail on ${k1}.`,
      'Ask me to expand on any of these points.',
    ]),
  );
  return out.join(' ');
}

/** A JSON Schema, loosely typed: only the parts the builder reads. */
export type JsonSchema = Record<string, unknown>;

const PLACE_NAME = /\b(?:in|at|to|from|near|for)\s+((?:[A-Z][\p{L}'-]+)(?:[ -][A-Z][\p{L}'-]+)*)/u;
const PROPER = /(?<!^|[.!?]\s)\b([A-Z][\p{L}'-]+(?:\s[A-Z][\p{L}'-]+)*)/u;

/**
 * Builds a value that satisfies `schema` from what `text` says: a city for `location`, the first
 * number for a `number`, a matching `enum` value, the request itself for `query`, and so on.
 */
export function valueFromSchema(
  schema: JsonSchema,
  text: string,
  name = '',
  root: JsonSchema = schema,
  depth = 0,
): unknown {
  if (depth > 6) return null;
  const ref = typeof schema.$ref === 'string' ? resolveRef(root, schema.$ref) : undefined;
  if (ref) return valueFromSchema(ref, text, name, root, depth + 1);
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const options = schema[key];
    if (Array.isArray(options) && options.length > 0) {
      const first = (options as JsonSchema[]).find((o) => o.type !== 'null') ?? (options[0] as JsonSchema);
      return valueFromSchema({ ...schema, [key]: undefined, ...first }, text, name, root, depth + 1);
    }
  }
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    const lower = text.toLowerCase();
    return schema.enum.find((v) => typeof v === 'string' && lower.includes(v.toLowerCase())) ?? schema.enum[0];
  }
  const type = Array.isArray(schema.type) ? (schema.type.find((t) => t !== 'null') ?? 'null') : schema.type;
  const lowerName = name.toLowerCase();
  switch (type ?? (schema.properties ? 'object' : 'string')) {
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const out: Record<string, unknown> = {};
      for (const [key, sub] of Object.entries(properties))
        out[key] = valueFromSchema(sub ?? {}, text, key, root, depth + 1);
      for (const key of (schema.required as string[] | undefined) ?? [])
        if (!(key in out)) out[key] = keywords(text, 1)[0] ?? key;
      return out;
    }
    case 'array': {
      const items = (schema.items ?? { type: 'string' }) as JsonSchema;
      const min = typeof schema.minItems === 'number' ? schema.minItems : 1;
      const max = typeof schema.maxItems === 'number' ? schema.maxItems : 3;
      if ((items.type ?? 'string') === 'string' && !items.enum) {
        const keys = keywords(text, Math.max(min, Math.min(max, 3)));
        while (keys.length < min) keys.push(`item ${keys.length + 1}`);
        return keys;
      }
      return Array.from({ length: Math.max(min, 1) }, (_, i) =>
        valueFromSchema(items, text, `${name}${i}`, root, depth + 1),
      );
    }
    case 'integer':
    case 'number': {
      const numbers = (text.match(/-?\d+(?:\.\d+)?/g) ?? []).map(Number);
      let value =
        numbers[hash(lowerName) % Math.max(numbers.length, 1)] ??
        (schema.default as number | undefined) ??
        (schema.minimum as number | undefined) ??
        1;
      if (typeof schema.minimum === 'number') value = Math.max(value, schema.minimum);
      if (typeof schema.maximum === 'number') value = Math.min(value, schema.maximum);
      return type === 'integer' ? Math.round(value) : value;
    }
    case 'boolean':
      return stems(text).includes(stem(lowerName.split(/[_\s]/).pop() ?? lowerName));
    case 'null':
      return null;
    default:
      return stringFor(schema, text, lowerName);
  }
}

function stringFor(schema: JsonSchema, text: string, name: string): string {
  const format = typeof schema.format === 'string' ? schema.format : '';
  if (format === 'date' || /date|day/.test(name)) return text.match(/\d{4}-\d{2}-\d{2}/)?.[0] ?? '2025-01-01';
  if (format === 'email' || /e-?mail/.test(name))
    return text.match(/[\w.+-]+@[\w-]+\.[\w.]+/)?.[0] ?? 'user@example.com';
  if (format === 'uri' || /url|link/.test(name)) return text.match(/https?:\/\/\S+/)?.[0] ?? 'https://example.com';
  if (/location|city|place|country|destination|address|region|town/.test(name)) {
    return text.match(PLACE_NAME)?.[1] ?? text.match(PROPER)?.[1] ?? keywords(text, 1)[0] ?? 'Paris';
  }
  if (/(^|_)(name|person|author|user)(_|$)/.test(name))
    return text.match(PROPER)?.[1] ?? keywords(text, 1)[0] ?? 'Alex';
  if (/expression|formula|equation|math|calc/.test(name)) {
    // The longest run of arithmetic in the prompt: "Calculate 12 * (3 + 4)" gives "12 * (3 + 4)".
    const runs = (text.match(/[\d.()+\-*/%^\s]*\d[\d.()+\-*/%^\s]*/g) ?? []).map((run) => run.trim());
    return runs.sort((a, b) => b.length - a.length)[0] || text.trim().slice(0, 200);
  }
  if (/query|^q$|search|prompt|question|input|message|text|content/.test(name)) return text.trim().slice(0, 200);
  if (/summary|description|answer|reason|explanation/.test(name))
    return `About ${keywords(text, 3).join(', ') || 'the request'}.`;
  if (/lang/.test(name)) return 'en';
  const keys = keywords(text, 2);
  return keys.length > 0 ? keys.join(' ') : 'value';
}

function resolveRef(root: JsonSchema, ref: string): JsonSchema | undefined {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) node = (node as Record<string, unknown> | undefined)?.[part];
  return node && typeof node === 'object' ? (node as JsonSchema) : undefined;
}

/** A tool as the chat request declares it. */
export interface ToolSpec {
  type?: string;
  function: { name: string; description?: string | undefined; parameters?: JsonSchema | undefined };
}

/**
 * How well a tool matches a request: its name's words count double, its description's once, and
 * words related to a name word (`weather` → `rain`, `forecast`) count too.
 */
export function toolScore(tool: ToolSpec, text: string): number {
  const asked = new Set(stems(text));
  const nameWords = tool.function.name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .map((w) => w.toLowerCase())
    .filter(
      (w) => w && !STOPWORDS.has(w) && !['get', 'set', 'fetch', 'call', 'run', 'do', 'tool', 'function'].includes(w),
    )
    .map(stem);
  let score = 0;
  for (const w of nameWords) {
    if (asked.has(w)) score += 2;
    else if ([...(TOPICS.get(w) ?? [])].some((r) => asked.has(r))) score += 1.5;
  }
  for (const w of new Set(stems(tool.function.description ?? ''))) if (asked.has(w)) score += 1;
  return score;
}

/** The tool a model would call for this request, or undefined to answer in text. */
export function chooseTool(tools: readonly ToolSpec[], toolChoice: unknown, text: string): ToolSpec | undefined {
  if (tools.length === 0 || toolChoice === 'none') return undefined;
  if (toolChoice && typeof toolChoice === 'object') {
    const name = (toolChoice as { function?: { name?: string } }).function?.name;
    return tools.find((t) => t.function.name === name);
  }
  const scored = tools.map((tool) => ({ tool, score: toolScore(tool, text) })).sort((a, b) => b.score - a.score);
  if (toolChoice === 'required') return scored[0]!.tool;
  return scored[0]!.score >= 2 ? scored[0]!.tool : undefined;
}

/** What generation produced once `stop` and the token budget were applied. */
export interface Completion {
  tokens: LlmToken[];
  text: string;
  /** `eos`: the model finished by itself; `stop`: a stop sequence; `length`: the token budget. */
  finish: 'eos' | 'stop' | 'length';
}

/**
 * Applies stop sequences (earliest wins; kept in the text when `includeStop`, as TGI's `/generate`
 * does, dropped as OpenAI-style chat does) and the token budget to a full generation.
 */
export function complete(
  full: string,
  options: {
    stop?: readonly string[] | undefined;
    maxTokens?: number | undefined;
    includeStop: boolean;
    vocabSize?: number | undefined;
  },
): Completion {
  let text = full;
  let finish: Completion['finish'] = 'eos';
  let best = -1;
  let bestSequence = '';
  for (const sequence of options.stop ?? []) {
    if (!sequence) continue;
    const index = full.indexOf(sequence);
    if (index !== -1 && (best === -1 || index < best)) {
      best = index;
      bestSequence = sequence;
    }
  }
  if (best !== -1) {
    text = full.slice(0, options.includeStop ? best + bestSequence.length : best);
    finish = 'stop';
  }
  let tokens = llmTokens(text, options.vocabSize);
  // The ending token (EOS, or a dropped stop sequence) would be one more: a spent budget means `length`.
  const max = options.maxTokens;
  const endsInside = finish === 'stop' && options.includeStop;
  if (max !== undefined && (endsInside ? tokens.length > max : tokens.length >= max)) {
    tokens = tokens.slice(0, max);
    text = tokens.map((t) => t.text).join('');
    finish = 'length';
  }
  return { tokens, text, finish };
}

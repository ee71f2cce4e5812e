/**
 * Every engine's work grows about linearly with its input, so no input can hold the emulator for
 * long. Work is counted, not timed: the text helpers (hashing, embedding, similarity) are wrapped to
 * add up the characters they are handed and the vectors they compare, and an input four times as
 * large must cost about four times as much (a quadratic engine costs sixteen). The maximum-size
 * inputs of the slowest shapes must simply complete.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Embeddings from '../engines/embeddings';
import type * as Textkit from '../engines/textkit';
import { chatUrl, emulator } from './emu-test-utils';

const work = { chars: 0 };
const count = (...texts: unknown[]) => {
  for (const t of texts) if (typeof t === 'string') work.chars += t.length;
};

vi.mock('../engines/textkit', async (importOriginal) => {
  const real = await importOriginal<typeof Textkit>();
  return {
    ...real,
    hash: (text: string, seed?: number) => (count(text), real.hash(text, seed)),
    unit: (text: string) => (count(text), real.unit(text)),
  };
});

vi.mock('../engines/embeddings', async (importOriginal) => {
  const real = await importOriginal<typeof Embeddings>();
  return {
    ...real,
    hash32: (text: string, seed?: number) => (count(text), real.hash32(text, seed)),
    fnvState: (text: string, seed?: number) => (count(text), real.fnvState(text, seed)),
    unit: (text: string, seed?: number) => (count(text), real.unit(text, seed)),
    embed: (text: string, dim: number, options?: object) => (count(text), real.embed(text, dim, options)),
    textSimilarity: (a: string, b: string, dim?: number) => (count(a, b), real.textSimilarity(a, b, dim)),
    // A vector comparison counts as reading both vectors.
    cosine: (a: number[], b: number[]) => ((work.chars += a.length + b.length), real.cosine(a, b)),
  };
});

beforeEach(() => {
  work.chars = 0;
});

/** Characters (and vector entries) the helpers handled while answering one request. */
async function workOf(path: string, body: unknown): Promise<number> {
  const { post } = emulator();
  work.chars = 0;
  const res = await post(path, body);
  expect(res.status, await res.clone().text()).toBe(200);
  await res.arrayBuffer();
  return work.chars;
}

const PROSE = 'Barack Obama met Angela Merkel in Berlin on Tuesday to discuss the refund policy of Microsoft. ';
const prose = (n: number) => PROSE.repeat(Math.ceil(n / PROSE.length)).slice(0, n);

/** Work for `make(n)` and `make(4n)`: their ratio is ~4 when linear, ~16 when quadratic. */
async function growth(path: string, make: (n: number) => unknown, n: number) {
  await workOf(path, make(n)); // warm-up (lazy imports, caches)
  const small = await workOf(path, make(n));
  const large = await workOf(path, make(4 * n));
  return large / small;
}

describe('engines do linear work', () => {
  it('NER hashes the text once, not once per token', async () => {
    const ratio = await growth('/models/dslim/bert-base-NER', (n) => ({ inputs: prose(n) }), 4000);
    expect(ratio).toBeLessThan(6);
  });

  it('NER splits a very long word in linear time', async () => {
    const ratio = await growth('/models/dslim/bert-base-NER', (n) => ({ inputs: `Paris ${'a'.repeat(n)}` }), 4000);
    expect(ratio).toBeLessThan(6);
  });

  it('summarization compares each sentence with the whole, not with every other sentence', async () => {
    const ratio = await growth('/models/facebook/bart-large-cnn', (n) => ({ inputs: 'A b c. '.repeat(n / 7) }), 2800);
    expect(ratio).toBeLessThan(6);
  });

  it('fill-mask reads the text once per input, not once per mask and vocabulary word', async () => {
    const masked = (n: number) => ({ inputs: `${prose(n)} The [MASK] is here. `.repeat(n / 1000) });
    const ratio = await growth('/models/google-bert/bert-base-uncased', masked, 1000);
    expect(ratio).toBeLessThan(6);
  });

  it('question answering hashes the question once, not once per candidate answer', async () => {
    const qa = (n: number) => ({
      inputs: { question: `Who met Angela Merkel ${'and why '.repeat(n / 8)}?`, context: prose(n) },
    });
    const ratio = await growth('/models/deepset/roberta-base-squad2', qa, 2000);
    expect(ratio).toBeLessThan(6);
  });
});

describe('maximum-size inputs complete', () => {
  // Each of these took from seconds to minutes before its engine was made linear.
  it('summarization of 6,400 tiny sentences (32,000 characters)', { timeout: 20_000 }, async () => {
    const { post } = emulator();
    const res = await post('/models/facebook/bart-large-cnn', { inputs: 'A b. '.repeat(6400) });
    expect(res.status).toBe(200);
  });

  it('fill-mask with 32 masks in 32,000 characters', { timeout: 20_000 }, async () => {
    const { post } = emulator();
    const text = `${prose(1000 - 20)} The [MASK] is here.`.repeat(32);
    const res = await post('/models/google-bert/bert-base-uncased', { inputs: text.slice(0, 32_000) });
    expect(res.status).toBe(200);
    expect(((await res.json()) as unknown[]).length).toBe(32);
  });

  it('a chat whose message is one 120,000-character word', { timeout: 20_000 }, async () => {
    const { post } = emulator();
    const res = await post(chatUrl('meta-llama/Llama-3.1-8B-Instruct'), {
      model: 'meta-llama/Llama-3.1-8B-Instruct',
      messages: [{ role: 'user', content: 'x'.repeat(120_000) }],
      max_tokens: 10,
    });
    expect(res.status).toBe(200);
  });
});

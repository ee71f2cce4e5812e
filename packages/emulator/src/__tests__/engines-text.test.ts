/**
 * The text engines: embeddings, sentence similarity, fill-mask, extractive QA,
 * summarisation, translation, table QA and the tabular tasks, called directly with a constructed
 * context and checked against core's output schemas.
 */
import {
  featureExtractionOutput,
  fillMaskOutput,
  questionAnsweringOutput,
  sentenceSimilarityOutput,
  summarizationOutput,
  tableQuestionAnsweringOutput,
  tabularClassificationOutput,
  tabularRegressionOutput,
  translationOutput,
} from '@inferkit/core';
import { describe, expect, it } from 'vitest';
import { codePointLength, cosine, embed, tokenize } from '../engines/embeddings';
import { engines } from '../engines/index';
import { catalogueModels } from '../models';
import { expectInputError, json, raw, run } from './engine-test-utils';

const valid = (schema: { safeParse(v: unknown): { success: boolean } }, value: unknown) =>
  expect(schema.safeParse(value).success, JSON.stringify(value).slice(0, 300)).toBe(true);
const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

describe('catalogue and registry', () => {
  it('has an engine for every task of its models, and the models people know', () => {
    // Only provider jobs serve the video and image-text tasks (their MP4s and edits are made in provider-jobs.ts).
    const jobOnly = ['text-to-video', 'image-to-video', 'image-text-to-video', 'image-text-to-image'];
    for (const m of catalogueModels)
      if (!jobOnly.includes(m.task)) expect(engines[m.task], m.id).toBeTypeOf('function');
    const ids = catalogueModels.map((m) => m.id);
    for (const id of [
      'google-bert/bert-base-uncased',
      'FacebookAI/roberta-base',
      'deepset/roberta-base-squad2',
      'distilbert/distilbert-base-cased-distilled-squad',
      'facebook/bart-large-cnn',
      'sshleifer/distilbart-cnn-12-6',
      'google/tapas-base-finetuned-wtq',
      'scikit-learn/tabular-playground',
      'scikit-learn/Fish-Weight',
      'sentence-transformers/all-MiniLM-L6-v2',
      'BAAI/bge-small-en-v1.5',
      'intfloat/multilingual-e5-large',
      'google-t5/t5-small',
      'Helsinki-NLP/opus-mt-en-fr',
      'facebook/mbart-large-50-many-to-many-mmt',
    ]) {
      expect(ids).toContain(id);
    }
    expect(new Set(ids.map((id) => id.toLowerCase())).size).toBe(ids.length);
  });

  it('marks sentence-embedding models as serving both embedding pipelines', () => {
    const m = catalogueModels.find((x) => x.id === 'sentence-transformers/all-MiniLM-L6-v2')!;
    expect([m.task, ...(m.tasks ?? [])].sort()).toEqual(['feature-extraction', 'sentence-similarity']);
    expect(m.options?.tasks).toEqual(['feature-extraction', 'sentence-similarity']);
  });
});

describe('tokenize and embed', () => {
  it('reports code-point offsets next to UTF-16 ones', () => {
    const text = '👋🏽 héllo wörld';
    const [a, b] = tokenize(text);
    expect(a!.text).toBe('héllo');
    expect(a!.start).toBe(3); // 👋 and 🏽 are one code point each, plus the space
    expect(a!.start16).toBe(5);
    expect(Array.from(text).slice(b!.start, b!.end).join('')).toBe('wörld');
    expect(codePointLength('a😀b')).toBe(3);
  });

  it('gives related texts a higher cosine than unrelated ones', () => {
    const a = embed('The cat sat on the mat', 384);
    const b = embed('A cat was sitting on a mat', 384);
    const c = embed('Quarterly revenue grew by eight percent', 384);
    expect(cosine(a, b)).toBeGreaterThan(cosine(a, c) + 0.2);
  });
});

describe('feature-extraction', () => {
  const MINI = 'sentence-transformers/all-MiniLM-L6-v2';

  it('returns a unit vector of the model dimension for a string, a matrix for a list', async () => {
    const one = await run('feature-extraction', json(MINI, { inputs: 'Hello world' }));
    valid(featureExtractionOutput, one);
    expect(one).toHaveLength(384);
    expect(norm(one)).toBeCloseTo(1, 5);
    const many = await run('feature-extraction', json(MINI, { inputs: ['Hello world', 'Goodbye'] }));
    expect(many).toHaveLength(2);
    expect(many[0]).toEqual(one);
    expect((await run('feature-extraction', json('intfloat/multilingual-e5-large', { inputs: 'x' }))).length).toBe(
      1024,
    );
    expect((await run('feature-extraction', json('BAAI/bge-small-en-v1.5', { inputs: 'x' }))).length).toBe(384);
  });

  it('is deterministic and input dependent', async () => {
    const a = await run('feature-extraction', json(MINI, { inputs: 'Paris is in France' }));
    expect(await run('feature-extraction', json(MINI, { inputs: 'Paris is in France' }))).toEqual(a);
    expect(await run('feature-extraction', json(MINI, { inputs: 'Berlin is in Germany' }))).not.toEqual(a);
  });

  it('ranks similar sentences above unrelated ones', async () => {
    const [q, near, far] = await run(
      'feature-extraction',
      json(MINI, {
        inputs: [
          'How do I reset my password?',
          'I forgot my password, how can I reset it?',
          'The weather in Lisbon is sunny',
        ],
      }),
    );
    expect(cosine(q, near)).toBeGreaterThan(cosine(q, far));
  });

  it('honours normalize: false (TEI puts it at the root, the pipeline format in parameters)', async () => {
    const rootForm = await run(
      'feature-extraction',
      json(MINI, { inputs: 'a fairly long sentence with many words in it', normalize: false }),
    );
    const nested = await run(
      'feature-extraction',
      json(MINI, { inputs: 'a fairly long sentence with many words in it', parameters: { normalize: false } }),
    );
    expect(rootForm).toEqual(nested);
    expect(norm(rootForm)).toBeGreaterThan(1.5);
  });

  it('honours truncate and truncation_direction, and refuses too long input when truncate is false', async () => {
    const long = Array.from({ length: 400 }, (_, i) => `word${i}`).join(' ');
    await expectInputError(
      'feature-extraction',
      json(MINI, { inputs: long, truncate: false }),
      /must have less than 256 tokens/,
      413,
    );
    const right = await run('feature-extraction', json(MINI, { inputs: long, truncate: true }));
    const left = await run(
      'feature-extraction',
      json(MINI, { inputs: long, truncate: true, truncation_direction: 'Left' }),
    );
    expect(right).not.toEqual(left);
    // The kept part decides: cutting from the right keeps the start.
    const start = await run('feature-extraction', json(MINI, { inputs: long.split(' ').slice(0, 120).join(' ') }));
    expect(cosine(right, start)).toBeGreaterThan(cosine(left, start));
  });

  it('honours prompt_name with the model prompts, and refuses unknown ones', async () => {
    const e5 = 'intfloat/multilingual-e5-large';
    const plain = await run('feature-extraction', json(e5, { inputs: 'how to bake bread' }));
    const query = await run('feature-extraction', json(e5, { inputs: 'how to bake bread', prompt_name: 'query' }));
    expect(query).toEqual(await run('feature-extraction', json(e5, { inputs: 'query: how to bake bread' })));
    expect(query).not.toEqual(plain);
    await expectInputError('feature-extraction', json(e5, { inputs: 'x', prompt_name: 'nope' }), /prompt `nope`/);
  });

  it('refuses bad input', async () => {
    await expectInputError('feature-extraction', json(MINI, {}), /inputs/);
    await expectInputError('feature-extraction', json(MINI, { inputs: 42 }), /inputs/);
    await expectInputError('feature-extraction', json(MINI, { inputs: '' }), /cannot be empty/);
    await expectInputError('feature-extraction', json(MINI, { inputs: 'x', normalize: 'yes' }), /normalize/);
  });
});

describe('sentence-similarity', () => {
  it('scores each sentence by cosine with the source', async () => {
    const out = await run(
      'sentence-similarity',
      json('sentence-transformers/all-MiniLM-L6-v2', {
        inputs: {
          source_sentence: 'That is a happy person',
          sentences: ['That is a happy dog', 'That is a very happy person', 'Today is a sunny day'],
        },
      }),
    );
    valid(sentenceSimilarityOutput, out);
    expect(out).toHaveLength(3);
    expect(out[1]).toBeGreaterThan(out[0]);
    expect(out[0]).toBeGreaterThan(out[2]);
    for (const s of out) expect(Math.abs(s)).toBeLessThanOrEqual(1);
  });

  it('agrees with feature-extraction of the same model', async () => {
    const id = 'BAAI/bge-small-en-v1.5';
    const [a, b] = await run('feature-extraction', json(id, { inputs: ['red apples', 'green apples'] }));
    const [s] = await run(
      'sentence-similarity',
      json(id, { inputs: { source_sentence: 'red apples', sentences: ['green apples'] } }),
    );
    expect(s).toBeCloseTo(cosine(a, b), 5);
  });

  it('refuses a missing or empty sentence list', async () => {
    await expectInputError(
      'sentence-similarity',
      json('BAAI/bge-small-en-v1.5', { inputs: { source_sentence: 'x' } }),
      /sentences/,
    );
    await expectInputError(
      'sentence-similarity',
      json('BAAI/bge-small-en-v1.5', { inputs: { source_sentence: 'x', sentences: [] } }),
      /sentences/,
    );
    await expectInputError('sentence-similarity', json('BAAI/bge-small-en-v1.5', { inputs: 'x' }), /source_sentence/);
  });
});

describe('fill-mask', () => {
  it('fills [MASK] for BERT, in lower case for an uncased model', async () => {
    const out = await run(
      'fill-mask',
      json('google-bert/bert-base-uncased', { inputs: 'The capital of France is [MASK].' }),
    );
    valid(fillMaskOutput, out);
    expect(out).toHaveLength(5);
    expect(out[0]).toMatchObject({ token_str: 'paris', sequence: 'the capital of france is paris.' });
    for (const c of out) {
      expect(c.sequence).toBe(`the capital of france is ${c.token_str}.`);
      expect(Number.isInteger(c.token)).toBe(true);
    }
    const total = out.reduce((s: number, c: { score: number }) => s + c.score, 0);
    expect(total).toBeLessThanOrEqual(1);
    expect(out.map((c: { score: number }) => c.score)).toEqual(
      [...out.map((c: { score: number }) => c.score)].sort((a, b) => b - a),
    );
  });

  it('fills <mask> for RoBERTa, keeping case and the leading space of the token', async () => {
    const out = await run('fill-mask', json('FacebookAI/roberta-base', { inputs: 'The dog <mask> at the mailman.' }));
    expect(out[0].token_str).toBe(' barked');
    expect(out[0].sequence).toBe('The dog barked at the mailman.');
  });

  it('picks candidates from context', async () => {
    const life = await run(
      'fill-mask',
      json('google-bert/bert-base-uncased', { inputs: 'The goal of life is [MASK].' }),
    );
    expect(life[0].token_str).toBe('happiness');
    const verb = await run('fill-mask', json('google-bert/bert-base-uncased', { inputs: 'I want to [MASK] a book.' }));
    expect(['read', 'buy', 'find', 'write', 'make', 'get']).toContain(verb[0].token_str);
  });

  it('refuses text without the model mask token, naming the token', async () => {
    await expectInputError(
      'fill-mask',
      json('google-bert/bert-base-uncased', { inputs: 'The capital of France is <mask>.' }),
      'No mask_token ([MASK]) found on the input',
    );
    await expectInputError(
      'fill-mask',
      json('FacebookAI/roberta-base', { inputs: 'Paris is the [MASK] of France.' }),
      'No mask_token (<mask>) found on the input',
    );
  });

  it('honours top_k and targets', async () => {
    const three = await run(
      'fill-mask',
      json('google-bert/bert-base-uncased', { inputs: 'I love [MASK].', parameters: { top_k: 3 } }),
    );
    expect(three).toHaveLength(3);
    const targeted = await run(
      'fill-mask',
      json('google-bert/bert-base-uncased', {
        inputs: 'The capital of France is [MASK].',
        parameters: { targets: ['london', 'paris', 'zebra'] },
      }),
    );
    expect(targeted.map((c: { token_str: string }) => c.token_str)).toEqual(['paris', 'london', 'zebra']);
    await expectInputError(
      'fill-mask',
      json('google-bert/bert-base-uncased', { inputs: 'a [MASK]', parameters: { top_k: 0 } }),
      /top_k/,
    );
  });

  it('answers one list per mask when there are several', async () => {
    const out = await run('fill-mask', json('FacebookAI/roberta-base', { inputs: '<mask> is the capital of <mask>.' }));
    valid(fillMaskOutput, out);
    expect(out).toHaveLength(2);
    expect(out[0][0].sequence).toMatch(/^\S+ is the capital of <mask>\.$/);
    expect(out[1][0].sequence).toMatch(/^<mask> is the capital of \S+\.$/);
  });

  it('is deterministic and input dependent', async () => {
    const a = await run('fill-mask', json('google-bert/bert-base-uncased', { inputs: 'My favourite [MASK] is blue.' }));
    expect(
      await run('fill-mask', json('google-bert/bert-base-uncased', { inputs: 'My favourite [MASK] is blue.' })),
    ).toEqual(a);
    expect(
      await run('fill-mask', json('google-bert/bert-base-uncased', { inputs: 'She went to the [MASK] yesterday.' })),
    ).not.toEqual(a);
  });
});

describe('question-answering', () => {
  const QA = 'deepset/roberta-base-squad2';
  const context = 'My name is Clara and I live in Berkeley.';

  it('returns a span of the context with Python offsets, as one object without top_k', async () => {
    const out = await run('question-answering', json(QA, { inputs: { question: "What's my name?", context } }));
    valid(questionAnsweringOutput, out);
    expect(Array.isArray(out)).toBe(false);
    expect(out).toMatchObject({ answer: 'Clara', start: 11, end: 16 });
    expect(out.score).toBeGreaterThan(0.5);
    expect(out.score).toBeLessThanOrEqual(1);
  });

  it('counts offsets in code points, so emoji before the span shift them by one each', async () => {
    const ctx = '🎉🎉 Party at the Grand Hotel! The party starts at 9 pm. Bring snacks.';
    const out = await run(
      'question-answering',
      json(QA, { inputs: { question: 'Where is the party?', context: ctx } }),
    );
    expect(out.answer).toBe('Grand Hotel');
    expect(Array.from(ctx).slice(out.start, out.end).join('')).toBe('Grand Hotel');
    expect(out.start).toBe(ctx.indexOf('Grand') - 2);
  });

  it('answers by question type', async () => {
    const hf =
      'Hugging Face is a company based in New York. It was founded in 2016 by Clément Delangue, Julien Chaumond and Thomas Wolf. It has 200 employees.';
    const ask = async (question: string) =>
      (await run('question-answering', json(QA, { inputs: { question, context: hf } }))).answer;
    expect(await ask('When was the company founded?')).toBe('2016');
    expect(await ask('How many employees does it have?')).toBe('200');
    expect(await ask('Who founded the company?')).toBe('Clément Delangue');
    expect(await ask('Where do I live?')).not.toBe('');
  });

  it('honours top_k with several spans sorted by score, each a real span', async () => {
    const out = await run(
      'question-answering',
      json(QA, { inputs: { question: 'Where do I live?', context }, parameters: { top_k: 3 } }),
    );
    valid(questionAnsweringOutput, out);
    expect(out).toHaveLength(3);
    expect(out[0].answer).toBe('Berkeley');
    for (const a of out) expect(Array.from(context).slice(a.start, a.end).join('')).toBe(a.answer);
    expect(out.map((a: { score: number }) => a.score)).toEqual(
      [...out.map((a: { score: number }) => a.score)].sort((a, b) => b - a),
    );
  });

  it('honours max_answer_len and handle_impossible_answer', async () => {
    const long = 'The winner was Maria Anna Sofia Elena Garcia Lopez of Spain.';
    const short = await run(
      'question-answering',
      json(QA, {
        inputs: { question: 'Who was the winner?', context: long },
        parameters: { max_answer_len: 2, top_k: 5 },
      }),
    );
    for (const a of short) expect(a.answer.split(' ').length).toBeLessThanOrEqual(2);
    const none = await run(
      'question-answering',
      json(QA, {
        inputs: { question: 'What is the boiling point of mercury?', context },
        parameters: { handle_impossible_answer: true },
      }),
    );
    expect(none).toMatchObject({ answer: '', start: 0, end: 0 });
  });

  it('refuses missing question or context', async () => {
    await expectInputError('question-answering', json(QA, { inputs: { question: 'Who?' } }), /context/);
    await expectInputError('question-answering', json(QA, { inputs: 'just text' }), /question, context/);
  });
});

describe('summarization', () => {
  const article =
    'The tower is 324 metres (1,063 ft) tall, about the same height as an 81-storey building, and the tallest structure in Paris. ' +
    'Its base is square, measuring 125 metres (410 ft) on each side. ' +
    'During its construction, the Eiffel Tower surpassed the Washington Monument to become the tallest man-made structure in the world, a title it held for 41 years until the Chrysler Building in New York City was finished in 1930. ' +
    'It was the first structure to reach a height of 300 metres. ' +
    'Due to the addition of a broadcasting aerial at the top of the tower in 1957, it is now taller than the Chrysler Building by 5.2 metres (17 ft). ' +
    'Excluding transmitters, the Eiffel Tower is the second tallest free-standing structure in France after the Millau Viaduct.';

  it('extracts whole sentences of the text, in order, shorter than the text', async () => {
    const out = await run('summarization', json('facebook/bart-large-cnn', { inputs: article }));
    valid(summarizationOutput, out);
    const summary: string = out[0].summary_text;
    expect(summary.length).toBeLessThan(article.length);
    expect(summary.length).toBeGreaterThan(40);
    const start = article.indexOf(summary.slice(0, 30));
    expect(start).toBeGreaterThanOrEqual(0);
  });

  it('respects generate_parameters.max_length', async () => {
    const long = (await run('summarization', json('facebook/bart-large-cnn', { inputs: article })))[0].summary_text;
    const short = (
      await run(
        'summarization',
        json('facebook/bart-large-cnn', { inputs: article, parameters: { generate_parameters: { max_length: 20 } } }),
      )
    )[0].summary_text;
    expect(short.length).toBeLessThan(long.length);
    expect(short.split(' ').length).toBeLessThanOrEqual(20);
  });

  it('is input dependent', async () => {
    const other =
      'Cats sleep for most of the day. They hunt at dawn and dusk. Many cats enjoy boxes. A cat purrs when content, and sometimes when stressed.';
    const a = (await run('summarization', json('sshleifer/distilbart-cnn-12-6', { inputs: other })))[0].summary_text;
    expect(a).toMatch(/cat/i);
    await expectInputError('summarization', json('facebook/bart-large-cnn', { inputs: '' }), /inputs/);
  });
});

describe('translation', () => {
  it('translates English to French by default for T5 and opus-mt-en-fr', async () => {
    const out = await run(
      'translation',
      json('google-t5/t5-small', { inputs: 'Hello, my name is Sarah and I love my dog.' }),
    );
    valid(translationOutput, out);
    expect(out[0].translation_text).toBe("Bonjour, je m'appelle Sarah et j'aime mon chien.");
    const marian = await run('translation', json('Helsinki-NLP/opus-mt-en-fr', { inputs: 'Thank you, my friend.' }));
    expect(marian[0].translation_text).toBe('Merci, mon ami.');
  });

  it('honours src_lang / tgt_lang on multilingual models, in any common code form', async () => {
    const mbart = 'facebook/mbart-large-50-many-to-many-mmt';
    const de = await run(
      'translation',
      json(mbart, {
        inputs: 'Good morning! The weather is nice today.',
        parameters: { src_lang: 'en_XX', tgt_lang: 'de_DE' },
      }),
    );
    expect(de[0].translation_text).toBe('Guten Morgen! Das Wetter ist schön heute.');
    const en = await run(
      'translation',
      json(mbart, {
        inputs: 'Hola, me llamo Ana y tengo un perro.',
        parameters: { src_lang: 'es_XX', tgt_lang: 'en_XX' },
      }),
    );
    expect(en[0].translation_text).toBe('Hello, my name is Ana and I have a dog.');
    const nllb = await run(
      'translation',
      json('facebook/nllb-200-distilled-600M', {
        inputs: 'the cat and the dog',
        parameters: { src_lang: 'eng_Latn', tgt_lang: 'spa_Latn' },
      }),
    );
    expect(nllb[0].translation_text).toBe('el gato y el perro');
    await expectInputError(
      'translation',
      json(mbart, { inputs: 'x', parameters: { src_lang: 'en_XX', tgt_lang: 'xx_YY' } }),
      /tgt_lang/,
    );
  });

  it('reads the T5 task prefix', async () => {
    const out = await run(
      'translation',
      json('google-t5/t5-small', { inputs: 'translate English to German: The house is big.' }),
    );
    expect(out[0].translation_text).toBe('Das Haus ist groß.');
  });

  it('passes unknown words through and depends on the input', async () => {
    const out = await run('translation', json('Helsinki-NLP/opus-mt-en-fr', { inputs: 'Kubernetes is good' }));
    expect(out[0].translation_text).toBe('Kubernetes est bon');
  });
});

describe('table-question-answering', () => {
  const TAPAS = 'google/tapas-base-finetuned-wtq';
  const table = {
    Repository: ['Transformers', 'Datasets', 'Tokenizers'],
    Stars: ['36542', '4512', '3934'],
    Contributors: ['651', '77', '34'],
    'Programming language': ['Python', 'Python', 'Rust, Python and NodeJS'],
  };
  const ask = (query: string, t: unknown = table) =>
    run('table-question-answering', json(TAPAS, { inputs: { query, table: t } }));

  it('looks up the cell of the named row and column', async () => {
    const out = await ask('How many stars does the transformers repository have?');
    valid(tableQuestionAnsweringOutput, out);
    expect(out).toEqual({ answer: '36542', coordinates: [[0, 1]], cells: ['36542'], aggregator: 'NONE' });
    expect((await ask('What language is Tokenizers written in?')).cells).toEqual(['Rust, Python and NodeJS']);
  });

  it('aggregates when the query asks, in the TAPAS answer format', async () => {
    expect(await ask('What is the total number of contributors?')).toEqual({
      answer: 'SUM > 651, 77, 34',
      coordinates: [
        [0, 2],
        [1, 2],
        [2, 2],
      ],
      cells: ['651', '77', '34'],
      aggregator: 'SUM',
    });
    expect((await ask('What is the average number of stars?')).aggregator).toBe('AVERAGE');
    const count = await ask('How many repositories are there?');
    expect(count.aggregator).toBe('COUNT');
    expect(count.answer).toBe('COUNT > Transformers, Datasets, Tokenizers');
  });

  it('answers superlatives with the extreme row', async () => {
    expect((await ask('Which repository has the most stars?')).answer).toBe('Transformers');
    expect((await ask('Which repository has the fewest contributors?')).answer).toBe('Tokenizers');
  });

  it('omits the aggregator for models without an aggregation head', async () => {
    const out = await run(
      'table-question-answering',
      json('google/tapas-base-finetuned-sqa', { inputs: { query: 'How many stars does Datasets have?', table } }),
    );
    expect(out).toEqual({ answer: '4512', coordinates: [[1, 1]], cells: ['4512'] });
  });

  it('refuses columns of different lengths and a missing table', async () => {
    await expectInputError(
      'table-question-answering',
      json(TAPAS, { inputs: { query: 'x', table: { a: ['1', '2'], b: ['1'] } } }),
      'All arrays must be of the same length',
    );
    await expectInputError('table-question-answering', json(TAPAS, { inputs: { query: 'x' } }), /table/);
  });
});

describe('tabular', () => {
  const data = { a: ['1', '2', '3', '40'], b: ['x', 'y', 'z', 'w'], c: [0.5, 1.5, -2, null] };

  it('classifies each row deterministically, from the row values', async () => {
    const out = await run('tabular-classification', json('scikit-learn/tabular-playground', { inputs: { data } }));
    valid(tabularClassificationOutput, out);
    expect(out).toHaveLength(4);
    for (const label of out) expect([0, 1]).toContain(label);
    expect(await run('tabular-classification', json('scikit-learn/tabular-playground', { inputs: { data } }))).toEqual(
      out,
    );
    // Each row's prediction depends on that row only.
    const single = await run(
      'tabular-classification',
      json('scikit-learn/tabular-playground', { inputs: { data: { a: ['40'], b: ['w'], c: [null] } } }),
    );
    expect(single).toEqual([out[3]]);
    const wine = await run(
      'tabular-classification',
      json('julien-c/wine-quality', {
        inputs: { data: { alcohol: ['9.4', '12.8', '10.1', '14'], acidity: ['0.7', '0.3', '0.5', '0.2'] } },
      }),
    );
    for (const label of wine) expect([3, 4, 5, 6, 7, 8]).toContain(label);
  });

  it('varies with the rows', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => String(i * 7 - 100));
    const out = await run(
      'tabular-classification',
      json('scikit-learn/tabular-playground', {
        inputs: { data: { x: rows, y: rows.map((r) => String(-Number(r) / 3)) } },
      }),
    );
    expect(new Set(out).size).toBeGreaterThan(1);
  });

  it('predicts fish weight from its measurements', async () => {
    const fish = {
      Height: ['11.52', '12.48', '12.3778', '4.1'],
      Length1: ['23.2', '24', '23.9', '13.5'],
      Length2: ['25.4', '26.3', '26.5', '14.7'],
      Length3: ['30', '31.2', '31.1', '16.2'],
      Species: ['Bream', 'Bream', 'Bream', 'Perch'],
      Width: ['4.02', '4.3056', '4.6961', '2.3'],
    };
    const out = await run('tabular-regression', json('scikit-learn/Fish-Weight', { inputs: { data: fish } }));
    valid(tabularRegressionOutput, out);
    expect(out).toHaveLength(4);
    for (const w of out) expect(w).toBeGreaterThan(0);
    expect(out[0]).toBeGreaterThan(150);
    expect(out[0]).toBeLessThan(500);
    // A bigger bream weighs more; the small perch least.
    expect(out[2]).toBeGreaterThan(out[0]);
    expect(out[3]).toBeLessThan(out[0]);
  });

  it('refuses columns of different lengths and missing data', async () => {
    await expectInputError(
      'tabular-regression',
      json('scikit-learn/Fish-Weight', { inputs: { data: { a: ['1'], b: ['1', '2'] } } }),
      'All arrays must be of the same length',
    );
    await expectInputError(
      'tabular-classification',
      json('scikit-learn/tabular-playground', { inputs: {} }),
      /inputs.data/,
    );
    await expectInputError('tabular-classification', json('scikit-learn/tabular-playground', { inputs: 'x' }), /data/);
  });
});

describe('text tasks read a raw text body as inputs', () => {
  it('accepts a text/plain body', async () => {
    const out = await run(
      'fill-mask',
      raw('google-bert/bert-base-uncased', new TextEncoder().encode('Hello [MASK].'), 'text/plain'),
    );
    expect(out).toHaveLength(5);
  });

  it('so do the classification and NER engines, which read bodies with the same helpers', async () => {
    const text = (s: string) => new TextEncoder().encode(s);
    const sentiment = await run(
      'text-classification',
      raw('distilbert/distilbert-base-uncased-finetuned-sst-2-english', text('I love it'), 'text/plain'),
    );
    expect(sentiment[0].label).toBe('POSITIVE');
    const entities = await run(
      'token-classification',
      raw('dslim/bert-base-NER', text('I met Ada in Paris.'), 'text/plain'),
    );
    expect(entities.map((e: { word: string }) => e.word)).toContain('Paris');
    await expectInputError(
      'text-classification',
      json('distilbert/distilbert-base-uncased-finetuned-sst-2-english', { inputs: 'ok', parameters: 'nope' }),
      /parameters/,
    );
  });
});

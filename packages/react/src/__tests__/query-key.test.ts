import { InferenceClient } from '@inferkit/core';
import { hashKey } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { inferenceQueryKey } from '../query-key';

const hash = (...args: Parameters<typeof inferenceQueryKey>) => hashKey(inferenceQueryKey(...args));

describe('inferenceQueryKey', () => {
  it('is [inferkit, task, model, inputs, parameters]', () => {
    expect(
      inferenceQueryKey('zeroShotClassification', { inputs: 'hi', parameters: { candidateLabels: ['a', 'b'] } }),
    ).toEqual([
      'inferkit',
      'zeroShotClassification',
      'facebook/bart-large-mnli',
      'hi',
      { candidateLabels: ['a', 'b'] },
    ]);
  });

  it('does not depend on the order of object keys, at any depth', () => {
    const a = inferenceQueryKey('tableQuestionAnswering', {
      inputs: { query: 'q', table: { b: ['1'], a: ['2'] } },
      parameters: { truncation: 'do_not_truncate', padding: 'longest' },
    });
    const b = inferenceQueryKey('tableQuestionAnswering', {
      parameters: { padding: 'longest', truncation: 'do_not_truncate' },
      inputs: { table: { a: ['2'], b: ['1'] }, query: 'q' },
    } as never);
    expect(a).toEqual(b);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('does depend on array order, values and task', () => {
    const base = hash('zeroShotClassification', { inputs: 'hi', parameters: { candidateLabels: ['a', 'b'] } });
    expect(hash('zeroShotClassification', { inputs: 'hi', parameters: { candidateLabels: ['b', 'a'] } })).not.toBe(
      base,
    );
    expect(hash('zeroShotClassification', { inputs: 'hi!', parameters: { candidateLabels: ['a', 'b'] } })).not.toBe(
      base,
    );
    expect(
      hash('zeroShotClassification', { inputs: 'hi', parameters: { candidateLabels: ['a', 'b'], multiLabel: true } }),
    ).not.toBe(base);
    expect(hash('textClassification', { inputs: 'hi', parameters: { candidateLabels: ['a', 'b'] } })).not.toBe(base);
  });

  it('treats undefined fields and absent parameters as absent', () => {
    expect(hash('fillMask', { inputs: 'a [MASK]', parameters: { topK: undefined } })).toBe(
      hash('fillMask', { inputs: 'a [MASK]' }),
    );
    expect(hash('fillMask', { inputs: 'a [MASK]', parameters: {} })).toBe(hash('fillMask', { inputs: 'a [MASK]' }));
  });

  it('resolves the model: per call, then client default, then the task default', () => {
    const client = new InferenceClient({ model: 'my/model' });
    expect(inferenceQueryKey('fillMask', { inputs: 'x' })[2]).toBe('google-bert/bert-base-uncased');
    expect(inferenceQueryKey('fillMask', { inputs: 'x' }, client)[2]).toBe('my/model');
    expect(inferenceQueryKey('fillMask', { inputs: 'x', model: 'other/model' }, client)[2]).toBe('other/model');
    expect(inferenceQueryKey('fillMask', { inputs: 'x', endpointUrl: 'https://tei.example' }, client)[2]).toBe(
      'https://tei.example',
    );
    const endpoint = new InferenceClient({ endpointUrl: 'https://ep.example' });
    expect(inferenceQueryKey('fillMask', { inputs: 'x' }, endpoint)[2]).toBe('https://ep.example');
  });

  it('keys binary input by identity: the same file is one key, another file another', () => {
    const file = new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' });
    const copy = new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' });
    expect(hash('imageClassification', { inputs: file })).toBe(hash('imageClassification', { inputs: file }));
    expect(hash('imageClassification', { inputs: file })).not.toBe(hash('imageClassification', { inputs: copy }));
    const nested = hash('visualQuestionAnswering', { inputs: { image: file, question: 'what?' } });
    expect(nested).toBe(hash('visualQuestionAnswering', { inputs: { question: 'what?', image: file } }));
  });

  it('never reads the bytes: a 64 MB buffer gives a short key at once', () => {
    const bytes = new Uint8Array(64 * 1024 * 1024);
    const started = performance.now();
    const key = hash('automaticSpeechRecognition', { inputs: bytes });
    expect(performance.now() - started).toBeLessThan(50);
    expect(key.length).toBeLessThan(200);
    expect(hash('automaticSpeechRecognition', { inputs: bytes.buffer })).not.toBe(key);
  });
});

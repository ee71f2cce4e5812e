import {
  InferenceClient,
  InferenceHTTPError,
  InferenceResponseError,
  InferenceNetworkError,
  InferenceTimeoutError,
  InferenceValidationError,
} from '@inferkit/core';
import { createEmulatorHandler } from '@inferkit/emulator';
import { MutationObserver } from '@tanstack/react-query';
import { renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import * as api from '../index';
import { controlledFetch, json, labels, setup, testQueryClient, zeroShotArgs } from './query-helpers';

const {
  fillMaskOptions,
  isEmptyInput,
  retryInference,
  summarizationOptions,
  summarizationQueryOptions,
  taskQueryOptions,
  useZeroShotClassification,
  zeroShotClassificationOptions,
} = api;

const emulatorClient = () => {
  const handler = createEmulatorHandler();
  return new InferenceClient({ baseUrl: 'http://emu', fetch: (input, init) => handler(new Request(input, init)) });
};

describe('options factories outside React', () => {
  it('fetchQuery runs the task and caches it under the stable key', async () => {
    const { fetch, calls } = controlledFetch(() => json(labels(['refund', 0.9], ['faq', 0.1])));
    const client = new InferenceClient({ baseUrl: 'http://emu.test', fetch });
    const queryClient = testQueryClient();
    const options = zeroShotClassificationOptions(client, zeroShotArgs('I want my money back'));

    expect(options.queryKey).toEqual([
      'inferkit',
      'zeroShotClassification',
      'facebook/bart-large-mnli',
      'I want my money back',
      { candidateLabels: ['refund', 'faq'] },
    ]);
    const first = await queryClient.fetchQuery(options);
    const again = await queryClient.fetchQuery(
      zeroShotClassificationOptions(client, {
        parameters: { candidateLabels: ['refund', 'faq'] },
        inputs: 'I want my money back',
      }),
    );
    expect(first).toEqual(labels(['refund', 0.9], ['faq', 0.1]));
    expect(again).toBe(first);
    expect(queryClient.getQueryData(options.queryKey)).toBe(first);
    expect(calls).toHaveLength(1);
  });

  it('prefetchQuery fills the cache a hook then reads without a request', async () => {
    const { fetch, calls } = controlledFetch(() => json(labels(['refund', 1])));
    const { client, queryClient, wrapper } = setup(fetch);
    await queryClient.prefetchQuery(zeroShotClassificationOptions(client, zeroShotArgs('hello')));
    expect(calls).toHaveLength(1);

    const { result } = renderHook(() => useZeroShotClassification(zeroShotArgs('hello')), { wrapper });
    expect(result.current).toMatchObject({ status: 'success', data: labels(['refund', 1]) });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls).toHaveLength(1);
  });

  it('works against the emulator', async () => {
    const client = emulatorClient();
    const queryClient = testQueryClient();
    const candidates = await queryClient.fetchQuery(
      fillMaskOptions(client, { inputs: 'Paris is the [MASK] of France.' }),
    );
    expect(candidates.length).toBeGreaterThan(0);
    expect(candidates[0]).toHaveProperty('tokenStr');
    const { summaryText } = await queryClient.fetchQuery(
      summarizationQueryOptions(client, { inputs: 'The tower is 324 metres tall. It was the tallest structure.' }),
    );
    expect(typeof summaryText).toBe('string');
  });

  it('mutation options run through a MutationObserver', async () => {
    const { fetch, calls } = controlledFetch(() => json([{ summary_text: 'Short.' }]));
    const client = new InferenceClient({ baseUrl: 'http://emu.test', fetch });
    const observer = new MutationObserver(testQueryClient(), summarizationOptions(client));
    await expect(observer.mutate({ inputs: 'A long text.' })).resolves.toEqual({ summaryText: 'Short.' });
    expect(calls).toHaveLength(1);
    expect(summarizationOptions(client).mutationKey).toEqual(['inferkit', 'summarization']);
  });

  it('the query function passes the query signal to the request', async () => {
    const { fetch, calls } = controlledFetch();
    const client = new InferenceClient({ baseUrl: 'http://emu.test', fetch });
    const queryClient = testQueryClient();
    const options = taskQueryOptions(client, 'fillMask', { inputs: 'a [MASK]' });
    const pending = queryClient.fetchQuery(options).catch((error: unknown) => error);
    await waitFor(() => expect(calls).toHaveLength(1));
    await queryClient.cancelQueries({ queryKey: options.queryKey });
    expect(calls[0]!.signal?.aborted).toBe(true);
    await pending;
  });

  it('empty input disables the query; complete input enables it', () => {
    const client = new InferenceClient({ baseUrl: 'http://emu.test' });
    expect(zeroShotClassificationOptions(client, zeroShotArgs('')).enabled).toBe(false);
    expect(zeroShotClassificationOptions(client, zeroShotArgs('hello')).enabled).toBe(true);
    // invalid (not empty) input stays enabled so core reports what is wrong
    expect(
      zeroShotClassificationOptions(client, {
        inputs: 'hello',
        parameters: { candidateLabels: ['a'], hypothesisTemplate: 'no braces' },
      }).enabled,
    ).toBe(true);
  });
});

describe('isEmptyInput', () => {
  it.each([
    ['zeroShotClassification', { inputs: '' }, true],
    ['zeroShotClassification', { inputs: ' \n ', parameters: { candidateLabels: ['a'] } }, true],
    ['zeroShotClassification', { inputs: 'x' }, true],
    ['zeroShotClassification', { inputs: 'x', parameters: { candidateLabels: [] } }, true],
    ['zeroShotClassification', { inputs: 'x', parameters: { candidateLabels: ['a'] } }, false],
    ['zeroShotClassification', { inputs: 'x', parameters: { candidateLabels: ['a'], multiLabel: 'yes' } }, false],
    ['featureExtraction', { inputs: [] }, true],
    ['featureExtraction', { inputs: ['a'] }, false],
    ['questionAnswering', { inputs: { question: '', context: 'ctx' } }, true],
    ['questionAnswering', { inputs: { question: 'q?', context: 'ctx' } }, false],
    ['questionAnswering', { inputs: { question: '   ', context: 'ctx' } }, true],
    ['sentenceSimilarity', { inputs: { sourceSentence: 'a', sentences: [] } }, true],
    ['sentenceSimilarity', { inputs: { sourceSentence: ' ', sentences: ['b'] } }, true],
    // one empty sentence among filled ones is an error core names, not a silently disabled query
    ['sentenceSimilarity', { inputs: { sourceSentence: 'a', sentences: ['b', ''] } }, false],
    ['imageClassification', {}, true],
    ['imageClassification', { inputs: new Blob(['x']) }, false],
    ['imageClassification', { inputs: 'not bytes' }, false],
  ] as const)('%s %j → %s', (task, args, empty) => {
    expect(isEmptyInput(task, args)).toBe(empty);
  });
});

describe('retryInference', () => {
  const http = (status: number) => new InferenceHTTPError({ status, url: 'http://x' });
  it('never retries input errors', () => {
    for (const error of [
      http(400),
      http(401),
      http(404),
      http(422),
      http(429),
      new InferenceValidationError('t', []),
      new InferenceResponseError('t', 'x', null),
    ]) {
      expect(retryInference(0, error)).toBe(false);
    }
  });
  it('retries 5xx, timeouts and network failures at most twice', () => {
    for (const error of [
      http(500),
      http(502),
      http(503),
      new InferenceTimeoutError(10),
      new InferenceNetworkError('http://127.0.0.1:9/', new TypeError('fetch failed')),
    ]) {
      expect([0, 1, 2].map((count) => retryInference(count, error))).toEqual([true, true, false]);
    }
  });
});

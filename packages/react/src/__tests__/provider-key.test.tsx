/**
 * `provider` in the hooks: part of the query key, so switching provider refetches from the other
 * provider and never serves its cached answer; switching back is served from the cache. The
 * client's default provider counts the same way, and `'auto'` adds nothing to the key.
 */
import { InferenceClient } from '@inferkit/core';
import { renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useFeatureExtraction } from '../hooks';
import { inferenceQueryKey } from '../query-key';
import { setup } from './query-helpers';

const MODEL = 'BAAI/bge-base-en-v1.5';

/** The Hub maps the model to hf-inference and together; each answers a vector of its own. */
function world() {
  const seen: string[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const url = decodeURIComponent(request.url);
    if (url.includes('/api/models/')) {
      return Response.json({
        id: MODEL,
        inferenceProviderMapping: [
          { provider: 'hf-inference', providerId: MODEL, status: 'live', task: 'feature-extraction' },
          {
            provider: 'together',
            providerId: 'BAAI/bge-base-en-v1.5-vllm',
            status: 'live',
            task: 'feature-extraction',
          },
        ],
      });
    }
    seen.push(`${request.method} ${url}`);
    if (url.includes('/together/')) return Response.json({ object: 'list', data: [{ embedding: [2, 2] }] });
    return Response.json([1, 1]);
  }) as typeof globalThis.fetch;
  return { fetch, seen };
}

describe('provider in the hooks', () => {
  it('switching provider refetches from it, switching back is served from the cache', async () => {
    const { fetch, seen } = world();
    const { wrapper } = setup(fetch);
    const { result, rerender } = renderHook(
      ({ provider }: { provider: 'hf-inference' | 'together' }) =>
        useFeatureExtraction({ model: MODEL, inputs: 'hi', provider }),
      { wrapper, initialProps: { provider: 'hf-inference' } },
    );
    await waitFor(() => expect(result.current.data).toEqual([1, 1]));
    rerender({ provider: 'together' });
    // Never the other provider's answer while the new one loads.
    expect(result.current.data === undefined || result.current.isPlaceholderData).toBe(true);
    await waitFor(() => expect(result.current.data).toEqual([[2, 2]]));
    rerender({ provider: 'hf-inference' });
    expect(result.current.data).toEqual([1, 1]);
    expect(seen).toEqual([
      `POST http://emu.test/hf-inference/models/${MODEL}/pipeline/feature-extraction`,
      'POST http://emu.test/together/v1/embeddings',
    ]);
  });

  it('the key holds a named provider, the client’s default one too; auto adds nothing', () => {
    const args = { model: MODEL, inputs: 'hi' };
    const auto = inferenceQueryKey('featureExtraction', args);
    expect(inferenceQueryKey('featureExtraction', { ...args, provider: 'auto' })).toEqual(auto);
    expect(inferenceQueryKey('featureExtraction', { ...args, provider: 'together' })).toEqual([...auto, 'together']);
    expect(inferenceQueryKey('featureExtraction', args, new InferenceClient({ provider: 'together' }))).toEqual([
      ...auto,
      'together',
    ]);
  });
});

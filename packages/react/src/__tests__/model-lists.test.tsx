/**
 * `useChatModels` and `useModels` over the emulator's `/v1/models` and the Hub's `/api/models`:
 * typed lists, cached for minutes (a second component asks nothing), one key per filter.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { createEmulatorHandler } from '@inferkit/emulator';
import { InferenceProvider } from '../provider';
import { useChatModels, useModels } from '../use-hub-queries';

function emulator() {
  const handler = createEmulatorHandler({});
  const seen: string[] = [];
  const fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    seen.push(`${request.method} ${decodeURIComponent(new URL(request.url).pathname + new URL(request.url).search)}`);
    return handler(request);
  }) as typeof globalThis.fetch;
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const wrapper = ({ children }: { children?: ReactNode }) => (
    <QueryClientProvider client={queryClient}>
      <InferenceProvider baseUrl="http://emu.test" fetch={fetch}>
        {children}
      </InferenceProvider>
    </QueryClientProvider>
  );
  return { seen, wrapper, queryClient };
}

describe('model lists', () => {
  it('useChatModels: the router’s chat models with provider figures, fetched once and fresh for minutes', async () => {
    const { seen, wrapper, queryClient } = emulator();
    const first = renderHook(() => useChatModels(), { wrapper });
    await waitFor(() => expect(first.result.current.isSuccess).toBe(true));
    const llama = first.result.current.data!.find((m) => m.id === 'meta-llama/Llama-3.1-8B-Instruct');
    expect(llama?.providers.length).toBeGreaterThan(1);
    expect(llama?.providers[0]).toMatchObject({ provider: expect.any(String), status: 'live' });
    // A second component gets the cached list: no request.
    const second = renderHook(() => useChatModels(), { wrapper });
    expect(second.result.current.data).toBe(first.result.current.data);
    expect(seen.filter((r) => r === 'GET /v1/models')).toHaveLength(1);
    const state = queryClient.getQueryCache().findAll({ queryKey: ['inferkit', 'listChatModels'] })[0]!;
    expect(state.isStale()).toBe(false);
  });

  it('useModels: by task and provider, one query per filter, sent as the Hub’s query parameters', async () => {
    const { seen, wrapper } = emulator();
    const { result, rerender } = renderHook(({ provider }) => useModels({ task: 'textToImage', provider }), {
      wrapper,
      initialProps: { provider: 'fal-ai' },
    });
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(result.current.data!.map((m) => m.id)).toContain('black-forest-labs/FLUX.1-schnell');
    expect(result.current.data!.every((m) => m.task === 'text-to-image')).toBe(true);
    expect(seen).toContain('GET /api/models?inference_provider=fal-ai&pipeline_tag=text-to-image');
    rerender({ provider: 'hf-inference' });
    await waitFor(() =>
      expect(seen).toContain('GET /api/models?inference_provider=hf-inference&pipeline_tag=text-to-image'),
    );
    await waitFor(() =>
      expect(result.current.data?.map((m) => m.id)).not.toContain('black-forest-labs/FLUX.1-schnell'),
    );
  });

  it('a bad filter is the typed error of core, without a request', async () => {
    const { seen, wrapper } = emulator();
    const { result } = renderHook(() => useModels({ limit: 0 }), { wrapper });
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(result.current.error).toMatchObject({ name: 'InferenceValidationError' });
    expect(seen.filter((r) => r.startsWith('GET /api/models'))).toHaveLength(0);
  });
});

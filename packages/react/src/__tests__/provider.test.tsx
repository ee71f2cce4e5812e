import { InferenceClient } from '@inferkit/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { render, renderHook, screen, waitFor } from '@testing-library/react';
import { Component, type ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useFillMask } from '../hooks';
import { InferenceProvider, useInferenceClient } from '../provider';
import { controlledFetch, json, setup, testQueryClient } from './query-helpers';

/** Catches a render error so the test can read it (React logs it too; that log is silenced). */
class Catch extends Component<{ children: ReactNode }, { error?: Error }> {
  override state: { error?: Error } = {};
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    return this.state.error ? <p role="alert">{this.state.error.message}</p> : this.props.children;
  }
}

function Probe() {
  useFillMask({ inputs: 'Paris is the [MASK] of France.' });
  return <p>rendered</p>;
}

beforeEach(() => {
  vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('InferenceProvider', () => {
  it('without a QueryClientProvider: a clear error naming the fix', () => {
    render(
      <Catch>
        <InferenceProvider client={new InferenceClient()}>
          <Probe />
        </InferenceProvider>
      </Catch>,
    );
    const message = screen.getByRole('alert').textContent!;
    expect(message).toContain('<InferenceProvider> found no QueryClient');
    expect(message).toContain('<QueryClientProvider client={queryClient}>');
    expect(screen.queryByText('rendered')).toBeNull();
  });

  it('a hook without an InferenceProvider: a clear error naming the fix', () => {
    render(
      <QueryClientProvider client={testQueryClient()}>
        <Catch>
          <Probe />
        </Catch>
      </QueryClientProvider>,
    );
    const message = screen.getByRole('alert').textContent!;
    expect(message).toContain('No InferenceClient');
    expect(message).toContain('<InferenceProvider client={new InferenceClient(');
  });

  it('a hook given its own client but no QueryClientProvider: the QueryClient error', () => {
    function WithClient() {
      useFillMask({ inputs: 'a [MASK]' }, { client: new InferenceClient() });
      return null;
    }
    render(
      <Catch>
        <WithClient />
      </Catch>,
    );
    expect(screen.getByRole('alert').textContent).toContain('QueryClientProvider');
  });

  it('builds a client from options and keeps it while the options are equal', () => {
    const { fetch } = controlledFetch();
    const queryClient = testQueryClient();
    const seen: InferenceClient[] = [];
    function Read() {
      seen.push(useInferenceClient());
      return null;
    }
    const view = (baseUrl: string) => (
      <QueryClientProvider client={queryClient}>
        <InferenceProvider baseUrl={baseUrl} fetch={fetch} accessToken="hf_test" headers={{ 'x-app': 'demo' }}>
          <Read />
        </InferenceProvider>
      </QueryClientProvider>
    );
    const { rerender } = render(view('http://one.test'));
    rerender(view('http://one.test'));
    expect(seen[1]).toBe(seen[0]);
    expect(seen[0]!.options).toMatchObject({
      baseUrl: 'http://one.test',
      accessToken: 'hf_test',
      headers: { 'x-app': 'demo' },
    });

    rerender(view('http://two.test'));
    expect(seen[2]).not.toBe(seen[0]);
    expect(seen[2]!.options.baseUrl).toBe('http://two.test');
  });

  it('hooks use the client built from options', async () => {
    const { fetch, calls } = controlledFetch(() => json([{ sequence: 's', score: 1, token: 1, token_str: 'capital' }]));
    function Answer() {
      const { data } = useFillMask({ inputs: 'Paris is the [MASK] of France.' });
      return <p>{data?.[0]?.tokenStr ?? '…'}</p>;
    }
    render(
      <QueryClientProvider client={testQueryClient()}>
        <InferenceProvider baseUrl="http://opts.test" accessToken="hf_abc" fetch={fetch}>
          <Answer />
        </InferenceProvider>
      </QueryClientProvider>,
    );
    await waitFor(() => expect(screen.getByText('capital')).toBeTruthy());
    expect(calls[0]!.url).toBe('http://opts.test/hf-inference/models/google-bert/bert-base-uncased');
    expect(calls[0]!.headers.authorization).toBe('Bearer hf_abc');
  });

  it("a hook's `client` option wins over the provider's", async () => {
    const provider = controlledFetch(() => json([]));
    const own = controlledFetch(() => json([{ sequence: 's', score: 1, token: 1, token_str: 'x' }]));
    const { wrapper } = setup(provider.fetch);
    const client = new InferenceClient({ baseUrl: 'http://own.test', fetch: own.fetch });
    const { result } = renderHook(() => useFillMask({ inputs: 'a [MASK]' }, { client }), { wrapper });
    await waitFor(() => expect(result.current.status).toBe('success'));
    expect(own.calls).toHaveLength(1);
    expect(provider.calls).toHaveLength(0);
  });
});

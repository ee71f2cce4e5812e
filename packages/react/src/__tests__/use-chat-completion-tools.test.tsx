import { InferenceClient, tool } from '@inferkit/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, renderHook } from '@testing-library/react';
import { StrictMode, type ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { createEmulatorHandler } from '../../../emulator/src/handler';
import { InferenceProvider } from '../provider';
import { useChatCompletion, type UseChatCompletionOptions } from '../use-chat-completion';

afterEach(cleanup);

const model = 'meta-llama/Llama-3.1-8B-Instruct';

function emulatorClient() {
  const handler = createEmulatorHandler({});
  let requests = 0;
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    requests++;
    return handler(new Request(input, init));
  }) as typeof globalThis.fetch;
  return { client: new InferenceClient({ baseUrl: 'http://emu.test', fetch, model }), requests: () => requests };
}

const weatherParameters = z.object({ city: z.string() });

describe('useChatCompletion with tools (against the emulator)', () => {
  it('runs a tool once under StrictMode, with the execute of the latest render, and streams the answer', async () => {
    const { client, requests } = emulatorClient();
    const seen: string[] = [];
    const queryClient = new QueryClient();
    const wrapper = ({ children }: { children: ReactNode }) => (
      <StrictMode>
        <QueryClientProvider client={queryClient}>
          <InferenceProvider client={client}>{children}</InferenceProvider>
        </QueryClientProvider>
      </StrictMode>
    );
    const { result, rerender } = renderHook(
      ({ unit }: { unit: string }) =>
        useChatCompletion({
          throttle: 'none',
          // A new tools object on every render, as apps write it: the latest one answers.
          tools: {
            getWeather: tool({
              description: 'Get the current weather in a city',
              parameters: weatherParameters,
              execute: ({ city }) => {
                seen.push(`${city} in ${unit}`);
                return { city, temperature: 21, unit };
              },
            }),
          },
        }),
      { wrapper, initialProps: { unit: 'celsius' } },
    );
    rerender({ unit: 'kelvin' });
    await act(() => result.current.send('What is the weather in Paris?'));
    expect(seen).toEqual(['Paris in kelvin']);
    expect(requests()).toBe(2);
    expect(result.current.status).toBe('success');
    expect(result.current.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
    expect(result.current.messages[2]!.content).toBe('{"city":"Paris","temperature":21,"unit":"kelvin"}');
    expect(result.current.messages[3]!.content).toContain('getWeather');
  });

  it('shows a call without execute in pendingToolCalls; addToolResult answers it and the reply streams', async () => {
    const { client } = emulatorClient();
    const options: UseChatCompletionOptions = {
      client,
      throttle: 'none',
      tools: { getWeather: tool({ description: 'Get the current weather in a city', parameters: weatherParameters }) },
    };
    const { result } = renderHook(() => useChatCompletion(options));
    await act(() => result.current.send('What is the weather in Lima?'));
    const [call] = result.current.pendingToolCalls;
    expect(call?.function).toEqual({ name: 'getWeather', arguments: '{"city":"Lima"}' });
    expect(result.current.finishReason).toBe('tool_calls');

    const finished = vi.fn();
    await act(() => result.current.addToolResult({ toolCallId: call!.id, result: 'Sunny, 24 °C' }).then(finished));
    expect(finished).toHaveBeenCalled();
    expect(result.current.pendingToolCalls).toEqual([]);
    expect(result.current.messages.map((m) => [m.role, m.content.slice(0, 12)])).toEqual([
      ['user', 'What is the '],
      ['assistant', ''],
      ['tool', 'Sunny, 24 °C'],
      ['assistant', expect.any(String)],
    ]);
    expect(result.current.messages[3]!.content).toContain('Sunny, 24 °C');
  });
});

import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { createChatStore, fromOpenAIMessages, toOpenAIMessages, type ChatStoreOptions } from '../chat-store';
import { chatCompletionWithTools } from '../chat-tools';
import { InferenceValidationError } from '../errors';
import { tool } from '../tools';
import { createEmulatorHandler } from '../../../emulator/src/handler';
import { mockFetch, sse } from './fetch-mock';

const model = 'meta-llama/Llama-3.1-8B-Instruct';
const baseUrl = 'http://emu.test';

/** The emulator in-process; every request body recorded. */
function emulated() {
  const handler = createEmulatorHandler({});
  const requests: { url: string; body: Record<string, unknown> }[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    requests.push({ url: request.url, body: JSON.parse(await request.clone().text()) as Record<string, unknown> });
    return handler(request);
  }) as typeof globalThis.fetch;
  return { client: { options: { baseUrl, fetch } }, requests };
}

const weatherSchema = {
  type: 'object',
  properties: { city: { type: 'string', description: 'The city' } },
  required: ['city'],
};
const getWeather = (execute: (args: { city: string }) => unknown = ({ city }) => ({ city, celsius: 21 })) =>
  tool({
    description: 'Get the current weather in a city',
    parameters: z.object({ city: z.string().describe('The city') }),
    execute,
  });
const weatherDefinition = {
  type: 'function',
  function: { name: 'getWeather', description: 'Get the current weather in a city', parameters: weatherSchema },
};

const store = (options: Partial<ChatStoreOptions>) =>
  createChatStore({ model, throttle: 'none', parameters: { seed: 1, maxTokens: 60 }, ...options });

const chunk = (delta: object, finish: string | null = null) => ({
  object: 'chat.completion.chunk',
  model,
  choices: [{ index: 0, delta, finish_reason: finish }],
});
const streamed = (...events: object[]) =>
  new Response(sse(...events, '[DONE]'), { headers: { 'content-type': 'text/event-stream' } });
const words = (text: string) => streamed(chunk({ role: 'assistant', content: text }), chunk({}, 'stop'));

describe('the chat store with tools, against the emulator', () => {
  it('sends the JSON Schema, runs the call, sends the result back and streams the answer (exact /v1 bodies)', async () => {
    const { client, requests } = emulated();
    const execute = vi.fn(({ city }: { city: string }) => ({ city, celsius: 21 }));
    const onFinish = vi.fn();
    const chat = store({ client, tools: { getWeather: getWeather(execute) }, onFinish });
    await chat.send('What is the weather in Paris?');

    const { messages, status, finishReason, pendingToolCalls } = chat.getSnapshot();
    expect(status).toBe('success');
    expect(finishReason).toBe('stop');
    expect(pendingToolCalls).toEqual([]);
    const callId = messages[1]!.toolCalls![0]!.id;
    expect(
      messages.map(({ role, content, toolCalls, toolCallId }) => ({ role, content, toolCalls, toolCallId })),
    ).toEqual([
      { role: 'user', content: 'What is the weather in Paris?' },
      {
        role: 'assistant',
        content: '',
        toolCalls: [{ id: callId, type: 'function', function: { name: 'getWeather', arguments: '{"city":"Paris"}' } }],
      },
      { role: 'tool', content: '{"city":"Paris","celsius":21}', toolCallId: callId },
      { role: 'assistant', content: expect.stringContaining('getWeather') },
    ]);
    expect(execute).toHaveBeenCalledTimes(1);
    expect(execute.mock.calls[0]![0]).toEqual({ city: 'Paris' });
    expect(onFinish).toHaveBeenCalledTimes(1);
    expect(onFinish.mock.calls[0]![0].message).toBe(messages[3]);

    expect(requests.map((r) => r.url)).toEqual([`${baseUrl}/v1/chat/completions`, `${baseUrl}/v1/chat/completions`]);
    const common = {
      model,
      seed: 1,
      max_tokens: 60,
      tools: [weatherDefinition],
      stream_options: { include_usage: true },
      stream: true,
    };
    expect(requests[0]!.body).toStrictEqual({
      ...common,
      messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
    });
    expect(requests[1]!.body).toStrictEqual({
      ...common,
      messages: [
        { role: 'user', content: 'What is the weather in Paris?' },
        {
          role: 'assistant',
          content: '',
          tool_calls: [
            { id: callId, type: 'function', function: { name: 'getWeather', arguments: '{"city":"Paris"}' } },
          ],
        },
        { role: 'tool', content: '{"city":"Paris","celsius":21}', tool_call_id: callId },
      ],
    });
  });

  it('sends TGI\'s body to a dedicated endpoint (model "tgi") and a provider\'s suffix to the router', async () => {
    const tgi = emulated();
    const endpointUrl = `${baseUrl}/hf-inference/models/${model}`;
    const viaEndpoint = createChatStore({
      client: { options: { ...tgi.client.options, endpointUrl } },
      throttle: 'none',
      tools: { getWeather: getWeather() },
    });
    await viaEndpoint.send('What is the weather in Oslo?');
    expect(viaEndpoint.getSnapshot().status).toBe('success');
    expect(tgi.requests[0]).toStrictEqual({
      url: `${endpointUrl}/v1/chat/completions`,
      body: {
        model: 'tgi',
        messages: [{ role: 'user', content: 'What is the weather in Oslo?' }],
        tools: [weatherDefinition],
        stream_options: { include_usage: true },
        stream: true,
      },
    });
    expect(tgi.requests).toHaveLength(2);
    // TGI's stream repeats the id on every chunk and sends the name once (then null): one whole call.
    expect(viaEndpoint.getSnapshot().messages[1]!.toolCalls).toEqual([
      { id: '0', type: 'function', function: { name: 'getWeather', arguments: '{"city":"Oslo"}' } },
    ]);

    const routed = emulated();
    const viaProvider = store({
      client: { options: { ...routed.client.options, provider: 'groq' } },
      tools: { getWeather: getWeather() },
    });
    await viaProvider.send('What is the weather in Rome?');
    expect(viaProvider.getSnapshot().status).toBe('success');
    expect(routed.requests.map((r) => [r.url, r.body.model])).toEqual([
      [`${baseUrl}/v1/chat/completions`, `${model}:groq`],
      [`${baseUrl}/v1/chat/completions`, `${model}:groq`],
    ]);
    expect(routed.requests[0]!.body.tools).toEqual([weatherDefinition]);
  });

  it('stops after maxSteps requests when the model keeps calling (tool_choice required)', async () => {
    const { client, requests } = emulated();
    const execute = vi.fn(({ city }: { city: string }) => ({ city, celsius: 21 }));
    const chat = store({
      client,
      tools: { getWeather: getWeather(execute) },
      maxSteps: 3,
      parameters: { seed: 1, toolChoice: 'required' },
    });
    await chat.send('What is the weather in Paris?');
    const { status, finishReason, messages } = chat.getSnapshot();
    expect(requests).toHaveLength(3);
    expect(execute).toHaveBeenCalledTimes(3);
    expect(status).toBe('success');
    expect(finishReason).toBe('tool_calls');
    expect(messages.map((m) => m.role)).toEqual([
      'user',
      'assistant',
      'tool',
      'assistant',
      'tool',
      'assistant',
      'tool',
    ]);
  });

  it('surfaces a tool without execute in pendingToolCalls, and asks again once addToolResult answers it', async () => {
    const { client, requests } = emulated();
    const onFinish = vi.fn();
    const chat = store({
      client,
      onFinish,
      tools: {
        getWeather: tool({
          description: 'Get the current weather in a city',
          parameters: z.object({ city: z.string() }),
        }),
      },
    });
    await chat.send('What is the weather in Lima?');
    const waiting = chat.getSnapshot();
    expect(waiting.status).toBe('success');
    expect(waiting.finishReason).toBe('tool_calls');
    expect(waiting.pendingToolCalls).toEqual([
      {
        id: expect.stringMatching(/^call_/),
        type: 'function',
        function: { name: 'getWeather', arguments: '{"city":"Lima"}' },
      },
    ]);
    expect(onFinish).toHaveBeenCalledWith(expect.objectContaining({ finishReason: 'tool_calls' }));
    expect(requests).toHaveLength(1);

    expect(() => chat.addToolResult({ toolCallId: 'call_nope', result: 1 })).toThrow(InferenceValidationError);
    expect(() => chat.addToolResult({ toolCallId: 'call_nope', result: 1 })).toThrow(
      `\`toolCallId\`: "call_nope" is not a call waiting for an answer (waiting: "${waiting.pendingToolCalls[0]!.id}")`,
    );

    await chat.addToolResult({ toolCallId: waiting.pendingToolCalls[0]!.id, result: { celsius: 18 } });
    const answered = chat.getSnapshot();
    expect(answered.status).toBe('success');
    expect(answered.pendingToolCalls).toEqual([]);
    expect(answered.messages.map((m) => [m.role, m.toolCallId ?? null])).toEqual([
      ['user', null],
      ['assistant', null],
      ['tool', waiting.pendingToolCalls[0]!.id],
      ['assistant', null],
    ]);
    expect(answered.messages[2]!.content).toBe('{"celsius":18}');
    expect(requests).toHaveLength(2);
  });

  it('stop() while a tool runs aborts it, answers the call with an error, and the conversation can go on', async () => {
    const { client, requests } = emulated();
    let signal: AbortSignal | undefined;
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const slow = tool({
      description: 'Get the current weather in a city',
      parameters: z.object({ city: z.string() }),
      execute: (_, context) => {
        signal = context.signal;
        started();
        return new Promise(() => {});
      },
    });
    const chat = store({ client, tools: { getWeather: slow } });
    const sent = chat.send('What is the weather in Paris?');
    await running;
    expect(chat.getSnapshot().status).toBe('submitted');
    chat.stop();
    await sent;
    expect(signal?.aborted).toBe(true);
    const stopped = chat.getSnapshot();
    expect(stopped.status).toBe('stopped');
    expect(stopped.messages.at(-1)).toMatchObject({
      role: 'tool',
      content: '{"error":"The call was stopped before it finished."}',
      toolCallId: stopped.messages[1]!.toolCalls![0]!.id,
    });
    expect(requests).toHaveLength(1);

    // The emulator (like OpenAI) accepts the conversation: every call has its answer.
    chat.setOptions({ tools: undefined });
    await chat.send('Never mind. Tell me a joke.');
    expect(chat.getSnapshot().status).toBe('success');
    expect(requests).toHaveLength(2);
  });

  it('a tool schema that cannot be sent fails the send with a typed error, before any request', async () => {
    const { fetch, calls } = mockFetch(words('hi'));
    const chat = store({
      client: { options: { baseUrl, fetch } },
      tools: { calc: { parameters: z.string() } },
    });
    await chat.send('1 + 1?');
    const { status, error } = chat.getSnapshot();
    expect(status).toBe('error');
    expect(error).toBeInstanceOf(InferenceValidationError);
    expect(error?.message).toContain('`tools.calc.parameters`: must describe an object');
    expect(calls).toHaveLength(0);
  });
});

describe('the chat store with tools, on scripted streams', () => {
  it('assembles two interleaved calls, answers both in call order, and sends a bad call back as a tool error', async () => {
    const { fetch, calls } = mockFetch(
      streamed(
        chunk({
          role: 'assistant',
          tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'getWeather', arguments: '' } }],
        }),
        chunk({
          tool_calls: [
            { index: 1, id: 'call_b', type: 'function', function: { name: 'getWeather', arguments: '{"ci' } },
          ],
        }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":"Paris"}' } }] }),
        chunk({ tool_calls: [{ index: 1, function: { arguments: 'ty":42}' } }] }),
        chunk({}, 'tool_calls'),
      ),
      words('Paris is mild; I could not read the other city.'),
    );
    const execute = vi.fn(({ city }: { city: string }) => ({ city, celsius: 21 }));
    const chat = store({ client: { options: { baseUrl, fetch } }, tools: { getWeather: getWeather(execute) } });
    await chat.send('Weather in Paris and in 42?');
    expect(chat.getSnapshot().status).toBe('success');
    expect(execute).toHaveBeenCalledTimes(1);
    const second = JSON.parse(calls[1]!.body) as { messages: unknown[] };
    expect(second.messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: '',
        tool_calls: [
          { id: 'call_a', type: 'function', function: { name: 'getWeather', arguments: '{"city":"Paris"}' } },
          { id: 'call_b', type: 'function', function: { name: 'getWeather', arguments: '{"city":42}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_a', content: '{"city":"Paris","celsius":21}' },
      {
        role: 'tool',
        tool_call_id: 'call_b',
        content: JSON.stringify({
          error:
            'Invalid arguments for "getWeather": `city`: Invalid input: expected string, received number. Call it again with arguments matching its schema.',
        }),
      },
    ]);
  });

  it('uses the tools of the latest setOptions for the next step', async () => {
    const { fetch } = mockFetch(
      streamed(
        chunk({
          role: 'assistant',
          tool_calls: [
            {
              index: 0,
              id: 'call_a',
              type: 'function',
              function: { name: 'getWeather', arguments: '{"city":"Oslo"}' },
            },
          ],
        }),
        chunk({}, 'tool_calls'),
      ),
      words('Done.'),
    );
    const first = vi.fn(() => 'first');
    const latest = vi.fn(() => 'latest');
    const chat = store({ client: { options: { baseUrl, fetch } }, tools: { getWeather: getWeather(first) } });
    chat.setOptions({ tools: { getWeather: getWeather(latest) } });
    await chat.send('Oslo?');
    expect(first).not.toHaveBeenCalled();
    expect(latest).toHaveBeenCalledTimes(1);
  });
});

describe('chatCompletionWithTools', () => {
  it('loops against the emulator: tool call, result, answer; every message kept in OpenAI format', async () => {
    const { client, requests } = emulated();
    const onStep = vi.fn();
    const result = await chatCompletionWithTools({
      ...client.options,
      model,
      seed: 1,
      messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
      tools: { getWeather: getWeather() },
      onStep,
    });
    expect(result.steps).toHaveLength(2);
    expect(onStep).toHaveBeenCalledTimes(2);
    expect(result.text).toContain('getWeather');
    expect(result.pendingToolCalls).toEqual([]);
    const callId = result.messages[1]!.tool_calls![0]!.id;
    expect(result.messages).toEqual([
      { role: 'user', content: 'What is the weather in Paris?' },
      {
        role: 'assistant',
        content: '',
        tool_calls: [{ id: callId, type: 'function', function: { name: 'getWeather', arguments: '{"city":"Paris"}' } }],
      },
      { role: 'tool', tool_call_id: callId, content: '{"city":"Paris","celsius":21}' },
      { role: 'assistant', content: result.text },
    ]);
    expect(requests[1]!.body).toStrictEqual({
      model,
      seed: 1,
      messages: result.messages.slice(0, 3),
      tools: [weatherDefinition],
    });
  });

  it('hands its OpenAI messages to the chat store (fromOpenAIMessages) and back (toOpenAIMessages) unchanged', async () => {
    const { client, requests } = emulated();
    const result = await chatCompletionWithTools({
      ...client.options,
      model,
      messages: [
        { role: 'developer', content: [{ type: 'text', text: 'Be brief.' }] },
        { role: 'user', content: 'What is the weather in Paris?' },
      ],
      tools: { getWeather: getWeather() },
    });
    const chat = store({ client, initialMessages: fromOpenAIMessages(result.messages), parameters: {} });
    const resumed = toOpenAIMessages(chat.getSnapshot().messages);
    expect(resumed).toEqual([{ role: 'system', content: 'Be brief.' }, ...result.messages.slice(1)]);
    await chat.send('Thanks! And tomorrow?');
    expect(chat.getSnapshot().status).toBe('success');
    expect(requests.at(-1)!.body.messages).toEqual([...resumed, { role: 'user', content: 'Thanks! And tomorrow?' }]);
  });

  it("sends TGI's parsed arguments back as JSON text, and returns a call without execute as pending", async () => {
    const answer = (toolCalls: unknown[]) => ({
      object: 'chat.completion',
      model: 'tgi',
      choices: [
        { index: 0, message: { role: 'assistant', content: null, tool_calls: toolCalls }, finish_reason: 'tool_calls' },
      ],
    });
    const { fetch, calls } = mockFetch(
      answer([{ id: '0', type: 'function', function: { name: 'getWeather', arguments: { city: 'Paris' } } }]),
      answer([{ id: '1', type: 'function', function: { name: 'confirm', arguments: { question: 'Go out?' } } }]),
    );
    const result = await chatCompletionWithTools({
      endpointUrl: 'http://tgi.test',
      fetch,
      messages: [{ role: 'user', content: 'Paris?' }],
      tools: { getWeather: getWeather(), confirm: tool({ parameters: z.object({ question: z.string() }) }) },
    });
    expect(JSON.parse(calls[1]!.body).messages[1]).toEqual({
      role: 'assistant',
      content: '',
      tool_calls: [{ id: '0', type: 'function', function: { name: 'getWeather', arguments: '{"city":"Paris"}' } }],
    });
    expect(result.pendingToolCalls).toEqual([{ id: '1', name: 'confirm', args: { question: 'Go out?' } }]);
    expect(result.text).toBe('');
    expect(result.steps).toHaveLength(2);
  });

  it('stops at once when the signal aborts while a tool runs', async () => {
    const { client } = emulated();
    const controller = new AbortController();
    const pending = chatCompletionWithTools({
      ...client.options,
      model,
      signal: controller.signal,
      messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
      tools: {
        getWeather: tool({
          description: 'Get the current weather in a city',
          parameters: z.object({ city: z.string() }),
          execute: () => {
            setTimeout(() => controller.abort(new DOMException('Stopped', 'AbortError')), 0);
            return new Promise(() => {});
          },
        }),
      },
    });
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});

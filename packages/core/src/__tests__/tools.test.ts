import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import * as zm from 'zod/mini';
import { InferenceValidationError } from '../errors';
import { answerToolCall, tool, toolDefinitions, type ChatTools, type ToolContext } from '../tools';

const context = (signal = new AbortController().signal): ToolContext => ({
  toolCallId: 'call_1',
  messages: [],
  signal,
});
const call = (name: string, args: string | Record<string, unknown>) => ({
  id: 'call_1',
  function: { name, arguments: args },
});

const weather = tool({
  description: 'The weather in a city',
  parameters: z.object({ city: z.string().describe('City name'), unit: z.enum(['c', 'f']).optional() }),
  execute: ({ city, unit }) => ({ city, unit: unit ?? 'c', temperature: 21 }),
});

describe('toolDefinitions', () => {
  it("sends each tool as OpenAI's function definition, with the JSON Schema classic zod gives of itself", () => {
    expect(toolDefinitions('chat', { getWeather: weather })).toEqual([
      {
        type: 'function',
        function: {
          name: 'getWeather',
          description: 'The weather in a city',
          parameters: {
            type: 'object',
            properties: {
              city: { type: 'string', description: 'City name' },
              unit: { type: 'string', enum: ['c', 'f'] },
            },
            // The input side: zod drops unknown keys rather than refusing them.
            required: ['city'],
          },
        },
      },
    ]);
  });

  it('leaves out an empty description, and takes a given jsonSchema over the schema (zod/mini)', () => {
    const parameters = zm.object({ expression: zm.string() });
    const jsonSchema = zm.toJSONSchema(parameters);
    const [definition] = toolDefinitions('chat', { calc: { parameters, jsonSchema } });
    expect(definition).toEqual({
      type: 'function',
      function: {
        name: 'calc',
        parameters: {
          type: 'object',
          properties: { expression: { type: 'string' } },
          required: ['expression'],
          additionalProperties: false,
        },
      },
    });
    // The given object is not changed ($schema is dropped from a copy).
    expect(jsonSchema.$schema).toBeDefined();
  });

  it.each([
    [
      'a zod/mini schema without jsonSchema',
      { calc: { parameters: zm.object({ x: zm.number() }) } },
      '`tools.calc.parameters`: cannot describe itself as JSON Schema (zod/mini schemas cannot): use classic zod',
    ],
    [
      'a plain JSON Schema',
      { calc: { parameters: { type: 'object' } } },
      '`tools.calc.parameters`: must be a zod schema (or another Standard Schema)',
    ],
    [
      'a schema that is not an object',
      { calc: { parameters: z.string() } },
      '`tools.calc.parameters`: must describe an object',
    ],
    ['a name with spaces', { 'get weather': weather }, '`tools.get weather`: a tool name must be 1–64 letters'],
  ])('refuses %s, naming the tool and the fix', (_, tools, message) => {
    const attempt = () => toolDefinitions('chat', tools as unknown as ChatTools);
    expect(attempt).toThrow(InferenceValidationError);
    expect(attempt).toThrow(message);
  });
});

describe('answerToolCall', () => {
  it('checks the arguments and runs execute: an object result goes back as JSON text', async () => {
    const outcome = await answerToolCall({ getWeather: weather }, call('getWeather', '{"city":"Paris"}'), context());
    expect(outcome).toEqual({
      message: { role: 'tool', tool_call_id: 'call_1', content: '{"city":"Paris","unit":"c","temperature":21}' },
      result: { city: 'Paris', unit: 'c', temperature: 21 },
    });
  });

  it('takes arguments already parsed (TGI), empty arguments as {}, and gives a string result as is', async () => {
    const echo = tool({ parameters: z.object({ n: z.number().default(1) }), execute: ({ n }) => `n=${n}` });
    expect((await answerToolCall({ echo }, call('echo', { n: 3 }), context())).message?.content).toBe('n=3');
    expect((await answerToolCall({ echo }, call('echo', ' '), context())).message?.content).toBe('n=1');
  });

  it('passes the call id, the messages and the signal to execute', async () => {
    const execute = vi.fn(() => 'ok');
    const ctx = context();
    await answerToolCall({ t: { parameters: z.object({}), execute } }, call('t', '{}'), ctx);
    expect(execute).toHaveBeenCalledWith({}, ctx);
  });

  it.each([
    ['an unknown tool', call('getTime', '{}'), 'There is no tool named "getTime". The tools are: getWeather.'],
    [
      'arguments that are not JSON',
      call('getWeather', '{"city": "Par'),
      'The arguments of "getWeather" are not valid JSON. Call it again with a JSON object.',
    ],
    [
      'arguments that break the schema',
      call('getWeather', '{"city": 42, "unit": "k"}'),
      'Invalid arguments for "getWeather": `city`: Invalid input: expected string, received number; `unit`: Invalid option: expected one of "c"|"f". Call it again with arguments matching its schema.',
    ],
  ])('answers %s with a tool error the model can read, not a throw', async (_, given, message) => {
    const outcome = await answerToolCall({ getWeather: weather }, given, context());
    expect(outcome.message).toEqual({
      role: 'tool',
      tool_call_id: 'call_1',
      content: JSON.stringify({ error: message }),
    });
    expect(outcome.message && 'error' in outcome && outcome.error?.message).toBe(message);
  });

  it('answers a throwing execute with its message', async () => {
    const failing = tool({
      parameters: z.object({}),
      execute: () => {
        throw new Error('The weather service is down');
      },
    });
    const outcome = await answerToolCall({ failing }, call('failing', '{}'), context());
    expect(outcome.message?.content).toBe('{"error":"The weather service is down"}');
  });

  it('does not look up inherited names (a call to "constructor" is an unknown tool)', async () => {
    const outcome = await answerToolCall({ getWeather: weather }, call('constructor', '{}'), context());
    expect(outcome.message?.content).toContain('There is no tool named \\"constructor\\"');
  });

  it('gives the checked arguments of a tool without execute, for the app to answer', async () => {
    const confirm = tool({ parameters: z.object({ question: z.string(), n: z.coerce.number() }) });
    expect(await answerToolCall({ confirm }, call('confirm', '{"question":"Go?","n":"2"}'), context())).toEqual({
      args: { question: 'Go?', n: 2 },
    });
  });

  it('rejects with the abort reason when the signal aborts while execute runs, and does not answer', async () => {
    const controller = new AbortController();
    const slow = tool({
      parameters: z.object({}),
      execute: (_, { signal }) =>
        new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('gave up')))),
    });
    const pending = answerToolCall({ slow }, call('slow', '{}'), context(controller.signal));
    controller.abort(new DOMException('stopped', 'AbortError'));
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});

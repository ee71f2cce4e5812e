import * as z from 'zod/mini';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InferenceHTTPError, InferenceResponseError, InferenceValidationError } from '../errors';
import * as core from '../index';
import { createEmulatorHandler } from '../../../emulator/src/handler';
import { startEmulator, type RunningEmulator } from '../../../emulator/src/node';
import {
  assertStructuredOutputSupport,
  chatCompletionObject,
  chatCompletionObjectStream,
  parseStructuredAnswer,
  responseFormatFor,
} from '../structured-output';

const recipe = z.object({
  title: z.string(),
  servings: z.number(),
  steps: z.array(z.string()),
  difficulty: z.enum(['easy', 'hard']),
});

describe('responseFormatFor', () => {
  it("gives OpenAI's json_schema form, strict when every property is required, objects closed", () => {
    expect(responseFormatFor('chatCompletion', recipe, 'openai', { name: 'recipe', description: 'A dish' })).toEqual({
      type: 'json_schema',
      json_schema: {
        name: 'recipe',
        description: 'A dish',
        strict: true,
        schema: {
          type: 'object',
          properties: {
            title: { type: 'string' },
            servings: { type: 'number' },
            steps: { type: 'array', items: { type: 'string' } },
            difficulty: { type: 'string', enum: ['easy', 'hard'] },
          },
          required: ['title', 'servings', 'steps', 'difficulty'],
          additionalProperties: false,
        },
      },
    });
  });

  it('is not strict when a property, however deep, is optional', () => {
    const loose = z.object({ items: z.array(z.object({ name: z.string(), note: z.optional(z.string()) })) });
    const format = responseFormatFor('chatCompletion', loose, 'openai') as { json_schema: Record<string, unknown> };
    expect(format.json_schema.name).toBe('response');
    expect(format.json_schema.strict).toBe(false);
    const items = (format.json_schema.schema as { properties: { items: { items: Record<string, unknown> } } })
      .properties.items.items;
    expect(items.additionalProperties).toBe(false);
    expect(items.required).toEqual(['name']);
  });

  it("gives TGI's json grammar form", () => {
    const format = responseFormatFor('chatCompletion', recipe, 'tgi');
    expect(format.type).toBe('json');
    expect((format.value as { required: string[] }).required).toEqual(['title', 'servings', 'steps', 'difficulty']);
    expect(format).not.toHaveProperty('value.$schema');
  });

  it('refuses a schema JSON Schema cannot say, and a bad name, naming the field', () => {
    const custom = z.object({ when: z.custom<Date>((v) => v instanceof Date) });
    expect(() => responseFormatFor('chatCompletion', custom, 'openai')).toThrow(InferenceValidationError);
    expect(() => responseFormatFor('chatCompletion', custom, 'openai')).toThrow(
      /`responseFormat`: cannot be said in JSON Schema/,
    );
    expect(() => responseFormatFor('chatCompletion', recipe, 'openai', { name: 'a recipe!' })).toThrow(
      /`responseFormat.name`: must be 1–64 letters/,
    );
  });
});

describe('parseStructuredAnswer', () => {
  const answer = { title: 'Soup', servings: 2, steps: ['boil'], difficulty: 'easy' };

  it('parses and checks an answer, in a Markdown code fence too', () => {
    expect(parseStructuredAnswer('chatCompletion', recipe, JSON.stringify(answer))).toEqual(answer);
    expect(parseStructuredAnswer('chatCompletion', recipe, '```json\n' + JSON.stringify(answer) + '\n```\n')).toEqual(
      answer,
    );
  });

  it('keeps the whole text and each broken field of an answer that breaks the schema', () => {
    const text = JSON.stringify({ ...answer, servings: 'two', difficulty: 'medium' });
    let error: unknown;
    try {
      parseStructuredAnswer('chatCompletion', recipe, text, 'org/model');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InferenceResponseError);
    const { body, issues, message, model } = error as InferenceResponseError;
    expect(body).toBe(text);
    expect(model).toBe('org/model');
    expect(issues).toEqual([
      { path: 'servings', message: 'expected number, received string' },
      { path: 'difficulty', message: 'must be one of "easy", "hard"' },
    ]);
    expect(message).toContain('`servings`: expected number, received string');
  });

  it('keeps the whole text of an answer that is not JSON', () => {
    const text = '{"title": "Soup", "servings": 2, "steps": ["bo';
    expect(() => parseStructuredAnswer('chatCompletion', recipe, text)).toThrow(InferenceResponseError);
    try {
      parseStructuredAnswer('chatCompletion', recipe, text);
    } catch (error) {
      expect((error as InferenceResponseError).body).toBe(text);
      expect((error as InferenceResponseError).issues).toBeUndefined();
    }
  });
});

it('is public: the entry point exports the structured-output helpers and the partial JSON reader', () => {
  expect(core.responseFormatFor).toBe(responseFormatFor);
  expect(core.parseStructuredAnswer).toBe(parseStructuredAnswer);
  expect(typeof core.PartialJsonReader).toBe('function');
});

describe('chatCompletionObject and chatCompletionObjectStream against the emulator', () => {
  const emulated = () => {
    const handler = createEmulatorHandler({});
    const bodies: Record<string, unknown>[] = [];
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      bodies.push(JSON.parse((await request.clone().text()) || '{}'));
      return handler(request);
    }) as typeof globalThis.fetch;
    return { fetch, bodies };
  };
  const ticket = z.object({
    title: z.string(),
    priority: z.enum(['low', 'high']),
    labels: z.array(z.string()),
  });
  const messages = [{ role: 'user' as const, content: 'Triage: the login page is down for everyone.' }];
  const ticketJsonSchema = {
    type: 'object',
    properties: {
      title: { type: 'string' },
      priority: { type: 'string', enum: ['low', 'high'] },
      labels: { type: 'array', items: { type: 'string' } },
    },
    required: ['title', 'priority', 'labels'],
    additionalProperties: false,
  };

  it("sends the schema as OpenAI's json_schema on the router's /v1 and returns the checked object", async () => {
    const { fetch, bodies } = emulated();
    const { object, completion } = await chatCompletionObject({
      model: 'meta-llama/Llama-3.1-8B-Instruct',
      messages,
      schema: ticket,
      schemaName: 'ticket',
      seed: 3,
      baseUrl: 'http://emulator.test',
      fetch,
    });
    expect(ticket.safeParse(object).success).toBe(true);
    expect(completion.choices[0]!.message.content).toBe(
      JSON.stringify(JSON.parse(completion.choices[0]!.message.content!)),
    );
    // The exact wire body.
    expect(bodies.at(-1)).toEqual({
      model: 'meta-llama/Llama-3.1-8B-Instruct',
      messages,
      seed: 3,
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'ticket', strict: true, schema: ticketJsonSchema },
      },
    });
  });

  it("sends TGI's grammar to a dedicated endpoint without a model name", async () => {
    const { fetch, bodies } = emulated();
    const { object } = await chatCompletionObject({
      endpointUrl: 'http://emulator.test/hf-inference/models/meta-llama/Llama-3.1-8B-Instruct',
      messages,
      schema: ticket,
      fetch,
    });
    expect(ticket.safeParse(object).success).toBe(true);
    expect(bodies.at(-1)).toEqual({
      model: 'tgi',
      messages,
      response_format: { type: 'json', value: ticketJsonSchema },
    });
  });

  it('streams the object as it comes: partial objects that grow, then the checked object', async () => {
    const { fetch } = emulated();
    const steps = [];
    for await (const step of chatCompletionObjectStream({
      model: 'meta-llama/Llama-3.1-8B-Instruct',
      messages,
      schema: ticket,
      seed: 5,
      baseUrl: 'http://emulator.test',
      fetch,
    })) {
      steps.push(step);
    }
    const last = steps.at(-1)!;
    expect(last.done).toBe(true);
    if (!last.done) return;
    expect(ticket.safeParse(last.object).success).toBe(true);
    expect(JSON.parse(last.text)).toEqual(last.object);
    expect(steps.length).toBeGreaterThan(3);
    // Each step's text grows, and each partial object is a part of the final one.
    for (let i = 1; i < steps.length; i++) expect(steps[i]!.text.startsWith(steps[i - 1]!.text)).toBe(true);
    const partials = steps.filter((s) => !s.done && s.partial !== undefined);
    expect(partials.length).toBeGreaterThan(1);
    for (const { partial } of partials) {
      for (const [key, value] of Object.entries(partial as object)) {
        if (typeof value === 'string')
          expect(String((last.object as Record<string, unknown>)[key])).toMatch(
            new RegExp(`^${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
          );
      }
    }
  });
});

describe('structured output is refused where the router says a provider has none (emulator over HTTP)', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
  });
  afterAll(() => emulator.close());

  /** A fetch that records each request's method and path on its way to the emulator. */
  const recording = () => {
    const sent: string[] = [];
    const fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      sent.push(`${request.method} ${new URL(request.url).pathname}`);
      return globalThis.fetch(request);
    }) as typeof globalThis.fetch;
    return { fetch, sent };
  };
  const llama = 'meta-llama/Llama-3.1-8B-Instruct';
  const ticket = z.object({ title: z.string(), labels: z.array(z.string()) });
  const messages = [{ role: 'user' as const, content: 'Triage: the login page is down.' }];
  const refusal = (error: unknown) => (error as InferenceValidationError).issues;

  it('refuses a provider named by suffix or option, naming the model and the providers that support it', async () => {
    const { fetch, sent } = recording();
    const base = { messages, schema: ticket, baseUrl: emulator.url, fetch };
    const bySuffix = await chatCompletionObject({ ...base, model: `${llama}:groq` }).catch((e: unknown) => e);
    expect(bySuffix).toBeInstanceOf(InferenceValidationError);
    expect(refusal(bySuffix)).toEqual([
      {
        path: 'model',
        message: `"groq" does not support structured output for "${llama}"; the providers that do: "cerebras", "together", "fireworks-ai", "scaleway": pass \`provider: "cerebras"\` or the model "${llama}:cerebras"`,
      },
    ]);
    const byOption = await chatCompletionObject({ ...base, model: llama, provider: 'novita' }).catch((e: unknown) => e);
    expect(refusal(byOption)).toEqual([
      {
        path: 'provider',
        message: expect.stringContaining(`"novita" does not support structured output for "${llama}"`),
      },
    ]);
    const streamed = chatCompletionObjectStream({ ...base, model: llama, provider: 'sambanova' });
    await expect(streamed.next()).rejects.toThrow(/`provider`: "sambanova" does not support structured output/);
    // One model list for the three calls (cached per fetch and router root), and no chat request.
    expect(sent).toEqual(['GET /v1/models']);
  });

  it('sends to a provider that supports it, and to auto when any provider does', async () => {
    const { fetch, sent } = recording();
    const base = { messages, schema: ticket, baseUrl: emulator.url, fetch };
    const [named, auto] = await Promise.all([
      chatCompletionObject({ ...base, model: llama, provider: 'cerebras' }),
      chatCompletionObject({ ...base, model: `${llama}:fastest` }),
    ]);
    expect(ticket.safeParse(named.object).success).toBe(true);
    expect(ticket.safeParse(auto.object).success).toBe(true);
    // Two concurrent calls share one lookup.
    expect(sent.filter((s) => s === 'GET /v1/models')).toHaveLength(1);
    expect(sent.filter((s) => s === 'POST /v1/chat/completions')).toHaveLength(2);
  });

  it('refuses a model none of whose providers supports it, with no provider named', async () => {
    const { fetch, sent } = recording();
    const error = await chatCompletionObject({
      model: 'microsoft/Phi-3-mini-4k-instruct',
      messages,
      schema: ticket,
      baseUrl: emulator.url,
      fetch,
    }).catch((e: unknown) => e);
    expect(refusal(error)).toEqual([
      {
        path: 'model',
        message:
          'no provider of "microsoft/Phi-3-mini-4k-instruct" supports structured output ("featherless-ai" does not); pick another model (`listChatModels()` reports `supportsStructuredOutput` per provider)',
      },
    ]);
    expect(sent).toEqual(['GET /v1/models']);
  });

  it('does not block what the router does not list: an unknown model, a dedicated endpoint, an unreadable list', async () => {
    const { fetch, sent } = recording();
    // Sent, and the router answers for itself.
    const unknown = await chatCompletionObject({
      model: 'unknown-org/unknown-model',
      messages,
      schema: ticket,
      baseUrl: emulator.url,
      fetch,
    }).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(InferenceHTTPError);
    expect(sent).toEqual(['GET /v1/models', 'POST /v1/chat/completions']);
    sent.length = 0;
    await chatCompletionObject({
      endpointUrl: `${emulator.url}/hf-inference/models/${llama}`,
      messages,
      schema: ticket,
      fetch,
    });
    expect(sent).toEqual([`POST /hf-inference/models/${llama}/v1/chat/completions`]);
    // A model list that fails (here a 502) is not a refusal: the call goes on.
    const failing = ((input: RequestInfo | URL, init?: RequestInit) =>
      String(input).endsWith('/v1/models')
        ? Promise.resolve(new Response('bad gateway', { status: 502 }))
        : fetch(input, init)) as typeof globalThis.fetch;
    sent.length = 0;
    const { object } = await chatCompletionObject({
      model: `${llama}:groq`,
      messages,
      schema: ticket,
      baseUrl: emulator.url,
      fetch: failing,
    });
    expect(ticket.safeParse(object).success).toBe(true);
    expect(sent).toEqual(['POST /v1/chat/completions']);
  });

  it('gives up waiting for the list when the call is aborted', async () => {
    const controller = new AbortController();
    const never = (() => new Promise<Response>(() => {})) as typeof globalThis.fetch;
    const check = assertStructuredOutputSupport('chatCompletionObject', {
      model: llama,
      baseUrl: emulator.url,
      fetch: never,
      signal: controller.signal,
    });
    controller.abort(new DOMException('stopped', 'AbortError'));
    await expect(check).rejects.toThrow('stopped');
  });
});

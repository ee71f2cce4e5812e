import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { InferenceResponseError, InferenceValidationError } from '../errors';
import * as core from '../index';
import { createEmulatorHandler } from '../../../emulator/src/handler';
import {
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
    const body = bodies.at(-1)!;
    expect(body.response_format).toEqual(responseFormatFor('x', ticket, 'openai', { name: 'ticket' }));
    expect(body.model).toBe('meta-llama/Llama-3.1-8B-Instruct');
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
    expect(bodies.at(-1)!.response_format).toEqual(responseFormatFor('x', ticket, 'tgi'));
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

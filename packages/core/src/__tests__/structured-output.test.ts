import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { InferenceResponseError, InferenceValidationError } from '../errors';
import * as core from '../index';
import { parseStructuredAnswer, responseFormatFor } from '../structured-output';

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

import type { ChatUsage, DeepPartial, StructuredOutputInput, StreamStatus } from '@inferkit/core';
import { describe, expectTypeOf, it } from 'vitest';
import * as z from 'zod/mini';
import { useStructuredOutput } from '../use-structured-output';

const recipe = z.object({
  title: z.string(),
  servings: z.number(),
  steps: z.array(z.object({ text: z.string(), minutes: z.optional(z.number()) })),
  difficulty: z.enum(['easy', 'hard']),
});
type Recipe = z.output<typeof recipe>;

describe('useStructuredOutput types', () => {
  it('types the object from the schema: a deep partial while it streams', () => {
    const state = useStructuredOutput({ schema: recipe, model: 'meta-llama/Llama-3.1-8B-Instruct' });
    expectTypeOf(state.object).toEqualTypeOf<DeepPartial<Recipe> | undefined>();
    expectTypeOf(state.object!.title).toEqualTypeOf<string | undefined>();
    expectTypeOf(state.object!.difficulty).toEqualTypeOf<'easy' | 'hard' | undefined>();
    expectTypeOf(state.object!.steps).toEqualTypeOf<{ text?: string; minutes?: number | undefined }[] | undefined>();
    expectTypeOf(state.text).toBeString();
    expectTypeOf(state.status).toEqualTypeOf<StreamStatus>();
    expectTypeOf(state.error).toEqualTypeOf<Error | null>();
    expectTypeOf(state.usage).toEqualTypeOf<ChatUsage | null>();
    expectTypeOf(state.input).toEqualTypeOf<StructuredOutputInput | null>();
  });

  it('takes a prompt or messages, and gives onFinish the checked object', () => {
    const state = useStructuredOutput({
      schema: recipe,
      onFinish: ({ object }) => expectTypeOf(object).toEqualTypeOf<Recipe>(),
    });
    expectTypeOf(state.submit).toBeCallableWith('A soup');
    expectTypeOf(state.submit).toBeCallableWith([{ role: 'user', content: 'A soup' }]);
    expectTypeOf(state.submit).returns.toEqualTypeOf<Promise<void>>();
    expectTypeOf(state.stop).toEqualTypeOf<() => void>();
    expectTypeOf(state.regenerate).toEqualTypeOf<() => Promise<void>>();
    expectTypeOf(state.reset).toEqualTypeOf<() => void>();
    // @ts-expect-error the schema is required
    useStructuredOutput({ model: 'meta-llama/Llama-3.1-8B-Instruct' });
    // @ts-expect-error the schema sets the response format
    useStructuredOutput({ schema: recipe, parameters: { responseFormat: { type: 'json_object' } } });
  });
});

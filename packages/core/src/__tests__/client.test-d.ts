import { describe, expectTypeOf, it } from 'vitest';
import { InferenceClient } from '../client';
import type { ChatCompletionOutput, ChatCompletionStreamOutput } from '../tasks/chat-completion';
import { chatCompletionStream } from '../tasks/chat-completion';
import { zeroShotClassification } from '../tasks/zero-shot-classification';

describe('public types', () => {
  it('task functions take input plus options and return the normalised output', () => {
    expectTypeOf(zeroShotClassification).parameter(0).toHaveProperty('parameters');
    expectTypeOf(zeroShotClassification).parameter(0).toHaveProperty('signal');
    expectTypeOf(zeroShotClassification).returns.resolves.toEqualTypeOf<{ label: string; score: number }[]>();
    // @ts-expect-error candidateLabels is required
    void zeroShotClassification({ inputs: 'x', parameters: {} });
  });

  it('client methods mirror the functions', () => {
    const client = new InferenceClient();
    expectTypeOf(client.zeroShotClassification).returns.resolves.toEqualTypeOf<{ label: string; score: number }[]>();
    expectTypeOf(client.chatCompletion).returns.resolves.toEqualTypeOf<ChatCompletionOutput>();
    expectTypeOf(chatCompletionStream).returns.toEqualTypeOf<
      AsyncGenerator<ChatCompletionStreamOutput, void, undefined>
    >();
  });

  it('chat.completions.create returns a stream only when stream is true', () => {
    const client = new InferenceClient();
    expectTypeOf(client.chat.completions.create({ messages: [], stream: true })).resolves.toEqualTypeOf<
      AsyncGenerator<ChatCompletionStreamOutput, void, undefined>
    >();
    expectTypeOf(client.chat.completions.create({ messages: [] })).resolves.toEqualTypeOf<ChatCompletionOutput>();
  });
});

import type {
  ChatFinish,
  ChatMessageInit,
  ChatToolCall,
  ChatUIMessage,
  ChatUsage,
  InferenceClient,
  ModelLoadingInfo,
  StreamStatus,
  TextGenerationFinish,
  TextGenerationStreamDetails,
} from '@inferkit/core';
import { describe, expectTypeOf, it } from 'vitest';
import { useChatCompletion, type UseChatCompletionOptions } from '../use-chat-completion';
import { useTextGeneration, type UseTextGenerationOptions } from '../use-text-generation';

describe('useChatCompletion types', () => {
  it('returns the snapshot and the actions', () => {
    const chat = useChatCompletion({ model: 'meta-llama/Llama-3.1-8B-Instruct' });
    expectTypeOf(chat.status).toEqualTypeOf<StreamStatus>();
    expectTypeOf(chat.status).toEqualTypeOf<
      'idle' | 'loading-model' | 'submitted' | 'streaming' | 'success' | 'error' | 'stopped'
    >();
    expectTypeOf(chat.messages).toEqualTypeOf<readonly ChatUIMessage[]>();
    expectTypeOf(chat.messages[0]!.role).toEqualTypeOf<'system' | 'user' | 'assistant' | 'tool'>();
    expectTypeOf(chat.messages[0]!.id).toBeString();
    expectTypeOf(chat.messages[0]!.content).toBeString();
    expectTypeOf(chat.messages[0]!.toolCalls).toEqualTypeOf<ChatToolCall[] | undefined>();
    expectTypeOf<ChatToolCall>().toEqualTypeOf<{
      id: string;
      type: 'function';
      function: { name: string; arguments: string };
    }>();
    expectTypeOf(chat.error).toEqualTypeOf<Error | null>();
    expectTypeOf(chat.usage).toEqualTypeOf<ChatUsage | null>();
    expectTypeOf(chat.finishReason).toEqualTypeOf<string | null>();
    expectTypeOf(chat.modelLoading).toEqualTypeOf<ModelLoadingInfo | null>();
    expectTypeOf(chat.send).toEqualTypeOf<(content: string | ChatMessageInit) => Promise<void>>();
    expectTypeOf(chat.stop).toEqualTypeOf<() => void>();
    expectTypeOf(chat.regenerate).toEqualTypeOf<() => Promise<void>>();
    expectTypeOf(chat.reset).toEqualTypeOf<() => void>();
    expectTypeOf(chat.setMessages)
      .parameter(0)
      .toExtend<readonly ChatMessageInit[] | ((messages: readonly ChatUIMessage[]) => readonly ChatMessageInit[])>();
  });

  it('takes typed options', () => {
    expectTypeOf<UseChatCompletionOptions['model']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<UseChatCompletionOptions['id']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<UseChatCompletionOptions['client']>().toEqualTypeOf<InferenceClient | undefined>();
    expectTypeOf<NonNullable<UseChatCompletionOptions['onFinish']>>().parameter(0).toEqualTypeOf<ChatFinish>();
    expectTypeOf<NonNullable<UseChatCompletionOptions['onError']>>().parameter(0).toEqualTypeOf<Error>();
    useChatCompletion({
      model: 'm',
      id: 'conversation-1',
      initialMessages: [{ role: 'system', content: 'Be brief.' }],
      parameters: { maxTokens: 100, temperature: 0.7, tools: [{ type: 'function', function: { name: 'f' } }] },
      throttle: 50,
      onFinish: ({ message, usage }) => {
        expectTypeOf(message).toEqualTypeOf<ChatUIMessage>();
        expectTypeOf(usage).toEqualTypeOf<ChatUsage | null>();
      },
    });
    useChatCompletion({ throttle: 'frame' });
    useChatCompletion({ throttle: 'none' });
    // @ts-expect-error: not a throttle
    useChatCompletion({ throttle: 'fast' });
    // @ts-expect-error: parameters are camelCase
    useChatCompletion({ parameters: { max_tokens: 5 } });
    // @ts-expect-error: messages is not a parameter
    useChatCompletion({ parameters: { messages: [] } });
    // @ts-expect-error: unknown role
    useChatCompletion({ initialMessages: [{ role: 'robot', content: 'x' }] });
  });

  it('send takes text or a message (a tool result)', () => {
    const { send } = useChatCompletion();
    void send('Hello');
    void send({ role: 'tool', toolCallId: 'call_1', content: '{"temp": 21}' });
    // @ts-expect-error: a message needs content
    void send({ role: 'user' });
    // @ts-expect-error: not a message
    void send(42);
  });
});

describe('useTextGeneration types', () => {
  it('returns the snapshot and the actions', () => {
    const gen = useTextGeneration({ parameters: { maxNewTokens: 20 } });
    expectTypeOf(gen.status).toEqualTypeOf<StreamStatus>();
    expectTypeOf(gen.text).toBeString();
    expectTypeOf(gen.prompt).toEqualTypeOf<string | null>();
    expectTypeOf(gen.details).toEqualTypeOf<TextGenerationStreamDetails | null>();
    expectTypeOf(gen.error).toEqualTypeOf<Error | null>();
    expectTypeOf(gen.send).toEqualTypeOf<(prompt: string) => Promise<void>>();
    expectTypeOf(gen.regenerate).toEqualTypeOf<() => Promise<void>>();
    expectTypeOf<NonNullable<UseTextGenerationOptions['onFinish']>>()
      .parameter(0)
      .toEqualTypeOf<TextGenerationFinish>();
    // @ts-expect-error: parameters are camelCase
    useTextGeneration({ parameters: { max_new_tokens: 5 } });
    // @ts-expect-error: chat-only
    useTextGeneration({ initialMessages: [] });
  });
});

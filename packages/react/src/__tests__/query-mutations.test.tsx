import { InferenceHTTPError, InferenceValidationError } from '@inferkit/core';
import { act, render, renderHook, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  useSummarization,
  useSummarizationQuery,
  useTextToAudio,
  useTextToAudioQuery,
  useTextToImage,
  useTranslation,
} from '../hooks';
import { useTaskMutation } from '../use-task-mutation';
import { controlledFetch, json, labels, setup } from './query-helpers';

const summary = (text: string) => json([{ summary_text: text }]);

describe('mutation hooks', () => {
  it('mutate calls the task and goes idle → pending → success', async () => {
    const { fetch, calls } = controlledFetch();
    const { wrapper } = setup(fetch);
    const statuses: string[] = [];
    const { result } = renderHook(
      () => {
        const mutation = useSummarization();
        statuses.push(mutation.status);
        return mutation;
      },
      { wrapper },
    );
    expect(calls).toHaveLength(0);

    act(() =>
      result.current.mutate({ inputs: 'A long article.', parameters: { generateParameters: { maxLength: 20 } } }),
    );
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(result.current.status).toBe('pending');
    expect(calls[0]!.url).toBe('http://emu.test/hf-inference/models/facebook/bart-large-cnn');
    expect(calls[0]!.body).toEqual({
      inputs: 'A long article.',
      parameters: { generate_parameters: { max_length: 20 } },
    });
    calls[0]!.respond(summary('Short.'));
    await waitFor(() => expect(result.current.status).toBe('success'));
    expect(result.current.data).toEqual({ summaryText: 'Short.' });
    expect([...new Set(statuses)]).toEqual(['idle', 'pending', 'success']);
  });

  it('mutateAsync resolves with the output and passes per-call options through', async () => {
    const { fetch, calls } = controlledFetch(() => json([{ translation_text: 'Bonjour' }]));
    const { wrapper } = setup(fetch);
    const { result } = renderHook(() => useTranslation(), { wrapper });
    let output: unknown;
    await act(async () => {
      output = await result.current.mutateAsync({
        model: 'facebook/nllb-200-distilled-600M',
        inputs: 'Hello',
        parameters: { srcLang: 'eng_Latn', tgtLang: 'fra_Latn' },
      });
    });
    expect(output).toEqual({ translationText: 'Bonjour' });
    expect(calls[0]!.url).toBe('http://emu.test/hf-inference/models/facebook/nllb-200-distilled-600M');
  });

  it('binary outputs come back as a Blob', async () => {
    const { fetch } = controlledFetch(
      () => new Response(new Uint8Array([137, 80, 78, 71]), { headers: { 'content-type': 'image/png' } }),
    );
    const { wrapper } = setup(fetch);
    const { result } = renderHook(() => useTextToImage(), { wrapper });
    const image = await act(() => result.current.mutateAsync({ inputs: 'An astronaut riding a horse' }));
    expect(image.size).toBe(4);
    expect(image.type).toBe('image/png');
  });

  it('useTextToAudio posts the prompt to its default model and gives the audio Blob; a bad prompt sends nothing', async () => {
    const wav = new Uint8Array([0x52, 0x49, 0x46, 0x46, 1, 2, 3]);
    const { fetch, calls } = controlledFetch(() => new Response(wav, { headers: { 'content-type': 'audio/wav' } }));
    const { wrapper } = setup(fetch);
    const { result } = renderHook(() => useTextToAudio(), { wrapper });
    const clip = await act(() =>
      result.current.mutateAsync({
        inputs: 'calm piano over rain',
        parameters: { generationParameters: { maxNewTokens: 256 } },
      }),
    );
    expect(calls[0]!.url).toBe('http://emu.test/hf-inference/models/stabilityai/stable-audio-open-1.0');
    expect(calls[0]!.body).toEqual({
      inputs: 'calm piano over rain',
      parameters: { generation_parameters: { max_new_tokens: 256 } },
    });
    expect(clip.size).toBe(wav.length);
    expect(clip.type).toBe('audio/wav');
    expect(new Uint8Array(await clip.arrayBuffer())).toEqual(wav);
    expect(result.current.data).toBe(clip);

    act(() => result.current.mutate({ inputs: 'x', parameters: { secondsTotal: 3 } as never }));
    await waitFor(() => expect(result.current.error).toBeInstanceOf(InferenceValidationError));
    expect((result.current.error as InferenceValidationError).issues.map((i) => i.path)).toEqual([
      'parameters.secondsTotal',
    ]);
    expect(calls).toHaveLength(1);
  });

  it('useTextToAudioQuery asks once per prompt and caches the clip', async () => {
    const { fetch, calls } = controlledFetch(
      () => new Response(new Uint8Array([1, 2]), { headers: { 'content-type': 'audio/wav' } }),
    );
    const { wrapper } = setup(fetch);
    const { result, rerender } = renderHook(({ prompt }) => useTextToAudioQuery({ inputs: prompt }), {
      wrapper,
      initialProps: { prompt: 'a bell' },
    });
    await waitFor(() => expect(result.current.status).toBe('success'));
    expect(result.current.data?.type).toBe('audio/wav');
    rerender({ prompt: 'a bell' });
    expect(calls).toHaveLength(1);
  });

  it('a 400 fails after one request; invalid input fails with none', async () => {
    const { fetch, calls } = controlledFetch(() => json({ error: 'too long' }, 400));
    const { wrapper } = setup(fetch);
    const { result } = renderHook(() => useSummarization(), { wrapper });
    act(() => result.current.mutate({ inputs: 'text' }));
    await waitFor(() => expect(result.current.status).toBe('error'));
    expect(result.current.error).toBeInstanceOf(InferenceHTTPError);
    expect(calls).toHaveLength(1);

    act(() => result.current.mutate({ inputs: '' }));
    await waitFor(() => expect(result.current.error).toBeInstanceOf(InferenceValidationError));
    expect(calls).toHaveLength(1);
  });

  it('a 503 without a loading estimate is retried at most twice', async () => {
    const { fetch, calls } = controlledFetch(() => json({ error: 'unavailable' }, 503));
    const { wrapper } = setup(fetch);
    const { result } = renderHook(() => useSummarization(), { wrapper });
    act(() => result.current.mutate({ inputs: 'text' }));
    await waitFor(() => expect(result.current.status).toBe('error'));
    expect(calls).toHaveLength(3);
  });

  it('useTaskMutation runs an analysis task on demand', async () => {
    const { fetch, calls } = controlledFetch(() => json(labels(['refund', 1])));
    const { wrapper } = setup(fetch);
    const { result } = renderHook(() => useTaskMutation('zeroShotClassification'), { wrapper });
    expect(calls).toHaveLength(0);
    const output = await act(() =>
      result.current.mutateAsync({ inputs: 'hi', parameters: { candidateLabels: ['refund'] } }),
    );
    expect(output).toEqual(labels(['refund', 1]));
    expect(calls).toHaveLength(1);
  });
});

describe('generative tasks as cached queries', () => {
  function Summary({ article, enabled }: { article: string; enabled: boolean }) {
    const { data, fetchStatus } = useSummarizationQuery({ inputs: article }, { enabled });
    return <p>{data?.summaryText ?? fetchStatus}</p>;
  }

  it('asks only when enabled, once for many readers, and again only for a new input', async () => {
    const { fetch, calls } = controlledFetch((call) => summary(`sum: ${(call.body as { inputs: string }).inputs}`));
    const { wrapper: Wrapper } = setup(fetch);
    const view = (enabled: boolean, article = 'Article one.') => (
      <Wrapper>
        <Summary article={article} enabled={enabled} />
        <Summary article={article} enabled={enabled} />
      </Wrapper>
    );
    const { rerender } = render(view(false));
    await act(() => new Promise((resolve) => setTimeout(resolve, 20)));
    expect(calls).toHaveLength(0);
    expect(screen.getAllByText('idle')).toHaveLength(2);

    rerender(view(true));
    await waitFor(() => expect(screen.getAllByText('sum: Article one.')).toHaveLength(2));
    expect(calls).toHaveLength(1);

    rerender(view(false));
    rerender(view(true));
    await act(() => new Promise((resolve) => setTimeout(resolve, 20)));
    expect(calls).toHaveLength(1);

    rerender(view(true, 'Article two.'));
    await waitFor(() => expect(screen.getAllByText('sum: Article two.')).toHaveLength(2));
    expect(calls).toHaveLength(2);
  });
});

import { describe, expect, it } from 'vitest';
import { InferenceResponseError, InferenceValidationError } from '../errors';
import { translation } from '../tasks/translation';
import { json, mockFetch } from './fetch-mock';

const base = { accessToken: 'hf_secret', baseUrl: 'http://emu.test' };

describe('translation', () => {
  it('sends the text alone to the default model', async () => {
    const { fetch, calls } = mockFetch(json([{ translation_text: 'Mein Name ist Wolfgang.' }]));
    await translation({ ...base, fetch, inputs: 'My name is Wolfgang.' });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.url).toBe('http://emu.test/hf-inference/models/google-t5/t5-small');
    expect(calls[0]!.headers).toMatchObject({ authorization: 'Bearer hf_secret', 'content-type': 'application/json' });
    expect(calls[0]!.body).toBe('{"inputs":"My name is Wolfgang."}');
  });

  it('sends both languages and the other parameters in snake_case', async () => {
    const { fetch, calls } = mockFetch(json([{ translation_text: "Je m'appelle Wolfgang." }]));
    await translation({
      ...base,
      fetch,
      model: 'facebook/nllb-200-distilled-600M',
      inputs: 'My name is Wolfgang.',
      parameters: {
        srcLang: 'eng_Latn',
        tgtLang: 'fra_Latn',
        cleanUpTokenizationSpaces: false,
        truncation: 'longest_first',
        generateParameters: { maxLength: 40, topP: 0.9 },
      },
    });
    expect(calls[0]!.url).toBe('http://emu.test/hf-inference/models/facebook/nllb-200-distilled-600M');
    expect(calls[0]!.body).toBe(
      '{"inputs":"My name is Wolfgang.","parameters":{"src_lang":"eng_Latn","tgt_lang":"fra_Latn",' +
        '"clean_up_tokenization_spaces":false,"truncation":"longest_first","generate_parameters":{"max_length":40,"top_p":0.9}}}',
    );
  });

  it.each([
    ['[{ translation_text }]', [{ translation_text: 'Hallo.' }]],
    ['{ translation_text }', { translation_text: 'Hallo.' }],
  ])('normalises %s to { translationText }', async (_, body) => {
    const { fetch } = mockFetch(json(body));
    expect(await translation({ ...base, fetch, inputs: 'Hello.' })).toEqual({ translationText: 'Hallo.' });
  });

  it.each([[{}], [[{ summary_text: 'x' }]], ['Hallo.']])('rejects the unknown response %j', async (body) => {
    const { fetch } = mockFetch(json(body));
    const error = await translation({ ...base, fetch, inputs: 'x' }).catch((e) => e);
    expect(error).toBeInstanceOf(InferenceResponseError);
    expect(error.message).toContain('translation_text');
  });

  it.each([
    [{ inputs: 'x', parameters: { srcLang: 'en_XX' } }, 'parameters.tgtLang', '`srcLang`'],
    [{ inputs: 'x', parameters: { tgtLang: 'fr_XX' } }, 'parameters.srcLang', '`tgtLang`'],
    [{ inputs: '' }, 'inputs', 'must not be empty'],
    [{ inputs: 'x', parameters: { src_lang: 'en', tgt_lang: 'fr' } }, 'parameters', 'use "srcLang"'],
    [{ inputs: 'x', parameters: { truncation: 'only_third' } }, 'parameters.truncation', 'must be one of'],
  ])('rejects bad input %j naming %s, without a request', async (input, path, message) => {
    const { fetch, calls } = mockFetch(json([]));
    const error = await translation({ ...base, fetch, ...(input as object) } as never).catch((e) => e);
    expect(error).toBeInstanceOf(InferenceValidationError);
    expect(error.issues.map((i: { path: string }) => i.path)).toContain(path);
    expect(error.message).toContain(message);
    expect(calls).toHaveLength(0);
  });
});

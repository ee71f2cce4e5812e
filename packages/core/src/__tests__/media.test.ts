import { describe, expect, it } from 'vitest';
import { base64ToBlob, decodeBase64 } from '../media';
import { withGenerationParameters } from '../generation';

const every = Uint8Array.from({ length: 256 }, (_, i) => i);

describe('decodeBase64', () => {
  it('round-trips every byte value, whatever the padding', () => {
    for (const length of [0, 1, 2, 3, 4, 255, 256]) {
      const bytes = every.slice(0, length);
      expect(decodeBase64(Buffer.from(bytes).toString('base64'))).toEqual(bytes);
    }
  });

  it('accepts a data: URL, line breaks and missing padding', () => {
    const bytes = new Uint8Array([0xfb, 0xff, 0x00]);
    expect(decodeBase64(`data:image/png;base64,${Buffer.from(bytes).toString('base64')}`)).toEqual(bytes);
    expect(decodeBase64('+/8A\n')).toEqual(bytes);
    expect(decodeBase64('+w')).toEqual(new Uint8Array([0xfb]));
  });

  it.each(['not base64!', 'abcde', 'ab=c', 'ab=', '-_8A'])('returns undefined for %j', (value) => {
    expect(decodeBase64(value)).toBeUndefined();
  });
});

describe('base64ToBlob', () => {
  it('types the Blob, preferring the type of a data: URL', async () => {
    const blob = base64ToBlob('+/8A', 'image/png');
    expect(blob?.type).toBe('image/png');
    expect(new Uint8Array(await blob!.arrayBuffer())).toEqual(new Uint8Array([0xfb, 0xff, 0x00]));
    expect(base64ToBlob('data:image/webp;base64,+/8A', 'image/png')?.type).toBe('image/webp');
    expect(base64ToBlob('%%', 'image/png')).toBeUndefined();
  });
});

describe('withGenerationParameters', () => {
  it('snake-cases the nested object and drops it when empty', () => {
    expect(
      withGenerationParameters({ returnTimestamps: true, generationParameters: { maxNewTokens: 5, topP: undefined } }),
    ).toEqual({
      returnTimestamps: true,
      generationParameters: { max_new_tokens: 5 },
    });
    expect(withGenerationParameters({ generationParameters: {} })).toEqual({ generationParameters: undefined });
    expect(withGenerationParameters(undefined)).toBeUndefined();
  });
});

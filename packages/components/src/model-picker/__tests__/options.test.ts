import { describe, expect, it } from 'vitest';
import { buildGroups, filterGroups, formatUsd, MODEL_POLICIES, parseModelChoice, providerFigures } from '../options';
import { MODELS } from './fixtures';

describe('parseModelChoice', () => {
  it.each([
    ['meta-llama/Llama-3.1-8B-Instruct', { model: 'meta-llama/Llama-3.1-8B-Instruct' }],
    ['meta-llama/Llama-3.1-8B-Instruct:groq', { model: 'meta-llama/Llama-3.1-8B-Instruct', provider: 'groq' }],
    ['org/m:fastest', { model: 'org/m', policy: 'fastest' }],
    ['org/m:cheapest', { model: 'org/m', policy: 'cheapest' }],
    ['org/m:preferred', { model: 'org/m', policy: 'preferred' }],
    ['org/m:Fastest', { model: 'org/m', provider: 'Fastest' }],
    ['org/m:', { model: 'org/m' }],
    ['a:b:together', { model: 'a:b', provider: 'together' }],
    [':groq', { model: ':groq' }],
    ['', { model: '' }],
  ])('%j', (value, expected) => {
    expect(parseModelChoice(value)).toEqual(expected);
  });

  it('reads back every option value as its choice', () => {
    for (const option of buildGroups(MODELS, MODEL_POLICIES).flatMap((g) => g.options)) {
      expect(parseModelChoice(option.value)).toEqual(option.choice);
    }
  });
});

describe('buildGroups / filterGroups', () => {
  it('leaves out models without providers and keys every option uniquely', () => {
    const groups = buildGroups(MODELS, MODEL_POLICIES);
    expect(groups.map((g) => g.model.id)).toEqual(['meta-llama/Llama-3.1-8B-Instruct', 'deepseek-ai/DeepSeek-V4-Pro']);
    const keys = groups.flatMap((g) => g.options.map((o) => o.key));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('ignores unknown policies and keeps duplicate providers apart', () => {
    const groups = buildGroups(
      [
        {
          id: 'a/b',
          providers: [
            { provider: 'x', status: 'live' },
            { provider: 'x', status: 'live' },
          ],
        },
      ],
      ['fastest', 'bogus' as never],
    );
    expect(groups[0]!.options.map((o) => o.value)).toEqual(['a/b:fastest', 'a/b:x', 'a/b:x']);
    expect(new Set(groups[0]!.options.map((o) => o.key)).size).toBe(3);
  });

  it('an empty or blank query keeps everything', () => {
    const groups = buildGroups(MODELS, MODEL_POLICIES);
    expect(filterGroups(groups, '')).toBe(groups);
    expect(filterGroups(groups, '   ')).toBe(groups);
    expect(filterGroups(groups, 'meta-llama groq').flatMap((g) => g.options.map((o) => o.value))).toEqual([
      'meta-llama/Llama-3.1-8B-Instruct:groq',
    ]);
  });
});

describe('figures', () => {
  it('formats prices in USD, with more digits for small ones', () => {
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(0.05)).toBe('$0.05');
    expect(formatUsd(0.015)).toBe('$0.015');
    expect(formatUsd(0.6)).toBe('$0.60');
    expect(formatUsd(12)).toBe('$12.00');
  });

  it('treats NaN, negative or non-number figures as missing', () => {
    const figures = providerFigures({
      provider: 'p',
      status: 'live',
      contextLength: Number.NaN,
      pricing: { input: -1, output: 2 },
      latency: Infinity,
      throughput: '12' as never,
      supportsTools: 'yes' as never,
    });
    expect(figures.map((f) => f.shown)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
    expect(figures.map((f) => f.spoken).join(', ')).toBe(
      'price not reported, context length not reported, latency not reported, throughput not reported, ' +
        'tool support not reported, structured output support not reported',
    );
  });

  it('shows compact context lengths, short times, a real zero price, and the status when not live', () => {
    const figures = providerFigures({
      provider: 'p',
      status: 'staging',
      contextLength: 1048576,
      latency: 12.4,
      throughput: 3.14,
      pricing: { input: 0, output: 0 },
      supportsStructuredOutput: false,
    });
    expect(figures.map((f) => f.shown)).toEqual([
      'staging',
      '$0.00 / $0.00 per 1M',
      '1M context',
      '12 s latency',
      '3.1 tok/s',
      undefined,
      'No JSON',
    ]);
    expect(figures[0]!.spoken).toBe('unavailable (staging)');
  });
});

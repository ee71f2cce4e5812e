import { describe, expect, it } from 'vitest';
import { emulator } from './emu-test-utils';

type Scores = { label: string; score: number }[];
const { post } = emulator();
const BART = '/models/facebook/bart-large-mnli';

async function zeroShot(inputs: string, parameters: Record<string, unknown>, path = BART): Promise<Scores> {
  const res = await post(path, { inputs, parameters });
  expect(res.status).toBe(200);
  return (await res.json()) as Scores;
}
const scoreOf = (scores: Scores, label: string) => scores.find((s) => s.label === label)!.score;

describe('zero-shot classification', () => {
  const labels = ['refund', 'legal', 'faq', 'sport'];

  it('ranks the related label first, sorted by descending score, summing to 1', async () => {
    const out = await zeroShot('I want my money back, please refund the charge', { candidate_labels: labels });
    expect(out[0]!.label).toBe('refund');
    expect(out.map((s) => s.score)).toEqual([...out.map((s) => s.score)].sort((a, b) => b - a));
    expect(out.reduce((sum, s) => sum + s.score, 0)).toBeCloseTo(1, 4);
  });

  it('depends on the text, and is deterministic for the same text', async () => {
    const sport = await zeroShot('The team won the football match with a late goal', { candidate_labels: labels });
    const legal = await zeroShot('My lawyer says the contract is void and we should sue in court', {
      candidate_labels: labels,
    });
    expect(sport[0]!.label).toBe('sport');
    expect(legal[0]!.label).toBe('legal');
    expect(await zeroShot('The team won the football match with a late goal', { candidate_labels: labels })).toEqual(
      sport,
    );
  });

  it('uses word stems and the related-word lexicon, not only exact matches', async () => {
    const out = await zeroShot('Doctors at the hospital treated many patients with the virus', {
      candidate_labels: ['health', 'politics', 'travel'],
    });
    expect(out[0]!.label).toBe('health');
    const stemmed = await zeroShot('She was refunded yesterday', { candidate_labels: ['refunds', 'cooking'] });
    expect(stemmed[0]!.label).toBe('refunds');
  });

  it('multi_label gives independent scores: they need not sum to 1 and do not depend on the other labels', async () => {
    const text = 'The new phone has great software and the battery died during the football game';
    const two = await zeroShot(text, { candidate_labels: ['technology', 'sport'], multi_label: true });
    const three = await zeroShot(text, { candidate_labels: ['technology', 'sport', 'cooking'], multi_label: true });
    expect(scoreOf(two, 'technology')).toBe(scoreOf(three, 'technology'));
    expect(scoreOf(two, 'sport')).toBe(scoreOf(three, 'sport'));
    expect(scoreOf(three, 'technology')).toBeGreaterThan(0.5);
    expect(scoreOf(three, 'sport')).toBeGreaterThan(0.5);
    expect(three.reduce((sum, s) => sum + s.score, 0)).toBeGreaterThan(1.05);
    // Without multi_label, adding a label renormalises the others.
    const single = await zeroShot(text, { candidate_labels: ['technology', 'sport', 'cooking'] });
    expect(single.reduce((sum, s) => sum + s.score, 0)).toBeCloseTo(1, 4);
  });

  it('honours hypothesis_template: it changes the scores', async () => {
    const text = 'This review is about a restaurant where the pasta was cold';
    const plain = await zeroShot(text, { candidate_labels: ['food', 'travel', 'finance'] });
    const templated = await zeroShot(text, {
      candidate_labels: ['food', 'travel', 'finance'],
      hypothesis_template: 'This review is about {}.',
    });
    expect(templated).not.toEqual(plain);
    expect(templated[0]!.label).toBe('food');
    const bad = await post(BART, {
      inputs: text,
      parameters: { candidate_labels: ['food'], hypothesis_template: 'no placeholder' },
    });
    expect(bad.status).toBe(400);
  });

  it('accepts candidate_labels as a comma-separated string', async () => {
    const out = await zeroShot('Stocks fell as investors sold shares', { candidate_labels: 'finance, sport' });
    expect(out.map((s) => s.label).sort()).toEqual(['finance', 'sport']);
    expect(out[0]!.label).toBe('finance');
  });

  it('answers the legacy { sequence, labels, scores } form when configured', async () => {
    const legacy = emulator({ legacyZeroShot: true });
    const res = await legacy.post(BART, {
      inputs: 'I want a refund',
      parameters: { candidate_labels: ['faq', 'refund'] },
    });
    const body = (await res.json()) as { sequence: string; labels: string[]; scores: number[] };
    expect(body.sequence).toBe('I want a refund');
    expect(body.labels[0]).toBe('refund');
    expect(body.scores[0]).toBeGreaterThan(body.scores[1]!);
  });
});

describe('text classification', () => {
  const SST2 = '/models/distilbert/distilbert-base-uncased-finetuned-sst-2-english';
  const classify = async (inputs: unknown, parameters?: Record<string, unknown>, path = SST2) => {
    const res = await post(path, parameters ? { inputs, parameters } : { inputs });
    expect(res.status).toBe(200);
    return (await res.json()) as Scores;
  };

  it('finds the sentiment and flips with the text', async () => {
    expect((await classify('I love this movie, it is wonderful'))[0]!.label).toBe('POSITIVE');
    expect((await classify('This movie is terrible and boring'))[0]!.label).toBe('NEGATIVE');
  });

  it('handles negation and contrast', async () => {
    expect((await classify('This is not good'))[0]!.label).toBe('NEGATIVE');
    expect((await classify("I don't hate it"))[0]!.label).toBe('POSITIVE');
    expect((await classify('The start was awful but the ending was wonderful'))[0]!.label).toBe('POSITIVE');
  });

  it('is deterministic, input-dependent, and softmax scores sum to 1', async () => {
    const a = await classify('The service was fine');
    expect(await classify('The service was fine')).toEqual(a);
    expect(await classify('The service was excellent')).not.toEqual(a);
    expect(a.reduce((sum, s) => sum + s.score, 0)).toBeCloseTo(1, 4);
  });

  it('uses each model label set: twitter-roberta, finbert, emotions, stars', async () => {
    const twitter = await classify(
      'Really great day, I love it!',
      undefined,
      '/models/cardiffnlp/twitter-roberta-base-sentiment-latest',
    );
    expect(twitter.map((s) => s.label).sort()).toEqual(['negative', 'neutral', 'positive']);
    expect(twitter[0]!.label).toBe('positive');
    const neutral = await classify(
      'The meeting is on Tuesday at noon',
      undefined,
      '/models/cardiffnlp/twitter-roberta-base-sentiment-latest',
    );
    expect(neutral[0]!.label).toBe('neutral');
    const finbert = await classify(
      'Quarterly profits surged and the company beat estimates',
      undefined,
      '/models/ProsusAI/finbert',
    );
    expect(finbert[0]!.label).toBe('positive');
    const loss = await classify(
      'Shares plunged after the company reported a loss and layoffs',
      undefined,
      '/models/ProsusAI/finbert',
    );
    expect(loss[0]!.label).toBe('negative');
    const emotion = await classify(
      'I am so scared and worried about tomorrow',
      undefined,
      '/models/j-hartmann/emotion-english-distilroberta-base',
    );
    expect(emotion[0]!.label).toBe('fear');
    const stars = await classify(
      'Absolutely amazing product, I love it',
      undefined,
      '/models/nlptown/bert-base-multilingual-uncased-sentiment',
    );
    expect(stars[0]!.label).toBe('5 stars');
  });

  it('honours top_k and function_to_apply', async () => {
    const model = '/models/cardiffnlp/twitter-roberta-base-sentiment-latest';
    expect(await classify('good', { top_k: 1 }, model)).toHaveLength(1);
    const sigmoid = await classify('good', { function_to_apply: 'sigmoid' }, model);
    expect(sigmoid.every((s) => s.score > 0 && s.score < 1)).toBe(true);
    expect(sigmoid.reduce((sum, s) => sum + s.score, 0)).not.toBeCloseTo(1, 2);
    const none = await classify('good', { function_to_apply: 'none' }, model);
    expect(none.some((s) => s.score < 0)).toBe(true);
    const softmax = await classify('good', { function_to_apply: 'softmax' }, model);
    expect(softmax.map((s) => s.label)).toEqual(none.map((s) => s.label));
    expect((await post(model, { inputs: 'good', parameters: { function_to_apply: 'tanh' } })).status).toBe(400);
  });

  it('accepts a { text, text_pair } pair and a batch of texts', async () => {
    const pair = await classify({
      text: 'The plot was dull.',
      text_pair: 'But the acting was wonderful and I loved it.',
    });
    expect(pair[0]!.label).toBe('POSITIVE');
    const res = await post(SST2, { inputs: ['I love it', 'I hate it'] });
    const batch = (await res.json()) as Scores[];
    expect(batch.map((b) => b[0]!.label)).toEqual(['POSITIVE', 'NEGATIVE']);
  });
});

import { render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useZeroShotClassification } from '../hooks';
import { controlledFetch, json, labels, setup } from './query-helpers';

type Args = Parameters<typeof useZeroShotClassification>[0];

function Top({ id, args }: { id: number; args: Args }) {
  const { data } = useZeroShotClassification(args);
  return <p data-testid={`top-${id}`}>{data ? data[0]!.label : '…'}</p>;
}

function renderMany(argsList: Args[]) {
  const { fetch, calls } = controlledFetch(() => json(labels(['refund', 0.9], ['faq', 0.1])));
  const { wrapper: Wrapper } = setup(fetch);
  render(
    <Wrapper>
      {argsList.map((args, id) => (
        <Top key={id} id={id} args={args} />
      ))}
    </Wrapper>,
  );
  return calls;
}

const same = { inputs: 'I want my money back', parameters: { candidateLabels: ['refund', 'faq'] } };

describe('deduplication', () => {
  it('two components asking the same thing make one request', async () => {
    const calls = renderMany([same, { ...same, parameters: { candidateLabels: ['refund', 'faq'] } }]);
    await waitFor(() => expect(screen.getByTestId('top-1').textContent).toBe('refund'));
    expect(screen.getByTestId('top-0').textContent).toBe('refund');
    expect(calls).toHaveLength(1);
  });

  it('fifty components asking the same thing make one request', async () => {
    const calls = renderMany(Array.from({ length: 50 }, () => structuredClone(same)));
    await waitFor(() => expect(screen.getAllByText('refund')).toHaveLength(50));
    expect(calls).toHaveLength(1);
  });

  it('the order of parameter keys does not matter', async () => {
    const calls = renderMany([
      { inputs: 'hi', parameters: { candidateLabels: ['a', 'b'], multiLabel: true, hypothesisTemplate: 'About {}.' } },
      { parameters: { hypothesisTemplate: 'About {}.', multiLabel: true, candidateLabels: ['a', 'b'] }, inputs: 'hi' },
    ]);
    await waitFor(() => expect(screen.getAllByText('refund')).toHaveLength(2));
    expect(calls).toHaveLength(1);
  });

  it('naming the default model explicitly is the same query as naming none', async () => {
    const calls = renderMany([same, { ...same, model: 'facebook/bart-large-mnli' }]);
    await waitFor(() => expect(screen.getAllByText('refund')).toHaveLength(2));
    expect(calls).toHaveLength(1);
  });

  it('different inputs, labels or models are different requests', async () => {
    const calls = renderMany([
      same,
      { ...same, inputs: 'something else' },
      { ...same, parameters: { candidateLabels: ['faq', 'refund'] } },
      { ...same, model: 'MoritzLaurer/deberta-v3-large-zeroshot-v2.0' },
    ]);
    await waitFor(() => expect(screen.getAllByText('refund')).toHaveLength(4));
    expect(calls).toHaveLength(4);
  });
});

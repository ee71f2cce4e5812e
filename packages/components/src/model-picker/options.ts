import type { ChatModel, ChatModelProvider } from '@inferkit/core';

/** The router's provider-selection policies, as model suffixes (`:fastest`, `:cheapest`, `:preferred`). */
export type ModelPolicy = 'fastest' | 'cheapest' | 'preferred';

/** The parts of a router model string: `model:provider`, `model:policy`, or a bare `model`. */
export interface ModelChoice {
  model: string;
  provider?: string;
  policy?: ModelPolicy;
}

export const MODEL_POLICIES: readonly ModelPolicy[] = ['fastest', 'cheapest', 'preferred'];

const POLICY_TEXT: Record<ModelPolicy, [name: string, hint: string]> = {
  fastest: ['Fastest', 'the provider with the highest throughput'],
  cheapest: ['Cheapest', 'the provider with the lowest output price'],
  preferred: ['Preferred', 'the first provider in your Hub settings order'],
};

const isPolicy = (value: unknown): value is ModelPolicy => MODEL_POLICIES.includes(value as ModelPolicy);

/**
 * Splits a router model string at its last colon: `org/model:groq` → `{ model, provider: 'groq' }`,
 * `org/model:cheapest` → `{ model, policy: 'cheapest' }`, `org/model` → `{ model }`.
 */
export function parseModelChoice(value: string): ModelChoice {
  const at = value.lastIndexOf(':');
  const model = at > 0 ? value.slice(0, at) : value;
  const suffix = at > 0 ? value.slice(at + 1) : '';
  if (!suffix) return { model };
  return isPolicy(suffix) ? { model, policy: suffix } : { model, provider: suffix };
}

/** One option of the picker: a policy or a provider for one model. */
export interface PickerOption {
  key: string;
  /** The string the router takes, e.g. `org/model:groq`. */
  value: string;
  choice: ModelChoice;
  /** Visible name: the provider, or the policy ("Fastest"). */
  name: string;
  /** What a policy does, shown. */
  hint?: string;
  /** A provider's figures. */
  figures?: Figure[];
  /** A provider's figures in words, for screen readers: "$0.05 input, …, supports tools". */
  said?: string;
  /** Lower-cased text the filter matches: model id, owner, provider or policy. */
  search: string;
}

export interface PickerGroup {
  key: string;
  model: ChatModel;
  options: PickerOption[];
}

/** A finite, non-negative number, or undefined: the router leaves out figures it lacks. */
const figure = (n: unknown): number | undefined =>
  typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : undefined;

export const formatUsd = (n: number) =>
  n.toLocaleString('en-US', {
    style: 'currency',
    currency: 'USD',
    minimumFractionDigits: 2,
    maximumFractionDigits: n > 0 && n < 0.1 ? 4 : 2,
  });

/** Seconds (0.21, 1.5, 12) or tokens per second. */
const short = (n: number) => String(n < 10 ? Number(n.toPrecision(2)) : Math.round(n));

/** One figure of a provider: `shown` on screen (undefined: not reported), `spoken` in its accessible name. */
export interface Figure {
  kind: 'status' | 'price' | 'context' | 'latency' | 'throughput' | 'tools' | 'structured-output';
  shown: string | undefined;
  /** Shown instead when the figure is missing, e.g. `– tok/s`; flags show nothing. */
  blank?: string;
  spoken: string;
  /** For `tools` and `structured-output`: whether it is supported. */
  on?: boolean;
}

/**
 * The figures of a provider, each shown short and said in words. A figure the router did not report
 * (or that is not a finite, non-negative number) is shown as absent and said as "not reported",
 * never as 0.
 */
export function providerFigures(p: ChatModelProvider): Figure[] {
  const input = figure(p.pricing?.input);
  const output = figure(p.pricing?.output);
  const context = figure(p.contextLength);
  const latency = figure(p.latency);
  const throughput = figure(p.throughput);
  const price = input !== undefined && output !== undefined;
  const flag = (
    kind: 'tools' | 'structured-output',
    on: boolean | undefined,
    [yes, no]: [string, string],
    [supported, unsupported, unknown]: [string, string, string],
  ): Figure =>
    typeof on === 'boolean'
      ? { kind, on, shown: on ? yes : no, spoken: on ? supported : unsupported }
      : { kind, shown: undefined, spoken: unknown };
  const figures: Figure[] = [
    {
      kind: 'price',
      shown: p.isFree ? 'Free' : price ? `${formatUsd(input)} / ${formatUsd(output)} per 1M` : undefined,
      blank: '$– per 1M',
      spoken:
        (p.isFree ? 'free for now, ' : '') +
        (price ? `${formatUsd(input)} input, ${formatUsd(output)} output per million tokens` : 'price not reported'),
    },
    {
      kind: 'context',
      shown: context === undefined ? undefined : `${context.toLocaleString('en-US', { notation: 'compact' })} context`,
      blank: '– context',
      spoken:
        context === undefined ? 'context length not reported' : `context ${context.toLocaleString('en-US')} tokens`,
    },
    {
      kind: 'latency',
      shown: latency === undefined ? undefined : `${short(latency)} s latency`,
      blank: '– latency',
      spoken: latency === undefined ? 'latency not reported' : `${short(latency)} seconds to first token`,
    },
    {
      kind: 'throughput',
      shown: throughput === undefined ? undefined : `${short(throughput)} tok/s`,
      blank: '– tok/s',
      spoken: throughput === undefined ? 'throughput not reported' : `${short(throughput)} tokens per second`,
    },
    flag('tools', p.supportsTools, ['Tools', 'No tools'], ['supports tools', 'no tools', 'tool support not reported']),
    flag(
      'structured-output',
      p.supportsStructuredOutput,
      ['JSON', 'No JSON'],
      ['supports structured output', 'no structured output', 'structured output support not reported'],
    ),
  ];
  if (p.status !== 'live') figures.unshift({ kind: 'status', shown: p.status, spoken: `unavailable (${p.status})` });
  return figures;
}

/** One group per model with at least one provider: the policies first, then each provider. */
export function buildGroups(models: readonly ChatModel[], policies: readonly ModelPolicy[]): PickerGroup[] {
  const groups: PickerGroup[] = [];
  models.forEach((model, m) => {
    if (!model || typeof model.id !== 'string' || !Array.isArray(model.providers) || !model.providers.length) return;
    const base = `${model.id} ${model.ownedBy ?? ''}`.toLowerCase();
    const options: PickerOption[] = policies.filter(isPolicy).map((policy) => {
      const [name, hint] = POLICY_TEXT[policy];
      return {
        key: `${m}-${policy}`,
        value: `${model.id}:${policy}`,
        choice: { model: model.id, policy },
        name,
        hint,
        search: `${base} ${policy}`,
      };
    });
    model.providers.forEach((provider, p) => {
      const name = String(provider.provider);
      const figures = providerFigures(provider);
      options.push({
        key: `${m}-${p}`,
        value: `${model.id}:${name}`,
        choice: { model: model.id, provider: name },
        name,
        figures,
        said: figures.map((f) => f.spoken).join(', '),
        search: `${base} ${name.toLowerCase()}`,
      });
    });
    groups.push({ key: String(m), model, options });
  });
  return groups;
}

/** Keeps the options whose model id, owner, provider or policy contains every word of `query`. */
export function filterGroups(groups: PickerGroup[], query: string): PickerGroup[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return groups;
  const out: PickerGroup[] = [];
  for (const group of groups) {
    const options = group.options.filter((o) => words.every((w) => o.search.includes(w)));
    // A group whose options all match is kept as it is: no copy per keystroke for a broad query.
    if (options.length) out.push(options.length === group.options.length ? group : { ...group, options });
  }
  return out;
}

/**
 * At most `max` options, whole groups first, for the list to render: the router lists hundreds of
 * models, and rendering thousands of options on every keystroke takes seconds. `total` and
 * `models` count every match, so the status can say how many there are.
 */
export function limitGroups(
  groups: PickerGroup[],
  max: number,
): { groups: PickerGroup[]; total: number; models: number } {
  const out: PickerGroup[] = [];
  let total = 0;
  let left = max;
  for (const group of groups) {
    total += group.options.length;
    if (left <= 0) continue;
    out.push(left >= group.options.length ? group : { ...group, options: group.options.slice(0, left) });
    left -= group.options.length;
  }
  return { groups: out, total, models: groups.length };
}

'use client';
import type { ChatModel } from '@inferkit/core';
import { useState } from 'react';
import { expect, fn, userEvent, within } from 'storybook/test';
import preview from '../../../../.storybook/preview';
import { ModelPicker } from './ModelPicker';

const XSS = '<img src=x onerror=alert(1)>';
const LLAMA = 'meta-llama/Llama-3.1-8B-Instruct';
const DEEPSEEK = 'deepseek-ai/DeepSeek-V4-Pro';

/** The shape `listChatModels()` returns; figures are illustrative. */
const models: ChatModel[] = [
  {
    id: LLAMA,
    ownedBy: 'meta-llama',
    providers: [
      {
        provider: 'groq',
        status: 'live',
        contextLength: 131072,
        pricing: { input: 0.05, output: 0.08 },
        supportsTools: true,
        supportsStructuredOutput: false,
        latency: 0.21,
        throughput: 540,
      },
      {
        provider: 'cerebras',
        status: 'live',
        contextLength: 32768,
        pricing: { input: 0.1, output: 0.1 },
        supportsTools: true,
        supportsStructuredOutput: true,
        latency: 0.18,
        throughput: 1830,
      },
      { provider: 'novita', status: 'live', contextLength: 16384, pricing: { input: 0.02, output: 0.05 } },
    ],
  },
  {
    id: DEEPSEEK,
    ownedBy: 'deepseek-ai',
    providers: [
      {
        provider: 'novita',
        status: 'live',
        contextLength: 1048576,
        pricing: { input: 1.69, output: 3.38 },
        supportsTools: true,
        supportsStructuredOutput: false,
        latency: 1.49,
        throughput: 24.69,
      },
      { provider: 'featherless-ai', status: 'error' },
    ],
  },
  {
    id: 'openai/gpt-oss-120b',
    ownedBy: 'openai',
    providers: [
      {
        provider: 'together',
        status: 'live',
        contextLength: 131072,
        pricing: { input: 0.15, output: 0.6 },
        supportsTools: true,
        supportsStructuredOutput: true,
        latency: 0.42,
        throughput: 210,
      },
      {
        provider: 'fireworks-ai',
        status: 'live',
        contextLength: 131072,
        pricing: { input: 0.15, output: 0.6 },
        supportsTools: true,
        supportsStructuredOutput: true,
        latency: 0.35,
        throughput: 260,
        isFree: true,
      },
    ],
  },
];

const box = (root: HTMLElement) => within(root).getByRole<HTMLInputElement>('combobox', { name: 'Model' });
/** The provider or policy each option starts with (its text without the parts hidden from screen readers). */
const optionNames = (root: HTMLElement) =>
  within(root)
    .queryAllByRole('option')
    .map((option) => {
      const copy = option.cloneNode(true) as Element;
      copy.querySelectorAll('[aria-hidden="true"]').forEach((hidden) => hidden.remove());
      return copy.textContent!.split(/[,:]/)[0];
    });
const activeOption = (root: HTMLElement) => {
  const id = box(root).getAttribute('aria-activedescendant');
  return id ? root.ownerDocument.getElementById(id) : null;
};

const meta = preview.meta({
  title: 'Components/ModelPicker',
  component: ModelPicker,
  args: { models, onChange: fn(), placeholder: 'Search models or providers…' },
  decorators: [
    (Story) => (
      // Room below for the list, so the play functions and axe see it in view.
      <div style={{ maxWidth: '36rem', minHeight: '30rem' }}>
        <Story />
      </div>
    ),
  ],
});

/** Typing filters by model id, owner or provider; the count of matches is announced. */
export const Filtering = meta.story({
  play: async ({ canvasElement }) => {
    const input = box(canvasElement);
    await userEvent.click(input);
    expect(input).toHaveAttribute('aria-expanded', 'true');
    expect(optionNames(canvasElement)).toHaveLength(16);
    await userEvent.type(input, 'groq');
    expect(optionNames(canvasElement)).toEqual(['groq']);
    expect(within(canvasElement).getByRole('status')).toHaveTextContent('1 option in 1 model');
    await userEvent.clear(input);
    await userEvent.type(input, 'novita');
    expect(optionNames(canvasElement)).toEqual(['novita', 'novita']);
    const groups = within(canvasElement).getAllByRole('group');
    expect(groups.map((g) => g.querySelector('[role="presentation"]')!.textContent)).toEqual([LLAMA, DEEPSEEK]);
    await userEvent.clear(input);
    await userEvent.type(input, 'openai');
    expect(optionNames(canvasElement)).toEqual(['Fastest', 'Cheapest', 'Preferred', 'together', 'fireworks-ai']);
    expect(within(canvasElement).getByRole('option', { name: /^fireworks-ai\b/ })).toBeVisible();
  },
});

/** Down/Up move through the options (the active one is `aria-activedescendant`), Enter chooses. */
export const KeyboardSelection = meta.story({
  play: async ({ canvasElement, args }) => {
    const input = box(canvasElement);
    await userEvent.tab();
    expect(input).toHaveFocus();
    await userEvent.keyboard('cerebras');
    await userEvent.keyboard('{ArrowDown}');
    expect(activeOption(canvasElement)).toHaveAccessibleName(
      /^cerebras\W+\$0\.10 input, \$0\.10 output per million tokens/,
    );
    await userEvent.keyboard('{Enter}');
    expect(args.onChange).toHaveBeenCalledWith(`${LLAMA}:cerebras`, { model: LLAMA, provider: 'cerebras' });
    expect(input).toHaveValue(`${LLAMA}:cerebras`);
    expect(input).toHaveAttribute('aria-expanded', 'false');
    // Reopening starts at the chosen option; End and Home jump; Escape closes without choosing.
    await userEvent.keyboard('{ArrowDown}');
    expect(activeOption(canvasElement)).toHaveAttribute('aria-selected', 'true');
    await userEvent.keyboard('{End}');
    expect(activeOption(canvasElement)).toHaveAccessibleName(/^fireworks-ai\b/);
    await userEvent.keyboard('{Home}');
    expect(activeOption(canvasElement)).toHaveAccessibleName(/^Fastest\b/);
    await userEvent.keyboard('{Escape}');
    expect(input).toHaveAttribute('aria-expanded', 'false');
    expect(args.onChange).toHaveBeenCalledTimes(1);
  },
});

/** A policy option gives the router's suffix: here `:cheapest`, chosen with the mouse. */
export const PolicyChoice = meta.story({
  play: async ({ canvasElement, args }) => {
    const input = box(canvasElement);
    await userEvent.type(input, 'deepseek');
    await userEvent.click(within(canvasElement).getByRole('option', { name: /^Cheapest\b/ }));
    expect(args.onChange).toHaveBeenCalledWith(`${DEEPSEEK}:cheapest`, { model: DEEPSEEK, policy: 'cheapest' });
    expect(input).toHaveValue(`${DEEPSEEK}:cheapest`);
    expect(input).toHaveFocus();
  },
});

function Controlled(props: { models: ChatModel[] }) {
  const [model, setModel] = useState(`${LLAMA}:fastest`);
  return (
    <>
      <ModelPicker models={props.models} value={model} onChange={setModel} />
      <p>
        Router model: <code data-testid="chosen">{model}</code>
      </p>
    </>
  );
}

/** Controlled by a parent's state. */
export const ControlledValue = meta.story({
  render: (args) => <Controlled models={args.models as ChatModel[]} />,
  play: async ({ canvasElement }) => {
    const input = box(canvasElement);
    expect(input).toHaveValue(`${LLAMA}:fastest`);
    await userEvent.click(input);
    await userEvent.click(within(canvasElement).getAllByRole('option', { name: /^together\b/ })[0]!);
    expect(within(canvasElement).getByTestId('chosen')).toHaveTextContent('openai/gpt-oss-120b:together');
    expect(input).toHaveValue('openai/gpt-oss-120b:together');
  },
});

/** Nothing matches what was typed: said, and no empty list. */
export const NoResults = meta.story({
  play: async ({ canvasElement }) => {
    await userEvent.type(box(canvasElement), 'mistral');
    expect(box(canvasElement)).toHaveAttribute('aria-expanded', 'false');
    expect(within(canvasElement).getByText('No matching models', { selector: 'p' })).toBeVisible();
  },
});

/** The models are on their way (`useChatModels()` pending). */
export const Loading = meta.story({
  args: { models: [], loading: true },
  play: async ({ canvasElement }) => {
    await userEvent.click(box(canvasElement));
    expect(within(canvasElement).getByText('Loading models…', { selector: 'p' })).toBeVisible();
  },
});

/** No models at all. */
export const Empty = meta.story({
  args: { models: [] },
  play: async ({ canvasElement }) => {
    await userEvent.click(box(canvasElement));
    expect(within(canvasElement).getByText('No models available', { selector: 'p' })).toBeVisible();
  },
});

/** Model ids, providers and statuses that look like HTML are shown as text. */
export const XssModelIds = meta.story({
  args: {
    models: [
      {
        id: XSS,
        ownedBy: '<script>alert(1)</script>',
        providers: [{ provider: '"><svg onload=alert(1)>', status: XSS }],
      },
    ],
  },
  play: async ({ canvasElement, args }) => {
    await userEvent.click(box(canvasElement));
    const canvas = within(canvasElement);
    expect(canvas.getByText(XSS, { selector: '[role="presentation"]' })).toBeVisible();
    await userEvent.click(canvas.getByRole('option', { name: /^"><svg/ }));
    expect(args.onChange).toHaveBeenCalledWith(`${XSS}:"><svg onload=alert(1)>`, {
      model: XSS,
      provider: '"><svg onload=alert(1)>',
    });
    expect(canvasElement.querySelector('img, script, svg, [onerror], [onload]')).toBeNull();
  },
});

/** Arabic page, right to left. */
export const RightToLeft = meta.story({
  args: { label: 'النموذج' },
  decorators: [
    (Story) => (
      <div dir="rtl" lang="ar">
        <Story />
      </div>
    ),
  ],
  play: async ({ canvasElement }) => {
    const input = within(canvasElement).getByRole('combobox', { name: 'النموذج' });
    await userEvent.click(input);
    await userEvent.keyboard('{ArrowDown}');
    expect(within(canvasElement).getByRole('listbox', { name: 'النموذج' })).toBeVisible();
  },
});

/** The dark theme, with the list open so axe checks its contrast. */
export const DarkTheme = meta.story({
  globals: { theme: 'dark' },
  args: { defaultValue: `${LLAMA}:groq` },
  play: async ({ canvasElement }) => {
    await userEvent.click(box(canvasElement));
    await userEvent.keyboard('{ArrowDown}{ArrowDown}');
    expect(within(canvasElement).getByRole('option', { selected: true })).toBeVisible();
  },
});

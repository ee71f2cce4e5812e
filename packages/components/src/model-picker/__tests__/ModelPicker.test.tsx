import type { ChatModel } from '@inferkit/core';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { expectNoAxeViolations } from '../../__tests__/axe';
import { ModelPicker } from '../ModelPicker';
import { MODELS, XSS } from './fixtures';

afterEach(cleanup);

const LLAMA = 'meta-llama/Llama-3.1-8B-Instruct';
const DEEPSEEK = 'deepseek-ai/DeepSeek-V4-Pro';

const box = () => screen.getByRole<HTMLInputElement>('combobox', { name: 'Model' });
/** An option's accessible name as its content gives it: the text, without the parts hidden from screen readers. */
const nameOf = (el: Element | null) => {
  const copy = el!.cloneNode(true) as Element;
  copy.querySelectorAll('[aria-hidden="true"]').forEach((hidden) => hidden.remove());
  return copy.textContent!;
};
/** What is shown on screen: the name, then each figure or the policy's hint. */
const shownOf = (el: Element) =>
  [el.querySelector('.ik-mp-name')!, ...el.querySelectorAll('.ik-mp-figure, .ik-mp-hint')].map((e) => e.textContent);
const optionName = (el: Element | null) => nameOf(el).split(/[,:]/)[0];
const names = () => screen.queryAllByRole('option').map(optionName);
const groupNames = () =>
  screen.queryAllByRole('group').map((g) => document.getElementById(g.getAttribute('aria-labelledby')!)!.textContent);
const active = () => {
  const id = box().getAttribute('aria-activedescendant');
  return id ? document.getElementById(id) : null;
};
const status = () => screen.getByRole('status');

describe('ModelPicker', () => {
  it('is a labelled, collapsed combobox that controls a listbox', () => {
    render(<ModelPicker models={MODELS} />);
    const input = box();
    expect(input.tagName).toBe('INPUT');
    expect(input.getAttribute('aria-expanded')).toBe('false');
    expect(input.getAttribute('aria-autocomplete')).toBe('list');
    expect(input.hasAttribute('aria-activedescendant')).toBe(false);
    const list = document.getElementById(input.getAttribute('aria-controls')!)!;
    expect(list.getAttribute('role')).toBe('listbox');
    expect(list.hidden).toBe(true);
    expect(screen.queryAllByRole('option')).toHaveLength(0);
    expect(status().textContent).toBe('');
  });

  it('opens on ArrowDown with one group per served model: the policies, then each provider', async () => {
    const user = userEvent.setup();
    render(<ModelPicker models={MODELS} />);
    await user.click(box());
    await user.keyboard('{Escape}');
    expect(box().getAttribute('aria-expanded')).toBe('false');
    await user.keyboard('{ArrowDown}');
    expect(box().getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByRole('listbox', { name: 'Model' })).toBeTruthy();
    expect(groupNames()).toEqual([LLAMA, DEEPSEEK]);
    const [llama] = screen.getAllByRole('group');
    expect(within(llama!).getAllByRole('option').map(optionName)).toEqual([
      'Fastest',
      'Cheapest',
      'Preferred',
      'groq',
      'novita',
    ]);
    expect(names()).toHaveLength(10);
    expect(status().textContent).toBe('10 options in 2 models');
    // The first option is active, for the screen reader through aria-activedescendant.
    expect(active()).toBe(screen.getAllByRole('option')[0]);
    expect(active()!.hasAttribute('data-active')).toBe(true);
  });

  it('says every figure of a provider in words, and the missing ones as missing, not as 0', async () => {
    const user = userEvent.setup();
    render(<ModelPicker models={MODELS} />);
    await user.type(box(), 'llama');
    const groq = screen.getByRole('option', { name: /^groq, / });
    expect(nameOf(groq)).toBe(
      'groq, $0.05 input, $0.08 output per million tokens, context 131,072 tokens, 0.21 seconds to first token, ' +
        '540 tokens per second, supports tools, no structured output',
    );
    expect(shownOf(groq)).toEqual([
      'groq',
      '$0.05 / $0.08 per 1M',
      '131K context',
      '0.21 s latency',
      '540 tok/s',
      'Tools',
      'No JSON',
    ]);
    const novita = screen.getByRole('option', { name: /^novita, / });
    expect(nameOf(novita)).toBe(
      'novita, $0.02 input, $0.05 output per million tokens, context 16,384 tokens, latency not reported, ' +
        'throughput not reported, tool support not reported, structured output support not reported',
    );
    // Missing numbers show a dash, unreported support nothing; never a 0.
    expect(shownOf(novita)).toEqual(['novita', '$0.02 / $0.05 per 1M', '16K context', '– latency', '– tok/s']);
    expect(novita.querySelectorAll('[data-missing]')).toHaveLength(2);
    expect(
      shownOf(screen.getByRole('option', { name: 'Cheapest: the provider with the lowest output price' })),
    ).toEqual(['Cheapest', ': the provider with the lowest output price']);
  });

  it('says a provider that is down, and a free one with its real zero price', async () => {
    const user = userEvent.setup();
    render(<ModelPicker models={MODELS} />);
    await user.type(box(), 'featherless');
    const option = screen.getByRole('option');
    expect(nameOf(option)).toMatch(
      /^featherless-ai, unavailable \(error\), free for now, \$0\.00 input, \$0\.00 output per million tokens, context length not reported/,
    );
    expect(shownOf(option)).toEqual(['featherless-ai', 'error', 'Free', '– context', '– latency', '– tok/s']);
  });

  it('renders at most 50 options of a long list, counts every match, and narrows as you type', async () => {
    const many: ChatModel[] = Array.from({ length: 400 }, (_, i) => ({
      id: `org/model-${i}`,
      providers: [
        { provider: 'groq', status: 'live' },
        { provider: 'together', status: 'live' },
      ],
    }));
    render(<ModelPicker models={many} policies={[]} />);
    const user = userEvent.setup();
    await user.click(box());
    await user.keyboard('{ArrowDown}');
    expect(screen.getAllByRole('option')).toHaveLength(50);
    expect(status().textContent).toBe('800 options in 400 models; the first 50 shown, type to narrow');
    // End goes to the last option shown: keyboard moves stay within the rendered list.
    await user.keyboard('{End}');
    expect(optionName(active())).toBe('together');
    await user.type(box(), 'model-399');
    expect(names()).toEqual(['groq', 'together']);
    expect(status().textContent).toBe('2 options in 1 model');
  });

  it('filters by model id, owner, provider or policy, every word matching, case-insensitively', async () => {
    const user = userEvent.setup();
    render(<ModelPicker models={MODELS} />);
    await user.type(box(), 'GROQ');
    expect(box().getAttribute('aria-expanded')).toBe('true');
    expect(names()).toEqual(['groq']);
    expect(status().textContent).toBe('1 option in 1 model');
    // No option becomes active by itself while typing.
    expect(box().hasAttribute('aria-activedescendant')).toBe(false);

    await user.clear(box());
    await user.type(box(), 'novita');
    expect(groupNames()).toEqual([LLAMA, DEEPSEEK]);
    expect(names()).toEqual(['novita', 'novita']);

    await user.clear(box());
    await user.type(box(), 'deepseek-ai');
    expect(groupNames()).toEqual([DEEPSEEK]);
    expect(names()).toEqual(['Fastest', 'Cheapest', 'Preferred', 'novita', 'featherless-ai']);

    await user.clear(box());
    await user.type(box(), 'seek  NOV');
    expect(groupNames()).toEqual([DEEPSEEK]);
    expect(names()).toEqual(['novita']);

    await user.clear(box());
    await user.type(box(), 'cheap');
    expect(names()).toEqual(['Cheapest', 'Cheapest']);
    expect(status().textContent).toBe('2 options in 2 models');
  });

  it('says when nothing matches, without an empty listbox', async () => {
    const user = userEvent.setup();
    const { container } = render(<ModelPicker models={MODELS} noResultsMessage="Nothing for that" />);
    await user.type(box(), 'mistral');
    expect(box().getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryAllByRole('option')).toHaveLength(0);
    expect(status().textContent).toBe('Nothing for that');
    expect(container.querySelector('.ik-mp-empty')!.textContent).toBe('Nothing for that');
    await user.clear(box());
    expect(status().textContent).toBe('10 options in 2 models');
  });

  it('moves with ArrowDown/Up (wrapping) and Home/End, and Enter chooses', async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    render(<ModelPicker models={MODELS} onChange={onChange} />);
    await user.type(box(), 'llama');
    const options = screen.getAllByRole('option');
    await user.keyboard('{ArrowDown}');
    expect(active()).toBe(options[0]);
    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowDown}');
    expect(active()).toBe(options[3]);
    await user.keyboard('{End}');
    expect(active()).toBe(options[4]);
    await user.keyboard('{ArrowDown}');
    expect(active()).toBe(options[0]);
    await user.keyboard('{ArrowUp}');
    expect(active()).toBe(options[4]);
    await user.keyboard('{Home}');
    expect(active()).toBe(options[0]);
    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowDown}{Enter}');
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(onChange).toHaveBeenCalledWith(`${LLAMA}:groq`, { model: LLAMA, provider: 'groq' });
    expect(box().value).toBe(`${LLAMA}:groq`);
    expect(box().getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(box());
    // Opening again starts at the chosen option, marked selected, with every option back.
    await user.keyboard('{ArrowDown}');
    expect(names()).toHaveLength(10);
    expect(optionName(active())).toBe('groq');
    expect(screen.getByRole('option', { selected: true })).toBe(active());
  });

  it('ArrowLeft/Right move the caret and give visual focus back to the text box', async () => {
    const user = userEvent.setup();
    render(<ModelPicker models={MODELS} />);
    await user.type(box(), 'groq');
    await user.keyboard('{ArrowDown}');
    expect(active()).not.toBeNull();
    await user.keyboard('{ArrowLeft}');
    expect(active()).toBeNull();
    expect(box().getAttribute('aria-expanded')).toBe('true');
    expect(box().selectionStart).toBe(3);
    await user.keyboard('{ArrowDown}{ArrowRight}');
    expect(active()).toBeNull();
  });

  it('leaves Enter to an input method that is composing', () => {
    const onChange = vi.fn();
    render(<ModelPicker models={MODELS} onChange={onChange} />);
    fireEvent.keyDown(box(), { key: 'ArrowDown' });
    expect(active()).not.toBeNull();
    fireEvent.keyDown(box(), { key: 'Enter', isComposing: true });
    expect(onChange).not.toHaveBeenCalled();
    fireEvent.keyDown(box(), { key: 'Enter' });
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it('ArrowUp on a closed list opens at the last option; Alt+ArrowDown only opens', async () => {
    const user = userEvent.setup();
    render(<ModelPicker models={MODELS} />);
    box().focus();
    await user.keyboard('{Alt>}{ArrowDown}{/Alt}');
    expect(box().getAttribute('aria-expanded')).toBe('true');
    expect(active()).toBeNull();
    await user.keyboard('{Escape}{ArrowUp}');
    expect(optionName(active())).toBe('featherless-ai');
  });

  it('chooses a policy, as the router suffix and its parts', async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    render(<ModelPicker models={MODELS} onChange={onChange} />);
    await user.type(box(), 'deepseek cheap');
    await user.keyboard('{ArrowDown}{Enter}');
    expect(onChange).toHaveBeenCalledWith(`${DEEPSEEK}:cheapest`, { model: DEEPSEEK, policy: 'cheapest' });
    expect(box().value).toBe(`${DEEPSEEK}:cheapest`);
  });

  it('chooses with a click, keeping focus in the text box; the button opens and closes the list', async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    render(<ModelPicker models={MODELS} onChange={onChange} />);
    const toggle = screen.getByRole('button', { name: 'Model options' });
    expect(toggle.tabIndex).toBe(-1);
    await user.click(toggle);
    expect(document.activeElement).toBe(box());
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    await user.click(screen.getAllByRole('option', { name: /^Fastest: / })[1]!);
    expect(onChange).toHaveBeenCalledWith(`${DEEPSEEK}:fastest`, { model: DEEPSEEK, policy: 'fastest' });
    expect(document.activeElement).toBe(box());
    expect(box().getAttribute('aria-expanded')).toBe('false');
    await user.click(toggle);
    expect(box().getAttribute('aria-expanded')).toBe('true');
    await user.click(toggle);
    expect(box().getAttribute('aria-expanded')).toBe('false');
    // Clicking the text box opens the list too.
    await user.click(box());
    expect(box().getAttribute('aria-expanded')).toBe('true');
    // A click on a figure inside an option chooses that option; one on a group's label, nothing.
    await user.click(screen.getAllByText('Model')[0]!);
    await user.click(box());
    await user.click(screen.getAllByRole('presentation')[0]!);
    expect(onChange).toHaveBeenCalledTimes(1);
    await user.click(screen.getByRole('option', { name: /^groq, / }).querySelector('[data-kind="throughput"]')!);
    expect(onChange).toHaveBeenLastCalledWith(`${LLAMA}:groq`, { model: LLAMA, provider: 'groq' });
  });

  it('Escape closes the list, then clears the text; Tab leaves and puts the value back', async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    render(
      <>
        <ModelPicker models={MODELS} defaultValue={`${LLAMA}:groq`} onChange={onChange} />
        <button>after</button>
      </>,
    );
    expect(box().value).toBe(`${LLAMA}:groq`);
    await user.click(box());
    await user.keyboard('{Escape}');
    expect(box().getAttribute('aria-expanded')).toBe('false');
    expect(box().value).toBe(`${LLAMA}:groq`);
    await user.keyboard('{Escape}');
    expect(box().value).toBe('');
    await user.type(box(), 'deep');
    await user.keyboard('{ArrowDown}');
    expect(active()).not.toBeNull();
    await user.tab();
    expect(document.activeElement).toBe(screen.getByText('after'));
    expect(box().getAttribute('aria-expanded')).toBe('false');
    expect(box().value).toBe(`${LLAMA}:groq`);
    expect(onChange).not.toHaveBeenCalled();
  });

  it('Enter without an active option is left to the form', async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn((event: { preventDefault: () => void }) => event.preventDefault());
    const onChange = vi.fn();
    render(
      <form onSubmit={onSubmit}>
        <ModelPicker models={MODELS} name="model" defaultValue={`${DEEPSEEK}:novita`} onChange={onChange} />
        <button type="submit">Go</button>
      </form>,
    );
    await user.type(box(), 'x{Enter}');
    expect(onSubmit).toHaveBeenCalledTimes(1);
    expect(onChange).not.toHaveBeenCalled();
    const hidden = document.querySelector<HTMLInputElement>('input[type="hidden"][name="model"]')!;
    expect(hidden.value).toBe(`${DEEPSEEK}:novita`);
    // Enter on an active option chooses it, and does not submit.
    await user.keyboard('{Escape}{Escape}{ArrowDown}{Enter}');
    expect(onSubmit).toHaveBeenCalledTimes(1);
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it('controlled: shows the value it is given, and only that', async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    const { rerender } = render(<ModelPicker models={MODELS} value={`${LLAMA}:novita`} onChange={onChange} />);
    expect(box().value).toBe(`${LLAMA}:novita`);
    await user.keyboard('{Tab}{ArrowDown}');
    expect(screen.getByRole('option', { selected: true })).toBe(active());
    expect(optionName(active())).toBe('novita');
    expect(screen.getAllByRole('option', { selected: false })).toHaveLength(9);
    await user.keyboard('{ArrowDown}');
    // Selected is the value, not the active option.
    expect(active()!.getAttribute('aria-selected')).toBe('false');
    expect(optionName(screen.getByRole('option', { selected: true }))).toBe('novita');
    await user.keyboard('{Enter}');
    expect(onChange).toHaveBeenCalledWith(`${DEEPSEEK}:fastest`, { model: DEEPSEEK, policy: 'fastest' });
    // The parent did not take it: the box keeps showing the controlled value.
    expect(box().value).toBe(`${LLAMA}:novita`);
    rerender(<ModelPicker models={MODELS} value={`${DEEPSEEK}:preferred`} onChange={onChange} />);
    expect(box().value).toBe(`${DEEPSEEK}:preferred`);
    rerender(<ModelPicker models={MODELS} value="" onChange={onChange} />);
    expect(box().value).toBe('');
  });

  it('works with state in a parent', async () => {
    const user = userEvent.setup();
    function Parent() {
      const [model, setModel] = useState(`${LLAMA}:fastest`);
      return (
        <>
          <ModelPicker models={MODELS} value={model} onChange={setModel} />
          <output>{model}</output>
        </>
      );
    }
    render(<Parent />);
    await user.click(box());
    await user.click(screen.getAllByRole('option', { name: /^Preferred: / })[0]!);
    expect(document.querySelector('output')!.textContent).toBe(`${LLAMA}:preferred`);
    expect(box().value).toBe(`${LLAMA}:preferred`);
  });

  it('shows a value that is not in the list (yet) as it is', () => {
    render(<ModelPicker models={[]} value="some/model:groq" />);
    expect(box().value).toBe('some/model:groq');
  });

  it('offers only the policies asked for', async () => {
    const user = userEvent.setup();
    const { rerender } = render(<ModelPicker models={MODELS} policies={[]} />);
    await user.type(box(), 'llama');
    expect(names()).toEqual(['groq', 'novita']);
    rerender(<ModelPicker models={MODELS} policies={['cheapest']} />);
    expect(names()).toEqual(['Cheapest', 'groq', 'novita']);
  });

  it('with no models says so (or that they are loading), and has no listbox', async () => {
    const user = userEvent.setup();
    const { container, rerender } = render(<ModelPicker models={[]} loading />);
    await user.click(box());
    expect(box().getAttribute('aria-expanded')).toBe('false');
    expect(box().getAttribute('aria-busy')).toBe('true');
    expect(status().textContent).toBe('Loading models…');
    rerender(<ModelPicker models={[]} />);
    expect(status().textContent).toBe('No models available');
    expect(container.querySelector('.ik-mp-empty')!.textContent).toBe('No models available');
    await user.keyboard('{ArrowDown}{Enter}');
    expect(active()).toBeNull();
    rerender(<ModelPicker models={[{ id: 'only/unserved', providers: [] }]} emptyMessage="Nothing to pick" />);
    expect(status().textContent).toBe('Nothing to pick');
    // Typing does not turn "no models" into "no matches".
    await user.type(box(), 'llama');
    expect(status().textContent).toBe('Nothing to pick');
  });

  it('disabled: the text box and button are off', () => {
    render(<ModelPicker models={MODELS} disabled />);
    expect(box().disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Model options' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('renders hostile model ids, owners, providers and statuses as text', async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    const hostile: ChatModel[] = [
      {
        id: XSS,
        ownedBy: '<script>alert(1)</script>',
        providers: [{ provider: `"><svg onload=alert(1)>`, status: XSS }],
      },
    ];
    const { container } = render(<ModelPicker models={hostile} onChange={onChange} />);
    await user.click(box());
    expect(container.querySelector('img, script, svg, [onerror], [onload]')).toBeNull();
    expect(groupNames()).toEqual([XSS]);
    const option = screen.getByRole('option', { name: /^"><svg/ });
    expect(option.textContent).toContain(XSS);
    await user.click(option);
    expect(onChange).toHaveBeenCalledWith(`${XSS}:"><svg onload=alert(1)>`, {
      model: XSS,
      provider: '"><svg onload=alert(1)>',
    });
    expect(box().value).toBe(`${XSS}:"><svg onload=alert(1)>`);
    expect(container.querySelector('img, script, svg')).toBeNull();
  });

  it('renders on the server, with untrusted text escaped', () => {
    const html = renderToString(<ModelPicker models={MODELS} defaultValue={XSS} label={XSS} />);
    expect(html).not.toContain('<img');
    // The label, the value, and the names of the listbox and the button.
    expect(html.match(/&lt;img src=x onerror=alert\(1\)&gt;/g)).toHaveLength(4);
    expect(html).toContain('role="combobox"');
  });

  it('forwards the ref to the text box, className and other props to the root', () => {
    const ref = { current: null as HTMLInputElement | null };
    const { container } = render(
      <ModelPicker ref={ref} models={MODELS} className="mine" data-testid="picker" label="Chat model" />,
    );
    expect(ref.current).toBe(screen.getByRole('combobox', { name: 'Chat model' }));
    const root = container.firstElementChild as HTMLElement;
    expect(root.className).toBe('ik-model-picker mine');
    expect(root.dataset.testid).toBe('picker');
  });

  describe('accessibility (axe)', () => {
    it.each([
      ['closed', ''],
      ['open, an option active', '{ArrowDown}{ArrowDown}'],
      ['filtered', 'groq'],
      ['no results', 'zzz'],
    ])('%s', async (_, keys) => {
      const user = userEvent.setup();
      const { container } = render(<ModelPicker models={MODELS} defaultValue={`${LLAMA}:groq`} />);
      if (keys) {
        box().focus();
        if (!keys.startsWith('{')) await user.clear(box());
        await user.keyboard(keys);
      }
      await expectNoAxeViolations(container);
    });

    it.each([
      ['empty', <ModelPicker key="a" models={[]} />],
      ['loading', <ModelPicker key="b" models={[]} loading />],
      ['disabled', <ModelPicker key="c" models={MODELS} disabled />],
    ])('%s, open', async (_, element) => {
      const { container } = render(element);
      await userEvent.setup().click(box());
      await expectNoAxeViolations(container);
    });
  });
});

import type { TokenClassificationEntity } from '@inferkit/core';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { expectNoAxeViolations } from '../../__tests__/axe';
import { EntityHighlighter, firstStrongIsRtl } from '../EntityHighlighter';

afterEach(cleanup);

function at(text: string, word: string) {
  const i = text.indexOf(word);
  if (i < 0) throw new Error(`${word} not in text`);
  const start = Array.from(text.slice(0, i)).length;
  return { start, end: start + Array.from(word).length };
}
const entity = (text: string, word: string, type: string, score = 0.9): TokenClassificationEntity => ({
  entityGroup: type,
  score,
  word,
  ...at(text, word),
});

const TEXT = 'Ada Lovelace worked with Charles Babbage in London.';
const ENTITIES = [
  entity(TEXT, 'Ada Lovelace', 'PER', 0.991),
  entity(TEXT, 'Charles Babbage', 'PER', 0.95),
  entity(TEXT, 'London', 'LOC', 0.8),
];

const marks = (container: HTMLElement) => [...container.querySelectorAll<HTMLElement>('mark')];
/** The mark's text without the visually hidden type. */
const shown = (mark: HTMLElement) => mark.firstChild?.textContent;
const tooltip = (container: HTMLElement) => container.querySelector<HTMLElement>('.ik-entity-tooltip')!;
const description = (el: HTMLElement) => {
  const id = el.getAttribute('aria-describedby');
  return id ? document.getElementById(id)?.textContent : null;
};

describe('EntityHighlighter', () => {
  it('marks each entity, keeps all the text, and puts the type in text for assistive tech', () => {
    const { container } = render(<EntityHighlighter text={TEXT} entities={ENTITIES} />);
    const found = marks(container);
    expect(found.map(shown)).toEqual(['Ada Lovelace', 'Charles Babbage', 'London']);
    expect(found.map((m) => m.dataset.type)).toEqual(['PER', 'PER', 'LOC']);
    expect(found[0]!.textContent).toBe('Ada Lovelace (PER)');
    expect(found[0]!.dataset.color).toBe(found[1]!.dataset.color);
    expect(found[0]!.dataset.color).not.toBe(found[2]!.dataset.color);
    const text = container.querySelector('.ik-entity-text')!;
    expect(text.textContent!.replace(/ \((PER|LOC)\)/g, '')).toBe(TEXT);
  });

  it('uses formatType for the legend, the hidden type text and the tooltip', async () => {
    const names: Record<string, string> = { PER: 'Person', LOC: 'Place' };
    const format = (t: string) => names[t] ?? t;
    const { container } = render(<EntityHighlighter text={TEXT} entities={ENTITIES} formatType={format} />);
    expect(screen.getByRole('button', { name: /Person/ })).toBeTruthy();
    expect(marks(container)[2]!.textContent).toBe('London (Place)');
    await userEvent.setup().hover(marks(container)[2]!);
    expect(tooltip(container).textContent).toBe('Place, 80.0%');
  });

  it('renders an entity at offset 0', () => {
    const { container } = render(
      <EntityHighlighter text="Paris" entities={[{ entityGroup: 'LOC', score: 1, word: 'Paris', start: 0, end: 5 }]} />,
    );
    expect(marks(container).map(shown)).toEqual(['Paris']);
  });

  it('shows a legend with counts per type', () => {
    render(<EntityHighlighter text={TEXT} entities={ENTITIES} />);
    const legend = screen.getByRole('group', { name: 'Entity types' });
    const buttons = within(legend).getAllByRole('button');
    expect(buttons.map((b) => b.textContent)).toEqual(['LOC 1', 'PER 2']);
    expect(buttons.every((b) => b.getAttribute('aria-pressed') === 'true')).toBe(true);
  });

  it('toggles a type from the legend', async () => {
    const user = userEvent.setup();
    const onHiddenTypesChange = vi.fn();
    const { container } = render(
      <EntityHighlighter text={TEXT} entities={ENTITIES} onHiddenTypesChange={onHiddenTypesChange} />,
    );
    const per = screen.getByRole('button', { name: /PER/ });
    await user.click(per);
    expect(per.getAttribute('aria-pressed')).toBe('false');
    expect(marks(container).map(shown)).toEqual(['London']);
    expect(container.querySelector('.ik-entity-text')!.textContent).toBe(TEXT.replace('London', 'London (LOC)'));
    expect(onHiddenTypesChange).toHaveBeenLastCalledWith(['PER']);
    await user.click(per);
    expect(per.getAttribute('aria-pressed')).toBe('true');
    expect(marks(container)).toHaveLength(3);
    expect(onHiddenTypesChange).toHaveBeenLastCalledWith([]);
  });

  it('starts with defaultHiddenTypes hidden', () => {
    const { container } = render(<EntityHighlighter text={TEXT} entities={ENTITIES} defaultHiddenTypes={['LOC']} />);
    expect(marks(container).map((m) => m.dataset.type)).toEqual(['PER', 'PER']);
    expect(screen.getByRole('button', { name: /LOC/ }).getAttribute('aria-pressed')).toBe('false');
  });

  it('is one tab stop; arrows, Home and End move between entities', async () => {
    const user = userEvent.setup();
    const { container } = render(
      <>
        <button>before</button>
        <EntityHighlighter text={TEXT} entities={ENTITIES} showLegend={false} />
        <button>after</button>
      </>,
    );
    const [ada, charles, london] = marks(container);
    expect(marks(container).filter((m) => m.tabIndex === 0)).toEqual([ada]);
    expect(marks(container).filter((m) => m.hasAttribute('tabindex'))).toEqual([ada]);
    await user.tab();
    await user.tab();
    expect(document.activeElement).toBe(ada);
    await user.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(charles);
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(london);
    await user.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(london);
    await user.keyboard('{Home}');
    expect(document.activeElement).toBe(ada);
    await user.keyboard('{End}');
    expect(document.activeElement).toBe(london);
    await user.keyboard('{ArrowLeft}');
    expect(document.activeElement).toBe(charles);
    expect(marks(container).filter((m) => m.tabIndex === 0)).toEqual([charles]);
    await user.tab();
    expect(document.activeElement).toBe(screen.getByText('after'));
    await user.tab({ shift: true });
    expect(document.activeElement).toBe(charles);
  });

  it.each(['rtl', 'auto'] as const)('swaps Left and Right for right-to-left text (dir="%s")', async (dir) => {
    const user = userEvent.setup();
    const text = 'اسمي سارة وأعيش في القاهرة';
    const { container } = render(
      <EntityHighlighter
        dir={dir}
        text={text}
        entities={[entity(text, 'سارة', 'PER'), entity(text, 'القاهرة', 'LOC')]}
      />,
    );
    const [sara, cairo] = marks(container);
    act(() => sara!.focus());
    await user.keyboard('{ArrowLeft}');
    expect(document.activeElement).toBe(cairo);
    await user.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(sara);
  });

  it('resolves dir="auto" by the first strong character, as the browser does', () => {
    expect(firstStrongIsRtl('123 שלום world')).toBe(true);
    expect(firstStrongIsRtl('— Hello سارة')).toBe(false);
    expect(firstStrongIsRtl('🙂 42')).toBe(false);
  });

  it('skips hidden types when moving with the keyboard', async () => {
    const user = userEvent.setup();
    const { container } = render(<EntityHighlighter text={TEXT} entities={ENTITIES} defaultHiddenTypes={['PER']} />);
    const [london] = marks(container);
    expect(london!.tabIndex).toBe(0);
    act(() => london!.focus());
    await user.keyboard('{ArrowLeft}');
    expect(document.activeElement).toBe(london);
  });

  it('shows type and score on keyboard focus, tied to the mark by aria-describedby', async () => {
    const user = userEvent.setup();
    const { container } = render(<EntityHighlighter text={TEXT} entities={ENTITIES} />);
    expect(tooltip(container).hidden).toBe(true);
    marks(container)[0]!.focus();
    await user.keyboard('{ArrowRight}');
    const charles = marks(container)[1]!;
    expect(document.activeElement).toBe(charles);
    expect(tooltip(container).hidden).toBe(false);
    expect(tooltip(container).textContent).toBe('PER, 95.0%');
    expect(description(charles)).toBe('PER, 95.0%');
    expect(marks(container).filter((m) => m.hasAttribute('aria-describedby'))).toEqual([charles]);
    await user.keyboard('{Escape}');
    expect(tooltip(container).hidden).toBe(true);
    expect(description(charles)).toBe('PER, 95.0%');
    await user.tab();
    expect(marks(container).some((m) => m.hasAttribute('aria-describedby'))).toBe(false);
  });

  it('shows type and score on hover and hides them when the pointer leaves', async () => {
    const user = userEvent.setup();
    const { container } = render(
      <EntityHighlighter text={TEXT} entities={ENTITIES} formatScore={(s) => s.toFixed(2)} />,
    );
    await user.hover(marks(container)[2]!);
    expect(tooltip(container).hidden).toBe(false);
    expect(tooltip(container).textContent).toBe('LOC, 0.80');
    expect(tooltip(container).dataset.type).toBe('LOC');
    await user.unhover(marks(container)[2]!);
    expect(tooltip(container).hidden).toBe(true);
  });

  it('forgets focus and hover state when the entities change', async () => {
    const user = userEvent.setup();
    const { container, rerender } = render(<EntityHighlighter text={TEXT} entities={ENTITIES} />);
    await user.hover(marks(container)[2]!);
    rerender(<EntityHighlighter text={TEXT} entities={ENTITIES.slice(0, 1)} />);
    expect(tooltip(container).hidden).toBe(true);
    expect(marks(container).map(shown)).toEqual(['Ada Lovelace']);
  });

  it('forwards ref, className and other props to the root, with data-empty', () => {
    const ref = { current: null as HTMLDivElement | null };
    const { container } = render(
      <EntityHighlighter ref={ref} className="mine" id="x" text="nothing here" entities={[]} />,
    );
    expect(ref.current).toBe(container.firstChild);
    expect(ref.current!.className).toBe('ik-entity-highlighter mine');
    expect(ref.current!.id).toBe('x');
    expect(ref.current!.hasAttribute('data-empty')).toBe(true);
    expect(screen.queryByRole('group', { name: 'Entity types' })).toBeNull();
  });

  it('highlights exactly the right characters after emoji, flags, CJK and RTL text', () => {
    const text = 'Hi 👋🏽 🇫🇷 東京の山田さん met سارة in תל אביב 🎉 and Zoë';
    const words = ['東京', '山田', 'سارة', 'תל אביב', 'Zoë'];
    const { container } = render(<EntityHighlighter text={text} entities={words.map((w) => entity(text, w, 'X'))} />);
    expect(marks(container).map(shown)).toEqual(words);
    expect(container.querySelector('.ik-entity-text')!.textContent!.replaceAll(' (X)', '')).toBe(text);
  });

  describe('untrusted text renders as inert text', () => {
    const payloads = [
      '<img src=x onerror=alert(1)>',
      '<script>alert(1)</script>',
      '<svg onload=alert(1)>',
      '<iframe src="javascript:alert(1)"></iframe>',
      '"><a href="javascript:alert(1)">x</a>',
    ];
    const noElements = (root: Element) =>
      expect(root.querySelectorAll('img, script, svg, iframe, a, [onerror], [onload]')).toHaveLength(0);

    it.each(payloads)('in the text: %s', (payload) => {
      const text = `Hello ${payload} Paris`;
      const { container } = render(<EntityHighlighter text={text} entities={[entity(text, 'Paris', 'LOC')]} />);
      noElements(container);
      expect(container.querySelector('.ik-entity-text')!.textContent).toBe(`Hello ${payload} Paris (LOC)`);
    });

    it.each(payloads)('inside an entity and in its word: %s', (payload) => {
      const text = `Hello ${payload} Paris`;
      const { container } = render(
        <EntityHighlighter text={text} entities={[{ ...entity(text, payload, 'LOC'), word: payload }]} />,
      );
      noElements(container);
      expect(shown(marks(container)[0]!)).toBe(payload);
    });

    it.each(payloads)('in a word located without offsets: %s', (payload) => {
      const text = `Hello ${payload} Paris`;
      const { container } = render(
        <EntityHighlighter text={text} entities={[{ entityGroup: 'LOC', score: 1, word: payload }]} />,
      );
      noElements(container);
      expect(shown(marks(container)[0]!)).toBe(payload);
    });

    it.each(payloads)('in the entity type: %s', async (payload) => {
      const text = 'Hello Paris';
      const { container } = render(<EntityHighlighter text={text} entities={[entity(text, 'Paris', payload)]} />);
      await userEvent.setup().hover(marks(container)[0]!);
      noElements(container);
      expect(marks(container)[0]!.dataset.type).toBe(payload);
      expect(marks(container)[0]!.textContent).toBe(`Paris (${payload})`);
      expect(screen.getByRole('button').textContent).toBe(`${payload} 1`);
      expect(tooltip(container).textContent).toBe(`${payload}, 90.0%`);
    });

    it('in a per-token tag', () => {
      const payload = '<img src=x onerror=alert(1)>';
      const { container } = render(
        <EntityHighlighter
          text="Hello Paris"
          entities={[{ entity: `B-${payload}`, score: 1, word: 'Paris', start: 6, end: 11 }]}
        />,
      );
      noElements(container);
      expect(marks(container)[0]!.dataset.type).toBe(payload);
    });
  });

  describe('accessibility (axe)', () => {
    it('default', async () => {
      const { container } = render(<EntityHighlighter text={TEXT} entities={ENTITIES} />);
      await expectNoAxeViolations(container);
    });
    it('with a type hidden', async () => {
      const { container } = render(<EntityHighlighter text={TEXT} entities={ENTITIES} defaultHiddenTypes={['PER']} />);
      await expectNoAxeViolations(container);
    });
    it('with a focused mark and its tooltip', async () => {
      const { container } = render(<EntityHighlighter text={TEXT} entities={ENTITIES} />);
      act(() => marks(container)[0]!.focus());
      fireEvent.keyDown(marks(container)[0]!, { key: 'ArrowRight' });
      expect(document.activeElement).toBe(marks(container)[1]);
      expect(tooltip(container).hidden).toBe(false);
      await expectNoAxeViolations(container);
    });
    it('with a hovered mark', async () => {
      const { container } = render(<EntityHighlighter text={TEXT} entities={ENTITIES} />);
      fireEvent.mouseOver(marks(container)[2]!);
      expect(tooltip(container).hidden).toBe(false);
      await expectNoAxeViolations(container);
    });
    it('without entities', async () => {
      const { container } = render(<EntityHighlighter text={TEXT} entities={[]} />);
      await expectNoAxeViolations(container);
    });
    it('RTL text', async () => {
      const text = 'שלום, אני דוד מירושלים';
      const { container } = render(<EntityHighlighter text={text} entities={[entity(text, 'דוד', 'PER')]} />);
      await expectNoAxeViolations(container);
    });
  });

  describe('big inputs: 100,000 characters, 10,000 entities', () => {
    const unit = 'Ada,Rome 👋🏽 🇫🇷. ';
    const text = unit.repeat(Math.ceil(100_000 / unit.length)).slice(0, 100_000);
    const perUnit = Array.from(unit).length;
    const make = (shift: number) => {
      const list: TokenClassificationEntity[] = [];
      for (let i = 0; list.length < 10_000; i++) {
        list.push({ entityGroup: 'PER', score: 0.9, word: 'Ada', start: i * perUnit + shift, end: i * perUnit + 3 });
        list.push({ entityGroup: 'LOC', score: 0.8, word: 'Rome', start: i * perUnit + 4, end: i * perUnit + 8 });
      }
      return list;
    };
    /** DOM changes inside the text while `action` runs: nodes added or removed, and all records. */
    function mutations(container: HTMLElement, action: () => void) {
      const observer = new MutationObserver(() => {});
      observer.observe(container.querySelector('.ik-entity-text')!, {
        childList: true,
        subtree: true,
        attributes: true,
        characterData: true,
      });
      action();
      const records = observer.takeRecords();
      observer.disconnect();
      const moved = records.reduce((n, r) => n + r.addedNodes.length + r.removedNodes.length, 0);
      return { moved, records };
    }

    it('renders them, and updates nodes in place when the entities change', { timeout: 120_000 }, () => {
      const first = make(0);
      const { container, rerender } = render(<EntityHighlighter text={text} entities={first} />);
      expect(marks(container)).toHaveLength(10_000);
      expect(marks(container).slice(-2).map(shown)).toEqual(['Ada', 'Rome']);
      // Parent re-render with the same array: memoised, nothing in the text is touched.
      expect(mutations(container, () => rerender(<EntityHighlighter text={text} entities={first} />)).records).toEqual(
        [],
      );
      // Every entity moved by one character: text nodes change in place, (almost) no node is
      // inserted or removed; keyed by position, 10,000 marks would otherwise be re-created.
      const changed = mutations(container, () => rerender(<EntityHighlighter text={text} entities={make(1)} />));
      expect(changed.moved).toBeLessThan(5);
      expect(marks(container).slice(0, 2).map(shown)).toEqual(['da', 'Rome']);
    });

    it('hovering and moving focus touch only the marks concerned', { timeout: 120_000 }, async () => {
      const user = userEvent.setup();
      const { container } = render(<EntityHighlighter text={text} entities={make(0)} />);
      const all = marks(container);
      expect(mutations(container, () => fireEvent.mouseOver(all[5000]!)).records).toEqual([]);
      expect(tooltip(container).hidden).toBe(false);
      act(() => all[0]!.focus());
      await user.keyboard('{End}');
      expect(document.activeElement).toBe(all[9999]);
      const moved = mutations(container, () => {
        fireEvent.keyDown(all[9999]!, { key: 'ArrowLeft' });
      });
      expect(document.activeElement).toBe(all[9998]);
      // tabindex and aria-describedby on the old and the new mark only.
      expect(moved.moved).toBe(0);
      expect(moved.records.length).toBeLessThanOrEqual(6);
      expect(new Set(moved.records.map((r) => r.target))).toEqual(new Set([all[9999], all[9998]]));
    });
  });
});

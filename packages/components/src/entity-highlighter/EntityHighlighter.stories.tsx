'use client';
import type { TokenClassificationEntity } from '@inferkit/core';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import preview from '../../../../.storybook/preview';
import { EntityHighlighter } from './EntityHighlighter';

const XSS = '<img src=x onerror=alert(1)>';

/** Code-point offsets of `word` in `text` (after `from`), as the Inference API returns them. */
function at(text: string, word: string, from = 0) {
  const i = text.indexOf(word, from);
  if (i < 0) throw new Error(`"${word}" is not in the text`);
  const start = Array.from(text.slice(0, i)).length;
  return { start, end: start + Array.from(word).length };
}

const grouped = (text: string, word: string, type: string, score = 0.97): TokenClassificationEntity => ({
  entityGroup: type,
  score,
  word,
  ...at(text, word),
});

/** The marks' own text, without the visually hidden " (TYPE)". */
const markTexts = (root: HTMLElement) =>
  [...root.querySelectorAll<HTMLElement>('mark')].map((mark) => mark.firstChild?.textContent);

const TEXT =
  'Ada Lovelace worked with Charles Babbage in London on the Analytical Engine, long before Hugging Face opened an office in Paris.';
const ENTITIES = [
  grouped(TEXT, 'Ada Lovelace', 'PER', 0.998),
  grouped(TEXT, 'Charles Babbage', 'PER', 0.993),
  grouped(TEXT, 'London', 'LOC', 0.999),
  grouped(TEXT, 'Analytical Engine', 'MISC', 0.82),
  grouped(TEXT, 'Hugging Face', 'ORG', 0.96),
  grouped(TEXT, 'Paris', 'LOC', 0.997),
];

const meta = preview.meta({
  title: 'Components/EntityHighlighter',
  component: EntityHighlighter,
  args: { text: TEXT, entities: ENTITIES },
  decorators: [
    (Story) => (
      <div style={{ maxWidth: '40rem', lineHeight: 1.8 }}>
        <Story />
      </div>
    ),
  ],
});

/** Grouped output (`aggregationStrategy: 'simple'`): one mark per entity, a legend with counts. */
export const Default = meta.story({
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    expect(markTexts(canvasElement)).toEqual([
      'Ada Lovelace',
      'Charles Babbage',
      'London',
      'Analytical Engine',
      'Hugging Face',
      'Paris',
    ]);
    const legend = canvas.getByRole('group', { name: 'Entity types' });
    expect(within(legend).getByRole('button', { name: 'PER 2' })).toHaveAttribute('aria-pressed', 'true');
    expect(within(legend).getByRole('button', { name: 'LOC 2' })).toBeVisible();
    // The type is in the text for screen readers.
    expect(canvasElement.querySelector('mark')).toHaveTextContent('Ada Lovelace (PER)');
  },
});

/** One tab stop; arrows move between entities; the type and score show on focus; Escape hides them. */
export const KeyboardAndTooltip = meta.story({
  play: async ({ canvasElement }) => {
    const marks = [...canvasElement.querySelectorAll<HTMLElement>('mark')];
    const tooltip = canvasElement.querySelector<HTMLElement>('.ik-entity-tooltip')!;
    // The legend buttons come first in tab order.
    for (let i = 0; i < 8 && document.activeElement !== marks[0]; i++) await userEvent.tab();
    expect(marks[0]).toHaveFocus();
    expect(tooltip).toBeVisible();
    expect(tooltip).toHaveTextContent('PER, 99.8%');
    expect(marks[0]).toHaveAccessibleDescription('PER, 99.8%');
    await userEvent.keyboard('{ArrowRight}');
    expect(marks[1]).toHaveFocus();
    await userEvent.keyboard('{End}');
    expect(marks[5]).toHaveFocus();
    expect(tooltip).toHaveTextContent('LOC, 99.7%');
    await userEvent.keyboard('{Escape}');
    expect(tooltip).not.toBeVisible();
    await userEvent.keyboard('{Home}');
    expect(marks[0]).toHaveFocus();
    expect(tooltip).toBeVisible();
  },
});

/** Hovering an entity shows its type and score. */
export const HoverTooltip = meta.story({
  play: async ({ canvasElement }) => {
    const london = [...canvasElement.querySelectorAll<HTMLElement>('mark')][2]!;
    await userEvent.hover(london);
    const tooltip = canvasElement.querySelector<HTMLElement>('.ik-entity-tooltip')!;
    await waitFor(() => expect(tooltip).toHaveTextContent('LOC, 99.9%'));
    await userEvent.unhover(london);
    await waitFor(() => expect(tooltip).not.toBeVisible());
  },
});

/** The legend toggles a type: its marks become plain text. */
export const ToggleTypes = meta.story({
  args: { onHiddenTypesChange: fn() },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const per = canvas.getByRole('button', { name: 'PER 2' });
    await userEvent.click(per);
    expect(per).toHaveAttribute('aria-pressed', 'false');
    expect(args.onHiddenTypesChange).toHaveBeenLastCalledWith(['PER']);
    expect(canvasElement.querySelectorAll('mark[data-type="PER"]')).toHaveLength(0);
    expect(canvasElement.querySelector('.ik-entity-text')).toHaveTextContent('Ada Lovelace worked with');
    await userEvent.click(per);
    expect(canvasElement.querySelectorAll('mark[data-type="PER"]')).toHaveLength(2);
  },
});

/** Types can start hidden. */
export const SomeTypesHidden = meta.story({
  args: { defaultHiddenTypes: ['LOC', 'MISC'] },
  play: async ({ canvasElement }) => {
    expect(within(canvasElement).getByRole('button', { name: 'LOC 2' })).toHaveAttribute('aria-pressed', 'false');
    expect(markTexts(canvasElement)).toEqual(['Ada Lovelace', 'Charles Babbage', 'Hugging Face']);
  },
});

/** Friendly names for the types, in the legend, the tooltip and the hidden text. */
export const FriendlyTypeNames = meta.story({
  args: {
    formatType: (type: string) => ({ PER: 'Person', LOC: 'Place', ORG: 'Organisation', MISC: 'Other' })[type] ?? type,
  },
  play: async ({ canvasElement }) => {
    expect(within(canvasElement).getByRole('button', { name: 'Person 2' })).toBeVisible();
    expect(canvasElement.querySelector('mark')).toHaveTextContent('Ada Lovelace (Person)');
  },
});

const TOKEN_TEXT = 'Wolfgang lives in Berlin and works for Siemens Healthineers.';
/** Per-token output (`aggregationStrategy: 'none'`): B-/I- tags and `##` word pieces. */
const TOKENS: TokenClassificationEntity[] = [
  { entity: 'B-PER', score: 0.99, index: 1, word: 'Wolf', ...at(TOKEN_TEXT, 'Wolf') },
  { entity: 'I-PER', score: 0.97, index: 2, word: '##gang', ...at(TOKEN_TEXT, 'gang') },
  { entity: 'B-LOC', score: 0.999, index: 5, word: 'Berlin', ...at(TOKEN_TEXT, 'Berlin') },
  { entity: 'B-ORG', score: 0.95, index: 9, word: 'Siemens', ...at(TOKEN_TEXT, 'Siemens') },
  { entity: 'I-ORG', score: 0.91, index: 10, word: 'Health', ...at(TOKEN_TEXT, 'Health') },
  { entity: 'I-ORG', score: 0.89, index: 11, word: '##ine', ...at(TOKEN_TEXT, 'ine') },
  { entity: 'I-ORG', score: 0.9, index: 12, word: '##ers', ...at(TOKEN_TEXT, 'ers') },
];

/** Tokens are merged into whole entities. */
export const PerTokenTags = meta.story({
  args: { text: TOKEN_TEXT, entities: TOKENS },
  play: async ({ canvasElement }) => {
    expect(markTexts(canvasElement)).toEqual(['Wolfgang', 'Berlin', 'Siemens Healthineers']);
  },
});

/** No entity found: the text alone, no legend. */
export const Empty = meta.story({
  args: { text: 'Nothing to see here: no names, no places, no organisations.', entities: [] },
  play: async ({ canvasElement }) => {
    expect(canvasElement.querySelector('mark')).toBeNull();
    expect(within(canvasElement).queryByRole('group')).toBeNull();
    expect(canvasElement.querySelector('.ik-entity-highlighter')).toHaveAttribute('data-empty');
    expect(within(canvasElement).getByText(/Nothing to see here/)).toBeVisible();
  },
});

const EMOJI_TEXT = '👋🏽 Hi! I am Zoë 👩🏽‍💻 from 🇫🇷 Paris and I work at 🤗 Hugging Face.';
/**
 * Emoji before the entities: the API's offsets count code points (🇫🇷 is 2, 👩🏽‍💻 is 4) while
 * JavaScript counts UTF-16 units. The marks still land exactly on the words.
 */
export const EmojiBeforeEntities = meta.story({
  args: {
    text: EMOJI_TEXT,
    entities: [
      grouped(EMOJI_TEXT, 'Zoë', 'PER'),
      grouped(EMOJI_TEXT, 'Paris', 'LOC'),
      grouped(EMOJI_TEXT, 'Hugging Face', 'ORG'),
    ],
  },
  play: async ({ canvasElement }) => {
    expect(markTexts(canvasElement)).toEqual(['Zoë', 'Paris', 'Hugging Face']);
    expect(canvasElement.querySelector('.ik-entity-text')).toHaveTextContent(/👋🏽 Hi! I am Zoë/);
  },
});

const HEBREW = 'דוד בן-גוריון הכריז על הקמת המדינה בתל אביב, ואחר כך עבר לשדה בוקר בנגב.';
/** Hebrew, right to left: Left and Right arrows follow the reading direction. */
export const RightToLeftHebrew = meta.story({
  args: {
    text: HEBREW,
    dir: 'rtl',
    lang: 'he',
    legendLabel: 'סוגי ישויות',
    entities: [
      grouped(HEBREW, 'דוד בן-גוריון', 'PER'),
      grouped(HEBREW, 'תל אביב', 'LOC'),
      grouped(HEBREW, 'שדה בוקר', 'LOC'),
      grouped(HEBREW, 'נגב', 'LOC'),
    ],
  },
  decorators: [
    (Story) => (
      <div dir="rtl">
        <Story />
      </div>
    ),
  ],
  play: async ({ canvasElement }) => {
    const marks = [...canvasElement.querySelectorAll<HTMLElement>('mark')];
    expect(markTexts(canvasElement)).toEqual(['דוד בן-גוריון', 'תל אביב', 'שדה בוקר', 'נגב']);
    marks[0]!.focus();
    await userEvent.keyboard('{ArrowLeft}');
    expect(marks[1]).toHaveFocus();
    await userEvent.keyboard('{ArrowRight}');
    expect(marks[0]).toHaveFocus();
  },
});

const ARABIC = 'زار محمد بن راشد مدينة القاهرة والتقى بممثلين عن جامعة الدول العربية.';
/** Arabic, right to left, with multi-word entities. */
export const RightToLeftArabic = meta.story({
  args: {
    text: ARABIC,
    dir: 'rtl',
    lang: 'ar',
    legendLabel: 'أنواع الكيانات',
    entities: [
      grouped(ARABIC, 'محمد بن راشد', 'PER'),
      grouped(ARABIC, 'القاهرة', 'LOC'),
      grouped(ARABIC, 'جامعة الدول العربية', 'ORG'),
    ],
  },
  decorators: [
    (Story) => (
      <div dir="rtl">
        <Story />
      </div>
    ),
  ],
  play: async ({ canvasElement }) => {
    expect(markTexts(canvasElement)).toEqual(['محمد بن راشد', 'القاهرة', 'جامعة الدول العربية']);
  },
});

const SENTENCES = [
  ['Marie Curie', 'PER', 'Warsaw', 'LOC'],
  ['Alan Turing', 'PER', 'Manchester', 'LOC'],
  ['Grace Hopper', 'PER', 'Yale', 'ORG'],
  ['Tim Berners-Lee', 'PER', 'CERN', 'ORG'],
] as const;
const LONG_PARTS = Array.from({ length: 150 }, (_, i) => {
  const [name, nameType, place, placeType] = SENTENCES[i % SENTENCES.length]!;
  return { sentence: `In chapter ${i + 1}, ${name} travels to ${place} once more. `, name, nameType, place, placeType };
});
const LONG_TEXT = LONG_PARTS.map((p) => p.sentence).join('');
const LONG_ENTITIES: TokenClassificationEntity[] = [];
{
  let offset = 0;
  for (const part of LONG_PARTS) {
    const name = part.sentence.indexOf(part.name);
    const place = part.sentence.indexOf(part.place, name + part.name.length);
    LONG_ENTITIES.push(
      {
        entityGroup: part.nameType,
        score: 0.95,
        word: part.name,
        start: offset + name,
        end: offset + name + part.name.length,
      },
      {
        entityGroup: part.placeType,
        score: 0.9,
        word: part.place,
        start: offset + place,
        end: offset + place + part.place.length,
      },
    );
    offset += part.sentence.length;
  }
}

/** A long document with 300 entities, scrolled inside a box. */
export const LongText = meta.story({
  args: { text: LONG_TEXT, entities: LONG_ENTITIES },
  decorators: [
    (Story) => (
      <div style={{ maxHeight: '20rem', overflow: 'auto' }} tabIndex={0} role="region" aria-label="Document">
        <Story />
      </div>
    ),
  ],
  play: async ({ canvasElement }) => {
    expect(canvasElement.querySelectorAll('mark')).toHaveLength(300);
    expect(within(canvasElement).getByRole('button', { name: 'PER 150' })).toBeVisible();
    const marks = canvasElement.querySelectorAll<HTMLElement>('mark');
    marks[0]!.focus();
    await userEvent.keyboard('{End}');
    expect(marks[299]).toHaveFocus();
  },
});

/** What models really send: offsets past the end, a word without offsets, overlapping spans. */
export const OddOffsets = meta.story({
  args: {
    text: 'Angela Merkel met Emmanuel Macron in Brussels.',
    entities: [
      { entityGroup: 'PER', score: 0.99, word: 'Angela Merkel', start: 0, end: 13 },
      // Overlaps the one above: dropped whole.
      { entityGroup: 'PER', score: 0.5, word: 'Merkel', start: 7, end: 13 },
      // No offsets: found by its word.
      { entityGroup: 'PER', score: 0.98, word: 'Emmanuel Macron' },
      // Past the end of the text: clamped.
      { entityGroup: 'LOC', score: 0.97, word: 'Brussels', start: 37, end: 400 },
      // Inverted: dropped.
      { entityGroup: 'MISC', score: 0.4, word: 'met', start: 17, end: 14 },
    ],
  },
  play: async ({ canvasElement }) => {
    expect(markTexts(canvasElement)).toEqual(['Angela Merkel', 'Emmanuel Macron', 'Brussels.']);
  },
});

const XSS_TEXT = `Reply from ${XSS} to Alice in Paris`;
/** Text, words and types that look like HTML are shown as text: no element is created from them. */
export const XssPayloads = meta.story({
  args: {
    text: XSS_TEXT,
    entities: [
      grouped(XSS_TEXT, XSS, '<script>alert(1)</script>', 0.9),
      grouped(XSS_TEXT, 'Alice', 'PER'),
      grouped(XSS_TEXT, 'Paris', XSS, 0.8),
    ],
  },
  play: async ({ canvasElement }) => {
    expect(markTexts(canvasElement)).toEqual([XSS, 'Alice', 'Paris']);
    expect(within(canvasElement).getByRole('button', { name: `${XSS} 1` })).toBeVisible();
    expect(canvasElement.querySelector('img, script, [onerror]')).toBeNull();
  },
});

/** The dark theme of styles.css, checked for contrast by axe. */
export const DarkTheme = meta.story({
  globals: { theme: 'dark' },
});

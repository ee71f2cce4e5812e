'use client';
import type { TokenClassificationEntity } from '@inferkit/core';
import {
  type FocusEvent,
  forwardRef,
  Fragment,
  type HTMLAttributes,
  type KeyboardEvent,
  memo,
  type MouseEvent,
  type ReactNode,
  useId,
  useMemo,
  useRef,
  useState,
} from 'react';
import { formatPercent } from '../format';
import { cx } from '../visually-hidden';
import { entityColorIndex } from './colors';
import { createCodePointIndex, type EntitySpan, highlightSegments, type Segment } from './segments';

export interface EntityHighlighterProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children' | 'dir'> {
  /** The text that was classified. Rendered as text, never as HTML. */
  text: string;
  /**
   * The output of token classification for `text`: grouped (`entityGroup`) or per token (`entity`
   * with B-/I- prefixes, merged into spans). Offsets are code points, as the API returns them.
   * Pass the same array (memoised) between renders: segments are recomputed only when it changes.
   */
  entities: readonly TokenClassificationEntity[];
  /** Display name of a type (`PER` → `Person`). Keep it stable (module-level or memoised). */
  formatType?: (type: string) => string;
  /** Score shown in the tooltip. Default: percent with one decimal. */
  formatScore?: (score: number) => string;
  /** Show the legend with counts and toggles. Default true. */
  showLegend?: boolean;
  /** Accessible name of the legend. Default "Entity types". */
  legendLabel?: string;
  /** Types hidden at first. */
  defaultHiddenTypes?: readonly string[];
  /** Called with the hidden types after a legend toggle. */
  onHiddenTypesChange?: (hiddenTypes: string[]) => void;
  /** Direction of the text; `rtl` also swaps the Left/Right arrow keys. Default `auto`. */
  dir?: 'ltr' | 'rtl' | 'auto';
}

const identity = (type: string) => type;
const defaultFormatScore = (score: number) => formatPercent(score, 1);
const MARK = '[data-entity-index]';

/** Entities per chunk of the text; see {@link Chunk}. */
const CHUNK = 64;

interface ChunkProps {
  segments: Segment[];
  /** The chunk's segments: `segments.slice(from, to)`. */
  from: number;
  to: number;
  spans: EntitySpan[];
  hidden: ReadonlySet<string>;
  /** The span with tabindex 0, or -1 when it is not in this chunk (so other chunks skip re-rendering). */
  tabStop: number;
  /** The focused span, or -1 when it is not in this chunk. */
  focused: number;
  descriptionId: string;
  formatType: (type: string) => string;
}

/**
 * A run of up to {@link CHUNK} entities with the text around them, in its own `<span>`. Chunks are
 * memoised, so moving focus re-renders two chunks, not the whole text; and DOM nodes are inserted
 * into a small parent, not beside 20,000 siblings (which jsdom, among others, handles in O(n)).
 */
const Chunk = memo(function Chunk({
  segments,
  from,
  to,
  spans,
  hidden,
  tabStop,
  focused,
  descriptionId,
  formatType,
}: ChunkProps) {
  const children: ReactNode[] = [];
  // One keyed group per span: the text before it and its mark. Keys are span indices, so when the
  // entities change the same DOM nodes are updated in place rather than removed and inserted again.
  let before = '';
  for (let i = from; i < to; i++) {
    const segment = segments[i]!;
    if (segment.kind === 'text') {
      before = segment.text;
      continue;
    }
    const span = spans[segment.span]!;
    children.push(
      <Fragment key={segment.span}>
        {before}
        {hidden.has(span.type) ? (
          segment.text
        ) : (
          <mark
            className="ik-entity"
            data-entity-index={segment.span}
            data-type={span.type}
            data-color={entityColorIndex(span.type)}
            // Only the tab stop carries a tabindex (10,000 `tabindex="-1"` cost a quarter of the
            // first render); the arrow keys make their target focusable just before focusing it.
            tabIndex={segment.span === tabStop ? 0 : undefined}
            aria-describedby={segment.span === focused ? descriptionId : undefined}
          >
            {segment.text}
            {/* A class, not an inline style (10,000 inline styles are slow); unstyled, the type shows. */}
            <span className="ik-visually-hidden"> ({formatType(span.type)})</span>
          </mark>
        )}
      </Fragment>,
    );
    before = '';
  }
  children.push(before);
  return <span className="ik-entity-chunk">{children}</span>;
});

/** Splits segments into chunks of {@link CHUNK} entities: `[from, to, firstSpan, endSpan]` each. */
function chunkSegments(segments: Segment[]): [number, number, number, number][] {
  const chunks: [number, number, number, number][] = [];
  let from = 0;
  let firstSpan = 0;
  let spans = 0;
  segments.forEach((segment, i) => {
    if (segment.kind === 'entity' && ++spans % CHUNK === 0) {
      chunks.push([from, i + 1, firstSpan, spans]);
      from = i + 1;
      firstSpan = spans;
    }
  });
  if (from < segments.length) chunks.push([from, segments.length, firstSpan, spans]);
  return chunks;
}

interface Tip {
  span: number;
  top: number;
  left: number;
}

/*
 * Marks are the only element children of chunks, so the next mark is found by walking siblings:
 * O(1) in the usual case, instead of a query over the whole text.
 */
const FIRST_STRONG = /[\p{L}]/u;
const RTL_SCRIPT = /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;

/** How `dir="auto"` resolves: by the text's first strong (letter) character, as the browser does. */
export function firstStrongIsRtl(text: string): boolean {
  const letter = FIRST_STRONG.exec(text);
  return letter !== null && RTL_SCRIPT.test(letter[0]);
}

function nextMark(mark: HTMLElement, direction: 1 | -1): HTMLElement | null {
  const step = (el: Element) => (direction > 0 ? el.nextElementSibling : el.previousElementSibling);
  let found = step(mark);
  let chunk = mark.parentElement;
  while (!found && chunk) {
    chunk = step(chunk) as HTMLElement | null;
    found = chunk && (direction > 0 ? chunk.firstElementChild : chunk.lastElementChild);
  }
  return found as HTMLElement | null;
}

function edgeMark(body: HTMLElement, direction: 1 | -1): HTMLElement | null {
  let chunk = direction > 0 ? body.firstElementChild : body.lastElementChild;
  while (chunk) {
    const found = direction > 0 ? chunk.firstElementChild : chunk.lastElementChild;
    if (found) return found as HTMLElement;
    chunk = direction > 0 ? chunk.nextElementSibling : chunk.previousElementSibling;
  }
  return null;
}

const markOf = (target: EventTarget | null): HTMLElement | null =>
  target instanceof Element ? (target.closest(MARK) as HTMLElement | null) : null;

/**
 * Shows a text with the entities of token classification marked, a legend with a count and a toggle
 * per type, and each entity's type and score on hover and on keyboard focus.
 *
 * Keyboard: Tab reaches the text once; Left/Right (or Up/Down), Home and End move between entities;
 * Escape hides the tooltip. Colours come from the Okabe–Ito palette (`data-color`) and the type is
 * also in the text for screen readers. Text, words and types from the model are rendered as text only.
 * The rules for odd offsets, overlaps and per-token tags are those of {@link highlightSegments}.
 * @example
 * const entities = await tokenClassification({ inputs: text, parameters: { aggregationStrategy: 'simple' } });
 * <EntityHighlighter text={text} entities={entities} formatType={(t) => names[t] ?? t} />
 */
export const EntityHighlighter = forwardRef<HTMLDivElement, EntityHighlighterProps>(function EntityHighlighter(
  {
    text,
    entities,
    formatType = identity,
    formatScore = defaultFormatScore,
    showLegend = true,
    legendLabel = 'Entity types',
    defaultHiddenTypes,
    onHiddenTypesChange,
    dir = 'auto',
    className,
    ...rest
  },
  ref,
) {
  const index = useMemo(() => createCodePointIndex(text), [text]);
  const result = useMemo(() => highlightSegments(text, entities, index), [text, entities, index]);
  const { spans } = result;
  const chunks = useMemo(() => chunkSegments(result.segments), [result]);
  const [hidden, setHidden] = useState<ReadonlySet<string>>(() => new Set(defaultHiddenTypes));
  // Span indices refer to one result: state from an older result is ignored, not misapplied.
  const [focus, setFocus] = useState<{ result: typeof result; tip: Tip } | null>(null);
  const [hover, setHover] = useState<{ result: typeof result; tip: Tip } | null>(null);
  const [roving, setRoving] = useState<{ result: typeof result; span: number } | null>(null);
  const [dismissed, setDismissed] = useState(false);
  const bodyRef = useRef<HTMLDivElement>(null);
  const wrapperRef = useRef<HTMLDivElement>(null);
  const descriptionId = useId();

  const firstVisible = useMemo(() => {
    const i = spans.findIndex((span) => !hidden.has(span.type));
    return i < 0 ? undefined : i;
  }, [spans, hidden]);
  const isVisible = (i: number | undefined): i is number =>
    i !== undefined && i < spans.length && !hidden.has(spans[i]!.type);
  const stored = roving?.result === result ? roving.span : undefined;
  const tabStop = isVisible(stored) ? stored : firstVisible;
  const focused = focus?.result === result && isVisible(focus.tip.span) ? focus.tip : null;
  const hovered = hover?.result === result && isVisible(hover.tip.span) ? hover.tip : null;
  const tip = dismissed ? null : (hovered ?? focused);
  const tipSpan = tip ? spans[tip.span] : undefined;
  const focusedSpan = focused ? spans[focused.span] : undefined;
  const describe = (span: EntitySpan) => `${formatType(span.type)}, ${formatScore(span.score)}`;

  // The tooltip is positioned in the wrapper (which does not scroll), under the mark's first line.
  const place = (mark: HTMLElement): Tip => {
    const span = Number(mark.dataset.entityIndex);
    const wrapper = wrapperRef.current;
    if (!wrapper) return { span, top: 0, left: 0 };
    const line = mark.getClientRects()[0] ?? mark.getBoundingClientRect();
    const w = wrapper.getBoundingClientRect();
    return { span, top: line.bottom - w.top, left: line.left - w.left };
  };

  const onFocus = (event: FocusEvent<HTMLDivElement>) => {
    const mark = markOf(event.target);
    if (!mark) return;
    const at = place(mark);
    setFocus({ result, tip: at });
    setRoving({ result, span: at.span });
    setDismissed(false);
  };
  const onBlur = (event: FocusEvent<HTMLDivElement>) => {
    if (!markOf(event.relatedTarget)) setFocus(null);
  };
  const onMouseOver = (event: MouseEvent<HTMLDivElement>) => {
    const mark = markOf(event.target);
    if (!mark || hovered?.span === Number(mark.dataset.entityIndex)) return;
    setHover({ result, tip: place(mark) });
    setDismissed(false);
  };
  const onMouseOut = (event: MouseEvent<HTMLDivElement>) => {
    const from = markOf(event.target);
    if (from && markOf(event.relatedTarget) !== from) setHover(null);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const mark = markOf(event.target);
    if (!mark) return;
    if (event.key === 'Escape') {
      if (tip) event.stopPropagation();
      setDismissed(true);
      return;
    }
    const rtl = dir === 'rtl' || (dir === 'auto' && firstStrongIsRtl(text));
    const body = bodyRef.current;
    let next: HTMLElement | null = null;
    switch (event.key) {
      case 'ArrowDown':
      case rtl ? 'ArrowLeft' : 'ArrowRight':
        next = nextMark(mark, 1);
        break;
      case 'ArrowUp':
      case rtl ? 'ArrowRight' : 'ArrowLeft':
        next = nextMark(mark, -1);
        break;
      case 'Home':
        next = body && edgeMark(body, 1);
        break;
      case 'End':
        next = body && edgeMark(body, -1);
        break;
      default:
        return;
    }
    event.preventDefault();
    if (!next) return;
    if (!next.hasAttribute('tabindex')) next.tabIndex = -1;
    next.focus();
  };

  const toggle = (type: string) => {
    const nextHidden = new Set(hidden);
    if (!nextHidden.delete(type)) nextHidden.add(type);
    setHidden(nextHidden);
    onHiddenTypesChange?.([...nextHidden]);
  };

  return (
    <div
      ref={ref}
      className={cx('ik-entity-highlighter', className)}
      data-empty={spans.length === 0 ? '' : undefined}
      {...rest}
    >
      {showLegend && result.types.length > 0 && (
        <div className="ik-entity-legend" role="group" aria-label={legendLabel}>
          {result.types.map(({ type, count }) => (
            <button
              key={type}
              type="button"
              className="ik-entity-legend-item"
              aria-pressed={!hidden.has(type)}
              data-type={type}
              data-color={entityColorIndex(type)}
              data-hidden={hidden.has(type) ? '' : undefined}
              onClick={() => toggle(type)}
            >
              <span className="ik-entity-swatch" aria-hidden="true" />
              <span className="ik-entity-legend-type">{formatType(type)}</span>{' '}
              <span className="ik-entity-legend-count">{count}</span>
            </button>
          ))}
        </div>
      )}
      <div ref={wrapperRef} className="ik-entity-body" style={{ position: 'relative' }}>
        <div
          ref={bodyRef}
          className="ik-entity-text"
          dir={dir}
          style={{ whiteSpace: 'pre-wrap' }}
          onFocus={onFocus}
          onBlur={onBlur}
          onMouseOver={onMouseOver}
          onMouseOut={onMouseOut}
          onKeyDown={onKeyDown}
        >
          {chunks.map(([from, to, firstSpan, endSpan], c) => {
            const within = (i: number | undefined) => (i !== undefined && i >= firstSpan && i < endSpan ? i : -1);
            return (
              <Chunk
                key={c}
                segments={result.segments}
                from={from}
                to={to}
                spans={spans}
                hidden={hidden}
                tabStop={within(tabStop)}
                focused={within(focused?.span)}
                descriptionId={descriptionId}
                formatType={formatType}
              />
            );
          })}
        </div>
        {/* Visual only: screen readers get the same text from the description of the focused mark. */}
        <div
          className="ik-entity-tooltip"
          aria-hidden="true"
          hidden={!tipSpan}
          data-type={tipSpan?.type}
          data-color={tipSpan ? entityColorIndex(tipSpan.type) : undefined}
          style={{ position: 'absolute', top: tip?.top ?? 0, left: tip?.left ?? 0 }}
        >
          {tipSpan && describe(tipSpan)}
        </div>
        <span id={descriptionId} hidden>
          {focusedSpan && describe(focusedSpan)}
        </span>
      </div>
    </div>
  );
});

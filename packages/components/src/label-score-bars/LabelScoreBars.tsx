'use client';
import type { LabelScore } from '@inferkit/core';
import {
  type CSSProperties,
  forwardRef,
  type HTMLAttributes,
  type KeyboardEvent,
  useId,
  useMemo,
  useRef,
  useState,
} from 'react';
import { formatPercent } from '../format';
import { cx, visuallyHidden } from '../visually-hidden';

export interface LabelScoreBarsProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
  /** Labels with scores in [0, 1], as classification tasks return them. */
  items: readonly LabelScore[];
  /** Show at most this many bars (after sorting). */
  maxItems?: number;
  /** Order of the bars. Default `score-desc`; `none` keeps the given order. */
  sort?: 'score-desc' | 'score-asc' | 'none';
  /** Text of a score, shown and read out. Default: whole percent (`92%`, read "92 percent"). */
  formatScore?: (score: number) => string;
  /** Mark the highest-scoring bar (`data-top`). Default true. */
  highlightTop?: boolean;
  /** Show a skeleton when there are no items yet; with items, they stay and are marked busy. */
  loading?: boolean;
  /** Shown when there are no items and it is not loading. Default "No results". */
  emptyMessage?: string;
  /** Accessible name of the list, e.g. "Sentiment". */
  'aria-label'?: string;
}

/** Scores outside [0, 1] (e.g. raw logits) fill the bar to its limits; NaN is empty. */
const clamp01 = (n: number) => (Number.isFinite(n) ? Math.min(Math.max(n, 0), 1) : 0);

/**
 * Bars for the output of a classification task (zero-shot, text, image, audio): one accessible meter
 * per label ("positive, 92 percent"). Arrow keys, Home and End move between bars; widths animate
 * through the `--ik-score` custom property, without motion under `prefers-reduced-motion`.
 * @example
 * const { data, isPending } = useZeroShotClassification({ inputs, parameters: { candidateLabels } });
 * <LabelScoreBars items={data ?? []} loading={isPending} maxItems={5} aria-label="Topic" />
 */
export const LabelScoreBars = forwardRef<HTMLDivElement, LabelScoreBarsProps>(function LabelScoreBars(
  {
    items,
    maxItems,
    sort = 'score-desc',
    formatScore,
    highlightTop = true,
    loading = false,
    emptyMessage = 'No results',
    className,
    'aria-label': ariaLabel,
    ...rest
  },
  ref,
) {
  const id = useId();
  const listRef = useRef<HTMLUListElement>(null);
  const [active, setActive] = useState<string | null>(null);

  const rows = useMemo(() => {
    // Keys stay stable when the order changes so bars animate instead of being replaced.
    const seen = new Map<string, number>();
    const keyed = items.map((item) => {
      const n = seen.get(item.label) ?? 0;
      seen.set(item.label, n + 1);
      return { ...item, key: n === 0 ? item.label : `${item.label}\u0000${n}` };
    });
    if (sort !== 'none') {
      const sign = sort === 'score-desc' ? -1 : 1;
      keyed.sort(
        (a, b) =>
          sign *
            ((Number.isFinite(a.score) ? a.score : -Infinity) - (Number.isFinite(b.score) ? b.score : -Infinity)) || 0,
      );
    }
    const shown = maxItems !== undefined && maxItems >= 0 ? keyed.slice(0, maxItems) : keyed;
    let top = -1;
    shown.forEach((row, i) => {
      if (Number.isFinite(row.score) && (top < 0 || row.score > shown[top]!.score)) top = i;
    });
    return shown.map((row, i) => ({ ...row, top: highlightTop && i === top }));
  }, [items, sort, maxItems, highlightTop]);

  const empty = rows.length === 0;
  const skeleton = loading && empty;
  const tabStop = rows.some((row) => row.key === active) ? active : rows[0]?.key;

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const meters = [...(listRef.current?.querySelectorAll<HTMLElement>('[role="meter"]') ?? [])];
    const at = meters.indexOf(event.target as HTMLElement);
    if (at < 0) return;
    const next = {
      ArrowDown: at + 1,
      ArrowRight: at + 1,
      ArrowUp: at - 1,
      ArrowLeft: at - 1,
      Home: 0,
      End: meters.length - 1,
    }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    meters[Math.min(Math.max(next, 0), meters.length - 1)]?.focus();
  };

  return (
    <div
      ref={ref}
      className={cx('ik-label-score-bars', className)}
      data-loading={loading ? '' : undefined}
      data-empty={empty && !loading ? '' : undefined}
      {...rest}
    >
      {skeleton ? (
        <div className="ik-lsb-skeleton" role="status" aria-label={ariaLabel}>
          <span style={visuallyHidden}>Loading</span>
          {Array.from({ length: Math.min(maxItems ?? 3, 10) || 3 }, (_, i) => (
            <div key={i} className="ik-lsb-skeleton-row" aria-hidden="true">
              <span className="ik-lsb-skeleton-label" />
              <span className="ik-lsb-track" />
            </div>
          ))}
        </div>
      ) : empty ? (
        <p className="ik-lsb-empty">{emptyMessage}</p>
      ) : (
        <ul
          ref={listRef}
          className="ik-lsb-list"
          aria-label={ariaLabel}
          aria-busy={loading || undefined}
          onKeyDown={onKeyDown}
        >
          {rows.map((row, i) => {
            const value = clamp01(row.score);
            const text = formatScore ? formatScore(row.score) : formatPercent(row.score);
            const spoken = formatScore ? text : text.replace('%', ' percent');
            const labelId = `${id}-${i}`;
            return (
              <li key={row.key} className="ik-lsb-item" data-top={row.top ? '' : undefined}>
                <span id={labelId} className="ik-lsb-label">
                  {row.label}
                </span>
                <div
                  role="meter"
                  className="ik-lsb-meter"
                  aria-labelledby={labelId}
                  aria-valuemin={0}
                  aria-valuemax={100}
                  aria-valuenow={Math.round(value * 1000) / 10}
                  aria-valuetext={`${row.label}, ${spoken}`}
                  tabIndex={row.key === tabStop ? 0 : -1}
                  onFocus={() => setActive(row.key)}
                  data-top={row.top ? '' : undefined}
                  style={{ '--ik-score': value } as CSSProperties}
                >
                  <span className="ik-lsb-track" aria-hidden="true">
                    <span className="ik-lsb-fill" />
                  </span>
                </div>
                <span className="ik-lsb-value" aria-hidden="true">
                  {text}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
});

'use client';
import type { ChatModel } from '@inferkit/core';
import {
  forwardRef,
  type HTMLAttributes,
  memo,
  type KeyboardEvent,
  type MouseEvent,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
} from 'react';
import { cx, visuallyHidden } from '../visually-hidden';
import {
  buildGroups,
  filterGroups,
  limitGroups,
  MODEL_POLICIES,
  type ModelChoice,
  type ModelPolicy,
  type PickerOption,
} from './options';

export interface ModelPickerProps extends Omit<
  HTMLAttributes<HTMLDivElement>,
  'onChange' | 'defaultValue' | 'children'
> {
  /** Chat models with their providers, as `listChatModels()` (or `useChatModels()`) returns them. */
  models: readonly ChatModel[];
  /** Controlled value: the model string the router takes (`org/model:groq`, `org/model:fastest`); `''` for none. */
  value?: string;
  /** Initial value when uncontrolled. */
  defaultValue?: string;
  /** Called when an option is chosen, with the router's model string and its parts. */
  onChange?: (value: string, choice: ModelChoice) => void;
  /** Policy options offered for each model, in this order. Default all three; `[]` for none. */
  policies?: readonly ModelPolicy[];
  /** Visible label of the text box. Default "Model". */
  label?: string;
  placeholder?: string;
  disabled?: boolean;
  /** The models are on their way: said instead of the empty message. */
  loading?: boolean;
  /** Shown when there are no models (and not loading). Default "No models available". */
  emptyMessage?: string;
  /** Shown when nothing matches what was typed. Default "No matching models". */
  noResultsMessage?: string;
  /** Adds a hidden input with this name and the value, for forms. */
  name?: string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Options rendered at once; more matches are counted and reached by typing. */
const MAX_RENDERED_OPTIONS = 50;

/** Stops a press from taking focus out of the text box (the option or button is then clicked). */
const keepFocus = (event: MouseEvent) => event.preventDefault();

/**
 * An editable combobox (WAI-ARIA APG, list autocomplete) to choose a chat model and how the router
 * picks its provider. Options are grouped per model: the policies (`:fastest`, `:cheapest`,
 * `:preferred`) then each provider (`:<provider>`) with its price in/out per million tokens, context
 * length, first-token latency, throughput, and tool and structured-output support; each option's
 * accessible name says every figure in words, and which ones the router did not report.
 *
 * Typing filters by model id, owner, provider or policy (every word must match). Down/Up open the list
 * and move through it, Home/End jump to the first/last option while one is active, Enter or a click
 * chooses, Escape closes the list (or clears the text when closed), Tab leaves. A polite live region
 * says how many options match. The text box shows the value while not typing; leaving it restores
 * the value. The ref goes on the text box.
 * @example
 * const { data: models = [] } = useChatModels();
 * <ModelPicker models={models} value={model} onChange={(value) => setModel(value)} />
 */

export const ModelPicker = forwardRef<HTMLInputElement, ModelPickerProps>(function ModelPicker(
  {
    models,
    value,
    defaultValue = '',
    onChange,
    policies = MODEL_POLICIES,
    label = 'Model',
    placeholder,
    disabled = false,
    loading = false,
    emptyMessage = 'No models available',
    noResultsMessage = 'No matching models',
    name,
    className,
    ...rest
  },
  ref,
) {
  const id = useId();
  const listRef = useRef<HTMLDivElement>(null);
  const [own, setOwn] = useState(defaultValue);
  const current = value ?? own;
  // What is typed; null while not typing, when the box shows the value and the list is unfiltered.
  const [query, setQuery] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState<string | null>(null);

  const groups = useMemo(() => buildGroups(models, policies), [models, policies]);
  const matches = useMemo(() => limitGroups(filterGroups(groups, query ?? ''), MAX_RENDERED_OPTIONS), [groups, query]);
  const shown = matches.groups;
  const flat = shown.flatMap((group) => group.options);
  const at = flat.findIndex((option) => option.key === active);
  const expanded = open && flat.length > 0;
  const optionId = (option: PickerOption) => `${id}-${option.key}`;

  useEffect(() => {
    listRef.current?.querySelector('[data-active]')?.scrollIntoView?.({ block: 'nearest' });
  }, [active, open]);

  const close = () => {
    setOpen(false);
    setActive(null);
  };
  const choose = (option: PickerOption) => {
    if (value === undefined) setOwn(option.value);
    setQuery(null);
    close();
    onChange?.(option.value, option.choice);
  };
  const moveTo = (index: number) => {
    const option = flat[(index + flat.length) % flat.length];
    setOpen(true);
    setActive(option ? option.key : null);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    // Keys that finish an input method's composition (Chinese, Japanese, …) are the IME's.
    if (event.nativeEvent.isComposing) return;
    const from = at >= 0 && open ? at : -1;
    const chosen = flat.findIndex((option) => option.value === current);
    switch (event.key) {
      case 'ArrowLeft':
      case 'ArrowRight':
        // The caret moves; visual focus goes back to the text box.
        setActive(null);
        return;
      case 'ArrowDown':
        if (event.altKey) setOpen(true);
        else moveTo(from >= 0 ? from + 1 : chosen >= 0 ? chosen : 0);
        break;
      case 'ArrowUp':
        moveTo(from >= 0 ? from - 1 : chosen >= 0 ? chosen : -1);
        break;
      case 'Home':
      case 'End':
        // Without an active option these move the caret, as in any text box.
        if (from < 0) return;
        moveTo(event.key === 'Home' ? 0 : -1);
        break;
      case 'Enter':
        if (from < 0) return;
        choose(flat[from]!);
        break;
      case 'Escape':
        if (open) close();
        else if (event.currentTarget.value) setQuery('');
        else return;
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  const count = !open
    ? ''
    : flat.length
      ? `${plural(matches.total, 'option')} in ${plural(matches.models, 'model')}` +
        (matches.total > flat.length ? `; the first ${flat.length} shown, type to narrow` : '')
      : groups.length
        ? noResultsMessage
        : loading
          ? 'Loading models…'
          : emptyMessage;

  return (
    <div
      className={cx('ik-model-picker', className)}
      data-open={expanded ? '' : undefined}
      data-loading={loading ? '' : undefined}
      {...rest}
    >
      <label htmlFor={`${id}-input`} className="ik-mp-label">
        {label}
      </label>
      <div className="ik-mp-field">
        <input
          ref={ref}
          id={`${id}-input`}
          className="ik-mp-input"
          type="text"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={`${id}-list`}
          aria-activedescendant={expanded && at >= 0 ? optionId(flat[at]!) : undefined}
          aria-busy={loading || undefined}
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          value={query ?? current}
          placeholder={placeholder}
          disabled={disabled}
          onChange={(event) => {
            setQuery(event.target.value);
            setOpen(true);
            setActive(null);
          }}
          onKeyDown={onKeyDown}
          onClick={() => setOpen(true)}
          onBlur={() => {
            setQuery(null);
            close();
          }}
        />
        <button
          type="button"
          className="ik-mp-toggle"
          tabIndex={-1}
          aria-label={`${label} options`}
          aria-expanded={expanded}
          aria-controls={`${id}-list`}
          disabled={disabled}
          onMouseDown={keepFocus}
          onClick={() => {
            document.getElementById(`${id}-input`)?.focus();
            if (open) close();
            else setOpen(true);
          }}
        >
          <span aria-hidden="true">▾</span>
        </button>
      </div>
      <div
        ref={listRef}
        id={`${id}-list`}
        role="listbox"
        aria-label={label}
        className="ik-mp-list"
        hidden={!expanded}
        onMouseDown={keepFocus}
        onClick={(event) => {
          const key = (event.target as Element).closest<HTMLElement>('[role="option"]')?.dataset.key;
          const option = flat.find((o) => o.key === key);
          if (option) choose(option);
        }}
      >
        {expanded &&
          shown.map((group) => (
            <ul key={group.key} role="group" aria-labelledby={`${id}-g${group.key}`} className="ik-mp-group">
              <li role="presentation" id={`${id}-g${group.key}`} className="ik-mp-group-label">
                {group.model.id}
              </li>
              {group.options.map((option) => (
                <Option
                  key={option.key}
                  id={optionId(option)}
                  option={option}
                  active={option.key === active}
                  selected={option.value === current}
                />
              ))}
            </ul>
          ))}
      </div>
      {open && !flat.length && (
        <p className="ik-mp-empty" aria-hidden="true">
          {count}
        </p>
      )}
      <div role="status" style={visuallyHidden}>
        {count}
      </div>
      {name !== undefined && <input type="hidden" name={name} value={current} />}
    </div>
  );
});

interface OptionProps {
  id: string;
  option: PickerOption;
  active: boolean;
  selected: boolean;
}

/**
 * One option, memoised: a keystroke that keeps an option on screen does not render it again. Its
 * accessible name comes from its content: the name, then every figure in words from one visually
 * hidden span ("groq, $0.05 input, …, supports tools"), while the short figures on screen are hidden
 * from screen readers. Clicks are handled by the listbox.
 */
const Option = memo(function Option({ id, option, active, selected }: OptionProps) {
  return (
    <li
      id={id}
      role="option"
      aria-selected={selected}
      className="ik-mp-option"
      data-key={option.key}
      data-active={active ? '' : undefined}
      data-kind={option.figures ? 'provider' : 'policy'}
    >
      <span className="ik-mp-name">{option.name}</span>
      {option.figures ? (
        <span className="ik-mp-figures" aria-hidden="true">
          {option.figures.map((figure) => {
            // A missing figure shows a dash; a support flag the router did not report, nothing.
            const text = figure.shown ?? figure.blank;
            return text === undefined ? null : (
              <span
                key={figure.kind}
                className={cx('ik-mp-figure', figure.on !== undefined && 'ik-mp-flag')}
                data-kind={figure.kind}
                data-missing={figure.shown === undefined ? '' : undefined}
                data-on={figure.on ? '' : undefined}
              >
                {text}
              </span>
            );
          })}
        </span>
      ) : (
        <span className="ik-mp-hint">
          <span style={visuallyHidden}>:</span> {option.hint}
        </span>
      )}
      {option.said && <span style={visuallyHidden}>, {option.said}</span>}
    </li>
  );
});

import type { ValidationIssue } from '@inferkit/core';

/** `servings` → "Servings", `dueDate` → "Due date". */
const labelOf = (key: string) => {
  const words = key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A value of the object, as text: lists for arrays, "key: value" pairs for objects in a list. */
function Value({ value, inList = false, ordered = false }: { value: unknown; inList?: boolean; ordered?: boolean }) {
  if (Array.isArray(value)) {
    if (value.length === 0) return <span className="so-none">none yet</span>;
    const List = ordered ? 'ol' : 'ul';
    return (
      <List className="so-list">
        {value.map((item, i) => (
          <li key={i}>
            <Value value={item} inList />
          </li>
        ))}
      </List>
    );
  }
  if (isRecord(value)) {
    const entries = Object.entries(value);
    if (inList) {
      // An item such as an ingredient: its fields on one line.
      return (
        <span>
          {entries.map(([key, item], i) => (
            <span key={key}>
              {i > 0 && ' · '}
              <span className="so-key">{labelOf(key)}:</span> <Value value={item} />
            </span>
          ))}
        </span>
      );
    }
    return (
      <dl className="so-nested">
        {entries.map(([key, item]) => (
          <div key={key}>
            <dt>{labelOf(key)}</dt>
            <dd>
              <Value value={item} />
            </dd>
          </div>
        ))}
      </dl>
    );
  }
  // Model output is text, never HTML.
  return <span>{value === null ? 'null' : String(value)}</span>;
}

export interface PartialObjectProps {
  /** The object so far (deep-partial while it streams), or undefined before its first character. */
  object: unknown;
  /** The schema's top-level fields, in order: each is shown, filled or still to come. */
  fields: readonly string[];
  /** Fields whose items are in order (steps): a numbered list. */
  ordered?: readonly string[] | undefined;
  busy: boolean;
  /** The broken fields of a failed validation. */
  issues?: readonly ValidationIssue[] | undefined;
}

/**
 * A deep-partial object as a form that fills in: every field of the schema, with what has arrived
 * so far and, after a failed validation, what is wrong with it.
 */
export function PartialObject({ object, fields, ordered = [], busy, issues = [] }: PartialObjectProps) {
  const record = isRecord(object) ? object : {};
  const extra = Object.keys(record).filter((key) => !fields.includes(key));
  return (
    <dl className="so-object">
      {[...fields, ...extra].map((field) => {
        const filled = Object.hasOwn(record, field);
        const broken = issues.filter((issue) => issue.path === field || issue.path.startsWith(`${field}.`));
        return (
          <div key={field} className="so-field" data-field={field} data-filled={filled || undefined}>
            <dt>{labelOf(field)}</dt>
            <dd>
              {filled ? (
                <Value value={record[field]} ordered={ordered.includes(field)} />
              ) : (
                <span className="so-none">{busy ? 'waiting…' : '—'}</span>
              )}
              {broken.map((issue) => (
                <p key={issue.path + issue.message} className="so-issue">
                  Breaks the schema{issue.path === field ? '' : ` at ${issue.path}`}: {issue.message}
                </p>
              ))}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

'use client';
import { type ReactNode, useEffect, useState } from 'react';
import { visuallyHidden } from '../visually-hidden';

/**
 * Highlights a finished code block: gets the code and its fence's language (if any) and returns
 * React nodes (for example from shiki's `codeToHast` through `hast-util-to-jsx-runtime`, or
 * prism-react-renderer's tokens). A string is shown as text, never parsed as HTML. Called once per
 * block, after it has stopped streaming; until it resolves (or if it fails) the code shows plain.
 */
export type MarkdownHighlighter = (code: string, language: string | undefined) => ReactNode | Promise<ReactNode>;

interface CodeBlockProps {
  code: string;
  language: string | undefined;
  highlight: MarkdownHighlighter | undefined;
  /** The block is still growing: no highlighting yet. */
  streaming: boolean;
}

type CopyState = 'idle' | 'copied' | 'failed';
const COPY_TEXT: Record<CopyState, string> = { idle: 'Copy', copied: 'Copied', failed: 'Copy failed' };

/** A fenced code block: labelled by its language, with a Copy button and opt-in highlighting. */
export function CodeBlock({ code, language, highlight, streaming }: CodeBlockProps) {
  const [copy, setCopy] = useState<CopyState>('idle');
  useEffect(() => {
    if (copy === 'idle') return;
    const timer = setTimeout(() => setCopy('idle'), 2000);
    return () => clearTimeout(timer);
  }, [copy]);

  const [highlighted, setHighlighted] = useState<{ code: string; language?: string; node: ReactNode } | null>(null);
  useEffect(() => {
    if (!highlight || streaming) return;
    let current = true;
    Promise.resolve()
      .then(() => highlight(code, language))
      .then(
        (node) => current && setHighlighted({ code, language, node }),
        () => {},
      );
    return () => {
      current = false;
    };
  }, [highlight, streaming, code, language]);
  const shown = highlighted && highlighted.code === code && highlighted.language === language ? highlighted.node : code;

  const onCopy = () => {
    // `navigator.clipboard` is missing outside secure contexts: that is a failure too.
    Promise.resolve()
      .then(() => navigator.clipboard.writeText(code))
      .then(
        () => setCopy('copied'),
        () => setCopy('failed'),
      );
  };

  return (
    <div className="ik-md-code" role="group" aria-label={language ? `${language} code` : 'Code'}>
      <div className="ik-md-code-bar">
        <span className="ik-md-code-language" aria-hidden="true">
          {language ?? 'code'}
        </span>
        <button
          type="button"
          className="ik-md-copy"
          onClick={onCopy}
          data-state={copy}
          // "Copy code" before (its visible text, "Copy", comes first, as WCAG's label-in-name asks).
          aria-label={copy === 'idle' ? 'Copy code' : undefined}
        >
          {COPY_TEXT[copy]}
        </button>
        <span role="status" style={visuallyHidden}>
          {copy === 'copied' ? 'Code copied to clipboard' : copy === 'failed' ? 'Could not copy the code' : ''}
        </span>
      </div>
      {/* Focusable so a long line can be scrolled from the keyboard. */}
      <pre className="ik-md-pre" tabIndex={0}>
        <code className={language ? `language-${language}` : undefined}>{shown}</code>
      </pre>
    </div>
  );
}

'use client';
// The renderer is react-markdown 10 + remark-gfm 4, picked by measurement (2026-12, esbuild, min+gzip,
// React external): 50.8 kB for both, against 164.7 kB for streamdown 2.7, which also brings
// rehype-raw (an HTML parser), rehype-sanitize, marked and tailwind-merge. Streaming is handled
// here instead: the reply is split into blocks (blocks.ts), finished blocks are memoized, and only
// the growing one is healed (heal.ts) and re-parsed.
import { type HTMLAttributes, memo, type ReactNode, useMemo } from 'react';
import ReactMarkdown, { type Components, type ExtraProps } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { cx } from '../visually-hidden';
import { splitMarkdownBlocks } from './blocks';
import { CodeBlock, type MarkdownHighlighter } from './CodeBlock';
import { healMarkdown } from './heal';
import { liveUrl } from './urls';

/** How Markdown is rendered: shared by `Markdown`, `renderMarkdown` and `MarkdownChatMessages`. */
export interface MarkdownOptions {
  /**
   * Load images (`![alt](https://…)`, http and https only, lazily and without a referrer). Default
   * false: an image shows as its alt text, so a reply cannot make the browser fetch a URL (a
   * tracking pixel, or data smuggled out in the query).
   */
  images?: boolean;
  /** Highlights finished code blocks; nothing is highlighted without it. See `MarkdownHighlighter`. */
  highlight?: MarkdownHighlighter;
  /**
   * The HTML level of a `#` heading (`##` is one deeper, down to 6). Default 3, so a reply's
   * headings sit below the page's own.
   */
  headingLevel?: 1 | 2 | 3 | 4 | 5 | 6;
}

export interface MarkdownProps extends MarkdownOptions, Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
  /** The Markdown text. Untrusted: raw HTML in it shows as text, and only http(s)/mailto links are live. */
  children: string;
  /**
   * The text is still growing: half-written syntax at the end of its last block is tidied (a link
   * missing its `)` shows as its text, `**bold` is closed), and that block is not highlighted yet.
   */
  streaming?: boolean;
}

const REMARK_PLUGINS = [remarkGfm];
// Any URL attribute that is not a live http(s)/mailto URL is emptied; the `a` and `img` components
// below then render it inert (as text) rather than as a link to nowhere.
const safeUrl = (url: string) => liveUrl(url) ?? '';

const FOOTNOTE = /^ {0,3}\[\^[^\]]+\]:/;

type Element = NonNullable<ExtraProps['node']>;
type ElementContent = Element['children'][number];

/** The text of a hast node (a code element holds text only, without a highlighter plugin). */
const textOf = (node: Element | ElementContent): string =>
  node.type === 'text' ? node.value : 'children' in node ? node.children.map(textOf).join('') : '';

type HeadingLevel = NonNullable<MarkdownOptions['headingLevel']>;

function components(
  images: boolean,
  highlight: MarkdownHighlighter | undefined,
  level: HeadingLevel,
  streaming: boolean,
) {
  const heading =
    (depth: number) =>
    ({ children }: { children?: ReactNode }) => {
      const Tag = `h${Math.min(6, level + depth - 1)}` as 'h1';
      return <Tag>{children}</Tag>;
    };
  return {
    a: ({ href, title, children }) => {
      const url = liveUrl(href);
      if (!url) return <span className="ik-md-inert-link">{children}</span>;
      const web = !url.startsWith('mailto:');
      return (
        <a href={url} title={title} rel="noopener noreferrer" target={web ? '_blank' : undefined}>
          {children}
        </a>
      );
    },
    img: ({ src, alt, title }) => {
      const url = images ? liveUrl(src, 'image') : undefined;
      if (!url) return alt ? <span className="ik-md-image-alt">{alt}</span> : null;
      return <img src={url} alt={alt ?? ''} title={title} loading="lazy" referrerPolicy="no-referrer" />;
    },
    pre: ({ node }) => {
      const code = node?.children.find(
        (child): child is Element => child.type === 'element' && child.tagName === 'code',
      );
      const className = code?.properties.className;
      const language = Array.isArray(className)
        ? className
            .map(String)
            .find((name) => name.startsWith('language-'))
            ?.slice('language-'.length)
        : undefined;
      // The parser ends the text with the line break before the closing fence.
      const text = (code ? textOf(code) : '').replace(/\n$/, '');
      return <CodeBlock code={text} language={language} highlight={highlight} streaming={streaming} />;
    },
    table: ({ children }) => (
      <div className="ik-md-table">
        <table>{children}</table>
      </div>
    ),
    // A task list's check box: read-only, and named so screen readers say what it means.
    input: ({ type, checked }) =>
      type === 'checkbox' ? (
        <input type="checkbox" checked={!!checked} disabled aria-label={checked ? 'Done' : 'Not done'} />
      ) : null,
    h1: heading(1),
    h2: heading(2),
    h3: heading(3),
    h4: heading(4),
    h5: heading(5),
    h6: heading(6),
  } satisfies Components;
}

interface BlockProps {
  source: string;
  streaming: boolean;
  images: boolean;
  highlight: MarkdownHighlighter | undefined;
  level: HeadingLevel;
}

/** One top-level block. Memoized: a finished block renders once, however long the reply grows. */
const MarkdownBlock = memo(function MarkdownBlock({ source, streaming, images, highlight, level }: BlockProps) {
  const map = useMemo(() => components(images, highlight, level, streaming), [images, highlight, level, streaming]);
  return (
    // Raw HTML becomes text: react-markdown turns it into text nodes unless rehype-raw is used.
    <ReactMarkdown remarkPlugins={REMARK_PLUGINS} components={map} urlTransform={safeUrl}>
      {source}
    </ReactMarkdown>
  );
});

/**
 * Renders untrusted Markdown (a model's reply) safely: GFM tables, lists, code blocks with a Copy
 * button, and links. Raw HTML shows as text; only http(s) and mailto links are live (opened with
 * `rel="noopener noreferrer"`), any other scheme or a relative URL is plain text; images show as
 * their alt text unless `images` is on. While `streaming`, only the last block re-renders on each
 * update, and half-written syntax at its end (a link still missing its `)`) shows as text.
 * Pass a stable `highlight` (defined outside the component or memoized): a new one re-renders
 * every block.
 * @example
 * <Markdown streaming={chat.status === 'streaming'}>{reply}</Markdown>
 */
export function Markdown({
  children,
  streaming = false,
  images = false,
  highlight,
  headingLevel = 3,
  className,
  ...rest
}: MarkdownProps) {
  const text = typeof children === 'string' ? children : '';
  const { blocks, definitions } = useMemo(() => splitMarkdownBlocks(text), [text]);
  return (
    <div className={cx('ik-md', className)} {...rest}>
      {blocks.map((block, i) => {
        const growing = streaming && i === blocks.length - 1;
        // A footnote definition would be dropped without its reference in the same block (and each
        // block would add a "Footnotes" section): it shows as the text it is.
        const written = FOOTNOTE.test(block) ? block.replace('[', '\\[') : block;
        const source = growing ? healMarkdown(written) : written;
        return (
          <MarkdownBlock
            // Blocks only ever grow at the end while streaming, so a block keeps its index.
            key={i}
            source={definitions ? `${source}\n\n${definitions}` : source}
            streaming={growing}
            images={images}
            highlight={highlight}
            level={headingLevel}
          />
        );
      })}
    </div>
  );
}

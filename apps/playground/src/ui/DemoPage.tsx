import type { ReactNode } from 'react';
import { CodePanel } from './CodePanel';

export interface DemoPageProps {
  title: string;
  description: ReactNode;
  /** The code panel's content for the demo's current settings. */
  code: string;
  children: ReactNode;
}

/** A task page: heading, the live demo, and the code that reproduces it. */
export function DemoPage({ title, description, code, children }: DemoPageProps) {
  return (
    <article className="demo" aria-labelledby="page-title">
      <header className="demo-header">
        {/* Focused after navigation, so keyboard and screen-reader users land on the new page. */}
        <h1 id="page-title" tabIndex={-1}>
          {title}
        </h1>
        <p className="lede">{description}</p>
      </header>
      <div className="demo-grid">
        <div className="demo-main">{children}</div>
        <CodePanel code={code} />
      </div>
    </article>
  );
}

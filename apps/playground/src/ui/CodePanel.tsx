import { useEffect, useId, useState } from 'react';
import { FAULT_HEADER, useFaults } from '../faults';

export interface CodePanelProps {
  /** The hook code of the demo as it is set up right now. Shown as text, never as HTML. */
  code: string;
}

function setupCode(faultHeader: string | undefined): string {
  const headers = faultHeader ? `\n  headers: { '${FAULT_HEADER}': ${JSON.stringify(faultHeader)} },` : '';
  return `// main.tsx — once per app
import { InferenceClient } from '@inferkit/core';
import { InferenceProvider } from '@inferkit/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import '@inferkit/components/styles.css';

const queryClient = new QueryClient();
// Same-origin proxy: the browser never holds a token.
const client = new InferenceClient({
  baseUrl: '/api/inference',${headers}
});

root.render(
  <QueryClientProvider client={queryClient}>
    <InferenceProvider client={client}>
      <App />
    </InferenceProvider>
  </QueryClientProvider>,
);

// vite.config.ts — the token stays on the server
import { inferenceProxy } from '@inferkit/server/vite';

export default defineConfig({
  plugins: [
    react(),
    inferenceProxy({
      path: '/api/inference',
      // The proxy's default upstreams: the router root and the Hub.
      accessToken: process.env.HF_TOKEN,
    }),
  ],
});`;
}

/** The demo's code, with a copy button and the one-off app setup. */
export function CodePanel({ code }: CodePanelProps) {
  const headingId = useId();
  const { header } = useFaults();
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(timer);
  }, [copied]);
  const copy = () => {
    navigator.clipboard?.writeText(code).then(
      () => setCopied(true),
      () => {},
    );
  };
  return (
    <section className="code-panel" aria-labelledby={headingId}>
      <div className="code-panel-header">
        <h2 id={headingId}>Code</h2>
        <button type="button" className="button-quiet" onClick={copy}>
          {copied ? 'Copied' : 'Copy'}
        </button>
        <span className="visually-hidden" aria-live="polite">
          {copied ? 'Code copied' : ''}
        </span>
      </div>
      <pre className="code" tabIndex={0}>
        <code>{code}</code>
      </pre>
      <details className="setup">
        <summary>App setup (once)</summary>
        <pre className="code" tabIndex={0}>
          <code>{setupCode(header)}</code>
        </pre>
      </details>
    </section>
  );
}

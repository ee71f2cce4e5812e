import { InferenceProvider } from '@inferkit/react';
import { useQueryClient } from '@tanstack/react-query';
import { Suspense, useEffect, useRef, type MouseEvent } from 'react';
import { FaultPanel } from './FaultPanel';
import { FAULT_HEADER, useFaults } from './faults';
import { hrefOf, useHashRoute } from './router';
import { groups, routes } from './routes';
import { upstreamKind } from './ui/models';

const UPSTREAM_TEXT = {
  emulator: 'Local emulator',
  'hugging-face': 'Hugging Face',
  custom: 'Custom upstream',
} as const;

/**
 * New faults only reach requests made from now on, and cached answers would hide them: refetch
 * what is on screen with the new client. Runs after the pages' effects gave their queries it.
 */
function RefetchOnFaultChange({ header }: { header: string | undefined }) {
  const queryClient = useQueryClient();
  const previous = useRef(header);
  useEffect(() => {
    if (previous.current === header) return;
    previous.current = header;
    void queryClient.invalidateQueries({ queryKey: ['inferkit'] });
  }, [header, queryClient]);
  return null;
}

/** The page's heading, if it is shown (not the last page's, hidden while a new one loads). */
const shownHeading = (main: HTMLElement) =>
  Array.from(main.querySelectorAll<HTMLElement>('h1')).find((heading) => heading.getClientRects().length > 0);

export function App() {
  const path = useHashRoute();
  const route = routes.find((r) => r.id === path) ?? routes[0]!;
  const { header } = useFaults();
  const mainRef = useRef<HTMLElement>(null);

  // After navigation, move focus to the new page's heading and name the document after it.
  const first = useRef(true);
  useEffect(() => {
    document.title = `${route.title} · inferkit playground`;
    if (first.current) {
      first.current = false;
      return;
    }
    const main = mainRef.current;
    const heading = main && shownHeading(main);
    if (!main || heading) return heading?.focus();
    // A page loaded on first visit (routes.ts) is not there yet (the last page stays, hidden, while
    // it loads): focus its heading once it is shown.
    const observer = new MutationObserver(() => {
      const loaded = shownHeading(main);
      if (!loaded) return;
      observer.disconnect();
      loaded.focus();
    });
    observer.observe(main, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [route.id, route.title]);

  const skipToMain = (event: MouseEvent) => {
    // Not a hash link: the hash is the route.
    event.preventDefault();
    mainRef.current?.focus();
  };

  const Page = route.component;
  return (
    // The browser talks to the same-origin proxy only; the token is added on the server.
    <InferenceProvider baseUrl="/api/inference" headers={header ? { [FAULT_HEADER]: header } : undefined}>
      <a className="skip-link" href="#main" onClick={skipToMain}>
        Skip to the demo
      </a>
      <div className="layout">
        <header className="topbar">
          <a className="brand" href={hrefOf(routes[0]!.id)}>
            <span className="brand-mark" aria-hidden="true" />
            inferkit <span className="brand-sub">playground</span>
          </a>
          <p className="upstream" data-upstream={upstreamKind}>
            <span className="dot" aria-hidden="true" />
            {UPSTREAM_TEXT[upstreamKind]}
            <span className="upstream-note"> · via /api/inference, token on the server</span>
          </p>
        </header>
        <aside className="sidebar">
          <nav aria-label="Demos">
            {groups.map((group) => (
              <div key={group} className="nav-group">
                <h2 className="nav-heading" id={`nav-${group}`}>
                  {group}
                </h2>
                <ul aria-labelledby={`nav-${group}`}>
                  {routes
                    .filter((r) => r.group === group)
                    .map((r) => (
                      <li key={r.id}>
                        <a href={hrefOf(r.id)} aria-current={r.id === route.id ? 'page' : undefined}>
                          {r.title}
                        </a>
                      </li>
                    ))}
                </ul>
              </div>
            ))}
          </nav>
          <FaultPanel />
        </aside>
        <main id="main" ref={mainRef} tabIndex={-1}>
          {/* A key per page: each page starts from its own defaults. */}
          <Suspense
            fallback={
              <p className="empty" role="status">
                Loading {route.title}…
              </p>
            }
          >
            <Page key={route.id} />
          </Suspense>
        </main>
      </div>
      {/* Last, so its effect runs after the pages' queries took the new client (effects run in tree order). */}
      <RefetchOnFaultChange header={header} />
    </InferenceProvider>
  );
}

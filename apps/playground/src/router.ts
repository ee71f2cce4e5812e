import { useSyncExternalStore } from 'react';

const subscribe = (onChange: () => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};

const current = () => window.location.hash.replace(/^#\/?/, '');

/** The page id in the URL hash (`#/chat` → `chat`). Hash routing keeps the app a static bundle. */
export function useHashRoute(): string {
  return useSyncExternalStore(subscribe, current, () => '');
}

/** The link of a page id. */
export const hrefOf = (id: string) => `#/${id}`;

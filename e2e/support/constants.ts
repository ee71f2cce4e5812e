/** The fake token the e2e proxy holds. It must never show up in the browser or in the bundle. */
export const E2E_TOKEN = 'hf_e2e_SECRET_token_123';

/** The line `serve-playground.ts` prints once everything listens, followed by JSON. */
export const READY_PREFIX = 'INFERKIT_E2E_READY ';

/** What `serve-playground.ts` reports, and what the global setup provides to the tests. */
export interface E2EServer {
  /** The playground, served by `vite preview` with the proxy at /api/inference. */
  url: string;
  /** The emulator behind the proxy (the tests only call it directly to check it wants a token). */
  emulatorUrl: string;
  /** Where `vite build` wrote the app, to search it for the token. */
  outDir: string;
}

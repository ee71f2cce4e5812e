import { fileURLToPath } from 'node:url';
import { defaultServerConditions } from 'vite';
import { defineProject } from 'vitest/config';

// Security tests: a hostile upstream on 127.0.0.1 (security/hostile-upstream.ts) answers the proxy
// and core with everything a misbehaving or malicious server could send, and every test checks that
// no credential crosses back. Properties run with fast-check.
export default defineProject({
  resolve: { conditions: ['@inferkit/source'] },
  ssr: {
    resolve: { conditions: ['@inferkit/source', ...defaultServerConditions], externalConditions: ['@inferkit/source'] },
  },
  test: {
    name: 'security',
    // Paths below are from the repository root, like the other projects'.
    root: fileURLToPath(new URL('..', import.meta.url)),
    environment: 'node',
    include: ['security/**/*.test.ts'],
    testTimeout: 20_000,
  },
});

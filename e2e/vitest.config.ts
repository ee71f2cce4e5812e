import { fileURLToPath } from 'node:url';
import { defaultServerConditions } from 'vite';
import { defineProject } from 'vitest/config';

// End-to-end tests: the built playground in Debian's chromium, driven by playwright-core.
export default defineProject({
  resolve: { conditions: ['@inferkit/source'] },
  ssr: {
    resolve: { conditions: ['@inferkit/source', ...defaultServerConditions], externalConditions: ['@inferkit/source'] },
  },
  test: {
    name: 'e2e',
    // Paths below are from the repository root, like the other projects'.
    root: fileURLToPath(new URL('..', import.meta.url)),
    environment: 'node',
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    // One browser, one server: the tests of a file share them and run in order.
    fileParallelism: false,
    testTimeout: 30_000,
    // Browser states take a moment on a busy machine; `expect.poll` waits up to this long.
    expect: { poll: { timeout: 10_000 } },
    hookTimeout: 120_000,
  },
});

import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { playwright } from '@vitest/browser-playwright';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

const configDir = dirname(fileURLToPath(import.meta.url));

// Every story is a test: it renders, runs its play function, then axe (a violation fails it).
// Run with `pnpm exec vitest run --project storybook`.
export default defineProject({
  root: resolve(configDir, '..'),
  plugins: [
    storybookTest({
      configDir,
      // The emulator answers at once in tests; the Storybook UI defaults to demo latency.
      initialGlobals: { latency: 'none' },
    }),
  ],
  test: {
    name: 'storybook',
    setupFiles: [resolve(configDir, 'vitest.setup.ts')],
    testTimeout: 15_000,
    browser: {
      enabled: true,
      headless: true,
      // Debian's chromium; never a downloaded browser.
      provider: playwright({ launchOptions: { executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] } }),
      instances: [{ browser: 'chromium' }],
    },
  },
});

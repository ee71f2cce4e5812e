import react from '@vitejs/plugin-react';
import { existsSync } from 'node:fs';
import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// Projects with their own config files: security (a hostile upstream on 127.0.0.1), Storybook's
// Vitest addon and Playwright end-to-end (both in Chromium), and packaging (the packed tarballs in
// scratch npm projects: a Vite app, the lowest peer versions; runs after the others).
const ownConfigProjects = [
  'security/vitest.config.ts',
  '.storybook/vitest.config.ts',
  'e2e/vitest.config.ts',
  'packaging/vitest.config.ts',
].filter((file) => existsSync(file));

// The workspace packages export their TypeScript sources under a private condition (never
// `development`, which apps' dev servers turn on): tests run the sources, without a build.
const SOURCE = '@inferkit/source';
const shared = {
  resolve: { conditions: [SOURCE] },
  ssr: { resolve: { conditions: [SOURCE, ...defaultServerConditions], externalConditions: [SOURCE] } },
};

export default defineConfig({
  test: {
    testTimeout: 15_000,
    projects: [
      {
        ...shared,
        test: {
          name: 'node',
          // The rule tests of the local ESLint plugin (scripts/eslint) and the playground's pure logic run here too.
          include: [
            'packages/{core,emulator,server}/src/**/*.test.ts',
            'scripts/**/__tests__/*.test.ts',
            'apps/playground/src/**/*.test.ts',
          ],
          environment: 'node',
          // Every package's type tests (*.test-d.ts[x], React's included), in this project only: one
          // tsc run, and Vitest's "experimental type testing" notice printed once, not per project.
          typecheck: {
            enabled: true,
            include: ['packages/*/src/**/*.test-d.{ts,tsx}'],
            tsconfig: './tsconfig.test.json',
          },
        },
      },
      {
        ...shared,
        plugins: [react()],
        test: {
          name: 'dom',
          include: ['packages/{react,components}/src/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
        },
      },
      ...ownConfigProjects,
    ],
  },
});

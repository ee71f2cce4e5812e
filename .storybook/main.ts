import { defineMain } from '@storybook/react-vite/node';
import { defaultClientConditions, mergeConfig, type UserConfig } from 'vite';

export default defineMain({
  framework: '@storybook/react-vite',
  stories: ['../packages/components/src/**/*.stories.tsx', './stories/**/*.stories.tsx'],
  addons: ['@storybook/addon-a11y', '@storybook/addon-vitest'],
  // The MSW worker (`pnpm exec msw init .storybook/public --no-save`), served at the root.
  staticDirs: ['./public'],
  core: { disableTelemetry: true },
  typescript: { reactDocgen: false },
  viteFinal: (config) =>
    mergeConfig(config, {
      // Workspace packages export their `src` under the private `@inferkit/source` condition: no build step needed.
      resolve: { conditions: ['@inferkit/source', ...defaultClientConditions] },
      build: {
        // One static catalogue, not an app: big preview chunks are expected.
        chunkSizeWarningLimit: 2048,
        rolldownOptions: {
          // React's `'use client'` directives (ours and TanStack's) mean nothing in a static build.
          onwarn(warning, warn) {
            if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
          },
        },
      },
      optimizeDeps: {
        // Dependencies of the workspace packages (linked, run from src) are otherwise found late, and
        // a late optimisation reloads the page in the middle of a Vitest run.
        include: [
          '@tanstack/react-query',
          'zod/mini',
          'zod',
          '@inferkit/components > react-markdown',
          '@inferkit/components > remark-gfm',
          'msw',
          'msw/browser',
          '@inferkit/emulator > compromise',
          '@inferkit/emulator > fflate',
        ],
      },
    } satisfies UserConfig),
});

import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

// Packaging tests: the packed tarballs installed with npm into scratch projects in the OS temp dir
// (a Vite + React app; the lowest versions our peer ranges allow). They need the registry (or a warm
// npm cache) and build the packages first when their dist is missing or stale.
export default defineProject({
  test: {
    name: 'packaging',
    // Paths below are from the repository root, like the other projects'.
    root: fileURLToPath(new URL('..', import.meta.url)),
    environment: 'node',
    include: ['packaging/**/*.test.ts'],
    exclude: ['packaging/app/**', '**/node_modules/**'],
    globalSetup: ['packaging/global-setup.ts'],
    // After the other projects (npm installs and builds would slow their timed tests), one file at a time.
    sequence: { groupOrder: 1 },
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 600_000,
  },
});

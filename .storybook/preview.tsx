/// <reference types="vite/client" />
import '@inferkit/components/styles.css';
import addonA11y from '@storybook/addon-a11y';
import { definePreview } from '@storybook/react-vite';
import addonMsw from 'msw-storybook-addon';
import { type EmulatorLatency, resetEmulator, startEmulatorWorker } from './emulator';

export default definePreview({
  // CSF Next: stories import this preview and call `preview.meta(...)` / `meta.story(...)`, so story
  // files have no default export (the components package forbids them in its sources).
  addons: [addonA11y(), addonMsw(startEmulatorWorker)],
  parameters: {
    layout: 'padded',
    // Accessibility violations fail the story's test, in the Vitest run and in the test widget.
    a11y: { test: 'error' },
    controls: { expanded: true },
  },
  globalTypes: {
    theme: {
      description: 'Colour theme of the components (styles.css `data-theme`)',
      toolbar: {
        title: 'Theme',
        icon: 'contrast',
        items: [
          { value: 'light', title: 'Light' },
          { value: 'dark', title: 'Dark' },
        ],
        dynamicTitle: true,
      },
    },
    latency: {
      description: 'How fast the emulator answers the hook stories',
      toolbar: {
        title: 'Latency',
        icon: 'timer',
        items: [
          { value: 'demo', title: 'Demo latency' },
          { value: 'none', title: 'No latency' },
        ],
        dynamicTitle: true,
      },
    },
  },
  // The Vitest project overrides `latency` with `none` (see vitest.config.ts).
  initialGlobals: { theme: 'light', latency: 'demo' },
  beforeEach({ globals }) {
    resetEmulator((globals.latency as EmulatorLatency | undefined) ?? 'none');
  },
  decorators: [
    (Story, { globals }) => (
      <div
        data-theme={globals.theme === 'dark' ? 'dark' : 'light'}
        style={{
          background: 'var(--ik-color-bg)',
          color: 'var(--ik-color-fg)',
          padding: '1rem',
          fontFamily: 'system-ui, sans-serif',
        }}
      >
        <Story />
      </div>
    ),
  ],
});

// The scratch app's Vite config, as a user would write it (README, "Three ways in"): React, and the
// proxy from @inferkit/server/vite in front of the emulator whose URL the test passes.
import { inferenceProxy } from '@inferkit/server/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const upstream = process.env.INFERKIT_UPSTREAM;

export default defineConfig({
  plugins: [
    react(),
    inferenceProxy({ path: '/api/inference', accessToken: 'hf_packaging', upstream, hubUpstream: upstream }),
  ],
});

import { listModels, providerMappingFor } from '@inferkit/emulator';
import { inferenceProxy } from '@inferkit/server/vite';
import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';
import { CATALOGUE_MODULE, catalogueTasks, type PlaygroundCatalogue } from './src/catalogue-tasks';

const HF_ROUTER = 'https://router.huggingface.co';

// Server side only: the token is read here, handed to the proxy, and never reaches the client
// (it is not in `define`, and Vite only exposes `VITE_`-prefixed variables to the bundle).
const accessToken = process.env.HF_TOKEN || undefined;
const upstream = process.env.INFERKIT_UPSTREAM || (accessToken ? HF_ROUTER : 'http://127.0.0.1:8787');

/**
 * The emulator's catalogue, trimmed to what the model pickers need, as a virtual module. Built here
 * in Node so the browser gets a few kB of ids instead of the emulator's engines.
 */
function playgroundCatalogue(): Plugin {
  const resolved = `\0${CATALOGUE_MODULE}`;
  const catalogue: PlaygroundCatalogue = {
    upstream:
      upstream === HF_ROUTER
        ? 'hugging-face'
        : /\/\/(127\.0\.0\.1|localhost)[:/]/.test(upstream)
          ? 'emulator'
          : 'custom',
    models: Object.fromEntries(
      catalogueTasks.map((task) => [
        task,
        listModels(task).map(({ id, options = {} }) => ({
          id,
          ...(typeof options.maskToken === 'string' && { maskToken: options.maskToken }),
          ...(typeof options.source === 'string' && { source: options.source }),
          ...(typeof options.target === 'string' && { target: options.target }),
          ...(options.fixed === true && { fixed: true }),
          ...(Array.isArray(options.languages) && { languages: options.languages as string[] }),
        })),
      ]),
    ) as PlaygroundCatalogue['models'],
  };
  return {
    name: 'inferkit-playground-catalogue',
    resolveId: (id) => (id === CATALOGUE_MODULE ? resolved : undefined),
    load: (id) => (id === resolved ? `export const catalogue = ${JSON.stringify(catalogue)};` : undefined),
  };
}

/** Each provider's own ids of the catalogue's models, for the proxy's provider routes. */
function providerModels(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const { id } of listModels())
    for (const { provider, providerId } of providerMappingFor(id) ?? []) (out[provider] ??= []).push(providerId);
  return out;
}

export default defineConfig({
  plugins: [
    react(),
    playgroundCatalogue(),
    // Only the catalogue's models (those the pickers offer), and on provider routes only their ids
    // there: a token on the server is no open relay. The emulator answers the Hub lookups itself.
    inferenceProxy({
      path: '/api/inference',
      upstream,
      hubUpstream: upstream === HF_ROUTER ? undefined : upstream,
      accessToken,
      allowModels: listModels().map((m) => m.id),
      allowProviderModels: providerModels(),
    }),
  ],
  // The workspace packages export their TypeScript sources under the private `@inferkit/source` condition (never `development`, which every app's dev server turns on): no build step needed.
  resolve: { conditions: ['@inferkit/source', ...defaultClientConditions] },
  server: { port: Number(process.env.PORT) || 5173 },
  build: { target: 'es2022', sourcemap: true },
});

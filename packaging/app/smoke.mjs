// Node side of the scratch app: every entry of @inferkit/core, emulator and server, imported from
// the installed tarballs. Starts the emulator and the proxy in front of it, and classifies through
// both; with a URL argument, classifies through that proxy (the Vite dev server's) instead.
// Prints one JSON line: where each entry resolved and the top label of each call.
import { InferenceClient, zeroShotClassification } from '@inferkit/core';
import { createEmulatorHandler } from '@inferkit/emulator';
import { startEmulator } from '@inferkit/emulator/node';
import { createInferenceProxy } from '@inferkit/server';
import { startInferenceProxy, toNodeListener } from '@inferkit/server/node';
import { inferenceProxy } from '@inferkit/server/vite';

const entries = [
  '@inferkit/core',
  '@inferkit/react',
  '@inferkit/components',
  '@inferkit/emulator',
  '@inferkit/emulator/node',
  '@inferkit/server',
  '@inferkit/server/node',
  '@inferkit/server/vite',
];
const args = {
  model: 'facebook/bart-large-mnli',
  inputs: 'I recently bought a device and it does not work; I want a refund',
  parameters: { candidateLabels: ['refund', 'legal', 'faq'] },
};
const exported = [createEmulatorHandler, createInferenceProxy, toNodeListener, inferenceProxy].map((f) => typeof f);
const result = { resolved: Object.fromEntries(entries.map((e) => [e, import.meta.resolve(e)])), exported };

if (process.argv[2]) {
  result.viaDevServer = (await new InferenceClient({ baseUrl: process.argv[2] }).zeroShotClassification(args))[0];
} else {
  const emulator = await startEmulator({ port: 0, latency: 'none' });
  const proxy = await startInferenceProxy({
    port: 0,
    accessToken: 'hf_packaging',
    upstream: emulator.url,
    hubUpstream: emulator.url,
  });
  try {
    result.direct = (await zeroShotClassification({ baseUrl: emulator.url, ...args }))[0];
    result.viaProxy = (await zeroShotClassification({ baseUrl: proxy.url, ...args }))[0];
  } finally {
    await proxy.close();
    await emulator.close();
  }
}
console.log(JSON.stringify(result));

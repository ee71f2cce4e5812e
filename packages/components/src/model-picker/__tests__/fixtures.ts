import type { ChatModel } from '@inferkit/core';

export const XSS = '<img src=x onerror=alert(1)>';

/** Two models with figures; one provider lacks most of them; a model without providers is left out. */
export const MODELS: ChatModel[] = [
  {
    id: 'meta-llama/Llama-3.1-8B-Instruct',
    ownedBy: 'meta-llama',
    providers: [
      {
        provider: 'groq',
        status: 'live',
        contextLength: 131072,
        pricing: { input: 0.05, output: 0.08 },
        supportsTools: true,
        supportsStructuredOutput: false,
        latency: 0.21,
        throughput: 540.3,
      },
      { provider: 'novita', status: 'live', contextLength: 16384, pricing: { input: 0.02, output: 0.05 } },
    ],
  },
  {
    id: 'deepseek-ai/DeepSeek-V4-Pro',
    ownedBy: 'deepseek-ai',
    providers: [
      {
        provider: 'novita',
        status: 'live',
        contextLength: 1048576,
        pricing: { input: 1.69, output: 3.38 },
        supportsTools: true,
        supportsStructuredOutput: true,
        latency: 1.49,
        throughput: 24.69,
      },
      { provider: 'featherless-ai', status: 'error', isFree: true, pricing: { input: 0, output: 0 } },
    ],
  },
  { id: 'bare/model', providers: [] },
];

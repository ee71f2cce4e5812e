// Starts the emulator and shows @inferkit/core working against it, in Node, without React (`pnpm dev`
// runs the React playground instead). Stays up so you can point your own code at it (baseUrl printed
// below); Ctrl-C stops it. `--once` exits after the demo.
//   node --conditions=@inferkit/source --import tsx scripts/demo.ts [--once]
import { InferenceClient, InferenceHTTPError } from '@inferkit/core';
import { startEmulator } from '@inferkit/emulator/node';

const port = Number(process.env.PORT ?? 8787);
const emulator = await startEmulator({ port });
console.log(`\ninferkit emulator listening on ${emulator.url}\n`);

const client = new InferenceClient({ baseUrl: emulator.url });

const labels = await client.zeroShotClassification({
  model: 'facebook/bart-large-mnli',
  inputs: 'My new phone stopped working after two days and I want my money back',
  parameters: { candidateLabels: ['refund', 'legal', 'faq', 'praise'] },
});
console.log('zero-shot classification:');
for (const { label, score } of labels)
  console.log(`  ${label.padEnd(8)} ${'█'.repeat(Math.round(score * 40))} ${(score * 100).toFixed(1)}%`);

const text = 'Barack Obama met engineers from Google in Paris 🇫🇷 last week.';
const entities = await client.tokenClassification({
  model: 'dslim/bert-base-NER',
  inputs: text,
  parameters: { aggregationStrategy: 'simple' },
});
console.log('\ntoken classification:', text);
for (const e of entities)
  console.log(`  ${e.entityGroup ?? e.entity}\t${e.word}\t[${e.start}, ${e.end})\t${e.score.toFixed(3)}`);

process.stdout.write('\nchat (streamed): ');
for await (const chunk of client.chatCompletionStream({
  model: 'meta-llama/Llama-3.1-8B-Instruct',
  messages: [{ role: 'user', content: 'Tell me about streaming responses in React apps.' }],
  maxTokens: 60,
})) {
  process.stdout.write(chunk.choices[0]?.delta.content ?? '');
}

try {
  await client.zeroShotClassification({
    model: 'nobody/no-such-model',
    inputs: 'x',
    parameters: { candidateLabels: ['a'] },
  });
} catch (error) {
  if (error instanceof InferenceHTTPError)
    console.log(`\n\ntyped error: ${error.name} ${error.status}: ${error.message}`);
}

if (process.argv.includes('--once')) {
  await emulator.close();
} else {
  console.log(`\nThe emulator keeps running at ${emulator.url} — use it as baseUrl. Ctrl-C to stop.`);
}

// Issue 13's gzip budgets, measured exactly as bench/size.mjs measures them for bench/RESULTS.md
// (esbuild, minified, gzip level 9, from the built dist): fails when one is over. size-limit
// (`.size-limit.json`) guards the same bundles in brotli, built its own way, so its figures differ.
// Run after `pnpm build`; `pnpm size` runs both.
import { bundleSize, sizeBudgets, sizeCases } from '../bench/size.mjs';

let over = 0;
for (const { name, figure, limit } of sizeBudgets) {
  const { gzip } = await bundleSize(sizeCases.find((c) => c.figure === figure).ours[1]);
  const bytes = Math.floor(limit * 1024);
  over += gzip > bytes ? 1 : 0;
  console.log(`${gzip > bytes ? '✖' : '✔'} ${name}: ${gzip} of ${bytes} bytes gzip (${limit} kB)`);
}
process.exit(over ? 1 : 0);

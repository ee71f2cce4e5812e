// The emulator in its own process for bench/emulator.mjs: `node bench/lib/emulator-server.mjs
// [tokensPerSecond]`. Prints `{"url": ...}` once listening; on each stdin line `stats` prints its
// CPU time so far; exits when stdin closes.
import { startEmulator } from '@inferkit/emulator/node';
import { createInterface } from 'node:readline';

const tokensPerSecond = Number(process.argv[2] ?? 0);
const emulator = await startEmulator({ port: 0, latency: { firstByteMs: 0, tokensPerSecond } });
console.log(JSON.stringify({ url: emulator.url }));
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line.trim() === 'stats') {
    const cpu = process.cpuUsage();
    console.log(JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, rssMB: process.memoryUsage().rss / 2 ** 20 }));
  }
});
lines.on('close', () => emulator.close().then(() => process.exit(0)));

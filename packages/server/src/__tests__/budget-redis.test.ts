/**
 * Limits shared through a real Redis (Debian's `redis-server`, which `npm test` and CI install):
 * two proxy instances, as behind a load balancer, must count one user once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ProxyLimits, UsageReport } from '../ratelimit';
import { LLAMA, ZERO_SHOT, chatBody, expectNoTokenAnywhere, setup } from './proxy-test-utils';

/** Debian's redis-server, on PATH; `REDIS_SERVER` names another binary. */
const REDIS_SERVER = process.env.REDIS_SERVER ?? 'redis-server';

let server: ChildProcess | undefined;
let port = 0;
let ioredis: Redis;
let nodeRedis: ReturnType<typeof createClient>;

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port: free } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return free;
}

/** Starts a throwaway redis-server: no persistence, loopback only, ready when it says so. */
async function startRedis(): Promise<ChildProcess> {
  port = await freePort();
  const child = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('redis-server did not start within 10 s')), 10_000);
    let output = '';
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`Cannot start ${REDIS_SERVER} (npm test installs Debian's redis-server): ${error.message}`));
    });
    child.stdout!.on('data', (data: Buffer) => {
      output += data.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return child;
}

beforeAll(async () => {
  server = await startRedis();
  ioredis = new Redis({ port, host: '127.0.0.1', lazyConnect: true });
  await ioredis.connect();
  nodeRedis = createClient({ url: `redis://127.0.0.1:${port}` });
  await nodeRedis.connect();
});

afterAll(async () => {
  ioredis?.disconnect();
  await nodeRedis?.close().catch(() => {});
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  await expectNoTokenAnywhere();
});

beforeEach(async () => {
  await ioredis.flushdb();
});

const labels = { inputs: 'I want my money back', parameters: { candidate_labels: ['refund', 'faq'] } };
const byCookie = (request: Request) => ({ user: request.headers.get('cookie')?.replace('user=', '') ?? 'nobody' });
const as = (user: string) => ({ cookie: `user=${user}` });

/** Two proxy instances sharing one store, as two processes behind a load balancer would. */
function twoInstances(limits: ProxyLimits) {
  const usage: UsageReport[] = [];
  const options = { authorize: byCookie, limits: { ...limits, onUsage: (u: UsageReport) => usage.push(u) } };
  return { a: setup(options), b: setup(options), usage };
}

for (const [name, client] of [
  ['ioredis', () => ioredis],
  ['redis (node-redis)', () => nodeRedis],
] as const) {
  describe(`limits shared through Redis with an ${name} client`, () => {
    it('two instances count one request limit: the second refuses once the first used it up', async () => {
      const { a, b } = twoInstances({ requests: { limit: 2, windowSeconds: 60 }, store: { redis: client() } });
      expect((await a.post(`/hf-inference/models/${ZERO_SHOT}`, labels, as('ada'))).status).toBe(200);
      expect((await a.post(`/hf-inference/models/${ZERO_SHOT}`, labels, as('ada'))).status).toBe(200);
      const refused = await b.post(`/hf-inference/models/${ZERO_SHOT}`, labels, as('ada'));
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(b.upstream).toHaveLength(0);
      // Users stay apart across instances too.
      expect((await b.post(`/hf-inference/models/${ZERO_SHOT}`, labels, as('grace'))).status).toBe(200);
    });

    it('two instances share one token budget', async () => {
      const { a, b, usage } = twoInstances({
        completionTokens: { limit: 5, windowSeconds: 3600 },
        store: { redis: client() },
      });
      const answer = await (
        await a.post(
          `/hf-inference/models/${LLAMA}/v1/chat/completions`,
          chatBody('Tell me a story', { max_tokens: 8 }),
          as('ada'),
        )
      ).json();
      expect(answer.usage.completion_tokens).toBeGreaterThanOrEqual(5);
      await expect.poll(() => usage.length).toBe(1);
      const refused = await b.post(`/hf-inference/models/${LLAMA}/v1/chat/completions`, chatBody('More'), as('ada'));
      expect(refused.status).toBe(429);
      expect((await refused.json()).error).toMatch(/Completion token budget spent: .* 5 completion tokens per hour/);
      expect(b.upstream).toHaveLength(0);
    });
  });
}

describe('the Redis store', () => {
  it('keeps each count under the key prefix, expiring with its window', async () => {
    const { a } = twoInstances({
      requests: { limit: 10, windowSeconds: 60 },
      store: { redis: ioredis, keyPrefix: 'shop' },
    });
    await a.post(`/hf-inference/models/${ZERO_SHOT}`, labels, as('ada'));
    expect(await ioredis.keys('*')).toEqual(['shop:requests:user:ada']);
    expect(await ioredis.get('shop:requests:user:ada')).toBe('1');
    const ttl = await ioredis.ttl('shop:requests:user:ada');
    expect(ttl).toBeGreaterThan(50);
    expect(ttl).toBeLessThanOrEqual(60);
  });

  it('answers 503, not an uncounted pass, when Redis cannot be reached', async () => {
    const down = new Redis({ port: await freePort(), host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null });
    const { a } = twoInstances({ requests: { limit: 10, windowSeconds: 60 }, store: { redis: down } });
    const res = await a.post(`/hf-inference/models/${ZERO_SHOT}`, labels, as('ada'));
    expect(res.status).toBe(503);
    expect((await res.json()).error).toMatch(/could not check its limits/);
    expect(a.upstream).toHaveLength(0);
    down.disconnect();
  });
});

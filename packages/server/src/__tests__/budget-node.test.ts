/**
 * Per-client limits behind Node's `http`: with no `authorize`, the Node adapter's socket address
 * is the key, whatever the client claims in its headers.
 */
import { startEmulator, type RunningEmulator } from '@inferkit/emulator/node';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressKey } from '../client-address';
import { startInferenceProxy, type RunningInferenceProxy } from '../node';
import { TOKEN, ZERO_SHOT } from './proxy-test-utils';

let emulator: RunningEmulator;
let proxy: RunningInferenceProxy;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, tokens: [TOKEN] });
  proxy = await startInferenceProxy({
    port: 0,
    accessToken: TOKEN,
    upstream: emulator.url,
    hubUpstream: emulator.url,
    limits: { requests: { limit: 2, windowSeconds: 60 } },
  });
});

afterAll(async () => {
  await proxy?.close();
  await emulator?.close();
});

/** POSTs a zero-shot call from a given loopback address (every 127.x.y.z is this machine on Linux). */
function postFrom(localAddress: string, headers: Record<string, string> = {}) {
  const body = JSON.stringify({ inputs: 'Hi', parameters: { candidate_labels: ['a', 'b'] } });
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = httpRequest(
      `${proxy.url}/hf-inference/models/${ZERO_SHOT}`,
      { method: 'POST', localAddress, headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('per-client limits in the Node adapter', () => {
  it('count per socket address by default, and a client-sent X-Forwarded-For changes nothing', async () => {
    expect((await postFrom('127.0.0.2', { 'x-forwarded-for': '203.0.113.1' })).status).toBe(200);
    expect((await postFrom('127.0.0.2', { 'x-forwarded-for': '203.0.113.2' })).status).toBe(200);
    const refused = await postFrom('127.0.0.2', { 'x-forwarded-for': '203.0.113.3', 'x-real-ip': '203.0.113.4' });
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.body).error).toMatch(/2 requests per minute from this address/);
    // Another address has its own count.
    expect((await postFrom('127.0.0.3')).status).toBe(200);
  });

  it('count an IPv6 client by its /64 and an IPv4-mapped one as IPv4', () => {
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:DB8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('[2001:db8::1]')).toBe('2001:db8:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('198.51.100.20')).toBe('198.51.100.20');
  });
});

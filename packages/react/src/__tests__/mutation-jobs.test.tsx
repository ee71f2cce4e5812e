/**
 * Async provider jobs in the mutation hooks: fal-ai's queue reports `progress` (queued with its
 * position, then running) while the call waits, `cancel()` aborts the call and tells fal to drop the
 * job, and so does unmounting. Real polling (core's 500 ms interval) against a scripted fal queue.
 */
import type { JobProgress } from '@inferkit/core';
import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useTextToImage } from '../hooks';
import { setup } from './query-helpers';

const FLUX = 'black-forest-labs/FLUX.1-schnell';
const ROOT = 'http://emu.test';
const APP = `${ROOT}/fal-ai/fal-ai/flux/schnell`;
const REQUEST = `${ROOT}/fal-ai/fal-ai/flux/requests/r1`;
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * The Hub maps FLUX to fal-ai; the queue answers `states` in turn to each status poll (the last one
 * repeats), then the result and the image. Every request is recorded as `METHOD URL`.
 */
function falQueue(states: { status: string; queue_position?: number }[]) {
  const seen: string[] = [];
  let polls = 0;
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const request = new Request(input, init);
    const url = decodeURIComponent(request.url).replace('?_subdomain=queue', '');
    seen.push(`${request.method} ${url}`);
    request.signal.throwIfAborted();
    if (url.includes('/api/models/')) {
      return Response.json({
        id: FLUX,
        inferenceProviderMapping: [
          { provider: 'fal-ai', providerId: 'fal-ai/flux/schnell', status: 'live', task: 'text-to-image' },
        ],
      });
    }
    if (url === APP) {
      return Response.json({
        request_id: 'r1',
        status: 'IN_QUEUE',
        queue_position: 2,
        status_url: 'https://queue.fal.run/fal-ai/flux/requests/r1/status',
        response_url: 'https://queue.fal.run/fal-ai/flux/requests/r1',
      });
    }
    if (url === `${REQUEST}/status`) return Response.json(states[Math.min(polls++, states.length - 1)]);
    if (url === `${REQUEST}/cancel`) return Response.json({ status: 'CANCELLATION_REQUESTED' });
    if (url === REQUEST) return Response.json({ images: [{ url: 'https://v3.fal.media/files/r1.png' }] });
    if (url === 'https://v3.fal.media/files/r1.png')
      return new Response(PNG, { headers: { 'content-type': 'image/png' } });
    return Response.json({ error: `unexpected ${request.method} ${url}` }, { status: 404 });
  };
  return { fetch: fetch as typeof globalThis.fetch, seen };
}

describe('async provider jobs in mutation hooks', () => {
  it('progress: queued with its position, then running, then null once the image is in', async () => {
    const { fetch } = falQueue([{ status: 'IN_PROGRESS' }, { status: 'COMPLETED' }]);
    const { wrapper } = setup(fetch);
    const seen: (JobProgress | null)[] = [];
    const { result } = renderHook(
      () => {
        const mutation = useTextToImage();
        if (seen.at(-1) !== mutation.progress) seen.push(mutation.progress);
        return mutation;
      },
      { wrapper },
    );
    act(() => result.current.mutate({ model: FLUX, inputs: 'a lighthouse' }));
    await waitFor(() => expect(result.current.status).toBe('success'), { timeout: 5000 });
    expect(result.current.data?.type).toBe('image/png');
    expect(result.current.progress).toBeNull();
    expect(seen.filter(Boolean)).toEqual([
      { status: 'queued', queuePosition: 2, elapsed: expect.any(Number) },
      { status: 'running', elapsed: expect.any(Number) },
    ]);
  });

  it('a per-call onProgress still hears every report', async () => {
    const { fetch } = falQueue([{ status: 'COMPLETED' }]);
    const { wrapper } = setup(fetch);
    const heard: string[] = [];
    const { result } = renderHook(() => useTextToImage(), { wrapper });
    await act(() =>
      result.current.mutateAsync({ model: FLUX, inputs: 'a lighthouse', onProgress: (p) => heard.push(p.status) }),
    );
    expect(heard).toEqual(['queued']);
  });

  it('cancel() aborts the call and tells fal to drop the job; progress goes back to null', async () => {
    const { fetch, seen } = falQueue([{ status: 'IN_QUEUE', queue_position: 1 }]);
    const { wrapper } = setup(fetch);
    const { result } = renderHook(() => useTextToImage(), { wrapper });
    act(() => result.current.mutate({ model: FLUX, inputs: 'a lighthouse' }));
    await waitFor(() => expect(result.current.progress?.status).toBe('queued'));
    act(() => result.current.cancel());
    await waitFor(() => expect(result.current.status).toBe('error'));
    expect((result.current.error as Error).name).toBe('AbortError');
    expect(result.current.progress).toBeNull();
    await waitFor(() => expect(seen).toContain(`PUT ${REQUEST}/cancel`));
    // No retry of a cancelled call, and no poll after it.
    expect(seen.filter((r) => r === `POST ${APP}`)).toHaveLength(1);
    const polls = seen.filter((r) => r.endsWith('/status')).length;
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(seen.filter((r) => r.endsWith('/status'))).toHaveLength(polls);
  });

  it('unmounting aborts the job too', async () => {
    const { fetch, seen } = falQueue([{ status: 'IN_QUEUE', queue_position: 4 }]);
    const { wrapper } = setup(fetch);
    const { result, unmount } = renderHook(() => useTextToImage(), { wrapper });
    act(() => result.current.mutate({ model: FLUX, inputs: 'a lighthouse' }));
    await waitFor(() => expect(result.current.progress).toMatchObject({ status: 'queued', queuePosition: 2 }));
    unmount();
    await waitFor(() => expect(seen).toContain(`PUT ${REQUEST}/cancel`));
  });

  it('a caller’s own signal still aborts the call', async () => {
    const { fetch, seen } = falQueue([{ status: 'IN_QUEUE' }]);
    const { wrapper } = setup(fetch);
    const { result } = renderHook(() => useTextToImage(), { wrapper });
    const controller = new AbortController();
    act(() => result.current.mutate({ model: FLUX, inputs: 'a lighthouse', signal: controller.signal }));
    await waitFor(() => expect(result.current.progress).not.toBeNull());
    controller.abort();
    await waitFor(() => expect(result.current.status).toBe('error'));
    await waitFor(() => expect(seen).toContain(`PUT ${REQUEST}/cancel`));
  });
});

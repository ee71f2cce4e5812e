/**
 * The providers' own routes below the router root, over real HTTP: fal-ai's queue and synchronous
 * apps, replicate's predictions, novita's async video, the OpenAI-compatible providers, and the
 * media they link to (served without a token, like the providers' CDNs).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../node';

const TOKEN = 'hf_provider_test_token';
let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, tokens: [TOKEN] });
});
afterAll(() => emu?.close());

type Json = Record<string, any>;
const auth = { authorization: `Bearer ${TOKEN}` };

async function call(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const res = await fetch(`${emu.url}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { ...auth, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const type = res.headers.get('content-type') ?? '';
  const body: any = type.includes('json')
    ? await res.json()
    : type.includes('event-stream')
      ? await res.text()
      : undefined;
  return { status: res.status, headers: res.headers, body };
}

/** Downloads a media URL the way a client does: with no token at all. */
async function download(url: string) {
  const res = await fetch(url);
  return { status: res.status, type: res.headers.get('content-type'), bytes: new Uint8Array(await res.arrayBuffer()) };
}

const ascii = (bytes: Uint8Array, from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
const dataUrl = (bytes: Uint8Array, type: string) => `data:${type};base64,${Buffer.from(bytes).toString('base64')}`;
const PNG_1PX =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

/** Polls a fal job's status until it completes, returning every status seen. */
async function falPoll(responseUrl: string, headers: Record<string, string> = {}) {
  const path = `/fal-ai${new URL(responseUrl).pathname}`;
  const seen: Json[] = [];
  for (let i = 0; i < 20; i++) {
    const { body } = await call(`${path}/status?_subdomain=queue`, { headers });
    seen.push(body);
    if (body.status === 'COMPLETED') break;
  }
  return { seen, result: await call(`${path}?_subdomain=queue`, { headers }) };
}

describe('fal-ai queue', () => {
  it('text-to-image: IN_QUEUE → IN_PROGRESS → COMPLETED, then the images on a token-less media URL', async () => {
    const submit = await call('/fal-ai/fal-ai/flux/schnell?_subdomain=queue', {
      body: { prompt: 'a red fox in the snow', seed: 7 },
    });
    expect(submit.status).toBe(200);
    expect(submit.headers.get('x-inference-provider')).toBe('fal-ai');
    const rid = submit.body.request_id as string;
    // The queue URLs name the app (the first two segments of the endpoint id), on fal's host.
    expect(submit.body).toMatchObject({
      status: 'IN_QUEUE',
      queue_position: 0,
      response_url: `https://queue.fal.run/fal-ai/flux/requests/${rid}`,
      status_url: `https://queue.fal.run/fal-ai/flux/requests/${rid}/status`,
      cancel_url: `https://queue.fal.run/fal-ai/flux/requests/${rid}/cancel`,
    });
    const early = await call(`/fal-ai/fal-ai/flux/requests/${rid}?_subdomain=queue`);
    expect(early).toMatchObject({ status: 400, body: { detail: 'Request is still in progress' } });
    const { seen, result } = await falPoll(submit.body.response_url);
    expect(seen.map((s) => s.status)).toEqual(['IN_PROGRESS', 'COMPLETED']);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      images: [
        { url: expect.stringMatching(/\/media\/[\w-]+\.png$/), width: 512, height: 512, content_type: 'image/png' },
      ],
      seed: 7,
      prompt: 'a red fox in the snow',
      timings: { inference: expect.any(Number) },
      has_nsfw_concepts: [false],
    });
    const image = await download(result.body.images[0].url);
    expect(image).toMatchObject({ status: 200, type: 'image/png' });
    expect(ascii(image.bytes, 1, 4)).toBe('PNG');
  });

  it('counts the queue position down over configurable polls; slow-queue keeps a job queued longer', async () => {
    const slow = await startEmulator({ port: 0, jobs: { queuedPolls: 3, runningPolls: 2 } });
    try {
      const submit = await (
        await fetch(`${slow.url}/fal-ai/fal-ai/flux/dev?_subdomain=queue`, {
          method: 'POST',
          body: JSON.stringify({ prompt: 'x' }),
        })
      ).json();
      expect(submit.queue_position).toBe(2);
      const statuses: string[] = [];
      const path = `${slow.url}/fal-ai${new URL(submit.response_url).pathname}/status`;
      for (let i = 0; i < 5; i++) {
        const s = await (await fetch(path)).json();
        statuses.push(s.status === 'IN_QUEUE' ? `Q${s.queue_position}` : s.status);
      }
      expect(statuses).toEqual(['Q1', 'Q0', 'IN_PROGRESS', 'IN_PROGRESS', 'COMPLETED']);
    } finally {
      await slow.close();
    }
    const submit = await call('/fal-ai/fal-ai/flux/schnell?_subdomain=queue', {
      body: { prompt: 'x' },
      headers: { 'x-inferkit-fault': 'slow-queue=3' },
    });
    expect(submit.body.queue_position).toBe(3);
    const { seen } = await falPoll(submit.body.response_url);
    expect(seen.map((s) => s.status)).toEqual(['IN_QUEUE', 'IN_QUEUE', 'IN_QUEUE', 'IN_PROGRESS', 'COMPLETED']);
  });

  it('failed-job: the job completes and its result is fal’s 500 { detail }; cancel before the end', async () => {
    const submit = await call('/fal-ai/fal-ai/flux/schnell?_subdomain=queue', {
      body: { prompt: 'x' },
      headers: { 'x-inferkit-fault': 'failed-job=GPU fell over' },
    });
    const { seen, result } = await falPoll(submit.body.response_url);
    expect(seen.at(-1)!.status).toBe('COMPLETED');
    expect(result).toMatchObject({ status: 500, body: { detail: 'GPU fell over' } });

    const queued = await call('/fal-ai/fal-ai/flux/schnell?_subdomain=queue', { body: { prompt: 'y' } });
    const base = `/fal-ai${new URL(queued.body.response_url).pathname}`;
    expect(await call(`${base}/cancel?_subdomain=queue`, { method: 'PUT' })).toMatchObject({
      status: 202,
      body: { status: 'CANCELLATION_REQUESTED' },
    });
    expect((await call(`${base}?_subdomain=queue`)).status).toBe(400);
    const done = await call('/fal-ai/fal-ai/flux/schnell?_subdomain=queue', { body: { prompt: 'z' } });
    await falPoll(done.body.response_url);
    const late = await call(`/fal-ai${new URL(done.body.response_url).pathname}/cancel`, { method: 'PUT' });
    expect(late).toMatchObject({ status: 400, body: { status: 'ALREADY_COMPLETED' } });
    expect((await call(`/fal-ai/fal-ai/flux/requests/no-such-request/status`)).status).toBe(404);
  });

  it('video, image editing, segmentation and audio jobs answer fal’s shapes with real media', async () => {
    const video = await call('/fal-ai/fal-ai/wan/v2.2-a14b/text-to-video?_subdomain=queue', {
      body: { prompt: 'waves at dusk' },
    });
    expect(video.body.response_url).toContain('/fal-ai/wan/requests/');
    const videoResult = (await falPoll(video.body.response_url)).result.body;
    expect(videoResult.video).toMatchObject({ url: expect.stringMatching(/\.mp4$/), content_type: 'video/mp4' });
    const mp4 = await download(videoResult.video.url);
    expect(mp4.type).toBe('video/mp4');
    expect(ascii(mp4.bytes, 4, 8)).toBe('ftyp');
    // The movie box follows the file-type box: a structurally valid ISO BMFF file.
    const ftypSize = new DataView(mp4.bytes.buffer).getUint32(0);
    expect(ascii(mp4.bytes, ftypSize + 4, ftypSize + 8)).toBe('moov');

    // image-to-video needs its image: the error surfaces at the result, as fal's 422.
    const noImage = await call('/fal-ai/fal-ai/wan/v2.2-a14b/image-to-video?_subdomain=queue', {
      body: { prompt: 'x' },
    });
    expect((await falPoll(noImage.body.response_url)).result.status).toBe(422);
    const i2v = await call('/fal-ai/fal-ai/wan/v2.2-a14b/image-to-video?_subdomain=queue', {
      body: { prompt: 'x', image_url: PNG_1PX },
    });
    expect((await falPoll(i2v.body.response_url)).result.body.video.url).toMatch(/\.mp4$/);

    const edit = await call('/fal-ai/fal-ai/qwen-image-edit?_subdomain=queue', {
      body: { prompt: 'make it blue', image_url: PNG_1PX, image_urls: [PNG_1PX] },
    });
    expect(edit.body.response_url).toContain('/fal-ai/qwen-image-edit/requests/');
    const edited = (await falPoll(edit.body.response_url)).result.body;
    expect(edited.images[0]).toMatchObject({ width: 1, height: 1, content_type: 'image/png' });

    const mask = await call('/fal-ai/fal-ai/bria/background/remove?_subdomain=queue', {
      body: { image_url: PNG_1PX, sync_mode: true },
    });
    const segmented = (await falPoll(mask.body.response_url)).result.body;
    expect(segmented.image).toMatchObject({ url: expect.stringMatching(/\.png$/), content_type: 'image/png' });

    const speech = await call('/fal-ai/fal-ai/kokoro/american-english', { body: { text: 'Hello from the emulator.' } });
    const wav = await download(speech.body.audio.url);
    const cleaned = await call('/fal-ai/fal-ai/deepfilternet3?_subdomain=queue', {
      body: { audio_url: dataUrl(wav.bytes, 'audio/x-wav') },
    });
    const audio = (await falPoll(cleaned.body.response_url)).result.body.audio;
    expect(ascii((await download(audio.url)).bytes, 0, 4)).toBe('RIFF');
  });

  it('text-to-audio (Stable Audio): queued, the clip as `audio_file`, `seconds_total` long', async () => {
    const submit = await call('/fal-ai/fal-ai/stable-audio?_subdomain=queue', {
      body: { prompt: 'rain on a tin roof', seconds_total: 2 },
    });
    expect(submit).toMatchObject({ status: 200, body: { status: 'IN_QUEUE' } });
    const { result } = await falPoll(submit.body.response_url);
    expect(result.body).not.toHaveProperty('audio');
    expect(result.body.audio_file).toMatchObject({ url: expect.stringMatching(/\.wav$/), content_type: 'audio/wav' });
    const clip = await download(result.body.audio_file.url);
    expect(clip.type).toBe('audio/wav');
    const view = new DataView(clip.bytes.buffer);
    expect(ascii(clip.bytes, 0, 4)).toBe('RIFF');
    // 44.1 kHz 16-bit mono: 2 s are 176,400 bytes of samples (plus the header and the INFO chunk).
    expect(view.getUint32(24, true)).toBe(44100);
    expect(clip.bytes.length).toBeGreaterThan(176_400);
    expect(clip.bytes.length).toBeLessThan(176_400 + 500);
    const missing = await call('/fal-ai/fal-ai/stable-audio?_subdomain=queue', { body: { seconds_total: 2 } });
    const failed = await falPoll(missing.body.response_url);
    expect(failed.result.status).toBe(422);
    expect(JSON.stringify(failed.result.body)).toContain('prompt');
    const tooLong = await call('/fal-ai/fal-ai/stable-audio?_subdomain=queue', {
      body: { prompt: 'x', seconds_total: 600 },
    });
    const refused = await falPoll(tooLong.body.response_url);
    expect(refused.result.status).toBe(422);
    expect(JSON.stringify(refused.result.body)).toContain('seconds_total');
  });

  it('synchronous apps: text-to-speech → { audio: { url } }, speech recognition → { text, chunks }', async () => {
    const tts = await call('/fal-ai/fal-ai/kokoro/american-english', { body: { text: 'The quick brown fox.' } });
    expect(tts.status).toBe(200);
    expect(tts.body.audio).toMatchObject({ url: expect.stringMatching(/\.wav$/), content_type: 'audio/wav' });
    const wav = await download(tts.body.audio.url);
    expect(ascii(wav.bytes, 0, 4)).toBe('RIFF');
    const asr = await call('/fal-ai/fal-ai/whisper', { body: { audio_url: dataUrl(wav.bytes, 'audio/x-wav') } });
    expect(asr.body).toMatchObject({ text: 'The quick brown fox.', chunks: expect.any(Array) });
    expect(asr.body.chunks[0]).toMatchObject({
      text: expect.any(String),
      timestamp: [expect.any(Number), expect.any(Number)],
    });
    const failed = await call('/fal-ai/fal-ai/whisper', { body: {}, headers: { 'x-inferkit-fault': 'failed-job' } });
    expect(failed.status).toBe(500);
    expect(failed.body.detail).toContain('injected');
  });

  it('refuses apps fal does not serve, and honours tokens and request faults', async () => {
    expect(await call('/fal-ai/fal-ai/nope?_subdomain=queue', { body: { prompt: 'x' } })).toMatchObject({
      status: 400,
      body: { error: 'Model not supported by provider fal-ai' },
    });
    const anonymous = await fetch(`${emu.url}/fal-ai/fal-ai/flux/schnell?_subdomain=queue`, {
      method: 'POST',
      body: '{}',
    });
    expect(anonymous.status).toBe(401);
    const path = '/fal-ai/fal-ai/flux/schnell?_subdomain=queue';
    const fault = (spec: string) => call(path, { body: { prompt: 'x' }, headers: { 'x-inferkit-fault': spec } });
    expect((await fault('payment-required')).status).toBe(402);
    const limited = await fault('rate-limit=3');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect((await fault('server-error=503')).status).toBe(503);
    const started = Date.now();
    expect((await fault('slow-first-byte=150')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });
});

describe('replicate predictions', () => {
  const create = (model: string, input: unknown, headers: Record<string, string> = {}) =>
    call(`/replicate/v1/models/${model}/predictions`, { body: { input }, headers });

  it('Prefer: wait answers the finished prediction at once, output [url]', async () => {
    const res = await create('black-forest-labs/flux-schnell', { prompt: 'a lighthouse' }, { prefer: 'wait' });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-inference-provider')).toBe('replicate');
    const { id } = res.body;
    expect(id).toMatch(/^[a-z0-9]{26}$/);
    expect(res.body).toMatchObject({
      model: 'black-forest-labs/flux-schnell',
      status: 'succeeded',
      error: null,
      output: [expect.stringMatching(/\/media\/[\w-]+\.png$/)],
      urls: {
        get: `https://api.replicate.com/v1/predictions/${id}`,
        cancel: `https://api.replicate.com/v1/predictions/${id}/cancel`,
      },
    });
    expect((await download(res.body.output[0])).type).toBe('image/png');
  });

  it('without a wait (or past it): starting → processing → succeeded over polls; video output is a URL', async () => {
    const res = await create('wan-video/wan-2.2-t2v-fast', { prompt: 'a comet' });
    expect(res.body.status).toBe('starting');
    const statuses = [];
    let last: Json = res.body;
    for (let i = 0; i < 3; i++) {
      last = (await call(`/replicate/v1/predictions/${res.body.id}`)).body;
      statuses.push(last.status);
    }
    expect(statuses).toEqual(['processing', 'succeeded', 'succeeded']);
    expect(last.output).toMatch(/\.mp4$/);
    const slow = await create(
      'wan-video/wan-2.2-t2v-fast',
      { prompt: 'x' },
      { prefer: 'wait=5', 'x-inferkit-fault': 'slow-queue' },
    );
    expect(slow.body.status).toBe('starting');
  });

  it('cancel, failed-job, version-pinned models, and models replicate does not serve', async () => {
    const res = await create('qwen/qwen-image-edit', { prompt: 'x', image: PNG_1PX });
    const canceled = await call(`/replicate/v1/predictions/${res.body.id}/cancel`, { method: 'POST' });
    expect(canceled).toMatchObject({ status: 200, body: { status: 'canceled', output: null } });

    const failed = await create(
      'black-forest-labs/flux-schnell',
      { prompt: 'x' },
      {
        prefer: 'wait',
        'x-inferkit-fault': 'failed-job=NSFW content detected',
      },
    );
    expect(failed.body).toMatchObject({ status: 'failed', error: 'NSFW content detected', output: null });

    const tts = await call('/fal-ai/fal-ai/kokoro/american-english', { body: { text: 'Pinned versions work.' } });
    const wav = await download(tts.body.audio.url);
    const whisper = await call('/replicate/v1/predictions', {
      body: {
        version: '8099696689d249cf8b122d833c36ac3f75505c666a395ca40ef26f68e7d3d16e',
        input: { audio: dataUrl(wav.bytes, 'audio/wav') },
      },
      headers: { prefer: 'wait' },
    });
    expect(whisper.body).toMatchObject({ status: 'succeeded', model: 'openai/whisper' });
    expect(whisper.body.output.transcription).toBe('Pinned versions work.');

    expect(await create('nobody/nothing', { prompt: 'x' })).toMatchObject({
      status: 400,
      body: { error: 'Model not supported by provider replicate' },
    });
    expect((await call('/replicate/v1/predictions/doesnotexist')).status).toBe(404);
  });
});

describe('novita async video', () => {
  it('submits a task and polls task-result until TASK_STATUS_SUCCEED with a video URL', async () => {
    const { body } = await call('/novita/v3/async/wan-2.2-t2v', { body: { prompt: 'rain on a window' } });
    const statuses: string[] = [];
    let last: Json = {};
    for (let i = 0; i < 3; i++) {
      last = (await call(`/novita/v3/async/task-result?task_id=${body.task_id}`)).body;
      statuses.push(last.task.status);
    }
    expect(statuses).toEqual(['TASK_STATUS_PROCESSING', 'TASK_STATUS_SUCCEED', 'TASK_STATUS_SUCCEED']);
    expect(last.videos[0]).toMatchObject({ video_url: expect.stringMatching(/\.mp4$/), video_type: 'mp4' });
  });
});

describe('novita MiniMax H3 video', () => {
  it('takes the prompt and first frame from `content`, and polls query/video_generation/{id} to succeeded', async () => {
    const { body } = await call('/novita/v3/minimax/v2/video_generation', {
      body: {
        model: 'MiniMax-H3',
        content: [
          { type: 'text', text: 'it moves' },
          { type: 'image_url', image_url: { url: PNG_1PX }, role: 'first_frame' },
        ],
        resolution: '768P',
        duration: 4,
        ratio: 'adaptive',
      },
    });
    expect(body).toEqual({ task_id: expect.any(String) });
    const statuses: string[] = [];
    let last: Json = {};
    for (let i = 0; i < 2; i++) {
      last = (await call(`/novita/v3/minimax/v2/query/video_generation/${body.task_id}`)).body;
      statuses.push(last.task.status);
    }
    expect(statuses).toEqual(['running', 'succeeded']);
    expect((await download(last.task.content.url)).type).toBe('video/mp4');
    // Another model, an unknown task, a bad first frame.
    expect((await call('/novita/v3/minimax/v2/video_generation', { body: { model: 'wan-2.2-t2v' } })).status).toBe(400);
    expect((await call('/novita/v3/minimax/v2/query/video_generation/nope')).status).toBe(404);
    const bad = await call('/novita/v3/minimax/v2/video_generation', {
      body: { model: 'MiniMax-H3', content: [{ type: 'image_url', image_url: { url: 'https://example.com/x.png' } }] },
    });
    await call(`/novita/v3/minimax/v2/query/video_generation/${bad.body.task_id}`);
    const failed = await call(`/novita/v3/minimax/v2/query/video_generation/${bad.body.task_id}`);
    expect(failed.body.task).toMatchObject({ status: 'failed', error: { message: expect.stringMatching(/download/) } });
  });
});

describe('zai-org', () => {
  it('async images: { id, task_status: PROCESSING }, then async-result SUCCESS with image_result [{ url }]', async () => {
    const submit = await call('/zai-org/api/paas/v4/async/images/generations', {
      body: { model: 'cogview-4', prompt: 'a lantern', size: '64x64' },
    });
    expect(submit.body).toMatchObject({ id: expect.any(String), model: 'cogview-4', task_status: 'PROCESSING' });
    const statuses: string[] = [];
    let last: Json = {};
    for (let i = 0; i < 2; i++) {
      last = (await call(`/zai-org/api/paas/v4/async-result/${submit.body.id}`)).body;
      statuses.push(last.task_status);
    }
    expect(statuses).toEqual(['PROCESSING', 'SUCCESS']);
    const image = await download(last.image_result[0].url);
    expect(image.type).toBe('image/png');
    expect(ascii(image.bytes, 1, 4)).toBe('PNG');
    expect((await call('/zai-org/api/paas/v4/async-result/nope')).status).toBe(404);
    expect(
      (await call('/zai-org/api/paas/v4/async/images/generations', { body: { model: 'glm-ocr', prompt: 'x' } })).status,
    ).toBe(400);
  });

  it('layout parsing: { model, file: data URL } → md_results; a missing file is a 400', async () => {
    const { status, body } = await call('/zai-org/api/paas/v4/layout_parsing', {
      body: { model: 'glm-ocr', file: PNG_1PX },
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ model: 'glm-ocr', md_results: expect.any(String), data_info: { num_pages: 1 } });
    expect(body.md_results.length).toBeGreaterThan(0);
    expect((await call('/zai-org/api/paas/v4/layout_parsing', { body: { model: 'glm-ocr' } })).status).toBe(400);
    expect(
      (await call('/zai-org/api/paas/v4/layout_parsing', { body: { model: 'cogview-4', file: PNG_1PX } })).status,
    ).toBe(400);
  });
});

describe('wavespeed jobs', () => {
  it('wavespeed: { code, message, data } from created to completed, outputs [url]', async () => {
    const submit = await call('/wavespeed/api/v3/wavespeed-ai/wan-2.2/t2v-480p', { body: { prompt: 'a comet' } });
    expect(submit.body).toMatchObject({ code: 200, data: { status: 'created', outputs: [] } });
    const path = new URL(submit.body.data.urls.get).pathname;
    expect(path).toBe(`/api/v3/predictions/${submit.body.data.id}/result`);
    const statuses: string[] = [];
    let last: Json = {};
    for (let i = 0; i < 2; i++) {
      last = (await call(`/wavespeed${path}`)).body;
      statuses.push(last.data.status);
    }
    expect(statuses).toEqual(['processing', 'completed']);
    expect((await download(last.data.outputs[0])).type).toBe('video/mp4');
    const failed = await call('/wavespeed/api/v3/wavespeed-ai/qwen-image/edit', {
      body: { prompt: 'x', image: PNG_1PX },
      headers: { 'x-inferkit-fault': 'failed-job=bad image' },
    });
    await call(`/wavespeed/api/v3/predictions/${failed.body.data.id}/result`);
    const end = await call(`/wavespeed/api/v3/predictions/${failed.body.data.id}/result`);
    expect(end.body.data).toMatchObject({ status: 'failed', error: 'bad image' });
  });
});

describe('together videos and audio', () => {
  it('a video job at /v2/videos: queued → in_progress → completed with outputs.video_url', async () => {
    const submit = await call('/together/v2/videos', { body: { model: 'Wan-AI/Wan2.2-T2V-A14B', prompt: 'surf' } });
    expect(submit.body).toMatchObject({ object: 'video', status: 'queued', model: 'Wan-AI/Wan2.2-T2V-A14B' });
    const statuses: string[] = [];
    let last: Json = {};
    for (let i = 0; i < 2; i++) {
      last = (await call(`/together/v2/videos/${submit.body.id}`)).body;
      statuses.push(last.status);
    }
    expect(statuses).toEqual(['in_progress', 'completed']);
    expect((await download(last.outputs.video_url)).type).toBe('video/mp4');
    expect((await call('/together/v2/videos', { body: { model: 'nope', prompt: 'x' } })).status).toBe(400);
  });

  it('speech as WAV bytes, and a multipart transcription of it', async () => {
    const res = await fetch(`${emu.url}/together/v1/audio/speech`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'hexgrad/Kokoro-82M', input: 'Speak up.', voice: 'af_alloy' }),
    });
    expect(res.headers.get('content-type')).toBe('audio/wav');
    const form = new FormData();
    form.append('file', new Blob([await res.arrayBuffer()], { type: 'audio/wav' }), 'audio.wav');
    form.append('model', 'openai/whisper-large-v3');
    form.append('response_format', 'verbose_json');
    const text = await fetch(`${emu.url}/together/v1/audio/transcriptions`, {
      method: 'POST',
      headers: auth,
      body: form,
    });
    expect(await text.json()).toMatchObject({ text: 'Speak up.', segments: expect.any(Array) });
  });
});

describe('OpenAI-compatible providers', () => {
  const messages = [{ role: 'user', content: 'Hello!' }];

  it('chat on each provider’s own path, answering with the provider’s model id', async () => {
    const cases: [string, string][] = [
      ['/together/v1/chat/completions', 'meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo'],
      ['/groq/openai/v1/chat/completions', 'llama-3.1-8b-instant'],
      ['/novita/v3/openai/chat/completions', 'meta-llama/llama-3.1-8b-instruct'],
      ['/fireworks-ai/inference/v1/chat/completions', 'accounts/fireworks/models/llama-v3p1-8b-instruct'],
      ['/cerebras/v1/chat/completions', 'llama3.1-8b'],
      ['/featherless-ai/v1/chat/completions', 'Qwen/Qwen2.5-7B-Instruct'],
    ];
    for (const [path, model] of cases) {
      const res = await call(path, { body: { model, messages, max_tokens: 5 } });
      expect(res.status, path).toBe(200);
      expect(res.body, path).toMatchObject({ object: 'chat.completion', model });
    }
    const stream = await call('/together/v1/chat/completions', {
      body: { model: cases[0]![1], messages, max_tokens: 3, stream: true },
    });
    expect(stream.body).toContain('data: [DONE]');
  });

  it('completions, plain and streamed, for a base model', async () => {
    const res = await call('/featherless-ai/v1/completions', {
      body: { model: 'Qwen/Qwen2.5-7B', prompt: 'Once upon a time', max_tokens: 6 },
    });
    expect(res.body).toMatchObject({
      object: 'text_completion',
      model: 'Qwen/Qwen2.5-7B',
      choices: [{ index: 0, text: expect.any(String), finish_reason: 'length' }],
      usage: { completion_tokens: 6 },
    });
    const stream = await call('/together/v1/completions', {
      body: { model: 'Qwen/Qwen2.5-7B', prompt: 'Once upon a time', max_tokens: 6, stream: true },
    });
    const events = (stream.body as string)
      .split('\n\n')
      .filter(Boolean)
      .map((e) => e.slice('data: '.length));
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e));
    expect(chunks.map((c) => c.choices[0].text).join('')).toBe(res.body.choices[0].text);
    expect(chunks.at(-1)).toMatchObject({
      choices: [{ finish_reason: 'length' }],
      usage: { total_tokens: expect.any(Number) },
    });
  });

  it('text-generation models: ovhcloud’s completions, and groq’s and novita’s chat route (which wants `messages`)', async () => {
    const ovh = await call('/ovhcloud/v1/completions', {
      body: { model: 'Qwen2.5-7B', prompt: 'Once upon a time', max_tokens: 4 },
    });
    expect(ovh.status).toBe(200);
    expect(ovh.body).toMatchObject({
      object: 'text_completion',
      model: 'Qwen2.5-7B',
      choices: [{ text: expect.any(String), finish_reason: 'length' }],
      usage: { completion_tokens: 4 },
    });
    for (const [path, model] of [
      ['/groq/openai/v1/chat/completions', 'qwen-2.5-7b'],
      ['/novita/v3/openai/chat/completions', 'qwen/qwen2.5-7b'],
    ] as const) {
      const chat = await call(path, { body: { model, messages, max_tokens: 4 } });
      expect(chat.status, path).toBe(200);
      expect(chat.body, path).toMatchObject({
        object: 'chat.completion',
        model,
        choices: [{ message: { role: 'assistant', content: expect.any(String) } }],
      });
      // The generic text-generation body @huggingface/inference 4.13 sends there is refused.
      const generic = await call(path, { body: { model, inputs: 'Hello!', parameters: { max_new_tokens: 4 } } });
      expect(generic.status, path).toBe(422);
      expect(JSON.stringify(generic.body), path).toContain('messages');
    }
    // Each provider knows the model under its own id only: groq's id means nothing to ovhcloud.
    expect((await call('/ovhcloud/v1/completions', { body: { model: 'qwen-2.5-7b', prompt: 'x' } })).status).toBe(400);
  });

  it('together edits an image at its generations route (FLUX.1 Kontext: the image as image_url)', async () => {
    const { status, body } = await call('/together/v1/images/generations', {
      body: {
        model: 'black-forest-labs/FLUX.1-kontext-dev',
        prompt: 'blue',
        image_url: PNG_1PX,
        response_format: 'base64',
      },
    });
    expect(status).toBe(200);
    expect(ascii(Buffer.from(body.data[0].b64_json, 'base64'), 1, 4)).toBe('PNG');
    const missing = await call('/together/v1/images/generations', {
      body: { model: 'black-forest-labs/FLUX.1-kontext-dev', prompt: 'blue' },
    });
    expect(missing.status).toBe(400);
  });

  it('embeddings and image generation (base64, b64_json, url)', async () => {
    const emb = await call('/together/v1/embeddings', { body: { model: 'BAAI/bge-base-en-v1.5', input: ['a', 'b'] } });
    expect(emb.body.data).toHaveLength(2);
    expect(emb.body.data[1]).toMatchObject({ object: 'embedding', index: 1 });
    expect(emb.body.data[0].embedding).toHaveLength(768);

    const model = 'black-forest-labs/FLUX.1-schnell';
    const b64 = await call('/together/v1/images/generations', {
      body: { model, prompt: 'a cat', response_format: 'base64' },
    });
    expect(Buffer.from(b64.body.data[0].b64_json, 'base64').subarray(1, 4).toString()).toBe('PNG');
    const nscale = await call('/nscale/v1/images/generations', {
      body: { model, prompt: 'a cat', response_format: 'b64_json', size: '256x128' },
    });
    expect(nscale.body.data[0].b64_json).toEqual(expect.any(String));
    const url = await call('/together/v1/images/generations', {
      body: { model, prompt: 'a cat', response_format: 'url' },
    });
    expect((await download(url.body.data[0].url)).type).toBe('image/png');
  });

  it('refuses a model the provider does not serve, and honours tokens and faults', async () => {
    expect(
      await call('/together/v1/chat/completions', { body: { model: 'llama-3.1-8b-instant', messages } }),
    ).toMatchObject({ status: 400, body: { error: 'Model not supported by provider together' } });
    expect((await call('/groq/openai/v1/chat/completions', { body: { messages } })).status).toBe(400);
    const body = { model: 'llama-3.1-8b-instant', messages };
    expect(
      (await call('/groq/openai/v1/chat/completions', { body, headers: { authorization: 'Bearer hf_nope_nope' } }))
        .status,
    ).toBe(401);
    expect(
      (await call('/groq/openai/v1/chat/completions', { body, headers: { 'x-inferkit-fault': 'payment-required' } }))
        .status,
    ).toBe(402);
    const stream = await call('/groq/openai/v1/chat/completions', {
      body: { ...body, stream: true },
      headers: { 'x-inferkit-fault': 'stream-error=overloaded@1' },
    });
    expect(stream.body).toContain('overloaded');
  });
});

describe('the catalogue behind the provider routes', () => {
  it('lists the video and editing models in /api/tasks and maps them on the Hub', async () => {
    const tasks = (await call('/api/tasks')).body;
    expect(tasks['text-to-video'].models.map((m: Json) => m.id)).toContain('Wan-AI/Wan2.2-T2V-A14B');
    expect(tasks['image-text-to-image'].models.map((m: Json) => m.id)).toContain('Qwen/Qwen-Image-Edit');
    const wan = (await call('/api/models/Wan-AI/Wan2.2-T2V-A14B?expand[]=inferenceProviderMapping')).body;
    expect(wan.inferenceProviderMapping.map((m: Json) => [m.provider, m.providerId, m.task])).toEqual([
      ['fal-ai', 'fal-ai/wan/v2.2-a14b/text-to-video', 'text-to-video'],
      ['replicate', 'wan-video/wan-2.2-t2v-fast', 'text-to-video'],
      ['novita', 'wan-2.2-t2v', 'text-to-video'],
      ['wavespeed', 'wavespeed-ai/wan-2.2/t2v-480p', 'text-to-video'],
      ['together', 'Wan-AI/Wan2.2-T2V-A14B', 'text-to-video'],
    ]);
    const base = (await call('/api/models/Qwen/Qwen2.5-7B?expand[]=inferenceProviderMapping')).body;
    expect(base.inferenceProviderMapping).toEqual([
      { provider: 'featherless-ai', providerId: 'Qwen/Qwen2.5-7B', status: 'live', task: 'text-generation' },
      { provider: 'together', providerId: 'Qwen/Qwen2.5-7B', status: 'live', task: 'text-generation' },
      { provider: 'ovhcloud', providerId: 'Qwen2.5-7B', status: 'live', task: 'text-generation' },
      { provider: 'groq', providerId: 'qwen-2.5-7b', status: 'live', task: 'text-generation' },
      { provider: 'novita', providerId: 'qwen/qwen2.5-7b', status: 'live', task: 'text-generation' },
      { provider: 'deepinfra', providerId: 'Qwen/Qwen2.5-7B', status: 'live', task: 'text-generation' },
      { provider: 'scaleway', providerId: 'qwen2.5-7b', status: 'live', task: 'text-generation' },
    ]);
    const listed = (await call('/api/models?pipeline_tag=image-to-video')).body.map((m: Json) => m.id);
    expect(listed).toEqual(['Wan-AI/Wan2.2-I2V-A14B']);
  });
});

/**
 * The image and audio engines and their codecs: PNG and WAV encoders/decoders,
 * binary input reading and sniffing, and every image/audio task, checked against core's output
 * schemas where the task answers JSON.
 */
import {
  audioClassificationOutput,
  audioToAudioOutput,
  automaticSpeechRecognitionOutput,
  documentQuestionAnsweringOutput,
  imageClassificationOutput,
  imageSegmentationOutput,
  imageToTextOutput,
  objectDetectionOutput,
  visualQuestionAnsweringOutput,
  zeroShotImageClassificationOutput,
} from '@inferkit/core';
import { describe, expect, it } from 'vitest';
import { analyzeAudio } from '../engines/audio-analysis';
import { analyzeImage } from '../engines/image-analysis';
import { readBinary, sniffAudio, sniffImage } from '../engines/request';
import { decodePng, encodePng } from '../engines/png';
import { decodeWav, encodeWav } from '../engines/wav';
import {
  b64,
  expectInputError,
  flat,
  jpegHeader,
  json,
  landscape,
  paintPng,
  raw,
  readPng,
  readWavHeader,
  run,
  silence,
  tone,
  unb64,
  wavOf,
} from './engine-test-utils';

const valid = (schema: { safeParse(v: unknown): { success: boolean } }, value: unknown) =>
  expect(schema.safeParse(value).success, JSON.stringify(value).slice(0, 300)).toBe(true);
const bytesOf = async (res: Response) => new Uint8Array(await res.arrayBuffer());

describe('PNG codec', () => {
  it('encodes a valid PNG (signature, CRCs, zlib IDAT, IEND) that decodes back to the same pixels', () => {
    const data = Uint8Array.from({ length: 7 * 5 * 4 }, (_, i) => (i * 37) & 0xff);
    const png = encodePng({ width: 7, height: 5, channels: 4, data });
    const strict = readPng(png);
    expect(strict).toMatchObject({ width: 7, height: 5, colorType: 6 });
    expect(strict.rows.flatMap((r) => [...r])).toEqual([...data]);
    expect(decodePng(png).data).toEqual(data);
  });

  it('decodes grey, RGB and palette-free 16-bit images to RGBA', () => {
    const grey = encodePng({ width: 3, height: 2, channels: 1, data: new Uint8Array([0, 128, 255, 10, 20, 30]) });
    expect([...decodePng(grey).data.subarray(0, 8)]).toEqual([0, 0, 0, 255, 128, 128, 128, 255]);
    const rgb = encodePng({ width: 1, height: 1, channels: 3, data: new Uint8Array([1, 2, 3]) });
    expect([...decodePng(rgb).data]).toEqual([1, 2, 3, 255]);
  });

  it('refuses a damaged PNG', () => {
    const png = landscape(32, 24);
    const broken = png.slice();
    broken[40] = broken[40]! ^ 0xff;
    expect(() => decodePng(broken)).toThrow(/CRC|PNG/);
  });
});

describe('WAV codec', () => {
  it('writes PCM 16-bit mono with a consistent header, and reads it back', () => {
    const samples = Float32Array.from({ length: 800 }, (_, i) => Math.sin(i / 10) * 0.5);
    const wav = encodeWav(samples, 8000, { ICMT: 'héllo' });
    expect(readWavHeader(wav)).toMatchObject({
      format: 1,
      channels: 1,
      sampleRate: 8000,
      bits: 16,
      dataBytes: 1600,
      seconds: 0.1,
    });
    const back = decodeWav(wav);
    expect(back.info.ICMT).toBe('héllo');
    expect(back.samples).toHaveLength(800);
    expect(back.samples[15]).toBeCloseTo(samples[15]!, 3);
  });
});

describe('binary input', () => {
  it('reads raw bytes, and base64 inputs of a JSON body with its parameters', () => {
    const png = flat([10, 20, 30]);
    expect(readBinary(raw('google/vit-base-patch16-224', png)).bytes).toEqual(png);
    const fromJson = readBinary(json('google/vit-base-patch16-224', { inputs: b64(png), parameters: { top_k: 2 } }));
    expect(fromJson.bytes).toEqual(png);
    expect(fromJson.parameters).toEqual({ top_k: 2 });
    expect(
      readBinary(json('google/vit-base-patch16-224', { inputs: `data:image/png;base64,${b64(png)}` })).bytes,
    ).toEqual(png);
  });

  it('sniffs image and audio formats by magic bytes and reads their sizes', () => {
    expect(sniffImage(flat([1, 2, 3]))).toBe('png');
    expect(sniffImage(jpegHeader(640, 480))).toBe('jpeg');
    expect(sniffImage(new TextEncoder().encode('GIF89a\x10\x00\x20\x00'))).toBe('gif');
    expect(sniffImage(new TextEncoder().encode('hello world'))).toBeUndefined();
    expect(analyzeImage(jpegHeader(640, 480))).toMatchObject({
      format: 'jpeg',
      width: 640,
      height: 480,
      decoded: false,
    });
    expect(analyzeImage(flat([1, 2, 3], 33, 17))).toMatchObject({
      format: 'png',
      width: 33,
      height: 17,
      decoded: true,
    });
    expect(sniffAudio(tone(440, 0.1))).toBe('wav');
    expect(sniffAudio(new TextEncoder().encode('fLaC\x00\x00\x00\x22'))).toBe('flac');
    expect(sniffAudio(new Uint8Array([0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0, 0]))).toBe('mp3');
    expect(sniffAudio(new TextEncoder().encode('OggS\x00\x02'))).toBe('ogg');
  });

  it('reads WAV duration, loudness and zero-crossing rate', () => {
    const low = analyzeAudio(tone(200, 1.5));
    const high = analyzeAudio(tone(3000, 1.5));
    expect(low.duration).toBeCloseTo(1.5, 3);
    expect(low.rms).toBeCloseTo(0.3 / Math.SQRT2, 2);
    expect(high.zcr).toBeGreaterThan(low.zcr * 5);
    expect(analyzeAudio(silence()).silence).toBe(1);
  });

  it('answers garbage, empty bodies and bad base64 with 400s', async () => {
    const garbage = new TextEncoder().encode('this is not an image at all');
    await expectInputError(
      'image-classification',
      raw('google/vit-base-patch16-224', garbage),
      /cannot identify image file/,
    );
    await expectInputError(
      'audio-classification',
      raw('MIT/ast-finetuned-audioset-10-10-0.4593', garbage),
      /Malformed soundfile/,
    );
    await expectInputError('image-classification', raw('google/vit-base-patch16-224', new Uint8Array(0)), /inputs/);
    await expectInputError(
      'image-classification',
      json('google/vit-base-patch16-224', { inputs: '***not base64***' }),
      /base64/,
    );
    await expectInputError('image-classification', json('google/vit-base-patch16-224', { inputs: 12 }), /base64/);
    await expectInputError(
      'object-detection',
      json('facebook/detr-resnet-50', { inputs: 'https://example.com/cat.png' }),
      /URL/,
    );
    const truncated = flat([1, 2, 3]).subarray(0, 40);
    await expectInputError(
      'image-classification',
      raw('google/vit-base-patch16-224', truncated),
      /cannot identify image file/,
    );
  });
});

describe('image-classification', () => {
  const VIT = 'google/vit-base-patch16-224';

  it('labels with scores depending on the colours, sorted, top_k and function_to_apply honoured', async () => {
    const out = await run('image-classification', raw(VIT, landscape()));
    valid(imageClassificationOutput, out);
    expect(out).toHaveLength(5);
    expect(out.reduce((s: number, x: { score: number }) => s + x.score, 0)).toBeLessThanOrEqual(1.0001);
    expect(out.map((x: { score: number }) => x.score)).toEqual(
      [...out.map((x: { score: number }) => x.score)].sort((a, b) => b - a),
    );
    const yellow = await run('image-classification', raw(VIT, flat([245, 215, 50])));
    expect(['banana', 'school bus', 'lemon']).toContain(yellow[0].label);
    expect(await run('image-classification', raw(VIT, landscape()))).toEqual(out);
    expect(yellow).not.toEqual(out);
    const two = await run(
      'image-classification',
      json(VIT, { inputs: b64(landscape()), parameters: { top_k: 2, function_to_apply: 'sigmoid' } }),
    );
    expect(two).toHaveLength(2);
    expect(two[0].label).toBe(out[0].label);
    expect(two[0].score).not.toBeCloseTo(out[0].score, 3);
  });

  it('accepts JPEG (stand-in colours from the bytes, different per file)', async () => {
    const a = await run('image-classification', raw(VIT, jpegHeader(640, 480, 1)));
    const b = await run('image-classification', raw(VIT, jpegHeader(640, 480, 2)));
    valid(imageClassificationOutput, a);
    expect(a).not.toEqual(b);
  });
});

describe('object-detection', () => {
  it('boxes what stands out, inside the image bounds, and honours threshold', async () => {
    const img = landscape(200, 150);
    const out = await run('object-detection', raw('facebook/detr-resnet-50', img));
    valid(objectDetectionOutput, out);
    expect(out.length).toBeGreaterThan(0);
    const ball = out[0];
    // The ball is centred at (100, 60) with radius 22.
    expect(ball.box.xmin).toBeLessThan(100);
    expect(ball.box.xmax).toBeGreaterThan(100);
    expect(ball.box.ymin).toBeLessThan(60);
    expect(ball.box.ymax).toBeGreaterThan(60);
    for (const d of out) {
      expect(d.box.xmin).toBeGreaterThanOrEqual(0);
      expect(d.box.ymin).toBeGreaterThanOrEqual(0);
      expect(d.box.xmax).toBeLessThan(200);
      expect(d.box.ymax).toBeLessThan(150);
      expect(d.box.xmax).toBeGreaterThan(d.box.xmin);
    }
    const all = await run(
      'object-detection',
      json('facebook/detr-resnet-50', { inputs: b64(img), parameters: { threshold: 0 } }),
    );
    const strict = await run(
      'object-detection',
      json('facebook/detr-resnet-50', { inputs: b64(img), parameters: { threshold: 0.999 } }),
    );
    expect(all.length).toBeGreaterThanOrEqual(out.length);
    expect(strict).toEqual([]);
    expect(await run('object-detection', raw('facebook/detr-resnet-50', flat([128, 128, 128])))).toEqual([]);
  });

  it('boxes JPEGs within their header size', async () => {
    const out = await run(
      'object-detection',
      json('facebook/detr-resnet-50', { inputs: b64(jpegHeader(800, 600, 7)), parameters: { threshold: 0 } }),
    );
    for (const d of out) expect(d.box.xmax).toBeLessThan(800);
  });
});

describe('image-segmentation', () => {
  it('answers labelled segments with real masks: PNGs of the input size that follow the shapes', async () => {
    const img = landscape(120, 90);
    const out = await run('image-segmentation', raw('facebook/detr-resnet-50-panoptic', img));
    valid(imageSegmentationOutput, out);
    const labels = out.map((s: { label: string }) => s.label);
    expect(labels).toContain('sky-other-merged');
    expect(labels).toContain('grass-merged');
    const sky = out.find((s: { label: string }) => s.label === 'sky-other-merged');
    const mask = readPng(unb64(sky.mask));
    expect(mask).toMatchObject({ width: 120, height: 90, colorType: 0 });
    expect(mask.rows[5]![5]).toBe(255); // top-left is sky
    expect(mask.rows[85]![5]).toBe(0); // bottom-left is grass
    expect(mask.rows[36]![60]).toBe(0); // the ball is not sky
    for (const s of out) expect(s.score).toBeGreaterThanOrEqual(0.9);
  });

  it('honours subtask, threshold and mask_threshold', async () => {
    const img = landscape(80, 60);
    const semantic = await run('image-segmentation', raw('nvidia/segformer-b0-finetuned-ade-512-512', img));
    valid(imageSegmentationOutput, semantic);
    expect(semantic.map((s: { label: string }) => s.label)).toContain('sky');
    for (const s of semantic) expect(s.score).toBeNull();
    await expectInputError(
      'image-segmentation',
      json('nvidia/segformer-b0-finetuned-ade-512-512', { inputs: b64(img), parameters: { subtask: 'panoptic' } }),
      /not supported/,
    );
    const instance = await run(
      'image-segmentation',
      json('facebook/detr-resnet-50-panoptic', { inputs: b64(img), parameters: { subtask: 'instance', threshold: 0 } }),
    );
    expect(instance.every((s: { label: string }) => !s.label.includes('merged'))).toBe(true);
    expect(
      await run(
        'image-segmentation',
        json('facebook/detr-resnet-50-panoptic', { inputs: b64(img), parameters: { threshold: 1 } }),
      ),
    ).toEqual([]);
    const area = (segments: { mask: string }[]) =>
      segments.reduce(
        (n, s) =>
          n +
          readPng(unb64(s.mask))
            .rows.flatMap((r) => [...r])
            .filter((v) => v === 255).length,
        0,
      );
    const loose = await run(
      'image-segmentation',
      json('facebook/detr-resnet-50-panoptic', { inputs: b64(img), parameters: { mask_threshold: 0.05 } }),
    );
    const tight = await run(
      'image-segmentation',
      json('facebook/detr-resnet-50-panoptic', {
        inputs: b64(img),
        parameters: { mask_threshold: 0.95, overlap_mask_area_threshold: 0 },
      }),
    );
    expect(area(loose)).toBeGreaterThanOrEqual(area(tight));
  });
});

describe('image-to-text', () => {
  it('captions from the image stats, depending on the image, max_new_tokens honoured', async () => {
    const out = await run('image-to-text', raw('Salesforce/blip-image-captioning-large', landscape()));
    valid(imageToTextOutput, out);
    expect(out[0].generated_text.split(' ').length).toBeGreaterThan(3);
    const other = await run('image-to-text', raw('Salesforce/blip-image-captioning-large', flat([20, 20, 25])));
    expect(other).not.toEqual(out);
    const short = await run(
      'image-to-text',
      json('Salesforce/blip-image-captioning-large', { inputs: b64(landscape()), parameters: { max_new_tokens: 3 } }),
    );
    expect(short[0].generated_text.split(' ').length).toBeLessThanOrEqual(3);
  });
});

describe('zero-shot-image-classification', () => {
  const CLIP = 'openai/clip-vit-large-patch14-336';

  it('scores candidate labels by what the image shows, softmax over labels', async () => {
    const labels = ['a cat', 'the sea', 'a field of grass under a blue sky', 'a document'];
    const out = await run(
      'zero-shot-image-classification',
      json(CLIP, { inputs: b64(landscape()), parameters: { candidate_labels: labels } }),
    );
    valid(zeroShotImageClassificationOutput, out);
    expect(out[0].label).toBe('a field of grass under a blue sky');
    expect(out.reduce((s: number, x: { score: number }) => s + x.score, 0)).toBeCloseTo(1, 4);
    const paper = await run(
      'zero-shot-image-classification',
      json(CLIP, { inputs: b64(flat([250, 250, 250])), parameters: { candidate_labels: labels } }),
    );
    expect(paper[0].label).toBe('a document');
  });

  it('honours hypothesis_template and refuses missing labels', async () => {
    const base = { inputs: b64(landscape()), parameters: { candidate_labels: ['dog', 'sky'] } };
    const a = await run('zero-shot-image-classification', json(CLIP, base));
    const b = await run(
      'zero-shot-image-classification',
      json(CLIP, {
        ...base,
        parameters: { ...base.parameters, hypothesis_template: 'A blurry drawing of a {} at night' },
      }),
    );
    expect(a).not.toEqual(b);
    await expectInputError(
      'zero-shot-image-classification',
      json(CLIP, { inputs: b64(landscape()) }),
      /candidate_labels/,
    );
    await expectInputError('zero-shot-image-classification', raw(CLIP, landscape()), /candidate_labels/);
    await expectInputError(
      'zero-shot-image-classification',
      json(CLIP, { ...base, parameters: { ...base.parameters, hypothesis_template: 'no slot' } }),
      /hypothesis_template/,
    );
  });
});

describe('visual-question-answering', () => {
  const VILT = 'dandelin/vilt-b32-finetuned-vqa';
  const ask = (question: string, image = landscape(), parameters?: object) =>
    run(
      'visual-question-answering',
      json(VILT, { inputs: { image: b64(image), question }, ...(parameters && { parameters }) }),
    );

  it('answers from the image and the question', async () => {
    const colour = await ask('What color is the sky?');
    valid(visualQuestionAnsweringOutput, colour);
    expect(colour[0].answer).toBe('blue');
    expect((await ask('What color is it?', flat([220, 40, 40])))[0].answer).toBe('red');
    expect((await ask('Is there grass?'))[0].answer).toBe('yes');
    expect((await ask('Is there a computer keyboard?'))[0].answer).toBe('no');
    const count = await ask('How many objects are there?');
    expect(/^\d$/.test(count[0].answer)).toBe(true);
  });

  it('honours top_k and refuses a missing question', async () => {
    expect(await ask('What is in the picture?', landscape(), { top_k: 2 })).toHaveLength(2);
    await expectInputError(
      'visual-question-answering',
      json(VILT, { inputs: { image: b64(landscape()) } }),
      /question/,
    );
    await expectInputError(
      'visual-question-answering',
      json(VILT, { inputs: { image: 'AAAA', question: 'What?' } }),
      /cannot identify image file/,
    );
  });
});

describe('document-question-answering', () => {
  const LAYOUT = 'impira/layoutlm-document-qa';

  it('answers from word_boxes with word indices', async () => {
    const words = ['ACME', 'Invoice', 'number:', 'US-001', 'Date:', '2024-03-14', 'Total:', '$154.06'];
    const word_boxes = words.map((w, i) => [w, [i * 10, 0, i * 10 + 9, 10]]);
    const out = await run(
      'document-question-answering',
      json(LAYOUT, {
        inputs: { image: b64(landscape()), question: 'What is the invoice number?' },
        parameters: { word_boxes },
      }),
    );
    valid(documentQuestionAnsweringOutput, out);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ answer: 'US-001', start: 3, end: 3 });
    const date = await run(
      'document-question-answering',
      json(LAYOUT, {
        inputs: { image: b64(landscape()), question: 'What is the date?' },
        parameters: { word_boxes, top_k: 2 },
      }),
    );
    expect(date).toHaveLength(2);
    expect(date[0]).toMatchObject({ answer: '2024-03-14', start: 5, end: 5 });
  });

  it('reads a stand-in document from the image otherwise, deterministically', async () => {
    const q = { inputs: { image: b64(landscape()), question: 'What is the date?' } };
    const out = await run('document-question-answering', json(LAYOUT, q));
    valid(documentQuestionAnsweringOutput, out);
    expect(out[0].answer).toMatch(/^\d{4}-\d\d-\d\d$/);
    expect(out[0].start).toBeLessThanOrEqual(out[0].end);
    expect(await run('document-question-answering', json(LAYOUT, q))).toEqual(out);
  });
});

describe('image-to-image', () => {
  const PIX = 'timbrooks/instruct-pix2pix';

  it('returns a real PNG of the input size, transformed as the prompt says', async () => {
    const img = landscape(64, 48);
    const res = await run(
      'image-to-image',
      json(PIX, { inputs: b64(img), parameters: { prompt: 'make it black and white' } }),
    );
    expect(res).toBeInstanceOf(Response);
    expect(res.headers.get('content-type')).toBe('image/png');
    const out = readPng(await bytesOf(res));
    expect(out).toMatchObject({ width: 64, height: 48 });
    // Greyscale: every pixel has r = g = b.
    for (const row of out.rows) for (let x = 0; x < row.length; x += out.channels) expect(row[x]).toBe(row[x + 1]);
  });

  it('honours target_size, depends on the prompt, and works on raw bytes too', async () => {
    const img = landscape(64, 48);
    const sized = readPng(
      await bytesOf(
        await run(
          'image-to-image',
          json(PIX, {
            inputs: b64(img),
            parameters: { prompt: 'a watercolor', target_size: { width: 30, height: 20 } },
          }),
        ),
      ),
    );
    expect(sized).toMatchObject({ width: 30, height: 20 });
    const a = await bytesOf(
      await run(
        'image-to-image',
        json(PIX, { inputs: b64(img), parameters: { prompt: 'turn it into a cyberpunk scene' } }),
      ),
    );
    const b = await bytesOf(
      await run('image-to-image', json(PIX, { inputs: b64(img), parameters: { prompt: 'turn it into a red scene' } })),
    );
    expect(a).not.toEqual(b);
    expect(readPng(await bytesOf(await run('image-to-image', raw(PIX, img))))).toMatchObject({ width: 64, height: 48 });
    expect(
      readPng(await bytesOf(await run('image-to-image', raw('caidas/swin2SR-classical-sr-x2-64', img)))),
    ).toMatchObject({ width: 128, height: 96 });
  });
});

describe('text-to-image', () => {
  const FLUX = 'black-forest-labs/FLUX.1-dev';
  const image = async (body: unknown) => bytesOf(await run('text-to-image', json(FLUX, body)));

  it('paints a valid PNG from the prompt, 512×512 by default', async () => {
    const res = await run('text-to-image', json(FLUX, { inputs: 'a red sun over the blue sea' }));
    expect(res.headers.get('content-type')).toBe('image/png');
    const png = readPng(await bytesOf(res));
    expect(png).toMatchObject({ width: 512, height: 512 });
    expect(png.text.Prompt).toBe('a red sun over the blue sea');
    // The sea band at the bottom is blue.
    const bottom = png.rows[505]!;
    expect(bottom[2]! > bottom[0]!).toBe(true);
  });

  it('honours width/height (capped), seed and the prompt; deterministic', async () => {
    const small = { inputs: 'a cat in a forest', parameters: { width: 64, height: 40 } };
    const a = await image(small);
    expect(readPng(a)).toMatchObject({ width: 64, height: 40 });
    expect(await image(small)).toEqual(a);
    expect(await image({ ...small, parameters: { ...small.parameters, seed: 7 } })).not.toEqual(a);
    expect(await image({ ...small, inputs: 'a dog on the beach' })).not.toEqual(a);
    const capped = readPng(await image({ inputs: 'x', parameters: { width: 5000, height: 16 } }));
    expect(capped.width).toBe(1024);
    await expectInputError('text-to-image', json(FLUX, { inputs: 'x', parameters: { width: 0 } }), /width/);
    await expectInputError('text-to-image', json(FLUX, { inputs: '' }), /inputs/);
  });
});

describe('text-to-speech', () => {
  it('speaks a real WAV whose duration grows with the text', async () => {
    const res = await run('text-to-speech', json('facebook/mms-tts-eng', { inputs: 'Hello world' }));
    expect(res.headers.get('content-type')).toBe('audio/wav');
    const short = readWavHeader(await bytesOf(res));
    expect(short).toMatchObject({ format: 1, channels: 1, bits: 16, sampleRate: 16000 });
    const long = readWavHeader(
      await bytesOf(
        await run(
          'text-to-speech',
          json('facebook/mms-tts-eng', { inputs: 'Hello world, this is a much longer sentence to say out loud.' }),
        ),
      ),
    );
    expect(long.seconds).toBeGreaterThan(short.seconds * 2);
    expect(
      readWavHeader(
        await bytesOf(await run('text-to-speech', json('espnet/kan-bayashi_ljspeech_vits', { inputs: 'Hi' }))),
      ),
    ).toMatchObject({ sampleRate: 22050 });
    const a = await bytesOf(await run('text-to-speech', json('facebook/mms-tts-eng', { inputs: 'abc' })));
    const b = await bytesOf(await run('text-to-speech', json('facebook/mms-tts-eng', { inputs: 'xyz' })));
    expect(a).not.toEqual(b);
    await expectInputError('text-to-speech', json('facebook/mms-tts-eng', { inputs: '' }), /inputs/);
  });
});

describe('text-to-audio', () => {
  const MUSICGEN = 'facebook/musicgen-small';

  it('composes a real WAV at the model’s rate, 5.12 s by default, as long as max_new_tokens / 50 asks', async () => {
    const res = await run('text-to-audio', json(MUSICGEN, { inputs: 'calm piano over rain' }));
    expect(res.headers.get('content-type')).toBe('audio/wav');
    const clip = await bytesOf(res);
    const header = readWavHeader(clip);
    expect(header).toMatchObject({ format: 1, channels: 1, bits: 16, sampleRate: 32000 });
    expect(header.seconds).toBeCloseTo(5.12, 2);
    const decoded = decodeWav(clip);
    expect(decoded.info).toMatchObject({ INAM: MUSICGEN, ICMT: 'calm piano over rain' });
    expect(decoded.samples.reduce((peak, v) => Math.max(peak, Math.abs(v)), 0)).toBeGreaterThan(0.1);
    const short = await bytesOf(
      await run(
        'text-to-audio',
        json(MUSICGEN, { inputs: 'a drum loop', parameters: { generation_parameters: { max_new_tokens: 100 } } }),
      ),
    );
    expect(readWavHeader(short).seconds).toBeCloseTo(2, 2);
    const other = await bytesOf(await run('text-to-audio', json(MUSICGEN, { inputs: 'a violin solo' })));
    expect(other).not.toEqual(clip);
    expect(await bytesOf(await run('text-to-audio', json(MUSICGEN, { inputs: 'calm piano over rain' })))).toEqual(clip);
  });

  it('refuses an empty prompt and a length out of range, naming the field', async () => {
    await expectInputError('text-to-audio', json(MUSICGEN, { inputs: '' }), /inputs/);
    await expectInputError('text-to-audio', json(MUSICGEN, {}), /inputs/);
    for (const max_new_tokens of [0, 1.5, 5000]) {
      await expectInputError(
        'text-to-audio',
        json(MUSICGEN, { inputs: 'x', parameters: { generation_parameters: { max_new_tokens } } }),
        /generation_parameters\.max_new_tokens/,
      );
    }
    await expectInputError(
      'text-to-audio',
      json(MUSICGEN, { inputs: 'x', parameters: { generation_parameters: 'long' } }),
      /generation_parameters/,
    );
  });
});

describe('automatic-speech-recognition', () => {
  const WHISPER = 'openai/whisper-large-v3';

  it('round-trips the emulator text-to-speech', async () => {
    const text = 'The quick brown fox. It jumps over the lazy dog!';
    const wav = await bytesOf(await run('text-to-speech', json('facebook/mms-tts-eng', { inputs: text })));
    const out = await run('automatic-speech-recognition', raw(WHISPER, wav, 'audio/wav'));
    valid(automaticSpeechRecognitionOutput, out);
    expect(out).toEqual({ text });
  });

  it('derives text from other audio deterministically; silence is empty', async () => {
    const a = await run('automatic-speech-recognition', raw(WHISPER, tone(300, 2)));
    expect(a.text.length).toBeGreaterThan(10);
    const texts = await Promise.all(
      [300, 500, 700, 900, 1100].map(
        async (f) => (await run('automatic-speech-recognition', raw(WHISPER, tone(f, 2)))).text,
      ),
    );
    expect(new Set(texts).size).toBeGreaterThanOrEqual(3);
    // Longer audio, longer text.
    const long = await run('automatic-speech-recognition', raw(WHISPER, tone(300, 12)));
    expect(long.text.split(' ').length).toBeGreaterThan(a.text.split(' ').length);
    expect(await run('automatic-speech-recognition', raw(WHISPER, tone(300, 2)))).toEqual(a);
    expect(await run('automatic-speech-recognition', raw(WHISPER, silence(1)))).toEqual({ text: '' });
    const capitals = await run('automatic-speech-recognition', raw('facebook/wav2vec2-base-960h', tone(300, 2)));
    expect(capitals.text).toMatch(/^[A-Z' ]+$/);
  });

  it('adds timed chunks with return_timestamps, within the duration', async () => {
    const wav = await bytesOf(
      await run('text-to-speech', json('facebook/mms-tts-eng', { inputs: 'First sentence here. Second one there.' })),
    );
    const out = await run(
      'automatic-speech-recognition',
      json(WHISPER, { inputs: b64(wav), parameters: { return_timestamps: true } }),
    );
    valid(automaticSpeechRecognitionOutput, out);
    expect(out.chunks).toHaveLength(2);
    const duration = analyzeAudio(wav).duration;
    expect(out.chunks[0].timestamp[0]).toBe(0);
    expect(out.chunks[0].timestamp[1]).toBeLessThanOrEqual(out.chunks[1].timestamp[0] + 1e-9);
    expect(out.chunks[1].timestamp[1]).toBeLessThanOrEqual(duration + 0.01);
    const words = await run(
      'automatic-speech-recognition',
      json(WHISPER, { inputs: b64(wav), parameters: { return_timestamps: 'word' } }),
    );
    expect(words.chunks).toHaveLength(6);
  });

  it('accepts FLAC and MP3 by magic bytes, refuses garbage', async () => {
    // fLaC + STREAMINFO (16 kHz, 48000 samples = 3 s).
    const flac = new Uint8Array(42);
    flac.set([0x66, 0x4c, 0x61, 0x43, 0x80, 0, 0, 34], 0);
    flac.set([0x03, 0xe8, 0x00, 0x00, 0xbb, 0x80], 18); // sample rate 16000 << 4, then total samples
    expect(analyzeAudio(flac).sampleRate).toBe(16000);
    const out = await run('automatic-speech-recognition', raw(WHISPER, flac, 'audio/flac'));
    valid(automaticSpeechRecognitionOutput, out);
    await expectInputError(
      'automatic-speech-recognition',
      raw(WHISPER, new TextEncoder().encode('nope nope nope')),
      /Malformed soundfile/,
    );
  });
});

describe('audio-classification', () => {
  const AST = 'MIT/ast-finetuned-audioset-10-10-0.4593';

  it('labels from the model label set with scores depending on the audio', async () => {
    const speech = await bytesOf(
      await run('text-to-speech', json('facebook/mms-tts-eng', { inputs: 'Hello there, how are you doing today?' })),
    );
    const out = await run('audio-classification', raw(AST, speech));
    valid(audioClassificationOutput, out);
    expect(out).toHaveLength(5);
    expect(out[0].label).toMatch(/speech/i);
    expect((await run('audio-classification', raw(AST, silence())))[0].label).toBe('Silence');
    const noise = wavOf(1, (t) => Math.sin(t * 1e7) * Math.sin(t * 7.3e6) * 0.4);
    expect(['Noise', 'White noise', 'Static', 'Rain', 'Applause']).toContain(
      (await run('audio-classification', raw(AST, noise)))[0].label,
    );
  });

  it('honours top_k and function_to_apply, and the emotion label set', async () => {
    const two = await run(
      'audio-classification',
      json(AST, { inputs: b64(tone(440)), parameters: { top_k: 2, function_to_apply: 'none' } }),
    );
    expect(two).toHaveLength(2);
    expect(two[0].score).toBeGreaterThan(1);
    const emotion = await run('audio-classification', raw('superb/hubert-large-superb-er', tone(440)));
    expect(emotion.map((x: { label: string }) => x.label).sort()).toEqual(['ang', 'hap', 'neu', 'sad']);
  });
});

describe('audio-to-audio', () => {
  it('separates two sources as base64 WAVs of the input length', async () => {
    const mix = wavOf(0.5, (t) => 0.3 * Math.sin(2 * Math.PI * 100 * t) + 0.3 * Math.sin(2 * Math.PI * 4000 * t));
    const out = await run('audio-to-audio', raw('speechbrain/sepformer-wham', mix));
    valid(audioToAudioOutput, out);
    expect(out.map((x: { label: string }) => x.label)).toEqual(['label_0', 'label_1']);
    const [low, high] = out.map((x: { blob: string }) => unb64(x.blob));
    for (const track of [low!, high!])
      expect(readWavHeader(track)).toMatchObject({ format: 1, sampleRate: 16000, dataBytes: 16000 });
    expect(out[0]['content-type']).toBe('audio/wav');
    // The low track keeps the hum, the other the whistle.
    expect(analyzeAudio(low!).zcr).toBeLessThan(analyzeAudio(high!).zcr);
    const enhanced = await run('audio-to-audio', raw('speechbrain/metricgan-plus-voicebank', mix));
    expect(enhanced).toHaveLength(1);
  });
});

describe('engines are pure functions of their input', () => {
  it('gives the same bytes for the same request', async () => {
    const img = paintPng(40, 30, (x, y) => [x * 6, y * 8, 128]);
    for (const [task, id] of [
      ['image-classification', 'google/vit-base-patch16-224'],
      ['object-detection', 'facebook/detr-resnet-50'],
      ['image-segmentation', 'facebook/detr-resnet-50-panoptic'],
      ['image-to-text', 'Salesforce/blip-image-captioning-large'],
    ] as const) {
      expect(await run(task, raw(id, img))).toEqual(await run(task, raw(id, img)));
    }
  });
});

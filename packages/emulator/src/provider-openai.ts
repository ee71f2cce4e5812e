/**
 * The OpenAI-compatible routes of the providers (`/{provider}/{prefix}/chat/completions`,
 * `/completions`, `/embeddings`, `/images/generations`, `/audio/speech`, `/audio/transcriptions`)
 * and Z.ai's layout parsing beside them, run on the emulator's engines and answered in the
 * OpenAI shapes (and streams) with the provider's model id.
 */
import { approxTokens } from './engines/embeddings';
import { CHAT_ENGINE } from './engines/index';
import { isObject, toBase64 } from './engines/request';
import { sseResponse, type SseFrame } from './engines/sse';
import { EngineInputError, type CatalogueModel } from './engines/types';
import type { ActiveFaults } from './faults';
import type { JobCore } from './provider-jobs';
import {
  json,
  newId,
  notSupported,
  nowSeconds,
  num,
  reply,
  str,
  type ProviderDeps,
  type ProviderOp,
  type ProviderRoute,
  type State,
} from './provider-shared';
import { findByProviderId, type ProviderEntry } from './providers-catalogue';

/** The mapped tasks each OpenAI-style operation serves. */
const OP_TASKS: Record<ProviderOp, readonly string[]> = {
  // groq and novita serve text-generation at their chat route (the prompt as a user message).
  chat: ['conversational', 'image-text-to-text', 'text-generation'],
  completions: ['text-generation', 'conversational'],
  embeddings: ['feature-extraction', 'sentence-similarity'],
  // together edits images at its generations route (the image as `image_url` or `reference_images`).
  images: ['text-to-image', 'image-to-image'],
  ocr: ['image-to-text'],
  speech: ['text-to-speech'],
  transcriptions: ['automatic-speech-recognition'],
};

/** The OpenAI-style routes' answers; the engines run through the job core (`run`), media go to its store. */
export function createOpenAiRoutes(jobs: JobCore, deps: ProviderDeps) {
  async function openai(request: Request, route: Extract<ProviderRoute, { kind: 'openai' }>, state: State) {
    const parsed = await deps.readJson(request);
    if (parsed instanceof Response) return parsed;
    // Transcriptions come as a multipart form: `file`, `model` and the parameters.
    const form =
      route.op === 'transcriptions' && parsed.bytes
        ? await new Response(parsed.bytes as Uint8Array<ArrayBuffer>, { headers: request.headers })
            .formData()
            .catch(() => undefined)
        : undefined;
    const body = form ? Object.fromEntries(form) : isObject(parsed.body) ? parsed.body : {};
    const providerId = str(body.model);
    const found = providerId ? findByProviderId(route.provider, providerId, deps.catalogue) : undefined;
    if (!found || !OP_TASKS[route.op].includes(found.entry.task)) return notSupported(route.provider);
    const { model, entry } = found;
    state.model = model.id;
    const faults = await deps.admit(request, model);
    if (faults instanceof Response) return faults;
    const invalid = (message: string, status = 400) =>
      json({ error: { message, type: 'invalid_request_error', param: null, code: null } }, status);
    const id = newId('uuid');
    const created = nowSeconds();
    try {
      switch (route.op) {
        case 'chat': {
          const out = await deps.engines[CHAT_ENGINE]!({
            model,
            body,
            bytes: undefined,
            contentType: 'application/json',
            headers: request.headers,
            signal: request.signal,
            stream: deps.streamSettings(faults),
            route: 'chat',
            responseModel: entry.providerId,
          });
          return out instanceof Response ? out : reply(out, faults);
        }
        case 'completions':
          return await completions(body, model, entry, faults, request.signal);
        case 'embeddings': {
          const input = body.input;
          const list =
            typeof input === 'string'
              ? [input]
              : Array.isArray(input) && input.every((t) => typeof t === 'string')
                ? (input as string[])
                : undefined;
          if (!list?.length) return invalid('`input` must be a string or a non-empty array of strings');
          const vectors = (await jobs.run('feature-extraction', model, {
            inputs: list,
            normalize: true,
          })) as number[][];
          const tokens = list.reduce((n, t) => n + approxTokens(t), 0);
          return reply(
            {
              object: 'list',
              model: entry.providerId,
              data: vectors.map((embedding, index) => ({ object: 'embedding', embedding, index })),
              usage: { prompt_tokens: tokens, total_tokens: tokens },
            },
            faults,
          );
        }
        case 'speech': {
          const input = str(body.input);
          if (!input) return invalid('`input` is required');
          const wav = (await jobs.run('text-to-speech', model, { inputs: input })) as Uint8Array<ArrayBuffer>;
          return new Response(wav, { headers: { 'content-type': 'audio/wav' } });
        }
        case 'transcriptions': {
          const file = body.file;
          if (!(file instanceof Blob)) return invalid('`file` is required (a multipart form upload)');
          const bytes = new Uint8Array(await file.arrayBuffer());
          const out = (await jobs.run('automatic-speech-recognition', model, {
            inputs: toBase64(bytes),
            parameters: { return_timestamps: true },
          })) as { text: string; chunks?: { text: string; timestamp: number[] }[] };
          const segments = (out.chunks ?? []).map((c, i) => ({
            id: i,
            start: c.timestamp[0],
            end: c.timestamp[1],
            text: c.text,
          }));
          return reply(
            body.response_format === 'verbose_json'
              ? { task: 'transcribe', language: 'english', text: out.text, segments }
              : { text: out.text },
            faults,
          );
        }
        case 'images': {
          const prompt = str(body.prompt);
          // An edit (together's FLUX Kontext and the like): the image as `image_url` or `reference_images[0]`.
          const edit = entry.task === 'image-to-image';
          const source = edit ? (body.image_url ?? (body.reference_images as unknown[] | undefined)?.[0]) : undefined;
          if (edit ? source === undefined : !prompt)
            return invalid(edit ? '`image_url` or `reference_images` is required' : '`prompt` is required');
          const [w, h] = (str(body.size) ?? '').split('x').map(Number);
          const n = Math.min(4, Math.max(1, Math.floor(num(body.n) ?? 1)));
          const format = str(body.response_format) ?? 'url';
          const data = [];
          for (let index = 0; index < n; index++) {
            const parameters = Object.fromEntries(
              Object.entries({
                width: num(body.width) ?? (w || undefined),
                height: num(body.height) ?? (h || undefined),
                seed: num(body.seed) === undefined ? undefined : num(body.seed)! + index,
                num_inference_steps: num(body.steps) ?? num(body.num_inference_steps),
              }).filter(([, v]) => v !== undefined),
            );
            const png = (
              edit
                ? await jobs.run('image-to-image', model, {
                    inputs: jobs.fileInput(source, 'image_url'),
                    parameters: { ...parameters, prompt: prompt ?? '' },
                  })
                : await jobs.run('text-to-image', model, { inputs: prompt, parameters })
            ) as Uint8Array;
            data.push(
              format === 'url'
                ? { index, url: jobs.store(png, 'png', route.base).url }
                : { index, b64_json: toBase64(png), type: 'image/png' },
            );
          }
          return reply({ id, object: 'list', created, model: entry.providerId, data }, faults);
        }
        case 'ocr': {
          // Z.ai's layout parsing: `{ model, file }` (a data URL) → the page as Markdown in `md_results`.
          if (body.file === undefined) return invalid('`file` is required');
          const [out] = (await jobs.run('image-to-text', model, {
            inputs: jobs.fileInput(body.file, 'file'),
          })) as { generated_text: string }[];
          const text = out!.generated_text;
          return reply(
            {
              id,
              created,
              model: entry.providerId,
              md_results: text,
              layout_details: [[{ index: 0, label: 'text', content: text }]],
              data_info: { num_pages: 1 },
              usage: { prompt_tokens: 0, completion_tokens: approxTokens(text), total_tokens: approxTokens(text) },
            },
            faults,
          );
        }
      }
    } catch (error) {
      if (error instanceof EngineInputError) return invalid(error.message, error.status === 422 ? 422 : 400);
      throw error;
    }
  }

  /** `/v1/completions`: the text-generation engine's continuation, in the OpenAI shape (and stream). */
  async function completions(
    body: Record<string, unknown>,
    model: CatalogueModel,
    entry: ProviderEntry,
    faults: ActiveFaults,
    signal: AbortSignal,
  ) {
    const prompt = Array.isArray(body.prompt) ? str(body.prompt[0]) : str(body.prompt);
    if (prompt === undefined) throw new EngineInputError('`prompt` must be a string or an array of strings');
    const stop = typeof body.stop === 'string' ? [body.stop] : Array.isArray(body.stop) ? body.stop : undefined;
    const parameters = Object.fromEntries(
      Object.entries({
        max_new_tokens: num(body.max_tokens) ?? 16,
        temperature: num(body.temperature),
        top_p: num(body.top_p),
        seed: num(body.seed),
        stop,
        details: true,
        return_full_text: false,
      }).filter(([, v]) => v !== undefined),
    );
    const [out] = (await jobs.run('text-generation', model, { inputs: prompt, parameters })) as {
      generated_text: string;
      details: { finish_reason: string; tokens: { text: string; special: boolean }[] };
    }[];
    const finish = out!.details.finish_reason === 'length' ? 'length' : 'stop';
    const id = `cmpl-${newId('uuid').replace(/-/g, '')}`;
    const created = nowSeconds();
    const usage = {
      prompt_tokens: approxTokens(prompt),
      completion_tokens: out!.details.tokens.length,
      total_tokens: approxTokens(prompt) + out!.details.tokens.length,
    };
    const chunk = (text: string, finishReason: string | null, extra: Record<string, unknown> = {}) =>
      JSON.stringify({
        id,
        object: 'text_completion',
        created,
        model: entry.providerId,
        choices: [{ index: 0, text, finish_reason: finishReason, logprobs: null }],
        ...extra,
      });
    if (body.stream !== true) {
      return reply(
        {
          id,
          object: 'text_completion',
          created,
          model: entry.providerId,
          choices: [{ index: 0, text: out!.generated_text, finish_reason: finish, logprobs: null }],
          usage,
        },
        faults,
      );
    }
    const tokens = out!.details.tokens.filter((t) => !t.special);
    const frames: SseFrame[] = [
      ...tokens.map((t) => ({ token: true, data: chunk(t.text, null) })),
      { final: true, data: chunk('', finish, { usage }) },
      { final: true, data: '[DONE]' },
    ];
    return sseResponse(frames, deps.streamSettings(faults), signal);
  }

  return openai;
}

import { toCamelKey } from './case';
import { assertModelOrEndpoint, mergeCallOptions, type ClientOptions } from './options';
import { taskTable, type TaskTable } from './task-table';
import {
  chatCompletion,
  chatCompletionStream,
  type ChatCompletionOutput,
  type ChatCompletionStreamOutput,
} from './tasks/chat-completion';
import type { RequestOptions } from './options';
import { getModelStatus, getRecommendedModel, listChatModels, listModels, type ListModelsArgs } from './hub-api';
import { getEndpointInfo, healthCheck, request, streamRequest, type RawRequestArgs } from './raw-request';

/** A task function as a client method: the same arguments, all client options optional. */
type Method<TFn> = TFn extends (args: infer TArgs) => infer TResult ? (args: TArgs) => TResult : never;

/** One method per task of the table. */
export type InferenceClientTasks = { [TName in keyof TaskTable]: Method<TaskTable[TName]> };

/** The OpenAI request body accepted by `client.chat.completions.create` (snake_case, as OpenAI's SDK takes it). */
export interface OpenAIChatRequest extends RequestOptions {
  messages: unknown[];
  stream?: boolean | null;
  [key: string]: unknown;
}

// The class and this interface merge, so the class gains one typed method per table row.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface InferenceClient extends InferenceClientTasks {}

/**
 * A client holding defaults (model or endpoint, token, base URL, timeout, headers, fetch) for
 * every task method; each call may override any of them.
 * @example
 * const client = new InferenceClient({ accessToken: 'hf_...', baseUrl: 'http://localhost:8787' });
 * const labels = await client.zeroShotClassification({
 *   model: 'facebook/bart-large-mnli',
 *   inputs: 'I want my money back',
 *   parameters: { candidateLabels: ['refund', 'faq'] },
 * });
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class InferenceClient {
  /** The defaults every call starts from. */
  readonly options: Readonly<ClientOptions>;

  /** OpenAI-compatible alias: `client.chat.completions.create({ model, messages, stream })`. */
  readonly chat: {
    completions: {
      create(
        body: OpenAIChatRequest & { stream: true },
      ): Promise<AsyncGenerator<ChatCompletionStreamOutput, void, undefined>>;
      create(body: OpenAIChatRequest & { stream?: false | null }): Promise<ChatCompletionOutput>;
    };
  };

  constructor(options: ClientOptions = {}) {
    assertModelOrEndpoint('InferenceClient', options);
    installTaskMethods();
    this.options = Object.freeze({ ...options });
    const create = async (body: OpenAIChatRequest) => {
      const { stream, ...rest } = body;
      const args: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(rest))
        args[key === 'stream_options' ? 'streamOptions' : toCamelKey(key)] = value;
      if (args.streamOptions)
        args.streamOptions = { includeUsage: (args.streamOptions as { include_usage?: boolean }).include_usage };
      const merged = this.merge(args as RequestOptions) as never;
      return stream ? chatCompletionStream(merged) : chatCompletion(merged);
    };
    this.chat = { completions: { create: create as never } };
  }

  /** Call arguments over the client's defaults (see {@link mergeCallOptions}). */
  private merge<TArgs extends RequestOptions>(args: TArgs): TArgs {
    return mergeCallOptions(this.options, args);
  }

  /** See {@link getModelStatus}. */
  getModelStatus(args: RequestOptions = {}) {
    return getModelStatus(this.merge(args));
  }
  /** See {@link listModels}. */
  listModels(args: ListModelsArgs = {}) {
    // The client's model and provider are defaults for calls, not filters of a list.
    const defaults: ClientOptions = { ...this.options, model: undefined, provider: undefined, endpointUrl: undefined };
    return listModels(mergeCallOptions(defaults, args as RequestOptions) as ListModelsArgs);
  }
  /** See {@link listChatModels}. */
  listChatModels(args: RequestOptions = {}) {
    return listChatModels(this.merge(args));
  }
  /** See {@link getRecommendedModel}. */
  getRecommendedModel(task: Parameters<typeof getRecommendedModel>[0], args: RequestOptions = {}) {
    return getRecommendedModel(task, this.merge(args));
  }
  /** See {@link healthCheck}. */
  healthCheck(args: RequestOptions = {}) {
    return healthCheck(this.merge(args));
  }
  /** See {@link getEndpointInfo}. */
  getEndpointInfo(args: RequestOptions = {}) {
    return getEndpointInfo(this.merge(args));
  }
  /** See {@link request}. */
  request(args: RawRequestArgs) {
    return request(this.merge(args));
  }
  /** See {@link streamRequest}. */
  streamRequest(args: RawRequestArgs) {
    return streamRequest(this.merge(args));
  }
}

let installed = false;

/** Puts one method per table row on the prototype, on first construction, so importing only task functions tree-shakes the client away. */
function installTaskMethods() {
  if (installed) return;
  installed = true;
  for (const [name, fn] of Object.entries(taskTable)) {
    Object.defineProperty(InferenceClient.prototype, name, {
      value(this: InferenceClient, args: RequestOptions) {
        return (fn as (args: unknown) => unknown)(this['merge'](args));
      },
      writable: true,
      configurable: true,
    });
  }
}

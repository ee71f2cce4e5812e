import { describe, expectTypeOf, it } from 'vitest';
import * as z from 'zod/mini';
import {
  createBlobTask,
  createTask,
  hooked,
  type ProviderHooks,
  type ProviderTable,
  type ProviderTask,
  summarization,
  textGenerationStream,
  textToImage,
  zeroShotClassification,
  type TaskName,
  type TaskTable,
} from '../index';

describe('task definitions keep their literal name and kind', () => {
  it('types each definition by its own name and kind', () => {
    expectTypeOf(zeroShotClassification.definition.name).toEqualTypeOf<'zeroShotClassification'>();
    expectTypeOf(zeroShotClassification.definition.kind).toEqualTypeOf<'query'>();
    expectTypeOf(summarization.definition.kind).toEqualTypeOf<'mutation'>();
    expectTypeOf(textGenerationStream.definition.kind).toEqualTypeOf<'stream'>();
  });

  it('names every row of the table after its definition, with a single kind', () => {
    type Misnamed = {
      [TName in TaskName]: TaskTable[TName]['definition']['name'] extends TName ? never : TName;
    }[TaskName];
    type Unkinded = {
      [TName in TaskName]: [TaskTable[TName]['definition']['kind']] extends ['query'] | ['mutation'] | ['stream']
        ? never
        : TName;
    }[TaskName];
    expectTypeOf<Misnamed>().toBeNever();
    expectTypeOf<Unkinded>().toBeNever();
  });
});

describe('createTask answers with JSON, createBlobTask with bytes', () => {
  const input = z.object({ inputs: z.string() });
  const base = { task: 'x', route: 'model', kind: 'mutation', input, toWire: () => ({}) } as const;

  it('types a blob task as resolving with a Blob', () => {
    expectTypeOf(textToImage).returns.resolves.toEqualTypeOf<Blob>();
    const speak = createBlobTask({ ...base, name: 'speak', expected: 'audio bytes' });
    expectTypeOf(speak).returns.resolves.toEqualTypeOf<Blob>();
    expectTypeOf(speak.definition.name).toEqualTypeOf<'speak'>();
  });

  it('refuses bytes or an output schema where they do not belong', () => {
    const output = z.object({ label: z.string() });
    const classify = createTask({ ...base, name: 'classify', output, expected: '{ label }' });
    expectTypeOf(classify).returns.resolves.toEqualTypeOf<{ label: string }>();
    // @ts-expect-error: a task that answers with bytes is made by createBlobTask
    createTask({ ...base, name: 'speak', expected: 'audio bytes', responseType: 'blob' });
    // @ts-expect-error: a blob task has no output schema
    createBlobTask({ ...base, name: 'speak', expected: 'audio bytes', output });
  });
});

describe('a provider is made by hooked', () => {
  const hooks: ProviderHooks = { path: ({ model }) => `/v1/${model}`, read: async (response) => response.json() };

  it("takes declared hooks and gives a ProviderTask for a task's table", () => {
    const task = hooked(hooks);
    expectTypeOf(task).toEqualTypeOf<ProviderTask>();
    const table: ProviderTable = { 'my-provider': task };
    expectTypeOf(table['my-provider']).toEqualTypeOf<ProviderTask | undefined>();
  });

  it('refuses declared hooks where a ProviderTask goes, as they would be ignored there', () => {
    // @ts-expect-error: hooks must go through hooked(...)
    const table: ProviderTable = { 'my-provider': hooks };
    // @ts-expect-error: hooks must go through hooked(...)
    const task: ProviderTask = hooks;
    expectTypeOf(table).not.toBeAny();
    expectTypeOf(task).not.toBeAny();
  });
});

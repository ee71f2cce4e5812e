import type { TaskName, TaskTable } from '@inferkit/core';
import { describe, expectTypeOf, it } from 'vitest';
import type * as api from '../index';
import type {
  MutationTaskName,
  QueryTaskName,
  StreamingTaskName,
  TaskMutationHook,
  TaskMutationOptionsFactory,
  TaskQueryHook,
  TaskQueryOptionsFactory,
} from '../index';

type Api = typeof api;
type UnionToIntersection<U> = (U extends unknown ? (value: U) => void : never) extends (value: infer I) => void
  ? I
  : never;

/** The named exports a task's name and kind call for, derived from core's table alone. */
type ExportsOf<TName extends TaskName> = TName extends QueryTaskName
  ? Record<`use${Capitalize<TName>}`, TaskQueryHook<TName>> & Record<`${TName}Options`, TaskQueryOptionsFactory<TName>>
  : TName extends MutationTaskName
    ? Record<`use${Capitalize<TName>}`, TaskMutationHook<TName>> &
        Record<`use${Capitalize<TName>}Query`, TaskQueryHook<TName>> &
        Record<`${TName}Options`, TaskMutationOptionsFactory<TName>> &
        Record<`${TName}QueryOptions`, TaskQueryOptionsFactory<TName>>
    : Record<never, never>;

type Expected = UnionToIntersection<{ [TName in TaskName]: ExportsOf<TName> }[TaskName]>;
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** A streaming task's one-shot name names its streaming hook (`chatCompletion`: `useChatCompletion`). */
type StreamingHookName = `use${Capitalize<Exclude<StreamingTaskName, `${string}Stream`>>}`;
/** The expected exports that are missing, or typed for another task or kind. */
type Wrong = {
  [K in keyof Expected]: K extends keyof Api ? (Same<Api[K], Expected[K]> extends true ? never : K) : K;
}[keyof Expected];

describe('the React layer covers core’s task table', () => {
  it('splits the table by each task’s kind', () => {
    expectTypeOf<Exclude<TaskName, QueryTaskName | MutationTaskName | StreamingTaskName>>().toBeNever();
    expectTypeOf<QueryTaskName & MutationTaskName>().toBeNever();
    expectTypeOf<TaskTable[QueryTaskName]['definition']['kind']>().toEqualTypeOf<'query'>();
    expectTypeOf<TaskTable[MutationTaskName]['definition']['kind']>().toEqualTypeOf<'mutation'>();
  });

  it('exports the hooks and options factories every task calls for, of its kind', () => {
    expectTypeOf<Wrong>().toBeNever();
  });

  it('exports a streaming hook for each task that streams', () => {
    expectTypeOf<Exclude<StreamingHookName, keyof Api>>().toBeNever();
  });
});

import { InferenceClient, taskTable } from '@inferkit/core';
import { renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import * as api from '../index';
import { controlledFetch, setup } from './query-helpers';

// Everything here is derived from core's task table: a task added there fails these tests until
// the React layer offers its hooks, with no list of names kept in this file.
const definitions = Object.values(taskTable).map((task) => task.definition);
const streamed = new Set<string>(definitions.filter((d) => d.kind === 'stream').map((d) => d.name));
/** A streaming task, or the one-shot task a streaming one streams (`xStream` streams `x`). */
const isStreaming = (name: string) => streamed.has(name) || streamed.has(`${name}Stream`);
const pascal = (name: string) => name[0]!.toUpperCase() + name.slice(1);
const exported = api as Record<string, unknown>;
const named = <T,>(name: string) => exported[name] as T;

type Hook = (...args: unknown[]) => Record<string, unknown>;
type Factory = (...args: unknown[]) => Record<string, unknown>;

const oneShot = definitions.filter((d) => !isStreaming(d.name));

describe('the React layer covers core’s task table', () => {
  it('finds query, mutation and streaming tasks in the table', () => {
    expect(oneShot.some((d) => d.kind === 'query')).toBe(true);
    expect(oneShot.some((d) => d.kind === 'mutation')).toBe(true);
    expect(streamed.size).toBeGreaterThan(0);
  });

  it.each(oneShot.map((d) => [d.name, d.kind] as const))('%s (%s) has its hook and options factory', (name, kind) => {
    expect(exported[`use${pascal(name)}`]).toBeTypeOf('function');
    expect(exported[`${name}Options`]).toBeTypeOf('function');
    // A generative task can also run as a cached query; an analysis task has no second form.
    expect(exported[`use${pascal(name)}Query`]).toBeTypeOf(kind === 'mutation' ? 'function' : 'undefined');
    expect(exported[`${name}QueryOptions`]).toBeTypeOf(kind === 'mutation' ? 'function' : 'undefined');
  });

  it('gives query tasks query hooks and mutation tasks mutation hooks, bound to their own task', () => {
    const { wrapper } = setup(controlledFetch().fetch);
    const client = new InferenceClient();
    for (const { name, kind } of oneShot) {
      const hook = named<Hook>(`use${pascal(name)}`);
      const options = named<Factory>(`${name}Options`)(client, {});
      if (kind === 'query') {
        const { result } = renderHook(() => hook(null), { wrapper });
        expect(result.current.queryKey, name).toEqual(['inferkit', name, expect.anything(), null, {}]);
        expect(options.queryKey, name).toEqual(expect.arrayContaining(['inferkit', name]));
        expect(options.mutationFn, name).toBeUndefined();
      } else {
        const { result } = renderHook(() => hook(), { wrapper });
        expect(result.current.mutate, name).toBeTypeOf('function');
        expect(options.mutationKey, name).toEqual(['inferkit', name]);
        const query = named<Factory>(`${name}QueryOptions`)(client, {});
        expect(query.queryKey, name).toEqual(expect.arrayContaining(['inferkit', name]));
      }
    }
  });

  it('has a streaming hook for each task that streams', () => {
    for (const name of streamed) {
      const oneShotName = name.replace(/Stream$/, '');
      expect(exported[`use${pascal(oneShotName)}`], name).toBeTypeOf('function');
      expect(exported[`${oneShotName}Options`], name).toBeUndefined();
    }
  });
});

'use client';
import type { InferenceClient, StreamScheduler, StreamThrottle } from '@inferkit/core';
import { useEffect, useLayoutEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { useClientDefaults, type ClientDefaults } from './provider';

/** The options every streaming hook takes, besides its model, id, parameters and `onFinish`. */
export interface StreamHookOptions {
  onError?: ((error: Error) => void) | undefined;
  /** Renders at most every 50 ms by default (20 a second; the first token at once); a number of ms, `'frame'` for every animation frame, `'none'` for every chunk. */
  throttle?: StreamThrottle | undefined;
  /** A custom scheduler of renders (tests, custom render loops). Takes precedence over `throttle`. */
  scheduler?: StreamScheduler | undefined;
  /** Defaults to the client of the nearest `<InferenceProvider>`. */
  client?: InferenceClient | undefined;
}

/** The options a streaming hook hands its store, with the client resolved. */
type StoreSettings<TOptions extends HookOptions> = {
  [TKey in 'model' | 'parameters' | 'onFinish' | 'onError' | 'throttle' | 'scheduler']: TOptions[TKey];
} & { client: ClientDefaults };

type HookOptions = StreamHookOptions & {
  id?: string | undefined;
  model?: string | undefined;
  parameters?: unknown;
  onFinish?: unknown;
};

/** What the streaming hooks need of a core store. */
export interface ExternalStreamStore<TOptions> {
  subscribe(listener: () => void): () => void;
  getSnapshot(): unknown;
  setOptions(options: TOptions): void;
  destroy(): void;
}

type SnapshotOf<TStore extends { getSnapshot(): unknown }> = ReturnType<TStore['getSnapshot']>;

interface Entry<TStore> {
  key: unknown;
  store: TStore;
  /** Set once the store was destroyed (the component left, or an `<Activity>` hid it). */
  destroyed: boolean;
  /** Cancels a destroy scheduled by an effect cleanup that was followed by a new setup. */
  keep: (() => void) | undefined;
}

// Layout effects keep options fresh before any event handler can call `send`; on the server there
// is nothing to keep fresh and `useLayoutEffect` would only warn (React 18).
const useIsomorphicLayoutEffect = typeof document !== 'undefined' ? useLayoutEffect : useEffect;

/**
 * Binds one core stream store to a component: one store per `key` (a conversation id), created
 * lazily and read with `useSyncExternalStore`.
 *
 * - StrictMode: the store is created in a state initializer (a second, discarded one starts
 *   nothing) and an effect cleanup only *schedules* its destruction; the setup that StrictMode
 *   runs right after cancels it, so nothing is sent twice and no reply is lost.
 * - Unmount: the destruction goes ahead a microtask later, aborting the request; the
 *   subscription is already gone, so no state update reaches React.
 * - A new `key` gets a new store; the old one is destroyed (its stream aborted), and snapshots are
 *   only ever read from the store of the current key, so one conversation's tokens never show in
 *   another.
 *
 * `create` receives the snapshot of a store that was destroyed while the component stayed (an
 * `<Activity>` hidden then shown) to carry its content over.
 */
export function useStreamStore<TOptions, TStore extends ExternalStreamStore<TOptions>>(
  key: unknown,
  create: (previous: SnapshotOf<TStore> | undefined) => TStore,
  options: TOptions,
): [TStore, SnapshotOf<TStore>] {
  const [state, setState] = useState<Entry<TStore>>(() => ({
    key,
    store: create(undefined),
    destroyed: false,
    keep: undefined,
  }));
  let entry = state;
  if (!Object.is(state.key, key)) {
    // Derived state: React re-renders at once with the new entry, before committing anything.
    entry = { key, store: create(undefined), destroyed: false, keep: undefined };
    setState(entry);
  }
  const { store } = entry;

  useIsomorphicLayoutEffect(() => {
    store.setOptions(options);
  });

  useEffect(() => {
    if (entry.destroyed) {
      setState({
        key: entry.key,
        store: create(entry.store.getSnapshot() as SnapshotOf<TStore>),
        destroyed: false,
        keep: undefined,
      });
      return;
    }
    entry.keep?.();
    entry.keep = undefined;
    return () => {
      let kept = false;
      entry.keep = () => {
        kept = true;
      };
      queueMicrotask(() => {
        if (kept) return;
        entry.destroyed = true;
        entry.store.destroy();
      });
    };
    // `create` is only needed when the entry changes (callers pass a new function each render), so
    // it is not a dependency.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- see above
  }, [entry]);

  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
  return [store, snapshot as SnapshotOf<TStore>];
}

/**
 * A streaming hook over a core store: the store of the current `id`, kept up to date with the
 * hook's options, read as a snapshot plus the actions `pick` takes from the store.
 */
export function useStreamHook<
  TOptions extends HookOptions,
  TStore extends ExternalStreamStore<StoreSettings<TOptions> & TExtra>,
  TActions extends object,
  TExtra extends object = object,
>(
  options: TOptions,
  create: (settings: StoreSettings<TOptions> & TExtra, previous: SnapshotOf<TStore> | undefined) => TStore,
  pick: (store: TStore) => TActions,
  /** A hook's own updatable options (e.g. the chat's `tools`), every key on every render. */
  extra?: TExtra,
): SnapshotOf<TStore> & TActions {
  // Every option on every render, a removed one as `undefined`, so `setOptions` drops it too.
  const settings = {
    ...(extra as TExtra),
    model: options.model,
    parameters: options.parameters,
    onFinish: options.onFinish,
    onError: options.onError,
    throttle: options.throttle,
    scheduler: options.scheduler,
    client: useClientDefaults(options.client),
  };
  const [store, snapshot] = useStreamStore(
    options.id,
    (previous: SnapshotOf<TStore> | undefined) => create(settings, previous),
    settings,
  );
  // The actions are the store's own functions: stable for as long as the store is. `pick` is a new
  // function on every render of the calling hook, so it is not a dependency.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- see above
  const actions = useMemo(() => pick(store), [store]);
  return { ...(snapshot as object), ...actions } as SnapshotOf<TStore> & TActions;
}

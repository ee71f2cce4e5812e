import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

/** The emulator reads faults from this header; Hugging Face ignores it. */
export const FAULT_HEADER = 'x-inferkit-fault';

export interface FaultOption {
  id: string;
  label: string;
  /** The item sent in the fault header (see packages/emulator/src/faults.ts). */
  value: string;
  description: string;
}

export const FAULTS: readonly FaultOption[] = [
  {
    id: 'cold-start',
    label: 'Cold start',
    value: 'cold-start=3',
    description:
      '503 "model is loading" for 3 s; the hooks wait it out with a countdown. Switch it off and on to make the model cold again.',
  },
  {
    id: 'rate-limit',
    label: 'Rate limit (429)',
    value: 'rate-limit=1',
    description: '429 with Retry-After: 1. Core retries twice, then the error is shown.',
  },
  {
    id: 'server-error',
    label: 'Server error (500)',
    value: 'server-error',
    description: 'Every request fails with 500; queries retry twice with back-off.',
  },
  {
    id: 'drop',
    label: 'Dropped stream',
    value: 'drop-after=20',
    description: 'Chat streams are cut after 20 tokens, without their final event.',
  },
  {
    id: 'slow',
    label: 'Slow stream',
    value: 'token-rate=8',
    description: 'Chat streams 8 tokens per second: time to press Stop.',
  },
  {
    id: 'fast',
    label: 'Fast stream',
    value: 'token-rate=60',
    description: 'Chat streams 60 tokens per second, a fast model: compare the render rates of the chat.',
  },
  {
    id: 'slow-queue',
    label: 'Slow queue',
    value: 'slow-queue=20',
    description:
      'Provider jobs (fal-ai queue, replicate, novita) stay queued for 20 more polls, about 10 s: time to watch the queue and press Cancel.',
  },
  {
    id: 'failed-job',
    label: 'Failed job',
    value: 'failed-job',
    description: 'Provider jobs fail: fal-ai answers the result with 500, replicate and novita report the job failed.',
  },
  {
    id: 'payment-required',
    label: 'Credits spent (402)',
    value: 'payment-required',
    description: "Every request fails with 402 and the router's message that the monthly included credits are used up.",
  },
];

interface FaultsState {
  active: ReadonlySet<string>;
  setActive: (id: string, on: boolean) => void;
  /** The header value for the active faults, or `undefined` when none is on. */
  header: string | undefined;
}

const FaultsContext = createContext<FaultsState | undefined>(undefined);

export function FaultsProvider({ children }: { children?: ReactNode }) {
  const [active, setActiveSet] = useState<ReadonlySet<string>>(() => new Set());
  const setActive = useCallback((id: string, on: boolean) => {
    setActiveSet((previous) => {
      const next = new Set(previous);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }, []);
  const value = useMemo(() => {
    const items = FAULTS.filter((fault) => active.has(fault.id)).map((fault) => fault.value);
    return { active, setActive, header: items.length ? items.join(', ') : undefined };
  }, [active, setActive]);
  return <FaultsContext.Provider value={value}>{children}</FaultsContext.Provider>;
}

export function useFaults(): FaultsState {
  const state = useContext(FaultsContext);
  if (!state) throw new Error('useFaults must be used inside <FaultsProvider>.');
  return state;
}

import { useState } from 'react';
import { type Loaded, useLoad } from './useLoad.ts';

/** How often a page follows background work (validation, a list job, order creation). */
export const POLL_MS = 1000;

/**
 * useLoad that polls only while `busy` says the loaded object is still working in the background, and
 * stops once it is done: a finished campaign's page makes no more requests.
 */
export function usePolled<T>(load: () => Promise<T>, key: string, busy: (data: T) => boolean): Loaded<T> {
  const [active, setActive] = useState(true);
  return useLoad(
    async () => {
      const data = await load();
      setActive(busy(data));
      return data;
    },
    key,
    active ? POLL_MS : undefined,
  );
}

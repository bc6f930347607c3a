import { useCallback, useEffect, useRef, useState } from 'react';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => Promise<void>;
}

/**
 * Loads data for a page and loads it again whenever `key` changes (the page's id, filters, page…); with
 * `pollMs`, also on that interval while the tab is visible, so a page follows an order as it moves. A
 * stale answer never overwrites a newer one.
 */
export function useLoad<T>(load: () => Promise<T>, key: string, pollMs?: number): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const generation = useRef(0);
  const latest = useRef(load);
  latest.current = load;

  const run = useCallback(async () => {
    const mine = ++generation.current;
    try {
      const result = await latest.current();
      if (mine !== generation.current) return;
      setData(result);
      setError(undefined);
    } catch (failure) {
      if (mine !== generation.current) return;
      setError(failure);
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` names what is loaded; a new key loads anew.
  useEffect(() => {
    setLoading(true);
    void run();
  }, [run, key]);

  useEffect(() => {
    if (!pollMs) return;
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') void run();
    }, pollMs);
    return () => window.clearInterval(timer);
  }, [run, pollMs]);

  return { data, error, loading, reload: run };
}

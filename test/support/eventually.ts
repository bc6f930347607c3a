export interface EventuallyOptions {
  /** Pause between checks; 25 ms unless given. */
  intervalMs?: number;
  /**
   * A check that throws counts as "not yet" rather than failing the wait: for checks that cannot answer
   * while what they wait for is happening (a server restarting refuses connections).
   */
  retryErrors?: boolean;
}

/**
 * Polls `check` until it returns something other than undefined, null or false, and returns that; fails
 * with `what` once `timeoutMs` has passed. A check that throws fails the wait at once unless `retryErrors`
 * says otherwise. The suite's polling loop (waitForHttp is built on it); cluster.waitReady and the
 * dashboard's textOf keep their own, as their failures report what they last saw.
 */
export async function eventually<T>(
  check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs: number,
  what: string,
  options: EventuallyOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = options.retryErrors
      ? await Promise.resolve()
          .then(check)
          .catch(() => undefined)
      : await check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 25));
  }
}

import { ApiError } from '../errors.ts';

/**
 * Slows down password guessing: after `max` failed sign-ins under one key (address and email) within
 * `windowMs`, that key is refused until its oldest failure leaves the window. Kept in memory, per process:
 * with scrypt costing ~100 ms a guess this bounds guessing to a trickle without a table to maintain; a
 * success clears the key's count.
 */
export class SignInThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly max = 10,
    private readonly windowMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
    // Bounds memory when many keys fail: the oldest entries are dropped first.
    private readonly maxKeys = 10_000,
  ) {}

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    const kept = (this.failures.get(key) ?? []).filter((at) => at > since);
    if (kept.length) this.failures.set(key, kept);
    else this.failures.delete(key);
    return kept;
  }

  /** Throws rate_limit_exceeded_error while the key has used up its failures. */
  check(key: string): void {
    const recent = this.recent(key);
    if (recent.length < this.max) return;
    const seconds = Math.max(1, Math.ceil((recent[0]! + this.windowMs - this.now()) / 1000));
    throw new ApiError(
      'rate_limit_exceeded_error',
      `Too many failed sign-ins; try again in ${seconds} seconds.`,
    );
  }

  fail(key: string): void {
    const recent = this.recent(key);
    this.failures.delete(key);
    this.failures.set(key, [...recent, this.now()]);
    while (this.failures.size > this.maxKeys) {
      const oldest = this.failures.keys().next().value;
      if (oldest === undefined) break;
      this.failures.delete(oldest);
    }
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }
}

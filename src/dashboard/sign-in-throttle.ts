import ipaddr from 'ipaddr.js';
import { ApiError } from '../errors.ts';

/**
 * Counts failed sign-ins under one key within `windowMs`; at `max` the key is refused until its oldest
 * failure leaves the window. Kept in memory, per process: with scrypt costing ~100 ms a guess this
 * bounds guessing to a trickle without a table to maintain.
 */
export class SignInThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    readonly max: number,
    readonly windowMs: number,
    private readonly refusal: string,
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
    throw new ApiError('rate_limit_exceeded_error', `${this.refusal}; try again in ${seconds} seconds.`);
  }

  /** Records a failure; returns its time, by which `forgive` can take it back. */
  fail(key: string): number {
    const at = this.now();
    const recent = this.recent(key);
    this.failures.delete(key);
    this.failures.set(key, [...recent, at]);
    while (this.failures.size > this.maxKeys) {
      const oldest = this.failures.keys().next().value;
      if (oldest === undefined) break;
      this.failures.delete(oldest);
    }
    return at;
  }

  /** Forgets every failure of the key. */
  succeed(key: string): void {
    this.failures.delete(key);
  }

  /** Takes back the one failure recorded at `at`. */
  forgive(key: string, at: number): void {
    const recent = this.failures.get(key);
    const index = recent?.indexOf(at) ?? -1;
    if (index < 0) return;
    recent!.splice(index, 1);
    if (!recent!.length) this.failures.delete(key);
  }
}

export const SIGN_IN_WINDOW_MS = 5 * 60_000;
/** Failed sign-ins to one account from one client network per window. */
export const SIGN_IN_FAILURES_PER_ACCOUNT = 10;
/** Failed sign-ins from one client network per window, whatever the accounts tried. */
export const SIGN_IN_FAILURES_PER_ADDRESS = 30;

/**
 * The two limits on guessing: per account and client (slows down guessing one account, while people
 * sharing an address are not locked out by someone else's typos), and per client across accounts
 * (stops one address spraying guesses over many e-mails).
 */
export class SignInLimits {
  constructor(
    now: () => number = Date.now,
    readonly perAccount = new SignInThrottle(
      SIGN_IN_FAILURES_PER_ACCOUNT,
      SIGN_IN_WINDOW_MS,
      'Too many failed sign-ins to this account',
      now,
    ),
    readonly perAddress = new SignInThrottle(
      SIGN_IN_FAILURES_PER_ADDRESS,
      SIGN_IN_WINDOW_MS,
      'Too many failed sign-ins from your address',
      now,
    ),
  ) {}

  /**
   * Counts a sign-in as failed before its password is checked, so guesses sent all at once cannot
   * all pass the check while the first ones are still hashing; `guess` says whether it was right.
   * Refused sign-ins check nothing and count nothing.
   */
  async attempt<T>(address: string, email: string, guess: () => Promise<T | null>): Promise<T | null> {
    const network = clientNetwork(address);
    const accountKey = `${network} ${email}`;
    this.perAccount.check(accountKey);
    this.perAddress.check(network);
    const accountAt = this.perAccount.fail(accountKey);
    const addressAt = this.perAddress.fail(network);
    let result: T | null;
    try {
      result = await guess();
    } catch (error) {
      // Not a wrong password (the database failed, say): not the client's guess to count.
      this.perAccount.forgive(accountKey, accountAt);
      this.perAddress.forgive(network, addressAt);
      throw error;
    }
    if (result !== null) {
      this.perAccount.succeed(accountKey);
      // Only this attempt: signing in to one's own account must not wipe out guesses at others'.
      this.perAddress.forgive(network, addressAt);
    }
    return result;
  }
}

/**
 * The network a client address stands for: an IPv4 address itself, an IPv6 address its /64 (one
 * household or host is given a /64, so counting single IPv6 addresses would count nothing).
 */
export function clientNetwork(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4);
  return `${parts.map((part) => part.toString(16)).join(':')}::/64`;
}

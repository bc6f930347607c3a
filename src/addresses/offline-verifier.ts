import { verifyCanada } from './canada.ts';
import { verifyInternational } from './countries.ts';
import type { AddressInput, VerificationResult } from './types.ts';
import { verifyUs } from './us.ts';

/** US territories with their own ISO codes are addressed as US states (Pub 28 App. B). */
const usTerritories = new Set(['PR', 'GU', 'VI', 'AS', 'MP', 'FM', 'MH', 'PW']);

/**
 * Recent results by input: a mailing repeats its sender on every order, and a verification is a pure
 * function of the address, so the second is a map lookup. Bounded; the oldest entry goes first.
 */
const recent = new Map<string, VerificationResult>();
const RECENT_MAX = 10_000;

/** The offline verifier: synchronous, in memory, no network. Treat the result as read-only (cached). */
export function verifyOffline(input: AddressInput): VerificationResult {
  const key = `${input.line1}\u0000${input.line2 ?? ''}\u0000${input.city ?? ''}\u0000${input.provinceOrState ?? ''}\u0000${input.postalOrZip ?? ''}\u0000${input.country}`;
  const cached = recent.get(key);
  if (cached) return cached;
  const result = verifyUncached(input);
  if (recent.size >= RECENT_MAX) recent.delete(recent.keys().next().value as string);
  recent.set(key, result);
  return result;
}

function verifyUncached(input: AddressInput): VerificationResult {
  const country = input.country.toUpperCase();
  if (country === 'US') return verifyUs({ ...input, country });
  if (usTerritories.has(country)) {
    const result = verifyUs({ ...input, country: 'US', provinceOrState: input.provinceOrState || country });
    return result;
  }
  if (country === 'CA') return verifyCanada({ ...input, country });
  return verifyInternational({ ...input, country });
}

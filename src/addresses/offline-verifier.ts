import { verifyCanada } from './canada.ts';
import { verifyInternational } from './countries.ts';
import type { AddressInput, VerificationResult } from './types.ts';
import { verifyUs } from './us.ts';

/** US territories with their own ISO codes are addressed as US states (Pub 28 App. B). */
const usTerritories = new Set(['PR', 'GU', 'VI', 'AS', 'MP', 'FM', 'MH', 'PW']);

/** The offline verifier: synchronous, in memory, no network. */
export function verifyOffline(input: AddressInput): VerificationResult {
  const country = input.country.toUpperCase();
  if (country === 'US') return verifyUs({ ...input, country });
  if (usTerritories.has(country)) {
    const result = verifyUs({ ...input, country: 'US', provinceOrState: input.provinceOrState || country });
    return result;
  }
  if (country === 'CA') return verifyCanada({ ...input, country });
  return verifyInternational({ ...input, country });
}

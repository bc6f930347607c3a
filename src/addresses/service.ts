import type { Static } from '@sinclair/typebox';
import { ApiError } from '../errors.ts';
import { countryRules } from './countries.ts';
import { parseFreeForm } from './free-form.ts';
import { properCase } from './proper-case.ts';
import { addressVerifier } from './provider.ts';
import type { AddressParam, StructuredAddress, VerifyQuery } from './schemas.ts';
import { uspsText } from './text.ts';
import type { AddressInput, VerificationResult } from './types.ts';
import { usStateCode } from './us-states.ts';
import { closestCity, lookupZip, zipsForCity } from './zip-database.ts';

type Param = Static<typeof AddressParam>;
type Options = Static<typeof VerifyQuery>;

const countryNames: Record<string, string> = { US: 'UNITED STATES', CA: 'CANADA' };

export function toAddressInput(param: Param): AddressInput {
  if (typeof param === 'string') return parseFreeForm(param);
  const structured = param as Static<typeof StructuredAddress>;
  return {
    line1: structured.line1,
    line2: structured.line2,
    city: structured.city,
    provinceOrState: structured.provinceOrState,
    postalOrZip: structured.postalOrZip,
    country: (structured.country ?? 'us').toUpperCase(),
  };
}

/** A result in PostGrid's `data` shape: US ZIP+4 split into postalOrZip and zipPlus4, country lower case. */
export function verificationData(result: VerificationResult, options: Options, firmName?: string) {
  const address = options.properCase ? properCase(result.address) : result.address;
  const country = address.country;
  const postal = address.postalOrZip ?? '';
  return {
    line1: address.line1,
    line2: address.line2,
    city: address.city ?? '',
    provinceOrState: address.provinceOrState ?? '',
    postalOrZip: country === 'US' ? postal.slice(0, 5) : postal,
    zipPlus4: address.zipPlus4,
    firmName,
    country: country.toLowerCase(),
    countryName: countryNames[country] ?? countryRules[country]?.name.toUpperCase(),
    status: result.status,
    errors: result.errors,
    changes: result.changes,
    details: options.includeDetails ? result.details : undefined,
  };
}

const messages = {
  verified: 'Address verified successfully.',
  corrected: 'Address verified and corrected.',
  failed: 'Address could not be verified.',
};

function firmOf(param: Param): string | undefined {
  return typeof param === 'string' ? undefined : (param.firmName ?? param.recipient);
}

export async function verifyAddress(param: Param, options: Options) {
  const result = await addressVerifier().verify(toAddressInput(param));
  return {
    status: 'success' as const,
    message: messages[result.status],
    data: verificationData(result, options, firmOf(param)),
  };
}

export async function verifyBatch(params: Param[], options: Options) {
  const results = await addressVerifier().verifyMany(params.map(toAddressInput));
  return {
    status: 'success' as const,
    message: `Verified ${results.length} addresses.`,
    data: {
      results: results.map((r, i) => ({
        verifiedAddress: verificationData(r, options, firmOf(params[i] as Param)),
        errors: r.errors,
      })),
    },
  };
}

/**
 * Suggestions: the verified address, and when its ZIP could not be chosen (a city with several), one
 * suggestion per ZIP of the city, each verified in turn.
 */
export async function suggestAddresses(param: Param, options: Options) {
  const input = toAddressInput(param);
  const verifier = addressVerifier();
  const first = await verifier.verify(input);
  const zips = first.details.suggestedZips ?? [];
  const more = zips.length
    ? await verifier.verifyMany(zips.slice(0, 10).map((postalOrZip) => ({ ...input, postalOrZip })))
    : [];
  const found = [first, ...more].filter((r, i) => i === 0 || r.status !== 'failed');
  return {
    status: 'success' as const,
    message: `Found ${found.length} suggestions.`,
    data: found.map((r) => verificationData(r, options, firmOf(param))),
  };
}

function requireUs(country: string | undefined): void {
  if (country && country.toUpperCase() !== 'US') {
    throw new ApiError(
      'validation_error',
      'country: city and ZIP lookups cover the US only (the ZIP database).',
    );
  }
}

export function lookupCityState(postalOrZip: string, country?: string) {
  requireUs(country);
  const zip = uspsText(postalOrZip).replace(/[\s-]/g, '').slice(0, 5);
  const entry = /^\d{5}$/.test(zip) ? lookupZip(zip) : undefined;
  if (!entry) throw new ApiError('not_found_error', `postalOrZip: ${postalOrZip} is not a US ZIP code.`);
  return {
    status: 'success' as const,
    message: 'Found the city and state of the ZIP.',
    data: { city: entry.city, provinceOrState: entry.state, postalOrZip: entry.zip, country: 'us' },
  };
}

export function lookupZipCodes(city: string, provinceOrState: string, country?: string) {
  requireUs(country);
  const state = usStateCode(uspsText(provinceOrState));
  if (!state)
    throw new ApiError('validation_error', `provinceOrState: ${provinceOrState} is not a US state.`);
  let name = uspsText(city);
  let zips = zipsForCity(name, state);
  if (zips.length === 0) {
    const guess = closestCity(name, state);
    if (guess) {
      name = guess;
      zips = zipsForCity(guess, state);
    }
  }
  if (zips.length === 0) throw new ApiError('not_found_error', `city: no city ${city} in ${state}.`);
  return {
    status: 'success' as const,
    message: `Found ${zips.length} ZIP codes.`,
    data: { city: name, provinceOrState: state, country: 'us', zipCodes: zips },
  };
}

import { checkAddress } from '../contacts/address-check.ts';
import { verifyOffline } from './offline-verifier.ts';
import { addressVerifier } from './provider.ts';
import type { AddressChange, AddressInput, VerificationResult } from './types.ts';

/** The address fields of a contact, as PostGrid names them. */
export interface ContactAddress {
  addressLine1: string;
  addressLine2?: string;
  city?: string;
  provinceOrState?: string;
  postalOrZip?: string;
  countryCode: string;
  skipVerification?: boolean;
  forceVerifiedStatus?: boolean;
}

/** What verification adds to a contact: its status, and for a corrected one the new form and the old. */
export interface ContactVerification {
  addressStatus: 'verified' | 'corrected' | 'failed';
  addressErrors?: string;
  /** The corrected address lines (a corrected contact is stored and mailed in this form). */
  corrected?: Partial<ContactAddress>;
  originalAddress?: Partial<ContactAddress>;
  addressChanges?: AddressChange[];
}

export function contactToAddressInput(c: ContactAddress): AddressInput {
  return {
    line1: c.addressLine1,
    line2: c.addressLine2,
    city: c.city,
    provinceOrState: c.provinceOrState,
    postalOrZip: c.postalOrZip,
    country: c.countryCode,
  };
}

/** `city: Missing Value; postalOrZip: Incorrect Value`: PostGrid's words, per field. */
export function describeErrors(result: VerificationResult): string | undefined {
  const parts = Object.entries(result.errors).map(([field, words]) => `${field}: ${words?.join(', ')}`);
  return parts.length ? parts.join('; ') : undefined;
}

/**
 * A contact's address status, as PostGrid sets it: in test mode every contact is verified; in live mode
 * the configured verifier decides, unless `skipVerification` (only the structural check then) or
 * `forceVerifiedStatus` (marked verified whatever the verifier found; its findings are kept).
 */
export async function verifyContactAddress(
  contact: ContactAddress,
  live: boolean,
): Promise<ContactVerification> {
  if (!live || contact.skipVerification) return contactVerification(contact, live, undefined);
  return contactVerification(contact, live, await addressVerifier().verify(contactToAddressInput(contact)));
}

/** The same with the offline verifier, synchronously: for callers that cannot wait (seeding, tools). */
export function verifyContactAddressOffline(contact: ContactAddress, live: boolean): ContactVerification {
  const skip = !live || contact.skipVerification;
  return contactVerification(contact, live, skip ? undefined : verifyOffline(contactToAddressInput(contact)));
}

function contactVerification(
  contact: ContactAddress,
  live: boolean,
  result: VerificationResult | undefined,
): ContactVerification {
  if (!live) return { addressStatus: 'verified' };
  if (!result) return checkAddress(contact);
  const addressErrors = describeErrors(result);
  const status = contact.forceVerifiedStatus ? 'verified' : result.status;
  if (result.status !== 'corrected') return { addressStatus: status, addressErrors };
  const a = result.address;
  const corrected: Partial<ContactAddress> = {
    addressLine1: a.line1,
    addressLine2: a.line2,
    city: a.city,
    provinceOrState: a.provinceOrState,
    postalOrZip: a.postalOrZip,
  };
  const originalAddress: Partial<ContactAddress> = {};
  for (const key of ['addressLine1', 'addressLine2', 'city', 'provinceOrState', 'postalOrZip'] as const) {
    if (contact[key] !== undefined) originalAddress[key] = contact[key];
  }
  return { addressStatus: status, addressErrors, corrected, originalAddress, addressChanges: result.changes };
}

import type { ApiAuth } from '../auth/api-keys.ts';
import { type ContactInput, type PreparedContact, prepareContact } from '../contacts/service.ts';

export type VerifiedStatus = 'verified' | 'corrected' | 'failed';

export interface VerifiedContact {
  prepared: PreparedContact;
  status: VerifiedStatus;
  errors?: string;
}

/**
 * The one place an import's contacts are verified. Today: the contacts' structural check (src/contacts/
 * address-check.ts, run by prepareContact); the address-verification service (issue: address
 * verification, src/addresses) replaces the body of this function, and its corrections count as
 * `corrected`. Throws ApiError for a contact that cannot be one at all (no address line, bad country).
 */
export function verifyContact(
  auth: ApiAuth,
  input: ContactInput,
  field: string,
  corrected: boolean,
): VerifiedContact {
  const prepared = prepareContact(auth, input, field);
  const body = prepared.body as { addressStatus?: string; addressErrors?: string };
  if (body.addressStatus === 'failed') return { prepared, status: 'failed', errors: body.addressErrors };
  return { prepared, status: corrected ? 'corrected' : 'verified' };
}

import type { ApiAuth } from '../auth/api-keys.ts';
import { type ContactInput, type PreparedContact, prepareContact } from '../contacts/service.ts';

export type VerifiedStatus = 'verified' | 'corrected' | 'failed';

export interface VerifiedContact {
  prepared: PreparedContact;
  status: VerifiedStatus;
  errors?: string;
}

/**
 * The one place an import's contacts are verified: prepareContact runs the offline verifier
 * (src/addresses, live mode) synchronously, and its corrections count as `corrected`. Throws ApiError for a contact that cannot be one at all (no address line, bad country).
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
  return { prepared, status: corrected || body.addressStatus === 'corrected' ? 'corrected' : 'verified' };
}

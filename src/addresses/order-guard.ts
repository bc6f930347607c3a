import type { ApiAuth } from '../auth/api-keys.ts';
import type { Executor } from '../db/database.ts';
import { ApiError } from '../errors.ts';

export type FailedAddressPolicy = 'refuse' | 'allow';

export const SETTINGS_PATH = '/address_verification/settings';

export async function failedAddressPolicy(
  db: Executor,
  organizationId: string,
): Promise<FailedAddressPolicy> {
  const row = await db
    .selectFrom('organizations')
    .select('failed_address_policy')
    .where('id', '=', organizationId)
    .executeTakeFirst();
  return row?.failed_address_policy ?? 'refuse';
}

export async function setFailedAddressPolicy(
  db: Executor,
  organizationId: string,
  policy: FailedAddressPolicy,
) {
  await db
    .updateTable('organizations')
    .set({ failed_address_policy: policy })
    .where('id', '=', organizationId)
    .execute();
}

/** What an order records when it goes to an address that did not verify. */
export interface AddressOverride {
  addressStatus: string;
  addressErrors?: string;
  by: 'organization_policy' | 'forceVerifiedStatus';
}

/**
 * A live order to a `failed` address is refused (400, saying why and how to override) unless the
 * organization allows such orders; then, or when the contact was sent with `forceVerifiedStatus`, the
 * override is returned for the order to record. Only a failed address reads the setting: the common
 * case costs no round trip. Test orders are never refused (test contacts are always verified).
 */
export async function guardOrderAddress(
  db: Executor,
  auth: ApiAuth,
  to: Record<string, unknown>,
): Promise<AddressOverride | undefined> {
  if (!auth.live) return undefined;
  const errors = typeof to.addressErrors === 'string' ? to.addressErrors : undefined;
  if (to.forceVerifiedStatus === true && errors) {
    return { addressStatus: 'verified', addressErrors: errors, by: 'forceVerifiedStatus' };
  }
  if (to.addressStatus !== 'failed') return undefined;
  if ((await failedAddressPolicy(db, auth.organizationId)) === 'allow') {
    return { addressStatus: 'failed', addressErrors: errors, by: 'organization_policy' };
  }
  throw new ApiError(
    'validation_error',
    `to: the address failed verification (${errors ?? 'not a deliverable address'}), so this live order was ` +
      'refused. Correct the address, or override: send the contact with forceVerifiedStatus: true, or let ' +
      `the organization mail failed addresses with POST /print-mail/v1${SETTINGS_PATH} {"failedAddresses":"allow"}.`,
  );
}

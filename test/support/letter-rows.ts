import { prepareContact } from '../../src/contacts/service.ts';
import { newId } from '../../src/ids.ts';
import type { NewOrderWithContacts } from '../../src/orders/repo.ts';
import { rateTable } from '../../src/pricing/current.ts';
import { priceOrder } from '../../src/pricing/price.ts';

type Address = Parameters<typeof prepareContact>[1];

/**
 * A test-mode letter create as the one-statement path makes it (src/orders/service.ts
 * createInOneStatement), for tests that call the repo or the batching directly.
 */
export function letterWithContacts(
  organizationId: string,
  made: {
    to: Address;
    from?: Address;
    metadata?: Record<string, unknown>;
    details?: Record<string, unknown>;
  },
): NewOrderWithContacts {
  const auth = { organizationId, live: false, keyId: 'test' };
  const now = new Date();
  const id = newId('letter');
  const details = made.details ?? { html: '<p>Hi</p>' };
  return {
    order: {
      id,
      kind: 'letter',
      organizationId,
      live: false,
      sendDate: now,
      mailingClass: 'first_class',
      extraService: null,
      description: null,
      metadata: made.metadata ?? null,
      mergeVariables: null,
      details,
      searchText: id,
      createdAt: now,
      price: priceOrder(rateTable(), {
        kind: 'letter',
        details,
        mailingClass: 'first_class',
        extraService: null,
        countryCode: String(made.to.countryCode ?? 'US'),
        sendDate: now,
      }),
    },
    to: prepareContact(auth, made.to, 'to'),
    from: made.from ? prepareContact(auth, made.from, 'from') : null,
  };
}

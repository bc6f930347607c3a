// The one-statement create finds the stored contacts an order names by index, one probe per contact,
// whatever the size of the contacts table. Its input comes from json_to_recordset, which the planner
// always guesses at 100 rows; a plain join on that guess was planned as a hash join over every live
// contact, so each create read the whole table (src/orders/repo.ts insertOrdersWithContacts).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { insertOrdersWithContacts } from '../../src/orders/repo.ts';
import { createOrganization } from '../../src/organizations/service.ts';
import { senderAddress, usAddress } from '../support/addresses.ts';
import { createTestDatabase, rowsReadInTransaction, type TestDatabase } from '../support/database.ts';
import { letterWithContacts } from '../support/letter-rows.ts';

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
});
after(async () => {
  await database.drop();
});

const STORED_CONTACTS = 2000;

test(`a create naming two stored contacts reads those two, not all ${STORED_CONTACTS}`, async () => {
  const { db } = database;
  const { organizationId } = await createOrganization(db, 'Lookups');
  const letter = (to: ReturnType<typeof usAddress>) =>
    letterWithContacts(organizationId, { to, from: senderAddress() });
  const recipients = Array.from({ length: STORED_CONTACTS }, (_, i) =>
    usAddress({ firstName: 'Stored', lastName: `Recipient ${i}` }),
  );
  for (let i = 0; i < recipients.length; i += 200) {
    const stored = await insertOrdersWithContacts(db, recipients.slice(i, i + 200).map(letter));
    assert.equal(stored.size, 200);
  }
  // Statistics as autovacuum would have them: the planner knows the table holds thousands of contacts.
  await sql`analyze contacts`.execute(db);

  await db.transaction().execute(async (tx) => {
    // Prepared statements switch to a generic plan after five runs; both kinds of plan are checked.
    for (let run = 0; run < 7; run++) {
      const before = await rowsReadInTransaction(tx, 'contacts');
      const order = letter(recipients[run * 100]!);
      const stored = await insertOrdersWithContacts(tx, [order]);
      const json = stored.get(order.order.id) as { to: { lastName: string } } | undefined;
      assert.equal(json?.to.lastName, `Recipient ${run * 100}`, 'the order holds the stored contact');
      const touched = (await rowsReadInTransaction(tx, 'contacts')) - before;
      // Two contacts named: the conflict check and the lookup each reach them through the index.
      assert.ok(touched <= 8, `run ${run}: ${touched} contact rows read for a create naming 2`);
    }
  });
});

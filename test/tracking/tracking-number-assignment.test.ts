// Tracking numbers given at processed_for_delivery (BRIEF §8): who gets one, its IMpb format and Mod 10
// check digit, never twice the same, and a clear error when a Mailer ID's serials run out.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { createOrganization } from '../../src/organizations/service.ts';
import { isValidMod10 } from '../../src/tracking/tracking-number.ts';
import {
  TrackingSerialsExhaustedError,
  trackingNumbersFor,
  trackingServiceTypeCode,
} from '../../src/tracking/tracking-number-assignment.ts';
import { auth, letterAt } from '../scheduling/support.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let database: TestDatabase;
let organizationId: string;
before(async () => {
  database = await createTestDatabase();
  organizationId = (await createOrganization(database.db, 'Tracking org')).organizationId;
});
after(async () => {
  await database.drop();
});

test('service type codes: certified and return receipt 073, registered 088, express 701, others none', () => {
  assert.equal(trackingServiceTypeCode('certified', 'first_class'), '073');
  assert.equal(trackingServiceTypeCode('certified_return_receipt', 'first_class'), '073');
  assert.equal(trackingServiceTypeCode('registered', 'first_class'), '088');
  assert.equal(trackingServiceTypeCode(null, 'express'), '701');
  assert.equal(trackingServiceTypeCode(null, 'usps_express_2_day'), '701');
  assert.equal(trackingServiceTypeCode(null, 'first_class'), null);
  assert.equal(trackingServiceTypeCode(null, 'standard_class'), null);
});

test('extra services and express get valid, distinct IMpb numbers; plain mail none; a carrier number wins', async () => {
  const scope = auth(organizationId, true);
  const now = new Date();
  const make = async (input: Record<string, unknown>) => (await letterAt(database.db, scope, now, input)).id;
  const ids = {
    certified: await make({ extraService: 'certified' }),
    returnReceipt: await make({ mailingClass: 'certified_return_receipt' }),
    registered: await make({ extraService: 'registered' }),
    express: await make({ mailingClass: 'express' }),
    plain: await make({}),
    standard: await make({ mailingClass: 'standard_class' }),
    reported: await make({ extraService: 'certified' }),
  };
  const many = [];
  for (let i = 0; i < 60; i++) many.push(await make({ extraService: 'certified' }));
  const numbers = await trackingNumbersFor(database.db, '123456', [...Object.values(ids), ...many], {
    [ids.reported]: '9400111201080805483016',
    [ids.plain]: '9400111201080805483015',
  });
  assert.equal(numbers[ids.plain], undefined, 'plain first class gets none, even if a printer reports one');
  assert.equal(numbers[ids.standard], undefined);
  assert.equal(numbers[ids.reported], '9400111201080805483016');
  assert.match(numbers[ids.certified]!, /^93073123456\d{11}$/);
  assert.match(numbers[ids.returnReceipt]!, /^93073123456\d{11}$/);
  assert.match(numbers[ids.registered]!, /^93088123456\d{11}$/);
  assert.match(numbers[ids.express]!, /^93701123456\d{11}$/);
  const generated = Object.entries(numbers)
    .filter(([id]) => id !== ids.reported)
    .map(([, n]) => n);
  assert.equal(generated.length, 64);
  for (const n of generated) assert.ok(isValidMod10(n), n);
  assert.equal(new Set(generated).size, generated.length);
  // Asked again (a retried report), the same orders get new numbers only if they still have none:
  await sql`update orders set tracking_number = ${numbers[ids.certified]!} where id = ${ids.certified}`.execute(
    database.db,
  );
  const again = await trackingNumbersFor(database.db, '123456', [ids.certified, ids.registered]);
  assert.deepEqual(Object.keys(again), [ids.registered]);
  assert.notEqual(again[ids.registered], numbers[ids.registered], 'a serial is never handed out twice');
});

test('a 9-digit Mailer ID has 7-digit serials: past 9,999,999 the assignment fails loudly', async () => {
  const scope = auth(organizationId, true);
  const id = (await letterAt(database.db, scope, new Date(), { extraService: 'registered' })).id;
  await sql`select setval('tracking_number_serials', 9999998)`.execute(database.db);
  const last = await trackingNumbersFor(database.db, '912345678', [id]);
  assert.match(last[id]!, /^920889123456789999999\d$/);
  await assert.rejects(
    () => trackingNumbersFor(database.db, '912345678', [id]),
    TrackingSerialsExhaustedError,
  );
});

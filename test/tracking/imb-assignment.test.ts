// IMb assignment (BRIEF §9): routing codes, tracking codes, and serials unique per Mailer ID with no reuse
// within 45 days — also between concurrent transactions and across the wraparound of the serial space —
// and the assignment at render: once per order however many workers render it, live US mail only.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createOrganization } from '../../src/organizations/service.ts';
import { claimForPrinting, createPrinter } from '../../src/printers/service.ts';
import { encodeImb, parseTrackingCode } from '../../src/tracking/imb.ts';
import {
  allocateImbSerials,
  buildImb,
  imbForRender,
  pruneImbSerials,
  routingCode,
  serialSpace,
} from '../../src/tracking/imb-assignment.ts';
import { auth, letterAt, orderRow, pipelineConfig } from '../scheduling/support.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
});
after(async () => {
  await database.drop();
});

const DAY = 86_400_000;

describe('building the barcode', () => {
  test('routing code: the destination ZIP, ZIP+4 or ZIP+4+delivery point', () => {
    assert.equal(routingCode('10001'), '10001');
    assert.equal(routingCode('10001-2345'), '100012345');
    assert.equal(routingCode('10001 2345 67'), '10001234567');
    assert.equal(routingCode('100012'), '10001');
    assert.equal(routingCode('K1A 0B1'), '');
    assert.equal(routingCode(undefined), '');
  });

  test('tracking code: barcode id 00, service type, Mailer ID, serial padded to 15 digits with the MID', () => {
    const six = buildImb({ imbMailerId: '123456', imbServiceTypeId: '270' }, 42n, '10001-2345');
    assert.equal(six.trackingCode, '00270123456000000042');
    assert.equal(six.serial, '000000042');
    assert.equal(six.routingCode, '100012345');
    assert.equal(six.barcode, encodeImb('00270123456000000042', '100012345'));
    const nine = buildImb({ imbMailerId: '912345678', imbServiceTypeId: '342' }, 7n, '94105');
    assert.equal(nine.trackingCode, '00342912345678000007');
    assert.deepEqual(parseTrackingCode(nine.trackingCode), {
      barcodeId: '00',
      serviceTypeId: '342',
      mailerId: '912345678',
      serial: '000007',
    });
    assert.equal(serialSpace('123456'), 1_000_000_000n);
    assert.equal(serialSpace('912345678'), 1_000_000n);
  });
});

describe('serials', () => {
  test('concurrent transactions never receive the same serial', async () => {
    const at = new Date('2026-06-01T12:00:00Z');
    const batches = await Promise.all(
      Array.from({ length: 8 }, () =>
        database.db.transaction().execute((tx) => allocateImbSerials(tx, '912345670', 150, at)),
      ),
    );
    const all = batches.flat().map(String);
    assert.equal(all.length, 1200);
    assert.equal(new Set(all).size, 1200);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from imb_serials where mailer_id = '912345670'`.execute(database.db);
    assert.equal(rows[0]!.n, 1200);
  });

  test('across the wraparound: serials used in the last 45 days are skipped, older ones are taken again', async () => {
    const mid = '912345671';
    const at = new Date('2026-07-01T12:00:00Z');
    await sql`
      insert into imb_serials (mailer_id, serial, used_at)
      select ${mid}, s, ${new Date(at.getTime() - 44 * DAY)}::timestamptz from generate_series(0, 9) s
      union all
      select ${mid}, s, ${new Date(at.getTime() - 46 * DAY)}::timestamptz from generate_series(10, 14) s`.execute(
      database.db,
    );
    // The next candidates are the last four serials of the space, then 0, 1, 2…
    await sql`select setval('imb_serial_candidates', 999999 + 1000000 * 7 - 4)`.execute(database.db);
    const serials = (await allocateImbSerials(database.db, mid, 20, at)).map(Number);
    assert.equal(serials.length, 20);
    assert.deepEqual(serials.slice(0, 4), [999996, 999997, 999998, 999999]);
    for (let s = 0; s <= 9; s++) assert.ok(!serials.includes(s), `serial ${s} was used 44 days ago`);
    for (let s = 10; s <= 14; s++) assert.ok(serials.includes(s), `serial ${s} was last used 46 days ago`);
    assert.equal(new Set(serials).size, 20);
    const { rows } = await sql<{ used_at: Date }>`
      select used_at from imb_serials where mailer_id = ${mid} and serial = 10`.execute(database.db);
    assert.equal(rows[0]!.used_at.toISOString(), at.toISOString());
  });

  test('a serial another transaction is taking is skipped once it commits, not handed out twice', async () => {
    const mid = '912345672';
    const at = new Date('2026-08-01T12:00:00Z');
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let firstTook: bigint[] = [];
    // A takes the next serial and keeps its transaction open.
    await sql`select setval('imb_serial_candidates', 5000)`.execute(database.db);
    const a = database.db.transaction().execute(async (tx) => {
      firstTook = await allocateImbSerials(tx, mid, 1, at);
      await held;
    });
    // Wait (bounded) until A holds its row.
    for (let i = 0; i < 200 && firstTook.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(firstTook, [5001n]);
    // B is handed the same candidate (as after a wraparound) and must wait for A.
    await sql`select setval('imb_serial_candidates', 5000)`.execute(database.db);
    const b = database.db.transaction().execute((tx) => allocateImbSerials(tx, mid, 1, at));
    for (let i = 0; i < 500; i++) {
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock'`.execute(database.db);
      if (rows[0]!.n > 0) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    release();
    await a;
    assert.deepEqual(await b, [5002n]);
  });

  test('four render workers assigning at once: each order one IMb, every IMb distinct, no serial wasted', async () => {
    const org = await createOrganization(database.db, 'Render org');
    const settings = pipelineConfig('demo', { IMB_MAILER_ID: '654321' });
    const scope = auth(org.organizationId, true);
    const now = new Date();
    const ids: string[] = [];
    for (let i = 0; i < 120; i++) {
      ids.push((await letterAt(database.db, scope, now, {}, { rendered: false })).id);
    }
    // Every worker assigns every order (as after lost leases), each in its own order, all at once.
    const workers = [0, 1, 2, 3].map((w) => ids.map((_, i) => ids[(i * 7 + w * 31) % ids.length]!));
    const results = await Promise.all(
      workers.map(async (mine) => {
        const got = new Map<string, string>();
        for (const id of mine)
          got.set(id, (await imbForRender(database.db, settings.pipeline, id, now))!.trackingCode);
        return got;
      }),
    );
    // All four saw the same barcode for each order: the one the order carries.
    const { rows } = await sql<{ id: string; code: string; serial: string }>`
      select id, imb ->> 'trackingCode' as code, imb_serial as serial from orders
      where id = any(${ids}::text[]) and imb_mailer_id = '654321'`.execute(database.db);
    assert.equal(rows.length, 120);
    for (const row of rows) {
      for (const got of results) assert.equal(got.get(row.id), row.code, `${row.id}: one IMb`);
    }
    assert.equal(new Set(rows.map((r) => r.code)).size, 120);
    assert.equal(new Set(rows.map((r) => r.serial)).size, 120);
    const used = await sql<{ n: number }>`
      select count(*)::int as n from imb_serials where mailer_id = '654321'`.execute(database.db);
    assert.equal(used.rows[0]!.n, 120, 'one serial taken per order, none for a second assignment');
  });

  test('test orders and mail abroad get no IMb at render', async () => {
    const org = await createOrganization(database.db, 'No-IMb org');
    const settings = pipelineConfig('demo', { IMB_MAILER_ID: '654322' }).pipeline;
    const now = new Date();
    const test = await letterAt(database.db, auth(org.organizationId, false), now, {}, { rendered: false });
    const abroad = await letterAt(
      database.db,
      auth(org.organizationId, true),
      now,
      {
        to: {
          firstName: 'Grace',
          addressLine1: '24 Sussex Dr',
          city: 'Ottawa',
          provinceOrState: 'ON',
          postalOrZip: 'K1M 1M4',
          countryCode: 'CA',
        },
      },
      { rendered: false },
    );
    assert.equal(await imbForRender(database.db, settings, test.id, now), null);
    assert.equal(await imbForRender(database.db, settings, abroad.id, now), null);
    assert.equal((await orderRow(database.db, test.id)).imb, null);
    assert.equal((await orderRow(database.db, abroad.id)).imb, null);
  });

  test('a serial counts as used from the sendDate of an order rendered ahead, and again from its claim', async () => {
    const org = await createOrganization(database.db, 'Ahead org');
    const settings = pipelineConfig('demo', { IMB_MAILER_ID: '654323' });
    const scope = auth(org.organizationId, true);
    const now = new Date();
    const sendDate = new Date(now.getTime() + 30 * DAY);
    const order = await letterAt(
      database.db,
      scope,
      now,
      { sendDate: sendDate.toISOString() },
      { rendered: false },
    );
    const imb = (await imbForRender(database.db, settings.pipeline, order.id, now))!;
    const usedAt = async () => {
      const { rows } = await sql<{ used_at: Date }>`
        select used_at from imb_serials where mailer_id = '654323' and serial = ${imb.trackingCode.slice(11)}::bigint`.execute(
        database.db,
      );
      return rows[0]!.used_at.getTime();
    };
    // Rendered now, mailed in 30 days: its serial is not free until 45 days after the mailing.
    assert.equal(await usedAt(), new Date(order.sendDate as string).getTime());
    // Printed later still (a claim 40 days on): the 45 days run from then.
    const claimAt = new Date(now.getTime() + 40 * DAY);
    await sql`update orders set status = 'printing', render_status = 'rendered', claimable_at = ${claimAt}
              where id = ${order.id}`.execute(database.db);
    const printer = { ...(await createPrinter(database.db, 'Late printer')), simulated: false };
    assert.deepEqual(await claimForPrinting(database.db, settings, printer, 5, claimAt), [order.id]);
    assert.equal(await usedAt(), claimAt.getTime());
    // The claim does not change the barcode the PDF carries.
    assert.equal((await orderRow(database.db, order.id)).imb?.trackingCode, imb.trackingCode);
  });

  test('pruning drops only serials past their 45-day window', async () => {
    const mid = '912345673';
    const now = new Date('2026-09-01T00:00:00Z');
    await sql`
      insert into imb_serials (mailer_id, serial, used_at) values
        (${mid}, 1, ${new Date(now.getTime() - 46 * DAY)}), (${mid}, 2, ${new Date(now.getTime() - 44 * DAY)})`.execute(
      database.db,
    );
    assert.ok((await pruneImbSerials(database.db, now)) >= 1);
    const { rows } = await sql<{ serial: string }>`
      select serial::text from imb_serials where mailer_id = ${mid} order by serial`.execute(database.db);
    assert.deepEqual(
      rows.map((r) => r.serial),
      ['2'],
    );
  });
});

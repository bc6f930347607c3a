import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { senderAddress, startTestApp, type TestApp, usAddress } from '../support/app.ts';

// migrations/0005_ingestion.sql replaces order_json with a cheaper single-expression definition; its
// output must be exactly that of the first definition (0001) for every combination of fields.
let t: TestApp;
before(async () => {
  t = await startTestApp();
  const migration = await readFile(
    path.resolve(import.meta.dirname, '../../migrations/0001_foundation.sql'),
    'utf8',
  );
  const first = /create function order_json\(o orders\)[\s\S]*?\$\$;/.exec(migration)?.[0];
  assert.ok(first, 'the first order_json definition is in 0001');
  await sql.raw(first.replace('function order_json(', 'function order_json_0001(')).execute(t.database.db);
});
after(async () => {
  await t.close();
});

describe('order_json (0005)', () => {
  test('equals the first definition for orders with every field absent, present or JSON null', async () => {
    const created = await t.api('/letters', {
      method: 'POST',
      json: {
        to: usAddress(),
        from: senderAddress(),
        html: '<p>x</p>',
        description: 'full',
        metadata: { campaign: 'x', nested: { empty: null } },
        mergeVariables: { a: 1 },
      },
    });
    assert.equal(created.status, 200);
    const bare = await t.api('/letters', {
      method: 'POST',
      json: { to: usAddress(), from: senderAddress(), html: '<p>y</p>' },
    });
    assert.equal(bare.status, 200);
    // Variations of one row, each filling or emptying fields the API would fill over a lifetime.
    await sql`
      insert into orders (id, kind, organization_id, live, status, to_contact, from_contact, send_date, mailing_class,
                          extra_service, description, metadata, merge_variables, details, cancellation, imb,
                          imb_status, imb_date, imb_zip, tracking_number, sla_deadline, printing_at, processed_at,
                          completed_at, cancelled_at)
      select 'letter_variant' || g, 'letter', ${t.org.organizationId}, g % 2 = 0,
             (array['ready','printing','processed_for_delivery','completed','cancelled'])[1 + g % 5],
             case when g % 7 = 0 then 'null'::jsonb else '{"firstName":"A","addressLine2":null}'::jsonb end,
             case when g % 3 = 0 then null when g % 3 = 1 then 'null'::jsonb else '{"companyName":"B"}'::jsonb end,
             now() - g * interval '1 hour', 'first_class',
             case when g % 4 = 0 then 'certified' end,
             case when g % 5 = 0 then '' when g % 5 = 1 then 'd' end,
             case when g % 6 = 0 then 'null'::jsonb when g % 6 = 1 then '{"k":null}'::jsonb end,
             case when g % 2 = 0 then '{"m":1}'::jsonb end,
             case when g % 3 = 0 then '{"size":"us_letter","html":"<p>z</p>"}'::jsonb else '{}'::jsonb end,
             case when g % 5 = 4 then '{"reason":"user_initiated"}'::jsonb end,
             case when g % 2 = 1 then '{"trackingCode":"00270123456000000001","routingCode":"","barcode":"F"}'::jsonb end,
             (array[null,'entered_mail_stream','out_for_delivery','returned_to_sender'])[1 + g % 4],
             case when g % 4 > 0 then now() - interval '2 days' + g * interval '1.5 ms' end,
             case when g % 8 > 1 then lpad(g::text, 5, '0') end,
             case when g % 3 = 2 then '92701234567890' || lpad(g::text, 8, '0') end,
             case when g % 3 > 0 then now() + (g - 20) * interval '1 hour' end,
             case when g % 5 > 0 then now() - interval '3 days' end,
             case when g % 4 > 1 then now() - interval '1 day' end,
             case when g % 5 = 3 then now() end,
             case when g % 5 = 4 then now() end
      from generate_series(1, 240) g`.execute(t.database.db);

    // `price` (migrations/0040) is the one field added since the first definition: it is the stored price.
    const { rows } = await sql<{
      id: string;
      current: unknown;
      first: unknown;
      price: unknown;
      stored: unknown;
    }>`
      select id, order_json(o) - 'price' as current, order_json_0001(o) as first, order_json(o) -> 'price' as price,
             o.price as stored
      from orders o order by id`.execute(t.database.db);
    assert.equal(rows.length, 242);
    for (const row of rows) {
      assert.deepEqual(row.current, row.first, row.id);
      assert.deepEqual(row.price, row.stored, row.id);
    }
    assert.equal(
      rows.filter((r) => r.price !== null).length,
      2,
      'the two letters made by the API are priced',
    );
    // And the comparison can fail: the variants do differ from each other.
    assert.ok(new Set(rows.map((r) => JSON.stringify(r.current))).size > 200);
  });
});

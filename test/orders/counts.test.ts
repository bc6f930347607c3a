// totalCount of order lists comes from counters kept by triggers (migrations/0008, src/orders/counts.ts);
// these tests hold them to count(*) after concurrent creates, cancels, scheduler batches and set-based SQL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { loadConfig } from '../../src/config/config.ts';
import { SEARCH_COUNT_CAP } from '../../src/orders/repo.ts';
import { type CreatedOrganization, createOrganization } from '../../src/organizations/service.ts';
import { runSchedulerTick } from '../../src/scheduling/scheduler.ts';
import { senderAddress, startTestApp, type TestApp, usAddress } from '../support/app.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => {
  await t.close();
});

const statuses = ['ready', 'printing', 'processed_for_delivery', 'completed', 'cancelled'] as const;

/** Keys whose counter sum differs from count(*) of their orders (either side missing counts as 0). */
async function counterMismatches() {
  const { rows } = await sql<{ key: string; counted: number; actual: number }>`
    select concat_ws('/', organization_id, live, kind, status) as key,
           coalesce(c.n, 0)::int as counted, coalesce(o.n, 0)::int as actual
    from (select organization_id, live, kind, status, sum(n) as n from order_counts group by 1, 2, 3, 4) c
    full join (select organization_id, live, kind, status, count(*) as n from orders group by 1, 2, 3, 4) o
      using (organization_id, live, kind, status)
    where coalesce(c.n, 0) <> coalesce(o.n, 0)`.execute(t.database.db);
  return rows;
}

async function countStar(organizationId: string, live: boolean, status?: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from orders
    where organization_id = ${organizationId} and live = ${live} and kind = 'letter'
      and (${status ?? null}::text is null or status = ${status ?? null})`.execute(t.database.db);
  return rows[0]!.n;
}

async function totalCount(key: string, query = ''): Promise<number> {
  const response = await t.api(`/letters?limit=1${query}`, { key });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body.totalCount;
}

const letter = (i: number) => ({
  to: usAddress({ lastName: `Counted${i}` }),
  from: senderAddress(),
  html: '<p>Hello {{to.firstName}}</p>',
});

describe('order counts', () => {
  test('totalCount equals count(*) after concurrent creates, racing cancels and scheduler batches', {
    timeout: 120_000,
  }, async () => {
    const other = await createOrganization(t.database.db, 'Other org');
    const scopes: { key: string; organizationId: string; live: boolean }[] = [
      { key: t.org.testApiKey, organizationId: t.org.organizationId, live: false },
      { key: t.org.liveApiKey, organizationId: t.org.organizationId, live: true },
      { key: other.testApiKey, organizationId: other.organizationId, live: false },
    ];
    // Demo profile: an order is due as soon as its sendDate (now) has passed; tiny batches, many statements.
    const demo = loadConfig({ MAILSTREAM_PROFILE: 'demo', LOG_LEVEL: 'silent', PIPELINE_BATCH_SIZE: '4' });
    const PER_SCOPE = 30;
    const LOOPS = 5;
    let creating = true;
    let cancels = 0;
    let ticks = 0;

    const creators = scopes.flatMap((scope) =>
      Array.from({ length: LOOPS }, async (_, loop) => {
        for (let i = loop; i < PER_SCOPE; i += LOOPS) {
          const created = await t.api('/letters', { method: 'POST', key: scope.key, json: letter(i) });
          assert.equal(created.status, 200, JSON.stringify(created.body));
          if (i % 3 === 0) continue;
          // Two cancels racing each other (and the scheduler) for every third order, one for the rest.
          const tries = i % 3 === 1 ? 2 : 1;
          const results = await Promise.all(
            Array.from({ length: tries }, () =>
              t.api(`/letters/${created.body.id}`, { method: 'DELETE', key: scope.key }),
            ),
          );
          const won = results.filter((r) => r.status === 200).length;
          assert.ok(won <= 1, 'a cancel is applied at most once');
          cancels += won;
        }
      }),
    );
    const scheduler = (async () => {
      // Bounded: stops with the creators, or after 2,000 ticks whatever happens.
      while (creating && ticks < 2000) {
        // Two days ahead: test orders keep production timing (due at the midnight ET after their
        // sendDate, as PostGrid's), so this clock has them due as soon as they are made, like live ones.
        await runSchedulerTick(t.database.db, demo, new Date(Date.now() + 2 * 86_400_000));
        ticks++;
      }
    })();
    try {
      await Promise.all(creators);
    } finally {
      creating = false;
      await scheduler;
    }

    assert.ok(ticks > 0 && cancels > 0, `the scheduler ticked (${ticks}) and cancels won (${cancels})`);
    assert.deepEqual(await counterMismatches(), []);
    for (const scope of scopes) {
      assert.equal(await totalCount(scope.key), await countStar(scope.organizationId, scope.live));
      assert.equal(await countStar(scope.organizationId, scope.live), PER_SCOPE);
      for (const status of statuses) {
        assert.equal(
          await totalCount(scope.key, `&status=${status}`),
          await countStar(scope.organizationId, scope.live, status),
          `${scope.organizationId} live=${scope.live} ${status}`,
        );
      }
    }
    // The races really happened: scheduler batches moved orders on both sides, users cancelled others.
    assert.ok(
      (await countStar(t.org.organizationId, false, 'completed')) > 0,
      'test orders completed by batches',
    );
    assert.ok((await countStar(t.org.organizationId, true, 'printing')) > 0, 'live orders moved to printing');
    assert.ok((await countStar(t.org.organizationId, true, 'cancelled')) > 0, 'live orders cancelled');
    const { rows } = await sql<{ slots: number }>`
      select count(distinct slot)::int as slots from order_counts
      where organization_id = ${t.org.organizationId} and not live and status = 'ready'`.execute(
      t.database.db,
    );
    assert.ok(rows[0]!.slots > 1, `concurrent creates spread over counter slots (${rows[0]!.slots})`);
  });

  test('a create does not wait for an uncommitted create of the same organization on another slot', async () => {
    const model = await t.api('/letters', { method: 'POST', json: letter(1) });
    assert.equal(model.status, 200);
    const copy = `
      insert into orders (id, kind, organization_id, live, to_contact, from_contact, send_date, mailing_class,
                          details, search_text)
      select mailstream_id('letter'), kind, organization_id, live, to_contact, from_contact, send_date,
             mailing_class, details, search_text
      from orders where id = $1`;
    const slot = async (c: { query: (q: string) => Promise<{ rows: { slot: number }[] }> }) =>
      (await c.query('select pg_backend_pid() % 64 as slot')).rows[0]!.slot;
    const first = await t.database.pool.connect();
    const held = [];
    try {
      // Another connection of the pool on another slot (any two of twenty differ but by a 1-in-64 chance).
      let second = await t.database.pool.connect();
      held.push(second);
      while ((await slot(second)) === (await slot(first)) && held.length < 20) {
        second = await t.database.pool.connect();
        held.push(second);
      }
      assert.notEqual(await slot(second), await slot(first), 'two connections on different slots');
      await first.query('begin');
      await first.query(copy, [model.body.id]);
      // Same organization, mode, kind and status: with one counter row per key this would wait for `first`.
      await second.query(`set lock_timeout = '2s'`);
      await second.query(copy, [model.body.id]);
      await second.query('reset lock_timeout');
      await first.query('commit');
    } finally {
      first.release();
      for (const c of held) c.release();
    }
    assert.deepEqual(await counterMismatches(), []);
  });

  describe('set-based SQL, search counts and deep pages', () => {
    let org: CreatedOrganization;
    const INSERTED = 1300;
    before(async () => {
      org = await createOrganization(t.database.db, 'Bulk org');
      const model = await t.api('/letters', { method: 'POST', key: org.testApiKey, json: letter(0) });
      assert.equal(model.status, 200);
      // One statement inserting copies of it, more than the search count cap, newest first by g.
      await sql`
        insert into orders (id, kind, organization_id, live, to_contact, from_contact, send_date, mailing_class,
                            details, search_text, metadata, created_at)
        select mailstream_id('letter'), kind, organization_id, live, to_contact, from_contact, send_date,
               mailing_class, details, 'needle ' || g, jsonb_build_object('third', g % 3 = 0),
               now() - g * interval '1 second'
        from orders, generate_series(1, ${INSERTED}::int) g where id = ${model.body.id}`.execute(
        t.database.db,
      );
    });

    test('one UPDATE of hundreds of rows and one DELETE keep every count exact', async () => {
      await sql`
        update orders set status = 'printing'
        where organization_id = ${org.organizationId} and search_text ~ ' [0-9]*[05]$'`.execute(
        t.database.db,
      );
      await sql`
        delete from orders where organization_id = ${org.organizationId} and search_text ~ ' 1[0-9]*7$'`.execute(
        t.database.db,
      );
      assert.deepEqual(await counterMismatches(), []);
      const key = org.testApiKey;
      const all = await countStar(org.organizationId, false);
      // The model letter, and the copies but 17, 107…197 and 1007…1297.
      assert.equal(all, INSERTED + 1 - 41);
      assert.ok(all > SEARCH_COUNT_CAP, 'more orders than the cap');
      assert.equal(await totalCount(key), all, 'unfiltered: exact above the cap');
      assert.equal(await totalCount(key, '&status=printing'), 260);
      assert.equal(await totalCount(key, '&status=ready'), all - 260);
      const byJsonStatus = encodeURIComponent('{"status":"printing"}');
      assert.equal(await totalCount(key, `&search=${byJsonStatus}`), 260, 'status through search is exact');
    });

    test('a free-text search counts exactly past the cap (its words are indexed); other searches up to it', async () => {
      const key = org.testApiKey;
      const all = await countStar(org.organizationId, false);
      // Every copy but the model letter holds the word; exact, past the 1,000 other searches stop at.
      assert.equal(await totalCount(key, '&search=needle'), all - 1);
      assert.ok(all - 1 > SEARCH_COUNT_CAP);
      assert.equal(await totalCount(key, '&search=needle&status=printing'), 260);
      const third = encodeURIComponent('{"metadata.third":true}');
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from orders
        where organization_id = ${org.organizationId} and metadata @> '{"third":true}'`.execute(
        t.database.db,
      );
      assert.ok(rows[0]!.n < SEARCH_COUNT_CAP && rows[0]!.n > 400);
      assert.equal(await totalCount(key, `&search=${third}`), rows[0]!.n);
      assert.equal(await totalCount(key, '&search=needle%201299'), 1);
    });

    test('deep skip returns the same page as the plain OFFSET query', async () => {
      const all = await countStar(org.organizationId, false);
      for (const [skip, query, where] of [
        [all - 7, '', sql`true`],
        [150, '&status=printing', sql`status = 'printing'`],
        [400, '&search=needle', sql`search_text like 'needle%'`],
      ] as const) {
        const page = await t.api(`/letters?skip=${skip}&limit=10${query}`, { key: org.testApiKey });
        assert.equal(page.status, 200);
        const { rows } = await sql<{ id: string }>`
          select id from orders where organization_id = ${org.organizationId} and not live and kind = 'letter'
            and ${where}
          order by created_at desc, id desc offset ${skip} limit 10`.execute(t.database.db);
        assert.deepEqual(
          page.body.data.map((o: { id: string }) => o.id),
          rows.map((r) => r.id),
          `skip=${skip}${query}`,
        );
        assert.equal(page.body.data.length, skip === all - 7 ? 7 : 10);
      }
    });

    test('TRUNCATE clears the counters', async () => {
      await sql`truncate orders cascade`.execute(t.database.db);
      assert.equal(await totalCount(org.testApiKey), 0);
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from order_counts`.execute(
        t.database.db,
      );
      assert.equal(rows[0]!.n, 0);
    });
  });
});

// Issue 7, item 1: two API processes and three worker processes (`mailstream start --role …`) on one
// PostgreSQL under a load of creates, cancels, progressions, scheduler ticks, printer reports (simulated and
// external), USPS scans and webhook deliveries; at quiescence every invariant of test/support/invariants.ts
// holds. The longer form is `npm run soak`.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { runScaleScenario } from '../support/scale-scenario.ts';

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
});
after(async () => {
  await database.drop();
});

test('2 API + 3 worker processes under load: every acknowledged create stored once, legal histories, every event delivered', {
  timeout: 240_000,
}, async (t) => {
  const result = await runScaleScenario({
    database: { url: database.url },
    apis: 2,
    workers: 3,
    rounds: 1,
    plan: {
      creates: 200,
      concurrency: 6,
      keyedShare: 0.4,
      repeatShare: 0.3,
      cancelShare: 0.25,
      // Test orders stay ready until the midnight after their sendDate, as PostGrid's: only progressions
      // complete one here, so half of them get one to three.
      progressShare: 0.5,
      maxSendAheadMs: 5000,
    },
    settleTimeoutMs: 90_000,
    log: (line) => t.diagnostic(line),
  });
  t.diagnostic(`seed ${result.seed}; timings ${JSON.stringify(result.timings)}`);
  t.diagnostic(`stats ${JSON.stringify(result.stats)}`);
  assert.deepEqual(result.violations, []);
  // The load really exercised what the invariants speak about.
  const stats = result.stats as any;
  // Every create was acknowledged, or rightly refused because the loaded server reached it only after its
  // sendDate (up to 5 s ahead) had passed; most must be acknowledged.
  assert.equal(stats.acknowledged + stats.expiredRetries, 200);
  assert.ok(stats.acknowledged >= 180, `only ${stats.acknowledged} of 200 creates acknowledged`);
  assert.ok(stats.cancels.cancelled > 0, 'some cancels won');
  assert.ok(stats.printer.mailed > 0, 'the external printer mailed pieces');
  assert.ok(
    stats.scans.matched > 0 && stats.scans.duplicates > 0,
    'scans matched, and duplicates were recognised',
  );
  assert.ok(stats.statuses['live completed'] > 0 && stats.statuses['test completed'] > 0, 'orders completed');
  for (const hook of stats.webhooks as { webhook: string; expected: number }[]) {
    assert.ok(hook.expected > 0, `${hook.webhook} had events to receive`);
  }
});

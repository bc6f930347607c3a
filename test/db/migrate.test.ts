// Every process migrates as it starts, so a start can meet a database going away: the embedded postmaster
// killed, an external server restarting. pg emits 'error' on a client whose idle connection the server
// ends; the migration's own client must hear it, or the process dies of an uncaught error instead of
// failing its start (and a supervisor's next start finishing the job). A CI run of the crash test
// (test/scale/crash.test.ts) met exactly that.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import pino from 'pino';
import { migrate, migrationFiles } from '../../src/db/migrate.ts';
import { createEmptyDatabase, type TestDatabase } from '../support/database.ts';
import { eventually } from '../support/eventually.ts';

let database: TestDatabase | undefined;
after(async () => {
  await database?.drop();
});

test("the migration's connection ended by the server while idle fails no process; migrating again finishes", async () => {
  database = await createEmptyDatabase();
  const { url, pool } = database;

  // Holds graphile-worker's migration at its first statement (`create schema if not exists graphile_worker`
  // waits for this uncommitted schema), while our migration's client idles holding its advisory lock.
  const blocker = await pool.connect();
  try {
    await blocker.query('begin');
    await blocker.query('create schema graphile_worker');

    const running = migrate(url, pino({ level: 'silent' })).then(
      (applied) => ({ applied }),
      (error: Error) => ({ error }),
    );
    const pid = await eventually(
      async () => {
        const { rows } = await pool.query<{ pid: number }>(
          `select pid from pg_stat_activity
          where datname = current_database() and application_name = 'mailstream migrate' and state = 'idle'
            and exists (select from pg_stat_activity w
                        where w.datname = current_database() and w.wait_event_type = 'Lock')`,
        );
        return rows[0]?.pid;
      },
      30_000,
      'the migration client to idle while graphile-worker waits',
    );
    const { rows } = await pool.query<{ ended: boolean }>('select pg_terminate_backend($1) as ended', [pid]);
    assert.equal(rows[0]?.ended, true);
    // Lets the FATAL message reach the idle client (which, unheard, ended this test process) before
    // graphile-worker goes on.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await blocker.query('rollback');

    const outcome = await running;
    // Our migrations were applied before the connection went; graphile-worker's ran on its own pool.
    assert.ok('applied' in outcome, `migrate settled with ${JSON.stringify(outcome)}`);
    const versions = (await migrationFiles()).map((m) => m.version);
    assert.deepEqual(outcome.applied, versions);
  } finally {
    await blocker.query('rollback').catch(() => {});
    blocker.release();
  }

  // A second start finds nothing left to do, and the schema is whole.
  assert.deepEqual(await migrate(url, pino({ level: 'silent' })), []);
  const { rows: jobs } = await pool.query(`select to_regclass('graphile_worker._private_jobs') as t`);
  assert.equal(jobs[0]?.t, 'graphile_worker._private_jobs');
});

// Issue 7, item 2: the scale-out load while a monkey SIGKILLs a process every few seconds — in turn an API
// process, a worker process (both started again a moment later) and the embedded PostgreSQL's postmaster
// (all processes share one DATA_DIR, whose cluster the first one started; the running processes start a
// dead postmaster again themselves). Clients retry on connection errors and 5xx with the same
// Idempotency-Key, so "acknowledged" keeps its meaning. Same invariants as the scale-out test, and no
// process that had started dies on its own. The longer form is `npm run soak -- --crash`.
import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { postmasterPid } from '../support/chaos.ts';
import { eventually } from '../support/eventually.ts';
import { freePort, projectRoot, spawnCli, waitForHttp } from '../support/process.ts';
import { runScaleScenario } from '../support/scale-scenario.ts';

// While PostgreSQL restarts, its pid file may be missing or half written: that is "not yet", not a failure.
const retrying = { retryErrors: true, intervalMs: 200 };

test('a killed postmaster is started again by the running server, on the same port, and stopped with it', {
  timeout: 220_000,
}, async () => {
  const dataDir = path.join(projectRoot, '.tmp', `postmaster-kill-${process.pid}`);
  const port = await freePort();
  const server = spawnCli(['start', '--role', 'worker'], {
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    // Info: the shutdown logs each step it took, which says where a slow one hung. The test is about a
    // clean stop, not a fast one: on a loaded CI machine the stop after a crash recovery may take long.
    LOG_LEVEL: 'info',
    SHUTDOWN_TIMEOUT: '100s',
  });
  const readyz = `http://127.0.0.1:${port}/readyz`;
  const pgPort = async () =>
    Number((await readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[3]);
  try {
    await waitForHttp(readyz, 90_000);
    const first = (await postmasterPid(dataDir))!;
    const firstPort = await pgPort();
    process.kill(first, 'SIGKILL');
    const second = await eventually(
      async () => {
        const pid = await postmasterPid(dataDir);
        return pid !== null && pid !== first ? pid : null;
      },
      30_000,
      'a new postmaster',
      retrying,
    );
    await waitForHttp(readyz, 30_000);
    assert.equal(await pgPort(), firstPort, 'the cluster came back on its port');
    assert.equal(server.child.exitCode, null, 'the server kept running');
    server.child.kill('SIGTERM');
    // Its JSON log (stdout) says why, should it fail: a failed shutdown logs there, not on stderr.
    assert.equal(await server.exited, 0, `${server.stderr()}${server.stdout().slice(-4000)}`);
    assert.equal(
      await postmasterPid(dataDir),
      null,
      `the restarted postmaster ${second} stopped with the server`,
    );
  } finally {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
    const leftover = await postmasterPid(dataDir);
    if (leftover !== null) process.kill(leftover, 'SIGINT');
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('SIGKILL of API, worker and PostgreSQL processes under load: the invariants still hold', {
  timeout: 240_000,
}, async (t) => {
  const result = await runScaleScenario({
    database: { dataDir: path.join(projectRoot, '.tmp', `scale-crash-${process.pid}`) },
    apis: 2,
    workers: 3,
    rounds: 1,
    plan: {
      creates: 800,
      durationMs: 20_000,
      concurrency: 6,
      keyedShare: 1,
      repeatShare: 0.2,
      cancelShare: 0.25,
      progressShare: 0.3,
      maxSendAheadMs: 5000,
    },
    crash: { everyMs: [2500, 4000] },
    settleTimeoutMs: 90_000,
    log: (line) => t.diagnostic(line),
  });
  t.diagnostic(`seed ${result.seed}; timings ${JSON.stringify(result.timings)}`);
  t.diagnostic(`stats ${JSON.stringify(result.stats)}`);
  assert.deepEqual(result.violations, []);
  const stats = result.stats as any;
  for (const victim of ['kill -9 api-', 'kill -9 worker-', 'kill -9 postgres postmaster']) {
    assert.ok(
      result.chaos.some((line) => line.includes(victim)),
      `${victim}… happened: ${result.chaos.join('; ')}`,
    );
  }
  // A loaded machine (the whole suite running beside this test) acknowledges a few dozen in the 20 s.
  assert.ok(stats.acknowledged >= 10, `creates were acknowledged despite the kills (${stats.acknowledged})`);
  for (const hook of stats.webhooks as { webhook: string; expected: number }[]) {
    assert.ok(hook.expected > 0, `${hook.webhook} had events to receive`);
  }
});

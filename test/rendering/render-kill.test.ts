// Issue 16, "Judged by": kill -9 of a render worker mid-batch — every order renders exactly once and none
// prints unrendered — and a browser crash is survived. A real worker process (`mailstream start --role
// worker`, short RENDER_LEASE) renders a batch of distinct HTML letters (distinct, so the cache of
// identical renders cannot short-circuit Chromium); it is SIGKILLed while render_attempts shows renders in
// progress, a second worker takes over, and its Chromium is SIGKILLed mid-batch too. Meanwhile the test
// runs the scheduler as if every order were long due, so an order that became printable too early would
// print. Then: one 'rendered' attempt, one render → rendered event and one rendered PDF (read back with
// pdfjs-dist: page count, size, its own text) per order, no event showing an order past `ready`
// before it was rendered, and each live letter's one IMb read off its PDF.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { LETTER_ENVELOPE, LETTER_PAGE } from '../../src/documents/geometry.ts';
import { orderDocuments } from '../../src/documents/links.ts';
import { DocumentStore } from '../../src/documents/store.ts';
import { runSchedulerTick } from '../../src/scheduling/scheduler.ts';
import { decodeImb } from '../../src/tracking/imb-decode.ts';
import { senderAddress, startTestApp, type TestApp, usAddress } from '../support/app.ts';
import { eventually } from '../support/eventually.ts';
import { readBarcode } from '../support/pdf-readback.ts';
import { freePort, type Spawned, spawnCli, waitForHttp } from '../support/process.ts';
import { readPdf } from './read-pdf.ts';

const LETTERS = 40;
/** Content pages of letter `i`: 1 to 3, so a PDF of the wrong order would show. */
const pagesOf = (i: number) => (i % 3) + 1;
const markerOf = (i: number) => `Render kill letter ${i} of ${LETTERS}`;

let t: TestApp;
const workers: Spawned[] = [];
before(async () => {
  t = await startTestApp({ MAILSTREAM_PROFILE: 'production' });
});
after(async () => {
  for (const w of workers)
    if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
  await t.close();
});

async function startRenderWorker(): Promise<Spawned> {
  const port = await freePort();
  const worker = spawnCli(['start', '--role', 'worker'], {
    DATABASE_URL: t.database.url,
    MAILSTREAM_PROFILE: 'production',
    MAILSTREAM_SECRET: t.config.secret!,
    PORT: String(port),
    HOST: '127.0.0.1',
    RENDER_LEASE: '2s',
    RENDER_QUEUE_CONCURRENCY: '3',
    RENDER_PROCESSES: '1',
    LOG_LEVEL: 'warn',
  });
  workers.push(worker);
  await waitForHttp(`http://127.0.0.1:${port}/readyz`, 90_000);
  return worker;
}

/** Pids of `pid`'s children, from /proc (each thread's `children` file). */
async function childrenOf(pid: number): Promise<number[]> {
  const found: number[] = [];
  for (const task of await readdir(`/proc/${pid}/task`).catch(() => [] as string[])) {
    const text = await readFile(`/proc/${pid}/task/${task}/children`, 'utf8').catch(() => '');
    for (const child of text.split(' ').filter(Boolean)) found.push(Number(child));
  }
  return found;
}

async function descendantsOf(pid: number): Promise<number[]> {
  const all: number[] = [];
  for (const child of await childrenOf(pid)) all.push(child, ...(await descendantsOf(child)));
  return all;
}

const cmdline = async (pid: number) =>
  (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');

/** The Chromium browser process under a worker: a chromium executable that is not one of its --type= helpers. */
async function browserOf(workerPid: number): Promise<number | null> {
  for (const pid of await descendantsOf(workerPid)) {
    const argv = await cmdline(pid);
    if (/chrom/i.test(argv[0] ?? '') && !argv.some((arg) => arg.startsWith('--type='))) return pid;
  }
  return null;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function attemptCounts() {
  const { rows } = await sql<{ rendered: number; open: number }>`
    select count(*) filter (where outcome = 'rendered')::int as rendered,
           count(*) filter (where outcome is null)::int as open
    from render_attempts`.execute(t.database.db);
  return rows[0]!;
}

test('kill -9 of a render worker and of its Chromium mid-batch: every order renders once, none prints unrendered', {
  timeout: 300_000,
}, async (t2) => {
  const ids: string[] = [];
  const expected = new Map<string, number>();
  for (let i = 0; i < LETTERS; i++) {
    const pages = Array.from(
      { length: pagesOf(i) },
      (_, p) =>
        `<div style="height:10in;padding:4in 1in 0;box-sizing:border-box;${p > 0 ? 'page-break-before:always;' : ''}">${markerOf(i)}, page ${p + 1}</div>`,
    ).join('');
    const created = await t.api('/letters', {
      method: 'POST',
      // Live and test orders: the scheduler prints the first and completes the second, once rendered.
      key: i % 2 === 0 ? t.org.liveApiKey : t.org.testApiKey,
      json: {
        to: usAddress(),
        from: senderAddress(),
        html: `<html><body style="margin:0">${pages}</body></html>`,
      },
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.equal(created.body.render.status, 'rendering');
    ids.push(created.body.id);
    expected.set(created.body.id, i);
  }

  // The scheduler, as if every order were ten days past due: anything printable moves at once.
  let ticking = true;
  const farFuture = () => new Date(Date.now() + 10 * 86_400_000);
  const ticker = (async () => {
    while (ticking) {
      await runSchedulerTick(t.database.db, t.config, farFuture());
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();

  try {
    // 1. The first worker, SIGKILLed once it has rendered some orders and is in the middle of others.
    const first = await startRenderWorker();
    await eventually(
      async () => {
        const counts = await attemptCounts();
        return counts.rendered >= 3 && counts.open >= 1 && counts.rendered <= LETTERS - 10;
      },
      120_000,
      'the first worker to be mid-batch',
      { intervalMs: 10 },
    );
    const firstPid = first.child.pid!;
    const firstTree = await descendantsOf(firstPid);
    first.child.kill('SIGKILL');
    await first.exited;
    const atKill = await attemptCounts();
    t2.diagnostic(`first worker killed with ${atKill.rendered} rendered, ${atKill.open} in progress`);
    assert.ok(atKill.open >= 1, 'renders were in progress when the worker died');

    // 2. A second worker takes the rest, including the orders whose leases the dead one held; its
    // Chromium is SIGKILLed while it renders.
    const second = await startRenderWorker();
    const browser = await eventually(
      async () => {
        const counts = await attemptCounts();
        if (counts.rendered < atKill.rendered + 2 || counts.open < 1 || counts.rendered > LETTERS - 5)
          return null;
        return browserOf(second.child.pid!);
      },
      120_000,
      'the second worker to be rendering with its Chromium',
      { intervalMs: 10 },
    );
    process.kill(browser, 'SIGKILL');
    const atCrash = await attemptCounts();
    t2.diagnostic(`browser ${browser} killed with ${atCrash.rendered} rendered, ${atCrash.open} in progress`);

    await eventually(
      async () => {
        const { rows } = await sql<{ n: number }>`
          select count(*)::int as n from orders where render_status = 'rendered'`.execute(t.database.db);
        return rows[0]!.n === LETTERS;
      },
      180_000,
      'every order rendered',
      { intervalMs: 100 },
    );
    assert.ok(!alive(browser), 'the killed browser is gone');
    const replacement = await browserOf(second.child.pid!);
    assert.ok(replacement !== null && replacement !== browser, 'the worker renders with a new browser');
    // The dead worker's render process and browser did not outlive it.
    await eventually(
      () => firstTree.every((pid) => !alive(pid)),
      30_000,
      'the killed worker’s children to exit',
      {
        intervalMs: 200,
      },
    );
    // Let the scheduler move what it can now, then stop it.
    await eventually(
      async () => {
        const { rows } = await sql<{ n: number }>`
          select count(*)::int as n from orders where status = 'ready'`.execute(t.database.db);
        return rows[0]!.n === 0;
      },
      30_000,
      'every rendered order to move on',
      { intervalMs: 100 },
    );
  } finally {
    ticking = false;
    await ticker;
  }
  const db = t.database.db;

  // Exactly one 'rendered' attempt per order; the killed worker's attempts stayed open (outcome null).
  const attempts = await sql<{ order_id: string; rendered: number; open: number; total: number }>`
    select order_id, count(*) filter (where outcome = 'rendered')::int as rendered,
           count(*) filter (where outcome is null)::int as open, count(*)::int as total
    from render_attempts group by order_id`.execute(db);
  assert.equal(attempts.rows.length, LETTERS);
  for (const row of attempts.rows) assert.equal(row.rendered, 1, `${row.order_id}: one rendered attempt`);
  const interrupted = attempts.rows.filter((r) => r.open > 0);
  assert.ok(interrupted.length >= 1, 'some orders were caught by the kill and rendered again');
  t2.diagnostic(`orders whose render was interrupted and redone: ${interrupted.length}`);
  const { rows: outcomes } = await sql<{ outcome: string | null; n: number }>`
    select outcome, count(*)::int as n from render_attempts group by outcome order by outcome`.execute(db);
  t2.diagnostic(`attempts by outcome: ${JSON.stringify(outcomes)}`);
  // A render slower than the 2 s lease keeps its order (the worker renews the lease): none was taken again
  // and rendered twice side by side, only to lose the race to apply.
  assert.equal(outcomes.find((o) => o.outcome === 'lost')?.n ?? 0, 0, 'no render was done twice at once');

  const store = new DocumentStore(t.config.documents);
  const trackingCodes = new Set<string>();
  try {
    for (const id of ids) {
      const i = expected.get(id)!;
      const { rows: order } = await sql<{ render_status: string; page_count: number; status: string }>`
        select render_status, page_count, status from orders where id = ${id}`.execute(db);
      assert.equal(order[0]!.render_status, 'rendered');
      assert.equal(order[0]!.page_count, pagesOf(i), `${id}: page count`);

      // Its events in order: exactly one render → rendered, and nothing past `ready` before it.
      const { rows: events } = await sql<{ sequence: number; updated_fields: string[] | null; data: any }>`
        select sequence, updated_fields, data from events where order_id = ${id} order by sequence`.execute(
        db,
      );
      const renderChanges = events.filter(
        (e) => (e.updated_fields ?? []).includes('render') && e.data.render?.status === 'rendered',
      );
      assert.equal(renderChanges.length, 1, `${id}: one render → rendered event`);
      const renderedAt = renderChanges[0]!.sequence;
      for (const e of events) {
        if (e.data.status !== 'ready') {
          assert.ok(
            e.sequence > renderedAt,
            `${id}: ${e.data.status} (event ${e.sequence}) after its render`,
          );
          assert.equal(e.data.render?.status, 'rendered');
        }
      }
      assert.ok(
        events.some((e) => ['printing', 'completed'].includes(e.data.status)),
        `${id} moved on once rendered`,
      );

      // The one rendered document: a PDF of the letter's pages, at us_letter, with its own text.
      const documents = (await orderDocuments(db, id)).filter((d) => d.role === 'rendered');
      assert.equal(documents.length, 1, `${id}: one rendered document`);
      const bytes = await store.read(db, documents[0]!.document);
      assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
      const read = await readPdf(bytes);
      assert.equal(read.length, pagesOf(i), `${id}: pages in its PDF`);
      for (const [p, page] of read.entries()) {
        assert.ok(Math.abs(page.width - LETTER_PAGE.us_letter.width) < 0.5);
        assert.ok(Math.abs(page.height - LETTER_PAGE.us_letter.height) < 0.5);
        const text = page.texts.map((x) => x.str).join(' ');
        assert.ok(text.includes(`${markerOf(i)}, page ${p + 1}`), `${id} page ${p + 1}: its own text`);
      }

      // Live mail carries one IMb, assigned once however often its render was redone: the order's, on its PDF.
      const { rows: imbRows } = await sql<{ imb: { trackingCode: string; routingCode: string } | null }>`
        select imb from orders where id = ${id}`.execute(db);
      const imb = imbRows[0]!.imb;
      if (i % 2 === 0) {
        assert.ok(imb, `${id}: a live letter has its IMb`);
        const bars = await readBarcode(bytes, 1, LETTER_ENVELOPE.recipientWindow);
        assert.deepEqual(decodeImb(bars.bars), {
          trackingCode: imb.trackingCode,
          routingCode: imb.routingCode,
        });
        trackingCodes.add(imb.trackingCode);
      } else {
        assert.equal(imb, null, `${id}: a test letter has none`);
      }
    }
    assert.equal(trackingCodes.size, LETTERS / 2, 'every live letter its own IMb');
    const { rows: serials } = await sql<{ n: number }>`select count(*)::int as n from imb_serials`.execute(
      db,
    );
    assert.equal(serials[0]!.n, LETTERS / 2, 'no serial taken for a render that was redone');
  } finally {
    store.close();
  }
});

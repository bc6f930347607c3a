// Issue 16, "Judged by": with no system Chromium, a worker still renders. A real worker process
// (`mailstream start --role worker`) runs with CHROMIUM_PATH unset, a PATH on which there is no chromium
// (nor anything else), and a temp directory of its own, as on a fresh machine: it must unpack the
// Chromium of @sparticuz/chromium there and render a live letter with it — the PDF read back has the
// letter's text, the recipient in the window and the order's IMb — and the browser it runs is that one.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { LETTER_ENVELOPE } from '../../src/documents/geometry.ts';
import { orderDocuments } from '../../src/documents/links.ts';
import { DocumentStore } from '../../src/documents/store.ts';
import { decodeImb } from '../../src/tracking/imb-decode.ts';
import { senderAddress, startTestApp, type TestApp, usAddress } from '../support/app.ts';
import { eventually } from '../support/eventually.ts';
import { linesIn, readBarcode, readPdf } from '../support/pdf-readback.ts';
import { freePort, type Spawned, spawnCli, waitForHttp } from '../support/process.ts';

let t: TestApp;
let dir: string;
let worker: Spawned | undefined;
before(async () => {
  t = await startTestApp({ MAILSTREAM_PROFILE: 'production', IMB_MAILER_ID: '123456' });
  dir = await mkdtemp(path.join(os.tmpdir(), 'mailstream-fresh-'));
});
after(async () => {
  if (worker && worker.child.exitCode === null && worker.child.signalCode === null) {
    worker.child.kill('SIGTERM');
    await worker.exited;
  }
  await t.close();
  await rm(dir, { recursive: true, force: true });
});

/** Every process under `pid`, from /proc. */
async function descendantsOf(pid: number): Promise<number[]> {
  const all: number[] = [];
  for (const task of await readdir(`/proc/${pid}/task`).catch(() => [] as string[])) {
    const text = await readFile(`/proc/${pid}/task/${task}/children`, 'utf8').catch(() => '');
    for (const child of text.split(' ').filter(Boolean))
      all.push(Number(child), ...(await descendantsOf(Number(child))));
  }
  return all;
}

test('a worker with no CHROMIUM_PATH and no chromium on PATH renders with the packaged Chromium', {
  timeout: 180_000,
}, async () => {
  const emptyPath = path.join(dir, 'bin');
  const tmp = path.join(dir, 'tmp');
  const { mkdir } = await import('node:fs/promises');
  await mkdir(emptyPath);
  await mkdir(tmp);
  const port = await freePort();
  worker = spawnCli(['start', '--role', 'worker'], {
    DATABASE_URL: t.database.url,
    MAILSTREAM_PROFILE: 'production',
    MAILSTREAM_SECRET: t.config.secret!,
    IMB_MAILER_ID: '123456',
    PORT: String(port),
    HOST: '127.0.0.1',
    CHROMIUM_PATH: '',
    PATH: emptyPath,
    TMPDIR: tmp,
    LOG_LEVEL: 'warn',
  });
  await waitForHttp(`http://127.0.0.1:${port}/readyz`, 90_000);

  const created = await t.api('/letters', {
    method: 'POST',
    key: t.org.liveApiKey,
    json: {
      to: usAddress(),
      from: senderAddress(),
      html: '<p style="margin:4in 1in">Rendered on a fresh machine</p>',
    },
  });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  const order = await eventually(
    async () => {
      const read = await t.api(`/letters/${created.body.id}`, { key: t.org.liveApiKey });
      return read.body.render?.status !== 'rendering' && read.body;
    },
    120_000,
    'the letter rendered',
    { intervalMs: 200 },
  );
  assert.equal(order.render.status, 'rendered', `${JSON.stringify(order.render)}\n${worker.stderr()}`);

  // The browser the worker rendered with is the one it unpacked into its own temp directory.
  const browsers: string[] = [];
  for (const pid of await descendantsOf(worker.child.pid!)) {
    const argv = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
    if (/chrom/i.test(argv[0] ?? '') && !argv.some((arg) => arg.startsWith('--type=')))
      browsers.push(argv[0]!);
  }
  assert.ok(browsers.length >= 1, 'the worker runs a browser');
  for (const browser of browsers) assert.ok(browser.startsWith(tmp), `${browser} is the packaged Chromium`);

  const documents = (await orderDocuments(t.database.db, order.id)).filter((d) => d.role === 'rendered');
  assert.equal(documents.length, 1);
  const store = new DocumentStore(t.config.documents);
  let pdf: Uint8Array;
  try {
    pdf = await store.read(t.database.db, documents[0]!.document);
  } finally {
    store.close();
  }
  const [page] = await readPdf(pdf);
  assert.deepEqual([page!.width, page!.height], [612, 792]);
  assert.ok(page!.text.some((run) => run.str.includes('Rendered on a fresh machine')));
  assert.deepEqual(linesIn(page!, LETTER_ENVELOPE.recipientWindow).lines, [
    'ADA LOVELACE',
    '20 W 34TH ST',
    'NEW YORK NY 10001',
  ]);
  const bars = await readBarcode(pdf, 1, LETTER_ENVELOPE.recipientWindow);
  assert.deepEqual(decodeImb(bars.bars), {
    trackingCode: order.imb.trackingCode,
    routingCode: order.imb.routingCode,
  });
});

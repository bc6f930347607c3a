import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { loadConfig } from '../src/config/config.ts';
import { createDb } from '../src/db/database.ts';
import { letterSpec } from '../src/letters/service.ts';
import { createLogger } from '../src/logger.ts';
import { createOrder } from '../src/orders/service.ts';
import { createOrganization } from '../src/organizations/service.ts';
import { launchChromium, type ResolvedChromium, resolveChromium } from '../src/rendering/chromium.ts';
import { startHtmlRenderer } from '../src/rendering/html-renderer.ts';
import { processesMemoryMb, processTree } from '../src/rendering/process-memory.ts';
import { startRenderQueue } from '../src/rendering/render-queue.ts';
import { senderAddress, usAddress } from '../test/support/addresses.ts';
import { type BenchContext, type BenchResult, type BenchRow, besideFloor, closedLoop } from './context.ts';

const GROUP = 'Documents (issue 16)';
/** One render process with four pages, and the floor's one browser with four pages: the same concurrency. */
const PAGES = 4;
const LETTER = { width: 612, height: 792 };

/** A statement-like letter page: heading, paragraphs, a table and an inline SVG logo (no network). */
function letterPage(n: number): string {
  const rows = Array.from(
    { length: 12 },
    (_, i) =>
      `<tr><td>2026-11-${String(i + 1).padStart(2, '0')}</td><td>Item ${n}-${i}</td><td>$${(i * 13.37).toFixed(2)}</td></tr>`,
  ).join('');
  return `<section style="break-after:page;padding:0.75in;font:11pt/1.4 sans-serif">
<svg width="120" height="40" viewBox="0 0 120 40"><rect width="120" height="40" rx="6" fill="#1d4ed8"/><text x="12" y="26" fill="#fff" font-size="16">ACME</text></svg>
<h1 style="font-size:18pt">Your statement, page ${n}</h1>
<p>Dear Ada Lovelace, thank you for being a customer. ${'This is the body of the letter, set in a plain sans-serif. '.repeat(6)}</p>
<table style="width:100%;border-collapse:collapse" border="1"><tr><th>Date</th><th>Item</th><th>Amount</th></tr>${rows}</table>
<p style="background:#f3f4f6;padding:8pt">Questions? Call 1-800-555-0100.</p></section>`;
}

const letterHtml = (pages: number) =>
  `<!doctype html><html><body style="margin:0">${Array.from({ length: pages }, (_, i) => letterPage(i + 1)).join('')}</body></html>`;

/**
 * HTML letters rendered per second through startHtmlRenderer (one render process, four pages), beside
 * the floor: the same HTML rendered with setContent + page.pdf in a loop on four pages of a bare browser
 * of the same Chromium in this process (no IPC, no request blocking, no exact-size pass). Both run in
 * alternating halves, so load from other work on the machine falls on both alike. Then the memory of
 * the render process and its browser, beside the bare browser's.
 */
export async function benchRendering(context: BenchContext): Promise<BenchResult> {
  const seconds = Number(process.env.BENCH_RENDER_SECONDS ?? (context.quick ? 2 : 20));
  const warmUpMs = context.quick ? 500 : 2000;
  const chromium: ResolvedChromium = await resolveChromium({ chromiumPath: process.env.CHROMIUM_PATH });
  context.log(`rendering: ${chromium.source} ${chromium.executablePath}, ${seconds}s per measurement`);
  const renderer = await startHtmlRenderer({
    processes: 1,
    pagesPerProcess: PAGES,
    chromiumPath: chromium.executablePath,
    memoryIntervalMs: 250,
  });
  const browser = await launchChromium(chromium.executablePath);
  const rows: BenchRow[] = [];
  try {
    const pages = await Promise.all(Array.from({ length: PAGES }, () => browser.newPage()));
    let peakMemoryMb = 0;
    for (const pageCount of [1, 3]) {
      const html = letterHtml(pageCount);
      const viaRenderer = async () => {
        const pdf = await renderer.render({ html, ...LETTER });
        if (pdf.length < 1000) throw new Error('the renderer made no PDF');
        for (const p of renderer.stats().processes) peakMemoryMb = Math.max(peakMemoryMb, p.memoryMb);
      };
      const bare = async (loop: number) => {
        const page = pages[loop]!;
        await page.setContent(html, { waitUntil: 'load' });
        await page.pdf({
          width: '8.5in',
          height: '11in',
          printBackground: true,
          margin: { top: 0, right: 0, bottom: 0, left: 0 },
        });
      };
      await closedLoop(PAGES, warmUpMs, viaRenderer);
      await closedLoop(PAGES, warmUpMs, bare);
      const sums = { renderer: { count: 0, seconds: 0 }, floor: { count: 0, seconds: 0 } };
      context.log(`rendering: ${pageCount}-page letters, renderer and floor, ${seconds}s each`);
      for (let half = 0; half < 2; half++) {
        for (const [name, work] of [
          ['renderer', viaRenderer],
          ['floor', bare],
        ] as const) {
          const run = await closedLoop(PAGES, (seconds * 1000) / 2, work);
          sums[name].count += run.count;
          sums[name].seconds += run.seconds;
        }
      }
      const rate = sums.renderer.count / sums.renderer.seconds;
      const floor = sums.floor.count / sums.floor.seconds;
      rows.push({
        group: GROUP,
        name: `${pageCount}-page HTML letters rendered to PDF per second (startHtmlRenderer, 1 process × ${PAGES} pages)`,
        value: rate,
        unit: 'letters/s',
        ...besideFloor(rate, floor, 0.7),
        note:
          `floor: setContent + page.pdf of the same HTML on ${PAGES} pages of a bare browser, same Chromium ` +
          `(${chromium.source}, ${browser.version()}), in alternating halves; ${sums.renderer.count} renders`,
      });
    }
    const stats = renderer.stats();
    const renderPids = (
      await Promise.all(stats.processes.map((p) => (p.pid ? processTree(p.pid) : [])))
    ).flat();
    const bareBrowser = (await processTree(process.pid)).filter(
      (pid) => pid !== process.pid && !renderPids.includes(pid),
    );
    const bareMb = await processesMemoryMb(bareBrowser);
    const nowMb = stats.processes.reduce((sum, p) => sum + p.memoryMb, 0);
    rows.push({
      group: GROUP,
      name: `memory of one render process (node + its Chromium, ${PAGES} pages), peak while rendering`,
      value: peakMemoryMb,
      unit: 'MB',
      floor: bareMb,
      ratio: peakMemoryMb / bareMb,
      note:
        `${nowMb.toFixed(0)} MB at the end; floor: the bare browser with ${PAGES} pages after the same renders ` +
        `(both: private memory of every process plus the largest shared part once); RENDER_MAX_RSS_MB defaults to 1536`,
    });
  } finally {
    await browser.close();
    await renderer.close();
  }
  return { rows, points: [] };
}

/**
 * A batch of live letters of one template to distinct recipients, end to end: every letter created
 * (createOrder, in process, 16 at a time) while a render queue as a worker runs it (startRenderQueue: its
 * Chromium, RENDER_QUEUE_CONCURRENCY pages, merge, IMb, stamping, thumbnails, storage, events) renders
 * them, from the first create to the last `rendered`. Identical content is rendered by Chromium once and
 * stamped per recipient (order-render-cache.ts); the same batch with content unique to each letter is the
 * comparison. The floor is the "10,000 × the single-render floor": the bare page.pdf of the same
 * HTML in a bare browser of the same Chromium, one render at a time; the same loop on as many pages as the
 * queue renders at once is given in the note (a stricter floor). Floors are measured in two halves, before
 * and after the batches, so load from other work on the machine weighs on them as on the batches.
 */
export async function benchRenderBatch(context: BenchContext): Promise<BenchResult> {
  const identical = Number(process.env.BENCH_RENDER_BATCH ?? (context.quick ? 300 : 10_000));
  const unique = Number(process.env.BENCH_RENDER_UNIQUE ?? (context.quick ? 60 : 1_000));
  const floorSeconds = Number(process.env.BENCH_RENDER_FLOOR_SECONDS ?? (context.quick ? 4 : 20));
  const url = await context.createDatabase();
  const config = loadConfig({
    DATABASE_URL: url,
    LOG_LEVEL: 'warn',
    MAILSTREAM_PROFILE: 'production',
    MAILSTREAM_SECRET: randomBytes(32).toString('hex'),
  });
  const logger = createLogger(config);
  const { db } = createDb(url, 24);
  const org = await createOrganization(db, 'Render batch');
  const auth = { organizationId: org.organizationId, live: true, keyId: 'bench' };
  const pages = config.renderQueue.concurrency;
  // One page of the statement letter: the template, which does not print the recipient (it is stamped).
  const template = letterHtml(1);
  const uniqueHtml = (n: number) => template.replace('Your statement, page 1', `Your statement ${n}`);

  const chromium = await resolveChromium({ chromiumPath: config.pdfRendering.chromiumPath });
  const browser = await launchChromium(chromium.executablePath);
  const floorPages = await Promise.all(Array.from({ length: pages }, () => browser.newPage()));
  const floorRun = async (seconds: number, concurrency: number) =>
    closedLoop(concurrency, seconds * 1000, async (loop) => {
      const page = floorPages[loop]!;
      await page.setContent(template, { waitUntil: 'load' });
      await page.pdf({
        width: '8.5in',
        height: '11in',
        printBackground: true,
        margin: { top: 0, right: 0, bottom: 0, left: 0 },
      });
    });

  /** Creates `count` letters while a render queue renders them; letters per second, create → rendered. */
  const batch = async (label: string, count: number, html: (n: number) => string) => {
    let rendered = 0;
    let failed = 0;
    let done!: () => void;
    const all = new Promise<void>((resolve) => {
      done = resolve;
    });
    const queue = startRenderQueue({
      db,
      config,
      logger,
      onRendered: (_id, outcome) => {
        if (outcome === 'rendered') rendered++;
        else if (outcome === 'failed') failed++;
        if (rendered + failed === count) done();
      },
    });
    // Chromium started and warm before the clock starts, as in a running worker.
    const warm = await createOrder(db, auth, letterSpec, {
      to: usAddress({ firstName: 'Warm' }),
      from: senderAddress(),
      html: '<p>warm-up</p>',
    } as never);
    count++;
    while (rendered + failed < 1) await new Promise((resolve) => setTimeout(resolve, 50));
    context.log(`render batch: ${label}, ${count - 1} letters (warm-up ${warm.id} rendered)`);
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < count - 1) {
          const n = next++;
          await createOrder(db, auth, letterSpec, {
            to: usAddress({ firstName: `Reader${n}`, lastName: `Batch${n}` }),
            from: senderAddress(),
            html: html(n),
          } as never);
        }
      }),
    );
    const created = performance.now();
    await all;
    const seconds = (performance.now() - started) / 1000;
    await queue.stop();
    if (failed > 0) throw new Error(`${failed} letters of the ${label} batch failed to render`);
    const { rows } = await sql<{ reused: number; imbs: number }>`
      select (select count(*)::int from render_attempts where reused and outcome = 'rendered') as reused,
             (select count(distinct imb ->> 'trackingCode')::int from orders where imb is not null) as imbs`.execute(
      db,
    );
    context.log(
      `render batch: ${label}: ${count - 1} in ${seconds.toFixed(1)} s (creates took ${((created - started) / 1000).toFixed(1)} s); ` +
        `${rows[0]!.imbs} distinct IMbs so far`,
    );
    return { rate: (count - 1) / seconds, seconds, reused: rows[0]!.reused, imbs: rows[0]!.imbs };
  };

  try {
    await floorRun(context.quick ? 0.5 : 2, pages);
    const halves = async () => ({
      single: await floorRun(floorSeconds / 2, 1),
      paged: await floorRun(floorSeconds / 2, pages),
    });
    const before = await halves();
    const same = await batch('identical content', identical, () => template);
    const distinct = await batch('unique content', unique, uniqueHtml);
    const afterFloor = await halves();
    const rateOf = (a: { count: number; seconds: number }, b: { count: number; seconds: number }) =>
      (a.count + b.count) / (a.seconds + b.seconds);
    const floor = rateOf(before.single, afterFloor.single);
    const paged = rateOf(before.paged, afterFloor.paged);
    const floorNote =
      `floor: setContent + page.pdf of the same 1-page HTML in a bare browser of the same Chromium ` +
      `(${chromium.source}, ${browser.version()}), one at a time (× ${identical.toLocaleString('en-US')}: the batch's ` +
      `single-render floor); on ${pages} pages at once ${paged.toFixed(1)} letters/s (${(same.rate / paged).toFixed(2)} of it); ` +
      `floors ${floorSeconds} s each, in halves before and after the batches`;
    return {
      rows: [
        {
          group: GROUP,
          name: `${identical.toLocaleString('en-US')}-letter batch, one template, distinct recipients, create → rendered (live, IMb stamped)`,
          value: same.rate,
          unit: 'letters/s',
          ...besideFloor(same.rate, floor, 1),
          note: `${same.seconds.toFixed(0)} s for the batch, ${same.reused.toLocaleString('en-US')} renders reused; ${floorNote}`,
        },
        {
          group: GROUP,
          name: `${unique.toLocaleString('en-US')}-letter batch, content unique to each letter, create → rendered (live, IMb stamped)`,
          value: distinct.rate,
          unit: 'letters/s',
          ...besideFloor(distinct.rate, floor),
          note:
            `${distinct.seconds.toFixed(0)} s for the batch; the same pipeline with a Chromium render per letter; ` +
            `identical content runs at ${(same.rate / distinct.rate).toFixed(2)} × this rate; floor as above ` +
            `(${pages} pages at once: ${paged.toFixed(1)} letters/s, ${(distinct.rate / paged).toFixed(2)} of it)`,
        },
      ],
      points: [],
    };
  } finally {
    await browser.close();
    await db.destroy();
  }
}

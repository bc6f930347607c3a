import { launchChromium, type ResolvedChromium, resolveChromium } from '../src/rendering/chromium.ts';
import { startHtmlRenderer } from '../src/rendering/html-renderer.ts';
import { processesMemoryMb, processTree } from '../src/rendering/process-memory.ts';
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

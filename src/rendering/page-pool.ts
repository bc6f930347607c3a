// One browser and a fixed set of pages that take turns rendering: the inside of a render process
// (src/rendering/render-process.ts). Reusing a page skips the cost of making one per render; a page that
// timed out or crashed is closed and replaced, so the next render starts on a clean page.
import type { Browser, Page } from 'playwright-core';
import { launchChromium, startBlackhole } from './chromium.ts';
import { withoutMetaRefresh } from './meta-refresh.ts';
import { withExactPageSize } from './page-size.ts';
import { RenderError } from './render-error.ts';

export interface PdfPageRequest {
  html: string;
  /** PDF points, bleed included. */
  width: number;
  height: number;
}

/** Larger than any mail piece (a 9.5 × 16 in self-mailer is 684 × 1152 pt) and far under Chromium's limits. */
export const MAX_PAGE_SIDE = 72 * 100;

export function checkRequest(request: PdfPageRequest): void {
  if (typeof request?.html !== 'string') throw new RenderError('invalid_request', 'html must be a string');
  for (const side of ['width', 'height'] as const) {
    const value = request[side];
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > MAX_PAGE_SIDE) {
      throw new RenderError(
        'invalid_request',
        `${side} must be a number of points above 0 and at most ${MAX_PAGE_SIDE}, got ${String(value)}`,
      );
    }
  }
}

/**
 * Customer HTML is rendered with JavaScript off and no network: every request a page makes (images,
 * stylesheets, fonts, frames) is aborted before it leaves the browser, so HTML cannot reach internal
 * services (SSRF) or leak who prints it. `data:` URLs never reach the route and still load. Offline mode
 * is a second fence behind the route.
 */
async function isolatedPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({
    javaScriptEnabled: false,
    offline: true,
    serviceWorkers: 'block',
  });
  await context.route('**/*', (route) => route.abort('blockedbyclient'));
  const page = await context.newPage();
  // Closing the page ends its context too: nothing of a render outlives its page.
  page.once('close', () => void context.close().catch(() => {}));
  return page;
}

export class PagePool {
  private readonly idle: Page[] = [];
  private readonly waiting: Array<(page: Page) => void> = [];
  private closed = false;

  private constructor(
    readonly browser: Browser,
    private readonly blackhole: { close(): Promise<void> },
  ) {}

  static async open(executablePath: string, pages: number): Promise<PagePool> {
    const blackhole = await startBlackhole();
    let browser: Browser | undefined;
    try {
      browser = await launchChromium(executablePath, { blackholePort: blackhole.port });
      const pool = new PagePool(browser, blackhole);
      for (let i = 0; i < pages; i++) pool.idle.push(await isolatedPage(browser));
      return pool;
    } catch (error) {
      await browser?.close().catch(() => {});
      await blackhole.close();
      throw error;
    }
  }

  private acquire(): Promise<Page> {
    const page = this.idle.pop();
    if (page) return Promise.resolve(page);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(page: Page): void {
    const next = this.waiting.shift();
    if (next) next(page);
    else this.idle.push(page);
  }

  /** A page that may still be busy (a print that timed out) is closed, and a fresh one takes its place. */
  private async replace(page: Page): Promise<void> {
    void page.close().catch(() => {});
    if (this.closed) return;
    try {
      this.release(await isolatedPage(this.browser));
    } catch {
      // The browser is gone: the render process sees it disconnect and ends (src/rendering/render-process.ts).
    }
  }

  async render(request: PdfPageRequest, timeoutMs: number): Promise<Uint8Array> {
    checkRequest(request);
    if (this.closed) throw new RenderError('closed', 'the page pool is closed');
    const page = await this.acquire();
    const deadline = Date.now() + timeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new RenderError('timeout', `rendering took longer than ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      const printed = (async () => {
        await page.setContent(withoutMetaRefresh(request.html), { waitUntil: 'load', timeout: timeoutMs });
        return page.pdf({
          width: `${request.width / 72}in`,
          height: `${request.height / 72}in`,
          printBackground: true,
          margin: { top: 0, right: 0, bottom: 0, left: 0 },
          preferCSSPageSize: false,
        });
      })();
      printed.catch(() => {});
      const pdf = await Promise.race([printed, timedOut]);
      const exact = await withExactPageSize(pdf, request.width, request.height);
      this.release(page);
      return exact;
    } catch (error) {
      void this.replace(page);
      throw classify(error, Date.now() >= deadline, timeoutMs);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.browser.close().catch(() => {});
    await this.blackhole.close();
  }
}

function classify(error: unknown, pastDeadline: boolean, timeoutMs: number): RenderError {
  if (error instanceof RenderError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (pastDeadline || (error instanceof Error && error.name === 'TimeoutError')) {
    return new RenderError('timeout', `rendering took longer than ${timeoutMs} ms`);
  }
  if (/crash|closed|disconnected/i.test(message)) return new RenderError('crashed', message);
  return new RenderError('failed', message);
}

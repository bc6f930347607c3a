// A render process: one Chromium and its page pool (src/rendering/page-pool.ts), driven over IPC by
// src/rendering/html-renderer.ts. It exits when its browser disconnects (a crash, or the browser killed):
// the parent sees the exit, retries the renders it had in flight once and starts a new process. It also
// exits when the parent goes away, so no browser outlives the process that asked for it.
import { PagePool } from './page-pool.ts';
import { treeMemoryMb } from './process-memory.ts';
import { RenderError } from './render-error.ts';
import {
  EXIT_BROWSER_GONE,
  EXIT_START_FAILED,
  type FromRenderProcess,
  type RenderProcessSettings,
  type ToRenderProcess,
} from './render-protocol.ts';

function send(message: FromRenderProcess): void {
  if (process.connected) process.send?.(message);
}

async function main(): Promise<void> {
  const settings = JSON.parse(process.argv[2] ?? '{}') as RenderProcessSettings;
  let pool: PagePool;
  try {
    pool = await PagePool.open(settings.executablePath, settings.pages);
  } catch (error) {
    send({ type: 'start_failed', message: error instanceof Error ? error.message : String(error) });
    process.exit(EXIT_START_FAILED);
  }
  let closing = false;
  const close = async () => {
    if (closing) return;
    closing = true;
    await pool.close();
    process.exit(0);
  };
  pool.browser.on('disconnected', () => {
    if (!closing) process.exit(EXIT_BROWSER_GONE);
  });
  process.on('disconnect', () => void close());
  process.on('message', (message: ToRenderProcess) => {
    if (message.type === 'close') {
      void close();
      return;
    }
    const { id, request } = message;
    pool.render(request, settings.timeoutMs).then(
      (pdf) => send({ type: 'rendered', id, pdf }),
      (error: unknown) => {
        const failure =
          error instanceof RenderError
            ? error
            : new RenderError('failed', error instanceof Error ? error.message : String(error));
        send({ type: 'failed', id, reason: failure.reason, message: failure.message });
      },
    );
  });
  let measuring = false;
  const report = async () => {
    if (measuring) return;
    measuring = true;
    try {
      send({ type: 'memory', memoryMb: await treeMemoryMb(process.pid) });
    } finally {
      measuring = false;
    }
  };
  setInterval(() => void report(), settings.memoryIntervalMs).unref();
  send({ type: 'ready', browserVersion: pool.browser.version() });
  void report();
}

await main();

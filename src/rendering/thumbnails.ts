// Thumbnails of a rendered piece: one PNG set `{small, medium, large}` per page (Lob's `thumbnails`).
//
// Drawing a page is CPU-heavy (a letter page at 600 px wide takes tens of milliseconds, a photo-heavy
// postcard much more), so it never runs on the event loop: every job goes to a small pool of worker
// threads (piscina), with a wall-clock budget per job. A job past its budget has its thread terminated
// (piscina starts a replacement) and the caller gets a ThumbnailTimeoutError; a PDF that cannot be drawn
// rejects with pdfjs's error.
//
// The pool is made on first use; its idle threads are unreferenced, so they never keep a process alive.
// `closeThumbnailPool` stops them (tests, shutdown).
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { ThumbnailPages, ThumbnailStarted, ThumbnailTask } from './thumbnail-worker.ts';

/** PNG bytes of one page at three widths. */
export interface ThumbnailSet {
  small: Uint8Array;
  medium: Uint8Array;
  large: Uint8Array;
}

/** Pixel widths of the three sizes (the page's height follows its aspect ratio). */
export const THUMBNAIL_WIDTHS: Readonly<Record<keyof ThumbnailSet, number>> = {
  small: 150,
  medium: 300,
  large: 600,
};

export interface ThumbnailOptions {
  /** Pixel widths, default THUMBNAIL_WIDTHS. */
  widths?: Record<keyof ThumbnailSet, number>;
  /** Wall-clock budget of the whole job in ms, from when a thread takes it (queueing excluded); default 60 s. */
  timeoutMs?: number;
  /** Only the first this many pages (default all, up to 1000). */
  maxPages?: number;
}

/** The job used up its time budget; its thread was stopped. */
export class ThumbnailTimeoutError extends Error {
  override name = 'ThumbnailTimeoutError';
}

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_PAGES = 1000;
/** Each thread keeps pdfjs and a canvas; two are enough to keep up with rendering on a small machine. */
const THREADS = Math.max(1, Math.min(2, availableParallelism()));
/** A thread with pdfjs loaded uses ~100 MB; a large page at 600 px needs a few MB more. */
const THREAD_MEMORY_MB = 512;

let pool: Piscina | null = null;
// Start notices from the threads, by job id: each starts its job's clock.
const starting = new Map<number, () => void>();
let lastId = 0;

function currentPool(): Piscina {
  if (pool) return pool;
  pool = new Piscina({
    filename: new URL('./thumbnail-thread.mjs', import.meta.url).href,
    minThreads: 0,
    maxThreads: THREADS,
    // Starting a thread (tsx, pdfjs) costs a few hundred ms; keep an idle one around for the next job.
    idleTimeout: 30_000,
    // The entry registers tsx itself; inheriting `--import tsx` would load it twice.
    execArgv: [],
    resourceLimits: { maxOldGenerationSizeMb: THREAD_MEMORY_MB },
  });
  pool.on('message', (message: ThumbnailStarted) => starting.get(message.thumbnailStarted)?.());
  return pool;
}

/** Stops the pool's threads; a later job starts a new pool. */
export async function closeThumbnailPool(): Promise<void> {
  const current = pool;
  pool = null;
  await current?.destroy();
}

/**
 * One `{small, medium, large}` PNG set per page of `pdf`, page 1 first, drawn on a worker thread.
 * Rejects with ThumbnailTimeoutError past the budget, or with pdfjs's error for a PDF it cannot read.
 */
export async function renderThumbnails(
  pdf: Uint8Array,
  options: ThumbnailOptions = {},
): Promise<ThumbnailSet[]> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const id = ++lastId;
  const task: ThumbnailTask = {
    id,
    pdf,
    widths: { ...(options.widths ?? THUMBNAIL_WIDTHS) },
    maxPages: options.maxPages ?? DEFAULT_MAX_PAGES,
  };
  const controller = new AbortController();
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  // The budget counts from when a thread takes the job, not while it waits in the queue.
  starting.set(id, () => {
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
  });
  const piscina = currentPool();
  try {
    const pages = (await piscina.run(task, { signal: controller.signal })) as ThumbnailPages;
    return pages.map((set) => ({
      small: toBytes(set.small),
      medium: toBytes(set.medium),
      large: toBytes(set.large),
    }));
  } catch (error) {
    if (timedOut) {
      throw new ThumbnailTimeoutError(`drawing the thumbnails took more than ${timeoutMs} ms`);
    }
    throw error;
  } finally {
    clearTimeout(timer);
    starting.delete(id);
  }
}

/** Structured clone hands back a Uint8Array (or a Buffer's view); always a plain Uint8Array. */
function toBytes(value: Uint8Array | undefined): Uint8Array {
  if (!value) throw new Error('thumbnail worker returned a set without every size');
  return value instanceof Uint8Array
    ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
    : value;
}

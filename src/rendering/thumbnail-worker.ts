// One thumbnail job on a thread of the thumbnail pool (src/rendering/thumbnails.ts): every page of a PDF
// drawn at each width and encoded as PNG. Plain data in and out: it crosses threads.
import { parentPort } from 'node:worker_threads';
import { openForRaster } from './rasterise.ts';

export interface ThumbnailTask {
  /** The pool's id of this job, echoed in the start notice that starts its time budget. */
  id: number;
  pdf: Uint8Array;
  /** Pixel widths by name, e.g. { small: 150, medium: 300, large: 600 }. */
  widths: Record<string, number>;
  /** At most this many pages, from the first. */
  maxPages: number;
}

export type ThumbnailPages = Record<string, Uint8Array>[];

/** Posted to the pool as a job starts on this thread. */
export interface ThumbnailStarted {
  thumbnailStarted: number;
}

export default async function run(task: ThumbnailTask): Promise<ThumbnailPages> {
  parentPort?.postMessage({ thumbnailStarted: task.id } satisfies ThumbnailStarted);
  const document = await openForRaster(task.pdf);
  try {
    const pages: ThumbnailPages = [];
    const count = Math.min(document.pageCount, task.maxPages);
    for (let page = 1; page <= count; page++) {
      const names = Object.keys(task.widths);
      const pngs = await document.pngs(page, Object.values(task.widths));
      pages.push(Object.fromEntries(names.map((name, n) => [name, pngs[n]!])));
    }
    return pages;
  } finally {
    await document.close();
  }
}

// Identical content is rendered once (BRIEF §13): a batch of one template to many recipients merges to
// the same HTML when the template does not print the recipient (the address is stamped, not rendered), so
// its PDF is kept by the sha256 of the HTML and the page size, and each order stamps its own addresses
// on a copy. The cache is per worker process and bounded; concurrent renders of the same content share
// one Chromium render. Renders that fail are not kept.
import { createHash } from 'node:crypto';
import type { Size } from '../documents/geometry.ts';

export class OrderRenderCache {
  readonly #entries = new Map<string, Promise<Uint8Array>>();

  constructor(readonly maxEntries = 256) {}

  /** `render()`'s PDF for this HTML and size, made once while it stays in the cache. */
  async render(
    html: string,
    size: Size,
    render: () => Promise<Uint8Array>,
  ): Promise<{ pdf: Uint8Array; reused: boolean }> {
    const key = createHash('sha256').update(`${size.width}x${size.height}\0`).update(html).digest('hex');
    const cached = this.#entries.get(key);
    if (cached) {
      // Most recently used last: the first entry is the one to evict.
      this.#entries.delete(key);
      this.#entries.set(key, cached);
      return { pdf: await cached, reused: true };
    }
    const made = render();
    this.#entries.set(key, made);
    made.catch(() => {
      if (this.#entries.get(key) === made) this.#entries.delete(key);
    });
    while (this.#entries.size > this.maxEntries) {
      this.#entries.delete(this.#entries.keys().next().value!);
    }
    return { pdf: await made, reused: false };
  }

  get size(): number {
    return this.#entries.size;
  }
}

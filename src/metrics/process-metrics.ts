// The series counted where things happen (transitions, deliveries, scans) and the process's own (CPU,
// memory, event loop, GC): one registry per process, since the code that counts has no app at hand. Every
// /metrics of the process serves it beside its app's own series (./endpoint.ts).
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';

export const processRegistry = new Registry();
collectDefaultMetrics({ register: processRegistry });

const ordersMoved = new Counter({
  name: 'mailstream_orders_moved_total',
  help: 'Orders moved from one status to another (src/orders/lifecycle.ts), by transition.',
  labelNames: ['from', 'to'] as const,
  registers: [processRegistry],
});

/**
 * Counts a transition's moved orders. A move inside a transaction that later rolls back (a test-mode
 * progression that fails further on) is counted all the same: counters say what was done, not kept.
 */
export function countMoved(from: readonly string[], to: string, n: number): void {
  if (n > 0) ordersMoved.inc({ from: from.join('|'), to }, n);
}

const deliveries = new Counter({
  name: 'mailstream_webhook_deliveries_total',
  help: 'Webhook delivery attempts recorded by this process, by outcome (delivered, retry, failed, gone).',
  labelNames: ['outcome'] as const,
  registers: [processRegistry],
});

export function countDeliveries(attempts: readonly { outcome: string }[]): void {
  for (const attempt of attempts) deliveries.inc({ outcome: attempt.outcome });
}

const scans = new Counter({
  name: 'mailstream_ivmtr_scans_total',
  help: 'USPS IV-MTR scan events ingested by this process, by source and result (received, matched, unmatched, duplicate, invalid).',
  labelNames: ['source', 'result'] as const,
  registers: [processRegistry],
});

const lastScanAt = new Map<string, number>();

new Gauge({
  name: 'mailstream_ivmtr_seconds_since_last_scan',
  help: 'Seconds since this process last ingested a batch of USPS scans, by source; absent before the first. Take the min() over processes.',
  labelNames: ['source'] as const,
  registers: [processRegistry],
  collect() {
    const now = Date.now();
    for (const [source, at] of lastScanAt) this.set({ source }, (now - at) / 1000);
  },
});

export function countScans(
  source: string,
  result: { received: number; matched: number; unmatched: number; duplicates: number; invalid: number },
): void {
  scans.inc({ source, result: 'received' }, result.received);
  scans.inc({ source, result: 'matched' }, result.matched);
  scans.inc({ source, result: 'unmatched' }, result.unmatched);
  scans.inc({ source, result: 'duplicate' }, result.duplicates);
  scans.inc({ source, result: 'invalid' }, result.invalid);
  if (result.received > 0) lastScanAt.set(source, Date.now());
}

/** What a render queue reports (src/metrics/render-queue.ts). */
export interface RenderQueueState {
  depth: number;
  /** Seconds the oldest document has waited; null when the queue is empty. */
  oldestAgeSeconds: number | null;
}

let renderQueue: (() => Promise<RenderQueueState>) | undefined;

/**
 * Adds `mailstream_render_queue_depth` and `mailstream_render_queue_oldest_age_seconds` to every /metrics
 * of the process, read from `source` at each scrape. For the document renderer (built elsewhere) to call
 * once at start with a reader of its queue; until then the series do not exist. Registering again
 * replaces the source.
 */
export function registerRenderQueueMetrics(source: () => Promise<RenderQueueState>): void {
  const first = renderQueue === undefined;
  renderQueue = source;
  if (!first) return;
  let pending: Promise<RenderQueueState | undefined> | undefined;
  // Both gauges from one read per scrape.
  const read = () => {
    pending ??= (renderQueue?.() ?? Promise.resolve(undefined))
      .catch(() => undefined)
      .finally(() => setImmediate(() => (pending = undefined)));
    return pending;
  };
  new Gauge({
    name: 'mailstream_render_queue_depth',
    help: 'Documents waiting to be rendered.',
    registers: [processRegistry],
    async collect() {
      const state = await read();
      if (state) this.set(state.depth);
    },
  });
  new Gauge({
    name: 'mailstream_render_queue_oldest_age_seconds',
    help: 'Seconds the oldest document waiting to be rendered has waited (0 when none wait).',
    registers: [processRegistry],
    async collect() {
      const state = await read();
      if (state) this.set(state.oldestAgeSeconds ?? 0);
    },
  });
}

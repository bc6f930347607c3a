// Load for the scale-out and crash tests and the soak script: creates (letters, postcards; test and live;
// some with Idempotency-Keys, some of those repeated), cancels, test-mode progressions, an external printer
// on /printer/v1 and a USPS feed on /usps/v1/ivmtr. Every answer is written to a ledger that the
// invariants (test/support/invariants.ts) hold the database to.
import { randomUUID } from 'node:crypto';
import { senderAddress } from './app.ts';

/** A small seeded PRNG (mulberry32), so a run's choices can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Reply {
  status: number;
  body: any;
  /** Requests it took (more than one after retries). */
  attempts: number;
  /** The process that answered. */
  url: string;
}

export interface ClientOptions {
  /** Base URLs of the API processes; requests go round-robin. */
  urls: string[];
  /**
   * Crash mode: connection errors, 5xx and 429 are retried — the same request, the same Idempotency-Key —
   * on the next process until `retryForMs` has passed. Otherwise each is a problem and is not retried.
   */
  retry: boolean;
  retryForMs?: number;
  problems: string[];
}

/** HTTP client spreading requests over the API processes. */
export class Client {
  private next = 0;
  /** Requests sent, and attempts that failed and were retried. */
  requests = 0;
  retried = 0;

  constructor(readonly options: ClientOptions) {}

  private pick(): string {
    const url = this.options.urls[this.next % this.options.urls.length]!;
    this.next++;
    return url;
  }

  /**
   * One request. Returns its reply, or null when no answer came (and, in crash mode, none came before the
   * deadline either): then the outcome is unknown.
   */
  async send(
    method: string,
    path: string,
    init: { json?: unknown; headers?: Record<string, string>; base?: string } = {},
  ): Promise<Reply | null> {
    const deadline = Date.now() + (this.options.retryForMs ?? 60_000);
    let delay = 100;
    for (let attempt = 1; ; attempt++) {
      const base = attempt === 1 && init.base ? init.base : this.pick();
      this.requests++;
      let reply: Reply | null = null;
      let failure = '';
      try {
        const response = await fetch(`${base}${path}`, {
          method,
          headers: {
            ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}),
            ...init.headers,
          },
          body: init.json !== undefined ? JSON.stringify(init.json) : undefined,
          signal: AbortSignal.timeout(20_000),
        });
        const text = await response.text();
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {}
        reply = { status: response.status, body, attempts: attempt, url: base };
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        failure = `${(error as Error).message}${cause ? ` (${cause.code ?? cause.message})` : ''}`;
      }
      const retryable = reply === null || reply.status >= 500 || reply.status === 429;
      if (!retryable) return reply;
      if (!this.options.retry) {
        this.options.problems.push(
          `${method} ${path} on ${base}: ${reply ? `${reply.status} ${JSON.stringify(reply.body)}` : failure}`,
        );
        return reply;
      }
      if (Date.now() + delay > deadline) return null;
      this.retried++;
      await sleep(delay);
      delay = Math.min(1000, delay * 2);
    }
  }
}

export type Kind = 'letter' | 'postcard';

export interface CreateRecord {
  /** Client reference, stored in the order's metadata: how the invariants find the order. */
  ref: string;
  kind: Kind;
  live: boolean;
  idempotencyKey: string | null;
  /** Ids of every acknowledged answer (HTTP 200 with an id) to this create, its repeats included. */
  acknowledged: string[];
  /** Refused with a 400 (see `expiredRetries`). */
  refused?: boolean;
}

export interface CancelRecord {
  id: string;
  kind: Kind;
  /** cancelled: answered 200 (or "already cancelled" after a retry); refused: 422, the order had moved on. */
  outcome: 'cancelled' | 'refused' | 'unknown';
}

export interface Ledger {
  creates: CreateRecord[];
  /** Retried creates refused because their sendDate had passed meanwhile (none of their attempts committed). */
  expiredRetries: number;
  /** References of requests that reused a key with another body: they must never be stored. */
  refusedRefs: string[];
  cancels: CancelRecord[];
  progressions: { moved: number; refused: number };
  printer: {
    claimed: number;
    mailed: number;
    failed: number;
    late: number;
    lateRefused: number;
    retriedRefused: number;
  };
  scans: {
    batches: number;
    events: number;
    matched: number;
    duplicates: number;
    /** Serials (under UNMATCHED_MAILER_ID) of unmatched scans a batch that was acknowledged held. */
    unmatchedAcknowledged: Map<string, string>;
    /** Serials of every unmatched scan sent, acknowledged or not. */
    unmatchedSent: Set<string>;
    /** Orders whose scans were acknowledged. */
    ordersScanned: Set<string>;
  };
  /** Answers no correct server gives (a 5xx without crashes, a 400 to a valid request…). */
  problems: string[];
}

export function newLedger(): Ledger {
  return {
    creates: [],
    expiredRetries: 0,
    refusedRefs: [],
    cancels: [],
    progressions: { moved: 0, refused: 0 },
    printer: { claimed: 0, mailed: 0, failed: 0, late: 0, lateRefused: 0, retriedRefused: 0 },
    scans: {
      batches: 0,
      events: 0,
      matched: 0,
      duplicates: 0,
      unmatchedAcknowledged: new Map(),
      unmatchedSent: new Set(),
      ordersScanned: new Set(),
    },
    problems: [],
  };
}

/** A Mailer ID no order uses (orders get IMB_MAILER_ID): scans under it are unmatched by construction. */
export const UNMATCHED_MAILER_ID = '123456';

export interface LoadKeys {
  testApiKey: string;
  liveApiKey: string;
  printerKey: string;
  feedToken: string;
}

export interface CreatePlan {
  /** Creates in the round; with `durationMs`, at most this many. */
  creates: number;
  /** Stop starting creates after this long (crash runs, where throughput depends on the kills). */
  durationMs?: number;
  /** Creates in flight at once. */
  concurrency: number;
  /** Share of creates sent with an Idempotency-Key (1 in crash mode: acknowledged must mean stored once). */
  keyedShare: number;
  /** Share of keyed creates sent a second time with the same key (at once to the other process, or after). */
  repeatShare: number;
  /** Share of acknowledged orders cancelled a moment later (some win, some lose the race to printing). */
  cancelShare: number;
  /** Share of test orders given one to three progressions. */
  progressShare: number;
  /** Orders are created with sendDate now (50%) or up to this far ahead, so cancels race the scheduler. */
  maxSendAheadMs: number;
}

const address = (n: number, random: () => number) => ({
  // Half the orders share one recipient: the deduplicated contact upsert is contended across processes.
  firstName: random() < 0.5 ? 'Ada' : `Ada${n}`,
  lastName: 'Lovelace',
  addressLine1: '20 W 34th St',
  city: 'New York',
  provinceOrState: 'NY',
  postalOrZip: random() < 0.5 ? '10001' : '10001-1234',
  countryCode: 'US',
});

const sender = senderAddress();

const pathOf = (kind: Kind) => (kind === 'letter' ? '/letters' : '/postcards');

/** Creates, cancels and progressions, as planned; resolves once every follow-up has answered. */
export async function runCreates(
  client: Client,
  keys: LoadKeys,
  plan: CreatePlan,
  ledger: Ledger,
  random: () => number,
): Promise<void> {
  const followUps: Promise<void>[] = [];
  let n = 0;
  const api = (live: boolean, extra: Record<string, string> = {}) => ({
    'x-api-key': live ? keys.liveApiKey : keys.testApiKey,
    ...extra,
  });

  const createOne = async () => {
    const i = n++;
    const kind: Kind = random() < 0.6 ? 'letter' : 'postcard';
    const live = random() < 0.6;
    const ref = randomUUID();
    const sendAhead = random() < 0.5 ? 0 : 1000 + random() * Math.max(0, plan.maxSendAheadMs - 1000);
    const sendDateMs = Date.now() + sendAhead;
    const body: Record<string, unknown> = {
      to: address(i, random),
      metadata: { ref },
      description: `load ${i}`,
      ...(sendAhead > 0 ? { sendDate: new Date(sendDateMs).toISOString() } : {}),
      ...(kind === 'letter'
        ? { from: sender, html: '<p>Hello {{to.firstName}}</p>' }
        : {
            size: '6x4',
            frontHTML: '<h1>Hi {{to.firstName}}</h1>',
            backHTML: '<p>{{offer}}</p>',
            mergeVariables: { offer: 'x' },
          }),
    };
    const keyed = random() < plan.keyedShare;
    const record: CreateRecord = {
      ref,
      kind,
      live,
      idempotencyKey: keyed ? `load-${ref}` : null,
      acknowledged: [],
    };
    ledger.creates.push(record);
    const headers = api(live, record.idempotencyKey ? { 'idempotency-key': record.idempotencyKey } : {});
    const send = async (base?: string) => {
      const reply = await client.send('POST', `/print-mail/v1${pathOf(kind)}`, { json: body, headers, base });
      if (reply?.status === 200 && typeof reply.body?.id === 'string') {
        record.acknowledged.push(reply.body.id);
      } else if (
        reply &&
        (reply.attempts > 1 || client.options.retry || Date.now() >= sendDateMs) &&
        /sendDate cannot be in the past/.test(reply.body?.error?.message)
      ) {
        // A create that never committed, tried again (a retry, or its repeat) after its sendDate had
        // passed, or one the loaded server reached only after it had passed: rightly refused, and then
        // nothing may be stored under its key.
        ledger.expiredRetries++;
        record.refused = true;
      } else if (reply && reply.status < 500) {
        ledger.problems.push(`create ${ref}: ${reply.status} ${JSON.stringify(reply.body)}`);
      }
      return reply;
    };
    const repeat = keyed && random() < plan.repeatShare;
    if (repeat && random() < 0.5) {
      // The same key at once on two processes: one creates, the other waits for it and replays.
      await Promise.all([send(client.options.urls[0]), send(client.options.urls.at(-1))]);
    } else {
      await send();
      if (repeat) await send();
    }
    const id = record.acknowledged[0];
    if (!id) return;
    if (keyed && random() < 0.03) {
      // The same key with another body is refused, and nothing is stored under the other reference.
      const other = randomUUID();
      ledger.refusedRefs.push(other);
      const reply = await client.send('POST', `/print-mail/v1${pathOf(kind)}`, {
        json: { ...body, metadata: { ref: other } },
        headers,
      });
      if (reply && reply.body?.error?.type !== 'idempotency_key_reused_error') {
        ledger.problems.push(`key reuse ${other}: ${reply.status} ${JSON.stringify(reply.body)}`);
      }
    }
    if (random() < plan.cancelShare) {
      followUps.push(cancelLater(client, api(live), kind, id, random() * 3000, ledger, random()));
    } else if (!live && random() < plan.progressShare) {
      followUps.push(
        progressLater(client, api(false), kind, id, 1 + Math.floor(random() * 3), random() * 2000, ledger),
      );
    }
  };

  const until = plan.durationMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + plan.durationMs;
  const lanes = Array.from({ length: plan.concurrency }, async () => {
    while (n < plan.creates && Date.now() < until) await createOne();
  });
  await Promise.all(lanes);
  await Promise.all(followUps);
}

async function cancelLater(
  client: Client,
  headers: Record<string, string>,
  kind: Kind,
  id: string,
  delayMs: number,
  ledger: Ledger,
  draw: number,
): Promise<void> {
  await sleep(delayMs);
  const record: CancelRecord = { id, kind, outcome: 'unknown' };
  ledger.cancels.push(record);
  const path = `/print-mail/v1${pathOf(kind)}/${id}`;
  const reply =
    draw < 0.5
      ? await client.send('DELETE', path, { headers })
      : await client.send('POST', `${path}/cancellation`, { headers, json: { note: 'load test' } });
  if (!reply) return;
  if (reply.status === 200 && reply.body?.status === 'cancelled') record.outcome = 'cancelled';
  else if (reply.body?.error?.type === 'order_not_cancellable_error') {
    // After a retry the first attempt may have been the one that cancelled.
    record.outcome = /already cancelled/.test(reply.body.error.message) ? 'cancelled' : 'refused';
  } else ledger.problems.push(`cancel ${id}: ${reply.status} ${JSON.stringify(reply.body)}`);
}

async function progressLater(
  client: Client,
  headers: Record<string, string>,
  kind: Kind,
  id: string,
  steps: number,
  delayMs: number,
  ledger: Ledger,
): Promise<void> {
  await sleep(delayMs);
  for (let i = 0; i < steps; i++) {
    const reply = await client.send('POST', `/print-mail/v1${pathOf(kind)}/${id}/progressions`, { headers });
    if (!reply) return;
    if (reply.status === 200) ledger.progressions.moved++;
    else if (reply.body?.error?.type === 'invalid_progression_error') {
      // The scheduler completed it first (test orders complete when due), or a retried step had moved it.
      ledger.progressions.refused++;
      return;
    } else {
      ledger.problems.push(`progression ${id}: ${reply.status} ${JSON.stringify(reply.body)}`);
      return;
    }
  }
}

/** Something that runs until told to stop, e.g. the external printer or the USPS feed. */
export interface Loop {
  /** Lets the current pass (and what it started) finish, and starts no more until resumed. */
  pause(): Promise<void>;
  resume(): void;
  stop(): Promise<void>;
}

function loop(intervalMs: number, body: () => Promise<void>): Loop {
  let stopped = false;
  let paused = false;
  let current: Promise<void> = Promise.resolve();
  const done = (async () => {
    while (!stopped) {
      if (!paused) {
        current = body();
        await current;
      }
      await sleep(intervalMs);
    }
  })();
  return {
    pause: async () => {
      paused = true;
      await current;
    },
    resume: () => {
      paused = false;
    },
    stop: async () => {
      stopped = true;
      await done;
    },
  };
}

interface PrintJob {
  orderId: string;
  imb: { trackingCode: string; routingCode?: string } | null;
}

/** Mailed pieces waiting for their USPS scans, by order id → full IMb digits. */
export type MailedPieces = Map<string, string>;

/**
 * An external printer on /printer/v1: claims a few orders at a time, then reports most mailed, some failed
 * (the order goes back to be claimed again), and abandons a few until their claim has expired, reporting
 * them mailed late (the order may have been taken over meanwhile: then 404 or 422, never a second mailing).
 */
export function runExternalPrinter(
  client: Client,
  keys: LoadKeys,
  claimTtlMs: number,
  ledger: Ledger,
  mailed: MailedPieces,
  random: () => number,
): Loop {
  const headers = { authorization: `Bearer ${keys.printerKey}` };
  const pending = new Set<Promise<void>>();
  const track = (p: Promise<void>) => {
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };
  // Past its claim's TTL (abandoned on purpose, or held up by retries while processes were down), the
  // order may have been taken by another printer: then a report is refused (404, 422), never applied twice.
  const expired = (claimedAt: number) => Date.now() - claimedAt > claimTtlMs;
  const refusedLate = (claimedAt: number, reply: Reply) =>
    expired(claimedAt) && (reply.status === 404 || reply.status === 422);
  // A failure report is not idempotent (below). When one went through but its answer was lost, the order
  // is given back and may be claimed by this printer again while the report's retry is still on its way;
  // the retry then gives back the new claim too, and this claim's report is refused (404, 422). Orders
  // claimed while a failure report of theirs was in flight are remembered to tell that apart.
  const failing = new Map<string, number>();
  const claimedWhileFailing = new Set<string>();
  const refusedAfterRetriedFailure = (job: PrintJob, reply: Reply) =>
    claimedWhileFailing.has(job.orderId) && (reply.status === 404 || reply.status === 422);
  const report = async (job: PrintJob, claimedAt: number) => {
    const path = `/printer/v1/orders/${job.orderId}/mailed`;
    const reply = await client.send('POST', path, { headers, json: {} });
    if (!reply) return;
    if (reply.status === 200) {
      ledger.printer.mailed++;
      if (expired(claimedAt)) ledger.printer.late++;
      const imb = reply.body?.imb ?? job.imb;
      if (imb?.trackingCode) mailed.set(job.orderId, `${imb.trackingCode}${imb.routingCode ?? ''}`);
    } else if (refusedLate(claimedAt, reply)) {
      ledger.printer.lateRefused++;
    } else if (refusedAfterRetriedFailure(job, reply)) {
      ledger.printer.retriedRefused++;
    } else {
      ledger.problems.push(`printer mailed ${job.orderId}: ${reply.status} ${JSON.stringify(reply.body)}`);
    }
  };
  const fail = async (job: PrintJob, claimedAt: number) => {
    const path = `/printer/v1/orders/${job.orderId}/failures`;
    failing.set(job.orderId, (failing.get(job.orderId) ?? 0) + 1);
    const reply = await client.send('POST', path, { headers, json: { reason: 'paper jam' } }).finally(() => {
      const left = failing.get(job.orderId)! - 1;
      if (left) failing.set(job.orderId, left);
      else failing.delete(job.orderId);
    });
    if (!reply) return;
    if (reply.status === 200) ledger.printer.failed++;
    else if (refusedLate(claimedAt, reply)) ledger.printer.lateRefused++;
    else if (refusedAfterRetriedFailure(job, reply)) ledger.printer.retriedRefused++;
    // A failure report is not idempotent: when an attempt that went through is retried, the order has
    // already been given back and the retry is refused (404: the printer no longer holds it).
    else if (reply.attempts > 1 && (reply.status === 404 || reply.status === 422))
      ledger.printer.retriedRefused++;
    else
      ledger.problems.push(`printer failure ${job.orderId}: ${reply.status} ${JSON.stringify(reply.body)}`);
  };
  const inner = loop(150, async () => {
    const claimedAt = Date.now();
    const reply = await client.send('POST', '/printer/v1/claims', { headers, json: { limit: 5 } });
    if (!reply) return;
    if (reply.status !== 200) {
      ledger.problems.push(`printer claims: ${reply.status} ${JSON.stringify(reply.body)}`);
      return;
    }
    for (const job of reply.body.data as PrintJob[]) {
      ledger.printer.claimed++;
      if (failing.has(job.orderId)) claimedWhileFailing.add(job.orderId);
      const draw = random();
      if (draw < 0.8) track(sleep(100 + random() * 700).then(() => report(job, claimedAt)));
      else if (draw < 0.9) track(fail(job, claimedAt));
      else track(sleep(claimTtlMs + 500 + random() * 1500).then(() => report(job, claimedAt)));
    }
  });
  return {
    pause: async () => {
      await inner.pause();
      await Promise.all(pending);
    },
    resume: () => inner.resume(),
    stop: async () => {
      await inner.stop();
      await Promise.all(pending);
    },
  };
}

function scan(imb: string, at: Date, phase: string, zip: string, code: string) {
  return {
    imb,
    scanDatetime: at.toISOString(),
    scanEventCode: code,
    scanFacilityZip: zip,
    scanFacilityCity: 'NEW YORK',
    scanFacilityState: 'NY',
    mailPhase: phase,
    machineName: 'LOAD-001',
  };
}

/**
 * The USPS feed: for mailed live orders (the external printer's, and any found by listing
 * processed_for_delivery orders), an origin scan and an out-for-delivery scan, with duplicates inside a
 * batch and across batches, and unmatched scans of a Mailer ID no order has.
 */
export function runScanFeed(
  client: Client,
  keys: LoadKeys,
  ledger: Ledger,
  mailed: MailedPieces,
  random: () => number,
): Loop {
  const api = { 'x-api-key': keys.liveApiKey };
  const feed = { authorization: `Bearer ${keys.feedToken}` };
  let previous: unknown[] = [];
  let discover = 0;
  return loop(400, async () => {
    // Every few rounds, also find pieces the simulated printer mailed.
    if (discover++ % 3 === 0) {
      for (const kind of ['letter', 'postcard'] as Kind[]) {
        const reply = await client.send(
          'GET',
          `/print-mail/v1${pathOf(kind)}?status=processed_for_delivery&limit=100`,
          {
            headers: api,
          },
        );
        if (reply?.status !== 200) continue;
        for (const order of reply.body.data as {
          id: string;
          imb?: { trackingCode: string; routingCode?: string };
        }[]) {
          if (order.imb && !ledger.scans.ordersScanned.has(order.id)) {
            mailed.set(order.id, `${order.imb.trackingCode}${order.imb.routingCode ?? ''}`);
          }
        }
      }
    }
    // A piece reported mailed again (a repeated or late report) after its scans went out needs no more.
    for (const id of mailed.keys()) if (ledger.scans.ordersScanned.has(id)) mailed.delete(id);
    const pieces = [...mailed].slice(0, 200);
    const events: unknown[] = [];
    const now = Date.now();
    for (const [, imb] of pieces) {
      const origin = scan(imb, new Date(now - 2000), 'Phase 1a - Origin Primary Processing', '20599', '271');
      events.push(origin);
      if (random() < 0.3) events.push(origin);
      events.push(
        scan(imb, new Date(now - 500), 'Phase 3c - Destination Sequenced Carrier Sortation', '10199', '919'),
      );
    }
    const unmatched: string[] = [];
    const unmatchedCount = 1 + Math.floor(random() * 3);
    for (let i = 0; i < unmatchedCount; i++) {
      const serial = String(Math.floor(random() * 1e9)).padStart(9, '0');
      unmatched.push(serial);
      const event = scan(
        `00270${UNMATCHED_MAILER_ID}${serial}10001`,
        new Date(now - 1000),
        'Phase 1a - Origin Primary Processing',
        '20599',
        '271',
      );
      events.push(event);
      if (random() < 0.3) events.push(event);
    }
    // Some of the last batch again, as feeds do.
    const replayed = previous.filter(() => random() < 0.2);
    const batch = [...events, ...replayed];
    for (const serial of unmatched) ledger.scans.unmatchedSent.add(serial);
    const reply = await client.send('POST', '/usps/v1/ivmtr', { headers: feed, json: { events: batch } });
    if (!reply) return;
    if (reply.status !== 200) {
      ledger.problems.push(`ivmtr: ${reply.status} ${JSON.stringify(reply.body)}`);
      return;
    }
    const r = reply.body as {
      received: number;
      matched: number;
      unmatched: number;
      duplicates: number;
      invalid: number;
    };
    if (
      r.received !== batch.length ||
      r.matched + r.unmatched + r.duplicates + r.invalid !== r.received ||
      r.invalid !== 0
    ) {
      ledger.problems.push(`ivmtr accounting: sent ${batch.length}, answered ${JSON.stringify(reply.body)}`);
    }
    ledger.scans.batches++;
    ledger.scans.events += batch.length;
    ledger.scans.matched += r.matched;
    ledger.scans.duplicates += r.duplicates;
    const acknowledged = `${new Date().toISOString()} by ${reply.url} after ${reply.attempts} attempt(s)`;
    for (const serial of unmatched) ledger.scans.unmatchedAcknowledged.set(serial, acknowledged);
    for (const [id] of pieces) {
      ledger.scans.ordersScanned.add(id);
      mailed.delete(id);
    }
    previous = events;
  });
}

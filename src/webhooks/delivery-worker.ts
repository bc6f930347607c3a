import type pg from 'pg';
import type { Dispatcher } from 'undici';
import type { Config } from '../config/config.ts';
import type { Db } from '../db/database.ts';
import { newId } from '../ids.ts';
import type { Logger } from '../logger.ts';
import { countDeliveries } from '../metrics/process-metrics.ts';
import { attemptDelivery, webhookDispatcher } from './attempt.ts';
import {
  DELIVERY_CHANNEL,
  DISPATCH_UNLOCK,
  type DueDelivery,
  dueDeliveries,
  type RecordedAttempt,
  recordAttempts,
  TRY_DISPATCH_LOCK,
  webhooksWithDueDeliveries,
} from './delivery-queue.ts';
import { decideOutcome } from './retry-policy.ts';
import type { WebhookEvent } from './signing.ts';

export interface DeliveryWorkerOptions {
  db: Db;
  /** One connection of this pool is held for the worker's life: it listens and holds the dispatch locks. */
  pool: pg.Pool;
  config: Pick<
    Config,
    | 'webhooksAllowPrivateNetworks'
    | 'webhooksTimeoutMs'
    | 'webhooksRetryScheduleMs'
    | 'webhooksRetryJitter'
    | 'webhooksConcurrencyPerWebhook'
    | 'webhooksDisableAfterMs'
  >;
  logger: Logger;
  /** How often the queue is swept for due retries and for webhooks no worker serves. */
  sweepIntervalMs?: number;
}

/** A sweep's wake-up: it also tries webhooks recently found served elsewhere (their worker may be gone). */
const SWEEP = 'sweep' as const;

/** Due deliveries a pump reads ahead, at least. */
const MIN_READ_AHEAD = 200;

/** Results recorded together, at most this long after the first of them came in (see queueFlush). */
const RECORD_LINGER_MS = 10;
const RECORD_BATCH = 200;

/** How long a webhook found served by another worker is left to it before asking for its lock again. */
const SERVED_ELSEWHERE_MS = 1000;

interface Pump {
  /** Requests in flight: never more than the cap. */
  inflight: number;
  /**
   * Deliveries read and waiting for a free slot. Reading ahead keeps the database round trip out of the
   * path between one request finishing and the next starting.
   */
  ready: DueDelivery[];
  /** Ids of deliveries this worker is handling: ready, in flight, or sent but not yet recorded. */
  taken: Set<number>;
  running: boolean;
  /** Set when a wake-up arrives while the pump runs, so it goes round once more. */
  again: boolean;
  /** Set by wake-ups that may bring new due deliveries (not by completions): read at once. */
  newWork: boolean;
  /** The webhook's dispatch lock number while this worker holds it, on connection `generation`. */
  lockKey: number | null;
  generation: number;
}

/**
 * Sends queued webhook deliveries. The queue is the `webhook_deliveries` table, which the fan-out
 * trigger fills in the transaction of each event; this worker only moves rows through it, so a crash at
 * any point loses nothing — at worst an attempt is made twice.
 *
 * - One worker at a time serves a webhook: the one holding its dispatch lock, a session advisory lock
 *   on this worker's dedicated connection (which also LISTENs). It keeps the rows it handles in memory
 *   and holds the lock until their results are recorded. If the worker dies, its connection and locks
 *   go with it, and any worker's next sweep (or this one's, restarted) takes the webhook over and sends
 *   what is still pending.
 * - Per webhook, a "pump" keeps up to the concurrency cap of requests in flight, so the cap holds across
 *   workers, and a slow or dead receiver ties up only its own pump: other webhooks never wait for it.
 * - Wake-ups: NOTIFY from the trigger (low latency), a timer per scheduled retry, and a periodic sweep
 *   that catches everything else (it alone would suffice for correctness).
 * - One recorder writes results in batches, which keeps throughput near a plain POST loop.
 */
export class DeliveryWorker {
  private readonly db: Db;
  private readonly pool: pg.Pool;
  private readonly config: DeliveryWorkerOptions['config'];
  private readonly logger: Logger;
  private readonly sweepIntervalMs: number;
  private readonly dispatcher: Dispatcher;

  private client: pg.PoolClient | null = null;
  /** Bumped whenever the dedicated connection is lost or replaced: locks of an older one are gone. */
  private generation = 0;
  private readonly pumps = new Map<string, Pump>();
  /** Webhooks another worker was found serving, until when not to ask again (the sweep still does). */
  private readonly servedElsewhere = new Map<string, number>();
  private readonly retryTimers = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  private results: RecordedAttempt[] = [];
  private flushing: Promise<void> | null = null;
  private flushQueued = false;
  private inflight = 0;
  private sweepTimer: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly idleWaiters: (() => void)[] = [];

  constructor(options: DeliveryWorkerOptions) {
    this.db = options.db;
    this.pool = options.pool;
    this.config = options.config;
    this.logger = options.logger;
    this.sweepIntervalMs = options.sweepIntervalMs ?? 5000;
    this.dispatcher = webhookDispatcher(
      this.config.webhooksAllowPrivateNetworks,
      this.config.webhooksTimeoutMs,
    );
  }

  async start(): Promise<void> {
    await this.connect();
    this.sweepTimer = setInterval(() => void this.sweep(), this.sweepIntervalMs);
  }

  /** Stops reading the queue, lets requests in flight finish (each is bounded by the timeout), records them. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    for (const { timer } of this.retryTimers.values()) clearTimeout(timer);
    this.retryTimers.clear();
    if (this.inflight > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    await this.flush();
    // Closing the connection drops its LISTEN and every dispatch lock it holds.
    this.client?.release(true);
    this.client = null;
  }

  /** Makes sure the webhook's due deliveries are being sent, by this worker or by the one serving it. */
  wake(webhookId: string, newWork: boolean | typeof SWEEP = true): void {
    if (this.stopped || this.client === null) return;
    let pump = this.pumps.get(webhookId);
    if (!pump) {
      const until = this.servedElsewhere.get(webhookId);
      if (until !== undefined && until > Date.now() && newWork !== SWEEP) return;
      pump = {
        inflight: 0,
        ready: [],
        taken: new Set(),
        running: false,
        again: false,
        newWork: false,
        lockKey: null,
        generation: -1,
      };
      this.pumps.set(webhookId, pump);
    }
    if (newWork !== false) pump.newWork = true;
    if (pump.running) {
      pump.again = true;
      return;
    }
    void this.run(webhookId, pump);
  }

  private async connect(): Promise<void> {
    const client = await this.pool.connect();
    try {
      // If this host vanishes without closing the connection, the server notices within ~30 s and
      // drops the dispatch locks, so other workers take its webhooks over.
      await client.query(
        'set tcp_keepalives_idle = 10; set tcp_keepalives_interval = 5; set tcp_keepalives_count = 3',
      );
      client.on('notification', (message) => {
        if (message.channel === DELIVERY_CHANNEL && message.payload) this.wake(message.payload);
      });
      client.on('error', (error) => this.connectionLost(client, error));
      await client.query(`listen ${DELIVERY_CHANNEL}`);
    } catch (error) {
      client.release(error as Error);
      throw error;
    }
    this.client = client;
    this.generation++;
    // Notifications sent while nobody listened are not replayed; the sweep finds their deliveries.
    await this.sweep();
  }

  private connectionLost(client: pg.PoolClient, error: Error): void {
    if (this.client !== client) return;
    this.logger.warn({ err: error }, 'webhook worker lost its database connection; reconnecting');
    this.client = null;
    this.generation++;
    client.release(error);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect().catch((error) => {
        this.logger.warn({ err: error }, 'webhook worker could not reconnect');
        this.scheduleReconnect();
      });
    }, 1000);
  }

  /** Wakes every webhook with due deliveries; those another worker serves are left to it. */
  async sweep(): Promise<void> {
    const client = this.client;
    if (this.stopped || client === null) return;
    try {
      await client.query('select 1'); // the dedicated connection must be alive for its locks to mean anything
    } catch (error) {
      this.connectionLost(client, error as Error);
      return;
    }
    try {
      for (const id of await webhooksWithDueDeliveries(this.db, 10_000)) this.wake(id, SWEEP);
      const now = Date.now();
      for (const [id, until] of this.servedElsewhere) if (until <= now) this.servedElsewhere.delete(id);
    } catch (error) {
      this.logger.warn({ err: error }, 'webhook sweep failed');
    }
  }

  private holdsLock(pump: Pump): boolean {
    return pump.lockKey !== null && pump.generation === this.generation;
  }

  private async run(webhookId: string, pump: Pump): Promise<void> {
    pump.running = true;
    try {
      if (!this.holdsLock(pump)) {
        // Deliveries handled under a lock lost with its connection are recorded first; that wakes us. A
        // wake-up left pending (`again`) must not run us again meanwhile: each run would end here at once
        // and wake the next, recursing until the stack overflows (found by test/scale/crash.test.ts).
        if (pump.taken.size > 0) {
          pump.again = false;
          return;
        }
        const client = this.client;
        if (!client) return;
        const generation = this.generation;
        const { rows } = await client.query<{ dispatch_lock: number; locked: boolean }>(TRY_DISPATCH_LOCK, [
          webhookId,
        ]);
        if (!rows[0]?.locked || generation !== this.generation) {
          // Served by another worker (or gone): its notifications go to that worker too.
          this.servedElsewhere.set(webhookId, Date.now() + SERVED_ELSEWHERE_MS);
          return;
        }
        this.servedElsewhere.delete(webhookId);
        pump.lockKey = rows[0].dispatch_lock;
        pump.generation = generation;
      }
      const cap = this.config.webhooksConcurrencyPerWebhook;
      for (;;) {
        if (this.stopped || !this.holdsLock(pump)) break;
        pump.again = false;
        const eager = pump.newWork;
        pump.newWork = false;
        this.startReady(webhookId, pump);
        // Rows are read ahead in batches (a row waiting in memory costs nothing; a round trip per
        // request would cost the throughput), again once half of them are sent; new work is read at
        // once. What is handled at once stays bounded, results waiting for the recorder included.
        const readAhead = Math.max(2 * cap, MIN_READ_AHEAD);
        const want = Math.min(readAhead - pump.ready.length, cap + 4 * readAhead - pump.taken.size);
        if (want <= 0 || (!eager && pump.ready.length * 2 >= readAhead)) break;
        const rows = await dueDeliveries(this.db, { webhookId, max: want, excluding: [...pump.taken] });
        if (!this.holdsLock(pump)) break;
        for (const row of rows) {
          if (pump.taken.has(row.delivery_id)) continue;
          pump.taken.add(row.delivery_id);
          pump.ready.push(row);
        }
        this.startReady(webhookId, pump);
        if (rows.length < want && !pump.again) break;
      }
    } catch (error) {
      this.logger.warn(
        { err: error, webhookId },
        'reading due webhook deliveries failed; the sweep will retry',
      );
    } finally {
      pump.running = false;
      if (pump.again) this.wake(webhookId, false);
      else if (pump.taken.size === 0) this.release(webhookId, pump);
    }
  }

  /** Sends deliveries read ahead while the webhook is under its cap; forgets them if the lock was lost. */
  private startReady(webhookId: string, pump: Pump): void {
    if (!this.holdsLock(pump) || this.stopped) {
      // Whoever serves the webhook next reads them again.
      for (const row of pump.ready) pump.taken.delete(row.delivery_id);
      pump.ready.length = 0;
      return;
    }
    const cap = this.config.webhooksConcurrencyPerWebhook;
    while (pump.inflight < cap && pump.ready.length > 0) this.send(webhookId, pump, pump.ready.shift()!);
  }

  /** Nothing left to handle: lets another worker serve the webhook next time. */
  private release(webhookId: string, pump: Pump): void {
    this.pumps.delete(webhookId);
    const key = pump.lockKey;
    pump.lockKey = null;
    if (key === null || pump.generation !== this.generation || !this.client) return;
    // Queries on one connection run in order, so a later lock attempt comes after this unlock.
    this.client.query(DISPATCH_UNLOCK, [key]).catch((error) => {
      this.logger.warn({ err: error, webhookId }, 'releasing a webhook dispatch lock failed');
    });
  }

  private send(webhookId: string, pump: Pump, row: DueDelivery): void {
    pump.inflight++;
    this.inflight++;
    const event: WebhookEvent = {
      id: row.event_id,
      object: 'event',
      type: row.event_type,
      live: row.event_live,
      ...(row.order_id ? { orderId: row.order_id } : {}),
      sequence: row.sequence,
      data: row.data,
      ...(row.updated_fields ? { updatedFields: row.updated_fields } : {}),
      createdAt: row.event_created_at.toISOString(),
    };
    void attemptDelivery({
      url: row.url,
      format: row.payload_format,
      secrets: row.secrets,
      event,
      timeoutMs: this.config.webhooksTimeoutMs,
      dispatcher: this.dispatcher,
    }).then((result) => {
      const outcome = decideOutcome(
        {
          statusCode: result.statusCode,
          attempt: row.attempt,
          retryAfter: result.retryAfter,
          finishedAt: result.finishedAt,
        },
        { scheduleMs: this.config.webhooksRetryScheduleMs, jitter: this.config.webhooksRetryJitter },
      );
      this.results.push({
        invocationId: newId('webhook_invocation'),
        deliveryId: row.delivery_id,
        webhookId,
        eventId: row.event_id,
        type: row.event_type,
        orderId: row.order_id,
        attempt: row.attempt,
        statusCode: result.statusCode,
        errorKind: result.errorKind,
        errorMessage: result.errorMessage,
        durationMs: result.durationMs,
        responseBody: result.responseBody,
        outcome: outcome.kind,
        nextAttemptAt: outcome.nextAttemptAt,
        attemptedAt: result.startedAt,
      });
      pump.inflight--;
      this.inflight--;
      if (this.inflight === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
      this.queueFlush();
      this.startReady(webhookId, pump);
      this.wake(webhookId, false);
    });
  }

  /**
   * Coalesces results into one write: those of the next few milliseconds, or as many as RECORD_BATCH. Each
   * write is a commit; recording deliveries ten at a time cost the database more than sending them.
   */
  private queueFlush(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    const run = () => {
      this.flushQueued = false;
      void this.flush();
    };
    if (this.results.length >= RECORD_BATCH) setImmediate(run);
    else setTimeout(run, RECORD_LINGER_MS);
  }

  /** Writes pending results; while a write runs, new results gather into the next batch. */
  private flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    this.flushing = (async () => {
      let failures = 0;
      while (this.results.length > 0) {
        const batch = this.results.splice(0, 1000);
        try {
          const disabled = await recordAttempts(this.db, batch, this.config.webhooksDisableAfterMs);
          failures = 0;
          for (const hook of disabled) {
            this.logger.info(
              { webhookId: hook.webhook_id, reason: hook.disabled_reason },
              'webhook disabled',
            );
          }
          this.afterRecorded(batch);
        } catch (error) {
          // Keep them: this worker still holds the webhooks' locks, so nobody else sends them meanwhile.
          this.results.unshift(...batch);
          failures++;
          this.logger.warn({ err: error, failures }, 'recording webhook attempts failed; retrying');
          if (this.stopped && failures >= 3) break; // once this process is gone, they are sent again
          await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 100 * 2 ** failures)));
        }
      }
    })().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private afterRecorded(batch: readonly RecordedAttempt[]): void {
    countDeliveries(batch);
    const now = Date.now();
    for (const attempt of batch) {
      if (attempt.deliveryId !== null) this.pumps.get(attempt.webhookId)?.taken.delete(attempt.deliveryId);
      if (attempt.outcome === 'retry' && attempt.nextAttemptAt) {
        this.scheduleRetry(attempt.webhookId, Math.max(now, attempt.nextAttemptAt.getTime()));
      }
    }
    // Each pump reads on if it has room, or lets its lock go if it has nothing left.
    for (const webhookId of new Set(batch.map((a) => a.webhookId))) this.wake(webhookId, false);
  }

  /** A precise wake-up for a retry; retries further out than a sweep are left to the sweep. */
  private scheduleRetry(webhookId: string, at: number): void {
    if (this.stopped || at - Date.now() > this.sweepIntervalMs) return;
    const existing = this.retryTimers.get(webhookId);
    if (existing && existing.at <= at) return;
    if (existing) clearTimeout(existing.timer);
    const timer = setTimeout(
      () => {
        this.retryTimers.delete(webhookId);
        this.wake(webhookId);
      },
      at - Date.now() + 5,
    );
    this.retryTimers.set(webhookId, { at, timer });
  }
}

import { randomInt } from 'node:crypto';
import type pg from 'pg';
import type { Dispatcher } from 'undici';
import type { Config } from '../config/config.ts';
import type { Db } from '../db/database.ts';
import { newId } from '../ids.ts';
import type { Logger } from '../logger.ts';
import { attemptDelivery, webhookDispatcher } from './attempt.ts';
import {
  type ClaimedDelivery,
  claimDeliveries,
  DELIVERY_CHANNEL,
  freeOrphanedLeases,
  type RecordedAttempt,
  recordAttempts,
  WORKER_LOCK_CLASS,
  webhooksWithDueDeliveries,
} from './delivery-queue.ts';
import { decideOutcome } from './retry-policy.ts';
import type { WebhookEvent } from './signing.ts';

export interface DeliveryWorkerOptions {
  db: Db;
  /** A connection of this pool is held for the worker's life: it listens and holds the liveness lock. */
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
  /** How often the queue is swept for due retries and deliveries of dead workers. */
  sweepIntervalMs?: number;
}

interface Pump {
  inflight: number;
  claiming: boolean;
  /** Set when a wake-up arrives during a claim, so the claim loop goes round once more. */
  again: boolean;
}

/**
 * Sends queued webhook deliveries. The queue is the `webhook_deliveries` table, which the fan-out
 * trigger fills in the transaction of each event; this worker only moves rows through it, so a crash at
 * any point loses nothing — at worst an attempt is made twice.
 *
 * - Wake-ups: NOTIFY from the trigger (low latency), a timer per scheduled retry, and a periodic sweep
 *   that also catches anything a notification missed (the sweep alone would suffice for correctness).
 * - Per webhook, one "pump" keeps up to the concurrency cap of requests in flight. The cap is enforced
 *   in the claim (database-wide leases), so it holds across any number of workers, and a slow or dead
 *   receiver ties up only its own pump: other webhooks never wait for it.
 * - Leases carry this worker's owner number, held as a session advisory lock; when the worker dies its
 *   lock goes with its connection and the next sweep (of any worker, or this one restarted) frees them.
 * - Results are written in batches by one recorder, which is what keeps throughput near a plain POST loop.
 */
export class DeliveryWorker {
  private readonly db: Db;
  private readonly pool: pg.Pool;
  private readonly config: DeliveryWorkerOptions['config'];
  private readonly logger: Logger;
  private readonly sweepIntervalMs: number;
  private readonly leaseMs: number;
  private readonly dispatcher: Dispatcher;

  private client: pg.PoolClient | null = null;
  private owner: number | null = null;
  private readonly pumps = new Map<string, Pump>();
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
    // The lease only matters if the owner lock somehow survives a stuck worker; it outlasts any attempt.
    this.leaseMs = this.config.webhooksTimeoutMs + 60_000;
    this.dispatcher = webhookDispatcher(this.config.webhooksAllowPrivateNetworks, this.config.webhooksTimeoutMs);
  }

  async start(): Promise<void> {
    await this.connect();
    this.sweepTimer = setInterval(() => void this.sweep(), this.sweepIntervalMs);
  }

  /** Stops claiming, lets attempts in flight finish (each is bounded by the timeout) and records them. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    for (const { timer } of this.retryTimers.values()) clearTimeout(timer);
    this.retryTimers.clear();
    if (this.inflight > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    await this.flush();
    const client = this.client;
    this.client = null;
    this.owner = null;
    if (client) {
      try {
        await client.query(`unlisten ${DELIVERY_CHANNEL}`);
        await client.query('select pg_advisory_unlock_all()');
        client.release();
      } catch (error) {
        client.release(error as Error);
      }
    }
  }

  /** Makes sure the webhook's due deliveries are being sent. */
  wake(webhookId: string): void {
    if (this.stopped || this.owner === null) return;
    let pump = this.pumps.get(webhookId);
    if (!pump) {
      pump = { inflight: 0, claiming: false, again: false };
      this.pumps.set(webhookId, pump);
    }
    if (pump.claiming) {
      pump.again = true;
      return;
    }
    void this.claimLoop(webhookId, pump);
  }

  private async connect(): Promise<void> {
    const client = await this.pool.connect();
    try {
      let owner = 0;
      for (let tries = 0; ; tries++) {
        owner = randomInt(1, 2 ** 31 - 1);
        const { rows } = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1, $2) as ok', [
          WORKER_LOCK_CLASS,
          owner,
        ]);
        if (rows[0]?.ok) break;
        if (tries > 10) throw new Error('could not take a webhook worker lock');
      }
      client.on('notification', (message) => {
        if (message.channel === DELIVERY_CHANNEL && message.payload) this.wake(message.payload);
      });
      client.on('error', (error) => this.connectionLost(client, error));
      await client.query(`listen ${DELIVERY_CHANNEL}`);
      this.client = client;
      this.owner = owner;
    } catch (error) {
      client.release(error as Error);
      throw error;
    }
    // Notifications sent while nobody listened are not replayed; the sweep finds their deliveries.
    await this.sweep();
  }

  private connectionLost(client: pg.PoolClient, error: Error): void {
    if (this.client !== client) return;
    this.logger.warn({ err: error }, 'webhook worker lost its database connection; reconnecting');
    this.client = null;
    this.owner = null;
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

  /** Frees leases of dead workers and wakes every webhook with due deliveries. */
  async sweep(): Promise<void> {
    if (this.stopped || this.client === null) return;
    try {
      await this.client.query('select 1'); // keeps the liveness connection honest
      const freed = await freeOrphanedLeases(this.db);
      if (freed > 0) this.logger.info({ freed }, 'freed webhook deliveries leased by a worker that is gone');
      for (const id of await webhooksWithDueDeliveries(this.db, 10_000)) this.wake(id);
    } catch (error) {
      this.logger.warn({ err: error }, 'webhook sweep failed');
      if (this.client && !(await this.alive(this.client))) this.connectionLost(this.client, error as Error);
    }
  }

  private async alive(client: pg.PoolClient): Promise<boolean> {
    try {
      await client.query('select 1');
      return true;
    } catch {
      return false;
    }
  }

  private async claimLoop(webhookId: string, pump: Pump): Promise<void> {
    pump.claiming = true;
    try {
      const cap = this.config.webhooksConcurrencyPerWebhook;
      for (;;) {
        const owner = this.owner;
        if (this.stopped || owner === null) break;
        pump.again = false;
        const free = cap - pump.inflight;
        if (free <= 0) break; // completions wake the pump again once recorded
        const rows = await claimDeliveries(this.db, { webhookId, owner, max: free, cap, leaseMs: this.leaseMs });
        for (const row of rows) this.send(webhookId, pump, row, owner);
        if (rows.length < free && !pump.again) break;
      }
    } catch (error) {
      this.logger.warn({ err: error, webhookId }, 'claiming webhook deliveries failed; the sweep will retry');
    } finally {
      pump.claiming = false;
      if (pump.inflight === 0 && !pump.again) this.pumps.delete(webhookId);
      else if (pump.again) this.wake(webhookId);
    }
  }

  private send(webhookId: string, pump: Pump, row: ClaimedDelivery, owner: number): void {
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
        { statusCode: result.statusCode, attempt: row.attempt, retryAfter: result.retryAfter, finishedAt: result.finishedAt },
        { scheduleMs: this.config.webhooksRetryScheduleMs, jitter: this.config.webhooksRetryJitter },
      );
      this.results.push({
        invocationId: newId('webhook_invocation'),
        deliveryId: row.delivery_id,
        owner,
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
    });
  }

  /** Coalesces results that finish in the same turn of the event loop into one write. */
  private queueFlush(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    setImmediate(() => {
      this.flushQueued = false;
      void this.flush();
    });
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
            this.logger.info({ webhookId: hook.id, reason: hook.disabled_reason }, 'webhook disabled');
          }
          this.afterRecorded(batch);
        } catch (error) {
          // Keep the results: the leases are still ours, so nobody else sends these deliveries meanwhile.
          this.results.unshift(...batch);
          failures++;
          this.logger.warn({ err: error, failures }, 'recording webhook attempts failed; retrying');
          if (this.stopped && failures >= 3) break; // leases will be freed once this process is gone
          await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 100 * 2 ** failures)));
        }
      }
    })().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private afterRecorded(batch: readonly RecordedAttempt[]): void {
    const now = Date.now();
    for (const attempt of batch) {
      if (attempt.outcome === 'retry' && attempt.nextAttemptAt) {
        this.scheduleRetry(attempt.webhookId, Math.max(now, attempt.nextAttemptAt.getTime()));
      }
    }
    for (const webhookId of new Set(batch.map((a) => a.webhookId))) this.wake(webhookId);
  }

  /** A precise wake-up for a retry; retries further out than a sweep are left to the sweep. */
  private scheduleRetry(webhookId: string, at: number): void {
    if (this.stopped || at - Date.now() > this.sweepIntervalMs) return;
    const existing = this.retryTimers.get(webhookId);
    if (existing && existing.at <= at) return;
    if (existing) clearTimeout(existing.timer);
    const timer = setTimeout(() => {
      this.retryTimers.delete(webhookId);
      this.wake(webhookId);
    }, at - Date.now() + 5);
    this.retryTimers.set(webhookId, { at, timer });
  }
}

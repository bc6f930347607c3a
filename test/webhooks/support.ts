import { randomBytes } from 'node:crypto';
import { insertEvent } from '../../src/events/repo.ts';
import { createLogger } from '../../src/logger.ts';
import { type CreatedOrganization, createOrganization } from '../../src/organizations/service.ts';
import { DeliveryWorker } from '../../src/webhooks/delivery-worker.ts';
import type { TestApp } from '../support/app.ts';

/** Settings the webhook tests run with: loopback receivers, short timeout and retries, no jitter. */
export const webhookTestEnv = {
  WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true',
  WEBHOOKS_TIMEOUT: '1s',
  WEBHOOKS_RETRY_SCHEDULE: '100ms,1500ms',
  WEBHOOKS_RETRY_JITTER: '0',
  WEBHOOKS_CONCURRENCY_PER_WEBHOOK: '3',
};

/** A fresh organization per test, so one test's events never reach another test's webhooks. */
export async function newOrg(t: TestApp): Promise<CreatedOrganization> {
  return createOrganization(t.database.db, `org ${randomBytes(3).toString('hex')}`);
}

export async function createHook(t: TestApp, org: CreatedOrganization, body: Record<string, unknown>) {
  const response = await t.api('/webhooks', { method: 'POST', key: org.testApiKey, json: body });
  if (response.status !== 200) throw new Error(`webhook create failed: ${JSON.stringify(response.body)}`);
  return response.body as { id: string; secret: string; [key: string]: unknown };
}

let orderCounter = 0;

/** Writes one order event the way the order services do (insertEvent in a transaction). */
export async function emitEvent(
  t: TestApp,
  org: CreatedOrganization,
  overrides: { type?: string; orderId?: string; sequence?: number; live?: boolean } = {},
): Promise<string> {
  orderCounter++;
  const orderId = overrides.orderId ?? `letter_test${orderCounter}`;
  return t.database.db.transaction().execute((tx) =>
    insertEvent(tx, {
      organizationId: org.organizationId,
      live: overrides.live ?? false,
      type: overrides.type ?? 'letter.updated',
      orderId,
      sequence: overrides.sequence ?? 2,
      data: { id: orderId, object: 'letter', status: 'printing' },
      updatedFields: ['status'],
    }),
  );
}

export function startDeliveryWorker(t: TestApp, sweepIntervalMs = 200): Promise<DeliveryWorker> {
  const worker = new DeliveryWorker({
    db: t.database.db,
    pool: t.database.pool,
    config: t.config,
    logger: createLogger({ logLevel: 'silent' }),
    sweepIntervalMs,
  });
  return worker.start().then(() => worker);
}

export async function invocationsOf(t: TestApp, webhookId: string) {
  return t.database.db
    .selectFrom('webhook_invocations')
    .selectAll()
    .where('webhook_id', '=', webhookId)
    .orderBy('created_at')
    .orderBy('attempt')
    .execute();
}

import type { Static } from '@sinclair/typebox';
import type { ApiAuth } from '../auth/api-keys.ts';
import type { Config } from '../config/config.ts';
import type { Db, Executor, Tx } from '../db/database.ts';
import type { WebhookPayloadFormat } from '../db/schema.ts';
import { ApiError, invalid, notFound } from '../errors.ts';
import { findEvent } from '../events/repo.ts';
import type { EventType } from '../events/schemas.ts';
import { listPage } from '../http/list.ts';
import { type IdPrefix, newId } from '../ids.ts';
import { attemptDelivery, webhookDispatcher } from './attempt.ts';
import {
  failPendingDeliveries,
  findWebhook,
  type InvocationRow,
  insertInvocation,
  insertWebhook,
  listInvocations,
  listWebhooks,
  notifyDeliveries,
  queueDelivery,
  queueFailedSince,
  updateWebhookRow,
  type WebhookRow,
} from './repo.ts';
import type { RotateSecretBody, TestEventBody, WebhookCreate, WebhookUpdate } from './schemas.ts';
import { generateSecret, standardSecretKey } from './signing.ts';
import { validateWebhookUrl } from './ssrf.ts';

type WebhookConfig = Pick<Config, 'webhooksAllowPrivateNetworks' | 'webhooksTimeoutMs'>;

/** During a rotation the old secret keeps signing for this long, so receivers can switch without a gap. */
export const PREVIOUS_SECRET_GRACE_MS = 24 * 3600_000;

export function serializeWebhook(row: WebhookRow, options: { withSecret?: boolean } = {}) {
  return {
    id: row.id,
    object: 'webhook' as const,
    live: row.live,
    url: row.url,
    enabledEvents: row.enabled_events,
    enabled: row.enabled,
    ...(row.disabled_reason && !row.enabled ? { disabledReason: row.disabled_reason } : {}),
    payloadFormat: row.payload_format,
    ...(options.withSecret ? { secret: row.secret } : {}),
    ...(row.description !== null ? { description: row.description } : {}),
    ...(row.metadata !== null ? { metadata: row.metadata } : {}),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function serializeInvocation(row: InvocationRow, live: boolean) {
  return {
    id: row.id,
    object: 'webhook_invocation' as const,
    live,
    webhook: row.webhook_id,
    event: row.event_id,
    type: row.type,
    ...(row.order_id ? { orderID: row.order_id } : {}),
    statusCode: row.status_code,
    ...(row.error_kind ? { errorKind: row.error_kind } : {}),
    ...(row.error_message ? { errorMessage: row.error_message } : {}),
    durationMs: row.duration_ms,
    ...(row.response_body !== null ? { responseBody: row.response_body } : {}),
    attempt: row.attempt,
    ...(row.next_attempt_at ? { nextAttemptAt: row.next_attempt_at.toISOString() } : {}),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.created_at.toISOString(),
  };
}

function checkUrl(url: string, config: WebhookConfig): void {
  const problem = validateWebhookUrl(url, config.webhooksAllowPrivateNetworks);
  if (problem) throw invalid(`${problem}.`);
}

/** A `whsec_` secret must decode as Standard Webhooks says, whatever the format now (it can change). */
function checkSecret(secret: string, field: string): void {
  try {
    standardSecretKey(secret);
  } catch {
    throw invalid(`${field}: a secret starting with whsec_ must continue with base64.`);
  }
}

async function mustFind(db: Executor, auth: ApiAuth, id: string): Promise<WebhookRow> {
  const row = await findWebhook(db, auth, id);
  if (!row) throw notFound('Webhook', id);
  return row;
}

export async function createWebhook(
  tx: Tx,
  auth: ApiAuth,
  input: Static<typeof WebhookCreate>,
  config: WebhookConfig,
) {
  checkUrl(input.url, config);
  const payloadFormat: WebhookPayloadFormat = input.payloadFormat ?? 'jwt';
  if (input.secret !== undefined) checkSecret(input.secret, 'secret');
  const row = await insertWebhook(tx, auth, {
    id: newId('webhook'),
    url: input.url,
    enabledEvents: input.enabledEvents,
    enabled: input.enabled ?? true,
    description: input.description ?? null,
    metadata: input.metadata ?? null,
    payloadFormat,
    secret: input.secret ?? generateSecret(payloadFormat),
  });
  return serializeWebhook(row, { withSecret: true });
}

export async function getWebhook(db: Executor, auth: ApiAuth, id: string) {
  return serializeWebhook(await mustFind(db, auth, id));
}

export async function listWebhookPage(db: Executor, auth: ApiAuth, params: { skip: number; limit: number }) {
  const { rows, totalCount } = await listWebhooks(db, auth, params);
  return listPage(
    params,
    totalCount,
    rows.map((row) => serializeWebhook(row)),
  );
}

export async function updateWebhook(
  db: Db,
  auth: ApiAuth,
  id: string,
  input: Static<typeof WebhookUpdate>,
  config: WebhookConfig,
) {
  if (input.url !== undefined) checkUrl(input.url, config);
  return db.transaction().execute(async (tx) => {
    const current = await mustFind(tx, auth, id);
    const reenabled = input.enabled === true && !current.enabled;
    const row = await updateWebhookRow(tx, auth, id, {
      ...(input.url !== undefined ? { url: input.url } : {}),
      ...(input.enabledEvents !== undefined ? { enabled_events: input.enabledEvents } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.metadata !== undefined
        ? { metadata: input.metadata ? JSON.stringify(input.metadata) : null }
        : {}),
      ...(input.payloadFormat !== undefined ? { payload_format: input.payloadFormat } : {}),
      ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
      // Whoever changes `enabled` decides: an automatic disable is forgotten, its failure clock too.
      ...(input.enabled !== undefined ? { disabled_reason: null } : {}),
      ...(reenabled ? { failing_since: null } : {}),
    });
    if (!row) throw notFound('Webhook', id);
    // Deliveries queued before it was disabled resume now rather than at the next sweep.
    if (reenabled) await notifyDeliveries(tx, id);
    return serializeWebhook(row);
  });
}

export async function deleteWebhook(db: Db, auth: ApiAuth, id: string) {
  return db.transaction().execute(async (tx) => {
    const row = await updateWebhookRow(tx, auth, id, { deleted_at: new Date(), enabled: false });
    if (!row) throw notFound('Webhook', id);
    await failPendingDeliveries(tx, id);
    return { id, object: 'webhook' as const, deleted: true as const };
  });
}

export async function listInvocationPage(
  db: Executor,
  auth: ApiAuth,
  id: string,
  params: { skip: number; limit: number; event?: string },
) {
  const hook = await mustFind(db, auth, id);
  const { rows, totalCount } = await listInvocations(db, hook.id, params);
  return listPage(
    params,
    totalCount,
    rows.map((row) => serializeInvocation(row, hook.live)),
  );
}

function refuseDisabled(hook: WebhookRow): void {
  if (!hook.enabled) {
    throw new ApiError(
      'unprocessable_error',
      `Webhook ${hook.id} is disabled; enable it before sending events to it.`,
    );
  }
}

/** Queues one event for this webhook again, whatever became of earlier deliveries of it. */
export async function resendEvent(db: Db, auth: ApiAuth, id: string, eventId: string) {
  return db.transaction().execute(async (tx) => {
    const hook = await mustFind(tx, auth, id);
    refuseDisabled(hook);
    const event = await findEvent(tx, auth, eventId);
    if (!event) throw notFound('Event', eventId);
    const queued = await queueDelivery(tx, hook.id, event.id);
    await notifyDeliveries(tx, hook.id);
    return {
      object: 'webhook_delivery' as const,
      webhook: hook.id,
      event: event.id,
      status: 'pending' as const,
      createdAt: queued.created_at.toISOString(),
    };
  });
}

/** Queues again every event created since `since` whose delivery to this webhook failed for good. */
export async function recoverDeliveries(db: Db, auth: ApiAuth, id: string, since: string) {
  const sinceDate = new Date(since);
  if (Number.isNaN(sinceDate.getTime())) throw invalid('since must be an ISO-8601 date-time.');
  return db.transaction().execute(async (tx) => {
    const hook = await mustFind(tx, auth, id);
    refuseDisabled(hook);
    const recovered = await queueFailedSince(tx, hook.id, sinceDate);
    if (recovered > 0) await notifyDeliveries(tx, hook.id);
    return {
      object: 'webhook_recovery' as const,
      webhook: hook.id,
      since: sinceDate.toISOString(),
      recovered,
    };
  });
}

/** Orders of each event type, for a sample event shaped like the real ones. */
const sampleOrder: Record<string, { prefix: IdPrefix; status: string }> = {
  letter: { prefix: 'letter', status: 'ready' },
  postcard: { prefix: 'postcard', status: 'ready' },
  cheque: { prefix: 'cheque', status: 'ready' },
  self_mailer: { prefix: 'self_mailer', status: 'ready' },
  return_envelope_order: { prefix: 'return_envelope_order', status: 'placed' },
};

/**
 * Sends one sample event now, once, and returns the attempt. It is not a queued delivery: it is not
 * retried and does not count toward disabling the webhook; it works on a disabled webhook too, so a
 * receiver can be checked before it is enabled again.
 */
export async function sendTestEvent(
  db: Executor,
  auth: ApiAuth,
  id: string,
  input: Static<typeof TestEventBody>,
  config: WebhookConfig,
) {
  const hook = await mustFind(db, auth, id);
  const type = input.type ?? (hook.enabled_events[0] as EventType);
  const kind = type.slice(0, type.lastIndexOf('.'));
  const sample = sampleOrder[kind] ?? { prefix: 'letter', status: 'ready' };
  const now = new Date();
  const orderId = newId(sample.prefix);
  const event = {
    id: newId('event'),
    object: 'event',
    type,
    live: hook.live,
    orderId,
    sequence: 1,
    data: {
      id: orderId,
      object: kind,
      live: hook.live,
      status: sample.status,
      description: 'Test event sent by mailstream',
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    },
    createdAt: now.toISOString(),
  };
  const secrets =
    hook.previous_secret && hook.previous_secret_expires_at && hook.previous_secret_expires_at > now
      ? [hook.secret, hook.previous_secret]
      : [hook.secret];
  const result = await attemptDelivery({
    url: hook.url,
    format: hook.payload_format,
    secrets,
    event,
    timeoutMs: config.webhooksTimeoutMs,
    dispatcher: webhookDispatcher(config.webhooksAllowPrivateNetworks, config.webhooksTimeoutMs),
  });
  const row = await insertInvocation(db, {
    invocationId: newId('webhook_invocation'),
    deliveryId: null,
    webhookId: hook.id,
    eventId: event.id,
    type,
    orderId,
    attempt: 1,
    statusCode: result.statusCode,
    errorKind: result.errorKind,
    errorMessage: result.errorMessage,
    durationMs: result.durationMs,
    responseBody: result.responseBody,
    outcome: result.errorKind ? 'failed' : 'delivered',
    nextAttemptAt: null,
    attemptedAt: result.startedAt,
  });
  return serializeInvocation(row, hook.live);
}

/**
 * Replaces the signing secret. The old one keeps signing alongside it for 24 hours (`json` and
 * `standard` carry both signatures; a JWT can carry only one, so `jwt` switches at once).
 */
export async function rotateSecret(
  db: Db,
  auth: ApiAuth,
  id: string,
  input: Static<typeof RotateSecretBody>,
) {
  if (input.secret !== undefined) checkSecret(input.secret, 'secret');
  return db.transaction().execute(async (tx) => {
    const hook = await mustFind(tx, auth, id);
    const row = await updateWebhookRow(tx, auth, id, {
      secret: input.secret ?? generateSecret(hook.payload_format),
      previous_secret: hook.secret,
      previous_secret_expires_at: new Date(Date.now() + PREVIOUS_SECRET_GRACE_MS),
    });
    if (!row) throw notFound('Webhook', id);
    return serializeWebhook(row, { withSecret: true });
  });
}

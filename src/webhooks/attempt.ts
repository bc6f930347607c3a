import { type Dispatcher, request } from 'undici';
import type { WebhookErrorKind, WebhookPayloadFormat } from '../db/schema.ts';
import { signedDelivery, type WebhookEvent } from './signing.ts';
import { createWebhookDispatcher } from './ssrf.ts';

/** How much of a receiver's answer is kept on the invocation: enough to debug, bounded in size. */
export const RESPONSE_BODY_LIMIT = 4096;

export interface AttemptInput {
  url: string;
  format: WebhookPayloadFormat;
  secrets: readonly string[];
  event: WebhookEvent;
  timeoutMs: number;
  dispatcher: Dispatcher;
}

export interface AttemptResult {
  /** 0 when no HTTP response arrived. */
  statusCode: number;
  /** Null on success. */
  errorKind: WebhookErrorKind | null;
  errorMessage: string | null;
  startedAt: Date;
  finishedAt: Date;
  durationMs: number;
  /** The first 4 KB of the response body, as text. */
  responseBody: string | null;
  retryAfter: string | undefined;
}

const dispatchers = new Map<string, Dispatcher>();

/** One SSRF-checking connection pool per process and policy, shared by the worker and the test endpoint. */
export function webhookDispatcher(allowPrivateNetworks: boolean, timeoutMs: number): Dispatcher {
  const key = `${allowPrivateNetworks}:${timeoutMs}`;
  let dispatcher = dispatchers.get(key);
  if (!dispatcher) {
    dispatcher = createWebhookDispatcher({
      allowPrivateNetworks,
      connectTimeoutMs: Math.min(timeoutMs, 10_000),
    });
    dispatchers.set(key, dispatcher);
  }
  return dispatcher;
}

function codes(error: unknown): string[] {
  const found: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    const { code, name } = current as { code?: unknown; name?: unknown };
    if (typeof code === 'string') found.push(code);
    if (typeof name === 'string') found.push(name);
    current = (current as { cause?: unknown }).cause;
  }
  return found;
}

const TLS_CODE = /^(ERR_TLS|ERR_SSL|ERR_OSSL|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|HOSTNAME_MISMATCH)/;

/** Sorts a failed request into the invocation's error kinds by the error's codes (and its causes'). */
export function classifyError(error: unknown): WebhookErrorKind {
  const all = codes(error);
  if (all.includes('ESSRF') || all.includes('SsrfError')) return 'ssrf';
  if (
    all.some((c) =>
      [
        'TimeoutError',
        'UND_ERR_CONNECT_TIMEOUT',
        'UND_ERR_HEADERS_TIMEOUT',
        'UND_ERR_BODY_TIMEOUT',
        'ETIMEDOUT',
      ].includes(c),
    )
  ) {
    return 'timeout';
  }
  if (all.some((c) => ['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME'].includes(c)))
    return 'dns';
  if (all.some((c) => TLS_CODE.test(c))) return 'tls';
  return 'connection';
}

function asText(bytes: Buffer): string {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, RESPONSE_BODY_LIMIT));
  return text.replaceAll('\u0000', ''); // PostgreSQL text cannot hold NUL.
}

async function readPrefix(
  body: Dispatcher.ResponseData['body'],
  contentLength: string | undefined,
): Promise<string> {
  // The usual answer is short and says so: read it whole, the cheapest way.
  if (contentLength !== undefined && Number(contentLength) <= RESPONSE_BODY_LIMIT) {
    return asText(Buffer.from(await body.arrayBuffer()));
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
    // Leaving the loop destroys the rest of the stream: a huge answer costs nothing more.
    if (size >= RESPONSE_BODY_LIMIT) break;
  }
  return asText(Buffer.concat(chunks));
}

/**
 * One POST of one event. Never throws: every failure becomes a result the caller records. The deadline
 * covers connecting, the headers and the kept part of the body; redirects are answers like any other
 * (undici's `request` does not follow them), so a 3xx is a failure.
 */
export async function attemptDelivery(input: AttemptInput): Promise<AttemptResult> {
  const startedAt = new Date();
  const started = performance.now();
  const finish = (
    partial: Omit<AttemptResult, 'startedAt' | 'finishedAt' | 'durationMs'>,
  ): AttemptResult => ({
    ...partial,
    startedAt,
    finishedAt: new Date(),
    durationMs: Math.round(performance.now() - started),
  });
  try {
    const { body, headers } = await signedDelivery({
      format: input.format,
      secrets: input.secrets,
      event: input.event,
      now: startedAt,
    });
    const response = await request(input.url, {
      method: 'POST',
      headers,
      body,
      dispatcher: input.dispatcher,
      signal: AbortSignal.timeout(input.timeoutMs),
      headersTimeout: input.timeoutMs,
      bodyTimeout: input.timeoutMs,
    });
    const length = response.headers['content-length'];
    const responseBody = await readPrefix(response.body, Array.isArray(length) ? length[0] : length);
    const retryAfter = response.headers['retry-after'];
    const ok = response.statusCode >= 200 && response.statusCode < 300;
    return finish({
      statusCode: response.statusCode,
      errorKind: ok ? null : 'http',
      errorMessage: ok ? null : `receiver answered HTTP ${response.statusCode}`,
      responseBody,
      retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
    });
  } catch (error) {
    const kind = classifyError(error);
    const message =
      kind === 'timeout'
        ? `no complete answer within ${input.timeoutMs} ms`
        : String((error as Error).message ?? error);
    return finish({
      statusCode: 0,
      errorKind: kind,
      errorMessage: message.slice(0, 500),
      responseBody: null,
      retryAfter: undefined,
    });
  }
}

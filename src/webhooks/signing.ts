import { createHmac, randomBytes } from 'node:crypto';

/**
 * Webhook payload formats (BRIEF §11):
 * - `jwt`: PostGrid's default. The body is a compact HS256 JWT with claims `{ type, data, iat }`.
 * - `json`: the event as JSON, signed in a `PostGrid-Signature` header.
 * - `standard`: Standard Webhooks v1 (`webhook-id` / `webhook-timestamp` / `webhook-signature`).
 */
export type PayloadFormat = 'jwt' | 'json' | 'standard';

export interface WebhookEvent {
  id: string;
  type: string;
  data: unknown;
  [key: string]: unknown;
}

export interface SignedDeliveryInput {
  format: PayloadFormat;
  /** Current secret first, then older secrets that receivers may still be verifying with (rotation). */
  secrets: readonly string[];
  event: WebhookEvent;
  now: Date;
}

export interface SignedDelivery {
  body: string;
  /** Header names are lower-case; HTTP header names are case-insensitive. */
  headers: Record<string, string>;
}

const SECRET_PREFIX = 'whsec_';
const USER_AGENT = 'mailstream-webhooks/1';
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Returns a fresh secret. Every format uses the `whsec_` prefix so secrets look alike in the API.
 * `standard` uses 24 random bytes, the size Standard Webhooks / Svix issue (the spec allows 24–64).
 * `jwt` and `json` use the secret's UTF-8 string as the HMAC key, so 32 random bytes there give the
 * 256-bit key strength RFC 7518 asks of HS256.
 */
export function generateSecret(format: PayloadFormat): string {
  const bytes = format === 'standard' ? 24 : 32;
  return SECRET_PREFIX + randomBytes(bytes).toString('base64');
}

/**
 * The HMAC key of a Standard Webhooks secret. A `whsec_` secret is base64 and decoded as the spec says;
 * a secret that is not valid base64 is refused because Node's decoder would otherwise silently
 * skip bad characters and sign with a key the receiver cannot reproduce. A secret WITHOUT the prefix
 * (e.g. one a user chose) is used as its raw UTF-8 bytes — receivers using the `standardwebhooks`
 * library must then pass `{ format: 'raw' }`.
 */
export function standardSecretKey(secret: string): Buffer {
  if (!secret.startsWith(SECRET_PREFIX)) {
    if (secret.length === 0) throw new Error('webhook secret must not be empty');
    return Buffer.from(secret, 'utf8');
  }
  const encoded = secret.slice(SECRET_PREFIX.length);
  if (!BASE64.test(encoded) || encoded.length % 4 === 1) {
    throw new Error('a whsec_ webhook secret must be followed by base64');
  }
  return Buffer.from(encoded, 'base64');
}

/** Standard Webhooks v1 signature: `v1,` + base64(HMAC-SHA256(key, `${msgId}.${timestamp}.${payload}`)). */
export function standardSignature(secret: string, msgId: string, timestamp: number, payload: string): string {
  const mac = createHmac('sha256', standardSecretKey(secret))
    .update(`${msgId}.${timestamp}.${payload}`, 'utf8')
    .digest('base64');
  return `v1,${mac}`;
}

/** PostGrid `json` signature: hex HMAC-SHA256 keyed with the secret's UTF-8 bytes over `${t}.${body}`. */
export function postgridSignature(secret: string, t: number, body: string): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(`${t}.${body}`, 'utf8').digest('hex');
}

const JWT_HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

/**
 * A compact HS256 JWS (RFC 7515/7519) keyed with the secret's UTF-8 bytes. Made with node:crypto in one
 * synchronous step: a library's WebCrypto signing costs two thread-pool round trips per delivery.
 * Tests verify the result with jose.
 */
function hs256Jwt(claims: Record<string, unknown>, secret: string): string {
  const signingInput = `${JWT_HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  const signature = createHmac('sha256', Buffer.from(secret, 'utf8'))
    .update(signingInput)
    .digest('base64url');
  return `${signingInput}.${signature}`;
}

/**
 * Produces the exact body and headers of one delivery attempt. Signatures cover the body string as
 * returned, so the caller must send it byte-for-byte (UTF-8) and must not re-serialise it.
 *
 * Rotation: `json` and `standard` carry one signature per secret (current first), so a receiver
 * that still holds an old secret keeps verifying until it switches. A JWT can only carry one
 * signature, so `jwt` is signed with the current secret alone.
 *
 * Async so that signing may move off the event loop later without changing callers.
 */
export async function signedDelivery({
  format,
  secrets,
  event,
  now,
}: SignedDeliveryInput): Promise<SignedDelivery> {
  const current = secrets[0];
  if (current === undefined || current.length === 0) throw new Error('a webhook needs at least one secret');
  for (const secret of secrets) {
    if (secret.length === 0) throw new Error('webhook secrets must not be empty');
  }

  switch (format) {
    case 'jwt': {
      // Beyond PostGrid's claims: `jti` (the event id) and the per-order `sequence` let receivers
      // drop duplicates of an at-least-once delivery and put events of one order in order.
      const claims: Record<string, unknown> = { type: event.type, data: event.data };
      if (typeof event.sequence === 'number') claims.sequence = event.sequence;
      claims.iat = Math.floor(now.getTime() / 1000);
      claims.jti = event.id;
      const body = hs256Jwt(claims, current);
      // PostGrid posts the bare compact JWT; text/plain keeps body parsers from mangling it
      // (`application/jwt` is rarely registered and some frameworks then drop the body).
      return { body, headers: { 'content-type': 'text/plain; charset=utf-8', 'user-agent': USER_AGENT } };
    }
    case 'json': {
      const body = JSON.stringify(event);
      const t = now.getTime(); // PostGrid's `t` is in milliseconds, unlike Standard Webhooks.
      const v1 = secrets.map((secret) => `v1=${postgridSignature(secret, t, body)}`).join(',');
      return {
        body,
        headers: {
          'content-type': 'application/json',
          'user-agent': USER_AGENT,
          'postgrid-signature': `t=${t},${v1}`,
        },
      };
    }
    case 'standard': {
      const body = JSON.stringify(event);
      const timestamp = Math.floor(now.getTime() / 1000);
      const signature = secrets
        .map((secret) => standardSignature(secret, event.id, timestamp, body))
        .join(' ');
      return {
        body,
        headers: {
          'content-type': 'application/json',
          'user-agent': USER_AGENT,
          'webhook-id': event.id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signature,
        },
      };
    }
    default: {
      const unknownFormat: never = format;
      throw new Error(`unknown webhook payload format: ${String(unknownFormat)}`);
    }
  }
}

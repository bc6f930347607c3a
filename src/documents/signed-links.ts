import { createHash } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';

/** Where signed document links are served, outside the API key's authentication. */
export const DOCUMENTS_PREFIX = '/documents/v1';

/** PostGrid's `GET /{kind}/{id}/url` links last 15 minutes. */
export const PROOF_LINK_TTL_SECONDS = 15 * 60;

const AUDIENCE = 'mailstream:document';

export type LinkCheck =
  | { ok: true; documentId: string; expiresAt: Date }
  | { ok: false; reason: 'expired'; expiredAt: Date }
  | { ok: false; reason: 'invalid' };

/**
 * Signed, expiring links to documents: the token is a JWT (HS256, jose) naming the document and its expiry,
 * signed with a key derived from MAILSTREAM_SECRET, so every host sharing the secret serves every link.
 * Whoever holds a link may read the document until it expires: hand links only to the order's owner.
 */
export class DocumentLinks {
  readonly #key: Uint8Array;

  constructor(secret: string) {
    // A key of its own, so a document link can never pass for anything else the secret signs or seals.
    this.#key = createHash('sha256').update(`mailstream document links v1\0${secret}`).digest();
  }

  /** A token for `documentId`, valid `ttlSeconds` from `now`. */
  async sign(documentId: string, ttlSeconds: number, now: Date = new Date()): Promise<string> {
    const issued = Math.floor(now.getTime() / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(documentId)
      .setAudience(AUDIENCE)
      .setIssuedAt(issued)
      .setExpirationTime(issued + ttlSeconds)
      .sign(this.#key);
  }

  /** The absolute URL of a new link: `${baseUrl}/documents/v1/${token}`. */
  async url(
    baseUrl: string,
    documentId: string,
    ttlSeconds: number,
    now: Date = new Date(),
  ): Promise<string> {
    return `${baseUrl.replace(/\/+$/, '')}${DOCUMENTS_PREFIX}/${await this.sign(documentId, ttlSeconds, now)}`;
  }

  async verify(token: string, now: Date = new Date()): Promise<LinkCheck> {
    try {
      const { payload } = await jwtVerify(token, this.#key, {
        algorithms: ['HS256'],
        audience: AUDIENCE,
        currentDate: now,
        clockTolerance: 0,
        requiredClaims: ['sub', 'exp'],
      });
      return { ok: true, documentId: payload.sub!, expiresAt: new Date(payload.exp! * 1000) };
    } catch (error) {
      if (error instanceof errors.JWTExpired) {
        const exp = (error.payload as { exp?: number }).exp ?? 0;
        return { ok: false, reason: 'expired', expiredAt: new Date(exp * 1000) };
      }
      return { ok: false, reason: 'invalid' };
    }
  }
}

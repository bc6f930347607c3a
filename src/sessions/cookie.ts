import type { FastifyRequest } from 'fastify';
import type { Config } from '../config/config.ts';

export const SESSION_COOKIE = 'mailstream_session';

/** The value of one cookie from the Cookie header, or undefined. Session tokens are base62, never quoted. */
export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function secure(request: FastifyRequest, setting: Config['sessionCookieSecure']): boolean {
  return setting === 'true' || (setting === 'auto' && request.protocol === 'https');
}

/**
 * HttpOnly keeps the token away from page scripts; SameSite=Lax keeps other sites' forms and scripts from
 * sending it; Secure when served over https (or always, behind a TLS-terminating proxy, with
 * SESSION_COOKIE_SECURE=true).
 */
export function sessionCookie(
  request: FastifyRequest,
  setting: Config['sessionCookieSecure'],
  token: string,
  maxAgeSeconds: number,
): string {
  const flags = ['Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${maxAgeSeconds}`];
  if (secure(request, setting)) flags.push('Secure');
  return [`${SESSION_COOKIE}=${token}`, ...flags].join('; ');
}

export function clearedSessionCookie(
  request: FastifyRequest,
  setting: Config['sessionCookieSecure'],
): string {
  return sessionCookie(request, setting, '', 0);
}

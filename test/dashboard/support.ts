import { createUser } from '../../src/users/service.ts';
import type { TestApp } from '../support/app.ts';

export const PASSWORD = 'correct horse battery staple';

/** A dashboard user in the test app's organization. */
export async function createTestUser(
  t: TestApp,
  email = `user-${Math.random().toString(36).slice(2)}@example.com`,
) {
  return createUser(t.database.db, { organizationId: t.org.organizationId, email, password: PASSWORD });
}

/** The value of the session cookie a response sets, and the whole Set-Cookie header. */
export function sessionCookieOf(headers: Headers): { value: string; header: string } | undefined {
  const header = headers.getSetCookie().find((c) => c.startsWith('mailstream_session='));
  if (!header) return undefined;
  return { value: header.slice('mailstream_session='.length).split(';')[0]!, header };
}

export async function signIn(t: TestApp, email: string, password = PASSWORD, cookie?: string) {
  const response = await fetch(`${t.baseUrl}/dashboard/api/sign-in`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(cookie ? { cookie: `mailstream_session=${cookie}` } : {}),
    },
    body: JSON.stringify({ email, password }),
  });
  const body = (await response.json()) as any;
  return { status: response.status, body, cookie: sessionCookieOf(response.headers) };
}

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createOrganization } from '../../src/organizations/service.ts';
import { createUser } from '../../src/users/service.ts';
import { createTestUser, PASSWORD, signIn } from '../dashboard/support.ts';
import { storedState } from '../hostile/support.ts';
import { senderAddress, startTestApp, type TestApp, usAddress } from '../support/app.ts';

/**
 * Session fixation and CSRF beyond test/dashboard/sessions.test.ts (which covers: a new session id at
 * every sign-in with the presented one revoked, hardened cookie flags, JSON-only sign-in, CSRF on POST
 * /letters, sign-out and key reveal). Here: CSRF on every state-changing route, a token bound to its own
 * session, tokens only from the header, and fixation with a planted session of another account.
 */

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => {
  await t.close();
});

async function send(
  path: string,
  init: { method: string; cookie?: string; csrf?: string; json?: unknown; form?: string },
) {
  const headers: Record<string, string> = {};
  if (init.cookie) headers.cookie = `mailstream_session=${init.cookie}`;
  if (init.csrf) headers['x-csrf-token'] = init.csrf;
  let body: string | undefined;
  if (init.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.json);
  } else if (init.form !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = init.form;
  }
  const response = await fetch(`${t.baseUrl}${path}`, { method: init.method, headers, body });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** Every state-changing route of the API (from the OpenAPI document) and of the dashboard. */
async function stateChangingRoutes(): Promise<[string, string, unknown?][]> {
  const doc = (await (await fetch(`${t.baseUrl}/openapi.json`)).json()) as { paths: Record<string, object> };
  const routes: [string, string, unknown?][] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    if (!path.startsWith('/print-mail/v1/')) continue;
    for (const method of Object.keys(methods)) {
      if (method === 'get') continue;
      routes.push([
        method.toUpperCase(),
        path.replaceAll(/\{(\w+)\}/g, (_m, name: string) => `${name}_doesnotexist`),
      ]);
    }
  }
  routes.push(
    // A valid body, so only the missing token can be the reason for a refusal.
    ['POST', '/dashboard/api/api-keys/rotate', { mode: 'live' }],
    ['POST', '/dashboard/api/api-keys/key_doesnotexist/reveal'],
    ['POST', '/dashboard/api/sign-out'],
  );
  return routes;
}

const letter = { to: usAddress(), from: senderAddress(), html: '<p>x</p>' };

describe('CSRF', () => {
  test('every state-changing route refuses a session without its CSRF token, or with another session’s', async () => {
    const user = await createTestUser(t, 'csrf-all@example.com');
    const mine = await signIn(t, user.email);
    const other = await signIn(t, (await createTestUser(t, 'csrf-other@example.com')).email);
    const routes = await stateChangingRoutes();
    assert.ok(routes.length > 40, `only ${routes.length} routes found`);
    const before = await storedState(t.database.db);
    for (const [method, path, body] of routes) {
      for (const csrf of [undefined, other.body.csrfToken, mine.body.csrfToken.slice(0, -1), '']) {
        const response = await send(path, { method, cookie: mine.cookie!.value, csrf, json: body ?? {} });
        const where = `${method} ${path} csrf=${csrf === undefined ? 'none' : csrf === other.body.csrfToken ? "another session's" : JSON.stringify(csrf)}`;
        assert.equal(response.status, 403, `${where} → ${response.status} ${JSON.stringify(response.body)}`);
        assert.equal(response.body.error.type, 'permission_missing_error', where);
      }
    }
    const { 'public.sessions': _s, ...after } = await storedState(t.database.db);
    const { 'public.sessions': _b, ...rest } = before;
    assert.deepEqual(after, rest, 'nothing stored, changed or queued');
    // The session itself still works, with its own token.
    const ok = await send('/print-mail/v1/letters', {
      method: 'POST',
      cookie: mine.cookie!.value,
      csrf: mine.body.csrfToken,
      json: letter,
    });
    assert.equal(ok.status, 200);
  });

  test('the token counts only in the x-csrf-token header, not in the query, the body or a form', async () => {
    const session = await signIn(t, (await createTestUser(t, 'csrf-where@example.com')).email);
    const cookie = session.cookie!.value;
    const token = session.body.csrfToken;
    const attempts = [
      send(`/print-mail/v1/letters?csrfToken=${token}&x-csrf-token=${token}`, {
        method: 'POST',
        cookie,
        json: letter,
      }),
      send('/print-mail/v1/letters', {
        method: 'POST',
        cookie,
        json: { ...letter, csrfToken: token, 'x-csrf-token': token },
      }),
      send('/print-mail/v1/webhooks', {
        method: 'POST',
        cookie,
        form: `url=https://evil.example.com/&enabledEvents[0]=letter.created&x-csrf-token=${token}`,
      }),
    ];
    for (const response of await Promise.all(attempts)) {
      assert.equal(response.status, 403, JSON.stringify(response.body));
      assert.equal(response.body.error.type, 'permission_missing_error');
    }
  });
});

describe('session fixation', () => {
  test("an attacker's own session planted in a victim's browser is revoked at the victim's sign-in and never sees the victim's data", async () => {
    const attackerOrg = await createOrganization(t.database.db, 'Attacker org');
    await createUser(t.database.db, {
      organizationId: attackerOrg.organizationId,
      email: 'attacker@example.com',
      password: PASSWORD,
    });
    const victim = await createTestUser(t, 'victim@example.com');
    const attacker = await signIn(t, 'attacker@example.com');
    const planted = attacker.cookie!.value;
    // The victim's browser carries the attacker's cookie when the victim signs in.
    const victimSession = await signIn(t, victim.email, PASSWORD, planted);
    assert.equal(victimSession.status, 200);
    assert.notEqual(victimSession.cookie!.value, planted);
    assert.equal(victimSession.body.organization.id, t.org.organizationId);
    const created = await send('/print-mail/v1/letters', {
      method: 'POST',
      cookie: victimSession.cookie!.value,
      csrf: victimSession.body.csrfToken,
      json: letter,
    });
    assert.equal(created.status, 200);
    // The planted session is over: it reads nothing, neither the attacker's nor the victim's.
    for (const path of [
      '/dashboard/api/me',
      '/print-mail/v1/letters',
      `/print-mail/v1/letters/${created.body.id}`,
    ]) {
      const response = await send(path, { method: 'GET', cookie: planted });
      assert.equal(response.status, 401, path);
    }
    // Signing in again with the ended token presented does not revive it either.
    const again = await signIn(t, 'attacker@example.com', PASSWORD, planted);
    assert.notEqual(again.cookie!.value, planted);
    assert.equal((await send('/dashboard/api/me', { method: 'GET', cookie: planted })).status, 401);
    // And the attacker's fresh session is confined to the attacker's organization.
    const peek = await send(`/print-mail/v1/letters/${created.body.id}`, {
      method: 'GET',
      cookie: again.cookie!.value,
    });
    assert.equal(peek.status, 404);
  });

  test('a session cookie value the server never issued is refused, whatever its shape', async () => {
    for (const value of [
      'A'.repeat(43),
      'x',
      `${'0'.repeat(43)}; mailstream_session=${'1'.repeat(43)}`,
      '../../etc/passwd',
      '%00',
    ]) {
      const response = await send('/print-mail/v1/letters', { method: 'GET', cookie: value });
      assert.equal(response.status, 401, value);
      assert.equal(response.body.error.type, 'missing_auth_error');
    }
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { purgeEndedSessions } from '../../src/sessions/service.ts';
import { senderAddress, startTestApp, type TestApp, usAddress } from '../support/app.ts';
import { createTestUser, PASSWORD, sessionCookieOf, signIn } from './support.ts';

let t: TestApp;
let email: string;
before(async () => {
  t = await startTestApp();
  email = (await createTestUser(t, 'Ada@Example.com')).email;
});
after(async () => {
  await t.close();
});

/** A request as the dashboard makes it: session cookie, CSRF token, mode header. */
async function asDashboard(
  path: string,
  session: { cookie: string; csrf?: string },
  init: { method?: string; json?: unknown; mode?: string } = {},
) {
  const headers: Record<string, string> = { cookie: `mailstream_session=${session.cookie}` };
  if (session.csrf) headers['x-csrf-token'] = session.csrf;
  if (init.mode) headers['x-mailstream-mode'] = init.mode;
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${t.baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text.startsWith('{') ? JSON.parse(text) : text,
  };
}

const letter = { to: usAddress(), from: senderAddress(), html: '<p>Hi</p>' };

describe('dashboard sign-in', () => {
  test('signs in with the right password, case-insensitive email, and sets a hardened cookie', async () => {
    assert.equal(email, 'ada@example.com');
    const result = await signIn(t, 'ADA@example.com');
    assert.equal(result.status, 200);
    assert.equal(result.body.user.email, 'ada@example.com');
    assert.equal(result.body.organization.id, t.org.organizationId);
    assert.match(result.body.csrfToken, /^[0-9A-Za-z]{43}$/);
    const cookie = result.cookie!;
    assert.match(cookie.value, /^[0-9A-Za-z]{43}$/);
    const flags = cookie.header.split(';').map((f) => f.trim());
    assert.ok(flags.includes('HttpOnly'), cookie.header);
    assert.ok(flags.includes('SameSite=Lax'), cookie.header);
    assert.ok(flags.includes('Path=/'), cookie.header);
    assert.ok(
      flags.some((f) => /^Max-Age=\d+$/.test(f) && Number(f.slice(8)) > 0),
      cookie.header,
    );
    // Plain http and SESSION_COOKIE_SECURE=auto: no Secure flag, or the browser would drop the cookie.
    assert.ok(!flags.includes('Secure'), cookie.header);
  });

  test('refuses a wrong password and an unknown email with the same words', async () => {
    const wrong = await signIn(t, email, 'not the password');
    const unknown = await signIn(t, 'nobody@example.com', PASSWORD);
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.equal(wrong.body.error.type, 'missing_auth_error');
    assert.equal(wrong.body.error.message, 'Wrong email or password.');
    assert.equal(unknown.body.error.message, wrong.body.error.message);
    assert.equal(wrong.cookie, undefined);
  });

  test('refuses a sign-in that is not JSON (a cross-site form cannot sign anyone in)', async () => {
    const response = await fetch(`${t.baseUrl}/dashboard/api/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email, password: PASSWORD }).toString(),
    });
    assert.equal(response.status, 415);
    assert.equal(sessionCookieOf(response.headers), undefined);
  });

  test('the session id changes at sign-in and a presented session is revoked (no fixation)', async () => {
    const first = await signIn(t, email);
    const old = first.cookie!.value;
    const second = await signIn(t, email, PASSWORD, old);
    assert.equal(second.status, 200);
    assert.notEqual(second.cookie!.value, old);
    assert.notEqual(second.body.csrfToken, first.body.csrfToken);
    const withOld = await asDashboard('/dashboard/api/me', { cookie: old });
    assert.equal(withOld.status, 401);
    const withNew = await asDashboard('/dashboard/api/me', { cookie: second.cookie!.value });
    assert.equal(withNew.status, 200);
    assert.equal(withNew.body.csrfToken, second.body.csrfToken);
    // A value an attacker planted never becomes a session: the server mints its own.
    const planted = 'A'.repeat(43);
    const third = await signIn(t, email, PASSWORD, planted);
    assert.notEqual(third.cookie!.value, planted);
    assert.equal((await asDashboard('/dashboard/api/me', { cookie: planted })).status, 401);
  });

  test('sign-out needs the CSRF token, ends the session and clears the cookie', async () => {
    const { cookie, body } = await signIn(t, email);
    const forged = await asDashboard(
      '/dashboard/api/sign-out',
      { cookie: cookie!.value },
      { method: 'POST' },
    );
    assert.equal(forged.status, 403);
    assert.equal((await asDashboard('/dashboard/api/me', { cookie: cookie!.value })).status, 200);
    const out = await asDashboard(
      '/dashboard/api/sign-out',
      { cookie: cookie!.value, csrf: body.csrfToken },
      { method: 'POST' },
    );
    assert.equal(out.status, 200);
    const cleared = sessionCookieOf(out.headers)!;
    assert.equal(cleared.value, '');
    assert.match(cleared.header, /Max-Age=0/);
    assert.equal((await asDashboard('/dashboard/api/me', { cookie: cookie!.value })).status, 401);
  });

  test('ten wrong passwords for one account from one address: the eleventh try is refused', async () => {
    const target = (await createTestUser(t, 'guess-me@example.com')).email;
    for (let i = 0; i < 10; i++) assert.equal((await signIn(t, target, `wrong ${i}`)).status, 401);
    const blocked = await signIn(t, target, PASSWORD);
    assert.equal(blocked.status, 429);
    assert.match(
      blocked.body.error.message,
      /^Too many failed sign-ins to this account; try again in \d+ seconds\.$/,
    );
    assert.equal(blocked.cookie, undefined);
    // Other accounts from the same address still sign in.
    assert.equal((await signIn(t, email)).status, 200);
  });

  test('SESSION_COOKIE_SECURE=true adds Secure', async () => {
    const secure = await startTestApp({ SESSION_COOKIE_SECURE: 'true' });
    try {
      await createTestUser(secure, 'sec@example.com');
      const result = await signIn(secure, 'sec@example.com');
      assert.ok(
        result
          .cookie!.header.split(';')
          .map((f) => f.trim())
          .includes('Secure'),
        result.cookie!.header,
      );
    } finally {
      await secure.close();
    }
  });
});

describe('session housekeeping', () => {
  test('ended sessions are purged, live ones kept', async () => {
    const live = await signIn(t, email);
    const ended = await signIn(t, email);
    await asDashboard(
      '/dashboard/api/sign-out',
      { cookie: ended.cookie!.value, csrf: ended.body.csrfToken },
      {
        method: 'POST',
      },
    );
    const before = await t.database.db.selectFrom('sessions').select(['id', 'revoked_at']).execute();
    assert.ok(before.some((row) => row.revoked_at !== null));
    const removed = await purgeEndedSessions(t.database.db);
    assert.equal(removed, before.filter((row) => row.revoked_at !== null).length);
    const after = await t.database.db.selectFrom('sessions').select('revoked_at').execute();
    assert.ok(after.length > 0 && after.every((row) => row.revoked_at === null));
    assert.equal((await asDashboard('/dashboard/api/me', { cookie: live.cookie!.value })).status, 200);
  });
});

describe('the API with a dashboard session', () => {
  test('reads with the cookie alone, in the mode the header names', async () => {
    const { cookie } = await signIn(t, email);
    const testLetter = await t.api('/letters', { method: 'POST', json: letter });
    const liveLetter = await t.api('/letters', { method: 'POST', json: letter, key: t.org.liveApiKey });
    const testList = await asDashboard('/print-mail/v1/letters', { cookie: cookie!.value }, { mode: 'test' });
    assert.equal(testList.status, 200);
    assert.deepEqual(
      testList.body.data.map((l: any) => l.id),
      [testLetter.body.id],
    );
    const liveList = await asDashboard('/print-mail/v1/letters', { cookie: cookie!.value }, { mode: 'live' });
    assert.deepEqual(
      liveList.body.data.map((l: any) => l.id),
      [liveLetter.body.id],
    );
    // Without the header the dashboard is in test mode: never live mail by accident.
    const noHeader = await asDashboard(`/print-mail/v1/letters/${testLetter.body.id}`, {
      cookie: cookie!.value,
    });
    assert.equal(noHeader.status, 200);
    const bad = await asDashboard('/print-mail/v1/letters', { cookie: cookie!.value }, { mode: 'prod' });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.message, /x-mailstream-mode must be test or live/);
  });

  test('refuses a state-changing request without the CSRF token, and changes nothing', async () => {
    const { cookie, body } = await signIn(t, email);
    const before = await t.database.db.selectFrom('orders').select('id').execute();
    const missing = await asDashboard(
      '/print-mail/v1/letters',
      { cookie: cookie!.value },
      { method: 'POST', json: letter },
    );
    assert.equal(missing.status, 403);
    assert.equal(missing.body.error.type, 'permission_missing_error');
    const wrong = await asDashboard(
      '/print-mail/v1/letters',
      { cookie: cookie!.value, csrf: 'x'.repeat(43) },
      { method: 'POST', json: letter },
    );
    assert.equal(wrong.status, 403);
    const after = await t.database.db.selectFrom('orders').select('id').execute();
    assert.equal(after.length, before.length);
    const ok = await asDashboard(
      '/print-mail/v1/letters',
      { cookie: cookie!.value, csrf: body.csrfToken },
      { method: 'POST', json: letter, mode: 'test' },
    );
    assert.equal(ok.status, 200);
    assert.equal(ok.body.live, false);
  });

  test('an ended session is refused in words; the API key path is unchanged', async () => {
    const ended = await asDashboard('/print-mail/v1/letters', { cookie: 'B'.repeat(43) });
    assert.equal(ended.status, 401);
    assert.match(ended.body.error.message, /session has ended/);
    const noAuth = await t.api('/letters', { key: null });
    assert.equal(noAuth.status, 401);
    assert.match(noAuth.body.error.message, /Missing API key/);
    const badKey = await t.api('/letters', { key: `test_sk_${'x'.repeat(32)}` });
    assert.equal(badKey.status, 401);
    assert.equal(badKey.body.error.message, 'The API key is invalid.');
  });
});

describe('API keys in the dashboard', () => {
  test('lists keys masked, reveals them, and rotation replaces a key at once', async () => {
    const { cookie, body } = await signIn(t, email);
    const session = { cookie: cookie!.value, csrf: body.csrfToken };
    const list = await asDashboard('/dashboard/api/api-keys', session);
    assert.equal(list.status, 200);
    assert.equal(list.headers.get('cache-control'), 'no-store');
    const testKey = list.body.data.find((k: any) => k.mode === 'test');
    assert.equal(testKey.masked, `test_sk_••••••••${t.org.testApiKey.slice(-4)}`);
    assert.ok(!JSON.stringify(list.body).includes(t.org.testApiKey));
    assert.equal(testKey.revealable, true);

    const noCsrf = await asDashboard(
      `/dashboard/api/api-keys/${testKey.id}/reveal`,
      { cookie: session.cookie },
      {
        method: 'POST',
      },
    );
    assert.equal(noCsrf.status, 403);
    const revealed = await asDashboard(`/dashboard/api/api-keys/${testKey.id}/reveal`, session, {
      method: 'POST',
    });
    assert.equal(revealed.status, 200);
    assert.equal(revealed.body.key, t.org.testApiKey);

    const liveKey = list.body.data.find((k: any) => k.mode === 'live');
    const rotated = await asDashboard('/dashboard/api/api-keys/rotate', session, {
      method: 'POST',
      json: { mode: 'live' },
    });
    assert.equal(rotated.status, 200);
    assert.match(rotated.body.key, /^live_sk_[0-9A-Za-z]{32}$/);
    assert.notEqual(rotated.body.key, t.org.liveApiKey);
    assert.equal((await t.api('/letters', { key: t.org.liveApiKey })).status, 401);
    assert.equal((await t.api('/letters', { key: rotated.body.key })).status, 200);
    const again = await asDashboard(`/dashboard/api/api-keys/${rotated.body.id}/reveal`, session, {
      method: 'POST',
    });
    assert.equal(again.body.key, rotated.body.key);
    const after = await asDashboard('/dashboard/api/api-keys', session);
    assert.deepEqual(after.body.data.map((k: any) => k.mode).sort(), ['live', 'test']);
    // The rotated-away key is gone: nothing to reveal.
    const gone = await asDashboard(`/dashboard/api/api-keys/${liveKey.id}/reveal`, session, {
      method: 'POST',
    });
    assert.equal(gone.status, 404);
  });
});

describe('serving the dashboard', () => {
  test('unknown API routes still answer JSON 404s', async () => {
    for (const path of ['/print-mail/v1/nothing-here', '/dashboard/api/nothing-here']) {
      // Even when a browser asks for a page.
      const response = await fetch(`${t.baseUrl}${path}`, { headers: { accept: 'text/html' } });
      assert.equal(response.status, 404, path);
      const body = (await response.json()) as any;
      assert.equal(body.error.type, 'not_found_error');
    }
    const post = await fetch(`${t.baseUrl}/print-mail/v1/nothing-here`, { method: 'POST' });
    assert.equal(post.status, 404);
  });

  test('app routes get the single-page app; missing files get a 404', async () => {
    const html = { accept: 'text/html,application/xhtml+xml' };
    const page = await fetch(`${t.baseUrl}/letters/letter_abc`, { headers: html });
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    assert.match(await page.text(), /<div id="root">/);
    assert.match(page.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
    const missing = await fetch(`${t.baseUrl}/assets/missing-file.js`, { headers: html });
    assert.equal(missing.status, 404);
    // A client that does not ask for a page gets the API's JSON 404, even outside the API prefix.
    const json = await fetch(`${t.baseUrl}/letters/letter_abc`);
    assert.equal(json.status, 404);
    assert.equal(((await json.json()) as any).error.type, 'not_found_error');
    // The API documentation keeps its own routes.
    const docs = await fetch(`${t.baseUrl}/docs/`);
    assert.equal(docs.status, 200);
    assert.doesNotMatch(await docs.text(), /<div id="root">/);
    const openapi = await fetch(`${t.baseUrl}/openapi.json`);
    assert.equal(openapi.status, 200);
    assert.equal(((await openapi.json()) as any).openapi, '3.0.3');
  });
});

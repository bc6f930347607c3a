import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CreatedOrganization } from '../../src/organizations/service.ts';
import { createOrganization } from '../../src/organizations/service.ts';
import { createUser } from '../../src/users/service.ts';
import { PASSWORD, signIn } from '../dashboard/support.ts';
import { storedState } from '../hostile/support.ts';
import { senderAddress, startTestApp, type TestApp, usAddress } from '../support/app.ts';
import { type Receiver, startReceiver } from '../support/receiver.ts';

/**
 * Every resource of one organization's test mode, tried with the other mode's key, another organization's
 * keys and another organization's dashboard session: every read, list, change, cancel and sub-resource is
 * a 404 (or absent from lists), and nothing changes.
 */

let t: TestApp;
let receiver: Receiver;
let victims: Victim[];
let intruder: CreatedOrganization;
let intruderHook: string;
let intruderEnvelope: string;

interface Ids {
  order_profile_letters: string;
  order_profile_postcards: string;
  order_profile_cheques: string;
  order_profile_self_mailers: string;
  mailing_list_import: string;
  mailing_list: string;
  campaign: string;
  contact: string;
  template: string;
  bank_account: string;
  letter: string;
  postcard: string;
  cheque: string;
  self_mailer: string;
  return_envelope: string;
  return_envelope_order: string;
  webhook: string;
  event: string;
}

interface Attacker {
  name: string;
  headers: Record<string, string>;
  /** Only for a dashboard session: its CSRF token, sent on state-changing requests. */
  csrf?: string;
}

/** The owner's objects in one mode, and everyone who must not reach them. */
interface Victim {
  mode: 'test' | 'live';
  key: string;
  ids: Ids;
  attackers: Attacker[];
}

async function made(path: string, json: unknown, key: string): Promise<string> {
  const response = await t.api(path, { method: 'POST', json, key });
  assert.equal(response.status, 200, `${path}: ${JSON.stringify(response.body)}`);
  return response.body.id;
}

/** One object of every kind, made with `key` (so in its mode). */
async function victimObjects(key: string): Promise<Ids> {
  const contact = await made('/contacts', usAddress({ firstName: 'Victim' }), key);
  const template = await made(
    '/templates',
    { html: '<p>{{to.firstName}}</p>', metadata: { owner: 'victim' } },
    key,
  );
  const bankAccount = await made(
    '/bank_accounts',
    {
      bankName: 'Victim Bank',
      bankCountryCode: 'US',
      accountNumber: '000123456789',
      routingNumber: '021000021',
      signatureText: 'V',
    },
    key,
  );
  const returnEnvelope = await made(
    '/return_envelopes',
    { to: senderAddress({ companyName: 'Victim Returns' }) },
    key,
  );
  const people = { to: contact, from: senderAddress(), metadata: { owner: 'victim' } };
  const webhook = await made(
    '/webhooks',
    { url: `${receiver.url}/victim`, enabledEvents: ['letter.created'] },
    key,
  );
  const letter = await made('/letters', { ...people, template }, key);
  const events = await t.api(`/events?orderId=${letter}`, { key });
  // Bulk sending: profiles of each kind, an import, a list and a campaign (no worker: they stay as made).
  const letterProfile = await made('/order_profiles/letters', { size: 'us_letter', html: '<p>v</p>' }, key);
  const mailingList = await made('/mailing_lists', { description: 'victim list' }, key);
  return {
    order_profile_letters: letterProfile,
    order_profile_postcards: await made(
      '/order_profiles/postcards',
      { size: '6x4', frontHTML: '<p>f</p>', backHTML: '<p>b</p>' },
      key,
    ),
    order_profile_cheques: await made('/order_profiles/cheques', { bankAccount, amount: 100 }, key),
    order_profile_self_mailers: await made(
      '/order_profiles/self_mailers',
      { size: '8.5x11_bifold', insideHTML: 'i', outsideHTML: 'o' },
      key,
    ),
    mailing_list_import: await made(
      '/mailing_list_imports',
      {
        file: 'First Name,Address,City,State,ZIP,Country\r\nVic,1 Broadway,New York,NY,10004,US\r\n',
        fileType: 'csv',
        receiverAddressMapping: {
          firstName: 'First Name',
          addressLine1: 'Address',
          city: 'City',
          provinceOrState: 'State',
          postalOrZip: 'ZIP',
          countryCode: 'Country',
        },
      },
      key,
    ),
    mailing_list: mailingList,
    campaign: await made(
      '/campaigns',
      { mailingList, letterProfile, defaultSenderContact: contact, description: 'victim campaign' },
      key,
    ),
    contact,
    template,
    bank_account: bankAccount,
    letter,
    postcard: await made(
      '/postcards',
      { ...people, size: '6x4', frontHTML: '<p>f</p>', backHTML: '<p>b</p>' },
      key,
    ),
    cheque: await made('/cheques', { ...people, bankAccount, amount: 100 }, key),
    self_mailer: await made(
      '/self_mailers',
      { ...people, size: '8.5x11_bifold', insideHTML: 'i', outsideHTML: 'o' },
      key,
    ),
    return_envelope: returnEnvelope,
    return_envelope_order: await made(
      `/return_envelopes/${returnEnvelope}/orders`,
      { quantityOrdered: 5000 },
      key,
    ),
    webhook,
    event: events.body.data[0].id,
  };
}

async function dashboardSession(organizationId: string, email: string) {
  await createUser(t.database.db, { organizationId, email, password: PASSWORD });
  const session = await signIn(t, email);
  assert.equal(session.status, 200);
  return { cookie: `mailstream_session=${session.cookie!.value}`, csrf: session.body.csrfToken as string };
}

before(async () => {
  // No worker: live orders stay ready, so every action is tried on an order that could take it.
  t = await startTestApp({ WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true' });
  receiver = await startReceiver();
  intruder = await createOrganization(t.database.db, 'Intruder org');
  intruderHook = await made(
    '/webhooks',
    { url: `${receiver.url}/intruder`, enabledEvents: ['letter.created'] },
    intruder.testApiKey,
  );
  intruderEnvelope = await made(
    '/return_envelopes',
    { to: senderAddress({ companyName: 'Intruder Returns' }) },
    intruder.testApiKey,
  );
  const stranger = await dashboardSession(intruder.organizationId, 'intruder@example.com');
  const colleague = await dashboardSession(t.org.organizationId, 'colleague@example.com');
  const strangers: Attacker[] = [
    { name: 'other organization, test key', headers: { 'x-api-key': intruder.testApiKey } },
    { name: 'other organization, live key', headers: { 'x-api-key': intruder.liveApiKey } },
    ...(['test', 'live'] as const).map((mode) => ({
      name: `other organization, dashboard (${mode})`,
      headers: { cookie: stranger.cookie, 'x-mailstream-mode': mode },
      csrf: stranger.csrf,
    })),
  ];
  victims = [];
  for (const [mode, key, otherKey] of [
    ['test', t.org.testApiKey, t.org.liveApiKey],
    ['live', t.org.liveApiKey, t.org.testApiKey],
  ] as const) {
    const otherMode = mode === 'test' ? 'live' : 'test';
    victims.push({
      mode,
      key,
      ids: await victimObjects(key),
      attackers: [
        { name: `same organization, ${otherMode} key`, headers: { 'x-api-key': otherKey } },
        {
          name: `same organization, dashboard (${otherMode})`,
          headers: { cookie: colleague.cookie, 'x-mailstream-mode': otherMode },
          csrf: colleague.csrf,
        },
        ...strangers,
      ],
    });
  }
});
after(async () => {
  await t.close();
  await receiver.close();
});

type Op = [method: 'GET' | 'POST' | 'DELETE', template: string, path: (ids: Ids) => string, body?: unknown];

const orderKinds = [
  ['letters', 'letter'],
  ['postcards', 'postcard'],
  ['cheques', 'cheque'],
  ['self_mailers', 'self_mailer'],
] as const;

/** Every route that names one object, with the body it needs (so a refusal is never for a bad body). */
function operations(): Op[] {
  const ops: Op[] = [
    ['GET', '/contacts/{id}', (v) => `/contacts/${v.contact}`],
    ['DELETE', '/contacts/{id}', (v) => `/contacts/${v.contact}`],
    ['GET', '/templates/{id}', (v) => `/templates/${v.template}`],
    ['POST', '/templates/{id}', (v) => `/templates/${v.template}`, { description: 'taken over' }],
    ['DELETE', '/templates/{id}', (v) => `/templates/${v.template}`],
    ['GET', '/bank_accounts/{id}', (v) => `/bank_accounts/${v.bank_account}`],
    ['DELETE', '/bank_accounts/{id}', (v) => `/bank_accounts/${v.bank_account}`],
    ['GET', '/return_envelopes/{id}', (v) => `/return_envelopes/${v.return_envelope}`],
    ['GET', '/return_envelopes/{id}/orders', (v) => `/return_envelopes/${v.return_envelope}/orders`],
    [
      'POST',
      '/return_envelopes/{id}/orders',
      (v) => `/return_envelopes/${v.return_envelope}/orders`,
      { quantityOrdered: 5000 },
    ],
    [
      'GET',
      '/return_envelopes/{id}/orders/{orderId}',
      (v) => `/return_envelopes/${v.return_envelope}/orders/${v.return_envelope_order}`,
    ],
    [
      'DELETE',
      '/return_envelopes/{id}/orders/{orderId}',
      (v) => `/return_envelopes/${v.return_envelope}/orders/${v.return_envelope_order}`,
    ],
    [
      'POST',
      '/return_envelopes/{id}/orders/{orderId}/cancellation',
      (v) => `/return_envelopes/${v.return_envelope}/orders/${v.return_envelope_order}/cancellation`,
      { note: 'x' },
    ],
    [
      'POST',
      '/return_envelopes/{id}/orders/{orderId}/fills',
      (v) => `/return_envelopes/${v.return_envelope}/orders/${v.return_envelope_order}/fills`,
    ],
    ['GET', '/events/{id}', (v) => `/events/${v.event}`],
    ['GET', '/webhooks/{id}', (v) => `/webhooks/${v.webhook}`],
    [
      'POST',
      '/webhooks/{id}',
      (v) => `/webhooks/${v.webhook}`,
      { description: 'taken over', url: 'https://attacker.example.com/' },
    ],
    ['DELETE', '/webhooks/{id}', (v) => `/webhooks/${v.webhook}`],
    ['GET', '/webhooks/{id}/invocations', (v) => `/webhooks/${v.webhook}/invocations`],
    [
      'POST',
      '/webhooks/{id}/events/{eventId}/resend',
      (v) => `/webhooks/${v.webhook}/events/${v.event}/resend`,
    ],
    [
      'POST',
      '/webhooks/{id}/recover',
      (v) => `/webhooks/${v.webhook}/recover`,
      { since: new Date(Date.now() - 3600_000).toISOString() },
    ],
    ['POST', '/webhooks/{id}/test', (v) => `/webhooks/${v.webhook}/test`, {}],
    ['POST', '/webhooks/{id}/secret/rotate', (v) => `/webhooks/${v.webhook}/secret/rotate`, {}],
  ];
  for (const kind of ['letters', 'postcards', 'cheques', 'self_mailers'] as const) {
    const id = (v: Ids) => v[`order_profile_${kind}`];
    ops.push(
      ['GET', `/order_profiles/${kind}/{id}`, (v) => `/order_profiles/${kind}/${id(v)}`],
      [
        'POST',
        `/order_profiles/${kind}/{id}`,
        (v) => `/order_profiles/${kind}/${id(v)}`,
        { description: 'taken over' },
      ],
      ['DELETE', `/order_profiles/${kind}/{id}`, (v) => `/order_profiles/${kind}/${id(v)}`],
    );
  }
  const imp = (v: Ids) => `/mailing_list_imports/${v.mailing_list_import}`;
  const list = (v: Ids) => `/mailing_lists/${v.mailing_list}`;
  const campaign = (v: Ids) => `/campaigns/${v.campaign}`;
  ops.push(
    ['GET', '/mailing_list_imports/{id}', imp],
    ['POST', '/mailing_list_imports/{id}', imp, { description: 'taken over' }],
    ['DELETE', '/mailing_list_imports/{id}', imp],
    ['GET', '/mailing_list_imports/{id}/rows', (v) => `${imp(v)}/rows`],
    ['GET', '/mailing_list_imports/{id}/report', (v) => `${imp(v)}/report`],
    ['GET', '/mailing_lists/{id}', list],
    ['POST', '/mailing_lists/{id}', list, { description: 'taken over' }],
    ['DELETE', '/mailing_lists/{id}', list],
    [
      'POST',
      '/mailing_lists/{id}/jobs',
      (v) => `${list(v)}/jobs`,
      { removeContacts: ['contact_0000000000000000000000'] },
    ],
    ['GET', '/campaigns/{id}', campaign],
    ['POST', '/campaigns/{id}', campaign, { description: 'taken over' }],
    ['DELETE', '/campaigns/{id}', campaign],
    ['POST', '/campaigns/{id}/send', (v) => `${campaign(v)}/send`, {}],
    ['POST', '/campaigns/{id}/cancel', (v) => `${campaign(v)}/cancel`, {}],
    ['GET', '/campaigns/{id}/orders', (v) => `${campaign(v)}/orders`],
    ['GET', '/campaigns/{id}/rows', (v) => `${campaign(v)}/rows`],
    ['GET', '/campaigns/{id}/preview', (v) => `${campaign(v)}/preview`],
    ['GET', '/campaigns/{id}/status_counts', (v) => `${campaign(v)}/status_counts`],
    ['GET', '/campaigns/{id}/report', (v) => `${campaign(v)}/report`],
  );
  for (const [path, kind] of orderKinds) {
    ops.push(
      ['GET', `/${path}/{id}/url`, (v) => `/${path}/${v[kind]}/url`],
      ['GET', `/${path}/{id}`, (v) => `/${path}/${v[kind]}`],
      ['DELETE', `/${path}/{id}`, (v) => `/${path}/${v[kind]}`],
      ['POST', `/${path}/{id}/cancellation`, (v) => `/${path}/${v[kind]}/cancellation`, { note: 'x' }],
      ['GET', `/${path}/{id}/tracking_events`, (v) => `/${path}/${v[kind]}/tracking_events`],
      ['POST', `/${path}/{id}/progressions`, (v) => `/${path}/${v[kind]}/progressions`],
      ['POST', `/${path}/{id}/tracking_story`, (v) => `/${path}/${v[kind]}/tracking_story`, {}],
    );
  }
  // The undocumented alias is the same route table.
  ops.push(['GET', '/self-mailers/{id}', (v) => `/self-mailers/${v.self_mailer}`]);
  ops.push(['DELETE', '/self-mailers/{id}', (v) => `/self-mailers/${v.self_mailer}`]);
  // Sub-resources reached through the intruder's own parent: the victim's child is still not there.
  ops.push([
    'GET',
    '(own envelope) orders/{orderId}',
    (v) => `/return_envelopes/${intruderEnvelope}/orders/${v.return_envelope_order}`,
  ]);
  ops.push([
    'DELETE',
    '(own envelope) orders/{orderId}',
    (v) => `/return_envelopes/${intruderEnvelope}/orders/${v.return_envelope_order}`,
  ]);
  ops.push([
    'POST',
    '(own webhook) resend {eventId}',
    (v) => `/webhooks/${intruderHook}/events/${v.event}/resend`,
  ]);
  return ops;
}

async function as(attacker: Attacker, method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = { ...attacker.headers };
  if (attacker.csrf && method !== 'GET') headers['x-csrf-token'] = attacker.csrf;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${t.baseUrl}/print-mail/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any };
}

/** The victim's objects as their owner reads them. */
async function ownerView(victim: Victim): Promise<string> {
  const v = victim.ids;
  const paths = [
    `/contacts/${v.contact}`,
    `/templates/${v.template}`,
    `/bank_accounts/${v.bank_account}`,
    ...orderKinds.map(([path, kind]) => `/${path}/${v[kind]}`),
    `/return_envelopes/${v.return_envelope}`,
    `/return_envelopes/${v.return_envelope}/orders/${v.return_envelope_order}`,
    `/webhooks/${v.webhook}`,
    `/events/${v.event}`,
  ];
  const reads = await Promise.all(paths.map((path) => t.api(path, { key: victim.key })));
  for (const read of reads) assert.equal(read.status, 200, JSON.stringify(read.body));
  return JSON.stringify(reads.map((r) => r.body));
}

/** Stored rows, without the dashboard's session bookkeeping. */
async function victimRows() {
  const { 'public.sessions': _sessions, ...rest } = await storedState(t.database.db);
  return rest;
}

describe('cross-organization and test/live isolation', () => {
  test('the operation list covers every documented route that names an object', async () => {
    const doc = (await (await fetch(`${t.baseUrl}/openapi.json`)).json()) as {
      paths: Record<string, object>;
    };
    const covered = new Set(operations().map(([method, template]) => `${method} ${template}`));
    const missing: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      if (!path.startsWith('/print-mail/v1/') || !path.includes('{')) continue;
      for (const method of Object.keys(methods)) {
        const key = `${method.toUpperCase()} ${path.slice('/print-mail/v1'.length)}`;
        if (!covered.has(key)) missing.push(key);
      }
    }
    assert.deepEqual(missing, [], 'routes without an isolation check');
  });

  for (const mode of ['test', 'live'] as const) {
    test(`every read, change, cancel and sub-resource of ${mode} objects, from another organization or mode: 404`, async () => {
      const victim = victims.find((v) => v.mode === mode)!;
      const view = await ownerView(victim);
      const rows = await victimRows();
      const receivedBefore = receiver.requests.length;
      for (const attacker of victim.attackers) {
        for (const [method, template, path, body] of operations()) {
          const response = await as(attacker, method, path(victim.ids), body);
          const where = `${attacker.name}: ${method} ${template}`;
          assert.equal(
            response.status,
            404,
            `${where} → ${response.status} ${JSON.stringify(response.body)}`,
          );
          assert.equal(response.body.object, 'error', where);
          assert.equal(response.body.error.type, 'not_found_error', where);
          // The refusal does not confirm the object exists elsewhere: no owner, mode or content in it.
          assert.doesNotMatch(
            JSON.stringify(response.body),
            /Victim|victim|000123456789|live_sk|test_sk|live order/,
            where,
          );
        }
      }
      assert.equal(await ownerView(victim), view, 'the owner sees everything unchanged');
      assert.deepEqual(await victimRows(), rows, 'nothing stored, changed or queued');
      assert.equal(
        receiver.requests.length,
        receivedBefore,
        'no test delivery was sent to the victim webhook',
      );
    });
  }

  test("lists and searches never include another organization's or mode's objects", async () => {
    const search = (json: unknown) => encodeURIComponent(JSON.stringify(json));
    for (const victim of victims) {
      const lists = [
        '/contacts',
        '/templates',
        '/bank_accounts',
        '/letters',
        '/postcards',
        '/cheques',
        '/self_mailers',
        '/return_envelopes',
        '/webhooks',
        '/events',
        `/events?orderId=${victim.ids.letter}`,
        `/letters?search=${search({ 'metadata.owner': 'victim' })}`,
        `/templates?search=${search({ 'metadata.owner': 'victim' })}`,
        '/contacts?search=victim',
      ];
      // The intruder's own test-mode parents, read by the intruder in test mode.
      const ownLists = [
        `/return_envelopes/${intruderEnvelope}/orders`,
        `/webhooks/${intruderHook}/invocations`,
      ];
      const ids = Object.values(victim.ids);
      for (const attacker of victim.attackers) {
        const intruderInTestMode =
          attacker.headers['x-api-key'] === intruder.testApiKey ||
          (attacker.name.startsWith('other organization, dashboard') &&
            attacker.headers['x-mailstream-mode'] === 'test');
        for (const path of intruderInTestMode ? [...lists, ...ownLists] : lists) {
          const response = await as(attacker, 'GET', path);
          const where = `${victim.mode} objects, ${attacker.name}: GET ${path}`;
          assert.equal(response.status, 200, `${where} → ${JSON.stringify(response.body)}`);
          const text = JSON.stringify(response.body);
          for (const id of ids) assert.ok(!text.includes(id), `${where} lists ${id}`);
        }
      }
    }
  });

  test("creates cannot use another organization's or mode's contacts, templates, bank accounts or envelopes", async () => {
    const rows = await victimRows();
    for (const victim of victims) {
      const v = victim.ids;
      const keys = [
        intruder.testApiKey,
        intruder.liveApiKey,
        victim.mode === 'test' ? t.org.liveApiKey : t.org.testApiKey,
      ];
      const cases: [string, Record<string, unknown>][] = [
        ['/letters', { to: v.contact, from: senderAddress(), html: '<p>x</p>' }],
        ['/letters', { to: usAddress(), from: v.contact, html: '<p>x</p>' }],
        ['/letters', { to: usAddress(), from: senderAddress(), template: v.template }],
        [
          '/letters',
          { to: usAddress(), from: senderAddress(), html: '<p>x</p>', returnEnvelope: v.return_envelope },
        ],
        ['/postcards', { to: usAddress(), size: '6x4', frontTemplate: v.template, backHTML: '<p>b</p>' }],
        ['/cheques', { to: usAddress(), from: senderAddress(), bankAccount: v.bank_account, amount: 100 }],
        [
          '/self_mailers',
          {
            to: usAddress(),
            from: senderAddress(),
            size: '8.5x11_bifold',
            insideTemplate: v.template,
            outsideHTML: 'o',
          },
        ],
        ['/return_envelopes', { to: v.contact }],
      ];
      for (const key of keys) {
        for (const [path, body] of cases) {
          const response = await t.api(path, { method: 'POST', json: body, key });
          const where = `${victim.mode} objects: ${path} ${JSON.stringify(body)}`;
          assert.ok(
            response.status === 404 || response.status === 400,
            `${where} → ${response.status} ${JSON.stringify(response.body)}`,
          );
          assert.equal(response.body.object, 'error', where);
          assert.match(response.body.error.message, /not found|was not found|does not exist/i, where);
        }
      }
    }
    assert.deepEqual(await victimRows(), rows);
  });
});

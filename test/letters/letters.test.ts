import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createOrganization } from '../../src/organizations/service.ts';
import { senderAddress, startTestApp, type TestApp, usAddress } from '../support/app.ts';
import { specErrors } from '../support/postgrid-spec.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => {
  await t.close();
});

const letter = (overrides: Record<string, unknown> = {}) => ({
  to: usAddress(),
  from: senderAddress(),
  html: '<p>Hello {{to.firstName}}</p>',
  ...overrides,
});

async function counts(): Promise<{ orders: number; events: number }> {
  const { rows } = await sql<{ orders: number; events: number }>`
    select (select count(*) from orders)::int as orders, (select count(*) from events)::int as events`.execute(
    t.database.db,
  );
  return rows[0]!;
}

const create = (body: unknown, headers: Record<string, string> = {}) =>
  t.api('/letters', { method: 'POST', json: body, headers });

describe('POST /letters', () => {
  test('creates a letter that validates against the PostGrid Letter schema and reads back', async () => {
    const created = await create(letter({ metadata: { campaign: 'fall' }, description: 'Fall mailer' }));
    assert.equal(created.status, 200);
    assert.match(created.body.id, /^letter_[A-Za-z0-9]{22}$/);
    assert.equal(created.body.object, 'letter');
    assert.equal(created.body.status, 'ready');
    assert.equal(created.body.live, false);
    assert.equal(created.body.mailingClass, 'first_class');
    assert.equal(created.body.size, 'us_letter');
    assert.equal(created.body.envelope, 'standard');
    assert.equal(created.body.addressPlacement, 'top_first_page');
    assert.equal(created.body.to.firstName, 'Ada');
    assert.equal(created.body.from.companyName, 'Acme Mail Co');
    assert.match(created.body.to.id, /^contact_/);
    assert.deepEqual(created.body.metadata, { campaign: 'fall' });
    assert.deepEqual(specErrors('Letter', created.body), []);
    const read = await t.api(`/letters/${created.body.id}`);
    assert.equal(read.status, 200);
    assert.deepEqual(read.body, created.body);
  });

  test('sendDate defaults to now; a later sendDate is kept', async () => {
    const before = Date.now();
    const now = await create(letter());
    const sent = Date.parse(now.body.sendDate);
    assert.ok(sent >= before - 1000 && sent <= Date.now() + 1000, 'default sendDate is the creation time');
    const later = new Date(Date.now() + 10 * 86_400_000).toISOString();
    const scheduled = await create(letter({ sendDate: later }));
    assert.equal(scheduled.status, 200);
    assert.equal(scheduled.body.sendDate, later);
  });

  test('extra services: both spellings reported as mailingClass and extraService', async () => {
    const folded = await create(letter({ mailingClass: 'usps_first_class_certified' }));
    assert.equal(folded.status, 200);
    assert.equal(folded.body.mailingClass, 'usps_first_class_certified');
    assert.equal(folded.body.extraService, 'certified');
    const explicit = await create(letter({ extraService: 'registered' }));
    assert.equal(explicit.body.mailingClass, 'first_class');
    assert.equal(explicit.body.extraService, 'registered');
  });

  test('accepts urlencoded and multipart bodies with bracket keys', async () => {
    const form = new URLSearchParams({
      'to[firstName]': 'Grace',
      'to[addressLine1]': '1 Navy Way',
      'to[city]': 'Arlington',
      'to[provinceOrState]': 'VA',
      'to[postalOrZip]': '22202',
      'to[countryCode]': 'US',
      'from[companyName]': 'Acme',
      'from[addressLine1]': '2 Oak St',
      'from[countryCode]': 'US',
      html: '<p>Hi</p>',
      color: 'true',
      'metadata[batch]': '7',
    });
    const urlencoded = await t.api('/letters', { method: 'POST', body: form });
    assert.equal(urlencoded.status, 200, JSON.stringify(urlencoded.body));
    assert.equal(urlencoded.body.to.firstName, 'Grace');
    assert.equal(urlencoded.body.color, true);
    assert.deepEqual(urlencoded.body.metadata, { batch: '7' });

    const multipart = new FormData();
    for (const [k, v] of form) multipart.append(k, v);
    multipart.set('to[firstName]', 'Alan');
    const fromMultipart = await t.api('/letters', { method: 'POST', body: multipart });
    assert.equal(fromMultipart.status, 200, JSON.stringify(fromMultipart.body));
    assert.equal(fromMultipart.body.to.firstName, 'Alan');
  });
});

describe('attachedPDF and plasticCard (PostGrid)', () => {
  test('an attached PDF by URL is stored and echoed, before or after the content', async () => {
    for (const placement of ['before_template', 'after_template']) {
      const attachedPDF = { file: 'https://example.com/terms.pdf', placement };
      const created = await create(letter({ attachedPDF }));
      assert.equal(created.status, 200, JSON.stringify(created.body));
      assert.deepEqual(created.body.attachedPDF, attachedPDF);
      assert.deepEqual((await t.api(`/letters/${created.body.id}`)).body.attachedPDF, attachedPDF);
      assert.deepEqual(specErrors('Letter', created.body), []);
    }
    const withPdf = await create(
      letter({
        html: undefined,
        pdf: 'https://example.com/letter.pdf',
        attachedPDF: { file: 'https://example.com/annex.pdf', placement: 'after_template' },
      }),
    );
    assert.equal(withPdf.status, 200, JSON.stringify(withPdf.body));
    assert.equal(withPdf.body.attachedPDF.file, 'https://example.com/annex.pdf');
  });

  test('an attached PDF given as base64 text or as a file that is not a PDF is refused, storing nothing', async () => {
    const before = await counts();
    const base64 = await create(
      letter({
        attachedPDF: { file: Buffer.from('%PDF-1.4').toString('base64'), placement: 'after_template' },
      }),
    );
    assert.equal(base64.status, 400);
    assert.equal(
      base64.body.error.message,
      'attachedPDF.file must be an http(s) URL of a PDF; to send the file itself, upload it as multipart/form-data.',
    );
    const form = new FormData();
    for (const [key, value] of Object.entries({
      'to[firstName]': 'Ada',
      'to[addressLine1]': '20 W 34th St',
      'to[countryCode]': 'US',
      'from[companyName]': 'Acme',
      'from[addressLine1]': '1 Main St',
      'from[countryCode]': 'US',
      html: '<p>x</p>',
      'attachedPDF[placement]': 'after_template',
    }))
      form.append(key, value);
    form.append(
      'attachedPDF[file]',
      new Blob([Buffer.from('%PDF-1.4')], { type: 'application/pdf' }),
      'a.pdf',
    );
    const upload = await t.api('/letters', { method: 'POST', body: form });
    assert.equal(upload.status, 400);
    assert.match(upload.body.error.message, /^INVALID_FILE: attachedPDF\.file /);
    assert.deepEqual(await counts(), before);
  });

  test('a plastic card, single- or double-sided, HTML, template or PDF, is stored and echoed', async () => {
    const template = await t.api('/templates', { method: 'POST', json: { html: '<p>Card {{code}}</p>' } });
    const cards = [
      { size: 'standard', singleSided: { html: '<p>Member {{to.firstName}}</p>' } },
      { size: 'standard', singleSided: { template: template.body.id } },
      { size: 'standard', singleSided: { pdf: 'https://example.com/card.pdf' } },
      { size: 'standard', doubleSided: { frontHTML: '<p>front</p>', backTemplate: template.body.id } },
      { size: 'standard', doubleSided: { pdf: 'https://example.com/card-2-pages.pdf' } },
    ];
    for (const plasticCard of cards) {
      const created = await create(letter({ plasticCard, mergeVariables: { code: 'X1' } }));
      assert.equal(created.status, 200, JSON.stringify(created.body));
      assert.deepEqual(created.body.plasticCard, plasticCard);
      assert.deepEqual((await t.api(`/letters/${created.body.id}`)).body.plasticCard, plasticCard);
      assert.deepEqual(specErrors('Letter', created.body), []);
    }
    // A card's template is kept as it was, like the letter's own.
    const { rows } = await sql<{ field: string; html: string }>`
      select field, html from order_template_snapshots where template_id = ${template.body.id} order by field`.execute(
      t.database.db,
    );
    assert.deepEqual(
      rows.map((r) => r.field),
      ['plasticCard.doubleSided.backTemplate', 'plasticCard.singleSided.template'],
    );
  });

  test('a plastic card is checked like the letter content; nothing stored on error', async () => {
    const cases: [unknown, string][] = [
      [{ size: 'standard' }, 'plasticCard takes exactly one of singleSided or doubleSided.'],
      [
        {
          size: 'standard',
          singleSided: { html: '<p>a</p>' },
          doubleSided: { pdf: 'https://example.com/c.pdf' },
        },
        'plasticCard takes exactly one of singleSided or doubleSided.',
      ],
      [{ size: 'wallet', singleSided: { html: '<p>a</p>' } }, 'plasticCard.size must be "standard".'],
      [
        { size: 'standard', singleSided: { html: '<p>a</p>', pdf: 'https://example.com/c.pdf' } },
        'plasticCard.singleSided takes exactly one of html, template or pdf.',
      ],
      [
        { size: 'standard', singleSided: { html: '<p>{{missing}}</p>' } },
        'plasticCard.singleSided.html: merge variable "missing" is missing; supply it in mergeVariables (to and from are the contacts).',
      ],
      [
        { size: 'standard', singleSided: { template: 'template_nope' } },
        'plasticCard.singleSided.template: template template_nope was not found.',
      ],
      [
        { size: 'standard', singleSided: { pdf: 'ftp://example.com/c.pdf' } },
        'plasticCard.singleSided.pdf must be an http(s) URL of a PDF; to send the file itself, upload it as multipart/form-data.',
      ],
      [
        { size: 'standard', doubleSided: { frontHTML: '<p>f</p>' } },
        'plasticCard.doubleSided.backHTML or plasticCard.doubleSided.backTemplate is required (or a 2-page pdf).',
      ],
      [
        { size: 'standard', doubleSided: { pdf: 'https://example.com/c.pdf', frontHTML: '<p>f</p>' } },
        'plasticCard.doubleSided.pdf cannot be combined with frontHTML.',
      ],
    ];
    for (const [plasticCard, message] of cases) {
      const before = await counts();
      const response = await create(letter({ plasticCard }));
      assert.equal(response.status, 400, JSON.stringify(plasticCard));
      assert.equal(response.body.error.message, message);
      assert.deepEqual(await counts(), before);
    }
  });
});

describe('validation: a clear error and nothing stored', () => {
  const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
  const cases: Array<[string, unknown, RegExp]> = [
    ['missing to', { from: senderAddress(), html: 'x' }, /to/],
    ['missing from', { to: usAddress(), html: 'x' }, /from/],
    ['neither html nor pdf', letter({ html: undefined }), /html or pdf/],
    ['both html and pdf', letter({ pdf: 'https://example.com/a.pdf' }), /html or pdf/],
    ['pdf not a URL', letter({ html: undefined, pdf: 'not a url' }), /pdf/],
    ['unknown size', letter({ size: 'legal' }), /size/],
    ['bad mailingClass', letter({ mailingClass: 'pigeon' }), /mailingClass/],
    [
      'to without name',
      letter({ to: usAddress({ firstName: undefined, lastName: undefined }) }),
      /firstName or companyName/,
    ],
    ['to without addressLine1', letter({ to: usAddress({ addressLine1: undefined }) }), /addressLine1/],
    ['bad countryCode', letter({ to: usAddress({ countryCode: 'XX' }) }), /countryCode/],
    ['unknown contact id', letter({ to: 'contact_doesnotexist' }), /contact_doesnotexist/],
    ['sendDate in the past', letter({ sendDate: '2020-01-01T00:00:00Z' }), /past/],
    ['sendDate over 180 days ahead', letter({ sendDate: future(181) }), /180 days/],
    ['sendDate not a date', letter({ sendDate: 'tomorrow' }), /sendDate/],
    [
      'extraService with standard class',
      letter({ extraService: 'certified', mailingClass: 'standard_class' }),
      /standard_class/,
    ],
    [
      'extraService abroad',
      letter({
        extraService: 'certified',
        to: usAddress({ countryCode: 'CA', postalOrZip: 'K1A 0B1', provinceOrState: 'ON' }),
      }),
      /US destinations/,
    ],
    [
      'extraService contradicting mailingClass',
      letter({ extraService: 'registered', mailingClass: 'certified' }),
      /contradicts/,
    ],
    ['unknown extraService', letter({ extraService: 'insured' }), /extraService/],
    ['metadata not an object', letter({ metadata: 'x' }), /metadata/],
  ];
  for (const [name, body, message] of cases) {
    test(name, async () => {
      const before = await counts();
      const response = await create(body);
      assert.equal(response.status, 400, JSON.stringify(response.body));
      assert.equal(response.body.object, 'error');
      assert.equal(response.body.error.type, 'validation_error');
      assert.match(response.body.error.message, message);
      assert.deepEqual(await counts(), before);
    });
  }
});

describe('GET /letters', () => {
  test('pages with skip/limit/totalCount, filters by status and searches', async () => {
    const org = await createOrganization(t.database.db, 'List org');
    const key = org.testApiKey;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await t.api('/letters', {
        method: 'POST',
        key,
        json: letter({
          metadata: { campaign: i % 2 ? 'odd' : 'even', n: i },
          to: usAddress({ lastName: `Smith${i}` }),
        }),
      });
      ids.push(r.body.id);
    }
    await t.api(`/letters/${ids[0]}`, { method: 'DELETE', key });

    const page = await t.api('/letters?skip=1&limit=2', { key });
    assert.equal(page.status, 200);
    assert.equal(page.body.object, 'list');
    assert.equal(page.body.totalCount, 5);
    assert.equal(page.body.skip, 1);
    assert.equal(page.body.limit, 2);
    assert.deepEqual(
      page.body.data.map((l: { id: string }) => l.id),
      [ids[3], ids[2]],
      'newest first',
    );
    assert.deepEqual(specErrors('LetterList', page.body), []);

    const cancelled = await t.api('/letters?status=cancelled', { key });
    assert.deepEqual(
      cancelled.body.data.map((l: { id: string }) => l.id),
      [ids[0]],
    );
    const ready = await t.api('/letters?status=ready', { key });
    assert.equal(ready.body.totalCount, 4);

    const byMetadata = await t.api(`/letters?search=${encodeURIComponent('{"metadata.campaign":"odd"}')}`, {
      key,
    });
    assert.deepEqual(byMetadata.body.data.map((l: { id: string }) => l.id).sort(), [ids[1], ids[3]].sort());
    const byText = await t.api('/letters?search=smith4', { key });
    assert.deepEqual(
      byText.body.data.map((l: { id: string }) => l.id),
      [ids[4]],
    );

    const badSearch = await t.api(`/letters?search=${encodeURIComponent('{"metadata.x":')}`, { key });
    assert.equal(badSearch.status, 400);
    assert.equal(badSearch.body.error.type, 'validation_error');
    const badLimit = await t.api('/letters?limit=101', { key });
    assert.equal(badLimit.status, 400);
    assert.match(badLimit.body.error.message, /limit/);
  });
});

describe('cancellation', () => {
  test('DELETE cancels a ready letter and returns it with its cancellation block', async () => {
    const { body } = await create(letter());
    const cancelled = await t.api(`/letters/${body.id}`, { method: 'DELETE' });
    assert.equal(cancelled.status, 200);
    assert.equal(cancelled.body.status, 'cancelled');
    assert.deepEqual(cancelled.body.cancellation, { reason: 'user_initiated' });
    assert.deepEqual(specErrors('Letter', cancelled.body), []);
  });

  test('POST /cancellation keeps the note', async () => {
    const { body } = await create(letter());
    const cancelled = await t.api(`/letters/${body.id}/cancellation`, {
      method: 'POST',
      json: { note: 'wrong address' },
    });
    assert.equal(cancelled.status, 200);
    assert.deepEqual(cancelled.body.cancellation, { reason: 'user_initiated', note: 'wrong address' });
  });

  test('a printing letter cannot be cancelled (422) and stays printing', async () => {
    const { body } = await create(letter());
    await t.database.db.updateTable('orders').set({ status: 'printing' }).where('id', '=', body.id).execute();
    const refused = await t.api(`/letters/${body.id}`, { method: 'DELETE' });
    assert.equal(refused.status, 422);
    assert.equal(refused.body.error.type, 'order_not_cancellable_error');
    assert.match(refused.body.error.message, /printing/);
    assert.equal((await t.api(`/letters/${body.id}`)).body.status, 'printing');
  });

  test('racing cancels: exactly one wins, the others are told it is already cancelled, one event', async () => {
    const { body } = await create(letter());
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        i % 2
          ? t.api(`/letters/${body.id}`, { method: 'DELETE' })
          : t.api(`/letters/${body.id}/cancellation`, { method: 'POST', json: { note: `n${i}` } }),
      ),
    );
    const winners = results.filter((r) => r.status === 200);
    const losers = results.filter((r) => r.status === 422);
    assert.equal(winners.length, 1);
    assert.equal(losers.length, 9);
    for (const l of losers) assert.match(l.body.error.message, /already cancelled/);
    const events = await t.database.db
      .selectFrom('events')
      .selectAll()
      .where('order_id', '=', body.id)
      .orderBy('sequence')
      .execute();
    assert.deepEqual(
      events.map((e) => [e.type, e.sequence]),
      [
        ['letter.created', 1],
        ['letter.updated', 2],
      ],
    );
    assert.equal((await t.api(`/letters/${body.id}`)).body.cancellation.reason, 'user_initiated');
  });

  test('unknown letter → 404', async () => {
    const r = await t.api('/letters/letter_nope', { method: 'DELETE' });
    assert.equal(r.status, 404);
    assert.equal(r.body.error.type, 'not_found_error');
  });
});

describe('Idempotency-Key', () => {
  test('50 parallel creates with one key make one letter and all answer it', async () => {
    const before = await counts();
    const body = letter({ description: 'idempotent' });
    const results = await Promise.all(
      Array.from({ length: 50 }, () => create(body, { 'idempotency-key': 'key-50-parallel' })),
    );
    for (const r of results) assert.equal(r.status, 200, JSON.stringify(r.body));
    const ids = new Set(results.map((r) => r.body.id));
    assert.equal(ids.size, 1);
    const after = await counts();
    assert.equal(after.orders - before.orders, 1);
    assert.equal(after.events - before.events, 1);
  });

  test('same key with a different body → 422, nothing created', async () => {
    const first = await create(letter({ description: 'a' }), { 'idempotency-key': 'key-reused' });
    assert.equal(first.status, 200);
    const before = await counts();
    const second = await create(letter({ description: 'b' }), { 'idempotency-key': 'key-reused' });
    assert.equal(second.status, 422);
    assert.equal(second.body.error.type, 'idempotency_key_reused_error');
    assert.deepEqual(await counts(), before);
  });

  test('a failed create does not burn the key; keys are per mode and expire after 24 h', async () => {
    const bad = await create(letter({ size: 'nope' }), { 'idempotency-key': 'key-after-failure' });
    assert.equal(bad.status, 400);
    const good = await create(letter(), { 'idempotency-key': 'key-after-failure' });
    assert.equal(good.status, 200);
    const live = await t.api('/letters', {
      method: 'POST',
      key: t.org.liveApiKey,
      json: letter(),
      headers: { 'idempotency-key': 'key-after-failure' },
    });
    assert.equal(live.status, 200);
    assert.notEqual(live.body.id, good.body.id);
    assert.equal(live.body.live, true);

    await t.database.db
      .updateTable('idempotency_keys')
      .set({ created_at: new Date(Date.now() - 25 * 3600_000) })
      .where('key', '=', 'key-after-failure')
      .execute();
    const again = await create(letter(), { 'idempotency-key': 'key-after-failure' });
    assert.equal(again.status, 200);
    assert.notEqual(again.body.id, good.body.id, 'an expired key creates anew');
  });
});

describe('isolation', () => {
  test('test and live, and other organizations, never see each other (404)', async () => {
    const { body } = await create(letter());
    const other = await createOrganization(t.database.db, 'Other');
    for (const key of [t.org.liveApiKey, other.testApiKey, other.liveApiKey]) {
      assert.equal((await t.api(`/letters/${body.id}`, { key })).status, 404);
      assert.equal((await t.api(`/letters/${body.id}`, { key, method: 'DELETE' })).status, 404);
      const list = await t.api('/letters', { key });
      assert.ok(!list.body.data.some((l: { id: string }) => l.id === body.id));
      const events = await t.api('/events', { key });
      assert.ok(!events.body.data.some((e: { data: { id: string } }) => e.data.id === body.id));
    }
    const contact = body.to.id as string;
    assert.equal((await t.api(`/contacts/${contact}`, { key: other.testApiKey })).status, 404);
    const reuse = await t.api('/letters', {
      method: 'POST',
      key: other.testApiKey,
      json: letter({ to: contact }),
    });
    assert.equal(reuse.status, 400, 'another organization cannot address a letter to our contact');
  });
});

describe('events', () => {
  test('create and cancel write letter.created and letter.updated with the order after the change', async () => {
    const { body } = await create(letter());
    await t.api(`/letters/${body.id}/cancellation`, { method: 'POST', json: { note: 'oops' } });
    const updated = await t.api(`/events?type=letter.updated&orderId=${body.id}`);
    assert.equal(updated.status, 200);
    assert.equal(updated.body.totalCount, 1);
    const event = updated.body.data[0];
    assert.match(event.id, /^event_[A-Za-z0-9]{22}$/);
    assert.equal(event.object, 'event');
    assert.equal(event.type, 'letter.updated');
    assert.equal(event.live, false);
    assert.equal(event.sequence, 2);
    assert.equal(event.data.status, 'cancelled');
    assert.equal(event.data.cancellation.note, 'oops');
    // A cancelled order costs 0 (BRIEF §16): its price changes with it.
    assert.deepEqual(event.updatedFields, ['status', 'cancellation', 'price']);
    assert.equal(event.data.price.total, 0);
    const created = await t.api(`/events?type=letter.created&orderId=${body.id}`);
    assert.equal(created.body.data[0].data.status, 'ready');
    assert.deepEqual(created.body.data[0].data, body);
    const one = await t.api(`/events/${event.id}`);
    assert.deepEqual(one.body, event);
    const badType = await t.api('/events?type=letter.deleted');
    assert.equal(badType.status, 400);
  });
});

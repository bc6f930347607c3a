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

interface Counts {
  templates: number;
  orders: number;
  events: number;
  contacts: number;
  snapshots: number;
}

async function counts(): Promise<Counts> {
  const { rows } = await sql<Counts>`
    select (select count(*) from templates)::int as templates, (select count(*) from orders)::int as orders,
           (select count(*) from events)::int as events, (select count(*) from contacts)::int as contacts,
           (select count(*) from order_template_snapshots)::int as snapshots`.execute(t.database.db);
  return rows[0]!;
}

const createTemplate = (body: unknown, key?: string) =>
  t.api('/templates', { method: 'POST', json: body, key });
const createLetter = (body: Record<string, unknown>) =>
  t.api('/letters', { method: 'POST', json: { to: usAddress(), from: senderAddress(), ...body } });

describe('templates CRUD', () => {
  test('create, get, update, list and delete validate against the PostGrid Template schema', async () => {
    const created = await createTemplate({
      html: '<b>Hello</b> {{to.firstName}}!',
      description: 'Welcome letter',
      metadata: { team: 'growth' },
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.match(created.body.id, /^template_[A-Za-z0-9]{22}$/);
    assert.equal(created.body.object, 'template');
    assert.equal(created.body.live, false);
    assert.equal(created.body.html, '<b>Hello</b> {{to.firstName}}!');
    assert.deepEqual(created.body.metadata, { team: 'growth' });
    assert.deepEqual(specErrors('Template', created.body), []);

    const read = await t.api(`/templates/${created.body.id}`);
    assert.equal(read.status, 200);
    assert.deepEqual(read.body, created.body);

    const updated = await t.api(`/templates/${created.body.id}`, {
      method: 'POST',
      json: { html: '<p>Hi {{to.firstName}}, {{plan}}</p>' },
    });
    assert.equal(updated.status, 200);
    assert.equal(updated.body.html, '<p>Hi {{to.firstName}}, {{plan}}</p>');
    assert.equal(updated.body.description, 'Welcome letter', 'fields not sent are kept');
    assert.ok(Date.parse(updated.body.updatedAt) >= Date.parse(created.body.updatedAt));
    assert.deepEqual(specErrors('Template', updated.body), []);

    const described = await t.api(`/templates/${created.body.id}`, {
      method: 'POST',
      json: { description: 'Renamed' },
    });
    assert.equal(described.body.description, 'Renamed');
    assert.equal(described.body.html, '<p>Hi {{to.firstName}}, {{plan}}</p>');

    const removed = await t.api(`/templates/${created.body.id}`, { method: 'DELETE' });
    assert.equal(removed.status, 200);
    assert.deepEqual(removed.body, { id: created.body.id, object: 'template', deleted: true });
    assert.equal((await t.api(`/templates/${created.body.id}`)).status, 404);
    assert.equal((await t.api(`/templates/${created.body.id}`, { method: 'DELETE' })).status, 404);
  });

  test('list pages with skip/limit/totalCount and searches text and metadata', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await createTemplate({
        html: `<p>${i}</p>`,
        description: `Batch ${i}`,
        metadata: { batch: 'tpl-list', i },
      });
      ids.push(r.body.id);
    }
    const page = await t.api(
      `/templates?skip=1&limit=2&search=${encodeURIComponent('{"metadata.batch":"tpl-list"}')}`,
    );
    assert.equal(page.status, 200);
    assert.equal(page.body.object, 'list');
    assert.equal(page.body.totalCount, 5);
    assert.equal(page.body.skip, 1);
    assert.equal(page.body.limit, 2);
    assert.deepEqual(
      page.body.data.map((d: { id: string }) => d.id),
      [ids[3], ids[2]],
    );
    for (const item of page.body.data) assert.deepEqual(specErrors('Template', item), []);
    const text = await t.api('/templates?search=batch%203');
    assert.deepEqual(
      text.body.data.map((d: { id: string }) => d.id),
      [ids[3]],
    );
  });

  test('a template that does not compile is a validation_error and is not stored or changed', async () => {
    const before = await counts();
    const bad = await createTemplate({ html: 'line one\n{{to.firstName}' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.type, 'validation_error');
    assert.match(bad.body.error.message, /^html: Template syntax error on line 2/);
    const partial = await createTemplate({ html: '{{> header}}' });
    assert.equal(partial.body.error.type, 'validation_error');
    assert.match(partial.body.error.message, /partials/);
    const notObject = await createTemplate({ html: '<p>x</p>', metadata: 'nope' });
    assert.equal(notObject.body.error.type, 'validation_error');
    assert.deepEqual(await counts(), before);

    const good = await createTemplate({ html: '<p>{{x}}</p>' });
    const broken = await t.api(`/templates/${good.body.id}`, {
      method: 'POST',
      json: { html: '{{#if a}}x' },
    });
    assert.equal(broken.status, 400);
    assert.equal(broken.body.error.type, 'validation_error');
    assert.equal((await t.api(`/templates/${good.body.id}`)).body.html, '<p>{{x}}</p>');
  });

  test('Idempotency-Key replays the first template', async () => {
    const headers = { 'idempotency-key': 'tpl-key-1' };
    const first = await t.api('/templates', { method: 'POST', json: { html: '<p>a</p>' }, headers });
    const before = await counts();
    const again = await t.api('/templates', { method: 'POST', json: { html: '<p>a</p>' }, headers });
    assert.deepEqual(again.body, first.body);
    assert.deepEqual(await counts(), before);
  });

  test('test/live and organizations are isolated (404)', async () => {
    const mine = await createTemplate({ html: '<p>mine</p>' });
    const other = await createOrganization(t.database.db, 'Other org');
    for (const key of [t.org.liveApiKey, other.testApiKey]) {
      assert.equal((await t.api(`/templates/${mine.body.id}`, { key })).status, 404);
      const update = await t.api(`/templates/${mine.body.id}`, { method: 'POST', json: { html: 'x' }, key });
      assert.equal(update.status, 404);
      assert.equal(update.body.error.type, 'not_found_error');
      assert.equal((await t.api(`/templates/${mine.body.id}`, { method: 'DELETE', key })).status, 404);
      const list = await t.api('/templates', { key });
      assert.ok(!list.body.data.some((d: { id: string }) => d.id === mine.body.id));
    }
    const live = await createTemplate({ html: '<p>live</p>' }, t.org.liveApiKey);
    assert.equal(live.body.live, true);
    assert.deepEqual(specErrors('Template', live.body), []);
  });
});

describe('letters with templates and merge variables', () => {
  test('a letter made from a template reports the template and keeps its HTML as it was', async () => {
    const template = await createTemplate({ html: '<p>Dear {{to.firstName}}, your plan is {{plan}}.</p>' });
    const letter = await createLetter({ template: template.body.id, mergeVariables: { plan: 'gold' } });
    assert.equal(letter.status, 200, JSON.stringify(letter.body));
    assert.equal(letter.body.template, template.body.id);
    assert.equal(letter.body.html, undefined);
    assert.deepEqual(specErrors('Letter', letter.body), []);

    await t.api(`/templates/${template.body.id}`, {
      method: 'POST',
      json: { html: '<p>changed {{other}}</p>' },
    });
    await t.api(`/templates/${template.body.id}`, { method: 'DELETE' });
    const snapshot = await t.database.db
      .selectFrom('order_template_snapshots')
      .selectAll()
      .where('order_id', '=', letter.body.id)
      .execute();
    assert.deepEqual(snapshot, [
      {
        order_id: letter.body.id,
        field: 'template',
        template_id: template.body.id,
        html: '<p>Dear {{to.firstName}}, your plan is {{plan}}.</p>',
      },
    ]);
    const read = await t.api(`/letters/${letter.body.id}`);
    assert.equal(read.status, 200);
    assert.equal(read.body.template, template.body.id);
  });

  test('html merge variables resolve against to, from and mergeVariables', async () => {
    const ok = await createLetter({
      html: '<p>{{to.firstName}} {{to.lastName}} from {{from.companyName}}: {{amount}} {{#if promo}}{{promo}}{{/if}}</p>',
      mergeVariables: { amount: '$10' },
    });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
  });

  test('every content rule is a validation_error that creates nothing', async () => {
    const template = await createTemplate({ html: '<p>{{to.firstName}} owes {{amount}}</p>' });
    const other = await createOrganization(t.database.db, 'Template thief');
    const foreign = await t.api('/templates', {
      method: 'POST',
      json: { html: '<p>x</p>' },
      key: other.testApiKey,
    });
    const liveTemplate = await createTemplate({ html: '<p>live</p>' }, t.org.liveApiKey);
    const cases: [string, Record<string, unknown>, RegExp][] = [
      [
        'missing merge variable in html',
        { html: '<p>{{amount}}</p>' },
        /^html: merge variable "amount" is missing/,
      ],
      [
        'missing nested variable',
        { html: '<p>{{account.owner.name}}</p>', mergeVariables: { account: {} } },
        /"account.owner.name"/,
      ],
      ['contact field the recipient lacks', { html: '<p>{{to.jobTitle}}</p>' }, /"to.jobTitle"/],
      ['from field with companyName only', { html: '<p>{{from.firstName}}</p>' }, /"from.firstName"/],
      [
        'missing merge variable in template',
        { template: template.body.id },
        /^template: merge variable "amount" is missing/,
      ],
      ['html that does not compile', { html: '<p>{{#if x}}</p>' }, /^html: Template/],
      ['unknown template', { template: 'template_doesnotexist' }, /template_doesnotexist was not found/],
      ['template of another organization', { template: foreign.body.id }, /was not found/],
      ['template of the other mode', { template: liveTemplate.body.id }, /was not found/],
      [
        'html and template together',
        { html: '<p>x</p>', template: template.body.id },
        /Exactly one of template, html or pdf/,
      ],
      [
        'template and pdf together',
        { template: template.body.id, pdf: 'https://example.com/a.pdf' },
        /Exactly one/,
      ],
    ];
    for (const [name, body, message] of cases) {
      const before = await counts();
      const response = await createLetter({ to: usAddress({ lastName: `Case ${name}` }), ...body });
      assert.equal(response.status, 400, `${name}: ${JSON.stringify(response.body)}`);
      assert.equal(response.body.error.type, 'validation_error', name);
      assert.match(response.body.error.message, message, name);
      assert.deepEqual(await counts(), before, `${name}: nothing created`);
    }
  });
});

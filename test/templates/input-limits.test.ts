// The documented size limits of HTML and merge variables, and the configured render limits, over HTTP:
// each refusal is a 400 naming the field and the limit's variable, and stores nothing; at the limit the
// create works.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { senderAddress, startTestApp, type TestApp, usAddress } from '../support/app.ts';
import { expectRejected, rowCounts } from '../support/order-kinds.ts';

let t: TestApp;
let bankAccount: string;
before(async () => {
  t = await startTestApp({
    HTML_MAX_LENGTH: '1000',
    TEMPLATE_HTML_MAX_LENGTH: '1500',
    MERGE_VARIABLES_MAX_LENGTH: '400',
    TEMPLATE_RENDER_MAX_OUTPUT: '3000',
    TEMPLATE_RENDER_TIMEOUT: '100ms',
  });
  const bank = await t.api('/bank_accounts', {
    method: 'POST',
    json: {
      bankName: 'First Bank',
      bankCountryCode: 'US',
      accountNumber: '123456789',
      routingNumber: '021000021',
      signatureText: 'Ada Lovelace',
    },
  });
  assert.equal(bank.status, 200, JSON.stringify(bank.body));
  bankAccount = bank.body.id;
});
after(async () => {
  await t.close();
});

const contacts = { to: usAddress(), from: senderAddress() };
/** `length` characters of HTML that print as themselves. */
const htmlOf = (length: number) => `<p>${'a'.repeat(length - 7)}</p>`;
/** mergeVariables whose JSON is exactly `length` characters. */
const mergeOf = (length: number) => ({ note: 'n'.repeat(length - '{"note":""}'.length) });

async function templateCount(): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from templates`.execute(t.database.db);
  return rows[0]!.n;
}

describe('input size limits', () => {
  test('inline HTML over HTML_MAX_LENGTH is refused on every order kind, naming its field', async () => {
    const tooLong = /is 1001 characters long; the limit is 1000 \(HTML_MAX_LENGTH\)\.$/;
    await expectRejected(t, '/letters', [
      ['letter html', { ...contacts, html: htmlOf(1001) }, 'validation_error', /^html: /],
      ['letter html message', { ...contacts, html: htmlOf(1001) }, 'validation_error', tooLong],
    ]);
    await expectRejected(t, '/postcards', [
      [
        'postcard backHTML',
        { ...contacts, size: '6x4', frontHTML: htmlOf(10), backHTML: htmlOf(1001) },
        'validation_error',
        /^backHTML: is 1001 characters long; the limit is 1000 \(HTML_MAX_LENGTH\)\.$/,
      ],
    ]);
    await expectRejected(t, '/self_mailers', [
      [
        'self-mailer insideHTML',
        { ...contacts, size: '8.5x11_bifold', insideHTML: htmlOf(1001), outsideHTML: htmlOf(10) },
        'validation_error',
        /^insideHTML: is 1001 characters long/,
      ],
    ]);
    await expectRejected(t, '/cheques', [
      [
        'cheque letterHTML',
        { ...contacts, bankAccount, amount: 100, letterHTML: htmlOf(1001) },
        'validation_error',
        /^letterHTML: is 1001 characters long; the limit is 1000 \(HTML_MAX_LENGTH\)\.$/,
      ],
    ]);
    const atLimit = await t.api('/letters', { method: 'POST', json: { ...contacts, html: htmlOf(1000) } });
    assert.equal(atLimit.status, 200, JSON.stringify(atLimit.body));
  });

  test('mergeVariables over MERGE_VARIABLES_MAX_LENGTH as JSON are refused; at the limit they work', async () => {
    await expectRejected(t, '/letters', [
      [
        'letter',
        { ...contacts, html: '<p>{{note}}</p>', mergeVariables: mergeOf(401) },
        'validation_error',
        /^mergeVariables: is 401 characters long as JSON; the limit is 400 \(MERGE_VARIABLES_MAX_LENGTH\)\.$/,
      ],
    ]);
    await expectRejected(t, '/postcards', [
      [
        'postcard',
        { ...contacts, size: '6x4', frontHTML: 'a', backHTML: 'b', mergeVariables: mergeOf(401) },
        'validation_error',
        /^mergeVariables: is 401 characters long as JSON/,
      ],
    ]);
    const atLimit = await t.api('/letters', {
      method: 'POST',
      json: { ...contacts, html: '<p>{{note}}</p>', mergeVariables: mergeOf(400) },
    });
    assert.equal(atLimit.status, 200, JSON.stringify(atLimit.body));
  });

  test('template HTML over TEMPLATE_HTML_MAX_LENGTH is refused on create and update, and not stored', async () => {
    const templates = await templateCount();
    const created = await t.api('/templates', { method: 'POST', json: { html: htmlOf(1501) } });
    assert.equal(created.status, 400);
    assert.equal(created.body.error.type, 'validation_error');
    assert.equal(
      created.body.error.message,
      'html: is 1501 characters long; the limit is 1500 (TEMPLATE_HTML_MAX_LENGTH).',
    );
    assert.equal(await templateCount(), templates);

    // Saved templates may be longer than inline HTML: that is what they are for.
    const ok = await t.api('/templates', { method: 'POST', json: { html: htmlOf(1500) } });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    const updated = await t.api(`/templates/${ok.body.id}`, { method: 'POST', json: { html: htmlOf(1501) } });
    assert.equal(updated.status, 400);
    assert.match(updated.body.error.message, /\(TEMPLATE_HTML_MAX_LENGTH\)/);
    const read = await t.api(`/templates/${ok.body.id}`);
    assert.equal(read.body.html, htmlOf(1500));

    // A letter from it renders 1500 characters, over the inline limit but within the output cap.
    const letter = await t.api('/letters', { method: 'POST', json: { ...contacts, template: ok.body.id } });
    assert.equal(letter.status, 200, JSON.stringify(letter.body));
  });
});

describe('configured render limits', () => {
  test('output past TEMPLATE_RENDER_MAX_OUTPUT is a 400 naming it, flat or looping; at the cap it works', async () => {
    const overCap =
      /^html: the rendered HTML is longer than the 3000-character limit \(TEMPLATE_RENDER_MAX_OUTPUT\)\.$/;
    const pad = 'p'.repeat(100);
    const loop = '{{#each rows}}{{@root.pad}}{{/each}}';
    const rows = (n: number) => Array.from({ length: n }, (_, i) => i);
    await expectRejected(t, '/letters', [
      [
        'flat',
        { ...contacts, html: '{{a}}'.repeat(11), mergeVariables: { a: 'y'.repeat(300) } },
        'validation_error',
        overCap,
      ],
      [
        'loop',
        { ...contacts, html: loop, mergeVariables: { rows: rows(31), pad } },
        'validation_error',
        overCap,
      ],
      [
        'escaping counts',
        { ...contacts, html: loop, mergeVariables: { rows: rows(31), pad: '&'.repeat(20) } },
        'validation_error',
        overCap,
      ],
    ]);
    for (const mergeVariables of [
      { rows: rows(30), pad },
      { rows: rows(30), pad: '&'.repeat(20) },
    ]) {
      const atCap = await t.api('/letters', {
        method: 'POST',
        json: { ...contacts, html: loop, mergeVariables },
      });
      assert.equal(atCap.status, 200, JSON.stringify(atCap.body));
    }
    const flat = await t.api('/letters', {
      method: 'POST',
      json: { ...contacts, html: '{{a}}'.repeat(10), mergeVariables: { a: 'y'.repeat(300) } },
    });
    assert.equal(flat.status, 200, JSON.stringify(flat.body));
  });

  test('a render past TEMPLATE_RENDER_TIMEOUT is a 400 naming the budget, and stores nothing', async () => {
    // Thirteen million iterations that print nothing: no output cap can stop this one, only the budget.
    const a = Array.from({ length: 60 }, (_, i) => i);
    const html =
      '{{#each @root.a}}{{#each @root.a}}{{#each @root.a}}{{#each @root.a}}{{/each}}{{/each}}{{/each}}{{/each}}';
    await expectRejected(t, '/letters', [
      [
        'four loops',
        { ...contacts, html, mergeVariables: { a } },
        'validation_error',
        /^html: rendering took more than the 100 ms budget \(TEMPLATE_RENDER_TIMEOUT\); simplify the template or its loops\.$/,
      ],
    ]);
    // The same as a saved template: the order refers to it, the render is what is over budget.
    const template = await t.api('/templates', { method: 'POST', json: { html } });
    assert.equal(template.status, 200, JSON.stringify(template.body));
    const before = await rowCounts(t.database.db);
    const fromTemplate = await t.api('/letters', {
      method: 'POST',
      json: { ...contacts, template: template.body.id, mergeVariables: { a } },
    });
    assert.equal(fromTemplate.status, 400);
    assert.match(fromTemplate.body.error.message, /^template: rendering took more than the 100 ms budget/);
    assert.deepEqual(await rowCounts(t.database.db), before);
  });
});

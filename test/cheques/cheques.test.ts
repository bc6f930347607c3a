import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type CreatedOrganization, createOrganization } from '../../src/organizations/service.ts';
import { claimForPrinting, createPrinter } from '../../src/printers/service.ts';
import { runSchedulerTick } from '../../src/scheduling/scheduler.ts';
import { senderAddress, startTestApp, type TestApp, usAddress, usBankAccount } from '../support/app.ts';
import { describeSharedOrderBehaviour, expectRejected, rowCounts } from '../support/order-kinds.ts';
import { specErrors } from '../support/postgrid-spec.ts';

let t: TestApp;
let usBank: string;
let caBank: string;
before(async () => {
  t = await startTestApp();
  usBank = await bankAccount(t.org.testApiKey);
  caBank = (
    await t.api('/bank_accounts', {
      method: 'POST',
      json: {
        bankName: 'Banque Test',
        bankCountryCode: 'CA',
        accountNumber: '9876543210',
        routeNumber: '003',
        transitNumber: '00011',
        signatureText: 'A. Lovelace',
      },
    })
  ).body.id;
});
after(async () => {
  await t.close();
});

async function bankAccount(key: string): Promise<string> {
  const response = await t.api('/bank_accounts', {
    method: 'POST',
    key,
    json: usBankAccount(),
  });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body.id;
}

const cheque = (overrides: Record<string, unknown> = {}) => ({
  to: usAddress(),
  from: senderAddress(),
  bankAccount: usBank,
  amount: 12_345,
  memo: 'Invoice 42',
  ...overrides,
});

const create = (body: unknown, key?: string) => t.api('/cheques', { method: 'POST', json: body, key });

/** A fresh organization with contacts and a bank account, so its cheque numbers start at 1. */
async function freshOrganization(): Promise<{ org: CreatedOrganization; body: Record<string, unknown> }> {
  const org = await createOrganization(t.database.db, 'Numbering org');
  const to = await t.api('/contacts', { method: 'POST', key: org.testApiKey, json: usAddress() });
  const from = await t.api('/contacts', { method: 'POST', key: org.testApiKey, json: senderAddress() });
  const bank = await bankAccount(org.testApiKey);
  return { org, body: { to: to.body.id, from: from.body.id, bankAccount: bank, amount: 100 } };
}

describe('POST /cheques', () => {
  test('validates against the PostGrid Cheque schema, with PostGrid defaults', async () => {
    const created = await create(cheque({ message: 'Thanks for your work', description: 'March payout' }));
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.match(created.body.id, /^cheque_[A-Za-z0-9]{22}$/);
    assert.equal(created.body.object, 'cheque');
    assert.equal(created.body.bankAccount, usBank);
    assert.equal(created.body.amount, 12_345);
    assert.equal(created.body.currencyCode, 'USD');
    assert.equal(created.body.size, 'us_letter');
    assert.equal(created.body.envelope, 'standard');
    assert.equal(created.body.memo, 'Invoice 42');
    assert.equal(created.body.message, 'Thanks for your work');
    assert.equal(typeof created.body.number, 'number');
    assert.deepEqual(specErrors('Cheque', created.body), []);
    assert.deepEqual((await t.api(`/cheques/${created.body.id}`)).body, created.body);
    assert.ok(!JSON.stringify(created.body).includes('123456789'), 'no account number on the cheque');
  });

  test('currency follows the bank account unless given; size, extra service, logo and redirect', async () => {
    const cad = await create(cheque({ bankAccount: caBank }));
    assert.equal(cad.body.currencyCode, 'CAD');
    const usdFromCa = await create(cheque({ bankAccount: caBank, currencyCode: 'USD' }));
    assert.equal(usdFromCa.body.currencyCode, 'USD');
    const full = await create(
      cheque({
        size: 'us_legal',
        extraService: 'certified',
        logoURL: 'https://example.com/logo.png',
        redirectTo: senderAddress({ companyName: 'Signing Office' }),
        envelope: 'env_custom',
      }),
    );
    assert.equal(full.status, 200, JSON.stringify(full.body));
    assert.equal(full.body.size, 'us_legal');
    assert.equal(full.body.extraService, 'certified');
    assert.equal(full.body.logoURL, 'https://example.com/logo.png');
    assert.equal(full.body.redirectTo.companyName, 'Signing Office');
    assert.match(full.body.redirectTo.id, /^contact_/);
    assert.equal(full.body.envelope, 'env_custom');
    assert.deepEqual(specErrors('Cheque', full.body), []);
  });

  test('an attached letter: HTML with merge variables, a template, or a PDF URL', async () => {
    const html = await create(
      cheque({
        letterHTML: '<p>Dear {{to.firstName}}, {{reason}}</p>',
        mergeVariables: { reason: 'refund' },
      }),
    );
    assert.equal(html.status, 200, JSON.stringify(html.body));
    assert.equal(html.body.letterHTML, '<p>Dear {{to.firstName}}, {{reason}}</p>');
    const template = await t.api('/templates', { method: 'POST', json: { html: '<p>{{to.lastName}}</p>' } });
    const templated = await create(cheque({ letterTemplate: template.body.id }));
    assert.equal(templated.status, 200, JSON.stringify(templated.body));
    assert.equal(templated.body.letterTemplate, template.body.id);
    const pdf = await create(cheque({ letterPDF: 'https://example.com/letter.pdf' }));
    assert.equal(pdf.body.letterUploadedPDF, 'https://example.com/letter.pdf');
    for (const body of [html.body, templated.body, pdf.body])
      assert.deepEqual(specErrors('Cheque', body), []);
  });

  test('an uploaded letterPDF that is not a PDF is refused with INVALID_FILE and nothing is created', async () => {
    const to = await t.api('/contacts', { method: 'POST', json: usAddress() });
    const before = await rowCounts(t.database.db);
    const form = new FormData();
    form.append('to', to.body.id);
    form.append('from', to.body.id);
    form.append('bankAccount', usBank);
    form.append('amount', '100');
    form.append('letterPDF', new Blob([Buffer.from('%PDF-1.4')], { type: 'application/pdf' }), 'letter.pdf');
    const response = await t.api('/cheques', { method: 'POST', body: form });
    assert.equal(response.status, 400);
    assert.equal(response.body.error.type, 'validation_error');
    assert.match(response.body.error.message, /^INVALID_FILE: letterPDF /);
    assert.deepEqual(await rowCounts(t.database.db), before);
  });

  test('digitalOnly: stored and echoed; created cancelled (digital_only) and never printed or mailed', async () => {
    const created = await create(cheque({ digitalOnly: { watermark: 'VOID' }, number: 9001 }));
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.deepEqual(created.body.digitalOnly, { watermark: 'VOID' });
    // PostGrid: digital cheques "will not be sent out … created with a cancelled status and a
    // cancellation reason of digital_only".
    assert.equal(created.body.status, 'cancelled');
    assert.deepEqual(created.body.cancellation, { reason: 'digital_only' });
    assert.equal(created.body.cancelledAt, created.body.createdAt);
    assert.equal(created.body.number, 9001);
    assert.equal(created.body.amount, 12_345);
    const read = await t.api(`/cheques/${created.body.id}`);
    assert.deepEqual(read.body, created.body);
    // Its one event says so from the start.
    const events = await t.api(`/events?orderId=${created.body.id}`);
    assert.deepEqual(
      events.body.data.map((e: any) => [e.type, e.data.status, e.data.digitalOnly?.watermark]),
      [['cheque.created', 'cancelled', 'VOID']],
    );
    const listed = await t.api('/cheques?status=cancelled&limit=100');
    assert.ok(listed.body.data.some((c: any) => c.id === created.body.id));
    // Not cancellable, not progressable, never due: the scheduler a year on leaves it alone.
    const cancel = await t.api(`/cheques/${created.body.id}`, { method: 'DELETE' });
    assert.equal(cancel.status, 422);
    assert.match(cancel.body.error.message, /already cancelled/);
    const step = await t.api(`/cheques/${created.body.id}/progressions`, { method: 'POST' });
    assert.equal(step.status, 422);
    await runSchedulerTick(t.database.db, t.config, new Date(Date.now() + 365 * 86_400_000));
    assert.equal((await t.api(`/cheques/${created.body.id}`)).body.status, 'cancelled');

    // A live digital-only cheque is never handed to a printer either.
    const liveBank = await bankAccount(t.org.liveApiKey);
    const live = await create(
      cheque({ bankAccount: liveBank, digitalOnly: { watermark: 'COPY' }, sendDate: undefined }),
      t.org.liveApiKey,
    );
    assert.equal(live.status, 200, JSON.stringify(live.body));
    assert.equal(live.body.status, 'cancelled');
    await runSchedulerTick(t.database.db, t.config, new Date(Date.now() + 7 * 86_400_000));
    const printer = { ...(await createPrinter(t.database.db, 'Digital check')), simulated: false };
    const claimed = await claimForPrinting(t.database.db, t.config, printer, 500, new Date());
    assert.equal(claimed.includes(live.body.id), false);
  });

  test('digitalOnly refuses what only a mailed cheque has, and needs a watermark', async () => {
    const envelope = await t.api('/return_envelopes', { method: 'POST', json: { to: senderAddress() } });
    await expectRejected(t, '/cheques', [
      [
        'no watermark',
        cheque({ digitalOnly: {} }),
        'validation_error',
        /^digitalOnly.watermark is required\.$/,
      ],
      [
        'empty watermark',
        cheque({ digitalOnly: { watermark: '' } }),
        'validation_error',
        /digitalOnly.watermark/,
      ],
      [
        'extra service',
        cheque({ digitalOnly: { watermark: 'VOID' }, extraService: 'certified' }),
        'validation_error',
        /^extraService cannot be used with digitalOnly: a digital-only cheque is not mailed\.$/,
      ],
      [
        'return envelope and redirect',
        cheque({
          digitalOnly: { watermark: 'VOID' },
          returnEnvelope: envelope.body.id,
          redirectTo: usAddress(),
        }),
        'validation_error',
        /^returnEnvelope, redirectTo cannot be used with digitalOnly/,
      ],
    ]);
  });

  test('every validation rule is a validation_error that creates nothing', async () => {
    const other = await createOrganization(t.database.db, 'Other cheque org');
    const otherBank = await bankAccount(other.testApiKey);
    const liveBank = await bankAccount(t.org.liveApiKey);
    const abroad = usAddress({
      countryCode: 'CA',
      provinceOrState: 'ON',
      postalOrZip: 'K1A 0B1',
      city: 'Ottawa',
    });
    await expectRejected(t, '/cheques', [
      [
        'missing bankAccount',
        cheque({ bankAccount: undefined }),
        'validation_error',
        /bankAccount is required/,
      ],
      ['missing amount', cheque({ amount: undefined }), 'validation_error', /amount is required/],
      ['missing from', cheque({ from: undefined }), 'validation_error', /from is required/],
      ['zero amount', cheque({ amount: 0 }), 'validation_error', /amount must be >= 1/],
      ['negative amount', cheque({ amount: -500 }), 'validation_error', /amount must be >= 1/],
      ['fractional cents', cheque({ amount: 10.5 }), 'validation_error', /amount must be integer/],
      [
        'amount too large',
        cheque({ amount: 1_000_000_001 }),
        'validation_error',
        /amount must be <= 1000000000/,
      ],
      [
        'memo over 40 characters',
        cheque({ memo: 'm'.repeat(41) }),
        'validation_error',
        /memo must NOT have more than 40 characters/,
      ],
      ['unknown currency', cheque({ currencyCode: 'EUR' }), 'validation_error', /currencyCode/],
      ['unknown size', cheque({ size: 'a4' }), 'validation_error', /size/],
      ['number zero', cheque({ number: 0 }), 'validation_error', /number must be >= 1/],
      [
        'number beyond int32',
        cheque({ number: 2_147_483_648 }),
        'validation_error',
        /number must be <= 2147483647/,
      ],
      [
        'unknown bank account',
        cheque({ bankAccount: 'bank_account_nope' }),
        'validation_error',
        /bankAccount: bank account bank_account_nope was not found/,
      ],
      [
        'bank account of another organization',
        cheque({ bankAccount: otherBank }),
        'validation_error',
        /bankAccount: bank account .* was not found/,
      ],
      [
        'bank account of the other mode',
        cheque({ bankAccount: liveBank }),
        'validation_error',
        /bankAccount: bank account .* was not found/,
      ],
      [
        'two attached letters',
        cheque({ letterHTML: '<p>x</p>', letterPDF: 'https://example.com/a.pdf' }),
        'validation_error',
        /at most one of letterHTML, letterTemplate or letterPDF/,
      ],
      [
        'letter with a missing variable',
        cheque({ letterHTML: '<p>{{reason}}</p>' }),
        'validation_error',
        /^letterHTML: merge variable "reason" is missing/,
      ],
      [
        'unknown letter template',
        cheque({ letterTemplate: 'template_nope' }),
        'validation_error',
        /letterTemplate: template template_nope was not found/,
      ],
      [
        'letter PDF not a URL',
        cheque({ letterPDF: 'letter.pdf' }),
        'validation_error',
        /letterPDF must be an http\(s\) URL/,
      ],
      [
        'logo not a URL',
        cheque({ logoURL: 'javascript:alert(1)' }),
        'validation_error',
        /logoURL must be an http\(s\) URL/,
      ],
      [
        'extra service abroad',
        cheque({ to: abroad, extraService: 'certified' }),
        'validation_error',
        /only available for US destinations/,
      ],
      [
        'extra service with standard class',
        cheque({ extraService: 'registered', mailingClass: 'standard_class' }),
        'validation_error',
        /cannot be used with mailingClass standard_class/,
      ],
      [
        'bad redirectTo',
        cheque({ redirectTo: 'contact_nope' }),
        'validation_error',
        /redirectTo: contact contact_nope was not found/,
      ],
    ]);
  });
});

describe('cheque numbers', () => {
  test('auto-increment per organization and mode, skipping explicit numbers; explicit duplicates refused', async () => {
    const { org, body } = await freshOrganization();
    const make = async (extra: Record<string, unknown> = {}, key = org.testApiKey) => {
      const response = await create({ ...body, ...extra }, key);
      assert.equal(response.status, 200, JSON.stringify(response.body));
      return response.body.number as number;
    };
    assert.equal(await make(), 1);
    assert.equal(await make(), 2);
    assert.equal(await make({ number: 4 }), 4);
    assert.equal(await make(), 3);
    assert.equal(await make(), 5, 'skips the explicit 4');
    assert.equal(await make({ number: 100 }), 100);
    assert.equal(await make(), 6, 'an explicit number far ahead does not move automatic numbering');

    for (const taken of [2, 4, 100]) {
      const before = await rowCounts(t.database.db);
      const duplicate = await create({ ...body, number: taken }, org.testApiKey);
      assert.equal(duplicate.status, 400);
      assert.equal(duplicate.body.error.type, 'validation_error');
      assert.match(
        duplicate.body.error.message,
        new RegExp(`^number ${taken} is already used by cheque cheque_`),
      );
      assert.deepEqual(await rowCounts(t.database.db), before);
    }

    // Live mode has its own sequence, and another organization may reuse numbers.
    const liveBank = await bankAccount(org.liveApiKey);
    const live = await create(
      { ...body, to: usAddress(), from: senderAddress(), bankAccount: liveBank },
      org.liveApiKey,
    );
    assert.equal(live.body.number, 1);
    assert.equal(live.body.live, true);
    const cancelled = await t.api(`/cheques/${live.body.id}`, { method: 'DELETE', key: org.liveApiKey });
    assert.equal(cancelled.body.status, 'cancelled');
    const next = await create(
      { ...body, to: usAddress(), from: senderAddress(), bankAccount: liveBank },
      org.liveApiKey,
    );
    assert.equal(next.body.number, 2, 'a cancelled cheque keeps its number');
  });

  test('20 concurrent creates without a number get 20 distinct consecutive numbers', async () => {
    const { org, body } = await freshOrganization();
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => create({ ...body, memo: `concurrent ${i}` }, org.testApiKey)),
    );
    for (const response of responses) assert.equal(response.status, 200, JSON.stringify(response.body));
    const numbers = responses.map((r) => r.body.number as number).sort((a, b) => a - b);
    assert.deepEqual(
      numbers,
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
  });

  test('concurrent creates with the same explicit number: exactly one wins', async () => {
    const { org, body } = await freshOrganization();
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => create({ ...body, number: 777 }, org.testApiKey)),
    );
    const ok = responses.filter((r) => r.status === 200);
    assert.equal(ok.length, 1);
    for (const refused of responses.filter((r) => r.status !== 200)) {
      assert.equal(refused.body.error.type, 'validation_error');
      assert.match(refused.body.error.message, /number 777 is already used/);
    }
    const list = await t.api('/cheques', { key: org.testApiKey });
    assert.equal(list.body.totalCount, 1);
  });
});

let n = 0;
describeSharedOrderBehaviour({
  path: '/cheques',
  object: 'cheque',
  schema: 'Cheque',
  app: () => t,
  body: (i, extra = {}) => cheque({ to: usAddress({ lastName: `Payee${i}-${n++}` }), ...extra }),
});

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import pino from 'pino';
import { createKeyVault } from '../../src/auth/key-vault.ts';
import { loadConfig } from '../../src/config/config.ts';
import { buildApp } from '../../src/http/app.ts';
import { redactPaths } from '../../src/logger.ts';
import { createOrganization } from '../../src/organizations/service.ts';
import { senderAddress, startTestApp, type TestApp, usAddress } from '../support/app.ts';
import { createTestDatabase } from '../support/database.ts';
import { specErrors } from '../support/postgrid-spec.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => {
  await t.close();
});

const US_ACCOUNT = '000123456789';
const CA_ACCOUNT = '9876543210';

const usAccount = (overrides: Record<string, unknown> = {}) => ({
  bankName: 'First Test Bank',
  bankPrimaryLine: '145 Mulberry St',
  bankSecondaryLine: 'New York NY 10013',
  bankCountryCode: 'US',
  accountNumber: US_ACCOUNT,
  routingNumber: '021000021',
  signatureText: 'Ada Lovelace',
  ...overrides,
});

const caAccount = (overrides: Record<string, unknown> = {}) => ({
  bankName: 'Banque Test',
  bankCountryCode: 'CA',
  accountNumber: CA_ACCOUNT,
  routeNumber: '003',
  transitNumber: '00011',
  signatureImage: 'https://example.com/signature.png',
  ...overrides,
});

async function accountCount(): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from bank_accounts`.execute(
    t.database.db,
  );
  return rows[0]!.n;
}

const create = (body: unknown, key?: string) => t.api('/bank_accounts', { method: 'POST', json: body, key });

describe('POST /bank_accounts', () => {
  test('a US account validates against the PostGrid BankAccount schema and shows only the last 4 digits', async () => {
    const created = await create(usAccount({ description: 'Payroll', metadata: { dept: 'ops' } }));
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.match(created.body.id, /^bank_account_[A-Za-z0-9]{22}$/);
    assert.equal(created.body.object, 'bank_account');
    assert.equal(created.body.accountNumber, '6789');
    assert.equal(created.body.routingNumber, '021000021');
    assert.equal(created.body.signatureText, 'Ada Lovelace');
    assert.equal(created.body.signatureImage, undefined);
    assert.deepEqual(specErrors('BankAccount', created.body), []);
    const read = await t.api(`/bank_accounts/${created.body.id}`);
    assert.deepEqual(read.body, created.body);
    const list = await t.api('/bank_accounts');
    for (const response of [created, read, list]) {
      assert.ok(!JSON.stringify(response.body).includes('123456789'), 'full account number never returned');
    }
    // The full number is kept: cheques print it.
    const row = await t.database.db
      .selectFrom('bank_accounts')
      .select('account_number')
      .where('id', '=', created.body.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.account_number, US_ACCOUNT);
  });

  test('a CA account takes routeNumber and transitNumber and a signature image URL', async () => {
    const created = await create(caAccount());
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.equal(created.body.bankCountryCode, 'CA');
    assert.equal(created.body.accountNumber, '3210');
    assert.equal(created.body.routeNumber, '003');
    assert.equal(created.body.transitNumber, '00011');
    assert.equal(created.body.signatureImage, 'https://example.com/signature.png');
    assert.deepEqual(specErrors('BankAccount', created.body), []);
  });

  test('a CA account keeps its designation number (PostGrid caDesignationNumber)', async () => {
    const created = await create(caAccount({ caDesignationNumber: '123' }));
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.equal(created.body.caDesignationNumber, '123');
    assert.deepEqual((await t.api(`/bank_accounts/${created.body.id}`)).body, created.body);
    const listed = await t.api('/bank_accounts?limit=100');
    assert.equal(listed.body.data.find((a: any) => a.id === created.body.id).caDesignationNumber, '123');
    assert.deepEqual(specErrors('BankAccount', created.body), []);
    // Without one, the field is absent, as PostGrid leaves it.
    const plain = await create(caAccount());
    assert.equal('caDesignationNumber' in plain.body, false);
  });

  test('every validation rule is a validation_error that stores nothing', async () => {
    const cases: [string, unknown, RegExp][] = [
      [
        'routing number checksum',
        usAccount({ routingNumber: '021000022' }),
        /routingNumber is not a valid ABA/,
      ],
      ['routing number length', usAccount({ routingNumber: '02100002' }), /routingNumber is not a valid ABA/],
      ['US without routing number', usAccount({ routingNumber: undefined }), /routingNumber is required/],
      [
        'US with transit number',
        usAccount({ transitNumber: '00011' }),
        /transitNumber is for CA bank accounts/,
      ],
      [
        'US with both CA numbers',
        usAccount({ transitNumber: '00011', routeNumber: '003' }),
        /transitNumber and routeNumber are for CA/,
      ],
      [
        'US with a designation number',
        usAccount({ caDesignationNumber: '123' }),
        /caDesignationNumber is for CA bank accounts/,
      ],
      [
        'CA designation number not 3 digits',
        caAccount({ caDesignationNumber: '12a' }),
        /caDesignationNumber must be the 3-digit designation number/,
      ],
      ['CA without route number', caAccount({ routeNumber: undefined }), /routeNumber/],
      ['CA with bad transit number', caAccount({ transitNumber: '1234' }), /transitNumber/],
      ['CA with routing number', caAccount({ routingNumber: '021000021' }), /routingNumber is for US/],
      [
        'both signatures',
        usAccount({ signatureImage: 'https://example.com/s.png' }),
        /Exactly one of signatureText or signatureImage/,
      ],
      [
        'no signature',
        usAccount({ signatureText: undefined }),
        /Exactly one of signatureText or signatureImage/,
      ],
      [
        'signature image not a URL',
        caAccount({ signatureImage: 'file:///etc/passwd' }),
        /signatureImage must be a PNG or JPEG image: a file \(multipart upload\) or its http\(s\) URL/,
      ],
      [
        'account number with letters',
        usAccount({ accountNumber: '12AB5678' }),
        /accountNumber must be 4 to 17 digits/,
      ],
      [
        'account number too long',
        usAccount({ accountNumber: '1'.repeat(18) }),
        /accountNumber must be 4 to 17 digits/,
      ],
      [
        'CA account number too short',
        caAccount({ accountNumber: '1234' }),
        /accountNumber must be 5 to 12 digits/,
      ],
      ['unsupported country', usAccount({ bankCountryCode: 'GB' }), /bankCountryCode/],
      ['missing bank name', usAccount({ bankName: undefined }), /bankName is required/],
      ['missing account number', usAccount({ accountNumber: undefined }), /accountNumber is required/],
    ];
    for (const [name, body, message] of cases) {
      const before = await accountCount();
      const response = await create(body);
      assert.equal(response.status, 400, `${name}: ${JSON.stringify(response.body)}`);
      assert.equal(response.body.error.type, 'validation_error', name);
      assert.match(response.body.error.message, message, name);
      assert.ok(
        !response.body.error.message.includes(US_ACCOUNT),
        `${name}: message does not echo the number`,
      );
      assert.equal(await accountCount(), before, `${name}: nothing stored`);
    }
  });

  test('an uploaded signature file that is not a PNG or JPEG is refused with INVALID_FILE', async () => {
    const before = await accountCount();
    const form = new FormData();
    for (const [key, value] of Object.entries(usAccount({ signatureText: undefined }))) {
      if (value !== undefined) form.append(key, String(value));
    }
    form.append('signatureImage', new Blob([Buffer.from('\x89PNG fake')], { type: 'image/png' }), 'sig.png');
    const response = await t.api('/bank_accounts', { method: 'POST', body: form });
    assert.equal(response.status, 400);
    assert.equal(response.body.error.type, 'validation_error');
    assert.match(response.body.error.message, /^INVALID_FILE: signatureImage /);
    assert.equal(await accountCount(), before);
  });

  test('Idempotency-Key replays the first account', async () => {
    const headers = { 'idempotency-key': 'bank-1' };
    const first = await t.api('/bank_accounts', { method: 'POST', json: usAccount(), headers });
    const before = await accountCount();
    const again = await t.api('/bank_accounts', { method: 'POST', json: usAccount(), headers });
    assert.deepEqual(again.body, first.body);
    assert.equal(await accountCount(), before);
  });
});

describe('listing, deleting and isolation', () => {
  test('list pages and searches; delete answers {id, object, deleted} and the account disappears', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push(
        (await create(usAccount({ bankName: `Listing Bank ${i}`, metadata: { group: 'listing' } }))).body.id,
      );
    }
    const page = await t.api(
      `/bank_accounts?limit=2&search=${encodeURIComponent('{"metadata.group":"listing"}')}`,
    );
    assert.equal(page.body.totalCount, 3);
    assert.equal(page.body.limit, 2);
    assert.deepEqual(
      page.body.data.map((a: { id: string }) => a.id),
      [ids[2], ids[1]],
    );
    for (const item of page.body.data) assert.deepEqual(specErrors('BankAccount', item), []);
    const text = await t.api('/bank_accounts?search=listing%20bank%201');
    assert.deepEqual(
      text.body.data.map((a: { id: string }) => a.id),
      [ids[1]],
    );

    const removed = await t.api(`/bank_accounts/${ids[0]}`, { method: 'DELETE' });
    assert.equal(removed.status, 200);
    assert.deepEqual(removed.body, { id: ids[0], object: 'bank_account', deleted: true });
    assert.equal((await t.api(`/bank_accounts/${ids[0]}`)).status, 404);
    assert.equal((await t.api(`/bank_accounts/${ids[0]}`, { method: 'DELETE' })).status, 404);
    const after = await t.api(`/bank_accounts?search=${encodeURIComponent('{"metadata.group":"listing"}')}`);
    assert.equal(after.body.totalCount, 2);

    const cheque = await t.api('/cheques', {
      method: 'POST',
      json: { to: usAddress(), from: senderAddress(), bankAccount: ids[0], amount: 100 },
    });
    assert.equal(cheque.status, 400);
    assert.match(cheque.body.error.message, /bankAccount: bank account .* was not found/);
  });

  test('test/live and organizations are isolated (404)', async () => {
    const mine = await create(usAccount());
    const other = await createOrganization(t.database.db, 'Other bank org');
    for (const key of [t.org.liveApiKey, other.testApiKey]) {
      const read = await t.api(`/bank_accounts/${mine.body.id}`, { key });
      assert.equal(read.status, 404);
      assert.equal(read.body.error.type, 'not_found_error');
      assert.equal((await t.api(`/bank_accounts/${mine.body.id}`, { method: 'DELETE', key })).status, 404);
      const list = await t.api('/bank_accounts', { key });
      assert.ok(!list.body.data.some((a: { id: string }) => a.id === mine.body.id));
    }
    assert.equal((await t.api(`/bank_accounts/${mine.body.id}`)).status, 200, 'still there for its owner');
    const live = await create(usAccount(), t.org.liveApiKey);
    assert.equal(live.body.live, true);
  });
});

describe('logging', () => {
  test('account numbers never reach the logs, even at trace level', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = pino({ level: 'trace', redact: { paths: redactPaths, censor: '[redacted]' } }, stream);
    const database = await createTestDatabase();
    const config = loadConfig({
      LOG_LEVEL: 'trace',
      PORT: '0',
      MAILSTREAM_SECRET: randomBytes(32).toString('hex'),
    });
    const vault = createKeyVault(config.secret!);
    const app = await buildApp({ db: database.db, config, logger, role: 'api', vault });
    try {
      const org = await createOrganization(database.db, 'Logged org', vault);
      const headers = { 'x-api-key': org.testApiKey, 'content-type': 'application/json' };
      const secretNumber = '55501234567';
      const ok = await app.inject({
        method: 'POST',
        url: '/print-mail/v1/bank_accounts',
        headers,
        payload: JSON.stringify(usAccount({ accountNumber: secretNumber })),
      });
      assert.equal(ok.statusCode, 200);
      const bad = await app.inject({
        method: 'POST',
        url: '/print-mail/v1/bank_accounts',
        headers,
        payload: JSON.stringify(usAccount({ accountNumber: secretNumber, routingNumber: '123456789' })),
      });
      assert.equal(bad.statusCode, 400);
      // Our own code logging an account object, its request body, or the number itself.
      app.log.info({ bankAccount: { accountNumber: secretNumber } }, 'object');
      app.log.info({ req: { body: { accountNumber: secretNumber } } }, 'body');
      app.log.info({ accountNumber: secretNumber }, 'bare');
      const text = lines.join('');
      assert.ok(lines.length >= 5, 'requests and messages were logged');
      assert.match(text, /\[redacted\]/);
      assert.ok(!text.includes(secretNumber), 'the account number is not in the logs');
    } finally {
      await app.close();
      await database.drop();
    }
  });
});

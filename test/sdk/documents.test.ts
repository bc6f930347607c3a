// Files uploaded the way PostGrid's official SDK sends them (toFile + multipartFormRequestOptions, as
// multipart/form-data), and the same uploads by hand: each kind's file is checked with Lob's codes, stored
// content-addressed and linked to its order or bank account; a refused file is a 400 naming its code
// with nothing stored.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { POSTCARDS, SELF_MAILERS } from '../../src/documents/geometry.ts';
import { encryptedPdf, IN, image, makePdf, pages } from '../documents/pdfs.ts';
import { senderAddress, startTestApp, type TestApp, usAddress, usBankAccount } from '../support/app.ts';
import { postgridSdk, sdkMultipart, sdkToFile } from '../support/postgrid-sdk.ts';

let t: TestApp;
let client: Awaited<ReturnType<typeof postgridSdk>>;
before(async () => {
  t = await startTestApp();
  client = await postgridSdk({ baseURL: t.baseUrl, printMailAPIKey: t.org.testApiKey });
});
after(async () => {
  await t.close();
});

const letterPage: [number, number] = [8.5 * IN, 11 * IN];

async function linked(orderId: string) {
  const { rows } = await sql<{ role: string; page_count: number | null; content_type: string }>`
    select l.role, d.page_count, d.content_type from order_documents l join documents d on d.id = l.document_id
    where l.order_id = ${orderId} order by l.role`.execute(t.database.db);
  return rows;
}

async function storedCounts() {
  const { rows } = await sql<{ documents: number; blobs: number; orders: number }>`
    select (select count(*)::int from documents) as documents,
           (select count(*)::int from document_blobs) as blobs,
           (select count(*)::int from orders) as orders`.execute(t.database.db);
  return rows[0]!;
}

/** A create through the SDK with its body sent as multipart, as multipartFormRequestOptions makes it. */
async function sdkCreate(resource: { create: (body: unknown, options: unknown) => Promise<any> }, body: any) {
  return resource.create(body, await sdkMultipart(client, body));
}

describe('through the PostGrid SDK', () => {
  test('a letter with an uploaded pdf is created and keeps the file as its upload', async () => {
    const pdf = await makePdf(pages(3, letterPage));
    const letter = await sdkCreate(client.printMail.letters, {
      to: usAddress(),
      from: senderAddress(),
      pdf: await sdkToFile(pdf, 'letter.pdf'),
      description: 'uploaded',
    });
    assert.match(letter.id, /^letter_/);
    assert.equal(letter.status, 'ready');
    assert.equal(letter.to.firstName, usAddress().firstName);
    assert.deepEqual(await linked(letter.id), [
      { role: 'upload', page_count: 3, content_type: 'application/pdf' },
    ]);
  });

  test('a letter with HTML and an uploaded attachedPDF keeps its placement and the file', async () => {
    const letter = await sdkCreate(client.printMail.letters, {
      to: usAddress(),
      from: senderAddress(),
      html: '<p>Hello {{to.firstName}}</p>',
      attachedPDF: {
        file: await sdkToFile(await makePdf(pages(2, letterPage)), 'annex.pdf'),
        placement: 'after_template',
      },
    });
    assert.equal(letter.attachedPDF.placement, 'after_template');
    assert.equal(letter.attachedPDF.file, undefined);
    assert.deepEqual(await linked(letter.id), [
      { role: 'attachment', page_count: 2, content_type: 'application/pdf' },
    ]);
  });

  test('postcards and self-mailers take a 2-page PDF of their size', async () => {
    const card = POSTCARDS['6x4'].artwork;
    const postcard = await sdkCreate(client.printMail.postcards, {
      to: usAddress(),
      size: '6x4',
      pdf: await sdkToFile(await makePdf(pages(2, [card.width, card.height])), 'card.pdf'),
    });
    assert.match(postcard.id, /^postcard_/);
    assert.deepEqual(await linked(postcard.id), [
      { role: 'upload', page_count: 2, content_type: 'application/pdf' },
    ]);
    const sheet = SELF_MAILERS['8.5x11_bifold'].flat;
    const mailer = await sdkCreate(client.printMail.selfMailers, {
      to: usAddress(),
      from: senderAddress(),
      size: '8.5x11_bifold',
      pdf: await sdkToFile(await makePdf(pages(2, [sheet.width, sheet.height])), 'mailer.pdf'),
    });
    assert.match(mailer.id, /^self_mailer_/);
    assert.deepEqual(await linked(mailer.id), [
      { role: 'upload', page_count: 2, content_type: 'application/pdf' },
    ]);
  });

  test('a bank account with an uploaded signatureImage, and a cheque with an uploaded letterPDF', async () => {
    const account = await sdkCreate(client.printMail.bankAccounts, {
      ...usBankAccount({ signatureText: undefined }),
      signatureImage: await sdkToFile(await image('png', 600, 150), 'signature.png', 'image/png'),
    });
    assert.match(account.id, /^bank_account_/);
    const { rows } = await sql<{ content_type: string }>`
      select d.content_type from bank_account_documents l join documents d on d.id = l.document_id
      where l.bank_account_id = ${account.id}`.execute(t.database.db);
    assert.deepEqual(rows, [{ content_type: 'image/png' }]);
    const cheque = await sdkCreate(client.printMail.cheques, {
      to: usAddress(),
      from: senderAddress(),
      bankAccount: account.id,
      amount: 13259,
      letterPDF: await sdkToFile(await makePdf(pages(1, letterPage)), 'letter.pdf'),
    });
    assert.match(cheque.id, /^cheque_/);
    assert.deepEqual(await linked(cheque.id), [
      { role: 'upload', page_count: 1, content_type: 'application/pdf' },
    ]);
  });

  test('an encrypted PDF is a 400 naming PDF_ENCRYPTED, and nothing is stored', async () => {
    const before = await storedCounts();
    await assert.rejects(
      sdkCreate(client.printMail.letters, {
        to: usAddress(),
        from: senderAddress(),
        pdf: await sdkToFile(await encryptedPdf('secret'), 'locked.pdf'),
      }),
      (error: { status: number; message: string }) => {
        assert.equal(error.status, 400);
        assert.match(error.message, /PDF_ENCRYPTED: pdf /);
        return true;
      },
    );
    assert.deepEqual(await storedCounts(), before);
  });
});

describe('raw multipart/form-data', () => {
  const form = (fields: Record<string, string>) => {
    const body = new FormData();
    for (const [key, value] of Object.entries(fields)) body.append(key, value);
    return body;
  };
  const contactFields = {
    'to[firstName]': 'Ada',
    'to[addressLine1]': '20 W 34th St',
    'to[city]': 'New York',
    'to[provinceOrState]': 'NY',
    'to[postalOrZip]': '10001',
    'to[countryCode]': 'US',
    'from[companyName]': 'Acme',
    'from[addressLine1]': '1 Main St',
    'from[countryCode]': 'US',
  };

  test('an uploaded letter of the wrong page size is INVALID_FILE_DIMENSIONS, storing nothing', async () => {
    const before = await storedCounts();
    const body = form(contactFields);
    body.append(
      'pdf',
      new Blob([await makePdf(pages(1, [5 * IN, 7 * IN]))], { type: 'application/pdf' }),
      'a.pdf',
    );
    const response = await t.api('/letters', { method: 'POST', body });
    assert.equal(response.status, 400, JSON.stringify(response.body));
    assert.equal(response.body.error.type, 'validation_error');
    assert.match(response.body.error.message, /^INVALID_FILE_DIMENSIONS: pdf /);
    assert.deepEqual(await storedCounts(), before);
  });

  test('a postcard with one page where two are needed is FILE_PAGES_BELOW_MIN', async () => {
    const card = POSTCARDS['9x6'].artwork;
    const body = form({ ...contactFields, size: '9x6' });
    body.append('pdf', new Blob([await makePdf(pages(1, [card.width, card.height]))]), 'card.pdf');
    const response = await t.api('/postcards', { method: 'POST', body });
    assert.equal(response.status, 400, JSON.stringify(response.body));
    assert.match(response.body.error.message, /^FILE_PAGES_BELOW_MIN: pdf /);
  });

  test('a letter with a good upload, sent by hand with a bracketed attachedPDF[file], is created', async () => {
    const body = form({ ...contactFields, 'attachedPDF[placement]': 'before_template' });
    body.append('pdf', new Blob([await makePdf(pages(2, letterPage))]), 'letter.pdf');
    body.append('attachedPDF[file]', new Blob([await makePdf(pages(1, letterPage))]), 'annex.pdf');
    const response = await t.api('/letters', { method: 'POST', body });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.equal(response.body.attachedPDF.placement, 'before_template');
    assert.deepEqual(
      (await linked(response.body.id)).map((l) => [l.role, l.page_count]),
      [
        ['attachment', 1],
        ['upload', 2],
      ],
    );
  });

  test('the same file sent twice under one name is refused', async () => {
    const body = form(contactFields);
    const pdf = await makePdf(pages(1, letterPage));
    body.append('pdf', new Blob([pdf]), 'a.pdf');
    body.append('pdf', new Blob([pdf]), 'b.pdf');
    const response = await t.api('/letters', { method: 'POST', body });
    assert.equal(response.status, 400);
    assert.match(response.body.error.message, /^pdf: send one file/);
  });
});

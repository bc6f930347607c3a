// Mailing lists (issue 18 item 2): jobs add and remove imports and contacts, one job at a time, each
// recipient once.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp, usAddress } from '../support/app.ts';
import { createImport, customersCsv, importDone } from '../support/bulk.ts';
import { eventually } from '../support/eventually.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp({}, { worker: true });
});
after(async () => {
  await t.close();
});

async function listDone(id: string) {
  return eventually(
    async () => {
      const r = await t.api(`/mailing_lists/${id}`);
      return r.body.status === 'completed' ? r.body : null;
    },
    60_000,
    `list ${id} to complete its job`,
  );
}

test('imports and contacts join a list once each; removals take them out; one job at a time', async () => {
  // Rows 1–3 of both files are the same people: the list holds 5, not 8.
  const first = await importDone(t, (await createImport(t, customersCsv(3))).body.id);
  const second = await importDone(
    t,
    (
      await createImport(
        t,
        customersCsv(5, (n) => (n === 2 ? 'Dup,2,2 Broadway,New York,NY,10001,US,gold' : undefined)),
      )
    ).body.id,
  );
  const contact = await t.api('/contacts', { method: 'POST', json: usAddress({ firstName: 'Solo' }) });

  const list = await t.api('/mailing_lists', { method: 'POST', json: { description: 'spring' } });
  assert.equal(list.status, 200);
  assert.equal(list.body.object, 'mailing_list');
  assert.equal(list.body.status, 'completed');

  const job = await t.api(`/mailing_lists/${list.body.id}/jobs`, {
    method: 'POST',
    json: { addMailingListImports: [first.id, second.id], addContacts: [contact.body.id] },
  });
  assert.equal(job.status, 200, JSON.stringify(job.body));
  assert.equal(job.body.status, 'creating_contacts');
  const busy = await t.api(`/mailing_lists/${list.body.id}/jobs`, {
    method: 'POST',
    json: { removeContacts: [contact.body.id] },
  });
  // The worker may already have finished the first job; otherwise the second is refused.
  if (busy.status !== 200) {
    assert.equal(busy.status, 409);
    assert.match(busy.body.error.message, /one job at a time/);
  }
  let done = await listDone(list.body.id);
  if (busy.status !== 200) {
    assert.equal(done.contactCount, 7, '3 + 3 new of the second import (row 2 differs) + the contact');
    assert.deepEqual(done.errors, []);
    const removal = await t.api(`/mailing_lists/${list.body.id}/jobs`, {
      method: 'POST',
      json: { removeContacts: [contact.body.id] },
    });
    assert.equal(removal.body.status, 'removing_contacts');
    done = await listDone(list.body.id);
  }
  assert.equal(done.contactCount, 6);

  await t.api(`/mailing_lists/${list.body.id}/jobs`, {
    method: 'POST',
    json: { removeMailingListImports: [second.id] },
  });
  done = await listDone(list.body.id);
  assert.equal(
    done.contactCount,
    3,
    'the second import brought 3 of its own; shared rows came from the first',
  );
});

test('a job request retried with its Idempotency-Key gets its first answer, not "one job at a time"', async () => {
  const imported = await importDone(t, (await createImport(t, customersCsv(3))).body.id);
  const list = await t.api('/mailing_lists', { method: 'POST', json: {} });
  const request = () =>
    t.api(`/mailing_lists/${list.body.id}/jobs`, {
      method: 'POST',
      json: { addMailingListImports: [imported.id] },
      headers: { 'idempotency-key': `job-${list.body.id}` },
    });
  const first = await request();
  assert.equal(first.status, 200, JSON.stringify(first.body));
  assert.equal(first.body.status, 'creating_contacts');
  const retried = await request();
  assert.equal(retried.status, 200, JSON.stringify(retried.body));
  assert.deepEqual(retried.body, first.body);
  const done = await listDone(list.body.id);
  assert.equal(done.contactCount, 3, 'the retry added no second job');
});

test('a job naming an unknown import reports it; an empty job is a 400', async () => {
  const list = await t.api('/mailing_lists', { method: 'POST', json: {} });
  const empty = await t.api(`/mailing_lists/${list.body.id}/jobs`, { method: 'POST', json: {} });
  assert.equal(empty.status, 400);
  await t.api(`/mailing_lists/${list.body.id}/jobs`, {
    method: 'POST',
    json: { addMailingListImports: ['mailing_list_import_nope'] },
  });
  const done = await listDone(list.body.id);
  assert.equal(done.errors[0].type, 'mailing_list_imports_not_found_error');
  assert.match(done.errors[0].message, /mailing_list_import_nope/);
  assert.equal(done.contactCount, 0);
});

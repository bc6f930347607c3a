// README's "Verifying deliveries" blocks are the code receivers copy: each one is taken from README.md as
// written, run against a real delivery of its payload format, and must reject a tampered body.
import assert from 'node:assert/strict';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { startTestApp, type TestApp } from '../support/app.ts';
import { projectRoot } from '../support/process.ts';
import { type Receiver, startReceiver } from '../support/receiver.ts';

let t: TestApp;
let receiver: Receiver;
const snippetDir = path.join(projectRoot, '.tmp', `readme-snippets-${process.pid}`);

before(async () => {
  t = await startTestApp({ WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true' });
  receiver = await startReceiver();
  await mkdir(snippetDir, { recursive: true });
});
after(async () => {
  await receiver.close();
  await t.close();
  await rm(snippetDir, { recursive: true, force: true });
});

/** The README block that starts `// verify: <format>`, saved as a module exporting its function. */
async function snippet<F>(format: string, name: string): Promise<F> {
  const readme = await readFile(path.join(projectRoot, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const block = blocks.find((b) => b.startsWith(`// verify: ${format}\n`));
  assert.ok(block, `README has a js block starting "// verify: ${format}"`);
  // Inside the project, so its imports resolve against node_modules as a receiver's would.
  const file = path.join(snippetDir, `${format}.mjs`);
  await writeFile(file, `${block}\nexport { ${name} };\n`);
  const module = (await import(pathToFileURL(file).href)) as Record<string, F>;
  assert.equal(typeof module[name], 'function');
  return module[name]!;
}

/** A webhook of `format` on the receiver, and one test delivery of it as the receiver got it. */
async function delivery(format: string) {
  const created = await t.api('/webhooks', {
    method: 'POST',
    json: { url: receiver.url, enabledEvents: ['letter.created'], payloadFormat: format },
  });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  const before = receiver.requests.length;
  const sent = await t.api(`/webhooks/${created.body.id}/test`, { method: 'POST', json: {} });
  assert.equal(sent.status, 200, JSON.stringify(sent.body));
  await receiver.waitFor((requests) => requests.length > before, 10_000, `a ${format} delivery`);
  const request = receiver.requests[before]!;
  return { secret: created.body.secret as string, body: request.body, headers: request.headers };
}

function tampered(body: string): string {
  return body.replace(/.$/, (last) => (last === 'A' ? 'B' : 'A'));
}

test('the jwt block verifies a delivery and rejects a tampered one', async () => {
  const verifyJwt = await snippet<(body: string, secret: string) => Promise<{ type: string }>>(
    'jwt',
    'verifyJwt',
  );
  const { secret, body } = await delivery('jwt');
  assert.equal((await verifyJwt(body, secret)).type, 'letter.created');
  await assert.rejects(verifyJwt(tampered(body), secret));
  await assert.rejects(verifyJwt(body, `${secret}x`));
});

test('the json block verifies a delivery and rejects a tampered one', async () => {
  const verifyJson = await snippet<(body: string, header: string, secret: string) => { type: string }>(
    'json',
    'verifyJson',
  );
  const { secret, body, headers } = await delivery('json');
  const header = String(headers['postgrid-signature']);
  assert.equal(verifyJson(body, header, secret).type, 'letter.created');
  assert.throws(() => verifyJson(`${body} `, header, secret), /bad signature/);
  assert.throws(() => verifyJson(body, header.replace(/t=\d+/, 't=1000'), secret), /stale/);
});

test('the standard block verifies a delivery and rejects a tampered one', async () => {
  const verifyStandard = await snippet<
    (body: string, headers: Record<string, unknown>, secret: string) => { type: string }
  >('standard', 'verifyStandard');
  const { secret, body, headers } = await delivery('standard');
  assert.equal(verifyStandard(body, headers, secret).type, 'letter.created');
  assert.throws(() => verifyStandard(tampered(body), headers, secret));
});

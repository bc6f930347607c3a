import { after, before, describe } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { type CreateEndpoint, createFixtures, hostileCreateTests, resourceEndpoints } from './endpoints.ts';

let t: TestApp;
let endpoints: CreateEndpoint[];
before(async () => {
  // A small body limit so generated oversized bodies meet it (413) without megabytes per run.
  // WEBHOOKS_ALLOW_PRIVATE_NETWORKS stays unset: webhook URLs are held to https and public addresses.
  t = await startTestApp({ BODY_LIMIT_BYTES: '65536' });
  endpoints = resourceEndpoints(await createFixtures(t));
});
after(async () => {
  await t.close();
});

describe('hostile input: resource creates', () => {
  for (const [index, name] of [
    'contacts',
    'templates',
    'bank_accounts',
    'return_envelopes',
    'webhooks',
  ].entries()) {
    hostileCreateTests(
      () => t,
      () => endpoints[index]!,
      name,
    );
  }
});

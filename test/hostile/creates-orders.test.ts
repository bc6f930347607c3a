import { after, before, describe } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { type CreateEndpoint, createFixtures, hostileCreateTests, orderEndpoints } from './endpoints.ts';

let t: TestApp;
let endpoints: CreateEndpoint[];
before(async () => {
  // A small body limit so generated oversized bodies meet it (413) without megabytes per run.
  t = await startTestApp({ BODY_LIMIT_BYTES: '65536' });
  endpoints = orderEndpoints(await createFixtures(t));
});
after(async () => {
  await t.close();
});

describe('hostile input: order creates', () => {
  for (const [index, name] of [
    'letters',
    'postcards',
    'cheques',
    'self_mailers',
    'return-envelope orders',
  ].entries()) {
    hostileCreateTests(
      () => t,
      () => endpoints[index]!,
      name,
    );
  }
});

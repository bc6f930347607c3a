import assert from 'node:assert/strict';
import type { LookupAddress, LookupAllOptions, LookupOptions } from 'node:dns';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { request } from 'undici';
import {
  createSsrfLookup,
  createWebhookDispatcher,
  isForbiddenAddress,
  isMetadataAddress,
  validateWebhookUrl,
} from '../../src/webhooks/ssrf.ts';

describe('isForbiddenAddress', () => {
  const table: [string, boolean][] = [
    ['127.0.0.1', true],
    ['127.255.0.9', true],
    ['::1', true],
    ['10.1.2.3', true],
    ['172.16.0.1', true],
    ['172.31.255.255', true],
    ['172.32.0.1', false],
    ['192.168.1.1', true],
    ['169.254.169.254', true],
    ['169.254.1.1', true],
    ['100.64.0.1', true],
    ['100.128.0.1', false],
    ['fd00::1', true],
    ['fd00:ec2::254', true],
    ['fc00::1', true],
    ['fe80::1', true],
    ['fe80::1%eth0', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:10.0.0.1', true],
    ['::ffff:8.8.8.8', false],
    ['64:ff9b::a00:1', true],
    ['64:ff9b::808:808', false],
    ['2002:7f00:1::', true],
    ['::7f00:1', true],
    ['0.0.0.0', true],
    ['0.1.2.3', true],
    ['::', true],
    ['224.0.0.1', true],
    ['ff02::1', true],
    ['255.255.255.255', true],
    ['240.0.0.1', true],
    ['192.0.2.1', true],
    ['198.18.0.1', true],
    ['2001:db8::1', true],
    ['168.63.129.16', true],
    ['8.8.8.8', false],
    ['1.1.1.1', false],
    ['2606:4700:4700::1111', false],
    ['2a00:1450:4001:80b::200e', false],
    ['not-an-ip', true],
    ['', true],
  ];
  for (const [ip, forbidden] of table) {
    it(`${ip || '(empty)'} is ${forbidden ? 'forbidden' : 'allowed'}`, () => {
      assert.equal(isForbiddenAddress(ip), forbidden);
    });
  }

  it('recognises metadata addresses in any spelling', () => {
    assert.ok(isMetadataAddress('169.254.169.254'));
    assert.ok(isMetadataAddress('::ffff:169.254.169.254'));
    assert.ok(isMetadataAddress('fd00:ec2:0::254'));
    assert.ok(!isMetadataAddress('10.0.0.1'));
  });
});

describe('validateWebhookUrl', () => {
  const cases: [string, boolean, boolean][] = [
    // url, allowPrivateNetworks, valid
    ['https://hooks.example.com/mailstream', false, true],
    ['https://hooks.example.com:8443/x?y=1', false, true],
    ['http://hooks.example.com/', false, false],
    ['http://hooks.example.com/', true, true],
    ['ftp://hooks.example.com/', true, false],
    ['not a url', false, false],
    ['/relative', false, false],
    ['https://user:pass@hooks.example.com/', false, false],
    ['https://user@hooks.example.com/', true, false],
    ['https://127.0.0.1/', false, false],
    ['https://0177.0.0.1/', false, false],
    ['https://2130706433/', false, false],
    ['https://[::1]/', false, false],
    ['https://[::ffff:192.168.0.1]/', false, false],
    ['https://10.0.0.5/', false, false],
    ['https://8.8.8.8/', false, true],
    ['https://[2606:4700:4700::1111]/', false, true],
    ['https://localhost/', false, false],
    ['https://api.localhost./', false, false],
    ['http://localhost:3000/', true, true],
    ['http://10.0.0.5/', true, true],
    ['http://169.254.169.254/latest/meta-data/', true, false],
  ];
  for (const [url, allow, valid] of cases) {
    it(`${url} (allowPrivateNetworks=${allow}) is ${valid ? 'valid' : 'invalid'}`, () => {
      const error = validateWebhookUrl(url, allow);
      if (valid) assert.equal(error, null);
      else assert.equal(typeof error, 'string');
    });
  }
});

describe('createSsrfLookup', () => {
  function fakeResolver(addresses: LookupAddress[]) {
    return (
      _hostname: string,
      _options: LookupAllOptions,
      callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
    ) => callback(null, addresses);
  }

  function run(
    allowPrivateNetworks: boolean,
    addresses: LookupAddress[],
    options: LookupOptions,
  ): Promise<{ address: string | LookupAddress[]; family: number | undefined }> {
    const lookup = createSsrfLookup(allowPrivateNetworks, fakeResolver(addresses));
    return new Promise((resolve, reject) => {
      lookup('hooks.example.com', options, (err, address, family) => {
        if (err) reject(err);
        else resolve({ address, family });
      });
    });
  }

  const publicV4 = { address: '93.184.216.34', family: 4 };
  const publicV6 = { address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 };
  const privateV4 = { address: '10.0.0.1', family: 4 };

  it('passes public addresses through (single and all)', async () => {
    assert.deepEqual(await run(false, [publicV4, publicV6], {}), { address: publicV4.address, family: 4 });
    assert.deepEqual(await run(false, [publicV4, publicV6], { all: true }), {
      address: [publicV4, publicV6],
      family: undefined,
    });
  });

  it('rejects when any resolved address is forbidden', async () => {
    await assert.rejects(run(false, [publicV4, privateV4], {}), { code: 'ESSRF' });
    await assert.rejects(run(false, [{ address: '::1', family: 6 }], { all: true }), { code: 'ESSRF' });
  });

  it('allows private addresses when configured, but never metadata', async () => {
    assert.deepEqual(await run(true, [privateV4], {}), { address: '10.0.0.1', family: 4 });
    await assert.rejects(run(true, [{ address: '169.254.169.254', family: 4 }], {}), { code: 'ESSRF' });
  });

  it('reports an empty answer as ENOTFOUND', async () => {
    await assert.rejects(run(false, [], {}), { code: 'ENOTFOUND' });
  });
});

describe('createWebhookDispatcher (loopback server)', () => {
  let server: Server;
  let port: number;
  const blocked = createWebhookDispatcher({ allowPrivateNetworks: false, connectTimeoutMs: 2000 });
  const allowed = createWebhookDispatcher({ allowPrivateNetworks: true, connectTimeoutMs: 2000 });

  before(async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  after(async () => {
    await Promise.all([blocked.close(), allowed.close()]);
    await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
  });

  it('refuses a hostname resolving to loopback', async () => {
    await assert.rejects(request(`http://localhost:${port}/`, { dispatcher: blocked }), { code: 'ESSRF' });
  });

  it('refuses a loopback IP literal (no DNS lookup involved)', async () => {
    await assert.rejects(request(`http://127.0.0.1:${port}/`, { dispatcher: blocked }), { code: 'ESSRF' });
    await assert.rejects(request(`http://[::ffff:127.0.0.1]:${port}/`, { dispatcher: blocked }), {
      code: 'ESSRF',
    });
  });

  it('connects when private networks are allowed', async () => {
    for (const url of [`http://127.0.0.1:${port}/`, `http://localhost:${port}/`]) {
      const res = await request(url, { dispatcher: allowed });
      assert.equal(res.statusCode, 200);
      assert.equal(await res.body.text(), 'ok');
    }
  });
});

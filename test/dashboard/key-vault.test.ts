import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { createKeyVault, resolveSecret } from '../../src/auth/key-vault.ts';

const key = `test_sk_${'k'.repeat(32)}`;

test('a sealed key opens with the same secret and row id only', () => {
  const vault = createKeyVault('one secret, long enough for the vault');
  const sealed = vault.seal('key_a', key);
  assert.ok(!sealed.toString('latin1').includes(key), 'the key is not stored in clear');
  assert.equal(vault.open('key_a', sealed), key);
  // Sealed twice, two different values (random IV), both open.
  const again = vault.seal('key_a', key);
  assert.notDeepEqual(again, sealed);
  assert.equal(vault.open('key_a', again), key);
  // Another row's id, another secret, or a flipped bit: nothing opens.
  assert.equal(vault.open('key_b', sealed), null);
  assert.equal(createKeyVault('another secret, also long enough').open('key_a', sealed), null);
  const damaged = Buffer.from(sealed);
  damaged[20]! ^= 1;
  assert.equal(vault.open('key_a', damaged), null);
  assert.equal(vault.open('key_a', Buffer.alloc(3)), null);
});

test('MAILSTREAM_SECRET wins; otherwise a secret is generated once into DATA_DIR and kept', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ms-vault-'));
  try {
    assert.equal(
      await resolveSecret({ secret: 'from the environment', dataDir: dir }),
      'from the environment',
    );
    const dataDir = path.join(dir, 'data');
    const first = await resolveSecret({ secret: undefined, dataDir });
    assert.match(first, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(await resolveSecret({ secret: undefined, dataDir }), first);
    assert.equal((await readFile(path.join(dataDir, 'secret'), 'utf8')).trim(), first);
    assert.equal((await stat(path.join(dataDir, 'secret'))).mode & 0o777, 0o600);
    // Two processes starting at once agree on one secret.
    const other = path.join(dir, 'other');
    const [a, b] = await Promise.all([
      resolveSecret({ secret: undefined, dataDir: other }),
      resolveSecret({ secret: undefined, dataDir: other }),
    ]);
    assert.equal(a, b);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

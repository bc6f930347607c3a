import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newId, newIds, randomBase62 } from '../../src/ids.ts';

test('ids are prefixed, 22 base62 characters, and never repeat', () => {
  const ids = [...newIds('letter', 20_000), ...Array.from({ length: 20_000 }, () => newId('letter'))];
  for (const id of ids) assert.match(id, /^letter_[0-9A-Za-z]{22}$/);
  assert.equal(new Set(ids).size, ids.length);
});

test('every base62 character is equally likely (rejection sampling keeps the pool unbiased)', () => {
  const counts = new Map<string, number>();
  const text = randomBase62(620_000);
  assert.equal(text.length, 620_000);
  for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
  assert.equal(counts.size, 62);
  // Expected 10,000 each; chi-square with 61 degrees of freedom stays far below 150 unless biased (taking
  // b % 62 without rejecting 248..255 would give eight characters 25% more often: chi-square ≈ 4,000).
  const chiSquare = [...counts.values()].reduce((sum, n) => sum + (n - 10_000) ** 2 / 10_000, 0);
  assert.ok(chiSquare < 150, `chi-square ${chiSquare.toFixed(1)}`);
});

test('a batch of ids shares its first 4 characters (index locality); 18 stay random per id', () => {
  const batch = newIds('event', 5000);
  const shared = batch[0]!.slice(0, 'event_'.length + 4);
  for (const id of batch) assert.ok(id.startsWith(shared), id);
  assert.equal(new Set(batch.map((id) => id.slice(shared.length))).size, batch.length);
  // Two batches draw their shared part apart (equal by chance once in 62^4 ≈ 15 million).
  assert.notEqual(newIds('event', 1)[0]!.slice(0, shared.length), shared);
});

// `npx mailstream imb encode TRACKING [ROUTING]`: the 65 bars of a barcode, or a non-zero exit with the reason.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readJsonFixture } from '../support/fixtures.ts';
import { runCli } from '../support/process.ts';

const vectors = readJsonFixture('imb.json') as {
  vectors: { tracking: string; routing: string; bars: string }[];
  invalid: { tracking: string; routing: string; why: string }[];
};

test('imb encode prints the bars of the shared vectors (with and without routing code)', async () => {
  const picked = [
    vectors.vectors.find((v) => v.routing === '')!,
    ...vectors.vectors.filter((v) => v.routing.length === 11).slice(0, 1),
    ...vectors.vectors.filter((v) => v.routing.length === 5).slice(0, 1),
  ];
  assert.ok(picked.length >= 2);
  const runs = await Promise.all(
    picked.map((v) => runCli(['imb', 'encode', v.tracking, ...(v.routing ? [v.routing] : [])], {})),
  );
  for (const [i, run] of runs.entries()) {
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, `${picked[i]!.bars}\n`);
    assert.match(run.stdout, /^[FADT]{65}\n$/);
  }
});

// The shared file lists 01534567094987654321 as a bad barcode identifier, but its identifier is 01 (second
// digit 1, valid); test/tracking/imb.test.ts documents the same. A real one (05…) takes its place here.
const mislabelled = (v: { tracking: string; why: string }) =>
  /second digit/.test(v.why) && v.tracking[1]! <= '4';
const invalid = [
  ...vectors.invalid.filter((v) => !mislabelled(v)),
  {
    tracking: '05234567094987654321',
    routing: '',
    why: 'second digit of the barcode identifier must be 0-4',
  },
];

test('imb encode refuses every invalid vector with a non-zero exit and the reason', async () => {
  assert.ok(
    vectors.invalid.some(mislabelled),
    'the mislabelled vector is still there (else drop this workaround)',
  );
  const runs = await Promise.all(
    invalid.map((v) => runCli(['imb', 'encode', v.tracking, ...(v.routing ? [v.routing] : [])], {})),
  );
  for (const [i, run] of runs.entries()) {
    const v = invalid[i]!;
    assert.notEqual(run.code, 0, `${v.tracking}/${v.routing} was accepted`);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^imb encode: .+/, v.why);
  }
  const usage = await runCli(['imb', 'encode'], {});
  assert.notEqual(usage.code, 0);
  assert.match(usage.stderr, /imb encode TRACKING \[ROUTING\]/);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type BenchRow, besideFloor } from '../../bench/context.ts';
import { fmt, resultTable, targetSummary } from '../../bench/report.ts';

const met: BenchRow = {
  group: 'Lists (issue 7)',
  name: '10M orders: GET /letters?status=…',
  value: 8.77,
  unit: 'ms (p99)',
  floor: 1.88,
  ratio: 8.77 / 1.88,
  target: 'p99 < 25 ms at 10M',
  met: true,
};
const missed: BenchRow = {
  group: 'Foundation (issue 2)',
  name: 'letters created per second',
  value: 1259.4,
  unit: 'letters/s',
  floor: 12879,
  ratio: 1259.4 / 12879,
  target: '≥ 0.5 of floor',
  met: false,
};
const unjudged: BenchRow = {
  group: 'Lists (issue 7)',
  name: 'generate 1,000,000 orders',
  value: 33.5,
  unit: 's',
};

test('the table says yes, **no** or nothing in the met column, beside the formatted figures', () => {
  const [header, rule, ...lines] = resultTable([met, missed, unjudged]);
  assert.equal(header?.split('|').length, rule?.split('|').length);
  const cells = (line: string) => line.split(' | ').map((cell) => cell.replace(/^\| |\s\|$/g, ''));
  assert.deepEqual(cells(lines[0]!).slice(2, 8), [
    '8.77',
    'ms (p99)',
    '1.88',
    '4.66',
    'p99 < 25 ms at 10M',
    'yes',
  ]);
  assert.deepEqual(cells(lines[1]!).slice(2, 8), [
    '1,259',
    'letters/s',
    '12,879',
    '0.10',
    '≥ 0.5 of floor',
    '**no**',
  ]);
  assert.deepEqual(cells(lines[2]!).slice(2, 8), ['33.5', 's', '', '', '', '']);
});

test('the summary counts the targets met and names each one missed, with its figure and target', () => {
  const summary = targetSummary([met, missed, unjudged]).join('\n');
  assert.match(summary, /1 of 2 targets met in this run\. Not met:/);
  assert.match(
    summary,
    /- Foundation \(issue 2\): letters created per second: 1,259 letters\/s, 0\.10 of its floor; target ≥ 0\.5 of floor\./,
  );
  assert.doesNotMatch(summary, /GET \/letters/);
});

test('with every target met the summary says so and lists nothing; without targets there is no section', () => {
  assert.deepEqual(targetSummary([met, unjudged]), ['## Targets', '', '1 of 1 targets met in this run.', '']);
  assert.deepEqual(targetSummary([unjudged]), []);
});

test('figures: grouped whole numbers from 100, one decimal from 10, two below, blank when missing', () => {
  assert.equal(fmt(12879.4), '12,879');
  assert.equal(fmt(33.46), '33.5');
  assert.equal(fmt(0.291), '0.29');
  assert.equal(fmt(undefined), '');
  assert.equal(fmt(Number.NaN), '');
});

test('a rate beside its floor: the target is worded from the same minimum it is judged by', () => {
  assert.deepEqual(besideFloor(3, 10, 0.3), { floor: 10, ratio: 0.3, target: '≥ 0.3 of floor', met: true });
  assert.equal(besideFloor(2.9, 10, 0.3).met, false);
  assert.deepEqual(besideFloor(1, 4), { floor: 4, ratio: 0.25 });
});

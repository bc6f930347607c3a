/** The text of BENCHMARKS.md's table and target verdicts, from the rows the benchmarks return. */
import type { BenchRow } from './context.ts';

/** A figure as the table shows it: whole and grouped from 100 up, else 1 or 2 decimals; blank if none. */
export function fmt(n: number | undefined): string {
  if (n === undefined || Number.isNaN(n)) return '';
  if (Math.abs(n) >= 100) return Math.round(n).toLocaleString('en-US');
  return n.toFixed(n >= 10 ? 1 : 2);
}

function metCell(row: BenchRow): string {
  if (row.met === undefined) return '';
  return row.met ? 'yes' : '**no**';
}

/** The verdict in words, so a missed target is stated plainly rather than left to be read off the table. */
export function targetSummary(rows: readonly BenchRow[]): string[] {
  const judged = rows.filter((r) => r.met !== undefined);
  if (judged.length === 0) return [];
  const missed = judged.filter((r) => !r.met);
  const describe = (r: BenchRow) =>
    `- ${r.group}: ${r.name}: ${fmt(r.value)} ${r.unit}` +
    `${r.ratio === undefined ? '' : `, ${r.ratio.toFixed(2)} of its floor`}; target ${r.target}.`;
  return [
    '## Targets',
    '',
    `${judged.length - missed.length} of ${judged.length} targets met in this run.` +
      (missed.length ? ' Not met:' : ''),
    '',
    ...(missed.length ? [...missed.map(describe), ''] : []),
  ];
}

/** The results table: one line per row, the figure beside its floor, the target and whether it is met. */
export function resultTable(rows: readonly BenchRow[]): string[] {
  return [
    '| group | benchmark | value | unit | floor | ratio | target | met | note |',
    '|---|---|---:|---|---:|---:|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.group} | ${r.name} | ${fmt(r.value)} | ${r.unit} | ${fmt(r.floor)} | ${r.ratio === undefined ? '' : r.ratio.toFixed(2)} | ${r.target ?? ''} | ${metCell(r)} | ${r.note ?? ''} |`,
    ),
  ];
}

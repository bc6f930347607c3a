/** What every benchmark gets from bench/run.ts, and what it gives back. */
export interface BenchContext {
  quick: boolean;
  /** A fresh, migrated database for this benchmark alone. */
  createDatabase(): Promise<string>;
  log(message: string): void;
}

export interface BenchRow {
  group: string;
  name: string;
  value: number;
  unit: string;
  /** The same work done the plainest way on the same database in the same run. */
  floor?: number;
  ratio?: number;
  target?: string;
  /** Whether the figure meets `target`: each benchmark judges its own, bench/run.ts reports it. */
  met?: boolean;
  note?: string;
}

/**
 * A rate beside its floor: the ratio, and with the minimum ratio, the target and whether it is
 * met — one number, so the target's text and its judgement cannot disagree.
 */
export function besideFloor(
  rate: number,
  floor: number,
  minRatio?: number,
): Pick<BenchRow, 'floor' | 'ratio' | 'target' | 'met'> {
  const ratio = rate / floor;
  if (minRatio === undefined) return { floor, ratio };
  return { floor, ratio, target: `≥ ${minRatio} of floor`, met: ratio >= minRatio };
}

/** The charts of BENCHMARKS.md (bench/charts.ts draws them). */
export type ChartId = 'pipeline' | 'lists-latency' | 'lists-queries' | 'throughput';

/** One figure at one scale, beside its floor at the same scale: a point (or bar) of a chart. */
export interface BenchPoint {
  chart: ChartId;
  series: string;
  /** The scale: orders per transition, stored orders, events, concurrency. */
  x: number;
  y: number;
  floor?: number;
  unit: string;
}

export interface BenchResult {
  rows: BenchRow[];
  points: BenchPoint[];
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

/** Runs `worker` in `concurrency` parallel loops until `durationMs` has passed; returns completions. */
export async function closedLoop(
  concurrency: number,
  durationMs: number,
  worker: (loop: number) => Promise<void>,
): Promise<{ count: number; seconds: number; latencies: number[] }> {
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, loop) => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        await worker(loop);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { count: latencies.length, seconds, latencies };
}

/**
 * Latencies of `subject` and of its `floor` at `concurrency`: each warmed up for `warmUpMs`, then measured
 * in alternating halves of `durationMs`, so a machine busy with other work slows both sides alike. Both
 * lists come sorted; `subjectSeconds` is the time the subject ran.
 */
export async function alternatingLatencies(
  concurrency: number,
  warmUpMs: number,
  durationMs: number,
  subject: () => Promise<void>,
  floor: () => Promise<void>,
): Promise<{ subject: number[]; floor: number[]; subjectSeconds: number }> {
  await closedLoop(concurrency, warmUpMs, subject);
  await closedLoop(concurrency, warmUpMs, floor);
  const measured = { subject: [] as number[], floor: [] as number[], subjectSeconds: 0 };
  for (let half = 0; half < 2; half++) {
    const a = await closedLoop(concurrency, durationMs / 2, subject);
    measured.subject.push(...a.latencies);
    measured.subjectSeconds += a.seconds;
    measured.floor.push(...(await closedLoop(concurrency, durationMs / 2, floor)).latencies);
  }
  measured.subject.sort((a, b) => a - b);
  measured.floor.sort((a, b) => a - b);
  return measured;
}

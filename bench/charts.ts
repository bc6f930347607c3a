/**
 * The charts of BENCHMARKS.md, drawn from the points the benchmarks return (bench/context.ts BenchPoint):
 * each figure against scale beside its floor, and the throughputs beside their floors.
 */
import type { BenchPoint, ChartId } from './context.ts';
import { barChart, type LineSeries, lineChart, shortNumber } from './svg-chart.ts';

export interface Chart {
  /** File name, without directory. */
  file: string;
  title: string;
  svg: string;
}

/** A series per name, and beside each series that has floors its floor series, dashed in its colour. */
function seriesWithFloors(points: BenchPoint[]): LineSeries[] {
  const names = [...new Set(points.map((p) => p.series))];
  return names.flatMap((name) => {
    const own = points.filter((p) => p.series === name);
    const series: LineSeries[] = [{ name, points: own.map((p) => ({ x: p.x, y: p.y })) }];
    const floors = own.filter((p) => p.floor !== undefined && Number.isFinite(p.floor));
    if (floors.length)
      series.push({
        name: `${name} — floor`,
        dashed: true,
        colorOf: name,
        points: floors.map((p) => ({ x: p.x, y: p.floor! })),
      });
    return series;
  });
}

const of = (points: BenchPoint[], chart: ChartId) => points.filter((p) => p.chart === chart);

export function drawCharts(points: BenchPoint[]): Chart[] {
  const charts: Chart[] = [];
  const pipeline = of(points, 'pipeline');
  if (pipeline.length) {
    const title = 'Pipeline transitions: orders moved per second against orders moved';
    charts.push({
      file: 'pipeline-throughput.svg',
      title,
      svg: lineChart({
        title,
        xLabel: 'orders moved by the transition',
        yLabel: 'orders/s',
        xScale: 'log',
        yScale: 'linear',
        series: seriesWithFloors(pipeline),
      }),
    });
  }
  const latency = of(points, 'lists-latency');
  if (latency.length) {
    const title = 'GET /letters?status=…: latency against stored orders';
    charts.push({
      file: 'lists-latency.svg',
      title,
      svg: lineChart({
        title,
        xLabel: 'stored orders',
        yLabel: 'ms',
        xScale: 'log',
        yScale: 'linear',
        series: seriesWithFloors(latency),
        references: [{ value: 25, label: 'target: p99 < 25 ms at 10M' }],
      }),
    });
  }
  const queries = of(points, 'lists-queries');
  if (queries.length) {
    const title = 'Lists and searches: p99 latency against stored orders';
    charts.push({
      file: 'lists-queries.svg',
      title,
      svg: lineChart({
        title,
        xLabel: 'stored orders',
        yLabel: 'p99 ms',
        xScale: 'log',
        yScale: 'log',
        series: seriesWithFloors(queries),
      }),
    });
  }
  const throughput = of(points, 'throughput').filter((p) => p.floor !== undefined);
  if (throughput.length) {
    const title = 'Throughput beside its floor (each pair drawn against its own floor)';
    const n = (x: number) => shortNumber(Math.round(x));
    charts.push({
      file: 'throughput.svg',
      title,
      svg: barChart({
        title,
        valueLabel: 'figure ÷ its floor (floor = 1)',
        series: ['mailstream', 'floor'],
        groups: throughput.map((p) => ({
          label: p.series,
          bars: [
            { value: p.y / p.floor!, text: `${n(p.y)} ${p.unit}` },
            { value: 1, text: `${n(p.floor!)} ${p.unit}` },
          ],
        })),
      }),
    });
  }
  return charts;
}

/**
 * Two small SVG charts for BENCHMARKS.md, with no dependencies: a line chart (figures against scale, linear
 * or log axes, floors drawn dashed in their figure's colour) and a horizontal bar chart (figures beside
 * their floors). The output is self-contained SVG 1.1 (no scripts, no external fonts or styles), so GitHub
 * and any browser show it as an image.
 */

export type Scale = 'linear' | 'log';

export interface LineSeries {
  name: string;
  points: { x: number; y: number }[];
  /** Dashed, e.g. a floor; it takes the colour of the series named in `colorOf`, else its own. */
  dashed?: boolean;
  /** Name of another series whose colour this one shares (a floor beside its figure). */
  colorOf?: string;
}

export interface Reference {
  value: number;
  label: string;
}

export interface LineChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  xScale: Scale;
  yScale: Scale;
  series: LineSeries[];
  /** Horizontal lines, e.g. a target. */
  references?: Reference[];
  width?: number;
}

export interface BarGroup {
  label: string;
  /** One bar per series, in the order of `BarChartSpec.series`; `text` is written at the bar's end. */
  bars: { value: number; text: string }[];
}

export interface BarChartSpec {
  title: string;
  valueLabel: string;
  /** Names of the bars in every group, for the legend. */
  series: string[];
  groups: BarGroup[];
  /** Vertical lines across all groups, e.g. a target ratio. */
  references?: Reference[];
  width?: number;
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2'];
const FONT = 'font-family="Helvetica, Arial, sans-serif"';
const CHAR_WIDTH = 6.2; // of 11 px Helvetica, near enough to lay out legends and labels

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** 1,234 → "1,234"; 2,000 → "2k"; 22,600 → "22.6k"; 1,500,000 → "1.5M"; 0.25 → "0.25". For ticks and labels. */
export function shortNumber(n: number): string {
  const abs = Math.abs(n);
  const trim = (x: number) => String(Number(x.toPrecision(3)));
  if (abs >= 1e9) return `${trim(n / 1e9)}G`;
  if (abs >= 1e6) return `${trim(n / 1e6)}M`;
  if (abs >= 1e4 || (abs >= 1e3 && n % 1000 === 0)) return `${trim(n / 1e3)}k`;
  if (abs >= 1) return Number(n.toPrecision(4)).toLocaleString('en-US');
  if (n === 0) return '0';
  return trim(n);
}

const r = (n: number) => Math.round(n * 10) / 10;

interface Axis {
  /** Data value → pixel. */
  at(value: number): number;
  ticks: number[];
}

function niceStep(span: number, count: number): number {
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const m = raw / power;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * power;
}

/**
 * An axis over `values` onto pixels [from, to]. Linear axes start at 0 (a figure's size against zero is the
 * honest picture); log axes span whole decades, or a decade around a single value.
 */
export function axis(values: number[], scale: Scale, from: number, to: number): Axis {
  const finite = values.filter((v) => Number.isFinite(v) && (scale === 'linear' || v > 0));
  if (scale === 'log') {
    const lo = finite.length ? Math.min(...finite) : 1;
    const hi = finite.length ? Math.max(...finite) : 10;
    let min = Math.floor(Math.log10(lo));
    let max = Math.ceil(Math.log10(hi));
    if (max === min) {
      min -= 0.5;
      max += 0.5;
    }
    const ticks: number[] = [];
    for (let p = Math.ceil(min); p <= Math.floor(max); p++) {
      for (const m of max - min <= 2 ? [1, 2, 5] : [1]) {
        const t = m * 10 ** p;
        if (Math.log10(t) >= min - 1e-9 && Math.log10(t) <= max + 1e-9) ticks.push(t);
      }
    }
    return { at: (v) => from + ((Math.log10(v) - min) / (max - min)) * (to - from), ticks };
  }
  const hi = Math.max(0, ...finite);
  const step = niceStep(hi || 1, 5);
  const max = Math.max(step, Math.ceil((hi * 1.05) / step) * step);
  const ticks: number[] = [];
  for (let t = 0; t <= max + step / 2; t += step) ticks.push(Number(t.toPrecision(12)));
  return { at: (v) => from + (v / max) * (to - from), ticks };
}

function text(x: number, y: number, content: string, attrs = '', size = 11): string {
  return `<text x="${r(x)}" y="${r(y)}" ${FONT} font-size="${size}"${attrs ? ` ${attrs}` : ''}>${escapeXml(content)}</text>`;
}

function frame(width: number, height: number, title: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    text(width / 2, 20, title, 'font-weight="bold" text-anchor="middle"', 14),
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

/** Legend rows under the plot: a swatch (line or box) and the name of each entry. */
function legend(
  entries: { name: string; color: string; dashed?: boolean; box?: boolean }[],
  left: number,
  top: number,
  width: number,
): { svg: string[]; height: number } {
  const svg: string[] = ['<g class="legend">'];
  let x = left;
  let y = top;
  for (const entry of entries) {
    const w = 28 + entry.name.length * CHAR_WIDTH + 16;
    if (x + w > left + width && x > left) {
      x = left;
      y += 18;
    }
    svg.push(
      entry.box
        ? `<rect x="${r(x)}" y="${r(y - 8)}" width="20" height="10" fill="${entry.color}"/>`
        : `<line x1="${r(x)}" y1="${r(y - 3)}" x2="${r(x + 20)}" y2="${r(y - 3)}" stroke="${entry.color}" stroke-width="2"${entry.dashed ? ' stroke-dasharray="5 3"' : ''}/>`,
      text(x + 26, y + 1, entry.name, 'class="legend-label"'),
    );
    x += w;
  }
  svg.push('</g>');
  return { svg, height: y - top + 18 };
}

/** Rows of the legend a set of names will take, so the SVG can be sized before it is drawn. */
function legendRows(names: string[], width: number): number {
  let rows = 1;
  let x = 0;
  for (const name of names) {
    const w = 28 + name.length * CHAR_WIDTH + 16;
    if (x + w > width && x > 0) {
      rows++;
      x = 0;
    }
    x += w;
  }
  return rows;
}

export function lineChart(spec: LineChartSpec): string {
  const width = spec.width ?? 720;
  const margin = { left: 72, right: 24, top: 36, bottom: 52 };
  const plotHeight = 300;
  const plotWidth = width - margin.left - margin.right;
  const legendHeight = legendRows(
    spec.series.map((s) => s.name),
    plotWidth,
  );
  const height = margin.top + plotHeight + margin.bottom + legendHeight * 18 + 8;
  const x0 = margin.left;
  const x1 = margin.left + plotWidth;
  const y0 = margin.top + plotHeight;
  const y1 = margin.top;
  const points = spec.series.flatMap((s) => s.points);
  const xs = axis(
    points.map((p) => p.x),
    spec.xScale,
    x0 + 16,
    x1 - 16,
  );
  const ys = axis(
    [...points.map((p) => p.y), ...(spec.references ?? []).map((ref) => ref.value)],
    spec.yScale,
    y0,
    y1,
  );
  const colors = new Map<string, string>();
  for (const s of spec.series) {
    if (!s.colorOf) colors.set(s.name, PALETTE[colors.size % PALETTE.length]!);
  }
  const colorOf = (s: LineSeries) =>
    colors.get(s.colorOf ?? s.name) ?? PALETTE[colors.size % PALETTE.length]!;

  const body: string[] = ['<g class="axes" stroke="#999999" stroke-width="1">'];
  body.push(
    `<line x1="${x0}" y1="${y0}" x2="${x1}" y2="${y0}"/>`,
    `<line x1="${x0}" y1="${y0}" x2="${x0}" y2="${y1}"/>`,
  );
  body.push('</g>', '<g class="grid" stroke="#e5e5e5" stroke-width="1">');
  for (const t of ys.ticks)
    body.push(`<line x1="${x0}" y1="${r(ys.at(t))}" x2="${x1}" y2="${r(ys.at(t))}"/>`);
  for (const t of xs.ticks)
    body.push(`<line x1="${r(xs.at(t))}" y1="${y0}" x2="${r(xs.at(t))}" y2="${y1}"/>`);
  body.push('</g>');
  for (const t of ys.ticks)
    body.push(text(x0 - 6, ys.at(t) + 4, shortNumber(t), 'text-anchor="end" class="tick"'));
  for (const t of xs.ticks)
    body.push(text(xs.at(t), y0 + 16, shortNumber(t), 'text-anchor="middle" class="tick"'));
  const scaleNote = (scale: Scale) => (scale === 'log' ? ' (log scale)' : '');
  body.push(
    text(
      (x0 + x1) / 2,
      y0 + 36,
      `${spec.xLabel}${scaleNote(spec.xScale)}`,
      'text-anchor="middle" class="axis-label"',
    ),
    text(
      16,
      (y0 + y1) / 2,
      `${spec.yLabel}${scaleNote(spec.yScale)}`,
      `text-anchor="middle" class="axis-label" transform="rotate(-90 16 ${r((y0 + y1) / 2)})"`,
    ),
  );
  for (const ref of spec.references ?? []) {
    const y = r(ys.at(ref.value));
    body.push(
      `<line class="reference" x1="${x0}" y1="${y}" x2="${x1}" y2="${y}" stroke="#555555" stroke-width="1" stroke-dasharray="2 3"/>`,
      text(x1 - 4, y - 4, ref.label, 'text-anchor="end" fill="#555555"'),
    );
  }
  for (const s of spec.series) {
    const color = colorOf(s);
    const drawn = s.points
      .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y) && (spec.yScale === 'linear' || p.y > 0))
      .sort((a, b) => a.x - b.x);
    body.push(`<g class="series" data-name="${escapeXml(s.name)}">`);
    if (drawn.length > 1) {
      const d = drawn.map((p, i) => `${i ? 'L' : 'M'}${r(xs.at(p.x))} ${r(ys.at(p.y))}`).join(' ');
      body.push(
        `<path d="${d}" fill="none" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 3"' : ''}/>`,
      );
    }
    for (const p of drawn) {
      body.push(
        `<circle class="point" cx="${r(xs.at(p.x))}" cy="${r(ys.at(p.y))}" r="3.5" fill="${s.dashed ? '#ffffff' : color}" stroke="${color}" stroke-width="1.5"><title>${escapeXml(`${s.name}: ${shortNumber(p.y)} at ${shortNumber(p.x)}`)}</title></circle>`,
      );
    }
    body.push('</g>');
  }
  body.push(
    ...legend(
      spec.series.map((s) => ({ name: s.name, color: colorOf(s), dashed: s.dashed })),
      x0,
      y0 + 58,
      plotWidth,
    ).svg,
  );
  return frame(width, height, spec.title, body);
}

export function barChart(spec: BarChartSpec): string {
  const width = spec.width ?? 720;
  const labelWidth = Math.min(260, 12 + Math.max(...spec.groups.map((g) => g.label.length), 8) * CHAR_WIDTH);
  const margin = { left: labelWidth, right: 150, top: 36, bottom: 52 };
  const barHeight = 14;
  const groupHeight = spec.series.length * (barHeight + 3) + 14;
  const plotHeight = spec.groups.length * groupHeight;
  const plotWidth = width - margin.left - margin.right;
  const legendHeight = legendRows(spec.series, plotWidth);
  const height = margin.top + plotHeight + margin.bottom + legendHeight * 18 + 8;
  const x0 = margin.left;
  const x1 = margin.left + plotWidth;
  const y0 = margin.top + plotHeight;
  const values = spec.groups.flatMap((g) => g.bars.map((b) => b.value));
  const xs = axis([...values, ...(spec.references ?? []).map((ref) => ref.value)], 'linear', x0, x1);
  const colors = spec.series.map((_, i) => (i === spec.series.length - 1 && i > 0 ? '#bbbbbb' : PALETTE[i]!));

  const body: string[] = ['<g class="grid" stroke="#e5e5e5" stroke-width="1">'];
  for (const t of xs.ticks)
    body.push(`<line x1="${r(xs.at(t))}" y1="${margin.top}" x2="${r(xs.at(t))}" y2="${y0}"/>`);
  body.push('</g>');
  for (const t of xs.ticks)
    body.push(text(xs.at(t), y0 + 16, shortNumber(t), 'text-anchor="middle" class="tick"'));
  body.push(
    `<line x1="${x0}" y1="${margin.top}" x2="${x0}" y2="${y0}" stroke="#999999" stroke-width="1"/>`,
    `<line x1="${x0}" y1="${y0}" x2="${x1}" y2="${y0}" stroke="#999999" stroke-width="1"/>`,
    text((x0 + x1) / 2, y0 + 36, spec.valueLabel, 'text-anchor="middle" class="axis-label"'),
  );
  for (const [g, group] of spec.groups.entries()) {
    const top = margin.top + g * groupHeight + 7;
    body.push(
      text(
        x0 - 8,
        top + (spec.series.length * (barHeight + 3)) / 2 + 2,
        group.label,
        'text-anchor="end" class="group-label"',
      ),
    );
    for (const [i, bar] of group.bars.entries()) {
      const y = top + i * (barHeight + 3);
      const w = Number.isFinite(bar.value) ? Math.max(0, xs.at(bar.value) - x0) : 0;
      body.push(
        `<rect class="bar" x="${x0}" y="${r(y)}" width="${r(w)}" height="${barHeight}" fill="${colors[i] ?? '#777777'}"><title>${escapeXml(`${group.label}, ${spec.series[i] ?? ''}: ${bar.text}`)}</title></rect>`,
        text(x0 + w + 4, y + barHeight - 3, bar.text, 'class="bar-label"'),
      );
    }
  }
  for (const ref of spec.references ?? []) {
    const x = r(xs.at(ref.value));
    body.push(
      `<line class="reference" x1="${x}" y1="${margin.top - 4}" x2="${x}" y2="${y0}" stroke="#555555" stroke-width="1" stroke-dasharray="2 3"/>`,
      text(x + 3, margin.top - 6, ref.label, 'fill="#555555"'),
    );
  }
  body.push(
    ...legend(
      spec.series.map((name, i) => ({ name, color: colors[i] ?? '#777777', box: true })),
      x0,
      y0 + 58,
      plotWidth,
    ).svg,
  );
  return frame(width, height, spec.title, body);
}

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { drawCharts } from '../../bench/charts.ts';
import type { BenchPoint } from '../../bench/context.ts';
import { axis, barChart, lineChart } from '../../bench/svg-chart.ts';

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string, where: number): string {
  return raw.replace(/&([^;]*);?/g, (whole, name: string) => {
    if (!whole.endsWith(';')) throw new Error(`bare & at ${where}`);
    if (name in entities) return entities[name]!;
    if (/^#\d+$/.test(name)) return String.fromCodePoint(Number(name.slice(1)));
    if (/^#x[0-9a-f]+$/i.test(name)) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    throw new Error(`unknown entity &${name}; at ${where}`);
  });
}

/**
 * A strict reader of the XML subset SVG files use (elements, attributes, text, comments, an XML
 * declaration): throws on anything not well-formed — unclosed or crossed tags, unquoted or repeated
 * attributes, raw `<` or `&` in text or values, text or a second element outside the root.
 */
function parseXml(source: string): XmlElement {
  let i = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const name = /[A-Za-z_:][\w:.-]*/y;
  const attribute = /\s+([A-Za-z_:][\w:.-]*)="([^"<]*)"/y;
  if (source.startsWith('<?xml')) i = source.indexOf('?>') + 2;
  while (i < source.length) {
    if (source.startsWith('<!--', i)) {
      const end = source.indexOf('-->', i);
      if (end < 0) throw new Error(`unclosed comment at ${i}`);
      i = end + 3;
    } else if (source.startsWith('</', i)) {
      name.lastIndex = i + 2;
      const match = name.exec(source);
      if (!match) throw new Error(`bad closing tag at ${i}`);
      const open = stack.pop();
      if (open?.name !== match[0]) throw new Error(`</${match[0]}> closes <${open?.name}> at ${i}`);
      i = name.lastIndex;
      while (/\s/.test(source[i] ?? '')) i++;
      if (source[i] !== '>') throw new Error(`bad closing tag at ${i}`);
      i++;
    } else if (source[i] === '<') {
      name.lastIndex = i + 1;
      const match = name.exec(source);
      if (!match) throw new Error(`bad tag at ${i}`);
      if (!stack.length && root) throw new Error(`second root element at ${i}`);
      const element: XmlElement = { name: match[0], attributes: {}, children: [], text: '' };
      i = name.lastIndex;
      for (;;) {
        attribute.lastIndex = i;
        const a = attribute.exec(source);
        if (!a) break;
        if (a[1]! in element.attributes) throw new Error(`repeated attribute ${a[1]} at ${i}`);
        element.attributes[a[1]!] = decode(a[2]!, i);
        i = attribute.lastIndex;
      }
      while (/\s/.test(source[i] ?? '')) i++;
      const parent = stack.at(-1);
      if (parent) parent.children.push(element);
      else root = element;
      if (source.startsWith('/>', i)) i += 2;
      else if (source[i] === '>') {
        stack.push(element);
        i++;
      } else throw new Error(`bad attribute or tag end at ${i}: ${source.slice(i, i + 20)}`);
    } else {
      const end = source.indexOf('<', i) < 0 ? source.length : source.indexOf('<', i);
      const raw = source.slice(i, end);
      if (raw.includes('>')) throw new Error(`raw > in text at ${i}`);
      const parent = stack.at(-1);
      if (parent) parent.text += decode(raw, i);
      else if (raw.trim()) throw new Error(`text outside the root at ${i}`);
      i = end;
    }
  }
  if (stack.length) throw new Error(`<${stack.at(-1)!.name}> is never closed`);
  if (!root) throw new Error('no root element');
  return root;
}

function all(element: XmlElement, predicate: (e: XmlElement) => boolean): XmlElement[] {
  return [...(predicate(element) ? [element] : []), ...element.children.flatMap((c) => all(c, predicate))];
}

const texts = (svg: XmlElement) => all(svg, (e) => e.name === 'text').map((e) => e.text);
const byClass = (svg: XmlElement, name: string, cls: string) =>
  all(svg, (e) => e.name === name && e.attributes.class === cls);

test('the XML reader refuses what is not well-formed (so the checks below can fail)', () => {
  for (const bad of [
    '<svg><g></svg>',
    '<svg><g></g>',
    '<svg a="1" a="2"/>',
    '<svg a=1/>',
    '<svg><text>a < b</text></svg>',
    '<svg><text>R&D</text></svg>',
    '<svg/><svg/>',
    'x<svg/>',
  ]) {
    assert.throws(() => parseXml(bad), Error, bad);
  }
  assert.equal(parseXml('<svg a="&lt;&amp;"><t>x &gt; y</t></svg>').children[0]!.text, 'x > y');
});

test('line chart: well-formed SVG with every point, both axis labels, the legend and log ticks', () => {
  const svgText = lineChart({
    title: 'Pipeline <transitions> & "floors"',
    xLabel: 'orders moved',
    yLabel: 'orders/s',
    xScale: 'log',
    yScale: 'linear',
    series: [
      {
        name: 'ready → printing',
        points: [
          { x: 100_000, y: 9000 },
          { x: 1_000_000, y: 8000 },
        ],
      },
      {
        name: 'ready → printing — floor',
        dashed: true,
        colorOf: 'ready → printing',
        points: [
          { x: 100_000, y: 30_000 },
          { x: 1_000_000, y: 28_000 },
        ],
      },
      {
        name: 'claims',
        points: [
          { x: 100_000, y: 12_000 },
          { x: 1_000_000, y: Number.NaN },
        ],
      },
    ],
    references: [{ value: 25_000, label: 'a target' }],
  });
  const svg = parseXml(svgText);
  assert.equal(svg.name, 'svg');
  assert.equal(svg.attributes.xmlns, 'http://www.w3.org/2000/svg');
  const width = Number(svg.attributes.width);
  const height = Number(svg.attributes.height);
  assert.ok(width > 0 && height > 0);
  assert.equal(svg.children.find((c) => c.name === 'title')?.text, 'Pipeline <transitions> & "floors"');

  const points = byClass(svg, 'circle', 'point');
  assert.equal(points.length, 5, 'every finite point, and no NaN one');
  assert.ok(!svgText.includes('NaN'));
  for (const p of points) {
    const [cx, cy] = [Number(p.attributes.cx), Number(p.attributes.cy)];
    assert.ok(cx > 0 && cx < width && cy > 0 && cy < height, `point ${cx},${cy} inside the picture`);
  }
  // On a log x axis 1M is right of 100k, and the larger y (9,000 at 100k) is drawn higher (smaller cy).
  const [at100k, at1M] = all(
    svg,
    (e) => e.name === 'g' && e.attributes['data-name'] === 'ready → printing',
  )[0]!
    .children.filter((c) => c.name === 'circle')
    .map((c) => ({ x: Number(c.attributes.cx), y: Number(c.attributes.cy) }));
  assert.ok(at100k!.x < at1M!.x && at100k!.y < at1M!.y);
  // Two series with two points get a line each; the one with a single finite point gets none.
  assert.equal(all(svg, (e) => e.name === 'path').length, 2);
  const dashed = all(svg, (e) => e.name === 'path' && e.attributes['stroke-dasharray'] !== undefined);
  assert.equal(dashed.length, 1, 'the floor is dashed');
  const solid = all(svg, (e) => e.name === 'path' && e.attributes['stroke-dasharray'] === undefined);
  assert.equal(
    dashed[0]!.attributes.stroke,
    solid[0]!.attributes.stroke,
    'the floor has its figure’s colour',
  );

  const words = texts(svg);
  assert.ok(words.includes('orders moved (log scale)'));
  assert.ok(words.includes('orders/s'));
  assert.ok(words.includes('a target'));
  for (const tick of ['100k', '200k', '500k', '1M']) assert.ok(words.includes(tick), `tick ${tick}`);
  assert.deepEqual(
    byClass(svg, 'text', 'legend-label').map((e) => e.text),
    ['ready → printing', 'ready → printing — floor', 'claims'],
  );
});

test('axes: linear from 0 with round ticks above the largest value; log over a single value', () => {
  const linear = axis([3, 42, 17], 'linear', 0, 100);
  assert.equal(linear.ticks[0], 0);
  assert.ok(linear.ticks.at(-1)! >= 42);
  assert.equal(linear.at(0), 0);
  assert.ok(linear.at(42) <= 100);
  const log = axis([1_000_000], 'log', 0, 100);
  assert.ok(log.at(1_000_000) > 0 && log.at(1_000_000) < 100, 'a lone point is not on the edge');
});

test('bar chart: one bar per figure and floor, with their texts, lengths in proportion', () => {
  const svg = parseXml(
    barChart({
      title: 'Throughput',
      valueLabel: 'figure ÷ its floor',
      series: ['mailstream', 'floor'],
      groups: [
        {
          label: 'letters created',
          bars: [
            { value: 0.5, text: '103 letters/s' },
            { value: 1, text: '206 letters/s' },
          ],
        },
        {
          label: 'webhook deliveries',
          bars: [
            { value: 0.8, text: '800 deliveries/s' },
            { value: 1, text: '1k deliveries/s' },
          ],
        },
        {
          label: 'USPS scans',
          bars: [
            { value: 0.25, text: '10k scans/s' },
            { value: 1, text: '40k scans/s' },
          ],
        },
      ],
    }),
  );
  const bars = byClass(svg, 'rect', 'bar');
  assert.equal(bars.length, 6);
  const widths = bars.map((b) => Number(b.attributes.width));
  assert.ok(Math.abs(widths[0]! / widths[1]! - 0.5) < 0.01, `${widths[0]} is half of ${widths[1]}`);
  assert.ok(Math.abs(widths[4]! / widths[5]! - 0.25) < 0.01);
  assert.notEqual(bars[0]!.attributes.fill, bars[1]!.attributes.fill, 'figure and floor differ in colour');
  const words = texts(svg);
  for (const label of [
    'letters created',
    'webhook deliveries',
    'USPS scans',
    'figure ÷ its floor',
    '40k scans/s',
  ])
    assert.ok(words.includes(label), label);
  assert.deepEqual(
    byClass(svg, 'text', 'legend-label').map((e) => e.text),
    ['mailstream', 'floor'],
  );
});

test('drawCharts: the charts of BENCHMARKS.md from the points the benchmarks return', () => {
  const points: BenchPoint[] = [
    { chart: 'pipeline', series: 'ready → printing', x: 100_000, y: 9000, floor: 30_000, unit: 'orders/s' },
    { chart: 'pipeline', series: 'ready → printing', x: 1_000_000, y: 8000, floor: 28_000, unit: 'orders/s' },
    { chart: 'pipeline', series: 'claims', x: 100_000, y: 12_000, unit: 'orders/s' },
    { chart: 'pipeline', series: 'claims', x: 1_000_000, y: 11_000, unit: 'orders/s' },
    { chart: 'lists-latency', series: 'p99', x: 1e6, y: 9, floor: 4, unit: 'ms' },
    { chart: 'lists-latency', series: 'p99', x: 1e7, y: 12, floor: 5, unit: 'ms' },
    { chart: 'throughput', series: 'letters created, HTTP', x: 32, y: 100, floor: 3000, unit: 'letters/s' },
    { chart: 'throughput', series: 'webhook deliveries', x: 3000, y: 900, floor: 1500, unit: 'deliveries/s' },
  ];
  const charts = drawCharts(points);
  assert.deepEqual(
    charts.map((c) => c.file),
    ['pipeline-throughput.svg', 'lists-latency.svg', 'throughput.svg'],
  );
  const pipeline = parseXml(charts[0]!.svg);
  assert.equal(byClass(pipeline, 'circle', 'point').length, 6, 'four figures and two floors');
  assert.ok(texts(pipeline).includes('ready → printing — floor'));
  assert.ok(!texts(pipeline).includes('claims — floor'), 'no floor series without floors');
  const latency = parseXml(charts[1]!.svg);
  assert.equal(byClass(latency, 'line', 'reference').length, 1, 'the 25 ms target');
  const throughput = parseXml(charts[2]!.svg);
  assert.equal(byClass(throughput, 'rect', 'bar').length, 4);
  assert.ok(texts(throughput).includes('3k letters/s'));
});

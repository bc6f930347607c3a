// docs/grafana-mailstream.json parses as a Grafana dashboard, and every series its queries name is one a
// mailstream process exposes (render queue included, once registered as the renderer will).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { registerRenderQueueMetrics } from '../../src/metrics/process-metrics.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { scrape } from './scrape.ts';

const file = path.resolve(import.meta.dirname, '../../docs/grafana-mailstream.json');
let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => {
  await t.close();
});

interface Panel {
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  targets?: { expr: string }[];
}

test('the Grafana dashboard parses and names only series that exist', async () => {
  const dashboard = JSON.parse(await readFile(file, 'utf8')) as {
    title: string;
    uid: string;
    panels: Panel[];
  };
  assert.equal(dashboard.title, 'mailstream');
  const panels = dashboard.panels.filter((p) => p.type !== 'row');
  assert.ok(panels.length >= 15);
  // No two panels overlap on the grid.
  const cells = new Set<string>();
  for (const p of dashboard.panels)
    for (let dx = 0; dx < p.gridPos.w; dx++)
      for (let dy = 0; dy < p.gridPos.h; dy++) {
        const cell = `${p.gridPos.x + dx},${p.gridPos.y + dy}`;
        assert.ok(!cells.has(cell), `${p.title} overlaps another panel`);
        cells.add(cell);
      }

  registerRenderQueueMetrics(async () => ({ depth: 0, oldestAgeSeconds: null }));
  const exposed = (await scrape(`${t.baseUrl}/metrics`)).declared;
  const named = new Set<string>();
  for (const panel of panels) {
    assert.ok(panel.targets?.length, `${panel.title} has queries`);
    for (const { expr } of panel.targets!) {
      const names = expr.match(/\b(mailstream|process|nodejs)_[a-z0-9_]+/g) ?? [];
      assert.ok(names.length > 0, `${panel.title}: ${expr} names a series`);
      for (const name of names) named.add(name);
    }
  }
  for (const name of named) {
    // A histogram is declared once; queries read its _bucket, _sum and _count.
    const base = name.replace(/_(bucket|sum|count)$/, '');
    assert.ok(exposed.has(name) || exposed.has(base), `${name} is exposed by /metrics`);
  }
  // And every mailstream series is on the dashboard.
  for (const name of exposed) {
    if (name.startsWith('mailstream_'))
      assert.ok(
        [...named].some((n) => n === name || n.startsWith(`${name}_`)),
        `${name} has a panel`,
      );
  }
});

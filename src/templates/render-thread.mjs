// Entry of a render pool thread (src/templates/render-pool.ts). The project runs its TypeScript through
// tsx without a build step; a worker thread does not inherit the hooks `bin/mailstream.js` registers, so
// this plain module loads the real entry with tsx's scoped import, the same way under `npm start`, the
// tests and the benchmarks.
import { tsImport } from 'tsx/esm/api';

const entry = tsImport('./render-worker.ts', import.meta.url);

/** @param {import('./render-worker.ts').RenderTask} task */
export default async function render(task) {
  const { default: run } = await entry;
  return run(task);
}

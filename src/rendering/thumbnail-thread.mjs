// Entry of a thumbnail pool thread (src/rendering/thumbnails.ts). A worker thread does not inherit the tsx
// hooks of the process, so this plain module loads the TypeScript entry with tsx's scoped import, as
// src/templates/render-thread.mjs does.
import { tsImport } from 'tsx/esm/api';

const entry = tsImport('./thumbnail-worker.ts', import.meta.url);

/** @param {import('./thumbnail-worker.ts').ThumbnailTask} task */
export default async function thumbnails(task) {
  const { default: run } = await entry;
  return run(task);
}

// What a render process (src/rendering/render-process.ts) and its parent (src/rendering/html-renderer.ts)
// say to each other over IPC (advanced serialization, so PDFs cross as bytes, not JSON).
import type { PdfPageRequest } from './page-pool.ts';
import type { RenderErrorReason } from './render-error.ts';

export interface RenderProcessSettings {
  executablePath: string;
  pages: number;
  timeoutMs: number;
  /** How often the process reports its memory. */
  memoryIntervalMs: number;
}

export type ToRenderProcess = { type: 'render'; id: number; request: PdfPageRequest } | { type: 'close' };

export type FromRenderProcess =
  | { type: 'ready'; browserVersion: string }
  | { type: 'start_failed'; message: string }
  | { type: 'rendered'; id: number; pdf: Uint8Array }
  | { type: 'failed'; id: number; reason: RenderErrorReason; message: string }
  | { type: 'memory'; memoryMb: number };

/** Exit codes the parent can tell apart. */
export const EXIT_START_FAILED = 2;
export const EXIT_BROWSER_GONE = 3;

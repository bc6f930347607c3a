import { duration, type Env, integer } from './config.ts';

/** The render queue of worker processes (src/rendering/render-queue.ts). */
export interface RenderQueueConfig {
  /** Orders one worker process renders at once. */
  concurrency: number;
  /** How long a worker holds an order it took; a worker killed mid-render loses it after this. */
  leaseMs: number;
  /** Attempts of an order whose render failed for a passing reason (a browser crash) before it fails. */
  maxAttempts: number;
}

export function loadRenderQueueConfig(env: Env): RenderQueueConfig {
  return {
    concurrency: integer(env, 'RENDER_QUEUE_CONCURRENCY', 4, 1, 256),
    leaseMs: duration(env, 'RENDER_LEASE', '2m', 500, 3_600_000),
    maxAttempts: integer(env, 'RENDER_MAX_ATTEMPTS', 3, 1, 20),
  };
}

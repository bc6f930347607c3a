import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, duration, type Env, integer } from './config.ts';

/**
 * How HTML becomes PDF (src/rendering): which Chromium, and the render processes that own it. Each render
 * process runs one browser with a pool of pages; the API never renders on its own event loop.
 */
export interface PdfRenderingConfig {
  /** CHROMIUM_PATH: a browser executable; unset means Debian's `chromium` on PATH, else @sparticuz/chromium. */
  chromiumPath: string | undefined;
  /** Render processes per worker process (each with its own browser). */
  processes: number;
  /** Pages of one browser rendering at once. */
  pagesPerProcess: number;
  /** Wall time one render may take (load and print) before it fails with RenderError `timeout`. */
  timeoutMs: number;
  /** A render process whose browser and node RSS together pass this (MB) is replaced once idle. */
  maxRssMb: number;
}

function executable(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  if (!path.isAbsolute(raw)) throw new ConfigError(name, `must be an absolute path, got "${raw}"`);
  try {
    if (!statSync(raw).isFile()) throw new Error('not a file');
    accessSync(raw, constants.X_OK);
  } catch {
    throw new ConfigError(name, `must name an executable file, and "${raw}" is not one`);
  }
  return raw;
}

export function loadPdfRenderingConfig(env: Env): PdfRenderingConfig {
  return {
    chromiumPath: executable(env, 'CHROMIUM_PATH'),
    processes: integer(env, 'RENDER_PROCESSES', 1, 1, 32),
    pagesPerProcess: integer(env, 'RENDER_PAGES_PER_PROCESS', 4, 1, 64),
    timeoutMs: duration(env, 'RENDER_TIMEOUT', '30s', 10, 600_000),
    maxRssMb: integer(env, 'RENDER_MAX_RSS_MB', 1536, 64, 65_536),
  };
}

/**
 * HTML → print-ready PDF, off the caller's event loop.
 *
 * ```ts
 * const renderer = await startHtmlRenderer({ processes: 2, pagesPerProcess: 4 });
 * const pdf: Buffer = await renderer.render({ html, width: 612, height: 792 }); // us_letter
 * renderer.stats(); // processes, their memory, renders done, queued, retried, restarts
 * await renderer.close();
 * ```
 *
 * - `html` is already merged (templates and merge variables are rendered before, src/templates).
 * - `width` × `height` is the PDF page size in points, bleed included: a 6x4 postcard is asked for at
 *   6.25 × 4.25 in (450 × 306 pt); sizes come from src/documents/geometry.ts. Every page of the PDF has
 *   exactly that size, whatever CSS `@page` the HTML sets; margins are 0 and backgrounds print.
 * - The HTML is rendered with JavaScript off, and every request it makes (images, CSS, fonts, frames) is
 *   refused before it leaves the browser; only `data:` URLs load. Customer HTML cannot reach the network.
 * - Renders run in render processes (child processes, `RENDER_PROCESSES`), each owning one Chromium with
 *   `RENDER_PAGES_PER_PROCESS` pages; requests beyond that wait in a queue, in order.
 * - A render fails with `RenderError` and a `reason` (src/rendering/render-error.ts): `timeout` past
 *   `RENDER_TIMEOUT`; `crashed` when the browser or its process died during the render twice (a render
 *   caught by a crash is retried once, on a new process); `unavailable` when no browser starts;
 *   `invalid_request`, `closed`, `failed`.
 * - A process whose memory passes `RENDER_MAX_RSS_MB` is replaced once its renders finish; a process that
 *   dies is replaced at once.
 * - Chromium: src/rendering/chromium.ts (CHROMIUM_PATH, `chromium` on PATH, else @sparticuz/chromium).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { PdfRenderingConfig } from '../config/pdf-rendering.ts';
import type { Logger } from '../logger.ts';
import { type ResolvedChromium, resolveChromium } from './chromium.ts';
import { checkRequest } from './page-pool.ts';
import { isRenderErrorReason, RenderError } from './render-error.ts';
import {
  EXIT_START_FAILED,
  type FromRenderProcess,
  type RenderProcessSettings,
  type ToRenderProcess,
} from './render-protocol.ts';

export { RenderError, type RenderErrorReason } from './render-error.ts';

/** One document to render: merged HTML and its page size in PDF points, bleed included. */
export interface HtmlRenderRequest {
  html: string;
  width: number;
  height: number;
}

export interface HtmlRendererOptions {
  /** Render processes, each with one browser (RENDER_PROCESSES). Default 1. */
  processes?: number;
  /** Pages rendering at once in each process (RENDER_PAGES_PER_PROCESS). Default 4. */
  pagesPerProcess?: number;
  /** Wall time of one render, load and print (RENDER_TIMEOUT). Default 30 s. */
  timeoutMs?: number;
  /** Memory cap of one process and its browser, in MB (RENDER_MAX_RSS_MB). Default 1536 (Debian's Chromium with 4 pages peaks near 950). */
  maxRssMb?: number;
  /** CHROMIUM_PATH; unset: `chromium` on `searchPath`, else @sparticuz/chromium. */
  chromiumPath?: string | undefined;
  /** Where to look for `chromium` (default: PATH). */
  searchPath?: string;
  /** How often each process reports its memory. Default 2 s. */
  memoryIntervalMs?: number;
  logger?: Logger;
}

export interface RenderProcessStats {
  pid: number | undefined;
  ready: boolean;
  /** Being replaced (its memory passed the cap): takes no new renders. */
  draining: boolean;
  inFlight: number;
  rendered: number;
  /** Memory of the process and its browser's processes at its last report, MB (src/rendering/process-memory.ts). */
  memoryMb: number;
}

export interface HtmlRendererStats {
  chromium: ResolvedChromium;
  processes: RenderProcessStats[];
  queued: number;
  rendered: number;
  failed: number;
  /** Renders caught by a crash and given their second attempt. */
  retried: number;
  /** Processes started to replace one that died or grew too large. */
  restarts: number;
}

export interface HtmlRenderer {
  render(request: HtmlRenderRequest): Promise<Buffer>;
  close(): Promise<void>;
  stats(): HtmlRendererStats;
}

/** The renderer's options from validated configuration (src/config/pdf-rendering.ts). */
export function htmlRendererOptions(config: PdfRenderingConfig, logger?: Logger): HtmlRendererOptions {
  return {
    processes: config.processes,
    pagesPerProcess: config.pagesPerProcess,
    timeoutMs: config.timeoutMs,
    maxRssMb: config.maxRssMb,
    chromiumPath: config.chromiumPath,
    ...(logger ? { logger } : {}),
  };
}

const ENTRY = fileURLToPath(new URL('./render-process.mjs', import.meta.url));
/** A render is retried once when a crash caught it. */
const MAX_ATTEMPTS = 2;
/** Past its own timeout, a process that has not answered gets this long before it is killed. */
const UNRESPONSIVE_GRACE_MS = 10_000;
/** A process asked to close that has not exited after this is killed. */
const CLOSE_GRACE_MS = 5_000;
/** After this many processes in a row die before they are ready, queued renders fail `unavailable`. */
const START_FAILURES_BEFORE_GIVING_UP = 3;

interface Job {
  id: number;
  request: HtmlRenderRequest;
  attempts: number;
  settled: boolean;
  timer?: NodeJS.Timeout;
  resolve(pdf: Buffer): void;
  reject(error: RenderError): void;
}

interface RenderProcess {
  child: ChildProcess;
  ready: boolean;
  draining: boolean;
  /** A replacement was started for it already (when it began draining). */
  replaced: boolean;
  inFlight: Map<number, Job>;
  rendered: number;
  memoryMb: number;
  startError?: string;
  exited: Promise<void>;
}

export async function startHtmlRenderer(options: HtmlRendererOptions = {}): Promise<HtmlRenderer> {
  const processCount = options.processes ?? 1;
  const pages = options.pagesPerProcess ?? 4;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxRssMb = options.maxRssMb ?? 1536;
  const logger = options.logger;
  // Resolved (and the packaged Chromium unpacked) once here, so processes never race to unpack it.
  const chromium = await resolveChromium({
    chromiumPath: options.chromiumPath,
    searchPath: options.searchPath,
  });
  const settings: RenderProcessSettings = {
    executablePath: chromium.executablePath,
    pages,
    timeoutMs,
    memoryIntervalMs: options.memoryIntervalMs ?? 2000,
  };

  const processes = new Set<RenderProcess>();
  const queue: Job[] = [];
  let nextId = 1;
  let closed = false;
  let startFailures = 0;
  let lastStartError = '';
  let restartTimer: NodeJS.Timeout | undefined;
  const counts = { rendered: 0, failed: 0, retried: 0, restarts: 0 };

  const settle = (job: Job, outcome: { pdf: Buffer } | { error: RenderError }) => {
    if (job.settled) return;
    job.settled = true;
    clearTimeout(job.timer);
    if ('pdf' in outcome) {
      counts.rendered++;
      job.resolve(outcome.pdf);
    } else {
      counts.failed++;
      job.reject(outcome.error);
    }
  };

  /** A render a crash caught goes back to the front of the queue once; the second crash fails it. */
  const crashed = (job: Job, message: string) => {
    if (job.settled) return;
    clearTimeout(job.timer);
    if (!closed && job.attempts < MAX_ATTEMPTS) {
      counts.retried++;
      queue.unshift(job);
    } else {
      settle(job, { error: new RenderError(closed ? 'closed' : 'crashed', message) });
    }
  };

  const stopProcess = (proc: RenderProcess) => {
    if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
    if (proc.child.connected) proc.child.send({ type: 'close' } satisfies ToRenderProcess);
    else proc.child.kill('SIGKILL');
    setTimeout(() => proc.child.kill('SIGKILL'), CLOSE_GRACE_MS).unref();
  };

  const finished = (proc: RenderProcess, job: Job) => {
    proc.inFlight.delete(job.id);
    if (proc.draining && proc.inFlight.size === 0) stopProcess(proc);
  };

  const onMessage = (proc: RenderProcess, message: FromRenderProcess) => {
    switch (message.type) {
      case 'ready':
        proc.ready = true;
        startFailures = 0;
        break;
      case 'start_failed':
        proc.startError = message.message;
        break;
      case 'rendered': {
        const job = proc.inFlight.get(message.id);
        if (!job) break;
        proc.rendered++;
        finished(proc, job);
        const pdf = message.pdf;
        settle(job, { pdf: Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength) });
        break;
      }
      case 'failed': {
        const job = proc.inFlight.get(message.id);
        if (!job) break;
        finished(proc, job);
        const reason = isRenderErrorReason(message.reason) ? message.reason : 'failed';
        if (reason === 'crashed') crashed(job, message.message);
        else settle(job, { error: new RenderError(reason, message.message) });
        break;
      }
      case 'memory':
        proc.memoryMb = message.memoryMb;
        // Only growth from rendering counts: a browser over the cap before its first render would be
        // replaced forever (the cap is set too low), so it keeps serving and the log says why.
        if (message.memoryMb > maxRssMb && proc.rendered > 0 && !proc.draining && !closed) {
          logger?.warn(
            { pid: proc.child.pid, memoryMb: Math.round(message.memoryMb), maxRssMb },
            'render process over its memory cap; replacing it',
          );
          proc.draining = true;
          proc.replaced = true;
          counts.restarts++;
          startProcess();
          if (proc.inFlight.size === 0) stopProcess(proc);
        }
        break;
    }
    pump();
  };

  const onExit = (proc: RenderProcess, code: number | null, signal: NodeJS.Signals | null) => {
    processes.delete(proc);
    const wasReady = proc.ready;
    const why = signal ? `signal ${signal}` : `exit code ${code}`;
    for (const job of proc.inFlight.values()) {
      crashed(job, `the render process ended during the render (${why})`);
    }
    proc.inFlight.clear();
    if (!closed && !proc.replaced) {
      if (!wasReady) {
        startFailures++;
        lastStartError = proc.startError ?? `the render process ended before its browser started (${why})`;
        logger?.error({ err: lastStartError, attempt: startFailures }, 'render process could not start');
        if (startFailures >= START_FAILURES_BEFORE_GIVING_UP) {
          for (const job of queue.splice(0)) {
            settle(job, {
              error: new RenderError('unavailable', `no browser could be started: ${lastStartError}`),
            });
          }
        }
      } else {
        logger?.warn({ pid: proc.child.pid, reason: why }, 'render process ended; starting a new one');
      }
      counts.restarts++;
      const delay = wasReady ? 0 : Math.min(250 * 2 ** (startFailures - 1), 10_000);
      restartTimer = setTimeout(() => {
        if (!closed) startProcess();
      }, delay);
      restartTimer.unref();
    }
    pump();
  };

  const startProcess = (): RenderProcess => {
    const child = fork(ENTRY, [JSON.stringify(settings)], {
      // Not the parent's flags (node --test, inspectors): the entry loads tsx itself.
      execArgv: [],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    let resolveExited: () => void;
    const proc: RenderProcess = {
      child,
      ready: false,
      draining: false,
      replaced: false,
      inFlight: new Map(),
      rendered: 0,
      memoryMb: 0,
      exited: new Promise((resolve) => {
        resolveExited = resolve;
      }),
    };
    processes.add(proc);
    let ended = false;
    const end = (code: number | null, signal: NodeJS.Signals | null) => {
      if (ended) return;
      ended = true;
      onExit(proc, code, signal);
      resolveExited();
    };
    child.on('message', (message: FromRenderProcess) => onMessage(proc, message));
    child.on('exit', end);
    child.on('error', (error) => {
      proc.startError ??= error.message;
      if (child.exitCode === null && child.pid === undefined) end(EXIT_START_FAILED, null);
    });
    return proc;
  };

  const pump = () => {
    while (queue.length > 0) {
      let target: RenderProcess | undefined;
      for (const proc of processes) {
        if (!proc.ready || proc.draining || !proc.child.connected || proc.inFlight.size >= pages) continue;
        if (!target || proc.inFlight.size < target.inFlight.size) target = proc;
      }
      if (!target) return;
      const job = queue.shift()!;
      if (job.settled) continue;
      job.attempts++;
      target.inFlight.set(job.id, job);
      const proc = target;
      // The process enforces the timeout itself; this catches a process that stopped answering.
      job.timer = setTimeout(() => {
        settle(job, { error: new RenderError('timeout', `rendering took longer than ${timeoutMs} ms`) });
        proc.inFlight.delete(job.id);
        proc.child.kill('SIGKILL');
      }, timeoutMs + UNRESPONSIVE_GRACE_MS);
      proc.child.send({ type: 'render', id: job.id, request: job.request } satisfies ToRenderProcess);
    }
  };

  for (let i = 0; i < processCount; i++) startProcess();

  return {
    render(request) {
      if (closed) return Promise.reject(new RenderError('closed', 'the HTML renderer is closed'));
      try {
        checkRequest(request);
      } catch (error) {
        return Promise.reject(error);
      }
      if (startFailures >= START_FAILURES_BEFORE_GIVING_UP) {
        return Promise.reject(
          new RenderError('unavailable', `no browser could be started: ${lastStartError}`),
        );
      }
      return new Promise<Buffer>((resolve, reject) => {
        // Only what the process needs crosses to it (a caller's object may carry more).
        const job: Job = {
          id: nextId++,
          request: { html: request.html, width: request.width, height: request.height },
          attempts: 0,
          settled: false,
          resolve,
          reject,
        };
        queue.push(job);
        pump();
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      clearTimeout(restartTimer);
      for (const job of queue.splice(0)) {
        settle(job, { error: new RenderError('closed', 'the HTML renderer was closed') });
      }
      const all = [...processes];
      for (const proc of all) stopProcess(proc);
      await Promise.all(all.map((proc) => proc.exited));
    },
    stats() {
      return {
        chromium,
        processes: [...processes].map((proc) => ({
          pid: proc.child.pid,
          ready: proc.ready,
          draining: proc.draining,
          inFlight: proc.inFlight.size,
          rendered: proc.rendered,
          memoryMb: proc.memoryMb,
        })),
        queued: queue.length,
        ...counts,
      };
    },
  };
}

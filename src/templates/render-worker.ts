// One render on a worker thread of the render pool (src/templates/render-pool.ts); loaded through
// render-thread.mjs, which makes the thread read TypeScript. Announces each task as it starts, so the pool
// counts the CPU time of this thread from then on (not the time the task waited in the queue), then
// compiles and renders with the output metered. The answer is plain data: error classes do not survive
// the trip between threads.
import { parentPort } from 'node:worker_threads';
import { MissingVariableError, renderTemplate, TemplateSyntaxError, templateVariables } from './render.ts';
import { OutputLimitError, withOutputCap } from './render-meter.ts';
import { currentThreadPath, threadCpuMs } from './thread-cpu.ts';

export interface RenderTask {
  /** The pool's id of this task, echoed in the start notice. */
  id: number;
  html: string;
  /** The data to render with; null only checks that the template compiles. */
  variables: Record<string, unknown> | null;
  maxOutputLength: number;
  /** Whether to send the rendered HTML back (creates only need to know it renders). */
  keepOutput: boolean;
}

export type RenderOutcome =
  | { ok: true; html?: string }
  | { ok: false; error: 'missing_variable'; variable: string }
  | { ok: false; error: 'syntax'; message: string; line?: number }
  | { ok: false; error: 'output_limit' };

/** The start notice posted to the pool: which task, on which thread, at which CPU time of that thread. */
export interface RenderStarted {
  renderStarted: number;
  /** `/proc/<pid>/task/<tid>` of this thread, or null where /proc is not available. */
  thread: string | null;
  cpuMs: number | null;
}

const thread = currentThreadPath();

export default function render(task: RenderTask): RenderOutcome {
  const started: RenderStarted = {
    renderStarted: task.id,
    thread,
    cpuMs: thread ? threadCpuMs(thread) : null,
  };
  parentPort?.postMessage(started);
  try {
    if (task.variables === null) {
      templateVariables(task.html);
      return { ok: true };
    }
    const variables = task.variables;
    const html = withOutputCap(task.maxOutputLength, (helpers) =>
      renderTemplate(task.html, variables, { helpers }),
    );
    if (html.length > task.maxOutputLength) return { ok: false, error: 'output_limit' };
    return task.keepOutput ? { ok: true, html } : { ok: true };
  } catch (error) {
    if (error instanceof OutputLimitError) return { ok: false, error: 'output_limit' };
    if (error instanceof MissingVariableError) {
      return { ok: false, error: 'missing_variable', variable: error.variable };
    }
    if (error instanceof TemplateSyntaxError) {
      return { ok: false, error: 'syntax', message: error.message, line: error.line };
    }
    throw error;
  }
}

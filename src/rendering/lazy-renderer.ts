import {
  type HtmlRenderer,
  type HtmlRendererOptions,
  type HtmlRendererStats,
  RenderError,
  startHtmlRenderer,
} from './html-renderer.ts';

/**
 * The HTML renderer of a worker process: its render processes (and their browsers) start on the first
 * render, so a worker that renders nothing, and every test that starts a worker, runs no browser. A
 * renderer that failed to start is started again on the next render. `stats()` is undefined until then.
 */
export interface LazyHtmlRenderer extends Omit<HtmlRenderer, 'stats'> {
  stats(): HtmlRendererStats | undefined;
}

export function lazyHtmlRenderer(options: HtmlRendererOptions): LazyHtmlRenderer {
  let started: Promise<HtmlRenderer> | undefined;
  let current: HtmlRenderer | undefined;
  let closed = false;
  const renderer = () => {
    started ??= startHtmlRenderer(options).then(
      (made) => {
        current = made;
        return made;
      },
      (error: unknown) => {
        started = undefined;
        throw error;
      },
    );
    return started;
  };
  return {
    async render(request) {
      if (closed) throw new RenderError('closed', 'the HTML renderer is closed');
      return (await renderer()).render(request);
    },
    async close() {
      closed = true;
      const made = await started?.catch(() => undefined);
      await made?.close();
    },
    stats: () => current?.stats(),
  };
}

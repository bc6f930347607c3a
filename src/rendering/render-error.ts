/**
 * Why a render failed:
 * - `invalid_request`: the request itself is wrong (no HTML, a page size that is not a positive size);
 * - `timeout`: loading and printing the HTML took longer than RENDER_TIMEOUT (the HTML is too heavy);
 * - `crashed`: the browser or its render process died during the render, twice (it is retried once);
 * - `unavailable`: no browser could be started (a missing or broken Chromium);
 * - `closed`: the renderer was closed before the render finished;
 * - `failed`: Chromium refused the page for another reason (the message says which).
 */
export type RenderErrorReason =
  | 'invalid_request'
  | 'timeout'
  | 'crashed'
  | 'unavailable'
  | 'closed'
  | 'failed';

/** A render of HTML to PDF that did not produce a PDF, with the reason. */
export class RenderError extends Error {
  override name = 'RenderError';

  constructor(
    readonly reason: RenderErrorReason,
    message: string,
  ) {
    super(message);
  }
}

const REASONS: readonly RenderErrorReason[] = [
  'invalid_request',
  'timeout',
  'crashed',
  'unavailable',
  'closed',
  'failed',
];

export function isRenderErrorReason(value: unknown): value is RenderErrorReason {
  return REASONS.includes(value as RenderErrorReason);
}

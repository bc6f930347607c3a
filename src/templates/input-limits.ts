// The documented size limits of customer HTML and merge variables (README, configuration). They keep
// each render's input, and so its compile time, bounded before any rendering starts.
import { invalid } from '../errors.ts';
import { renderingLimits } from './render-pool.ts';

function tooLong(field: string, length: number, limit: number, variable: string, unit = '') {
  return invalid(`${field}: is ${length} characters long${unit}; the limit is ${limit} (${variable}).`);
}

/** Inline HTML of an order (`html`, `frontHTML`, `letterHTML`…). */
export function checkHtmlLength(field: string, html: string): void {
  const limit = renderingLimits().maxHtmlLength;
  if (html.length > limit) throw tooLong(field, html.length, limit, 'HTML_MAX_LENGTH');
}

/** HTML of a saved template. */
export function checkTemplateHtmlLength(html: string): void {
  const limit = renderingLimits().maxTemplateHtmlLength;
  if (html.length > limit) throw tooLong('html', html.length, limit, 'TEMPLATE_HTML_MAX_LENGTH');
}

/** An order's `mergeVariables`, measured as JSON. */
export function checkMergeVariablesLength(mergeVariables: Record<string, unknown> | undefined): void {
  if (mergeVariables === undefined) return;
  const limit = renderingLimits().maxMergeVariablesLength;
  const length = JSON.stringify(mergeVariables).length;
  if (length > limit) {
    throw tooLong('mergeVariables', length, limit, 'MERGE_VARIABLES_MAX_LENGTH', ' as JSON');
  }
}

import { invalid } from '../errors.ts';
import { MissingVariableError, TemplateSyntaxError } from './render.ts';
import { RenderLimitError, renderInPool } from './render-pool.ts';

/**
 * The dashboard's template preview: `html` rendered with sample variables by the same renderer and limits
 * that print it (on the render pool), so what the editor shows is what prints. A missing variable or bad
 * syntax is a 400 in words, like an order's create.
 */
export async function previewTemplate(html: string, variables: Record<string, unknown>): Promise<string> {
  try {
    return await renderInPool(html, variables);
  } catch (error) {
    if (error instanceof MissingVariableError)
      throw invalid(`Merge variable "${error.variable}" is missing: give it a sample value.`);
    if (error instanceof TemplateSyntaxError || error instanceof RenderLimitError)
      throw invalid(error.message);
    throw error;
  }
}

/**
 * Drawing on a page of a PDF someone else made: positions from src/documents/geometry.ts (points, top-left
 * of the piece, y down) turned into the page's user space, and the page's own content fenced off so its
 * leftover graphics state (a `cm` never undone, a fill colour) cannot move or colour what we add.
 */
import { type PDFPage, popGraphicsState, pushGraphicsState } from '@cantoo/pdf-lib';
import type { Rect } from '../documents/geometry.ts';

/** The page's visible box (the crop box, which defaults to the media box) in user space. */
function visibleBox(page: PDFPage): { x: number; y: number; width: number; height: number } {
  return page.getCropBox();
}

/** A top-left rectangle on the page as seen, in the page's user space (origin bottom-left, y up). */
export function toUserSpace(page: PDFPage, rect: Rect): Rect {
  const box = visibleBox(page);
  return {
    x: box.x + rect.x,
    y: box.y + box.height - rect.y - rect.height,
    width: rect.width,
    height: rect.height,
  };
}

/** The user-space y of a baseline `y` points down from the top of the page as seen. */
export function baselineY(page: PDFPage, y: number): number {
  const box = visibleBox(page);
  return box.y + box.height - y;
}

/** The user-space x of a point `x` points from the left of the page as seen. */
export function userX(page: PDFPage, x: number): number {
  return visibleBox(page).x + x;
}

const fenced = new WeakSet<PDFPage>();

/**
 * Wraps the page's existing content in q … Q, so that what is drawn next starts from the default graphics
 * state. Call before the first drawing on an existing page; calling it again does nothing.
 */
export function fenceExistingContent(page: PDFPage): void {
  if (fenced.has(page)) return;
  fenced.add(page);
  page.node.normalize();
  const context = page.doc.context;
  const start = context.register(context.contentStream([pushGraphicsState()]));
  const end = context.register(context.contentStream([popGraphicsState()]));
  page.node.wrapContentStreams(start, end);
}

/**
 * Drawing on a page of a PDF someone else made: positions from src/documents/geometry.ts (points, top-left
 * of the piece, y down) turned into the page's user space, and the page's own content fenced off so its
 * leftover graphics state (a `cm` never undone, a fill colour) cannot move or colour what we add.
 */
import {
  fill,
  PDFContentStream,
  type PDFOperator,
  type PDFPage,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  setFillingGrayscaleColor,
} from '@cantoo/pdf-lib';
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

/**
 * Appends `operators` to the page as a content stream of their own, left uncompressed: what we stamp is a
 * few kilobytes, and deflating each small stream (fflate sets up its tables per call) cost more than the
 * rest of the stamping pass.
 */
export function appendOperators(page: PDFPage, operators: PDFOperator[]): void {
  const context = page.doc.context;
  const stream = PDFContentStream.of(context.obj({}), operators, false);
  page.node.normalize();
  page.node.addContentStream(context.register(stream));
}

/** Paints `rect` (top-left coordinates) white: the address zones are covered, whatever lies under them. */
export function coverWhite(page: PDFPage, rect: Rect): void {
  const box = toUserSpace(page, rect);
  appendOperators(page, [
    pushGraphicsState(),
    setFillingGrayscaleColor(1),
    rectangle(box.x, box.y, box.width, box.height),
    fill(),
    popGraphicsState(),
  ]);
}

const fenced = new WeakSet<PDFPage>();

/**
 * Wraps the page's existing content in q … Q, so that what is drawn next starts from the default graphics
 * state. Call before the first drawing on an existing page; calling it again does nothing.
 */
export function fenceExistingContent(page: PDFPage): void {
  // Draw nothing with pdf-lib's own drawing methods on this page before the fence: their stream would be
  // fenced in with the customer's content (harmless), but ours must come after the closing Q.
  if (fenced.has(page)) return;
  fenced.add(page);
  page.node.normalize();
  const context = page.doc.context;
  const start = context.register(PDFContentStream.of(context.obj({}), [pushGraphicsState()], false));
  const end = context.register(PDFContentStream.of(context.obj({}), [popGraphicsState()], false));
  page.node.wrapContentStreams(start, end);
}

import { LETTER_PAGE, POSTCARDS, SELF_MAILERS } from '../../src/documents/geometry.ts';

/** Every kind and size HTML is rendered at, with the page size a printer expects (trim + bleed), in points. */
export const RENDER_SIZES: Array<{ name: string; width: number; height: number }> = [
  ...Object.entries(LETTER_PAGE).map(([size, page]) => ({ name: `letter ${size}`, ...page })),
  ...Object.entries(POSTCARDS).map(([size, card]) => ({
    name: `postcard ${size} with bleed`,
    ...card.artwork,
  })),
  ...Object.entries(SELF_MAILERS).map(([size, mailer]) => ({ name: `self-mailer ${size}`, ...mailer.flat })),
];

/** A page with one line of text whose baseline sits `top` points below the top and `left` from the left. */
export function textAt(text: string, left: number, top: number, fontSize = 12): string {
  // The line box is exactly the font size tall (line-height: 1), and the baseline of a 1em line of
  // DejaVu/Liberation-like fonts sits about 0.8 em below its top: the test allows for the font's ascent.
  return `<!doctype html><html><body style="margin:0">
<div style="position:absolute;left:${left}pt;top:${top}pt;font:${fontSize}pt/1 sans-serif;white-space:nowrap">${text}</div>
</body></html>`;
}

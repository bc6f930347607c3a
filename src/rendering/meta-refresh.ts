/**
 * Customer HTML without its `<meta http-equiv="refresh">` tags. A refresh fires right after the page
 * loads and navigates, even with JavaScript off: the request is blocked (page-pool.ts), but Chromium
 * then commits its error page, and a print that overlaps that navigation fails ("Printing failed") or
 * prints the error page. A print-ready page has nowhere to go, so the tag is dropped before loading.
 */
const META_REFRESH = /<meta\b[^>]*\bhttp-equiv\s*=\s*(["']?)\s*refresh\s*\1[^>]*>/gi;

export function withoutMetaRefresh(html: string): string {
  return html.replace(META_REFRESH, '');
}

/**
 * Pub 28 §211–212 text rules: upper case, no punctuation except the hyphen inside numbers and ZIP+4,
 * the slash of a fraction (1/2) and `#` standing for an unknown unit designator. Periods vanish without a
 * space ("N.W." → "NW"); other punctuation separates words.
 */
export function uspsText(value: string | undefined): string {
  if (!value) return '';
  // Accents go (BAYAMÓN → BAYAMON); plain ASCII, the common case, skips the Unicode normalisation.
  const ascii = /^[\x20-\x7e]*$/.test(value) ? value : value.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  return ascii
    .toUpperCase()
    .replace(/[.'’`]/g, '')
    .replace(/#/g, ' # ')
    .replace(/(?<![0-9A-Z])-|-(?![0-9A-Z])/g, ' ')
    .replace(/(?<!\d)\/|\/(?!\d)/g, ' ')
    .replace(/[^0-9A-Z#\-/ ]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Equal when two values differ only in case, spacing and punctuation: such a difference is no correction. */
export function sameText(a: string | undefined, b: string | undefined): boolean {
  return uspsText(a).replace(/\s/g, '') === uspsText(b).replace(/\s/g, '');
}

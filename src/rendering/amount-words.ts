/**
 * A cheque's amount in words, as banks expect the legal amount line: "One thousand two hundred
 * thirty-four and 56/100 dollars". The cents are written as a fraction of 100; the words are English
 * short-scale (million, billion…), hyphenated from twenty-one to ninety-nine, without "and" between
 * hundreds and tens (so the only "and" separates dollars from cents).
 */

const ONES = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const SCALES = ['', 'thousand', 'million', 'billion', 'trillion'];

/** The largest amount, in cents, that has words here: just under ten trillion dollars (a safe integer). */
export const MAX_WORDED_CENTS = 999_999_999_999_999;

function belowThousand(n: number): string {
  const words: string[] = [];
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  if (hundreds > 0) words.push(`${ONES[hundreds]} hundred`);
  if (rest > 0 && rest < 20) words.push(ONES[rest]!);
  else if (rest >= 20)
    words.push(rest % 10 === 0 ? TENS[rest / 10]! : `${TENS[Math.floor(rest / 10)]}-${ONES[rest % 10]}`);
  return words.join(' ');
}

/** A whole number of dollars in words, lowercase ("one thousand two hundred thirty-four"). */
export function integerInWords(value: number): string {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`not a whole non-negative amount: ${value}`);
  if (value === 0) return ONES[0]!;
  const groups: string[] = [];
  let rest = value;
  for (let scale = 0; rest > 0; scale++) {
    const group = rest % 1000;
    rest = Math.floor(rest / 1000);
    if (group === 0) continue;
    if (scale >= SCALES.length) throw new RangeError(`too large for words: ${value}`);
    groups.unshift(SCALES[scale] ? `${belowThousand(group)} ${SCALES[scale]}` : belowThousand(group));
  }
  return groups.join(' ');
}

/**
 * `cents` (an integer, as the API's `amount`) in words: "One thousand two hundred thirty-four and 56/100
 * dollars". `unit` is the word after the fraction (default "dollars", for US and Canadian cheques alike).
 */
export function amountInWords(cents: number, unit = 'dollars'): string {
  if (!Number.isSafeInteger(cents) || cents < 0 || cents > MAX_WORDED_CENTS) {
    throw new RangeError(
      `a cheque amount is a whole number of cents from 0 to ${MAX_WORDED_CENTS}, not ${cents}`,
    );
  }
  const words = integerInWords(Math.floor(cents / 100));
  const fraction = String(cents % 100).padStart(2, '0');
  const text = `${words} and ${fraction}/100${unit ? ` ${unit}` : ''}`;
  return text[0]!.toUpperCase() + text.slice(1);
}

/** `cents` in figures with thousands separators: 123456 → "1,234.56". */
export function amountInFigures(cents: number): string {
  if (!Number.isSafeInteger(cents) || cents < 0)
    throw new RangeError(`not a whole non-negative amount: ${cents}`);
  const dollars = Math.floor(cents / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${dollars}.${String(cents % 100).padStart(2, '0')}`;
}

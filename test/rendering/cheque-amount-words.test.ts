// Amounts in words (src/rendering/amount-words.ts): known cases as banks write them, and a property test
// against an independent parser of English number words: any amount's words parse back to the amount.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  amountInFigures,
  amountInWords,
  integerInWords,
  MAX_WORDED_CENTS,
} from '../../src/rendering/amount-words.ts';

const VALUES: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const SCALES: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 };

/** Parses "One thousand two hundred thirty-four and 56/100 dollars" back to 123456 cents. */
function parseAmount(text: string): number {
  const match = /^(.+) and (\d{2})\/100 dollars$/.exec(text);
  if (!match) throw new Error(`not an amount in words: ${text}`);
  let total = 0;
  let group = 0;
  let lastScale = Number.POSITIVE_INFINITY;
  for (const word of match[1]!.toLowerCase().split(' ')) {
    if (word === 'hundred') {
      assert.ok(group > 0 && group < 10, `"hundred" after ${group}`);
      group *= 100;
    } else if (word in SCALES) {
      const scale = SCALES[word]!;
      assert.ok(scale < lastScale, 'scales descend');
      lastScale = scale;
      total += group * scale;
      group = 0;
    } else {
      const parts = word.split('-');
      assert.ok(parts.length <= 2);
      if (parts.length === 2)
        assert.ok(VALUES[parts[0]!]! >= 20 && VALUES[parts[1]!]! < 10 && VALUES[parts[1]!]! > 0);
      for (const part of parts) {
        assert.ok(part in VALUES, `unknown word ${part}`);
        group += VALUES[part]!;
      }
    }
  }
  return (total + group) * 100 + Number(match[2]);
}

describe('amount in words', () => {
  test('known cases', () => {
    assert.equal(amountInWords(123456), 'One thousand two hundred thirty-four and 56/100 dollars');
    assert.equal(amountInWords(13259), 'One hundred thirty-two and 59/100 dollars');
    assert.equal(amountInWords(0), 'Zero and 00/100 dollars');
    assert.equal(amountInWords(5), 'Zero and 05/100 dollars');
    assert.equal(amountInWords(100), 'One and 00/100 dollars');
    assert.equal(amountInWords(2_000_000_00), 'Two million and 00/100 dollars');
    assert.equal(amountInWords(1_001_010_00), 'One million one thousand ten and 00/100 dollars');
    assert.equal(amountInWords(9_999_99), 'Nine thousand nine hundred ninety-nine and 99/100 dollars');
    assert.equal(integerInWords(40_000_000_019), 'forty billion nineteen');
    assert.equal(amountInFigures(123456), '1,234.56');
    assert.equal(amountInFigures(100_000_000), '1,000,000.00');
    assert.equal(amountInFigures(7), '0.07');
  });

  test('refuses fractional, negative and oversized amounts', () => {
    for (const bad of [-1, 1.5, Number.NaN, MAX_WORDED_CENTS + 1])
      assert.throws(() => amountInWords(bad), RangeError);
  });

  test('the words of any amount parse back to it', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 0, max: 10_000_00 }), fc.integer({ min: 0, max: MAX_WORDED_CENTS })),
        (cents) => {
          const words = amountInWords(cents);
          assert.equal(parseAmount(words), cents, words);
          assert.match(words, /^[A-Z][a-z -]*[a-z] and \d\d\/100 dollars$/);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

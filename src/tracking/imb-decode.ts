// USPS Intelligent Mail barcode (IMb) decoder: 65 bars (F/A/D/T) back to the tracking and routing codes,
// the encoder's steps run backwards (USPS-B-3200 §2.2) with the CRC-11 checked. Printers and tests use
// it to verify a barcode read off a rendered piece.
import { BAR_TABLE, crc11, TABLE_2_OF_13, TABLE_5_OF_13, toBytes13 } from './imb.ts';

export class ImbDecodeError extends Error {
  override name = 'ImbDecodeError';
}

export interface DecodedImb {
  trackingCode: string;
  routingCode: string;
}

const CHARACTER_MASK = 0x1fff;
/** Character → codeword, for the 5-of-13 and 2-of-13 characters and their inverses. */
const CODEWORDS = new Map<number, { codeword: number; inverted: boolean }>();
TABLE_5_OF_13.forEach((character, codeword) => {
  CODEWORDS.set(character, { codeword, inverted: false });
  CODEWORDS.set(character ^ CHARACTER_MASK, { codeword, inverted: true });
});
TABLE_2_OF_13.forEach((character, index) => {
  const codeword = TABLE_5_OF_13.length + index;
  CODEWORDS.set(character, { codeword, inverted: false });
  CODEWORDS.set(character ^ CHARACTER_MASK, { codeword, inverted: true });
});

/** Decodes 65 bars; throws ImbDecodeError for a string that is not a valid IMb (CRC included). */
export function decodeImb(bars: string): DecodedImb {
  if (!/^[FADT]{65}$/.test(bars)) throw new ImbDecodeError('an IMb is 65 bars of F, A, D or T');
  const characters = new Array<number>(10).fill(0);
  BAR_TABLE.forEach(({ descChar, descBit, ascChar, ascBit }, index) => {
    const bar = bars[index]!;
    if (bar === 'F' || bar === 'D') characters[descChar]! |= 1 << descBit;
    if (bar === 'F' || bar === 'A') characters[ascChar]! |= 1 << ascBit;
  });
  let fcs = 0;
  const codewords = characters.map((character, index) => {
    const found = CODEWORDS.get(character);
    if (!found)
      throw new ImbDecodeError(`character ${String.fromCharCode(65 + index)} is not an IMb character`);
    if (found.inverted) fcs |= 1 << index;
    return found.codeword;
  });
  if (codewords[0]! >= 659) {
    codewords[0] = codewords[0]! - 659;
    fcs |= 0x400;
  }
  if (codewords[9]! % 2 !== 0) throw new ImbDecodeError('codeword J is odd: the barcode is upside down');
  codewords[9] = codewords[9]! / 2;
  if (codewords[0]! > 658 || codewords[9]! > 635) throw new ImbDecodeError('a codeword is out of range');
  let binary = BigInt(codewords[0]!);
  for (let i = 1; i <= 8; i++) binary = binary * 1365n + BigInt(codewords[i]!);
  binary = binary * 636n + BigInt(codewords[9]!);
  if (crc11(toBytes13(binary)) !== fcs) throw new ImbDecodeError('the frame check sequence does not match');
  return splitBinary(binary);
}

function splitBinary(binary: bigint): DecodedImb {
  let rest = binary;
  const digits: string[] = [];
  for (let i = 0; i < 18; i++) {
    digits.unshift(String(rest % 10n));
    rest /= 10n;
  }
  digits.unshift(String(rest % 5n));
  rest /= 5n;
  digits.unshift(String(rest % 10n));
  rest /= 10n;
  // The routing value's range tells its length (see imbBinary's offsets).
  let routingCode = '';
  if (rest > 1_000_100_000n) routingCode = String(rest - 1_000_100_001n).padStart(11, '0');
  else if (rest > 100_000n) routingCode = String(rest - 100_001n).padStart(9, '0');
  else if (rest > 0n) routingCode = String(rest - 1n).padStart(5, '0');
  if (routingCode.length > 11) throw new ImbDecodeError('the routing code is out of range');
  return { trackingCode: digits.join(''), routingCode };
}

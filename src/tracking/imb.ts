// USPS Intelligent Mail barcode (IMb) encoder, per USPS-B-3200.

export class ImbInputError extends Error {
  override name = 'ImbInputError';
}

export interface TrackingCodeParts {
  barcodeId: string;
  serviceTypeId: string;
  mailerId: string;
  serial: string;
}

function validateTracking(trackingCode: string): void {
  if (typeof trackingCode !== 'string') throw new ImbInputError('tracking code must be a string');
  if (!/^\d*$/.test(trackingCode)) throw new ImbInputError('tracking code must contain digits only');
  if (trackingCode.length !== 20) {
    throw new ImbInputError(`tracking code must be exactly 20 digits, got ${trackingCode.length}`);
  }
  if (trackingCode[1]! > '4') {
    throw new ImbInputError('second digit of the barcode identifier must be 0-4');
  }
}

function validateRouting(routingCode: string): void {
  if (typeof routingCode !== 'string') throw new ImbInputError('routing code must be a string');
  if (!/^\d*$/.test(routingCode)) throw new ImbInputError('routing code must contain digits only');
  if (![0, 5, 9, 11].includes(routingCode.length)) {
    throw new ImbInputError(`routing code must be 0, 5, 9 or 11 digits, got ${routingCode.length}`);
  }
}

export function parseTrackingCode(trackingCode: string): TrackingCodeParts {
  validateTracking(trackingCode);
  // A leading 9 marks the 9-digit Mailer ID range; all others are 6 digits.
  const midLength = trackingCode[5] === '9' ? 9 : 6;
  return {
    barcodeId: trackingCode.slice(0, 2),
    serviceTypeId: trackingCode.slice(2, 5),
    mailerId: trackingCode.slice(5, 5 + midLength),
    serial: trackingCode.slice(5 + midLength),
  };
}

/** The 102-bit binary value of the spec's data conversion step. */
export function imbBinary(trackingCode: string, routingCode = ''): bigint {
  validateTracking(trackingCode);
  validateRouting(routingCode);
  // The offsets keep the four routing lengths in disjoint ranges, so the length is recoverable.
  const offsets: Record<number, bigint> = { 0: 0n, 5: 1n, 9: 100_001n, 11: 1_000_100_001n };
  let value = routingCode === '' ? 0n : BigInt(routingCode) + offsets[routingCode.length]!;
  value = value * 10n + BigInt(trackingCode[0]!);
  // The second barcode-id digit is restricted to 0-4, hence radix 5.
  value = value * 5n + BigInt(trackingCode[1]!);
  for (const digit of trackingCode.slice(2)) value = value * 10n + BigInt(digit);
  return value;
}

/** The binary value as 13 big-endian bytes. */
export function toBytes13(value: bigint): number[] {
  const bytes: number[] = [];
  for (let i = 12; i >= 0; i--) bytes.push(Number((value >> BigInt(i * 8)) & 0xffn));
  return bytes;
}

/** The binary value as 13 bytes, upper-case hex (26 characters). */
export function imbBinaryHex(trackingCode: string, routingCode = ''): string {
  return toBytes13(imbBinary(trackingCode, routingCode))
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase();
}

/** The CRC-11 of the spec (generator 0xF35) over the 13 bytes of the binary value, 102 bits used. */
export function crc11(bytes: number[]): number {
  const generator = 0xf35;
  let fcs = 0x7ff;
  bytes.forEach((byte, index) => {
    // Only 102 bits are meaningful: the two top bits of the first byte are skipped.
    let data = index === 0 ? byte << 5 : byte << 3;
    for (let bit = index === 0 ? 2 : 0; bit < 8; bit++) {
      fcs = ((fcs ^ data) & 0x400) !== 0 ? (fcs << 1) ^ generator : fcs << 1;
      fcs &= 0x7ff;
      data <<= 1;
    }
  });
  return fcs;
}

/** The 11-bit frame check sequence. */
export function imbFcs(trackingCode: string, routingCode = ''): number {
  return crc11(toBytes13(imbBinary(trackingCode, routingCode)));
}

function codewordsOf(binary: bigint): number[] {
  const codewords = new Array<number>(10);
  let rest = binary;
  codewords[9] = Number(rest % 636n);
  rest /= 636n;
  for (let i = 8; i >= 1; i--) {
    codewords[i] = Number(rest % 1365n);
    rest /= 1365n;
  }
  codewords[0] = Number(rest);
  return codewords;
}

/** Codewords A..J before the orientation (J × 2) and FCS (A + 659) adjustments. */
export function imbCodewords(trackingCode: string, routingCode = ''): number[] {
  return codewordsOf(imbBinary(trackingCode, routingCode));
}

function reverse13(value: number): number {
  let reversed = 0;
  for (let i = 0; i < 13; i++) reversed = (reversed << 1) | ((value >> i) & 1);
  return reversed;
}

function bitCount(value: number): number {
  let count = 0;
  for (let v = value; v !== 0; v >>= 1) count += v & 1;
  return count;
}

// Spec appendix: each asymmetric pattern is followed by its reverse from the front; palindromes fill
// the table from the back.
function nOf13Table(n: number, size: number): number[] {
  const table = new Array<number>(size);
  let low = 0;
  let high = size - 1;
  for (let value = 0; value < 8192; value++) {
    if (bitCount(value) !== n) continue;
    const reversed = reverse13(value);
    if (reversed < value) continue;
    if (reversed === value) {
      table[high--] = value;
    } else {
      table[low++] = value;
      table[low++] = reversed;
    }
  }
  if (low !== high + 1) throw new Error(`${n}-of-13 table generation did not meet in the middle`);
  return table;
}

/** Codeword → 13-bit character: 0–1286 from the 5-of-13 table, 1287–1364 from the 2-of-13 table. */
export const TABLE_5_OF_13 = nOf13Table(5, 1287);
export const TABLE_2_OF_13 = nOf13Table(2, 78);

// Spec Table 22 (bar-to-character mapping): for bars 1..65, descender character and bit, then ascender
// character and bit.
const BAR_TABLE_SOURCE =
  'H2E3 B10A0 J12C8 F5G11 I9D1 A1F12 C5B8 E4J11 G3I10 D9H6 F11B4 I5C12 J10A2 H1G7 D6E9 A3I6 G4C7 B1J9 ' +
  'H10F2 E0D8 G2A4 I11B0 J8D12 C6H7 F1E10 B12G9 H3I0 F8J7 E6C10 D4A5 I4F7 H11B9 G0J6 A6E8 C1D2 F9I12 ' +
  'E11G1 J5H4 D3B2 A7C0 B3E1 G10D5 I7J4 C11F6 A8H12 E2I1 F10D0 J3A9 G5C4 H8B7 F0E5 C3A10 G12J2 D11B6 ' +
  'I8H9 F4A11 B5C2 J1E12 I3G6 H0D7 E7H5 A12B11 C9J0 G8F3 D10I2';

export interface BarMapping {
  descChar: number;
  descBit: number;
  ascChar: number;
  ascBit: number;
}

/** Bar 1..65 (index 0..64): which character bit sets its descender and which its ascender. */
export const BAR_TABLE: BarMapping[] = BAR_TABLE_SOURCE.split(' ').map((entry) => {
  const match = /^([A-J])(\d+)([A-J])(\d+)$/.exec(entry);
  if (!match) throw new Error(`bad bar table entry ${entry}`);
  const letter = (s: string): number => s.charCodeAt(0) - 65;
  return {
    descChar: letter(match[1]!),
    descBit: Number(match[2]),
    ascChar: letter(match[3]!),
    ascBit: Number(match[4]),
  };
});

/** Encodes a tracking code and routing code into 65 bars, each F, A, D or T. */
export function encodeImb(trackingCode: string, routingCode = ''): string {
  const binary = imbBinary(trackingCode, routingCode);
  const fcs = crc11(toBytes13(binary));
  const codewords = codewordsOf(binary);
  // J carries orientation (always even); A carries the FCS's top bit in its 659+ range.
  codewords[9] = codewords[9]! * 2;
  if ((fcs & 0x400) !== 0) codewords[0] = codewords[0]! + 659;
  // The other ten FCS bits are carried by inverting whole characters.
  const chars = codewords.map((cw, i) => {
    const char = cw < TABLE_5_OF_13.length ? TABLE_5_OF_13[cw]! : TABLE_2_OF_13[cw - TABLE_5_OF_13.length]!;
    return (fcs >> i) & 1 ? char ^ 0x1fff : char;
  });
  return BAR_TABLE.map(({ descChar, descBit, ascChar, ascBit }) => {
    const descender = ((chars[descChar]! >> descBit) & 1) === 1;
    const ascender = ((chars[ascChar]! >> ascBit) & 1) === 1;
    if (descender && ascender) return 'F';
    if (ascender) return 'A';
    return descender ? 'D' : 'T';
  }).join('');
}

import { sameText, uspsText } from './text.ts';
import { type AddressInput, Findings, type VerificationResult } from './types.ts';

const provinceNames: Record<string, string> = {
  ALBERTA: 'AB',
  'BRITISH COLUMBIA': 'BC',
  'COLOMBIE BRITANNIQUE': 'BC',
  MANITOBA: 'MB',
  'NEW BRUNSWICK': 'NB',
  'NOUVEAU BRUNSWICK': 'NB',
  NEWFOUNDLAND: 'NL',
  'NEWFOUNDLAND AND LABRADOR': 'NL',
  'TERRE NEUVE ET LABRADOR': 'NL',
  'NOVA SCOTIA': 'NS',
  'NOUVELLE ECOSSE': 'NS',
  'NORTHWEST TERRITORIES': 'NT',
  'TERRITOIRES DU NORD OUEST': 'NT',
  NUNAVUT: 'NU',
  ONTARIO: 'ON',
  'PRINCE EDWARD ISLAND': 'PE',
  'ILE DU PRINCE EDOUARD': 'PE',
  QUEBEC: 'QC',
  PQ: 'QC',
  SASKATCHEWAN: 'SK',
  YUKON: 'YT',
  'YUKON TERRITORY': 'YT',
};
const provinceCodes = new Set(['AB', 'BC', 'MB', 'NB', 'NL', 'NS', 'NT', 'NU', 'ON', 'PE', 'QC', 'SK', 'YT']);

/** BRIEF §14: the first letter of a Canadian postal code gives the province. */
const provincesByFirstLetter: Record<string, string[]> = {
  A: ['NL'],
  B: ['NS'],
  C: ['PE'],
  E: ['NB'],
  G: ['QC'],
  H: ['QC'],
  J: ['QC'],
  K: ['ON'],
  L: ['ON'],
  M: ['ON'],
  N: ['ON'],
  P: ['ON'],
  R: ['MB'],
  S: ['SK'],
  T: ['AB'],
  V: ['BC'],
  X: ['NT', 'NU'],
  Y: ['YT'],
};

/** Canada Post's letters: D F I O Q U never appear, W and Z never first. */
const postalCode = /^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]\d[ABCEGHJ-NPRSTV-Z]\d$/;

/** Canada Post's street type abbreviations (Canada Post Addressing Guidelines, street types). */
const streetTypes: Record<string, string> = {
  AVENUE: 'AVE',
  BOULEVARD: 'BLVD',
  CIRCLE: 'CIR',
  COURT: 'CRT',
  CRESCENT: 'CRES',
  DRIVE: 'DR',
  EXPRESSWAY: 'EXPY',
  FREEWAY: 'FWY',
  GARDENS: 'GDNS',
  HEIGHTS: 'HTS',
  HIGHWAY: 'HWY',
  PARKWAY: 'PKY',
  PLACE: 'PL',
  PLATEAU: 'PLAT',
  POINT: 'PT',
  ROAD: 'RD',
  SQUARE: 'SQ',
  STREET: 'ST',
  TERRACE: 'TERR',
  CHEMIN: 'CH',
  BOULEVARDE: 'BOUL',
};
const directions: Record<string, string> = {
  NORTH: 'N',
  SOUTH: 'S',
  EAST: 'E',
  WEST: 'W',
  NORTHEAST: 'NE',
  NORTHWEST: 'NW',
  SOUTHEAST: 'SE',
  SOUTHWEST: 'SW',
};

function standardiseCanadianLine(raw: string | undefined): string {
  const tokens = uspsText(raw).split(' ').filter(Boolean);
  return tokens
    .map((t, i) => {
      if (i === 0) return t;
      const isLast = i === tokens.length - 1;
      const beforeDirection =
        i === tokens.length - 2 && directions[tokens[tokens.length - 1] as string] !== undefined;
      if ((isLast || beforeDirection) && streetTypes[t]) return streetTypes[t];
      if (isLast && i >= 2 && directions[t]) return directions[t];
      return t;
    })
    .join(' ');
}

/** Canada Post's last line: municipality, province code, two spaces, postal code. */
export function canadaPostLastLine(city: string, province: string, postal: string): string {
  return `${city} ${province}  ${postal}`;
}

/**
 * Verifies a Canadian address offline: postal code letters and format, its first letter against the
 * province, required parts, Canada Post's upper-case form. No FSA/LDU database: a well-formed code in
 * the right province is taken as it is.
 */
export function verifyCanada(input: AddressInput): VerificationResult {
  const f = new Findings();
  const line1 = standardiseCanadianLine(input.line1);
  const line2 = standardiseCanadianLine(input.line2);
  if (!line1) f.fail('line1', 'Missing Value');
  if (!sameText(input.line1, line1))
    f.change('line1', input.line1, line1, 'Canada Post street type abbreviation');
  if (input.line2 && !sameText(input.line2, line2)) {
    f.change('line2', input.line2, line2, 'Canada Post street type abbreviation');
  }

  const provinceText = uspsText(input.provinceOrState);
  let province = provinceCodes.has(provinceText) ? provinceText : provinceNames[provinceText];
  if (provinceText && !province) f.note('provinceOrState', 'Incorrect Value');

  let postal = uspsText(input.postalOrZip).replace(/[\s-]/g, '');
  if (!postal) {
    f.fail('postalOrZip', 'Missing Value');
  } else {
    // Letter O for zero and I for one in the digit places: a typing slip the format itself proves.
    if (postal.length === 6) {
      const fixed = postal
        .split('')
        .map((c, i) => (i % 2 === 1 ? (c === 'O' ? '0' : c === 'I' || c === 'L' ? '1' : c) : c))
        .join('');
      if (fixed !== postal && postalCode.test(fixed)) {
        f.note('postalOrZip', 'Typo in Value');
        postal = fixed;
      }
    }
    if (!postalCode.test(postal)) {
      f.fail('postalOrZip', 'Incorrect Value');
    } else {
      postal = `${postal.slice(0, 3)} ${postal.slice(3)}`;
      const possible = provincesByFirstLetter[postal[0] as string] ?? [];
      if (province && !possible.includes(province)) f.fail('postalOrZip', 'Incorrect Value');
      else if (!province && possible.length === 1) {
        province = possible[0];
        f.note('provinceOrState', provinceText ? 'Incorrect Value' : 'Missing Value');
      }
    }
  }
  if (!province) f.fail('provinceOrState', provinceText ? 'Incorrect Value' : 'Missing Value');

  const city = uspsText(input.city);
  if (!city) f.fail('city', 'Missing Value');

  const address = {
    line1,
    line2: line2 || undefined,
    city: city || undefined,
    provinceOrState: province ?? (provinceText || undefined),
    postalOrZip: postal || undefined,
    country: 'CA',
  };
  if (!sameText(input.provinceOrState, address.provinceOrState)) {
    f.change(
      'provinceOrState',
      input.provinceOrState ?? '',
      address.provinceOrState ?? '',
      'Canada Post province code',
    );
  }
  if (uspsText(input.postalOrZip) !== (address.postalOrZip ?? '')) {
    f.change(
      'postalOrZip',
      input.postalOrZip ?? '',
      address.postalOrZip ?? '',
      'postal code written A1A 1A1',
    );
  }
  const lastLine =
    city && province && postalCode.test(postal.replace(' ', ''))
      ? canadaPostLastLine(city, province, postal)
      : undefined;
  return f.result(address, { lastLine });
}

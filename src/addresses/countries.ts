import { sameText, uspsText } from './text.ts';
import { type AddressInput, Findings, type VerificationResult } from './types.ts';

/**
 * Postal-code rules and required fields for the largest international mail destinations (UPU and each
 * post's published formats). `pattern` tests the code with spaces and hyphens removed; `format` writes
 * it the way the post prints it. `postal: false` marks countries without postal codes.
 */
interface CountryRule {
  name: string;
  postal: boolean;
  pattern?: RegExp;
  format?: (compact: string) => string;
  stateRequired?: boolean;
}

const split =
  (at: number, sep = ' ') =>
  (c: string) =>
    `${c.slice(0, at)}${sep}${c.slice(at)}`;
const digits = (n: number) => new RegExp(`^\\d{${n}}$`);

export const countryRules: Record<string, CountryRule> = {
  GB: {
    name: 'United Kingdom',
    postal: true,
    pattern: /^(GIR0AA|[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2})$/,
    format: (c) => split(c.length - 3)(c),
  },
  DE: { name: 'Germany', postal: true, pattern: digits(5) },
  FR: { name: 'France', postal: true, pattern: digits(5) },
  AU: { name: 'Australia', postal: true, pattern: digits(4), stateRequired: true },
  JP: { name: 'Japan', postal: true, pattern: digits(7), format: split(3, '-') },
  MX: { name: 'Mexico', postal: true, pattern: digits(5), stateRequired: true },
  IT: { name: 'Italy', postal: true, pattern: digits(5) },
  ES: { name: 'Spain', postal: true, pattern: /^(0[1-9]|[1-4]\d|5[0-2])\d{3}$/ },
  NL: { name: 'Netherlands', postal: true, pattern: /^[1-9]\d{3}[A-Z]{2}$/, format: split(4) },
  BE: { name: 'Belgium', postal: true, pattern: /^[1-9]\d{3}$/ },
  CH: { name: 'Switzerland', postal: true, pattern: /^[1-9]\d{3}$/ },
  AT: { name: 'Austria', postal: true, pattern: /^[1-9]\d{3}$/ },
  SE: { name: 'Sweden', postal: true, pattern: /^[1-9]\d{4}$/, format: split(3) },
  NO: { name: 'Norway', postal: true, pattern: digits(4) },
  DK: { name: 'Denmark', postal: true, pattern: /^[1-9]\d{3}$/ },
  FI: { name: 'Finland', postal: true, pattern: digits(5) },
  IE: {
    name: 'Ireland',
    postal: true,
    pattern: /^[AC-FHKNPRTV-Y]\d{2}[AC-FHKNPRTV-Y\d]{4}$|^D6W[AC-FHKNPRTV-Y\d]{4}$/,
    format: split(3),
  },
  NZ: { name: 'New Zealand', postal: true, pattern: digits(4) },
  IN: { name: 'India', postal: true, pattern: /^[1-9]\d{5}$/, stateRequired: true },
  CN: { name: 'China', postal: true, pattern: digits(6) },
  BR: { name: 'Brazil', postal: true, pattern: digits(8), format: split(5, '-'), stateRequired: true },
  KR: { name: 'South Korea', postal: true, pattern: digits(5) },
  SG: { name: 'Singapore', postal: true, pattern: digits(6) },
  ZA: { name: 'South Africa', postal: true, pattern: digits(4) },
  IL: { name: 'Israel', postal: true, pattern: digits(7) },
  PL: { name: 'Poland', postal: true, pattern: digits(5), format: split(2, '-') },
  PT: { name: 'Portugal', postal: true, pattern: /^[1-9]\d{6}$/, format: split(4, '-') },
  CZ: { name: 'Czechia', postal: true, pattern: /^[1-7]\d{4}$/, format: split(3) },
  GR: { name: 'Greece', postal: true, pattern: digits(5), format: split(3) },
  HU: { name: 'Hungary', postal: true, pattern: /^[1-9]\d{3}$/ },
  RU: { name: 'Russia', postal: true, pattern: digits(6) },
  AR: { name: 'Argentina', postal: true, pattern: /^([A-HJ-NP-Z]\d{4}[A-Z]{3}|\d{4})$/ },
  CL: { name: 'Chile', postal: true, pattern: digits(7) },
  CO: { name: 'Colombia', postal: true, pattern: digits(6) },
  PH: { name: 'Philippines', postal: true, pattern: digits(4) },
  TW: { name: 'Taiwan', postal: true, pattern: /^(\d{3}|\d{5}|\d{6})$/ },
  MY: { name: 'Malaysia', postal: true, pattern: digits(5) },
  TH: { name: 'Thailand', postal: true, pattern: digits(5) },
  TR: { name: 'Türkiye', postal: true, pattern: digits(5) },
  SA: { name: 'Saudi Arabia', postal: true, pattern: /^\d{5}(\d{4})?$/ },
  LU: { name: 'Luxembourg', postal: true, pattern: digits(4) },
  IS: { name: 'Iceland', postal: true, pattern: digits(3) },
  HK: { name: 'Hong Kong', postal: false },
  AE: { name: 'United Arab Emirates', postal: false },
};

/**
 * Verifies an address outside the US and Canada offline: the parts every post needs (a line, a city,
 * a postal code where the country has them, a state where the post requires one) and the postal
 * code's format. Street and city spelling is not checked: no data for it ships.
 */
export function verifyInternational(input: AddressInput): VerificationResult {
  const f = new Findings();
  const rule = countryRules[input.country];
  const line1 = uspsText(input.line1);
  const line2 = uspsText(input.line2);
  const city = uspsText(input.city);
  const state = uspsText(input.provinceOrState);
  if (!line1) f.fail('line1', 'Missing Value');
  if (!city) f.fail('city', 'Missing Value');
  if (rule?.stateRequired && !state) f.fail('provinceOrState', 'Missing Value');

  let postal = uspsText(input.postalOrZip);
  const compact = postal.replace(/[\s-]/g, '');
  if (rule?.postal) {
    if (!compact) f.fail('postalOrZip', 'Missing Value');
    else if (rule.pattern && !rule.pattern.test(compact)) f.fail('postalOrZip', 'Incorrect Value');
    else postal = rule.format ? rule.format(compact) : compact;
  }
  const address = {
    line1,
    line2: line2 || undefined,
    city: city || undefined,
    provinceOrState: state || undefined,
    postalOrZip: postal || undefined,
    country: input.country,
  };
  if (uspsText(input.postalOrZip) !== (address.postalOrZip ?? '') && address.postalOrZip) {
    f.change(
      'postalOrZip',
      input.postalOrZip ?? '',
      address.postalOrZip,
      `${rule?.name ?? input.country} postal code format`,
    );
  }
  return f.result(address, {});
}

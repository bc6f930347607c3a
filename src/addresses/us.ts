import { editDistance } from './edit-distance.ts';
import { sameText, uspsText } from './text.ts';
import { type AddressDetails, type AddressInput, Findings, type VerificationResult } from './types.ts';
import { militaryStates, usStateCode } from './us-states.ts';
import { standardiseLine } from './us-street.ts';
import { cityKey, closestCity, lookupZip, type ZipEntry, zipsForCity } from './zip-database.ts';

const militaryCities = new Set(['APO', 'FPO', 'DPO']);
const zipPattern = /^(\d{5})(?:-?(\d{4}))?$/;

/** A state name with one slip (CALIFORNA), matched against the written-out names. */
function misspelledState(text: string): string | undefined {
  const names = [
    'ALABAMA',
    'ALASKA',
    'ARIZONA',
    'ARKANSAS',
    'CALIFORNIA',
    'COLORADO',
    'CONNECTICUT',
    'DELAWARE',
    'FLORIDA',
    'GEORGIA',
    'HAWAII',
    'IDAHO',
    'ILLINOIS',
    'INDIANA',
    'IOWA',
    'KANSAS',
    'KENTUCKY',
    'LOUISIANA',
    'MAINE',
    'MARYLAND',
    'MASSACHUSETTS',
    'MICHIGAN',
    'MINNESOTA',
    'MISSISSIPPI',
    'MISSOURI',
    'MONTANA',
    'NEBRASKA',
    'NEVADA',
    'OKLAHOMA',
    'OREGON',
    'PENNSYLVANIA',
    'TENNESSEE',
    'TEXAS',
    'VERMONT',
    'VIRGINIA',
    'WASHINGTON',
    'WISCONSIN',
    'WYOMING',
  ];
  if (text.length < 5) return undefined;
  const close = names.filter((n) => editDistance(text, n, 1) <= 1);
  return close.length === 1 ? usStateCode(close[0] as string) : undefined;
}

/**
 * Verifies a US address offline: Pub 28 standard form, and the ZIP ↔ state ↔ city agreement the ZIP
 * database can prove. It fails only what the data proves wrong (no such ZIP, a ZIP of another state,
 * a missing part that cannot be derived); a city that is not its ZIP's is corrected to the ZIP's.
 */
export function verifyUs(input: AddressInput): VerificationResult {
  const f = new Findings();
  const details: AddressDetails = {};

  // Lines
  const line1 = standardiseLine(input.line1);
  const line2 = standardiseLine(input.line2);
  if (line1.kind === 'empty') f.fail('line1', 'Missing Value');
  else if (line1.kind === 'street' && line1.missingNumber) f.fail('line1', 'Missing Value');
  if (line1.typo) f.note('line1', 'Typo in Value');
  if (!sameText(input.line1, line1.text))
    f.change('line1', input.line1, line1.text, line1.reasons.join('; '));
  if (input.line2 && !sameText(input.line2, line2.text)) {
    f.change('line2', input.line2, line2.text, line2.reasons.join('; '));
  }
  Object.assign(details, line2.details, line1.details);

  // State
  const stateText = uspsText(input.provinceOrState);
  let state = stateText ? (usStateCode(stateText) ?? misspelledState(stateText)) : undefined;
  const stateWasWritten = state !== undefined && state === stateText;

  // ZIP
  const zipText = uspsText(input.postalOrZip).replace(/ /g, '');
  let zip5: string | undefined;
  let plus4: string | undefined;
  let entry: ZipEntry | undefined;
  if (zipText) {
    // A ZIP that lost its leading zero in a spreadsheet (2134 for 02134) is the commonest ZIP slip.
    const padded = /^\d{4}(?:-?\d{4})?$/.test(zipText) ? `0${zipText}` : zipText;
    const m = zipPattern.exec(padded);
    if (!m) {
      f.fail('postalOrZip', 'Incorrect Value');
    } else {
      zip5 = m[1] as string;
      plus4 = m[2];
      entry = lookupZip(zip5);
      if (!entry) f.fail('postalOrZip', 'Incorrect Value');
      else if (state && entry.state !== state) f.fail('postalOrZip', 'Incorrect Value');
    }
  }

  if (!state && entry) {
    state = entry.state;
    f.note('provinceOrState', stateText ? 'Incorrect Value' : 'Missing Value');
  } else if (!state) {
    f.fail('provinceOrState', stateText ? 'Incorrect Value' : 'Missing Value');
  } else if (!stateWasWritten && !usStateCode(stateText)) {
    f.note('provinceOrState', 'Typo in Value');
  }

  // City
  const cityText = uspsText(input.city);
  let city = cityText || undefined;
  const military = state !== undefined && militaryStates.has(state);
  if (entry && (!state || entry.state === state)) {
    if (military) {
      if (!city || !militaryCities.has(city)) {
        f.note('city', city ? 'Incorrect Value' : 'Missing Value');
        city = militaryCities.has(entry.city) ? entry.city : 'APO';
      }
    } else if (!city) {
      f.note('city', 'Missing Value');
      city = entry.city;
    } else if (cityKey(city) !== cityKey(entry.city)) {
      f.note(
        'city',
        editDistance(cityKey(city), cityKey(entry.city), 2) <= 2 ? 'Typo in Value' : 'Incorrect Value',
      );
      city = entry.city;
    }
  } else if (!zipText && state) {
    if (!city) {
      f.fail('city', 'Missing Value');
      f.fail('postalOrZip', 'Missing Value');
    } else {
      let zips = zipsForCity(city, state);
      if (zips.length === 0) {
        const guess = closestCity(city, state);
        if (guess) {
          f.note('city', 'Typo in Value');
          city = guess;
          zips = zipsForCity(guess, state);
        }
      }
      if (zips.length === 0) {
        f.fail('city', 'Incorrect Value');
        f.fail('postalOrZip', 'Missing Value');
      } else if (zips.length === 1) {
        zip5 = zips[0] as string;
        f.note('postalOrZip', 'Missing Value');
      } else {
        f.fail('postalOrZip', 'Missing Value');
        details.suggestedZips = zips.slice(0, 20);
      }
    }
  } else if (!city) {
    f.fail('city', 'Missing Value');
  }

  if (military && line1.kind === 'street') f.fail('line1', 'Incorrect Value');
  if (city && militaryCities.has(city) && state && !military) f.fail('provinceOrState', 'Incorrect Value');

  const postalOrZip = zip5 ? (plus4 ? `${zip5}-${plus4}` : zip5) : zipText || undefined;
  const address = {
    line1: line1.text,
    line2: line2.text || undefined,
    city,
    provinceOrState: state ?? (stateText || undefined),
    postalOrZip,
    zipPlus4: plus4,
    country: 'US',
  };
  if (!sameText(input.city, city))
    f.change(
      'city',
      input.city ?? '',
      city ?? '',
      cityReason(input.city, city, f.errors.city?.includes('Typo in Value')),
    );
  if (!sameText(input.provinceOrState, address.provinceOrState)) {
    f.change(
      'provinceOrState',
      input.provinceOrState ?? '',
      address.provinceOrState ?? '',
      'USPS state code (Pub 28 App. B)',
    );
  }
  if (!sameText(input.postalOrZip, postalOrZip)) {
    f.change(
      'postalOrZip',
      input.postalOrZip ?? '',
      postalOrZip ?? '',
      zipText ? 'ZIP written 12345 or 12345-6789' : 'the only ZIP of the city',
    );
  }
  return f.result(address, details);
}

function cityReason(from: string | undefined, to: string | undefined, typo = false): string {
  if (!from) return 'the city of the ZIP';
  if (typo) return `${uspsText(from)} is a close misspelling of ${to}`;
  return `${to} is the city of the ZIP (the USPS preferred name)`;
}

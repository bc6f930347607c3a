import { countryRules } from './countries.ts';
import { uspsText } from './text.ts';
import type { AddressInput } from './types.ts';
import { usStateCode } from './us-states.ts';
import { suffixAbbreviation } from './usps-suffixes.ts';
import { unitDesignators } from './usps-units.ts';

const canadianPostal = /\b([A-Z]\d[A-Z]) ?(\d[A-Z]\d)$/;
const usZip = /\b(\d{5}(?:-\d{4})?)$/;
const countryNames: Record<string, string> = {
  USA: 'US',
  'UNITED STATES': 'US',
  'UNITED STATES OF AMERICA': 'US',
  CANADA: 'CA',
  'UNITED KINGDOM': 'GB',
  UK: 'GB',
};

/**
 * Splits a one-line address ("1234 Elm St, Los Angeles, CA 90001, US") into PostGrid's fields. Commas
 * separate the parts when present; without them the US last line is read from the end (ZIP, state,
 * then the city after the street's last suffix or unit). PostGrid asks for the country code at the end.
 */
export function parseFreeForm(text: string): AddressInput {
  const parts = text
    .split(/[,\n]/)
    .map((p) => p.trim())
    .filter(Boolean);
  let country: string | undefined;
  const tail = uspsText(parts[parts.length - 1]);
  if (
    parts.length > 1 &&
    (countryNames[tail] || (tail.length === 2 && (tail === 'US' || tail === 'CA' || countryRules[tail])))
  ) {
    country = countryNames[tail] ?? tail;
    parts.pop();
  }
  if (parts.length >= 3) {
    const last = uspsText(parts.pop());
    const city = parts.pop() as string;
    const [line1, ...rest] = parts;
    const { region, postal } = splitRegionPostal(last, true);
    return {
      line1: line1 as string,
      line2: rest.length ? rest.join(' ') : undefined,
      city,
      provinceOrState: region,
      postalOrZip: postal,
      country: country ?? guessCountry(postal),
    };
  }
  // One or two parts: the last line is read from the end of the text.
  const whole = uspsText(parts.join(' '));
  const { region, postal, before } = splitRegionPostal(whole);
  const tokens = before.split(' ');
  let cut = tokens.length;
  for (let i = tokens.length - 1; i > 0; i--) {
    const t = tokens[i] as string;
    if (suffixAbbreviation.has(t) || unitDesignators.has(t) || /\d/.test(t)) {
      cut = i + 1;
      // A unit designator's number belongs to the street line.
      if (unitDesignators.has(t) && tokens[i + 1]) cut = i + 2;
      break;
    }
  }
  return {
    line1: tokens.slice(0, cut).join(' '),
    city: tokens.slice(cut).join(' ') || undefined,
    provinceOrState: region,
    postalOrZip: postal,
    country: country ?? guessCountry(postal),
  };
}

function splitRegionPostal(
  text: string,
  wholePart = false,
): { region?: string; postal?: string; before: string } {
  let rest = text;
  let postal: string | undefined;
  const ca = canadianPostal.exec(rest);
  const us = ca ? null : usZip.exec(rest);
  const m = ca ?? us;
  if (m) {
    postal = ca ? `${ca[1]} ${ca[2]}` : (m[1] as string);
    rest = rest.slice(0, m.index).trim();
  }
  const words = rest.split(' ');
  // State: the last word, or last two/three (NEW YORK, DISTRICT OF COLUMBIA) when they name one.
  for (const n of [3, 2, 1]) {
    if (words.length < n) continue;
    const candidate = words.slice(-n).join(' ');
    if (usStateCode(candidate) || (n === 1 && /^[A-Z]{2}$/.test(candidate))) {
      return { region: candidate, postal, before: words.slice(0, -n).join(' ') };
    }
  }
  // A part of its own (after a comma) that is not a known code is the region as written (Ontario).
  if (wholePart && rest) return { region: rest, postal, before: '' };
  return { postal, before: rest };
}

function guessCountry(postal: string | undefined): string {
  return postal && canadianPostal.test(postal) ? 'CA' : 'US';
}

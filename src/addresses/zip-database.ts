import zipcodes from 'zipcodes';
import { editDistance, typoAllowance } from './edit-distance.ts';

/**
 * The US ZIP database, in memory: the `zipcodes` package (8.0.0), built from GeoNames' postal code
 * export (CC BY 4.0, https://www.geonames.org) and the federal ZIP list. One city per ZIP: the city
 * the Postal Service prefers. Indexed once at import so a verification is a few map lookups.
 */
export interface ZipEntry {
  zip: string;
  /** Upper case, no punctuation, as Pub 28 writes it. */
  city: string;
  state: string;
}

const byZip = new Map<string, ZipEntry>();
/** state → city key → ZIPs */
const byStateCity = new Map<string, Map<string, string[]>>();
/** state → city key → the city as written in the database */
const cityNames = new Map<string, Map<string, string>>();

for (const entry of Object.values(zipcodes.codes)) {
  if (entry.country !== 'US') continue;
  const city = entry.city.toUpperCase().replace(/[.']/g, '').replace(/\s+/g, ' ').trim();
  byZip.set(entry.zip, { zip: entry.zip, city, state: entry.state });
  const key = cityKey(city);
  let cities = byStateCity.get(entry.state);
  if (!cities) {
    cities = new Map();
    byStateCity.set(entry.state, cities);
    cityNames.set(entry.state, new Map());
  }
  const zips = cities.get(key);
  if (zips) zips.push(entry.zip);
  else cities.set(key, [entry.zip]);
  cityNames.get(entry.state)?.set(key, city);
}
for (const cities of byStateCity.values()) for (const zips of cities.values()) zips.sort();

/**
 * What makes two spellings the same city: SAINT/ST, FORT/FT, MOUNT/MT are written both ways and the
 * Postal Service accepts both (Pub 28 §224 abbreviates long city names), spaces ignored.
 */
export function cityKey(city: string): string {
  return city
    .toUpperCase()
    .replace(/\bST\b/g, 'SAINT')
    .replace(/\bFT\b/g, 'FORT')
    .replace(/\bMT\b/g, 'MOUNT')
    .replace(/\s+/g, '');
}

export function lookupZip(zip5: string): ZipEntry | undefined {
  return byZip.get(zip5);
}

/** The ZIPs of a city in a state (sorted), or none. */
export function zipsForCity(city: string, state: string): string[] {
  return byStateCity.get(state)?.get(cityKey(city)) ?? [];
}

/** The cities of a state, as the database writes them. */
export function citiesOfState(state: string): string[] {
  return [...(cityNames.get(state)?.values() ?? [])];
}

/**
 * The one city of `state` that `city` is a close misspelling of, or undefined when none is close or two
 * are equally close (a guess between two towns is no correction).
 */
export function closestCity(city: string, state: string): string | undefined {
  const names = cityNames.get(state);
  if (!names) return undefined;
  const key = cityKey(city);
  const max = typoAllowance(key);
  if (max === 0) return undefined;
  let best: string | undefined;
  let bestDistance = max + 1;
  let tie = false;
  for (const [candidateKey, name] of names) {
    const d = editDistance(key, candidateKey, max);
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
      tie = false;
    } else if (d === bestDistance && d <= max) {
      tie = true;
    }
  }
  return bestDistance <= max && !tie ? best : undefined;
}

export const zipDatabaseAttribution =
  'US ZIP data: the zipcodes package (BSD), from GeoNames (https://www.geonames.org, CC BY 4.0).';

// The rate table (config/rates.yaml, or the file RATES_FILE names): its shape, and the checks that make a
// bad file stop the process at start with the place of the problem named, instead of pricing orders wrong.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { parse as parseYaml } from 'yaml';
import { mailingClasses } from '../orders/schemas.ts';

/** The shipped default, documented with its sources. */
export const DEFAULT_RATES_FILE = path.resolve(import.meta.dirname, '../../config/rates.yaml');

const Cents = Type.Integer({ minimum: 0, maximum: 100_000_000 });
const Ounces = Type.Number({ exclusiveMinimum: 0, maximum: 1000 });
const strict = { additionalProperties: false };
const bySize = <T extends TSchema>(value: T) =>
  Type.Object({ us_letter: value, a4: value, us_legal: value }, strict);
const sides = Type.Object({ simplex: Cents, duplex: Cents }, strict);
const weighted = Type.Object({ firstOunce: Cents, additionalOunce: Cents, maxOunces: Ounces }, strict);
const groupPostage = Type.Object({ postcard: Cents, letter: weighted, flat: weighted }, strict);

export const countryGroups = ['domestic', 'canada', 'mexico', 'international'] as const;
export type CountryGroup = (typeof countryGroups)[number];
export const postageServices = ['first_class', 'marketing', 'priority_express'] as const;
export type PostageService = (typeof postageServices)[number];

const servicePostage = Type.Object(
  Object.fromEntries(countryGroups.map((g) => [g, groupPostage])) as Record<
    CountryGroup,
    typeof groupPostage
  >,
  strict,
);

const Version = Type.Object(
  {
    id: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' }),
    effectiveFrom: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
    printing: bySize(Type.Object({ bw: sides, color: sides }, strict)),
    paper: bySize(Cents),
    sheetOunces: bySize(Ounces),
    envelopes: Type.Object(
      {
        standard: Type.Object(
          { amount: Cents, ounces: Ounces, maxSheets: Type.Integer({ minimum: 1, maximum: 100 }) },
          strict,
        ),
        flat: Type.Object({ amount: Cents, ounces: Ounces }, strict),
      },
      strict,
    ),
    returnEnvelopeOunces: Ounces,
    cheque: Type.Object({ amount: Cents }, strict),
    postcards: Type.Object(
      Object.fromEntries(
        ['6x4', '9x6', '11x6'].map((size) => [
          size,
          Type.Object(
            {
              amount: Cents,
              shape: Type.Union([Type.Literal('postcard'), Type.Literal('letter')]),
              ounces: Ounces,
            },
            strict,
          ),
        ]),
      ),
      strict,
    ),
    selfMailers: Type.Object(
      Object.fromEntries(
        ['8.5x11_bifold', '8.5x11_trifold', '9.5x16_trifold'].map((size) => [
          size,
          Type.Object({ amount: Cents, ounces: Ounces }, strict),
        ]),
      ),
      strict,
    ),
    postage: Type.Object(
      Object.fromEntries(postageServices.map((s) => [s, servicePostage])) as Record<
        PostageService,
        typeof servicePostage
      >,
      strict,
    ),
    extraServices: Type.Object({ certified: Cents, returnReceipt: Cents, registered: Cents }, strict),
  },
  strict,
);

const RateTableFile = Type.Object(
  {
    currency: Type.String({ pattern: '^[A-Z]{3}$' }),
    countryGroups: Type.Object(
      {
        domestic: Type.Array(Type.String({ pattern: '^[A-Z]{2}$' })),
        canada: Type.Array(Type.String({ pattern: '^[A-Z]{2}$' })),
        mexico: Type.Array(Type.String({ pattern: '^[A-Z]{2}$' })),
      },
      strict,
    ),
    services: Type.Record(Type.String(), Type.Union(postageServices.map((s) => Type.Literal(s)))),
    versions: Type.Array(Version, { minItems: 1 }),
  },
  strict,
);

export type RateVersion = Static<typeof Version>;
export type PostcardRate = RateVersion['postcards'][string];

export interface RateTable {
  currency: string;
  /** Where it was read from, for messages. */
  source: string;
  countryGroups: Record<string, Exclude<CountryGroup, 'international'>>;
  services: Record<string, PostageService>;
  /** Oldest first. */
  versions: RateVersion[];
}

export class RateTableError extends Error {}

/** `/versions/1/postage` → `versions[1].postage`, the way the file reads. */
function place(pointer: string): string {
  return pointer
    .split('/')
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`))
    .join('')
    .replace(/^\./, '');
}

/** Checks a parsed rate table; throws RateTableError naming the first problem. */
export function checkRateTable(raw: unknown, source: string): RateTable {
  const problem = (where: string, message: string) =>
    new RateTableError(`${source}: ${where ? `${where} ` : ''}${message}`);
  const first = Value.Errors(RateTableFile, raw).First();
  if (first) {
    // A property the schema does not know is a typo more often than not: say which one.
    const message = /unexpected property/i.test(first.message)
      ? 'is an unknown field (a typo?)'
      : first.message.toLowerCase();
    throw problem(place(first.path), message);
  }
  const file = raw as Static<typeof RateTableFile>;
  for (const mailingClass of mailingClasses) {
    if (!file.services[mailingClass]) {
      throw problem('services', `has no postage service for mailingClass ${mailingClass}`);
    }
  }
  for (const name of Object.keys(file.services)) {
    if (!(mailingClasses as readonly string[]).includes(name))
      throw problem(`services.${name}`, 'is not a mailingClass of the API');
  }
  const groups: RateTable['countryGroups'] = {};
  for (const [group, countries] of Object.entries(file.countryGroups)) {
    for (const country of countries) {
      if (groups[country]) throw problem(`countryGroups.${group}`, `lists ${country} a second time`);
      groups[country] = group as Exclude<CountryGroup, 'international'>;
    }
  }
  const ids = new Set<string>();
  file.versions.forEach((version, i) => {
    const where = `versions[${i}]`;
    if (Number.isNaN(Date.parse(`${version.effectiveFrom}T00:00:00Z`)))
      throw problem(`${where}.effectiveFrom`, `is not a date: ${version.effectiveFrom}`);
    if (ids.has(version.id)) throw problem(`${where}.id`, `repeats the id ${version.id}`);
    ids.add(version.id);
    const previous = file.versions[i - 1];
    if (previous && previous.effectiveFrom >= version.effectiveFrom)
      throw problem(`${where}.effectiveFrom`, 'must be later than the version before it');
  });
  return {
    currency: file.currency,
    source,
    countryGroups: groups,
    services: file.services,
    versions: file.versions,
  };
}

/** Reads and checks a rate table file (YAML, which JSON is too). */
export function loadRateTable(file: string): RateTable {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new RateTableError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new RateTableError(`${file}: is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  return checkRateTable(raw, file);
}

/** The version in effect on a date (YYYY-MM-DD); before the first version, the first. */
export function versionOn(table: RateTable, day: string): RateVersion {
  let chosen = table.versions[0]!;
  for (const version of table.versions) if (version.effectiveFrom <= day) chosen = version;
  return chosen;
}

export function countryGroup(table: RateTable, countryCode: string): CountryGroup {
  return table.countryGroups[countryCode.toUpperCase()] ?? 'international';
}

import { directionals } from './directionals.ts';
import { editDistance, typoAllowance } from './edit-distance.ts';
import { uspsText } from './text.ts';
import type { AddressDetails } from './types.ts';
import { suffixAbbreviation, suffixPrimaryName, suffixPrimaryNames } from './usps-suffixes.ts';
import { unitDesignators } from './usps-units.ts';

export type LineKind =
  | 'street'
  | 'po_box'
  | 'rural_route'
  | 'highway_contract'
  | 'military'
  | 'urbanization'
  | 'unit'
  | 'empty';

export interface StandardLine {
  text: string;
  kind: LineKind;
  /** Each rewrite beyond case and punctuation, with the Pub 28 rule. */
  reasons: string[];
  /** The suffix was a misspelling (PostGrid's "Typo in Value"). */
  typo: boolean;
  /** A street line without a primary (house) number. */
  missingNumber: boolean;
  details: AddressDetails;
}

const poBox =
  /^(?:P ?O ?(?:BOX|BX|B)|POST OFFICE BOX|POST OFFICE|POST BOX|POB|BOX|BX|CALLER|DRAWER)\s+([0-9A-Z-]+)$/;
const ruralRoute =
  /^(?:RR|R R|RURAL ROUTE|RURAL RTE|RURAL RT|RFD|ROUTE|RTE)\s*(\d+)\s+(?:BOX|BX)\s+([0-9A-Z-]+)$/;
const highwayContract =
  /^(?:HC|H C|HIGHWAY CONTRACT|HWY CONTRACT|STAR ROUTE)\s*(\d+)\s+(?:BOX|BX)\s+([0-9A-Z-]+)$/;
const military = /^(PSC|CMR|UNIT)\s+(\d+)\s+(?:BOX|BX)\s+([0-9A-Z-]+)$/;
const ship = /^(?:USS|USNS|USCGC)\s+[A-Z]/;
const urbanization = /^(?:URB|URBANIZACION|URBANIZATION)\s+(.+)$/;
const houseNumber = /^(?:\d[0-9A-Z-]*|[NSEW]\d+[NSEW]?\d*)$/;
/** What a unit number looks like: it has a digit, or is a single letter (APT B). */
const unitNumber = /^(?:[0-9A-Z-]*\d[0-9A-Z-]*|[A-Z])$/;

const highwayWords: Record<string, string> = {
  HIGHWAY: 'HIGHWAY',
  HWY: 'HIGHWAY',
  HIWAY: 'HIGHWAY',
  ROUTE: 'ROUTE',
  RTE: 'ROUTE',
  ROAD: 'ROAD',
  RD: 'ROAD',
  INTERSTATE: 'INTERSTATE',
  FREEWAY: 'FREEWAY',
  TURNPIKE: 'TURNPIKE',
  PIKE: 'PIKE',
};

function line(
  text: string,
  kind: LineKind,
  details: AddressDetails = {},
  reasons: string[] = [],
): StandardLine {
  return { text, kind, reasons, typo: false, missingNumber: false, details };
}

/** Reads `DESIGNATOR NUMBER` (or a bare `#5`, or a standalone designator) from `tokens`, or undefined. */
function readUnit(
  tokens: string[],
  reasons: string[],
): { text: string; key: string; id?: string } | undefined {
  const [first, ...rest] = tokens;
  if (!first) return undefined;
  const designator = unitDesignators.get(first);
  if (!designator) return undefined;
  const number = rest.filter((t) => t !== '#');
  if (designator.ranged) {
    if (number.length !== 1 || !unitNumber.test(number[0] as string)) return undefined;
  } else if (number.length !== 0) {
    return undefined;
  }
  if (first !== designator.standard)
    reasons.push(`unit designator ${first} → ${designator.standard} (Pub 28 App. C2)`);
  const id = number[0];
  return {
    text: id ? `${designator.standard} ${id}` : designator.standard,
    key: designator.standard,
    id,
  };
}

/** The C1 suffix a misspelled word was meant to be, when exactly one primary name is that close. */
function misspelledSuffix(word: string): string | undefined {
  const max = typoAllowance(word);
  if (max === 0 || /\d/.test(word)) return undefined;
  let found: string | undefined;
  let best = max + 1;
  let tie = false;
  for (const [primary, abbreviation] of suffixPrimaryNames) {
    const d = editDistance(word, primary, max);
    if (d < best) {
      best = d;
      found = abbreviation;
      tie = false;
    } else if (d === best) {
      tie = tie || found !== abbreviation;
    }
  }
  return best <= max && !tie ? found : undefined;
}

/**
 * Standardises one delivery-address line per USPS Publication 28: PO boxes (§28), rural routes and
 * highway contracts (§24–25), military (§225), PR urbanizations (§29), a unit line, or a street line
 * `NUMBER [PRE] NAME [SUFFIX] [POST] [UNIT NUMBER]`. Our own parser: parse-address 1.1.2 drops a
 * misspelled suffix, misreads "N.W.," and does not know PO boxes, rural routes, PSC or URB.
 */
export function standardiseLine(raw: string | undefined): StandardLine {
  const text = uspsText(raw);
  if (!text) return line('', 'empty');
  const reasons: string[] = [];

  let m = poBox.exec(text);
  if (m) {
    const out = `PO BOX ${m[1]}`;
    if (out.replace(/ /g, '') !== text.replace(/ /g, '')) reasons.push('PO box written PO BOX (Pub 28 §281)');
    return line(out, 'po_box', { boxID: m[1] }, reasons);
  }
  m = ruralRoute.exec(text);
  if (m) {
    const out = `RR ${m[1]} BOX ${m[2]}`;
    if (out !== text) reasons.push('rural route written RR n BOX n (Pub 28 §24)');
    return line(out, 'rural_route', { ruralRouteType: 'RR', ruralRouteNumber: m[1], boxID: m[2] }, reasons);
  }
  m = highwayContract.exec(text);
  if (m) {
    const out = `HC ${m[1]} BOX ${m[2]}`;
    if (out !== text) reasons.push('highway contract route written HC n BOX n (Pub 28 §25)');
    return line(
      out,
      'highway_contract',
      { ruralRouteType: 'HC', ruralRouteNumber: m[1], boxID: m[2] },
      reasons,
    );
  }
  m = military.exec(text);
  if (m) {
    const out = `${m[1]} ${m[2]} BOX ${m[3]}`;
    if (out !== text) reasons.push('military address written PSC/CMR/UNIT n BOX n (Pub 28 §225)');
    return line(out, 'military', { boxID: m[3] }, reasons);
  }
  if (ship.test(text)) return line(text, 'military');
  m = urbanization.exec(text);
  if (m) {
    const out = `URB ${m[1]}`;
    if (out !== text) reasons.push('urbanization written URB (Pub 28 §29)');
    return line(out, 'urbanization', { urbanization: m[1] }, reasons);
  }

  const tokens = text.split(' ');
  const unitOnly = readUnit(tokens, reasons);
  if (unitOnly) return line(unitOnly.text, 'unit', { suiteKey: unitOnly.key, suiteID: unitOnly.id }, reasons);
  if (tokens.length === 1 && unitNumber.test(text) && /\d/.test(text)) {
    reasons.push(`unit designator # added before ${text} (Pub 28 §213)`);
    return line(`# ${text}`, 'unit', { suiteKey: '#', suiteID: text }, reasons);
  }
  return standardiseStreet(tokens, reasons);
}

function standardiseStreet(tokens: string[], reasons: string[]): StandardLine {
  const details: AddressDetails = {};
  let body = [...tokens];
  let number: string | undefined;
  if (body[0] && houseNumber.test(body[0])) {
    number = body.shift() as string;
    if (body[0] && /^\d\/\d+$/.test(body[0])) number = `${number} ${body.shift()}`;
    details.streetNumber = number;
  }

  // The secondary unit: a designator with its number near the end, or a bare number after the suffix.
  let unit: string | undefined;
  for (let i = 1; i < body.length; i++) {
    const found = readUnit(body.slice(i), reasons);
    if (found) {
      unit = found.text;
      details.suiteKey = found.key;
      details.suiteID = found.id;
      body = body.slice(0, i);
      break;
    }
  }
  if (!unit && body.length >= 2) {
    const last = body[body.length - 1] as string;
    const before = body[body.length - 2] as string;
    // Highway-style names (Pub 28 §24): HIGHWAY 7, COUNTY ROAD 8; the number is the name, not a unit.
    const highway = highwayWords[before];
    if (highway && /^\d+[A-Z]?$/.test(last)) {
      if (highway !== before)
        reasons.push(`${before} spelled out as ${highway} in a highway-style address (Pub 28 §24)`);
      const head = body.slice(0, -2).map((t) => (t === 'CO' && highway === 'ROAD' ? 'COUNTY' : t));
      const text = [number, ...head, highway, last].filter(Boolean).join(' ');
      return {
        text,
        kind: 'street',
        reasons,
        typo: false,
        missingNumber: number === undefined,
        details: { ...details, streetName: text },
      };
    }
  }
  if (!unit && body.length >= 3) {
    const last = body[body.length - 1] as string;
    const before = body[body.length - 2] as string;
    if (
      /\d/.test(last) &&
      unitNumber.test(last) &&
      (suffixAbbreviation.has(before) || directionals.has(before))
    ) {
      reasons.push(`unit designator # added before ${last} (Pub 28 §213)`);
      unit = `# ${last}`;
      details.suiteKey = '#';
      details.suiteID = last;
      body = body.slice(0, -1);
    }
  }

  let post: string | undefined;
  const lastWord = body[body.length - 1];
  if (body.length >= 2 && lastWord && directionals.has(lastWord)) {
    post = directionals.get(lastWord) as string;
    if (post !== lastWord) reasons.push(`directional ${lastWord} → ${post} (Pub 28 §233)`);
    body = body.slice(0, -1);
  }
  let pre: string | undefined;
  const firstWord = body[0];
  if (body.length >= 2 && firstWord && directionals.has(firstWord)) {
    const rest = body.slice(1);
    const restIsOnlySuffix = rest.length === 1 && suffixAbbreviation.has(rest[0] as string);
    if (!restIsOnlySuffix) {
      pre = directionals.get(firstWord) as string;
      if (pre !== firstWord) reasons.push(`directional ${firstWord} → ${pre} (Pub 28 §233)`);
      body = rest;
    }
  }

  let suffix: string | undefined;
  let typo = false;
  const last = body[body.length - 1];
  if (body.length >= 2 && last) {
    const known = suffixAbbreviation.get(last);
    const guessed = known ? undefined : misspelledSuffix(last);
    suffix = known ?? guessed;
    if (suffix) {
      if (guessed) {
        typo = true;
        reasons.push(
          `suffix ${last} is a misspelling of ${suffixPrimaryName.get(suffix)} → ${suffix} (Pub 28 App. C1)`,
        );
      } else if (suffix !== last) {
        reasons.push(`suffix ${last} → ${suffix} (Pub 28 App. C1)`);
      }
      body = body.slice(0, -1);
      // Two-suffix rule: only the last suffix word is abbreviated; one before it is part of the name.
      const previous = body[body.length - 1];
      if (
        body.length >= 2 &&
        previous &&
        suffixPrimaryName.has(previous) &&
        previous !== suffixPrimaryName.get(previous)
      ) {
        const spelled = suffixPrimaryName.get(previous) as string;
        reasons.push(
          `${previous} spelled out as ${spelled}: only the last of two suffixes is abbreviated (Pub 28 §232)`,
        );
        body = [...body.slice(0, -1), spelled];
      }
    }
  }

  const name = body.join(' ');
  details.streetName = name || undefined;
  details.streetType = suffix;
  details.preDirection = pre;
  details.postDirection = post;
  const text = [number, pre, name, suffix, post, unit].filter(Boolean).join(' ');
  return { text, kind: 'street', reasons, typo, missingNumber: number === undefined, details };
}

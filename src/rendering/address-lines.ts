/**
 * An address as it is printed on a piece (USPS Pub 28, DMM 202): the contact's fields turned into
 * uppercase lines, recipient line(s) first and the city/state/ZIP line last, the country name below it
 * for mail going abroad. Drawing is src/rendering/address-block.ts's job.
 */

/** The address fields of a contact, as the API takes and returns them (PostGrid's contact shape). */
export interface MailAddress {
  firstName?: string | null;
  lastName?: string | null;
  companyName?: string | null;
  addressLine1: string;
  addressLine2?: string | null;
  city?: string | null;
  provinceOrState?: string | null;
  postalOrZip?: string | null;
  /** ISO 3166-1 alpha-2. */
  countryCode: string;
}

export interface AddressLineOptions {
  /**
   * The country the piece is mailed from (default US): an address in another country gets its country
   * name as the last line, one in the same country does not.
   */
  originCountry?: string;
  /**
   * Put the person and the company on one line (`JANE DOE, ACME INC`) rather than two: the return
   * window has room for fewer lines than the recipient window.
   */
  joinNameAndCompany?: boolean;
  /**
   * Whether a line fits the space it is printed in. Pub 28 puts the secondary unit (APT, STE) on the
   * delivery line; it gets a line of its own only when the joined line does not fit. Default: always fits.
   */
  fits?: (line: string) => boolean;
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

function clean(value: string | null | undefined): string {
  // Collapse whitespace (a line break inside a field would print outside the line).
  return (value ?? '').replace(/\s+/g, ' ').trim();
}

/** The uppercase lines of `address`, in print order. Empty fields leave no blank line. */
export function addressLines(address: MailAddress, options: AddressLineOptions = {}): string[] {
  const name = [clean(address.firstName), clean(address.lastName)].filter(Boolean).join(' ');
  const company = clean(address.companyName);
  const lines: string[] = [];
  if (options.joinNameAndCompany && name && company) lines.push(`${name}, ${company}`);
  else lines.push(...[name, company].filter(Boolean));
  const line1 = clean(address.addressLine1);
  const line2 = clean(address.addressLine2);
  const joined = [line1, line2].filter(Boolean).join(' ');
  const fits = options.fits ?? (() => true);
  if (line2 && !fits(joined.toUpperCase())) lines.push(line1, line2);
  else lines.push(joined);
  const country = clean(address.countryCode).toUpperCase();
  const region = clean(address.provinceOrState);
  const postal = clean(address.postalOrZip);
  // US and Canadian style: CITY ST  ZIP (one space before the ZIP is accepted; two is the USPS style).
  const cityLine = [clean(address.city), [region, postal].filter(Boolean).join('  ')]
    .filter(Boolean)
    .join(' ');
  if (cityLine) lines.push(cityLine);
  if (country && country !== (options.originCountry ?? 'US').toUpperCase()) {
    lines.push(countryName(country));
  }
  return lines.filter((line) => line !== '').map((line) => line.toUpperCase());
}

/** The English name of a country code, the code itself when unknown. */
export function countryName(code: string): string {
  try {
    return regionNames.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

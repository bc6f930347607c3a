/** The fields PostGrid's verification API names, and the words it uses for what is wrong with one. */
export type AddressField =
  | 'line1'
  | 'line2'
  | 'city'
  | 'provinceOrState'
  | 'postalOrZip'
  | 'country'
  | 'generic';
export type ErrorWord = 'Missing Value' | 'Incorrect Value' | 'Typo in Value' | 'Would not fit' | 'Alternate';
export type AddressStatus = 'verified' | 'corrected' | 'failed';

export interface AddressInput {
  line1: string;
  line2?: string;
  city?: string;
  provinceOrState?: string;
  postalOrZip?: string;
  /** ISO 3166-1 alpha-2, upper case. */
  country: string;
}

export interface StandardAddress {
  line1: string;
  line2?: string;
  city?: string;
  provinceOrState?: string;
  /** The full standard form: 12345, 12345-6789, K1A 0B1, SW1A 2AA. */
  postalOrZip?: string;
  zipPlus4?: string;
  country: string;
}

/** One change the verifier made, named: what it was, what it is, and the rule. */
export interface AddressChange {
  field: Exclude<AddressField, 'generic'>;
  from: string;
  to: string;
  reason: string;
}

export interface AddressDetails {
  streetNumber?: string;
  streetName?: string;
  streetType?: string;
  preDirection?: string;
  postDirection?: string;
  suiteKey?: string;
  suiteID?: string;
  boxID?: string;
  ruralRouteType?: string;
  ruralRouteNumber?: string;
  /** PR urbanization name (Pub 28 §29). */
  urbanization?: string;
  /** Canada Post's last line: MUNICIPALITY PROV  A1A 1A1. */
  lastLine?: string;
  /** Other ZIPs of the city, when the ZIP was missing and could not be chosen. */
  suggestedZips?: string[];
}

export interface VerificationResult {
  status: AddressStatus;
  address: StandardAddress;
  /**
   * What was wrong with the input, per field, in PostGrid's words. A `corrected` result has them too
   * (the city had a typo and was corrected); only a `failed` one has a field the verifier could not fix.
   */
  errors: Partial<Record<AddressField, ErrorWord[]>>;
  changes: AddressChange[];
  details: AddressDetails;
}

/** Collects errors and changes while one address is verified. */
export class Findings {
  readonly errors: Partial<Record<AddressField, ErrorWord[]>> = {};
  readonly changes: AddressChange[] = [];
  failed = false;

  /** The data proves this field wrong and the verifier cannot fix it. */
  fail(field: AddressField, word: ErrorWord): void {
    this.failed = true;
    this.note(field, word);
  }

  /** Something was wrong but the verifier fixed it (the change says how). */
  note(field: AddressField, word: ErrorWord): void {
    const words = this.errors[field] ?? [];
    if (!words.includes(word)) words.push(word);
    this.errors[field] = words;
  }

  change(field: AddressChange['field'], from: string, to: string, reason: string): void {
    this.changes.push({ field, from, to, reason });
  }

  result(address: StandardAddress, details: AddressDetails): VerificationResult {
    const status: AddressStatus = this.failed ? 'failed' : this.changes.length ? 'corrected' : 'verified';
    return { status, address, errors: this.errors, changes: this.changes, details };
  }
}

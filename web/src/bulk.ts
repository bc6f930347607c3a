// Bulk sending as the dashboard reads it (src/imports, src/mailing-lists, src/campaigns): imports of a
// CSV, mailing lists made of them, and campaigns that send one order per list member.
import { parse } from 'csv-parse/browser/esm/sync';
import type { ContactLike } from './format.ts';

export interface Counted {
  type: string;
  message: string;
}

export interface MailingListImport {
  id: string;
  object: 'mailing_list_import';
  status: 'validating' | 'completed' | 'changes_required';
  file: {
    receiverAddressMapping?: Record<string, string>;
    receiverMergeVariableMapping?: Record<string, string>;
  };
  validRowCount: number;
  invalidRowCount: number;
  receiverStatusCount: { verifiedCount: number; correctedCount: number; failedCount: number };
  errors: Counted[];
  notes: Counted[];
  reportURL?: string;
  description?: string;
  createdAt: string;
  updatedAt: string;
}

export interface ImportRow {
  rowNumber: number;
  status: 'pending' | 'valid' | 'failed';
  values: Record<string, string>;
  errors?: string[];
  corrections?: { field: string; from: string; to: string }[];
}

export interface MailingList {
  id: string;
  object: 'mailing_list';
  status: 'creating_contacts' | 'removing_contacts' | 'completed';
  contactCount: number;
  errors: Counted[];
  description?: string;
  createdAt: string;
  updatedAt: string;
}

export type CampaignStatus =
  | 'drafting'
  | 'changes_required'
  | 'draft'
  | 'creating_orders'
  | 'ready'
  | 'cancelled';

export interface Campaign {
  id: string;
  object: 'campaign';
  status: CampaignStatus;
  mailingList: string;
  letterProfile?: string;
  postcardProfile?: string;
  chequeProfile?: string;
  selfMailerProfile?: string;
  defaultSenderContact?: string;
  description?: string;
  sendDate?: string;
  rowCount: number;
  createdCount: number;
  failedCount: number;
  errors: Counted[];
  orderPreviewURL?: string;
  reportURL?: string;
  createdAt: string;
  updatedAt: string;
}

export interface CampaignRow {
  row: number;
  status: 'created' | 'failed';
  order?: string;
  error?: string;
  to?: ContactLike;
  mailingListImport?: string;
  importRow?: number;
}

export interface StatusCounts {
  byStatus: Record<string, number>;
  series: ({ at: string } & Record<string, number | string>)[];
}

/** The order profile kinds, by their API path (/order_profiles/{path}) and the campaign field naming one. */
export const profileKinds = [
  { path: 'letters', field: 'letterProfile', label: 'Letter', orders: 'letters' },
  { path: 'postcards', field: 'postcardProfile', label: 'Postcard', orders: 'postcards' },
  { path: 'cheques', field: 'chequeProfile', label: 'Cheque', orders: 'cheques' },
  { path: 'self_mailers', field: 'selfMailerProfile', label: 'Self-mailer', orders: 'self_mailers' },
] as const;

export function campaignProfile(campaign: Campaign): { label: string; id: string } | undefined {
  for (const kind of profileKinds) {
    const id = campaign[kind.field];
    if (id) return { label: kind.label, id };
  }
  return undefined;
}

/** The work a bulk object is doing in the background, during which its page polls. */
export const importBusy = (i: MailingListImport | undefined) => i?.status === 'validating';
export const listBusy = (l: MailingList | undefined) => !!l && l.status !== 'completed';
export const campaignBusy = (c: Campaign | undefined) =>
  c?.status === 'drafting' || c?.status === 'creating_orders';

/** A campaign's progress as a fraction, or undefined while it is not counting rows (drafting). */
export function campaignProgress(c: Campaign): number | undefined {
  if (c.status === 'ready') return 1;
  if (c.status !== 'creating_orders' && c.status !== 'cancelled') return undefined;
  if (c.rowCount === 0) return c.status === 'cancelled' ? 0 : undefined;
  return (c.createdCount + c.failedCount) / c.rowCount;
}

/** The contact fields a column can map to (src/imports/schemas.ts contactFields), with their labels. */
export const contactFields = [
  ['firstName', 'First name'],
  ['lastName', 'Last name'],
  ['companyName', 'Company'],
  ['email', 'Email'],
  ['phoneNumber', 'Phone number'],
  ['jobTitle', 'Job title'],
  ['addressLine1', 'Address line 1'],
  ['addressLine2', 'Address line 2'],
  ['city', 'City'],
  ['provinceOrState', 'State or province'],
  ['postalOrZip', 'ZIP or postal code'],
  ['countryCode', 'Country code'],
  ['description', 'Description'],
] as const;

export type ContactField = (typeof contactFields)[number][0];

/** Header names spreadsheets commonly use for each field, compared without case, spaces or punctuation. */
const synonyms: Record<ContactField, string[]> = {
  firstName: ['firstname', 'first', 'givenname', 'forename'],
  lastName: ['lastname', 'last', 'surname', 'familyname'],
  companyName: ['company', 'companyname', 'organization', 'organisation', 'business'],
  email: ['email', 'emailaddress', 'mail'],
  phoneNumber: ['phone', 'phonenumber', 'telephone', 'tel', 'mobile'],
  jobTitle: ['jobtitle', 'title', 'position'],
  addressLine1: ['address', 'addressline1', 'address1', 'street', 'streetaddress', 'line1'],
  addressLine2: ['addressline2', 'address2', 'line2', 'apt', 'suite', 'unit'],
  city: ['city', 'town', 'locality'],
  provinceOrState: ['state', 'province', 'provinceorstate', 'region', 'st'],
  postalOrZip: ['zip', 'zipcode', 'postalcode', 'postcode', 'postal', 'postalorzip'],
  countryCode: ['country', 'countrycode'],
  description: ['description', 'notes'],
};

const squash = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** "Plan Tier" → "planTier": a merge variable name templates can use as {{planTier}}. */
export function variableName(column: string): string {
  const words = column
    .trim()
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  const name = words
    .map((w, i) =>
      i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1),
    )
    .join('');
  return /^[A-Za-z_]/.test(name) ? name : `column${name}`;
}

/** What one CSV column becomes: a contact field, a merge variable (named), or nothing. */
export type ColumnUse =
  | { kind: 'field'; field: ContactField }
  | { kind: 'variable'; name: string }
  | { kind: 'skip' };

/** A first guess at each column's use: a field its header names (each field once), else a merge variable. */
export function guessUses(header: string[]): ColumnUse[] {
  const taken = new Set<ContactField>();
  return header.map((column) => {
    const key = squash(column);
    const field = (Object.keys(synonyms) as ContactField[]).find(
      (f) => !taken.has(f) && (synonyms[f].includes(key) || squash(f) === key),
    );
    if (field) {
      taken.add(field);
      return { kind: 'field', field };
    }
    return { kind: 'variable', name: variableName(column) };
  });
}

/** PostGrid's mappings (field or variable → column) from each column's use. */
export function mappingsOf(header: string[], uses: ColumnUse[]) {
  const receiverAddressMapping: Record<string, string> = {};
  const receiverMergeVariableMapping: Record<string, string> = {};
  uses.forEach((use, i) => {
    const column = header[i]!;
    if (use.kind === 'field') receiverAddressMapping[use.field] = column;
    if (use.kind === 'variable' && use.name.trim()) receiverMergeVariableMapping[use.name.trim()] = column;
  });
  return { receiverAddressMapping, receiverMergeVariableMapping };
}

/** What is wrong with the mapping before it is sent: the server checks it too, this says it sooner. */
export function mappingProblems(uses: ColumnUse[]): string[] {
  const problems: string[] = [];
  const fields = uses.flatMap((u) => (u.kind === 'field' ? [u.field] : []));
  if (!fields.includes('addressLine1')) problems.push('Map a column to Address line 1.');
  for (const [field, label] of contactFields) {
    if (fields.filter((f) => f === field).length > 1)
      problems.push(`${label} is mapped from more than one column.`);
  }
  const names = uses.flatMap((u) => (u.kind === 'variable' ? [u.name.trim()] : []));
  if (names.some((n) => !n)) problems.push('Every merge variable needs a name.');
  for (const name of new Set(names)) {
    if (name && names.filter((n) => n === name).length > 1)
      problems.push(`The merge variable "${name}" is taken by more than one column.`);
  }
  return problems;
}

/** How much of a file the preview reads: enough for the header and first rows of any sane CSV. */
const PREVIEW_BYTES = 256 * 1024;

export interface CsvPreview {
  header: string[];
  rows: string[][];
}

/**
 * The header and first rows of a CSV file, read from its first bytes only (a 100 MB file is never read
 * whole in the browser) with csv-parse, the parser the server imports with, and its options: the preview
 * splits columns exactly as the import will.
 */
export async function previewCsv(file: Blob, rowCount = 5): Promise<CsvPreview> {
  const text = await file.slice(0, PREVIEW_BYTES).text();
  const records = parse(text, {
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    // Stops before the cut at PREVIEW_BYTES, which may fall inside a record.
    to: rowCount + 1,
  }) as string[][];
  const [head, ...rows] = records;
  if (!head || head.length === 0)
    throw new Error('The file is empty: a header row naming the columns is required.');
  return { header: head.map((h) => h.trim()), rows };
}

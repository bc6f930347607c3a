import { createHash } from 'node:crypto';
import type { Static } from '@sinclair/typebox';
import {
  type ContactVerification,
  verifyContactAddress,
  verifyContactAddressOffline,
} from '../addresses/contact-verification.ts';
import type { ApiAuth } from '../auth/api-keys.ts';
import type { Executor } from '../db/database.ts';
import { ApiError, invalid, notFound } from '../errors.ts';
import { createdAtRangeOf } from '../http/created-range.ts';
import { listPage, parseSearch } from '../http/list.ts';
import { newId } from '../ids.ts';
import { isCountryCode } from './countries.ts';
import {
  type ContactFilters,
  type ContactRow,
  findContact,
  listContacts,
  type NewContact,
  softDeleteContact,
  upsertContact,
} from './repo.ts';
import type { ContactCreate, ContactListQuery } from './schemas.ts';

export type ContactInput = Static<typeof ContactCreate>;
export type ContactObject = Record<string, unknown> & { id: string };

const addressFields = [
  'firstName',
  'lastName',
  'companyName',
  'email',
  'phoneNumber',
  'jobTitle',
  'addressLine1',
  'addressLine2',
  'city',
  'provinceOrState',
  'postalOrZip',
  'countryCode',
] as const;

/** Trims strings, drops empty ones and upper-cases the country, so equal contacts compare equal. */
function normalise(input: ContactInput, field: string): ContactInput {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (typeof value === 'string') {
      const trimmed = value.trim();
      if (trimmed !== '') out[key] = trimmed;
    } else if (value !== undefined) {
      out[key] = value;
    }
  }
  const contact = out as ContactInput;
  if (!contact.firstName && !contact.companyName) {
    throw invalid(`${field}: firstName or companyName is required.`);
  }
  if (!contact.addressLine1) throw invalid(`${field}.addressLine1 is required.`);
  contact.countryCode = (contact.countryCode ?? '').toUpperCase();
  if (!isCountryCode(contact.countryCode)) {
    throw invalid(`${field}.countryCode must be an ISO 3166-1 alpha-2 code, got "${input.countryCode}".`);
  }
  return contact;
}

/** The hash of a normalised contact's fields: equal for contacts that are the same contact. */
export function contentFingerprint(contact: ContactInput): string {
  const key = [
    ...addressFields.map((f) => (contact[f] ?? '').toLowerCase()),
    contact.description ?? '',
    JSON.stringify(contact.metadata ?? null),
    String(contact.skipVerification ?? false),
    String(contact.forceVerifiedStatus ?? false),
  ];
  return createHash('sha256').update(JSON.stringify(key)).digest('hex');
}

/**
 * What deduplicates contacts: the content hash scoped to the organization and mode, so the unique index
 * and the lookup of an identical contact need this one column (migrations/0010 computes the same).
 */
function fingerprint(auth: ApiAuth, contact: ContactInput): string {
  return createHash('sha256')
    .update(`${auth.organizationId}:${auth.live}:${contentFingerprint(contact)}`)
    .digest('hex');
}

export function serializeContact(row: ContactRow): ContactObject {
  return {
    id: row.id,
    object: 'contact',
    live: row.live,
    ...row.body,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** A contact checked and normalised, ready to upsert: what createContact stores. */
export type PreparedContact = NewContact;

/**
 * Checks, normalises and verifies an inline contact without touching the database. A corrected address
 * is stored (and so mailed) corrected, with the typed one kept as `originalAddress`. The fingerprint is
 * of what was typed, so sending the same contact again finds the stored one.
 */
export async function prepareVerifiedContact(
  auth: ApiAuth,
  input: ContactInput,
  field = 'contact',
): Promise<PreparedContact> {
  const contact = normalise(input, field);
  return prepareContact(auth, contact, field, await verifyContactAddress(contact, auth.live));
}

/** The same, synchronously: given a verification, or with the offline verifier's. */
export function prepareContact(
  auth: ApiAuth,
  input: ContactInput,
  field = 'contact',
  verified?: ContactVerification,
): PreparedContact {
  const contact = normalise(input, field);
  const { corrected, ...verification } = verified ?? verifyContactAddressOffline(contact, auth.live);
  const body: Record<string, unknown> = {
    ...contact,
    ...corrected,
    skipVerification: contact.skipVerification ?? false,
    forceVerifiedStatus: contact.forceVerifiedStatus ?? false,
    ...verification,
  };
  for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
  const searchText = [...addressFields.map((f) => contact[f] ?? ''), contact.description ?? '']
    .join(' ')
    .toLowerCase();
  return {
    id: newId('contact'),
    organizationId: auth.organizationId,
    live: auth.live,
    fingerprint: fingerprint(auth, contact),
    body,
    searchText,
  };
}

/**
 * How a prepared contact will read once stored, for checks that run before it is (merge variables).
 * The id and times are those of a new contact; an identical stored one keeps its own.
 */
export function previewContact(contact: PreparedContact, now: Date): ContactObject {
  const at = now.toISOString();
  return {
    id: contact.id,
    object: 'contact',
    live: contact.live,
    ...contact.body,
    createdAt: at,
    updatedAt: at,
  };
}

/** Creates a contact, or returns the identical one that already exists (PostGrid deduplicates). */
export async function createContact(
  db: Executor,
  auth: ApiAuth,
  input: ContactInput,
  field = 'contact',
): Promise<ContactObject> {
  const row = await upsertContact(db, await prepareVerifiedContact(auth, input, field));
  return serializeContact(row);
}

export async function getContact(db: Executor, auth: ApiAuth, id: string): Promise<ContactObject> {
  const row = await findContact(db, auth.organizationId, auth.live, id);
  if (!row) throw notFound('Contact', id);
  return serializeContact(row);
}

/** An order's `to`/`from`: a contact id, or an inline contact that is created (deduplicated) first. */
export async function resolveContact(
  db: Executor,
  auth: ApiAuth,
  value: string | ContactInput,
  field: string,
): Promise<ContactObject> {
  if (typeof value === 'string') {
    const row = await findContact(db, auth.organizationId, auth.live, value);
    if (!row) throw new ApiError('validation_error', `${field}: contact ${value} was not found.`);
    return serializeContact(row);
  }
  return createContact(db, auth, value, field);
}

const addressStatuses = ['verified', 'corrected', 'failed'];

export type ContactListParams = Static<typeof ContactListQuery>;

/** The list's filters from its query: PostGrid's search plus the created-at range. */
export function contactFiltersOf(params: Omit<ContactListParams, 'skip' | 'limit'>): ContactFilters {
  // PostGrid-style structured search: `search={"addressStatus":"failed"}` lists the contacts to fix.
  const search = parseSearch(params.search, ['metadata', 'addressStatus'], {
    addressStatus: addressStatuses,
  });
  return {
    text: search.text,
    metadata: search.metadata,
    addressStatus: search.fields.addressStatus as string | undefined,
    ...createdAtRangeOf(params),
  };
}

export async function listContactPage(db: Executor, auth: ApiAuth, params: ContactListParams) {
  const { rows, totalCount } = await listContacts(db, auth, params, contactFiltersOf(params));
  return listPage(params, totalCount, rows.map(serializeContact));
}

export async function deleteContact(db: Executor, auth: ApiAuth, id: string) {
  if (!(await softDeleteContact(db, auth.organizationId, auth.live, id))) throw notFound('Contact', id);
  return { id, object: 'contact' as const, deleted: true as const };
}

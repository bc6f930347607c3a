import { sql } from 'kysely';
import { guardOrderAddress } from '../addresses/order-guard.ts';
import type { ApiAuth } from '../auth/api-keys.ts';
import {
  type ContactInput,
  prepareVerifiedContact,
  previewContact,
  resolveContact,
} from '../contacts/service.ts';
import type { Executor, Tx } from '../db/database.ts';
import type { ExtraService, OrderKind, OrderStatus } from '../db/schema.ts';
import { ApiError, notFound } from '../errors.ts';
import { listPage, parseSearch } from '../http/list.ts';
import { type IdPrefix, newId } from '../ids.ts';
import { rateTable } from '../pricing/current.ts';
import { priceOrder } from '../pricing/price.ts';
import { insertOrderWithContacts } from './create-batches.ts';
import { transitionOrder } from './lifecycle.ts';
import { type MailingChoice, resolveMailing } from './mailing-class.ts';
import {
  findOrder,
  insertOrder,
  listOrders,
  type NewOrderWithContacts,
  type OrderFilters,
  type OrderJson,
} from './repo.ts';
import { type MailingClass, orderStatuses } from './schemas.ts';
import { resolveSendDate } from './send-date.ts';

/** What distinguishes one order kind from another; everything else is shared. */
export interface OrderKindSpec<I> {
  kind: OrderKind;
  /** Human name for messages: "Letter", "Postcard"… */
  label: string;
  idPrefix: IdPrefix;
  allowsExtraService: boolean;
  fromRequired: boolean;
  /** Validates and returns the kind's own fields (size, content…), stored in `details`. */
  details: (input: I, context: OrderKindContext) => Promise<Record<string, unknown>>;
  /**
   * For an order that will never be mailed (PostGrid's digital-only cheque): the cancellation it is
   * created with, status `cancelled` from its first event on. Such creates take the transactional path.
   */
  createdCancellation?: (input: I) => { reason: string } | undefined;
}

/** What a kind's `details` sees: the create transaction, the resolved contacts and the new order's id. */
export interface OrderKindContext {
  tx: Tx;
  auth: ApiAuth;
  to: Record<string, unknown>;
  from: Record<string, unknown> | null;
  /** Id the order is about to be inserted under, for rows that hang off it (template snapshots). */
  id: string;
}

export interface OrderCreateInput {
  to: string | ContactInput;
  from?: string | ContactInput;
  description?: string;
  metadata?: Record<string, unknown>;
  mergeVariables?: Record<string, unknown>;
  sendDate?: string;
  mailingClass?: MailingClass;
  extraService?: ExtraService;
}

function searchText(order: { id: string; description?: string }, to: Record<string, unknown>): string {
  const fields = ['firstName', 'lastName', 'companyName', 'addressLine1', 'city', 'postalOrZip', 'email'];
  return [order.id, order.description ?? '', ...fields.map((f) => String(to[f] ?? ''))]
    .join(' ')
    .toLowerCase();
}

/** Thrown by the database handle a kind's `details` get on the one-statement path, the moment they use it. */
class NeedsDatabase extends Error {}

/**
 * Handed to `details` on the one-statement path: any use (a template lookup, a cheque number, a return
 * envelope) throws NeedsDatabase before anything is written, and the create takes the transactional path.
 */
const noDatabase = new Proxy(
  {},
  {
    get() {
      throw new NeedsDatabase('this create needs the database');
    },
  },
) as Tx;

/**
 * Creates an order of any kind with its `*.created` event. Given a transaction, it runs in it; given the
 * database, it opens one when it needs one. The common create (inline contacts, content that needs no
 * lookup) is a single statement (src/orders/repo.ts insertOrdersWithContacts), shared with the
 * concurrent creates of the process (src/orders/create-batches.ts): one round trip instead of six, and
 * the statement's fixed costs paid once for many creates. Both paths check the input in the same order,
 * so the same bad input gets the same error either way.
 */
export async function createOrder<I extends OrderCreateInput>(
  db: Executor,
  auth: ApiAuth,
  spec: OrderKindSpec<I>,
  input: I,
  now = new Date(),
): Promise<OrderJson> {
  const sendDate = resolveSendDate(input.sendDate, now);
  if (typeof input.to !== 'string' && typeof input.from !== 'string') {
    const inline = input as I & { to: ContactInput; from?: ContactInput };
    const created = await createInOneStatement(db, auth, spec, inline, { sendDate, now });
    if (created) return created;
  }
  if (db.isTransaction) return createWithLookups(db as Tx, auth, spec, input, { sendDate, now });
  return db.transaction().execute((tx) => createWithLookups(tx, auth, spec, input, { sendDate, now }));
}

/** Null when the create needs lookups or lost a race for an identical contact (nothing stored then). */
async function createInOneStatement<I extends OrderCreateInput>(
  db: Executor,
  auth: ApiAuth,
  spec: OrderKindSpec<I>,
  input: I & { to: ContactInput; from?: ContactInput },
  { sendDate, now }: { sendDate: Date; now: Date },
): Promise<OrderJson | null> {
  const to = await prepareVerifiedContact(auth, input.to, 'to');
  const toFields = to.body as Record<string, unknown>;
  const addressOverride = await guardOrderAddress(db, auth, toFields);
  requireFrom(spec, input);
  if (spec.createdCancellation?.(input)) return null;
  const from = input.from === undefined ? null : await prepareVerifiedContact(auth, input.from, 'from');
  const mailing = mailingFor(spec, input, toFields);
  const id = newId(spec.idPrefix);
  let details: Record<string, unknown>;
  try {
    details = await spec.details(input, {
      tx: noDatabase,
      auth,
      to: previewContact(to, now),
      from: from && previewContact(from, now),
      id,
    });
  } catch (error) {
    if (error instanceof NeedsDatabase) return null;
    throw error;
  }
  if (addressOverride) details = { ...details, addressOverride };
  return insertOrderWithContacts(db, {
    order: orderFields(id, spec, auth, input, { details, to: toFields, mailing, sendDate, now }),
    to,
    from,
  });
}

/**
 * One order of a set-based create (a campaign's chunk, src/campaigns/orders.ts), checked exactly as
 * createOrder checks it, with inline contacts, but not inserted: the caller inserts a chunk's orders
 * together with insertOrdersWithContacts in its own transaction. The kind's `details` get that
 * transaction (templates are looked up and snapshotted in it); `extraDetails` are stored beside the
 * kind's own (the order's `campaign` and row).
 */
export async function prepareOrder<I extends OrderCreateInput>(
  tx: Tx,
  auth: ApiAuth,
  spec: OrderKindSpec<I>,
  input: I & { to: ContactInput; from?: ContactInput },
  { now, extraDetails }: { now: Date; extraDetails: Record<string, unknown> },
): Promise<NewOrderWithContacts> {
  const sendDate = resolveSendDate(input.sendDate, now);
  // Verified and guarded as a single create is: a campaign row to a failed live address is refused.
  const to = await prepareVerifiedContact(auth, input.to, 'to');
  const toFields = to.body as Record<string, unknown>;
  const addressOverride = await guardOrderAddress(tx, auth, toFields);
  requireFrom(spec, input);
  const from = input.from === undefined ? null : await prepareVerifiedContact(auth, input.from, 'from');
  const mailing = mailingFor(spec, input, toFields);
  const id = newId(spec.idPrefix);
  const details = {
    ...(await spec.details(input, {
      tx,
      auth,
      to: previewContact(to, now),
      from: from && previewContact(from, now),
      id,
    })),
    ...extraDetails,
    ...(addressOverride ? { addressOverride } : {}),
  };
  return {
    order: orderFields(id, spec, auth, input, { details, to: toFields, mailing, sendDate, now }),
    to,
    from,
  };
}

/** Contacts given by id, content from templates, cheque numbers, return envelopes: in a transaction. */
async function createWithLookups<I extends OrderCreateInput>(
  tx: Tx,
  auth: ApiAuth,
  spec: OrderKindSpec<I>,
  input: I,
  { sendDate, now }: { sendDate: Date; now: Date },
): Promise<OrderJson> {
  const to = await resolveContact(tx, auth, input.to, 'to');
  const addressOverride = await guardOrderAddress(tx, auth, to);
  requireFrom(spec, input);
  const from = input.from === undefined ? null : await resolveContact(tx, auth, input.from, 'from');
  const mailing = mailingFor(spec, input, to);
  const id = newId(spec.idPrefix);
  const kindDetails = await spec.details(input, { tx, auth, to, from, id });
  const details = addressOverride ? { ...kindDetails, addressOverride } : kindDetails;
  return insertOrder(tx, {
    ...orderFields(id, spec, auth, input, { details, to, mailing, sendDate, now }),
    to,
    from,
    cancellation: spec.createdCancellation?.(input) ?? null,
  });
}

// Both create paths run these checks in the same place (after `to`, before `from` is resolved), so the
// same bad input gets the same error whichever path takes it.
function requireFrom(spec: OrderKindSpec<never>, input: OrderCreateInput): void {
  if (spec.fromRequired && input.from === undefined)
    throw new ApiError('validation_error', 'from is required.');
}

function mailingFor(spec: OrderKindSpec<never>, input: OrderCreateInput, to: Record<string, unknown>) {
  return resolveMailing(input, {
    kindLabel: spec.kind.replace('_', ' '),
    allowsExtraService: spec.allowsExtraService,
    destinationCountry: String(to.countryCode),
  });
}

function orderFields<I extends OrderCreateInput>(
  id: string,
  spec: OrderKindSpec<I>,
  auth: ApiAuth,
  input: I,
  made: {
    details: Record<string, unknown>;
    to: Record<string, unknown>;
    mailing: MailingChoice;
    sendDate: Date;
    now: Date;
  },
) {
  const { details, to, mailing, sendDate, now } = made;
  return {
    id,
    kind: spec.kind,
    organizationId: auth.organizationId,
    live: auth.live,
    description: input.description ?? null,
    metadata: input.metadata ?? null,
    mergeVariables: input.mergeVariables ?? null,
    details,
    searchText: searchText({ id, description: input.description }, to),
    sendDate,
    createdAt: now,
    mailingClass: mailing.mailingClass,
    extraService: mailing.extraService,
    // Priced from what is stored, so settling it later (src/pricing/settle.ts) reads the same inputs.
    price: priceOrder(rateTable(), {
      kind: spec.kind,
      details,
      mailingClass: mailing.mailingClass,
      extraService: mailing.extraService,
      countryCode: String(to.countryCode ?? ''),
      sendDate,
    }),
  };
}

export async function getOrder(db: Executor, auth: ApiAuth, spec: OrderKindSpec<never>, id: string) {
  const order = await findOrder(db, auth, spec.kind, id);
  if (!order) throw notFound(spec.label, id);
  return order;
}

export interface OrderListParams {
  skip: number;
  limit: number;
  search?: string;
  status?: OrderStatus;
  imbStatus?: string;
  extraService?: string;
  slaBreached?: boolean;
  sendDateFrom?: string;
  sendDateTo?: string;
  createdAtFrom?: string;
  createdAtTo?: string;
}

/** The list's query parameters as repository filters (a page, or the export of every match). */
export function orderFiltersOf(params: Omit<OrderListParams, 'skip' | 'limit'>): OrderFilters {
  const search = parseSearch(params.search, ['metadata', 'status', 'description'], {
    status: orderStatuses,
  });
  const searchedStatus = search.fields.status;
  return {
    status: params.status ?? (searchedStatus as OrderStatus | undefined),
    imbStatus: params.imbStatus,
    extraService: params.extraService,
    slaBreached: params.slaBreached,
    sendDateFrom: params.sendDateFrom ? new Date(params.sendDateFrom) : undefined,
    sendDateTo: params.sendDateTo ? new Date(params.sendDateTo) : undefined,
    text: search.text,
    createdAtFrom: params.createdAtFrom ? new Date(params.createdAtFrom) : undefined,
    createdAtTo: params.createdAtTo ? new Date(params.createdAtTo) : undefined,
    metadata: search.metadata,
    description: search.fields.description as string | undefined,
  };
}

export async function listOrderPage(db: Executor, auth: ApiAuth, kind: OrderKind, params: OrderListParams) {
  const { rows, totalCount } = await listOrders(db, auth, kind, params, orderFiltersOf(params));
  return listPage(params, totalCount, rows);
}

/**
 * Cancels while `ready` (BRIEF §6). The conditional UPDATE makes a cancel racing the move to printing,
 * or another cancel, have exactly one winner; the loser is told why in words.
 */
export async function cancelOrder(
  db: Executor,
  auth: ApiAuth,
  spec: OrderKindSpec<never>,
  id: string,
  cancellation: { note?: string; cancelledByUser?: string },
): Promise<OrderJson> {
  const block = {
    reason: 'user_initiated',
    ...(cancellation.cancelledByUser ? { cancelledByUser: cancellation.cancelledByUser } : {}),
    ...(cancellation.note ? { note: cancellation.note } : {}),
  };
  const order = await transitionOrder(db, {
    id,
    kind: spec.kind,
    scope: auth,
    to: 'cancelled',
    // A cancelled order costs 0 (migrations/0040 price_cancelled).
    set: { cancellation: JSON.stringify(block), price: sql`price_cancelled(price)` },
    updatedFields: ['status', 'cancellation', 'price'],
  });
  if (order) return order;
  const current = await findOrder(db, auth, spec.kind, id);
  if (!current) throw notFound(spec.label, id);
  throw new ApiError(
    'order_not_cancellable_error',
    current.status === 'cancelled'
      ? `${spec.label} ${id} is already cancelled.`
      : `${spec.label} ${id} cannot be cancelled: it is ${current.status.replaceAll('_', ' ')}; only ready orders can be cancelled.`,
  );
}

import type { ColumnType, Generated, JSONColumnType } from 'kysely';

/** Table types for Kysely. Columns mirror the SQL in migrations/, in snake_case. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string | T, string | T>;

export interface OrganizationsTable {
  id: string;
  name: string;
  created_at: Generated<Date>;
  /** migrations/0030: refuse or allow live orders to addresses that failed verification. */
  failed_address_policy: Generated<'refuse' | 'allow'>;
}

export interface ApiKeysTable {
  id: string;
  organization_id: string;
  live: boolean;
  key_hash: Buffer;
  key_hint: string;
  created_at: Generated<Date>;
  revoked_at: Date | null;
  /** AES-256-GCM copy for the dashboard's reveal (migration 0006); null when made without a secret. */
  key_sealed: Buffer | null;
}

export interface ContactsTable {
  id: string;
  organization_id: string;
  live: boolean;
  fingerprint: string;
  body: JSONColumnType<Record<string, unknown>>;
  search_text: Generated<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: Date | null;
}

export type OrderKind = 'letter' | 'postcard' | 'cheque' | 'self_mailer';
export type OrderStatus = 'ready' | 'printing' | 'processed_for_delivery' | 'completed' | 'cancelled';
export type ExtraService = 'certified' | 'certified_return_receipt' | 'registered';

/** Kept by triggers on `orders` (migrations/0008); a key's count is the sum of its slots. */
export interface OrderCountsTable {
  organization_id: string;
  live: boolean;
  kind: OrderKind;
  status: OrderStatus;
  slot: number;
  n: number;
}

export interface OrdersTable {
  id: string;
  kind: OrderKind;
  organization_id: string;
  live: boolean;
  status: Generated<OrderStatus>;
  to_contact: Json<Record<string, unknown>>;
  from_contact: Json<Record<string, unknown> | null>;
  send_date: Timestamp;
  mailing_class: string;
  extra_service: ExtraService | null;
  description: string | null;
  metadata: Json<Record<string, unknown> | null>;
  merge_variables: Json<Record<string, unknown> | null>;
  details: Json<Record<string, unknown>>;
  cancellation: Json<Record<string, unknown> | null>;
  search_text: Generated<string>;
  event_seq: Generated<number>;
  imb: Json<Record<string, unknown> | null>;
  imb_status: 'entered_mail_stream' | 'out_for_delivery' | 'returned_to_sender' | null;
  imb_date: Date | null;
  imb_zip: string | null;
  tracking_number: string | null;
  sla_deadline: Date | null;
  printing_at: Date | null;
  processed_at: Date | null;
  completed_at: Date | null;
  cancelled_at: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  // Tracking pipeline (migration 0004).
  /** Production due moment of printing, generated from send_date. */
  print_at: ColumnType<Date, never, never>;
  claimable_at: Date | null;
  printer_id: string | null;
  claimed_at: Date | null;
  complete_at: Date | null;
  imb_mailer_id: string | null;
  imb_serial: string | null;
  imb_assigned_at: Date | null;
  tracking_story: Json<{ returnToSender?: boolean } | null>;
  /** What the order costs (migration 0040, src/pricing); null on orders made before it. */
  price: Json<Record<string, unknown> | null>;
  // Rendering (migration 0022, src/rendering).
  render_status: Generated<'rendering' | 'rendered' | 'failed'>;
  render_error: Json<Record<string, unknown> | null>;
  page_count: number | null;
  render_lease_until: Date | null;
  rendered_at: Date | null;
  print_delayed_at: Date | null;
}

export interface PrintersTable {
  id: string;
  name: string;
  key_hash: Buffer;
  key_hint: string;
  simulated: Generated<boolean>;
  created_at: Generated<Date>;
  last_seen_at: Date | null;
  revoked_at: Date | null;
}

export interface PrintFailuresTable {
  id: Generated<number>;
  order_id: string;
  printer_id: string;
  reason: string;
  created_at: Generated<Date>;
}

export interface ImbSerialsTable {
  mailer_id: string;
  serial: number;
  used_at: Date;
}

export interface EventsTable {
  id: string;
  organization_id: string;
  live: boolean;
  type: string;
  order_id: string | null;
  sequence: number;
  data: Json<Record<string, unknown>>;
  updated_fields: Json<string[] | null>;
  created_at: Timestamp;
}

export interface IdempotencyKeysTable {
  organization_id: string;
  live: boolean;
  resource: string;
  key: string;
  request_hash: string;
  response_status: number | null;
  response_body: Json<unknown>;
  created_at: Timestamp;
}

export interface TemplatesTable {
  id: string;
  organization_id: string;
  live: boolean;
  html: string;
  description: string | null;
  metadata: Json<Record<string, unknown> | null>;
  search_text: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface OrderTemplateSnapshotsTable {
  order_id: string;
  field: string;
  template_id: string;
  html: string;
}

export interface BankAccountsTable {
  id: string;
  organization_id: string;
  live: boolean;
  bank_name: string;
  bank_primary_line: string | null;
  bank_secondary_line: string | null;
  bank_country_code: 'US' | 'CA';
  account_number: string;
  routing_number: string | null;
  transit_number: string | null;
  route_number: string | null;
  signature_text: string | null;
  signature_image: string | null;
  description: string | null;
  metadata: Json<Record<string, unknown> | null>;
  search_text: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  deleted_at: Date | null;
  /** migrations/0015. */
  ca_designation_number: Generated<string | null>;
}

export interface ChequeNumbersTable {
  organization_id: string;
  live: boolean;
  next_number: number;
}

export interface ReturnEnvelopesTable {
  id: string;
  organization_id: string;
  live: boolean;
  to_contact_id: string;
  to_contact: Json<Record<string, unknown>>;
  available: Generated<number>;
  description: string | null;
  metadata: Json<Record<string, unknown> | null>;
  search_text: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export type ReturnEnvelopeOrderStatus = 'placed' | 'filled' | 'cancelled';

export interface ReturnEnvelopeOrdersTable {
  id: string;
  organization_id: string;
  live: boolean;
  return_envelope_id: string;
  status: Generated<ReturnEnvelopeOrderStatus>;
  quantity_ordered: number;
  description: string | null;
  metadata: Json<Record<string, unknown> | null>;
  cancellation: Json<Record<string, unknown> | null>;
  event_seq: Generated<number>;
  filled_at: Date | null;
  cancelled_at: Date | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  /** migrations/0015. */
  quantity_filled: Generated<number | null>;
}

export interface UsersTable {
  id: string;
  organization_id: string;
  email: string;
  password_hash: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface SessionsTable {
  id: string;
  token_hash: Buffer;
  user_id: string;
  organization_id: string;
  csrf_token: string;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  expires_at: Date;
  revoked_at: Date | null;
}

export type WebhookPayloadFormat = 'jwt' | 'json' | 'standard';
export type WebhookErrorKind = 'timeout' | 'dns' | 'connection' | 'tls' | 'http' | 'ssrf';

export interface WebhooksTable {
  id: string;
  organization_id: string;
  live: boolean;
  url: string;
  enabled_events: string[];
  enabled: Generated<boolean>;
  description: string | null;
  metadata: Json<Record<string, unknown> | null>;
  payload_format: WebhookPayloadFormat;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Date | null;
  failing_since: Date | null;
  disabled_reason: 'gone' | 'failing' | null;
  dispatch_lock: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  deleted_at: Date | null;
}

export interface WebhookDeliveriesTable {
  id: Generated<number>;
  webhook_id: string;
  event_id: string;
  status: Generated<'pending' | 'delivered' | 'failed'>;
  attempts: Generated<number>;
  next_attempt_at: Generated<Date>;
  last_attempt_at: Date | null;
  created_at: Generated<Date>;
  completed_at: Date | null;
}

export interface WebhookInvocationsTable {
  id: string;
  webhook_id: string;
  delivery_id: number | null;
  event_id: string;
  type: string;
  order_id: string | null;
  attempt: number;
  status_code: number;
  error_kind: WebhookErrorKind | null;
  error_message: string | null;
  duration_ms: number;
  response_body: string | null;
  next_attempt_at: Date | null;
  created_at: Timestamp;
}

/** USPS feed bearer tokens (migration 0005). */
export interface UspsFeedTokensTable {
  id: string;
  token_hash: Buffer;
  token_hint: string;
  description: string | null;
  created_at: Generated<Date>;
  revoked_at: Date | null;
}

/** Every distinct USPS scan received; order_id null when no order carries its IMb (migration 0005). */
export interface UspsScansTable {
  fingerprint: Buffer;
  id: string;
  order_id: string | null;
  mailer_id: string;
  serial: string;
  tracking_code: string | null;
  routing_code: string | null;
  service_type_id: string | null;
  scanned_at: Date;
  imb_status: 'entered_mail_stream' | 'out_for_delivery' | 'returned_to_sender';
  event_code: string | null;
  facility_zip: string | null;
  facility_city: string | null;
  facility_state: string | null;
  mail_phase: string | null;
  handling_event_type: string | null;
  machine_name: string | null;
  predicted_delivery_date: string | null;
  source: 'feed' | 'file' | 'simulator';
  received_at: Generated<Date>;
}

/** Scans the simulated postal service has produced, waiting for their delivery time (migration 0005). */
export interface SimulatedUspsScansTable {
  id: Generated<number>;
  order_id: string;
  deliver_at: Date;
  event: Json<Record<string, unknown>>;
}

/** Orders whose out_for_delivery scan the completion estimate has yet to take in (migration 0011). */
export interface PendingScanEstimatesTable {
  order_id: string;
}

/** The document store (migrations/0020, src/documents). */
export interface DocumentBlobsTable {
  sha256: Buffer;
  size: number;
  storage: 'postgres' | 's3';
  content: Buffer | null;
  purging: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface DocumentsTable {
  id: string;
  organization_id: string;
  live: boolean;
  sha256: Buffer;
  origin: 'upload' | 'url' | 'render' | 'thumbnail';
  content_type: string;
  size: number;
  page_count: number | null;
  page_width: number | null;
  page_height: number | null;
  filename: string | null;
  source_url: string | null;
  links: Generated<number>;
  created_at: Generated<Date>;
}

export interface OrderDocumentsTable {
  order_id: string;
  role: string;
  page: Generated<number>;
  variant: Generated<string>;
  document_id: string;
  created_at: Generated<Date>;
}

export interface BankAccountDocumentsTable {
  bank_account_id: string;
  document_id: string;
}

export interface DocumentPurgeStateTable {
  id: Generated<boolean>;
  cancelled_through: Date;
}

export interface Database {
  document_blobs: DocumentBlobsTable;
  documents: DocumentsTable;
  order_documents: OrderDocumentsTable;
  bank_account_documents: BankAccountDocumentsTable;
  document_purge_state: DocumentPurgeStateTable;
  pending_scan_estimates: PendingScanEstimatesTable;
  usps_feed_tokens: UspsFeedTokensTable;
  usps_scans: UspsScansTable;
  simulated_usps_scans: SimulatedUspsScansTable;
  printers: PrintersTable;
  print_failures: PrintFailuresTable;
  imb_serials: ImbSerialsTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_invocations: WebhookInvocationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  templates: TemplatesTable;
  order_template_snapshots: OrderTemplateSnapshotsTable;
  bank_accounts: BankAccountsTable;
  cheque_numbers: ChequeNumbersTable;
  return_envelopes: ReturnEnvelopesTable;
  return_envelope_orders: ReturnEnvelopeOrdersTable;
  organizations: OrganizationsTable;
  api_keys: ApiKeysTable;
  contacts: ContactsTable;
  orders: OrdersTable;
  order_counts: OrderCountsTable;
  events: EventsTable;
  idempotency_keys: IdempotencyKeysTable;
}

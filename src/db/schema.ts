import type { ColumnType, Generated, JSONColumnType } from 'kysely';

/** Table types for Kysely. Columns mirror the SQL in migrations/, in snake_case. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string | T, string | T>;

export interface OrganizationsTable {
  id: string;
  name: string;
  created_at: Generated<Date>;
}

export interface ApiKeysTable {
  id: string;
  organization_id: string;
  live: boolean;
  key_hash: Buffer;
  key_hint: string;
  created_at: Generated<Date>;
  revoked_at: Date | null;
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

export interface Database {
  organizations: OrganizationsTable;
  api_keys: ApiKeysTable;
  contacts: ContactsTable;
  orders: OrdersTable;
  events: EventsTable;
  idempotency_keys: IdempotencyKeysTable;
}

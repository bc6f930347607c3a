import { type TProperties, Type } from '@sinclair/typebox';
import { Contact, ContactCreate } from '../contacts/schemas.ts';
import { Body, DateTime, ListQuery, Metadata } from '../http/schemas.ts';
import { Price } from '../pricing/schemas.ts';

export const orderStatuses = [
  'ready',
  'printing',
  'processed_for_delivery',
  'completed',
  'cancelled',
] as const;
export const OrderStatus = Type.Union(orderStatuses.map((s) => Type.Literal(s)));
export const extraServices = ['certified', 'certified_return_receipt', 'registered'] as const;
export const ExtraService = Type.Union(extraServices.map((s) => Type.Literal(s)));
export const ImbStatus = Type.Union([
  Type.Literal('entered_mail_stream'),
  Type.Literal('out_for_delivery'),
  Type.Literal('returned_to_sender'),
]);

/** PostGrid's mailing classes (reference spec, OrderMailingClass). */
export const mailingClasses = [
  'first_class',
  'standard_class',
  'express',
  'certified',
  'certified_return_receipt',
  'registered',
  'usps_first_class',
  'usps_standard_class',
  'usps_eddm',
  'usps_express_2_day',
  'usps_express_3_day',
  'usps_first_class_certified',
  'usps_first_class_certified_return_receipt',
  'usps_first_class_registered',
  'usps_express_3_day_signature_confirmation',
  'usps_express_3_day_certified',
  'usps_express_3_day_certified_return_receipt',
  'ca_post_lettermail',
  'ca_post_personalized',
  'ca_post_neighbourhood_mail',
  'ups_express_overnight',
  'ups_express_2_day',
  'ups_express_3_day',
  'royal_mail_first_class',
  'royal_mail_second_class',
  'au_post_second_class',
] as const;
export type MailingClass = (typeof mailingClasses)[number];
export const MailingClass = Type.Union(mailingClasses.map((c) => Type.Literal(c)));

/** A contact id or an inline contact (created and deduplicated on the way). */
export const ContactRef = Type.Union([Type.String({ minLength: 1, maxLength: 100 }), ContactCreate]);

/** Fields every order kind accepts on create. */
export const orderCreateProperties = {
  to: ContactRef,
  description: Type.Optional(Type.String({ maxLength: 1000 })),
  metadata: Type.Optional(Metadata),
  mergeVariables: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  sendDate: Type.Optional(
    Type.String({
      maxLength: 40,
      description: 'When to print: ISO date-time, default now, at most 180 days ahead.',
    }),
  ),
  mailingClass: Type.Optional(MailingClass),
  // Every kind takes it, so a postcard's is refused in words (letters and cheques only), not as unknown.
  extraService: Type.Optional(ExtraService),
} satisfies TProperties;

/** Fields every order kind returns. Kinds add their own; extra fields pass through. */
export const orderResponseProperties = {
  id: Type.String(),
  live: Type.Boolean(),
  status: OrderStatus,
  to: Contact,
  sendDate: DateTime,
  mailingClass: Type.String(),
  extraService: Type.Optional(ExtraService),
  description: Type.Optional(Type.String()),
  metadata: Type.Optional(Metadata),
  mergeVariables: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  cancellation: Type.Optional(
    Type.Object({
      reason: Type.String(),
      cancelledByUser: Type.Optional(Type.String()),
      note: Type.Optional(Type.String()),
    }),
  ),
  imb: Type.Optional(
    Type.Object({ trackingCode: Type.String(), routingCode: Type.String(), barcode: Type.String() }),
  ),
  imbStatus: Type.Optional(ImbStatus),
  imbDate: Type.Optional(DateTime),
  imbZIPCode: Type.Optional(Type.String()),
  trackingNumber: Type.Optional(Type.String()),
  price: Type.Optional(Price),
  slaDeadline: Type.Optional(DateTime),
  slaBreached: Type.Optional(Type.Boolean()),
  printingAt: Type.Optional(DateTime),
  processedForDeliveryAt: Type.Optional(DateTime),
  completedAt: Type.Optional(DateTime),
  cancelledAt: Type.Optional(DateTime),
  createdAt: DateTime,
  updatedAt: DateTime,
} satisfies TProperties;

export const OrderListQuery = Type.Composite([
  ListQuery,
  Type.Object({
    status: Type.Optional(OrderStatus),
    imbStatus: Type.Optional(ImbStatus),
    extraService: Type.Optional(ExtraService),
    slaBreached: Type.Optional(Type.Boolean()),
    sendDateFrom: Type.Optional(Type.String({ format: 'date-time' })),
    sendDateTo: Type.Optional(Type.String({ format: 'date-time' })),
    createdAtFrom: Type.Optional(
      Type.String({ format: 'date-time', description: 'Only orders created at or after this time.' }),
    ),
    createdAtTo: Type.Optional(
      Type.String({ format: 'date-time', description: 'Only orders created at or before this time.' }),
    ),
  }),
]);

/** The list's filters, for GET /{kind}/export: every match, not a page. */
export const OrderExportQuery = Type.Omit(OrderListQuery, ['skip', 'limit']);

export const CancellationBody = Body({ note: Type.Optional(Type.String({ maxLength: 1000 })) });

/** Test mode: one step of the lifecycle; it takes no options. */
export const ProgressionBody = Body({});

/** Test mode: play the simulated tracking story, optionally ending in a return to sender. */
export const TrackingStoryBody = Type.Optional(
  Body({
    returnToSender: Type.Optional(
      Type.Boolean({
        description: 'End the story with the piece returned to sender (imbStatus returned_to_sender).',
      }),
    ),
  }),
);

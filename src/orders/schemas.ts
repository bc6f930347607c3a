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
/** mailstream's render state of an order (beyond PostGrid): its print-ready PDF is made before it prints. */
export const OrderRender = Type.Object(
  {
    status: Type.Union([Type.Literal('rendering'), Type.Literal('rendered'), Type.Literal('failed')], {
      description:
        'rendering: waiting for or in its render; rendered: the PDF (`url`) is what prints; failed: it will not print (cancel it), see error.',
    }),
    pageCount: Type.Optional(Type.Integer({ description: 'Pages of the print-ready PDF.' })),
    renderedAt: Type.Optional(DateTime),
    error: Type.Optional(
      Type.Object(
        {
          reason: Type.String({
            description: "Why: Lob's file code (PDF_ENCRYPTED…), merge_failed, html_timeout…",
          }),
          asset: Type.String({ description: 'The field whose content failed (html, pdf, frontTemplate…).' }),
          message: Type.String(),
        },
        { additionalProperties: true },
      ),
    ),
    printDelayed: Type.Optional(
      Type.Object(
        {
          dueAt: DateTime,
          reason: Type.String({ description: 'render_pending or render_failed' }),
        },
        { additionalProperties: true },
      ),
    ),
  },
  { additionalProperties: true },
);

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
  addressOverride: Type.Optional(
    Type.Object(
      {
        addressStatus: Type.String({ description: "The recipient's verification status when it was sent." }),
        addressErrors: Type.Optional(Type.String()),
        by: Type.Union([Type.Literal('organization_policy'), Type.Literal('forceVerifiedStatus')]),
      },
      {
        description:
          'Present when a live order went to an address that did not verify: what overrode the refusal (the organization allowing failed addresses, or forceVerifiedStatus on the contact).',
      },
    ),
  ),
  slaDeadline: Type.Optional(DateTime),
  slaBreached: Type.Optional(Type.Boolean()),
  printingAt: Type.Optional(DateTime),
  processedForDeliveryAt: Type.Optional(DateTime),
  completedAt: Type.Optional(DateTime),
  cancelledAt: Type.Optional(DateTime),
  render: Type.Optional(OrderRender),
  url: Type.Optional(
    Type.String({
      description:
        'A signed link to the print-ready PDF (the proof), served by mailstream, valid 15 minutes; a new one on every GET. Present once rendered.',
    }),
  ),
  thumbnails: Type.Optional(
    Type.Array(
      Type.Object({
        small: Type.String({ description: 'Signed link to a 150 px wide PNG of the page.' }),
        medium: Type.String({ description: 'Signed link to a 300 px wide PNG of the page.' }),
        large: Type.String({ description: 'Signed link to a 600 px wide PNG of the page.' }),
      }),
      { description: 'One set per page of the print-ready PDF, page 1 first. Present once rendered.' },
    ),
  ),
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

/** PostGrid's `GET /{kind}/{id}/url`. */
export const OrderUrl = Type.Object({
  id: Type.String(),
  object: Type.String({ description: '`letter_url`, `postcard_url`, `cheque_url` or `self_mailer_url`.' }),
  url: Type.String({ description: 'Signed link to the print-ready PDF, valid 15 minutes.' }),
});

/** `POST /{kind}/proofs`: the PDF a create body would print (nothing is created). */
export const OrderProofResponse = Type.Object({
  object: Type.String({ description: '`letter_proof`, `postcard_proof`…' }),
  url: Type.String({ description: 'Signed link to the proof PDF, valid 15 minutes.' }),
  pageCount: Type.Integer(),
  thumbnails: Type.Array(Type.Object({ small: Type.String(), medium: Type.String(), large: Type.String() })),
});

import type { OrderRenderState, ProofThumbnails } from './components/ProofView.tsx';
import type { AddressVerification } from './contacts.ts';
import type { ContactLike } from './format.ts';

/** The order kinds the dashboard lists, by their API path. */
export interface Kind {
  path: 'letters' | 'postcards' | 'cheques' | 'self_mailers';
  object: string;
  label: string;
  singular: string;
  /** Kinds the dashboard can create: every kind (issue 20). */
  creatable: boolean;
}

export const kinds: Kind[] = [
  { path: 'letters', object: 'letter', label: 'Letters', singular: 'Letter', creatable: true },
  { path: 'postcards', object: 'postcard', label: 'Postcards', singular: 'Postcard', creatable: true },
  { path: 'cheques', object: 'cheque', label: 'Cheques', singular: 'Cheque', creatable: true },
  {
    path: 'self_mailers',
    object: 'self_mailer',
    label: 'Self-mailers',
    singular: 'Self-mailer',
    creatable: true,
  },
];

export function kindByPath(path: string | undefined): Kind | undefined {
  return kinds.find((k) => k.path === path);
}

export const orderStatuses = [
  'ready',
  'printing',
  'processed_for_delivery',
  'completed',
  'cancelled',
] as const;
export type OrderStatus = (typeof orderStatuses)[number];
export const imbStatuses = ['entered_mail_stream', 'out_for_delivery', 'returned_to_sender'] as const;
export const extraServices = ['certified', 'certified_return_receipt', 'registered'] as const;

/** An order as the API returns it (order_json); fields the pipeline has not filled yet are absent. */
export interface Order {
  id: string;
  object: string;
  live: boolean;
  status: OrderStatus;
  to: ContactLike & AddressVerification & { id?: string };
  from?: ContactLike & { id?: string };
  sendDate: string;
  mailingClass: string;
  extraService?: string;
  description?: string;
  cancellation?: { reason: string; cancelledByUser?: string; note?: string };
  imb?: { trackingCode: string; routingCode: string; barcode: string };
  imbStatus?: string;
  imbDate?: string;
  imbZIPCode?: string;
  trackingNumber?: string;
  slaDeadline?: string;
  slaBreached?: boolean;
  /** Present when a live order went to an address that did not verify, and what let it. */
  addressOverride?: {
    addressStatus: string;
    addressErrors?: string;
    by: 'organization_policy' | 'forceVerifiedStatus';
  };
  printingAt?: string;
  processedForDeliveryAt?: string;
  completedAt?: string;
  cancelledAt?: string;
  createdAt: string;
  updatedAt: string;
  /** The print-ready PDF's state; `url` and `thumbnails` (signed links) once it is rendered. */
  render?: OrderRenderState;
  url?: string;
  thumbnails?: ProofThumbnails[];
  [field: string]: unknown;
}

/** One USPS scan of the order's mail piece (GET /{kind}/{id}/tracking_events). */
export interface TrackingEvent {
  id: string;
  imbStatus: string;
  scanDatetime: string;
  scanEventCode?: string;
  scanFacilityZip?: string;
  scanFacilityCity?: string;
  scanFacilityState?: string;
  mailPhase?: string;
  handlingEventType?: string;
  machineName?: string;
  predictedDeliveryDate?: string;
  source?: string;
}

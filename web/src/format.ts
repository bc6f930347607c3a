// How values read on screen: dates in the viewer's time zone, named, statuses and enums in words.

// A time without its zone is ambiguous between the team in New York and the printer in UTC, so every
// time carries the zone's short name ("Dec 7, 2026, 10:55:00 AM UTC", "… EST").
const dateTime = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZoneName: 'short',
});
const dateOnly = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

export function formatDateTime(iso: string | undefined | null): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

export function formatDate(iso: string | undefined | null): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateOnly.format(date);
}

/** `processed_for_delivery` → `Processed for delivery`. */
export function words(value: string | undefined | null): string {
  if (!value) return '—';
  const text = value.replaceAll('_', ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export interface ContactLike {
  firstName?: string;
  lastName?: string;
  companyName?: string;
  addressLine1?: string;
  addressLine2?: string;
  city?: string;
  provinceOrState?: string;
  postalOrZip?: string;
  countryCode?: string;
}

export function contactName(contact: ContactLike | undefined): string {
  if (!contact) return '—';
  const person = [contact.firstName, contact.lastName].filter(Boolean).join(' ');
  return person || contact.companyName || '—';
}

export function contactLines(contact: ContactLike | undefined): string[] {
  if (!contact) return [];
  const person = [contact.firstName, contact.lastName].filter(Boolean).join(' ');
  return [
    person,
    contact.companyName ?? '',
    contact.addressLine1 ?? '',
    contact.addressLine2 ?? '',
    [contact.city, contact.provinceOrState, contact.postalOrZip].filter(Boolean).join(' '),
    contact.countryCode ?? '',
  ].filter((line) => line.trim() !== '');
}

export function uspsTrackingUrl(trackingNumber: string): string {
  return `https://tools.usps.com/go/TrackConfirmAction?tLabels=${encodeURIComponent(trackingNumber)}`;
}

/** Cents in the cheque's currency: 125050 USD → "$1,250.50". */
export function formatMoney(cents: number | undefined, currencyCode = 'USD'): string {
  if (cents === undefined) return '—';
  return new Intl.NumberFormat(undefined, { style: 'currency', currency: currencyCode }).format(cents / 100);
}

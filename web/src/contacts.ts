import type { ContactLike } from './format.ts';

export type AddressStatus = 'verified' | 'corrected' | 'failed';

/** One change verification made to a typed address, with the rule it followed. */
export interface AddressChange {
  field: string;
  from: string;
  to: string;
  reason: string;
}

/** What verification found about a contact's address (contacts, and orders' `to`). */
export interface AddressVerification {
  addressStatus?: AddressStatus;
  addressErrors?: string;
  addressChanges?: AddressChange[];
}

/** A contact as the API returns it. */
export interface Contact extends ContactLike, AddressVerification {
  id: string;
  object: 'contact';
  live: boolean;
  email?: string;
  phoneNumber?: string;
  jobTitle?: string;
  addressStatus: AddressStatus;
  originalAddress?: Pick<
    ContactLike,
    'addressLine1' | 'addressLine2' | 'city' | 'provinceOrState' | 'postalOrZip'
  >;
  description?: string;
  metadata?: Record<string, string>;
  createdAt: string;
  updatedAt: string;
}

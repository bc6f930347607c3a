import type { ContactLike } from './format.ts';

/** A contact as the API returns it. */
export interface Contact extends ContactLike {
  id: string;
  object: 'contact';
  live: boolean;
  email?: string;
  phoneNumber?: string;
  jobTitle?: string;
  addressStatus: 'verified' | 'corrected' | 'failed';
  addressErrors?: string;
  description?: string;
  metadata?: Record<string, string>;
  createdAt: string;
  updatedAt: string;
}

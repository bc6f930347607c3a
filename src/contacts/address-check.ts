import { isUsState } from './countries.ts';

export interface AddressCheck {
  addressStatus: 'verified' | 'failed';
  addressErrors?: string;
}

const postalPatterns: Record<string, RegExp> = {
  US: /^\d{5}(-?\d{4})?$/,
  CA: /^[A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d$/,
};

/**
 * A structural check, not a CASS certification: mailstream has no address database. It catches what
 * would certainly fail in the mail stream (a US address without a valid state and ZIP, say) and reports
 * it the way PostGrid does, with `addressStatus: failed` and the reasons in `addressErrors`. Being a
 * cheap structural check rather than a verification service, it runs even with `skipVerification`.
 */
export function checkAddress(contact: {
  countryCode: string;
  city?: string;
  provinceOrState?: string;
  postalOrZip?: string;
  forceVerifiedStatus?: boolean;
}): AddressCheck {
  if (contact.forceVerifiedStatus) return { addressStatus: 'verified' };
  const errors: string[] = [];
  const pattern = postalPatterns[contact.countryCode];
  if (pattern && !pattern.test(contact.postalOrZip?.trim() ?? ''))
    errors.push('postalOrZip is not a valid postal code');
  if (contact.countryCode === 'US' && !isUsState(contact.provinceOrState?.trim() ?? '')) {
    errors.push('provinceOrState is not a US state code');
  }
  if ((contact.countryCode === 'US' || contact.countryCode === 'CA') && !contact.city?.trim()) {
    errors.push('city is missing');
  }
  return errors.length
    ? { addressStatus: 'failed', addressErrors: errors.join('; ') }
    : { addressStatus: 'verified' };
}

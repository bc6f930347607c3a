// File generated from our OpenAPI spec by Stainless. See CONTRIBUTING.md for details.

export {
  AddressVerification,
  type Errors,
  type Status,
  type AddressVerificationVerifyResponse,
  type AddressVerificationVerifyParams,
} from './address-verification';
export {
  IntlAddressVerification,
  type IntlAddressVerificationVerifyResponse,
  type IntlAddressVerificationVerifyParams,
} from './intl-address-verification';
export {
  PrintMail,
  type ContactCreateWithCompanyName,
  type ContactCreateWithFirstName,
} from './print-mail/print-mail';

// File generated from our OpenAPI spec by Stainless. See CONTRIBUTING.md for details.

export {
  Cheques,
  type ChequeProfile,
  type CurrencyCode,
  type ChequeListResponse,
  type ChequeDeleteResponse,
  type ChequeCreateParams,
  type ChequeRetrieveParams,
  type ChequeUpdateParams,
  type ChequeListParams,
  type ChequeListResponsesSkipLimit,
} from './cheques';
export {
  Letters,
  type LetterProfile,
  type LetterDeleteResponse,
  type LetterCreateParams,
  type LetterRetrieveParams,
  type LetterUpdateParams,
  type LetterListParams,
  type LetterProfilesSkipLimit,
} from './letters';
export { OrderProfiles } from './order-profiles';
export {
  Postcards,
  type PostcardProfile,
  type PostcardSize,
  type PostcardDeleteResponse,
  type PostcardCreateParams,
  type PostcardRetrieveParams,
  type PostcardUpdateParams,
  type PostcardListParams,
  type PostcardProfilesSkipLimit,
} from './postcards';
export {
  SelfMailers,
  type SelfMailerProfile,
  type SelfMailerSize,
  type SelfMailerDeleteResponse,
  type SelfMailerCreateParams,
  type SelfMailerRetrieveParams,
  type SelfMailerUpdateParams,
  type SelfMailerListParams,
  type SelfMailerProfilesSkipLimit,
} from './self-mailers';

// File generated from our OpenAPI spec by Stainless. See CONTRIBUTING.md for details.

export {
  BankAccounts,
  type BankAccount,
  type BankAccountCountryCode,
  type BankAccountDeleteResponse,
  type BankAccountCreateParams,
  type BankAccountListParams,
  type BankAccountsSkipLimit,
} from './bank-accounts';
export {
  Campaigns,
  type Campaign,
  type CampaignDeleteResponse,
  type CampaignCreateParams,
  type CampaignUpdateParams,
  type CampaignListParams,
  type CampaignSendParams,
  type CampaignsSkipLimit,
} from './campaigns';
export {
  Cheques,
  type Cheque,
  type ChequeSize,
  type DigitalOnly,
  type ChequeRetrieveURLResponse,
  type ChequeCreateParams,
  type ChequeListParams,
  type ChequesSkipLimit,
} from './cheques';
export {
  Contacts,
  type Contact,
  type ContactCreate,
  type ContactDeleteResponse,
  type ContactCreateParams,
  type ContactListParams,
  type ContactsSkipLimit,
} from './contacts';
export {
  Letters,
  type AddressPlacement,
  type AttachedPdf,
  type Letter,
  type LetterSize,
  type PlasticCard,
  type LetterRetrieveURLResponse,
  type LetterCreateParams,
  type LetterListParams,
  type LettersSkipLimit,
} from './letters';
export {
  MailingListImports,
  type FileType,
  type MailingListImportResponse,
  type VerificationStatusCount,
  type MailingListImportDeleteResponse,
  type MailingListImportCreateParams,
  type MailingListImportUpdateParams,
  type MailingListImportListParams,
  type MailingListImportResponsesSkipLimit,
} from './mailing-list-imports';
export {
  MailingLists,
  type MailingList,
  type MailingListUpdate,
  type MailingListDeleteResponse,
  type MailingListCreateParams,
  type MailingListUpdateParams,
  type MailingListListParams,
  type MailingListJobsParams,
  type MailingListsSkipLimit,
} from './mailing-lists';
export { OrderProfiles } from './order-profiles/index';
export {
  Postcards,
  type Postcard,
  type PostcardRetrieveURLResponse,
  type PostcardCreateParams,
  type PostcardListParams,
  type PostcardsSkipLimit,
} from './postcards';
export { PrintMail, type ContactCreateWithCompanyName, type ContactCreateWithFirstName } from './print-mail';
export {
  Reports,
  type DeletedResponse,
  type Report,
  type ReportCreateParams,
  type ReportUpdateParams,
  type ReportListParams,
  type ReportSampleParams,
  type ReportsSkipLimit,
} from './reports/index';
export {
  SelfMailers,
  type SelfMailer,
  type SelfMailerRetrieveURLResponse,
  type SelfMailerCreateParams,
  type SelfMailerListParams,
  type SelfMailersSkipLimit,
} from './self-mailers';
export {
  SubOrganizations,
  type EmailPreferences,
  type SubOrganization,
  type SubOrganizationUpdateResponse,
  type SubOrganizationRetrieveUsersResponse,
  type SubOrganizationUpdateParams,
  type SubOrganizationListParams,
  type SubOrganizationRetrieveUsersParams,
  type SubOrganizationsSkipLimit,
} from './sub-organizations';
export {
  Templates,
  type Template,
  type TemplateDeleteResponse,
  type TemplateCreateParams,
  type TemplateUpdateParams,
  type TemplateListParams,
  type TemplatesSkipLimit,
} from './templates';

// File generated from our OpenAPI spec by Stainless. See CONTRIBUTING.md for details.

export {
  Exports,
  type ReportExport,
  type ExportCreateParams,
  type ExportRetrieveParams,
  type ExportDeleteParams,
} from './exports';
export {
  Reports,
  type DeletedResponse,
  type Report,
  type ReportCreateParams,
  type ReportUpdateParams,
  type ReportListParams,
  type ReportSampleParams,
  type ReportsSkipLimit,
} from './reports';
export { Samples, type ReportSample, type ReportSampleCreateBase, type SampleCreateParams } from './samples';

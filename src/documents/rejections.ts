import { ApiError } from '../errors.ts';

/** Lob's codes for a file it will not print (BRIEF §13), used as they are in our 400s' messages. */
export type RejectionCode =
  | 'INVALID_FILE'
  | 'PDF_ENCRYPTED'
  | 'INVALID_FILE_DIMENSIONS'
  | 'INCONSISTENT_PAGE_DIMENSIONS'
  | 'FILE_PAGES_BELOW_MIN'
  | 'FILE_PAGES_EXCEED_MAX'
  | 'FILE_SIZE_EXCEEDS_LIMIT'
  | 'UNEMBEDDED_FONTS'
  | 'INVALID_IMAGE_DPI'
  | 'INVALID_FILE_URL'
  | 'INVALID_FILE_DOWNLOAD_TIME';

/**
 * A customer's file refused: a 400 `validation_error` whose message starts with the code and names the
 * field, e.g. `PDF_ENCRYPTED: pdf is encrypted; …`. `code` and `field` are there for callers that record
 * the reason (a render failure, an order's cancellation).
 */
export class DocumentRejected extends ApiError {
  constructor(
    readonly code: RejectionCode,
    readonly field: string,
    detail: string,
  ) {
    super('validation_error', `${code}: ${field} ${detail}`);
  }
}

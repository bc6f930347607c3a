import { invalid } from '../errors.ts';

/**
 * PDFs are taken by URL. File uploads are refused before validation (src/http/file-uploads.ts), so a value
 * here is a string that must be an absolute http(s) URL; PostGrid also takes the file itself (base64),
 * which waits for document storage.
 */
export function pdfUrl(value: string, field: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {}
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw invalid(`${field} must be an http(s) URL of a PDF; uploaded PDF files are not supported yet.`);
  }
  return value;
}

/** Names of the given fields that are present in the input. */
export function presentFields(input: object, fields: readonly string[]): string[] {
  return fields.filter((f) => (input as Record<string, unknown>)[f] !== undefined);
}

import { invalid } from '../errors.ts';

/**
 * A PDF given as text must be an absolute http(s) URL; the file itself comes as a multipart upload
 * (src/http/file-uploads.ts, src/orders/uploads.ts).
 */
export function pdfUrl(value: string, field: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {}
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw invalid(
      `${field} must be an http(s) URL of a PDF; to send the file itself, upload it as multipart/form-data.`,
    );
  }
  return value;
}

/** Names of the given fields that are present in the input. */
export function presentFields(input: object, fields: readonly string[]): string[] {
  return fields.filter((f) => (input as Record<string, unknown>)[f] !== undefined);
}

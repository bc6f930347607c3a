import { PDFDocument } from '@cantoo/pdf-lib';

export type DocumentContentType = 'application/pdf' | 'image/png' | 'image/jpeg';

/**
 * What a file is, from its first bytes (never from a name or a header a client chose). A PDF's header may
 * follow up to 1 KB of other bytes (ISO 32000 7.5.2, as readers accept).
 */
export function sniffContentType(bytes: Uint8Array): DocumentContentType | null {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024));
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png';
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head.includes('%PDF-')) return 'application/pdf';
  return null;
}

/** Pixels of a PNG or JPEG, decoded as the renderer will embed it (pdf-lib); null when it does not decode. */
export async function imagePixels(
  bytes: Uint8Array,
  type: 'image/png' | 'image/jpeg',
): Promise<{ width: number; height: number } | null> {
  try {
    const document = await PDFDocument.create();
    const image = type === 'image/png' ? await document.embedPng(bytes) : await document.embedJpg(bytes);
    return image.width > 0 && image.height > 0 ? { width: image.width, height: image.height } : null;
  } catch {
    return null;
  }
}

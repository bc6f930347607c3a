import { type Dispatcher, request } from 'undici';
import { classifyError } from '../webhooks/attempt.ts';
import { createWebhookDispatcher, validateWebhookUrl } from '../webhooks/ssrf.ts';
import { DocumentRejected } from './rejections.ts';

export interface FetchLimits {
  maxBytes: number;
  /** Deadline of the whole download: resolving, connecting, redirects, headers and the last byte. */
  timeoutMs: number;
  /** Loopback and private addresses allowed (development, tests); cloud metadata addresses never are. */
  allowPrivateNetworks: boolean;
  /** Certificate authorities to trust instead of Node's (tests' self-signed servers). */
  ca?: string | Buffer;
}

/** Redirects followed, each checked like the first URL (customers' storage links often redirect once). */
const MAX_REDIRECTS = 5;

/** Lets go of an answer's body: reads a little of it (so the connection can be reused), then drops the rest. */
async function discard(body: Dispatcher.ResponseData['body']): Promise<void> {
  await body.dump({ limit: 16 * 1024 }).catch(() => {});
}

function checkUrl(raw: string, field: string, allowPrivateNetworks: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new DocumentRejected('INVALID_FILE_URL', field, 'is not a valid absolute URL.');
  }
  if (url.protocol !== 'https:') {
    throw new DocumentRejected(
      'INVALID_FILE_URL',
      field,
      `must be an https URL, not ${url.protocol.slice(0, -1)}.`,
    );
  }
  // The webhooks' rules for a URL mailstream connects to: no credentials, no private or reserved literal
  // address, no localhost. Hostnames are judged again on connect, address by address (src/webhooks/ssrf.ts).
  const problem = validateWebhookUrl(url.toString(), allowPrivateNetworks);
  if (problem) {
    // The guard's messages speak of webhooks' URLs and variable; here the variable is ours.
    const message = problem
      .replace(/^url /, '')
      .replaceAll('WEBHOOKS_ALLOW_PRIVATE_NETWORKS', 'DOCUMENT_FETCH_ALLOW_PRIVATE_NETWORKS');
    throw new DocumentRejected('INVALID_FILE_URL', field, `${message}.`);
  }
  return url;
}

function failure(error: unknown, url: URL, field: string, timeoutMs: number): DocumentRejected {
  if (error instanceof DocumentRejected) return error;
  switch (classifyError(error)) {
    case 'timeout':
      return new DocumentRejected(
        'INVALID_FILE_DOWNLOAD_TIME',
        field,
        `could not be downloaded within ${timeoutMs / 1000} s.`,
      );
    case 'ssrf':
      return new DocumentRejected(
        'INVALID_FILE_URL',
        field,
        `points to a private, loopback or reserved address (${url.hostname}); mailstream fetches files from public addresses only.`,
      );
    case 'dns':
      return new DocumentRejected(
        'INVALID_FILE_URL',
        field,
        `names a host that does not resolve (${url.hostname}).`,
      );
    case 'tls':
      return new DocumentRejected(
        'INVALID_FILE_URL',
        field,
        `could not be fetched: the TLS connection to ${url.hostname} failed (${(error as Error).message.slice(0, 120)}).`,
      );
    default:
      return new DocumentRejected(
        'INVALID_FILE_URL',
        field,
        `could not be fetched from ${url.hostname} (${(error as Error).message.slice(0, 120)}).`,
      );
  }
}

/**
 * Downloads a customer's file once, at create: https only, through the webhooks' SSRF guard (every
 * address a name resolves to is checked on connect, redirects included), at most `maxBytes` (stops
 * reading past it) within `timeoutMs`. Throws DocumentRejected with INVALID_FILE_URL,
 * INVALID_FILE_DOWNLOAD_TIME or FILE_SIZE_EXCEEDS_LIMIT.
 */
export async function fetchDocumentUrl(raw: string, field: string, limits: FetchLimits): Promise<Buffer> {
  let url = checkUrl(raw, field, limits.allowPrivateNetworks);
  const dispatcher = createWebhookDispatcher({
    allowPrivateNetworks: limits.allowPrivateNetworks,
    connectTimeoutMs: Math.min(limits.timeoutMs, 10_000),
    ...(limits.ca === undefined ? {} : { ca: limits.ca }),
  });
  const signal = AbortSignal.timeout(limits.timeoutMs);
  try {
    for (let redirects = 0; ; redirects++) {
      const response = await request(url, {
        method: 'GET',
        dispatcher,
        signal,
        headers: { accept: 'application/pdf, image/png, image/jpeg;q=0.9, */*;q=0.1' },
        headersTimeout: limits.timeoutMs,
        bodyTimeout: limits.timeoutMs,
      });
      const location = response.headers.location;
      if ([301, 302, 303, 307, 308].includes(response.statusCode) && typeof location === 'string') {
        await discard(response.body);
        if (redirects >= MAX_REDIRECTS) {
          throw new DocumentRejected(
            'INVALID_FILE_URL',
            field,
            `redirects more than ${MAX_REDIRECTS} times.`,
          );
        }
        url = checkUrl(new URL(location, url).toString(), field, limits.allowPrivateNetworks);
        continue;
      }
      if (response.statusCode !== 200) {
        await discard(response.body);
        throw new DocumentRejected(
          'INVALID_FILE_URL',
          field,
          `could not be fetched: ${url.hostname} answered HTTP ${response.statusCode}.`,
        );
      }
      const tooLarge = () =>
        new DocumentRejected(
          'FILE_SIZE_EXCEEDS_LIMIT',
          field,
          `is larger than ${limits.maxBytes} bytes, the most accepted.`,
        );
      const length = Number(response.headers['content-length']);
      if (Number.isFinite(length) && length > limits.maxBytes) {
        await discard(response.body);
        throw tooLarge();
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of response.body) {
        size += (chunk as Buffer).length;
        // Leaving the loop destroys the stream: nothing past the limit is read.
        if (size > limits.maxBytes) throw tooLarge();
        chunks.push(chunk as Buffer);
      }
      return Buffer.concat(chunks, size);
    }
  } catch (error) {
    throw failure(error, url, field, limits.timeoutMs);
  } finally {
    await dispatcher.destroy().catch(() => {});
  }
}

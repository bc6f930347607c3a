import http from 'node:http';
import { Readable } from 'node:stream';

export interface StreamedAnswer {
  status: number;
  body: any;
  /** Body bytes the client had handed to the socket when the exchange ended. */
  sent: number;
}

/**
 * A multipart body of `fields` text fields of `fieldBytes` each, made as it is sent (never whole in
 * memory), so a test can send hundreds of MiB.
 */
export function multipartFields(boundary: string, fields: number, fieldBytes: number): Readable {
  const filler = Buffer.alloc(Math.min(fieldBytes, 1024 * 1024), 'x');
  return Readable.from(
    (function* () {
      for (let i = 0; i < fields; i++) {
        yield Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="field${i}"\r\n\r\n`);
        for (let left = fieldBytes; left > 0; left -= filler.length) {
          yield left >= filler.length ? filler : filler.subarray(0, left);
        }
        yield Buffer.from('\r\n');
      }
      yield Buffer.from(`--${boundary}--\r\n`);
    })(),
    { objectMode: false },
  );
}

/**
 * Sends `body` chunked (no Content-Length, so the server has to count) and resolves with the answer;
 * the server may answer and close before the body is all sent, which is what these tests want.
 */
export function sendStreamed(
  url: string,
  headers: Record<string, string>,
  body: Readable,
): Promise<StreamedAnswer> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    const request = http.request(url, { method: 'POST', headers });
    body.on('data', (chunk: Buffer) => {
      sent += chunk.length;
      if (!request.write(chunk)) {
        body.pause();
        request.once('drain', () => body.resume());
      }
    });
    body.on('end', () => request.end());
    request.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => {
        text += chunk;
      });
      response.on('end', () => {
        body.destroy();
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {}
        resolve({ status: response.statusCode ?? 0, body: parsed, sent });
      });
    });
    // Writing on after the server closed gives EPIPE or ECONNRESET; only an error before any answer is one.
    request.on('error', (error) => {
      body.destroy();
      reject(error);
    });
  });
}

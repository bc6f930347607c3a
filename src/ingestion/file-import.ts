import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Executor } from '../db/database.ts';
import { ingestScans, MAX_BATCH_EVENTS } from './service.ts';

/** A file the import cannot read as a whole (bad JSON, wrong shape); nothing was ingested. */
export class IvmtrFileError extends Error {
  override name = 'IvmtrFileError';
}

export interface FileImportTotals {
  received: number;
  matched: number;
  unmatched: number;
  duplicates: number;
  invalid: number;
  /** The first 100 invalid events: where they are in the file, and why. */
  errors: { position: string; message: string }[];
}

interface EventSource {
  format: 'json' | 'json-lines';
  total: number;
  /** Batches of events with, for each, its position for messages ("event 7" / "line 12"). */
  batches(size: number): AsyncIterable<{ events: unknown[]; positions: string[] }>;
}

/**
 * Imports an IV-MTR file — a JSON array, `{"events": [...]}`, or JSON lines (one event per line) — in
 * batches through the same service as the feed endpoint. The file is checked as a whole first (syntax,
 * shape), so a broken file changes nothing; invalid events inside a good file are counted, as the
 * endpoint does.
 */
export async function importIvmtrFile(
  db: Executor,
  path: string,
  options: { batchSize?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<FileImportTotals> {
  const batchSize = Math.min(options.batchSize ?? MAX_BATCH_EVENTS, MAX_BATCH_EVENTS);
  const source = await openEventSource(path);
  const totals: FileImportTotals = {
    received: 0,
    matched: 0,
    unmatched: 0,
    duplicates: 0,
    invalid: 0,
    errors: [],
  };
  options.onProgress?.(0, source.total);
  for await (const { events, positions } of source.batches(batchSize)) {
    const result = await ingestScans(db, events, { source: 'file' });
    totals.received += result.received;
    totals.matched += result.matched;
    totals.unmatched += result.unmatched;
    totals.duplicates += result.duplicates;
    totals.invalid += result.invalid;
    for (const error of result.errors) {
      if (totals.errors.length < 100)
        totals.errors.push({ position: positions[error.index]!, message: error.message });
    }
    options.onProgress?.(totals.received, source.total);
  }
  return totals;
}

async function openEventSource(path: string): Promise<EventSource> {
  const first = await firstCharacter(path);
  if (first === '[' || (first === '{' && !(await looksLikeJsonLines(path)))) return jsonSource(path);
  if (first === '{') return jsonLinesSource(path);
  if (first === null) return { format: 'json-lines', total: 0, batches: async function* () {} };
  throw new IvmtrFileError(`${path} is neither JSON nor JSON lines: it starts with "${first}".`);
}

async function firstCharacter(path: string): Promise<string | null> {
  const handle = await open(path);
  try {
    const buffer = Buffer.alloc(4096);
    for (let position = 0; ; ) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) return null;
      const text = buffer
        .subarray(0, bytesRead)
        .toString('utf8')
        .replace(/^\uFEFF/, '');
      const match = /\S/.exec(text);
      if (match) return match[0];
      position += bytesRead;
    }
  } finally {
    await handle.close();
  }
}

/** JSON lines when the first non-empty line is a whole object that is not an `{"events": ...}` wrapper. */
async function looksLikeJsonLines(path: string): Promise<boolean> {
  for await (const line of lines(path)) {
    if (line.text.trim() === '') continue;
    try {
      const value = JSON.parse(line.text);
      return value !== null && typeof value === 'object' && !('events' in value);
    } catch {
      return false;
    }
  }
  return false;
}

async function* lines(path: string): AsyncGenerator<{ text: string; number: number }> {
  const input = createReadStream(path, 'utf8');
  const reader = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let number = 0;
  try {
    for await (const text of reader) {
      number++;
      yield { text: number === 1 ? text.replace(/^\uFEFF/, '') : text, number };
    }
  } finally {
    // A reader stopped early (format sniffing) must not leave the file open.
    reader.close();
    input.destroy();
  }
}

async function jsonSource(path: string): Promise<EventSource> {
  let body: unknown;
  try {
    body = JSON.parse((await readFile(path, 'utf8')).replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new IvmtrFileError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  const events = Array.isArray(body)
    ? body
    : body !== null && typeof body === 'object' && Array.isArray((body as { events?: unknown }).events)
      ? (body as { events: unknown[] }).events
      : null;
  if (!events) throw new IvmtrFileError(`${path} must hold a JSON array of events or {"events": [...]}.`);
  return {
    format: 'json',
    total: events.length,
    batches: async function* (size) {
      for (let i = 0; i < events.length; i += size) {
        const slice = events.slice(i, i + size);
        yield { events: slice, positions: slice.map((_, j) => `event ${i + j + 1}`) };
      }
    },
  };
}

async function jsonLinesSource(path: string): Promise<EventSource> {
  // First pass: every line must be JSON before anything is ingested; it also gives the progress total.
  let total = 0;
  for await (const line of lines(path)) {
    if (line.text.trim() === '') continue;
    try {
      JSON.parse(line.text);
    } catch (error) {
      throw new IvmtrFileError(`${path} line ${line.number} is not valid JSON: ${(error as Error).message}`);
    }
    total++;
  }
  return {
    format: 'json-lines',
    total,
    batches: async function* (size) {
      let events: unknown[] = [];
      let positions: string[] = [];
      for await (const line of lines(path)) {
        if (line.text.trim() === '') continue;
        events.push(JSON.parse(line.text));
        positions.push(`line ${line.number}`);
        if (events.length === size) {
          yield { events, positions };
          events = [];
          positions = [];
        }
      }
      if (events.length) yield { events, positions };
    },
  };
}

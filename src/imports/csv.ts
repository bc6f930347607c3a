import type { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { invalid } from '../errors.ts';

/** Most columns a header may have: real mailing lists have dozens; thousands is a broken file. */
export const MAX_COLUMNS = 500;
/** Longest record, in characters: far above any real row, and it keeps one line from filling memory. */
export const MAX_RECORD_CHARS = 1_000_000;

/** One CSV record as stored: its values in header order, or why it can never be a contact. */
export interface CsvRow {
  rowNumber: number;
  values: string[];
  /** Set when the record itself is broken (NULs, bad encoding, too many fields): the row fails as such. */
  problem?: string;
}

const REPLACEMENT = '\ufffd';

function rowProblem(values: string[], width: number): string | undefined {
  if (values.length > width) return `has ${values.length} fields; the header has ${width}.`;
  for (const value of values) {
    if (value.includes('\u0000')) return 'contains a NUL character.';
    if (value.includes(REPLACEMENT)) return 'is not valid UTF-8 (save the file as UTF-8).';
  }
  return undefined;
}

function fileError(error: unknown): Error {
  if (error instanceof CsvError) {
    const message =
      error.code === 'CSV_MAX_RECORD_SIZE'
        ? `a record is longer than ${MAX_RECORD_CHARS} characters (line ${error.lines}).`
        : error.message.replace(/^Invalid Record Length: /, '');
    return invalid(`file is not a valid CSV: ${message}`);
  }
  return error as Error;
}

/**
 * Reads a CSV stream with csv-parse (UTF-8 with or without BOM, quoted fields, CRLF or LF): the header
 * first, then records handed to `onBatch` a batch at a time, awaited, so a file of any size passes through
 * in bounded memory. A broken file (bad quoting, a record past MAX_RECORD_CHARS, a header past MAX_COLUMNS)
 * is a validation error naming the line; a broken record is a row with a problem.
 */
export async function readCsv(
  input: Readable,
  onBatch: (header: string[], rows: CsvRow[]) => Promise<void>,
  batchSize = 2000,
): Promise<{ header: string[]; rowCount: number }> {
  const parser = parse({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: MAX_RECORD_CHARS,
  });
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  let header: string[] | null = null;
  let batch: CsvRow[] = [];
  let rowCount = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (!header) {
        header = record.map((name) => name.trim());
        if (header.length > MAX_COLUMNS) {
          throw invalid(`file has ${header.length} columns; at most ${MAX_COLUMNS} are accepted.`);
        }
        const problem = rowProblem(header, header.length);
        if (problem) throw invalid(`file's header row ${problem}`);
        const seen = new Set<string>();
        for (const name of header) {
          if (!name) throw invalid('file has an empty column name in its header row.');
          if (seen.has(name)) throw invalid(`file has the column "${name}" twice in its header row.`);
          seen.add(name);
        }
        continue;
      }
      rowCount++;
      const problem = rowProblem(record, header.length);
      // Only the header's width is kept: a record with 10,000 fields is reported, not stored whole.
      const values = record.slice(0, header.length).map((v) => v.replaceAll('\u0000', ''));
      batch.push({ rowNumber: rowCount, values, ...(problem ? { problem } : {}) });
      if (batch.length >= batchSize) {
        await onBatch(header, batch);
        batch = [];
      }
    }
  } catch (error) {
    input.unpipe(parser);
    input.resume();
    throw fileError(error);
  }
  if (!header) throw invalid('file is empty: a header row naming the columns is required.');
  if (batch.length) await onBatch(header, batch);
  if (rowCount === 0) throw invalid('file has a header row but no rows.');
  return { header, rowCount };
}

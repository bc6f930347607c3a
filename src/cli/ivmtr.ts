import { parseArgs } from 'node:util';
import type { Config } from '../config/config.ts';
import { createFeedToken, revokeFeedToken } from '../ingestion/feed-tokens.ts';
import { IvmtrFileError, importIvmtrFile } from '../ingestion/file-import.ts';
import { MAX_BATCH_EVENTS } from '../ingestion/service.ts';
import { runOneOff } from './one-off.ts';
import { progressBar } from './progress-bar.ts';

export const ivmtrUsage = `  ivmtr import FILE [--batch-size N] [--json]
                                    ingest IV-MTR scans from a JSON / JSON-lines file
  ivmtr token create [--description TEXT] [--json]
                                    make a bearer token for POST /usps/v1/ivmtr
  ivmtr token revoke TOKEN_ID       stop a feed token from working`;

type Fail = (message: string, code?: number) => never;

/** `mailstream ivmtr …`: USPS scan files and feed tokens. */
export async function ivmtrCommand(config: Config, args: string[], fail: Fail): Promise<void> {
  const [sub, ...rest] = args;
  if (sub === 'import') return importCommand(config, rest, fail);
  if (sub === 'token') return tokenCommand(config, rest, fail);
  fail(`Usage:\n${ivmtrUsage}`);
}

async function importCommand(config: Config, args: string[], fail: Fail): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { 'batch-size': { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const [file] = positionals;
  if (!file || positionals.length > 1) fail('ivmtr import: give exactly one FILE');
  const batchSize = Number(values['batch-size'] ?? MAX_BATCH_EVENTS);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_EVENTS) {
    fail(`ivmtr import: --batch-size must be an integer from 1 to ${MAX_BATCH_EVENTS}`);
  }
  const bar = progressBar('importing');
  const totals = await runOneOff(config, ({ db }) =>
    importIvmtrFile(db, file, { batchSize, onProgress: (done, total) => bar.update(done, total) }),
  ).catch((error: unknown) => {
    if (error instanceof IvmtrFileError) fail(`ivmtr import: ${error.message}`, 1);
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') fail(`ivmtr import: ${file} does not exist`, 1);
    throw error;
  });
  bar.finish();
  for (const error of totals.errors) process.stderr.write(`invalid: ${error.position}: ${error.message}\n`);
  if (totals.invalid > totals.errors.length) {
    process.stderr.write(`invalid: … and ${totals.invalid - totals.errors.length} more\n`);
  }
  const { errors: _listed, ...counts } = totals;
  process.stdout.write(
    values.json
      ? `${JSON.stringify(counts)}\n`
      : `received ${counts.received}\nmatched ${counts.matched}\nunmatched ${counts.unmatched}\n` +
          `duplicates ${counts.duplicates}\ninvalid ${counts.invalid}\n`,
  );
}

async function tokenCommand(config: Config, args: string[], fail: Fail): Promise<void> {
  const [sub, ...rest] = args;
  if (sub === 'create') {
    const { values } = parseArgs({
      args: rest,
      options: { description: { type: 'string' }, json: { type: 'boolean', default: false } },
    });
    const made = await runOneOff(config, ({ db }) => createFeedToken(db, values.description?.trim() || null));
    // Shown once: only its hash is stored.
    process.stdout.write(
      values.json ? `${JSON.stringify(made)}\n` : `token id  ${made.id}\ntoken     ${made.token}\n`,
    );
    return;
  }
  if (sub === 'revoke') {
    const [id] = rest;
    if (!id) fail('ivmtr token revoke: give the TOKEN_ID');
    const revoked = await runOneOff(config, ({ db }) => revokeFeedToken(db, id));
    if (!revoked) fail(`ivmtr token revoke: no active token ${id}`, 1);
    process.stdout.write(`revoked ${id}\n`);
    return;
  }
  fail(`Usage:\n${ivmtrUsage}`);
}

import { openAsBlob } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { progressBar } from './progress-bar.ts';

export const campaignUsage = `  campaign send --profile ID --file customers.csv --mapping mapping.json
                [--sender CONTACT_ID] [--send-date ISO] [--url URL] [--api-key KEY]
                                    import a CSV, make a mailing list of it and send it as a campaign
                                    through the API (MAILSTREAM_URL, MAILSTREAM_API_KEY); progress on
                                    stderr, totals on stdout`;

const profileFields: Record<string, string> = {
  letter_profile: 'letterProfile',
  postcard_profile: 'postcardProfile',
  cheque_profile: 'chequeProfile',
  self_mailer_profile: 'selfMailerProfile',
};

// biome-ignore lint/suspicious/noExplicitAny: API answers read field by field, each checked by its use
type ApiBody = Record<string, any>;

type Fail = (message: string, code?: number) => never;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `mailstream campaign send`: PostGrid's chain (import → mailing list → campaign → send) as one command
 * over the HTTP API, so it works against any mailstream (or PostGrid-compatible) server with a key.
 */
export async function campaignCommand(args: string[], fail: Fail): Promise<void> {
  const [sub, ...rest] = args;
  if (sub !== 'send') fail(`Usage:\n${campaignUsage}`);
  const { values } = parseArgs({
    args: rest,
    options: {
      profile: { type: 'string' },
      file: { type: 'string' },
      mapping: { type: 'string' },
      sender: { type: 'string' },
      'send-date': { type: 'string' },
      url: { type: 'string' },
      'api-key': { type: 'string' },
    },
  });
  const base = (values.url ?? process.env.MAILSTREAM_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
  const key = values['api-key'] ?? process.env.MAILSTREAM_API_KEY;
  if (!values.profile || !values.file || !values.mapping)
    fail(`--profile, --file and --mapping are required.\n${campaignUsage}`);
  if (!key) fail('An API key is required: --api-key or MAILSTREAM_API_KEY.');
  const profileField = profileFields[values.profile.replace(/_[A-Za-z0-9]+$/, '')];
  if (!profileField)
    fail(`--profile must be a letter, postcard, cheque or self-mailer profile id, got "${values.profile}".`);
  let mapping: Record<string, unknown>;
  try {
    mapping = JSON.parse(await readFile(values.mapping, 'utf8'));
  } catch (error) {
    fail(`--mapping: ${(error as Error).message}`);
  }
  // Either the import's mapping fields, or just the receiver's address mapping.
  const mappings = 'receiverAddressMapping' in mapping ? mapping : { receiverAddressMapping: mapping };

  const api = async (method: string, route: string, body?: unknown | FormData) => {
    const response = await fetch(`${base}/print-mail/v1${route}`, {
      method,
      headers: {
        'x-api-key': key,
        ...(body !== undefined && !(body instanceof FormData) ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
    });
    const json = (await response.json().catch(() => ({}))) as ApiBody;
    if (!response.ok) fail(`${method} ${route}: ${json.error?.message ?? `HTTP ${response.status}`}`, 1);
    return json;
  };
  const until = async (route: string, done: (body: ApiBody) => boolean, onPoll?: (b: ApiBody) => void) => {
    for (;;) {
      const body = await api('GET', route);
      onPoll?.(body);
      if (done(body)) return body;
      await pause(250);
    }
  };

  const form = new FormData();
  // openAsBlob reads the file from disk as it is sent, not into memory first.
  form.append('file', await openAsBlob(values.file), path.basename(values.file));
  form.append('fileType', 'csv');
  for (const [name, value] of Object.entries(mappings)) form.append(name, JSON.stringify(value));
  const created = await api('POST', '/mailing_list_imports', form);
  const validating = progressBar('rows validated');
  validating.update(0, 1);
  const imp = await until(`/mailing_list_imports/${created.id}`, (b) => b.status !== 'validating');
  validating.update(1, 1);
  validating.finish();
  if (imp.status !== 'completed') fail(`Import ${imp.id} needs changes: ${JSON.stringify(imp.errors)}`, 1);

  const list = await api('POST', '/mailing_lists', { description: path.basename(values.file) });
  await api('POST', `/mailing_lists/${list.id}/jobs`, { addMailingListImports: [imp.id] });
  await until(`/mailing_lists/${list.id}`, (b) => b.status === 'completed');

  const campaign = await api('POST', '/campaigns', {
    mailingList: list.id,
    [profileField]: values.profile,
    ...(values.sender ? { defaultSenderContact: values.sender } : {}),
    ...(values['send-date'] ? { sendDate: values['send-date'] } : {}),
    description: path.basename(values.file),
  });
  const drafted = await until(`/campaigns/${campaign.id}`, (b) => b.status !== 'drafting');
  if (drafted.status !== 'draft')
    fail(`Campaign ${campaign.id} needs changes: ${JSON.stringify(drafted.errors)}`, 1);
  const sent = await api('POST', `/campaigns/${campaign.id}/send`, {});
  const creating = progressBar('orders created');
  const ready = await until(
    `/campaigns/${campaign.id}`,
    (b) => b.status !== 'creating_orders',
    (b) => creating.update(b.createdCount + b.failedCount, sent.rowCount),
  );
  creating.finish();
  process.stdout.write(
    `${JSON.stringify({
      campaign: ready.id,
      status: ready.status,
      mailingListImport: imp.id,
      mailingList: list.id,
      rowsValid: imp.validRowCount,
      rowsFailed: imp.invalidRowCount,
      ordersCreated: ready.createdCount,
      ordersFailed: ready.failedCount,
    })}\n`,
  );
}

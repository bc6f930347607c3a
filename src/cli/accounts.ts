import { parseArgs } from 'node:util';
import { openKeyVault } from '../auth/key-vault.ts';
import type { Config } from '../config/config.ts';
import { ApiError } from '../errors.ts';
import {
  type CreatedOrganization,
  createOrganization,
  rotateOrganizationKeys,
} from '../organizations/service.ts';
import { createUser, resetPassword } from '../users/service.ts';
import { runOneOff } from './one-off.ts';

export const accountsUsage = `  org create --name NAME [--json]   create an organization and print its API keys
  org keys --org ORG_ID [--json]    replace an organization's test and live keys and print the new ones
  user create --org ORG_ID --email EMAIL --password PASSWORD [--json]
                                    create a dashboard user in an organization
  user reset-password --email EMAIL [--json]
                                    give a dashboard user a new password (printed) and end their sessions`;

type Fail = (message: string, code?: number) => never;

/** Runs `work` on the database; a refusal the service explains (unknown organization…) exits 1 with it. */
async function run<T>(config: Config, command: string, fail: Fail, work: Parameters<typeof runOneOff<T>>[1]) {
  try {
    return await runOneOff(config, work);
  } catch (error) {
    if (error instanceof ApiError) fail(`${command}: ${error.message}`, 1);
    throw error;
  }
}

function printKeys(org: CreatedOrganization, json: boolean | undefined): void {
  process.stdout.write(
    json
      ? `${JSON.stringify(org)}\n`
      : `organization ${org.organizationId}\ntest key     ${org.testApiKey}\nlive key     ${org.liveApiKey}\n`,
  );
}

/** `mailstream org create|keys`: keys are shown here; the database keeps hashes and sealed copies. */
export async function orgCommand(config: Config, args: string[], fail: Fail): Promise<void> {
  const [sub, ...rest] = args;
  if (sub === 'create') {
    const { values } = parseArgs({
      args: rest,
      options: { name: { type: 'string' }, json: { type: 'boolean', default: false } },
    });
    const name = values.name?.trim();
    if (!name) fail('org create: --name is required');
    const vault = await openKeyVault(config);
    printKeys(
      await run(config, 'org create', fail, ({ db }) => createOrganization(db, name, vault)),
      values.json,
    );
    return;
  }
  if (sub === 'keys') {
    const { values } = parseArgs({
      args: rest,
      options: { org: { type: 'string' }, json: { type: 'boolean', default: false } },
    });
    const organizationId = values.org;
    if (!organizationId) fail('org keys: --org is required');
    const vault = await openKeyVault(config);
    const org = await run(config, 'org keys', fail, ({ db }) =>
      rotateOrganizationKeys(db, organizationId, vault),
    );
    printKeys(org, values.json);
    return;
  }
  fail(`Usage:\n${accountsUsage}`);
}

/** `mailstream user create|reset-password`: dashboard sign-ins, on the machine that runs mailstream. */
export async function userCommand(config: Config, args: string[], fail: Fail): Promise<void> {
  const [sub, ...rest] = args;
  if (sub === 'create') {
    const { values } = parseArgs({
      args: rest,
      options: {
        org: { type: 'string' },
        email: { type: 'string' },
        password: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
    if (!values.org || !values.email || values.password === undefined) {
      fail('user create: --org, --email and --password are required');
    }
    const input = { organizationId: values.org, email: values.email, password: values.password };
    const user = await run(config, 'user create', fail, ({ db }) => createUser(db, input));
    process.stdout.write(
      values.json
        ? `${JSON.stringify(user)}\n`
        : `user ${user.id}\nemail ${user.email}\norganization ${user.organizationId}\n`,
    );
    return;
  }
  if (sub === 'reset-password') {
    const { values } = parseArgs({
      args: rest,
      options: { email: { type: 'string' }, json: { type: 'boolean', default: false } },
    });
    const email = values.email;
    if (!email) fail('user reset-password: --email is required');
    const { user, password } = await run(config, 'user reset-password', fail, ({ db }) =>
      resetPassword(db, email),
    );
    process.stdout.write(
      values.json
        ? `${JSON.stringify({ ...user, password })}\n`
        : `user     ${user.id}\nemail    ${user.email}\npassword ${password}\n(their dashboard sessions were ended)\n`,
    );
    return;
  }
  fail(`Usage:\n${accountsUsage}`);
}

import { parseArgs } from 'node:util';
import { openKeyVault } from '../auth/key-vault.ts';
import { ConfigError, loadConfig } from '../config/config.ts';
import { migrate } from '../db/migrate.ts';
import { ApiError } from '../errors.ts';
import { createLogger } from '../logger.ts';
import { createOrganization } from '../organizations/service.ts';
import { type Role, startServer } from '../server/start.ts';
import { createUser } from '../users/service.ts';
import { ivmtrCommand, ivmtrUsage } from './ivmtr.ts';
import { runOneOff } from './one-off.ts';
import { imbCommand, pipelineUsage, printerCommand } from './pipeline.ts';

const usage = `Usage: mailstream <command>

  start [--role api|worker|all]     run the server (default role: all)
  migrate                           apply database migrations
  org create --name NAME [--json]   create an organization and print its API keys
  user create --org ORG_ID --email EMAIL --password PASSWORD [--json]
                                    create a dashboard user in an organization
${ivmtrUsage}
${pipelineUsage}

Configuration comes from the environment; see README.md.`;

function fail(message: string, code = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }

  switch (command) {
    case 'start': {
      const { values } = parseArgs({ args: rest, options: { role: { type: 'string', default: 'all' } } });
      if (!['api', 'worker', 'all'].includes(values.role ?? ''))
        fail(`--role must be api, worker or all, got "${values.role}"`);
      await startServer(config, createLogger(config), values.role as Role);
      return;
    }
    case 'migrate': {
      const applied = await runOneOff(config, async ({ url, logger }) => migrate(url, logger));
      process.stdout.write(
        applied.length ? `applied migrations ${applied.join(', ')}\n` : 'database is up to date\n',
      );
      return;
    }
    case 'org': {
      const [sub, ...args] = rest;
      if (sub !== 'create') fail(usage);
      const { values } = parseArgs({
        args,
        options: { name: { type: 'string' }, json: { type: 'boolean', default: false } },
      });
      if (!values.name?.trim()) fail('org create: --name is required');
      const vault = await openKeyVault(config);
      const org = await runOneOff(config, async ({ db }) =>
        createOrganization(db, values.name!.trim(), vault),
      );
      process.stdout.write(
        values.json
          ? `${JSON.stringify(org)}\n`
          : `organization ${org.organizationId}\ntest key     ${org.testApiKey}\nlive key     ${org.liveApiKey}\n`,
      );
      return;
    }
    case 'user': {
      const [sub, ...args] = rest;
      if (sub !== 'create') fail(usage);
      const { values } = parseArgs({
        args,
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
      const user = await runOneOff(config, async ({ db }) => createUser(db, input)).catch(
        (error: unknown) => {
          if (error instanceof ApiError) fail(`user create: ${error.message}`, 1);
          throw error;
        },
      );
      process.stdout.write(
        values.json
          ? `${JSON.stringify(user)}\n`
          : `user ${user.id}\nemail ${user.email}\norganization ${user.organizationId}\n`,
      );
      return;
    }
    case 'ivmtr':
      await ivmtrCommand(config, rest, fail);
      return;
    case 'printer':
      await printerCommand(config, rest, fail);
      return;
    case 'imb':
      imbCommand(rest, fail);
      return;
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(`${usage}\n`);
      return;
    default:
      fail(`Unknown command "${command}".\n\n${usage}`);
  }
}

await main(process.argv.slice(2));

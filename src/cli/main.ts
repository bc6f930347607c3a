import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/config.ts';
import { migrate } from '../db/migrate.ts';
import { createLogger } from '../logger.ts';
import { type Role, startServer } from '../server/start.ts';
import { accountsUsage, orgCommand, userCommand } from './accounts.ts';
import { campaignCommand, campaignUsage } from './campaign.ts';
import { ivmtrCommand, ivmtrUsage } from './ivmtr.ts';
import { runOneOff } from './one-off.ts';
import { imbCommand, pipelineUsage, printerCommand } from './pipeline.ts';

const usage = `Usage: mailstream <command>

  start [--role api|worker|all]     run the server (default role: all)
  migrate                           apply database migrations
${accountsUsage}
${ivmtrUsage}
${pipelineUsage}
${campaignUsage}

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
    case 'org':
      await orgCommand(config, rest, fail);
      return;
    case 'user':
      await userCommand(config, rest, fail);
      return;
    case 'ivmtr':
      await ivmtrCommand(config, rest, fail);
      return;
    case 'printer':
      await printerCommand(config, rest, fail);
      return;
    case 'campaign':
      await campaignCommand(rest, fail);
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

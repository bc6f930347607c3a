import { parseArgs } from 'node:util';
import type { Config } from '../config/config.ts';
import { createPrinter } from '../printers/service.ts';
import { encodeImb, ImbInputError } from '../tracking/imb.ts';
import { runOneOff } from './one-off.ts';

export const pipelineUsage = `  printer create --name NAME [--json]
                                    create a printer and print its key (for /printer/v1)
  imb encode TRACKING [ROUTING]     print the 65 bars (F/A/D/T) of an Intelligent Mail barcode`;

type Fail = (message: string, code?: number) => never;

/** `mailstream printer create`: the key is shown once; only its hash is stored. */
export async function printerCommand(config: Config, args: string[], fail: Fail): Promise<void> {
  const [sub, ...rest] = args;
  if (sub !== 'create') fail(`Usage:\n${pipelineUsage}`);
  const { values } = parseArgs({
    args: rest,
    options: { name: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const name = values.name?.trim();
  if (!name) fail('printer create: --name is required');
  if (name.length > 200) fail('printer create: --name must be at most 200 characters');
  const printer = await runOneOff(config, ({ db }) => createPrinter(db, name));
  process.stdout.write(
    values.json
      ? `${JSON.stringify(printer)}\n`
      : `printer ${printer.id}\nname    ${printer.name}\nkey     ${printer.key}\n`,
  );
}

/** `mailstream imb encode TRACKING [ROUTING]`: needs no database. */
export function imbCommand(args: string[], fail: Fail): void {
  const [sub, ...rest] = args;
  if (sub !== 'encode' || rest.length < 1 || rest.length > 2) fail(`Usage:\n${pipelineUsage}`);
  const [tracking, routing = ''] = rest as [string, string?];
  try {
    process.stdout.write(`${encodeImb(tracking, routing)}\n`);
  } catch (error) {
    if (error instanceof ImbInputError) fail(`imb encode: ${error.message}`, 1);
    throw error;
  }
}

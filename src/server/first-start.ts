import type { KeyVault } from '../auth/key-vault.ts';
import type { Db } from '../db/database.ts';
import { type BootstrappedOrganization, bootstrapDefaultOrganization } from '../organizations/service.ts';

/**
 * On an empty database, makes the default organization and admin and prints them, once the server is
 * listening: a start that fails before that (a port in use) makes nothing. They are committed only after
 * stdout took them, so a start stopped in between leaves nothing half-made and the next start shows them.
 */
export async function announceFirstStart(
  db: Db,
  vault: KeyVault,
  out: NodeJS.WritableStream = process.stdout,
): Promise<BootstrappedOrganization | null> {
  return bootstrapDefaultOrganization(db, vault, (org) => write(out, firstStartText(org)));
}

function write(out: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    out.write(text, (error) => (error ? reject(error) : resolve()));
  });
}

export function firstStartText(org: BootstrappedOrganization): string {
  // Only hashes are stored (the dashboard can reveal the keys later, never the password).
  return [
    '',
    '  mailstream: created the default organization. Keep these keys; they are not shown again.',
    `    organization  ${org.organizationId}`,
    `    test key      ${org.testApiKey}`,
    `    live key      ${org.liveApiKey}`,
    '',
    '  Dashboard sign-in (more users: npx mailstream user create --org ORG --email E --password P):',
    `    email         ${org.admin.email}`,
    `    password      ${org.admin.password}`,
    '',
    `  Lost them? npx mailstream org keys --org ${org.organizationId}   (new keys)`,
    `             npx mailstream user reset-password --email ${org.admin.email}   (new password)`,
    '',
    '',
  ].join('\n');
}

import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config/config.ts';

/**
 * Seals API keys with AES-256-GCM so the dashboard can reveal them on request. Authentication never reads
 * the sealed copy (it compares hashes); the row id is the additional data, so a sealed value copied onto
 * another key's row does not open.
 */
export interface KeyVault {
  seal(keyId: string, key: string): Buffer;
  /** The key, or null when it was sealed under another secret or the value is damaged. */
  open(keyId: string, sealed: Buffer): string | null;
}

const VERSION = 1;

export function createKeyVault(secret: string): KeyVault {
  // The secret may be any long string; SHA-256 turns it into exactly the 32 bytes AES-256 needs.
  const key = createHash('sha256').update(`mailstream api-key vault v1\0${secret}`).digest();
  return {
    seal(keyId, plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(keyId));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from([VERSION]), iv, body, cipher.getAuthTag()]);
    },
    open(keyId, sealed) {
      if (sealed.length < 1 + 12 + 16 || sealed[0] !== VERSION) return null;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(1, 13));
        decipher.setAAD(Buffer.from(keyId));
        decipher.setAuthTag(sealed.subarray(sealed.length - 16));
        return Buffer.concat([
          decipher.update(sealed.subarray(13, sealed.length - 16)),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        return null;
      }
    },
  };
}

/**
 * MAILSTREAM_SECRET when set (required for several hosts sharing one database: they must all open the same
 * keys); otherwise a secret generated once into DATA_DIR, next to the embedded database it belongs with.
 */
export async function resolveSecret(config: Pick<Config, 'secret' | 'dataDir'>): Promise<string> {
  if (config.secret) return config.secret;
  const file = path.join(config.dataDir, 'secret');
  try {
    const existing = (await readFile(file, 'utf8')).trim();
    if (existing) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const generated = randomBytes(32).toString('base64url');
  await mkdir(config.dataDir, { recursive: true });
  try {
    // 'wx' fails if another process wrote it first; then that one's secret is the one to use.
    await writeFile(file, generated, { mode: 0o600, flag: 'wx' });
    return generated;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // The other process may have created the file and not written it yet.
    for (let attempt = 0; attempt < 50; attempt++) {
      const written = (await readFile(file, 'utf8')).trim();
      if (written) return written;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`${file} stays empty; delete it or set MAILSTREAM_SECRET.`);
  }
}

export async function openKeyVault(config: Pick<Config, 'secret' | 'dataDir'>): Promise<KeyVault> {
  return createKeyVault(await resolveSecret(config));
}

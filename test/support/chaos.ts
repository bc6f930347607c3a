// The crash test's monkey: every few seconds it SIGKILLs one process — an API process or a worker process,
// which it starts again a moment later, or (embedded database) the PostgreSQL postmaster itself, which the
// mailstream processes start again on their own.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Cluster } from './cluster.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface ChaosOptions {
  /** A kill every min…max milliseconds. */
  everyMs: [number, number];
  /** DATA_DIR of the embedded cluster, to kill its postmaster too; omitted with an external PostgreSQL. */
  embeddedDataDir?: string;
  /** Kinds of victim (default: all of them; `postgres` only with `embeddedDataDir`). */
  targets?: ChaosTarget[];
  random: () => number;
  log: (line: string) => void;
  /**
   * Kinds of process not killed again until their restart answers /readyz (other kills go on meanwhile):
   * on a loaded machine a start can take longer than the pauses, and an API process killed each time
   * before it is up would never serve.
   */
  waitReady?: ChaosTarget[];
}

export type ChaosTarget = 'api' | 'worker' | 'postgres';

export interface Chaos {
  /** Stops after the action under way; resolves with what was done, one line per kill. */
  stop(): Promise<string[]>;
}

/**
 * The postmaster's pid, from the pid file PostgreSQL keeps in its data directory; null if none runs. A
 * postmaster killed with SIGKILL leaves the file behind and pids are reused, so the process must also be
 * that data directory's postmaster (its command line, through /proc): never signal a stranger.
 */
export async function postmasterPid(dataDir: string): Promise<number | null> {
  const pgDir = path.join(dataDir, 'pg');
  try {
    const pid = Number((await readFile(path.join(pgDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    if (!Number.isInteger(pid) || pid <= 0) return null;
    const args = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
    return args[args.indexOf('-D') + 1] === pgDir ? pid : null;
  } catch {
    return null;
  }
}

/** URL of the embedded cluster running in `dataDir` (its password file and the port in postmaster.pid). */
export async function embeddedUrl(dataDir: string): Promise<string> {
  const password = (await readFile(path.join(dataDir, 'pg-password'), 'utf8')).trim();
  const lines = (await readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8')).split('\n');
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${Number(lines[3])}/mailstream`;
}

export function startChaos(cluster: Cluster, options: ChaosOptions): Chaos {
  const { random, log } = options;
  const actions: string[] = [];
  const started = Date.now();
  const note = (line: string) => {
    const stamped = `t+${((Date.now() - started) / 1000).toFixed(1)}s ${line}`;
    actions.push(stamped);
    log(stamped);
  };
  const rotation: ChaosTarget[] = [];
  let stopped = false;
  let wake: () => void = () => {};

  /** Processes of a waitReady kind restarted and not yet ready: their turns are skipped. */
  const starting = new Set<string>();
  const killProcess = async (name: string) => {
    const p = cluster.byName(name);
    if (starting.has(name)) return;
    const pid = p.current?.child.pid;
    if (!cluster.running(p)) return;
    await cluster.kill(p);
    note(`kill -9 ${p.name} (pid ${pid})`);
    await sleep(200 + random() * 1300);
    cluster.restart(p);
    if (options.waitReady?.includes(p.role)) {
      starting.add(name);
      void cluster
        .waitReady(p)
        .catch(() => {})
        .finally(() => starting.delete(name));
    }
  };

  const done = (async () => {
    while (!stopped) {
      const [min, max] = options.everyMs;
      await Promise.race([sleep(min + random() * (max - min)), new Promise<void>((r) => (wake = r))]);
      if (stopped) break;
      // Kinds of victim take turns in a shuffled rotation, so even a short run hits each of them.
      if (rotation.length === 0) {
        const kinds = options.targets ?? ['api', 'worker', 'postgres'];
        rotation.push(...kinds.filter((k) => k !== 'postgres' || options.embeddedDataDir));
        rotation.sort(() => random() - 0.5);
      }
      const kind = rotation.shift()!;
      if (kind !== 'postgres') {
        const candidates = cluster.processes.filter((p) => p.role === kind).map((p) => p.name);
        await killProcess(candidates[Math.floor(random() * candidates.length)]!);
        continue;
      }
      const pid = await postmasterPid(options.embeddedDataDir!);
      if (pid === null) continue;
      process.kill(pid, 'SIGKILL');
      // Nobody helps it back: the running mailstream processes notice and one of them starts the cluster
      // again, on the same port (src/db/embedded.ts, watchCluster).
      note(`kill -9 postgres postmaster (pid ${pid})`);
    }
  })();

  return {
    stop: async () => {
      stopped = true;
      wake();
      await done;
      return actions;
    },
  };
}

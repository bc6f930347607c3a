// A mailstream deployment made of real processes (`mailstream start --role api|worker`) on one database,
// for the scale-out and crash tests and the soak script: start, SIGKILL, restart, supervise, stop.
import { appendFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { portBelowEphemeralRange } from '../../src/ports.ts';
import { type Spawned, spawnCli } from './process.ts';

export type ClusterRole = 'api' | 'worker';

export interface ClusterProcess {
  name: string;
  role: ClusterRole;
  /** Fixed for the process's life and its restarts, so clients keep their URLs. */
  port: number;
  env: Record<string, string>;
  current: Spawned | null;
  /** Incarnations started so far. */
  starts: number;
  /** Output of every incarnation, for diagnostics and the error-log check. */
  output: string[];
}

export interface UnexpectedExit {
  name: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Whether it had started (answered /healthz): a crash, rather than a start that failed. */
  afterStart: boolean;
  /** A start that failed and said so ("failed to start"), rather than dying of an uncaught error. */
  reportedFailedStart: boolean;
  /** Last lines the incarnation wrote. */
  tail: string;
}

export interface ClusterOptions {
  apis: number;
  workers: number;
  /** Environment of every process (DATABASE_URL or DATA_DIR, profile, tokens…). */
  env: Record<string, string>;
  /** Extra environment of worker `index` (0-based). */
  workerEnv?: (index: number) => Record<string, string>;
  /**
   * Start the first process alone and the others once it is ready: with the embedded database, the
   * first one initialises and starts the cluster that the others join.
   */
  firstAlone?: boolean;
  /** A file to which the whole output of every process that exits unexpectedly is appended. */
  exitLog?: string;
  /** How long a process may take to answer /readyz (tsx compiles on start; the machine is shared). */
  readyTimeoutMs?: number;
}

const tail = (text: string, lines = 30) => text.split('\n').slice(-lines).join('\n');

export class Cluster {
  readonly processes: ClusterProcess[] = [];
  /** Processes that ended without being told to, in order. A supervisor (see `supervise`) restarts them. */
  readonly unexpectedExits: UnexpectedExit[] = [];
  private readonly expectedExit = new Set<Spawned>();
  private supervising = false;
  private stopping = false;
  private readonly readyTimeoutMs: number;

  private constructor(private readonly options: ClusterOptions) {
    this.readyTimeoutMs = options.readyTimeoutMs ?? 90_000;
  }

  static async start(options: ClusterOptions): Promise<Cluster> {
    const cluster = new Cluster(options);
    const define = async (name: string, role: ClusterRole, extra: Record<string, string> = {}) => {
      // Killed processes start again on their port: one no outgoing connection can take meanwhile.
      const port = await portBelowEphemeralRange();
      cluster.processes.push({
        name,
        role,
        port,
        env: { ...options.env, ...extra, PORT: String(port), HOST: '127.0.0.1' },
        current: null,
        starts: 0,
        output: [],
      });
    };
    for (let i = 0; i < options.apis; i++) await define(`api-${i + 1}`, 'api');
    for (let i = 0; i < options.workers; i++)
      await define(`worker-${i + 1}`, 'worker', options.workerEnv?.(i));
    try {
      const [first, ...rest] = cluster.processes;
      if (options.firstAlone && first) {
        cluster.spawn(first);
        await cluster.waitReady(first);
        for (const p of rest) cluster.spawn(p);
        await Promise.all(rest.map((p) => cluster.waitReady(p)));
      } else {
        for (const p of cluster.processes) cluster.spawn(p);
        await Promise.all(cluster.processes.map((p) => cluster.waitReady(p)));
      }
    } catch (error) {
      await cluster.stop(10_000);
      throw error;
    }
    return cluster;
  }

  get apiUrls(): string[] {
    return this.processes.filter((p) => p.role === 'api').map((p) => `http://127.0.0.1:${p.port}`);
  }

  byName(name: string): ClusterProcess {
    const found = this.processes.find((p) => p.name === name);
    if (!found) throw new Error(`no process ${name}`);
    return found;
  }

  private spawn(p: ClusterProcess): Spawned {
    const spawned = spawnCli(['start', '--role', p.role], p.env);
    p.current = spawned;
    p.starts++;
    const index = p.output.push('') - 1;
    const collect = () => {
      p.output[index] = spawned.stdout() + spawned.stderr();
    };
    spawned.child.stdout?.on('data', collect);
    spawned.child.stderr?.on('data', collect);
    // /healthz answers once the process has listened, the last step of its start: from then on it is up,
    // and ending on its own is a crash, not a failed start.
    let started = false;
    void (async () => {
      while (spawned.child.exitCode === null && spawned.child.signalCode === null) {
        try {
          const response = await fetch(`http://127.0.0.1:${p.port}/healthz`, {
            signal: AbortSignal.timeout(1000),
          });
          if (response.status === 200) {
            started = true;
            return;
          }
        } catch {}
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    })();
    spawned.child.on('exit', (code, signal) => {
      collect();
      if (this.expectedExit.has(spawned) || this.stopping) return;
      this.unexpectedExits.push({
        name: p.name,
        code,
        signal,
        afterStart: started,
        reportedFailedStart: (p.output[index] ?? '').includes('"msg":"failed to start"'),
        tail: tail(p.output[index] ?? ''),
      });
      if (this.options.exitLog) {
        void appendFile(
          this.options.exitLog,
          `=== ${p.name} exited with ${code ?? signal}\n${p.output[index]}\n`,
        );
      }
      if (this.supervising && p.current === spawned) {
        // As a process supervisor would: start it again after a pause.
        setTimeout(() => {
          if (this.supervising && !this.stopping && p.current === spawned) this.spawn(p);
        }, 1000).unref();
      }
    });
    return spawned;
  }

  /** Restarts processes that exit on their own (a crash, a failed start while the database is down). */
  supervise(on: boolean): void {
    this.supervising = on;
  }

  /** Polls /readyz (which queries the database) until it answers 200; bounded. */
  async waitReady(p: ClusterProcess, timeoutMs = this.readyTimeoutMs): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const spawned = p.current;
    while (Date.now() < deadline) {
      if (spawned && spawned.child.exitCode !== null && !this.supervising) {
        throw new Error(`${p.name} exited while starting:\n${tail(spawned.stdout() + spawned.stderr())}`);
      }
      try {
        const response = await fetch(`http://127.0.0.1:${p.port}/readyz`, {
          signal: AbortSignal.timeout(2000),
        });
        if (response.status === 200) return;
      } catch {}
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`${p.name} was not ready within ${timeoutMs} ms:\n${tail(p.output.at(-1) ?? '')}`);
  }

  /** SIGKILL: no shutdown hooks, no goodbye to the database. Resolves once the process is gone. */
  async kill(p: ClusterProcess): Promise<void> {
    const spawned = p.current;
    if (!spawned || spawned.child.exitCode !== null || spawned.child.signalCode !== null) return;
    this.expectedExit.add(spawned);
    spawned.child.kill('SIGKILL');
    await spawned.exited;
  }

  /** Starts a new incarnation of a process that is not running. */
  restart(p: ClusterProcess): void {
    const spawned = p.current;
    if (spawned && spawned.child.exitCode === null && spawned.child.signalCode === null) return;
    this.spawn(p);
  }

  running(p: ClusterProcess): boolean {
    const spawned = p.current;
    return spawned !== null && spawned.child.exitCode === null && spawned.child.signalCode === null;
  }

  /**
   * SIGTERM to every process (graceful: HTTP drained, workers stopped, the embedded cluster stopped by its
   * owner last), then SIGKILL whatever is still running after `timeoutMs`. Returns each process's exit code.
   */
  async stop(timeoutMs = 30_000): Promise<Record<string, number | null>> {
    this.stopping = true;
    this.supervising = false;
    const live = this.processes.filter((p) => this.running(p));
    // Non-owners first, so the owner of an embedded cluster does not stop it under the others' feet.
    const codes: Record<string, number | null> = {};
    const term = async (p: ClusterProcess) => {
      const spawned = p.current!;
      this.expectedExit.add(spawned);
      spawned.child.kill('SIGTERM');
      const timer = setTimeout(() => spawned.child.kill('SIGKILL'), timeoutMs);
      codes[p.name] = await spawned.exited;
      clearTimeout(timer);
    };
    const owner = await this.embeddedOwner();
    await Promise.all(live.filter((p) => p !== owner).map(term));
    if (owner && live.includes(owner)) await term(owner);
    return codes;
  }

  /** With DATA_DIR: the process that owns the embedded cluster (DATA_DIR/owner.pid), if it is ours. */
  private async embeddedOwner(): Promise<ClusterProcess | undefined> {
    const dataDir = this.options.env.DATA_DIR;
    if (!dataDir || this.options.env.DATABASE_URL) return undefined;
    try {
      const pid = Number(await readFile(path.join(dataDir, 'owner.pid'), 'utf8'));
      return this.processes.find((p) => p.current?.child.pid === pid);
    } catch {
      return undefined;
    }
  }

  /** How many error lines each message (with its error's message) accounts for: a crash run's summary. */
  errorKinds(): Record<string, number> {
    const kinds: Record<string, number> = {};
    for (const line of this.errorLines()) {
      const entry = JSON.parse(line.slice(line.indexOf('{'))) as { msg?: string; err?: { message?: string } };
      // Numbers (ports, delays, pids) vary between otherwise identical lines.
      const key = `${entry.msg}: ${String(entry.err?.message ?? '').slice(0, 100)}`.replace(
        /\d+(\.\d+)?/g,
        'N',
      );
      kinds[key] = (kinds[key] ?? 0) + 1;
    }
    return kinds;
  }

  /** Log lines at level error or fatal (pino: 50, 60), with the process that wrote them. */
  errorLines(): string[] {
    const lines: string[] = [];
    for (const p of this.processes) {
      for (const output of p.output) {
        for (const line of output.split('\n')) {
          if (!line.startsWith('{')) continue;
          try {
            if ((JSON.parse(line) as { level?: number }).level! >= 50) lines.push(`${p.name}: ${line}`);
          } catch {}
        }
      }
    }
    return lines;
  }
}

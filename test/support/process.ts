import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { eventually } from './eventually.ts';

export const projectRoot = path.resolve(import.meta.dirname, '../..');
export const cliPath = path.join(projectRoot, 'bin/mailstream.js');

export interface Spawned {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
}

/** Runs `mailstream …` as a real process, collecting its output. */
export function spawnCli(args: string[], env: Record<string, string>): Spawned {
  // CLI_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the spawned processes of a benchmark.
  const nodeArgs = process.env.CLI_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, cliPath, ...args], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    err += d;
  });
  // 'exit' can come before the last output is read: wait for the pipes to close too (bounded, since a
  // grandchild that inherited them may hold them open), so a failure message shows the final log lines.
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      const bound = new Promise((r) => setTimeout(r, 2000).unref());
      void Promise.race([closed, bound]).then(() => resolve(code));
    }),
  );
  return { child, stdout: () => out, stderr: () => err, exited };
}

export async function runCli(args: string[], env: Record<string, string>) {
  const run = spawnCli(args, env);
  const code = await run.exited;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

export { freePort } from '../../src/ports.ts';

/** Polls a URL until it answers 200 or the deadline passes; returns the elapsed milliseconds. */
export async function waitForHttp(url: string, timeoutMs: number): Promise<number> {
  const started = Date.now();
  // Refused connections are "not yet": the server is still starting.
  // Each try gives up after 5 s (undici would wait 300 s for headers), so a connection that is accepted
  // and never answered is tried again rather than eating the whole wait.
  const answered = async () => (await fetch(url, { signal: AbortSignal.timeout(5000) })).status === 200;
  await eventually(answered, timeoutMs, `${url} to answer 200`, {
    retryErrors: true,
    intervalMs: 100,
  });
  return Date.now() - started;
}

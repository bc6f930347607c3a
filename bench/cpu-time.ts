import { readdirSync, readFileSync } from 'node:fs';

// /proc/<pid>/stat counts in clock ticks of USER_HZ, which Linux fixes at 100 for user space.
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) process `pid` has used, from /proc; null where there is none. */
function processCpuSeconds(pid: number): number | null {
  try {
    // The fields after the command name, which is in parentheses and may itself hold spaces.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/**
 * CPU seconds of every PostgreSQL process of the machine (backends, WAL writer, checkpointer…): the
 * benchmark's database, embedded or not, and any other idle cluster, which adds next to nothing.
 */
function postgresCpuSeconds(): number | null {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  let total = 0;
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!readFileSync(`/proc/${entry}/comm`, 'utf8').startsWith('postgres')) continue;
    } catch {
      continue; // gone meanwhile
    }
    total += processCpuSeconds(Number(entry)) ?? 0;
  }
  return total;
}

function ownCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

interface Reading {
  postgres: number | null;
  client: number;
  api: number | null;
}

function read(apiPid: number | undefined): Reading {
  return {
    postgres: postgresCpuSeconds(),
    client: ownCpuSeconds(),
    api: apiPid === undefined ? null : processCpuSeconds(apiPid),
  };
}

const ms = (seconds: number, operations: number) => `${((seconds * 1000) / operations).toFixed(2)} ms`;

/**
 * Where a measured run's CPU went, per operation: the API process (when there is one), PostgreSQL and
 * this process, named `self` (the load client, the in-process service, the floor's pg client). On a
 * machine whose cores they all share, the rate follows the sum. Returns `stop(operations)`, which gives
 * the text for a row's note, or an empty string without /proc.
 */
export function cpuPerOperation(self: string, apiPid?: number): { stop(operations: number): string } {
  const start = read(apiPid);
  return {
    stop(operations) {
      const end = read(apiPid);
      if (start.postgres === null || end.postgres === null || operations === 0) return '';
      const parts = [];
      if (start.api !== null && end.api !== null)
        parts.push(`API process ${ms(end.api - start.api, operations)}`);
      // A backend that exited between the two readings takes its CPU out of the sum: never below zero.
      parts.push(`PostgreSQL ${ms(Math.max(0, end.postgres - start.postgres), operations)}`);
      parts.push(`${self} ${ms(end.client - start.client, operations)}`);
      return parts.join(', ');
    },
  };
}

// CPU time of one thread, read from Linux's /proc. The render pool budgets CPU time rather than wall time:
// on a busy machine a render waiting for a core has not used its budget.
import { readFileSync, readlinkSync } from 'node:fs';

/** `/proc/<pid>/task/<tid>` of the calling thread, or null where /proc is not available. */
export function currentThreadPath(): string | null {
  try {
    return `/proc/${readlinkSync('/proc/thread-self')}`;
  } catch {
    return null;
  }
}

/**
 * User plus system CPU time of the thread at `path`, in ms, or null when it cannot be read (the thread
 * has ended). /proc counts in clock ticks of 10 ms (USER_HZ is 100 on every Linux Node supports).
 */
export function threadCpuMs(path: string): number | null {
  try {
    const stat = readFileSync(`${path}/stat`, 'latin1');
    // The fields after the command name, which is in parentheses and may itself hold spaces or parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * 10 : null;
  } catch {
    return null;
  }
}

// Memory of a render process as the machine sees it: the node process and every process below it (the
// browser and its renderer, GPU and utility processes), read from /proc. Each process counts its PSS
// (proportional set size: pages shared between N processes count 1/N each), so the sum is what the tree
// really holds; summed RSS counted Chromium's shared pages once per process (1.1 GB for a 400 MB browser).
// Where smaps_rollup is not readable, RSS stands in and the sum errs high.
import { readdirSync, readFileSync } from 'node:fs';

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[1]);
  } catch {
    return undefined;
  }
}

/** `root` and all its descendants (Linux); just `root` where /proc is not there. */
export function processTree(root: number): number[] {
  let pids: number[];
  try {
    pids = readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .map(Number);
  } catch {
    return [root];
  }
  const children = new Map<number, number[]>();
  for (const pid of pids) {
    const parent = parentOf(pid);
    if (parent === undefined) continue;
    const list = children.get(parent) ?? [];
    list.push(pid);
    children.set(parent, list);
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]!) ?? []));
  return tree;
}

function memoryKb(pid: number): number {
  try {
    const match = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'latin1'));
    if (match) return Number(match[1]);
  } catch {}
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** Memory of `root` and its descendants (PSS, else RSS), in MB; this process's RSS where /proc is not there. */
export function treeMemoryMb(root: number): number {
  const total = processTree(root).reduce((sum, pid) => sum + memoryKb(pid), 0);
  return total > 0 ? total / 1024 : process.memoryUsage.rss() / 2 ** 20;
}

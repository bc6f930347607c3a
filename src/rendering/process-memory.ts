// Memory of a render process as the machine sees it: the node process and every process below it (the
// browser and its renderer, GPU and utility processes), read from /proc/<pid>/status.
// - Each process counts its private memory (RssAnon); the shared part (RssFile + RssShmem: the browser's
//   code and the shared memory between its processes) is counted once, the largest of the tree. Summed
//   RSS counted Chromium's shared pages once per process (1.1 GB for a browser of 500 MB).
// - Only status files are read, never smaps: reading a busy browser's smaps walks its page tables, and
//   doing so every second slowed rendering several-fold on a loaded machine.
// - Children come from /proc/<pid>/task/<tid>/children, so no scan of every process on the machine.
// Where /proc is not there (not Linux), the process's own RSS stands in.
import { readdir, readFile } from 'node:fs/promises';

async function childrenOf(pid: number): Promise<number[]> {
  try {
    const tasks = await readdir(`/proc/${pid}/task`);
    const lists = await Promise.all(
      tasks.map((tid) => readFile(`/proc/${pid}/task/${tid}/children`, 'latin1').catch(() => '')),
    );
    return lists.flatMap((list) => list.split(' ').filter(Boolean).map(Number));
  } catch {
    return [];
  }
}

/** `root` and all its descendants (Linux); just `root` elsewhere. */
export async function processTree(root: number): Promise<number[]> {
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(await childrenOf(tree[i]!)));
  return tree;
}

interface Usage {
  privateKb: number;
  sharedKb: number;
}

async function usage(pid: number): Promise<Usage | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'latin1');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { privateKb: field('RssAnon'), sharedKb: field('RssFile') + field('RssShmem') };
  } catch {
    return undefined;
  }
}

/** Memory of these processes in MB: their private memory, plus the largest shared part once. */
export async function processesMemoryMb(pids: readonly number[]): Promise<number> {
  const all = (await Promise.all(pids.map(usage))).filter((u): u is Usage => u !== undefined);
  if (all.length === 0) return process.memoryUsage.rss() / 2 ** 20;
  const privateKb = all.reduce((sum, u) => sum + u.privateKb, 0);
  const sharedKb = Math.max(...all.map((u) => u.sharedKb));
  return (privateKb + sharedKb) / 1024;
}

/** Memory of `root` and its descendants, in MB (see above). */
export async function treeMemoryMb(root: number): Promise<number> {
  return processesMemoryMb(await processTree(root));
}

// Ports for servers of our own on 127.0.0.1.
import { readFile } from 'node:fs/promises';
import net from 'node:net';

/** A port free now, chosen by the kernel (from its ephemeral range). */
export async function freePort(): Promise<number> {
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

export async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A free port below the kernel's ephemeral range, for a server that must come back on the same port after
 * a crash (the embedded cluster; in tests, processes killed and started again). In that range, while the
 * server is down, clients retrying their connections can be given its very port as their own end (Linux
 * even connects a socket to itself), and the server could not listen on it again.
 */
export async function portBelowEphemeralRange(): Promise<number> {
  let low = 32768;
  try {
    low = Number((await readFile('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')).trim().split(/\s+/)[0]);
  } catch {}
  const floor = 10_000;
  for (let attempt = 0; low > floor + 100 && attempt < 50; attempt++) {
    const port = floor + Math.floor(Math.random() * (low - floor));
    if (await portFree(port)) return port;
  }
  return freePort();
}

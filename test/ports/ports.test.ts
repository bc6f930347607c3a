import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { test } from 'node:test';
import { portBelowEphemeralRange, portFree } from '../../src/ports.ts';

test('a port for a server that restarts in place is free and below the ephemeral range', async () => {
  const ephemeralStart = Number(
    readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0],
  );
  for (let i = 0; i < 20; i++) {
    const port = await portBelowEphemeralRange();
    assert.ok(port >= 10_000 && port < ephemeralStart, `${port} is below ${ephemeralStart}`);
    assert.equal(await portFree(port), true);
  }
  // portFree tells a port in use from a free one.
  const server = net.createServer();
  const port = await portBelowEphemeralRange();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  try {
    assert.equal(await portFree(port), false);
  } finally {
    server.close();
  }
});

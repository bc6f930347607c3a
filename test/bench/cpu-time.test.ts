import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { cpuPerOperation } from '../../bench/cpu-time.ts';

// Linux only, as the machines this runs on: the figures come from /proc.

function burn(cpuMs: number): void {
  const start = process.cpuUsage();
  for (;;) {
    const used = process.cpuUsage(start);
    if ((used.user + used.system) / 1000 >= cpuMs) return;
  }
}

const figure = (note: string, label: string) => {
  const match = new RegExp(`${label} (\\d+\\.\\d+) ms`).exec(note);
  assert.ok(match, `"${label}" in: ${note}`);
  return Number(match[1]);
};

test('the CPU this process spends is shared out over the operations', () => {
  const meter = cpuPerOperation('the bench');
  burn(240);
  const note = meter.stop(4);
  const perOperation = figure(note, 'the bench');
  assert.ok(perOperation >= 55 && perOperation <= 90, note);
  assert.ok(figure(note, 'PostgreSQL') >= 0, note);
  assert.ok(!note.includes('API process'), 'no API process was named');
});

test("an API process's CPU is read from its pid", async () => {
  // A child that spends about 300 ms of CPU and then says so.
  const child = spawn(
    process.execPath,
    [
      '-e',
      `const s = process.cpuUsage(); for (;;) { const u = process.cpuUsage(s); if (u.user + u.system >= 300000) break; }
       process.stdout.write('done'); setTimeout(() => {}, 60000);`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    const meter = cpuPerOperation('load client', child.pid);
    await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
    const note = meter.stop(3);
    // Some of its start-up CPU may come before the first reading: at least the busy loop's, less a bit.
    const perOperation = figure(note, 'API process');
    assert.ok(perOperation >= 60 && perOperation <= 200, note);
    assert.ok(figure(note, 'load client') < perOperation, note);
  } finally {
    child.kill();
  }
});

// A clone of mailstream with nothing beside it passes its tests: every file a test, script or the
// product reads lives in the repository (test/fixtures/ holds the vectors and PostGrid's spec, each
// with its source named in test/fixtures/README.md).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { projectRoot } from '../support/process.ts';

const run = promisify(execFile);

// Spelled in parts so that this file does not name the folder it looks for.
const outsideFolder = ['..', 'shared'].join('/');
const outsidePaths = [outsideFolder, ['', 'work', 'shared'].join('/')];

async function trackedFiles(root: string): Promise<string[]> {
  const { stdout } = await run('git', ['ls-files', '-z'], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
  return stdout.split('\0').filter(Boolean);
}

test('no source, test, script or configuration file names a path outside the repository', async () => {
  const files = (await trackedFiles(projectRoot)).filter(
    (f) => /\.(ts|tsx|js|mjs|cjs|json|sh|yaml|yml)$/.test(f) || f.startsWith('.ci/') || f.startsWith('bin/'),
  );
  assert.ok(files.length > 100, `expected the repository's files, found ${files.length}`);
  const offenders: string[] = [];
  for (const file of files) {
    if (file === 'package-lock.json') continue;
    const text = await readFile(path.join(projectRoot, file), 'utf8');
    for (const outside of outsidePaths)
      if (text.includes(outside)) offenders.push(`${file} names ${outside}`);
  }
  assert.deepEqual(offenders, []);
});

test('every fixture a test reads is in test/fixtures and named with its source', async () => {
  const fixtures = (await readdir(path.join(projectRoot, 'test/fixtures'))).filter((f) => f !== 'README.md');
  assert.ok(fixtures.length >= 4);
  const readme = await readFile(path.join(projectRoot, 'test/fixtures/README.md'), 'utf8');
  for (const fixture of fixtures) {
    assert.match(
      readme,
      new RegExp(`^\\| \`${fixture.replaceAll('.', '\\.')}\` \\|.+\\|.+\\|$`, 'm'),
      fixture,
    );
  }
});

/** This run's environment, minus what makes node:test report to a parent runner instead of stdout. */
function innerEnv(): NodeJS.ProcessEnv {
  const { NODE_TEST_CONTEXT: _, ...env } = process.env;
  return { ...env, DATABASE_URL: process.env.MAILSTREAM_TEST_SERVER_URL ?? '' };
}

test('a clone in an empty folder installs and passes the tests that read fixtures', async () => {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'mailstream-clone-'));
  try {
    const clone = path.join(folder, 'mailstream');
    await run('git', ['clone', '--quiet', projectRoot, clone]);
    // Nothing beside the clone: the folder holds the clone alone.
    assert.deepEqual(await readdir(folder), ['mailstream']);
    await run('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund'], {
      cwd: clone,
      maxBuffer: 64 * 1024 * 1024,
    });
    const readers: string[] = [];
    for (const file of await trackedFiles(clone)) {
      if (!file.startsWith('test/') || !file.endsWith('.test.ts') || file.includes('test/repository/'))
        continue;
      const text = await readFile(path.join(clone, file), 'utf8');
      if (/support\/(fixtures|postgrid-spec)\.ts'/.test(text)) readers.push(file);
    }
    const spec = await readFile(path.join(clone, 'test/support/postgrid-spec.ts'), 'utf8');
    assert.match(spec, /readFixture\(/);
    assert.ok(readers.length >= 5, `test files reading fixtures: ${readers.join(', ')}`);
    // The inner run uses this run's PostgreSQL server (a template of its own), not a second cluster.
    const { stdout } = await run('npm', ['test', '--', ...readers], {
      cwd: clone,
      env: innerEnv(),
      maxBuffer: 64 * 1024 * 1024,
    });
    assert.match(stdout, new RegExp(`mailstream tests: ${readers.length} files`));
    assert.match(stdout, /ℹ fail 0/);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});

import { readFileSync } from 'node:fs';

/**
 * The tests' fixed inputs (vectors, PostGrid's reference spec) live in test/fixtures/, inside the
 * repository, each with its source named in test/fixtures/README.md. Every test reads them through here,
 * so nothing a test needs lies outside a clone.
 */
export const fixturesDir = new URL('../fixtures/', import.meta.url);

export function readFixture(name: string): string {
  return readFileSync(new URL(name, fixturesDir), 'utf8');
}

export function readJsonFixture<T>(name: string): T {
  return JSON.parse(readFixture(name)) as T;
}

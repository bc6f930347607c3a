// The rate table file: checked at start (a bad file stops the process naming the problem), RATES_FILE points
// at another one, and an order is priced with the version in effect on its sendDate.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse, stringify } from 'yaml';
import { ConfigError, loadConfig } from '../../src/config/config.ts';
import { DEFAULT_RATES_FILE } from '../../src/pricing/rate-table.ts';
import { senderAddress, startTestApp, usAddress } from '../support/app.ts';
import { runCli } from '../support/process.ts';

let dir: string;
const shipped = parse(readFileSync(DEFAULT_RATES_FILE, 'utf8'));
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mailstream-rates-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, content: unknown): Promise<string> {
  const at = path.join(dir, name);
  await writeFile(at, typeof content === 'string' ? content : stringify(content));
  return at;
}

const changed = (change: (table: any) => void) => {
  const copy = structuredClone(shipped);
  change(copy);
  return copy;
};

describe('checked at start', () => {
  test('the shipped default loads: every mailing class priced, versions in order', () => {
    const config = loadConfig({});
    assert.equal(config.rates.currency, 'USD');
    assert.deepEqual(
      config.rates.versions.map((v) => v.effectiveFrom),
      ['2024-07-14', '2025-07-13'],
    );
    assert.equal(config.rates.versions[1]!.postage.first_class.domestic.letter.firstOunce, 74);
    assert.equal(config.rates.versions[1]!.postage.first_class.domestic.letter.additionalOunce, 29);
    assert.equal(config.rates.versions[1]!.postage.first_class.domestic.postcard, 61);
  });

  const bad: [string, unknown, RegExp][] = [
    ['not YAML', 'versions: [unclosed', /is not valid YAML/],
    [
      'a missing price',
      changed((t) => delete t.versions[1].postage.first_class.canada.letter.firstOunce),
      /versions\[1\]\.postage\.first_class\.canada\.letter/,
    ],
    [
      'a price that is not whole cents',
      changed((t) => {
        t.versions[0].paper = { ...t.versions[0].paper, a4: 1.5 };
      }),
      /versions\[0\]\.paper\.a4 .*integer/,
    ],
    [
      'a negative fee',
      changed((t) => {
        t.versions[1].extraServices = { ...t.versions[1].extraServices, certified: -5 };
      }),
      /versions\[1\]\.extraServices\.certified/,
    ],
    [
      'an unknown field (a typo)',
      changed((t) => {
        t.versions[1].extraService = {};
      }),
      /versions\[1\]\.extraService is an unknown field/,
    ],
    [
      'a mailing class without a service',
      changed((t) => delete t.services.usps_eddm),
      /services has no postage service for mailingClass usps_eddm/,
    ],
    [
      'a service for no mailing class',
      changed((t) => {
        t.services.pigeon = 'first_class';
      }),
      /services\.pigeon is not a mailingClass/,
    ],
    [
      'versions out of order',
      changed((t) => {
        t.versions[1].effectiveFrom = '2024-01-01';
      }),
      /versions\[1\]\.effectiveFrom must be later/,
    ],
    [
      'a repeated id',
      changed((t) => {
        t.versions[1].id = t.versions[0].id;
      }),
      /versions\[1\]\.id repeats/,
    ],
    [
      'nothing in effect today',
      changed((t) => {
        t.versions = [{ ...t.versions[1], effectiveFrom: '2999-01-01' }];
      }),
      /no version is in effect today/,
    ],
    [
      'a country in two groups',
      changed((t) => {
        t.countryGroups.canada.push('US');
      }),
      /countryGroups\.canada lists US a second time/,
    ],
  ];
  for (const [name, content, message] of bad) {
    test(`refused: ${name}, naming the place`, async () => {
      const at = await file(`${name.replaceAll(' ', '-')}.yaml`, content);
      assert.throws(
        () => loadConfig({ RATES_FILE: at }),
        (error: unknown) =>
          error instanceof ConfigError &&
          error.variable === 'RATES_FILE' &&
          message.test(error.message) &&
          error.message.includes(at),
      );
    });
  }

  test('a missing file is refused', () => {
    assert.throws(
      () => loadConfig({ RATES_FILE: path.join(dir, 'nope.yaml') }),
      /RATES_FILE .*cannot be read \(ENOENT\)/,
    );
  });

  test('a process given a bad file does not start, and says why', async () => {
    const at = await file(
      'broken-process.yaml',
      changed((t) => delete t.currency),
    );
    const run = await runCli(['start', '--role', 'api'], { RATES_FILE: at, PORT: '0', DATA_DIR: dir });
    assert.notEqual(run.code, 0);
    assert.match(run.stderr + run.stdout, /RATES_FILE .*currency/);
  });
});

describe('effective dates through the API', () => {
  test('an order is priced with the version in effect on its sendDate, and names it', async () => {
    const inTenDays = new Date(Date.now() + 10 * 86_400_000);
    const day = inTenDays.toISOString().slice(0, 10);
    const table = changed((t) => {
      const next = structuredClone(t.versions[1]);
      next.id = 'next-year';
      next.effectiveFrom = day;
      next.postage.first_class.domestic.letter.firstOunce = 99;
      t.versions.push(next);
    });
    const app = await startTestApp({ RATES_FILE: await file('next.yaml', table) });
    try {
      const letter = (sendDate?: string) =>
        app.api('/letters', {
          method: 'POST',
          json: {
            to: usAddress(),
            from: senderAddress(),
            html: '<p>x</p>',
            ...(sendDate ? { sendDate } : {}),
          },
        });
      const now = await letter();
      assert.equal(now.body.price.rateTable, 'usps-2025-07-13');
      assert.equal(now.body.price.total, 89);
      const later = await letter(new Date(inTenDays.getTime() + 2 * 86_400_000).toISOString());
      assert.equal(later.status, 200, JSON.stringify(later.body));
      assert.equal(later.body.price.rateTable, 'next-year');
      assert.equal(later.body.price.total, 10 + 2 + 3 + 99);
      const quote = await app.api('/quotes', {
        method: 'POST',
        json: {
          kind: 'letter',
          to: usAddress(),
          from: senderAddress(),
          html: 'x',
          sendDate: later.body.sendDate,
        },
      });
      assert.deepEqual(quote.body, later.body.price);
    } finally {
      await app.close();
    }
  });
});

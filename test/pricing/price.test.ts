// The price of each kind, size, page count, colour, class, destination and extra service, against totals
// worked out by hand from config/rates.yaml (the shipped default); and the version change on its date.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type PriceInput, priceOrder } from '../../src/pricing/price.ts';
import { DEFAULT_RATES_FILE, loadRateTable } from '../../src/pricing/rate-table.ts';

const table = loadRateTable(DEFAULT_RATES_FILE);
const july2025 = new Date('2025-08-01T15:00:00Z');
const letter = (details: Record<string, unknown>) => ({ kind: 'letter' as const, details });

interface Case {
  name: string;
  input: Partial<PriceInput> & Pick<PriceInput, 'kind' | 'details'>;
  /** The working, in cents, each term one line of the price. */
  lines: Record<string, number>;
  total: number;
  pageCount?: number;
  settled: boolean;
  rateTable?: string;
}

const cases: Case[] = [
  {
    name: 'letter, 1 page presumed (HTML not yet rendered), black and white, first class to the US',
    input: letter({ html: '<p>x</p>', size: 'us_letter', color: false, doubleSided: false }),
    // 1 page × 10 + 1 sheet × 2 + envelope 3 + 1 oz (0.2 + 0.16) 74
    lines: {
      'printing.us_letter.bw.simplex': 10,
      'paper.us_letter': 2,
      'envelope.standard': 3,
      'postage.first_class.domestic.letter': 74,
    },
    total: 89,
    pageCount: 1,
    settled: false,
  },
  {
    name: 'letter, 5 pages in colour on both sides',
    input: { ...letter({ html: 'x', color: true, doubleSided: true }), pageCount: 5 },
    // 5 × 25 + 3 sheets × 2 + 3 + (0.2 + 3 × 0.16 = 0.68 oz) 74
    lines: {
      'printing.us_letter.color.duplex': 125,
      'paper.us_letter': 6,
      'envelope.standard': 3,
      'postage.first_class.domestic.letter': 74,
    },
    total: 208,
    pageCount: 5,
    settled: true,
  },
  {
    name: 'letter, exactly 1 oz (5 sheets): one ounce',
    input: { ...letter({ html: 'x' }), pageCount: 5 },
    // 5 × 10 + 5 × 2 + 3 + (0.2 + 5 × 0.16 = 1.0 oz) 74
    lines: {
      'printing.us_letter.bw.simplex': 50,
      'paper.us_letter': 10,
      'envelope.standard': 3,
      'postage.first_class.domestic.letter': 74,
    },
    total: 137,
    pageCount: 5,
    settled: true,
  },
  {
    name: 'letter, 6 pages: over an ounce, one additional ounce',
    input: { ...letter({ html: 'x' }), pageCount: 6 },
    // 60 + 12 + 3 + (1.16 oz → 2 oz) 74 + 29
    lines: {
      'printing.us_letter.bw.simplex': 60,
      'paper.us_letter': 12,
      'envelope.standard': 3,
      'postage.first_class.domestic.letter': 74,
      'postage.first_class.domestic.letter.additional_ounce': 29,
    },
    total: 178,
    pageCount: 6,
    settled: true,
  },
  {
    name: 'letter with a return envelope inside: its weight counts',
    input: { ...letter({ html: 'x', returnEnvelope: 'return_envelope_x' }), pageCount: 5 },
    // 50 + 10 + 3 + (0.2 + 0.8 + 0.2 = 1.2 oz → 2 oz) 74 + 29
    lines: {
      'printing.us_letter.bw.simplex': 50,
      'paper.us_letter': 10,
      'envelope.standard': 3,
      'postage.first_class.domestic.letter': 74,
      'postage.first_class.domestic.letter.additional_ounce': 29,
    },
    total: 166,
    pageCount: 5,
    settled: true,
  },
  {
    name: 'letter, 6 pages and an inserted address page, certified with return receipt: 7 sheets, a flat',
    input: {
      ...letter({ html: 'x', addressPlacement: 'insert_blank_page' }),
      pageCount: 6,
      extraService: 'certified_return_receipt',
      mailingClass: 'certified_return_receipt',
    },
    // 7 pages × 10 + 7 sheets × 2 + flat envelope 15 + (0.8 + 7 × 0.16 = 1.92 oz → 2 oz flat) 163 + 27
    // + certified 530 + return receipt 440
    lines: {
      'printing.us_letter.bw.simplex': 70,
      'paper.us_letter': 14,
      'envelope.flat': 15,
      'postage.first_class.domestic.flat': 163,
      'postage.first_class.domestic.flat.additional_ounce': 27,
      'extra_service.certified': 530,
      'extra_service.return_receipt': 440,
    },
    total: 1259,
    pageCount: 6,
    settled: true,
  },
  {
    name: 'letter, A4, 20 pages, registered',
    input: { ...letter({ html: 'x', size: 'a4' }), pageCount: 20, extraService: 'registered' },
    // 200 + 40 + 15 + (0.8 + 20 × 0.17 = 4.2 oz → 5 oz flat) 163 + 4 × 27 + registered 1875
    lines: {
      'printing.a4.bw.simplex': 200,
      'paper.a4': 40,
      'envelope.flat': 15,
      'postage.first_class.domestic.flat': 163,
      'postage.first_class.domestic.flat.additional_ounce': 108,
      'extra_service.registered': 1875,
    },
    total: 2401,
    pageCount: 20,
    settled: true,
  },
  {
    name: 'letter, 3 pages to Canada',
    input: { ...letter({ html: 'x' }), pageCount: 3, countryCode: 'CA' },
    lines: {
      'printing.us_letter.bw.simplex': 30,
      'paper.us_letter': 6,
      'envelope.standard': 3,
      'postage.first_class.canada.letter': 170,
    },
    total: 209,
    pageCount: 3,
    settled: true,
  },
  {
    name: 'letter, standard class (USPS Marketing Mail)',
    input: { ...letter({ pdf: 'x' }), mailingClass: 'standard_class' },
    lines: {
      'printing.us_letter.bw.simplex': 10,
      'paper.us_letter': 2,
      'envelope.standard': 3,
      'postage.marketing.domestic.letter': 42,
    },
    total: 57,
    pageCount: 1,
    settled: false,
  },
  {
    name: 'letter, express (Priority Mail Express)',
    input: { ...letter({ html: 'x' }), mailingClass: 'usps_express_2_day' },
    lines: {
      'printing.us_letter.bw.simplex': 10,
      'paper.us_letter': 2,
      'envelope.standard': 3,
      'postage.priority_express.domestic.letter': 2990,
    },
    total: 3005,
    pageCount: 1,
    settled: false,
  },
  {
    name: 'postcard 6x4 at the postcard price',
    input: { kind: 'postcard', details: { size: '6x4' } },
    lines: { 'postcard.6x4': 18, 'postage.first_class.domestic.postcard': 61 },
    total: 79,
    settled: true,
  },
  {
    name: 'postcard 9x6: too large for the postcard price, a letter',
    input: { kind: 'postcard', details: { size: '9x6' } },
    lines: { 'postcard.9x6': 30, 'postage.first_class.domestic.letter': 74 },
    total: 104,
    settled: true,
  },
  {
    name: 'postcard 11x6 to Mexico',
    input: { kind: 'postcard', details: { size: '11x6' }, countryCode: 'MX' },
    lines: { 'postcard.11x6': 36, 'postage.first_class.mexico.letter': 170 },
    total: 206,
    settled: true,
  },
  {
    name: 'self-mailer 9.5x16 trifold: 1.1 oz',
    input: { kind: 'self_mailer', details: { size: '9.5x16_trifold' } },
    lines: {
      'self_mailer.9.5x16_trifold': 70,
      'postage.first_class.domestic.letter': 74,
      'postage.first_class.domestic.letter.additional_ounce': 29,
    },
    total: 173,
    settled: true,
  },
  {
    name: 'self-mailer 8.5x11 bifold, standard class',
    input: { kind: 'self_mailer', details: { size: '8.5x11_bifold' }, mailingClass: 'usps_standard_class' },
    lines: { 'self_mailer.8.5x11_bifold': 45, 'postage.marketing.domestic.letter': 42 },
    total: 87,
    settled: true,
  },
  {
    name: 'cheque alone, certified',
    input: { kind: 'cheque', details: { size: 'us_letter', amount: 100 }, extraService: 'certified' },
    // cheque 40 + 1 sheet 2 + 3 + (0.36 oz) 74 + 530
    lines: {
      'cheque.us_letter': 40,
      'paper.us_letter': 2,
      'envelope.standard': 3,
      'postage.first_class.domestic.letter': 74,
      'extra_service.certified': 530,
    },
    total: 649,
    settled: true,
  },
  {
    name: 'cheque on legal paper with a 2-page letter',
    input: { kind: 'cheque', details: { size: 'us_legal', letterHTML: '<p>x</p>' }, pageCount: 2 },
    // 40 + 2 × 12 + 3 sheets × 3 + 3 + (0.2 + 3 × 0.2 = 0.8 oz) 74
    lines: {
      'cheque.us_legal': 40,
      'printing.us_legal.bw.simplex': 24,
      'paper.us_legal': 9,
      'envelope.standard': 3,
      'postage.first_class.domestic.letter': 74,
    },
    total: 150,
    pageCount: 2,
    settled: true,
  },
  {
    name: 'cheque with a letter not yet rendered: one page presumed',
    input: { kind: 'cheque', details: { size: 'us_letter', letterUploadedPDF: 'https://x/y.pdf' } },
    lines: {
      'cheque.us_letter': 40,
      'printing.us_letter.bw.simplex': 10,
      'paper.us_letter': 4,
      'envelope.standard': 3,
      'postage.first_class.domestic.letter': 74,
    },
    total: 131,
    pageCount: 1,
    settled: false,
  },
  {
    name: 'the day before the 2025 prices (11 pm in New York on July 12): the 2024 version',
    input: { ...letter({ html: 'x' }), sendDate: new Date('2025-07-13T03:00:00Z') },
    lines: {
      'printing.us_letter.bw.simplex': 10,
      'paper.us_letter': 2,
      'envelope.standard': 3,
      'postage.first_class.domestic.letter': 69,
    },
    total: 84,
    pageCount: 1,
    settled: false,
    rateTable: 'usps-2024-07-14',
  },
  {
    name: 'an hour after midnight in New York on July 13, 2025: the 2025 version',
    input: { ...letter({ html: 'x' }), sendDate: new Date('2025-07-13T05:00:00Z') },
    lines: {
      'printing.us_letter.bw.simplex': 10,
      'paper.us_letter': 2,
      'envelope.standard': 3,
      'postage.first_class.domestic.letter': 74,
    },
    total: 89,
    pageCount: 1,
    settled: false,
    rateTable: 'usps-2025-07-13',
  },
  {
    name: '2024 certified fee',
    input: {
      kind: 'cheque',
      details: { size: 'us_letter' },
      extraService: 'certified',
      sendDate: new Date('2024-12-01T12:00:00Z'),
    },
    lines: {
      'cheque.us_letter': 40,
      'paper.us_letter': 2,
      'envelope.standard': 3,
      'postage.first_class.domestic.letter': 69,
      'extra_service.certified': 485,
    },
    total: 599,
    settled: true,
    rateTable: 'usps-2024-07-14',
  },
];

describe('price of an order, by hand', () => {
  for (const c of cases) {
    test(c.name, () => {
      const price = priceOrder(table, {
        mailingClass: 'first_class',
        extraService: null,
        countryCode: 'US',
        sendDate: july2025,
        ...c.input,
      });
      const amounts = Object.fromEntries(price.lines.map((line) => [line.item, line.amount]));
      assert.deepEqual(amounts, c.lines);
      for (const line of price.lines) assert.equal(line.amount, line.quantity * line.unitAmount, line.item);
      assert.equal(price.total, c.total);
      assert.equal(
        price.total,
        price.lines.reduce((sum, line) => sum + line.amount, 0),
      );
      assert.equal(price.currency, 'USD');
      assert.equal(price.pageCount, c.pageCount);
      assert.equal(price.settled, c.settled);
      assert.equal(price.rateTable, c.rateTable ?? 'usps-2025-07-13');
    });
  }
});

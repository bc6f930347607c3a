// What an order costs (BRIEF §16): printing and paper per page, envelope, postage by service, country
// group and weight, extra-service fees — every amount read from the rate table, none written here.
import type { ExtraService, OrderKind } from '../db/schema.ts';
import { countryGroup, type RateTable, type RateVersion, versionOn } from './rate-table.ts';

export interface PriceLine {
  item: string;
  quantity: number;
  /** Cents. */
  unitAmount: number;
  /** quantity × unitAmount, cents. */
  amount: number;
}

/** `price` of an order (and of a quote). */
export interface Price {
  currency: string;
  /** Cents: the sum of the lines' amounts. */
  total: number;
  lines: PriceLine[];
  /** Id of the rate table version that priced it. */
  rateTable: string;
  /** The content's page count the price counts (letters, cheques' attached letters). */
  pageCount?: number;
  /** False while the page count is presumed: content whose pages are known only once rendered. */
  settled: boolean;
}

/** What the price of an order depends on: all of it is on the order itself. */
export interface PriceInput {
  kind: OrderKind;
  /** The kind's own fields as stored (`details`: size, color, doubleSided, content fields…). */
  details: Record<string, unknown>;
  mailingClass: string;
  extraService: ExtraService | null;
  countryCode: string;
  sendDate: Date;
  /** The rendered content's page count, once known; until then one page is presumed. */
  pageCount?: number;
}

const newYorkDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'America/New_York',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The date (YYYY-MM-DD, America/New_York) whose rates price an order sent at `sendDate`. */
export function ratesDay(sendDate: Date): string {
  return newYorkDay.format(sendDate);
}

type Size = keyof RateVersion['paper'];
type Shape = 'postcard' | 'letter' | 'flat';

class Lines {
  readonly lines: PriceLine[] = [];
  add(item: string, quantity: number, unitAmount: number): void {
    if (quantity > 0) this.lines.push({ item, quantity, unitAmount, amount: quantity * unitAmount });
  }
  get total(): number {
    return this.lines.reduce((sum, line) => sum + line.amount, 0);
  }
}

/** Whole ounces a piece is charged for (each ounce or part of one), from its weight. */
function chargedOunces(weight: number): number {
  // Weights are sums of decimals (0.16 + 0.2…): a few ulps over a whole number is that number.
  return Math.max(1, Math.ceil(weight - 1e-9));
}

function addPostage(
  lines: Lines,
  table: RateTable,
  version: RateVersion,
  input: PriceInput,
  shape: Shape,
  weight: number,
): void {
  const service = table.services[input.mailingClass] ?? 'first_class';
  const group = countryGroup(table, input.countryCode);
  const rates = version.postage[service][group];
  const prefix = `postage.${service}.${group}`;
  if (shape === 'postcard') {
    lines.add(`${prefix}.postcard`, 1, rates.postcard);
    return;
  }
  // A letter past the letter maximum goes at the flat price.
  const priced = shape === 'letter' && weight > rates.letter.maxOunces + 1e-9 ? 'flat' : shape;
  const weighted = rates[priced];
  lines.add(`${prefix}.${priced}`, 1, weighted.firstOunce);
  lines.add(`${prefix}.${priced}.additional_ounce`, chargedOunces(weight) - 1, weighted.additionalOunce);
}

function addExtraService(lines: Lines, version: RateVersion, service: ExtraService | null): void {
  const fees = version.extraServices;
  if (service === 'certified' || service === 'certified_return_receipt')
    lines.add('extra_service.certified', 1, fees.certified);
  if (service === 'certified_return_receipt')
    lines.add('extra_service.return_receipt', 1, fees.returnReceipt);
  if (service === 'registered') lines.add('extra_service.registered', 1, fees.registered);
}

/** Sheets in an envelope: the envelope it needs, its price line and the piece's weight. */
function addEnvelope(
  lines: Lines,
  version: RateVersion,
  details: Record<string, unknown>,
  size: Size,
  sheets: number,
) {
  const standard = version.envelopes.standard;
  const envelope = sheets > standard.maxSheets ? 'flat' : 'standard';
  lines.add(`envelope.${envelope}`, 1, version.envelopes[envelope].amount);
  const weight =
    version.envelopes[envelope].ounces +
    sheets * version.sheetOunces[size] +
    (details.returnEnvelope ? version.returnEnvelopeOunces : 0);
  return { shape: envelope === 'flat' ? ('flat' as const) : ('letter' as const), weight };
}

function sizeOf(details: Record<string, unknown>): Size {
  const size = details.size;
  return size === 'a4' || size === 'us_legal' ? size : 'us_letter';
}

/** Content whose page count is known before rendering: none yet (HTML, templates and PDF URLs all render). */
function pages(input: PriceInput): { pageCount: number; settled: boolean } {
  if (input.pageCount !== undefined) return { pageCount: input.pageCount, settled: true };
  return { pageCount: 1, settled: false };
}

function priceLetter(lines: Lines, table: RateTable, version: RateVersion, input: PriceInput) {
  const { details } = input;
  const size = sizeOf(details);
  const { pageCount, settled } = pages(input);
  const duplex = details.doubleSided === true;
  // The inserted address page is one more page, printed on a sheet of its own.
  const addressPage = details.addressPlacement === 'insert_blank_page' ? 1 : 0;
  const sheets = (duplex ? Math.ceil(pageCount / 2) : pageCount) + addressPage;
  const colour = details.color === true ? 'color' : 'bw';
  const sides = duplex ? 'duplex' : 'simplex';
  lines.add(
    `printing.${size}.${colour}.${sides}`,
    pageCount + addressPage,
    version.printing[size][colour][sides],
  );
  lines.add(`paper.${size}`, sheets, version.paper[size]);
  const { shape, weight } = addEnvelope(lines, version, details, size, sheets);
  addPostage(lines, table, version, input, shape, weight);
  return { pageCount, settled };
}

function priceCheque(lines: Lines, table: RateTable, version: RateVersion, input: PriceInput) {
  const { details } = input;
  const size = sizeOf(details);
  const attached =
    details.letterHTML !== undefined ||
    details.letterTemplate !== undefined ||
    details.letterUploadedPDF !== undefined;
  const letter = attached ? pages(input) : { pageCount: 0, settled: true };
  lines.add(`cheque.${size}`, 1, version.cheque.amount);
  lines.add(`printing.${size}.bw.simplex`, letter.pageCount, version.printing[size].bw.simplex);
  const sheets = 1 + letter.pageCount;
  lines.add(`paper.${size}`, sheets, version.paper[size]);
  const { shape, weight } = addEnvelope(lines, version, details, size, sheets);
  addPostage(lines, table, version, input, shape, weight);
  return attached ? letter : { settled: true };
}

/** The price of an order as it would be stored: rate table version in effect on its sendDate. */
export function priceOrder(table: RateTable, input: PriceInput, versionId?: string): Price {
  const version =
    (versionId && table.versions.find((v) => v.id === versionId)) ||
    versionOn(table, ratesDay(input.sendDate));
  const lines = new Lines();
  let counted: { pageCount?: number; settled: boolean } = { settled: true };
  if (input.kind === 'letter') counted = priceLetter(lines, table, version, input);
  else if (input.kind === 'cheque') counted = priceCheque(lines, table, version, input);
  else {
    const size = String(input.details.size);
    const rate = input.kind === 'postcard' ? version.postcards[size] : version.selfMailers[size];
    if (!rate) throw new Error(`no ${input.kind} rate for size ${size}`);
    lines.add(`${input.kind}.${size}`, 1, rate.amount);
    const shape = 'shape' in rate ? (rate.shape as Shape) : 'letter';
    addPostage(lines, table, version, input, shape, rate.ounces);
  }
  addExtraService(lines, version, input.extraService);
  return {
    currency: table.currency,
    total: lines.total,
    lines: lines.lines,
    rateTable: version.id,
    ...(counted.pageCount !== undefined ? { pageCount: counted.pageCount } : {}),
    settled: counted.settled,
  };
}

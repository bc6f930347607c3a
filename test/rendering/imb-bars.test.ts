// The IMb drawn as vector bars (src/rendering/imb-bars.ts) and decoded (src/tracking/imb-decode.ts):
// the bars' dimensions measured off the pixels are USPS-B-3200's, every fixture vector reads back to its
// tracking and routing codes, and a damaged barcode is refused rather than misread.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PDFDocument } from '@cantoo/pdf-lib';
import fc from 'fast-check';
import { inch } from '../../src/documents/geometry.ts';
import { drawImb, drawImbBars, IMB_BARS, IMB_HEIGHT, IMB_LENGTH } from '../../src/rendering/imb-bars.ts';
import { isInk, rasterisePage } from '../../src/rendering/rasterise.ts';
import { encodeImb } from '../../src/tracking/imb.ts';
import { decodeImb, ImbDecodeError } from '../../src/tracking/imb-decode.ts';
import { readJsonFixture } from '../support/fixtures.ts';
import { columnsRuns, readBarcode } from '../support/pdf-readback.ts';

interface Vector {
  tracking: string;
  routing: string;
  bars: string;
}
const { vectors } = readJsonFixture<{ vectors: Vector[] }>('imb.json');

async function barcodePdf(bars: string): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const page = document.addPage([288, 72]);
  drawImbBars(page, bars, 18, 18);
  return document.save();
}

describe('IMb bars', () => {
  test('every fixture vector, drawn and read back at 600 dpi, decodes to its tracking and routing codes', async () => {
    for (const vector of vectors) {
      const pdf = await barcodePdf(vector.bars);
      const read = await readBarcode(pdf, 1, { x: 0, y: 0, width: 288, height: 72 });
      assert.equal(read.bars, vector.bars);
      assert.deepEqual(decodeImb(read.bars), { trackingCode: vector.tracking, routingCode: vector.routing });
    }
  });

  test('bar width, pitch, heights and length are within USPS-B-3200', async () => {
    const pdf = await barcodePdf('F'.repeat(32) + 'T'.repeat(33));
    const raster = await rasterisePage(
      pdf,
      1,
      { dpi: 1200 },
      { region: { x: 0, y: 0, width: 288, height: 72 } },
    );
    const ppi = 1200;
    const top = Math.round((18 * ppi) / 72);
    const bottom = Math.round(((18 + IMB_HEIGHT) * ppi) / 72) - 1;
    const runs = columnsRuns(raster, top, bottom);
    assert.equal(runs.length, 65);
    for (const run of runs) {
      const width = (run.to - run.from + 1) / ppi;
      assert.ok(width >= 0.015 && width <= 0.025, `bar ${width} in wide`);
    }
    const pitch = (runs[64]!.from - runs[0]!.from) / 64 / ppi;
    assert.ok(pitch >= 1 / 24 && pitch <= 1 / 20, `${1 / pitch} bars per inch`);
    const length = (runs[64]!.to + 1 - runs[0]!.from) / ppi;
    assert.ok(
      Math.abs(length - IMB_LENGTH / 72) < 0.002 && length >= 2.667 && length <= 3.225,
      `${length} in long`,
    );
    const height = (x: number) => {
      let count = 0;
      for (let y = 0; y < raster.height; y++) if (isInk(raster, x, y)) count++;
      return count / ppi;
    };
    const full = height(Math.round((runs[0]!.from + runs[0]!.to) / 2));
    const tracker = height(Math.round((runs[40]!.from + runs[40]!.to) / 2));
    assert.ok(full >= 0.125 && full <= 0.165, `full bar ${full} in`);
    assert.ok(tracker >= 0.039 && tracker <= 0.057, `tracker ${tracker} in`);
    assert.ok(Math.abs(IMB_BARS.horizontalClearZone - inch(0.125)) < 1e-9);
  });

  test('drawImb encodes with the encoder of src/tracking', async () => {
    const document = await PDFDocument.create();
    const page = document.addPage([288, 72]);
    const data = { trackingCode: '00270123456200800001', routingCode: '10001' };
    const rect = drawImb(page, data, 10, 20);
    assert.deepEqual(rect, { x: 10, y: 20, width: IMB_LENGTH, height: IMB_HEIGHT });
    const read = await readBarcode(await document.save(), 1, { x: 0, y: 0, width: 288, height: 72 });
    assert.equal(read.bars, encodeImb(data.trackingCode, data.routingCode));
  });
});

describe('decodeImb', () => {
  test('inverts encodeImb for any tracking code and routing', () => {
    const digits = (n: number) =>
      fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
    fc.assert(
      fc.property(
        digits(1),
        fc.integer({ min: 0, max: 4 }),
        digits(18),
        fc.constantFrom(0, 5, 9, 11).chain((length) => digits(length)),
        (first, second, rest, routingCode) => {
          const trackingCode = `${first}${second}${rest}`;
          assert.deepEqual(decodeImb(encodeImb(trackingCode, routingCode)), { trackingCode, routingCode });
        },
      ),
    );
  });

  test('a barcode with a bar changed is refused, not misread', () => {
    const bars = vectors[0]!.bars;
    let refused = 0;
    for (let index = 0; index < bars.length; index++) {
      for (const state of 'FADT') {
        if (state === bars[index]) continue;
        const damaged = bars.slice(0, index) + state + bars.slice(index + 1);
        assert.throws(() => decodeImb(damaged), ImbDecodeError);
        refused++;
      }
    }
    assert.equal(refused, 65 * 3);
    assert.throws(() => decodeImb([...bars].reverse().join('')), ImbDecodeError);
    assert.throws(() => decodeImb('FADT'), ImbDecodeError);
  });
});

// The rasteriser (src/rendering/rasterise.ts) and the thumbnail pool (src/rendering/thumbnails.ts): pixels
// land where the PDF drew them, at the scale asked for, and thumbnails come back one PNG set per page at
// the three widths, drawn off the event loop within a time budget.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { PDFDocument, rgb } from '@cantoo/pdf-lib';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { isInk, openForRaster, pagePng, rasterisePage } from '../../src/rendering/rasterise.ts';
import {
  closeThumbnailPool,
  renderThumbnails,
  THUMBNAIL_WIDTHS,
  ThumbnailTimeoutError,
} from '../../src/rendering/thumbnails.ts';

/** A page `width` × `height` points with black boxes given top-left, y down, in points. */
async function boxesPdf(
  pages: Array<{ width: number; height: number; boxes: Array<[number, number, number, number]> }>,
): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  for (const { width, height, boxes } of pages) {
    const page = document.addPage([width, height]);
    for (const [x, y, w, h] of boxes) {
      page.drawRectangle({ x, y: height - y - h, width: w, height: h, color: rgb(0, 0, 0) });
    }
  }
  return document.save();
}

async function decodePng(png: Uint8Array) {
  const image = await loadImage(Buffer.from(png));
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  const data = context.getImageData(0, 0, image.width, image.height).data;
  return { page: 1, width: image.width, height: image.height, scale: 1, data };
}

after(closeThumbnailPool);

describe('rasterise', () => {
  test('draws a page at the DPI asked for, ink exactly where the PDF put it', async () => {
    const pdf = await boxesPdf([{ width: 612, height: 792, boxes: [[72, 144, 36, 18]] }]);
    const raster = await rasterisePage(pdf, 1, { dpi: 144 });
    assert.equal(raster.width, 1224);
    assert.equal(raster.height, 1584);
    assert.equal(raster.scale, 2);
    assert.equal(raster.data.length, 1224 * 1584 * 4);
    // The box spans x 144..216 px and y 288..324 px at 2 px/pt.
    assert.ok(isInk(raster, 145, 289) && isInk(raster, 214, 322), 'inside the box is ink');
    for (const [x, y] of [
      [142, 300],
      [218, 300],
      [180, 286],
      [180, 326],
    ] as const) {
      assert.ok(!isInk(raster, x, y), `(${x}, ${y}) outside the box is paper`);
    }
  });

  test('a region at 600 dpi starts at the region’s top-left corner', async () => {
    const pdf = await boxesPdf([{ width: 612, height: 792, boxes: [[100, 200, 1.44, 9]] }]);
    const document = await openForRaster(pdf);
    try {
      assert.equal(document.pageCount, 1);
      assert.deepEqual(await document.pageSize(1), { width: 612, height: 792 });
      const raster = await document.raster(
        1,
        { dpi: 600 },
        { region: { x: 90, y: 190, width: 30, height: 30 } },
      );
      assert.equal(raster.width, 250);
      assert.equal(raster.height, 250);
      const columns = [];
      for (let x = 0; x < raster.width; x++) if (isInk(raster, x, 125)) columns.push(x);
      // 1.44 pt at 600 dpi is 12 px, starting 10 pt (83.3 px) into the region.
      assert.ok(columns.length >= 11 && columns.length <= 13, `${columns.length} ink columns`);
      assert.ok(Math.abs(columns[0]! - 83.3) <= 1, `first ink column ${columns[0]}`);
      let rows = 0;
      for (let y = 0; y < raster.height; y++) if (isInk(raster, columns[5]!, y)) rows++;
      assert.ok(Math.abs(rows - 75) <= 1, `${rows} ink rows for 9 pt`);
    } finally {
      await document.close();
    }
  });

  test('a PNG at a width keeps the page’s aspect ratio', async () => {
    const pdf = await boxesPdf([{ width: 432, height: 288, boxes: [[0, 0, 216, 144]] }]);
    const image = await decodePng(await pagePng(pdf, 1, { width: 300 }));
    assert.equal(image.width, 300);
    assert.equal(image.height, 200);
    assert.ok(isInk(image, 50, 50) && !isInk(image, 250, 150));
  });

  test('refuses a page the PDF does not have', async () => {
    const pdf = await boxesPdf([{ width: 100, height: 100, boxes: [] }]);
    await assert.rejects(rasterisePage(pdf, 2, { dpi: 72 }), RangeError);
  });
});

describe('thumbnails', () => {
  test('one {small, medium, large} PNG set per page, at the three widths, each page its own', async () => {
    const pdf = await boxesPdf([
      { width: 612, height: 792, boxes: [[0, 0, 306, 396]] },
      { width: 612, height: 792, boxes: [[306, 396, 306, 396]] },
    ]);
    const sets = await renderThumbnails(pdf);
    assert.equal(sets.length, 2);
    for (const [index, set] of sets.entries()) {
      for (const size of ['small', 'medium', 'large'] as const) {
        const image = await decodePng(set[size]);
        const width = THUMBNAIL_WIDTHS[size];
        assert.equal(image.width, width, `${size} width`);
        assert.equal(image.height, Math.round((width * 792) / 612), `${size} height`);
        const topLeft = isInk(image, width / 4, image.height / 4);
        const bottomRight = isInk(image, (width * 3) / 4, (image.height * 3) / 4);
        assert.deepEqual(
          [topLeft, bottomRight],
          index === 0 ? [true, false] : [false, true],
          `page ${index + 1} ${size}`,
        );
      }
    }
  });

  test('a job past its budget is stopped with ThumbnailTimeoutError, and the pool goes on', async () => {
    const many = Array.from({ length: 40 }, () => ({
      width: 1224,
      height: 1584,
      boxes: [[0, 0, 10, 10]] as Array<[number, number, number, number]>,
    }));
    const pdf = await boxesPdf(many);
    await assert.rejects(renderThumbnails(pdf, { timeoutMs: 1 }), ThumbnailTimeoutError);
    const one = await boxesPdf([{ width: 612, height: 792, boxes: [] }]);
    assert.equal((await renderThumbnails(one)).length, 1);
  });

  test('a file that is not a PDF rejects', async () => {
    await assert.rejects(renderThumbnails(new TextEncoder().encode('not a pdf')));
  });
});

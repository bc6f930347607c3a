/**
 * Uploaded-PDF letters stamped per second (src/rendering/stamp-letter.ts: load, white box, both addresses,
 * IMb, save) beside the floor: a bare pdf-lib load + save of the same file, in the same process, one at a
 * time. Floor and stamping alternate twice and each figure is the mean of its two runs, so a change in the
 * machine's load during the run weighs on both alike. The file is a 3-page letter as a customer would
 * upload it: text on every page and a JPEG logo on the first.
 */
import { PDFDocument, rgb, StandardFonts } from '@cantoo/pdf-lib';
import { createCanvas } from '@napi-rs/canvas';
import { stampLetter } from '../src/rendering/stamp-letter.ts';
import { senderAddress, usAddress } from '../test/support/addresses.ts';
import type { BenchContext, BenchResult, BenchRow } from './context.ts';
import { besideFloor } from './context.ts';

const GROUP = 'Documents (issue 16)';

async function uploadedLetter(): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.TimesRoman);
  const canvas = createCanvas(600, 200);
  const context = canvas.getContext('2d');
  context.fillStyle = '#1d4ed8';
  context.fillRect(0, 0, 600, 200);
  context.fillStyle = '#fff';
  context.font = '80px sans-serif';
  context.fillText('ACME', 40, 130);
  const logo = await document.embedJpg(canvas.toBuffer('image/jpeg'));
  const paragraph =
    'Thank you for your continued business. This statement lists the activity on your account for the period. ';
  for (let n = 0; n < 3; n++) {
    const page = document.addPage([612, 792]);
    if (n === 0) page.drawImage(logo, { x: 400, y: 700, width: 150, height: 50 });
    for (let line = 0; line < 40; line++) {
      page.drawText(paragraph.slice(0, 90), {
        x: 72,
        y: 560 - line * 12,
        size: 10,
        font,
        color: rgb(0, 0, 0),
      });
    }
  }
  return document.save();
}

async function rate(seconds: number, work: () => Promise<unknown>): Promise<number> {
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  let count = 0;
  while (performance.now() < deadline) {
    await work();
    count++;
  }
  return count / ((performance.now() - started) / 1000);
}

export async function benchStamping(context: BenchContext): Promise<BenchResult> {
  const seconds = context.quick ? 1 : 5;
  const pdf = await uploadedLetter();
  const options = {
    to: usAddress(),
    from: senderAddress(),
    imb: { trackingCode: '00270123456200800001', routingCode: '100010001' },
  };
  const floorOnce = async () => (await PDFDocument.load(pdf, { updateMetadata: false })).save();
  const stampOnce = () => stampLetter(pdf, options);
  // Warm both paths (JIT, font metrics) before measuring.
  await rate(0.3, floorOnce);
  await rate(0.3, stampOnce);
  const floors: number[] = [];
  const stamps: number[] = [];
  for (let round = 0; round < 2; round++) {
    floors.push(await rate(seconds, floorOnce));
    stamps.push(await rate(seconds, stampOnce));
  }
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const stamped = mean(stamps);
  const floor = mean(floors);
  context.log(`stamping: ${stamped.toFixed(1)}/s, floor ${floor.toFixed(1)}/s`);
  const row: BenchRow = {
    group: GROUP,
    name: 'uploaded-PDF letters stamped per second (3 pages, addresses + IMb, top_first_page), one at a time',
    value: stamped,
    unit: 'letters/s',
    ...besideFloor(stamped, floor, 0.5),
    note: `floor: a bare pdf-lib load + save of the same ${Math.round(pdf.length / 1024)} KB file; runs of ${seconds} s alternated twice (stamping ${stamps.map((s) => s.toFixed(0)).join(', ')}/s; floor ${floors.map((s) => s.toFixed(0)).join(', ')}/s)`,
  };
  return { rows: [row], points: [] };
}

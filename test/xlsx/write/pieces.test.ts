// A long sheet compressed as it is written (write-sheet.ts sheetPieces, deflate.ts partDeflaters): the same
// parts as the whole-buffer path a browser takes, a valid checksum for head + pieces, and failures that show.
import zlib from 'node:zlib';
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setNodeDeflate, writeXlsx } from '../../../src/xlsx/write';
import { SHEET_PIECE } from '../../../src/xlsx/write-sheet';
import { crc32, crc32Combine } from '../../../src/xlsx/zip';
import type { SheetSpec, SpecCell, StreamedSheetSpec } from '../../../src/types';
import { readBack, unzip, xmlErrors } from './helpers';

const NOW = new Date('2020-07-06T08:00:00Z');

function bytes(n: number, seed: number): Uint8Array {
  const b = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 0xff;
  }
  return b;
}

describe('crc32Combine', () => {
  it('gives the CRC-32 of A then B from theirs and B\'s length', () => {
    for (const [la, lb] of [[0, 0], [0, 5], [5, 0], [1, 1], [7, 13], [1000, 1], [3, 65536], [100_000, 3_000_001]]) {
      const a = bytes(la, la + 1);
      const b = bytes(lb, lb + 7);
      const ab = new Uint8Array(la + lb);
      ab.set(a);
      ab.set(b, la);
      const want = crc32(ab);
      expect(crc32Combine(crc32(a), crc32(b), lb)).toBe(want);
      if (zlib.crc32) expect(zlib.crc32(ab) >>> 0).toBe(want);
    }
  });
});

/** Rows enough for several pieces: numbers, texts, yes/no, formulas, heights, styled merges across pieces. */
function longSheet(rows: number): SheetSpec {
  const out: (SpecCell | null)[][] = [];
  const heights: (number | null)[] = [];
  const merges: string[] = [];
  for (let r = 0; r < rows; r++) {
    const n = r + 1;
    out.push([
      { v: n, style: 'num' },
      { v: `Chỉ tiêu <${n}> & "xã" số ${n % 97}`, style: 'text' },
      { v: n % 3 === 0 ? n / 7 : -n * 1.25 },
      n % 5 === 0 ? { v: n % 2 === 0 } : null,
      { f: `A${n}*2`, v: n * 2, fmt: '0.0' },
      n % 50 === 0 ? { v: 'gộp', style: 'head' } : null,
    ]);
    heights.push(n % 11 === 0 ? 21.5 : null);
    if (n % 50 === 0) merges.push(`F${n}:H${n + 3}`); // four rows down: some cross a piece's end
  }
  return {
    key: 'long', name: 'Dài', rows: out, rowHeights: heights, widths: [8, 40, 12, 8, 10, 6, 6, 6], merges,
    styles: { num: { hAlign: 'right' }, text: { bold: true }, head: { fill: 'DDEEFF', border: true } },
    freeze: { rows: 1, cols: 2 },
  };
}

/** The same long sheet made row by row as it is written; the print scale set when the last row is done. */
function streamedSheet(rows: number, ends: { n: number }): StreamedSheetSpec {
  const whole = longSheet(rows);
  const spec: StreamedSheetSpec = {
    key: whole.key, name: 'Dòng', widths: whole.widths, merges: whole.merges, styles: whole.styles,
    rows: {
      length: rows,
      row: (r) => ({ cells: whole.rows[r], height: whole.rowHeights![r] ?? null }),
      end: () => {
        ends.n++;
        spec.print = { orientation: 'landscape', paper: 'A4', fitToWidth: true };
      },
    },
  } as StreamedSheetSpec;
  return spec;
}

afterEach(() => {
  vi.restoreAllMocks();
  setNodeDeflate(true);
});

describe('a long sheet compressed piece by piece', () => {
  it('writes the parts the whole-buffer path writes, with valid checksums, and is opened once per long sheet', async () => {
    const spy = vi.spyOn(zlib, 'createDeflateRaw');
    const ends = { n: 0 };
    const specs = () => [longSheet(40_000), { ...longSheet(30), key: 'short', name: 'Ngắn' } as SheetSpec, streamedSheet(25_000, ends)];
    const data = await writeXlsx(specs(), { now: NOW });
    expect(spy).toHaveBeenCalledTimes(2); // the two long sheets; the short one is deflated whole
    const parts = unzip(data); // inflates every part and checks its CRC-32 and size
    const sheet1 = parts.get('xl/worksheets/sheet1.xml')!;
    expect(sheet1.length).toBeGreaterThan(3 * SHEET_PIECE);
    expect(xmlErrors(sheet1)).toEqual([]);
    expect(sheet1.includes('<dimension ref="A1:H40003"/>')).toBe(true); // the head, known only after the last row
    const sheet3 = parts.get('xl/worksheets/sheet3.xml')!; // the print scale, set once the last row was made
    expect(sheet3.includes('<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>')).toBe(true);
    expect(sheet3.includes('orientation="landscape" fitToWidth="1"')).toBe(true);
    expect(ends.n).toBe(1);

    setNodeDeflate(false); // as a browser: every part made whole
    const whole = unzip(await writeXlsx(specs(), { now: NOW }));
    expect([...parts.keys()]).toEqual([...whole.keys()]);
    for (const [name, xml] of whole) expect(parts.get(name) === xml, name).toBe(true);
    expect(ends.n).toBe(2);
  }, 60_000);

  it('reads back with exceljs', async () => {
    const wb = await readBack(await writeXlsx([longSheet(20_000)], { now: NOW }));
    const s = wb.getWorksheet('Dài')!;
    expect(s.getCell('A20000').value).toBe(20000);
    expect(s.getCell('B12345').value).toBe('Chỉ tiêu <12345> & "xã" số 26');
    expect(s.getCell('E19999').value).toEqual({ formula: 'A19999*2', result: 39998 });
    expect(s.getCell('G19950').fill).toMatchObject({ fgColor: { argb: 'FFDDEEFF' } }); // under a styled merge
    expect(s.getRow(19998).height).toBe(21.5);
  }, 60_000);

  it('a deflater that fails makes the workbook fail, with the part named, and nothing left unhandled', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    vi.spyOn(zlib, 'createDeflateRaw').mockImplementation((() => {
      const d = new EventEmitter() as EventEmitter & { write: (b: Uint8Array, cb: (e?: Error) => void) => boolean; end: () => void };
      let k = 0;
      d.write = (_b, cb) => {
        if (++k === 2) {
          setImmediate(() => d.emit('error', new Error('no memory')));
          setImmediate(() => cb(new Error('no memory')));
        } else setImmediate(() => cb());
        return true;
      };
      d.end = () => undefined; // never 'end' after the error
      return d;
    }) as unknown as typeof zlib.createDeflateRaw);
    await expect(writeXlsx([longSheet(30_000), longSheet(30_000)].map((s, i) => ({ ...s, name: `S${i}` })), { now: NOW })).rejects.toThrow(
      'deflate xl/worksheets/sheet1.xml: no memory',
    );
    await new Promise((r) => setTimeout(r, 20));
    process.off('unhandledRejection', onUnhandled);
    expect(unhandled).toEqual([]);
  }, 60_000);
});

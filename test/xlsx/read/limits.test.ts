/**
 * Row and column limits: cut as exceljs-read cuts (same Grid.truncated, same merges, same warning), and
 * huge sheets — 1,000,000 rows, 16,000 columns — read in bounded time and memory, streamed in chunks.
 */
import * as zlib from 'zlib';
import * as ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { readXlsx, setXlsxNodeZlib, setXlsxReadTuning } from '../../../src/xlsx/workbook';
import { crc32 } from '../../../src/xlsx/zip';
import { DEFAULT_LIMITS } from '../../../src/xlsx/limits';
import { expectSameAsExceljs, file, handWorkbook, NS, stylesXml, zipParts } from './helpers';

afterEach(() => {
  setXlsxNodeZlib(true);
  setXlsxReadTuning();
});

const colName = (c: number): string => (c > 26 ? colName(Math.floor((c - 1) / 26)) : '') + String.fromCharCode(65 + ((c - 1) % 26));

/** A worksheet of `rows` rows streamed through a raw deflater, zipped with the rest of a workbook. */
async function bigWorkbook(rows: number, rowXml: (r: number) => string, tail: string, sst: string[] = []): Promise<Uint8Array> {
  const parts = handWorkbook({ sheets: [{ name: 'Lớn', xml: '' }], sst: sst.length ? sst : null });
  const deflater = zlib.createDeflateRaw({ level: 1 });
  const out: Buffer[] = [];
  deflater.on('data', (b: Buffer) => out.push(b));
  const done = new Promise((res) => deflater.on('end', res));
  let size = 0;
  let crc = 0;
  const zcrc = (zlib as unknown as { crc32?: (b: Uint8Array, c?: number) => number }).crc32;
  const write = (s: string) => {
    const b = Buffer.from(s, 'utf8');
    size += b.length;
    crc = zcrc ? zcrc(b, crc) : crc32(b, crc);
    return deflater.write(b);
  };
  write(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet ${NS}><dimension ref="A1:E${rows}"/><sheetData>`);
  const BATCH = 5000;
  for (let r = 1; r <= rows; r += BATCH) {
    let s = '';
    for (let k = r; k < Math.min(rows + 1, r + BATCH); k++) s += rowXml(k);
    if (!write(s)) await new Promise((res) => deflater.once('drain', res));
  }
  write(`</sheetData>${tail}</worksheet>`);
  deflater.end();
  await done;
  const raw = new Uint8Array(Buffer.concat(out));
  return zipParts(parts, { 'xl/worksheets/sheet1.xml': { raw, declared: size, crc: crc >>> 0 } });
}

describe('limits cut as exceljs-read cuts', () => {
  async function limitsBook(): Promise<Uint8Array> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Cắt');
    ws.getCell('A1').value = 'TIÊU ĐỀ RẤT DÀI';
    ws.mergeCells('A1:L1'); // crosses the column limits
    for (let r = 3; r <= 30; r++) for (let c = 1; c <= 12; c++) if ((r + c) % 4 !== 0) ws.getCell(r, c).value = r * 100 + c;
    ws.getCell('B9').value = 'khối';
    ws.mergeCells('B9:C12'); // crosses the row limits
    ws.mergeCells('N2:N3'); // a one-column merge right of everything, empty master
    ws.mergeCells('P40:Q40'); // below and right of everything
    ws.mergeCells('D33:D35'); // below the data, empty
    ws.getCell('F45').border = { top: { style: 'thin' } }; // a formatted empty cell far below
    ws.getCell('Z5').numFmt = '0.00'; // a formatted empty cell far right
    return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
  }

  it.each([
    [1, 1],
    [2, 100],
    [5, 3],
    [10, 5],
    [11, 12],
    [12, 13],
    [29, 14],
    [30, 16],
    [34, 17],
    [100, 100],
  ])('maxRows %i, maxCols %i', async (maxRows, maxCols) => {
    const data = await limitsBook();
    const g = await expectSameAsExceljs(file('limits.xlsx', data), { maxRows, maxCols });
    const grid = g.grids[0];
    expect(grid.rows.length).toBeLessThanOrEqual(maxRows);
    for (const row of grid.rows) expect(row.length).toBeLessThanOrEqual(maxCols);
    for (const m of grid.merges) {
      expect(m.r2).toBeLessThan(maxRows);
      expect(m.c2).toBeLessThan(maxCols);
    }
    if (maxRows === 10 && maxCols === 5) {
      expect(grid.truncated).toEqual({ rows: 10, cols: 5 });
      expect(grid.merges).toEqual([
        { r1: 0, c1: 0, r2: 0, c2: 4 },
        { r1: 8, c1: 1, r2: 9, c2: 2 },
      ]);
      expect(g.issues.map((i) => i.code)).toEqual(['truncated_sheet']);
      expect(g.issues[0].messageEn).toBe("File 'limits.xlsx', sheet 'Cắt': the sheet is too large; only the first 10 rows were read, only the first 5 columns were read");
    }
  });

  it('formatted empty rows past the limit do not count as cut', async () => {
    const rows = (r: number) => (r <= 3 ? `<row r="${r}"><c r="A${r}"><v>${r}</v></c></row>` : `<row r="${r}" s="1" customFormat="1"><c r="A${r}" s="1"/><c r="B${r}" s="1"/></row>`);
    const parts = handWorkbook({ sheets: [{ name: 'S', xml: Array.from({ length: 50 }, (_, i) => rows(i + 1)).join('') }], styles: stylesXml({}, [0]) });
    const g = await expectSameAsExceljs(file('fmt.xlsx', zipParts(parts)), { maxRows: 10 });
    expect(g.grids[0].truncated).toBeUndefined();
    expect(g.issues).toEqual([]);
  });
});

describe('huge sheets', () => {
  it('a 1,000,000-row sheet is cut at maxRows, its merges read, in chunks', async () => {
    const rowXml = (r: number) =>
      r <= 2
        ? `<row r="${r}"><c r="A${r}" t="s"><v>${r - 1}</v></c></row>`
        : `<row r="${r}" spans="1:5"><c r="A${r}"><v>${r}</v></c><c r="B${r}" t="s"><v>2</v></c><c r="C${r}" t="inlineStr"><is><t>người</t></is></c><c r="D${r}"><v>${r * 3}</v></c><c r="E${r}"><f>D${r}/2</f><v>${r * 1.5}</v></c></row>`;
    const data = await bigWorkbook(1_000_000, rowXml, '<mergeCells count="2"><mergeCell ref="A1:E1"/><mergeCell ref="A2:E2"/></mergeCells><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>', [
      '<si><t>UBND XÃ THANH HÀ</t></si>',
      '<si><t>BÁO CÁO</t></si>',
      '<si><t>Chỉ tiêu</t></si>',
    ]);
    const r = await readXlsx(file('1m.xlsx', data));
    const g = r.grids[0];
    const N = DEFAULT_LIMITS.maxRows;
    expect(N).toBeGreaterThan(3);
    expect(N).toBeLessThan(1_000_000);
    expect(g.rows.length).toBe(N);
    expect(g.truncated).toEqual({ rows: N });
    expect(g.merges).toEqual([
      { r1: 0, c1: 0, r2: 0, c2: 4 },
      { r1: 1, c1: 0, r2: 1, c2: 4 },
    ]);
    expect(g.rows[0]).toEqual([{ v: 'UBND XÃ THANH HÀ' }]);
    expect(g.rows[N - 1]).toEqual([{ v: N }, { v: 'Chỉ tiêu' }, { v: 'người' }, { v: N * 3 }, { v: N * 1.5, f: `D${N}/2` }]);
    expect(r.issues.map((i) => i.code)).toEqual(['truncated_sheet']);
    expect(r.issues[0].messageEn).toContain(`only the first ${N} rows were read`);

    const small = await readXlsx(file('1m.xlsx', data), { maxRows: 10_000 });
    expect(small.grids[0].rows.length).toBe(10_000);
    expect(small.grids[0].rows[9_999][3]).toEqual({ v: 30_000 });
    expect(small.grids[0].truncated).toEqual({ rows: 10_000 });
    expect(small.grids[0].merges).toHaveLength(2);

    // what a browser runs: DecompressionStream
    setXlsxNodeZlib(false);
    const web = await readXlsx(file('1m.xlsx', data), { maxRows: 10_000 });
    expect(web).toStrictEqual(small);
  });

  it('a sheet of 16,000 columns is cut at maxCols', async () => {
    const rowXml = (r: number) => {
      let s = `<row r="${r}">`;
      for (let c = 1; c <= 16_000; c++) s += `<c r="${colName(c)}${r}"><v>${r * 16_000 + c}</v></c>`;
      return s + '</row>';
    };
    const data = await bigWorkbook(20, rowXml, `<mergeCells count="1"><mergeCell ref="A1:${colName(3000)}1"/></mergeCells>`);
    const r = await readXlsx(file('16k.xlsx', data));
    const g = r.grids[0];
    expect(g.rows.length).toBe(20);
    expect(g.rows[0]).toEqual([{ v: 16_001 }]); // the rest of row 1 is under the merge
    expect(g.rows.slice(1).every((row) => row.length === 2000)).toBe(true);
    expect(g.rows[19][1999]).toEqual({ v: 20 * 16_000 + 2000 });
    expect(g.truncated).toEqual({ cols: 2000 });
    expect(g.merges).toEqual([{ r1: 0, c1: 0, r2: 0, c2: 1999 }]);
    const narrow = await readXlsx(file('16k.xlsx', data), { maxCols: 3, maxRows: 2 });
    expect(narrow.grids[0].rows).toEqual([[{ v: 16_001 }], [{ v: 32_001 }, { v: 32_002 }, { v: 32_003 }]]);
    expect(narrow.grids[0].truncated).toEqual({ rows: 2, cols: 3 });
  });

  it('skips the rows past the limit undecoded, wherever the chunks end', async () => {
    const body = Array.from({ length: 600 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>hàng ${i + 1} ở đây</t></is></c><c r="B${i + 1}"><v>${i}</v></c></row>`).join('');
    const parts = handWorkbook({ sheets: [{ name: 'S', xml: body, tail: '<mergeCells count="1"><mergeCell ref="A2:B3"/></mergeCells>' }] });
    const expected = await readXlsx(file('s.xlsx', zipParts(parts)), { maxRows: 5 });
    expect(expected.grids[0].rows.length).toBe(5);
    expect(expected.grids[0].merges).toEqual([{ r1: 1, c1: 0, r2: 2, c2: 1 }]);
    expect(expected.grids[0].truncated).toEqual({ rows: 5 });
    const stored = Object.fromEntries([...parts.keys()].map((k) => [k, { method: 0 }]));
    for (const chunk of [7, 11, 12, 13, 31, 64, 65, 100, 333]) {
      setXlsxReadTuning({ syncMax: 0, chunk });
      expect(await readXlsx(file('s.xlsx', zipParts(parts, stored)), { maxRows: 5 })).toStrictEqual(expected);
      expect(await readXlsx(file('s.xlsx', zipParts(parts)), { maxRows: 5 })).toStrictEqual(expected);
    }
  });

  it('damaged data after the merges is still reached (every entry inflated to its end for its CRC-32) and reported, the rows kept', async () => {
    const head = `<?xml version="1.0"?><worksheet ${NS}><sheetData>${Array.from({ length: 3000 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c></row>`).join('')}</sheetData><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>`;
    const flushed = new Uint8Array(zlib.deflateRawSync(Buffer.from(head + ' '.repeat(300_000)), { finishFlush: zlib.constants.Z_SYNC_FLUSH }));
    const junk = new Uint8Array(4096).map((_, i) => (i * 151 + 7) & 0xff);
    const raw = new Uint8Array(flushed.length + junk.length);
    raw.set(flushed);
    raw.set(junk, flushed.length);
    const parts = handWorkbook({ sheets: [{ name: 'S', xml: head }] });
    const data = zipParts(parts, { 'xl/worksheets/sheet1.xml': { raw, declared: 10_000_000 } });
    for (const node of [true, false]) {
      setXlsxNodeZlib(node);
      setXlsxReadTuning({ syncMax: 0 });
      const r = await readXlsx(file('tail.xlsx', data));
      expect(r.issues.map((i) => i.code)).toEqual(['unreadable_sheet']);
      expect(r.grids[0].rows.length).toBe(3000);
      expect(r.grids[0].merges).toEqual([{ r1: 0, c1: 0, r2: 0, c2: 1 }]);
    }
    // without the merges, the same
    const noMerge = head.replace(/<mergeCells.*$/, '');
    const flushed2 = new Uint8Array(zlib.deflateRawSync(Buffer.from(noMerge + ' '.repeat(300_000)), { finishFlush: zlib.constants.Z_SYNC_FLUSH }));
    const raw2 = new Uint8Array(flushed2.length + junk.length);
    raw2.set(flushed2);
    raw2.set(junk, flushed2.length);
    setXlsxNodeZlib(true);
    const r2 = await readXlsx(file('tail2.xlsx', zipParts(parts, { 'xl/worksheets/sheet1.xml': { raw: raw2, declared: 10_000_000 } })));
    expect(r2.issues.map((i) => i.code)).toEqual(['unreadable_sheet']);
    expect(r2.grids[0].rows.length).toBe(3000);
  });
});

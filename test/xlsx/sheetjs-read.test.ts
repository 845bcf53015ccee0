/**
 * .xls / .xlsb / .ods read through SheetJS (src/xlsx/sheetjs-read.ts, via readWorkbookFile) give the Grids
 * the fast reader gives for the same workbook as .xlsx: values, cached formula results and formula texts,
 * error cells, dates, percentages, booleans, merges, hidden sheets, limits. The workbook is made here with
 * exceljs, then converted by LibreOffice (as communes' .xls/.ods are made) and written by SheetJS's own
 * writer (.xlsb, and .xls again: these two need no LibreOffice; SheetJS CE writes no formula texts).
 */
import ExcelJS from 'exceljs';
import * as XLSX from '@e965/xlsx';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readXlsx } from '../../src/xlsx/workbook';
import { readWorkbookFile } from '../../src/xlsx/read-any';
import { createWorkerCore } from '../../src/taskpane/worker';
import type { FromWorker } from '../../src/taskpane/protocol';
import type { Grid, GridCell, Issue } from '../../src/types';
import { biffWorkbookStream, makeCfb, randomBytes } from './broken-files';
import { convert, skipWithoutSoffice } from './soffice';

/** The test workbook: the cells FORMATS.md cares about, a hidden and a very hidden sheet. */
async function fixture(opts: { stringFormula: boolean }): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Kinh tế');
  ws.getCell('A1').value = 'UBND XÃ THANH HÀ';
  ws.mergeCells('A1:F1');
  ws.getCell('A2').value = 'STT';
  ws.mergeCells('A2:A3');
  ws.getCell('B2').value = 'Thực hiện';
  ws.mergeCells('B2:C2');
  ws.getCell('B3').value = 'Tháng 6';
  ws.getCell('C3').value = 'Lũy kế 6 tháng';
  ws.getCell('A4').value = 1;
  ws.getCell('B4').value = 1227.5;
  ws.getCell('C4').value = { formula: 'B4*2', result: 2455 };
  ws.getCell('D4').value = { error: '#N/A' } as ExcelJS.CellErrorValue;
  ws.getCell('E4').value = { formula: '1/0', result: { error: '#DIV/0!' } } as ExcelJS.CellFormulaValue;
  ws.getCell('F4').value = { formula: 'A4+B4', result: 1228.5 };
  ws.getCell('A5').value = new Date(Date.UTC(2020, 2, 23));
  ws.getCell('A5').numFmt = 'dd/mm/yyyy';
  ws.getCell('B5').value = 0.5684;
  ws.getCell('B5').numFmt = '0.00%';
  ws.getCell('C5').value = true;
  ws.getCell('D5').value = '54,5';
  if (opts.stringFormula) ws.getCell('E5').value = { formula: 'D5&"x"', result: '54,5x' };
  ws.getCell('F5').value = new Date(Date.UTC(2020, 8, 30));
  ws.getCell('F5').numFmt = 'd/m/yyyy';
  ws.getCell('A6').value = 'Tổng thu NSNN (tỷ đồng)';
  ws.mergeCells('A6:A8');
  ws.getCell('B6').value = -3.25;
  ws.getCell('C6').value = 0;
  ws.getCell('D6').value = 'Đạt';
  ws.getCell('B8').value = { formula: 'SUM(B4:B6)', result: 1224.8184 };
  ws.getCell('C8').value = 12000;
  ws.getCell('C8').numFmt = '#,##0';
  ws.getCell('D8').value = 0.12;
  ws.getCell('D8').numFmt = '0%';
  ws.getCell('A10').value = 'Người lập biểu';
  const h = wb.addWorksheet('KTXH 2019', { state: 'hidden' });
  h.getCell('A1').value = 'năm ngoái';
  h.getCell('B2').value = 42;
  const v = wb.addWorksheet('Ẩn hẳn', { state: 'veryHidden' });
  v.getCell('A1').value = 'bí mật';
  const big = wb.addWorksheet('Lớn');
  for (let r = 1; r <= 40; r++) for (let c = 1; c <= 12; c++) big.getCell(r, c).value = r * 100 + c;
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** A Grid as compared: merges in order, no state (asserted on its own), no trailing holes. */
function norm(g: Grid, opts: { formulas?: boolean } = {}) {
  const rows = g.rows.map((row) =>
    Array.from(row ?? [], (c): GridCell | null => {
      if (!c) return null;
      const out: GridCell = { ...c };
      if (opts.formulas === false) delete out.f;
      return out;
    }),
  );
  const merges = [...g.merges].sort((a, b) => a.r1 - b.r1 || a.c1 - b.c1);
  return { file: g.file.replace(/\.[^.]+$/, ''), sheet: g.sheet, rows, merges, truncated: g.truncated };
}

const codes = (issues: Issue[]) => issues.map((i) => `${i.severity}:${i.code}:${i.sheet ?? ''}`).sort();

let dir: string;
let xlsxWithText: Uint8Array;
let xlsxPlain: Uint8Array;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tonghop-formats-'));
  xlsxWithText = await fixture({ stringFormula: true });
  xlsxPlain = await fixture({ stringFormula: false });
});

async function fast(data: Uint8Array, name = 'bao-cao.xlsx', limits?: { maxRows: number; maxCols: number }) {
  return readXlsx({ name, data }, limits);
}

/** SheetJS's own writer: the .xlsx read by SheetJS, written as bookType. */
function sheetJsWrite(xlsx: Uint8Array, bookType: 'xlsb' | 'biff8'): Uint8Array {
  const wb = XLSX.read(xlsx, { type: 'array', cellNF: true, cellFormula: true });
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType }) as ArrayBuffer);
}

describe('SheetJS-written .xlsb and .xls give the fast reader\'s Grids (values; SheetJS CE writes no formula texts)', () => {
  for (const [bookType, ext] of [['xlsb', 'xlsb'], ['biff8', 'xls']] as const) {
    it(`.${ext}: values, errors, dates, percentages, booleans, merges, hidden and very hidden sheets`, async () => {
      const ref = await fast(xlsxWithText);
      const got = await readWorkbookFile({ name: `bao-cao.${ext}`, data: sheetJsWrite(xlsxWithText, bookType) });
      expect(codes(got.issues)).toEqual(codes(ref.issues));
      expect(got.grids.map((g) => norm(g, { formulas: false }))).toEqual(ref.grids.map((g) => norm(g, { formulas: false })));
      expect(got.grids.map((g) => g.state)).toEqual([undefined, 'hidden', 'veryHidden', undefined]);
      const k = got.grids[0].rows;
      expect(k[3][3]).toEqual({ v: null, error: '#N/A' });
      expect(k[4][0]).toEqual({ v: '2020-03-23', date: true });
      expect(k[4][1]).toEqual({ v: 0.5684, percentFormat: true });
      expect(k[4][4]).toEqual({ v: '54,5x' });
      expect(k[0][1]).toBeUndefined(); // inside the title's merge
    });
  }

  it('limits: the same rows and columns kept, the same truncated mark and warning', async () => {
    const lim = { maxRows: 20, maxCols: 5 };
    const ref = await fast(xlsxPlain, 'bao-cao.xlsx', lim);
    const got = await readWorkbookFile({ name: 'bao-cao.xlsb', data: sheetJsWrite(xlsxPlain, 'xlsb') }, lim);
    expect(got.grids.map((g) => norm(g, { formulas: false }))).toEqual(ref.grids.map((g) => norm(g, { formulas: false })));
    expect(got.grids[3].truncated).toEqual({ rows: 20, cols: 5 });
    expect(codes(got.issues)).toEqual(codes(ref.issues));
    expect(got.issues.find((i) => i.code === 'truncated_sheet' && i.sheet === 'Lớn')?.message).toContain("'bao-cao.xlsb', sheet 'Lớn'");
  });
});

const noSoffice = skipWithoutSoffice('test/xlsx/sheetjs-read.test.ts (LibreOffice .xls/.ods)');

describe.skipIf(noSoffice)('LibreOffice .xls and .ods give the fast reader\'s Grids of the .xlsx', () => {
  let converted: Record<'xls' | 'ods', Uint8Array>;
  beforeAll(async () => {
    // LibreOffice's .xls export writes a formula's text result as 0: the workbook without one here.
    const src = path.join(dir, 'bao-cao.xlsx');
    fs.writeFileSync(src, xlsxPlain);
    const [xls] = await convert([src], 'xls', path.join(dir, 'xls'));
    const [ods] = await convert([src], 'ods', path.join(dir, 'ods'));
    converted = { xls: fs.readFileSync(xls), ods: fs.readFileSync(ods) };
  }, 90_000);

  for (const ext of ['xls', 'ods'] as const) {
    it(`.${ext}: values, formulas with results, errors, dates, percentages, booleans, merges, hidden sheets`, async () => {
      const ref = await fast(xlsxPlain);
      const got = await readWorkbookFile({ name: `bao-cao.${ext}`, data: converted[ext] });
      expect(codes(got.issues)).toEqual(codes(ref.issues));
      expect(got.grids.map((g) => norm(g))).toEqual(ref.grids.map((g) => norm(g)));
      // LibreOffice knows no "very hidden": both hidden sheets arrive hidden
      expect(got.grids.map((g) => g.state)).toEqual([undefined, 'hidden', 'hidden', undefined]);
      const k = got.grids[0].rows;
      expect(k[3][2]).toEqual({ v: 2455, f: 'B4*2' });
      expect(k[3][4]).toEqual({ v: null, f: '1/0', error: '#DIV/0!' });
      expect(k[4][2]).toEqual({ v: true });
      expect(k[4][5]).toEqual({ v: '2020-09-30', date: true });
      expect(k[7][3]).toEqual({ v: 0.12, percentFormat: true });
    });
  }
});

describe('readWorkbookFile: what is not a workbook keeps its refusal; damage is an issue, never a throw', () => {
  it('PDF, random bytes, a password-protected .xls', async () => {
    const pdf = await readWorkbookFile({ name: 'bao-cao.xlsx', data: new TextEncoder().encode('%PDF-1.4\n%âãÏÓ\n1 0 obj\n') });
    expect(pdf.issues.map((i) => i.code)).toEqual(['file_not_spreadsheet']);
    const rnd = await readWorkbookFile({ name: 'x.xls', data: randomBytes(5000, 7) });
    expect(rnd.grids).toEqual([]);
    expect(rnd.issues.every((i) => i.severity === 'error' && i.file === 'x.xls')).toBe(true);
    const locked = await readWorkbookFile({ name: 'khoa.xls', data: makeCfb([{ name: 'Workbook', data: biffWorkbookStream(true) }]) });
    expect(locked.grids).toEqual([]);
    expect(locked.issues.map((i) => i.code)).toEqual(['file_encrypted']);
  });

  it('a damaged .xls (a real one cut short, or its records scrambled) gives an error naming the file', async () => {
    const xls = sheetJsWrite(xlsxPlain, 'biff8');
    for (const data of [xls.slice(0, 1536), (() => { const b = xls.slice(); b.set(randomBytes(2048, 3), 1024); return b; })()]) {
      const r = await readWorkbookFile({ name: 'hong.xls', data });
      const errors = r.issues.filter((i) => i.severity === 'error');
      if (r.grids.length === 0) expect(errors.length).toBeGreaterThan(0);
      for (const i of r.issues) expect(i.file).toBe('hong.xls');
    }
    const bare = await readWorkbookFile({ name: 'rong.xls', data: makeCfb([{ name: 'Workbook', data: biffWorkbookStream(false) }]) });
    expect(bare.grids.length === 0 ? bare.issues.some((i) => i.severity === 'error' && /'rong\.xls'/.test(i.message) && /'rong\.xls'/.test(i.messageEn)) : true).toBe(true);
  });

  it('an .ods cut short is an error naming the file', async () => {
    const ods = XLSX.write(XLSX.read(xlsxPlain, { type: 'array' }), { type: 'array', bookType: 'ods' }) as ArrayBuffer;
    const r = await readWorkbookFile({ name: 'cut.ods', data: new Uint8Array(ods).slice(0, 600) });
    expect(r.grids).toEqual([]);
    expect(r.issues[0].severity).toBe('error');
    expect(r.issues[0].file).toBe('cut.ods');
  });
});

describe('the task pane\'s worker reads an .xls added as a file', () => {
  it('lists it with its commune and values, as the .xlsx it was saved from', async () => {
    const msgs: FromWorker[] = [];
    const core = createWorkerCore((m) => msgs.push(m));
    const xlsx = new Uint8Array(fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'xa', 'hoa-an.xlsx')));
    await core.handle({ type: 'addFile', id: 'x', name: 'thanh-ha.xlsx', data: xlsx.buffer.slice(xlsx.byteOffset, xlsx.byteOffset + xlsx.byteLength) as ArrayBuffer });
    const xls = sheetJsWrite(xlsx, 'biff8');
    await core.handle({ type: 'addFile', id: 'a', name: 'thanh-ha.xls', data: xls.buffer.slice(xls.byteOffset, xls.byteOffset + xls.byteLength) as ArrayBuffer });
    const [ref, src] = msgs.flatMap((m) => (m.type === 'sources' ? m.listed : []));
    expect(src.summary.file).toBe('thanh-ha.xls');
    expect(src.summary.unreadable).toBeNull();
    expect(src.summary.values).toBeGreaterThan(10);
    expect({ ...src.summary, file: '' }).toEqual({ ...ref.summary, file: '' });
  });
});

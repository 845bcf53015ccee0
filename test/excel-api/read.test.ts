/** gridsFromOpenWorkbook, listSheets, listSheetInfo, selectCell against the recording double. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Grid, GridCell } from '../../src/types';
import {
  gridCellOf,
  gridsFromOpenWorkbook,
  isDateFormat,
  listSheetInfo,
  listSheets,
  parseAreas,
  selectCell,
  serialToIso,
} from '../../src/excel-api/read';
import { writeSheetsToExcel } from '../../src/excel-api/write';
import { gridsFromXlsx } from '../reference/exceljs-read';
import { readCommune } from '../../src/read/commune';
import { ExcelDouble, type CellInit } from './excel-double';
import { detailSpec, summarySpec } from './specs';

/** A commune-like sheet: merged title, header at row 4, data from B5, formulas, errors, a date, a %. */
function communeSheet(xl: ExcelDouble, name = 'Kinh tế') {
  const rows: (CellInit | string | number | boolean | null)[][] = [
    ['UBND XÃ THANH SƠN'],
    ['BÁO CÁO KẾT QUẢ THỰC HIỆN QUÝ I NĂM 2020'],
    [],
    ['TT', 'Chỉ tiêu', 'ĐVT', 'KH năm', 'TH quý I', '% KH'],
    [1, 'Thu ngân sách', 'triệu đồng', 800, 350, { f: 'ROUND(E5/D5*100,1)', v: 43.8 }],
    [2, 'Tỷ lệ hộ nghèo', '%', { v: 0.052, fmt: '0.0%' }, { v: 0.061, fmt: '0.00%' }, { f: 'E6/D6*100', error: '#DIV/0!' }],
    [3, 'Sản lượng', 'tấn', { error: '#N/A' }, '12,5 tr', { f: "'[1]Sheet1'!A1", v: 7 }],
    [4, 'Đạt chuẩn NTM', 'xã', true, false, { v: '56,5%', fmt: '@' }],
    [null, 'Ngày báo cáo', null, { v: 43913, fmt: 'dd/mm/yyyy' }, { v: 43913.5, fmt: 'd/m/yyyy h:mm' }, { v: 25, fmt: '0.0"%"' }],
  ];
  return xl.addSheet(name, rows, { merges: ['A1:F1', 'A2:F2'] });
}

const c = (v: GridCell['v'], more: Partial<GridCell> = {}): GridCell => ({ v, ...more });

describe('gridsFromOpenWorkbook', () => {
  it('reads values, formulas, errors, dates, percent formats and merges like the exceljs adapter', async () => {
    const xl = new ExcelDouble({ workbookName: 'bao-cao.xlsx' });
    communeSheet(xl);
    const res = await gridsFromOpenWorkbook(xl.context);
    expect(res.syncs).toBe(3);
    expect(res.issues).toEqual([]);
    expect(res.sheets.map((s) => s.name)).toEqual(['Kinh tế']);
    const g = res.sheets[0].grid;
    expect(res.grids[0]).toBe(g);
    expect(g.file).toBe('bao-cao.xlsx');
    expect(g.sheet).toBe('Kinh tế');
    expect(g.merges).toEqual([{ r1: 0, c1: 0, r2: 0, c2: 5 }, { r1: 1, c1: 0, r2: 1, c2: 5 }]);
    expect(g.rows.length).toBe(9);
    expect(g.rows[2]).toEqual([]);
    expect(g.rows[0]).toEqual([c('UBND XÃ THANH SƠN')]);
    expect(g.rows[4]).toEqual([c(1), c('Thu ngân sách'), c('triệu đồng'), c(800), c(350), c(43.8, { f: 'ROUND(E5/D5*100,1)' })]);
    expect(g.rows[5]).toEqual([c(2), c('Tỷ lệ hộ nghèo'), c('%'), c(0.052, { percentFormat: true }), c(0.061, { percentFormat: true }), c(null, { f: 'E6/D6*100', error: '#DIV/0!' })]);
    expect(g.rows[6]).toEqual([c(3), c('Sản lượng'), c('tấn'), c(null, { error: '#N/A' }), c('12,5 tr'), c(7, { f: "'[1]Sheet1'!A1", external: true })]);
    expect(g.rows[7]).toEqual([c(4), c('Đạt chuẩn NTM'), c('xã'), c(true), c(false), c('56,5%')]);
    expect(g.rows[8][0]).toBeUndefined();
    expect(g.rows[8].slice(1)).toEqual([c('Ngày báo cáo'), undefined, c('2020-03-23', { date: true }), c('2020-03-23T12:00:00', { date: true }), c(25)]);
    expect(g.truncated).toBeUndefined();
  });

  it('keeps the position of a table that does not start at A1, and drops trailing empty rows', async () => {
    const xl = new ExcelDouble();
    xl.addSheet('S', [['a', null, 'b'], [], [1]], { origin: 'C4' });
    const { grids } = await gridsFromOpenWorkbook(xl.context);
    const rows = grids[0].rows;
    expect(rows.length).toBe(6);
    expect(rows.slice(0, 3)).toEqual([[], [], []]);
    expect(rows[3][2]).toEqual(c('a'));
    expect(rows[3][4]).toEqual(c('b'));
    expect(rows[3].length).toBe(5);
    expect(rows[4]).toEqual([]);
    expect(rows[5][2]).toEqual(c(1));
  });

  it('takes 3 syncs for one sheet and for twelve; empty sheets give empty grids', async () => {
    for (const n of [1, 12]) {
      const xl = new ExcelDouble();
      for (let i = 0; i < n; i++) communeSheet(xl, `Xã ${i + 1}`);
      xl.addSheet('Trống');
      const res = await gridsFromOpenWorkbook(xl.context);
      expect(res.syncs).toBe(3);
      expect(xl.syncCount).toBe(3);
      expect(res.grids.length).toBe(n + 1);
      expect(res.grids[n]).toEqual({ file: 'Book1.xlsx', sheet: 'Trống', rows: [], merges: [] });
      expect(res.grids[n - 1].rows[4][5]).toEqual(c(43.8, { f: 'ROUND(E5/D5*100,1)' }));
    }
  });

  it('gives hidden and very hidden sheets their state, read in the first sync', async () => {
    const xl = new ExcelDouble();
    xl.addSheet('Hiện', [['a']]);
    xl.addSheet('Ẩn', [['b']], { visibility: 'Hidden' });
    xl.addSheet('Rất ẩn', [['c']], { visibility: 'VeryHidden' });
    const res = await gridsFromOpenWorkbook(xl.context);
    expect(res.syncs).toBe(3);
    expect(res.grids.map((g) => [g.sheet, g.state])).toEqual([
      ['Hiện', undefined],
      ['Ẩn', 'hidden'],
      ['Rất ẩn', 'veryHidden'],
    ]);
    expect('state' in res.grids[0]).toBe(false);
  });

  it('reads only the sheets asked for, in that order, and reports a missing one', async () => {
    const xl = new ExcelDouble();
    communeSheet(xl, 'A');
    communeSheet(xl, 'Bảng B');
    communeSheet(xl, 'C');
    const res = await gridsFromOpenWorkbook(xl.context, { sheets: ['C', 'bảng b', 'Không có'] });
    expect(res.sheets.map((s) => s.name)).toEqual(['C', 'Bảng B']);
    expect(res.issues).toMatchObject([{ severity: 'error', code: 'sheet_not_found', sheet: 'Không có', file: 'Book1.xlsx' }]);
    expect(res.issues[0].message).toContain("'Không có'");
    expect(res.issues[0].messageEn).toContain('not found');
    // nothing was loaded from sheet A
    expect(xl.calls.some((k) => k.path.includes('getItem("A")') && k.path.includes('getRange'))).toBe(false);
  });

  it('loads big sheets in packs of cells, and splits a pack Excel refuses as too large', async () => {
    const xl = new ExcelDouble();
    const rows = Array.from({ length: 400 }, (_, r) => Array.from({ length: 25 }, (_, k) => (k === 1 ? `Chỉ tiêu ${r + 1}` : r * 100 + k)));
    xl.addSheet('Lớn', rows);
    xl.addSheet('Nhỏ', [['x']]);
    const empty = new ExcelDouble();
    empty.addSheet('Sheet1');
    const base = await gridsFromOpenWorkbook(empty.context); // no cells to load: 2 syncs
    expect(base.syncs).toBe(2);
    expect(base.grids[0].rows).toEqual([]);
    const packed = await gridsFromOpenWorkbook(xl.context, { maxCellsPerSync: 2_000 });
    expect(packed.syncs).toBe(2 + Math.ceil((400 * 25 + 1) / 2_000));
    xl.payloadLimit = 60_000; // the double now refuses larger responses
    const syncsBefore = xl.syncCount;
    const retried = await gridsFromOpenWorkbook(xl.context, { maxCellsPerSync: 10_000 });
    expect(xl.syncs.slice(syncsBefore).some((s) => s.error === 'ResponsePayloadSizeLimitExceeded')).toBe(true);
    for (const res of [packed, retried]) {
      expect(res.grids[0].rows.length).toBe(400);
      expect(res.grids[0].rows[399][24]).toEqual(c(39924));
      expect(res.grids[0].rows[250][1]).toEqual(c('Chỉ tiêu 251'));
      expect(res.grids[1].rows).toEqual([[c('x')]]);
    }
  });

  it('cuts a sheet at the limits with a warning', async () => {
    const xl = new ExcelDouble();
    xl.addSheet('S', [[1, 2, 3], [4, 5, 6], [7, 8, 9]], { merges: ['B2:C3'] });
    const res = await gridsFromOpenWorkbook(xl.context, { maxRows: 2, maxCols: 2 });
    const g = res.grids[0];
    expect(g.rows).toEqual([[c(1), c(2)], [c(4), c(5)]]);
    expect(g.truncated).toEqual({ rows: 2, cols: 2 });
    expect(g.merges).toEqual([{ r1: 1, c1: 1, r2: 1, c2: 1 }]);
    expect(res.issues).toMatchObject([{ severity: 'warning', code: 'truncated_sheet', sheet: 'S' }]);
  });

  it('goes on without merged areas when Excel cannot list them (over 512), with a warning per sheet', async () => {
    const xl = new ExcelDouble();
    const merges = Array.from({ length: 600 }, (_, i) => `A${2 * i + 1}:B${2 * i + 1}`);
    xl.addSheet('Nhiều ô gộp', [['a']], { merges });
    communeSheet(xl);
    const res = await gridsFromOpenWorkbook(xl.context);
    expect(res.syncs).toBe(4);
    expect(res.issues.map((i) => [i.code, i.sheet])).toEqual([['merges_unreadable', 'Nhiều ô gộp'], ['merges_unreadable', 'Kinh tế']]);
    expect(res.grids[0].merges).toEqual([]);
    expect(res.grids[1].rows[4][1]).toEqual(c('Thu ngân sách'));
  });

  it('without ExcelApi 1.13 reads no merged areas and still takes 3 syncs', async () => {
    const xl = new ExcelDouble({ apiVersion: '1.12' });
    communeSheet(xl);
    const restore = xl.installGlobals();
    try {
      const res = await gridsFromOpenWorkbook(xl.context);
      expect(res.syncs).toBe(3);
      expect(res.grids[0].merges).toEqual([]);
      expect(res.grids[0].rows[4][1]).toEqual(c('Thu ngân sách'));
    } finally {
      restore();
    }
  });

  it('reads back what writeSheetsToExcel wrote: formula-looking names as text, formulas, merges', async () => {
    const xl = new ExcelDouble();
    xl.addSheet('Sheet1');
    const w = await writeSheetsToExcel(xl.context, [summarySpec(3), detailSpec(5, 2)], { runKey: 'k', replace: 'ask' });
    const res = await gridsFromOpenWorkbook(xl.context, { sheets: w.sheetNames });
    const det = res.sheets[1].grid;
    expect(det.rows[2].slice(5, 15).filter(Boolean).map((x) => x!.v)).toEqual(['=HYPERLINK("http://x","y")', '+cmd', '-1+1', '@SUM(A1)', 'Xã Thịnh Vượng số 5']);
    expect(det.rows[2].every((x) => !x || x.f === undefined)).toBe(true);
    expect(det.merges).toContainEqual({ r1: 2, c1: 5, r2: 2, c2: 6 });
    const sum = res.sheets[0].grid;
    expect(sum.rows[6][6]?.f).toBe('IF(E7=0,"",F7/E7*100)');
    expect(sum.rows[6][2]).toEqual(c('Chỉ tiêu kinh tế - xã hội số 1 (giá trị sản xuất, thu ngân sách)'));
  });
});

describe('cell conversion helpers', () => {
  it('tells date formats from others', () => {
    for (const f of ['dd/mm/yyyy', 'd-mmm-yy', 'mmm yyyy', '[$-42A]d mmmm yyyy', 'yyyy-mm-dd h:mm']) expect(isDateFormat(f), f).toBe(true);
    for (const f of ['General', '0.0%', '#,##0', 'h:mm', 'mm:ss', '0.0"m"', '@', '[Red]#,##0']) expect(isDateFormat(f), f).toBe(false);
  });

  it('converts serials with Excel\'s 1900 calendar', () => {
    expect(serialToIso(43913)).toBe('2020-03-23');
    expect(serialToIso(1)).toBe('1900-01-01');
    expect(serialToIso(59)).toBe('1900-02-28');
    expect(serialToIso(61)).toBe('1900-03-01');
    expect(serialToIso(0)).toBe(null);
  });

  it('makes GridCells from API values', () => {
    expect(gridCellOf('', '', 'Empty', 'General')).toBe(null);
    expect(gridCellOf('=HYPERLINK("x")', '=HYPERLINK("x")', 'String', '@')).toEqual({ v: '=HYPERLINK("x")' });
    expect(gridCellOf('+cmd', '+cmd', 'String', 'General')).toEqual({ v: '+cmd' });
    expect(gridCellOf('=1', '="="&1', 'String', 'General')).toEqual({ v: '=1', f: '"="&1' });
    expect(gridCellOf('', '=A1', 'Empty', 'General')).toEqual({ v: null, f: 'A1' });
    expect(gridCellOf('#REF!', '=#REF!+1', 'Error', 'General')).toEqual({ v: null, f: '#REF!+1', error: '#REF!' });
    expect(gridCellOf(5, '=[2]Data!B3', 'Double', '0%')).toEqual({ v: 5, f: '[2]Data!B3', external: true, percentFormat: true });
    expect(parseAreas("'Tổng hợp, 2'!A1:C1, 'Tổng hợp, 2'!$B$2:$B$4")).toEqual([{ r1: 0, c1: 0, r2: 0, c2: 2 }, { r1: 1, c1: 1, r2: 3, c2: 1 }]);
  });
});

describe('listSheets, listSheetInfo, selectCell', () => {
  it('lists the sheets in tab order in one sync, and tells tonghop\'s own', async () => {
    const xl = new ExcelDouble();
    xl.addSheet('Xã A');
    xl.addSheet('Ẩn', [], { visibility: 'Hidden' });
    await writeSheetsToExcel(xl.context, [summarySpec(2)], { runKey: 'quý I năm 2020|Toàn huyện', replace: 'ask' });
    const before = xl.syncCount;
    expect(await listSheets(xl.context)).toEqual(['Xã A', 'Ẩn', 'Tổng hợp']);
    expect(xl.syncCount - before).toBe(1);
    const info = await listSheetInfo(xl.context);
    expect(info).toEqual([
      { name: 'Xã A', visible: true, tonghop: null },
      { name: 'Ẩn', visible: false, tonghop: null },
      { name: 'Tổng hợp', visible: true, tonghop: { app: 'tonghop', v: 1, run: 'quý I năm 2020|Toàn huyện', key: 'summary' } },
    ]);
  });

  it('activates the sheet and selects the cell; false for a missing or hidden sheet', async () => {
    const xl = new ExcelDouble();
    xl.addSheet('Sheet1');
    xl.addSheet('Kinh tế', [['x']]);
    xl.addSheet('Ẩn', [], { visibility: 'Hidden' });
    expect(xl.activeSheetName).toBe('Sheet1');
    expect(await selectCell(xl.context, 'Kinh tế', 'E12')).toBe(true);
    expect(xl.activeSheetName).toBe('Kinh tế');
    expect(xl.selection).toEqual({ sheet: 'Kinh tế', address: 'E12' });
    expect(await selectCell(xl.context, 'Kinh tế', '$B$3:$C$4')).toBe(true);
    expect(xl.selection).toEqual({ sheet: 'Kinh tế', address: 'B3:C4' });
    expect(await selectCell(xl.context, 'Kinh tế', 'không phải ô')).toBe(true);
    expect(xl.selection).toEqual({ sheet: 'Kinh tế', address: 'A1' });
    expect(await selectCell(xl.context, 'Không có', 'A1')).toBe(false);
    expect(await selectCell(xl.context, 'Ẩn', 'A1')).toBe(false);
    expect(xl.activeSheetName).toBe('Kinh tế');
    expect(xl.getSheet('Ẩn')!.visibility).toBe('Hidden');
  });
});

// ───────────── the same workbooks through exceljs and through the open-workbook path ─────────────

const SAMPLES = path.resolve(__dirname, '../../../shared/samples/ba-che-2020-q1');
const haveSamples = fs.existsSync(SAMPLES);

/** Put an exceljs workbook's sheets into the double (values, cached formula results, formats, merges). */
function loadIntoDouble(xl: ExcelDouble, wb: ExcelJS.Workbook): void {
  const toSerial = (d: Date) => (d.getTime() - Date.UTC(1899, 11, 30)) / 86_400_000;
  const plain = (v: unknown): CellInit => {
    if (v === null || v === undefined) return {};
    if (v instanceof Date) return { v: toSerial(v) };
    if (typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.error === 'string') return { error: o.error };
      if (Array.isArray(o.richText)) return { v: (o.richText as { text: string }[]).map((p) => p.text).join('') };
      if ('text' in o) return plain(o.text);
      return {};
    }
    return { v: v as string | number | boolean };
  };
  wb.eachSheet((ws) => {
    const rows: (CellInit | null)[][] = [];
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        if (cell.type === ExcelJS.ValueType.Merge) return;
        let init: CellInit;
        if (cell.type === ExcelJS.ValueType.Formula) {
          init = { ...plain((cell as unknown as { result: unknown }).result) /* cell.result: exceljs drops a cached 0 from cell.value */, f: cell.formula };
          if (init.v === undefined && !init.error) init.v = '';
        } else init = plain(cell.value);
        if (init.v === undefined && !init.error && init.f === undefined) return;
        if (cell.numFmt) init.fmt = cell.numFmt;
        (rows[r - 1] ??= [])[col - 1] = init;
      });
    });
    for (let i = 0; i < rows.length; i++) rows[i] ??= [];
    xl.addSheet(ws.name, rows, { merges: (ws.model.merges ?? []) as string[] });
  });
}

/** Grids compared cell by cell; an empty-string constant counts as empty on both sides. */
function normal(g: Grid): unknown {
  const rows = g.rows.map((row) => Array.from({ length: row.length }, (_, i) => {
    const x = row[i];
    if (!x || (x.v === '' && !x.f && !x.error)) return null;
    return x;
  }));
  while (rows.length && rows[rows.length - 1].every((x) => x === null)) rows.pop();
  return { file: g.file, sheet: g.sheet, rows: rows.map((r) => { const a = [...r]; while (a.length && a[a.length - 1] === null) a.pop(); return a; }), merges: [...g.merges].sort((a, b) => a.r1 - b.r1 || a.c1 - b.c1) };
}

describe.skipIf(!haveSamples)('open-workbook Grids equal exceljs Grids on the Ba Chẽ samples (../shared)', () => {
  const files = haveSamples ? fs.readdirSync(path.join(SAMPLES, 'communes')).filter((f) => f.endsWith('.xlsx')).sort() : [];
  it.each(files)('%s', async (file) => {
    const data = new Uint8Array(fs.readFileSync(path.join(SAMPLES, 'communes', file)));
    const viaExceljs = await gridsFromXlsx({ name: file, data });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(data) as unknown as ExcelJS.Buffer);
    const xl = new ExcelDouble({ workbookName: file });
    loadIntoDouble(xl, wb);
    const open = await gridsFromOpenWorkbook(xl.context);
    expect(open.syncs).toBe(3);
    expect(open.grids.map(normal)).toEqual(viaExceljs.grids.map(normal));
    // and the reader makes the same commune report of both
    const a = readCommune(viaExceljs.grids, { file, plan: null });
    const b = readCommune(open.grids, { file, plan: null });
    expect(b.rows.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
  });
});

if (!haveSamples) {
  describe('samples', () => {
    it.skip(`skipped: ${SAMPLES} is absent`, () => undefined);
  });
}

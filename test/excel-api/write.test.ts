/** writeSheetsToExcel against the recording double: what lands where, in how many round trips. */
import { describe, expect, it } from 'vitest';
import type { SheetSpec, SpecCell } from '../../src/types';
import {
  cellEntry,
  columnWidthPoints,
  sanitizeSheetName,
  styleRects,
  writeSheetsToExcel,
} from '../../src/excel-api/write';
import { freeSheetName } from '../../src/util/address';
import { markerValue, parseMarker } from '../../src/excel-api/marker';
import { ExcelDouble } from './excel-double';
import { STYLES, communeName, detailSpec, outputSpecs, summarySpec } from './specs';

const HOSTILE = ['=HYPERLINK("http://x","y")', '+cmd', '-1+1', '@SUM(A1)', '\tTab', '\rCR', '001', '1/2', '#N/A', 'TRUE', "'quoted"];

/** A small hand-made summary: title, header, two indicator rows with a formula, styles, CF, chart. */
function smallSummary(): SheetSpec {
  const t = (v: string, style?: string): SpecCell => ({ v, text: true, ...(style ? { style } : {}) });
  return {
    key: 'summary',
    name: 'Tổng hợp',
    rows: [
      [{ v: 'BÁO CÁO TỔNG HỢP', style: 'title' }, null, null, null, null, null],
      [t('Kỳ báo cáo: quý I năm 2020')],
      ['STT', 'Chỉ tiêu', 'ĐVT', 'KH', 'TH', '% KH'].map((h) => t(h, 'header')),
      [{ v: 1, fmt: '0' }, t('Thu ngân sách', 'text'), t('triệu đồng', 'text'), { v: 12000, fmt: '#,##0', style: 'num' }, { v: 6820.5, fmt: '#,##0.0', style: 'num' }, { v: 56.8375, f: 'E4/D4*100', fmt: '#,##0.0', style: 'behind' }],
      [{ v: 2, fmt: '0' }, t(HOSTILE[0], 'text'), t(HOSTILE[3], 'text'), { v: 8, fmt: '#,##0', style: 'num' }, { v: 9, fmt: '#,##0', style: 'num' }, { v: 112.5, f: '=E5/D5*100', fmt: '#,##0.0', style: 'met' }],
      [null, { v: true }, { v: null, fmt: '0.00' }, { v: Number.NaN }],
    ],
    widths: [5, 30, 12, 12, 12, 10],
    merges: ['A1:F1'],
    styles: STYLES,
    headerRows: { first: 3, last: 3 },
    freeze: { rows: 3, cols: 2 },
    conditionalFormats: [
      { range: 'F4:F5', type: 'cellIs', operator: 'lessThan', formula: '50', fill: 'FFC7CE', color: '9C0006' },
      { range: 'F4:F5', type: 'cellIs', operator: 'between', formula: '50,100', fill: 'FFEB9C' },
      { range: 'E4:E5', type: 'dataBar', color: '638EC6' },
    ],
    print: { orientation: 'landscape', paper: 'A4', fitToWidth: true },
    chart: { type: 'bar', title: '% KH', categories: 'B4:B5', values: 'F4:F5', anchor: 'H3' },
  };
}

function issuesWith(texts: string[]): SheetSpec {
  return {
    key: 'issues',
    name: 'Vấn đề',
    rows: [['Xã'].map((v) => ({ v, text: true, style: 'header' })), ...texts.map((v) => [{ v, text: true }])],
    widths: [40],
    merges: [],
    styles: STYLES,
  };
}

function withGlobals<T>(xl: ExcelDouble, fn: () => Promise<T>): Promise<T> {
  const restore = xl.installGlobals();
  return fn().finally(restore);
}

describe('writeSheetsToExcel — content', () => {
  it('writes values, formulas, number formats, styles, merges, widths, freeze, print, CF, chart, marker', async () => {
    const xl = new ExcelDouble();
    xl.addSheet('Sheet1', [['dữ liệu của người dùng']]);
    const res = await withGlobals(xl, () => writeSheetsToExcel(xl.context, [smallSummary(), issuesWith(['a'])], { runKey: 'quý I năm 2020|Toàn huyện', replace: 'ask' }));
    expect(res).toEqual({ sheetNames: ['Tổng hợp', 'Vấn đề'], syncs: 4, replaced: [], notes: [] });
    expect(xl.sheetNames()).toEqual(['Sheet1', 'Tổng hợp', 'Vấn đề']);
    const S = 'Tổng hợp';
    const c = (a: string) => xl.cell(S, a)!;
    // values and text
    expect(c('A1')).toMatchObject({ value: 'BÁO CÁO TỔNG HỢP', numberFormat: '@' });
    expect(c('B4')).toMatchObject({ value: 'Thu ngân sách', numberFormat: '@' });
    expect(c('D4')).toMatchObject({ value: 12000, numberFormat: '#,##0' });
    expect(c('E4')).toMatchObject({ value: 6820.5, numberFormat: '#,##0.0' });
    expect(c('A4')).toMatchObject({ value: 1, numberFormat: '0' });
    expect(c('B6')).toMatchObject({ value: true, numberFormat: 'General' });
    expect(c('C6').value).toBe(null);
    expect(c('C6').numberFormat).toBe('0.00');
    expect(c('D6').value).toBe(null); // NaN is never written
    // formulas, never with format "@"; "=" given or not
    expect(c('F4')).toMatchObject({ formula: '=E4/D4*100', numberFormat: '#,##0.0' });
    expect(c('F5')).toMatchObject({ formula: '=E5/D5*100', numberFormat: '#,##0.0' });
    // formula-looking text stays text
    expect(c('B5')).toMatchObject({ value: HOSTILE[0], numberFormat: '@' });
    expect(c('B5').formula).toBeUndefined();
    expect(c('C5')).toMatchObject({ value: '@SUM(A1)' });
    expect(c('C5').formula).toBeUndefined();
    // styles
    expect(c('A1').format).toMatchObject({ bold: true, size: 14, hAlign: 'Center' });
    for (const a of ['A3', 'C3', 'F3']) expect(c(a).format).toMatchObject({ bold: true, fill: 'D9E1F2', hAlign: 'Center', vAlign: 'Center', wrap: true });
    expect(c('A3').format.borders).toEqual({ top: 'Continuous', bottom: 'Continuous', left: 'Continuous', right: 'Continuous' });
    expect(c('C3').format.borders).toEqual({ top: 'Continuous', bottom: 'Continuous', left: 'Continuous', right: 'Continuous' });
    expect(c('F4').format).toMatchObject({ fill: 'FFC7CE', color: '9C0006' });
    expect(c('F5').format).toMatchObject({ fill: 'C6EFCE', color: '006100' });
    expect(c('A4').format).toEqual({}); // no style
    // the D4:E5 block got one style run ("num"), not one call per cell
    const numCalls = xl.calls.filter((k) => k.path.includes('getRanges("D4:E5")'));
    expect(numCalls.length).toBeGreaterThan(0);
    // merges, widths (characters → points), freeze, page layout
    const sheet = xl.getSheet(S)!;
    expect(sheet.merges).toEqual([{ r1: 0, c1: 0, r2: 0, c2: 5 }]);
    expect(sheet.columnWidths.get(0)).toBe(columnWidthPoints(5));
    expect(sheet.columnWidths.get(1)).toBe(columnWidthPoints(30));
    expect(sheet.columnWidths.get(5)).toBe(columnWidthPoints(10));
    expect(columnWidthPoints(8.43)).toBeCloseTo(48, 0); // Excel's default column: 64 px = 48 pt
    expect(sheet.freeze).toEqual({ rows: 3, cols: 2 });
    expect(sheet.pageLayout).toEqual({
      orientation: 'Landscape', paperSize: 'A4', zoom: { horizontalFitToPages: 1, verticalFitToPages: 0 }, printTitleRows: '$3:$3',
      margins: { top: 43.2, bottom: 43.2, left: 28.8, right: 28.8, header: 21.6, footer: 21.6 }, // the .xlsx writer's 0.6″ / 0.4″ / 0.3″
    });
    // conditional formats
    expect(sheet.conditionalFormats).toEqual([
      { type: 'CellValue', range: 'F4:F5', fill: 'FFC7CE', fontColor: '9C0006', rule: { formula1: '=50', operator: 'LessThan' } },
      { type: 'CellValue', range: 'F4:F5', fill: 'FFEB9C', rule: { formula1: '=50', formula2: '=100', operator: 'Between' } },
      { type: 'DataBar', range: 'E4:E5', barColor: '638EC6' },
    ]);
    // chart: clustered bars of F4:F5 against B4:B5, at H3
    expect(sheet.charts).toEqual([
      {
        type: 'BarClustered', source: 'F4:F5', seriesBy: 'Columns', title: '% KH', legendVisible: true, legendPosition: 'Bottom', valueAxisMinimum: 0, categoriesReversed: true,
        series: [{ values: 'F4:F5', name: '%', color: '4472C4', xAxisValues: 'B4:B5' }],
        position: { start: 'H3', end: 'O14' }, // 8 columns, 12 rows: the .xlsx writer's anchor
      },
    ]);
    // marker, active sheet, calculation suspended in the writing sync
    expect(parseMarker(sheet.customProperties.get('tonghop')?.value)).toEqual({ app: 'tonghop', v: 1, run: 'quý I năm 2020|Toàn huyện', key: 'summary' });
    expect(parseMarker(xl.getSheet('Vấn đề')!.customProperties.get('tonghop')?.value)?.key).toBe('issues');
    expect(xl.activeSheetName).toBe('Tổng hợp');
    expect(xl.calcSuspendedSyncs).toEqual([3]);
    // number formats are set before the formulas of the same block
    const block = xl.calls.filter((k) => k.sync === 3 && k.path.endsWith('getRange("A1:F6")') && (k.name === 'numberFormat' || k.name === 'formulas'));
    expect(block.map((k) => k.name)).toEqual(['numberFormat', 'formulas']);
    // one 2-D array per sheet block
    expect(xl.callsNamed('formulas').length).toBe(2);
    expect(xl.callsNamed('values').length).toBe(0);
  });

  it('writes formula-looking text as text (commune names, units, issue messages)', async () => {
    const xl = new ExcelDouble();
    xl.addSheet('Sheet1');
    await writeSheetsToExcel(xl.context, [issuesWith(HOSTILE)], { runKey: 'k', replace: 'ask' });
    HOSTILE.forEach((h, i) => {
      const cell = xl.cell('Vấn đề', `A${i + 2}`)!;
      expect(cell.value).toBe(h);
      expect(cell.formula).toBeUndefined();
      expect(cell.error).toBeUndefined();
      expect(cell.numberFormat).toBe('@');
    });
    // The same strings written WITHOUT the "@" format would not survive: the double is strict.
    const ctx = xl.context;
    ctx.workbook.worksheets.getItem('Sheet1').getRange(`A1:A${HOSTILE.length}`).formulas = HOSTILE.map((h) => [h]);
    await ctx.sync();
    const plain = HOSTILE.map((_, i) => xl.cell('Sheet1', `A${i + 1}`)!);
    expect(plain.slice(0, 4).every((c) => c.formula !== undefined)).toBe(true);
    // only the tab/CR strings would have come through unchanged
    expect(plain.filter((c, i) => c.value === HOSTILE[i] && !c.formula && !c.error).map((c) => c.value)).toEqual(['\tTab', '\rCR']);
    expect(plain.slice(6).map((c) => c.value)).toEqual([1, 36527, '#N/A', true, 'quoted']);
  });

  it('writes the communes of a detail sheet (hostile names in merged headers) as text', async () => {
    const xl = new ExcelDouble();
    xl.addSheet('Sheet1');
    const res = await writeSheetsToExcel(xl.context, [detailSpec(6, 3)], { runKey: 'k', replace: 'ask' });
    const name = res.sheetNames[0];
    for (let i = 0; i < 4; i++) {
      const col = String.fromCharCode(70 + 2 * i); // F, H, J, L
      expect(xl.cell(name, `${col}3`)).toMatchObject({ value: communeName(i), numberFormat: '@' });
      expect(xl.cell(name, `${col}3`)!.formula).toBeUndefined();
    }
    expect(xl.getSheet(name)!.merges).toContainEqual({ r1: 2, c1: 5, r2: 2, c2: 6 });
    expect(xl.getSheet(name)!.freeze).toEqual({ rows: 4, cols: 5 });
    expect(xl.getSheet(name)!.pageLayout.printTitleRows).toBe('$3:$4');
  });
});

describe('writeSheetsToExcel — round trips', () => {
  it('takes the same number of syncs (4: the data in one, the page setup and chart in their own) at 15 and at 200 communes × 80 indicators', async () => {
    const counts: number[] = [];
    const biggest: number[] = [];
    for (const n of [15, 200]) {
      const xl = new ExcelDouble();
      xl.addSheet('Sheet1');
      const res = await writeSheetsToExcel(xl.context, outputSpecs(n, 80), { runKey: 'k', replace: 'ask' });
      expect(res.syncs).toBe(xl.syncCount);
      counts.push(res.syncs);
      biggest.push(Math.max(...xl.syncs.map((s) => s.bytes)));
      // every cell block went as one 2-D array per sheet
      expect(xl.callsNamed('formulas').length).toBe(5);
      // spot checks: last commune's last indicator on the detail sheet
      const lastCol = 5 + 2 * n - 1;
      const det = xl.getSheet('Chi tiết xã')!;
      expect(det.cells.get((4 + 79) * 16384 + lastCol)?.numberFormat).toBe('#,##0.0');
    }
    expect(counts[0]).toBe(counts[1]);
    expect(counts[1]).toBe(4);
    expect(counts[1]).toBeLessThanOrEqual(8);
    expect(biggest[1]).toBeLessThan(5_000_000);
    expect(biggest[1]).toBeGreaterThan(biggest[0]); // the 200-commune request is bigger, not more numerous
  });

  it('splits a request over 5 MB into row chunks, each under the limit', async () => {
    // 24 000 rows × 6 columns of ~60-character Vietnamese text ≈ 12 MB of formulas + formats
    const rows: (SpecCell | null)[][] = [];
    for (let r = 0; r < 24_000; r++) rows.push(Array.from({ length: 6 }, (_, c) => ({ v: `Dòng ${r + 1} cột ${c + 1}: ${'chỉ tiêu xã hội '.repeat(3)}`, text: true })));
    const big: SheetSpec = { key: 'shortfalls', name: 'Chậm tiến độ', rows, widths: [30], merges: [], styles: {} };
    // Without chunking the double refuses the request, like Excel on the web.
    const xl0 = new ExcelDouble();
    xl0.addSheet('Sheet1');
    await expect(writeSheetsToExcel(xl0.context, [big], { runKey: 'k', replace: 'ask', maxRequestBytes: 100_000_000 })).rejects.toMatchObject({ code: 'RequestPayloadSizeLimitExceeded' });

    const xl = new ExcelDouble();
    xl.addSheet('Sheet1');
    const res = await writeSheetsToExcel(xl.context, [summarySpec(80), big], { runKey: 'k', replace: 'ask' });
    const total = xl.syncs.reduce((s, x) => s + x.bytes, 0);
    expect(total).toBeGreaterThan(10_000_000);
    expect(xl.syncs.every((s) => s.bytes < 5_000_000 && !s.error)).toBe(true);
    // Bound: 2 + ⌈payload / 4 MB⌉ (+1 for packing slack).
    expect(res.syncs).toBeGreaterThanOrEqual(3 + Math.ceil(total / 4_000_000));
    expect(res.syncs).toBeLessThanOrEqual(3 + Math.ceil(total / 4_000_000) + 1);
    // calculation suspended in every data batch (not in the last, page setup and chart)
    expect(xl.calcSuspendedSyncs).toEqual(Array.from({ length: res.syncs - 3 }, (_, i) => i + 3));
    // every row arrived, in its place, as text
    const name = res.sheetNames[1];
    for (const r of [0, 1, 5_000, 11_999, 12_000, 23_998, 23_999]) {
      for (const c of [0, 5]) {
        const cell = xl.getSheet(name)!.cells.get(r * 16384 + c)!;
        expect(cell.value).toBe(rows[r][c]!.v);
        expect(cell.numberFormat).toBe('@');
      }
    }
    expect(xl.getSheet(name)!.cells.size).toBe(24_000 * 6);
    expect(xl.activeSheetName).toBe(res.sheetNames[0]);
  });

  it('splits a single row over the budget by columns', async () => {
    const row: SpecCell[] = Array.from({ length: 300 }, (_, c) => ({ v: `${c}:${'x'.repeat(200)}`, text: true }));
    const spec: SheetSpec = { key: 'detail', name: 'Rộng', rows: [row, [{ v: 1 }]], widths: [], merges: [], styles: {} };
    const xl = new ExcelDouble();
    xl.addSheet('Sheet1');
    const res = await writeSheetsToExcel(xl.context, [spec], { runKey: 'k', replace: 'ask', maxRequestBytes: 25_000 });
    expect(res.syncs).toBeGreaterThan(4);
    expect(xl.syncs.every((s) => s.bytes < 25_000 + 2_000)).toBe(true);
    for (const c of [0, 99, 100, 299]) expect(xl.getSheet('Rộng')!.cells.get(c)!.value).toBe(row[c].v);
    expect(xl.value('Rộng', 'A2')).toBe(1);
  });
});

describe('writeSheetsToExcel — never touches user sheets', () => {
  it('chooses free names next to user sheets called "Tổng hợp" and "Sheet1", leaving them unchanged', async () => {
    const xl = new ExcelDouble();
    xl.addSheet('Tổng hợp', [['Của tôi', { f: 'SUM(B1:B2)', v: 3 }], [null, 1], [null, 2]], { merges: ['C1:D1'], customProperties: { owner: 'user' } });
    xl.addSheet('Sheet1', [[{ v: 0.25, fmt: '0%' }]]);
    xl.addSheet('Chi tiết xã (2)', [['x']]);
    const before = { a: xl.snapshot('Tổng hợp'), b: xl.snapshot('Sheet1'), c: xl.snapshot('Chi tiết xã (2)') };
    const specs = [summarySpec(3), { ...detailSpec(2, 3) }, { ...detailSpec(2, 3), key: 'detail2', name: 'Chi tiết xã' }, { ...summarySpec(2), key: 'x', name: 'Sheet1' }];
    const res = await writeSheetsToExcel(xl.context, specs, { runKey: 'k', replace: 'replace' });
    expect(res.sheetNames).toEqual(['Tổng hợp (2)', 'Chi tiết xã', 'Chi tiết xã (3)', 'Sheet1 (2)']);
    expect(res.replaced).toEqual([]);
    expect(xl.snapshot('Tổng hợp')).toEqual(before.a);
    expect(xl.snapshot('Sheet1')).toEqual(before.b);
    expect(xl.snapshot('Chi tiết xã (2)')).toEqual(before.c);
    expect(xl.activeSheetName).toBe('Tổng hợp (2)');
    // nothing was ever called on a user sheet
    // nothing but reading its marker was ever asked of a user sheet
    const onUser = xl.calls.filter((k) => /getItem\("(Tổng hợp|Sheet1|Chi tiết xã \(2\))"\)/.test(k.path));
    expect(onUser.length).toBe(6);
    expect(onUser.every((k) => k.kind === 'load' || k.name === 'getItemOrNullObject')).toBe(true);
  });

  it('treats a sheet whose "tonghop" property is not its marker as a user sheet', async () => {
    const xl = new ExcelDouble();
    xl.addSheet('Tổng hợp', [['x']], { customProperties: { tonghop: 'something else' } });
    const before = xl.snapshot('Tổng hợp');
    let asked = false;
    const res = await writeSheetsToExcel(xl.context, [summarySpec(2)], { runKey: 'k', replace: 'ask', confirm: async () => (asked = true) });
    expect(asked).toBe(false);
    expect(res.sheetNames).toEqual(['Tổng hợp (2)']);
    expect(xl.snapshot('Tổng hợp')).toEqual(before);
  });
});

describe('writeSheetsToExcel — running again', () => {
  const K = 'quý I năm 2020|Toàn huyện';
  const specs = () => [summarySpec(3), detailSpec(3, 3), issuesWith(['x'])];

  async function firstRun(xl: ExcelDouble) {
    xl.addSheet('Sheet1', [['user']]);
    xl.addSheet('Tổng hợp (3)', [['user too']]);
    return writeSheetsToExcel(xl.context, specs(), { runKey: K, replace: 'ask' });
  }

  it('asks with the earlier sheets\' names and replaces only them when confirmed', async () => {
    const xl = new ExcelDouble();
    const r1 = await firstRun(xl);
    expect(r1.sheetNames).toEqual(['Tổng hợp', 'Chi tiết xã', 'Vấn đề']);
    // the user renames one of tonghop's sheets and adds their own
    xl.getSheet('Vấn đề')!.name = 'Vấn đề cũ';
    xl.addSheet('Ghi chú', [['note']]);
    const user = ['Sheet1', 'Tổng hợp (3)', 'Ghi chú'].map((n) => xl.snapshot(n));
    const oldIds = r1.sheetNames.map((n) => xl.getSheet(n === 'Vấn đề' ? 'Vấn đề cũ' : n)!.id);
    const asked: string[][] = [];
    const r2 = await writeSheetsToExcel(xl.context, specs(), { runKey: K, replace: 'ask', confirm: async (names) => { asked.push(names); return true; } });
    expect(asked).toEqual([['Tổng hợp', 'Chi tiết xã', 'Vấn đề cũ']]);
    expect(r2.replaced).toEqual(['Tổng hợp', 'Chi tiết xã', 'Vấn đề cũ']);
    expect(r2.sheetNames).toEqual(['Tổng hợp', 'Chi tiết xã', 'Vấn đề']);
    expect(xl.sheetNames().sort()).toEqual(['Chi tiết xã', 'Ghi chú', 'Sheet1', 'Tổng hợp', 'Tổng hợp (3)', 'Vấn đề'].sort());
    for (const id of oldIds) expect(xl.sheets.some((s) => s.id === id)).toBe(false);
    expect(['Sheet1', 'Tổng hợp (3)', 'Ghi chú'].map((n) => xl.snapshot(n))).toEqual(user);
    expect(r2.syncs).toBe(4);
    expect(xl.activeSheetName).toBe('Tổng hợp');
  });

  it('keeps the earlier sheets and picks new names when the user says no, or with replace: "keep"', async () => {
    const xl = new ExcelDouble();
    await firstRun(xl);
    const before = xl.sheetNames().map((n) => xl.snapshot(n));
    const r2 = await writeSheetsToExcel(xl.context, specs(), { runKey: K, replace: 'ask', confirm: async () => false });
    expect(r2.replaced).toEqual([]);
    expect(r2.sheetNames).toEqual(['Tổng hợp (2)', 'Chi tiết xã (2)', 'Vấn đề (2)']);
    let asked = false;
    const r3 = await writeSheetsToExcel(xl.context, specs(), { runKey: K, replace: 'keep', confirm: async () => (asked = true) });
    expect(asked).toBe(false);
    expect(r3.sheetNames).toEqual(['Tổng hợp (4)', 'Chi tiết xã (3)', 'Vấn đề (3)']);
    const names = ['Sheet1', 'Tổng hợp (3)', 'Tổng hợp', 'Chi tiết xã', 'Vấn đề'];
    expect(names.map((n) => xl.snapshot(n))).toEqual(before);
  });

  it('does not ask for another run key, and replace: "replace" replaces without asking', async () => {
    const xl = new ExcelDouble();
    await firstRun(xl);
    let asked = 0;
    const other = await writeSheetsToExcel(xl.context, specs(), { runKey: 'quý II năm 2020|Toàn huyện', replace: 'ask', confirm: async () => { asked++; return true; } });
    expect(asked).toBe(0);
    expect(other.replaced).toEqual([]);
    expect(other.sheetNames).toEqual(['Tổng hợp (2)', 'Chi tiết xã (2)', 'Vấn đề (2)']);
    const again = await writeSheetsToExcel(xl.context, specs(), { runKey: K, replace: 'replace' });
    expect(again.replaced).toEqual(['Tổng hợp', 'Chi tiết xã', 'Vấn đề']);
    expect(again.sheetNames).toEqual(['Tổng hợp', 'Chi tiết xã', 'Vấn đề']);
    expect(xl.getSheet('Tổng hợp (2)')).toBeDefined(); // the other run's sheets stay
    expect(xl.getSheet('Tổng hợp (3)')!.cells.get(0)!.value).toBe('user too');
  });

  it('replaces even when the earlier sheets are the only sheets of the workbook', async () => {
    const xl = new ExcelDouble();
    xl.addSheet('Sheet1');
    await writeSheetsToExcel(xl.context, specs(), { runKey: K, replace: 'ask' });
    xl.deleteSheet(xl.getSheet('Sheet1')!);
    const r = await writeSheetsToExcel(xl.context, specs(), { runKey: K, replace: 'replace' });
    expect(r.replaced).toEqual(['Tổng hợp', 'Chi tiết xã', 'Vấn đề']);
    expect(xl.sheetNames()).toEqual(['Tổng hợp', 'Chi tiết xã', 'Vấn đề']);
  });
});

describe('writeSheetsToExcel — older Excel', () => {
  it('without ExcelApi 1.9 / 1.12: per-area styles, no page layout, no custom property; the register sheet makes re-runs replace', async () => {
    const xl = new ExcelDouble({ apiVersion: '1.8' });
    xl.addSheet('Sheet1');
    const res = await withGlobals(xl, async () => {
      await writeSheetsToExcel(xl.context, [smallSummary()], { runKey: 'k', replace: 'replace' });
      return writeSheetsToExcel(xl.context, [smallSummary()], { runKey: 'k', replace: 'replace' });
    });
    expect(res.sheetNames).toEqual(['Tổng hợp']);
    expect(res.replaced).toEqual(['Tổng hợp']);
    expect(res.syncs).toBe(4);
    expect(xl.callsNamed('getRanges')).toEqual([]);
    expect(xl.calls.some((k) => k.path.includes('customProperties'))).toBe(false);
    expect(xl.getSheet('tonghop-runs')!.visibility).toBe('VeryHidden');
    expect(xl.sheetNames()).toEqual(['Sheet1', 'tonghop-runs', 'Tổng hợp']);
    const s = xl.getSheet('Tổng hợp')!;
    expect(s.pageLayout).toEqual({});
    expect(s.freeze).toEqual({ rows: 3, cols: 2 });
    expect(xl.cell('Tổng hợp', 'A3')!.format).toMatchObject({ bold: true, fill: 'D9E1F2' });
    expect(xl.cell('Tổng hợp', 'B5')).toMatchObject({ value: HOSTILE[0], numberFormat: '@' });
  });
});

describe('helpers', () => {
  it('sanitizes and frees sheet names within 31 characters', () => {
    expect(sanitizeSheetName('Kỳ: 1/2020 [nháp]*?')).toBe('Kỳ- 1-2020 -nháp---');
    expect(sanitizeSheetName("'Tổng hợp'")).toBe('Tổng hợp');
    expect(sanitizeSheetName('')).toBe('Sheet');
    expect(sanitizeSheetName('history')).toBe('History-');
    expect(sanitizeSheetName('T'.repeat(40))).toHaveLength(31);
    const taken = new Set(['tổng hợp', 'tổng hợp (2)']);
    expect(freeSheetName('Tổng hợp', taken)).toBe('Tổng hợp (3)');
    const long = 'Chi tiết theo xã phường thị trấn';
    const name = freeSheetName(sanitizeSheetName(long), new Set([sanitizeSheetName(long).toLowerCase()]));
    expect(name).toHaveLength(31);
    expect(name.endsWith(' (2)')).toBe(true);
  });

  it('groups contiguous cells of one style into rectangles', () => {
    const s = (style: string | null): SpecCell | null => (style ? { v: 1, style } : null);
    const rects = styleRects([
      [s('h'), s('h'), s('h')],
      [s('a'), s('b'), s('b')],
      [s('a'), s('b'), s('b')],
      [s('a'), null, s('b')],
    ]);
    expect(rects.get('h')).toEqual([{ r1: 0, c1: 0, r2: 0, c2: 2 }]);
    expect(rects.get('a')).toEqual([{ r1: 1, c1: 0, r2: 3, c2: 0 }]);
    expect(rects.get('b')).toEqual([{ r1: 1, c1: 1, r2: 2, c2: 2 }, { r1: 3, c1: 2, r2: 3, c2: 2 }]);
  });

  it('maps spec cells to number format + formulas entries', () => {
    expect(cellEntry({ v: '=1+1', text: true })).toEqual({ nf: '@', fm: '=1+1' });
    expect(cellEntry({ v: 3, f: 'A1+A2', fmt: '@' })).toEqual({ nf: 'General', fm: '=A1+A2' });
    expect(cellEntry({ v: 0.5, fmt: '0%' })).toEqual({ nf: '0%', fm: 0.5 });
    expect(cellEntry({ v: Infinity })).toEqual({ nf: 'General', fm: '' });
    expect(cellEntry(null)).toEqual({ nf: 'General', fm: '' });
    expect(cellEntry({ v: 'x'.repeat(40_000) }).fm).toHaveLength(32767);
  });

  it('keeps markers short and recognisable', () => {
    const long = 'k'.repeat(500);
    const m = parseMarker(markerValue(long, 'summary'))!;
    expect(m.run.length).toBeLessThanOrEqual(160);
    expect(m.run).not.toBe(parseMarker(markerValue(long + 'x', 'summary'))!.run);
    expect(parseMarker('{"app":"other"}')).toBe(null);
    expect(parseMarker('not json')).toBe(null);
  });
});

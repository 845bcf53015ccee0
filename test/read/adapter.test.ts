import { describe, expect, it } from 'vitest';
import * as ExcelJS from 'exceljs';
import { readXlsx as gridsFromXlsx } from '../../src/xlsx/workbook';
import { DEFAULT_LIMITS } from '../../src/xlsx/limits';
import { gridsOf, xlsxBytes } from './helpers';

describe('gridsFromXlsx: .xlsx → Grid', () => {
  it('values, formulas with cached results, errors, rich text, hyperlinks, dates, booleans', async () => {
    const { grids, issues } = await gridsOf([
      {
        name: 'Kinh tế',
        rows: [
          [1227, 'Thu ngân sách', true, false],
          [{ formula: 'SUM(A1:A1)', result: 1227 }, { formula: 'H3/K3', result: { error: '#DIV/0!' } }, { error: '#REF!' }, { formula: 'A1*2' }],
          [{ richText: [{ text: 'UBND ' }, { font: { bold: true }, text: 'XÃ THANH HÀ' }] }, { text: 'Trang chủ', hyperlink: 'https://example.org' }, new Date(Date.UTC(2020, 2, 23))],
          [{ formula: '[1]Sheet1!A1', result: 42 }, { formula: "'[Book2.xlsx]Sheet1'!B2", result: 'x' }, { formula: 'Table1[Cột]', result: 3 }],
        ],
      },
    ], 'a.xlsx');
    expect(issues).toEqual([]);
    expect(grids).toHaveLength(1);
    const g = grids[0];
    expect(g.file).toBe('a.xlsx');
    expect(g.sheet).toBe('Kinh tế');
    expect(g.rows[0]).toEqual([{ v: 1227 }, { v: 'Thu ngân sách' }, { v: true }, { v: false }]);
    expect(g.rows[1][0]).toEqual({ v: 1227, f: 'SUM(A1:A1)' });
    expect(g.rows[1][1]).toEqual({ v: null, f: 'H3/K3', error: '#DIV/0!' });
    expect(g.rows[1][2]).toEqual({ v: null, error: '#REF!' });
    expect(g.rows[1][3]).toEqual({ v: null, f: 'A1*2' });
    expect(g.rows[2][0]).toEqual({ v: 'UBND XÃ THANH HÀ' });
    expect(g.rows[2][1]).toEqual({ v: 'Trang chủ' });
    expect(g.rows[2][2]).toEqual({ v: '2020-03-23', date: true });
    expect(g.rows[3][0]).toEqual({ v: 42, f: '[1]Sheet1!A1', external: true });
    expect(g.rows[3][1]).toEqual({ v: 'x', f: "'[Book2.xlsx]Sheet1'!B2", external: true });
    expect(g.rows[3][2]).toEqual({ v: 3, f: 'Table1[Cột]' });
  });

  it('merged cells: only the master keeps the value; merges are listed 0-based', async () => {
    const { grids } = await gridsOf([
      { rows: [['Thực hiện', null, 'Ghi chú'], ['Tháng 3', 'Lũy kế 3 tháng']], merges: ['A1:B1', 'C1:C2'] },
    ]);
    const g = grids[0];
    expect(g.rows[0][0]).toEqual({ v: 'Thực hiện' });
    expect(g.rows[0][1] ?? null).toBeNull();
    expect(g.rows[0][2]).toEqual({ v: 'Ghi chú' });
    expect(g.rows[1][2] ?? null).toBeNull();
    expect(g.rows[1][0]).toEqual({ v: 'Tháng 3' });
    expect([...g.merges].sort((a, b) => a.c1 - b.c1)).toEqual([
      { r1: 0, c1: 0, r2: 0, c2: 1 },
      { r1: 0, c1: 2, r2: 1, c2: 2 },
    ]);
  });

  it('percentage number formats are flagged; a literal "%" in quotes is not', async () => {
    const { grids } = await gridsOf([
      { rows: [[0.8641, 86.41, 12]], numFmts: { A1: '0.00%', B1: '0.0"%"', C1: '#,##0' } },
    ]);
    expect(grids[0].rows[0]).toEqual([{ v: 0.8641, percentFormat: true }, { v: 86.41 }, { v: 12 }]);
  });

  it('one grid per worksheet, in tab order; empty sheets give empty grids', async () => {
    const { grids } = await gridsOf([{ name: 'B', rows: [['x']] }, { name: 'A', rows: [] }, { name: 'C', rows: [[1]] }]);
    expect(grids.map((g) => g.sheet)).toEqual(['B', 'A', 'C']);
    expect(grids[1].rows).toEqual([]);
  });

  it('rows and columns beyond the limits are cut, with a warning', async () => {
    const rows = Array.from({ length: 12 }, (_, r) => Array.from({ length: 6 }, (_, c) => r * 10 + c));
    const { grids, issues } = await gridsOf([{ name: 'Big', rows }], 'big.xlsx', { maxRows: 5, maxCols: 4 });
    const g = grids[0];
    expect(g.rows).toHaveLength(5);
    expect(g.rows[4]).toEqual([{ v: 40 }, { v: 41 }, { v: 42 }, { v: 43 }]);
    expect(g.truncated).toEqual({ rows: 5, cols: 4 });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ severity: 'warning', code: 'truncated_sheet', file: 'big.xlsx', sheet: 'Big' });
  });

  it('within the limits nothing is truncated', async () => {
    const { grids, issues } = await gridsOf([{ rows: [[1, 2], [3, 4]] }], 'small.xlsx', { maxRows: 2, maxCols: 2 });
    expect(grids[0].truncated).toBeUndefined();
    expect(issues).toEqual([]);
  });

  it('a file that is not a workbook: an error issue naming the file, no grids, no throw', async () => {
    const res = await gridsFromXlsx({ name: 'hong.xlsx', data: new TextEncoder().encode('not a workbook at all') });
    expect(res.grids).toEqual([]);
    expect(res.issues).toHaveLength(1);
    expect(res.issues[0]).toMatchObject({ severity: 'error', code: 'file_text', file: 'hong.xlsx' });
    expect(res.issues[0].message).toContain('hong.xlsx');
    const empty = await gridsFromXlsx({ name: 'rong.xlsx', data: new Uint8Array(0) });
    expect(empty.issues[0]).toMatchObject({ code: 'file_empty', file: 'rong.xlsx' });
  });

  it('an old .xls file (OLE bytes): the issue says to save it as .xlsx', async () => {
    const data = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    const res = await gridsFromXlsx({ name: 'cu.xls', data });
    expect(res.issues[0]).toMatchObject({ severity: 'error', code: 'file_xls', file: 'cu.xls' });
    expect(res.issues[0].message).toContain('.xlsx');
    expect(res.issues[0].message).toContain('97-2003');
  });

  it('a file over the compressed size limit is refused with an issue', async () => {
    const data = await xlsxBytes([{ rows: [[1]] }]);
    const res = await gridsFromXlsx({ name: 'lon.xlsx', data }, { maxCompressedBytes: 100 });
    expect(res.grids).toEqual([]);
    expect(res.issues[0]).toMatchObject({ severity: 'error', code: 'file_too_large', file: 'lon.xlsx' });
  });

  it('shared formulas give their own formula text and cached result', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    ws.getCell('A1').value = 1;
    ws.getCell('A2').value = 2;
    ws.getCell('B1').value = { formula: 'A1*10', result: 10, shareType: 'shared', ref: 'B1:B2' } as ExcelJS.CellValue;
    ws.getCell('B2').value = { sharedFormula: 'B1', result: 20 } as ExcelJS.CellValue;
    const data = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    const { grids } = await gridsFromXlsx({ name: 's.xlsx', data });
    expect(grids[0].rows[0][1]).toEqual({ v: 10, f: 'A1*10' });
    expect(grids[0].rows[1][1]).toEqual({ v: 20, f: 'A2*10' });
  });

  it('default limits: far above any commune table (under 1,000 rows), low enough to bound a 1,000,000-row sheet', () => {
    expect(DEFAULT_LIMITS).toEqual({ maxRows: 20_000, maxCols: 2_000, maxCompressedBytes: 50 * 1024 * 1024, maxUncompressedBytes: 500 * 1024 * 1024 });
  });
});

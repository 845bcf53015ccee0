import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { applySheets, freeSheetName, xlsxFromSheets } from './exceljs-write';
import { parseAddress } from '../../src/util/address';
import { buildSheets } from '../../src/write/sheets';
import type { SheetSpec } from '../../src/types';
import { makeReport } from '../write/fixture';
import { expectFixtureSheets, expectHostileNamesAsText, expectLayout, expectSummaryFormats, expectSummaryValues, readBack, specCells, writtenFixture } from '../harness/written-fixture';

describe('xlsxFromSheets', async () => {
  const { specs, data, wb, ws } = await writtenFixture(xlsxFromSheets);

  it('writes a workbook with the five sheets, made by tonghop', () => {
    expectFixtureSheets(data, wb);
  });

  it('writes values, and formulas with their cached results', () => {
    expectSummaryValues(ws);
    const s = ws('Tổng hợp');
    expect((s.getCell('J10').value as ExcelJS.CellFormulaValue).result).toBeCloseTo(12.922185430463577, 12);
    expect(s.getCell('J11').type).toBe(ExcelJS.ValueType.Formula);
    expect([undefined, '']).toContain((s.getCell('J11').value as ExcelJS.CellFormulaValue).result);
    expect(s.getCell('F14').value).toBeNull(); // no actual: empty, not 0
    expect(s.getCell('K12').value).toBe('Chậm tiến độ');
  });

  it('writes formulas exactly where the spec has them, and every other text as a plain string', () => {
    for (const { c, cell, at } of specCells(specs, ws)) {
      if (c.f) expect(cell.type, at).toBe(ExcelJS.ValueType.Formula);
      else if (typeof c.v === 'string') {
        expect(cell.type, at).toBe(ExcelJS.ValueType.String);
        expect(cell.value).toBe(c.v);
      } else expect(cell.value, at).toBe(c.v);
    }
  });

  it('keeps formula-looking names as strings', () => {
    expectHostileNamesAsText(ws);
  });

  it('applies number formats, fills, fonts and widths', () => {
    const s = ws('Tổng hợp');
    expectSummaryFormats(ws);
    expect(s.getCell('A9').font?.bold).toBe(true);
    expect(s.getCell('C10').alignment?.wrapText).toBe(true);
    expect(s.getCell('E10').border?.top?.style).toBe('thin');
    expect(s.getColumn(3).width).toBe(specs[0].widths[2]);
    expect(s.getColumn(1).width).toBe(4); // issue 10: narrower, to print at 8 pt or more
  });

  it('merges, freezes and sets up printing', () => {
    expectLayout(ws);
  });

  it('adds the conditional format on % KH', () => {
    const cfs = (ws('Tổng hợp') as any).conditionalFormattings as ExcelJS.ConditionalFormattingOptions[];
    expect(cfs.map((c) => c.ref)).toEqual(['G10:G11', 'G13:G15']);
    const rule = cfs[0].rules[0] as ExcelJS.CellIsRuleType;
    expect(rule).toMatchObject({ type: 'cellIs', operator: 'lessThan', formulae: ['$H10'] });
  });
});

describe('applySheets', () => {
  it('never touches existing sheets and picks a free name', async () => {
    const wb = new ExcelJS.Workbook();
    const mine = wb.addWorksheet('tổng hợp');
    mine.getCell('A1').value = 'dữ liệu của người dùng';
    wb.addWorksheet('Nguồn');
    const names = applySheets(wb, buildSheets(makeReport(), 'vi'));
    expect(names).toEqual(['Tổng hợp (2)', 'Chi tiết xã', 'Chưa đạt', 'Kiểm tra dữ liệu', 'Nguồn (2)', 'Báo cáo']);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['tổng hợp', 'Nguồn', ...names]);
    // applying again gives (3)
    const again = applySheets(wb, buildSheets(makeReport(), 'vi'));
    expect(again[0]).toBe('Tổng hợp (3)');
    expect(again[1]).toBe('Chi tiết xã (2)');

    const back = await readBack(new Uint8Array(await wb.xlsx.writeBuffer()));
    expect(back.getWorksheet('tổng hợp')!.getCell('A1').value).toBe('dữ liệu của người dùng');
    expect(back.getWorksheet('tổng hợp')!.getCell('G10').value).toBeNull();
    const s2 = back.getWorksheet('Tổng hợp (2)')!;
    expect((s2.getCell('G10').value as ExcelJS.CellFormulaValue).result).toBe(56.8375);
    expect(s2.pageSetup.printTitlesRow).toBe('9:9');
    expect(back.getWorksheet('tổng hợp')!.pageSetup.printTitlesRow).toBeUndefined();
  });

  it('keeps names within 31 characters and without forbidden characters', () => {
    expect(freeSheetName('Tổng hợp', [])).toBe('Tổng hợp');
    expect(freeSheetName('Tổng hợp', ['TỔNG HỢP', 'Tổng hợp (2)'])).toBe('Tổng hợp (3)');
    expect(freeSheetName('a/b:c', [])).toBe('a b c');
    const long = 'x'.repeat(40);
    expect(freeSheetName(long, [])).toHaveLength(31);
    const n = freeSheetName(long, ['x'.repeat(31)]);
    expect(n).toHaveLength(31);
    expect(n.endsWith(' (2)')).toBe(true);
  });

  it('writes a plain string even when the spec does not mark it as text, and drops non-finite numbers', async () => {
    const spec: SheetSpec = {
      key: 'x',
      name: 'X',
      rows: [[{ v: '=1+1' }, { v: Number.NaN }, { v: 4, f: '=2+2' }, { v: true }]],
      widths: [],
      merges: [],
      styles: {},
    };
    const back = await readBack(await xlsxFromSheets([spec]));
    const s = back.getWorksheet('X')!;
    expect(s.getCell('A1').type).toBe(ExcelJS.ValueType.String);
    expect(s.getCell('B1').value).toBeNull();
    expect(s.getCell('C1').value).toEqual({ formula: '2+2', result: 4 });
    expect(s.getCell('D1').value).toBe(true);
    expect(parseAddress('C1')).toEqual({ r: 0, c: 2 });
  });
});

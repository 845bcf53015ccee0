/**
 * What every .xlsx writer must make of the fixture report (test/write/fixture.ts), read back with exceljs:
 * the checks shared by the tests of the direct writer (test/xlsx/write) and of the exceljs reference
 * writer (test/reference). `ws` gives a sheet of the workbook read back.
 */
import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import type { SheetSpec, SpecCell } from '../../src/types';
import { cellAddress } from '../../src/util/address';
import { buildSheets } from '../../src/write/sheets';
import { HOSTILE_COMMUNE, HOSTILE_FILE, HOSTILE_INDICATOR, HOSTILE_UNIT, makeReport } from '../write/fixture';

type Sheet = (name: string) => ExcelJS.Worksheet;

/** A workbook's bytes loaded by exceljs. */
export async function readBack(data: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(data) as any);
  return wb;
}

/** The fixture report's sheets (Vietnamese), written by `write` and read back with exceljs. */
export async function writtenFixture(write: (specs: SheetSpec[]) => Promise<Uint8Array>): Promise<{ specs: SheetSpec[]; data: Uint8Array; wb: ExcelJS.Workbook; ws: Sheet }> {
  const specs = buildSheets(makeReport(), 'vi');
  const data = await write(specs);
  const wb = await readBack(data);
  return { specs, data, wb, ws: (name: string) => wb.getWorksheet(name)! };
}

/** Every cell of the specs that holds a value or a formula, with the cell read back and its "Sheet!A1". */
export function specCells(specs: SheetSpec[], ws: Sheet): { c: SpecCell; cell: ExcelJS.Cell; at: string }[] {
  const out: { c: SpecCell; cell: ExcelJS.Cell; at: string }[] = [];
  for (const spec of specs) {
    const sheet = ws(spec.name);
    spec.rows.forEach((row, r) =>
      row.forEach((c, col) => {
        if (!c || (c.v === null && !c.f)) return;
        const cell = sheet.getCell(cellAddress(r, col));
        out.push({ c, cell, at: `${spec.name}!${cell.address}` });
      }),
    );
  }
  return out;
}

/** The bytes are a workbook with the fixture's sheets, in order, made by tonghop. */
export function expectFixtureSheets(data: Uint8Array, wb: ExcelJS.Workbook): void {
  expect(data).toBeInstanceOf(Uint8Array);
  expect(wb.worksheets.map((w) => w.name)).toEqual(['Tổng hợp', 'Chi tiết xã', 'Chưa đạt', 'Kiểm tra dữ liệu', 'Nguồn', 'Báo cáo']);
  expect(wb.creator).toBe('tonghop');
}

/** The fixture's formula-looking names are strings where they land. */
export function expectHostileNamesAsText(ws: Sheet): void {
  const cells: [string, string, string][] = [
    ['Chi tiết xã', 'J5', HOSTILE_COMMUNE],
    ['Tổng hợp', 'C15', HOSTILE_INDICATOR],
    ['Tổng hợp', 'D15', HOSTILE_UNIT],
    ['Nguồn', 'B8', HOSTILE_COMMUNE],
    ['Nguồn', 'C8', HOSTILE_FILE],
    ['Kiểm tra dữ liệu', 'C7', HOSTILE_FILE],
    ['Kiểm tra dữ liệu', 'D7', '=A1'],
  ];
  for (const [sh, a, v] of cells) {
    const cell = ws(sh).getCell(a);
    expect(cell.type, `${sh}!${a}`).toBe(ExcelJS.ValueType.String);
    expect(cell.value).toBe(v);
    expect(cell.formula).toBeFalsy();
  }
}

/** Number formats and fills of the summary sheet. */
export function expectSummaryFormats(ws: Sheet): void {
  const s = ws('Tổng hợp');
  expect(s.getCell('E10').numFmt).toBe('#,##0');
  expect(s.getCell('F10').numFmt).toBe('#,##0.0##');
  expect(s.getCell('G10').numFmt).toBe('#,##0.0');
  expect((s.getCell('K11').fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFC6EFCE');
  expect((s.getCell('K12').fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFC7CE');
  expect((s.getCell('K13').fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFEDEDED');
}

/** Merges, frozen panes and print set-up of the summary and detail sheets. */
export function expectLayout(ws: Sheet): void {
  const s = ws('Tổng hợp');
  expect(s.model.merges).toEqual(expect.arrayContaining(['A4:L4', 'A5:L5', 'A6:L6', 'A7:L7']));
  expect(s.views[0]).toMatchObject({ state: 'frozen', xSplit: 3, ySplit: 9, topLeftCell: 'D10' });
  expect(s.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, printTitlesRow: '9:9' }); // issue 10: heading rows above; a print scale, not fit to width
  const d = ws('Chi tiết xã');
  expect(d.model.merges).toEqual(expect.arrayContaining(['F5:G5', 'H5:I5', 'J5:K5', 'L5:M5', 'A5:A6']));
  expect(d.getCell('F5').value).toBe('Toàn huyện');
  expect(d.views[0]).toMatchObject({ state: 'frozen', xSplit: 5, ySplit: 6, topLeftCell: 'F7' });
  expect(d.pageSetup.printTitlesRow).toBe('5:6');
  expect((d.getCell('H7').fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFC7CE');
  expect(ws('Chưa đạt').pageSetup.printTitlesRow).toBe('5:5');
}

/** Values and a formula with its cached result on the summary sheet. */
export function expectSummaryValues(ws: Sheet): void {
  const s = ws('Tổng hợp');
  expect(s.getCell('A4').value).toBe('TỔNG HỢP KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI');
  expect(s.getCell('A7').value).toBe('Lập ngày 06/07/2020');
  expect(s.getCell('F10').value).toBe(6820.5);
  expect(s.getCell('G10').type).toBe(ExcelJS.ValueType.Formula);
  expect(s.getCell('G10').value).toEqual({ formula: 'IF(AND(ISNUMBER(F10),ISNUMBER(E10),E10<>0),F10/E10*100,"")', result: 56.8375 });
}

/**
 * The direct writer's files in a real spreadsheet program. LibreOffice (headless, a private profile set to
 * always recalculate on load) opens each workbook and saves it again as .xlsx; exceljs reads LibreOffice's
 * file back. Every formula must compute to the result we cached, every other value must come through
 * unchanged (LibreOffice opened the file whole, nothing dropped by a repair), and texts that look like
 * formulas must still be texts. A sentinel formula with a wrong cached result proves the recalculation
 * took place. The harness is test/harness/libreoffice.ts.
 * Skipped, saying so, only when `soffice` is not on PATH.
 */
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { writeXlsx } from '../../../src/xlsx/write';
import { buildSheets } from '../../../src/write/sheets';
import type { SheetSpec } from '../../../src/types';
import { HOSTILE_COMMUNE, HOSTILE_FILE, HOSTILE_INDICATOR, HOSTILE_UNIT, makeReport } from '../../write/fixture';
import { SENTINEL, checkAgainst, cleanUpLibreOffice, manyIndicators, recalcWithLibreOffice, soffice, specCells, warnIfNoSoffice } from '../../harness/libreoffice';

warnIfNoSoffice('test/xlsx/write/libreoffice.test.ts');
afterAll(cleanUpLibreOffice);

/** Texts a commune's file might hold: formula-looking, markup, control characters, a literal _xHHHH_. */
const NASTY = [HOSTILE_COMMUNE, HOSTILE_FILE, HOSTILE_INDICATOR, HOSTILE_UNIT, '=A1', 'a & b <c> "d"', 'Xã A\u0001B\u001f', '_x0041_ literal', 'Đắk Lắk 😀'];
const NASTY_SHEET: SheetSpec = {
  key: 'nasty',
  name: "Xã Cư M'gar",
  rows: [NASTY.map((v) => ({ v, text: true, style: 'text' }))],
  widths: [30],
  merges: [],
  styles: { text: { wrap: true, border: true } },
  headerRows: { first: 1, last: 1 },
  print: { orientation: 'landscape', paper: 'A4', fitToWidth: true },
};

describe.skipIf(!soffice)('LibreOffice opens the direct writer\'s files and computes what we cache', () => {
  it('the fixture report and hostile texts: every value, every formula', async () => {
    const specs = [...buildSheets(makeReport(), 'vi'), NASTY_SHEET, SENTINEL];
    const checks = specCells(specs);
    expect(checks.filter((c) => c.formula)).toHaveLength(14); // 6 × 2 on the summary + 2 on the shortfalls
    const wb = await recalcWithLibreOffice(await writeXlsx(specs));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Tổng hợp', 'Chi tiết xã', 'Chưa đạt', 'Kiểm tra dữ liệu', 'Nguồn', 'Báo cáo', "Xã Cư M'gar", 'Sentinel']);
    // LibreOffice really recalculated: the sentinel's wrong cached 999 became 5
    expect(wb.getWorksheet('Sentinel')!.getCell('C1').result).toBe(5);
    expect(checkAgainst(wb, checks)).toEqual([]);
    // texts that look like formulas are still texts after LibreOffice
    const hostile = wb.getWorksheet('Chi tiết xã')!.getCell('J5');
    expect(hostile.type).toBe(ExcelJS.ValueType.String);
    expect(hostile.value).toBe(HOSTILE_COMMUNE);
    // what LibreOffice kept of the layout: merges, fills, fonts, formats, print titles and page setup
    // (not the frozen panes: a headless conversion saves no view settings, for exceljs's files too)
    const s = wb.getWorksheet('Tổng hợp')!;
    // issue 10: 3 rows of official heading above the title; a print scale instead of fitting to the width
    expect(s.model.merges).toEqual(expect.arrayContaining(['A4:L4', 'A7:L7']));
    expect((s.getCell('K12').fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFC7CE');
    expect(s.getCell('A4').font).toMatchObject({ bold: true, size: 14 });
    expect(s.getCell('F10').numFmt).toBe('#,##0.0##');
    expect(s.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, printTitlesRow: '9:9' });
    expect(wb.getWorksheet("Xã Cư M'gar")!.pageSetup.printTitlesRow).toBe('1:1');
    expect(wb.getWorksheet('Chi tiết xã')!.model.merges).toEqual(expect.arrayContaining(['F5:G5', 'A5:A6']));
  }, 300_000);

  it('many awkward numbers and a wide detail sheet: every value, every formula', async () => {
    const rep = manyIndicators(120, 12);
    const specs = [...buildSheets(rep, 'en'), SENTINEL];
    const checks = specCells(specs);
    // all but the rare disagreeing ones are formulas: 2 per indicator on the summary + 1 per shortfall
    expect(checks.filter((c) => c.formula)).toHaveLength(2 * rep.indicators.length + rep.shortfalls.length);
    expect(checks.filter((c) => c.formula && typeof c.cached === 'number').length).toBeGreaterThan(100);
    expect(checks.length).toBeGreaterThan(4000);
    const wb = await recalcWithLibreOffice(await writeXlsx(specs));
    expect(wb.getWorksheet('Sentinel')!.getCell('C1').result).toBe(5);
    expect(checkAgainst(wb, checks)).toEqual([]);
  }, 300_000);
});

/**
 * The formulas we write must compute, in a real spreadsheet program, the numbers we cache for them.
 * LibreOffice (headless, private profile set to always recalculate on load) opens the workbook and
 * saves it again as .xlsx; exceljs then reads LibreOffice's freshly computed results.
 * A sentinel formula with a deliberately wrong cached result proves the recalculation took place.
 * Skipped, saying so, only when `soffice` is not on PATH.
 */
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { xlsxFromSheets } from '../reference/exceljs-write';
import { buildSheets } from '../../src/write/sheets';
import { HOSTILE_COMMUNE, makeReport } from './fixture';
import { SENTINEL, checkAgainst, cleanUpLibreOffice, manyIndicators, recalcWithLibreOffice, soffice, specCells, warnIfNoSoffice } from '../harness/libreoffice';

warnIfNoSoffice('test/write/libreoffice.test.ts');
afterAll(cleanUpLibreOffice);

describe.skipIf(!soffice)('LibreOffice computes what we cache', () => {
  it('the fixture report: every formula cell', async () => {
    const specs = [...buildSheets(makeReport(), 'vi'), SENTINEL];
    const checks = specCells(specs).filter((c) => c.formula);
    expect(checks.length).toBeGreaterThanOrEqual(14); // 6 × 2 on the summary + 2 on the shortfalls
    const wb = await recalcWithLibreOffice(await xlsxFromSheets(specs));
    // LibreOffice really recalculated: the sentinel's wrong cached 999 became 5
    expect(wb.getWorksheet('Sentinel')!.getCell('C1').result).toBe(5);
    expect(checkAgainst(wb, checks)).toEqual([]);
    // texts that look like formulas are still texts after LibreOffice
    const hostile = wb.getWorksheet('Chi tiết xã')!.getCell('J5');
    expect(hostile.type).toBe(ExcelJS.ValueType.String);
    expect(hostile.value).toBe(HOSTILE_COMMUNE);
  }, 300_000);

  it('many awkward numbers: every formula cell', async () => {
    const rep = manyIndicators(120);
    const specs = [...buildSheets(rep, 'en'), SENTINEL];
    const checks = specCells(specs).filter((c) => c.formula);
    // all but the rare disagreeing ones are formulas: 2 per indicator on the summary + 1 per shortfall
    expect(checks.length).toBe(2 * rep.indicators.length + rep.shortfalls.length);
    expect(checks.filter((c) => typeof c.cached === 'number').length).toBeGreaterThan(100);
    const wb = await recalcWithLibreOffice(await xlsxFromSheets(specs));
    expect(wb.getWorksheet('Sentinel')!.getCell('C1').result).toBe(5);
    expect(checkAgainst(wb, checks)).toEqual([]);
  }, 300_000);
});

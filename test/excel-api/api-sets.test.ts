/**
 * The add-in's writer at the API sets Excel versions really have: ExcelApi 1.4 (Excel 2016 volume
 * licence), 1.7 (Excel 2019), 1.9, 1.13 and current. At each: the same sheets with the same values and
 * (what the set allows) the same formats; a re-run replaces the earlier run's sheets instead of adding
 * "Tổng hợp (2)" (custom properties from 1.12, tonghop's register sheet below); below 1.9 the styles
 * still take a bounded number of calls.
 */
import { describe, expect, it } from 'vitest';
import { writeSheetsToExcel } from '../../src/excel-api/write';
import { gridsFromOpenWorkbook, listSheetInfo } from '../../src/excel-api/read';
import { REGISTER_SHEET } from '../../src/excel-api/marker';
import { buildSheets } from '../../src/write/sheets';
import { bigReport } from '../write/fixture';
import { ExcelDouble } from './excel-double';

async function withGlobals<T>(xl: ExcelDouble, fn: () => Promise<T>): Promise<T> {
  const restore = xl.installGlobals();
  try {
    return await fn();
  } finally {
    restore();
  }
}

const KEY = 'quý I năm 2020|Toàn huyện';

/** Every written cell of every tonghop sheet: value, formula, number format and format. */
function contents(xl: ExcelDouble, names: string[]) {
  const out: Record<string, unknown> = {};
  for (const n of names) {
    const snap = xl.snapshot(n) as Record<string, unknown>;
    delete snap.id; // a new sheet, a new id
    out[n] = snap;
  }
  return out;
}

function formatsOf(xl: ExcelDouble, names: string[]) {
  const out: Record<string, unknown> = {};
  for (const n of names) {
    // what the cells show: their own formats with the Custom conditional formats laid over
    out[n] = [...xl.renderedFormats(n).entries()].filter(([, f]) => Object.keys(f).length).sort((a, b) => a[0] - b[0]);
  }
  return out;
}

describe('writeSheetsToExcel at ExcelApi 1.4, 1.7, 1.9, 1.13', () => {
  const specs = buildSheets(bigReport(12, 10), 'vi');
  const results = new Map<string, { xl: ExcelDouble; names: string[] }>();

  for (const v of ['1.4', '1.7', '1.9', '1.13', '1.17']) {
    it(`ExcelApi ${v}: writes the sheets; a re-run replaces them (asked first), the user's sheet untouched`, async () => {
      const xl = new ExcelDouble({ apiVersion: v });
      xl.addSheet('Dữ liệu', [['của người dùng', 1]]);
      const before = xl.snapshot('Dữ liệu');
      const first = await withGlobals(xl, () => writeSheetsToExcel(xl.context, specs, { runKey: KEY, replace: 'ask', confirm: async () => true }));
      expect(first.sheetNames).toEqual(specs.map((s) => s.name));
      expect(xl.syncs.every((s) => !s.error)).toBe(true);
      const snap = contents(xl, first.sheetNames);
      // The sheets tonghop wrote are told from the user's, also in the pane's list.
      const info = await withGlobals(xl, () => listSheetInfo(xl.context));
      expect(info.filter((i) => i.visible && !i.tonghop).map((i) => i.name)).toEqual(['Dữ liệu']);

      let asked: string[] = [];
      const again = await withGlobals(xl, () => writeSheetsToExcel(xl.context, specs, { runKey: KEY, replace: 'ask', confirm: async (n) => ((asked = n), true) }));
      expect(asked).toEqual(specs.map((s) => s.name));
      expect(again.replaced).toEqual(specs.map((s) => s.name));
      expect(again.sheetNames).toEqual(specs.map((s) => s.name));
      const visible = xl.sheets.filter((s) => s.visibility === 'Visible').map((s) => s.name);
      expect(visible).toEqual(['Dữ liệu', ...specs.map((s) => s.name)]);
      expect(xl.snapshot('Dữ liệu')).toEqual(before);
      const mask = (x: unknown) => JSON.parse(JSON.stringify(x).replace(/\d{2}\/\d{2}\/\d{4}/g, 'd'));
      expect(mask(contents(xl, again.sheetNames))).toEqual(mask(snap));
      // Below 1.12 the register is a very hidden sheet of tonghop's own.
      const reg = xl.getSheet(REGISTER_SHEET);
      if (Number(v.split('.')[1]) < 12) expect(reg?.visibility).toBe('VeryHidden');
      else expect(reg).toBeUndefined();

      // Cancel: nothing written at all.
      const callsBefore = xl.calls.length;
      const namesBefore = xl.sheetNames();
      const cancelled = await withGlobals(xl, () => writeSheetsToExcel(xl.context, specs, { runKey: KEY, replace: 'ask', confirm: async () => 'cancel' }));
      expect(cancelled.cancelled).toBe(true);
      expect(xl.sheetNames()).toEqual(namesBefore);
      expect(xl.calls.slice(callsBefore).filter((c) => c.kind !== 'load' && c.name !== 'load' && c.kind !== 'call').length).toBe(0);
      results.set(v, { xl, names: again.sheetNames });
    });
  }

  it('the formats at 1.7 (per property, no RangeAreas) are the formats at 1.9 and 1.13 (RangeAreas)', () => {
    const f13 = formatsOf(results.get('1.13')!.xl, results.get('1.13')!.names);
    expect(formatsOf(results.get('1.9')!.xl, results.get('1.9')!.names)).toEqual(f13);
    expect(formatsOf(results.get('1.7')!.xl, results.get('1.7')!.names)).toEqual(f13);
    expect(formatsOf(results.get('1.4')!.xl, results.get('1.4')!.names)).toEqual(f13);
  });

  it('a renamed output sheet is still recognised below 1.12 (the register formula follows the name)', async () => {
    const xl = new ExcelDouble({ apiVersion: '1.7' });
    xl.addSheet('Sheet1');
    await withGlobals(xl, () => writeSheetsToExcel(xl.context, specs, { runKey: KEY, replace: 'ask' }));
    const ws = xl.context.workbook.worksheets.getItem(specs[0].name);
    ws.name = 'Bảng của tôi';
    await xl.context.sync();
    const again = await withGlobals(xl, () => writeSheetsToExcel(xl.context, specs, { runKey: KEY, replace: 'replace' }));
    expect(again.replaced).toContain('Bảng của tôi');
    expect(xl.sheetNames().filter((n) => n !== REGISTER_SHEET)).toEqual(['Sheet1', ...specs.map((s) => s.name)]);
  });

  it('below 1.13 a sheet source with merged cells gets a located warning', async () => {
    for (const v of ['1.4', '1.7', '1.13']) {
      const xl = new ExcelDouble({ apiVersion: v, workbookName: 'So.xlsx' });
      xl.addSheet('Xã A', [['Chỉ tiêu', null], ['Thu', 5]], { merges: ['A1:B1'] });
      const r = await withGlobals(xl, () => gridsFromOpenWorkbook(xl.context, { sheets: ['Xã A'] }));
      const w = r.issues.filter((i) => i.code === 'merges_unreadable');
      if (v !== '1.13') {
        expect(w).toHaveLength(1);
        expect(w[0]).toMatchObject({ severity: 'warning', sheet: 'Xã A' });
        expect(w[0].message).toContain('1.13');
      } else expect(w).toEqual([]);
    }
  });
});

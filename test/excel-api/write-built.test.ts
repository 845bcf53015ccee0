/** writeSheetsToExcel on the SheetSpecs write/ really builds (buildSheets), not only hand-made ones. */
import { describe, expect, it } from 'vitest';
import type { SheetSpec } from '../../src/types';
import { writeSheetsToExcel } from '../../src/excel-api/write';
import { buildSheets } from '../../src/write/sheets';
import { bigReport, HOSTILE_COMMUNE, HOSTILE_FILE, HOSTILE_INDICATOR, HOSTILE_UNIT, makeReport } from '../write/fixture';
import { ExcelDouble } from './excel-double';

/** Every spec cell landed where the spec put it: text as text ("@"), numbers, formulas. */
function expectWritten(xl: ExcelDouble, spec: SheetSpec, name: string): void {
  const sheet = xl.getSheet(name)!;
  const merged = new Set<number>();
  for (const a of spec.merges) {
    const m = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(a);
    if (!m) continue;
    const col = (s: string) => [...s].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
    for (let r = Number(m[2]) - 1; r <= Number(m[4]) - 1; r++)
      for (let c = col(m[1]); c <= col(m[3]); c++) if (r !== Number(m[2]) - 1 || c !== col(m[1])) merged.add(r * 16384 + c);
  }
  spec.rows.forEach((row, r) =>
    row.forEach((cell, c) => {
      if (!cell || merged.has(r * 16384 + c)) return;
      const got = sheet.cells.get(r * 16384 + c);
      const where = `${name}!R${r + 1}C${c + 1}`;
      if (cell.f) {
        expect(got?.formula, where).toBe('=' + cell.f.replace(/^=/, ''));
        expect(got?.numberFormat, where).not.toBe('@');
      } else if (typeof cell.v === 'string') {
        expect(got?.value, where).toBe(cell.v);
        expect(got?.formula, where).toBeUndefined();
        expect(got?.numberFormat, where).toBe('@');
      } else if (typeof cell.v === 'number' || typeof cell.v === 'boolean') {
        expect(got?.value, where).toBe(cell.v);
        if (cell.fmt) expect(got?.numberFormat, where).toBe(cell.fmt);
      }
    }),
  );
}

describe('writeSheetsToExcel × buildSheets', () => {
  it('writes the fixture report exactly, its formula-looking names as text', async () => {
    const specs = buildSheets(makeReport(), 'vi');
    const xl = new ExcelDouble();
    xl.addSheet('Sheet1');
    const res = await writeSheetsToExcel(xl.context, specs, { runKey: '6 tháng đầu năm 2020|Toàn huyện', replace: 'ask' });
    expect(res.syncs).toBe(4);
    specs.forEach((s, i) => expectWritten(xl, s, res.sheetNames[i]));
    const texts = new Set<unknown>();
    for (const s of xl.sheets) for (const c of s.cells.values()) texts.add(c.value);
    for (const h of [HOSTILE_COMMUNE, HOSTILE_FILE, HOSTILE_INDICATOR, HOSTILE_UNIT]) expect(texts.has(h), h).toBe(true);
    for (const s of xl.sheets) for (const c of s.cells.values()) expect(c.formula ?? '').not.toMatch(/HYPERLINK|cmd|SUM\(A1\)|^=-1\+1$/);
    expect(xl.activeSheetName).toBe(res.sheetNames[specs.findIndex((s) => s.key === 'summary')]);
  });

  /** A report of n communes × k indicators; every 4th (commune, indicator) behind. */
  it('takes the same number of syncs for buildSheets output at 15 and at 200 communes × 80 indicators', async () => {
    const counts: number[] = [];
    for (const n of [15, 200]) {
      const specs = buildSheets(bigReport(n, 80), 'vi');
      const xl = new ExcelDouble();
      xl.addSheet('Sheet1');
      const res = await writeSheetsToExcel(xl.context, specs, { runKey: 'quý I năm 2020|Toàn huyện', replace: 'ask' });
      counts.push(res.syncs);
      expect(xl.syncs.every((s) => s.bytes < 5_000_000 && !s.error)).toBe(true);
      const detail = specs.findIndex((s) => s.key === 'detail');
      expectWritten(xl, specs[detail], res.sheetNames[detail]);
    }
    expect(counts).toEqual([4, 4]);
  });
});

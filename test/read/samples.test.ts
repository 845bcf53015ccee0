/**
 * The sample workbooks of ../shared/samples/ba-che-2020-q1 (made by LibreOffice and openpyxl), with values
 * checked by hand against the files. Skipped when ../shared is absent.
 */
import * as fs from 'fs';
import * as path from 'path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gridsFromXlsx } from '../reference/exceljs-read';
import { readCommune } from '../../src/read/commune';
import { readPlan } from '../../src/read/plan';
import type { CommuneReport, Plan } from '../../src/types';
import { HAVE_SAMPLES, SAMPLES, rowOf } from './helpers';
import { targetsByName } from '../core/fixtures';

if (!HAVE_SAMPLES) console.warn(`test/read/samples.test.ts: ${SAMPLES} not found; the sample tests are skipped`);

const FILES = ['thi-tran-ba-che.xlsx', 'xa-thanh-son.xlsx', 'bc-thanh-lam.xlsx', 'dap-thanh.xlsx', 'xa-nam-son.xlsx', 'bc-luong-mong.xlsx', 'minh-cam.xlsx', 'xa-don-dac.xlsx'];

describe.skipIf(!HAVE_SAMPLES)('sample workbooks: Ba Chẽ, quý I năm 2020', () => {
  let plan: Plan;
  const withPlan: Record<string, CommuneReport> = {};
  const noPlan: Record<string, CommuneReport> = {};

  beforeAll(async () => {
    const pf = { name: 'plan.xlsx', data: fs.readFileSync(path.join(SAMPLES, 'plan.xlsx')) };
    const pg = await gridsFromXlsx(pf);
    const res = readPlan(pg.grids, 'plan.xlsx');
    expect(pg.issues).toEqual([]);
    expect(res.issues).toEqual([]);
    plan = res.plan!;
    for (const f of FILES) {
      const { grids, issues } = await gridsFromXlsx({ name: f, data: fs.readFileSync(path.join(SAMPLES, 'communes', f)) });
      expect(issues).toEqual([]);
      withPlan[f] = readCommune(grids, { file: f, plan });
      noPlan[f] = readCommune(grids, { file: f, plan: null });
    }
  });

  it('plan.xlsx: 10 indicators, Toàn huyện and 8 communes, rules and targets', () => {
    expect([plan.sheet, plan.parentLabel, plan.year]).toEqual(['Kế hoạch 2020', 'Toàn huyện', 2020]);
    expect(plan.communes).toEqual(['Thị trấn Ba Chẽ', 'Thanh Sơn', 'Thanh Lâm', 'Đạp Thanh', 'Nam Sơn', 'Lương Mông', 'Minh Cầm', 'Đồn Đạc']);
    expect(plan.indicators.map((i) => i.code)).toEqual(['KT01', 'KT02', 'KT03', 'KT04', 'KT05', 'XH01', 'XH02', 'XH03', 'XH04', 'XH05']);
    const by = (c: string) => plan.indicators.find((i) => i.code === c)!;
    expect(by('KT01')).toMatchObject({ unit: 'triệu đồng', aggregation: { kind: 'sum' }, direction: 'up', kind: 'flow', parentTarget: 34500 });
    expect(targetsByName(plan, by('KT01'))['Đồn Đạc']).toBe(4310);
    expect(by('KT03').parentTarget).toBeNull();
    expect(by('KT04')).toMatchObject({ aggregation: { kind: 'count_met' }, kind: 'level', parentTarget: null });
    expect(targetsByName(plan, by('KT04'))).toEqual({ 'Thị trấn Ba Chẽ': null, 'Thanh Sơn': 1, 'Thanh Lâm': 1, 'Đạp Thanh': 1, 'Nam Sơn': 1, 'Lương Mông': null, 'Minh Cầm': null, 'Đồn Đạc': 1 });
    expect(by('KT05')).toMatchObject({ aggregation: { kind: 'mean' }, kind: 'level', parentTarget: 81 });
    expect(by('XH01')).toMatchObject({ direction: 'up', kind: 'level', aggregation: { kind: 'sum' } }); // Chiều empty → Tăng
    expect(by('XH02').aggregation).toEqual({ kind: 'weighted', by: 'XH01' });
    expect(by('XH03')).toMatchObject({ direction: 'down', parentTarget: 5.2 });
    expect(targetsByName(plan, by('XH03'))['Nam Sơn']).toBe(8.1);
    expect(by('XH05')).toMatchObject({ direction: 'down', kind: 'flow', parentTarget: 12 });
  });

  it('commune names and periods of all 8 files, with the plan', () => {
    const got = FILES.map((f) => [f, withPlan[f].commune, withPlan[f].communeFrom, withPlan[f].period?.label ?? null]);
    expect(got).toEqual([
      ['thi-tran-ba-che.xlsx', 'Thị trấn Ba Chẽ', 'title', 'quý I năm 2020'],
      ['xa-thanh-son.xlsx', 'Thanh Sơn', 'sheet', null],
      ['bc-thanh-lam.xlsx', 'Thanh Lâm', 'title', 'quý I'],
      ['dap-thanh.xlsx', 'Đạp Thanh', 'sheet', null],
      ['xa-nam-son.xlsx', 'Nam Sơn', 'title', 'quý I năm 2020'],
      ['bc-luong-mong.xlsx', 'Lương Mông', 'title', null],
      ['minh-cam.xlsx', 'Minh Cầm', 'sheet', null],
      ['xa-don-dac.xlsx', 'Đồn Đạc', 'file', null],
    ]);
    expect(withPlan['thi-tran-ba-che.xlsx'].period).toMatchObject({ year: 2020, months: 3, kind: 'quarter' });
    expect(withPlan['thi-tran-ba-che.xlsx'].periodFrom).toBe('title');
    expect(withPlan['xa-nam-son.xlsx'].period).toMatchObject({ year: 2020, months: 3, estimate: true });
    // bc-thanh-lam: no title; "Lũy kế 3 tháng" in the header
    expect(withPlan['bc-thanh-lam.xlsx'].period).toMatchObject({ year: null, months: 3 });
    expect(withPlan['bc-thanh-lam.xlsx'].periodFrom).toBe('header');
    // bc-luong-mong: the date line "Lương Mông, ngày 23 tháng 3 năm 2020" is no period
    expect(withPlan['bc-luong-mong.xlsx'].period).toBeNull();
  });

  it('commune names without a plan', () => {
    expect(FILES.map((f) => noPlan[f].commune)).toEqual([
      'Thị trấn Ba Chẽ', 'Thanh Sơn', 'Thanh Lâm', 'Đạp Thanh', 'Nam Sơn', 'Lương Mông', 'Minh Cầm', 'Don Dac',
    ]);
  });

  it('every file gives its 10 indicators (plus sub-items), every value cell located', () => {
    for (const f of FILES) {
      const main = withPlan[f].rows.filter((r) => !r.subItem);
      const want = f === 'thi-tran-ba-che.xlsx' ? 9 : 10; // thi-tran-ba-che has no KT04 row
      expect(main.length, f).toBe(want);
      for (const r of withPlan[f].rows) {
        // each value's cell is on the row read, in one of the file's sheets
        expect(withPlan[f].sheets, f).toContain(r.sheet);
        for (const v of [r.target, r.actual, r.previous]) if (v) expect(v.cell.replace(/^[A-Z]+/, '')).toBe(String(r.row));
      }
    }
  });

  it('thi-tran-ba-che: title rows, column-number row, formula cells, "Trong đó: - Ngô"', () => {
    const rep = withPlan['thi-tran-ba-che.xlsx'];
    expect(rep.sheets).toEqual(['BC Q1']);
    expect(rowOf(rep, 'KT01').actual).toEqual({ value: 4238.2, raw: 4238.2, cell: 'F8' });
    expect(rowOf(rep, 'KT01').sheet).toBe('BC Q1');
    expect(rowOf(rep, 'KT01').target?.value).toBe(9770);
    expect(rowOf(rep, 'KT01').previous?.value).toBe(3634.1);
    expect(rowOf(rep, 'KT03').actual?.value).toBe(55.1);
    expect(rep.rows.filter((r) => r.subItem).map((r) => [r.name, r.actual?.value])).toEqual([['Ngô', 39], ['Thóc', 16.1]]);
    expect(rowOf(rep, 'XH01').target?.value ?? null).toBeNull();
    expect(rowOf(rep, 'XH05').actual?.value).toBe(0);
    expect(rep.rows[0].row).toBe(8);
    expect(rep.issues).toEqual([]);
  });

  it('xa-thanh-son: abbreviated headers, "2.875" → 2875, "56,5" → 56.5, "1.345,9" → 1345.9', () => {
    const rep = withPlan['xa-thanh-son.xlsx'];
    expect(rowOf(rep, 'XH01').actual?.value).toBe(2875);
    expect(rowOf(rep, 'KT02').actual?.value).toBe(56.5);
    expect(rowOf(rep, 'KT01').actual).toMatchObject({ value: 1345.9, raw: '1.345,9', cell: 'F2' });
    expect(rowOf(rep, 'KT01').target?.value).toBe(3500);
    expect(rowOf(rep, 'KT01').previous?.value).toBe(1059.7);
    expect(rep.issues).toEqual([]);
  });

  it('bc-thanh-lam: two-level merged header, KT01 #DIV/0! at G3, KT03 91.1 from Lũy kế, signature block', () => {
    const rep = withPlan['bc-thanh-lam.xlsx'];
    expect(rowOf(rep, 'KT01').actual).toMatchObject({ value: null, raw: '#DIV/0!', cell: 'G3' });
    expect(rowOf(rep, 'KT01').target?.value).toBe(3560);
    expect(rowOf(rep, 'KT01').previous?.value).toBe(555.9);
    expect(rowOf(rep, 'KT03').actual).toMatchObject({ value: 91.1, cell: 'G5' });
    expect(rowOf(rep, 'KT03').estimate).toBe(true);
    expect(rowOf(rep, 'KT02').actual?.value).toBe(162.6);
    expect(rowOf(rep, 'XH04').actual?.value).toBe(16);
    expect(rep.rows.filter((r) => r.subItem).map((r) => r.name)).toEqual(['Ngô', 'Thóc']);
    expect(rep.rows.at(-1)!.code).toBe('XH05');
    expect(rep.issues.map((i) => [i.severity, i.code, i.file, i.sheet, i.cell])).toEqual([
      ['error', 'error_value', 'bc-thanh-lam.xlsx', 'Sheet1', 'G3'],
    ]);
  });

  it('dap-thanh: section rows, numbering, tỷ đồng and m2 units as written, "-" and "k/c"', () => {
    const rep = withPlan['dap-thanh.xlsx'];
    expect(rowOf(rep, 'KT01')).toMatchObject({ name: 'Thu ngân sách nhà nước trên địa bàn', unit: 'tỷ đồng' });
    expect(rowOf(rep, 'KT01').actual?.value).toBe(0.58);
    expect(rowOf(rep, 'KT02')).toMatchObject({ unit: 'm2' });
    expect(rowOf(rep, 'KT02').actual?.value).toBe(1159000);
    expect(rowOf(rep, 'KT05').actual).toMatchObject({ value: null, raw: '-' });
    expect(rowOf(rep, 'XH03').actual).toMatchObject({ value: null, raw: 'k/c' });
    expect(rowOf(rep, 'XH01').estimate).toBe(true);
    expect(rep.rows.some((r) => /KINH TẾ|VĂN HÓA/.test(r.name))).toBe(false);
    expect(rep.issues).toEqual([]);
  });

  it('xa-nam-son: two sheets, a prose sheet skipped, "Đạt" → 1, estimate from the title', () => {
    const rep = withPlan['xa-nam-son.xlsx'];
    expect(rep.sheets).toEqual(['Kinh tế', 'VH-XH']);
    expect(rep.rows.map((r) => r.code)).toEqual(['KT01', 'KT02', 'KT03', 'KT04', 'KT05', 'XH01', 'XH02', 'XH03', 'XH04', 'XH05']);
    expect(rowOf(rep, 'KT04').actual).toMatchObject({ value: 1, boolean: true, raw: 'Đạt' });
    expect(rowOf(rep, 'KT04').target).toMatchObject({ value: 1, boolean: true });
    expect(rowOf(rep, 'XH01')).toMatchObject({ sheet: 'VH-XH', row: 7 });
    expect(rowOf(rep, 'XH01').actual?.value).toBe(3452);
    expect(rep.rows.every((r) => r.estimate)).toBe(true);
    expect(rep.issues.map((i) => [i.severity, i.code, i.sheet])).toEqual([['info', 'sheet_without_table', 'Thuyết minh']]);
  });

  it('bc-luong-mong: other column order, no code column, "Khả quan" at A8, signature block', () => {
    const rep = withPlan['bc-luong-mong.xlsx'];
    expect(rep.rows.every((r) => r.code === null)).toBe(true);
    expect(rep.rows.map((r) => r.name)).toContain('Diện tích trồng rừng tập trung');
    expect(rowOf(rep, 'TỶ LỆ HỘ NGHÈO').actual?.value).toBe(5.94);
    expect(rowOf(rep, 'Thu ngân sách nhà nước trên địa bàn').actual).toMatchObject({ value: 276.6, cell: 'A2' });
    expect(rowOf(rep, 'Thu ngân sách nhà nước trên địa bàn').target?.value).toBe(1610);
    expect(rowOf(rep, 'Thu ngân sách nhà nước trên địa bàn').previous?.value).toBe(323.5);
    expect(rowOf(rep, 'Tỷ lệ dân số tham gia bảo hiểm y tế').actual).toMatchObject({ value: null, raw: 'Khả quan' });
    expect(rep.rows).toHaveLength(10);
    expect(rep.issues.map((i) => [i.severity, i.code, i.file, i.sheet, i.cell])).toEqual([
      ['error', 'not_a_number', 'bc-luong-mong.xlsx', 'BC Q1', 'A8'],
    ]);
    expect(rep.issues[0].message).toBe(
      "Xã Lương Mông, sheet 'BC Q1', ô A8: 'Khả quan' không phải là số (Thực hiện, chỉ tiêu 'Tỷ lệ dân số tham gia bảo hiểm y tế')",
    );
  });

  it('minh-cam: "trên 360" → 360 with note "trên", "86,41%", "1.377", tạ as written', () => {
    const rep = withPlan['minh-cam.xlsx'];
    expect(rowOf(rep, 'KT01').actual).toMatchObject({ value: 360, note: 'trên', raw: 'trên 360' });
    expect(rowOf(rep, 'KT01').estimate).toBe(true); // "Số liệu ước tính"
    expect(rowOf(rep, 'KT05').actual).toMatchObject({ value: 86.41, percent: true });
    expect(rowOf(rep, 'XH01').actual?.value).toBe(1377);
    expect(rowOf(rep, 'KT03')).toMatchObject({ unit: 'tạ' });
    expect(rowOf(rep, 'KT03').actual?.value).toBe(2342);
    expect(rep.issues).toEqual([]);
  });

  it('xa-don-dac: "+" bullets with codes are items, "x" and empty are no value, "Chưa đạt" → 0', () => {
    const rep = withPlan['xa-don-dac.xlsx'];
    expect(rep.rows.some((r) => r.subItem)).toBe(false);
    expect(rowOf(rep, 'KT01')).toMatchObject({ name: 'Thu ngân sách nhà nước trên địa bàn' });
    expect(rowOf(rep, 'KT01').actual?.value).toBe(1849.6);
    expect(rowOf(rep, 'KT02').actual).toMatchObject({ value: null, raw: 'x' });
    expect(rowOf(rep, 'XH03').actual).toMatchObject({ value: null, raw: null });
    expect(rowOf(rep, 'KT04').actual).toMatchObject({ value: 0, boolean: true });
    expect(rowOf(rep, 'KT04').target).toMatchObject({ value: 1, boolean: true });
    expect(rep.issues).toEqual([]);
  });
});

/** Issue 11: last year's files read as PreviousReports (read/previous.ts, pipeline-previous.ts). */
import { describe, expect, it } from 'vitest';
import { communeOf, gridsOf, planOf } from './helpers';
import { isParentName, previousFromCommune, previousPlan, readConsolidated } from '../../src/read/previous';
import { runPipeline } from '../../src/pipeline';
import { writeXlsx } from '../../src/xlsx/write';
import { readXlsx } from '../../src/xlsx/workbook';
import { MERGER, NEW, lastYearPlanFile, lastYearReports, planSheets } from '../pipeline/previous-fixture';

describe('last year\'s files', () => {
  it('a parent-level table (the title names a district, no commune) is the parent\'s, with no "no commune" issue', async () => {
    const rep = await communeOf([{ rows: [
      ['UBND HUYỆN THANH LIÊM'],
      ['BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU 6 THÁNG ĐẦU NĂM 2024'],
      ['STT', 'Mã số', 'Chỉ tiêu', 'ĐVT', 'Kế hoạch năm', 'Thực hiện'],
      [1, 'KT01', 'Thu ngân sách', 'triệu đồng', 30000, 14000],
    ] }], { file: 'huyen-2024.xlsx' });
    const p = previousFromCommune(rep);
    expect(p.kind).toBe('table');
    expect(p.commune).toBeNull();
    expect(p.period?.label).toMatch(/2024/);
    expect(p.issues.some((i) => i.code === 'no_commune')).toBe(false);
    expect(isParentName('huyện Thanh Liêm')).toBe(true);
    expect(isParentName('Toàn tỉnh')).toBe(true);
    expect(isParentName('Thanh Hà')).toBe(false);
  });

  it('the reader of last year\'s files knows the old communes of "Sáp nhập" (a name only in the file name)', async () => {
    const { plan } = await planOf(planSheets(NEW, 'Toàn tỉnh', 2025, MERGER));
    expect(previousPlan(plan)!.communes).toEqual(['Thanh Hà', 'Liêm Sơn', 'Kiện Khê', 'Thanh Lưu', 'Liêm Cần', 'Liêm Thuận', 'Liêm Túc']);
    const f = (await lastYearReports()).find((x) => x.name.includes('Liem Thuan'))!;
    const { grids } = await readXlsx(f);
    const { readCommune } = await import('../../src/read/commune');
    expect(readCommune(grids, { file: f.name, plan: previousPlan(plan) }).commune).toBe('Liêm Thuận');
  });

  it('tonghop\'s consolidated workbook: one report per unit of "Chi tiết xã" (the parent first), its period, the cells', async () => {
    const last = await runPipeline({ plan: await lastYearPlanFile(), communes: await lastYearReports(), now: new Date('2024-07-05T00:00:00Z') });
    for (const lang of ['vi', 'en'] as const) {
      const sheets = lang === 'vi' ? last.sheets : (await runPipeline({ plan: await lastYearPlanFile(), communes: await lastYearReports(), lang })).sheets;
      const { grids } = await readXlsx({ name: 'th.xlsx', data: await writeXlsx(sheets) });
      const units = readConsolidated(grids, 'th.xlsx')!;
      expect(units.map((u) => u.commune)).toEqual([null, 'Thanh Hà', 'Thanh Lưu', 'Liêm Cần', 'Liêm Thuận', 'Liêm Túc', 'Kiện Khê', 'Thanh Tân']);
      expect(units[0].period?.months).toBe(6);
      expect(units[0].period?.year).toBe(2024);
      const kt01 = units[1].rows.find((r) => r.code === 'KT01')!;
      expect(kt01.actual?.value).toBe(3000);
      expect(kt01.sheet).toBe(lang === 'vi' ? 'Chi tiết xã' : 'By commune');
      expect(units[0].rows.find((r) => r.code === 'KT01')!.actual?.value).toBe(3000 + 2000 + 1500 + 2500 + 1000 + 4000 + 700);
    }
  });

  it('a workbook without "Chi tiết xã" is not a consolidated one', async () => {
    const { grids } = await gridsOf([{ name: 'Sheet1', rows: [['x']] }]);
    expect(readConsolidated(grids, 'a.xlsx')).toBeNull();
  });
});

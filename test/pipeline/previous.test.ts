/**
 * Issue 11, end to end: a province of new communes with no "Cùng kỳ" column, last year's reports of the old
 * communes in varied layouts and a "Sáp nhập" sheet; every previous and changePct of the parent and each commune,
 * worked out by hand. Then the same with last year's consolidated workbook (made by tonghop itself).
 */
import { describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/pipeline';
import { writeXlsx } from '../../src/xlsx/write';
import { reportToJson } from '../../src/write/json';
import type { IndicatorResult, Report } from '../../src/types';
import { CODES, NEW, lastYearPlanFile, lastYearReports, planFile, thisYearFiles, type Code } from './previous-fixture';

/** previous by commune (null: the parent), hand-worked from LAST_YEAR and the merger. */
const PREVIOUS: Record<string, Record<Code, number | null>> = {
  // Thanh Hà + Thanh Lưu: 3000+2000; 10000+5000; (4×10000+7×5000)/15000 = 5; max(60,58); (30+24)/2; min(20,35); merged → none
  'Thanh Hà': { KT01: 5000, XH01: 15000, XH02: 5, KT02: 60, KT03: 27, MT01: 20, NT01: null },
  // Liêm Cần (1,5 tỷ) + Liêm Thuận + Liêm Túc: 1500+2500+1000; 8000+12000+4000; (3×8000+5×12000+6×4000)/24000 = 4.5;
  // max(55,62,57); (28+26+21)/3; min(10,15,12)
  'Liêm Sơn': { KT01: 5000, XH01: 24000, XH02: 4.5, KT02: 62, KT03: 25, MT01: 10, NT01: null },
  // no row: its own figures of last year
  'Kiện Khê': { KT01: 4000, XH01: 9000, XH02: 2.5, KT02: 59, KT03: 33, MT01: 40, NT01: 1 },
  // the parent: the communes' previous combined by the same rules
  //   XH02 weighed by XH01's previous: (5×15000 + 4.5×24000 + 2.5×9000)/48000 = 205500/48000
  //   NT01: only Kiện Khê has a previous (1)
  '': { KT01: 14000, XH01: 48000, XH02: 205500 / 48000, KT02: 62, KT03: 85 / 3, MT01: 10, NT01: 1 },
};

/** changePct by commune, from THIS_YEAR and PREVIOUS. */
const CHANGE: Record<string, Record<Code, number | null>> = {
  'Thanh Hà': { KT01: 10, XH01: 2, XH02: -10, KT02: 5, KT03: 10, MT01: 5, NT01: null },
  'Liêm Sơn': { KT01: 20, XH01: 2, XH02: -20, KT02: (61 / 62 - 1) * 100, KT03: 10, MT01: 10, NT01: null },
  'Kiện Khê': { KT01: 10, XH01: 1, XH02: -20, KT02: (60 / 59 - 1) * 100, KT03: 10, MT01: 0, NT01: 0 },
  // parent actuals: 15900; 48870; (4.5×15300 + 3.6×24480 + 2×9090)/48870 = 175158/48870; 63; 93.5/3; 11; 2
  '': {
    KT01: (15900 / 14000 - 1) * 100,
    XH01: (48870 / 48000 - 1) * 100,
    XH02: ((175158 / 48870) / (205500 / 48000) - 1) * 100,
    KT02: (63 / 62 - 1) * 100,
    KT03: 10,
    MT01: 10,
    NT01: 100,
  },
};

function ind(report: Report, code: Code): IndicatorResult {
  const i = report.indicators.find((x) => x.code === code);
  if (!i) throw new Error(`no ${code}`);
  return i;
}

function close(got: number | null | undefined, want: number | null, label: string) {
  if (want === null) expect(got ?? null, label).toBeNull();
  else {
    expect(got, label).not.toBeNull();
    expect(got!, label).toBeCloseTo(want, 6);
  }
}

function checkAll(report: Report) {
  for (const code of CODES) {
    const i = ind(report, code);
    close(i.previous, PREVIOUS[''][code], `parent ${code} previous`);
    close(i.changePct, CHANGE[''][code], `parent ${code} changePct`);
    for (const c of NEW) {
      const r = i.communes.find((x) => x.commune === c)!;
      expect(r, `${c} ${code}`).toBeDefined();
      close(r.previous, PREVIOUS[c][code], `${c} ${code} previous`);
      close(r.changePct, CHANGE[c][code], `${c} ${code} changePct`);
    }
  }
}

describe('cùng kỳ across the 2025 merger (issue 11)', () => {
  it('last year\'s reports of the old communes, in varied layouts, with the "Sáp nhập" sheet', async () => {
    const res = await runPipeline({
      plan: await planFile(),
      communes: await thisYearFiles(),
      previous: await lastYearReports(),
      now: new Date('2025-07-05T00:00:00Z'),
    });
    const { report } = res;
    expect(report.period.label).toMatch(/6 tháng đầu năm 2025/);
    checkAll(report);

    // where each previous value came from
    const kt01 = ind(report, 'KT01');
    const th = kt01.communes.find((c) => c.commune === 'Thanh Hà')!;
    expect(th.previousSource?.kind).toBe('merged');
    expect(th.previousSource?.from?.map((f) => [f.commune, f.value])).toEqual([['Thanh Hà', 3000], ['Thanh Lưu', 2000]]);
    expect(th.previousSource?.from?.[1].source).toEqual({ file: 'nam-truoc/bao-cao-2.xlsx', sheet: 'Sheet1', cell: 'F5' });
    const ls = kt01.communes.find((c) => c.commune === 'Liêm Sơn')!;
    expect(ls.previousSource?.from?.find((f) => f.commune === 'Liêm Cần')?.source).toEqual({ file: 'nam-truoc/lc.xlsx', sheet: 'KT-XH', cell: 'F4' });
    const kk = kt01.communes.find((c) => c.commune === 'Kiện Khê')!;
    expect(kk.previousSource).toEqual({ kind: 'file', source: { file: 'nam-truoc/kk.xlsx', sheet: 'Sheet1', cell: 'F5' } });
    expect(kt01.previousSource).toEqual({ kind: 'combined' });

    // Thanh Tân of last year is in no row and no commune of this year: a located warning
    const unm = report.issues.filter((i) => i.code === 'previous_unmapped');
    expect(unm.map((i) => [i.file, i.commune])).toEqual([['nam-truoc/thanh-tan.xlsx', 'Thanh Tân']]);
    expect(unm[0].sheet).toBe('Báo cáo');
    expect(report.issues.filter((i) => ['previous_missing', 'merger_conflict', 'previous_period_mismatch'].includes(i.code))).toEqual([]);

    // last year's files on record: each unit, whether used
    expect(report.previousFiles?.map((f) => [f.file, f.unit, f.kind, f.used])).toEqual([
      ['nam-truoc/BC 6T - Xa Liem Thuan.xlsx', 'Liêm Thuận', 'report', true],
      ['nam-truoc/bao-cao-2.xlsx', 'Thanh Lưu', 'report', true],
      ['nam-truoc/kk.xlsx', 'Kiện Khê', 'report', true],
      ['nam-truoc/lc.xlsx', 'Liêm Cần', 'report', true],
      ['nam-truoc/liem-tuc.xlsx', 'Liêm Túc', 'report', true],
      ['nam-truoc/thanh-ha.xlsx', 'Thanh Hà', 'report', true],
      ['nam-truoc/thanh-tan.xlsx', 'Thanh Tân', 'report', false],
    ]);

    // the JSON carries the sources (an added field)
    const json = reportToJson(report, 'vi') as unknown as { indicators: { code: string; communes: { commune: string; previousSource?: { kind: string } }[] }[] };
    const j = json.indicators.find((x) => x.code === 'XH02')!;
    expect(j.communes.map((c) => c.previousSource?.kind)).toEqual(['merged', 'merged', 'file']);

    // "Chi tiết xã": the block under the table says where each previous came from
    const detail = res.sheets.find((x) => x.key === 'detail')!;
    const texts = detail.rows.map((r) => r.map((c) => (c?.v == null ? '' : String(c.v))).join(' | '));
    const title = texts.findIndex((t) => t.startsWith(' | NGUỒN SỐ LIỆU CÙNG KỲ') || t.startsWith('NGUỒN SỐ LIỆU CÙNG KỲ'));
    expect(title).toBeGreaterThan(0);
    const thRow = texts.find((t) => t.includes('Thu ngân sách nhà nước trên địa bàn — Thanh Hà'))!;
    expect(thRow).toMatch(/\| 5000 \| Gộp từ các xã cũ: Thanh Hà \(3\.000; tệp 'nam-truoc\/thanh-ha\.xlsx'.*Thanh Lưu \(2\.000; tệp 'nam-truoc\/bao-cao-2\.xlsx', sheet 'Sheet1', ô F5\)/);
    expect(texts.find((t) => t.includes('Tỷ lệ hộ nghèo — Kiện Khê'))).toMatch(/Tệp năm trước: tệp 'nam-truoc\/kk\.xlsx'/);

    // the narrative names it
    const rep = res.sheets.find((x) => x.key === 'report')!;
    const words = rep.rows.flat().map((c) => String(c?.v ?? '')).join('\n');
    expect(words).toContain('Số liệu cùng kỳ năm trước: 1 xã theo báo cáo năm trước của chính xã; 2 xã sau sáp nhập được tính từ số liệu năm trước của các xã cũ: Thanh Hà (Thanh Hà, Thanh Lưu); Liêm Sơn (Liêm Cần, Liêm Thuận, Liêm Túc).');
  });

  it('last year\'s consolidated workbook, made by tonghop itself, instead of the old reports', async () => {
    const last = await runPipeline({ plan: await lastYearPlanFile(), communes: await lastYearReports(), now: new Date('2024-07-05T00:00:00Z') });
    expect(last.report.period.label).toMatch(/2024/);
    const xlsx = await writeXlsx(last.sheets, { run: 'test-2024' });
    const res = await runPipeline({
      plan: await planFile(),
      communes: await thisYearFiles(),
      previous: [{ name: 'tong-hop-6t-2024.xlsx', data: xlsx }],
      now: new Date('2025-07-05T00:00:00Z'),
    });
    checkAll(res.report);
    const th = ind(res.report, 'KT01').communes.find((c) => c.commune === 'Thanh Hà')!;
    expect(th.previousSource?.from?.[0].source?.file).toBe('tong-hop-6t-2024.xlsx');
    expect(th.previousSource?.from?.[0].source?.sheet).toBe('Chi tiết xã');
    expect(res.report.issues.filter((i) => i.code === 'previous_unmapped').map((i) => i.commune)).toEqual(['Thanh Tân']);
  });
});

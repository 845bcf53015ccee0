/**
 * A hand-made Report for the output tests: every status, nulls, a lower-is-better indicator, a
 * commune with no file, and names that look like formulas. Numbers worked out by hand:
 *   KT01 parent: 6820.5 / 12000 × 100 = 56.8375; (6820.5 / 6040 − 1) × 100 = 12.922185430463577…
 *        Thanh Hà: 350 / 800 × 100 = 43.75, expected 50 → behind, gap 800 × 0.5 − 350 = 50
 *        hostile:  600 / 1000 × 100 = 60 → on_track
 *   KT02 parent: 5100 / 5000 × 100 = 102 → met (no previous)
 *   XH01 (Giảm, Thời điểm): 2.5 / 2 × 100 = 125, expected 100 → behind, gap 2.5 − 2 = 0.5
 *   XH02: no target → no_target;  KT03: no actual → no_data
 *   "-1+1" (Tăng): 9 / 8 × 100 = 112.5 → met; previous 10 → (9/10 − 1) × 100 = −10 (approximately: −9.999999999999998)
 */
import type { CommuneResult, IndicatorResult, Issue, IssueCode, Report, Shortfall } from '../../src/types';

export const HOSTILE_COMMUNE = '=HYPERLINK("http://evil.example","Bấm vào")';
export const HOSTILE_FILE = '+cmd.xlsx';
export const HOSTILE_INDICATOR = '-1+1';
export const HOSTILE_UNIT = '@SUM(A1)';

function cr(commune: string, target: number | null, actual: number | null, expectedPct: number, status: CommuneResult['status'], gap?: number): CommuneResult {
  const completionPct = target !== null && actual !== null && target !== 0 ? (actual / target) * 100 : null;
  return { commune, target, actual, completionPct, expectedPct, status, ...(gap !== undefined ? { gap } : {}) };
}

function ind(p: Partial<IndicatorResult> & Pick<IndicatorResult, 'code' | 'name' | 'unit' | 'target' | 'actual' | 'status'>): IndicatorResult {
  const completionPct = p.target !== null && p.actual !== null && p.target !== 0 ? (p.actual / p.target) * 100 : null;
  const previous = p.previous ?? null;
  const changePct = previous !== null && p.actual !== null && previous !== 0 ? (p.actual / previous - 1) * 100 : null;
  return {
    aggregation: 'Tổng',
    direction: 'Tăng',
    kind: 'Lũy kế',
    completionPct,
    expectedPct: 50,
    previous,
    changePct,
    behindCount: 0,
    reportedCount: 0,
    communes: [],
    ...p,
  };
}

export function makeReport(over: Partial<Report> = {}): Report {
  const indicators: IndicatorResult[] = [
    ind({
      code: 'KT01',
      name: 'Thu ngân sách trên địa bàn',
      unit: 'triệu đồng',
      target: 12000,
      actual: 6820.5,
      previous: 6040,
      status: 'on_track',
      behindCount: 1,
      reportedCount: 2,
      communes: [
        cr('Thanh Hà', 800, 350, 50, 'behind', 50),
        cr(HOSTILE_COMMUNE, 1000, 600, 50, 'on_track'),
        cr('Liêm Cần', 500, null, 50, 'no_data'),
      ],
    }),
    ind({
      code: 'KT02',
      name: 'Sản lượng lương thực',
      unit: 'tấn',
      target: 5000,
      actual: 5100,
      status: 'met',
      reportedCount: 2,
      communes: [cr('Thanh Hà', 3000, 3100, 50, 'met'), cr(HOSTILE_COMMUNE, 2000, 2000, 50, 'met')],
    }),
    ind({
      code: 'XH01',
      name: 'Tỷ lệ hộ nghèo',
      unit: '%',
      aggregation: 'Bình quân',
      direction: 'Giảm',
      kind: 'Thời điểm',
      target: 2,
      actual: 2.5,
      expectedPct: 100,
      status: 'behind',
      gap: 0.5,
      reportedCount: 1,
      communes: [{ ...cr('Thanh Hà', 2, 1.96, 100, 'met') }],
    }),
    ind({
      code: null,
      name: 'Số xã đạt chuẩn nông thôn mới',
      unit: 'xã',
      aggregation: 'Số xã đạt',
      target: null,
      actual: 2,
      status: 'no_target',
      communes: [cr('Thanh Hà', null, 1, 50, 'no_target')],
    }),
    ind({ code: 'KT03', name: 'Diện tích trồng rừng', unit: 'ha', target: 200, actual: null, status: 'no_data' }),
    ind({ code: 'KT04', name: HOSTILE_INDICATOR, unit: HOSTILE_UNIT, target: 8, actual: 9, previous: 10, status: 'met' }),
  ];
  const shortfalls: Shortfall[] = [
    { commune: 'Thanh Hà', code: 'KT01', name: 'Thu ngân sách trên địa bàn', unit: 'triệu đồng', actual: 350, target: 800, completionPct: 43.75, expectedPct: 50, gap: 50 },
    { commune: null, code: 'XH01', name: 'Tỷ lệ hộ nghèo', unit: '%', actual: 2.5, target: 2, completionPct: 125, expectedPct: 100, gap: 0.5 },
  ];
  const issues: Issue[] = [
    { severity: 'error', code: 'not_a_number', message: "tệp 'thanh-ha.xlsx', sheet 'Kinh tế', ô E12: '12,5 tr' không phải là số", messageEn: "file 'thanh-ha.xlsx', sheet 'Kinh tế', cell E12: '12,5 tr' is not a number", file: 'thanh-ha.xlsx', sheet: 'Kinh tế', cell: 'E12' },
    { severity: 'warning', code: 'target_mismatch', message: 'Kế hoạch khác nhau', messageEn: 'Targets differ', file: HOSTILE_FILE, sheet: '=A1', cell: 'D7' },
    { severity: 'info', code: 'no_report' as IssueCode, message: 'Xã Liêm Cần chưa gửi báo cáo', messageEn: 'Liêm Cần sent no report', file: null, sheet: null, cell: null, commune: 'Liêm Cần' },
  ];
  return {
    period: { year: 2020, months: 6, label: '6 tháng đầu năm 2020' },
    parent: 'Toàn huyện',
    generatedAt: '2020-07-05T20:30:00.000Z',
    plan: { file: 'ke-hoach-2020.xlsx', sheet: 'KH 2020' },
    communes: [
      { name: 'Thanh Hà', file: 'thanh-ha.xlsx', period: '6 tháng đầu năm 2020', sheets: ['Kinh tế', 'VH-XH'], values: 12, issues: 1, reported: true },
      { name: HOSTILE_COMMUNE, file: HOSTILE_FILE, period: '6 tháng đầu năm 2020', sheets: ['Sheet1'], values: 8, reported: true },
      { name: 'Liêm Cần', file: null, reported: false },
    ],
    indicators,
    shortfalls,
    issues,
    ...over,
  };
}

/** A report of n communes × k indicators; every 4th (commune, indicator) behind. */
export function bigReport(n: number, k: number): Report {
  const communes = Array.from({ length: n }, (_, i) => `Xã Thịnh Vượng ${i + 1}`);
  const shortfalls: Shortfall[] = [];
  const indicators: IndicatorResult[] = Array.from({ length: k }, (_, j) => {
    const results: CommuneResult[] = communes.map((name, i) => {
      const target = 100 + ((i * 31 + j * 17) % 900);
      const behind = (i + j) % 4 === 0;
      const actual = behind ? target * 0.1 + j / 7 : target * 0.4 + i / 3;
      const r: CommuneResult = { commune: name, target, actual, completionPct: (actual / target) * 100, expectedPct: 25, status: behind ? 'behind' : 'on_track', source: { file: `xa-${i + 1}.xlsx`, sheet: 'Kinh tế', cell: `E${7 + j}` } };
      if (behind) {
        r.gap = target * 0.25 - actual;
        shortfalls.push({ commune: name, code: `KT${j + 1}`, name: `Chỉ tiêu ${j + 1}`, unit: 'triệu đồng', actual, target, completionPct: (actual / target) * 100, expectedPct: 25, gap: r.gap });
      }
      return r;
    });
    const target = results.reduce((s, r) => s + (r.target ?? 0), 0);
    const actual = results.reduce((s, r) => s + (r.actual ?? 0), 0);
    return {
      code: `KT${j + 1}`, name: `Chỉ tiêu ${j + 1}`, unit: 'triệu đồng', aggregation: 'Tổng', direction: 'Tăng', kind: 'Lũy kế',
      target, actual, completionPct: (actual / target) * 100, expectedPct: 25, previous: null, changePct: null, status: 'on_track',
      behindCount: results.filter((r) => r.status === 'behind').length, reportedCount: n, communes: results,
    };
  });
  return makeReport({
    communes: communes.map((name, i) => ({ name, file: `xa-${i + 1}.xlsx`, period: 'quý I năm 2020', sheets: ['Kinh tế'], values: k, reported: true })),
    indicators,
    shortfalls,
    period: { year: 2020, months: 3, label: 'quý I năm 2020' },
  });
}


/** A synthetic report of n communes × k indicators for the adapter's size tests. */
import type { CommuneResult, IndicatorResult, Report, Shortfall } from '../../src/types';
import { makeReport } from '../write/fixture';

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

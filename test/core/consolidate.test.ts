import { describe, expect, it } from 'vitest';
import { consolidate } from '../../src/core/consolidate';
import type { CommuneReport, IndicatorResult, IssueCode, Period, Plan, Report } from '../../src/types';
import { mkIssue } from '../../src/util/issues';
import { NOW, P, commune, ind, plan, rv, shuffled } from './fixtures';

const TS = 'Thanh Sơn', NS = 'Nam Sơn', DD = 'Đồn Đạc', LM = 'Lương Mông';

function run(communes: CommuneReport[], p: Plan | null, extra: { period?: Period | null } = {}): Report {
  return consolidate({ communes, plan: p, now: NOW, ...extra });
}
function indicator(r: Report, key: string): IndicatorResult {
  const i = r.indicators.find((x) => x.code === key || x.name === key);
  if (!i) throw new Error(`no indicator ${key}`);
  return i;
}
function cr(i: IndicatorResult, name: string) {
  const c = i.communes.find((x) => x.commune === name);
  if (!c) throw new Error(`no commune ${name} in ${i.code}`);
  return c;
}
const codes = (r: Report) => r.issues.map((i) => i.code);

// ───────────────────────────── the report's frame ─────────────────────────────

describe('report frame', () => {
  const p = plan([TS, NS], [ind('KT01', 'Thu ngân sách', 'triệu đồng', { targets: { [TS]: 100, [NS]: 200 } })]);
  const a = commune('xa-thanh-son.xlsx', TS, P.quarter(1), [
    { code: 'KT01', name: 'Thu ngân sách', unit: 'triệu đồng', target: 100, actual: 30, previous: 25 },
  ], { sheets: ['Kinh tế', 'VH-XH'] });
  const b = commune('xa-nam-son.xlsx', NS, P.quarter(1), [{ code: 'KT01', name: 'Thu ngân sách', unit: 'triệu đồng', actual: 60 }]);
  b.issues.push(mkIssue({ severity: 'error', code: 'not_a_number', vi: 'x', en: 'x', file: 'xa-nam-son.xlsx', sheet: 'Sheet1', cell: 'E9' }));
  const planIssue = mkIssue({ severity: 'warning', code: 'plan_thing' as IssueCode, vi: 'y', en: 'y', file: 'ke-hoach.xlsx', sheet: 'KH', cell: 'B3' });
  const r = consolidate({ communes: [a, b], plan: p, planIssues: [planIssue], now: NOW });

  it('period, parent, time, plan', () => {
    expect(r.period).toEqual({ year: 2020, months: 3, label: 'quý I năm 2020' });
    expect(r.parent).toBe('Toàn huyện');
    expect(r.generatedAt).toBe('2020-04-10T08:00:00.000Z');
    expect(r.plan).toEqual({ file: 'ke-hoach.xlsx', sheet: 'KH' });
  });
  it('lists the communes with what was read', () => {
    expect(r.communes).toEqual([
      // 3 numbers read (target, actual, previous); no issue names the file
      { name: TS, file: 'xa-thanh-son.xlsx', period: 'quý I năm 2020', sheets: ['Kinh tế', 'VH-XH'], values: 3, issues: 0, reported: true },
      // 1 number read; 1 issue from the reader
      { name: NS, file: 'xa-nam-son.xlsx', period: 'quý I năm 2020', sheets: ['Sheet1'], values: 1, issues: 1, reported: true },
    ]);
  });
  it('carries the plan issues and the communes issues, sorted (errors first)', () => {
    // Nam Sơn reports no previous: the parent's is Thanh Sơn's alone (previous_partial)
    expect(r.issues.map((i) => i.code)).toEqual(['not_a_number', 'previous_partial', 'plan_thing']);
  });
  it('uses the plan parent label, else "Toàn đơn vị"', () => {
    expect(run([a], { ...p, parentLabel: null }).parent).toBe('Toàn đơn vị');
    expect(run([a], null).parent).toBe('Toàn đơn vị');
  });
  it('a time of now when none is given', () => {
    const before = Date.now();
    const t = Date.parse(consolidate({ communes: [a], plan: p }).generatedAt);
    expect(t).toBeGreaterThanOrEqual(before - 1000);
  });
});

// ───────────────────────────── Tổng, flow, higher is better ─────────────────────────────

describe('Tổng (sum), flow, Tăng, quý I', () => {
  const targets = { [TS]: 3000, [NS]: 4000, [DD]: 2000 };
  const files = [
    commune('ts.xlsx', TS, P.quarter(1), [{ code: 'KT01', name: 'Thu ngân sách', unit: 'triệu đồng', actual: 1000, previous: 800 }]),
    commune('ns.xlsx', NS, P.quarter(1), [{ code: 'KT01', name: 'Thu ngân sách', unit: 'triệu đồng', actual: 900, previous: 1000 }]),
    commune('dd.xlsx', DD, P.quarter(1), [{ code: 'KT01', name: 'Thu ngân sách', unit: 'triệu đồng', actual: 600 }]),
  ];

  it('judges every commune against its plan target', () => {
    const r = run(files, plan([TS, NS, DD], [ind('KT01', 'Thu ngân sách', 'triệu đồng', { parent: 10000, targets })]));
    const k = indicator(r, 'KT01');
    // Thanh Sơn: 1000 / 3000 = 33.33% ≥ 25% → on_track
    expect(cr(k, TS)).toMatchObject({ actual: 1000, target: 3000, expectedPct: 25, status: 'on_track' });
    expect(cr(k, TS).completionPct).toBeCloseTo(100 / 3, 12);
    expect(cr(k, TS).gap).toBeUndefined();
    // Nam Sơn: 900 / 4000 = 22.5% < 25% → behind, gap = 4000 × 25 / 100 − 900 = 100
    expect(cr(k, NS)).toMatchObject({ actual: 900, target: 4000, completionPct: 22.5, status: 'behind', gap: 100 });
    // Đồn Đạc: 600 / 2000 = 30% → on_track
    expect(cr(k, DD)).toMatchObject({ completionPct: 30, status: 'on_track' });
  });

  it('parent target from the plan column: 2500 of 10000 = 25% = expected → on_track', () => {
    const r = run(files, plan([TS, NS, DD], [ind('KT01', 'Thu ngân sách', 'triệu đồng', { parent: 10000, targets })]));
    const k = indicator(r, 'KT01');
    // actual 1000 + 900 + 600 = 2500
    expect(k).toMatchObject({ actual: 2500, target: 10000, completionPct: 25, expectedPct: 25, status: 'on_track' });
    expect(k.aggregation).toBe('Tổng');
    expect(k.direction).toBe('Tăng');
    expect(k.kind).toBe('Lũy kế');
    expect(k.behindCount).toBe(1);
    expect(k.reportedCount).toBe(3);
  });

  it('parent target combined from the communes when the column is empty: 3000 + 4000 + 2000 = 9000', () => {
    const r = run(files, plan([TS, NS, DD], [ind('KT01', 'Thu ngân sách', 'triệu đồng', { parent: null, targets })]));
    const k = indicator(r, 'KT01');
    // 2500 / 9000 = 27.78% → on_track
    expect(k.target).toBe(9000);
    expect(k.completionPct).toBeCloseTo(2500 / 9000 * 100, 12);
    expect(k.status).toBe('on_track');
  });

  it('parent previous sums the previous figures present: 800 + 1000 = 1800; changePct = (2500/1800 − 1) × 100', () => {
    const r = run(files, plan([TS, NS, DD], [ind('KT01', 'Thu ngân sách', 'triệu đồng', { parent: 10000, targets })]));
    const k = indicator(r, 'KT01');
    expect(k.previous).toBe(1800);
    expect(k.changePct).toBeCloseTo(38.888888888888886, 10);
    // communes: Thanh Sơn (1000 / 800 − 1) × 100 = 25; Nam Sơn (900 / 1000 − 1) × 100 = −10; Đồn Đạc none
    expect(cr(k, TS).changePct).toBeCloseTo(25, 12);
    expect(cr(k, NS).changePct).toBeCloseTo(-10, 12);
    expect(cr(k, DD).previous).toBeNull();
    expect(cr(k, DD).changePct).toBeNull();
    // 1800 is last year's figure of two communes against this year's three: a warning says so, naming Đồn Đạc
    const w = r.issues.filter((i) => i.code === 'previous_partial');
    expect(w.map((i) => [i.severity, i.indicator])).toEqual([['warning', 'KT01 Thu ngân sách']]);
    expect(w[0].message).toContain('2/3 xã');
    expect(w[0].message).toContain(DD);
  });

  it('no partial-previous warning when every reporting commune has its previous, nor for a mean', () => {
    const all = [
      commune('ts.xlsx', TS, P.quarter(1), [{ code: 'KT01', name: 'Thu ngân sách', unit: 'triệu đồng', actual: 1000, previous: 800 }, { code: 'XH02', name: 'Tỷ lệ', unit: '%', actual: 5, previous: 6 }]),
      commune('ns.xlsx', NS, P.quarter(1), [{ code: 'KT01', name: 'Thu ngân sách', unit: 'triệu đồng', actual: 900, previous: 1000 }, { code: 'XH02', name: 'Tỷ lệ', unit: '%', actual: 4 }]),
    ];
    const r = run(all, plan([TS, NS], [ind('KT01', 'Thu ngân sách', 'triệu đồng'), ind('XH02', 'Tỷ lệ', '%', { agg: 'mean', kind: 'level' })]));
    expect(r.issues.filter((i) => i.code === 'previous_partial')).toEqual([]);
  });

  it('a parent behind is a shortfall with commune null, listed before its communes', () => {
    // parent column 12000: 2500 / 12000 = 20.83% < 25%; gap = 12000 × 25 / 100 − 2500 = 500
    const r = run(files, plan([TS, NS, DD], [ind('KT01', 'Thu ngân sách', 'triệu đồng', { parent: 12000, targets })]));
    expect(r.shortfalls).toEqual([
      { commune: null, code: 'KT01', name: 'Thu ngân sách', unit: 'triệu đồng', actual: 2500, target: 12000, completionPct: 2500 / 12000 * 100, expectedPct: 25, gap: 500 },
      { commune: NS, code: 'KT01', name: 'Thu ngân sách', unit: 'triệu đồng', actual: 900, target: 4000, completionPct: 22.5, expectedPct: 25, gap: 100 },
    ]);
    expect(indicator(r, 'KT01')).toMatchObject({ status: 'behind', gap: 500 });
  });

  it('previous 0 gives changePct null', () => {
    const f = [commune('ts.xlsx', TS, P.quarter(1), [{ code: 'KT01', name: 'x', unit: 'triệu đồng', actual: 10, previous: 0 }])];
    const r = run(f, plan([TS], [ind('KT01', 'x', 'triệu đồng', { targets: { [TS]: 100 } })]));
    expect(cr(indicator(r, 'KT01'), TS)).toMatchObject({ previous: 0, changePct: null });
    expect(indicator(r, 'KT01')).toMatchObject({ previous: 0, changePct: null });
  });
});

// ───────────────────────────── pro-rating by period ─────────────────────────────

describe('flow pro-rating over the year', () => {
  // target 1200, actual 500: completion 41.67%; expected m × 100 / 12
  const cases: [Period, number][] = [
    ...Array.from({ length: 12 }, (_, i) => [P.month(i + 1), i + 1] as [Period, number]),
    [P.quarter(1), 3], [P.quarter(2), 6], [P.quarter(3), 9], [P.quarter(4), 12],
    [P.half(), 6], [P.nine(), 9], [P.year(), 12],
  ];
  it.each(cases)('%o', (period, m) => {
    const f = [commune('ts.xlsx', TS, period, [{ code: 'A', name: 'a', unit: 'tấn', actual: 500 }])];
    const r = run(f, plan([TS], [
      ind('A', 'a', 'tấn', { targets: { [TS]: 1200 } }),
      ind('B', 'b', '%', { kind: 'level', agg: 'mean', targets: { [TS]: 50 } }),
    ]));
    const c = cr(indicator(r, 'A'), TS);
    expect(c.expectedPct).toBeCloseTo(m * 100 / 12, 12);
    if (m <= 5) {
      // 41.67% ≥ m × 8.33%
      expect(c.status).toBe('on_track');
    } else {
      // behind by 1200 × m / 12 − 500 = 100 m − 500
      expect(c.status).toBe('behind');
      expect(c.gap).toBeCloseTo(100 * m - 500, 9);
    }
    // a level indicator is always expected at 100%
    expect(indicator(r, 'B').expectedPct).toBe(100);
    expect(r.period.months).toBe(m);
  });
});

// ───────────────────────────── Bình quân, level ─────────────────────────────

describe('Bình quân (mean), level', () => {
  const files = [
    commune('ts.xlsx', TS, P.quarter(1), [{ code: 'KT05', name: 'Tỷ lệ che phủ rừng', unit: '%', actual: 48.46, previous: 47.5 }]),
    commune('ns.xlsx', NS, P.quarter(1), [{ code: 'KT05', name: 'Tỷ lệ che phủ rừng', unit: '%', actual: 78.67 }]),
    commune('dd.xlsx', DD, P.quarter(1), [{ code: 'KT05', name: 'Tỷ lệ che phủ rừng', unit: '%', actual: null, previous: 75 }]),
  ];
  const targets = { [TS]: 49.5, [NS]: 79.5, [DD]: 84.5 };

  it('mean of the communes with a value; parent target from the column', () => {
    const r = run(files, plan([TS, NS, DD], [ind('KT05', 'Tỷ lệ che phủ rừng', '%', { agg: 'mean', kind: 'level', parent: 81, targets })]));
    const k = indicator(r, 'KT05');
    // (48.46 + 78.67) / 2 = 63.565; 63.565 < 81 → behind, gap 81 − 63.565 = 17.435
    expect(k.actual).toBeCloseTo(63.565, 12);
    expect(k.target).toBe(81);
    expect(k.expectedPct).toBe(100);
    expect(k.status).toBe('behind');
    expect(k.gap).toBeCloseTo(17.435, 12);
    // previous: mean over the communes that have one: (47.5 + 75) / 2 = 61.25
    expect(k.previous).toBe(61.25);
    // Đồn Đạc has no value: no_data, and is not counted as 0
    expect(cr(k, DD).status).toBe('no_data');
    expect(k.reportedCount).toBe(2);
  });

  it('parent target = mean of commune targets without a column: (49.5 + 79.5 + 84.5) / 3 = 71.1666…', () => {
    const r = run(files, plan([TS, NS, DD], [ind('KT05', 'Tỷ lệ che phủ rừng', '%', { agg: 'mean', kind: 'level', targets })]));
    expect(indicator(r, 'KT05').target).toBeCloseTo(213.5 / 3, 12);
  });
});

// ───────────────────────────── Bình quân theo <code> ─────────────────────────────

describe('Bình quân theo XH01 (weighted by population)', () => {
  const AA = 'An An';
  const row = (pop: number | null, popPrev: number | null, bhyt: number | null, bhytPrev: number | null) => [
    { code: 'XH01', name: 'Dân số trung bình', unit: 'người', actual: pop, previous: popPrev },
    { code: 'XH02', name: 'Tỷ lệ tham gia BHYT', unit: '%', actual: bhyt, previous: bhytPrev },
  ];
  const files = [
    commune('ts.xlsx', TS, P.quarter(1), row(6000, 5900, 95, 94)),
    commune('ns.xlsx', NS, P.quarter(1), row(2000, null, null, 96)), // no XH02 actual; no previous population
    commune('dd.xlsx', DD, P.quarter(1), row(null, null, 99, 95)), // no population at all
    commune('aa.xlsx', AA, P.quarter(1), row(2000, 1900, 99, 98)),
  ];
  const mk = (parent: number | null) => plan([TS, NS, DD, AA], [
    ind('XH01', 'Dân số trung bình', 'người', { agg: 'sum', kind: 'level' }),
    ind('XH02', 'Tỷ lệ tham gia BHYT', '%', { agg: { weighted: 'XH01' }, kind: 'level', parent, targets: { [TS]: 96, [NS]: 97, [DD]: 98, [AA]: 97 } }),
  ]);

  it('weighs actuals by the weight indicator; communes missing either are left out of both sums', () => {
    const k = indicator(run(files, mk(null)), 'XH02');
    // Nam Sơn (no XH02) and Đồn Đạc (no XH01) left out:
    // (95 × 6000 + 99 × 2000) / (6000 + 2000) = (570000 + 198000) / 8000 = 96
    expect(k.actual).toBe(96);
    expect(k.aggregation).toBe('Bình quân theo XH01');
  });

  it('parent target without a column: commune targets weighted by the actuals of XH01', () => {
    const k = indicator(run(files, mk(null)), 'XH02');
    // Đồn Đạc has no population → out: (96 × 6000 + 97 × 2000 + 97 × 2000) / (6000 + 2000 + 2000) = 964000 / 10000 = 96.4
    expect(k.target).toBeCloseTo(96.4, 12);
    // 96 < 96.4, level → behind by 0.4
    expect(k.status).toBe('behind');
    expect(k.gap).toBeCloseTo(0.4, 10);
  });

  it('parent target from the column when filled', () => {
    const k = indicator(run(files, mk(95.5)), 'XH02');
    expect(k.target).toBe(95.5);
    expect(k.status).toBe('met');
  });

  it('parent previous: weights are the previous population where present, else the actual', () => {
    const k = indicator(run(files, mk(null)), 'XH02');
    // Thanh Sơn 94 × 5900; Nam Sơn 96 × 2000 (no previous population: its actual 2000);
    // Đồn Đạc has no population at all → out; An An 98 × 1900
    // (554600 + 192000 + 186200) / (5900 + 2000 + 1900) = 932800 / 9800
    expect(k.previous).toBeCloseTo(932800 / 9800, 12);
    expect(k.changePct).toBeCloseTo((96 / (932800 / 9800) - 1) * 100, 10);
  });

  it('XH01 itself is a plain sum: 6000 + 2000 + 2000 = 10000, no target → no_target', () => {
    const k = indicator(run(files, mk(null)), 'XH01');
    expect(k).toMatchObject({ actual: 10000, target: null, status: 'no_target', completionPct: null });
    expect(cr(k, TS).status).toBe('no_target');
  });

  it('a weight indicator missing from the plan: warning, parent null', () => {
    const p = plan([TS], [ind('XH02', 'BHYT', '%', { agg: { weighted: 'XH99' }, kind: 'level', targets: { [TS]: 90 } })]);
    const r = run([files[0]], p);
    expect(indicator(r, 'XH02')).toMatchObject({ actual: null, target: null, status: 'no_data' });
    expect(r.issues.find((i) => i.code === 'weight_missing')).toMatchObject({ severity: 'warning', file: 'ke-hoach.xlsx' });
  });
});

// ───────────────────────────── Số xã đạt ─────────────────────────────

describe('Số xã đạt (count of communes met)', () => {
  const AA = 'An An';
  const yes = rv(1, { raw: 'Đạt', boolean: true });
  const no = rv(0, { raw: 'Chưa đạt', boolean: true });
  const files = [
    commune('ts.xlsx', TS, P.quarter(1), [{ code: 'KT04', name: 'Số xã đạt chuẩn NTM', unit: 'xã', actual: yes }]),
    commune('ns.xlsx', NS, P.quarter(1), [{ code: 'KT04', name: 'Số xã đạt chuẩn NTM', unit: 'xã', actual: no }]),
    commune('dd.xlsx', DD, P.quarter(1), [{ code: 'KT04', name: 'Số xã đạt chuẩn NTM', unit: 'xã', actual: no }]),
    commune('aa.xlsx', AA, P.quarter(1), [{ code: 'KT04', name: 'Số xã đạt chuẩn NTM', unit: 'xã', actual: yes }]),
  ];
  const targets = { [TS]: 1, [NS]: 1, [DD]: null, [AA]: 0 };
  const mk = (parent: number | null) => plan([TS, NS, DD, AA], [ind('KT04', 'Số xã đạt chuẩn NTM', 'xã', { agg: 'count_met', kind: 'level', parent, targets })]);

  it('communes are judged on 1/0', () => {
    const k = indicator(run(files, mk(null)), 'KT04');
    expect(cr(k, TS)).toMatchObject({ actual: 1, target: 1, completionPct: 100, status: 'met' });
    expect(cr(k, NS)).toMatchObject({ actual: 0, target: 1, completionPct: 0, status: 'behind', gap: 1 });
    // no target in the plan → no_target even though it reported
    expect(cr(k, DD)).toMatchObject({ actual: 0, target: null, completionPct: null, status: 'no_target' });
    // target 0 → no_target
    expect(cr(k, AA)).toMatchObject({ actual: 1, target: 0, status: 'no_target' });
  });

  it('parent actual counts the communes at 1; target counts the communes whose target is 1', () => {
    const k = indicator(run(files, mk(null)), 'KT04');
    // Thanh Sơn and An An at 1 → 2; targets at 1: Thanh Sơn, Nam Sơn → 2; 2 ≥ 2 → met
    expect(k).toMatchObject({ actual: 2, target: 2, completionPct: 100, status: 'met' });
  });

  it('parent target from the plan column when filled: 2 of 5 → behind by 3', () => {
    const r = run(files, mk(5));
    const k = indicator(r, 'KT04');
    expect(k).toMatchObject({ actual: 2, target: 5, completionPct: 40, expectedPct: 100, status: 'behind', gap: 3 });
    expect(r.shortfalls.filter((s) => s.code === 'KT04').map((s) => s.commune)).toEqual([null, NS]);
  });

  it('a value other than 0/1 is flagged and not counted', () => {
    const odd = [...files.slice(0, 3), commune('aa.xlsx', AA, P.quarter(1), [{ code: 'KT04', name: 'x', unit: 'xã', actual: 2 }])];
    const r = run(odd, mk(null));
    // only Thanh Sơn counts now
    expect(indicator(r, 'KT04').actual).toBe(1);
    expect(r.issues.find((i) => i.code === 'not_yes_no')).toMatchObject({ severity: 'warning', file: 'aa.xlsx', cell: 'E5' });
  });

  it('no commune with a target → parent target null (no_target), never 0', () => {
    const p = plan([TS, NS], [ind('KT04', 'NTM', 'xã', { agg: 'count_met', kind: 'level' })]);
    const k = indicator(run(files.slice(0, 2), p), 'KT04');
    expect(k).toMatchObject({ actual: 1, target: null, status: 'no_target' });
  });
});

// ───────────────────────────── Lớn nhất, Nhỏ nhất, Không ─────────────────────────────

describe('Lớn nhất, Nhỏ nhất, Không', () => {
  const files = [
    commune('ts.xlsx', TS, P.half(), [{ code: 'M', name: 'm', unit: 'ha', actual: 12, target: 0 }, { code: 'N', name: 'n', unit: 'ha', actual: 12 }, { code: 'Z', name: 'z', unit: 'ha', actual: 12 }]),
    commune('ns.xlsx', NS, P.half(), [{ code: 'M', name: 'm', unit: 'ha', actual: 30 }, { code: 'N', name: 'n', unit: 'ha', actual: 30 }, { code: 'Z', name: 'z', unit: 'ha', actual: 30 }]),
    commune('dd.xlsx', DD, P.half(), [{ code: 'M', name: 'm', unit: 'ha', actual: null }, { code: 'N', name: 'n', unit: 'ha', actual: null }, { code: 'Z', name: 'z', unit: 'ha', actual: null }]),
  ];
  const t = { [TS]: 20, [NS]: 50, [DD]: 40 };
  const p = plan([TS, NS, DD], [
    ind('M', 'm', 'ha', { agg: 'max', kind: 'level', targets: t }),
    ind('N', 'n', 'ha', { agg: 'min', kind: 'level', targets: t }),
    ind('Z', 'z', 'ha', { agg: 'none', targets: t }),
  ]);
  const r = run(files, p);

  it('Lớn nhất: max 30 against max target 50', () => {
    expect(indicator(r, 'M')).toMatchObject({ actual: 30, target: 50, completionPct: 60, status: 'behind', gap: 20, aggregation: 'Lớn nhất' });
  });
  it('Nhỏ nhất: min 12 against min target 20', () => {
    expect(indicator(r, 'N')).toMatchObject({ actual: 12, target: 20, completionPct: 60, status: 'behind', gap: 8, aggregation: 'Nhỏ nhất' });
  });
  it('Không: no parent figure, communes still judged', () => {
    const z = indicator(r, 'Z');
    expect(z).toMatchObject({ actual: null, target: null, previous: null, status: 'no_data', aggregation: 'Không' });
    // 6 tháng, flow: Nam Sơn 30 / 50 = 60% ≥ 50% → on_track; Thanh Sơn 12 / 20 = 60% → on_track
    expect(cr(z, NS)).toMatchObject({ status: 'on_track', expectedPct: 50 });
    expect(r.shortfalls.some((s) => s.code === 'Z' && s.commune === null)).toBe(false);
  });
  it('Không leaves the parent target null even with a plan parent column', () => {
    const p2 = plan([TS], [ind('Z', 'z', 'ha', { agg: 'none', parent: 99, targets: t })]);
    expect(indicator(run(files, p2), 'Z')).toMatchObject({ actual: null, target: null, status: 'no_data' });
  });
  it('a commune sheet\'s own target does not replace the plan (Thanh Sơn M: sheet 0, plan 20)', () => {
    expect(cr(indicator(r, 'M'), TS).target).toBe(20);
  });
});

// ───────────────────────────── Giảm (lower is better) ─────────────────────────────

describe('Giảm (lower is better)', () => {
  it('flow after a quarter: 0 → on_track; 3 of 3 → behind 2.25; 1 of 2 → behind 0.5; parent 4 of 12 → behind 1', () => {
    const files = [
      commune('ts.xlsx', TS, P.quarter(1), [{ code: 'XH05', name: 'Số vụ tai nạn giao thông', unit: 'vụ', actual: 0, previous: 4 }]),
      commune('ns.xlsx', NS, P.quarter(1), [{ code: 'XH05', name: 'Số vụ tai nạn giao thông', unit: 'vụ', actual: 3, previous: 2 }]),
      commune('dd.xlsx', DD, P.quarter(1), [{ code: 'XH05', name: 'Số vụ tai nạn giao thông', unit: 'vụ', actual: 1 }]),
    ];
    const p = plan([TS, NS, DD], [ind('XH05', 'Số vụ tai nạn giao thông', 'vụ', { dir: 'down', parent: 12, targets: { [TS]: 3, [NS]: 3, [DD]: 2 } })]);
    const r = run(files, p);
    const k = indicator(r, 'XH05');
    // Thanh Sơn: 0 ≤ 3 × 25 / 100 = 0.75 → on_track (not met: the year is not over)
    expect(cr(k, TS)).toMatchObject({ actual: 0, completionPct: 0, status: 'on_track' });
    expect(cr(k, TS).gap).toBeUndefined();
    // Nam Sơn: 3 > 0.75 → behind by 3 − 0.75 = 2.25 (completion 100%)
    expect(cr(k, NS)).toMatchObject({ actual: 3, target: 3, completionPct: 100, status: 'behind', gap: 2.25 });
    // Đồn Đạc: 1 > 2 × 25 / 100 = 0.5 → behind by 0.5
    expect(cr(k, DD)).toMatchObject({ completionPct: 50, status: 'behind', gap: 0.5 });
    // parent: 0 + 3 + 1 = 4 > 12 × 25 / 100 = 3 → behind by 1; previous 4 + 2 = 6; change (4/6 − 1) × 100 = −33.3…
    expect(k).toMatchObject({ actual: 4, target: 12, status: 'behind', gap: 1, direction: 'Giảm', previous: 6 });
    expect(k.completionPct).toBeCloseTo(100 / 3, 12);
    expect(k.changePct).toBeCloseTo(-100 / 3, 12);
    expect(r.shortfalls.map((s) => [s.commune, s.gap])).toEqual([[null, 1], [NS, 2.25], [DD, 0.5]]);
  });

  it('level: met when at or under the target; behind by the excess', () => {
    const files = [
      commune('ts.xlsx', TS, P.quarter(1), [{ code: 'XH03', name: 'Tỷ lệ hộ nghèo', unit: '%', actual: 5.52 }]),
      commune('ns.xlsx', NS, P.quarter(1), [{ code: 'XH03', name: 'Tỷ lệ hộ nghèo', unit: '%', actual: 8.46 }]),
    ];
    const p = plan([TS, NS], [ind('XH03', 'Tỷ lệ hộ nghèo', '%', { dir: 'down', kind: 'level', agg: 'mean', parent: 7.2, targets: { [TS]: 6.6, [NS]: 8.1 } })]);
    const k = indicator(run(files, p), 'XH03');
    expect(cr(k, TS).status).toBe('met');
    // 8.46 − 8.1 = 0.36
    expect(cr(k, NS).status).toBe('behind');
    expect(cr(k, NS).gap).toBeCloseTo(0.36, 12);
    // parent (5.52 + 8.46) / 2 = 6.99 ≤ 7.2 → met
    expect(k.actual).toBeCloseTo(6.99, 12);
    expect(k.status).toBe('met');
  });
});

// ───────────────────────────── units ─────────────────────────────

describe('units converted to the plan unit', () => {
  const p = plan([TS], [
    ind('KT01', 'Thu ngân sách', 'triệu đồng', { targets: { [TS]: 3130 } }),
    ind('KT02', 'Diện tích trồng rừng', 'ha', { targets: { [TS]: 245 } }),
    ind('KT03', 'Sản lượng lương thực', 'tấn', { targets: { [TS]: 710 } }),
    ind('XH04', 'Lao động có việc làm', 'người', { targets: { [TS]: 50 } }),
  ]);

  it('tỷ đồng → triệu đồng, m2 → ha, tạ → tấn, nghìn người → người (actual, target and previous)', () => {
    const f = commune('ts.xlsx', TS, P.quarter(1), [
      // 0.58 tỷ = 580 triệu; own target 3.13 tỷ = 3130 triệu = the plan's (no mismatch)
      { code: 'KT01', name: 'Thu ngân sách', unit: 'tỷ đồng', actual: 0.58, target: 3.13, previous: 0.5 },
      // 1 159 000 m2 = 115.9 ha
      { code: 'KT02', name: 'Diện tích trồng rừng', unit: 'm2', actual: 1159000 },
      // 2342 tạ = 234.2 tấn
      { code: 'KT03', name: 'Sản lượng lương thực', unit: 'tạ', actual: 2342, previous: 2200 },
      // 0.008 nghìn người = 8 người
      { code: 'XH04', name: 'Lao động có việc làm', unit: 'nghìn người', actual: 0.008 },
    ]);
    const r = run([f], p);
    expect(cr(indicator(r, 'KT01'), TS)).toMatchObject({ actual: 580, target: 3130, previous: 500 });
    expect(cr(indicator(r, 'KT02'), TS).actual).toBe(115.9);
    expect(cr(indicator(r, 'KT03'), TS)).toMatchObject({ actual: 234.2, previous: 220 });
    expect(cr(indicator(r, 'XH04'), TS).actual).toBe(8);
    expect(codes(r)).not.toContain('target_mismatch');
    expect(codes(r)).not.toContain('unit_mismatch');
  });

  it('spellings of the same unit are not conversions: "Tr.đồng", "tan", "Ha"', () => {
    const f = commune('ts.xlsx', TS, P.quarter(1), [
      { code: 'KT01', name: 'x', unit: 'Tr.đồng', actual: 100 },
      { code: 'KT02', name: 'x', unit: 'Ha', actual: 7 },
      { code: 'KT03', name: 'x', unit: 'tan', actual: 9 },
    ]);
    const r = run([f], p);
    expect(cr(indicator(r, 'KT01'), TS).actual).toBe(100);
    expect(cr(indicator(r, 'KT02'), TS).actual).toBe(7);
    expect(cr(indicator(r, 'KT03'), TS).actual).toBe(9);
  });

  it('incompatible unit: warning at the row, the values not used (no_data, not summed)', () => {
    const f = commune('ts.xlsx', TS, P.quarter(1), [{ code: 'KT03', name: 'Sản lượng lương thực', unit: 'ha', actual: 40, row: 12 }]);
    const r = run([f], p);
    const k = indicator(r, 'KT03');
    expect(cr(k, TS)).toMatchObject({ actual: null, status: 'no_data' });
    expect(k.actual).toBeNull();
    const issue = r.issues.find((i) => i.code === 'unit_mismatch');
    expect(issue).toMatchObject({ severity: 'warning', file: 'ts.xlsx', sheet: 'Sheet1', cell: 'E12', commune: TS, indicator: 'KT03 Sản lượng lương thực' });
    expect(issue!.message).toContain("'ha'");
    expect(issue!.message).toContain("'tấn'");
  });

  it('uses the unit cell when the reader gives one', () => {
    const f = commune('ts.xlsx', TS, P.quarter(1), [{ code: 'KT03', name: 'x', unit: 'ha', actual: 40, row: 12 }]);
    (f.rows[0] as { unitCell?: string }).unitCell = 'C12';
    expect(run([f], p).issues.find((i) => i.code === 'unit_mismatch')?.cell).toBe('C12');
  });

  it('sào is flagged, not guessed', () => {
    const f = commune('ts.xlsx', TS, P.quarter(1), [{ code: 'KT02', name: 'x', unit: 'sào', actual: 40 }]);
    const r = run([f], p);
    expect(cr(indicator(r, 'KT02'), TS).actual).toBeNull();
    expect(r.issues.find((i) => i.code === 'unit_ambiguous')).toMatchObject({ severity: 'warning', cell: 'E5' });
  });

  it('a row without a unit is taken in the plan unit', () => {
    const f = commune('ts.xlsx', TS, P.quarter(1), [{ code: 'KT03', name: 'x', unit: null, actual: 40 }]);
    expect(cr(indicator(run([f], p), 'KT03'), TS).actual).toBe(40);
  });

  it('a value written with % is fine in a % row, and refused in a row of another unit', () => {
    const pp = plan([TS], [ind('A', 'a', '%', { kind: 'level', agg: 'mean' }), ind('B', 'b', 'người')]);
    const f = commune('ts.xlsx', TS, P.quarter(1), [
      { code: 'A', name: 'a', unit: '%', actual: rv(86.41, { raw: '86,41%', percent: true }) },
      { code: 'B', name: 'b', unit: 'người', actual: rv(12, { raw: '12%', percent: true }) },
    ]);
    const r = run([f], pp);
    expect(cr(indicator(r, 'A'), TS).actual).toBe(86.41);
    expect(cr(indicator(r, 'B'), TS).actual).toBeNull();
    expect(r.issues.find((i) => i.code === 'percent_value')).toMatchObject({ severity: 'warning', cell: 'E6' });
  });
});

// ───────────────────────────── targets: the plan wins ─────────────────────────────

describe('plan targets win over the sheets', () => {
  const p = plan([TS, NS], [ind('KT01', 'Thu ngân sách', 'triệu đồng', { targets: { [TS]: 3000, [NS]: null } })]);

  it('a differing own target is a warning at the commune cell; the plan figure is used', () => {
    const f = commune('ts.xlsx', TS, P.quarter(1), [{ code: 'KT01', name: 'x', unit: 'triệu đồng', target: 3100, actual: 900, row: 8 }]);
    const r = run([f], p);
    expect(cr(indicator(r, 'KT01'), TS).target).toBe(3000);
    const i = r.issues.find((x) => x.code === 'target_mismatch');
    expect(i).toMatchObject({ severity: 'warning', file: 'ts.xlsx', sheet: 'Sheet1', cell: 'D8', commune: TS });
  });

  it('agreement within a relative 1e-9 after conversion is no issue (3.0000000001 tỷ = 3000.0000001 triệu)', () => {
    const f = commune('ts.xlsx', TS, P.quarter(1), [{ code: 'KT01', name: 'x', unit: 'tỷ đồng', target: 3.0000000001, actual: 0.9 }]);
    expect(codes(run([f], p))).not.toContain('target_mismatch');
  });

  it('the plan leaves a commune without a target: no_target even if its sheet has one (info)', () => {
    const f = commune('ns.xlsx', NS, P.quarter(1), [{ code: 'KT01', name: 'x', unit: 'triệu đồng', target: 500, actual: 200 }]);
    const r = run([f], p);
    expect(cr(indicator(r, 'KT01'), NS)).toMatchObject({ target: null, actual: 200, status: 'no_target' });
    expect(r.issues.find((x) => x.code === 'target_not_in_plan')).toMatchObject({ severity: 'info', cell: 'D5' });
  });
});

// ───────────────────────────── matching rows to the plan ─────────────────────────────

describe('matching indicators', () => {
  const p = plan([TS], [
    ind('KT01', 'Thu ngân sách nhà nước trên địa bàn', 'triệu đồng', { targets: { [TS]: 100 } }),
    ind(null, 'Sản lượng lương thực có hạt', 'tấn', { targets: { [TS]: 100 } }),
    ind('XH01', 'Dân số trung bình', 'người'),
  ]);

  it('by code (case, spaces), else by folded name; report in plan order', () => {
    const f = commune('ts.xlsx', TS, P.quarter(1), [
      { code: null, name: '  DÂN SỐ   trung bình', unit: 'người', actual: 2875 },
      { code: null, name: '2. Sản lượng lương thực CÓ HẠT', unit: 'tấn', actual: 50 },
      { code: ' kt01', name: 'Thu NS', unit: 'triệu đồng', actual: 30 },
    ]);
    const r = run([f], p);
    expect(r.indicators.map((i) => i.name)).toEqual(['Thu ngân sách nhà nước trên địa bàn', 'Sản lượng lương thực có hạt', 'Dân số trung bình']);
    expect(r.indicators.map((i) => cr(i, TS).actual)).toEqual([30, 50, 2875]);
    expect(r.indicators[1].code).toBeNull();
  });

  it('unmatched sub-items are ignored silently; other unmatched rows are info issues naming file, sheet and cell', () => {
    const f = commune('ts.xlsx', TS, P.quarter(1), [
      { code: 'KT01', name: 'Thu ngân sách', unit: 'triệu đồng', actual: 30 },
      { code: null, name: 'Ngô', unit: 'tấn', actual: 20, subItem: true },
      { code: null, name: 'Số trâu bò', unit: 'con', actual: 400, sheet: 'VH-XH', row: 14 },
    ]);
    const r = run([f], p);
    const info = r.issues.filter((i) => i.code === 'indicator_not_in_plan');
    expect(info).toHaveLength(1);
    expect(info[0]).toMatchObject({ severity: 'info', file: 'ts.xlsx', sheet: 'VH-XH', cell: 'E14' });
    expect(info[0].message).toContain('chỉ tiêu không có trong kế hoạch');
    expect(info[0].message).toContain('Số trâu bò');
  });

  it('a matched sub-item is used', () => {
    const pp = plan([TS], [ind(null, 'Ngô', 'tấn', { targets: { [TS]: 40 } })]);
    const f = commune('ts.xlsx', TS, P.quarter(1), [{ code: null, name: '- Ngô', unit: 'tấn', actual: 20, subItem: true }]);
    expect(cr(indicator(run([f], pp), 'Ngô'), TS).actual).toBe(20);
  });

  it('two rows for one indicator: warning; the row with an actual is used', () => {
    const f = commune('ts.xlsx', TS, P.quarter(1), [
      { code: 'KT01', name: 'Thu ngân sách', unit: 'triệu đồng', actual: rv(null, { raw: '-' }) },
      { code: 'KT01', name: 'Thu ngân sách', unit: 'triệu đồng', actual: 42 },
    ]);
    const r = run([f], p);
    expect(cr(indicator(r, 'KT01'), TS).actual).toBe(42);
    const w = r.issues.find((i) => i.code === 'duplicate_indicator')!;
    expect(w).toMatchObject({ severity: 'warning', cell: 'E5' });
    expect(w.message).toContain('ô E6');
  });

  it('an issue on a row with no cell names the row', () => {
    const f = commune('ts.xlsx', TS, P.quarter(1), [{ code: null, name: 'Số trâu bò', unit: 'con', row: 17 }]);
    const i = run([f], p).issues.find((x) => x.code === 'indicator_not_in_plan')!;
    expect(i.cell).toBeNull();
    expect(i.message).toContain('dòng 17');
  });

  it('source, note and estimate are carried to the commune result', () => {
    const f = commune('ts.xlsx', TS, P.quarter(1), [
      { code: 'KT01', name: 'x', unit: 'triệu đồng', actual: rv(600, { raw: 'trên 600', note: 'trên' }), estimate: true, note: 'ước', row: 9 },
    ]);
    const c = cr(indicator(run([f], p), 'KT01'), TS);
    expect(c.source).toEqual({ file: 'ts.xlsx', sheet: 'Sheet1', cell: 'E9' });
    expect(c.note).toBe('trên; ước');
    expect(c.estimate).toBe(true);
  });

  it('the parent is an estimate when every figure reported is one (a commune without a figure does not count)', () => {
    const pp = plan([TS, NS, LM], [ind('KT01', 'Thu ngân sách', 'triệu đồng', { targets: { [TS]: 100, [NS]: 200, [LM]: 300 } })]);
    const row = (actual: number | null, estimate: boolean) => [{ code: 'KT01', name: 'x', unit: 'triệu đồng', actual, estimate }];
    const est = (files: CommuneReport[]) => indicator(run(files, pp), 'KT01').estimate;
    const ts = (e: boolean) => commune('ts.xlsx', TS, P.quarter(1), row(60, e));
    const ns = (e: boolean, actual: number | null = 30) => commune('ns.xlsx', NS, P.quarter(1), row(actual, e));
    expect(est([ts(true), ns(true)])).toBe(true);
    // Lương Mông sent nothing: its missing figure is no "actual" figure
    expect(est([ts(true), ns(false, null)])).toBe(true);
    expect(est([ts(true), ns(false)])).toBeUndefined();
    expect(est([ts(false), ns(false)])).toBeUndefined();
    // no figure at all: nothing is estimated
    expect(est([commune('ts.xlsx', TS, P.quarter(1), row(null, true))])).toBeUndefined();
  });

  it('a value the reader could not read is just missing (and NaN is never a number)', () => {
    const f = commune('ts.xlsx', TS, P.quarter(1), [
      { code: 'KT01', name: 'x', unit: 'triệu đồng', actual: rv(null, { raw: '#DIV/0!' }) },
      { code: 'XH01', name: 'x', unit: 'người', actual: rv(NaN, { raw: 'NaN' }) },
    ]);
    const r = run([f], p);
    expect(cr(indicator(r, 'KT01'), TS)).toMatchObject({ actual: null, status: 'no_data' });
    expect(cr(indicator(r, 'XH01'), TS).actual).toBeNull();
    expect(indicator(r, 'XH01').actual).toBeNull();
  });
});

// ───────────────────────────── communes ─────────────────────────────

describe('communes against the plan list', () => {
  const p = plan([TS, NS, LM], [ind('KT01', 'Thu ngân sách', 'triệu đồng', { targets: { [TS]: 100, [NS]: 200, [LM]: 300 } })]);
  const ts = commune('ts.xlsx', 'UBND xã Thanh Sơn', P.quarter(1), [{ code: 'KT01', name: 'x', unit: 'triệu đồng', actual: 30 }]);
  const ns = commune('ns.xlsx', NS, P.quarter(1), [{ code: 'KT01', name: 'x', unit: 'triệu đồng', actual: 60 }]);

  it('matches names folded; a plan commune with no file: warning, no_data, listed as not reported', () => {
    const r = run([ts, ns], p);
    expect(r.communes.map((c) => [c.name, c.file, c.reported])).toEqual([[TS, 'ts.xlsx', true], [NS, 'ns.xlsx', true], [LM, null, false]]);
    expect(r.issues.find((i) => i.code === 'missing_commune')).toMatchObject({ severity: 'warning', commune: LM });
    const k = indicator(r, 'KT01');
    expect(cr(k, LM)).toMatchObject({ actual: null, target: 300, status: 'no_data' });
    // parent: 30 + 60 = 90 against 100 + 200 + 300 = 600 (the missing commune's target still counts)
    expect(k).toMatchObject({ actual: 90, target: 600 });
    expect(k.reportedCount).toBe(2);
  });

  it('a commune not in the plan: warning, its rows shown, not counted into the parent', () => {
    const x = commune('dd.xlsx', DD, P.quarter(1), [{ code: 'KT01', name: 'x', unit: 'triệu đồng', actual: 1000, target: 2000 }]);
    const r = run([ts, ns, x], p);
    const w = r.issues.find((i) => i.code === 'unknown_commune');
    expect(w).toMatchObject({ severity: 'warning', file: 'dd.xlsx' });
    expect(w!.message).toContain('không cộng vào Toàn huyện');
    const k = indicator(r, 'KT01');
    // its own sheet target is its target (the plan has none for it): 1000 / 2000 = 50%
    expect(cr(k, DD)).toMatchObject({ actual: 1000, target: 2000, completionPct: 50, status: 'on_track' });
    expect(k.actual).toBe(90);
    expect(k.target).toBe(600);
    expect(k.communes.map((c) => c.commune)).toEqual([TS, NS, LM, DD]);
    expect(r.communes.map((c) => c.name)).toEqual([TS, NS, LM, DD]);
  });

  it('a file whose commune is unknown: error naming the file, not counted, listed as not reported', () => {
    const x = commune('bao-cao.xlsx', null, P.quarter(1), [{ code: 'KT01', name: 'x', unit: 'triệu đồng', actual: 1000 }]);
    const r = run([ts, ns, x], p);
    expect(r.issues.find((i) => i.code === 'commune_unknown')).toMatchObject({ severity: 'error', file: 'bao-cao.xlsx' });
    expect(indicator(r, 'KT01').actual).toBe(90);
    expect(r.communes.find((c) => c.file === 'bao-cao.xlsx')).toMatchObject({ reported: false });
  });

  it('two files for one commune: error naming both, only the first by file name is used, never summed twice', () => {
    const ts2 = commune('a-thanh-son-sua.xlsx', TS, P.quarter(1), [{ code: 'KT01', name: 'x', unit: 'triệu đồng', actual: 45 }]);
    for (const order of [[ts, ns, ts2], [ts2, ts, ns]]) {
      const r = run(order, p);
      const e = r.issues.find((i) => i.code === 'duplicate_commune')!;
      expect(e).toMatchObject({ severity: 'error', file: 'ts.xlsx' });
      expect(e.message).toContain('a-thanh-son-sua.xlsx');
      expect(e.message).toContain('ts.xlsx');
      // 'a-thanh-son-sua.xlsx' < 'ts.xlsx': its 45 is used; parent 45 + 60 = 105
      expect(cr(indicator(r, 'KT01'), TS).actual).toBe(45);
      expect(indicator(r, 'KT01').actual).toBe(105);
      expect(r.communes.filter((c) => c.name === TS).map((c) => [c.file, c.reported])).toEqual([['a-thanh-son-sua.xlsx', true], ['ts.xlsx', false]]);
    }
  });

  it('of two files for one commune, one of the run\'s period wins over one of another period', () => {
    const early = commune('a-ts.xlsx', TS, P.half(), [{ code: 'KT01', name: 'x', unit: 'triệu đồng', actual: 999 }]);
    const r = run([ns, early, ts], p);
    // 'a-ts.xlsx' comes first by name but is of 6 tháng; the run is quý I (2 files against 1)
    expect(cr(indicator(r, 'KT01'), TS).actual).toBe(30);
    expect(indicator(r, 'KT01').actual).toBe(90);
    expect(r.issues.find((i) => i.code === 'duplicate_commune')).toMatchObject({ file: 'a-ts.xlsx' });
    expect(r.communes.filter((c) => c.name === TS).map((c) => [c.file, c.reported])).toEqual([['ts.xlsx', true], ['a-ts.xlsx', false]]);
  });

  it('a plan without commune columns: the files are the communes and give their own targets', () => {
    const pp = plan([], [ind('KT01', 'x', 'triệu đồng', { parent: 1000 })]);
    const a = commune('ts.xlsx', TS, P.quarter(1), [{ code: 'KT01', name: 'x', unit: 'triệu đồng', actual: 30, target: 100 }]);
    const r = run([a, ns], pp);
    expect(codes(r)).not.toContain('unknown_commune');
    expect(indicator(r, 'KT01')).toMatchObject({ actual: 90, target: 1000 });
    expect(cr(indicator(r, 'KT01'), TS).target).toBe(100);
  });
});

// ───────────────────────────── period ─────────────────────────────

describe('the period of the run', () => {
  const p = plan([TS, NS, DD], [ind('KT01', 'x', 'triệu đồng', { targets: { [TS]: 100, [NS]: 100, [DD]: 100 } })]);
  const f = (file: string, name: string, period: Period | null, actual: number) =>
    commune(file, name, period, [{ code: 'KT01', name: 'x', unit: 'triệu đồng', actual }]);

  it('the majority wins; a file of another period is an error and its values are not used', () => {
    const r = run([f('ts.xlsx', TS, P.quarter(1), 30), f('ns.xlsx', NS, P.quarter(1), 20), f('dd.xlsx', DD, P.half(), 70)], p);
    expect(r.period).toEqual({ year: 2020, months: 3, label: 'quý I năm 2020' });
    const e = r.issues.find((i) => i.code === 'period_mismatch')!;
    expect(e).toMatchObject({ severity: 'error', file: 'dd.xlsx' });
    expect(e.message).toContain('6 tháng đầu năm 2020');
    expect(e.message).toContain('quý I năm 2020');
    const k = indicator(r, 'KT01');
    expect(cr(k, DD)).toMatchObject({ actual: null, status: 'no_data' });
    expect(k.actual).toBe(50);
    expect(r.communes.find((c) => c.name === DD)).toMatchObject({ file: 'dd.xlsx', reported: false, period: '6 tháng đầu năm 2020' });
  });

  it('files without a period take the majority silently', () => {
    const r = run([f('ts.xlsx', TS, P.quarter(1), 30), f('ns.xlsx', NS, null, 20)], p);
    expect(codes(r)).not.toContain('period_mismatch');
    expect(indicator(r, 'KT01').actual).toBe(50);
  });

  it('the user\'s period wins; differing files are warned about and still used', () => {
    const r = run([f('ts.xlsx', TS, P.quarter(1), 30), f('ns.xlsx', NS, P.quarter(1), 20), f('dd.xlsx', DD, P.half(), 70)], p, { period: P.half() });
    expect(r.period).toEqual({ year: 2020, months: 6, label: '6 tháng đầu năm 2020' });
    const w = r.issues.filter((i) => i.code === 'period_mismatch');
    expect(w.map((i) => [i.severity, i.file])).toEqual([['warning', 'ns.xlsx'], ['warning', 'ts.xlsx']]);
    // 30 + 20 + 70 = 120, expected 50%
    expect(indicator(r, 'KT01')).toMatchObject({ actual: 120, expectedPct: 50 });
  });

  it('no period anywhere: an error, and flows are judged as for the whole year', () => {
    const r = run([f('ts.xlsx', TS, null, 30)], p);
    expect(r.issues.find((i) => i.code === 'no_period')).toMatchObject({ severity: 'error' });
    expect(r.period.months).toBe(12);
    expect(r.period.year).toBeNull();
    expect(indicator(r, 'KT01').expectedPct).toBe(100);
    // 30 / 100 = 30% < 100% → behind by 70
    expect(cr(indicator(r, 'KT01'), TS)).toMatchObject({ status: 'behind', gap: 70 });
  });

  it('a plan of another year is a warning', () => {
    const r = run([f('ts.xlsx', TS, P.quarter(1, 2021), 30)], { ...p, year: 2020 });
    expect(r.issues.find((i) => i.code === 'plan_year_mismatch')).toMatchObject({ severity: 'warning', file: 'ke-hoach.xlsx' });
  });
});

// ───────────────────────────── without a plan ─────────────────────────────

describe('without a plan', () => {
  const a = commune('ts.xlsx', TS, P.half(), [
    { code: 'KT01', name: 'Thu ngân sách', unit: 'triệu đồng', target: 3000, actual: 1000, previous: 900 },
    { code: null, name: 'Tỷ lệ che phủ rừng', unit: '%', target: 80, actual: 78 },
    { code: null, name: 'Ngô', unit: 'tấn', actual: 5, subItem: true },
    { code: 'KT03a', name: 'Lúa', unit: 'tấn', actual: 7, subItem: true },
  ]);
  const b = commune('ns.xlsx', NS, P.half(), [
    { code: null, name: 'Số trâu bò', unit: 'con', actual: 400 },
    { code: null, name: 'THU NGÂN SÁCH', unit: 'tỷ đồng', target: 2, actual: 0.9 },
    { code: null, name: 'tỷ lệ che phủ rừng', unit: '%', target: 70, actual: 71 },
  ]);
  const c = commune('dd.xlsx', DD, P.half(), [{ code: 'KT01', name: 'Thu ngân sách', unit: 'triệu đồng', target: 1000, actual: 300 }]);
  const r = run([c, b, a], null);

  it('indicators are the union of the rows in first-seen order (communes in name order); sub-items only with a code', () => {
    // communes in folded-name order: Đồn Đạc (don dac), Nam Sơn, Thanh Sơn
    expect(r.communes.map((x) => x.name)).toEqual([DD, NS, TS]);
    expect(r.indicators.map((i) => i.name)).toEqual(['Thu ngân sách', 'Số trâu bò', 'tỷ lệ che phủ rừng', 'Lúa']);
    expect(r.plan).toBeNull();
    expect(r.parent).toBe('Toàn đơn vị');
  });

  it('the most common unit wins and the others are converted; targets from the sheets; Tổng, Lũy kế, Tăng', () => {
    const k = indicator(r, 'KT01');
    expect(k).toMatchObject({ unit: 'triệu đồng', aggregation: 'Tổng', kind: 'Lũy kế', direction: 'Tăng' });
    // Nam Sơn: 0.9 tỷ = 900 triệu, target 2 tỷ = 2000 triệu
    expect(cr(k, NS)).toMatchObject({ actual: 900, target: 2000 });
    // 300 + 900 + 1000 = 2200 of 1000 + 2000 + 3000 = 6000: 36.67% < 50% → behind by 3000 − 2200 = 800
    expect(k).toMatchObject({ actual: 2200, target: 6000, status: 'behind', gap: 800 });
  });

  it('"%" makes a level combined by Bình quân', () => {
    const k = indicator(r, 'tỷ lệ che phủ rừng');
    expect(k).toMatchObject({ unit: '%', aggregation: 'Bình quân', kind: 'Thời điểm', expectedPct: 100 });
    // (71 + 78) / 2 = 74.5 against (70 + 80) / 2 = 75 → behind by 0.5
    expect(k).toMatchObject({ actual: 74.5, target: 75, status: 'behind', gap: 0.5 });
  });

  it('raises no "not in plan" issue', () => {
    expect(codes(r)).not.toContain('indicator_not_in_plan');
  });
});

// ───────────────────────────── order of input ─────────────────────────────

describe('the order of the input files does not matter', () => {
  const p = plan([TS, NS, DD, LM], [
    ind('KT01', 'Thu ngân sách', 'triệu đồng', { targets: { [TS]: 100, [NS]: 200, [DD]: 300, [LM]: 400 } }),
    ind('XH01', 'Dân số', 'người', { kind: 'level' }),
    ind('XH02', 'BHYT', '%', { kind: 'level', agg: { weighted: 'XH01' }, targets: { [TS]: 90, [NS]: 95, [DD]: 99, [LM]: 97 } }),
    ind('XH05', 'Tai nạn', 'vụ', { dir: 'down', parent: 6, targets: { [TS]: 1, [NS]: 2, [DD]: 3, [LM]: 4 } }),
  ]);
  const mk = (file: string, name: string | null, period: Period | null, k: number) => commune(file, name, period, [
    { code: 'KT01', name: 'Thu ngân sách', unit: k % 2 ? 'tỷ đồng' : 'triệu đồng', actual: k % 2 ? 0.0375 * k : 37.5 * k, previous: 30 * k },
    { code: 'XH01', name: 'Dân số', unit: 'người', actual: 1000 * k },
    { code: 'XH02', name: 'BHYT', unit: '%', actual: 90 + k / 3 },
    { code: 'XH05', name: 'Tai nạn', unit: 'vụ', actual: k % 3 },
    { code: null, name: 'Chỉ tiêu lạ ' + k, unit: 'con', actual: k },
  ]);
  const files = [
    mk('ts.xlsx', TS, P.quarter(1), 1),
    mk('ns.xlsx', NS, P.quarter(1), 2),
    mk('dd.xlsx', DD, P.quarter(1, null), 3),
    mk('dd-2.xlsx', DD, P.quarter(1), 4),
    mk('x.xlsx', 'Minh Cầm', P.quarter(1), 5),
    mk('y.xlsx', null, P.quarter(1), 6),
    mk('z.xlsx', 'Thanh Lâm', P.half(), 7),
  ];

  it('gives the same report for 20 shuffles', () => {
    const base = JSON.stringify(run(files, p));
    for (let seed = 1; seed <= 20; seed++) {
      expect(JSON.stringify(run(shuffled(files, seed), p))).toBe(base);
    }
  });

  it('behindCount counts the behind rows', () => {
    const r = run(files, p);
    for (const i of r.indicators) {
      expect(i.behindCount).toBe(i.communes.filter((c) => c.status === 'behind').length);
      expect(r.shortfalls.filter((s) => s.code === i.code && s.commune !== null)).toHaveLength(i.behindCount);
    }
  });
});

describe('two targets (FORMATS.md "The plan workbook")', () => {
  it('carries both, main first; status, gap and shortfalls follow the main one', () => {
    // parent actual 350 + 250 = 600; main 1000 → 60 % ≥ 50 % on track; second 1500 → 40 % (would be behind)
    const k = ind('KT01', 'Thu ngân sách', 'triệu đồng', { parent: 1000, targets: { 'Thanh Hà': 600, 'Liêm Cần': 400 } });
    k.secondTarget = 1500;
    k.section = 'I. KINH TẾ';
    const p = plan(['Thanh Hà', 'Liêm Cần'], [k], { secondLabel: 'Tỉnh giao', issuer: 'UBND huyện Thanh Liêm' });
    const r = consolidate({
      communes: [
        commune('a.xlsx', 'Thanh Hà', P.half(), [{ code: 'KT01', name: 'Thu ngân sách', unit: 'triệu đồng', actual: 350 }]),
        commune('b.xlsx', 'Liêm Cần', P.half(), [{ code: 'KT01', name: 'Thu ngân sách', unit: 'triệu đồng', actual: 250 }]),
      ],
      plan: p,
      now: NOW,
    });
    const x = r.indicators[0];
    expect(x.targets).toEqual([
      { label: 'Toàn huyện', target: 1000, completionPct: 60 },
      { label: 'Tỉnh giao', target: 1500, completionPct: 40 },
    ]);
    expect([x.status, x.target, x.completionPct, x.section]).toEqual(['on_track', 1000, 60, 'I. KINH TẾ']);
    expect(r.shortfalls.filter((s) => s.commune === null)).toEqual([]);
    expect(r.issuer).toBe('UBND huyện Thanh Liêm');
    expect(consolidate({ communes: [], plan: p, now: NOW, issuer: 'UBND huyện Kim Bảng' }).issuer).toBe('UBND huyện Kim Bảng');
  });

  it('no second column: no targets field', () => {
    const p = plan(['Thanh Hà'], [ind('KT01', 'Thu ngân sách', 'triệu đồng', { parent: 1000 })]);
    const r = consolidate({ communes: [commune('a.xlsx', 'Thanh Hà', P.half(), [{ code: 'KT01', name: 'Thu ngân sách', unit: 'triệu đồng', actual: 350 }])], plan: p, now: NOW });
    expect(r.indicators[0].targets).toBeUndefined();
  });
});

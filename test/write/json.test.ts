import { describe, expect, it } from 'vitest';
import { reportToJson } from '../../src/write/json';
import { HOSTILE_COMMUNE, makeReport } from './fixture';

describe('reportToJson', () => {
  const j = reportToJson(makeReport(), 'vi') as any;

  it('has the keys of FORMATS.md in a stable order', () => {
    expect(Object.keys(j)).toEqual(['period', 'parent', 'generatedAt', 'plan', 'communes', 'indicators', 'shortfalls', 'issues']);
    expect(j.period).toEqual({ year: 2020, months: 6, label: '6 tháng đầu năm 2020' });
    expect(j.parent).toBe('Toàn huyện');
    expect(Object.keys(j.indicators[0]).slice(0, 14)).toEqual(['code', 'name', 'unit', 'aggregation', 'direction', 'kind', 'target', 'actual', 'completionPct', 'expectedPct', 'previous', 'changePct', 'status', 'statusLabel']);
    expect(Object.keys(j.shortfalls[0])).toEqual(['commune', 'code', 'name', 'unit', 'actual', 'target', 'completionPct', 'expectedPct', 'gap']);
    expect(Object.keys(j.issues[0]).slice(0, 6)).toEqual(['severity', 'file', 'sheet', 'cell', 'code', 'message']);
    // the same object twice gives the same text
    expect(JSON.stringify(reportToJson(makeReport(), 'vi'))).toBe(JSON.stringify(j));
  });

  it('carries the numbers, null where missing, gap only where behind', () => {
    const kt01 = j.indicators[0];
    expect(kt01).toMatchObject({ code: 'KT01', target: 12000, actual: 6820.5, completionPct: 56.8375, expectedPct: 50, previous: 6040, status: 'on_track', statusLabel: 'Đúng tiến độ', behindCount: 1 });
    expect(kt01.changePct).toBeCloseTo(12.922185430463577, 12);
    expect('gap' in kt01).toBe(false);
    expect(kt01.communes[0]).toMatchObject({ commune: 'Thanh Hà', target: 800, actual: 350, completionPct: 43.75, expectedPct: 50, status: 'behind', gap: 50 });
    expect(kt01.communes[1].commune).toBe(HOSTILE_COMMUNE);
    expect('gap' in kt01.communes[1]).toBe(false);
    expect(kt01.communes[2]).toMatchObject({ commune: 'Liêm Cần', actual: null, completionPct: null, status: 'no_data' });
    expect(j.indicators[1]).toMatchObject({ previous: null, changePct: null });
    expect(j.indicators[2]).toMatchObject({ status: 'behind', gap: 0.5 });
    expect(j.indicators[3]).toMatchObject({ code: null, target: null, completionPct: null, status: 'no_target' });
    expect(j.indicators[4]).toMatchObject({ actual: null, completionPct: null, status: 'no_data' });
  });

  it('keeps shortfalls in report order, the parent as commune null', () => {
    expect(j.shortfalls.map((s: any) => [s.commune, s.code, s.gap])).toEqual([
      ['Thanh Hà', 'KT01', 50],
      [null, 'XH01', 0.5],
    ]);
  });

  it('lists communes, those without a file as not reported', () => {
    expect(j.communes[0]).toEqual({ name: 'Thanh Hà', file: 'thanh-ha.xlsx', period: '6 tháng đầu năm 2020', sheets: ['Kinh tế', 'VH-XH'], values: 12, issues: 1, reported: true });
    expect(j.communes[2]).toMatchObject({ name: 'Liêm Cần', file: null, reported: false, values: null });
  });

  it('gives messages in the chosen language', () => {
    expect(j.issues[0]).toMatchObject({ severity: 'error', file: 'thanh-ha.xlsx', sheet: 'Kinh tế', cell: 'E12', code: 'not_a_number' });
    expect(j.issues[0].message).toContain('không phải là số');
    expect(j.issues[0].messageEn).toContain('is not a number');
    expect(j.issues[2]).toMatchObject({ file: null, sheet: null, cell: null, commune: 'Liêm Cần' });
    const e = reportToJson(makeReport(), 'en') as any;
    expect(e.issues[0].message).toBe("file 'thanh-ha.xlsx', sheet 'Kinh tế', cell E12: '12,5 tr' is not a number");
    expect(e.issues[0].messageVi).toContain('không phải là số');
    expect(e.indicators[0].statusLabel).toBe('On track');
  });

  it('turns non-finite numbers into null', () => {
    const rep = makeReport();
    rep.indicators[0].completionPct = Number.NaN;
    rep.indicators[0].actual = Number.POSITIVE_INFINITY;
    const x = reportToJson(rep, 'vi') as any;
    expect(x.indicators[0].completionPct).toBeNull();
    expect(x.indicators[0].actual).toBeNull();
  });
});

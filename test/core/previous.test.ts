/**
 * Issue 11: last year's figures combined across the 2025 merger (FORMATS.md "Last year's files and the 2025
 * merger"), every aggregation with hand-worked numbers; the precedence of the commune's own "Cùng kỳ"; the located
 * issues of the mapping.
 */
import { describe, expect, it } from 'vitest';
import { combineOld, disagree, mergerMap, pickPrevious, previousFromFiles, type PreviousDef } from '../../src/core/previous';
import { consolidate } from '../../src/core/consolidate';
import type { MergerRow, PreviousReport } from '../../src/types';
import { P, agg, commune, ind, plan, type AggSpec } from './fixtures';

const at = (cell: string, file = 'ke-hoach.xlsx'): MergerRow['source'] => ({ file, sheet: 'Sáp nhập', cell });
const row = (newName: string, oldName: string, cell: string): MergerRow => ({ newName, oldName, source: at(cell) });

/** A report of last year: one row per [code, value, unit?]. */
function last(file: string, unit: string | null, values: [string, number, string?][], period = P.half(2024)): PreviousReport {
  return {
    file,
    commune: unit,
    kind: 'report',
    period,
    issues: [],
    rows: values.map(([code, v, u], i) => ({
      code, name: code, unit: u ?? null, target: null, previous: null, estimate: false, sheet: 'Sheet1', row: 5 + i,
      actual: { value: v, raw: v, cell: `E${5 + i}` },
    })),
  };
}

const def = (code: string, a: AggSpec, unit = 'triệu đồng'): PreviousDef => ({ code, name: code, unit, aggregation: agg(a) });

describe('combineOld: the old communes\' values onto the new commune, by the indicator\'s rule', () => {
  const v = [120, 30, null, 50];
  it('Tổng sums (120 + 30 + 50 = 200; a missing value is skipped)', () => {
    expect(combineOld({ kind: 'sum' }, v, [], true)).toBe(200);
  });
  it('Bình quân takes the mean ((120 + 30 + 50) / 3 = 66.67)', () => {
    expect(combineOld({ kind: 'mean' }, v, [], true)).toBeCloseTo(200 / 3, 10);
  });
  it('Lớn nhất / Nhỏ nhất take max 120 / min 30', () => {
    expect(combineOld({ kind: 'max' }, v, [], true)).toBe(120);
    expect(combineOld({ kind: 'min' }, v, [], true)).toBe(30);
  });
  it('Bình quân theo X weighs by X\'s values of last year: (4×1000 + 7×3000) / 4000 = 6.25; one missing X is left out of both sums', () => {
    expect(combineOld({ kind: 'weighted', by: 'XH01' }, [4, 7], [1000, 3000], true)).toBe(6.25);
    expect(combineOld({ kind: 'weighted', by: 'XH01' }, [4, 7, 9], [1000, 3000, null], true)).toBe(6.25);
  });
  it('Số xã đạt: a merged commune has no previous; one old commune renamed keeps its value', () => {
    expect(combineOld({ kind: 'count_met' }, [1, 1], [], true)).toBeNull();
    expect(combineOld({ kind: 'count_met' }, [1], [], false)).toBe(1);
  });
  it('Không: nothing combined for a merged commune', () => {
    expect(combineOld({ kind: 'none' }, [5, 6], [], true)).toBeNull();
  });
  it('combining nothing gives null, never 0', () => {
    for (const k of ['sum', 'mean', 'max', 'min'] as const) expect(combineOld({ kind: k }, [null, null], [], true)).toBeNull();
  });
});

describe('precedence: the commune\'s own "Cùng kỳ" wins', () => {
  const files = { value: 1000, source: { kind: 'file' as const, source: { file: 'a.xlsx', sheet: 'S', cell: 'E5' } } };
  it('own value kept; within 1 % no warning (1009 vs 1000), beyond it a mismatch (1011 vs 1000)', () => {
    const a = pickPrevious(1009, { file: 'x.xlsx', sheet: 'S', cell: 'F5' }, files);
    expect(a.pick).toEqual({ value: 1009, source: { kind: 'own', source: { file: 'x.xlsx', sheet: 'S', cell: 'F5' }, files: 1000 } });
    expect(a.mismatch).toBe(false);
    expect(pickPrevious(1011, null, files).mismatch).toBe(true);
    expect(disagree(0, 0)).toBe(false);
    expect(disagree(1, 0)).toBe(true);
  });
  it('no own value: last year\'s files give it; neither: null', () => {
    expect(pickPrevious(null, null, files).pick).toBe(files);
    expect(pickPrevious(null, null, null).pick).toBeNull();
  });
});

describe('the mapping and its located issues', () => {
  it('an old commune under two new ones: the first row holds, an error at the second row\'s cell', () => {
    const issues: import('../../src/types').Issue[] = [];
    const m = mergerMap([row('Thanh Hà', 'Thanh Lưu', 'C2'), row('Liêm Sơn', 'Thanh Lưu', 'C5')], ['Thanh Hà', 'Liêm Sơn'], issues);
    expect(m.newOf.get('thanh luu')).toBe('Thanh Hà');
    expect(issues.map((i) => [i.code, i.severity, i.file, i.sheet, i.cell])).toEqual([['merger_conflict', 'error', 'ke-hoach.xlsx', 'Sáp nhập', 'C5']]);
    expect(issues[0].message).toMatch(/^Sáp nhập: .*'Thanh Lưu'.*'Thanh Hà'.*'Liêm Sơn'/);
    expect(issues[0].messageEn).toMatch(/listed under two new communes/);
  });
  it('a new commune not among the plan\'s columns: a warning at its cell, its rows unused; plan spelling taken', () => {
    const issues: import('../../src/types').Issue[] = [];
    const m = mergerMap([row('xã thanh hà', 'Thanh Lưu', 'C2'), row('Bình Minh', 'An Lạc', 'C3')], ['Thanh Hà'], issues);
    expect([...m.oldsOf.keys()]).toEqual(['Thanh Hà']);
    expect(issues.map((i) => [i.code, i.cell, i.commune])).toEqual([['merger_unknown_commune', 'C3', 'Bình Minh']]);
  });

  it('mapped with no file, found but unmapped, two files for one unit, another period — each located', () => {
    const res = previousFromFiles({
      defs: [def('KT01', 'sum')],
      communes: ['Thanh Hà', 'Kiện Khê'],
      merger: [row('Thanh Hà', 'Thanh Hà', 'C2'), row('Thanh Hà', 'Thanh Lưu', 'C3')],
      reports: [
        last('a-thanh-ha.xlsx', 'Thanh Hà', [['KT01', 300]]),
        last('b-thanh-ha.xlsx', 'Thanh Hà', [['KT01', 999]]),
        last('c-an-lac.xlsx', 'An Lạc', [['KT01', 50]]),
        last('d-kien-khe.xlsx', 'Kiện Khê', [['KT01', 70]], P.nine(2024)),
      ],
      period: P.half(2025),
    });
    // Thanh Hà: only the old Thanh Hà has a file (300); Thanh Lưu is missing
    expect(res.communes.get('Thanh Hà')?.[0]).toEqual({
      value: 300,
      source: { kind: 'merged', from: [{ commune: 'Thanh Hà', value: 300, source: { file: 'a-thanh-ha.xlsx', sheet: 'Sheet1', cell: 'E5' } }], missing: ['Thanh Lưu'] },
    });
    // Kiện Khê's only file is of 9 months: not used
    expect(res.communes.has('Kiện Khê')).toBe(false);
    const got = res.issues.map((i) => [i.code, i.file, i.sheet, i.cell, i.commune]);
    expect(got).toContainEqual(['previous_missing', 'ke-hoach.xlsx', 'Sáp nhập', 'C3', 'Thanh Hà']);
    expect(got).toContainEqual(['previous_unmapped', 'c-an-lac.xlsx', 'Sheet1', null, 'An Lạc']);
    expect(got).toContainEqual(['previous_duplicate', 'b-thanh-ha.xlsx', null, null, 'Thanh Hà']);
    expect(got).toContainEqual(['previous_period_mismatch', 'd-kien-khe.xlsx', null, null, 'Kiện Khê']);
    expect(res.issues).toHaveLength(4);
    expect(res.issues.find((i) => i.code === 'previous_period_mismatch')!.message).toMatch(/6 tháng đầu năm 2024/);
  });

  it('units convert to the plan\'s (1,5 tỷ đồng = 1.500 triệu đồng); a parent-level table gives the parent\'s figures', () => {
    const res = previousFromFiles({
      defs: [def('KT01', 'sum')],
      communes: ['Liêm Sơn'],
      merger: [row('Liêm Sơn', 'Liêm Cần', 'C2'), row('Liêm Sơn', 'Liêm Túc', 'C3')],
      reports: [last('lc.xlsx', 'Liêm Cần', [['KT01', 1.5, 'tỷ đồng']]), last('lt.xlsx', 'Liêm Túc', [['KT01', 700, 'triệu đồng']]), last('huyen.xlsx', null, [['KT01', 9000]])],
      period: P.half(2025),
    });
    expect(res.communes.get('Liêm Sơn')?.[0]?.value).toBe(2200);
    expect(res.parent[0]).toEqual({ value: 9000, source: { kind: 'file', source: { file: 'huyen.xlsx', sheet: 'Sheet1', cell: 'E5' } } });
    expect(res.issues).toEqual([]);
  });
});

describe('consolidate with last year\'s files', () => {
  const p = plan(['Thanh Hà', 'Kiện Khê'], [ind('KT01', 'Thu ngân sách', 'triệu đồng'), ind('XH01', 'Dân số', 'người', { kind: 'level' }), ind('XH02', 'Tỷ lệ hộ nghèo', '%', { agg: { weighted: 'XH01' }, kind: 'level', dir: 'down' })], {
    merger: [row('Thanh Hà', 'Thanh Hà', 'C2'), row('Thanh Hà', 'Thanh Lưu', 'C3')],
  });
  const files = [
    commune('th.xlsx', 'Thanh Hà', P.half(2025), [{ code: 'KT01', name: 'x', actual: 550 }, { code: 'XH01', name: 'x', actual: 1500 }, { code: 'XH02', name: 'x', actual: 4.5 }]),
    // Kiện Khê gives its own Cùng kỳ: 412 (3 % above last year's file: 400) and 900 (the file's 900)
    commune('kk.xlsx', 'Kiện Khê', P.half(2025), [{ code: 'KT01', name: 'x', actual: 440, previous: 412 }, { code: 'XH01', name: 'x', actual: 909, previous: 900 }, { code: 'XH02', name: 'x', actual: 2 }]),
  ];
  const previous = [
    last('old-th.xlsx', 'Thanh Hà', [['KT01', 300], ['XH01', 1000], ['XH02', 4]]),
    last('old-tl.xlsx', 'Thanh Lưu', [['KT01', 200], ['XH01', 500], ['XH02', 7]]),
    last('old-kk.xlsx', 'Kiện Khê', [['KT01', 400], ['XH01', 900], ['XH02', 2.5]]),
  ];
  const r = consolidate({ communes: files, plan: p, previous });
  const get = (code: string, c: string | null) => {
    const i = r.indicators.find((x) => x.code === code)!;
    return c === null ? i : i.communes.find((x) => x.commune === c)!;
  };

  it('merged, own and file values; the parent combines them (XH02 by XH01\'s previous)', () => {
    expect(get('KT01', 'Thanh Hà').previous).toBe(500);
    expect(get('KT01', 'Thanh Hà').changePct).toBeCloseTo(10, 10);
    expect(get('KT01', 'Kiện Khê').previous).toBe(412); // own wins
    expect(get('KT01', 'Kiện Khê').previousSource).toEqual({ kind: 'own', source: { file: 'kk.xlsx', sheet: 'Sheet1', cell: 'F5' }, files: 400 });
    expect(get('KT01', null).previous).toBe(912);
    // (4×1000 + 7×500)/1500 = 5 for Thanh Hà; parent: (5×1500 + 2.5×900)/2400 = 4.0625
    expect(get('XH02', 'Thanh Hà').previous).toBe(5);
    expect(get('XH02', 'Kiện Khê').previousSource).toEqual({ kind: 'file', source: { file: 'old-kk.xlsx', sheet: 'Sheet1', cell: 'E7' } });
    expect(get('XH02', null).previous).toBeCloseTo(4.0625, 10);
  });

  it('own and files more than 1 % apart: a warning at the own cell giving both; equal: none', () => {
    const w = r.issues.filter((i) => i.code === 'previous_mismatch');
    expect(w.map((i) => [i.file, i.sheet, i.cell, i.commune])).toEqual([['kk.xlsx', 'Sheet1', 'F5', 'Kiện Khê']]);
    expect(w[0].message).toMatch(/412.*old-kk\.xlsx.*E5.*400/);
    expect(w[0].messageEn).toMatch(/412.*400/);
  });

  it('without last year\'s files nothing changes (no previousSource)', () => {
    const r0 = consolidate({ communes: files, plan: p });
    expect(r0.indicators[0].communes.find((c) => c.commune === 'Kiện Khê')!.previous).toBe(412);
    expect(r0.indicators[0].communes.every((c) => c.previousSource === undefined)).toBe(true);
    expect(r0.indicators[0].previousSource).toBeUndefined();
  });
});

describe('the parent and plausibility with last year\'s files', () => {
  const p = plan(['A', 'B'], [ind('KT01', 'Thu ngân sách', 'triệu đồng')]);
  it('no commune has a previous value: last year\'s parent-level table gives the parent\'s', () => {
    const files = [commune('a.xlsx', 'A', P.half(2025), [{ code: 'KT01', name: 'x', actual: 300 }]), commune('b.xlsx', 'B', P.half(2025), [{ code: 'KT01', name: 'x', actual: 200 }])];
    const r = consolidate({ communes: files, plan: p, previous: [last('huyen.xlsx', null, [['KT01', 400]])] });
    expect(r.indicators[0].previous).toBe(400);
    expect(r.indicators[0].changePct).toBeCloseTo(25, 10);
    expect(r.indicators[0].previousSource).toEqual({ kind: 'file', source: { file: 'huyen.xlsx', sheet: 'Sheet1', cell: 'E5' } });
    expect(r.previousFiles).toEqual([{ file: 'huyen.xlsx', unit: null, kind: 'report', period: '6 tháng đầu năm 2024', used: true }]);
  });
  it('an actual 1.000 times last year\'s figure (a đồng / triệu slip) is a warning', () => {
    const files = [commune('a.xlsx', 'A', P.half(2025), [{ code: 'KT01', name: 'x', actual: 3_000_000 }]), commune('b.xlsx', 'B', P.half(2025), [{ code: 'KT01', name: 'x', actual: 200 }])];
    const r = consolidate({ communes: files, plan: p, previous: [last('a-2024.xlsx', 'A', [['KT01', 2900]])] });
    expect(r.issues.filter((i) => i.code === 'unit_slip').map((i) => i.file)).toEqual(['a.xlsx']);
  });
});

import { describe, expect, it } from 'vitest';
import { changePct, completionPct, expectedPct, judge } from '../../src/core/judge';

describe('completionPct', () => {
  it('is actual / target × 100', () => {
    // 6820.5 / 12000 × 100 = 56.8375
    expect(completionPct(6820.5, 12000)).toBeCloseTo(56.8375, 12);
    // 350 / 800 × 100 = 43.75
    expect(completionPct(350, 800)).toBe(43.75);
    expect(completionPct(0, 5)).toBe(0);
  });
  it('is null without actual or target, or with target 0', () => {
    expect(completionPct(null, 5)).toBeNull();
    expect(completionPct(5, null)).toBeNull();
    expect(completionPct(5, 0)).toBeNull();
  });
});

describe('expectedPct', () => {
  it.each<[number, number]>([
    [1, 100 / 12],   // tháng 1: 1/12 = 8.33…%
    [2, 200 / 12],
    [3, 25],         // quý I, tháng 3
    [4, 400 / 12],   // tháng 4: 33.33…%
    [5, 500 / 12],
    [6, 50],         // 6 tháng, quý II
    [7, 700 / 12],
    [8, 800 / 12],
    [9, 75],         // 9 tháng, quý III
    [10, 1000 / 12],
    [11, 1100 / 12],
    [12, 100],       // năm, quý IV
  ])('flow after %i months is %f', (m, want) => {
    expect(expectedPct('flow', m)).toBeCloseTo(want, 12);
  });
  it('is 100 for levels whatever the period', () => {
    for (const m of [1, 3, 6, 9, 12]) expect(expectedPct('level', m)).toBe(100);
  });
});

describe('changePct', () => {
  it('is (actual / previous − 1) × 100', () => {
    // 575.1 → 595.3: (595.3 / 575.1 − 1) × 100 = 3.5124…
    expect(changePct(595.3, 575.1)).toBeCloseTo(3.5124326204, 8);
    // 11 → 5: (5/11 − 1) × 100 = −54.5454…
    expect(changePct(5, 11)).toBeCloseTo(-54.545454545, 8);
    expect(changePct(10, 10)).toBe(0);
  });
  it('is null without previous, with previous 0, or without actual', () => {
    expect(changePct(5, null)).toBeNull();
    expect(changePct(5, 0)).toBeNull();
    expect(changePct(null, 5)).toBeNull();
  });
});

describe('judge, higher is better (Tăng)', () => {
  const up = (actual: number | null, target: number | null, exp: number) => judge({ actual, target, direction: 'up', expectedPct: exp });

  it('no_data before no_target', () => {
    expect(up(null, null, 25).status).toBe('no_data');
    expect(up(null, 100, 25)).toEqual({ completionPct: null, expectedPct: 25, status: 'no_data' });
  });
  it('no_target for a missing or zero target', () => {
    expect(up(5, null, 25)).toEqual({ completionPct: null, expectedPct: 25, status: 'no_target' });
    expect(up(5, 0, 25).status).toBe('no_target');
  });
  it('met when actual ≥ target, even early in the year', () => {
    // 120 ≥ 100
    expect(up(120, 100, 25)).toEqual({ completionPct: 120, expectedPct: 25, status: 'met' });
    expect(up(100, 100, 100).status).toBe('met');
  });
  it('on_track when completionPct ≥ expectedPct', () => {
    // 4238.2 / 9770 × 100 = 43.38% ≥ 25%
    expect(up(4238.2, 9770, 25).status).toBe('on_track');
    // exactly on the line: 25 / 100 = 25% ≥ 25%
    expect(up(25, 100, 25).status).toBe('on_track');
    // after 9 months: 0.3 of 0.4 is exactly 75%, but 0.3 / 0.4 × 100 is 74.99999999999999 in doubles:
    // still on the line (relative tolerance 1e-12), and no gap of 1e-17 is reported
    expect(0.3 / 0.4 * 100).toBeLessThan(75);
    expect(up(0.3, 0.4, 75)).toEqual({ completionPct: 0.3 / 0.4 * 100, expectedPct: 75, status: 'on_track' });
  });
  it('behind otherwise, gap = target × expectedPct / 100 − actual', () => {
    // 580 / 3130 = 18.53% < 25%; gap = 3130 × 25 / 100 − 580 = 782.5 − 580 = 202.5
    const j = up(580, 3130, 25);
    expect(j.status).toBe('behind');
    expect(j.completionPct).toBeCloseTo(18.53035143769968, 12);
    expect(j.gap).toBeCloseTo(202.5, 12);
    // level: 48.46 < 49.5 at 100%; gap = 49.5 − 48.46 = 1.04
    const l = up(48.46, 49.5, 100);
    expect(l.status).toBe('behind');
    expect(l.gap).toBeCloseTo(1.04, 12);
    // yes/no: 0 of 1; gap 1
    expect(up(0, 1, 100)).toEqual({ completionPct: 0, expectedPct: 100, status: 'behind', gap: 1 });
  });
  it('has no gap unless behind', () => {
    expect(up(120, 100, 25).gap).toBeUndefined();
    expect(up(30, 100, 25).gap).toBeUndefined();
  });
});

describe('judge, lower is better (Giảm)', () => {
  const down = (actual: number | null, target: number | null, exp: number) => judge({ actual, target, direction: 'down', expectedPct: exp });

  it('level (expectedPct 100): met when actual ≤ target', () => {
    // poverty rate 1.24% against 1.8%
    expect(down(1.24, 1.8, 100).status).toBe('met');
    expect(down(1.8, 1.8, 100).status).toBe('met');
  });
  it('level: behind when actual > target, gap = actual − target', () => {
    // 8.46 − 8.1 = 0.36
    const j = down(8.46, 8.1, 100);
    expect(j.status).toBe('behind');
    expect(j.gap).toBeCloseTo(0.36, 12);
    // 8.46 / 8.1 × 100 = 104.44…%
    expect(j.completionPct).toBeCloseTo(104.44444444444446, 10);
  });
  it('flow (expectedPct < 100): on_track when actual ≤ target × expectedPct / 100', () => {
    // accidents after a quarter: 0 ≤ 3 × 25 / 100 = 0.75
    expect(down(0, 3, 25)).toEqual({ completionPct: 0, expectedPct: 25, status: 'on_track' });
    // 0.5 ≤ 2 × 25 / 100 = 0.5
    expect(down(0.5, 2, 25).status).toBe('on_track');
  });
  it('flow: behind when above the pro-rated threshold, even if below the annual target', () => {
    // 3 accidents against 3 for the year, after a quarter: threshold 3 × 25 / 100 = 0.75; gap 3 − 0.75 = 2.25
    expect(down(3, 3, 25)).toEqual({ completionPct: 100, expectedPct: 25, status: 'behind', gap: 2.25 });
    // 1 against 2: threshold 0.5; gap 0.5
    expect(down(1, 2, 25)).toEqual({ completionPct: 50, expectedPct: 25, status: 'behind', gap: 0.5 });
    // 5 against 12: threshold 3; gap 2
    expect(down(5, 12, 25)).toEqual({ completionPct: 5 / 12 * 100, expectedPct: 25, status: 'behind', gap: 2 });
  });
  it('flow: never "met" before the year is over', () => {
    // 0 accidents after 9 months of 4 planned: 0 ≤ 3 → on_track, not met
    expect(down(0, 4, 75).status).toBe('on_track');
    // and at the year's end: 3 ≤ 4 → met
    expect(down(3, 4, 100).status).toBe('met');
  });
  it('checks no_data and no_target first', () => {
    expect(down(null, 3, 25).status).toBe('no_data');
    expect(down(2, 0, 25).status).toBe('no_target');
    expect(down(2, null, 100).status).toBe('no_target');
  });
});

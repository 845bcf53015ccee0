import { describe, expect, it } from 'vitest';
import { majorityPeriod, samePeriod, shareOfYear } from '../../src/core/period';
import { P } from './fixtures';

describe('shareOfYear', () => {
  it('is months / 12', () => {
    expect(shareOfYear(3)).toBe(0.25);
    expect(shareOfYear(6)).toBe(0.5);
    expect(shareOfYear(9)).toBe(0.75);
    expect(shareOfYear(12)).toBe(1);
    expect(shareOfYear(4)).toBeCloseTo(1 / 3, 15);
  });
  it('keeps months within 1..12', () => {
    expect(shareOfYear(0)).toBe(1 / 12);
    expect(shareOfYear(15)).toBe(1);
  });
});

describe('samePeriod', () => {
  it('compares months and, where both know it, the year', () => {
    expect(samePeriod(P.quarter(1), P.month(3))).toBe(true); // quý I = 3 months = tháng 3 lũy kế
    expect(samePeriod(P.half(2020), P.quarter(2, 2020))).toBe(true);
    expect(samePeriod(P.half(2020), P.half(2021))).toBe(false);
    expect(samePeriod(P.half(null), P.half(2021))).toBe(true);
    expect(samePeriod(P.half(2020), P.nine(2020))).toBe(false);
  });
});

describe('majorityPeriod', () => {
  it('is null with no period', () => {
    expect(majorityPeriod([])).toBeNull();
    expect(majorityPeriod([null, undefined])).toBeNull();
  });
  it('takes the most common (year, months)', () => {
    const got = majorityPeriod([P.quarter(1), P.half(), P.quarter(1), null]);
    expect(got).toEqual(P.quarter(1));
  });
  it('breaks ties by the latest', () => {
    // one quý I, one 6 tháng: the 6 months win
    expect(majorityPeriod([P.quarter(1), P.half()])?.months).toBe(6);
    // same months, two years: the later year
    expect(majorityPeriod([P.half(2021), P.half(2020)])?.year).toBe(2021);
  });
  it('counts a period without a year for the candidate with its months', () => {
    // 2020 Q1 (×1) + Q1 no year (×2) = 3 against 2020 H1 (×2)
    const got = majorityPeriod([P.quarter(1), P.quarter(1, null), P.quarter(1, null), P.half(), P.half()]);
    expect(got).toEqual(P.quarter(1, 2020));
  });
  it('uses months alone when no file knows its year', () => {
    expect(majorityPeriod([P.nine(null), P.nine(null), P.half(null)])).toEqual(P.nine(null));
  });
  it('does not depend on the order', () => {
    const ps = [P.quarter(1), P.half(), P.half(), P.quarter(1)];
    expect(majorityPeriod(ps)).toEqual(majorityPeriod([...ps].reverse()));
  });
});

import { describe, expect, it } from 'vitest';
import { aggregationLabel, combine, countMet, max, mean, min, sum, weightedMean } from '../../src/core/aggregate';

describe('combining communes', () => {
  it('Tổng sums the values present', () => {
    // 4238.2 + 1345.9 + 580 = 6164.1 (null skipped)
    expect(sum([4238.2, null, 1345.9, 580])).toBeCloseTo(6164.1, 10);
    expect(combine({ kind: 'sum' }, [1, 2, 3])).toBe(6);
  });
  it('Bình quân is the mean of the values present', () => {
    // (48.46 + 78.67 + 85.02) / 3 = 212.15 / 3 = 70.7166…
    expect(mean([48.46, 78.67, null, 85.02])).toBeCloseTo(70.71666666666667, 10);
  });
  it('Lớn nhất / Nhỏ nhất', () => {
    expect(max([3, null, 7, 5])).toBe(7);
    expect(min([3, null, 7, 5])).toBe(3);
    expect(max([-2, -5])).toBe(-2);
  });
  it('combining nothing gives null, never 0', () => {
    for (const kind of ['sum', 'mean', 'max', 'min', 'count_met'] as const) {
      expect(combine({ kind }, [])).toBeNull();
      expect(combine({ kind }, [null, null])).toBeNull();
    }
    expect(combine({ kind: 'weighted', by: 'X' }, [null], [5])).toBeNull();
  });
  it('a zero is a value, not a missing one', () => {
    expect(sum([0, null])).toBe(0);
    expect(mean([0, 4])).toBe(2);
  });
  it('Không combines nothing', () => {
    expect(combine({ kind: 'none' }, [1, 2, 3])).toBeNull();
  });
  it('ignores NaN and Infinity', () => {
    expect(sum([1, NaN, Infinity, 2])).toBe(3);
  });
});

describe('Bình quân theo <code> (weighted mean)', () => {
  it('weighs each value by the weight indicator', () => {
    // (90 × 100 + 60 × 300) / (100 + 300) = (9000 + 18000) / 400 = 67.5
    expect(weightedMean([90, 60], [100, 300])).toBe(67.5);
  });
  it('leaves out of both sums a commune missing the value or the weight', () => {
    // commune 2 has no value, commune 3 no weight: (90 × 100 + 70 × 100) / (100 + 100) = 80
    expect(weightedMean([90, null, 50, 70], [100, 300, null, 100])).toBe(80);
  });
  it('is null when nothing has both, or the weights sum to 0', () => {
    expect(weightedMean([null, 5], [3, null])).toBeNull();
    expect(weightedMean([5, 6], [0, 0])).toBeNull();
  });
  it('without weights combine() gives null', () => {
    expect(combine({ kind: 'weighted', by: 'XH01' }, [5, 6])).toBeNull();
  });
});

describe('Số xã đạt (count of communes met)', () => {
  it('counts the communes at 1', () => {
    expect(countMet([1, 0, 1, null, 0])).toBe(2);
  });
  it('is 0 when every commune answered "Chưa đạt"', () => {
    expect(countMet([0, 0])).toBe(0);
  });
  it('is null when no commune answered', () => {
    expect(countMet([null, null])).toBeNull();
  });
  it('skips values that are not 0/1', () => {
    expect(countMet([1, 2, 0.5])).toBe(1);
    expect(countMet([2])).toBeNull();
  });
});

describe('aggregationLabel', () => {
  it('writes the plan words', () => {
    expect(aggregationLabel({ kind: 'sum' })).toBe('Tổng');
    expect(aggregationLabel({ kind: 'mean' })).toBe('Bình quân');
    expect(aggregationLabel({ kind: 'weighted', by: 'XH01' })).toBe('Bình quân theo XH01');
    expect(aggregationLabel({ kind: 'count_met' })).toBe('Số xã đạt');
    expect(aggregationLabel({ kind: 'max' })).toBe('Lớn nhất');
    expect(aggregationLabel({ kind: 'min' })).toBe('Nhỏ nhất');
    expect(aggregationLabel({ kind: 'none' })).toBe('Không');
  });
});

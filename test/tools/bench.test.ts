/** The benchmark's synthetic communes (tools/bench): distinct names as the reader folds them, at any N up to 5,000. */
import { describe, it, expect } from 'vitest';
import { benchCommuneNames } from '../../tools/bench/bench';
import { communeKey } from '../../src/util/text';

describe('benchCommuneNames', () => {
  it.each([200, 992, 993, 3321, 5000])('%i communes: distinct keys, no digits', (n) => {
    const names = benchCommuneNames(n);
    expect(names).toHaveLength(n);
    expect(new Set(names.map(communeKey)).size).toBe(n);
    expect(names.some((x) => /\d/.test(x))).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { firstInOrder } from '../../src/util/first-in-order';

describe('firstInOrder', () => {
  it('gives the very elements, in the order, of a stable sort of them all cut to n', () => {
    let seed = 7;
    const rnd = (m: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % m);
    const order = (a: { v: number }, b: { v: number }) => a.v - b.v;
    for (let t = 0; t < 40; t++) {
      // few distinct values: ties on ties, so that stability shows
      const list = Array.from({ length: rnd(40) }, (_, i) => ({ v: rnd(5), i }));
      for (const n of [0, 1, 2, 3, 5, list.length - 1, list.length, list.length + 2]) {
        const got = firstInOrder(list, n, order);
        const want = [...list].sort(order).slice(0, Math.max(0, n));
        expect(got.map((x) => x.i)).toEqual(want.map((x) => x.i));
        got.forEach((x, k) => expect(x).toBe(want[k]));
      }
    }
  });

  it('a count that is not a number gives none (as slice does); the list is never changed', () => {
    const list = [3, 1, 2];
    expect(firstInOrder(list, NaN, (a, b) => a - b)).toEqual([]);
    expect(firstInOrder(list, 2.7, (a, b) => a - b)).toEqual([1, 2]);
    expect(firstInOrder(list, 10, (a, b) => a - b)).toEqual([1, 2, 3]);
    expect(list).toEqual([3, 1, 2]);
  });
});

/** consolidate's figures in columns (src/core/cells.ts): places, and "none" kept apart from every number. */
import { describe, expect, it } from 'vitest';
import { CellTable, put } from '../../src/core/cells';

describe('CellTable', () => {
  it('gives every slot × indicator a place of its own, empty at first', () => {
    const t = new CellTable(3, 4);
    const places = new Set<number>();
    for (let i = 0; i < 3; i++) for (let k = 0; k < 4; k++) places.add(t.at(i, k));
    expect([...places].sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, x) => x));
    for (let x = 0; x < 12; x++) expect([t.actual(x), t.target(x), t.previous(x), t.sources[x], t.rows[x], t.estimates[x]]).toEqual([null, null, null, null, null, 0]);
    expect([...t.ownTargets]).toEqual([0, 0, 0]);
  });

  it('keeps "none" apart from every figure, 0 and −0 included', () => {
    const t = new CellTable(1, 6);
    const figures = [0, -0, 1e-300, -1.5e308, 54.5, null];
    figures.forEach((v, k) => {
      t.actuals[k] = put(v);
      t.targets[k] = put(v);
      t.previouses[k] = put(v);
    });
    figures.forEach((v, k) => {
      for (const got of [t.actual(k), t.target(k), t.previous(k)]) expect(Object.is(got, v)).toBe(true);
    });
  });
});

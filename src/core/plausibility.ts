/**
 * Plausibility (FORMATS.md "Never silently wrong"): a value no real indicator has, a negative amount, a rate
 * outside 0–100 %, a figure about 10³ or 10⁶ times the commune's own same-period figure or its peers' (the
 * đồng / nghìn / triệu đồng slip), an actual many times the annual target. Each is a warning at its cell and
 * the value is still used — the rules leave the judgement to the statistician — except magnitudes no indicator
 * can have (over 10¹⁵), which are errors and not used. Pure; no I/O.
 */
import type { Direction, IndicatorKind, Issue } from '../types';
import { isPercentUnit } from './units';
import * as M from './messages';
import { foldWords } from '../util/text';

/** Larger than any figure a commune reports (10¹⁵ đồng is a thousand trillion). */
export const MAX_MAGNITUDE = 1e15;
/** An actual this many times the annual target is checked by a person. */
export const FAR_ABOVE_TARGET = 5;

export interface PlausibleIndicator {
  label: string;
  name: string;
  unit: string;
  direction: Direction;
  kind: IndicatorKind;
}

export type ValueKey = 'actual' | 'target' | 'previous';

export interface PlausibleRow {
  commune: string;
  actual: number | null;
  target: number | null;
  previous: number | null;
  /** Where each value was read (null: not from a cell, e.g. the plan's target). */
  at: Record<ValueKey, M.Place | null>;
}

/** Rates that may leave 0–100 %: growth, change, indices ("Tốc độ tăng trưởng", "Tăng, giảm so cùng kỳ"). */
const OPEN_RATE = /\btang truong\b|\btoc do\b|\btang giam\b|\bso voi\b|\bso cung ky\b|\bchi so\b|\bbien dong\b/;

/** The ratio is about 10³ or 10⁶ (within a factor of 2), either way. */
export function slipFactor(ratio: number): 1000 | 1000000 | null {
  if (!(ratio > 0) || !Number.isFinite(ratio)) return null;
  const r = ratio >= 1 ? ratio : 1 / ratio;
  if (r >= 500 && r <= 2000) return 1000;
  if (r >= 5e5 && r <= 2e6) return 1000000;
  return null;
}

/** The median of numbers that are not NaN (a typed array sorts by value, natively: 4 × quicker than a comparator). */
function median(xs: number[]): number {
  const s = Float64Array.from(xs).sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * One indicator's values, column by column (a country's 3,321 communes are checked without an object per
 * value): NaN where there is no value; `placed` says which values were read from a cell (bit 1 the actual,
 * 2 the target, 4 the previous) — only those are checked. checkColumns sets `nulled` bits (the same) for
 * values it takes away, and sets them to NaN.
 */
export interface ValueColumns {
  n: number;
  actual: Float64Array;
  target: Float64Array;
  previous: Float64Array;
  placed: Uint8Array;
  nulled: Uint8Array;
  /** Where a placed value was read. */
  place(i: number, key: ValueKey): M.Place;
  commune(i: number): string;
}

const KEYS: ValueKey[] = ['actual', 'target', 'previous'];
const BIT: Record<ValueKey, number> = { actual: 1, target: 2, previous: 4 };

/**
 * Check one indicator's commune values. Values over MAX_MAGNITUDE are set to null in `rows` (and said so);
 * everything else is only warned about.
 */
export function checkPlausibility(ind: PlausibleIndicator, rows: PlausibleRow[]): Issue[] {
  const n = rows.length;
  const col = (key: ValueKey) => Float64Array.from(rows, (r) => (r[key] === null ? NaN : (r[key] as number)));
  const cols: ValueColumns = {
    n,
    actual: col('actual'),
    target: col('target'),
    previous: col('previous'),
    placed: Uint8Array.from(rows, (r) => (r.at.actual ? 1 : 0) | (r.at.target ? 2 : 0) | (r.at.previous ? 4 : 0)),
    nulled: new Uint8Array(n),
    place: (i, key) => rows[i].at[key] as M.Place,
    commune: (i) => rows[i].commune,
  };
  const issues = checkColumns(ind, cols);
  for (let i = 0; i < n; i++) for (const key of KEYS) if (cols.nulled[i] & BIT[key]) rows[i][key] = null;
  return issues;
}

/** checkPlausibility on columns: the same issues, in the same order. */
export function checkColumns(ind: PlausibleIndicator, c: ValueColumns): Issue[] {
  const issues: Issue[] = [];
  const percent = isPercentUnit(ind.unit);
  const openRate = OPEN_RATE.test(foldWords(ind.name));
  const { n, actual, target, previous, placed } = c;
  for (let i = 0; i < n; i++) {
    if (placed[i] === 0) continue;
    for (let k = 0; k < 3; k++) {
      const key = KEYS[k];
      const values = k === 0 ? actual : k === 1 ? target : previous;
      const v = values[i];
      if (v !== v || !(placed[i] & (1 << k))) continue;
      if (Math.abs(v) > MAX_MAGNITUDE) {
        issues.push(M.implausibleMagnitude(c.place(i, key), c.commune(i), ind.label, key, v));
        values[i] = NaN;
        c.nulled[i] |= 1 << k;
        continue;
      }
      if (v < 0 && !openRate) issues.push(M.negativeValue(c.place(i, key), c.commune(i), ind.label, key, v));
      else if (percent && v > 100 && !openRate) issues.push(M.rateOutOfRange(c.place(i, key), c.commune(i), ind.label, key, v));
    }
  }
  // the đồng / nghìn / triệu slip: against the commune's own same period, else against its peers (actual / target)
  const ratios: number[] = [];
  for (let i = 0; i < n; i++) if (actual[i] > 0 && target[i] > 0) ratios.push(actual[i] / target[i]);
  const peers = ratios.length >= 3 ? median(ratios) : null;
  for (let i = 0; i < n; i++) {
    const a = actual[i];
    if (!(a > 0) || !(placed[i] & 1)) continue;
    const p = previous[i];
    const t = target[i];
    const own = p > 0 ? slipFactor(a / p) : null;
    if (own) {
      issues.push(M.unitSlip(c.place(i, 'actual'), c.commune(i), ind.label, a, own, 'previous', p));
      continue;
    }
    if (peers !== null && t > 0) {
      const f = slipFactor(a / t / peers);
      if (f) {
        issues.push(M.unitSlip(c.place(i, 'actual'), c.commune(i), ind.label, a, f, 'peers', t));
        continue;
      }
    }
    if (ind.direction === 'up' && !percent && t > 0 && a > FAR_ABOVE_TARGET * t) {
      issues.push(M.farAboveTarget(c.place(i, 'actual'), c.commune(i), ind.label, a, t));
    }
  }
  return issues;
}

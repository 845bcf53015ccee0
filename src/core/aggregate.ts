/**
 * Combining the communes' values into the parent's (FORMATS.md: "Cách tổng hợp").
 * Communes with no value are skipped; combining nothing gives null, never 0.
 */
import type { Aggregation } from '../types';
import { finite } from './judge';

/** Vietnamese label of an aggregation as a plan writes it. */
export function aggregationLabel(a: Aggregation): string {
  switch (a.kind) {
    case 'sum': return 'Tổng';
    case 'mean': return 'Bình quân';
    case 'weighted': return `Bình quân theo ${a.by}`;
    case 'count_met': return 'Số xã đạt';
    case 'max': return 'Lớn nhất';
    case 'min': return 'Nhỏ nhất';
    case 'none': return 'Không';
  }
}

export function directionLabel(d: 'up' | 'down'): string {
  return d === 'down' ? 'Giảm' : 'Tăng';
}

export function kindLabel(k: 'flow' | 'level'): string {
  return k === 'level' ? 'Thời điểm' : 'Lũy kế';
}

function present(values: readonly (number | null | undefined)[]): number[] {
  const out: number[] = [];
  for (const v of values) {
    const f = finite(v);
    if (f !== null) out.push(f);
  }
  return out;
}

export function sum(values: readonly (number | null | undefined)[]): number | null {
  const xs = present(values);
  if (xs.length === 0) return null;
  let s = 0;
  for (const x of xs) s += x;
  return finite(s);
}

export function mean(values: readonly (number | null | undefined)[]): number | null {
  const xs = present(values);
  if (xs.length === 0) return null;
  let s = 0;
  for (const x of xs) s += x;
  return finite(s / xs.length);
}

export function max(values: readonly (number | null | undefined)[]): number | null {
  const xs = present(values);
  return xs.length === 0 ? null : Math.max(...xs);
}

export function min(values: readonly (number | null | undefined)[]): number | null {
  const xs = present(values);
  return xs.length === 0 ? null : Math.min(...xs);
}

/**
 * Mean weighted by `weights[i]`: Σ value×weight / Σ weight over the communes that have both;
 * a commune missing either is left out of both sums. Null when none has both or Σ weight is 0.
 */
export function weightedMean(values: readonly (number | null | undefined)[], weights: readonly (number | null | undefined)[]): number | null {
  let num = 0, den = 0, n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = finite(values[i]);
    const w = finite(weights[i]);
    if (v === null || w === null) continue;
    num += v * w;
    den += w;
    n++;
  }
  if (n === 0 || den === 0) return null;
  return finite(num / den);
}

/**
 * "Số xã đạt": each commune's value read as 1 (đạt) or 0 (chưa đạt); the result counts the
 * communes at 1. Values other than 0 and 1 are not yes/no answers and are skipped (the caller
 * reports them). Null when no commune has a 0/1 value.
 */
export function countMet(values: readonly (number | null | undefined)[]): number | null {
  let n = 0, any = false;
  for (const v of values) {
    const f = finite(v);
    if (f === 1) { n++; any = true; } else if (f === 0) any = true;
  }
  return any ? n : null;
}

/** A yes/no value: exactly 0 or 1. */
export function isYesNo(v: number | null | undefined): boolean {
  return v === 0 || v === 1;
}

/**
 * Combine the communes' values by an aggregation. `weights` is used only by "weighted"
 * (parallel to `values`); "none" gives null.
 */
export function combine(a: Aggregation, values: readonly (number | null | undefined)[], weights?: readonly (number | null | undefined)[]): number | null {
  switch (a.kind) {
    case 'sum': return sum(values);
    case 'mean': return mean(values);
    case 'weighted': return weights ? weightedMean(values, weights) : null;
    case 'count_met': return countMet(values);
    case 'max': return max(values);
    case 'min': return min(values);
    case 'none': return null;
  }
}

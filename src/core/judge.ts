/**
 * Judging one value against its target (FORMATS.md, "The rules"):
 * completionPct, expectedPct, changePct, status and gap. Pure arithmetic on numbers that are
 * already in the indicator's unit. Missing numbers are null; nothing here ever yields NaN or
 * Infinity (a division by 0 gives null).
 */
import type { Direction, IndicatorKind, Status } from '../types';
import { shareOfYear } from './period';

/** A finite number, else null (NaN, ±Infinity, null, undefined → null). */
export function finite(x: number | null | undefined): number | null {
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}

/** a / b, or null when either is missing, b is 0, or the result is not finite. */
export function ratio(a: number | null, b: number | null): number | null {
  if (a === null || b === null || b === 0) return null;
  return finite(a / b);
}

/** completionPct = actual / target × 100; null without actual or target, or when target is 0. */
export function completionPct(actual: number | null, target: number | null): number | null {
  const r = ratio(actual, target);
  return r === null ? null : finite(r * 100);
}

/**
 * expectedPct: the share of the annual target due by now, in %.
 * Flow (lũy kế): months / 12 × 100 (tháng 4 → 33.3…, quý I → 25, 6 tháng → 50, 9 tháng → 75, năm → 100).
 * Level (thời điểm): always 100 — a rate or stock is compared to its target directly.
 */
export function expectedPct(kind: IndicatorKind, months: number): number {
  return kind === 'level' ? 100 : shareOfYear(months) * 100;
}

/** changePct = (actual / previous − 1) × 100; null without actual or previous, or when previous is 0. */
export function changePct(actual: number | null, previous: number | null): number | null {
  const r = ratio(actual, previous);
  return r === null ? null : finite((r - 1) * 100);
}

/**
 * Comparisons allow a relative 1e-12 so that binary floating point does not turn an exact
 * "75 % of the target after nine months" into "behind" by 1e-14 (0.3 / 0.4 × 100 is
 * 74.99999999999999 in doubles). 1e-12 is far below any figure a statistician writes.
 */
const REL_EPS = 1e-12;
function near(a: number, b: number): boolean {
  return Math.abs(a - b) <= REL_EPS * Math.max(Math.abs(a), Math.abs(b));
}
export function atLeast(a: number, b: number): boolean {
  return a >= b || near(a, b);
}
export function atMost(a: number, b: number): boolean {
  return a <= b || near(a, b);
}

export interface Judgement {
  completionPct: number | null;
  expectedPct: number;
  status: Status;
  /** Only when status is "behind": |actual − target × expectedPct / 100|, in the indicator's unit. */
  gap?: number;
}

/**
 * Status, in FORMATS.md's order: no_data (no actual), no_target (no target, or 0), then:
 *  - higher is better (Tăng): met when actual ≥ target; on_track when completionPct ≥ expectedPct; else behind;
 *  - lower is better (Giảm): with threshold = target × expectedPct / 100, met when actual ≤ threshold
 *    and expectedPct is 100; on_track when actual ≤ threshold and expectedPct < 100; else behind.
 */
export function judge(args: {
  actual: number | null;
  target: number | null;
  direction: Direction;
  expectedPct: number;
}): Judgement {
  const actual = finite(args.actual);
  const target = finite(args.target);
  const exp = args.expectedPct;
  const pct = completionPct(actual, target);
  if (actual === null) return { completionPct: pct, expectedPct: exp, status: 'no_data' };
  if (target === null || target === 0) return { completionPct: pct, expectedPct: exp, status: 'no_target' };
  const threshold = (target * exp) / 100;
  let status: Status;
  if (args.direction === 'down') {
    if (atMost(actual, threshold)) status = exp >= 100 ? 'met' : 'on_track';
    else status = 'behind';
  } else if (atLeast(actual, target)) {
    status = 'met';
  } else if (pct !== null && atLeast(pct, exp)) {
    status = 'on_track';
  } else {
    status = 'behind';
  }
  const out: Judgement = { completionPct: pct, expectedPct: exp, status };
  if (status === 'behind') {
    const gap = finite(Math.abs(actual - threshold));
    if (gap !== null) out.gap = gap;
  }
  return out;
}

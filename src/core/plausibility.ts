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

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Check one indicator's commune values. Values over MAX_MAGNITUDE are set to null in `rows` (and said so);
 * everything else is only warned about.
 */
export function checkPlausibility(ind: PlausibleIndicator, rows: PlausibleRow[]): Issue[] {
  const issues: Issue[] = [];
  const percent = isPercentUnit(ind.unit);
  const openRate = OPEN_RATE.test(foldWords(ind.name));
  for (const row of rows) {
    for (const key of ['actual', 'target', 'previous'] as ValueKey[]) {
      const v = row[key];
      const at = row.at[key];
      if (v === null || !at) continue;
      if (Math.abs(v) > MAX_MAGNITUDE) {
        issues.push(M.implausibleMagnitude(at, row.commune, ind.label, key, v));
        row[key] = null;
        continue;
      }
      if (v < 0 && !openRate) issues.push(M.negativeValue(at, row.commune, ind.label, key, v));
      else if (percent && v > 100 && !openRate) issues.push(M.rateOutOfRange(at, row.commune, ind.label, key, v));
    }
  }
  // the đồng / nghìn / triệu slip: against the commune's own same period, else against its peers (actual / target)
  const ratios = rows.filter((r) => r.actual !== null && r.target !== null && r.actual > 0 && r.target > 0).map((r) => r.actual! / r.target!);
  const peers = ratios.length >= 3 ? median(ratios) : null;
  for (const row of rows) {
    const a = row.actual;
    const at = row.at.actual;
    if (a === null || a <= 0 || !at) continue;
    const own = row.previous !== null && row.previous > 0 ? slipFactor(a / row.previous) : null;
    if (own) {
      issues.push(M.unitSlip(at, row.commune, ind.label, a, own, 'previous', row.previous!));
      continue;
    }
    if (peers !== null && row.target !== null && row.target > 0) {
      const f = slipFactor(a / row.target / peers);
      if (f) {
        issues.push(M.unitSlip(at, row.commune, ind.label, a, f, 'peers', row.target));
        continue;
      }
    }
    if (ind.direction === 'up' && !percent && row.target !== null && row.target > 0 && a > FAR_ABOVE_TARGET * row.target) {
      issues.push(M.farAboveTarget(at, row.commune, ind.label, a, row.target));
    }
  }
  return issues;
}

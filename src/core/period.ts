/**
 * Reporting periods (kỳ báo cáo): share of the year, comparison, and the period of a run
 * (the majority of the communes' periods).
 */
import type { Period } from '../types';

/** Months covered, kept within 1..12 (anything else is treated as the nearest end; NaN as the year). */
export function clampMonths(months: number): number {
  if (!Number.isFinite(months)) return 12;
  return Math.min(12, Math.max(1, months));
}

/** Share of the year a period covers: months / 12 (quý I → 0.25, 6 tháng → 0.5, 9 tháng → 0.75, năm → 1). */
export function shareOfYear(months: number): number {
  const m = clampMonths(months);
  // m × 100 / 12 then / 100 would add a rounding; m / 12 is one division.
  return m === 12 ? 1 : m / 12;
}

/** Two periods are the same for consolidation: same months since January, and same year where both know it. */
export function samePeriod(a: Pick<Period, 'year' | 'months'>, b: Pick<Period, 'year' | 'months'>): boolean {
  if (a.months !== b.months) return false;
  return a.year === null || b.year === null || a.year === b.year;
}

/** Order of "later": a known year after an unknown one, then later year, then more months. */
function later(a: Period, b: Period): number {
  const ya = a.year ?? -Infinity, yb = b.year ?? -Infinity;
  if (ya !== yb) return ya > yb ? 1 : -1;
  return a.months - b.months;
}

/**
 * The period most files report, by (year, months). A file with no year supports every
 * candidate with its months. Candidates are the (year, months) pairs that have a year, or —
 * when no file knows its year — the months alone. Ties go to the latest period.
 * The returned Period is one of the given ones (the one whose label is most common among the
 * periods exactly equal to the winner; ties to the first given), so its label and kind are real.
 * Null when no period is given.
 */
export function majorityPeriod(periods: readonly (Period | null | undefined)[]): Period | null {
  const all = periods.filter((p): p is Period => !!p);
  if (all.length === 0) return null;
  const withYear = all.filter((p) => p.year !== null);
  const pool = withYear.length > 0 ? withYear : all;
  let best: Period | null = null;
  let bestScore = -1;
  const seen = new Set<string>();
  for (const c of pool) {
    const key = `${c.year}|${c.months}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const score = all.filter((p) => samePeriod(p, c)).length;
    if (score > bestScore || (score === bestScore && best && later(c, best) > 0)) {
      best = c;
      bestScore = score;
    }
  }
  if (!best) return null;
  const b = best;
  const exact = pool.filter((p) => p.year === b.year && p.months === b.months);
  const counts = new Map<string, number>();
  for (const p of exact) counts.set(p.label, (counts.get(p.label) ?? 0) + 1);
  let pick = exact[0];
  for (const p of exact) if ((counts.get(p.label) ?? 0) > (counts.get(pick.label) ?? 0)) pick = p;
  return pick;
}

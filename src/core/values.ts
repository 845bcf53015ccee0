/** Counting what a commune's report holds (small: the task pane's page imports it too). */
import type { CommuneReport } from '../types';

/** Values read from a file: target/actual/previous cells holding a number. */
export function countValues(rep: Pick<CommuneReport, 'rows'>): number {
  let n = 0;
  for (const r of rep.rows) for (const v of [r.target, r.actual, r.previous]) if (v && typeof v.value === 'number' && Number.isFinite(v.value)) n++;
  return n;
}

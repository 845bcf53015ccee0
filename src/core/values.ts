/** Counting what a commune's report holds, and where a value was read (small: the task pane's page imports it too). */
import type { CommuneReport, CommuneRow, ReadValue, SourceRef } from '../types';

/** Where a value of `row` in the file `file` was read (a ReadValue keeps only its cell). */
export function sourceOf(file: string, row: CommuneRow, v: ReadValue): SourceRef {
  return { file, sheet: row.sheet, cell: v.cell };
}

/** Values read from a file: target/actual/previous cells holding a number. */
export function countValues(rep: Pick<CommuneReport, 'rows'>): number {
  let n = 0;
  for (const r of rep.rows) for (const v of [r.target, r.actual, r.previous]) if (v && typeof v.value === 'number' && Number.isFinite(v.value)) n++;
  return n;
}

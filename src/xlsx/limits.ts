/**
 * How much of a file the readers take in. Defaults that no real commune file reaches (a commune's table
 * is under 1,000 rows; a province plan has ~170 commune columns), so a sheet of 1,000,000 rows or
 * 16,000 columns, or a zip bomb, is cut or refused in bounded time and memory. Configurable through
 * PipelineInput.limits (the command line and the task pane use the defaults).
 */
import type { Grid, GridCell, Issue, MergeSpan } from '../types';
import { mkIssue } from '../util/issues';

export interface ReadLimits {
  /** Rows read per sheet; rows below are cut (a 'truncated_sheet' warning). */
  maxRows: number;
  /** Columns read per sheet. */
  maxCols: number;
  /** Size of the file itself. */
  maxCompressedBytes: number;
  /** Total size of its parts once inflated, as the zip directory declares them (and as counted while inflating). */
  maxUncompressedBytes: number;
}

export const DEFAULT_LIMITS: ReadLimits = {
  maxRows: 20_000,
  maxCols: 2_000,
  maxCompressedBytes: 50 * 1024 * 1024,
  maxUncompressedBytes: 500 * 1024 * 1024,
};

/** The defaults with the given overrides (non-finite or non-positive overrides ignored). */
export function resolveLimits(limits?: Partial<ReadLimits>): ReadLimits {
  const out: ReadLimits = { ...DEFAULT_LIMITS };
  for (const k of Object.keys(limits ?? {}) as (keyof ReadLimits)[]) {
    const v = limits?.[k];
    if (typeof v === 'number' && Number.isFinite(v) && v > 0) out[k] = v;
  }
  return out;
}

/** The warning for a sheet cut at the limits (`rows` / `cols`: how many were kept, when that side was cut). */
/**
 * A sheet's Grid as a reader finishes it: rows dense (a hole becomes []), trailing empty rows dropped, and the
 * cut at the limits on record with its warning (`cutRows` / `cutCols`: how many were kept, when that side was cut).
 */
export function finishedGrid(file: string, sheet: string, rows: (GridCell | null | undefined)[][], merges: MergeSpan[], cutRows: number | undefined, cutCols: number | undefined, issues: Issue[]): Grid {
  let end = rows.length;
  while (end > 0 && (rows[end - 1] === undefined || rows[end - 1].length === 0)) end--;
  rows.length = end;
  for (let r = 0; r < end; r++) if (rows[r] === undefined) rows[r] = [];
  const grid: Grid = { file, sheet, rows, merges };
  if (cutRows !== undefined || cutCols !== undefined) {
    grid.truncated = {};
    if (cutRows !== undefined) grid.truncated.rows = cutRows;
    if (cutCols !== undefined) grid.truncated.cols = cutCols;
    issues.push(truncatedSheetIssue(file, sheet, cutRows, cutCols));
  }
  return grid;
}

export function truncatedSheetIssue(file: string, sheet: string, rows?: number, cols?: number): Issue {
  const vi: string[] = [];
  const en: string[] = [];
  if (rows) {
    vi.push(`chỉ đọc ${rows} dòng đầu`);
    en.push(`only the first ${rows} rows were read`);
  }
  if (cols) {
    vi.push(`chỉ đọc ${cols} cột đầu`);
    en.push(`only the first ${cols} columns were read`);
  }
  return mkIssue({
    severity: 'warning',
    code: 'truncated_sheet',
    vi: `Tệp '${file}', sheet '${sheet}': bảng quá lớn, ${vi.join(', ')}`,
    en: `File '${file}', sheet '${sheet}': the sheet is too large; ${en.join(', ')}`,
    file,
    sheet,
  });
}

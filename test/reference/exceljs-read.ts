/**
 * A frozen copy of src/adapters/exceljs-read.ts (removed since) as of commit 00ec0cf (the reader the direct reader was
 * written to match): the reference of the differential tests, whatever becomes of exceljs-read.ts.
 *
 * exceljs → Grid: one Grid per worksheet of an .xlsx file given as bytes.
 *
 * Each cell becomes { v, f?, error?, date?, external?, percentFormat? }: the value or a formula's cached
 * result in v, the formula text in f, error values in error (v null), rich text and hyperlinks flattened to
 * their text, dates as ISO date strings with date: true. Only the master cell of a merge holds the value
 * (exceljs repeats the master's value in the other cells: they are blanked); merges are listed in merges.
 * Rows and columns beyond the limits are cut (Grid.truncated holds the number of rows / columns kept) with a
 * warning. A file exceljs can't open gives an error issue and no grids; nothing here throws.
 */
import * as ExcelJS from 'exceljs';
import type { Grid, GridCell, InputFile, Issue, MergeSpan } from '../../src/types';
import { mkIssue } from '../../src/util/issues';
import { EXTERNAL_REF, isoDate } from '../../src/xlsx/cell-values';
import { DEFAULT_LIMITS, truncatedSheetIssue, type ReadLimits } from '../../src/xlsx/limits';

/** XML parts of a sheet that a reader of values never needs; exceljs skips parsing them. */
const IGNORED_NODES = ['dataValidations', 'conditionalFormatting', 'extLst', 'hyperlinks', 'headerFooter', 'rowBreaks'];

/**
 * Open the bytes as a workbook: the one place a file is loaded (size and zip guards go here).
 * Returns the workbook, or the issue saying why it can't be read.
 */
export async function loadWorkbook(
  file: InputFile,
  limits: ReadLimits,
): Promise<{ wb: ExcelJS.Workbook | null; issue: Issue | null }> {
  const size = file.data.byteLength;
  if (size > limits.maxCompressedBytes) {
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1).replace('.', ',');
    return {
      wb: null,
      issue: mkIssue({
        severity: 'error',
        code: 'file_too_large',
        vi: `Tệp '${file.name}' quá lớn (${mb(size)} MB, tối đa ${mb(limits.maxCompressedBytes)} MB); bỏ qua`,
        en: `File '${file.name}' is too large (${mb(size)} MB, at most ${mb(limits.maxCompressedBytes)} MB); skipped`,
        file: file.name,
      }),
    };
  }
  try {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.data as unknown as Parameters<ExcelJS.Xlsx["load"]>[0], { ignoreNodes: IGNORED_NODES });
    return { wb, issue: null };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    const d = file.data;
    const ole = d.length >= 4 && d[0] === 0xd0 && d[1] === 0xcf && d[2] === 0x11 && d[3] === 0xe0;
    return {
      wb: null,
      issue: mkIssue({
        severity: 'error',
        code: 'unreadable_file',
        vi: ole || /\.xls$/i.test(file.name)
          ? `Không đọc được tệp '${file.name}': tệp Excel 97-2003 (.xls) chưa đọc được; hãy mở bằng Excel và lưu lại dạng .xlsx`
          : `Không đọc được tệp '${file.name}': không phải tệp Excel .xlsx hợp lệ (${why})`,
        en: ole || /\.xls$/i.test(file.name)
          ? `Cannot read file '${file.name}': Excel 97-2003 (.xls) files are not read; open it in Excel and save it as .xlsx`
          : `Cannot read file '${file.name}': not a valid Excel .xlsx file (${why})`,
        file: file.name,
      }),
    };
  }
}

/** "_x000D_" escapes some writers leave in strings. */
function unescapeXml(s: string): string {
  return s.includes('_x') ? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : s;
}

/** A value (or a formula result) as a GridCell's v / error / date. */
function plainValue(value: unknown, out: GridCell): void {
  if (value === null || value === undefined) return;
  if (typeof value === 'number') {
    out.v = Number.isFinite(value) ? value : null;
    return;
  }
  if (typeof value === 'string') {
    out.v = unescapeXml(value);
    return;
  }
  if (typeof value === 'boolean') {
    out.v = value;
    return;
  }
  if (value instanceof Date) {
    const iso = isoDate(value);
    out.v = iso;
    if (iso) out.date = true;
    return;
  }
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.error === 'string') {
      out.v = null;
      out.error = o.error;
      return;
    }
    if (Array.isArray(o.richText)) {
      out.v = unescapeXml((o.richText as { text?: string }[]).map((p) => p.text ?? '').join(''));
      return;
    }
    if ('text' in o) {
      plainValue(o.text, out); // hyperlink: its text (which may itself be rich text)
      return;
    }
  }
}

function isPercentFormat(fmt: string | undefined): boolean {
  if (!fmt || !fmt.includes('%')) return false;
  return fmt.replace(/"[^"]*"/g, '').replace(/\\./g, '').includes('%');
}

function convertCell(cell: ExcelJS.Cell): GridCell | null {
  const type = cell.type;
  if (type === ExcelJS.ValueType.Null || type === ExcelJS.ValueType.Merge) return null;
  const out: GridCell = { v: null };
  if (type === ExcelJS.ValueType.Formula) {
    const val = cell.value as ExcelJS.CellFormulaValue | ExcelJS.CellSharedFormulaValue;
    let f: string | undefined;
    try {
      f = cell.formula;
    } catch {
      f = (val as ExcelJS.CellFormulaValue).formula;
    }
    if (f) {
      out.f = f.startsWith('=') ? f.slice(1) : f;
      if (out.f.includes('[') && EXTERNAL_REF.test(out.f)) out.external = true;
    }
    // cell.result, not val.result: exceljs drops a cached result of 0 / '' / false from cell.value
    // (a commune's formula that works out to 0 must stay 0, not become "no data").
    let result: unknown = val.result;
    try {
      result = (cell as unknown as { result: unknown }).result;
    } catch {
      /* keep val.result */
    }
    plainValue(result, out);
  } else {
    plainValue(cell.value, out);
  }
  if (typeof out.v === 'number' && isPercentFormat(cell.numFmt)) out.percentFormat = true;
  if ((out.v === null || out.v === '') && !out.error && !out.f) return null;
  return out;
}

interface RawMerge {
  model?: { top: number; left: number; bottom: number; right: number };
  top?: number;
  left?: number;
  bottom?: number;
  right?: number;
}

function sheetMerges(ws: ExcelJS.Worksheet): MergeSpan[] {
  const out: MergeSpan[] = [];
  // exceljs keeps merges in _merges (master address → Range); ws.model.merges would build the whole model
  const raw = (ws as unknown as { _merges?: Record<string, RawMerge> })._merges;
  if (raw && typeof raw === 'object') {
    for (const m of Object.values(raw)) {
      const d = m.model ?? m;
      if (typeof d.top === 'number' && typeof d.left === 'number' && typeof d.bottom === 'number' && typeof d.right === 'number') {
        out.push({ r1: d.top - 1, c1: d.left - 1, r2: d.bottom - 1, c2: d.right - 1 });
      }
    }
    return out;
  }
  for (const a of ws.model.merges ?? []) {
    const m = /^\$?([A-Z]+)\$?(\d+):\$?([A-Z]+)\$?(\d+)$/.exec(a);
    if (!m) continue;
    const col = (s: string) => [...s].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
    out.push({ r1: Number(m[2]) - 1, c1: col(m[1]), r2: Number(m[4]) - 1, c2: col(m[3]) });
  }
  return out;
}

/** One worksheet as a Grid, within the limits. */
export function gridFromWorksheet(ws: ExcelJS.Worksheet, file: string, limits: ReadLimits): Grid {
  const lastRow = ws.rowCount;
  const nRows = Math.min(lastRow, limits.maxRows);
  const rows: (GridCell | null | undefined)[][] = new Array(nRows);
  let colsCut = false;
  for (let r = 1; r <= nRows; r++) {
    const row = ws.findRow(r);
    const out: (GridCell | null | undefined)[] = [];
    if (row) {
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        if (col > limits.maxCols) {
          if (!colsCut && cell.type !== ExcelJS.ValueType.Null) colsCut = true;
          return;
        }
        const g = convertCell(cell);
        if (g) out[col - 1] = g;
      });
    }
    rows[r - 1] = out;
  }
  let rowsCut = false;
  for (let r = nRows + 1; r <= lastRow && !rowsCut; r++) {
    const row = ws.findRow(r);
    if (row && row.hasValues) rowsCut = true;
  }
  // trailing empty rows are dropped
  let end = rows.length;
  while (end > 0 && rows[end - 1].length === 0) end--;
  rows.length = end;
  const merges = sheetMerges(ws)
    .filter((m) => m.r1 < limits.maxRows && m.c1 < limits.maxCols)
    .map((m) => ({ ...m, r2: Math.min(m.r2, limits.maxRows - 1), c2: Math.min(m.c2, limits.maxCols - 1) }));
  const grid: Grid = { file, sheet: ws.name, rows, merges };
  if (rowsCut || colsCut) {
    grid.truncated = {};
    if (rowsCut) grid.truncated.rows = limits.maxRows;
    if (colsCut) grid.truncated.cols = limits.maxCols;
  }
  if (ws.state === 'hidden' || ws.state === 'veryHidden') grid.state = ws.state;
  return grid;
}

/** Read every worksheet of an .xlsx file into Grids. Never throws: problems are issues. */
export async function gridsFromXlsx(
  file: InputFile,
  limits?: Partial<ReadLimits>,
): Promise<{ grids: Grid[]; issues: Issue[] }> {
  const lim: ReadLimits = { ...DEFAULT_LIMITS, ...(limits ?? {}) };
  const issues: Issue[] = [];
  const { wb, issue } = await loadWorkbook(file, lim);
  if (!wb) return { grids: [], issues: issue ? [issue] : [] };
  const grids: Grid[] = [];
  for (const ws of wb.worksheets) {
    try {
      const grid = gridFromWorksheet(ws, file.name, lim);
      grids.push(grid);
      if (grid.truncated) issues.push(truncatedSheetIssue(file.name, ws.name, grid.truncated.rows, grid.truncated.cols));
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      issues.push(
        mkIssue({
          severity: 'error',
          code: 'unreadable_sheet',
          vi: `Tệp '${file.name}', sheet '${ws.name}': không đọc được (${why})`,
          en: `File '${file.name}', sheet '${ws.name}': cannot be read (${why})`,
          file: file.name,
          sheet: ws.name,
        }),
      );
    }
  }
  return { grids, issues };
}

/**
 * .xls (BIFF8, Excel 97–2003), .xlsb and .ods → Grid, through SheetJS Community Edition (@e965/xlsx, the
 * maintained npm build of SheetJS CE 0.20.3). The Grids are the ones the fast .xlsx reader
 * (readXlsx) gives for the same workbook saved as .xlsx, so nothing after the Grid knows the format:
 *   - values; formulas with their cached results (`f` without "="; `v` the result);
 *   - error cells: `error: '#N/A'`, v null;
 *   - dates: a number whose format shows a date (the fast reader's rule, taken from exceljs) becomes the
 *     ISO date "2020-03-23" (with time "2020-03-23T08:30:00" when it has one) and `date: true`;
 *   - `percentFormat` when a number's format shows a percentage;
 *   - merges, only the top-left cell keeping its value; overlapping merges dropped with a warning;
 *   - sheet state: `state: 'hidden' | 'veryHidden'`;
 *   - the same bounds (rows, columns, cells per file) and the same 'truncated_sheet' warning.
 * SheetJS is loaded only by read-any.ts, through a dynamic import: the task pane's worker fetches it as
 * a separate chunk when such a file is added. Never throws: problems are issues naming the file.
 */
import * as XLSX from '@e965/xlsx';
import type { IssueCode, Grid, GridCell, InputFile, Issue, MergeSpan } from '../types';
import { EXTERNAL_REF, isoDate, serialIso } from './cell-values';
import { finishedGrid, type ReadLimits } from './limits';
import { isDateFmt, isPercentFormat } from './styles';
import { nonOverlapping } from '../util/address';
import { mkIssue } from '../util/issues';

export type SheetJsKind = 'xls' | 'xlsb' | 'ods';

/** Cells kept per file, as the fast reader (past it, sheets are cut at the row where it runs out). */
const MAX_CELLS = 4_000_000;

const KIND_NAME: Record<SheetJsKind, { vi: string; en: string }> = {
  xls: { vi: 'sổ làm việc Excel 97-2003 (.xls)', en: 'Excel 97-2003 workbook (.xls)' },
  xlsb: { vi: 'sổ làm việc nhị phân Excel (.xlsb)', en: 'Excel Binary Workbook (.xlsb)' },
  ods: { vi: 'bảng tính OpenDocument (.ods)', en: 'OpenDocument spreadsheet (.ods)' },
};

/** BIFF error codes → text (SheetJS keeps the code in `v`). */
const ERRORS: Record<number, string> = {
  0x00: '#NULL!',
  0x07: '#DIV/0!',
  0x0f: '#VALUE!',
  0x17: '#REF!',
  0x1d: '#NAME?',
  0x24: '#NUM!',
  0x2a: '#N/A',
  0x2b: '#GETTING_DATA',
};

/** A SheetJS Date (built from local-time parts) as the ISO text of those parts. */
function localIso(d: Date): string | null {
  if (!Number.isFinite(d.getTime())) return null;
  return isoDate(new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds())));
}

function fileIssue(file: string, code: IssueCode, vi: string, en: string, severity: 'error' | 'warning' | 'info' = 'error', sheet?: string): Issue {
  return mkIssue({ severity, code, vi, en, file, sheet: sheet ?? null });
}

/** SheetJS's cell → GridCell, as the fast reader converts the same cell of an .xlsx. null: nothing there. */
function convertCell(x: XLSX.CellObject, date1904: boolean): GridCell | null {
  const out: GridCell = { v: null };
  if (typeof x.f === 'string' && x.f !== '') {
    out.f = x.f.startsWith('=') ? x.f.slice(1) : x.f;
    if (out.f.includes('[') && EXTERNAL_REF.test(out.f)) out.external = true;
  }
  const z = typeof x.z === 'string' ? x.z : undefined;
  switch (x.t) {
    case 'n': {
      const n = typeof x.v === 'number' ? x.v : Number(x.v);
      if (!Number.isFinite(n)) out.v = null;
      else if (isDateFmt(z)) {
        const iso = serialIso(n, date1904);
        out.v = iso;
        if (iso) out.date = true;
      } else {
        out.v = n;
        if (isPercentFormat(z)) out.percentFormat = true;
      }
      break;
    }
    case 's':
      out.v = typeof x.v === 'string' ? x.v : x.v === undefined || x.v === null ? null : String(x.v);
      break;
    case 'b':
      out.v = !!x.v;
      break;
    case 'e':
      out.error = typeof x.w === 'string' && x.w.startsWith('#') ? x.w : (ERRORS[Number(x.v)] ?? '#VALUE!');
      break;
    case 'd': {
      const iso = x.v instanceof Date ? localIso(x.v) : typeof x.v === 'string' ? isoDateText(x.v) : null;
      out.v = iso;
      if (iso) out.date = true;
      break;
    }
    default:
      // 'z' stubs: nothing
      break;
  }
  // LibreOffice keeps constants it has no cell type for as formulas: an error typed in a cell becomes the
  // formula "#N/A", TRUE becomes "TRUE()" (in .ods with the value 1). They are the constants of the .xlsx.
  if (out.f !== undefined) {
    if (out.error && out.f === out.error) delete out.f;
    else if (/^(true|false)(\(\))?$/i.test(out.f) && (typeof out.v === 'boolean' || out.v === 0 || out.v === 1)) {
      out.v = /^t/i.test(out.f);
      delete out.f;
      delete out.percentFormat;
    }
  }
  if ((out.v === null || out.v === '') && !out.error && !out.f) return null;
  if (out.v === '') out.v = null;
  return out;
}

function isoDateText(s: string): string | null {
  const t = Date.parse(/T|Z|[+-]\d\d:?\d\d$/.test(s) ? s : s + 'T00:00:00Z');
  return Number.isFinite(t) ? isoDate(new Date(t)) : null;
}

function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Read every sheet of an .xls / .xlsb / .ods file into Grids. Never throws: problems are issues. */
export function gridsFromSheetJs(file: InputFile, kind: SheetJsKind, lim: ReadLimits): { grids: Grid[]; issues: Issue[] } {
  const name = file.name;
  const what = KIND_NAME[kind];
  const issues: Issue[] = [];
  let wb: XLSX.WorkBook;
  // SheetJS writes notes on formats it half-understands to the console: not the user's business (CLI stderr).
  const con = console as unknown as Record<'error' | 'warn' | 'log' | 'info', (...a: unknown[]) => void>;
  const saved = { error: con.error, warn: con.warn, log: con.log, info: con.info };
  try {
    con.error = con.warn = con.log = con.info = () => undefined;
    wb = XLSX.read(file.data, {
      type: 'array',
      dense: true,
      cellFormula: true,
      cellNF: true,
      cellText: false,
      cellHTML: false,
      cellDates: false,
      cellStyles: false,
      sheetStubs: false,
      bookVBA: false,
      // one row more than kept, so that a cut is seen
      sheetRows: lim.maxRows + 1,
    });
  } catch (e) {
    const why = errText(e);
    const locked = /password|encrypt/i.test(why);
    issues.push(
      locked
        ? fileIssue(
            name,
            'file_encrypted',
            `Tệp '${name}' là ${what.vi} có đặt mật khẩu nên không đọc được. Hãy mở bằng Excel hoặc LibreOffice với mật khẩu, bỏ mật khẩu rồi lưu lại; hoặc xin đơn vị gửi lại tệp không đặt mật khẩu.`,
            `File '${name}' is a password-protected ${what.en} and cannot be read. Open it with its password in Excel or LibreOffice, remove the password and save it again; or ask the sender for a copy without a password.`,
          )
        : fileIssue(
            name,
            'unreadable_file',
            `Không đọc được tệp '${name}' (${what.vi}): tệp bị hỏng hoặc không đúng định dạng (${why}). Hãy mở bằng Excel hoặc LibreOffice rồi lưu lại dưới dạng .xlsx, hoặc xin đơn vị gửi lại tệp.`,
            `Cannot read file '${name}' (${what.en}): it is damaged or not in that format (${why}). Open it in Excel or LibreOffice and save it as .xlsx, or ask the sender for the file again.`,
          ),
    );
    return { grids: [], issues };
  } finally {
    Object.assign(con, saved);
  }
  try {
    const date1904 = !!wb.Workbook?.WBProps?.date1904;
    const meta = wb.Workbook?.Sheets ?? [];
    // SheetJS does not read an .ods sheet's visibility: it is in the sheet's table style.
    const odsHidden = kind === 'ods' ? odsHiddenSheets(file.data) : null;
    const budget = { cells: MAX_CELLS };
    const grids: Grid[] = [];
    wb.SheetNames.forEach((sheetName, i) => {
      const ws = wb.Sheets[sheetName];
      if (!ws) return;
      const grid = toGrid(name, sheetName, ws, date1904, lim, budget, issues);
      const hidden = meta[i]?.Hidden;
      if (hidden === 1 || odsHidden?.has(sheetName)) grid.state = 'hidden';
      else if (hidden === 2) grid.state = 'veryHidden';
      grids.push(grid);
    });
    if (grids.length === 0) {
      issues.push(
        fileIssue(
          name,
          'no_sheets',
          `Tệp '${name}' (${what.vi}) không có sheet nào đọc được; hãy mở lại tệp bằng Excel hoặc LibreOffice và lưu lại dưới dạng .xlsx`,
          `File '${name}' (${what.en}) has no readable sheet; open it in Excel or LibreOffice and save it again as .xlsx`,
        ),
      );
    }
    return { grids, issues };
  } catch (e) {
    issues.push(fileIssue(name, 'unreadable_file', `Không đọc được tệp '${name}' (${errText(e)})`, `Cannot read file '${name}' (${errText(e)})`));
    return { grids: [], issues };
  }
}

/**
 * Names of the hidden sheets of an .ods: <table:table table:style-name="ta1"> whose automatic style has
 * <style:table-properties table:display="false"/>. Empty when content.xml can't be read.
 */
export function odsHiddenSheets(data: Uint8Array): Set<string> {
  const out = new Set<string>();
  try {
    const zip = XLSX.CFB.read(data, { type: 'array' });
    const entry = XLSX.CFB.find(zip, 'content.xml') as { content?: ArrayLike<number> } | null;
    if (!entry?.content) return out;
    const bytes = entry.content instanceof Uint8Array ? entry.content : Uint8Array.from(entry.content);
    const xml = new TextDecoder('utf-8').decode(bytes);
    const hiddenStyles = new Set<string>();
    const styleRe = /<style:style\b([^>]*)>([\s\S]*?)<\/style:style>/g;
    for (let m = styleRe.exec(xml); m; m = styleRe.exec(xml)) {
      if (!/style:family="table"/.test(m[1])) continue;
      const nm = /style:name="([^"]*)"/.exec(m[1]);
      if (nm && /<style:table-properties\b[^>]*table:display="false"/.test(m[2])) hiddenStyles.add(nm[1]);
    }
    if (hiddenStyles.size === 0) return out;
    const tableRe = /<table:table\s([^>]*)>/g;
    for (let m = tableRe.exec(xml); m; m = tableRe.exec(xml)) {
      const st = /table:style-name="([^"]*)"/.exec(m[1]);
      const nm = /table:name="([^"]*)"/.exec(m[1]);
      if (st && nm && hiddenStyles.has(st[1])) out.add(unescapeXml(nm[1]));
    }
  } catch {
    /* visibility unknown: the sheets count as visible */
  }
  return out;
}

function unescapeXml(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos|#x[0-9a-fA-F]+|#\d+);/g, (_, e: string) =>
    e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'amp' ? '&' : e === 'quot' ? '"' : e === 'apos' ? "'" : String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)),
  );
}

function toGrid(file: string, sheet: string, ws: XLSX.WorkSheet, date1904: boolean, lim: ReadLimits, budget: { cells: number }, issues: Issue[]): Grid {
  const data = (ws['!data'] ?? []) as (XLSX.CellObject[] | undefined)[];
  const rows: (GridCell | undefined)[][] = [];
  let rowLimit = lim.maxRows;
  let rowsCut = false;
  let colsCut = false;
  for (let r = 0; r < data.length; r++) {
    const src = data[r];
    if (!src || src.length === 0) continue;
    if (r >= rowLimit) {
      // anything with a value past the limit: the sheet was cut
      if (src.some((x) => x && convertCell(x, date1904))) rowsCut = true;
      if (rowsCut) break;
      continue;
    }
    const row: (GridCell | undefined)[] = [];
    let kept = 0;
    for (let c = 0; c < src.length; c++) {
      const x = src[c];
      if (!x) continue;
      const cell = convertCell(x, date1904);
      if (!cell) continue;
      if (c >= lim.maxCols) {
        colsCut = true;
        break;
      }
      row[c] = cell;
      kept++;
    }
    if (kept > 0) {
      if (budget.cells < kept) {
        // out of cells for this file: cut here, as the fast reader does
        rowLimit = r;
        rowsCut = true;
        break;
      }
      budget.cells -= kept;
      rows[r] = row;
    }
  }
  // SheetJS stopped at sheetRows: its full range says whether more rows followed.
  const full = ws['!fullref'];
  if (!rowsCut && typeof full === 'string') {
    try {
      if (XLSX.utils.decode_range(full).e.r >= rowLimit) rowsCut = true;
    } catch {
      /* no range */
    }
  }

  // Merges: overlapping ones dropped (the fast reader's rule), clipped to the limits, inner cells blanked.
  const raw = (ws['!merges'] ?? []).map((m) => ({ r1: m.s.r, c1: m.s.c, r2: m.e.r, c2: m.e.c })).filter((m) => m.r2 >= m.r1 && m.c2 >= m.c1 && (m.r2 > m.r1 || m.c2 > m.c1));
  const merges: MergeSpan[] = [];
  const ok = nonOverlapping(raw);
  let dropped = 0;
  for (let i = 0; i < raw.length; i++) if (!ok[i]) dropped++;
  for (let i = 0; i < raw.length; i++) {
    if (!ok[i]) continue;
    const m = raw[i];
    if (m.r1 >= rowLimit || m.c1 >= lim.maxCols) continue;
    const r2 = Math.min(m.r2, rowLimit - 1);
    const c2 = Math.min(m.c2, lim.maxCols - 1);
    merges.push({ r1: m.r1, c1: m.c1, r2, c2 });
    for (let r = m.r1; r <= r2; r++) {
      const row = rows[r];
      if (!row) continue;
      for (let c = r === m.r1 ? m.c1 + 1 : m.c1; c <= c2 && c < row.length; c++) delete row[c];
      let n = row.length;
      while (n > 0 && row[n - 1] === undefined) n--;
      row.length = n;
    }
  }
  if (dropped > 0) {
    issues.push(
      mkIssue({
        severity: 'warning',
        code: 'merges_ignored',
        vi: `Tệp '${file}', sheet '${sheet}': bỏ qua ${dropped} vùng ô gộp chồng lên vùng khác.`,
        en: `File '${file}', sheet '${sheet}': ${dropped} merged areas overlapping others were ignored.`,
        file,
        sheet,
      }),
    );
  }
  return finishedGrid(file, sheet, rows, merges, rowsCut ? rowLimit : undefined, colsCut ? lim.maxCols : undefined, issues);
}

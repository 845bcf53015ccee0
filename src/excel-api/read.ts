/**
 * The OPEN workbook → Grids, with the Excel JavaScript API (the add-in's "use the open sheets" path),
 * plus the small helpers the task pane needs: the list of sheets, and going to a cell.
 *
 * Grids are made like the exceljs adapter's (test/reference/exceljs-read.ts), so read/ cannot tell
 * them apart: { v, f?, error?, date?, external?, percentFormat? } per cell, holes for empty cells,
 * trailing empty rows dropped, only a merge's top-left cell holding the value, `merges` listed,
 * `truncated` holding the number of rows / columns kept when a limit cut the sheet.
 *
 * Round trips of gridsFromOpenWorkbook, independent of the number of sheets for normal workbooks:
 *   1  sheet names (+ the workbook's name, ExcelApi 1.7)
 *   2  each sheet's used range (values only) and merged areas (ExcelApi 1.13)
 *   3… cell contents (values, formulas, valueTypes, numberFormat) in packs of at most
 *      `maxCellsPerSync` cells (default 30 000 ≈ 1–3 MB of response); a pack Excel refuses as too
 *      large is split in two and retried. Bound: 2 + ⌈cells / maxCellsPerSync⌉ (+ retries).
 *   If reading merged areas fails (Excel gives up above 512 merged areas in a range) step 2 is
 *   repeated without them, with a warning per sheet.
 */
import type { Grid, GridCell, Issue, MergeSpan } from '../types';
import { colIndex, rangeAddress } from '../util/address';
import { mkIssue } from '../util/issues';
import { MARKER_KEY, apiSupported, parseMarker, queueRegisterRead, type SheetMarker } from './marker';

export interface OpenReadOptions {
  /** Only these sheets, in this order (names matched exactly, else ignoring case). Default: all. */
  sheets?: string[];
  maxRows?: number;
  maxCols?: number;
  /** Cells loaded per sync (default 30 000). */
  maxCellsPerSync?: number;
}

export interface OpenWorkbookRead {
  sheets: { name: string; grid: Grid }[];
  /** The same grids, in the same order. */
  grids: Grid[];
  syncs: number;
  /** Missing sheets, cut sheets, unreadable merged areas. */
  issues: Issue[];
}

export interface SheetInfo {
  name: string;
  visible: boolean;
  /** tonghop's marker when tonghop made the sheet (ExcelApi 1.12), else null. */
  tonghop: SheetMarker | null;
}

const DEFAULT_MAX_ROWS = 200_000;
const DEFAULT_MAX_COLS = 2_000;
const DEFAULT_CELLS_PER_SYNC = 30_000;
const EXTERNAL_REF = /\[[^\]]*\][^!]*!/;

function stripFormatLiterals(fmt: string): string {
  return fmt.replace(/"[^"]*"/g, '').replace(/\\./g, '').replace(/_./g, '').replace(/\*./g, '');
}

/** The number format shows a percentage (a "%" outside quotes). */
export function isPercentFormat(fmt: unknown): boolean {
  return typeof fmt === 'string' && fmt.includes('%') && stripFormatLiterals(fmt).includes('%');
}

/** The number format shows a date (day, month or year codes outside quotes and brackets). */
export function isDateFormat(fmt: unknown): boolean {
  if (typeof fmt !== 'string' || fmt === '' || /^general$/i.test(fmt) || fmt === '@') return false;
  const s = stripFormatLiterals(fmt).replace(/\[[^\]]*\]/g, '');
  if (/[dy]/i.test(s)) return true;
  return /m/i.test(s) && !/[hs]/i.test(s);
}

/** Excel serial (1900 date system) → "2020-03-23" (or "2020-03-23T08:30:00" with a time part). */
export function serialToIso(n: number): string | null {
  if (!Number.isFinite(n) || n < 1 || n >= 2958466) return null;
  const days = Math.floor(n);
  const frac = n - days;
  // Excel counts 1900-02-29, which did not exist: serials from 61 on are one day ahead.
  const base = days >= 61 ? Date.UTC(1899, 11, 30) : Date.UTC(1899, 11, 31);
  const ms = base + days * 86_400_000 + Math.round(frac * 86_400_000);
  const iso = new Date(ms).toISOString();
  return ms % 86_400_000 === 0 ? iso.slice(0, 10) : iso.slice(0, 19);
}

/**
 * One cell as the API returns it → GridCell (null when empty). `formulas` gives a constant's value
 * for cells without a formula, so text such as "=HYPERLINK(…)" stored as text comes back the same
 * in both arrays: a formula is a "=…" entry that differs from the cell's value.
 */
export function gridCellOf(value: unknown, formula: unknown, type: unknown, numberFormat: unknown): GridCell | null {
  const hasF = typeof formula === 'string' && formula.startsWith('=') && formula.length > 1 && formula !== value;
  const out: GridCell = { v: null };
  if (hasF) {
    out.f = (formula as string).slice(1);
    if (out.f.includes('[') && EXTERNAL_REF.test(out.f)) out.external = true;
  }
  switch (type) {
    case 'Empty':
      break;
    case 'Error':
      out.error = String(value);
      break;
    case 'Double':
    case 'Integer':
      if (typeof value === 'number' && Number.isFinite(value)) {
        const iso = isDateFormat(numberFormat) ? serialToIso(value) : null;
        if (iso) { out.v = iso; out.date = true; }
        else {
          out.v = value;
          if (isPercentFormat(numberFormat)) out.percentFormat = true;
        }
      }
      break;
    case 'Boolean':
      out.v = value === true || value === 'TRUE' || value === 'true';
      break;
    default:
      if (typeof value === 'string') out.v = value === '' ? null : value;
      else if (typeof value === 'number' || typeof value === 'boolean') out.v = value;
      else if (value !== null && value !== undefined) out.v = String(value);
  }
  if (out.v === null && !out.error && !out.f) return null;
  return out;
}

/** "Sheet1!A1:C1, 'Tổng hợp'!B2:B4" → spans. */
export function parseAreas(address: string): MergeSpan[] {
  const parts: string[] = [];
  let cur = '';
  let quote = false;
  for (const ch of address) {
    if (ch === "'") quote = !quote;
    if (ch === ',' && !quote) { parts.push(cur); cur = ''; continue; }
    cur += ch;
  }
  if (cur.trim()) parts.push(cur);
  const out: MergeSpan[] = [];
  for (const p of parts) {
    const a = p.slice(p.lastIndexOf('!') + 1).trim().replace(/\$/g, '');
    const m = /^([A-Za-z]{1,3})(\d+)(?::([A-Za-z]{1,3})(\d+))?$/.exec(a);
    if (!m) continue;
    const r1 = Number(m[2]) - 1, c1 = colIndex(m[1]);
    const r2 = m[4] ? Number(m[4]) - 1 : r1, c2 = m[3] ? colIndex(m[3]) : c1;
    out.push({ r1: Math.min(r1, r2), c1: Math.min(c1, c2), r2: Math.max(r1, r2), c2: Math.max(c1, c2) });
  }
  return out;
}

function isPayloadError(e: unknown): boolean {
  const o = e as { code?: unknown; message?: unknown } | null;
  return /payload/i.test(String(o?.code ?? '')) || /payload/i.test(String(o?.message ?? ''));
}

interface Chunk {
  s: number;
  r1: number;
  r2: number;
  c1: number;
  c2: number;
}

const cellsOf = (c: Chunk) => (c.r2 - c.r1 + 1) * (c.c2 - c.c1 + 1);

/** Split a pack that was too large: two packs, or one chunk's rows in two; null when it is one row. */
function splitPack(pack: Chunk[]): Chunk[][] | null {
  if (pack.length > 1) {
    const mid = Math.ceil(pack.length / 2);
    return [pack.slice(0, mid), pack.slice(mid)];
  }
  const c = pack[0];
  if (c.r2 > c.r1) {
    const mid = c.r1 + Math.floor((c.r2 - c.r1) / 2);
    return [[{ ...c, r2: mid }], [{ ...c, r1: mid + 1 }]];
  }
  if (c.c2 > c.c1) {
    const mid = c.c1 + Math.floor((c.c2 - c.c1) / 2);
    return [[{ ...c, c2: mid }], [{ ...c, c1: mid + 1 }]];
  }
  return null;
}

type Sync = () => Promise<void>;

/** Step 1's choice: the sheets asked for (exact name, else ignoring case), an issue per missing one. */
function chooseSheets(items: Excel.Worksheet[], wanted: string[] | undefined, file: string, issues: Issue[]): Excel.Worksheet[] {
  if (!wanted) return items.slice();
  const chosen: Excel.Worksheet[] = [];
  for (const want of wanted) {
    const ws = items.find((w) => w.name === want) ?? items.find((w) => w.name.toLowerCase() === String(want).toLowerCase());
    if (!ws) {
      issues.push(mkIssue({
        severity: 'error',
        code: 'sheet_not_found',
        vi: `Không tìm thấy sheet '${want}' trong sổ tính đang mở`,
        en: `Sheet '${want}' was not found in the open workbook`,
        file: file || null,
        sheet: want,
      }));
    } else if (!chosen.includes(ws)) chosen.push(ws);
  }
  return chosen;
}

interface Dims {
  used: Excel.Range;
  merged: Excel.RangeAreas | null;
}

/**
 * Step 2: each sheet's used range (values only) and, from ExcelApi 1.13, its merged areas. Below 1.13, or
 * when Excel gives up on the merged areas, a warning per sheet says names in merged cells may be misread.
 */
async function readDims(chosen: Excel.Worksheet[], names: string[], file: string, issues: Issue[], sync: Sync): Promise<Dims[]> {
  const queueDims = (withMerges: boolean): Dims[] =>
    chosen.map((ws) => {
      const used = ws.getUsedRangeOrNullObject(true);
      used.load('rowIndex,columnIndex,rowCount,columnCount');
      let merged: Excel.RangeAreas | null = null;
      if (withMerges) {
        merged = ws.getRange().getMergedAreasOrNullObject();
        merged.load('address');
      }
      return { used, merged };
    });
  const warn = (vi: (n: string) => string, en: (n: string) => string) => {
    for (const name of names) issues.push(mkIssue({ severity: 'warning', code: 'merges_unreadable', vi: vi(name), en: en(name), file: file || null, sheet: name }));
  };
  const wantMerges = apiSupported(13);
  if (!wantMerges) {
    // Below ExcelApi 1.13 this Excel cannot tell which cells are merged: say so for each sheet read.
    warn(
      (name) => `Sheet '${name}': phiên bản Excel này (dưới ExcelApi 1.13) không cho biết các ô gộp; tiêu đề hay tên chỉ tiêu nằm trong ô gộp có thể bị đọc sai — nếu kết quả lạ, hãy lưu sheet thành tệp .xlsx và chọn tệp đó`,
      (name) => `Sheet '${name}': this Excel version (below ExcelApi 1.13) does not tell which cells are merged; headers or names in merged cells may be misread — if the result looks wrong, save the sheet as an .xlsx file and pick that file`,
    );
  }
  const dims = queueDims(wantMerges);
  try {
    await sync();
    return dims;
  } catch (e) {
    if (!wantMerges) throw e;
  }
  const plain = queueDims(false);
  await sync();
  warn(
    (name) => `Sheet '${name}': không đọc được các ô gộp (quá nhiều?); tên chỉ tiêu trong ô gộp có thể bị đọc sai`,
    (name) => `Sheet '${name}': merged cells could not be read (too many?); names in merged cells may be misread`,
  );
  return plain;
}

/** The grids (merges set, cut at the limits with a warning) and the chunks of cells to load into them. */
function planGrids(dims: Dims[], names: string[], states: (Grid['state'] | undefined)[], file: string, lim: { maxRows: number; maxCols: number; perSync: number }, issues: Issue[]): { grids: Grid[]; chunks: Chunk[] } {
  const { maxRows, maxCols, perSync } = lim;
  const grids: Grid[] = [];
  const chunks: Chunk[] = [];
  dims.forEach(({ used, merged }, s) => {
    const grid: Grid = { file, sheet: names[s], rows: [], merges: [] };
    const state = states[s];
    if (state) grid.state = state;
    grids.push(grid);
    if (merged && !merged.isNullObject) {
      grid.merges = parseAreas(merged.address)
        .filter((m) => m.r1 < maxRows && m.c1 < maxCols)
        .map((m) => ({ ...m, r2: Math.min(m.r2, maxRows - 1), c2: Math.min(m.c2, maxCols - 1) }));
    }
    if (used.isNullObject) return;
    const r1 = used.rowIndex, c1 = used.columnIndex;
    const lastR = r1 + used.rowCount - 1, lastC = c1 + used.columnCount - 1;
    const r2 = Math.min(lastR, maxRows - 1), c2 = Math.min(lastC, maxCols - 1);
    const rowsCut = lastR > r2, colsCut = lastC > c2;
    if (rowsCut || colsCut) {
      grid.truncated = {};
      const vi: string[] = [], en: string[] = [];
      if (rowsCut) { grid.truncated.rows = maxRows; vi.push(`chỉ đọc ${maxRows} dòng đầu`); en.push(`only the first ${maxRows} rows were read`); }
      if (colsCut) { grid.truncated.cols = maxCols; vi.push(`chỉ đọc ${maxCols} cột đầu`); en.push(`only the first ${maxCols} columns were read`); }
      issues.push(mkIssue({
        severity: 'warning',
        code: 'truncated_sheet',
        vi: `Sổ tính đang mở, sheet '${names[s]}': bảng quá lớn, ${vi.join(', ')}`,
        en: `Open workbook, sheet '${names[s]}': the sheet is too large; ${en.join(', ')}`,
        file: file || null,
        sheet: names[s],
      }));
    }
    if (r1 > r2 || c1 > c2) return;
    const per = Math.max(1, Math.floor(perSync / (c2 - c1 + 1)));
    for (let r = r1; r <= r2; r += per) chunks.push({ s, r1: r, r2: Math.min(r2, r + per - 1), c1, c2 });
  });
  return { grids, chunks };
}

/** Step 3: the cells, in packs of at most perSync cells (a lone chunk may be one wide row); too large → halves. */
async function loadCells(chosen: Excel.Worksheet[], grids: Grid[], chunks: Chunk[], perSync: number, sync: Sync): Promise<void> {
  const packs: Chunk[][] = [];
  let cur: Chunk[] = [];
  let n = 0;
  for (const ch of chunks) {
    if (cur.length && n + cellsOf(ch) > perSync) { packs.push(cur); cur = []; n = 0; }
    cur.push(ch);
    n += cellsOf(ch);
  }
  if (cur.length) packs.push(cur);
  while (packs.length) {
    const pack = packs.shift()!;
    const loaded = pack.map((ch) => {
      const range = chosen[ch.s].getRange(rangeAddress(ch.r1, ch.c1, ch.r2, ch.c2));
      range.load('values,formulas,valueTypes,numberFormat');
      return { ch, range };
    });
    try {
      await sync();
    } catch (e) {
      const halves = isPayloadError(e) ? splitPack(pack) : null;
      if (!halves) throw e;
      packs.unshift(...halves);
      continue;
    }
    for (const { ch, range } of loaded) {
      const rows = grids[ch.s].rows;
      const values = range.values, formulas = range.formulas, types = range.valueTypes, formats = range.numberFormat;
      for (let i = 0; i <= ch.r2 - ch.r1; i++) {
        for (let j = 0; j <= ch.c2 - ch.c1; j++) {
          const cell = gridCellOf(values[i]?.[j], formulas[i]?.[j], types[i]?.[j], formats[i]?.[j]);
          if (!cell) continue;
          (rows[ch.r1 + i] ??= [])[ch.c1 + j] = cell;
        }
      }
    }
  }
  for (const g of grids) {
    for (let r = 0; r < g.rows.length; r++) if (!g.rows[r]) g.rows[r] = [];
    let end = g.rows.length;
    while (end > 0 && g.rows[end - 1].length === 0) end--;
    g.rows.length = end;
  }
}

/**
 * The open workbook's sheets (all, or `opts.sheets`) as Grids, in a fixed number of syncs for
 * normal workbooks (see the file comment). Problems with the data are issues; only a failure of
 * Excel itself throws.
 */
export async function gridsFromOpenWorkbook(context: Excel.RequestContext, opts: OpenReadOptions = {}): Promise<OpenWorkbookRead> {
  const lim = {
    maxRows: Math.max(1, opts.maxRows ?? DEFAULT_MAX_ROWS),
    maxCols: Math.max(1, opts.maxCols ?? DEFAULT_MAX_COLS),
    perSync: Math.max(1, opts.maxCellsPerSync ?? DEFAULT_CELLS_PER_SYNC),
  };
  let syncs = 0;
  const sync = async () => {
    syncs++;
    await context.sync();
  };
  const issues: Issue[] = [];

  // 1. Names.
  const wb = context.workbook;
  const coll = wb.worksheets;
  coll.load('items/name,items/visibility');
  const withName = apiSupported(7);
  if (withName) wb.load('name');
  await sync();
  const file = withName ? (wb.name ?? '') : '';
  const chosen = chooseSheets(coll.items, opts.sheets, file, issues);
  if (chosen.length === 0) return { sheets: [], grids: [], syncs, issues };
  const names = chosen.map((ws) => ws.name);
  const states = chosen.map((ws) => (ws.visibility === 'Hidden' ? 'hidden' : ws.visibility === 'VeryHidden' ? 'veryHidden' : undefined));

  // 2. Used ranges and merged areas; 3. the cells.
  const dims = await readDims(chosen, names, file, issues, sync);
  const { grids, chunks } = planGrids(dims, names, states, file, lim, issues);
  await loadCells(chosen, grids, chunks, lim.perSync, sync);
  return { sheets: grids.map((grid, i) => ({ name: names[i], grid })), grids, syncs, issues };
}

/** The names of the workbook's sheets, in tab order (one sync). */
export async function listSheets(context: Excel.RequestContext): Promise<string[]> {
  const coll = context.workbook.worksheets;
  coll.load('items/name');
  await context.sync();
  return coll.items.map((ws) => ws.name);
}

/**
 * The sheets with their visibility and tonghop's marker (two syncs; one without ExcelApi 1.12),
 * so the task pane can leave tonghop's own output out of the inputs it offers.
 */
export async function listSheetInfo(context: Excel.RequestContext): Promise<SheetInfo[]> {
  const coll = context.workbook.worksheets;
  coll.load('items/name,items/visibility');
  await context.sync();
  const out: SheetInfo[] = coll.items.map((ws) => ({ name: ws.name, visible: ws.visibility === 'Visible', tonghop: null }));
  if (!apiSupported(12)) {
    // Older Excel: tonghop's sheets are listed in its register sheet (marker.ts).
    const read = queueRegisterRead(coll.items);
    if (read) {
      await context.sync();
      const marks = read();
      for (const o of out) o.tonghop = marks.get(o.name.toLowerCase()) ?? null;
    }
    return out;
  }
  if (coll.items.length) {
    const props = coll.items.map((ws) => {
      const p = ws.customProperties.getItemOrNullObject(MARKER_KEY);
      p.load('value');
      return p;
    });
    await context.sync();
    props.forEach((p, i) => {
      out[i].tonghop = p.isNullObject ? null : parseMarker(p.value);
    });
  }
  return out;
}

/**
 * Show a cell: activate its sheet and select it (used when the user clicks an issue). Returns false,
 * changing nothing, when the sheet is missing or hidden. An unreadable address selects A1.
 */
export async function selectCell(context: Excel.RequestContext, sheet: string, cell: string | null | undefined): Promise<boolean> {
  const ws = context.workbook.worksheets.getItemOrNullObject(sheet);
  ws.load('visibility');
  await context.sync();
  if (ws.isNullObject || ws.visibility !== 'Visible') return false;
  const a = String(cell ?? '').trim().replace(/\$/g, '').toUpperCase();
  const addr = /^[A-Z]{1,3}[1-9]\d{0,6}(:[A-Z]{1,3}[1-9]\d{0,6})?$/.test(a) ? a : 'A1';
  ws.activate();
  ws.getRange(addr).select();
  await context.sync();
  return true;
}

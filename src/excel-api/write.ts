/**
 * Applies SheetSpecs (src/write/) to the OPEN workbook with the Excel JavaScript API.
 *
 * Round trips: a fixed, small number of `context.sync()` calls, independent of the number of
 * communes for normal sizes:
 *   1  list the sheets (names)
 *   2  read tonghop's marker on each sheet (worksheet custom property, ExcelApi 1.12; skipped when
 *      the API set is missing)
 *   3… write: everything is queued into batches whose estimated request payload stays under
 *      `maxRequestBytes` (default 4 000 000; Excel on the web refuses requests over 5 MB). Normal
 *      outputs (200 communes × 80 indicators ≈ 1–2 MB) fit in ONE batch, so a run takes 3 syncs.
 *      Bound: syncs = 2 + max(1, ⌈estimated payload / maxRequestBytes⌉) (+1 per batch for an
 *      op larger than the budget on its own, which only happens for a single row over the budget).
 * Calculation is suspended in every write batch (suspendApiCalculationUntilNextSync, ExcelApi 1.6).
 *
 * Safety:
 *   - Sheets are only ADDED. A sheet tonghop did not make is never changed, renamed or deleted; a
 *     wanted name that is taken gets a free variant ("Tổng hợp (2)").
 *   - tonghop's sheets carry a worksheet custom property `tonghop` = {"app":"tonghop","v":1,
 *     "run":runKey,"key":spec.key}. It lives in the file on Excel for the web and desktop, survives
 *     renames, and is NOT copied when a user copies the sheet (so a user's copy is a user sheet).
 *     Re-running for the same runKey replaces the earlier run's sheets only when allowed
 *     (replace: 'replace', or 'ask' and confirm(names) → true); otherwise new names are chosen.
 *     Without ExcelApi 1.12 (no custom properties) the same marks live in a very hidden sheet of
 *     tonghop's own, "tonghop-runs" (see marker.ts: run key, spec key, ='sheet'!$A$1 — the formula
 *     follows renames), which needs only ExcelApi 1.2: re-runs replace on every version.
 *   - Every string that is not a formula is written with number format "@" (text), so Excel never
 *     takes "=HYPERLINK(…)", "+cmd", "-1+1", "@SUM(A1)", "001" or "1/2" for a formula/number/date.
 *     Formula cells (SpecCell.f) get their own number format (never "@").
 */
import type { CellStyle, ConditionalFormatSpec, SheetSpec, SpecCell } from '../types';
import { cellAddress, colLetter, freeSheetName, parseAddress, rangeAddress } from '../util/address';
import { MARKER_KEY, REGISTER_SHEET, apiSupported, markerRunKey, markerValue, parseMarker, queueRegisterRead, registerRef, type SheetMarker } from './marker';

export interface WriteOptions {
  /** Identifies tonghop's earlier run (e.g. period label + parent). */
  runKey: string;
  replace: 'ask' | 'replace' | 'keep';
  /**
   * Asked with the names of the earlier run's sheets (replace: 'ask'): true → replace them, false → keep
   * them and write new sheets beside, 'cancel' → write nothing at all.
   */
  confirm?: (names: string[]) => Promise<boolean | 'cancel'>;
  /** Budget for one request's estimated payload, in bytes. Default 4 000 000. */
  maxRequestBytes?: number;
}

export interface WriteResult {
  /** Names of the sheets written, in the order of the specs. */
  sheetNames: string[];
  /** context.sync() calls made. */
  syncs: number;
  /** Names of the earlier run's sheets that were replaced (deleted). */
  replaced: string[];
  /** The user cancelled when asked: nothing was written. */
  cancelled?: boolean;
}

export const DEFAULT_MAX_REQUEST_BYTES = 4_000_000;
/** Estimated bytes of one queued API call (action + object path) besides its arguments. */
const CALL_BYTES = 250;
const MAX_TEXT = 32767;
/** getRange/getRanges refuse addresses longer than 8192 characters. */
const MAX_ADDRESS = 8000;

// ───────────────────────────── small helpers (exported for tests and the read adapter) ─────────────────────────────

/** UTF-8 length of a string. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code < 0x80) n += 1;
    else if (code < 0x800) n += 2;
    else if (code >= 0xd800 && code <= 0xdbff) { n += 4; i++; }
    else n += 3;
  }
  return n;
}

function jsonBytes(x: unknown): number {
  return utf8Length(JSON.stringify(x) ?? '');
}

/** A name Excel accepts: no : \ / ? * [ ], no apostrophe at either end, 1–31 characters. */
export function sanitizeSheetName(name: string): string {
  let n = (name ?? '').normalize('NFC').replace(/[:\\/?*[\]]/g, '-').replace(/[\u0000-\u001f]/g, ' ').trim();
  n = n.replace(/^'+|'+$/g, '').trim();
  if (!n) n = 'Sheet';
  if (n.toLowerCase() === 'history') n = 'History-';
  if (n.length > 31) n = n.slice(0, 31).replace(/'+$/, '').trimEnd();
  return n;
}

/** Excel column width in characters (Calibri 11: 7 px per digit + 5 px padding) → points. */
export function columnWidthPoints(chars: number): number {
  return Math.round((chars * 7 + 5) * 0.75 * 100) / 100;
}

/** Rectangles (0-based, inclusive) of contiguous cells sharing a style, per style name. */
export function styleRects(rows: (SpecCell | null)[][]): Map<string, { r1: number; c1: number; r2: number; c2: number }[]> {
  type R = { r1: number; c1: number; r2: number; c2: number; style: string };
  const out = new Map<string, { r1: number; c1: number; r2: number; c2: number }[]>();
  let open = new Map<string, R>();
  const close = (x: R) => {
    let list = out.get(x.style);
    if (!list) out.set(x.style, (list = []));
    list.push({ r1: x.r1, c1: x.c1, r2: x.r2, c2: x.c2 });
  };
  rows.forEach((row, r) => {
    const next = new Map<string, R>();
    let c = 0;
    while (c < row.length) {
      const s = row[c]?.style;
      if (!s) { c++; continue; }
      let e = c;
      while (e + 1 < row.length && row[e + 1]?.style === s) e++;
      const k = `${c},${e},${s}`;
      const prev = open.get(k);
      if (prev && prev.r2 === r - 1) { prev.r2 = r; next.set(k, prev); open.delete(k); }
      else next.set(k, { r1: r, c1: c, r2: r, c2: e, style: s });
      c = e + 1;
    }
    for (const x of open.values()) close(x);
    open = next;
  });
  for (const x of open.values()) close(x);
  // Stable order: by style name insertion, then position.
  for (const list of out.values()) list.sort((a, b) => a.r1 - b.r1 || a.c1 - b.c1);
  return out;
}

/** What one spec cell becomes: its number format and its entry in the `formulas` array. */
export function cellEntry(cell: SpecCell | null | undefined): { nf: string; fm: string | number | boolean } {
  if (!cell) return { nf: 'General', fm: '' };
  const fmt = cell.fmt && cell.fmt !== '@' ? cell.fmt : 'General';
  if (cell.f !== undefined && cell.f !== null && String(cell.f).trim() !== '') {
    const f = String(cell.f).replace(/^=/, '');
    return { nf: fmt, fm: '=' + f };
  }
  const v = cell.v;
  if (typeof v === 'string') return { nf: '@', fm: v.length > MAX_TEXT ? v.slice(0, MAX_TEXT) : v };
  if (typeof v === 'number') return Number.isFinite(v) ? { nf: fmt, fm: v } : { nf: fmt, fm: '' };
  if (typeof v === 'boolean') return { nf: fmt, fm: v };
  return { nf: cell.fmt ?? 'General', fm: '' };
}

// ───────────────────────────── the write ─────────────────────────────

interface Op {
  bytes: number;
  run: () => void;
}

const H_ALIGN: Record<string, 'Left' | 'Center' | 'Right'> = { left: 'Left', center: 'Center', right: 'Right' };
const V_ALIGN: Record<string, 'Top' | 'Center' | 'Bottom'> = { top: 'Top', middle: 'Center', bottom: 'Bottom' };
const CF_OPERATOR: Record<string, 'LessThan' | 'GreaterThanOrEqual' | 'Between' | 'EqualTo'> = {
  lessThan: 'LessThan',
  greaterThanOrEqual: 'GreaterThanOrEqual',
  between: 'Between',
  equal: 'EqualTo',
};

function color(c: string): string {
  return '#' + c.replace(/^#/, '');
}

function styleProps(st: CellStyle): number {
  let n = 0;
  for (const k of ['bold', 'italic', 'size', 'color', 'fill', 'hAlign', 'vAlign', 'wrap'] as const) if (st[k] !== undefined) n++;
  return n + (st.border ? 6 : 0);
}

function applyStyle(fmt: Excel.RangeFormat, st: CellStyle, inside: { h: boolean; v: boolean }): void {
  if (st.fill) fmt.fill.color = color(st.fill);
  if (st.bold !== undefined) fmt.font.bold = st.bold;
  if (st.italic !== undefined) fmt.font.italic = st.italic;
  if (st.size !== undefined) fmt.font.size = st.size;
  if (st.color) fmt.font.color = color(st.color);
  if (st.hAlign && H_ALIGN[st.hAlign]) fmt.horizontalAlignment = H_ALIGN[st.hAlign];
  if (st.vAlign && V_ALIGN[st.vAlign]) fmt.verticalAlignment = V_ALIGN[st.vAlign];
  if (st.wrap !== undefined) fmt.wrapText = st.wrap;
  if (st.border) {
    for (const edge of ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight'] as const) fmt.borders.getItem(edge).style = 'Continuous';
    if (inside.h) fmt.borders.getItem('InsideHorizontal').style = 'Continuous';
    if (inside.v) fmt.borders.getItem('InsideVertical').style = 'Continuous';
  }
}

/** Split a "between" formula "a,b" at its top-level comma (outside quotes and brackets). */
function splitBetween(f: string): [string, string | undefined] {
  let depth = 0;
  let quote = false;
  for (let i = 0; i < f.length; i++) {
    const ch = f[i];
    if (ch === '"') quote = !quote;
    else if (!quote && ch === '(') depth++;
    else if (!quote && ch === ')') depth--;
    else if (!quote && depth === 0 && (ch === ',' || ch === ';')) return [f.slice(0, i).trim(), f.slice(i + 1).trim()];
  }
  return [f, undefined];
}

function withEq(f: string): string {
  const t = f.trim();
  return t.startsWith('=') ? t : '=' + t;
}

/** Group address strings into comma-joined lists no longer than MAX_ADDRESS. */
function addressLists(addresses: string[]): string[] {
  const out: string[] = [];
  let cur = '';
  for (const a of addresses) {
    if (cur && cur.length + 1 + a.length > MAX_ADDRESS) { out.push(cur); cur = ''; }
    cur = cur ? `${cur},${a}` : a;
  }
  if (cur) out.push(cur);
  return out;
}

type Rect = { r1: number; c1: number; r2: number; c2: number };

/**
 * Below ExcelApi 1.9 (no getRanges / RangeAreas) every area is its own getRange call, so the styles are
 * taken apart by property: each (property, value) pair's cells form rectangles of their own (a
 * right-aligned column of numbers is ONE rectangle, whatever fills some of its cells carry), and pairs
 * whose rectangles are the same are applied together. Borders are a property too: every bordered cell
 * gets its four edges, which is what a rectangle's edges plus its inside lines give.
 * Returns the partial styles to apply and where.
 */
export function propertyAreas(rows: (SpecCell | null)[][], styles: Record<string, CellStyle>): { style: CellStyle; rects: Rect[] }[] {
  const KEYS = ['fill', 'bold', 'italic', 'size', 'color', 'hAlign', 'vAlign', 'wrap', 'border'] as const;
  const perPair = new Map<string, { key: (typeof KEYS)[number]; value: unknown }>();
  // One layer per property: the value of that property in each cell, as a style name for styleRects.
  const layers = KEYS.map((k) =>
    rows.map((row) =>
      (row ?? []).map((c) => {
        const st = c?.style ? styles[c.style] : undefined;
        const v = st?.[k];
        if (v === undefined || v === false && k === 'border') return null;
        const name = `${k}=${JSON.stringify(v)}`;
        if (!perPair.has(name)) perPair.set(name, { key: k, value: v });
        return { v: null, style: name } as SpecCell;
      }),
    ),
  );
  // (property, value) → its rectangles, then pairs with identical rectangles merged into one partial style.
  const byRects = new Map<string, { style: CellStyle; rects: Rect[] }>();
  for (const layer of layers) {
    for (const [name, rects] of styleRects(layer)) {
      const pair = perPair.get(name)!;
      const sig = rects.map((x) => `${x.r1},${x.c1},${x.r2},${x.c2}`).join(';');
      let g = byRects.get(sig);
      if (!g) byRects.set(sig, (g = { style: {}, rects }));
      (g.style as Record<string, unknown>)[pair.key] = pair.value;
    }
  }
  return [...byRects.values()];
}

interface SheetPlan {
  spec: SheetSpec;
  name: string;
  ws: Excel.Worksheet | null;
}

/** The ops that write one sheet's content (after the sheet exists). */
function sheetOps(p: SheetPlan, budget: number, support: { ranges: boolean; freeze: boolean; cf: boolean; page: boolean; series: boolean }): Op[] {
  const ops: Op[] = [];
  const spec = p.spec;
  const ws = () => p.ws as Excel.Worksheet;

  // Column widths, grouped by equal width.
  const widths = spec.widths ?? [];
  for (let c = 0; c < widths.length; ) {
    const w = widths[c];
    let e = c;
    while (e + 1 < widths.length && widths[e + 1] === w) e++;
    if (typeof w === 'number' && w > 0 && Number.isFinite(w)) {
      const addr = `${colLetter(c)}:${colLetter(e)}`;
      const pts = columnWidthPoints(w);
      ops.push({ bytes: 2 * CALL_BYTES + addr.length, run: () => { ws().getRange(addr).format.columnWidth = pts; } });
    }
    c = e + 1;
  }

  // Values, formulas and number formats: one block, split into row chunks (and column chunks for a
  // row over the budget) only when larger than the request budget.
  const rows = spec.rows ?? [];
  const nrows = rows.length;
  const ncols = rows.reduce((m, r) => Math.max(m, r?.length ?? 0), 0);
  if (nrows > 0 && ncols > 0) {
    const nf: string[][] = [];
    const fm: (string | number | boolean)[][] = [];
    for (let r = 0; r < nrows; r++) {
      const nfr: string[] = new Array(ncols);
      const fmr: (string | number | boolean)[] = new Array(ncols);
      const row = rows[r] ?? [];
      for (let c = 0; c < ncols; c++) {
        const e = cellEntry(row[c]);
        nfr[c] = e.nf;
        fmr[c] = e.fm;
      }
      nf.push(nfr);
      fm.push(fmr);
    }
    const chunkBudget = budget - 4 * CALL_BYTES;
    const pushBlock = (r1: number, r2: number, c1: number, c2: number, bytes: number) => {
      const addr = rangeAddress(r1, c1, r2, c2);
      const whole = c1 === 0 && c2 === ncols - 1;
      ops.push({
        bytes: bytes + 3 * CALL_BYTES + addr.length,
        run: () => {
          const nfPart = whole ? nf.slice(r1, r2 + 1) : nf.slice(r1, r2 + 1).map((x) => x.slice(c1, c2 + 1));
          const fmPart = whole ? fm.slice(r1, r2 + 1) : fm.slice(r1, r2 + 1).map((x) => x.slice(c1, c2 + 1));
          const range = ws().getRange(addr);
          // Number formats first: "@" must be in place before the text arrives.
          range.numberFormat = nfPart;
          range.formulas = fmPart;
        },
      });
    };
    let start = 0;
    let acc = 0;
    for (let r = 0; r < nrows; r++) {
      const rb = jsonBytes(nf[r]) + jsonBytes(fm[r]) + 2;
      if (rb > chunkBudget) {
        if (r > start) pushBlock(start, r - 1, 0, ncols - 1, acc);
        // One row over the budget: split it by columns.
        let cs = 0;
        let cacc = 0;
        for (let c = 0; c < ncols; c++) {
          const cb = jsonBytes(nf[r][c]) + jsonBytes(fm[r][c]) + 2;
          if (c > cs && cacc + cb > chunkBudget) { pushBlock(r, r, cs, c - 1, cacc); cs = c; cacc = 0; }
          cacc += cb;
        }
        pushBlock(r, r, cs, ncols - 1, cacc);
        start = r + 1;
        acc = 0;
        continue;
      }
      if (r > start && acc + rb > chunkBudget) { pushBlock(start, r - 1, 0, ncols - 1, acc); start = r; acc = 0; }
      acc += rb;
    }
    if (start < nrows) pushBlock(start, nrows - 1, 0, ncols - 1, acc);
  }

  // Styles: one RangeAreas per style (ExcelApi 1.9), else one range per rectangle of equal property values.
  const styles = spec.styles ?? {};
  const styleGroups: [string, CellStyle | undefined, Rect[]][] = support.ranges
    ? [...styleRects(rows)].map(([name, rects]) => [name, styles[name], rects])
    : propertyAreas(rows, styles).map((g, i) => [`#${i}`, g.style, g.rects]);
  for (const [, st, rects] of styleGroups) {
    if (!st) continue;
    const nprops = styleProps(st);
    if (nprops === 0) continue;
    const groups: { addrs: string[]; inside: { h: boolean; v: boolean } }[] = [];
    if (st.border) {
      // Inside borders only where the areas have inside lines.
      const plain = rects.filter((x) => x.r1 === x.r2 && x.c1 === x.c2);
      const tall = rects.filter((x) => x.r2 > x.r1 && x.c2 === x.c1);
      const wide = rects.filter((x) => x.c2 > x.c1 && x.r2 === x.r1);
      const both = rects.filter((x) => x.r2 > x.r1 && x.c2 > x.c1);
      const addr = (x: { r1: number; c1: number; r2: number; c2: number }) => (x.r1 === x.r2 && x.c1 === x.c2 ? `${colLetter(x.c1)}${x.r1 + 1}` : rangeAddress(x.r1, x.c1, x.r2, x.c2));
      groups.push({ addrs: plain.map(addr), inside: { h: false, v: false } });
      groups.push({ addrs: tall.map(addr), inside: { h: true, v: false } });
      groups.push({ addrs: wide.map(addr), inside: { h: false, v: true } });
      groups.push({ addrs: both.map(addr), inside: { h: true, v: true } });
    } else {
      groups.push({ addrs: rects.map((x) => (x.r1 === x.r2 && x.c1 === x.c2 ? `${colLetter(x.c1)}${x.r1 + 1}` : rangeAddress(x.r1, x.c1, x.r2, x.c2))), inside: { h: false, v: false } });
    }
    for (const g of groups) {
      if (g.addrs.length === 0) continue;
      if (support.ranges) {
        for (const list of addressLists(g.addrs)) {
          ops.push({ bytes: (nprops + 2) * CALL_BYTES + utf8Length(list), run: () => applyStyle(ws().getRanges(list).format, st, g.inside) });
        }
      } else {
        for (const a of g.addrs) ops.push({ bytes: (nprops + 2) * CALL_BYTES + a.length, run: () => applyStyle(ws().getRange(a).format, st, g.inside) });
      }
    }
  }

  // Merges.
  for (const m of spec.merges ?? []) {
    ops.push({ bytes: 2 * CALL_BYTES + m.length, run: () => ws().getRange(m).merge(false) });
  }

  // Conditional formats (ExcelApi 1.6).
  if (support.cf) {
    for (const cf of spec.conditionalFormats ?? []) ops.push({ bytes: 6 * CALL_BYTES + jsonBytes(cf), run: () => addConditional(ws(), cf) });
  }

  // Frozen panes (ExcelApi 1.7): explicit freeze, else the header rows.
  const fr = spec.freeze ?? (spec.headerRows ? { rows: spec.headerRows.last, cols: 0 } : null);
  if (support.freeze && fr && (fr.rows > 0 || fr.cols > 0)) {
    ops.push({
      bytes: 2 * CALL_BYTES,
      run: () => {
        if (fr.rows > 0 && fr.cols > 0) ws().freezePanes.freezeAt(ws().getRange(rangeAddress(0, 0, fr.rows - 1, fr.cols - 1)));
        else if (fr.rows > 0) ws().freezePanes.freezeRows(fr.rows);
        else ws().freezePanes.freezeColumns(fr.cols);
      },
    });
  }

  // Page layout (ExcelApi 1.9): orientation, paper, fit to width, header rows on every page.
  if (support.page && (spec.print || spec.headerRows)) {
    ops.push({
      bytes: 6 * CALL_BYTES,
      run: () => {
        const pl = ws().pageLayout;
        if (spec.print) {
          pl.orientation = spec.print.orientation === 'landscape' ? 'Landscape' : 'Portrait';
          pl.paperSize = 'A4';
          if (spec.print.fitToWidth) pl.zoom = { horizontalFitToPages: 1 };
        }
        if (spec.headerRows && spec.headerRows.first >= 1 && spec.headerRows.last >= spec.headerRows.first) {
          pl.setPrintTitleRows(`$${spec.headerRows.first}:$${spec.headerRows.last}`);
        }
      },
    });
  }

  // Chart: clustered bars of `values` against `categories`.
  const ch = spec.chart;
  if (ch && ch.values) {
    ops.push({
      bytes: 8 * CALL_BYTES + jsonBytes(ch),
      run: () => {
        const chart = ws().charts.add('BarClustered', ws().getRange(ch.values), 'Columns');
        chart.title.text = ch.title;
        chart.legend.visible = false;
        if (support.series && ch.categories) chart.series.getItemAt(0).setXAxisValues(ws().getRange(ch.categories));
        if (ch.anchor) {
          // About 1.5 rows per bar, 15–45 rows tall, 8 columns wide.
          const a = parseAddress(ch.anchor);
          const cats = ch.categories ? /^\$?[A-Z]+\$?(\d+):\$?[A-Z]+\$?(\d+)$/i.exec(ch.categories) : null;
          const n = cats ? Math.abs(Number(cats[2]) - Number(cats[1])) + 1 : 10;
          const tall = Math.min(45, Math.max(15, Math.ceil(n * 1.5) + 4));
          chart.setPosition(ch.anchor, cellAddress(a.r + tall - 1, a.c + 7));
        }
      },
    });
  }
  return ops;
}

function addConditional(ws: Excel.Worksheet, cf: ConditionalFormatSpec): void {
  const range = ws.getRange(cf.range);
  if (cf.type === 'cellIs') {
    const op = CF_OPERATOR[cf.operator ?? 'lessThan'] ?? 'LessThan';
    const f = cf.formula ?? '0';
    const [f1, f2] = op === 'Between' ? splitBetween(f) : [f, undefined];
    const c = range.conditionalFormats.add('CellValue');
    if (cf.fill) c.cellValue.format.fill.color = color(cf.fill);
    if (cf.color) c.cellValue.format.font.color = color(cf.color);
    c.cellValue.rule = f2 !== undefined ? { formula1: withEq(f1), formula2: withEq(f2), operator: op } : { formula1: withEq(f1), operator: op };
  } else if (cf.type === 'dataBar') {
    const c = range.conditionalFormats.add('DataBar');
    c.dataBar.positiveFormat.fillColor = color(cf.color ?? cf.fill ?? '638EC6');
  }
}

/**
 * Write the specs into the open workbook as new sheets. See the file comment for round trips,
 * markers and what is never touched. Throws only when Excel itself refuses a request.
 */
export async function writeSheetsToExcel(context: Excel.RequestContext, specs: SheetSpec[], opts: WriteOptions): Promise<WriteResult> {
  const budget = Math.max(20_000, opts.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES);
  let syncs = 0;
  const sync = async () => {
    syncs++;
    await context.sync();
  };
  const support = {
    markers: apiSupported(12),
    ranges: apiSupported(9),
    freeze: apiSupported(7),
    cf: apiSupported(6),
    page: apiSupported(9),
    series: apiSupported(7),
    calc: apiSupported(6),
    // Below 1.12: the register sheet (setting a sheet's visibility is ExcelApi 1.2).
    register: !apiSupported(12) && apiSupported(2),
  };

  // 1. The sheets there are.
  const coll = context.workbook.worksheets;
  coll.load('items/name');
  await sync();
  const existing = coll.items.map((ws) => ({ ws, name: ws.name, marker: null as SheetMarker | null }));
  const registerWs = support.register ? coll.items.find((ws) => ws.name === REGISTER_SHEET) ?? null : null;
  if (registerWs) {
    const read = queueRegisterRead([registerWs])!;
    await sync();
    const marks = read();
    for (const e of existing) e.marker = marks.get(e.name.toLowerCase()) ?? null;
  }

  // 2. tonghop's markers.
  if (support.markers && existing.length > 0) {
    const props = existing.map((e) => {
      const p = e.ws.customProperties.getItemOrNullObject(MARKER_KEY);
      p.load('value');
      return p;
    });
    await sync();
    props.forEach((p, i) => {
      existing[i].marker = p.isNullObject ? null : parseMarker(p.value);
    });
  }

  // 3. Replace the earlier run's sheets?
  const run = markerRunKey(opts.runKey);
  const earlier = existing.filter((e) => e.marker && e.marker.run === run);
  let replace = false;
  if (earlier.length > 0) {
    if (opts.replace === 'replace') replace = true;
    else if (opts.replace === 'ask' && opts.confirm) {
      const answer = await opts.confirm(earlier.map((e) => e.name));
      if (answer === 'cancel') return { sheetNames: [], syncs, replaced: [], cancelled: true };
      replace = answer === true;
    }
  }
  const doomed = replace ? earlier : [];
  const doomedSet = new Set(doomed);

  // 4. Names: the doomed sheets' names are free for the new sheets (the doomed ones first take
  // temporary names that clash with nothing).
  const kept = new Set(existing.filter((e) => !doomedSet.has(e)).map((e) => e.name.toLowerCase()));
  const plans: SheetPlan[] = specs.map((spec) => {
    const name = freeSheetName(sanitizeSheetName(spec.name), kept);
    kept.add(name.toLowerCase());
    return { spec, name, ws: null };
  });
  const avoid = new Set([...existing.map((e) => e.name.toLowerCase()), ...plans.map((p) => p.name.toLowerCase())]);
  const temps = doomed.map((_, i) => {
    const t = freeSheetName(`~tonghop ${i + 1}`, avoid);
    avoid.add(t.toLowerCase());
    return t;
  });

  // 5. Ops: set-up, content, finish.
  const ops: Op[] = [];
  ops.push({
    bytes: (doomed.length + plans.length * 2) * CALL_BYTES + jsonBytes(plans.map((p) => p.name)) + plans.length * 120,
    run: () => {
      doomed.forEach((d, i) => { d.ws.name = temps[i]; });
      for (const p of plans) {
        p.ws = coll.add(p.name);
        if (support.markers) p.ws.customProperties.add(MARKER_KEY, markerValue(opts.runKey, p.spec.key));
      }
      if (support.register && !registerWs) {
        register = coll.add(REGISTER_SHEET);
        register.visibility = 'VeryHidden';
      }
    },
  });
  let register: Excel.Worksheet | null = registerWs;
  for (const p of plans) ops.push(...sheetOps(p, budget, support));
  const summary = plans.find((p) => p.spec.key === 'summary') ?? plans[0];
  ops.push({
    bytes: (doomed.length + 2) * CALL_BYTES,
    run: () => {
      for (const d of doomed) d.ws.delete();
      if (summary?.ws) summary.ws.activate();
    },
  });
  if (support.register) {
    // The register again: the earlier marks of the sheets that stay, and this run's sheets.
    const rows: [string, string, string][] = [];
    for (const e of existing) if (e.marker && !doomedSet.has(e) && e.name !== REGISTER_SHEET) rows.push([e.marker.run, e.marker.key, registerRef(e.name)]);
    for (const p of plans) rows.push([run, p.spec.key, registerRef(p.name)]);
    ops.push({
      bytes: 4 * CALL_BYTES + jsonBytes(rows) * 2,
      run: () => {
        const reg = register as Excel.Worksheet;
        reg.getRange('A:C').clear();
        const range = reg.getRange(`A1:C${rows.length}`);
        range.numberFormat = rows.map(() => ['@', '@', 'General']);
        range.formulas = rows;
      },
    });
  }

  // 6. Pack into batches under the budget, one sync each, calculation suspended.
  const batches: Op[][] = [];
  let cur: Op[] = [];
  let curBytes = CALL_BYTES;
  for (const op of ops) {
    if (cur.length > 0 && curBytes + op.bytes > budget) {
      batches.push(cur);
      cur = [];
      curBytes = CALL_BYTES;
    }
    cur.push(op);
    curBytes += op.bytes;
  }
  if (cur.length) batches.push(cur);
  for (const batch of batches) {
    if (support.calc) context.workbook.application.suspendApiCalculationUntilNextSync();
    for (const op of batch) op.run();
    await sync();
  }

  return { sheetNames: plans.map((p) => p.name), syncs, replaced: doomed.map((d) => d.name) };
}

/**
 * How the sheets print: each row's height so that no wrapped text runs into the next (fitRowHeights, or row
 * by row for rows made as they are written: rowHeightFitter), and the print scale that keeps every text at
 * 8 pt or more (printScale). Measured generously, so that any spreadsheet program prints them at least so.
 */
import type { CellStyle, SheetSpec, SpecCell } from '../types';

/** Points per unit of column width, generous: LibreOffice with DejaVu Sans for Calibri takes about 7.1. */
const PT_PER_WIDTH = 7.2;
/** The smallest text allowed in print (pt). */
export const MIN_PRINT_PT = 8;

/**
 * The print scale of a sheet: its columns on one page width where that keeps every text at 8 pt or more,
 * else as small as 8 pt allows (the sheet then splits across pages, its print titles repeated). Measured
 * against a wide character width, so that any spreadsheet program prints it at least this large.
 */
export function printScale(spec: SheetSpec): number {
  let smallest = 12; // the footer's page numbers
  for (const row of spec.rows) smallest = smallestText(row, spec.styles, smallest);
  return scaleFor(spec, smallest);
}

/** The smallest font size (pt) of a row's texts and numbers, or `smallest` if it is smaller. */
export function smallestText(row: readonly (SpecCell | null)[], styles: Record<string, CellStyle>, smallest: number): number {
  for (const c of row) if (c && c.v !== null && c.v !== '') smallest = Math.min(smallest, (c.style && styles[c.style]?.size) || 11);
  return smallest;
}

/** printScale of a sheet whose smallest text is `smallest` pt. */
export function scaleFor(spec: Pick<SheetSpec, 'print' | 'widths'>, smallest: number): number {
  const p = spec.print;
  if (!p) return 100;
  const m = p.margins ?? PRINT_MARGINS;
  const pageMm = (p.orientation === 'portrait' ? 210 : 297) - m.left - m.right;
  let cols = spec.widths.length;
  const area = p.area ? /^[A-Z]+\d+:([A-Z]+)\d+$/.exec(p.area) : null;
  if (area) cols = colIndex0(area[1]) + 1;
  const units = spec.widths.slice(0, cols).reduce((a, w) => a + (w || 9), 0);
  const floor = Math.ceil((MIN_PRINT_PT / smallest) * 100);
  const fit = Math.floor(((pageMm / 25.4) * 72 * 100) / (units * PT_PER_WIDTH));
  return Math.max(floor, Math.min(100, fit));
}

/** Margins of the printed tables (mm): Nghị định 30/2020/NĐ-CP's ranges, turned for landscape pages. */
export const PRINT_MARGINS = { top: 20, bottom: 20, left: 15, right: 15 };
/** Margins of the printed narrative (mm): Nghị định 30/2020/NĐ-CP, portrait. */
export const REPORT_MARGINS = { top: 20, bottom: 20, left: 30, right: 15 };

// ───────────────────────────── row heights ─────────────────────────────

/** Points per line of text at 11 pt (LibreOffice and Excel use about 1.3 × the font size). */
const LINE = 1.32;

/** Lines a text takes in a column `width` characters wide at `size` pt (greedy word wrap, a conservative character width). */
export function textLines(text: string, width: number, size = 11, bold = false): number {
  const perLine = Math.max(1, Math.floor(width * (11 / size) * (bold ? 0.8 : 0.88) - 1));
  // most cells: one paragraph no longer than a line (its words, however spaced, fit on it)
  if (text.length <= perLine && text.indexOf('\n') < 0) return 1;
  let lines = 0;
  for (const para of text.split(/\r?\n/)) {
    let line = 0;
    let n = 1;
    for (const w of para.split(/\s+/).filter(Boolean)) {
      const len = w.length;
      if (line === 0) { n += Math.floor((len - 1) / perLine); line = ((len - 1) % perLine) + 1; continue; }
      if (line + 1 + len <= perLine) line += 1 + len;
      else { n += 1 + Math.floor((len - 1) / perLine); line = ((len - 1) % perLine) + 1; }
    }
    lines += n;
  }
  return Math.max(1, lines);
}

/** A cell's number in the maps below: row × CELL_KEY + column (columns stop at 16 384). */
const CELL_KEY = 16384;

/**
 * Row heights so that no wrapped text runs into the next row when printed: each row as tall as its tallest
 * cell (a merge across columns counts their widths; a merge down several rows gives its last row what
 * the others lack). Rows of one line at 11 pt keep the default height (null).
 */
export function fitRowHeights(spec: SheetSpec): (number | null)[] {
  const fit = rowHeightFitter(spec);
  const out: (number | null)[] = new Array(spec.rows.length);
  for (let r = 0; r < spec.rows.length; r++) out[r] = fit(r, spec.rows[r]);
  return out;
}

/**
 * fitRowHeights one row at a time, for rows made as they are written: the height of row r from its cells,
 * asked for every row in order (a merge down several rows is settled on its last row, from the heights
 * given to the rows above it).
 */
export function rowHeightFitter(spec: Pick<SheetSpec, 'widths' | 'merges' | 'styles'>): (r: number, row: readonly (SpecCell | null)[] | undefined) => number | null {
  const widths = spec.widths;
  const across = new Map<number, { c2: number }>();
  const downByTop = new Map<number, Down[]>();
  const downByEnd = new Map<number, Down[]>();
  const downTop = new Set<number>();
  for (const m of spec.merges) {
    const x = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(m);
    if (!x) continue;
    const [c1, r1, c2, r2] = [colIndex0(x[1]), Number(x[2]) - 1, colIndex0(x[3]), Number(x[4]) - 1];
    if (r1 === r2) {
      across.set(r1 * CELL_KEY + c1, { c2 });
      continue;
    }
    const d: Down = { r1, r2, c1, want: null };
    listAt(downByTop, r1).push(d);
    listAt(downByEnd, r2).push(d);
    downTop.add(r1 * CELL_KEY + c1);
  }
  // a long table repeats its texts (each indicator's name on every commune's row): lines counted once per
  // text, style (size and weight) and width
  const counted = new Map<CellStyle | undefined, Map<number, Map<string, number>>>();
  const lines = (text: string, w: number, st: CellStyle | undefined): number => {
    let byWidth = counted.get(st);
    if (!byWidth) counted.set(st, (byWidth = new Map()));
    let byText = byWidth.get(w);
    if (!byText) byWidth.set(w, (byText = new Map()));
    let n = byText.get(text);
    if (n === undefined) byText.set(text, (n = textLines(text, w, st?.size ?? 11, !!st?.bold)));
    return n;
  };
  const need = (r: number, c: number, cell: SpecCell): number => {
    const v = cell.v;
    if (v === null || v === undefined || v === '') return 0;
    const st = cell.style ? spec.styles[cell.style] : undefined;
    const size = st?.size ?? 11;
    const m = across.size ? across.get(r * CELL_KEY + c) : undefined;
    if (!st?.wrap && !m) return size * LINE + 3; // one line
    let w = 0;
    for (let k = c; k <= (m ? m.c2 : c); k++) w += widths[k] ?? 9;
    return lines(typeof v === 'string' ? v : String(v), w, st) * size * LINE + 3;
  };
  // the heights given, kept for the merges down several rows
  const given: (number | null)[] = [];
  return (r, row) => {
    let h = 0;
    if (row) {
      for (let c = 0; c < row.length; c++) {
        const cell = row[c];
        if (!cell || (downTop.size && downTop.has(r * CELL_KEY + c))) continue;
        const k = need(r, c, cell);
        if (k > h) h = k;
      }
    }
    for (const d of downByTop.get(r) ?? []) {
      const cell = row?.[d.c1];
      if (cell) d.want = need(r, d.c1, cell);
    }
    let out = h > 15.5 ? Math.ceil(h) : null;
    given[r] = out;
    for (const d of downByEnd.get(r) ?? []) {
      if (d.want === null) continue;
      let have = 0;
      for (let k = d.r1; k <= d.r2; k++) have += given[k] ?? 15;
      if (d.want > have) given[r] = out = Math.ceil((out ?? 15) + d.want - have);
    }
    return out;
  };
}

/** A merge down several rows: its rows, first column, and the height its top-left cell needs (once met). */
interface Down {
  r1: number;
  r2: number;
  c1: number;
  want: number | null;
}

function listAt<K, V>(map: Map<K, V[]>, key: K): V[] {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  return list;
}

function colIndex0(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/**
 * Cell styles, column widths and row heights of a SheetSpec as Excel JavaScript API calls, in a bounded
 * number of calls at every API set (a few hundred for 200 communes × 80 indicators):
 *
 *  - The styles are taken apart by property (propertyAreas): each (property, value) pair's cells form
 *    rectangles of their own (a right-aligned column of numbers is ONE rectangle whatever fills some of
 *    its cells carry), and pairs with the same rectangles are applied together.
 *  - ExcelApi 1.9+: the rectangles of a group go in one RangeAreas per ≤ 8 000-character address list.
 *  - Below 1.9 (no RangeAreas) every rectangle is its own getRange — which is what made the scattered
 *    "behind" cells cost one call each. A group of many rectangles whose properties a conditional format
 *    can carry (fill, font colour, bold, italic) becomes a few CUSTOM conditional formats (ExcelApi 1.6)
 *    instead, whose formula picks exactly those cells out of a bit mask (maskRules): the same look as the
 *    .xlsx writer's static formats, the same cells, in a handful of rules.
 *  - Column widths and row heights: one call per run of equal neighbours, and at 1.9+ one per value.
 */
import type { CellStyle, SpecCell } from '../types';
import { colLetter, rangeAddress } from '../util/address';

export interface Op {
  bytes: number;
  run: () => void;
  /** Sent after the data, in the finishing sync whose refusal costs only itself (a note says so): the bit-mask
   *  conditional formats, whose long formulas no Excel here has confirmed. */
  late?: boolean;
}

/** Estimated bytes of one queued API call (action + object path) besides its arguments. */
export const CALL_BYTES = 250;
/** getRange/getRanges refuse addresses longer than 8192 characters. */
const MAX_ADDRESS = 8000;

export type Rect = { r1: number; c1: number; r2: number; c2: number };

export interface StyleSupport {
  /** ExcelApi 1.9: getRanges / RangeAreas. */
  ranges: boolean;
  /** ExcelApi 1.6: conditional formats. */
  cf: boolean;
}

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

/** Excel column width in characters (Calibri 11: 7 px per digit + 5 px padding) → points. */
export function columnWidthPoints(chars: number): number {
  return Math.round((chars * 7 + 5) * 0.75 * 100) / 100;
}

/** Rectangles (0-based, inclusive) of contiguous cells sharing a style, per style name. */
export function styleRects(rows: (SpecCell | null)[][]): Map<string, Rect[]> {
  type R = Rect & { style: string };
  const out = new Map<string, Rect[]>();
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
  for (const list of out.values()) list.sort((a, b) => a.r1 - b.r1 || a.c1 - b.c1);
  return out;
}

const KEYS = ['fill', 'bold', 'italic', 'size', 'color', 'font', 'hAlign', 'vAlign', 'wrap', 'border'] as const;

/**
 * The styles taken apart by property: each (property, value) pair's cells as rectangles of their own,
 * pairs whose rectangles are the same merged into one partial style. Borders are a property too: every
 * bordered cell gets its four edges, which is what a rectangle's edges plus its inside lines give.
 */
export function propertyAreas(rows: (SpecCell | null)[][], styles: Record<string, CellStyle>): { style: CellStyle; rects: Rect[] }[] {
  const perPair = new Map<string, { key: (typeof KEYS)[number]; value: unknown }>();
  const layers = KEYS.map((k) =>
    rows.map((row) =>
      (row ?? []).map((c) => {
        const st = c?.style ? styles[c.style] : undefined;
        const v = st?.[k];
        if (v === undefined || (v === false && k === 'border') || (k === 'font' && !String(v).trim())) return null;
        const name = `${k}=${JSON.stringify(v)}`;
        if (!perPair.has(name)) perPair.set(name, { key: k, value: v });
        return { v: null, style: name } as SpecCell;
      }),
    ),
  );
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

const H_ALIGN: Record<string, 'Left' | 'Center' | 'Right'> = { left: 'Left', center: 'Center', right: 'Right' };
const V_ALIGN: Record<string, 'Top' | 'Center' | 'Bottom'> = { top: 'Top', middle: 'Center', bottom: 'Bottom' };

export function color(c: string): string {
  return '#' + c.replace(/^#/, '');
}

function styleProps(st: CellStyle): number {
  let n = 0;
  for (const k of KEYS) if (k !== 'border' && st[k] !== undefined) n++;
  return n + (st.border ? 6 : 0);
}

function applyStyle(fmt: Excel.RangeFormat, st: CellStyle, inside: { h: boolean; v: boolean }): void {
  if (st.fill) fmt.fill.color = color(st.fill);
  if (st.bold !== undefined) fmt.font.bold = st.bold;
  if (st.italic !== undefined) fmt.font.italic = st.italic;
  if (st.size !== undefined) fmt.font.size = st.size;
  if (st.color) fmt.font.color = color(st.color);
  if (st.font && st.font.trim()) fmt.font.name = st.font.trim().slice(0, 31);
  if (st.hAlign && H_ALIGN[st.hAlign]) fmt.horizontalAlignment = H_ALIGN[st.hAlign];
  if (st.vAlign && V_ALIGN[st.vAlign]) fmt.verticalAlignment = V_ALIGN[st.vAlign];
  if (st.wrap !== undefined) fmt.wrapText = st.wrap;
  if (st.border) {
    for (const edge of ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight'] as const) fmt.borders.getItem(edge).style = 'Continuous';
    if (inside.h) fmt.borders.getItem('InsideHorizontal').style = 'Continuous';
    if (inside.v) fmt.borders.getItem('InsideVertical').style = 'Continuous';
  }
}

/** Group address strings into comma-joined lists no longer than MAX_ADDRESS. */
export function addressLists(addresses: string[]): string[] {
  const out: string[] = [];
  let cur = '';
  for (const a of addresses) {
    if (cur && cur.length + 1 + a.length > MAX_ADDRESS) { out.push(cur); cur = ''; }
    cur = cur ? `${cur},${a}` : a;
  }
  if (cur) out.push(cur);
  return out;
}

const rectAddr = (x: Rect) => (x.r1 === x.r2 && x.c1 === x.c2 ? `${colLetter(x.c1)}${x.r1 + 1}` : rangeAddress(x.r1, x.c1, x.r2, x.c2));

// ───────────────────────────── bit-mask conditional formats ─────────────────────────────

/** Bits per number: below 2^49 an integer has at most 15 digits, which Excel keeps exactly. */
const MASK_BITS = 48;
/** CHOOSE takes at most 254 values (255 arguments). */
const MASK_CHOICES = 254;

/**
 * Custom conditional-format rules that select exactly the cells of `rects` (and no other cell of their
 * ranges). Each rule covers a block of at most 48 lines × 254 positions: one number per position, whose
 * bit k says whether the cell k lines below the block's first line is selected:
 *   =MOD(INT(CHOOSE(COLUMN()-c0,n1,…,nC)/2^(ROW()-r0)),2)=1        (lines = rows, positions = columns)
 * or the same with ROW and COLUMN exchanged, whichever needs fewer rules. Only ROW(), COLUMN(), CHOOSE,
 * INT and MOD: English function names as rule.formula expects, valid in every Excel since 2007; at most
 * 255 arguments and about 4 100 characters, under Excel's 8 192.
 */
export function maskRules(rects: Rect[]): { range: string; formula: string }[] {
  const cells: [number, number][] = [];
  for (const x of rects) for (let r = x.r1; r <= x.r2; r++) for (let c = x.c1; c <= x.c2; c++) cells.push([r, c]);
  if (cells.length === 0) return [];
  const byRows = maskBlocks(cells, false);
  const byCols = maskBlocks(cells.map(([r, c]) => [c, r]), true);
  return byCols.length < byRows.length ? byCols : byRows;
}

/** cells as [line, position]; transposed: lines are columns and positions rows. */
function maskBlocks(cells: [number, number][], transposed: boolean): { range: string; formula: string }[] {
  const byLine = new Map<number, number[]>();
  for (const [l, p] of cells) {
    let list = byLine.get(l);
    if (!list) byLine.set(l, (list = []));
    list.push(p);
  }
  const lines = [...byLine.keys()].sort((a, b) => a - b);
  const out: { range: string; formula: string }[] = [];
  let i = 0;
  while (i < lines.length) {
    const l0 = lines[i];
    const band: number[] = [];
    while (i < lines.length && lines[i] < l0 + MASK_BITS) band.push(lines[i++]);
    const l1 = band[band.length - 1];
    // positions used in the band → their masks
    const masks = new Map<number, number>();
    for (const l of band) for (const p of byLine.get(l)!) masks.set(p, (masks.get(p) ?? 0) + 2 ** (l - l0));
    const positions = [...masks.keys()].sort((a, b) => a - b);
    let j = 0;
    while (j < positions.length) {
      const p0 = positions[j];
      let p1 = p0;
      while (j < positions.length && positions[j] < p0 + MASK_CHOICES) p1 = positions[j++];
      const nums: string[] = [];
      for (let p = p0; p <= p1; p++) nums.push(String(masks.get(p) ?? 0));
      const [line, pos] = transposed ? ['COLUMN()', 'ROW()'] : ['ROW()', 'COLUMN()'];
      const formula = `=MOD(INT(CHOOSE(${pos}-${p0},${nums.join(',')})/2^(${line}-${l0 + 1})),2)=1`;
      const range = transposed ? rangeAddress(p0, l0, p1, l1) : rangeAddress(l0, p0, l1, p1);
      out.push({ range, formula });
    }
  }
  return out;
}

/** The part of a style a conditional format can carry, and the rest. */
function splitMaskable(st: CellStyle): { masked: CellStyle | null; rest: CellStyle } {
  const masked: CellStyle = {};
  const rest: CellStyle = { ...st };
  for (const k of ['fill', 'color', 'bold', 'italic'] as const) {
    if (st[k] === undefined) continue;
    (masked as Record<string, unknown>)[k] = st[k];
    delete rest[k];
  }
  return { masked: Object.keys(masked).length ? masked : null, rest };
}

function maskOps(ws: () => Excel.Worksheet, rules: { range: string; formula: string }[], st: CellStyle): Op[] {
  return rules.map((rule) => ({
    late: true,
    bytes: 6 * CALL_BYTES + rule.formula.length + rule.range.length,
    run: () => {
      const cf = ws().getRange(rule.range).conditionalFormats.add('Custom');
      cf.custom.rule.formula = rule.formula;
      const f = cf.custom.format;
      if (st.fill) f.fill.color = color(st.fill);
      if (st.color) f.font.color = color(st.color);
      if (st.bold !== undefined) f.font.bold = st.bold;
      if (st.italic !== undefined) f.font.italic = st.italic;
    },
  }));
}

// ───────────────────────────── the ops ─────────────────────────────

/** The ops that give a sheet's cells their styles. */
export function styleOps(ws: () => Excel.Worksheet, rows: (SpecCell | null)[][], styles: Record<string, CellStyle>, support: StyleSupport): Op[] {
  const ops: Op[] = [];
  for (const area of propertyAreas(rows, styles)) {
    let st = area.style;
    const rects = area.rects;
    if (!support.ranges && support.cf) {
      const { masked, rest } = splitMaskable(st);
      if (masked) {
        const rules = maskRules(rects);
        const n = styleProps(masked);
        // a rule costs add + formula + its properties; a rectangle its properties
        if (rules.length * (2 + n) < rects.length * n) {
          ops.push(...maskOps(ws, rules, masked));
          st = rest;
        }
      }
    }
    const nprops = styleProps(st);
    if (nprops === 0) continue;
    // Inside borders only where the areas have inside lines.
    const groups: { rects: Rect[]; inside: { h: boolean; v: boolean } }[] = st.border
      ? [
          { rects: rects.filter((x) => x.r1 === x.r2 && x.c1 === x.c2), inside: { h: false, v: false } },
          { rects: rects.filter((x) => x.r2 > x.r1 && x.c2 === x.c1), inside: { h: true, v: false } },
          { rects: rects.filter((x) => x.c2 > x.c1 && x.r2 === x.r1), inside: { h: false, v: true } },
          { rects: rects.filter((x) => x.r2 > x.r1 && x.c2 > x.c1), inside: { h: true, v: true } },
        ]
      : [{ rects, inside: { h: false, v: false } }];
    for (const g of groups) {
      if (g.rects.length === 0) continue;
      const addrs = g.rects.map(rectAddr);
      const style = st;
      if (support.ranges) {
        for (const list of addressLists(addrs)) ops.push({ bytes: (nprops + 2) * CALL_BYTES + utf8Length(list), run: () => applyStyle(ws().getRanges(list).format, style, g.inside) });
      } else {
        for (const a of addrs) ops.push({ bytes: (nprops + 2) * CALL_BYTES + a.length, run: () => applyStyle(ws().getRange(a).format, style, g.inside) });
      }
    }
  }
  return ops;
}

/** Runs [start, end, value] of equal neighbours; null / non-positive sizes (automatic) are left out. */
function sizeRuns(sizes: (number | null | undefined)[], from = 0, to = sizes.length - 1): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let i = from; i <= to; ) {
    const w = sizes[i];
    let e = i;
    while (e + 1 <= to && sizes[e + 1] === w) e++;
    if (typeof w === 'number' && w > 0 && Number.isFinite(w)) out.push([i, e, w]);
    i = e + 1;
  }
  return out;
}

/**
 * Below 1.9, one call per run: each stretch of set sizes first gets its most frequent value as one run,
 * then the runs of the other values over it (alternating 12, 8, 12, 8… widths: 1 + half the calls).
 */
function paintedRuns(sizes: (number | null | undefined)[]): [number, number, number][] {
  const ok = (w: unknown): w is number => typeof w === 'number' && w > 0 && Number.isFinite(w);
  const out: [number, number, number][] = [];
  for (let i = 0; i < sizes.length; ) {
    if (!ok(sizes[i])) { i++; continue; }
    let e = i;
    while (e + 1 < sizes.length && ok(sizes[e + 1])) e++;
    const runs = sizeRuns(sizes, i, e);
    const count = new Map<number, number>();
    for (const [, , w] of runs) count.set(w, (count.get(w) ?? 0) + 1);
    const base = [...count].sort((a, b) => b[1] - a[1])[0][0];
    if (count.get(base)! > 1) {
      out.push([i, e, base]);
      for (const r of runs) if (r[2] !== base) out.push(r);
    } else out.push(...runs);
    i = e + 1;
  }
  return out;
}

/**
 * Sizes along one axis ("F:H" / "5:7"): at 1.9+ all runs of one value in one RangeAreas (per ≤ 8 000-
 * character list), below one call per painted run. Order matters below 1.9: a stretch's base first.
 */
function sizeOps(ws: () => Excel.Worksheet, sizes: (number | null | undefined)[], ranges: boolean, axis: 'col' | 'row'): Op[] {
  const addr = (a: number, b: number) => (axis === 'col' ? `${colLetter(a)}:${colLetter(b)}` : `${a + 1}:${b + 1}`);
  const points = (w: number) => (axis === 'col' ? columnWidthPoints(w) : Math.min(409, Math.round(w * 4) / 4));
  const set = (f: Excel.RangeFormat, pts: number) => {
    if (axis === 'col') f.columnWidth = pts;
    else f.rowHeight = pts;
  };
  const ops: Op[] = [];
  if (!ranges) {
    for (const [a, b, w] of paintedRuns(sizes)) {
      const at = addr(a, b), pts = points(w);
      ops.push({ bytes: 2 * CALL_BYTES + at.length, run: () => set(ws().getRange(at).format, pts) });
    }
    return ops;
  }
  const byValue = new Map<number, string[]>();
  for (const [a, b, w] of sizeRuns(sizes)) {
    let list = byValue.get(w);
    if (!list) byValue.set(w, (list = []));
    list.push(addr(a, b));
  }
  for (const [w, addrs] of byValue) {
    const pts = points(w);
    for (const list of addressLists(addrs)) ops.push({ bytes: 2 * CALL_BYTES + list.length, run: () => set(ws().getRanges(list).format, pts) });
  }
  return ops;
}

/** Column widths (characters) and row heights (points) of a sheet. */
export function sizeOpsOf(ws: () => Excel.Worksheet, widths: number[] | undefined, heights: (number | null)[] | undefined, ranges: boolean): Op[] {
  return [...sizeOps(ws, widths ?? [], ranges, 'col'), ...sizeOps(ws, Array.isArray(heights) ? heights : [], ranges, 'row')];
}

/** A1-style addresses. Rows and columns are 0-based in code, 1-based / lettered in addresses. */

/** 0 → "A", 25 → "Z", 26 → "AA". */
export function colLetter(c: number): string {
  let n = c + 1;
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** "AA" → 26. */
export function colIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/**
 * The addresses made so far, by r × 16384 + c: every commune's file of one district names the same cells, so a
 * country's 265,000 values share a few thousand address strings instead of keeping one each (15 % of what
 * the files' readings keep in memory). Bounded: past ADDRESS_CACHE entries it starts again.
 */
let addresses = new Map<number, string>();
const ADDRESS_CACHE = 100_000;

/** (r, c) 0-based → "E12". */
export function cellAddress(r: number, c: number): string {
  if (!(r >= 0 && r < 1048576 && c >= 0 && c < 16384)) return colLetter(c) + (r + 1);
  const key = r * 16384 + c;
  let a = addresses.get(key);
  if (a === undefined) {
    a = colLetter(c) + (r + 1);
    if (addresses.size >= ADDRESS_CACHE) addresses = new Map();
    addresses.set(key, a);
  }
  return a;
}

/** "E12" or "$E$12" → { r: 11, c: 4 }. */
export function parseAddress(a: string): { r: number; c: number } {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(a.trim());
  if (!m) throw new Error(`not an A1 address: ${a}`);
  return { r: Number(m[2]) - 1, c: colIndex(m[1]) };
}

/** "A1:C3" from 0-based corners. */
export function rangeAddress(r1: number, c1: number, r2: number, c2: number): string {
  return `${cellAddress(r1, c1)}:${cellAddress(r2, c2)}`;
}

/** Longest sheet name Excel takes. */
const MAX_SHEET_NAME = 31;

/** `s` cut to `max` characters, never inside a surrogate pair, never ending in a blank or an apostrophe. */
export function cutSheetName(s: string, max = MAX_SHEET_NAME): string {
  let t = s.length > max ? s.slice(0, max) : s;
  if (/[\uD800-\uDBFF]$/.test(t)) t = t.slice(0, -1);
  return t.replace(/[\s']+$/, '');
}

/** `base` if free, else "base (2)", "base (3)"… cut to fit 31 characters. `taken` holds lower-cased names. */
export function freeSheetName(base: string, taken: Set<string>): string {
  if (!taken.has(base.toLowerCase())) return base;
  for (let k = 2; ; k++) {
    const suffix = ` (${k})`;
    const name = cutSheetName(base, MAX_SHEET_NAME - suffix.length) + suffix;
    if (!taken.has(name.toLowerCase())) return name;
  }
}

/** A rectangle of cells, 0-based corners. */
export interface CellRect {
  r1: number;
  c1: number;
  r2: number;
  c2: number;
}

/**
 * Which rectangles to keep (1) so that none overlaps another: read top to bottom, each one overlapping a
 * kept one is dropped (0) — a merge rule, as exceljs refuses a file whose merges overlap.
 */
export function nonOverlapping(rects: CellRect[]): Uint8Array {
  const ok = new Uint8Array(rects.length);
  const order = rects.map((_, i) => i).sort((a, b) => rects[a].r1 - rects[b].r1 || a - b);
  const active: CellRect[] = [];
  for (const i of order) {
    const m = rects[i];
    let clash = false;
    for (let k = active.length - 1; k >= 0; k--) {
      const o = active[k];
      if (o.r2 < m.r1) {
        active.splice(k, 1);
        continue;
      }
      if (o.c1 <= m.c2 && m.c1 <= o.c2) clash = true;
    }
    if (clash) continue;
    ok[i] = 1;
    active.push(m);
  }
  return ok;
}

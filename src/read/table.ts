/**
 * Finding a table in a Grid: the header row (or two header rows with merged cells), what each column is,
 * the optional column-number row under the header, and where the table ends (a signature block).
 *
 * Only the first HEADER_SCAN_ROWS rows are looked at for a header. Header words are compared folded
 * (case, diacritics, punctuation), so "Chi tieu", "CHỈ TIÊU" and "Chỉ tiêu" are the same word.
 */
import type { Grid, GridCell, MergeSpan } from '../types';
import { foldWords, stripMarks, tidy } from '../util/text';
import { memoString } from '../util/memo';
import { parsePeriod, saysEstimate } from './period';

/** How many rows from the top of a sheet may hold the header. */
export const HEADER_SCAN_ROWS = 40;

/** A blank of /\s/ other than the space: tab, line ends, no-break and wide spaces, BOM. */
function isOtherBlank(c: number): boolean {
  if (c < 0xa0) return c >= 9 && c <= 13;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Whether tidy() would change s: a blank other than one space between two other characters. */
function needsTidy(s: string): boolean {
  const n = s.length;
  if (n > 0 && (s.charCodeAt(0) === 32 || s.charCodeAt(n - 1) === 32)) return true;
  let space = false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 32) {
      if (space) return true;
      space = true;
    } else {
      if (isOtherBlank(c)) return true;
      space = false;
    }
  }
  return false;
}

/** tidy() only when there is something to tidy (most cells have nothing). */
export function tidyFast(s: string): string {
  return needsTidy(s) ? tidy(s) : s;
}

/** A cell's text: strings tidied, numbers and booleans as written in JS, '' when empty or an error. */
export function cellText(c: GridCell | null | undefined): string {
  if (!c) return '';
  const v = c.v;
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return tidyFast(v);
  return String(v);
}

/** The row array at r, or an empty array. */
export function rowAt(grid: Grid, r: number): (GridCell | null | undefined)[] {
  return grid.rows[r] ?? [];
}

/** Texts of a row's non-empty string cells (tidied), left to right. */
export function rowTexts(grid: Grid, r: number): string[] {
  const out: string[] = [];
  const row = rowAt(grid, r);
  for (let c = 0; c < row.length; c++) {
    const cell = row[c];
    if (cell && typeof cell.v === 'string') {
      const t = tidyFast(cell.v);
      if (t) out.push(t);
    }
  }
  return out;
}

/** Merges that touch rows r1..r2 (inclusive). */
function mergesTouching(grid: Grid, r1: number, r2: number): MergeSpan[] {
  const out: MergeSpan[] = [];
  for (const m of grid.merges) if (m.r1 <= r2 && m.r2 >= r1) out.push(m);
  return out;
}

/** For each column of row r, the merge covering it (other than at its master), or undefined. One pass over the merges. */
function coverOf(merges: MergeSpan[], r: number, width: number): (MergeSpan | undefined)[] {
  const cover: (MergeSpan | undefined)[] = new Array(width);
  for (const m of merges) {
    if (m.r1 > r || m.r2 < r) continue;
    for (let c = Math.max(0, m.c1); c <= m.c2 && c < width; c++) if (m.r1 !== r || m.c1 !== c) cover[c] = m;
  }
  return cover;
}

/** The text shown at (r, c): the cell's own, or that of the merge covering it. */
function shownText(grid: Grid, cover: (MergeSpan | undefined)[], r: number, c: number): { text: string; masterRow: number } {
  const own = cellText(rowAt(grid, r)[c]);
  if (own) return { text: own, masterRow: r };
  const m = cover[c];
  if (m) return { text: cellText(rowAt(grid, m.r1)[m.c1]), masterRow: m.r1 };
  return { text: '', masterRow: r };
}

/** A header band: one or two rows; per column, the text of the upper row (spread over merges) and of the lower row. */
export interface HeaderBand {
  /** 0-based first header row. */
  row: number;
  /** 0-based last header row (row or row + 1). */
  bottom: number;
  tops: string[];
  subs: string[];
  width: number;
}

function gridWidth(grid: Grid, r1: number, r2: number): number {
  let w = 0;
  for (let r = r1; r <= r2; r++) w = Math.max(w, rowAt(grid, r).length);
  return w;
}

function bandAt(grid: Grid, r: number, twoRows: boolean): HeaderBand {
  const bottom = twoRows ? r + 1 : r;
  const merges = mergesTouching(grid, r, bottom);
  let width = gridWidth(grid, r, bottom);
  for (const m of merges) width = Math.max(width, m.c2 + 1);
  const tops: string[] = [];
  const subs: string[] = [];
  const coverTop = coverOf(merges, r, width);
  const coverSub = twoRows ? coverOf(merges, r + 1, width) : [];
  for (let c = 0; c < width; c++) {
    tops.push(shownText(grid, coverTop, r, c).text);
    if (twoRows) {
      const s = shownText(grid, coverSub, r + 1, c);
      // a vertical merge from the upper row shows the upper text: no sub-header of its own
      subs.push(s.masterRow === r + 1 ? s.text : '');
    } else subs.push('');
  }
  return { row: r, bottom, tops, subs, width };
}

/** Whether a row holds numbers other than years (a second header row may hold 2019 | 2020 as numbers). */
function rowHasNumber(grid: Grid, r: number): boolean {
  for (const cell of rowAt(grid, r)) {
    if (cell && typeof cell.v === 'number' && !(Number.isInteger(cell.v) && cell.v >= 1990 && cell.v <= 2100)) return true;
  }
  return false;
}

/**
 * Look for a header in the first HEADER_SCAN_ROWS rows from `from`. `classify` names a column from its
 * upper and lower header texts; `accept` says whether a set of column roles makes a header; `nameCol`
 * gives the column of the names (whose cell must be empty in a second header row).
 */
export function findHeaderBand<R>(
  grid: Grid,
  classify: (top: string, sub: string) => R | null,
  accept: (roles: (R | null)[]) => boolean,
  nameColOf: (roles: (R | null)[]) => number,
  from = 0,
  scanRows = HEADER_SCAN_ROWS,
): { band: HeaderBand; roles: (R | null)[] } | null {
  const end = Math.min(grid.rows.length, from + scanRows);
  for (let r = from; r < end; r++) {
    const row = rowAt(grid, r);
    let texts = 0;
    for (const cell of row) if (cell && typeof cell.v === 'string' && cell.v.trim()) texts++;
    if (texts < 2) continue;
    const one = bandAt(grid, r, false);
    const rolesOne = one.tops.map((t) => (t ? classify(t, '') : null));
    if (!accept(rolesOne) && !(r + 1 < grid.rows.length && accept(rolesOf(bandAt(grid, r, true), classify)))) continue;
    // A second header row: no numbers, an empty name cell, and sub-header words or merges from this row.
    if (r + 1 < grid.rows.length && !rowHasNumber(grid, r + 1)) {
      const two = bandAt(grid, r, true);
      const rolesTwo = rolesOf(two, classify);
      const nameCol = nameColOf(accept(rolesTwo) ? rolesTwo : rolesOne);
      const nameBelow = nameCol >= 0 ? cellText(rowAt(grid, r + 1)[nameCol]) : '';
      const subCount = two.subs.filter((s) => s && classify(s, '') !== null).length;
      const mergedFromHere = grid.merges.some((m) => m.r1 === r && (m.r2 > r || m.c2 > m.c1));
      const subTexts = two.subs.filter(Boolean).length;
      if (!nameBelow && subTexts > 0 && (subCount > 0 || mergedFromHere) && accept(rolesTwo)) {
        return { band: two, roles: rolesTwo };
      }
    }
    if (accept(rolesOne)) return { band: one, roles: rolesOne };
  }
  return null;
}

function rolesOf<R>(band: HeaderBand, classify: (top: string, sub: string) => R | null): (R | null)[] {
  const out: (R | null)[] = [];
  for (let c = 0; c < band.width; c++) {
    const t = band.tops[c];
    const s = band.subs[c];
    out.push(t || s ? classify(t, s) : null);
  }
  return out;
}

// ───────────────────────────── commune report columns ─────────────────────────────

export type ColRole = 'stt' | 'code' | 'name' | 'unit' | 'target' | 'actual' | 'previous' | 'note' | 'ratio';

export interface ColumnInfo {
  role: ColRole;
  /** Preference among columns of the same role (higher wins). */
  rank: number;
  /** The header says "ước". */
  estimate: boolean;
  /** The header text, every level joined top to bottom ("Năm 2020 Ước thực hiện 9 tháng Lũy kế 9 tháng"). */
  text: string;
  /** The header levels top to bottom, as shown ("Năm 2020" › "Kế hoạch"). */
  levels: string[];
}

/** Header words of the row-number and code columns (folded), for commune tables and the plan alike. */
export const STT_WORDS = new Set(['stt', 'tt', 'so tt', 'so thu tu', 'thu tu']);
export const CODE_WORDS = new Set(['ma', 'ma so', 'ma chi tieu', 'ma ct', 'ma so chi tieu', 'code', 'ms', 'ma sc']);
/** Ratio columns under any heading: "So sánh (%)", "TH/KH", "Tỷ lệ % so với KH", "Ước đạt % KH năm", "Tăng, giảm so CK". */
const RATIO_WORDS =
  /\bso sanh\b|\bso voi\b|\bso (?:ck|kh|cung ky|ke hoach|ky truoc|nam truoc|thang truoc)\b|\bty le hoan thanh\b|\bty le dat\b|\bty le so\b|\btang giam\b|\btang \(?\+?\)? giam\b|\bdat (?:\w+ )?(?:kh|ke hoach)\b|\bchenh lech\b/;
const RATIO_SLASH = /\b(?:th|kh|ck|uth|thuc hien|ke hoach|cung ky)\s*\/\s*(?:th|kh|ck|thuc hien|ke hoach|cung ky|ky truoc|nam truoc|kh nam)\b/;
const PREVIOUS = /\bcung ky\b|^ck\b|\bnam truoc\b|\bky truoc\b/;
const TARGET = /^(?:ke hoach|kh|chi tieu ke hoach|chi tieu kh|chi tieu giao|du toan|muc tieu)\b/;
const ACTUAL =
  /^(?:thuc hien|th|uoc th|uoc thuc hien|uoc tinh|uoc|uth|luy ke|ket qua|so thuc hien|so lieu)\b|^(?:thang \d|quy\b|\d+ thang\b)|\bluy ke\b/;
const NAME = /^(?:chi tieu|ten chi tieu|noi dung|danh muc|hang muc|cac chi tieu|ten)\b/;
const UNIT = /^(?:don vi tinh|dvt|dv tinh)\b|^(?:don vi|dv)$/;

/** The role a single header text names, or null (each distinct text judged once: every commune's header repeats them). */
export const headerRole: (text: string) => ColRole | null = memoString(headerRoleOf);

function headerRoleOf(text: string): ColRole | null {
  const f = foldWords(text);
  if (!f) return null;
  const g = stripMarks(text);
  if (g.includes('%') || RATIO_WORDS.test(f) || RATIO_SLASH.test(g)) return 'ratio';
  if (STT_WORDS.has(f)) return 'stt';
  if (CODE_WORDS.has(f)) return 'code';
  if (UNIT.test(f)) return 'unit';
  if (f.startsWith('ghi chu')) return 'note';
  if (PREVIOUS.test(f)) return 'previous';
  if (TARGET.test(f)) return 'target';
  if (ACTUAL.test(f)) return 'actual';
  if (NAME.test(f)) return 'name';
  return null;
}

/**
 * How well a value header names the period's figure: for the actual, the year-to-date column ("Lũy kế",
 * "9 tháng", "đến ngày 30/9") over a plain "Thực hiện" over a quarter alone over a single month.
 */
function valueRank(role: ColRole, f: string): number {
  if (role === 'actual' || role === 'previous') {
    if (/\bluy ke\b|\bden ngay\b|\btinh den\b|\bden het\b/.test(f)) return 4;
    if (/\b\d+ thang\b|\bca nam\b|\bdau nam\b/.test(f)) return 3;
    if (/\bthang \d+\b/.test(f)) return 1;
    if (/\bquy\b/.test(f)) return 1.5;
    return 2;
  }
  if (role === 'target') {
    if (/\bnam\b|\bgiao\b/.test(f)) return 2;
    if (/\bquy\b|\bthang\b/.test(f)) return 0;
    return 1;
  }
  return 0;
}

const VALUE_ROLES: ColRole[] = ['previous', 'target', 'actual'];

/**
 * Role of a column from its header levels, top to bottom ("Năm 2020" › "Ước thực hiện 9 tháng" › "Lũy kế").
 * A ratio anywhere makes a ratio column (a heading over ratios, or a ratio under a value heading); else the
 * first of previous / target / actual named at any level ("Năm 2019" › "Cùng kỳ" is the previous value,
 * "Thực hiện" › "Cùng kỳ" too); else the lowest level that names a role. The rank comes from the lowest level
 * that says something about the period ("Ước TH 9 tháng" › "Quý III" is a quarter alone).
 */
export function classifyHeader(levels: string[]): ColumnInfo | null {
  const key = levels.join('\u0000');
  if (key.length > 2000 || levels.some((t) => t.includes('\u0000'))) return classifyLevels(levels); // odd texts: not remembered
  const hit = classifiedHeader(key);
  return hit && { ...hit, levels: [...hit.levels] };
}

/** classifyHeader of the levels joined by U+0000, each distinct header judged once (a copy goes out). */
const classifiedHeader = memoString((key: string) => classifyLevels(key.split('\u0000')));

function classifyLevels(levels: string[]): ColumnInfo | null {
  const lv = levels.map((t) => tidy(t)).filter(Boolean);
  if (!lv.length) return null;
  const roles = lv.map(headerRole);
  let role: ColRole | null = null;
  if (roles.includes('ratio')) role = 'ratio';
  else {
    for (const v of VALUE_ROLES) if (roles.includes(v)) { role = v; break; }
    if (!role) for (let i = roles.length - 1; i >= 0; i--) if (roles[i]) { role = roles[i]; break; }
  }
  if (!role) return null;
  const text = tidy(lv.join(' '));
  let rank = valueRank(role, foldWords(text));
  if (role === 'actual' || role === 'previous' || role === 'target') {
    for (let i = lv.length - 1; i >= 0; i--) {
      const r = valueRank(role, foldWords(lv[i]));
      if (r !== 2 && !(role === 'target' && r === 1)) { rank = r; break; }
    }
  }
  return { role, rank, estimate: saysEstimate(text), text, levels: lv };
}

/** Role of a column from its upper and lower header texts (two-level headers). */
export function communeColumn(top: string, sub: string): ColumnInfo | null {
  return classifyHeader(top === sub ? [top] : [top, sub]);
}

export interface CommuneColumns {
  stt: number;
  code: number;
  name: number;
  unit: number;
  target: number;
  actual: number;
  previous: number;
  note: number;
  /** Header text of the actual column (for period hints), '' when none. */
  actualText: string;
  /** The actual column's header says "ước". */
  actualEstimate: boolean;
  /** Header texts of the chosen target / actual / previous columns and of the value columns not taken. */
  headers: { target: string; actual: string; previous: string; passed: { col: number; text: string; role: ColRole }[] };
}

const yearOf = (t: string) => {
  const m = /(?:^|\D)((?:19|20)\d{2})(?!\d)/.exec(t);
  return m ? Number(m[1]) : null;
};

/** Pick one column per role: the first, or for values the best ranked (lũy kế over tháng). */
export function pickColumns(roles: (ColumnInfo | null)[]): CommuneColumns {
  const cols: CommuneColumns = {
    stt: -1, code: -1, name: -1, unit: -1, target: -1, actual: -1, previous: -1, note: -1,
    actualText: '', actualEstimate: false, headers: { target: '', actual: '', previous: '', passed: [] },
  };
  // "TH năm 2019 | KH năm 2020 | Ước TH quý I/2020": an actual column of an earlier year than the others is
  // not the period's actual
  let maxYear = 0;
  for (const info of roles) {
    if (info && (info.role === 'actual' || info.role === 'target')) maxYear = Math.max(maxYear, yearOf(info.text) ?? 0);
  }
  const best: Record<string, number> = {};
  const lastYear: number[] = [];
  roles.forEach((info, c) => {
    if (!info || info.role === 'ratio') return;
    const key = info.role;
    let rank = info.rank;
    if (key === 'actual') {
      const y = yearOf(info.text);
      if (y !== null && y < maxYear) {
        rank = -1;
        if (y === maxYear - 1) lastYear.push(c);
      }
    }
    const cur = cols[key];
    if (cur < 0 || rank > (best[key] ?? -2)) {
      cols[key] = c;
      best[key] = rank;
    }
  });
  if (cols.actual >= 0) {
    const info = roles[cols.actual]!;
    cols.actualText = info.text;
    cols.actualEstimate = info.estimate;
    // "Thực hiện 9 tháng năm 2019" beside "Ước TH 9 tháng năm 2020" and no "Cùng kỳ" column: last year's figure
    // for the same period is the previous value (not "TH năm 2019", a whole year, beside a quarter)
    const months = parsePeriod(info.text)?.months;
    if (cols.previous < 0 && months !== undefined) {
      const c = lastYear.find((x) => x !== cols.actual && parsePeriod(roles[x]!.text)?.months === months);
      if (c !== undefined) cols.previous = c;
    }
  }
  for (const k of ['target', 'actual', 'previous'] as const) if (cols[k] >= 0) cols.headers[k] = roles[cols[k]]!.text;
  roles.forEach((info, c) => {
    if (!info) return;
    if ((info.role === 'target' || info.role === 'actual' || info.role === 'previous' || info.role === 'ratio') && cols.target !== c && cols.actual !== c && cols.previous !== c) {
      cols.headers.passed.push({ col: c, text: info.text, role: info.role });
    }
  });
  return cols;
}

/** Of `candidates`, the column with the most distinct name-like texts under the header (ties: `fallback`). */
function bestTextColumn(grid: Grid, band: { bottom: number }, candidates: number[], fallback: number): number {
  let best = fallback, bestScore = -1;
  const end = Math.min(grid.rows.length, band.bottom + 1 + HEADER_SCAN_ROWS);
  for (const c of candidates) {
    const seen = new Set<string>();
    for (let r = band.bottom + 1; r < end; r++) {
      const cell = rowAt(grid, r)[c];
      if (cell && typeof cell.v === 'string' && /\p{L}{2}/u.test(cell.v) && cell.v.trim().length > 3) seen.add(cell.v);
    }
    if (seen.size > bestScore || (seen.size === bestScore && c === fallback)) { best = c; bestScore = seen.size; }
  }
  return best;
}

/**
 * A name header merged over several columns ("Chỉ tiêu" over the numbering and the names): the name column
 * is the one of the span with the most text under the header.
 */
export function refineNameColumn(grid: Grid, band: { row: number; bottom: number }, cols: CommuneColumns, roles: (ColumnInfo | null)[] = []): void {
  if (cols.name < 0) return;
  // two columns headed like names ("Nội dung" over merged sections, "Chỉ tiêu"): the one with more names
  const named = roles.map((r, c) => (r?.role === 'name' ? c : -1)).filter((c) => c >= 0);
  if (named.length > 1) cols.name = bestTextColumn(grid, band, named, cols.name);
  const span = grid.merges.find((m) => m.r1 <= band.row && band.row <= m.r2 && m.c1 === cols.name && m.c2 > m.c1);
  if (!span) return;
  const taken = new Set([cols.stt, cols.code, cols.unit, cols.target, cols.actual, cols.previous, cols.note]);
  let bestCol = cols.name;
  let bestScore = -1;
  const end = Math.min(grid.rows.length, band.bottom + 1 + HEADER_SCAN_ROWS);
  for (let c = span.c1; c <= span.c2; c++) {
    if (c !== cols.name && taken.has(c)) continue;
    let score = 0;
    for (let r = band.bottom + 1; r < end; r++) {
      const cell = rowAt(grid, r)[c];
      if (cell && typeof cell.v === 'string' && /\p{L}{2}/u.test(cell.v) && cell.v.trim().length > 3) score++;
    }
    if (score > bestScore) {
      bestScore = score;
      bestCol = c;
    }
  }
  cols.name = bestCol;
}

export function acceptCommuneHeader(roles: (ColumnInfo | null)[]): boolean {
  let name = false;
  let value = false;
  for (const r of roles) {
    if (!r) continue;
    if (r.role === 'name') name = true;
    else if (r.role === 'actual' || r.role === 'target' || r.role === 'previous') value = true;
  }
  return name && value;
}

export function nameColumnOf(roles: (ColumnInfo | null)[]): number {
  return roles.findIndex((r) => r?.role === 'name');
}

// ───────────────────────────── header bands of any depth ─────────────────────────────

/** How many rows a header band may have ("Năm 2020" › "Ước thực hiện 9 tháng" › "Quý III" / "Lũy kế"). */
export const MAX_HEADER_DEPTH = 4;

export interface StackBand {
  /** 0-based first and last header rows. */
  row: number;
  bottom: number;
  /** Per column, the header levels top to bottom (a merged cell's text spread over the cells it covers, once). */
  stacks: string[][];
}

/** The header levels of every column of rows r..bottom. */
export function stackBand(grid: Grid, r: number, bottom: number): StackBand {
  const merges = mergesTouching(grid, r, bottom);
  let width = gridWidth(grid, r, bottom);
  for (const m of merges) width = Math.max(width, m.c2 + 1);
  const stacks: string[][] = [];
  for (let c = 0; c < width; c++) stacks.push([]);
  for (let rr = r; rr <= bottom; rr++) {
    const cover = coverOf(merges, rr, width);
    for (let c = 0; c < width; c++) {
      const s = shownText(grid, cover, rr, c);
      if (!s.text) continue;
      // a vertical merge from a row above shows the same text again: one level
      if (s.masterRow < rr && s.masterRow >= r) continue;
      stacks[c].push(s.text);
    }
  }
  return { row: r, bottom, stacks };
}

/** Whether row r (under a header's first row) continues the header: no figures, no name, some header text. */
function continuesHeader(grid: Grid, r: number, nameCol: number): boolean {
  if (r >= grid.rows.length) return false;
  if (rowHasNumber(grid, r)) return false;
  if (nameCol >= 0 && cellText(rowAt(grid, r)[nameCol])) return false;
  if (isColumnNumberRow(grid, r, nameCol < 0 ? 0 : nameCol)) return false;
  let own = 0;
  // texts, or years typed as numbers ("Thực hiện" over 2019 | 2020)
  for (const cell of rowAt(grid, r)) if (cell && ((typeof cell.v === 'string' && cell.v.trim()) || typeof cell.v === 'number')) own++;
  return own > 0;
}

/**
 * A commune table's header starting at row r: r holds the name heading ("Chỉ tiêu", "Nội dung") and another
 * heading; the band grows down while rows continue it (up to MAX_HEADER_DEPTH) and the deepest band whose
 * columns make a table is taken.
 */
export function headerAt(grid: Grid, r: number): { band: StackBand; roles: (ColumnInfo | null)[] } | null {
  const row = rowAt(grid, r);
  let texts = 0;
  let named = -1;
  for (let c = 0; c < row.length; c++) {
    const cell = row[c];
    if (!cell || typeof cell.v !== 'string' || !cell.v.trim()) continue;
    texts++;
    if (named < 0 && headerRole(cell.v) === 'name') named = c;
  }
  if (texts < 2 || named < 0) return null;
  let bottom = r;
  while (bottom - r + 1 < MAX_HEADER_DEPTH && continuesHeader(grid, bottom + 1, named)) bottom++;
  for (let b = bottom; b >= r; b--) {
    const band = stackBand(grid, r, b);
    const roles = band.stacks.map((lv) => classifyHeader(lv));
    if (acceptCommuneHeader(roles)) return { band, roles };
  }
  return null;
}

/** The first commune table header from row `from` on, within HEADER_SCAN_ROWS rows. */
export function findCommuneHeader(grid: Grid, from = 0, scanRows = HEADER_SCAN_ROWS): { band: StackBand; roles: (ColumnInfo | null)[] } | null {
  const end = Math.min(grid.rows.length, from + scanRows);
  for (let r = from; r < end; r++) {
    const h = headerAt(grid, r);
    if (h) return h;
  }
  return null;
}

// ───────────────────────────── rows under the header ─────────────────────────────

/** A single letter, a small number, "(1)", or an expression of column numbers "3=2/1", "4=(2-3)*100". */
const COLNUM_TOKEN = /^\(?(?:[a-z]|\d{1,2}|[\d\s=+\-*/x:().,]*\d[\d\s=+\-*/x:().,]*)\)?$/i;

/** "A | B | C | 1 | 2 | 3=2/1": a row of column numbers right under the header. */
export function isColumnNumberRow(grid: Grid, r: number, nameCol: number): boolean {
  const row = rowAt(grid, r);
  let tokens = 0;
  for (let c = 0; c < row.length; c++) {
    const cell = row[c];
    if (!cell || cell.error) continue;
    const v = cell.v;
    if (v === null || v === undefined || v === '') continue;
    if (typeof v === 'number') {
      if (!Number.isInteger(v) || v < 0 || v > 99) return false;
    } else if (typeof v === 'string') {
      const t = v.trim();
      if (!t) continue;
      if (t.length > 12 || !COLNUM_TOKEN.test(t)) return false;
    } else return false;
    tokens++;
  }
  if (tokens < 2) return false;
  const name = cellText(row[nameCol]);
  return name.length <= 3;
}

const SIGNATURE_START =
  /^(?:nguoi lap|lap bieu|tm |t m |tm$|chu tich|pho chu tich|noi nhan|ky ghi ro|ky ten|ky va ghi ro|ky dong dau|thu truong|xac nhan cua|giam doc|luu vt|luu vp)\b/;
const DATE_LINE = /\bngay (?:\d{1,2} )?thang (?:\d{1,2} )?nam\b/;

/** Whether a text belongs to a signature block ("Người lập biểu", "TM. ỦY BAN NHÂN DÂN", "Nơi nhận:", a date line). */
export function isSignatureText(text: string): boolean {
  const f = foldWords(text);
  if (!f) return false;
  return SIGNATURE_START.test(f) || DATE_LINE.test(f);
}

/** Whether a row starts a signature block: some text cell is a signature text. */
export function isSignatureRow(grid: Grid, r: number): boolean {
  for (const cell of rowAt(grid, r)) {
    if (cell && typeof cell.v === 'string' && isSignatureText(cell.v)) return true;
  }
  return false;
}

/**
 * The state, errors, address helpers and the proxy base class of the Excel test double (excel-double.ts).
 */
import type { MergeSpan } from '../../src/types';
import { colIndex, colLetter } from '../../src/util/address';
import type { ExcelDouble } from './excel-double';

// ───────────────────────────── state ─────────────────────────────

export type DoubleValue = string | number | boolean;

export interface CellFormat {
  fill?: string;
  bold?: boolean;
  italic?: boolean;
  size?: number;
  color?: string;
  fontName?: string;
  hAlign?: string;
  vAlign?: string;
  wrap?: boolean;
  borders?: { top?: string; bottom?: string; left?: string; right?: string };
}

export interface CellState {
  /** A constant, or a formula's cached result ('' when not calculated). Error cells: the error text. */
  value: DoubleValue | null;
  /** Formula with its leading "=". */
  formula?: string;
  error?: boolean;
  numberFormat: string;
  format: CellFormat;
}

export interface ConditionalFormatState {
  type: string;
  /** A1 address of the range it was added to. */
  range: string;
  rule?: { formula1?: string; formula2?: string; operator?: string };
  fill?: string;
  fontColor?: string;
  bold?: boolean;
  italic?: boolean;
  barColor?: string;
  /** Custom rules: the formula (English, with "="). */
  formula?: string;
}

export interface ChartSeriesState {
  name?: string;
  /** A1 address of the values. */
  values?: string;
  xAxisValues?: string;
  /** Solid fill, "RRGGBB". */
  color?: string;
}

export interface ChartState {
  type: string;
  source: string;
  seriesBy?: string;
  title?: string;
  legendVisible?: boolean;
  legendPosition?: string;
  valueAxisMinimum?: number;
  categoriesReversed?: boolean;
  position?: { start: string; end?: string };
  series: ChartSeriesState[];
  name?: string;
}

export interface PageLayoutState {
  orientation?: string;
  paperSize?: string;
  zoom?: unknown;
  printTitleRows?: string;
  printTitleColumns?: string;
  printArea?: string;
  centerHorizontally?: boolean;
  leftMargin?: number;
  rightMargin?: number;
  topMargin?: number;
  bottomMargin?: number;
  /** setPrintMargins, in points. */
  margins?: Record<string, number>;
  headerFooter?: { centerFooter?: string; leftFooter?: string; rightFooter?: string; centerHeader?: string };
}

export interface SheetState {
  id: string;
  name: string;
  visibility: 'Visible' | 'Hidden' | 'VeryHidden';
  /** key r * 16384 + c (0-based). */
  cells: Map<number, CellState>;
  merges: MergeSpan[];
  /** Column widths in points (only those set). */
  columnWidths: Map<number, number>;
  rowHeights: Map<number, number>;
  freeze: { rows: number; cols: number } | null;
  conditionalFormats: ConditionalFormatState[];
  charts: ChartState[];
  /** Keyed by the lower-cased key. */
  customProperties: Map<string, { key: string; value: string }>;
  pageLayout: PageLayoutState;
  deleted?: boolean;
}

export interface CallRecord {
  seq: number;
  /** 1-based index of the sync that sent it; 0 while still queued. */
  sync: number;
  /** Readable object path, e.g. `worksheets.getItem("Tổng hợp").getRange("A1:C3")`. */
  path: string;
  kind: 'call' | 'set' | 'load';
  /** Method or property name. */
  name: string;
  args: unknown[];
  /** 60 + the JSON of the arguments (UTF-8); the object path is counted once per sync in SyncRecord.bytes. */
  bytes: number;
  /** The ExcelApi minor version below which the double fails this call. */
  minApi?: number;
}

export interface SyncRecord {
  index: number;
  calls: CallRecord[];
  /** Estimated request payload (bytes). */
  bytes: number;
  /** Estimated response payload (bytes) — loaded data. */
  responseBytes: number;
  error?: string;
}

export interface CellInit {
  v?: DoubleValue | null;
  /** Formula, with or without "=". */
  f?: string;
  /** Error value, e.g. "#DIV/0!" (with f: the formula's cached error). */
  error?: string;
  fmt?: string;
  format?: CellFormat;
}

export interface SheetInit {
  merges?: string[];
  customProperties?: Record<string, string>;
  /** Top-left cell of `rows` (default A1). */
  origin?: string;
  visibility?: 'Visible' | 'Hidden' | 'VeryHidden';
}

export interface DoubleOptions {
  /** Highest ExcelApi 1.x minor version supported, e.g. "1.12". Default "1.17". */
  apiVersion?: string;
  payloadLimit?: number;
  workbookName?: string;
}

export class ExcelDoubleError extends Error {
  constructor(readonly code: string, message: string) {
    super(`${code}: ${message}`);
    this.name = 'ExcelDoubleError';
  }
}

export const MAX_ROWS = 1048576;
export const MAX_COLS = 16384;
export const KEY = (r: number, c: number) => r * MAX_COLS + c;

export interface Rect { r1: number; c1: number; r2: number; c2: number }
export interface Bound { sheet: SheetState; rect: Rect }

const UTF8 = new TextEncoder();

export function utf8Bytes(s: string): number {
  return UTF8.encode(s).length;
}

/** "A1", "$A$1:$C$3", "A:C", "3:5", optionally "Sheet!…" / "'My sheet'!…" → rect + sheet name. */
export function parseRef(ref: string): { sheet?: string; rect: Rect } {
  let s = ref.trim();
  let sheet: string | undefined;
  const bang = s.lastIndexOf('!');
  if (bang >= 0) {
    sheet = s.slice(0, bang);
    if (sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
    s = s.slice(bang + 1);
  }
  const parts = s.replace(/\$/g, '').split(':');
  if (parts.length > 2 || parts.some((p) => p === '')) throw new ExcelDoubleError('InvalidArgument', `bad address ${ref}`);
  const one = (p: string): { r: number | null; c: number | null } => {
    let m = /^([A-Za-z]{1,3})(\d+)$/.exec(p);
    if (m) return { r: Number(m[2]) - 1, c: colIndex(m[1]) };
    m = /^([A-Za-z]{1,3})$/.exec(p);
    if (m) return { r: null, c: colIndex(m[1]) };
    m = /^(\d+)$/.exec(p);
    if (m) return { r: Number(m[1]) - 1, c: null };
    throw new ExcelDoubleError('InvalidArgument', `bad address ${ref}`);
  };
  const a = one(parts[0]);
  const b = parts.length === 2 ? one(parts[1]) : a;
  if ((a.r === null) !== (b.r === null) || (a.c === null) !== (b.c === null)) throw new ExcelDoubleError('InvalidArgument', `bad address ${ref}`);
  if (a.r === null && a.c === null) throw new ExcelDoubleError('InvalidArgument', `bad address ${ref}`);
  if (parts.length === 1 && (a.r === null || a.c === null)) throw new ExcelDoubleError('InvalidArgument', `bad address ${ref}`);
  const r1 = a.r ?? 0, r2 = b.r ?? MAX_ROWS - 1, c1 = a.c ?? 0, c2 = b.c ?? MAX_COLS - 1;
  const rect = { r1: Math.min(r1, r2), r2: Math.max(r1, r2), c1: Math.min(c1, c2), c2: Math.max(c1, c2) };
  if (rect.r1 < 0 || rect.c1 < 0 || rect.r2 >= MAX_ROWS || rect.c2 >= MAX_COLS) throw new ExcelDoubleError('InvalidArgument', `bad address ${ref}`);
  return { sheet, rect };
}

export function rectAddress(r: Rect): string {
  const a = `${colLetter(r.c1)}${r.r1 + 1}`;
  if (r.r1 === r.r2 && r.c1 === r.c2) return a;
  return `${a}:${colLetter(r.c2)}${r.r2 + 1}`;
}

export function quoteSheet(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

export const ERROR_VALUES = new Set(['#NULL!', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#N/A', '#GETTING_DATA', '#SPILL!', '#CALC!']);

export function numericText(s: string): number | null {
  const t = s.trim();
  let m = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d+))?(%?)$/.exec(t);
  if (m) {
    const n = Number(`${m[1]}${m[2]}${m[3] ? 'e' + m[3] : ''}`);
    return m[4] ? n / 100 : n;
  }
  m = /^([+-]?)(\d{1,3}(?:,\d{3})+(?:\.\d+)?)$/.exec(t);
  if (m) return Number(m[1] + m[2].replace(/,/g, ''));
  return null;
}

export function dateText(s: string): number | null {
  const m = /^(\d{1,2})\/(\d{1,2})(?:\/(\d{2,4}))?$/.exec(s.trim());
  if (!m) return null;
  const mo = Number(m[1]), d = Number(m[2]);
  let y = m[3] ? Number(m[3]) : 2000;
  if (y < 100) y += 2000;
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  return Math.round((Date.UTC(y, mo - 1, d) - Date.UTC(1899, 11, 30)) / 86400000);
}

export function isEmptyCell(c: CellState | undefined): boolean {
  return !c || ((c.value === null || c.value === '') && !c.formula);
}

export function hasFormat(c: CellState): boolean {
  return c.numberFormat !== 'General' || Object.keys(c.format).length > 0;
}

export function toSpan(r: Rect): MergeSpan {
  return { r1: r.r1, c1: r.c1, r2: r.r2, c2: r.c2 };
}

export function overlaps(a: Rect, b: Rect): boolean {
  return a.r1 <= b.r2 && b.r1 <= a.r2 && a.c1 <= b.c2 && b.c1 <= a.c2;
}

export function parseLoad(arg: unknown): string[] {
  if (arg === undefined || arg === null) return [];
  if (typeof arg === 'string') return arg.split(',').map((s) => s.trim()).filter(Boolean);
  if (Array.isArray(arg)) return arg.flatMap((a) => parseLoad(a));
  if (typeof arg === 'object') {
    const o = arg as { select?: unknown; $all?: boolean };
    return parseLoad(o.select);
  }
  return [];
}

export function hex(c: unknown): string | undefined {
  if (typeof c !== 'string') return undefined;
  return c.replace(/^#/, '').toUpperCase();
}

// ───────────────────────────── proxies ─────────────────────────────

export abstract class ClientProxy {
  protected _loaded: Record<string, unknown> | null = null;
  constructor(readonly _d: ExcelDouble, readonly _path: string) {}

  protected _get<T>(prop: string): T {
    if (!this._loaded || !(prop in this._loaded))
      throw new ExcelDoubleError('PropertyNotLoaded', `The property '${prop}' is not available on ${this._path}. Call load() and context.sync() first.`);
    return this._loaded[prop] as T;
  }

  /** Scalars that load() can fetch, each computed at sync time. */
  protected _scalars(): Record<string, () => unknown> {
    return {};
  }

  /** For *OrNullObject proxies: resolves at sync time and says whether the object is null. */
  protected _nullNow(): boolean {
    return false;
  }

  load(props?: unknown): this {
    const wanted = parseLoad(props);
    this._d.enqueue(this._path, 'load', 'load', [wanted], () => {
      if (this._nullNow()) return; // loading a null object is allowed; its properties stay unavailable
      const all = this._scalars();
      const names = wanted.length ? wanted.filter((w) => !w.includes('/')) : Object.keys(all);
      const snap: Record<string, unknown> = { ...(this._loaded ?? {}) };
      for (const n of names) {
        const f = all[n];
        if (!f) throw new ExcelDoubleError('InvalidArgument', `cannot load '${n}' of ${this._path}`);
        snap[n] = f();
      }
      this._d.countResponse(snap);
      this._loaded = snap;
      this._afterLoad(wanted);
    });
    return this;
  }

  protected _afterLoad(_wanted: string[]): void {}

  toJSON(): unknown {
    return { path: this._path };
  }
}


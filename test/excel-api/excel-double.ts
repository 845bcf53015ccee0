/**
 * ExcelDouble — a recording test double of the part of the Excel JavaScript API tonghop uses.
 *
 * It holds a workbook (sheets, cells, formats, merges, conditional formats, charts, custom
 * properties, page layout, frozen panes, the active sheet and the selection), RECORDS every call
 * made through its proxies and every `context.sync()`, and behaves like Excel where it matters:
 *
 *  - Calls are QUEUED and only take effect at `context.sync()`; loaded properties can be read only
 *    after the sync that loaded them (reading earlier throws `PropertyNotLoaded`, like Office.js).
 *  - `getItem(name)` of a missing sheet fails the sync (`ItemNotFound`); `*OrNullObject` methods
 *    give objects whose `isNullObject` is known after the sync.
 *  - A string written through `values` or `formulas` to a cell whose number format is not "@" is
 *    ENTERED like typing: "=…", "+…", "-…" (not a number) and "@…" become formulas, "123", "1,5e3",
 *    "50%", "TRUE", "1/2/2020", "#N/A" are converted, "'x" keeps x as text. With number format "@"
 *    the string is kept as text. So writing hostile text without "@" visibly goes wrong here.
 *  - `null` in a values/formulas/numberFormat array leaves that cell unchanged; a 2-D array must
 *    match the range's size (`InvalidArgument` otherwise); a scalar is applied to every cell.
 *  - Each sync's request payload is measured (JSON of every queued call's arguments + 60 bytes per
 *    call + each distinct object path once, UTF-8). Over `payloadLimit` (default 5 000 000 bytes, Excel on the web's 5 MB) the sync
 *    fails with `RequestPayloadSizeLimitExceeded` and nothing of it is applied. Loaded data counts
 *    against the same limit as the response (`ResponsePayloadSizeLimitExceeded`).
 *  - API sets: methods above `apiVersion` (ExcelApi 1.x) fail the sync with `ApiNotFound`;
 *    `installGlobals()` provides `Office.context.requirements.isSetSupported` answering the same.
 *  - Sheet names follow Excel's rules (1–31 chars, none of : \ / ? * [ ], unique ignoring case);
 *    the last visible sheet cannot be deleted.
 *
 * Use:
 *   const xl = new ExcelDouble();
 *   xl.addSheet('Sheet1', [['Tên', 'Số'], ['A', 1]], { merges: ['A1:B1'] });   // user's sheet
 *   const ctx = xl.context;                   // typed as Excel.RequestContext
 *   await writeSheetsToExcel(ctx, specs, {...});
 *   xl.syncCount; xl.syncs[i].bytes; xl.calls; xl.cell('Tổng hợp', 'B5')?.value; xl.snapshot('Sheet1')
 *   const restore = xl.installGlobals();      // globalThis.Excel.run / globalThis.Office for shell code
 *
 * Not modelled: formula calculation (a written formula's value is '' until a test sets it),
 * undo, events, tables, names, styles by name, rich values.
 */
import type { MergeSpan } from '../../src/types';
import { colIndex, colLetter } from '../../src/util/address';
import { evalCfFormula } from './cf-formula';

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

const MAX_ROWS = 1048576;
const MAX_COLS = 16384;
const KEY = (r: number, c: number) => r * MAX_COLS + c;

interface Rect { r1: number; c1: number; r2: number; c2: number }
interface Bound { sheet: SheetState; rect: Rect }

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

const ERROR_VALUES = new Set(['#NULL!', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#N/A', '#GETTING_DATA', '#SPILL!', '#CALC!']);

function numericText(s: string): number | null {
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

function dateText(s: string): number | null {
  const m = /^(\d{1,2})\/(\d{1,2})(?:\/(\d{2,4}))?$/.exec(s.trim());
  if (!m) return null;
  const mo = Number(m[1]), d = Number(m[2]);
  let y = m[3] ? Number(m[3]) : 2000;
  if (y < 100) y += 2000;
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  return Math.round((Date.UTC(y, mo - 1, d) - Date.UTC(1899, 11, 30)) / 86400000);
}

function isEmptyCell(c: CellState | undefined): boolean {
  return !c || ((c.value === null || c.value === '') && !c.formula);
}

function hasFormat(c: CellState): boolean {
  return c.numberFormat !== 'General' || Object.keys(c.format).length > 0;
}

// ───────────────────────────── the double ─────────────────────────────

interface Queued {
  record: CallRecord;
  run: () => void;
}

export class ExcelDouble {
  readonly apiMinor: number;
  payloadLimit: number;
  workbookName: string;
  readonly sheets: SheetState[] = [];
  activeSheetId: string | null = null;
  selection: { sheet: string; address: string } | null = null;
  readonly calls: CallRecord[] = [];
  readonly syncs: SyncRecord[] = [];
  /** Indices of the syncs during which calculation was suspended (suspendApiCalculationUntilNextSync). */
  readonly calcSuspendedSyncs: number[] = [];
  private queue: Queued[] = [];
  private seq = 0;
  private nextId = 1;
  private calcSuspended = false;
  private responseBytes = 0;
  private _context: FakeRequestContext | null = null;

  constructor(opts: DoubleOptions = {}) {
    this.apiMinor = Number((opts.apiVersion ?? '1.17').split('.')[1] ?? '17');
    this.payloadLimit = opts.payloadLimit ?? 5_000_000;
    this.workbookName = opts.workbookName ?? 'Book1.xlsx';
  }

  /** The request context, typed as Excel's. One per double (like one Excel.run); see newContext(). */
  get context(): Excel.RequestContext {
    if (!this._context) this._context = new FakeRequestContext(this);
    return this._context as unknown as Excel.RequestContext;
  }

  /** A fresh context on the same workbook (what a second Excel.run would give). */
  newContext(): Excel.RequestContext {
    return new FakeRequestContext(this) as unknown as Excel.RequestContext;
  }

  get syncCount(): number {
    return this.syncs.length;
  }

  /** ExcelApi 1.x support, as Office.context.requirements.isSetSupported would answer. */
  isSetSupported(name: string, version?: string): boolean {
    if (name !== 'ExcelApi') return false;
    const minor = Number((version ?? '1.1').split('.')[1] ?? '1');
    return minor <= this.apiMinor;
  }

  /**
   * Install globalThis.Office (requirements, onReady) and globalThis.Excel (run) backed by this
   * double, for shell code that calls Excel.run. Returns a function restoring the previous globals.
   */
  installGlobals(): () => void {
    const g = globalThis as Record<string, unknown>;
    const prevOffice = g.Office, prevExcel = g.Excel;
    g.Office = {
      context: { requirements: { isSetSupported: (n: string, v?: string) => this.isSetSupported(n, v) }, host: 'Excel' },
      HostType: { Excel: 'Excel' },
      onReady: async () => ({ host: 'Excel', platform: 'OfficeOnline' }),
    };
    g.Excel = {
      run: async <T>(fn: (ctx: Excel.RequestContext) => Promise<T>): Promise<T> => fn(this.newContext()),
    };
    return () => {
      g.Office = prevOffice;
      g.Excel = prevExcel;
    };
  }

  // ── pre-population & inspection (immediate, not recorded) ──

  /** Add a sheet directly (a user's sheet). rows: dense from `origin` (A1); null = empty. */
  addSheet(name: string, rows: (CellInit | DoubleValue | null)[][] = [], init: SheetInit = {}): SheetState {
    const sheet = this.createSheet(name);
    if (init.visibility) sheet.visibility = init.visibility;
    const o = init.origin ? parseRef(init.origin).rect : { r1: 0, c1: 0 };
    rows.forEach((row, r) =>
      row.forEach((x, c) => {
        if (x === null || x === undefined) return;
        const cell = this.cellAt(sheet, o.r1 + r, o.c1 + c, true)!;
        if (typeof x !== 'object') { cell.value = x; return; }
        if (x.fmt) cell.numberFormat = x.fmt;
        if (x.format) cell.format = { ...x.format };
        if (x.f !== undefined) cell.formula = x.f.startsWith('=') ? x.f : '=' + x.f;
        if (x.error) { cell.value = x.error; cell.error = true; } else cell.value = x.v ?? (x.f !== undefined ? '' : null);
      }),
    );
    for (const m of init.merges ?? []) sheet.merges.push(toSpan(parseRef(m).rect));
    for (const [k, v] of Object.entries(init.customProperties ?? {})) sheet.customProperties.set(k.toLowerCase(), { key: k, value: v });
    return sheet;
  }

  sheetNames(): string[] {
    return this.sheets.map((s) => s.name);
  }

  getSheet(name: string): SheetState | undefined {
    const l = name.toLowerCase();
    return this.sheets.find((s) => s.name.toLowerCase() === l);
  }

  /** The cell at an A1 address of a sheet (undefined when never touched). */
  cell(sheetName: string, address: string): CellState | undefined {
    const sheet = this.getSheet(sheetName);
    if (!sheet) return undefined;
    const { rect } = parseRef(address);
    return sheet.cells.get(KEY(rect.r1, rect.c1));
  }

  /** Value of a cell ('' / null when empty). */
  value(sheetName: string, address: string): DoubleValue | null {
    return this.cell(sheetName, address)?.value ?? null;
  }

  get activeSheetName(): string | null {
    return this.sheets.find((s) => s.id === this.activeSheetId)?.name ?? null;
  }

  /** A JSON-able deep copy of a sheet (not its tab position), for "unchanged" comparisons. */
  snapshot(sheetName: string): unknown {
    const s = this.getSheet(sheetName);
    if (!s) return undefined;
    return JSON.parse(JSON.stringify({
      id: s.id,
      name: s.name,
      visibility: s.visibility,
      cells: [...s.cells.entries()].sort((a, b) => a[0] - b[0]),
      merges: s.merges,
      columnWidths: [...s.columnWidths.entries()],
      rowHeights: [...s.rowHeights.entries()],
      freeze: s.freeze,
      conditionalFormats: s.conditionalFormats,
      charts: s.charts,
      customProperties: [...s.customProperties.entries()],
      pageLayout: s.pageLayout,
    }));
  }

  /**
   * The formats a sheet's cells SHOW: each cell's own format with the Custom conditional formats whose
   * formula holds for it laid over (fill, font colour, bold, italic; the rule added LAST wins: Office.js adds
   * each new conditional format "at the first/top priority"). Cell-value rules and data bars depend on
   * calculated values and are left out.
   * Only cells with a value or a format, by key r * 16384 + c.
   */
  renderedFormats(sheetName: string): Map<number, CellFormat> {
    const s = this.getSheet(sheetName);
    const out = new Map<number, CellFormat>();
    if (!s) return out;
    for (const [k, cell] of s.cells) out.set(k, { ...cell.format });
    const rules = s.conditionalFormats.filter((cf) => cf.type === 'Custom' && cf.formula).reverse();
    for (const [k, f] of out) {
      const r = Math.floor(k / MAX_COLS), c = k % MAX_COLS;
      const shown = new Set<string>();
      for (const cf of rules) {
        const rect = parseRef(cf.range).rect;
        if (r < rect.r1 || r > rect.r2 || c < rect.c1 || c > rect.c2) continue;
        if (evalCfFormula(cf.formula!, r + 1, c + 1) !== true) continue;
        const put = <K extends keyof CellFormat>(key: K, v: CellFormat[K] | undefined) => {
          if (v === undefined || shown.has(key)) return;
          shown.add(key);
          f[key] = v;
        };
        put('fill', cf.fill);
        put('color', cf.fontColor);
        put('bold', cf.bold);
        put('italic', cf.italic);
      }
    }
    return out;
  }

  /** Calls whose name is `name` (and whose path contains `pathPart`, when given). */
  callsNamed(name: string, pathPart?: string): CallRecord[] {
    return this.calls.filter((c) => c.name === name && (pathPart === undefined || c.path.includes(pathPart)));
  }

  // ── internals used by the proxies ──

  createSheet(name: string): SheetState {
    this.checkName(name, null);
    const sheet: SheetState = {
      id: `{${String(this.nextId++).padStart(8, '0')}-0001-0000-0000-000000000000}`,
      name,
      visibility: 'Visible',
      cells: new Map(),
      merges: [],
      columnWidths: new Map(),
      rowHeights: new Map(),
      freeze: null,
      conditionalFormats: [],
      charts: [],
      customProperties: new Map(),
      pageLayout: {},
    };
    this.sheets.push(sheet);
    if (!this.activeSheetId) this.activeSheetId = sheet.id;
    return sheet;
  }

  checkName(name: string, self: SheetState | null): void {
    if (typeof name !== 'string' || name.length < 1 || name.length > 31 || /[:\\/?*[\]]/.test(name) || name.startsWith("'") || name.endsWith("'") || name.toLowerCase() === 'history')
      throw new ExcelDoubleError('InvalidArgument', `invalid sheet name "${name}"`);
    const l = name.toLowerCase();
    if (this.sheets.some((s) => s !== self && s.name.toLowerCase() === l)) throw new ExcelDoubleError('ItemAlreadyExists', `a sheet named "${name}" exists`);
  }

  deleteSheet(sheet: SheetState): void {
    const visible = this.sheets.filter((s) => s.visibility === 'Visible');
    if (sheet.visibility === 'Visible' && visible.length <= 1) throw new ExcelDoubleError('InvalidOperation', 'cannot delete the last visible sheet');
    const i = this.sheets.indexOf(sheet);
    this.sheets.splice(i, 1);
    sheet.deleted = true;
    if (this.activeSheetId === sheet.id) {
      const next = this.sheets.slice(Math.max(0, i - 1)).find((s) => s.visibility === 'Visible') ?? this.sheets.find((s) => s.visibility === 'Visible');
      this.activeSheetId = next?.id ?? null;
    }
    if (this.selection?.sheet === sheet.name) this.selection = null;
  }

  cellAt(sheet: SheetState, r: number, c: number, create: boolean): CellState | undefined {
    const k = KEY(r, c);
    let cell = sheet.cells.get(k);
    if (!cell && create) {
      cell = { value: null, numberFormat: 'General', format: {} };
      sheet.cells.set(k, cell);
    }
    return cell;
  }

  /** Used range: cells with a value or formula (valuesOnly) or also formatting. null when none. */
  usedRect(sheet: SheetState, valuesOnly: boolean): Rect | null {
    let r1 = Infinity, c1 = Infinity, r2 = -1, c2 = -1;
    for (const [k, cell] of sheet.cells) {
      if (isEmptyCell(cell) && (valuesOnly || !hasFormat(cell))) continue;
      const r = Math.floor(k / MAX_COLS), c = k % MAX_COLS;
      if (r < r1) r1 = r;
      if (r > r2) r2 = r;
      if (c < c1) c1 = c;
      if (c > c2) c2 = c;
    }
    if (!valuesOnly) for (const m of sheet.merges) { r1 = Math.min(r1, m.r1); c1 = Math.min(c1, m.c1); r2 = Math.max(r2, m.r2); c2 = Math.max(c2, m.c2); }
    return r2 < 0 ? null : { r1, c1, r2, c2 };
  }

  /** Enter a value into a cell, the way Excel's values/formulas setters do. */
  enter(cell: CellState, v: unknown): void {
    if (v === null || v === undefined) return;
    const setConst = (x: DoubleValue | null, error = false) => {
      cell.value = x;
      delete cell.formula;
      if (error) cell.error = true; else delete cell.error;
    };
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new ExcelDoubleError('InvalidArgument', `not a finite number: ${v}`);
      return setConst(v);
    }
    if (typeof v === 'boolean') return setConst(v);
    if (typeof v !== 'string') throw new ExcelDoubleError('InvalidArgument', `unsupported value ${JSON.stringify(v)}`);
    if (v.length > 32767) throw new ExcelDoubleError('InvalidArgument', 'text longer than 32767 characters');
    if (v === '') return setConst(null);
    if (cell.numberFormat === '@') return setConst(v);
    if (v.startsWith("'")) return setConst(v.slice(1));
    const num = numericText(v);
    if (v.startsWith('=') && v.length > 1) { cell.value = ''; cell.formula = v; delete cell.error; return; }
    if (num !== null) return setConst(num);
    if (/^[+\-@]/.test(v) && v.length > 1) { cell.value = ''; cell.formula = '=' + (v[0] === '@' ? v.slice(1) : v); delete cell.error; return; }
    if (/^(true|false)$/i.test(v)) return setConst(v.toLowerCase() === 'true');
    if (ERROR_VALUES.has(v.toUpperCase())) return setConst(v.toUpperCase(), true);
    const d = dateText(v);
    if (d !== null) return setConst(d);
    return setConst(v);
  }

  need(minor: number, what: string): (() => void) | null {
    if (minor <= this.apiMinor) return null;
    return () => {
      throw new ExcelDoubleError('ApiNotFound', `${what} needs ExcelApi 1.${minor}`);
    };
  }

  enqueue(path: string, kind: CallRecord['kind'], name: string, args: unknown[], run: () => void, minMinor = 1): void {
    const json = JSON.stringify(args, (_k, x) => (x instanceof ClientProxy ? { path: x._path } : x)) ?? '';
    const record: CallRecord = { seq: ++this.seq, sync: 0, path, kind, name, args, bytes: 60 + utf8Bytes(json), minApi: minMinor };
    this.calls.push(record);
    const missing = this.need(minMinor, `${path}.${name}`);
    this.queue.push({ record, run: missing ?? run });
  }

  /** Add to the current response's size (loaded data). */
  countResponse(data: unknown): void {
    this.responseBytes += utf8Bytes(JSON.stringify(data) ?? '');
  }

  suspendCalc(): void {
    this.calcSuspended = true;
  }

  async sync(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    const index = this.syncs.length + 1;
    const rec: SyncRecord = { index, calls: batch.map((q) => q.record), bytes: 0, responseBytes: 0 };
    // Each call's arguments, plus each distinct object path once (Office.js sends paths once per request).
    const paths = new Set<string>();
    for (const q of batch) {
      q.record.sync = index;
      rec.bytes += q.record.bytes;
      if (!paths.has(q.record.path)) { paths.add(q.record.path); rec.bytes += utf8Bytes(q.record.path); }
    }
    this.syncs.push(rec);
    await Promise.resolve();
    if (rec.bytes > this.payloadLimit) {
      rec.error = 'RequestPayloadSizeLimitExceeded';
      throw new ExcelDoubleError('RequestPayloadSizeLimitExceeded', `request of ${rec.bytes} bytes exceeds ${this.payloadLimit}`);
    }
    this.responseBytes = 0;
    this.calcSuspended = false;
    try {
      for (const q of batch) q.run();
    } catch (e) {
      rec.error = e instanceof ExcelDoubleError ? e.code : String(e);
      throw e;
    } finally {
      if (this.calcSuspended) this.calcSuspendedSyncs.push(index);
      this.calcSuspended = false;
      rec.responseBytes = this.responseBytes;
    }
    if (rec.responseBytes > this.payloadLimit) {
      rec.error = 'ResponsePayloadSizeLimitExceeded';
      throw new ExcelDoubleError('ResponsePayloadSizeLimitExceeded', `response of ${rec.responseBytes} bytes exceeds ${this.payloadLimit}`);
    }
  }
}

function toSpan(r: Rect): MergeSpan {
  return { r1: r.r1, c1: r.c1, r2: r.r2, c2: r.c2 };
}

function overlaps(a: Rect, b: Rect): boolean {
  return a.r1 <= b.r2 && b.r1 <= a.r2 && a.c1 <= b.c2 && b.c1 <= a.c2;
}

function parseLoad(arg: unknown): string[] {
  if (arg === undefined || arg === null) return [];
  if (typeof arg === 'string') return arg.split(',').map((s) => s.trim()).filter(Boolean);
  if (Array.isArray(arg)) return arg.flatMap((a) => parseLoad(a));
  if (typeof arg === 'object') {
    const o = arg as { select?: unknown; $all?: boolean };
    return parseLoad(o.select);
  }
  return [];
}

function hex(c: unknown): string | undefined {
  if (typeof c !== 'string') return undefined;
  return c.replace(/^#/, '').toUpperCase();
}

// ───────────────────────────── proxies ─────────────────────────────

abstract class ClientProxy {
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

class FakeRequestContext {
  readonly workbook: WorkbookProxy;
  constructor(readonly _d: ExcelDouble) {
    this.workbook = new WorkbookProxy(_d);
  }
  sync(): Promise<void> {
    return this._d.sync();
  }
  trackedObjects = { add: () => undefined, remove: () => undefined };
}

class WorkbookProxy extends ClientProxy {
  readonly worksheets: WorksheetCollectionProxy;
  readonly application: ApplicationProxy;
  constructor(d: ExcelDouble) {
    super(d, 'workbook');
    this.worksheets = new WorksheetCollectionProxy(d);
    this.application = new ApplicationProxy(d);
  }
  protected _scalars() {
    return { name: () => this._d.workbookName };
  }
  get name(): string {
    return this._get('name');
  }
  getActiveWorksheet(): WorksheetProxy {
    return this.worksheets.getActiveWorksheet();
  }
}

class ApplicationProxy extends ClientProxy {
  constructor(d: ExcelDouble) {
    super(d, 'workbook.application');
  }
  suspendApiCalculationUntilNextSync(): void {
    this._d.enqueue(this._path, 'call', 'suspendApiCalculationUntilNextSync', [], () => this._d.suspendCalc(), 6);
  }
  suspendScreenUpdatingUntilNextSync(): void {
    this._d.enqueue(this._path, 'call', 'suspendScreenUpdatingUntilNextSync', [], () => undefined, 9);
  }
}

class WorksheetCollectionProxy extends ClientProxy {
  private _items: WorksheetProxy[] | null = null;
  constructor(d: ExcelDouble) {
    super(d, 'worksheets');
  }
  get items(): WorksheetProxy[] {
    if (!this._items) throw new ExcelDoubleError('PropertyNotLoaded', `The property 'items' is not available on worksheets. Call load() and context.sync() first.`);
    return this._items;
  }
  load(props?: unknown): this {
    const wanted = parseLoad(props).map((p) => p.replace(/^items\//, '')).filter((p) => p !== 'items');
    this._d.enqueue(this._path, 'load', 'load', [wanted], () => {
      this._items = this._d.sheets.map((s) => {
        const p = new WorksheetProxy(this._d, `worksheets.getItem(${JSON.stringify(s.name)})`, () => s, false);
        p._bind(s);
        p._loadNow(wanted);
        return p;
      });
    });
    return this;
  }
  add(name?: string): WorksheetProxy {
    let created: SheetState | null = null;
    const p = new WorksheetProxy(this._d, `worksheets.add(${JSON.stringify(name)})`, () => created, false);
    this._d.enqueue(this._path, 'call', 'add', [name], () => {
      let n = name;
      if (n === undefined) { let i = this._d.sheets.length + 1; while (this._d.getSheet(`Sheet${i}`)) i++; n = `Sheet${i}`; }
      created = this._d.createSheet(n);
      p._bind(created);
    });
    return p;
  }
  getItem(key: string): WorksheetProxy {
    return new WorksheetProxy(this._d, `worksheets.getItem(${JSON.stringify(key)})`, () => this.find(key), false);
  }
  getItemOrNullObject(key: string): WorksheetProxy {
    const p = new WorksheetProxy(this._d, `worksheets.getItemOrNullObject(${JSON.stringify(key)})`, () => this.find(key), true);
    this._d.enqueue(this._path, 'call', 'getItemOrNullObject', [key], () => p._resolveNullable(), 4);
    return p;
  }
  getActiveWorksheet(): WorksheetProxy {
    return new WorksheetProxy(this._d, 'worksheets.getActiveWorksheet()', () => this._d.sheets.find((s) => s.id === this._d.activeSheetId) ?? null, false);
  }
  private find(key: string): SheetState | null {
    return this._d.getSheet(key) ?? this._d.sheets.find((s) => s.id === key) ?? null;
  }
}

class WorksheetProxy extends ClientProxy {
  private _bound: SheetState | null | undefined = undefined;
  private _isNull: boolean | undefined;
  readonly freezePanes: FreezePanesProxy;
  readonly charts: ChartCollectionProxy;
  readonly customProperties: CustomPropertyCollectionProxy;
  readonly pageLayout: PageLayoutProxy;
  constructor(d: ExcelDouble, path: string, private readonly finder: () => SheetState | null, private readonly orNull: boolean) {
    super(d, path);
    this.freezePanes = new FreezePanesProxy(d, `${path}.freezePanes`, this);
    this.charts = new ChartCollectionProxy(d, `${path}.charts`, this);
    this.customProperties = new CustomPropertyCollectionProxy(d, `${path}.customProperties`, this);
    this.pageLayout = new PageLayoutProxy(d, `${path}.pageLayout`, this);
  }
  _bind(s: SheetState): void {
    this._bound = s;
  }
  _resolveNullable(): SheetState | null {
    if (this._bound === undefined) this._bound = this.finder();
    this._isNull = !this._bound || !!this._bound.deleted;
    return this._isNull ? null : this._bound;
  }
  /** The sheet, resolved at first use inside a sync. */
  _sheet(): SheetState {
    if (this._bound === undefined) this._bound = this.finder();
    if (!this._bound) throw new ExcelDoubleError(this.orNull ? 'InvalidObjectPath' : 'ItemNotFound', `${this._path} does not exist`);
    if (this._bound.deleted) throw new ExcelDoubleError('InvalidObjectPath', `${this._path} was deleted`);
    return this._bound;
  }
  load(props?: unknown): this {
    if (!this.orNull) return super.load(props);
    // Loading a null object is allowed; its properties stay unavailable.
    const wanted = parseLoad(props);
    this._d.enqueue(this._path, 'load', 'load', [wanted], () => {
      if (this._resolveNullable()) this._loadNow(wanted);
    });
    return this;
  }
  _loadNow(wanted: string[]): void {
    const all: Record<string, () => unknown> = this._scalars();
    const names = wanted.length ? wanted.filter((w) => !w.includes('/')) : Object.keys(all);
    const snap: Record<string, unknown> = {};
    for (const n of names) {
      if (!all[n]) throw new ExcelDoubleError('InvalidArgument', `cannot load '${n}' of a worksheet`);
      snap[n] = all[n]();
    }
    this._d.countResponse(snap);
    this._loaded = snap;
  }
  protected _scalars(): Record<string, () => unknown> {
    return {
      name: () => this._sheet().name,
      id: () => this._sheet().id,
      position: () => this._d.sheets.indexOf(this._sheet()),
      visibility: () => this._sheet().visibility,
    };
  }
  get isNullObject(): boolean {
    if (this._isNull === undefined) throw new ExcelDoubleError('PropertyNotLoaded', `isNullObject of ${this._path} is known only after context.sync()`);
    return this._isNull;
  }
  get name(): string {
    return this._get('name');
  }
  set name(v: string) {
    this._d.enqueue(this._path, 'set', 'name', [v], () => {
      const s = this._sheet();
      this._d.checkName(v, s);
      if (this._d.selection?.sheet === s.name) this._d.selection.sheet = v;
      // As Excel does, formulas that refer to the sheet follow the new name.
      const q = (n: string) => `'${n.replace(/'/g, "''")}'!`;
      const plain = /^[A-Za-z_][A-Za-z0-9_.]*$/.test(s.name) ? `${s.name}!` : null;
      for (const other of this._d.sheets) {
        for (const c of other.cells.values()) {
          if (!c.formula) continue;
          let f = c.formula.split(q(s.name)).join(q(v));
          if (plain) f = f.replace(new RegExp(`(^|[^A-Za-z0-9_.'])${plain.replace(/[.]/g, '\\.')}`, 'g'), `$1${q(v)}`);
          c.formula = f;
        }
      }
      s.name = v;
    });
  }
  get id(): string {
    return this._get('id');
  }
  get position(): number {
    return this._get('position');
  }
  get visibility(): string {
    return this._get('visibility');
  }
  /** Setting visibility: ExcelApi 1.2. The last visible sheet cannot be hidden. */
  set visibility(v: string) {
    this._d.enqueue(
      this._path,
      'set',
      'visibility',
      [v],
      () => {
        const s = this._sheet();
        if (v !== 'Visible' && s.visibility === 'Visible' && this._d.sheets.filter((x) => x.visibility === 'Visible').length <= 1) {
          throw new ExcelDoubleError('InvalidOperation', 'cannot hide the last visible sheet');
        }
        s.visibility = v as SheetState['visibility'];
      },
      2,
    );
  }
  delete(): void {
    this._d.enqueue(this._path, 'call', 'delete', [], () => this._d.deleteSheet(this._sheet()));
  }
  activate(): void {
    this._d.enqueue(this._path, 'call', 'activate', [], () => {
      const s = this._sheet();
      if (s.visibility !== 'Visible') throw new ExcelDoubleError('InvalidOperation', 'cannot activate a hidden sheet');
      this._d.activeSheetId = s.id;
    });
  }
  getRange(address?: string): RangeProxy {
    const path = `${this._path}.getRange(${address === undefined ? '' : JSON.stringify(address)})`;
    if (address === undefined) return new RangeProxy(this._d, path, this, () => ({ r1: 0, c1: 0, r2: MAX_ROWS - 1, c2: MAX_COLS - 1 }));
    if (address.length > 8192) throw new ExcelDoubleError('InvalidArgument', 'address longer than 8192 characters');
    return new RangeProxy(this._d, path, this, () => parseRef(address).rect);
  }
  getRangeByIndexes(startRow: number, startColumn: number, rowCount: number, columnCount: number): RangeProxy {
    const path = `${this._path}.getRangeByIndexes(${startRow},${startColumn},${rowCount},${columnCount})`;
    return new RangeProxy(this._d, path, this, () => {
      if (rowCount < 1 || columnCount < 1 || startRow < 0 || startColumn < 0 || startRow + rowCount > MAX_ROWS || startColumn + columnCount > MAX_COLS)
        throw new ExcelDoubleError('InvalidArgument', `bad indexes ${path}`);
      return { r1: startRow, c1: startColumn, r2: startRow + rowCount - 1, c2: startColumn + columnCount - 1 };
    }, 7);
  }
  getRanges(address: string): RangeAreasProxy {
    const path = `${this._path}.getRanges(${JSON.stringify(address)})`;
    return new RangeAreasProxy(this._d, path, this, () => address.split(/[,;]/).map((a) => parseRef(a).rect), false, 9);
  }
  getUsedRange(valuesOnly?: boolean): RangeProxy {
    const path = `${this._path}.getUsedRange(${valuesOnly ?? ''})`;
    return new RangeProxy(this._d, path, this, () => this._d.usedRect(this._sheet(), !!valuesOnly) ?? { r1: 0, c1: 0, r2: 0, c2: 0 });
  }
  getUsedRangeOrNullObject(valuesOnly?: boolean): RangeProxy {
    const path = `${this._path}.getUsedRangeOrNullObject(${valuesOnly ?? ''})`;
    const p = new RangeProxy(this._d, path, this, () => this._d.usedRect(this._sheet(), !!valuesOnly), 4, true);
    this._d.enqueue(this._path, 'call', 'getUsedRangeOrNullObject', [valuesOnly], () => p._resolveNullable(), 4);
    return p;
  }
}

type RectFinder = () => Rect | null;

class RangeProxy extends ClientProxy {
  readonly format: FormatProxy;
  readonly conditionalFormats: ConditionalFormatCollectionProxy;
  private _bound: Rect | null | undefined;
  private _isNull: boolean | undefined;
  constructor(d: ExcelDouble, path: string, readonly _ws: WorksheetProxy, private readonly finder: RectFinder, readonly _minMinor = 1, private readonly orNull = false) {
    super(d, path);
    this.format = new FormatProxy(d, `${path}.format`, () => this._target());
    this.conditionalFormats = new ConditionalFormatCollectionProxy(d, `${path}.conditionalFormats`, this);
  }
  _resolveNullable(): Rect | null {
    if (this._bound === undefined) this._bound = this.finder();
    this._isNull = !this._bound;
    return this._bound;
  }
  protected _nullNow(): boolean {
    return this.orNull && !this._resolveNullable();
  }
  _target(): Bound[] {
    const sheet = this._ws._sheet();
    if (this._bound === undefined) this._bound = this.finder();
    if (!this._bound) throw new ExcelDoubleError('InvalidObjectPath', `${this._path} is a null object`);
    return [{ sheet, rect: this._bound }];
  }
  get isNullObject(): boolean {
    if (this._isNull === undefined) throw new ExcelDoubleError('PropertyNotLoaded', `isNullObject of ${this._path} is known only after context.sync()`);
    return this._isNull;
  }
  private rows<T>(f: (cell: CellState | undefined) => T): T[][] {
    const [{ sheet, rect }] = this._target();
    // Excel refuses to load the cells of a whole sheet or another huge range.
    if ((rect.r2 - rect.r1 + 1) * (rect.c2 - rect.c1 + 1) > 5_000_000) throw new ExcelDoubleError('InvalidOperation', `range too large to load: ${this._path}`);
    const out: T[][] = [];
    for (let r = rect.r1; r <= rect.r2; r++) {
      const row: T[] = [];
      for (let c = rect.c1; c <= rect.c2; c++) row.push(f(sheet.cells.get(KEY(r, c))));
      out.push(row);
    }
    return out;
  }
  protected _scalars() {
    const bound = () => this._target()[0];
    return {
      address: () => { const b = bound(); return `${quoteSheet(b.sheet.name)}!${rectAddress(b.rect)}`; },
      rowIndex: () => bound().rect.r1,
      columnIndex: () => bound().rect.c1,
      rowCount: () => bound().rect.r2 - bound().rect.r1 + 1,
      columnCount: () => bound().rect.c2 - bound().rect.c1 + 1,
      cellCount: () => { const r = bound().rect; return (r.r2 - r.r1 + 1) * (r.c2 - r.c1 + 1); },
      values: () => this.rows((c) => (c ? (c.value ?? '') : '')),
      formulas: () => this.rows((c) => (c ? (c.formula ?? c.value ?? '') : '')),
      numberFormat: () => this.rows((c) => c?.numberFormat ?? 'General'),
      valueTypes: () => this.rows((c) => {
        if (!c) return 'Empty';
        if (c.error) return 'Error';
        if (c.value === null || (c.value === '' && !c.formula)) return 'Empty';
        if (typeof c.value === 'number') return 'Double';
        if (typeof c.value === 'boolean') return 'Boolean';
        return 'String';
      }),
      text: () => this.rows((c) => (c && c.value !== null ? String(c.value) : '')),
    };
  }
  get address(): string { return this._get('address'); }
  get rowIndex(): number { return this._get('rowIndex'); }
  get columnIndex(): number { return this._get('columnIndex'); }
  get rowCount(): number { return this._get('rowCount'); }
  get columnCount(): number { return this._get('columnCount'); }
  get cellCount(): number { return this._get('cellCount'); }
  get text(): string[][] { return this._get('text'); }
  get valueTypes(): string[][] { return this._get('valueTypes'); }
  get values(): unknown[][] { return this._get('values'); }
  set values(v: unknown) { this.write('values', v); }
  get formulas(): unknown[][] { return this._get('formulas'); }
  set formulas(v: unknown) { this.write('formulas', v); }
  get numberFormat(): unknown[][] { return this._get('numberFormat'); }
  set numberFormat(v: unknown) { this.write('numberFormat', v); }

  private write(prop: 'values' | 'formulas' | 'numberFormat', input: unknown): void {
    this._d.enqueue(this._path, 'set', prop, [input], () => {
      const [{ sheet, rect }] = this._target();
      const nr = rect.r2 - rect.r1 + 1, nc = rect.c2 - rect.c1 + 1;
      const arr = Array.isArray(input) ? (input as unknown[][]) : null;
      if (arr && (arr.length !== nr || arr.some((row) => !Array.isArray(row) || row.length !== nc)))
        throw new ExcelDoubleError('InvalidArgument', `The number of rows or columns in the input array doesn't match the size or dimensions of the range (${this._path}.${prop}).`);
      for (let r = 0; r < nr; r++)
        for (let c = 0; c < nc; c++) {
          const v = arr ? arr[r][c] : input;
          if (v === null || v === undefined) continue;
          const cell = this._d.cellAt(sheet, rect.r1 + r, rect.c1 + c, true)!;
          if (prop === 'numberFormat') cell.numberFormat = String(v);
          else this._d.enter(cell, v);
        }
    }, this._minMinor);
  }
  merge(across?: boolean): void {
    this._d.enqueue(this._path, 'call', 'merge', [across ?? false], () => {
      const [{ sheet, rect }] = this._target();
      const spans: Rect[] = across ? Array.from({ length: rect.r2 - rect.r1 + 1 }, (_, i) => ({ r1: rect.r1 + i, r2: rect.r1 + i, c1: rect.c1, c2: rect.c2 })) : [rect];
      for (const s of spans) {
        if (s.r1 === s.r2 && s.c1 === s.c2) continue;
        if (sheet.merges.some((m) => overlaps(m, s))) throw new ExcelDoubleError('InvalidOperation', `merge overlaps an existing merge: ${rectAddress(s)}`);
        sheet.merges.push(toSpan(s));
        for (let r = s.r1; r <= s.r2; r++)
          for (let c = s.c1; c <= s.c2; c++) {
            if (r === s.r1 && c === s.c1) continue;
            const cell = sheet.cells.get(KEY(r, c));
            if (cell) { cell.value = null; delete cell.formula; delete cell.error; }
          }
      }
    }, Math.max(2, this._minMinor));
  }
  unmerge(): void {
    this._d.enqueue(this._path, 'call', 'unmerge', [], () => {
      const [{ sheet, rect }] = this._target();
      sheet.merges = sheet.merges.filter((m) => !overlaps(m, rect));
    }, Math.max(2, this._minMinor));
  }
  select(): void {
    this._d.enqueue(this._path, 'call', 'select', [], () => {
      const [{ sheet, rect }] = this._target();
      if (sheet.id !== this._d.activeSheetId) throw new ExcelDoubleError('InvalidOperation', 'select() on a sheet that is not active');
      this._d.selection = { sheet: sheet.name, address: rectAddress(rect) };
    }, this._minMinor);
  }
  clear(): void {
    this._d.enqueue(this._path, 'call', 'clear', [], () => {
      const [{ sheet, rect }] = this._target();
      for (let r = rect.r1; r <= rect.r2; r++) for (let c = rect.c1; c <= rect.c2; c++) sheet.cells.delete(KEY(r, c));
    }, this._minMinor);
  }
  getMergedAreasOrNullObject(): RangeAreasProxy {
    const path = `${this._path}.getMergedAreasOrNullObject()`;
    const p = new RangeAreasProxy(this._d, path, this._ws, () => {
      const [{ sheet, rect }] = this._target();
      const found = sheet.merges.filter((m) => overlaps(m, rect));
      if (found.length > 512) throw new ExcelDoubleError('GeneralException', 'more than 512 merged areas');
      return found.length ? found.map((m) => ({ ...m })) : null;
    }, true, 13);
    this._d.enqueue(this._path, 'call', 'getMergedAreasOrNullObject', [], () => p._resolveNullable(), 13);
    return p;
  }
}

class RangeAreasProxy extends ClientProxy {
  readonly format: FormatProxy;
  private _bound: Rect[] | null | undefined;
  private _isNull: boolean | undefined;
  constructor(d: ExcelDouble, path: string, private readonly _ws: WorksheetProxy, private readonly finder: () => Rect[] | null, private readonly orNull: boolean, private readonly minMinor: number) {
    super(d, path);
    this.format = new FormatProxy(d, `${path}.format`, () => this._target(), minMinor);
  }
  _resolveNullable(): Rect[] | null {
    if (this._bound === undefined) this._bound = this.finder();
    this._isNull = !this._bound;
    return this._bound;
  }
  _target(): Bound[] {
    const sheet = this._ws._sheet();
    if (this._bound === undefined) this._bound = this.finder();
    if (!this._bound) throw new ExcelDoubleError('InvalidObjectPath', `${this._path} is a null object`);
    return this._bound.map((rect) => ({ sheet, rect }));
  }
  get isNullObject(): boolean {
    if (this._isNull === undefined) throw new ExcelDoubleError('PropertyNotLoaded', `isNullObject of ${this._path} is known only after context.sync()`);
    return this._isNull;
  }
  protected _scalars() {
    return {
      address: () => this._target().map((b) => `${quoteSheet(b.sheet.name)}!${rectAddress(b.rect)}`).join(', '),
      areaCount: () => this._target().length,
    };
  }
  load(props?: unknown): this {
    if (this.orNull) {
      // Loading a null object is allowed; its properties stay unavailable.
      const wanted = parseLoad(props);
      this._d.enqueue(this._path, 'load', 'load', [wanted], () => {
        if (!this._resolveNullable()) return;
        const all = this._scalars();
        const snap: Record<string, unknown> = {};
        for (const n of wanted.length ? wanted : Object.keys(all)) {
          if (!(n in all)) throw new ExcelDoubleError('InvalidArgument', `cannot load '${n}'`);
          snap[n] = (all as Record<string, () => unknown>)[n]();
        }
        this._d.countResponse(snap);
        this._loaded = snap;
      }, this.minMinor);
      return this;
    }
    return super.load(props);
  }
  get address(): string { return this._get('address'); }
  get areaCount(): number { return this._get('areaCount'); }
}

class FormatProxy extends ClientProxy {
  readonly fill: FillProxy;
  readonly font: FontProxy;
  readonly borders: BordersProxy;
  constructor(d: ExcelDouble, path: string, readonly _targets: () => Bound[], readonly _minMinor = 1) {
    super(d, path);
    this.fill = new FillProxy(d, `${path}.fill`, this);
    this.font = new FontProxy(d, `${path}.font`, this);
    this.borders = new BordersProxy(d, `${path}.borders`, this);
  }
  /** Apply f to every cell of the targets (creating cells). */
  _each(f: (cell: CellState, r: number, c: number, rect: Rect) => void): void {
    for (const { sheet, rect } of this._targets()) {
      if ((rect.r2 - rect.r1 + 1) * (rect.c2 - rect.c1 + 1) > 2_000_000) continue; // whole columns/rows: not tracked per cell
      for (let r = rect.r1; r <= rect.r2; r++) for (let c = rect.c1; c <= rect.c2; c++) f(this._d.cellAt(sheet, r, c, true)!, r, c, rect);
    }
  }
  _set(name: string, v: unknown, apply: () => void, minMinor = 1): void {
    this._d.enqueue(this._path, 'set', name, [v], apply, Math.max(minMinor, this._minMinor));
  }
  set horizontalAlignment(v: string) { this._set('horizontalAlignment', v, () => this._each((c) => { c.format.hAlign = v; })); }
  set verticalAlignment(v: string) { this._set('verticalAlignment', v, () => this._each((c) => { c.format.vAlign = v; })); }
  set wrapText(v: boolean) { this._set('wrapText', v, () => this._each((c) => { c.format.wrap = v; })); }
  set columnWidth(v: number) {
    this._set('columnWidth', v, () => { for (const { sheet, rect } of this._targets()) for (let c = rect.c1; c <= rect.c2; c++) sheet.columnWidths.set(c, v); }, 2);
  }
  set rowHeight(v: number) {
    this._set('rowHeight', v, () => { for (const { sheet, rect } of this._targets()) for (let r = rect.r1; r <= rect.r2; r++) sheet.rowHeights.set(r, v); }, 2);
  }
  autofitColumns(): void {
    this._d.enqueue(this._path, 'call', 'autofitColumns', [], () => undefined, Math.max(2, this._minMinor));
  }
}

class FillProxy extends ClientProxy {
  constructor(d: ExcelDouble, path: string, private readonly f: FormatProxy) { super(d, path); }
  set color(v: string) { this.f._set('fill.color', v, () => this.f._each((c) => { c.format.fill = hex(v); })); }
  clear(): void { this._d.enqueue(this._path, 'call', 'clear', [], () => this.f._each((c) => { delete c.format.fill; }), this.f._minMinor); }
}

class FontProxy extends ClientProxy {
  constructor(d: ExcelDouble, path: string, private readonly f: FormatProxy) { super(d, path); }
  set bold(v: boolean) { this.f._set('font.bold', v, () => this.f._each((c) => { c.format.bold = v; })); }
  set italic(v: boolean) { this.f._set('font.italic', v, () => this.f._each((c) => { c.format.italic = v; })); }
  set size(v: number) { this.f._set('font.size', v, () => this.f._each((c) => { c.format.size = v; })); }
  set color(v: string) { this.f._set('font.color', v, () => this.f._each((c) => { c.format.color = hex(v); })); }
  set name(v: string) { this.f._set('font.name', v, () => this.f._each((c) => { c.format.fontName = v; })); }
}

const EDGES = ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight', 'InsideVertical', 'InsideHorizontal'];

class BordersProxy extends ClientProxy {
  constructor(d: ExcelDouble, path: string, private readonly f: FormatProxy) { super(d, path); }
  getItem(index: string): BorderProxy {
    if (!EDGES.includes(index) && !['DiagonalDown', 'DiagonalUp'].includes(index)) throw new ExcelDoubleError('InvalidArgument', `border ${index}`);
    return new BorderProxy(this._d, `${this._path}.getItem(${JSON.stringify(index)})`, this.f, index);
  }
}

class BorderProxy extends ClientProxy {
  constructor(d: ExcelDouble, path: string, private readonly f: FormatProxy, private readonly edge: string) { super(d, path); }
  set style(v: string) {
    this.f._set(`borders.${this.edge}.style`, v, () =>
      this.f._each((c, r, col, rect) => {
        const b = (c.format.borders ??= {});
        const on = v === 'None' ? undefined : v;
        switch (this.edge) {
          case 'EdgeTop': if (r === rect.r1) b.top = on; break;
          case 'EdgeBottom': if (r === rect.r2) b.bottom = on; break;
          case 'EdgeLeft': if (col === rect.c1) b.left = on; break;
          case 'EdgeRight': if (col === rect.c2) b.right = on; break;
          case 'InsideHorizontal': if (r > rect.r1) b.top = on; if (r < rect.r2) b.bottom = on; break;
          case 'InsideVertical': if (col > rect.c1) b.left = on; if (col < rect.c2) b.right = on; break;
        }
      }),
    );
  }
  set color(v: string) { this.f._set(`borders.${this.edge}.color`, v, () => undefined); }
  set weight(v: string) { this.f._set(`borders.${this.edge}.weight`, v, () => undefined); }
}

const CF_TYPES = ['Custom', 'DataBar', 'ColorScale', 'IconSet', 'TopBottom', 'PresetCriteria', 'ContainsText', 'CellValue'];

class ConditionalFormatCollectionProxy extends ClientProxy {
  constructor(d: ExcelDouble, path: string, private readonly range: RangeProxy) { super(d, path); }
  add(type: string): ConditionalFormatProxy {
    const state: ConditionalFormatState = { type, range: '' };
    this._d.enqueue(this._path, 'call', 'add', [type], () => {
      if (!CF_TYPES.includes(type)) throw new ExcelDoubleError('InvalidArgument', `conditional format type ${type}`);
      const [{ sheet, rect }] = this.range._target();
      state.range = rectAddress(rect);
      sheet.conditionalFormats.push(state);
    }, 6);
    return new ConditionalFormatProxy(this._d, `${this._path}.add(${JSON.stringify(type)})`, state);
  }
}

class ConditionalFormatProxy extends ClientProxy {
  readonly cellValue: { format: { fill: { color: string }; font: { color: string; bold: boolean } }; rule: unknown };
  readonly dataBar: { barDirection: string; showDataBarOnly: boolean; positiveFormat: { fillColor: string; gradientFill: boolean; borderColor: string } };
  readonly custom: { rule: { formula: string }; format: { fill: { color: string }; font: { color: string; bold: boolean; italic: boolean } } };
  constructor(d: ExcelDouble, path: string, state: ConditionalFormatState) {
    super(d, path);
    const set = (name: string, v: unknown, f: () => void) => d.enqueue(path, 'set', name, [v], f, 6);
    const customOnly = (f: () => void) => () => {
      if (state.type !== 'Custom') throw new ExcelDoubleError('InvalidOperation', 'custom of a non-Custom conditional format');
      f();
    };
    const notLoaded = (n: string): never => { throw new ExcelDoubleError('PropertyNotLoaded', n); };
    this.custom = {
      rule: {
        set formula(v: string) {
          set('custom.rule.formula', v, customOnly(() => {
            if (typeof v !== 'string' || !v.startsWith('=') || v.length > 8192) throw new ExcelDoubleError('InvalidArgument', 'conditional format formula');
            state.formula = v;
          }));
        },
        get formula(): string { return notLoaded('formula'); },
      },
      format: {
        fill: { set color(v: string) { set('custom.format.fill.color', v, customOnly(() => { state.fill = hex(v); })); }, get color(): string { return notLoaded('fill.color'); } },
        font: {
          set color(v: string) { set('custom.format.font.color', v, customOnly(() => { state.fontColor = hex(v); })); }, get color(): string { return notLoaded('font.color'); },
          set bold(v: boolean) { set('custom.format.font.bold', v, customOnly(() => { state.bold = v; })); }, get bold(): boolean { return notLoaded('font.bold'); },
          set italic(v: boolean) { set('custom.format.font.italic', v, customOnly(() => { state.italic = v; })); }, get italic(): boolean { return notLoaded('font.italic'); },
        },
      },
    };
    this.cellValue = {
      format: {
        fill: { set color(v: string) { set('cellValue.format.fill.color', v, () => { state.fill = hex(v); }); }, get color(): string { throw new ExcelDoubleError('PropertyNotLoaded', 'fill.color'); } },
        font: {
          set color(v: string) { set('cellValue.format.font.color', v, () => { state.fontColor = hex(v); }); }, get color(): string { throw new ExcelDoubleError('PropertyNotLoaded', 'font.color'); },
          set bold(v: boolean) { set('cellValue.format.font.bold', v, () => { state.bold = v; }); }, get bold(): boolean { throw new ExcelDoubleError('PropertyNotLoaded', 'font.bold'); },
        },
      },
      set rule(v: unknown) {
        set('cellValue.rule', v, () => {
          if (state.type !== 'CellValue') throw new ExcelDoubleError('InvalidOperation', 'cellValue of a non-CellValue conditional format');
          state.rule = { ...(v as object) };
        });
      },
      get rule(): unknown { throw new ExcelDoubleError('PropertyNotLoaded', 'rule'); },
    };
    const dataBarOnly = () => { if (state.type !== 'DataBar') throw new ExcelDoubleError('InvalidOperation', 'dataBar of a non-DataBar conditional format'); };
    this.dataBar = {
      set barDirection(v: string) { set('dataBar.barDirection', v, dataBarOnly); }, get barDirection(): string { throw new ExcelDoubleError('PropertyNotLoaded', 'barDirection'); },
      set showDataBarOnly(v: boolean) { set('dataBar.showDataBarOnly', v, dataBarOnly); }, get showDataBarOnly(): boolean { throw new ExcelDoubleError('PropertyNotLoaded', 'showDataBarOnly'); },
      positiveFormat: {
        set fillColor(v: string) { set('dataBar.positiveFormat.fillColor', v, () => { dataBarOnly(); state.barColor = hex(v); }); }, get fillColor(): string { throw new ExcelDoubleError('PropertyNotLoaded', 'fillColor'); },
        set gradientFill(v: boolean) { set('dataBar.positiveFormat.gradientFill', v, dataBarOnly); }, get gradientFill(): boolean { throw new ExcelDoubleError('PropertyNotLoaded', 'gradientFill'); },
        set borderColor(v: string) { set('dataBar.positiveFormat.borderColor', v, dataBarOnly); }, get borderColor(): string { throw new ExcelDoubleError('PropertyNotLoaded', 'borderColor'); },
      },
    };
  }
}

class FreezePanesProxy extends ClientProxy {
  constructor(d: ExcelDouble, path: string, private readonly ws: WorksheetProxy) { super(d, path); }
  freezeRows(count = 1): void {
    this._d.enqueue(this._path, 'call', 'freezeRows', [count], () => { this.ws._sheet().freeze = { rows: count, cols: 0 }; }, 7);
  }
  freezeColumns(count = 1): void {
    this._d.enqueue(this._path, 'call', 'freezeColumns', [count], () => { this.ws._sheet().freeze = { rows: 0, cols: count }; }, 7);
  }
  freezeAt(range: RangeProxy | string): void {
    this._d.enqueue(this._path, 'call', 'freezeAt', [range], () => {
      const rect = typeof range === 'string' ? parseRef(range).rect : range._target()[0].rect;
      this.ws._sheet().freeze = { rows: rect.r2 + 1, cols: rect.c2 + 1 };
    }, 7);
  }
  unfreeze(): void {
    this._d.enqueue(this._path, 'call', 'unfreeze', [], () => { this.ws._sheet().freeze = null; }, 7);
  }
}

class PageLayoutProxy extends ClientProxy {
  readonly headersFooters: { defaultForAllPages: { centerFooter: string; leftFooter: string; rightFooter: string; centerHeader: string } };
  constructor(d: ExcelDouble, path: string, private readonly ws: WorksheetProxy) {
    super(d, path);
    const footer = (pos: 'centerFooter' | 'leftFooter' | 'rightFooter' | 'centerHeader') => ({
      set: (v: string) => d.enqueue(`${path}.headersFooters.defaultForAllPages`, 'set', pos, [v], () => {
        if (typeof v !== 'string' || v.length > 255) throw new ExcelDoubleError('InvalidArgument', `${pos} longer than 255 characters`);
        ((this.ws._sheet().pageLayout.headerFooter ??= {}) as Record<string, string>)[pos] = v;
      }, 9),
      get: (): string => { throw new ExcelDoubleError('PropertyNotLoaded', pos); },
    });
    const dfl = {};
    for (const pos of ['centerFooter', 'leftFooter', 'rightFooter', 'centerHeader'] as const) Object.defineProperty(dfl, pos, { ...footer(pos), enumerable: true });
    this.headersFooters = { defaultForAllPages: dfl as PageLayoutProxy['headersFooters']['defaultForAllPages'] };
  }
  private setp(name: keyof PageLayoutState, v: unknown, check?: () => void): void {
    this._d.enqueue(this._path, 'set', name, [v], () => { check?.(); (this.ws._sheet().pageLayout as Record<string, unknown>)[name] = v; }, 9);
  }
  set orientation(v: string) { this.setp('orientation', v, () => { if (v !== 'Portrait' && v !== 'Landscape') throw new ExcelDoubleError('InvalidArgument', `orientation ${v}`); }); }
  set paperSize(v: string) { this.setp('paperSize', v); }
  set zoom(v: unknown) {
    this.setp('zoom', v, () => {
      const z = v as { scale?: number; horizontalFitToPages?: number; verticalFitToPages?: number };
      if (z.scale !== undefined && (z.horizontalFitToPages !== undefined || z.verticalFitToPages !== undefined)) throw new ExcelDoubleError('InvalidArgument', 'zoom: scale and fit to pages together');
      if (z.scale !== undefined && !(z.scale >= 10 && z.scale <= 400)) throw new ExcelDoubleError('InvalidArgument', `zoom scale ${z.scale}`);
    });
  }
  set centerHorizontally(v: boolean) { this.setp('centerHorizontally', v); }
  set leftMargin(v: number) { this.setp('leftMargin', v); }
  set rightMargin(v: number) { this.setp('rightMargin', v); }
  set topMargin(v: number) { this.setp('topMargin', v); }
  set bottomMargin(v: number) { this.setp('bottomMargin', v); }
  setPrintMargins(unit: string, m: Record<string, number>): void {
    this._d.enqueue(this._path, 'call', 'setPrintMargins', [unit, m], () => {
      if (!['Points', 'Inches', 'Centimeters'].includes(unit)) throw new ExcelDoubleError('InvalidArgument', `margin unit ${unit}`);
      const k = unit === 'Points' ? 1 : unit === 'Inches' ? 72 : 72 / 2.54;
      const out: Record<string, number> = {};
      for (const [key, v] of Object.entries(m)) {
        if (!['top', 'bottom', 'left', 'right', 'header', 'footer'].includes(key) || typeof v !== 'number' || v < 0) throw new ExcelDoubleError('InvalidArgument', `margin ${key}`);
        out[key] = Math.round(v * k * 100) / 100;
      }
      this.ws._sheet().pageLayout.margins = out;
    }, 9);
  }
  private setRef(name: 'printTitleRows' | 'printTitleColumns' | 'printArea', method: string, ref: RangeProxy | string, shape?: RegExp): void {
    this._d.enqueue(this._path, 'call', method, [ref], () => {
      const a = typeof ref === 'string' ? ref : rectAddress(ref._target()[0].rect);
      parseRef(a);
      if (shape && !shape.test(a)) throw new ExcelDoubleError('InvalidArgument', `${method}: ${a}`);
      this.ws._sheet().pageLayout[name] = a;
    }, 9);
  }
  setPrintTitleRows(rows: RangeProxy | string): void { this.setRef('printTitleRows', 'setPrintTitleRows', rows, /^\$?\d+:\$?\d+$/); }
  setPrintTitleColumns(cols: RangeProxy | string): void { this.setRef('printTitleColumns', 'setPrintTitleColumns', cols, /^\$?[A-Z]+:\$?[A-Z]+$/); }
  setPrintArea(area: RangeProxy | string): void { this.setRef('printArea', 'setPrintArea', area); }
}

class CustomPropertyCollectionProxy extends ClientProxy {
  private _items: CustomPropertyProxy[] | null = null;
  constructor(d: ExcelDouble, path: string, private readonly ws: WorksheetProxy) { super(d, path); }
  add(key: string, value: string): CustomPropertyProxy {
    this._d.enqueue(this._path, 'call', 'add', [key, value], () => {
      if (!key || key.length > 255) throw new ExcelDoubleError('InvalidArgument', 'custom property key');
      this.ws._sheet().customProperties.set(key.toLowerCase(), { key, value: String(value) });
    }, 12);
    return new CustomPropertyProxy(this._d, `${this._path}.getItem(${JSON.stringify(key)})`, this.ws, key, false);
  }
  getItem(key: string): CustomPropertyProxy {
    return new CustomPropertyProxy(this._d, `${this._path}.getItem(${JSON.stringify(key)})`, this.ws, key, false);
  }
  getItemOrNullObject(key: string): CustomPropertyProxy {
    const p = new CustomPropertyProxy(this._d, `${this._path}.getItemOrNullObject(${JSON.stringify(key)})`, this.ws, key, true);
    this._d.enqueue(this._path, 'call', 'getItemOrNullObject', [key], () => p._resolveNullable(), 12);
    return p;
  }
  get items(): CustomPropertyProxy[] {
    if (!this._items) throw new ExcelDoubleError('PropertyNotLoaded', `items of ${this._path}`);
    return this._items;
  }
  load(props?: unknown): this {
    const wanted = parseLoad(props).map((p) => p.replace(/^items\//, '')).filter((p) => p !== 'items');
    this._d.enqueue(this._path, 'load', 'load', [wanted], () => {
      this._items = [...this.ws._sheet().customProperties.values()].map((cp) => {
        const p = new CustomPropertyProxy(this._d, `${this._path}.getItem(${JSON.stringify(cp.key)})`, this.ws, cp.key, false);
        p._loadNow(wanted);
        return p;
      });
    }, 12);
    return this;
  }
}

class CustomPropertyProxy extends ClientProxy {
  private _isNull: boolean | undefined;
  constructor(d: ExcelDouble, path: string, private readonly ws: WorksheetProxy, private readonly _key: string, private readonly orNull: boolean) { super(d, path); }
  private entry(): { key: string; value: string } | undefined {
    return this.ws._sheet().customProperties.get(this._key.toLowerCase());
  }
  _resolveNullable(): void {
    this._isNull = !this.entry();
  }
  _loadNow(wanted: string[]): void {
    const e = this.entry();
    const snap: Record<string, unknown> = {};
    for (const n of wanted.length ? wanted : ['key', 'value']) {
      if (n !== 'key' && n !== 'value') throw new ExcelDoubleError('InvalidArgument', `cannot load '${n}'`);
      snap[n] = e?.[n];
    }
    this._d.countResponse(snap);
    this._loaded = snap;
  }
  load(props?: unknown): this {
    const wanted = parseLoad(props);
    this._d.enqueue(this._path, 'load', 'load', [wanted], () => {
      const e = this.entry();
      if (!e) {
        if (this.orNull) return;
        throw new ExcelDoubleError('ItemNotFound', `${this._path} does not exist`);
      }
      this._loadNow(wanted);
    }, 12);
    return this;
  }
  get isNullObject(): boolean {
    if (this._isNull === undefined) throw new ExcelDoubleError('PropertyNotLoaded', `isNullObject of ${this._path} is known only after context.sync()`);
    return this._isNull;
  }
  get key(): string { return this._get('key'); }
  get value(): string { return this._get('value'); }
  set value(v: string) {
    this._d.enqueue(this._path, 'set', 'value', [v], () => {
      const e = this.entry();
      if (!e) throw new ExcelDoubleError('ItemNotFound', `${this._path} does not exist`);
      e.value = String(v);
    }, 12);
  }
  delete(): void {
    this._d.enqueue(this._path, 'call', 'delete', [], () => {
      if (!this.ws._sheet().customProperties.delete(this._key.toLowerCase())) throw new ExcelDoubleError('ItemNotFound', `${this._path} does not exist`);
    }, 12);
  }
}

class ChartCollectionProxy extends ClientProxy {
  constructor(d: ExcelDouble, path: string, private readonly ws: WorksheetProxy) { super(d, path); }
  add(type: string, source: RangeProxy, seriesBy?: string): ChartProxy {
    const state: ChartState = { type, source: '', seriesBy, series: [] };
    this._d.enqueue(this._path, 'call', 'add', [type, source, seriesBy], () => {
      const sheet = this.ws._sheet();
      const [b] = source._target();
      if (b.sheet !== sheet) throw new ExcelDoubleError('InvalidArgument', 'chart source on another sheet');
      state.source = rectAddress(b.rect);
      // One series per column (seriesBy Columns / Auto on a tall range), per row otherwise.
      const byCols = seriesBy !== 'Rows';
      const n = byCols ? b.rect.c2 - b.rect.c1 + 1 : b.rect.r2 - b.rect.r1 + 1;
      for (let i = 0; i < n; i++) {
        const r = byCols ? { ...b.rect, c1: b.rect.c1 + i, c2: b.rect.c1 + i } : { ...b.rect, r1: b.rect.r1 + i, r2: b.rect.r1 + i };
        state.series.push({ values: rectAddress(r) });
      }
      sheet.charts.push(state);
    });
    return new ChartProxy(this._d, `${this._path}.add(${JSON.stringify(type)})`, state, this.ws);
  }
}

class ChartSeriesProxy extends ClientProxy {
  readonly format: { fill: { setSolidColor(c: string): void } };
  constructor(d: ExcelDouble, path: string, private readonly state: ChartState, private readonly index: () => number, private readonly ws: WorksheetProxy) {
    super(d, path);
    this.format = { fill: { setSolidColor: (c: string) => d.enqueue(`${path}.format.fill`, 'call', 'setSolidColor', [c], () => { this.item().color = hex(c); }) } };
  }
  private item(): ChartSeriesState {
    const s = this.state.series[this.index()];
    if (!s) throw new ExcelDoubleError('ItemNotFound', `${this._path}: no such series`);
    return s;
  }
  private range(r: RangeProxy): string {
    const [b] = r._target();
    if (b.sheet !== this.ws._sheet()) throw new ExcelDoubleError('InvalidArgument', 'series data on another sheet');
    return rectAddress(b.rect);
  }
  set name(v: string) { this._d.enqueue(this._path, 'set', 'name', [v], () => { this.item().name = v; }); }
  get name(): string { throw new ExcelDoubleError('PropertyNotLoaded', 'series.name'); }
  setValues(r: RangeProxy): void { this._d.enqueue(this._path, 'call', 'setValues', [r], () => { this.item().values = this.range(r); }, 7); }
  setXAxisValues(r: RangeProxy): void { this._d.enqueue(this._path, 'call', 'setXAxisValues', [r], () => { this.item().xAxisValues = this.range(r); }, 7); }
}

class ChartProxy extends ClientProxy {
  readonly title: { text: string; visible: boolean };
  readonly legend: { visible: boolean; position: string };
  readonly series: { getItemAt(i: number): ChartSeriesProxy; add(name?: string): ChartSeriesProxy };
  readonly axes: { valueAxis: { minimum: number }; categoryAxis: { reversePlotOrder: boolean } };
  constructor(d: ExcelDouble, path: string, private readonly state: ChartState, ws: WorksheetProxy) {
    super(d, path);
    const set = (name: string, v: unknown, f: () => void, minor = 1) => d.enqueue(path, 'set', name, [v], f, minor);
    const nl = (n: string): never => { throw new ExcelDoubleError('PropertyNotLoaded', n); };
    this.title = {
      set text(v: string) { set('title.text', v, () => { state.title = v; }); }, get text(): string { return nl('title.text'); },
      set visible(v: boolean) { set('title.visible', v, () => undefined); }, get visible(): boolean { return nl('title.visible'); },
    };
    this.legend = {
      set visible(v: boolean) { set('legend.visible', v, () => { state.legendVisible = v; }); }, get visible(): boolean { return nl('legend.visible'); },
      set position(v: string) {
        set('legend.position', v, () => {
          if (!['Top', 'Bottom', 'Left', 'Right', 'Corner', 'Custom'].includes(v)) throw new ExcelDoubleError('InvalidArgument', `legend position ${v}`);
          state.legendPosition = v;
        });
      },
      get position(): string { return nl('legend.position'); },
    };
    this.axes = {
      valueAxis: { set minimum(v: number) { set('axes.valueAxis.minimum', v, () => { state.valueAxisMinimum = v; }); }, get minimum(): number { return nl('minimum'); } },
      categoryAxis: { set reversePlotOrder(v: boolean) { set('axes.categoryAxis.reversePlotOrder', v, () => { state.categoriesReversed = v; }, 7); }, get reversePlotOrder(): boolean { return nl('reversePlotOrder'); } },
    };
    this.series = {
      getItemAt: (i: number) => new ChartSeriesProxy(d, `${path}.series.getItemAt(${i})`, state, () => i, ws),
      add: (name?: string) => {
        let index = -1;
        d.enqueue(`${path}.series`, 'call', 'add', [name], () => {
          state.series.push(name === undefined ? {} : { name });
          index = state.series.length - 1;
        }, 7);
        return new ChartSeriesProxy(d, `${path}.series.add(${JSON.stringify(name)})`, state, () => index, ws);
      },
    };
  }
  set name(v: string) { this._d.enqueue(this._path, 'set', 'name', [v], () => { this.state.name = v; }); }
  setPosition(startCell: RangeProxy | string, endCell?: RangeProxy | string): void {
    this._d.enqueue(this._path, 'call', 'setPosition', [startCell, endCell], () => {
      const a = (x: RangeProxy | string) => (typeof x === 'string' ? rectAddress(parseRef(x).rect) : rectAddress(x._target()[0].rect));
      this.state.position = { start: a(startCell), ...(endCell !== undefined ? { end: a(endCell) } : {}) };
    });
  }
}

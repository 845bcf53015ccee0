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
 * Files: excel-double-core.ts (state, errors, addresses, the proxy base), excel-double-format.ts (RangeAreas,
 * formats), excel-double-parts.ts (conditional formats — Custom rules rendered by renderedFormats() through
 * cf-formula.ts —, frozen panes, page layout, custom properties, charts with their series); each member
 * gated at the API set @types/office-js gives it (office-js-surface.test.ts checks that).
 *
 * Not modelled: formula calculation (a written formula's value is '' until a test sets it),
 * undo, events, tables, names, styles by name, rich values.
 */
import { evalCfFormula } from './cf-formula';
import {
  ClientProxy, ERROR_VALUES, ExcelDoubleError, KEY, MAX_COLS, MAX_ROWS, dateText, hasFormat, isEmptyCell, numericText, overlaps, parseLoad, parseRef, quoteSheet, rectAddress, toSpan, utf8Bytes,
  type Bound, type CallRecord, type CellFormat, type CellInit, type CellState, type DoubleOptions, type DoubleValue, type Rect, type SheetInit, type SheetState, type SyncRecord,
} from './excel-double-core';
import { FormatProxy, RangeAreasProxy } from './excel-double-format';
import { ChartCollectionProxy, ConditionalFormatCollectionProxy, CustomPropertyCollectionProxy, FreezePanesProxy, PageLayoutProxy } from './excel-double-parts';

export * from './excel-double-core';


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


// ───────────────────────────── proxies ─────────────────────────────

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

export class WorksheetProxy extends ClientProxy {
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

export class RangeProxy extends ClientProxy {
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

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
 *      outputs (200 communes × 80 indicators ≈ 1–2 MB) fit in ONE batch;
 *   last  the print setup and the charts, on their own (when a sheet has them), so that an Excel
 *      refusing one of them keeps the data written (a note says so). A normal run takes 4 syncs.
 *      Bound: syncs = 3 + max(1, ⌈estimated payload / maxRequestBytes⌉) (+1 per batch for an
 *      op larger than the budget on its own, which only happens for a single row over the budget).
 * Calculation is suspended in every write batch (suspendApiCalculationUntilNextSync, ExcelApi 1.6).
 *
 * Calls: styles, widths and heights in a few hundred calls at every API set for 200 communes (styles.ts:
 * by property, RangeAreas from 1.9, bit-mask conditional formats for scattered cells below it); merges,
 * the spec's conditional formats, frozen panes, the print setup and the chart as the .xlsx writer has them
 * (layout.ts). What the API set does not allow is skipped and listed in WriteResult.notes.
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
import type { Issue, SheetSpec, SpecCell } from '../types';
import { freeSheetName, rangeAddress } from '../util/address';
import { mkIssue } from '../util/issues';
import { chartOps, pageOps, sheetFrameOps, type LayoutSupport } from './layout';
import { CALL_BYTES, sizeOpsOf, styleOps, utf8Length, type Op, type StyleSupport } from './styles';
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
  /** What this Excel's API sets did not allow (print setup, chart series…), for the run log: "info" issues. */
  notes: Issue[];
}

export const DEFAULT_MAX_REQUEST_BYTES = 4_000_000;
const MAX_TEXT = 32767;

// ───────────────────────────── small helpers (exported for tests and the read adapter) ─────────────────────────────

export { columnWidthPoints, propertyAreas, styleRects, utf8Length } from './styles';

function jsonBytes(x: unknown): number {
  return utf8Length(JSON.stringify(x) ?? '');
}

/** A name Excel accepts: no : \\ / ? * [ ], no apostrophe at either end, 1–31 characters. */
export function sanitizeSheetName(name: string): string {
  let n = (name ?? '').normalize('NFC').replace(/[:\\/?*[\]]/g, '-').replace(/[\u0000-\u001f]/g, ' ').trim();
  n = n.replace(/^'+|'+$/g, '').trim();
  if (!n) n = 'Sheet';
  if (n.toLowerCase() === 'history') n = 'History-';
  if (n.length > 31) n = n.slice(0, 31).replace(/'+$/, '').trimEnd();
  return n;
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

interface SheetPlan {
  spec: SheetSpec;
  name: string;
  ws: Excel.Worksheet | null;
}

interface Support extends StyleSupport, LayoutSupport {
  markers: boolean;
  calc: boolean;
  register: boolean;
}

/** The number formats and formulas of a sheet's cells, as the two arrays the API takes. */
function cellArrays(rows: (SpecCell | null)[][], ncols: number): { nf: string[][]; fm: (string | number | boolean)[][] } {
  const nf: string[][] = [];
  const fm: (string | number | boolean)[][] = [];
  for (const src of rows) {
    const nfr: string[] = new Array(ncols);
    const fmr: (string | number | boolean)[] = new Array(ncols);
    const row = src ?? [];
    for (let c = 0; c < ncols; c++) {
      const e = cellEntry(row[c]);
      nfr[c] = e.nf;
      fmr[c] = e.fm;
    }
    nf.push(nfr);
    fm.push(fmr);
  }
  return { nf, fm };
}

/**
 * Values, formulas and number formats: one block, split into row chunks (and column chunks for a row
 * over the budget) only when larger than the request budget.
 */
function valueOps(ws: () => Excel.Worksheet, rows: (SpecCell | null)[][], budget: number): Op[] {
  const ops: Op[] = [];
  const nrows = rows.length;
  const ncols = rows.reduce((m, r) => Math.max(m, r?.length ?? 0), 0);
  if (nrows === 0 || ncols === 0) return ops;
  const { nf, fm } = cellArrays(rows, ncols);
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
  return ops;
}

/** The ops that write one sheet's content (after the sheet exists); what the API set lacks goes to `notes`. */
function sheetOps(p: SheetPlan, budget: number, support: Support, notes: Issue[]): Op[] {
  const spec = p.spec;
  const ws = () => p.ws as Excel.Worksheet;
  return [
    ...sizeOpsOf(ws, spec.widths, spec.rowHeights, support.ranges),
    ...valueOps(ws, spec.rows ?? [], budget),
    ...styleOps(ws, spec.rows ?? [], spec.styles ?? {}, support),
    ...sheetFrameOps(ws, spec, support, p.name, notes),
  ];
}

/** The print setup and the chart of one sheet: sent last, on their own, so that an Excel refusing them keeps the data. */
function finishingOps(p: SheetPlan, support: Support, notes: Issue[]): Op[] {
  const ws = () => p.ws as Excel.Worksheet;
  return [...pageOps(ws, p.spec, support, p.name, notes), ...chartOps(ws, p.spec, support, p.name, notes)];
}

/**
 * The finishing ops in a sync of their own after the data: when this Excel refuses one (a page-setup option an
 * older build does not know), the sheets stay written and a note says what is missing.
 */
async function runFinishing(context: Excel.RequestContext, ops: Op[], budget: number, sync: () => Promise<void>, notes: Issue[]): Promise<void> {
  if (ops.length === 0) return;
  try {
    await runBatches(context, ops, budget, false, sync);
  } catch (e) {
    const why = String((e as { message?: unknown })?.message ?? e).slice(0, 200);
    notes.push(mkIssue({
      severity: 'warning',
      code: 'excel_api_limited',
      vi: `Excel từ chối phần tô màu theo điều kiện, đặt trang in hoặc biểu đồ (${why}); số liệu các sheet vẫn được ghi đủ — hãy xem và in tệp .xlsx tải về`,
      en: `Excel refused the conditional colouring, the page setup or the chart (${why}); the sheets' figures were still written in full — view and print the downloaded .xlsx`,
    }));
  }
}

interface Existing {
  ws: Excel.Worksheet;
  name: string;
  marker: SheetMarker | null;
}

function supportNow(): Support {
  return {
    markers: apiSupported(12),
    ranges: apiSupported(9),
    v17: apiSupported(7),
    cf: apiSupported(6),
    page: apiSupported(9),
    calc: apiSupported(6),
    // Below 1.12: the register sheet (setting a sheet's visibility is ExcelApi 1.2).
    register: !apiSupported(12) && apiSupported(2),
  };
}

/** Steps 1–2: the sheets there are, with tonghop's marks (custom properties, or the register sheet). */
async function existingSheets(context: Excel.RequestContext, support: Support, sync: () => Promise<void>): Promise<{ existing: Existing[]; registerWs: Excel.Worksheet | null }> {
  const coll = context.workbook.worksheets;
  coll.load('items/name');
  await sync();
  const existing: Existing[] = coll.items.map((ws) => ({ ws, name: ws.name, marker: null }));
  const registerWs = support.register ? coll.items.find((ws) => ws.name === REGISTER_SHEET) ?? null : null;
  if (registerWs) {
    const read = queueRegisterRead([registerWs])!;
    await sync();
    const marks = read();
    for (const e of existing) e.marker = marks.get(e.name.toLowerCase()) ?? null;
  }
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
  return { existing, registerWs };
}

/** Step 3: the earlier run's sheets to replace ([] to keep them), or 'cancel'. */
async function sheetsToReplace(existing: Existing[], opts: WriteOptions): Promise<Existing[] | 'cancel'> {
  const run = markerRunKey(opts.runKey);
  const earlier = existing.filter((e) => e.marker && e.marker.run === run);
  if (earlier.length === 0) return [];
  if (opts.replace === 'replace') return earlier;
  if (opts.replace === 'ask' && opts.confirm) {
    const answer = await opts.confirm(earlier.map((e) => e.name));
    if (answer === 'cancel') return 'cancel';
    return answer === true ? earlier : [];
  }
  return [];
}

/**
 * Step 4: names. The doomed sheets' names are free for the new sheets (the doomed ones first take
 * temporary names that clash with nothing).
 */
function planNames(specs: SheetSpec[], existing: Existing[], doomed: Existing[]): { plans: SheetPlan[]; temps: string[] } {
  const doomedSet = new Set(doomed);
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
  return { plans, temps };
}

/** The register's rows after this run: the earlier marks of the sheets that stay, and this run's sheets. */
function registerOp(getRegister: () => Excel.Worksheet, existing: Existing[], doomed: Existing[], plans: SheetPlan[], runKey: string): Op {
  const doomedSet = new Set(doomed);
  const run = markerRunKey(runKey);
  const rows: [string, string, string][] = [];
  for (const e of existing) if (e.marker && !doomedSet.has(e) && e.name !== REGISTER_SHEET) rows.push([e.marker.run, e.marker.key, registerRef(e.name)]);
  for (const p of plans) rows.push([run, p.spec.key, registerRef(p.name)]);
  return {
    bytes: 4 * CALL_BYTES + jsonBytes(rows) * 2,
    run: () => {
      const reg = getRegister();
      reg.getRange('A:C').clear();
      const range = reg.getRange(`A1:C${rows.length}`);
      range.numberFormat = rows.map(() => ['@', '@', 'General']);
      range.formulas = rows;
    },
  };
}

/** Step 6: pack the ops into batches under the budget, one sync each, calculation suspended. */
async function runBatches(context: Excel.RequestContext, ops: Op[], budget: number, calc: boolean, sync: () => Promise<void>): Promise<void> {
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
    if (calc) context.workbook.application.suspendApiCalculationUntilNextSync();
    for (const op of batch) op.run();
    await sync();
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
  const support = supportNow();
  const { existing, registerWs } = await existingSheets(context, support, sync);
  const doomed = await sheetsToReplace(existing, opts);
  if (doomed === 'cancel') return { sheetNames: [], syncs, replaced: [], cancelled: true, notes: [] };
  const { plans, temps } = planNames(specs, existing, doomed);

  // 5. Ops: set-up, content, finish.
  const coll = context.workbook.worksheets;
  let register: Excel.Worksheet | null = registerWs;
  const notes: Issue[] = [];
  const ops: Op[] = [{
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
  }];
  for (const p of plans) ops.push(...sheetOps(p, budget, support, notes));
  const summary = plans.find((p) => p.spec.key === 'summary') ?? plans[0];
  ops.push({
    bytes: (doomed.length + 2) * CALL_BYTES,
    run: () => {
      for (const d of doomed) d.ws.delete();
      if (summary?.ws) summary.ws.activate();
    },
  });
  if (support.register) ops.push(registerOp(() => register as Excel.Worksheet, existing, doomed, plans, opts.runKey));
  await runBatches(context, ops.filter((o) => !o.late), budget, support.calc, sync);
  await runFinishing(context, [...ops.filter((o) => o.late), ...plans.flatMap((p) => finishingOps(p, support, notes))], budget, sync, notes);
  return { sheetNames: plans.map((p) => p.name), syncs, replaced: doomed.map((d) => d.name), notes };
}

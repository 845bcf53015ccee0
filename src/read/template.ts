/**
 * Reading tonghop's own report forms back (issue 13; the forms are made by src/write/template.ts).
 *
 * A form is recognised by its very hidden marker sheet ("tonghop" / "template/1" in A1:B1), else — when a
 * re-save or a copied sheet lost it — by the fingerprint line under its title ("Mẫu tonghop/1 · mã mẫu … ·
 * Kế hoạch: … · Đơn vị: … · Kỳ: …"), which every program keeps as a cell text. The commune and the period
 * are the form's own; the main sheet is found by its fingerprint, else its name, else its header, so a
 * renamed sheet is still found; the columns by the form's header words, so an inserted or moved column
 * changes nothing; the rows by their Mã số (or, without a code, the plan's name), so re-ordered, inserted
 * or deleted rows change nothing. Each such change is an info issue; a value typed as text is read by the
 * usual rules (src/read/numbers.ts) and flagged. Anything that is not a form returns null: the generic
 * reader (commune.ts) reads it.
 */
import type { CommuneReport, CommuneRow, Grid, GridCell, Issue, Period, Plan, ReadValue, ReadingRecord, TableRecord } from '../types';
import { cellAddress, colLetter } from '../util/address';
import { communeKey, foldWords, tidy } from '../util/text';
import { decideStyle, readCellNumber, type NumberStyle } from './numbers';
import { parsePeriod } from './period';
import { planNames, planSpelling } from './names';
import { cellText, isSignatureRow, rowAt } from './table';
import * as M from './messages';
import * as T from './template-messages';

export interface TemplateRowMeta {
  row: number;
  code: string;
  name: string;
  unit: string;
}

export interface TemplateMeta {
  id: string;
  plan: string;
  commune: string;
  period: string;
  sheet: string | null;
  headerRow: number | null;
  rows: TemplateRowMeta[] | null;
  /** How the form was recognised. */
  from: 'marker' | 'fingerprint';
}

const FINGERPRINT = /^\s*Mẫu tonghop\/1\s*·/u;

function text(c: GridCell | null | undefined): string {
  return c && c.v !== null && c.v !== undefined ? String(c.v).trim() : '';
}

/** The marker sheet's key → values (first column the key, then the values). */
function markerOf(g: Grid): TemplateMeta | null {
  const first = rowAt(g, 0);
  if (foldWords(text(first[0])) !== 'tonghop' || !/^template\//.test(text(first[1]))) return null;
  const kv = new Map<string, string[]>();
  const rows: TemplateRowMeta[] = [];
  for (let r = 1; r < g.rows.length && r < 5000; r++) {
    const row = rowAt(g, r);
    const key = text(row[0]);
    if (key === 'row') {
      const n = Number(row[1]?.v);
      if (Number.isFinite(n)) rows.push({ row: n, code: text(row[2]), name: text(row[3]), unit: text(row[4]) });
    } else if (key) kv.set(key, row.slice(1).map((c) => text(c)));
  }
  const one = (k: string) => kv.get(k)?.[0] ?? '';
  const headerRow = Number(one('header_row'));
  return {
    id: one('id'),
    plan: one('plan'),
    commune: one('commune'),
    period: one('period'),
    sheet: one('sheet') || null,
    headerRow: Number.isFinite(headerRow) && headerRow > 0 ? headerRow : null,
    rows: rows.length ? rows : null,
    from: 'marker',
  };
}

/** The fingerprint line of a sheet (first 12 rows), parsed; null when there is none. */
export function fingerprintOf(g: Grid): { meta: TemplateMeta; cell: string } | null {
  const n = Math.min(12, g.rows.length);
  for (let r = 0; r < n; r++) {
    const row = rowAt(g, r);
    for (let c = 0; c < row.length && c < 30; c++) {
      const v = row[c]?.v;
      // only a text can start so (trim takes the blanks \s takes: the test on v is the test on its trimmed text)
      if (typeof v !== 'string' || !FINGERPRINT.test(v)) continue;
      const t = text(row[c]);
      const parts = t.split('·').map((p) => p.trim());
      const field = (k: RegExp) => {
        const p = parts.find((x) => k.test(x));
        return p ? p.slice(p.indexOf(':') + 1).trim() : '';
      };
      const id = /mã mẫu\s+([0-9a-f]{8})/u.exec(t)?.[1] ?? '';
      const meta: TemplateMeta = {
        id, plan: field(/^Kế hoạch:/u), commune: field(/^Đơn vị:/u), period: field(/^Kỳ:/u),
        sheet: null, headerRow: null, rows: null, from: 'fingerprint',
      };
      return { meta, cell: cellAddress(r, c) };
    }
  }
  return null;
}

type Col = 'stt' | 'code' | 'name' | 'unit' | 'target' | 'actual' | 'previous' | 'note';
const ORDER: Col[] = ['stt', 'code', 'name', 'unit', 'target', 'actual', 'previous', 'note'];

function roleOf(h: string): Col | null {
  const f = foldWords(h);
  if (f === 'stt') return 'stt';
  if (f === 'ma so') return 'code';
  if (f === 'chi tieu') return 'name';
  if (f.startsWith('don vi tinh')) return 'unit';
  if (f.startsWith('ke hoach nam')) return 'target';
  if (f.startsWith('thuc hien')) return 'actual';
  if (f.startsWith('cung ky')) return 'previous';
  if (f.startsWith('ghi chu')) return 'note';
  return null;
}

interface Header {
  r: number;
  cols: Partial<Record<Col, number>>;
  texts: Partial<Record<Col, string>>;
  extra: { c: number; text: string }[];
}

/** The form's header row: Mã số, Chỉ tiêu and Thực hiện … in one row (first 40 rows). */
function findHeader(g: Grid, near: number | null): Header | null {
  const n = Math.min(40, g.rows.length);
  const order = near !== null && near - 1 < n ? [near - 1, ...Array.from({ length: n }, (_, i) => i)] : Array.from({ length: n }, (_, i) => i);
  for (const r of order) {
    const row = rowAt(g, r);
    const h: Header = { r, cols: {}, texts: {}, extra: [] };
    for (let c = 0; c < row.length; c++) {
      const t = text(row[c]);
      if (!t) continue;
      const role = roleOf(t);
      if (role && h.cols[role] === undefined) {
        h.cols[role] = c;
        h.texts[role] = t;
      } else h.extra.push({ c, text: t });
    }
    if (h.cols.code !== undefined && h.cols.name !== undefined && h.cols.actual !== undefined) return h;
  }
  return null;
}

/** The form's main sheet among the visible ones: by its fingerprint, else its name, else its header. */
function mainSheetOf(grids: Grid[], meta: TemplateMeta): { grid: Grid; header: Header } | null {
  const visible = grids.filter((g) => !g.state);
  const tries = [
    visible.filter((g) => fingerprintOf(g)?.meta.id === meta.id && meta.id),
    visible.filter((g) => meta.sheet !== null && g.sheet === meta.sheet),
    visible,
  ];
  for (const list of tries) {
    for (const grid of list) {
      const header = findHeader(grid, meta.headerRow);
      if (header) return { grid, header };
    }
  }
  return null;
}

/** What each row of the form should be: the marker's list, else the plan's indicators. */
function expectedRows(meta: TemplateMeta, plan: Plan | null): TemplateRowMeta[] | null {
  if (meta.rows) return meta.rows;
  if (!plan) return null;
  return plan.indicators.map((i, k) => ({ row: k, code: i.code ?? '', name: i.name, unit: i.unit }));
}

interface Ctx {
  /** The file's number style, once decided (for the reading record). */
  style?: ReadingRecord['numberStyle'];
  file: string;
  commune: string | null;
  grid: Grid;
  header: Header;
  issues: Issue[];
}

/** Column changes: inserted columns, columns moved out of the form's order. */
function columnChanges(x: Ctx): void {
  const w = { file: x.file, commune: x.commune, sheet: x.grid.sheet };
  const { cols, extra } = x.header;
  const inserted = extra.filter((e) => e.c < Math.max(...Object.values(cols)) + 2);
  if (inserted.length) {
    const list = inserted.map((e) => `${colLetter(e.c)} '${e.text}'`).join(', ');
    x.issues.push(T.templateChanged(w, `thêm cột ${list}; cột thêm không được đọc, các cột của mẫu được tìm theo tiêu đề`, `column(s) ${list} inserted; they are not read, the form's columns are found by their headers`));
  }
  const present = ORDER.filter((k) => cols[k] !== undefined);
  const moved = present.some((k, i) => i > 0 && cols[k]! < cols[present[i - 1]]!);
  const shifted = present.some((k) => cols[k] !== ORDER.indexOf(k));
  if (moved) x.issues.push(T.templateChanged(w, 'thứ tự các cột đã đổi; các cột được tìm theo tiêu đề', 'the columns were re-ordered; they are found by their headers'));
  else if (shifted && !inserted.length) x.issues.push(T.templateChanged(w, 'các cột đã dời chỗ; các cột được tìm theo tiêu đề', 'the columns moved; they are found by their headers'));
  const missing = (['target', 'previous'] as Col[]).filter((k) => cols[k] === undefined);
  if (missing.length) {
    const words = missing.map((k) => (k === 'target' ? 'Kế hoạch năm' : 'Cùng kỳ')).join(', ');
    x.issues.push(T.templateChanged(w, `thiếu cột ${words}`, `the column(s) ${words} are gone`, 'warning'));
  }
}

interface Found {
  meta: TemplateRowMeta | null;
  r: number;
  code: string;
  name: string;
  unit: string;
}

/** The indicator rows under the header, each matched to the form's row by its code (or name). */
function rowsOf(x: Ctx, expected: TemplateRowMeta[] | null): Found[] {
  const { grid, header } = x;
  const { cols } = header;
  const byCode = new Map<string, TemplateRowMeta>();
  const byName = new Map<string, TemplateRowMeta>();
  for (const e of expected ?? []) {
    if (e.code) byCode.set(e.code.toUpperCase(), e);
    else byName.set(foldWords(e.name), e);
  }
  const out: Found[] = [];
  for (let r = header.r + 1; r < grid.rows.length; r++) {
    const row = rowAt(grid, r);
    if (!row.length) continue;
    const code = cols.code !== undefined ? cellText(row[cols.code]) : '';
    const name = cellText(row[cols.name!]);
    if (isSignatureRow(grid, r) && !(code && byCode.has(code.toUpperCase()))) break;
    if (!code && !name) continue;
    const unit = cols.unit !== undefined ? cellText(row[cols.unit]) : '';
    const meta = (code ? byCode.get(code.toUpperCase()) : byName.get(foldWords(name))) ?? null;
    const values = (['target', 'actual', 'previous'] as Col[]).some((k) => cols[k] !== undefined && text(row[cols[k]!]) !== '');
    if (!meta && !code && !unit && !values) continue; // a section row
    out.push({ meta, r, code, name, unit });
  }
  return out;
}

/** Row changes: re-ordered, missing, duplicated and added rows, changed units. */
function rowChanges(x: Ctx, found: Found[], expected: TemplateRowMeta[] | null): Found[] {
  const w = { file: x.file, commune: x.commune, sheet: x.grid.sheet };
  const seen = new Set<TemplateRowMeta>();
  const kept: Found[] = [];
  const order: number[] = [];
  const index = new Map((expected ?? []).map((e, i) => [e, i]));
  for (const f of found) {
    if (f.meta && seen.has(f.meta)) {
      x.issues.push(T.templateChanged({ ...w, cell: cellAddress(f.r, x.header.cols.code ?? 0) }, `chỉ tiêu ${f.code || f.name} có hai dòng; lấy dòng đầu`, `${f.code || f.name} is on two rows; the first is used`, 'warning'));
      continue;
    }
    if (f.meta) {
      seen.add(f.meta);
      order.push(index.get(f.meta)!);
      if (f.meta.unit && f.unit && foldWords(f.unit) !== foldWords(f.meta.unit)) {
        x.issues.push(T.templateChanged({ ...w, cell: cellAddress(f.r, x.header.cols.unit ?? 0) }, `đơn vị tính của ${f.code || f.name} đổi từ '${f.meta.unit}' thành '${f.unit}'; số được đổi theo đơn vị ghi trong ô`, `the unit of ${f.code || f.name} was changed from '${f.meta.unit}' to '${f.unit}'; values convert from the unit written`));
      }
    } else if (expected) {
      x.issues.push(T.templateChanged({ ...w, cell: cellAddress(f.r, x.header.cols.name ?? 0) }, `dòng ${f.r + 1} ('${f.code ? f.code + ' ' : ''}${f.name}') không có trong mẫu; đọc như một chỉ tiêu thường`, `row ${f.r + 1} ('${f.code ? f.code + ' ' : ''}${f.name}') is not in the form; read as an ordinary indicator`));
    }
    kept.push(f);
  }
  if (order.some((v, i) => i > 0 && v < order[i - 1])) {
    x.issues.push(T.templateChanged(w, 'thứ tự các dòng đã đổi; mỗi dòng được nhận theo Mã số', 'the rows were re-ordered; each row is known by its code'));
  }
  const missing = (expected ?? []).filter((e) => !seen.has(e));
  if (missing.length) {
    const list = missing.slice(0, 10).map((e) => e.code || e.name).join(', ') + (missing.length > 10 ? ` (+${missing.length - 10})` : '');
    x.issues.push(T.templateChanged(w, `thiếu ${missing.length} dòng chỉ tiêu của mẫu: ${list}`, `${missing.length} indicator row(s) of the form are gone: ${list}`, 'warning'));
  }
  return kept;
}

/** The value cells of the rows, read in the file's number style; texts flagged. */
function readRows(x: Ctx, kept: Found[]): CommuneRow[] {
  const { grid, header } = x;
  const cols = header.cols;
  const keys = (['target', 'actual', 'previous'] as const).filter((k) => cols[k] !== undefined);
  const texts: { text: string; cell: string }[] = [];
  for (const f of kept) for (const k of keys) {
    const c = rowAt(grid, f.r)[cols[k]!];
    if (c && typeof c.v === 'string' && !c.date) texts.push({ text: c.v, cell: `${grid.sheet}!${cellAddress(f.r, cols[k]!)}` });
  }
  const verdict = decideStyle(texts);
  x.issues.push(...M.numberStyleIssues(verdict, x.file, { vi: x.commune ?? x.file, en: x.commune ?? x.file }, x.commune));
  const style: NumberStyle = verdict.style;
  const first = style === 'en' ? verdict.en[0] : verdict.vi[0];
  x.style = { style, evidence: first?.text ?? null, evidenceCell: first?.cell ?? null, ambiguous: verdict.ambiguous.length };
  const out: CommuneRow[] = [];
  for (const f of kept) {
    const row: CommuneRow = {
      code: (f.meta?.code || f.code) || null,
      name: f.meta?.name || f.name,
      unit: f.unit || f.meta?.unit || null,
      unitCell: cols.unit !== undefined ? cellAddress(f.r, cols.unit) : null,
      target: null,
      actual: null,
      previous: null,
      estimate: false,
      sheet: grid.sheet,
      row: f.r + 1,
    };
    if (cols.note !== undefined) {
      const note = cellText(rowAt(grid, f.r)[cols.note]);
      if (note) row.note = note;
    }
    for (const k of keys) row[k] = readValue(x, f, row, k, cols[k]!, style);
    out.push(row);
  }
  return out;
}

function readValue(x: Ctx, f: Found, row: CommuneRow, key: 'target' | 'actual' | 'previous', c: number, style: NumberStyle): ReadValue {
  const cell = rowAt(x.grid, f.r)[c];
  const n = readCellNumber(cell, row.unit, style);
  const addr = cellAddress(f.r, c);
  const rv: ReadValue = { value: n.value, raw: n.raw, cell: addr };
  if (n.note) rv.note = n.note;
  if (n.boolean) rv.boolean = true;
  if (n.percent) rv.percent = true;
  const label = row.code || row.name;
  if (n.problem || n.noResult) {
    x.issues.push(M.cellProblem({ kind: n.problem ?? 'formula_no_result', r: f.r, c, raw: n.error ?? String(n.raw ?? ''), column: key, indicator: label, name: row.name }, x.grid.sheet, x.file, x.commune));
  } else if (cell && typeof cell.v === 'string' && !n.boolean && n.value !== null) {
    x.issues.push(T.templateTextValue({ file: x.file, commune: x.commune, sheet: x.grid.sheet, cell: addr }, cell.v, n.value, label, n.note));
  }
  return rv;
}

/** Find the form's marker: the marker sheet, else a fingerprint line on a visible sheet. */
export function findTemplateMeta(grids: Grid[]): TemplateMeta | null {
  for (const g of grids) {
    const m = markerOf(g);
    if (m) return m;
  }
  for (const g of grids) {
    if (g.state) continue;
    const f = fingerprintOf(g);
    if (f) return f.meta;
  }
  return null;
}

export interface ReadTemplateContext {
  file: string;
  plan: Plan | null;
  commune?: string;
}

function communeOf(meta: TemplateMeta, ctx: ReadTemplateContext): string | null {
  const name = ctx.commune && tidy(ctx.commune) ? tidy(ctx.commune) : meta.commune || null;
  if (!name || !ctx.plan?.communes.length) return name;
  return planSpelling({ name, key: communeKey(name) }, planNames(ctx.plan.communes)) ?? name;
}

/** A filled form read back with certainty, or null when the grids are not one of tonghop's forms. */
export function readTemplate(grids: Grid[], ctx: ReadTemplateContext): CommuneReport | null {
  const meta = findTemplateMeta(grids);
  if (!meta) return null;
  const main = mainSheetOf(grids, meta);
  if (!main) return null;
  const commune = communeOf(meta, ctx);
  const period: Period | null = parsePeriod(meta.period);
  const x: Ctx = { file: ctx.file, commune, grid: main.grid, header: main.header, issues: [] };
  const w = { file: ctx.file, commune, sheet: main.grid.sheet };
  x.issues.push(T.templateRead(w, meta.id, meta.plan, meta.period, meta.from));
  if (meta.sheet && meta.sheet !== main.grid.sheet) {
    x.issues.push(T.templateChanged(w, `sheet '${meta.sheet}' được đổi tên thành '${main.grid.sheet}'`, `the sheet '${meta.sheet}' was renamed '${main.grid.sheet}'`));
  }
  if (meta.from === 'marker' && !fingerprintOf(main.grid)) x.issues.push(T.templateChanged(w, 'dòng "Mẫu tonghop/1" dưới tiêu đề đã bị xóa', 'the "Mẫu tonghop/1" line under the title was deleted'));
  if (ctx.plan && meta.plan && ctx.plan.file && ctx.plan.file !== meta.plan) {
    x.issues.push(T.templateChanged(w, `mẫu được lập từ kế hoạch '${meta.plan}', khác tệp kế hoạch đang dùng '${ctx.plan.file}'`, `the form was made from the plan '${meta.plan}', not the plan in use '${ctx.plan.file}'`));
  }
  columnChanges(x);
  const expected = expectedRows(meta, ctx.plan);
  const kept = rowChanges(x, rowsOf(x, expected), expected);
  const rows = readRows(x, kept);
  const typed = (v: ReadValue | null) => !!v && v.raw !== null && v.raw !== '';
  if (!rows.some((r) => typed(r.actual) || typed(r.previous))) x.issues.push(T.templateBlank(w));
  const H = main.header;
  const table: TableRecord = { sheet: main.grid.sheet, header: String(H.r + 1), rows: rows.length };
  for (const k of ['target', 'actual', 'previous'] as const) {
    if (H.cols[k] !== undefined) table[k] = { column: colLetter(H.cols[k]!), header: H.texts[k] ?? '' };
  }
  const reading: ReadingRecord = {
    skippedSheets: grids.filter((g) => g !== main.grid).map((g) => ({ sheet: g.sheet, why: g.state ?? 'no_table' })),
    tables: [table],
    numberStyle: x.style ?? { style: 'vi', evidence: null, evidenceCell: null, ambiguous: 0 },
    periodText: meta.period,
    communeText: meta.commune,
    totalRows: [],
    unitsFromNames: [],
  };
  return {
    file: ctx.file,
    commune,
    communeFrom: ctx.commune ? 'user' : 'title',
    period,
    periodFrom: 'title',
    sheets: [main.grid.sheet],
    rows,
    issues: x.issues,
    reading,
  };
}

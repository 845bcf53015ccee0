/**
 * Reading one commune's workbook (its Grids) into a CommuneReport: the commune's name, the period, and one
 * CommuneRow per indicator row of every table found, with located issues for cells that can't be read.
 *
 * Per sheet: find the header (tables.ts), skip the column-number row, read rows until a signature block,
 * skipping section rows ("I. KINH TẾ"); prose sheets are skipped with an info issue.
 * The name and the period come from the titles above the tables, then a date line under them (name only),
 * then the sheet names and the file name (name only); ctx.commune wins. With a plan, the plan's commune
 * names are the names recognised and the plan's spelling is reported.
 */
import type { CommuneReport, CommuneRow, Grid, GridCell, Issue, Period, Plan, ReadValue, ReadingRecord, TableRecord } from '../types';
import { cellAddress, colLetter as columnLetter } from '../util/address';
import { intern, memoString, ownCopy } from '../util/memo';
import { communePlace } from '../util/issues';
import { communeKey, foldWords, stripNumbering, tidy } from '../util/text';
import {
  communeFromFileName,
  communeFromSheetName,
  communeFromTitle,
  placeFromDateLine,
  planCommuneIn,
  planNames,
  planSpelling,
  type FoundName,
} from './names';
import { decideStyle, readCellNumber, type CellNumber, type NumberStyle, type StyleVerdict } from './numbers';
import { parsePeriod, periodFromDates, periodKey, periodLabel, saysEstimate } from './period';
import {
  cellText,
  findCommuneHeader,
  headerAt,
  isColumnNumberRow,
  isSignatureRow,
  pickColumns,
  refineNameColumn,
  rowAt,
  rowTexts,
  tidyFast,
  type ColumnInfo,
  type CommuneColumns,
  type StackBand,
} from './table';
import { unitFromName } from './unit-name';
import { readTemplate } from './template';
import * as M from './messages';

export interface ReadCommuneContext {
  file: string;
  plan: Plan | null;
  /** The user's choice of commune: wins over detection. */
  commune?: string;
}

type ValueKey = 'target' | 'actual' | 'previous';

type Problem = M.CellProblem;

interface SheetScan {
  grid: Grid;
  /** Texts of the rows above the header (or of the first rows of a sheet without a table). */
  titles: string[];
  /** The same rows, each row's texts joined ("Từ ngày: 2020-01-01 đến ngày: 2020-09-30"). */
  titleLines: string[];
  /** Texts of the rows under the table (signature block, date line). */
  tail: string[];
  cols: CommuneColumns | null;
  /** Every table found on the sheet, in order. */
  tables: TableRecord[];
  rows: CommuneRow[];
  /** The value cells of the rows, read once the file's number style is known. */
  pending: PendingValue[];
  problems: Problem[];
  externalCells: string[];
  /** Some title says "ước". */
  titleEstimate: boolean;
  /** "Cộng", "Tổng cộng" rows: neither indicators nor the end of the table (A1 addresses of their names). */
  totalRows: string[];
  /** Units taken from names ("Thu ngân sách (tỷ đồng)"). */
  unitsFromNames: { cell: string; name: string; unit: string }[];
}

interface PendingValue {
  row: CommuneRow;
  key: ValueKey;
  r: number;
  c: number;
}

const TITLE_ROWS_WITHOUT_TABLE = 12;
const TAIL_ROWS = 25;

function titlesAbove(grid: Grid, end: number): string[] {
  const out: string[] = [];
  for (let r = 0; r < end; r++) out.push(...rowTexts(grid, r));
  return out;
}

function titleLinesAbove(grid: Grid, end: number): string[] {
  const out: string[] = [];
  for (let r = 0; r < end; r++) {
    const t = rowTexts(grid, r);
    if (t.length) out.push(t.join(' '));
  }
  return out;
}

function isEmptyGrid(grid: Grid): boolean {
  for (const row of grid.rows) {
    if (!row) continue;
    for (const cell of row) if (cell && ((cell.v !== null && cell.v !== '') || cell.error)) return false;
  }
  return true;
}

const BULLET = /^\s*([-+*•–—])/;
/** "Trong đó:" / "trong do" before a sub-item (folded words). */
const TRONG_PREFIX = /^\s*trong\b/i;
const isTrongDo = (raw: string) => {
  if (!TRONG_PREFIX.test(raw)) return false;
  const folded = foldWords(raw);
  return folded === 'trong do' || folded.startsWith('trong do ');
};
const ROMAN = /^(?:[IVXLC]+|[ivxlc]+)\.?$/;
/** "Cộng", "Cộng mục I", "Cộng II", "Cộng phần A", "Tổng cộng", "Tổng" alone (folded, numbering stripped). */
const TOTAL_ROW = /^(?:(?:tong cong|cong)(?: (?:muc|phan|khoi|nhom|linh vuc|toan xa|chung|ca|[ivxlc]+|\d+|[a-h]))*|tong|tong so)$/;

/** Whether a row's name says it is a total of the rows above ("Cộng mục I", "TỔNG CỘNG"). */
export function isTotalRowName(name: string): boolean {
  return TOTAL_ROW.test(foldWords(stripNumbering(name)));
}

function columnsOf(grid: Grid, found: { band: StackBand; roles: (ColumnInfo | null)[] }): CommuneColumns {
  const cols = pickColumns(found.roles);
  refineNameColumn(grid, found.band, cols, found.roles);
  return cols;
}

function tableRecord(grid: Grid, band: StackBand, cols: CommuneColumns): TableRecord {
  const rec: TableRecord = { sheet: grid.sheet, header: band.row === band.bottom ? `${band.row + 1}` : `${band.row + 1}-${band.bottom + 1}`, rows: 0 };
  for (const k of ['target', 'actual', 'previous'] as const) {
    if (cols[k] >= 0) rec[k] = { column: columnLetter(cols[k]), header: cols.headers[k] };
  }
  const passed = cols.headers.passed.map((p) => ({ column: columnLetter(p.col), header: p.text, role: p.role }));
  if (passed.length) rec.passed = passed;
  return rec;
}

/** "(ước)", "(uoc tinh)" in an indicator's name: once per distinct name (every commune's file repeats them). */
const nameSaysEstimate = memoString((name: string): boolean => /\(\s*(?:ước|uoc)\b/iu.test(name.normalize('NFC')));

/** One indicator row: its code, name, unit and where its values are (read once the number style is known). */
function indicatorRow(scan: SheetScan, r: number, cols: CommuneColumns, t: { code: string; name: string; unit: string; nameRaw: string }): CommuneRow {
  const grid = scan.grid;
  // kept in the report: shared copies, not views of the file's text (util/memo.ts intern)
  const row0: CommuneRow = {
    code: t.code ? intern(t.code) : null,
    name: intern(t.name),
    unit: t.unit ? intern(t.unit) : null,
    unitCell: cols.unit >= 0 ? cellAddress(r, cols.unit) : null,
    target: null,
    actual: null,
    previous: null,
    estimate: scan.titleEstimate || cols.actualEstimate,
    sheet: intern(grid.sheet),
    row: r + 1,
  };
  for (const key of ['target', 'actual', 'previous'] as ValueKey[]) {
    const c = cols[key];
    if (c >= 0) scan.pending.push({ row: row0, key, r, c });
  }
  if (cols.note >= 0) {
    const note = cellText(rowAt(grid, r)[cols.note]);
    if (note) {
      row0.note = ownCopy(note);
      if (saysEstimate(note)) row0.estimate = true;
    }
  }
  if (t.nameRaw.includes('(') && nameSaysEstimate(t.nameRaw)) row0.estimate = true;
  return row0;
}

/** A value cell holding a number or an error. */
function holdsNumber(c: GridCell | null | undefined): boolean {
  return !!c && (typeof c.v === 'number' || !!c.error);
}

/** A value cell holding a text, a number, an error or a formula (cellText(c) !== '' without writing a number out). */
function holdsText(c: GridCell | null | undefined): boolean {
  if (!c) return false;
  const v = c.v;
  return typeof v === 'number' || typeof v === 'boolean' || cellText(c) !== '' || !!c.error || !!c.f;
}

/** Read the table rows of a sheet from its header on, until a signature block; values are read later. */
function scanSheet(grid: Grid): SheetScan {
  const scan: SheetScan = {
    grid, titles: [], titleLines: [], tail: [], cols: null, tables: [], rows: [], pending: [], problems: [],
    externalCells: [], titleEstimate: false, totalRows: [], unitsFromNames: [],
  };
  const found = findCommuneHeader(grid, 0);
  if (!found) {
    const n = Math.min(grid.rows.length, TITLE_ROWS_WITHOUT_TABLE);
    scan.titles = titlesAbove(grid, n);
    scan.titleLines = titleLinesAbove(grid, n);
    return scan;
  }
  scan.titles = titlesAbove(grid, found.band.row);
  scan.titleLines = titleLinesAbove(grid, found.band.row);
  scan.titleEstimate = scan.titles.some((t) => saysEstimate(t));
  let cols = columnsOf(grid, found);
  scan.cols = cols;
  let table = tableRecord(grid, found.band, cols);
  scan.tables.push(table);
  let r = found.band.bottom + 1;
  if (r < grid.rows.length && isColumnNumberRow(grid, r, cols.name)) r++;

  let parent: { code: string | null; bullet: string | null } | null = null;
  let inTrongDo = false;
  const nRows = grid.rows.length;
  for (; r < nRows; r++) {
    const row = rowAt(grid, r);
    if (!row.length) continue;
    const nameRaw = cellText(row[cols.name]);
    const code = cols.code >= 0 ? cellText(row[cols.code]) : '';
    const target = cols.target >= 0 ? row[cols.target] : undefined;
    const actual = cols.actual >= 0 ? row[cols.actual] : undefined;
    const previous = cols.previous >= 0 ? row[cols.previous] : undefined;
    const hasNumber = holdsNumber(target) || holdsNumber(actual) || holdsNumber(previous);
    if (!hasNumber) {
      if (!code && isSignatureRow(grid, r)) {
        const end = Math.min(nRows, r + TAIL_ROWS);
        for (let t = r; t < end; t++) scan.tail.push(...rowTexts(grid, t));
        break;
      }
      // a new header further down (a second table on the same sheet, with its own columns)
      const again = headerAt(grid, r);
      if (again) {
        cols = columnsOf(grid, again);
        table = tableRecord(grid, again.band, cols);
        scan.tables.push(table);
        r = again.band.bottom;
        if (r + 1 < nRows && isColumnNumberRow(grid, r + 1, cols.name)) r++;
        parent = null;
        inTrongDo = false;
        continue;
      }
    }
    const stt = cols.stt >= 0 ? cellText(row[cols.stt]) : '';
    let unit = cols.unit >= 0 ? cellText(row[cols.unit]) : '';
    const hasValueText = holdsText(target) || holdsText(actual) || holdsText(previous);
    if (!nameRaw && !code) continue;
    const trongDo = isTrongDo(nameRaw);
    if (!code && trongDo && foldWords(nameRaw) === 'trong do') {
      inTrongDo = true;
      continue;
    }
    let name = tidyFast(stripNumbering(nameRaw));
    // section rows: "I | KINH TẾ", "II. VĂN HÓA - XÃ HỘI" — no code, no unit, no values
    if (!code && !unit && !hasValueText) {
      parent = null;
      inTrongDo = false;
      continue;
    }
    if (!code && !unit && (ROMAN.test(stt) || /^(?:[IVXLC]+)\.\s/.test(nameRaw)) && !hasNumber) {
      parent = null;
      continue;
    }
    if (!name && !code) continue;
    // total rows sum the rows above (often in mixed units): not an indicator, not the end of the table
    if (!code && isTotalRowName(nameRaw)) {
      scan.totalRows.push(cellAddress(r, cols.name));
      parent = null;
      continue;
    }
    if (!unit) {
      const u = unitFromName(name);
      if (u) {
        scan.unitsFromNames.push({ cell: cellAddress(r, cols.name), name: u.name, unit: u.unit });
        name = u.name;
        unit = u.unit;
      }
    }

    const bulletM = BULLET.exec(nameRaw);
    const bullet = trongDo ? 'trong' : bulletM ? bulletM[1] : null;
    let subItem = false;
    if (!code && parent) {
      if (bullet === 'trong') subItem = true;
      else if (bullet && (parent.code !== null || parent.bullet !== bullet)) subItem = true;
      else if (inTrongDo && !stt) subItem = true;
    }
    if (code || stt) inTrongDo = inTrongDo && !code && !stt;

    const row0 = indicatorRow(scan, r, cols, { code, name, unit, nameRaw });
    if (subItem) row0.subItem = true;
    else parent = { code: code || null, bullet };
    scan.rows.push(row0);
    table.rows++;
  }
  return scan;
}

/** The value cells' texts of every table, for deciding the file's number style. */
function valueTexts(scans: SheetScan[]): { text: string; cell: string }[] {
  const out: { text: string; cell: string }[] = [];
  for (const s of scans) {
    const pending = s.pending;
    for (let i = 0; i < pending.length; i++) {
      const p = pending[i];
      const cell = rowAt(s.grid, p.r)[p.c];
      if (cell && typeof cell.v === 'string' && !cell.date) out.push({ text: cell.v, cell: `${s.grid.sheet}!${cellAddress(p.r, p.c)}` });
    }
  }
  return out;
}

/** Read the value cells of a scanned sheet in the file's number style. */
function readValues(scan: SheetScan, style: NumberStyle): void {
  const grid = scan.grid;
  for (const p of scan.pending) {
    const cell = rowAt(grid, p.r)[p.c];
    const n = readCellNumber(cell, p.row.unit, style);
    const rv = toReadValue(n, p.r, p.c);
    p.row[p.key] = rv;
    if (rv.note && saysEstimate(rv.note)) p.row.estimate = true;
    if (cell?.external) scan.externalCells.push(cellAddress(p.r, p.c));
    if (n.problem || n.noResult) {
      scan.problems.push({
        kind: n.problem ?? 'formula_no_result',
        r: p.r,
        c: p.c,
        raw: n.error ?? String(n.raw ?? ''),
        column: p.key,
        indicator: p.row.code || p.row.name,
        name: p.row.name || p.row.code || '',
      });
    }
  }
}

function toReadValue(n: CellNumber, r: number, c: number): ReadValue {
  const rv: ReadValue = { value: n.value, raw: n.raw, cell: cellAddress(r, c) };
  if (n.note) rv.note = n.note;
  if (n.boolean) rv.boolean = true;
  if (n.percent) rv.percent = true;
  return rv;
}

// ───────────────────────────── commune name ─────────────────────────────

/** "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" / "Độc lập - Tự do - Hạnh phúc": no commune there (xã Hạnh Phúc exists). */
function isMotto(text: string): boolean {
  return /doc lap tu do hanh phuc|cong hoa xa hoi chu nghia/.test(foldWords(text));
}

interface NamePick {
  name: string | null;
  from: CommuneReport['communeFrom'];
  conflict: string[];
  /** The text the name was read from. */
  text?: string | null;
}

function pickCommune(scans: SheetScan[], ctx: ReadCommuneContext): NamePick {
  const planList = ctx.plan && ctx.plan.communes.length ? planNames(ctx.plan.communes) : null;
  if (ctx.commune && tidy(ctx.commune)) {
    const user = tidy(ctx.commune);
    const spelled = planList ? planSpelling({ name: user, key: communeKey(user) }, planList) : null;
    return { name: spelled ?? user, from: 'user', conflict: [], text: ctx.commune };
  }
  const tableScans = scans.filter((s) => s.cols);
  const ordered = [...tableScans, ...scans.filter((s) => !s.cols)];
  const titleFound: (FoundName & { text: string })[] = [];
  for (const s of ordered) for (const t of s.titles) {
    const f = communeFromTitle(t);
    if (f) titleFound.push({ ...f, text: t });
  }
  const dateFound: (FoundName & { text: string })[] = [];
  for (const s of ordered) for (const t of [...s.titles, ...s.tail]) {
    const f = placeFromDateLine(t);
    if (f) dateFound.push({ ...f, text: t });
  }
  const conflictOf = (list: FoundName[]) => {
    const keys = [...new Set(list.map((f) => f.key))];
    return keys.length > 1 ? keys.map((k) => list.find((f) => f.key === k)!.name) : [];
  };
  const fileText = ctx.file.replace(/^.*[\\/]/, '');

  if (planList) {
    const inPlan = (list: (FoundName & { text: string })[]) =>
      list.map((f) => ({ name: planSpelling(f, planList), text: f.text })).filter((x): x is { name: string; text: string } => !!x.name);
    const t1 = inPlan(titleFound);
    if (t1.length) {
      const names = [...new Set(t1.map((x) => x.name))];
      return { name: t1[0].name, from: 'title', conflict: names.length > 1 ? names : [], text: t1[0].text };
    }
    for (const s of ordered) for (const t of [...s.titles, ...s.tail]) {
      if (isMotto(t)) continue;
      const n = planCommuneIn(t, planList);
      if (n) return { name: n, from: 'title', conflict: [], text: t };
    }
    const d1 = inPlan(dateFound);
    if (d1.length) return { name: d1[0].name, from: 'title', conflict: [], text: d1[0].text };
    for (const s of ordered) {
      const n = planCommuneIn(s.grid.sheet, planList);
      if (n) return { name: n, from: 'sheet', conflict: [], text: s.grid.sheet };
    }
    const n = planCommuneIn(fileText.replace(/\.[a-z0-9]{2,5}$/i, '').replace(/[-_.]+/g, ' '), planList);
    if (n) return { name: n, from: 'file', conflict: [], text: fileText };
  }
  if (titleFound.length) return { name: titleFound[0].name, from: 'title', conflict: conflictOf(titleFound), text: titleFound[0].text };
  if (dateFound.length) return { name: dateFound[0].name, from: 'title', conflict: [], text: dateFound[0].text };
  // the signature block: "TM. ỦY BAN NHÂN DÂN XÃ BẮC LÝ"
  for (const s of ordered) for (const t of s.tail) {
    const f = communeFromTitle(t);
    if (f) return { name: f.name, from: 'title', conflict: [], text: t };
  }
  for (const s of ordered) {
    const f = communeFromSheetName(s.grid.sheet);
    if (f) return { name: f.name, from: 'sheet', conflict: [], text: s.grid.sheet };
  }
  const f = communeFromFileName(ctx.file);
  if (f) return { name: f.name, from: 'file', conflict: [], text: fileText };
  return { name: null, from: null, conflict: [], text: null };
}

// ───────────────────────────── period ─────────────────────────────

/** A year standing alone in a title line ("Năm 2020", "2020"), not in a date line. */
function bareYear(titles: string[]): number | null {
  for (const t of titles) {
    if (/ngày|ngay|\d{1,2}\s*\/\s*\d{1,2}\s*\/\s*\d{4}/i.test(t)) continue;
    const m = /(?:^|\D)((?:19|20)\d{2})(?!\d)/.exec(t);
    if (m) return Number(m[1]);
  }
  return null;
}

interface PeriodPick {
  period: Period | null;
  from: CommuneReport['periodFrom'];
  conflict: string[];
  text: string | null;
  /** The period came from an end date that is not the end of its month. */
  partial?: boolean;
}

/**
 * The period of a file. In order: a title naming a period more specific than a year ("9 tháng năm 2020"),
 * dates in the titles ("Từ ngày 01/01/2020 đến ngày 30/9/2020"), the actual column's header ("Lũy kế 9 tháng",
 * "Lũy kế đến ngày 30/9/2020"), a title naming only a year ("BÁO CÁO … NĂM 2020"). The years of the plan and of
 * last year in other headers ("Kế hoạch năm 2020", "Cùng kỳ năm 2019") are not the period.
 */
function pickPeriod(scans: SheetScan[]): PeriodPick {
  const tableScans = scans.filter((s) => s.cols);
  // Of all title lines, the most specific period (a quarter over a bare "năm 2020" on another line), with the
  // year taken from another line when its own has none ("BÁO CÁO QUÝ I" / "Năm 2020").
  const fromTitles = (s: SheetScan): { p: Period; text: string } | null => {
    const all = s.titles.map((t) => ({ p: parsePeriod(t), text: t })).filter((x): x is { p: Period; text: string } => !!x.p);
    if (!all.length) return null;
    let pick = all.find((x) => x.p.kind !== 'year') ?? all[0];
    let p = pick.p;
    if (p.year === null) {
      const y = all.find((x) => x.p.year !== null)?.p.year ?? bareYear(s.titles);
      if (y !== null && y !== undefined) p = { ...p, year: y, label: periodLabel({ ...p, year: y }) };
    }
    if (s.titleEstimate && !p.estimate) p = { ...p, estimate: true };
    pick = { p, text: pick.text };
    return pick;
  };
  const fromDates = (s: SheetScan) => {
    for (const t of s.titleLines) {
      const p = periodFromDates(t);
      if (p) return { p, text: t };
    }
    return null;
  };
  const fromHeader = (s: SheetScan) => {
    if (!s.cols?.actualText) return null;
    let p: Period | null = parsePeriod(s.cols.actualText) ?? periodFromDates(s.cols.actualText);
    if (p && p.year === null) {
      // "Lũy kế 9 tháng" under a title "BÁO CÁO … NĂM 2020": the year is the title's
      const y = s.titles.map((t) => parsePeriod(t)?.year).find((x) => x) ?? bareYear(s.titles);
      if (y) p = { ...p, year: y, label: periodLabel({ ...p, year: y }) };
    }
    return p ? { p, text: s.cols.actualText } : null;
  };
  // "Ước thực hiện 6 tháng" over the actual column: the period's figures are estimates
  const headerEstimate = tableScans.length > 0 && tableScans.every((s) => s.cols?.actualEstimate);
  const found: { p: Period; text: string; from: 'title' | 'header'; partial?: boolean }[] = [];
  const yearOnly: { p: Period; text: string }[] = [];
  for (const s of tableScans) {
    const t = fromTitles(s);
    const specific = t && t.p.kind !== 'year' ? t : null;
    const pick = specific ?? fromDates(s) ?? fromHeader(s);
    if (pick) {
      const from = pick === specific || s.titleLines.includes(pick.text) ? 'title' : 'header';
      const p = headerEstimate && !pick.p.estimate ? { ...pick.p, estimate: true } : pick.p;
      const partial = (pick.p as { partial?: boolean }).partial;
      const clean: Period = { ...p };
      delete (clean as { partial?: boolean }).partial;
      found.push({ p: clean, text: pick.text, from, ...(partial ? { partial } : {}) });
    } else if (t) yearOnly.push(t);
  }
  if (!found.length && yearOnly.length) {
    for (const y of yearOnly) found.push({ p: headerEstimate && !y.p.estimate ? { ...y.p, estimate: true } : y.p, text: y.text, from: 'title' });
  }
  if (found.length) {
    const keys = [...new Set(found.map((f) => periodKey(f.p)))];
    const conflict = keys.length > 1 ? [...new Set(found.map((f) => f.p.label))] : [];
    return { period: found[0].p, from: found[0].from, conflict, text: found[0].text, partial: found[0].partial };
  }
  for (const s of scans.filter((x) => !x.cols)) {
    const t = fromTitles(s) ?? fromDates(s);
    if (t) return { period: t.p, from: 'title', conflict: [], text: t.text };
  }
  return { period: null, from: null, conflict: [], text: null };
}

// ───────────────────────────── issues ─────────────────────────────

/** The record of the reader's choices for a file (types.ts ReadingRecord). */
function readingOf(grids: Grid[], scans: SheetScan[], verdict: StyleVerdict, periodText: string | null, communeText: string | null): ReadingRecord {
  const first = verdict.style === 'en' ? verdict.en[0] : verdict.vi[0];
  const reading: ReadingRecord = {
    skippedSheets: [],
    tables: [],
    numberStyle: { style: verdict.style, evidence: first?.text ? ownCopy(first.text) : null, evidenceCell: first?.cell ?? null, ambiguous: verdict.ambiguous.length },
    // kept with the report: copies, not views of the file's text
    periodText: periodText && ownCopy(periodText),
    communeText: communeText && ownCopy(communeText),
    totalRows: [],
    unitsFromNames: [],
  };
  for (const g of grids) if (g.state) reading.skippedSheets.push({ sheet: g.sheet, why: g.state });
  for (const s of scans) {
    reading.tables.push(...s.tables);
    for (const c of s.totalRows) reading.totalRows.push(`${s.grid.sheet}!${c}`);
    for (const u of s.unitsFromNames) reading.unitsFromNames.push({ ...u, cell: `${s.grid.sheet}!${u.cell}` });
    if (!s.cols) reading.skippedSheets.push({ sheet: s.grid.sheet, why: isEmptyGrid(s.grid) ? 'empty' : 'no_table' });
  }
  return reading;
}

/** Read a commune's workbook. Never throws: every problem becomes an issue. */
export function readCommune(grids: Grid[], ctx: ReadCommuneContext): CommuneReport {
  // tonghop's own report form (issue 13): read by its layout and codes, with certainty
  const form = readTemplate(grids, ctx);
  if (form) return form;
  const file = ctx.file;
  // Only visible sheets count: a hidden one is most often last year's copy of the table.
  const visible = grids.filter((g) => !g.state);
  const scans = visible.map((g) => scanSheet(g));
  const verdict = decideStyle(valueTexts(scans));
  for (const s of scans) readValues(s, verdict.style);
  const pickedName = pickCommune(scans, ctx);
  const commune = pickedName.name;
  const picked = pickPeriod(scans);
  const { period, from: periodFrom, conflict: periodConflict } = picked;
  const issues: Issue[] = [];
  const rows: CommuneRow[] = [];
  const sheets: string[] = [];
  const reading = readingOf(grids, scans, verdict, picked.text, pickedName.text ?? null);
  const place = communePlace(commune, file);
  for (const g of grids) if (g.state) issues.push(M.hiddenSheet(place, file, g.sheet, g.state, commune));
  issues.push(...M.numberStyleIssues(verdict, file, place, commune));
  if (picked.partial && period) issues.push(M.partialPeriod(place, file, picked.text ?? '', period.label, commune));
  for (const s of scans) {
    if (s.cols && s.rows.length) {
      sheets.push(s.grid.sheet);
      for (let i = 0; i < s.rows.length; i++) rows.push(s.rows[i]); // not push(...rows): a 200,000-row sheet overflows the stack
    } else if (!isEmptyGrid(s.grid)) {
      issues.push(M.sheetWithoutTable(place, file, s.grid.sheet, commune));
    }
    for (const p of s.problems) issues.push(M.cellProblem(p, s.grid.sheet, file, commune));
    if (s.externalCells.length) issues.push(M.externalFormulas(place, file, s.grid.sheet, s.externalCells, commune));
  }
  if (!rows.length && grids.length) issues.push(M.noTable(file, commune));
  if (!commune && grids.length) issues.push(M.noCommune(file));
  if (pickedName.conflict.length > 1) issues.push(M.communeConflict(file, pickedName.conflict, commune));
  if (periodConflict.length > 1) issues.push(M.periodConflict(file, periodConflict, period?.label ?? '', commune));
  return { file, commune, communeFrom: pickedName.from, period, periodFrom, sheets, rows, issues, reading };
}

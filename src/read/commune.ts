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
import type { CommuneReport, CommuneRow, Grid, Issue, Period, Plan, ReadValue } from '../types';
import { cellAddress } from '../util/address';
import { communePlace, mkIssue } from '../util/issues';
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
import { readCellNumber, type CellNumber } from './numbers';
import { parsePeriod, periodKey, periodLabel, saysEstimate } from './period';
import {
  acceptCommuneHeader,
  cellText,
  communeColumn,
  findHeaderBand,
  isColumnNumberRow,
  isSignatureRow,
  nameColumnOf,
  pickColumns,
  refineNameColumn,
  rowAt,
  rowTexts,
  tidyFast,
  type CommuneColumns,
} from './table';

export interface ReadCommuneContext {
  file: string;
  plan: Plan | null;
  /** The user's choice of commune: wins over detection. */
  commune?: string;
}

type ValueKey = 'target' | 'actual' | 'previous';

/** A cell problem found while reading rows; made into an Issue once the commune's name is known. */
interface Problem {
  kind: 'error_value' | 'not_a_number' | 'formula_no_result';
  r: number;
  c: number;
  raw: string;
  column: ValueKey;
  indicator: string;
  name: string;
}

interface SheetScan {
  grid: Grid;
  /** Texts of the rows above the header (or of the first rows of a sheet without a table). */
  titles: string[];
  /** Texts of the rows under the table (signature block, date line). */
  tail: string[];
  cols: CommuneColumns | null;
  rows: CommuneRow[];
  problems: Problem[];
  externalCells: string[];
  /** Some title says "ước". */
  titleEstimate: boolean;
}

const TITLE_ROWS_WITHOUT_TABLE = 12;
const TAIL_ROWS = 25;

function titlesAbove(grid: Grid, end: number): string[] {
  const out: string[] = [];
  for (let r = 0; r < end; r++) out.push(...rowTexts(grid, r));
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

function findHeader(grid: Grid, from: number) {
  return findHeaderBand(grid, communeColumn, acceptCommuneHeader, nameColumnOf, from);
}

/** Read the table rows of a sheet from its header on, until a signature block. */
function scanSheet(grid: Grid, file: string): SheetScan {
  const scan: SheetScan = {
    grid, titles: [], tail: [], cols: null, rows: [], problems: [], externalCells: [], titleEstimate: false,
  };
  const found = findHeader(grid, 0);
  if (!found) {
    scan.titles = titlesAbove(grid, Math.min(grid.rows.length, TITLE_ROWS_WITHOUT_TABLE));
    return scan;
  }
  scan.titles = titlesAbove(grid, found.band.row);
  scan.titleEstimate = scan.titles.some((t) => saysEstimate(t));
  let cols = pickColumns(found.roles);
  refineNameColumn(grid, found.band, cols);
  scan.cols = cols;
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
    const valueCells = [cols.target, cols.actual, cols.previous].map((c) => (c >= 0 ? row[c] : undefined));
    const hasNumber = valueCells.some((c) => c && (typeof c.v === 'number' || c.error));
    if (!code && !hasNumber) {
      if (isSignatureRow(grid, r)) {
        const end = Math.min(nRows, r + TAIL_ROWS);
        for (let t = r; t < end; t++) scan.tail.push(...rowTexts(grid, t));
        break;
      }
      // a new header further down (a second table on the same sheet)
      if (nameRaw && communeColumn(nameRaw, '')?.role === 'name') {
        const again = findHeader(grid, r);
        if (again && again.band.row === r) {
          cols = pickColumns(again.roles);
          refineNameColumn(grid, again.band, cols);
          r = again.band.bottom;
          if (r + 1 < nRows && isColumnNumberRow(grid, r + 1, cols.name)) r++;
          parent = null;
          inTrongDo = false;
          continue;
        }
      }
    }
    const stt = cols.stt >= 0 ? cellText(row[cols.stt]) : '';
    const unit = cols.unit >= 0 ? cellText(row[cols.unit]) : '';
    const hasValueText = valueCells.some((c) => c && (cellText(c) !== '' || c.error || c.f));
    if (!nameRaw && !code) continue;
    const trongDo = isTrongDo(nameRaw);
    if (!code && trongDo && foldWords(nameRaw) === 'trong do') {
      inTrongDo = true;
      continue;
    }
    const name = tidyFast(stripNumbering(nameRaw));
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

    const bulletM = BULLET.exec(nameRaw);
    const bullet = trongDo ? 'trong' : bulletM ? bulletM[1] : null;
    let subItem = false;
    if (!code && parent) {
      if (bullet === 'trong') subItem = true;
      else if (bullet && (parent.code !== null || parent.bullet !== bullet)) subItem = true;
      else if (inTrongDo && !stt) subItem = true;
    }
    if (code || stt) inTrongDo = inTrongDo && !code && !stt;

    const row0: CommuneRow = {
      code: code || null,
      name,
      unit: unit || null,
      unitCell: cols.unit >= 0 ? cellAddress(r, cols.unit) : null,
      target: null,
      actual: null,
      previous: null,
      estimate: false,
      sheet: grid.sheet,
      row: r + 1,
    };
    let estimate = scan.titleEstimate || cols.actualEstimate;
    for (const key of ['target', 'actual', 'previous'] as ValueKey[]) {
      const c = cols[key];
      if (c < 0) continue;
      const cell = row[c];
      const n = readCellNumber(cell, unit || null);
      const rv = toReadValue(n, file, grid.sheet, r, c);
      row0[key] = rv;
      if (rv.note && saysEstimate(rv.note)) estimate = true;
      if (cell?.external) scan.externalCells.push(cellAddress(r, c));
      if (n.problem || n.noResult) {
        scan.problems.push({
          kind: n.problem ?? 'formula_no_result',
          r,
          c,
          raw: n.error ?? String(n.raw ?? ''),
          column: key,
          indicator: code || name,
          name: name || code,
        });
      }
    }
    if (cols.note >= 0) {
      const note = cellText(row[cols.note]);
      if (note) {
        row0.note = note;
        if (saysEstimate(note)) estimate = true;
      }
    }
    if (nameRaw.includes('(') && /\(\s*(?:ước|uoc)\b/iu.test(nameRaw.normalize('NFC'))) estimate = true;
    row0.estimate = estimate;
    if (subItem) row0.subItem = true;
    else parent = { code: code || null, bullet };
    scan.rows.push(row0);
  }
  return scan;
}

function toReadValue(n: CellNumber, file: string, sheet: string, r: number, c: number): ReadValue {
  const rv: ReadValue = { value: n.value, raw: n.raw, source: { file, sheet, cell: cellAddress(r, c) } };
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
}

function pickCommune(scans: SheetScan[], ctx: ReadCommuneContext): NamePick {
  const planList = ctx.plan && ctx.plan.communes.length ? planNames(ctx.plan.communes) : null;
  if (ctx.commune && tidy(ctx.commune)) {
    const user = tidy(ctx.commune);
    const spelled = planList ? planSpelling({ name: user, key: communeKey(user) }, planList) : null;
    return { name: spelled ?? user, from: 'user', conflict: [] };
  }
  const tableScans = scans.filter((s) => s.cols);
  const ordered = [...tableScans, ...scans.filter((s) => !s.cols)];
  const titleFound: FoundName[] = [];
  for (const s of ordered) for (const t of s.titles) {
    const f = communeFromTitle(t);
    if (f) titleFound.push(f);
  }
  const dateFound: FoundName[] = [];
  for (const s of ordered) for (const t of [...s.titles, ...s.tail]) {
    const f = placeFromDateLine(t);
    if (f) dateFound.push(f);
  }
  const conflictOf = (list: FoundName[]) => {
    const keys = [...new Set(list.map((f) => f.key))];
    return keys.length > 1 ? keys.map((k) => list.find((f) => f.key === k)!.name) : [];
  };

  if (planList) {
    const inPlan = (list: FoundName[]) => {
      const names = list.map((f) => planSpelling(f, planList)).filter((x): x is string => !!x);
      return names;
    };
    const t1 = inPlan(titleFound);
    if (t1.length) return { name: t1[0], from: 'title', conflict: [...new Set(t1)].length > 1 ? [...new Set(t1)] : [] };
    for (const s of ordered) for (const t of s.titles) {
      if (isMotto(t)) continue;
      const n = planCommuneIn(t, planList);
      if (n) return { name: n, from: 'title', conflict: [] };
    }
    const d1 = inPlan(dateFound);
    if (d1.length) return { name: d1[0], from: 'title', conflict: [] };
    for (const s of ordered) {
      const n = planCommuneIn(s.grid.sheet, planList);
      if (n) return { name: n, from: 'sheet', conflict: [] };
    }
    const fileText = ctx.file.replace(/^.*[\\/]/, '').replace(/\.[a-z0-9]{2,5}$/i, '').replace(/[-_.]+/g, ' ');
    const n = planCommuneIn(fileText, planList);
    if (n) return { name: n, from: 'file', conflict: [] };
  }
  if (titleFound.length) return { name: titleFound[0].name, from: 'title', conflict: conflictOf(titleFound) };
  if (dateFound.length) return { name: dateFound[0].name, from: 'title', conflict: [] };
  for (const s of ordered) {
    const f = communeFromSheetName(s.grid.sheet);
    if (f) return { name: f.name, from: 'sheet', conflict: [] };
  }
  const f = communeFromFileName(ctx.file);
  if (f) return { name: f.name, from: 'file', conflict: [] };
  return { name: null, from: null, conflict: [] };
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

function pickPeriod(scans: SheetScan[]): { period: Period | null; from: CommuneReport['periodFrom']; conflict: string[] } {
  const tableScans = scans.filter((s) => s.cols);
  // Of all title lines, the most specific period (a quarter over a bare "năm 2020" on another line), with the
  // year taken from another line when its own has none ("BÁO CÁO QUÝ I" / "Năm 2020").
  const fromTitles = (s: SheetScan): Period | null => {
    const all = s.titles.map((t) => parsePeriod(t)).filter((p): p is Period => !!p);
    if (!all.length) return null;
    let p = all.find((x) => x.kind !== 'year') ?? all[0];
    if (p.year === null) {
      const y = all.find((x) => x.year !== null)?.year ?? bareYear(s.titles);
      if (y !== null && y !== undefined) p = { ...p, year: y, label: periodLabel({ ...p, year: y }) };
    }
    return s.titleEstimate && !p.estimate ? { ...p, estimate: true } : p;
  };
  const found: Period[] = [];
  // "Ước thực hiện 6 tháng" over the actual column: the period's figures are estimates
  const headerEstimate = tableScans.length > 0 && tableScans.every((s) => s.cols?.actualEstimate);
  for (const s of tableScans) {
    const p = fromTitles(s);
    if (p) found.push(headerEstimate && !p.estimate ? { ...p, estimate: true } : p);
  }
  if (found.length) {
    const keys = [...new Set(found.map(periodKey))];
    const conflict = keys.length > 1 ? [...new Set(found.map((p) => p.label))] : [];
    return { period: found[0], from: 'title', conflict };
  }
  for (const s of scans.filter((x) => !x.cols)) {
    const p = fromTitles(s);
    if (p) return { period: p, from: 'title', conflict: [] };
  }
  for (const s of tableScans) {
    if (!s.cols?.actualText) continue;
    const p = parsePeriod(s.cols.actualText);
    if (p) return { period: p, from: 'header', conflict: [] };
  }
  return { period: null, from: null, conflict: [] };
}

// ───────────────────────────── issues ─────────────────────────────

const COLUMN_WORDS: Record<ValueKey, { vi: string; en: string }> = {
  target: { vi: 'Kế hoạch', en: 'plan' },
  actual: { vi: 'Thực hiện', en: 'actual' },
  previous: { vi: 'Cùng kỳ', en: 'same period last year' },
};

function problemIssue(p: Problem, sheet: string, file: string, commune: string | null): Issue {
  const place = communePlace(commune, file);
  const cell = cellAddress(p.r, p.c);
  const col = COLUMN_WORDS[p.column];
  const base = { file, sheet, cell, commune, indicator: p.indicator };
  if (p.kind === 'error_value') {
    return mkIssue({
      ...base,
      severity: 'error',
      code: 'error_value',
      vi: `${place.vi}, sheet '${sheet}', ô ${cell}: ô lỗi ${p.raw} (${col.vi}, chỉ tiêu '${p.name}'), không lấy được số liệu`,
      en: `${place.en}, sheet '${sheet}', cell ${cell}: error value ${p.raw} (${col.en}, '${p.name}'); no value taken`,
    });
  }
  if (p.kind === 'not_a_number') {
    return mkIssue({
      ...base,
      severity: 'error',
      code: 'not_a_number',
      vi: `${place.vi}, sheet '${sheet}', ô ${cell}: '${p.raw}' không phải là số (${col.vi}, chỉ tiêu '${p.name}')`,
      en: `${place.en}, sheet '${sheet}', cell ${cell}: '${p.raw}' is not a number (${col.en}, '${p.name}')`,
    });
  }
  return mkIssue({
    ...base,
    severity: 'warning',
    code: 'formula_no_result',
    vi: `${place.vi}, sheet '${sheet}', ô ${cell}: công thức chưa có kết quả lưu sẵn (${col.vi}, chỉ tiêu '${p.name}'); hãy mở tệp bằng Excel, tính lại và lưu`,
    en: `${place.en}, sheet '${sheet}', cell ${cell}: the formula has no saved result (${col.en}, '${p.name}'); open the file in Excel, recalculate and save`,
  });
}

/** Read a commune's workbook. Never throws: every problem becomes an issue. */
export function readCommune(grids: Grid[], ctx: ReadCommuneContext): CommuneReport {
  const file = ctx.file;
  const scans = grids.map((g) => scanSheet(g, file));
  const pickedName = pickCommune(scans, ctx);
  const commune = pickedName.name;
  const { period, from: periodFrom, conflict: periodConflict } = pickPeriod(scans);
  const issues: Issue[] = [];
  const rows: CommuneRow[] = [];
  const sheets: string[] = [];

  for (const s of scans) {
    if (s.cols && s.rows.length) {
      sheets.push(s.grid.sheet);
      for (const row of s.rows) rows.push(row); // not push(...rows): a 200,000-row sheet overflows the stack
    } else if (!isEmptyGrid(s.grid)) {
      issues.push(
        mkIssue({
          severity: 'info',
          code: 'sheet_without_table',
          vi: `${communePlace(commune, file).vi}, sheet '${s.grid.sheet}': không có bảng chỉ tiêu, bỏ qua`,
          en: `${communePlace(commune, file).en}, sheet '${s.grid.sheet}': no indicator table; skipped`,
          file,
          sheet: s.grid.sheet,
          commune,
        }),
      );
    }
    for (const p of s.problems) issues.push(problemIssue(p, s.grid.sheet, file, commune));
    if (s.externalCells.length) {
      const n = s.externalCells.length;
      issues.push(
        mkIssue({
          severity: 'info',
          code: 'external_formula',
          vi: `${communePlace(commune, file).vi}, sheet '${s.grid.sheet}', ô ${s.externalCells[0]}: ${n} ô số liệu lấy bằng công thức từ tệp khác; dùng giá trị lưu sẵn trong tệp`,
          en: `${communePlace(commune, file).en}, sheet '${s.grid.sheet}', cell ${s.externalCells[0]}: ${n} value cell(s) are formulas linked to another workbook; their saved values are used`,
          file,
          sheet: s.grid.sheet,
          cell: s.externalCells[0],
          commune,
        }),
      );
    }
  }
  if (!rows.length && grids.length) {
    issues.push(
      mkIssue({
        severity: 'error',
        code: 'no_table',
        vi: `Tệp '${file}': không tìm thấy bảng chỉ tiêu nào (cần một dòng tiêu đề có cột "Chỉ tiêu" và cột "Thực hiện" hoặc "Kế hoạch")`,
        en: `File '${file}': no indicator table found (a header row with a "Chỉ tiêu" column and a "Thực hiện" or "Kế hoạch" column is needed)`,
        file,
        commune,
      }),
    );
  }
  if (!commune && grids.length) {
    issues.push(
      mkIssue({
        severity: 'warning',
        code: 'no_commune',
        vi: `Tệp '${file}': không nhận ra tên xã (trong tiêu đề, tên sheet hay tên tệp); hãy chọn tên xã cho tệp này`,
        en: `File '${file}': the commune's name was not found (in the titles, sheet names or file name); choose it for this file`,
        file,
      }),
    );
  }
  if (pickedName.conflict.length > 1) {
    issues.push(
      mkIssue({
        severity: 'warning',
        code: 'commune_conflict',
        vi: `Tệp '${file}': tiêu đề nêu nhiều đơn vị (${pickedName.conflict.join(', ')}); lấy '${commune}'`,
        en: `File '${file}': the titles name several units (${pickedName.conflict.join(', ')}); '${commune}' is used`,
        file,
        commune,
      }),
    );
  }
  if (periodConflict.length > 1) {
    issues.push(
      mkIssue({
        severity: 'warning',
        code: 'period_conflict',
        vi: `Tệp '${file}': các sheet ghi kỳ báo cáo khác nhau (${periodConflict.join(', ')}); lấy '${period?.label}'`,
        en: `File '${file}': the sheets name different periods (${periodConflict.join(', ')}); '${period?.label}' is used`,
        file,
        commune,
      }),
    );
  }
  return { file, commune, communeFrom: pickedName.from, period, periodFrom, sheets, rows, issues };
}

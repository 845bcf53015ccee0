/**
 * Reading the plan workbook (kế hoạch): one row per indicator with Mã số, Chỉ tiêu, Đơn vị tính,
 * Cách tổng hợp, Chiều, Loại, the parent's column ("Toàn huyện", "Toàn tỉnh", "Tổng", "Toàn đơn vị", "Cộng")
 * and one column per commune (every other headed column to the right of the names). Title rows above the
 * header and a two-row header ("Kế hoạch năm 2020" over the communes) are allowed; columns in any order.
 *
 * Defaults (FORMATS.md): Chiều empty → Tăng; Loại empty → Thời điểm for a "%" unit, else Lũy kế;
 * Cách tổng hợp empty → Bình quân for "%", else Tổng. Unknown words → a warning and the default.
 */
import type { Aggregation, Direction, Grid, IndicatorKind, Issue, MergerRow, Plan, PlanIndicator } from '../types';
import { cellAddress } from '../util/address';
import { mkIssue, where } from '../util/issues';
import { communeKey, foldWords, indicatorKey, stripMarks, stripNumbering, tidy } from '../util/text';
import { isPercentUnit } from '../core/units';
import { readCellNumber } from './numbers';
import { CODE_WORDS, STT_WORDS, cellText, findHeaderBand, isColumnNumberRow, isSignatureRow, rowAt, rowTexts } from './table';

type PlanRole =
  | 'stt' | 'code' | 'name' | 'unit' | 'aggregation' | 'direction' | 'kind' | 'parent' | 'planTotal' | 'note'
  | 'second' | 'other';

interface PlanColumn {
  role: PlanRole;
  text: string;
}

const PARENT_WORDS = new Set([
  'tong', 'tong cong', 'tong so', 'cong', 'ca huyen', 'ca tinh', 'ca thanh pho', 'huyen', 'tinh', 'toan don vi',
  'chung', 'don vi cap tren',
]);

// Role words must match the WHOLE header (its parenthesised remarks aside): commune columns carry
// names such as "Hương Sơn", "Chiêu Lưu", "Toàn Sơn", "Kiều Phú" that a prefix match would take
// for the direction, kind or parent column.
const AGGREGATION_HEADERS = new Set([
  'cach tong hop', 'tong hop', 'phuong phap tong hop', 'pp tong hop', 'cach tinh', 'cach cong', 'quy tac tong hop',
  'tong hop theo', 'cach tong hop so lieu', 'aggregation',
]);
const DIRECTION_HEADERS = new Set(['chieu', 'huong', 'xu huong', 'chieu danh gia', 'chieu tot', 'chieu chi tieu', 'direction']);
const KIND_HEADERS = new Set(['loai', 'loai chi tieu', 'tinh chat', 'kieu', 'kieu chi tieu', 'loai so lieu', 'kind']);
const PARENT_PREFIXED = /^(?:toan|ca) (?:huyen|tinh|thanh pho|quan|thi xa|don vi|khu vuc|cum)$/;
/** The optional second parent target, set by the level above: "Tỉnh giao", "KH tỉnh giao", "Dự toán tỉnh giao". */
const SECOND_TARGET = /^(?:(?:ke hoach|kh|du toan|chi tieu|muc)(?: nam(?: \d{4})?)? )?(?:tinh|thanh pho|tp|cap tren|trung uong) giao\b/;

function planRole(text: string): PlanRole | null {
  const f = foldWords(text.replace(/\([^)]*\)/g, ' ')) || foldWords(text);
  if (!f) return null;
  if (STT_WORDS.has(f)) return 'stt';
  if (CODE_WORDS.has(f)) return 'code';
  if (/^(?:don vi tinh|dvt|dv tinh)$|^(?:don vi|dv)$/.test(f)) return 'unit';
  if (f === 'ghi chu') return 'note';
  if (AGGREGATION_HEADERS.has(f)) return 'aggregation';
  if (DIRECTION_HEADERS.has(f)) return 'direction';
  if (KIND_HEADERS.has(f)) return 'kind';
  if (PARENT_PREFIXED.test(f) || PARENT_WORDS.has(f)) return 'parent';
  if (SECOND_TARGET.test(f)) return 'second';
  if (/^(?:ke hoach|kh|chi tieu ke hoach|chi tieu kh)\b/.test(f) && !/\b(?:xa|phuong|thi tran)\b/.test(f)) return 'planTotal';
  if (/^(?:chi tieu|ten chi tieu|noi dung|danh muc|hang muc|cac chi tieu|ten)\b/.test(f)) return 'name';
  return 'other';
}

function classify(top: string, sub: string): PlanColumn | null {
  const text = tidy(sub || top);
  if (!text) return null;
  let role = planRole(text);
  // "Kế hoạch năm 2020" over the communes: the lower text names the column
  if (sub && top && role === 'other') {
    const rt = planRole(top);
    if (rt && rt !== 'other' && rt !== 'planTotal' && rt !== 'parent') role = rt;
  }
  return role ? { role, text } : null;
}

function accept(roles: (PlanColumn | null)[]): boolean {
  const nameCol = roles.findIndex((r) => r?.role === 'name');
  if (nameCol < 0) return false;
  let known = 0;
  let right = 0;
  roles.forEach((r, c) => {
    if (!r) return;
    if (r.role !== 'other' && r.role !== 'name') known++;
    if (c > nameCol && (r.role === 'other' || r.role === 'parent' || r.role === 'planTotal' || r.role === 'second')) right++;
  });
  return right > 0 && known > 0;
}

function nameColOf(roles: (PlanColumn | null)[]): number {
  return roles.findIndex((r) => r?.role === 'name');
}

export function parseAggregation(text: string, unit: string): { agg: Aggregation; known: boolean; empty: boolean } {
  const f = foldWords(text);
  const def: Aggregation = isPercentUnit(unit) ? { kind: 'mean' } : { kind: 'sum' };
  if (!f) return { agg: def, known: true, empty: true };
  const theo = /^(?:binh quan|trung binh|bq|tb)(?: gia quyen)? theo (.+)$/.exec(f);
  if (theo) {
    // the indicator's code as written after "theo"
    const g = stripMarks(tidy(text));
    const i = g.search(/\btheo\b/);
    const by = i >= 0 && g.length === tidy(text).length ? tidy(text).slice(i + 4).trim() : theo[1].toUpperCase();
    return { agg: { kind: 'weighted', by: by.replace(/^[:\s]+/, '') }, known: true, empty: false };
  }
  if (/^(?:tong|tong cong|cong|sum|cong don|tong so|cong tong)$/.test(f)) return { agg: { kind: 'sum' }, known: true, empty: false };
  if (/^(?:binh quan|trung binh|bq|tb|mean|average|binh quan chung|trung binh cong)$/.test(f)) return { agg: { kind: 'mean' }, known: true, empty: false };
  if (/^(?:so xa dat|dem xa dat|so don vi dat|so xa dat chuan|so xa|dem|count|so dat|dem so xa dat|so xa phuong dat)\b/.test(f)) {
    return { agg: { kind: 'count_met' }, known: true, empty: false };
  }
  if (/^(?:lon nhat|cao nhat|max|toi da)$/.test(f)) return { agg: { kind: 'max' }, known: true, empty: false };
  if (/^(?:nho nhat|thap nhat|min|toi thieu)$/.test(f)) return { agg: { kind: 'min' }, known: true, empty: false };
  if (/^(?:khong|khong tong hop|none|khong cong|khong ap dung)$/.test(f)) return { agg: { kind: 'none' }, known: true, empty: false };
  return { agg: def, known: false, empty: false };
}

export function parseDirection(text: string): { dir: Direction; known: boolean } {
  const f = foldWords(text);
  if (!f) return { dir: 'up', known: true };
  if (/^(?:tang|up|cang cao cang tot|cao la tot|tang la tot|cao hon la tot)\b/.test(f)) return { dir: 'up', known: true };
  if (/^(?:giam|down|cang thap cang tot|thap la tot|giam la tot|thap hon la tot)\b/.test(f)) return { dir: 'down', known: true };
  return { dir: 'up', known: false };
}

export function parseKind(text: string, unit: string): { kind: IndicatorKind; known: boolean } {
  const f = foldWords(text);
  const def: IndicatorKind = isPercentUnit(unit) ? 'level' : 'flow';
  if (!f) return { kind: def, known: true };
  if (/^(?:luy ke|cong don|flow|tich luy|luy tien)\b/.test(f)) return { kind: 'flow', known: true };
  if (/^(?:thoi diem|level|ty le|muc|tai thoi diem|diem)\b/.test(f)) return { kind: 'level', known: true };
  return { kind: def, known: false };
}

/** Read the plan from the first sheet that holds a plan table. Never throws. */
export function readPlan(grids: Grid[], file: string): { plan: Plan | null; issues: Issue[] } {
  const issues: Issue[] = [];
  for (const grid of grids) {
    const found = findHeaderBand(grid, classify, accept, nameColOf);
    if (!found) continue;
    const plan = readPlanSheet(grid, file, found.band.row, found.band.bottom, found.roles, issues);
    if (plan) {
      const merger = readMerger(grids, file);
      if (merger) plan.merger = merger;
      return { plan, issues };
    }
  }
  if (grids.length) {
    issues.push(
      mkIssue({
        severity: 'error',
        code: 'no_plan_table',
        vi: `Tệp kế hoạch '${file}': không tìm thấy bảng kế hoạch (cần một dòng tiêu đề có cột "Chỉ tiêu" và các cột xã hoặc cột "Toàn huyện")`,
        en: `Plan file '${file}': no plan table found (a header row with a "Chỉ tiêu" column and commune columns or a "Toàn huyện" column is needed)`,
        file,
      }),
    );
  }
  return { plan: null, issues };
}

/** The plan table's columns: the fixed roles, the parent's and second target's, one per commune. */
interface PlanLayout {
  nameCol: number;
  codeCol: number;
  unitCol: number;
  aggCol: number;
  dirCol: number;
  kindCol: number;
  parentCol: number;
  parentLabel: string | null;
  secondCol: number;
  secondLabel: string | null;
  communeCols: { c: number; name: string }[];
}

/** Where to say a plan cell is: "Kế hoạch: tệp …, sheet …, ô …". */
interface PlanPlace {
  file: string;
  sheet: string;
  at(r: number, c: number): { vi: string; en: string };
}

function planPlace(file: string, sheet: string): PlanPlace {
  return {
    file,
    sheet,
    at: (r, c) => {
      const w = where(file, sheet, cellAddress(r, c));
      return { vi: 'Kế hoạch: ' + w.vi, en: 'Plan: ' + w.en };
    },
  };
}

function planLayout(roles: (PlanColumn | null)[], p: PlanPlace, headerRow: number, issues: Issue[]): PlanLayout {
  const col = (role: PlanRole) => roles.findIndex((r) => r?.role === role);
  const nameCol = col('name');
  let parentCol = col('parent');
  if (parentCol < 0) parentCol = col('planTotal');
  const secondCol = col('second');
  const communeCols: { c: number; name: string }[] = [];
  const seen = new Map<string, string>();
  roles.forEach((r, c) => {
    if (!r || c <= nameCol || r.role !== 'other' || c === parentCol) return;
    const name = r.text;
    const key = communeKey(name);
    if (!key) return;
    const prev = seen.get(key);
    if (prev !== undefined) {
      const { file, sheet } = p;
      issues.push(
        mkIssue({
          severity: 'warning',
          code: 'duplicate_commune',
          vi: `Tệp kế hoạch '${file}', sheet '${sheet}', ô ${cellAddress(headerRow, c)}: cột xã '${name}' trùng với cột '${prev}'; bỏ qua cột này`,
          en: `Plan file '${file}', sheet '${sheet}', cell ${cellAddress(headerRow, c)}: commune column '${name}' repeats '${prev}'; this column is skipped`,
          file, sheet, cell: cellAddress(headerRow, c), commune: name,
        }),
      );
      return;
    }
    seen.set(key, name);
    communeCols.push({ c, name });
  });
  return {
    nameCol,
    codeCol: col('code'),
    unitCol: col('unit'),
    aggCol: col('aggregation'),
    dirCol: col('direction'),
    kindCol: col('kind'),
    parentCol,
    parentLabel: parentCol >= 0 ? roles[parentCol]!.text : null,
    secondCol,
    secondLabel: secondCol >= 0 ? roles[secondCol]!.text : null,
    communeCols,
  };
}

/** The year: in the titles above the header, else in the sheet's name. */
function planYear(grid: Grid, headerRow: number): number | null {
  for (const t of [...titles(grid, headerRow), grid.sheet]) {
    const m = /(?:^|\D)((?:19|20)\d{2})(?!\d)/.exec(t);
    if (m) return Number(m[1]);
  }
  return null;
}

function readPlanSheet(
  grid: Grid,
  file: string,
  headerRow: number,
  headerBottom: number,
  roles: (PlanColumn | null)[],
  issues: Issue[],
): Plan | null {
  const sheet = grid.sheet;
  const p = planPlace(file, sheet);
  const L = planLayout(roles, p, headerRow, issues);
  const year = planYear(grid, headerRow);
  const issuer = issuerOf(titles(grid, headerRow));
  let section: string | null = null;
  const indicators: PlanIndicator[] = [];
  const codes = new Map<string, number>();
  const valueCols = [L.parentCol, L.secondCol, ...L.communeCols.map((x) => x.c)].filter((c) => c >= 0);
  let unnamedSaid = false;
  for (let r = headerBottom + 1; r < grid.rows.length; r++) {
    const row = rowAt(grid, r);
    if (!row.length) continue;
    const nameRaw = cellText(row[L.nameCol]);
    const code = L.codeCol >= 0 ? cellText(row[L.codeCol]) : '';
    const unit = L.unitCol >= 0 ? cellText(row[L.unitCol]) : '';
    const hasNumber = valueCols.some((c) => {
      const cell = row[c];
      return cell && (typeof cell.v === 'number' || cell.error);
    });
    if (!code && !hasNumber && isSignatureRow(grid, r)) break;
    if (!nameRaw && !code) continue;
    // column-number row under the header ("A | B | 1 | 2")
    if (r === headerBottom + 1 && isColumnNumberRow(grid, r, L.nameCol)) continue;
    const hasText = valueCols.some((c) => cellText(row[c]) !== '');
    if (!code && !unit && !hasText) {
      // a section row ("I. KINH TẾ", "II. VĂN HÓA - XÃ HỘI"): the heading of the indicators below it
      if (isSectionName(nameRaw)) section = tidy(nameRaw);
      continue;
    }
    const name = tidy(stripNumbering(nameRaw));
    const key = code ? code.toUpperCase() : indicatorKey(name);
    if (!key) continue;
    if (!code && !/\p{L}/u.test(name)) {
      // "1", "(3)", "…": a number or a mark in the name column, no code — not an indicator; said once a sheet
      // when the row holds figures, so that no target goes unseen.
      if (hasNumber && !unnamedSaid) {
        unnamedSaid = true;
        issues.push(
          mkIssue({
            severity: 'warning',
            code: 'plan_row_unnamed',
            vi: `${p.at(r, L.nameCol).vi}: dòng có số nhưng cột tên chỉ tiêu chỉ ghi '${nameRaw}' và không có mã số: không phải chỉ tiêu, bỏ qua (các dòng như thế phía dưới cũng bị bỏ qua)`,
            en: `${p.at(r, L.nameCol).en}: the row holds figures but its indicator name is only '${nameRaw}' and it has no code: not an indicator, skipped (so are such rows below)`,
            file, sheet, cell: cellAddress(r, L.nameCol),
          }),
        );
      }
      continue;
    }
    const dup = codes.get(key);
    if (dup !== undefined) {
      const c = code ? L.codeCol : L.nameCol;
      issues.push(
        mkIssue({
          severity: 'warning',
          code: 'duplicate_indicator',
          vi: `${p.at(r, c).vi}: chỉ tiêu '${code || name}' đã có ở dòng ${dup}; bỏ qua dòng này`,
          en: `${p.at(r, c).en}: indicator '${code || name}' is already on row ${dup}; this row is skipped`,
          file, sheet, cell: cellAddress(r, c), indicator: code || name,
        }),
      );
      continue;
    }
    codes.set(key, r + 1);
    indicators.push(planIndicatorRow(row, r, { code, name, unit, section }, L, p, issues));
  }
  resolveWeights(indicators, p, issues);

  if (!indicators.length) return null;
  if (!L.communeCols.length) {
    issues.push(
      mkIssue({
        severity: 'warning',
        code: 'plan_without_communes',
        vi: `Tệp kế hoạch '${file}', sheet '${sheet}': không có cột nào cho từng xã; chỉ có kế hoạch chung`,
        en: `Plan file '${file}', sheet '${sheet}': no column per commune; only the overall targets`,
        file, sheet,
      }),
    );
  }
  return {
    file,
    sheet,
    parentLabel: L.parentLabel,
    communes: L.communeCols.map((c) => c.name),
    indicators,
    year,
    issues,
    ...(L.secondLabel ? { secondLabel: L.secondLabel } : {}),
    ...(issuer ? { issuer } : {}),
  };
}

/** The words of one indicator row: Cách tổng hợp, Chiều, Loại — each unknown word a warning and the default. */
function rowWords(row: PlanRow, r: number, unit: string, indicator: string, L: PlanLayout, p: PlanPlace, issues: Issue[]) {
  const { file, sheet } = p;
  const warn = (code: 'unknown_aggregation' | 'unknown_direction' | 'unknown_kind', c: number, vi: string, en: string) =>
    issues.push(mkIssue({ severity: 'warning', code, vi: `${p.at(r, c).vi}: ${vi}`, en: `${p.at(r, c).en}: ${en}`, file, sheet, cell: cellAddress(r, c), indicator }));
  const aggText = L.aggCol >= 0 ? cellText(row[L.aggCol]) : '';
  const agg = parseAggregation(aggText, unit);
  if (!agg.known) {
    const used = agg.agg.kind === 'mean' ? 'Bình quân' : 'Tổng';
    warn('unknown_aggregation', L.aggCol,
      `không hiểu cách tổng hợp '${aggText}' (Tổng, Bình quân, Bình quân theo <mã>, Số xã đạt, Lớn nhất, Nhỏ nhất, Không); dùng '${used}'`,
      `unknown aggregation '${aggText}' (Tổng, Bình quân, Bình quân theo <code>, Số xã đạt, Lớn nhất, Nhỏ nhất, Không); '${used}' is used`);
  }
  const dirText = L.dirCol >= 0 ? cellText(row[L.dirCol]) : '';
  const dir = parseDirection(dirText);
  if (!dir.known) {
    warn('unknown_direction', L.dirCol, `không hiểu chiều '${dirText}' (Tăng / Giảm); dùng 'Tăng'`, `unknown direction '${dirText}' (Tăng / Giảm); 'Tăng' is used`);
  }
  const kindText = L.kindCol >= 0 ? cellText(row[L.kindCol]) : '';
  const kind = parseKind(kindText, unit);
  if (!kind.known) {
    const used = kind.kind === 'level' ? 'Thời điểm' : 'Lũy kế';
    warn('unknown_kind', L.kindCol, `không hiểu loại '${kindText}' (Lũy kế / Thời điểm); dùng '${used}'`, `unknown kind '${kindText}' (Lũy kế / Thời điểm); '${used}' is used`);
  }
  return { agg: agg.agg, dir: dir.dir, kind: kind.kind };
}

type PlanRow = ReturnType<typeof rowAt>;

/** One target cell of the plan: its number, or null with an issue saying why. */
function planTarget(row: PlanRow, r: number, c: number, who: string, commune: string | null, unit: string, indicator: string, p: PlanPlace, issues: Issue[]): number | null {
  const { file, sheet } = p;
  const n = readCellNumber(row[c], unit);
  if (n.problem) {
    issues.push(
      mkIssue({
        severity: 'error',
        code: n.problem,
        vi: n.problem === 'error_value'
          ? `${p.at(r, c).vi}: ô lỗi ${n.error} (kế hoạch của '${who}', chỉ tiêu '${indicator}')`
          : `${p.at(r, c).vi}: '${String(n.raw)}' không phải là số (kế hoạch của '${who}', chỉ tiêu '${indicator}')`,
        en: n.problem === 'error_value'
          ? `${p.at(r, c).en}: error value ${n.error} (target of '${who}', '${indicator}')`
          : `${p.at(r, c).en}: '${String(n.raw)}' is not a number (target of '${who}', '${indicator}')`,
        file, sheet, cell: cellAddress(r, c), indicator, ...(commune ? { commune } : {}),
      }),
    );
  }
  if (n.value !== null && (n.value < 0 || Math.abs(n.value) > 1e15)) {
    // a negative target would be judged "met" by any figure; one no indicator has is not used
    const huge = Math.abs(n.value) > 1e15;
    issues.push(
      mkIssue({
        severity: huge ? 'error' : 'warning',
        code: huge ? 'implausible_value' : 'negative_target',
        vi: huge
          ? `${p.at(r, c).vi}: kế hoạch ${String(n.value)} của '${who}' (chỉ tiêu '${indicator}') lớn bất thường; không được dùng`
          : `${p.at(r, c).vi}: kế hoạch của '${who}' (chỉ tiêu '${indicator}') là số âm (${String(n.value)}); vẫn được dùng — hãy kiểm tra`,
        en: huge
          ? `${p.at(r, c).en}: the target ${String(n.value)} of '${who}' ('${indicator}') is implausibly large; it is not used`
          : `${p.at(r, c).en}: the target of '${who}' ('${indicator}') is negative (${String(n.value)}); it is used — check it`,
        file, sheet, cell: cellAddress(r, c), indicator, ...(commune ? { commune } : {}),
      }),
    );
    if (huge) return null;
  }
  return n.value;
}

function planIndicatorRow(
  row: PlanRow,
  r: number,
  w: { code: string; name: string; unit: string; section: string | null },
  L: PlanLayout,
  p: PlanPlace,
  issues: Issue[],
): PlanIndicator {
  const { code, name, unit, section } = w;
  const indicator = code || name;
  const words = rowWords(row, r, unit, indicator, L, p, issues);
  const target = (c: number, commune: string | null) => planTarget(row, r, c, commune ?? L.parentLabel ?? '', commune, unit, indicator, p, issues);
  const targets = L.communeCols.map((cc) => target(cc.c, cc.name));
  return {
    code: code || null,
    name,
    unit,
    aggregation: words.agg,
    direction: words.dir,
    kind: words.kind,
    parentTarget: L.parentCol >= 0 ? target(L.parentCol, null) : null,
    targets,
    source: { file: p.file, sheet: p.sheet, cell: cellAddress(r, L.nameCol) },
    ...(L.secondCol >= 0 ? { secondTarget: target(L.secondCol, null) } : {}),
    ...(section ? { section } : {}),
  };
}

/** "Bình quân theo X": X must be an indicator of the plan (by code, else by name). */
function resolveWeights(indicators: PlanIndicator[], p: PlanPlace, issues: Issue[]): void {
  const { file, sheet } = p;
  const byCode = new Map(indicators.filter((i) => i.code).map((i) => [i.code!.toUpperCase(), i.code!]));
  const byName = new Set(indicators.map((i) => indicatorKey(i.name)));
  for (const ind of indicators) {
    if (ind.aggregation.kind !== 'weighted') continue;
    const by = ind.aggregation.by;
    const code = byCode.get(by.toUpperCase());
    if (code) {
      ind.aggregation = { kind: 'weighted', by: code };
    } else if (!byName.has(indicatorKey(by))) {
      const cell = ind.source?.cell ?? null;
      issues.push(
        mkIssue({
          severity: 'warning',
          code: 'unknown_weight_indicator',
          vi: `Kế hoạch: ${where(file, sheet, cell).vi}: 'Bình quân theo ${by}' của chỉ tiêu '${ind.code ?? ind.name}' nêu một chỉ tiêu không có trong kế hoạch`,
          en: `Plan: ${where(file, sheet, cell).en}: 'Bình quân theo ${by}' of '${ind.code ?? ind.name}' names an indicator that is not in the plan`,
          file, sheet, cell, indicator: ind.code ?? ind.name,
        }),
      );
    }
  }
}

/** A section row's name: Roman numbering ("I. KINH TẾ", "II - VĂN HÓA") or capitals ("KINH TẾ"). */
function isSectionName(text: string): boolean {
  const t = tidy(text);
  if (!t) return false;
  if (/^[IVX]{1,5}\s*[.):\-–]\s*\S/.test(t)) return true;
  const letters = t.replace(/[^\p{L}]/gu, '');
  return letters.length >= 3 && letters === letters.toUpperCase() && letters !== letters.toLowerCase();
}

/**
 * The issuing body named in the plan's title cells: "Đơn vị: UBND huyện Thanh Liêm", a cell "UBND HUYỆN BÌNH LỤC" /
 * "ỦY BAN NHÂN DÂN TỈNH …", or "… của UBND huyện Tân Phong)" in a line under the title.
 */
export function issuerOf(texts: string[]): string | null {
  const clean = (s: string) => tidy(s).replace(/[)\].,;]+$/, '').trim() || null;
  for (const t of texts) {
    const m = /^\s*(?:đơn vị|don vi|cơ quan|co quan)(?: báo cáo| ban hành)?\s*:\s*(.+)$/iu.exec(t.normalize('NFC'));
    if (m && clean(m[1])) return clean(m[1]);
  }
  const body = /(?:UBND|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(?:huyện|tỉnh|thành phố|quận|thị xã|HUYỆN|TỈNH|THÀNH PHỐ|QUẬN|THỊ XÃ)\s+[^,;()\n]+/u;
  for (const t of texts) {
    const n = t.normalize('NFC').trim();
    if (/^(?:UBND|ỦY BAN|UỶ BAN)/iu.test(n)) { const m = body.exec(n); if (m) return clean(m[0]); }
  }
  for (const t of texts) {
    const m = /của\s+((?:UBND|Ủy ban nhân dân|ỦY BAN NHÂN DÂN)\s+(?:huyện|tỉnh|thành phố|quận|thị xã)\s+[^,;()\n]+)/u.exec(t.normalize('NFC'));
    if (m) return clean(m[1]);
  }
  return null;
}

function titles(grid: Grid, end: number): string[] {
  const out: string[] = [];
  for (let r = 0; r < end; r++) out.push(...rowTexts(grid, r));
  return out;
}

// ───────────────────────────── the "Sáp nhập" sheet ─────────────────────────────

/** Header of the new commune's column: "Đơn vị mới", "Xã mới", "Tên đơn vị sau sáp nhập". */
function mergerRole(text: string): 'new' | 'old' | null {
  const f = foldWords(text.replace(/\([^)]*\)/g, ' '));
  if (!f || !/\b(?:don vi|dv|xa|phuong|thi tran|ten|dvhc|commune|unit)\b/.test(f)) return null;
  if (/\b(?:moi|sau sap nhap|new)\b/.test(f)) return 'new';
  if (/\b(?:cu|truoc sap nhap|old)\b/.test(f)) return 'old';
  return null;
}

/**
 * The plan's optional sheet "Sáp nhập" (FORMATS.md "Last year's files and the 2025 merger"): "Đơn vị mới" and
 * "Đơn vị cũ", one old commune per row; an empty "Đơn vị mới" (a vertical merge, or rows left blank under it)
 * continues the new commune above. Any sheet whose header has both columns counts, the one named "Sáp nhập"
 * first. Null when there is none. The rows are checked against the plan by core/previous.ts.
 */
export function readMerger(grids: Grid[], file: string): MergerRow[] | null {
  const named = (g: Grid) => /\bsap nhap\b/.test(foldWords(g.sheet));
  for (const grid of [...grids.filter(named), ...grids.filter((g) => !named(g))]) {
    const rows = mergerRows(grid, file);
    if (rows) return rows;
  }
  return null;
}

function mergerRows(grid: Grid, file: string): MergerRow[] | null {
  const scan = Math.min(grid.rows.length, 20);
  for (let h = 0; h < scan; h++) {
    const row = rowAt(grid, h);
    let newCol = -1, oldCol = -1;
    row.forEach((cell, c) => {
      const role = mergerRole(cellText(cell));
      if (role === 'new' && newCol < 0) newCol = c;
      if (role === 'old' && oldCol < 0) oldCol = c;
    });
    if (newCol < 0 || oldCol < 0) continue;
    const out: MergerRow[] = [];
    let current = '';
    for (let r = h + 1; r < grid.rows.length; r++) {
      const cells = rowAt(grid, r);
      const nw = tidy(cellText(cells[newCol]));
      const old = tidy(cellText(cells[oldCol]));
      // a column-number row under the header ("1 | 2", "A | B")
      if (/^\(?[A-Za-z0-9]{1,2}\)?$/.test(old)) continue;
      if (nw) current = nw;
      if (!old || !current) continue;
      if (isSignatureRow(grid, r)) break;
      for (const one of old.split(/\s*[;\n]\s*/).map(tidy).filter(Boolean)) {
        out.push({ newName: current, oldName: one, source: { file, sheet: grid.sheet, cell: cellAddress(r, oldCol) } });
      }
    }
    return out;
  }
  return null;
}

/**
 * The task pane's logic that needs no page: what a source's line says, the period chosen, the
 * result's counts and lists, which problems lead to a cell of the open workbook. Pure functions,
 * tested in Node (test/taskpane/pane.test.ts); the worker and the page both use them.
 */
import type { CommuneReport, Issue, IndicatorResult, Period, PeriodKind, Plan, Shortfall, Status, ReadingRecord } from '../types';
import { sortIssues } from '../util/issues';
import { firstInOrder } from '../util/first-in-order';
import { countValues } from '../core/values';

type Bi = { vi: string; en: string };

/** What the pane shows for one source (a commune file or a sheet of the open workbook). */
export interface SourceSummary {
  /** The file's name (or the label of the open workbook's sheet). */
  file: string;
  commune: string | null;
  period: Period | null;
  /** Numbers read: target, actual and previous cells that hold a value. */
  values: number;
  /** Issues of severity error or warning. */
  problems: number;
  errors: number;
  /** Sheets whose tables gave rows. */
  sheets: string[];
  /** Set when nothing usable came out of the source: why, in both languages. */
  unreadable: Bi | null;
  /** How the file was read: sheets and tables used or skipped, columns, number style, period and name sources. */
  reading?: ReadingRecord;
}

/** What the pane shows for the plan. */
export interface PlanSummary {
  file: string;
  indicators: number;
  communes: number;
  problems: number;
  unreadable: Bi | null;
}

const NO_TABLE: Bi = {
  vi: 'Không tìm thấy bảng chỉ tiêu nào trong tệp.',
  en: 'No indicator table was found in the file.',
};

/** The first error's message, else the given fallback: why a source gave nothing. */
function reasonOf(issues: Issue[], fallback: Bi): Bi {
  const err = issues.find((i) => i.severity === 'error') ?? issues.find((i) => i.severity === 'warning') ?? issues.find((i) => i.code === 'own_output');
  return err ? { vi: err.message, en: err.messageEn } : fallback;
}

export { countValues };

export function summarizeCommune(rep: CommuneReport): SourceSummary {
  const problems = rep.issues.filter((i) => i.severity !== 'info');
  const values = countValues(rep);
  return {
    file: rep.file,
    commune: rep.commune,
    period: rep.period,
    values,
    problems: problems.length,
    errors: problems.filter((i) => i.severity === 'error').length,
    sheets: rep.sheets,
    unreadable: rep.rows.length === 0 ? reasonOf(rep.issues, NO_TABLE) : null,
    ...(rep.reading ? { reading: rep.reading } : {}),
  };
}

const NO_PLAN_TABLE: Bi = {
  vi: 'Không tìm thấy bảng kế hoạch (cột Chỉ tiêu, Đơn vị tính, các cột xã) trong tệp.',
  en: 'No plan table (Chỉ tiêu, Đơn vị tính and commune columns) was found in the file.',
};

export function summarizePlan(file: string, plan: Plan | null, issues: Issue[]): PlanSummary {
  const problems = issues.filter((i) => i.severity !== 'info').length;
  if (!plan || plan.indicators.length === 0) {
    return { file, indicators: 0, communes: 0, problems, unreadable: reasonOf(issues, NO_PLAN_TABLE) };
  }
  return { file, indicators: plan.indicators.length, communes: plan.communes.length, problems, unreadable: null };
}

// ───────────────────────────── Period ─────────────────────────────

const ROMAN = ['', 'I', 'II', 'III', 'IV'];

export type PeriodChoice =
  | { kind: 'auto' }
  | { kind: PeriodKind; index?: number; year: number | null };

/**
 * The Period the user chose in the pane, with the Vietnamese label the readers use
 * ("tháng 4 năm 2020", "quý I năm 2020", "6 tháng đầu năm 2020", "9 tháng năm 2020", "năm 2020").
 * Null for "automatic" or an impossible choice (month outside 1..12, quarter outside 1..4).
 */
export function makePeriod(choice: PeriodChoice): Period | null {
  if (choice.kind === 'auto') return null;
  const year = choice.year !== null && Number.isInteger(choice.year) && choice.year >= 1900 && choice.year <= 2200 ? choice.year : null;
  const ys = year === null ? '' : ` năm ${year}`;
  switch (choice.kind) {
    case 'month': {
      const m = choice.index ?? 0;
      if (!Number.isInteger(m) || m < 1 || m > 12) return null;
      return { year, months: m, kind: 'month', index: m, label: `tháng ${m}${ys}` };
    }
    case 'quarter': {
      const q = choice.index ?? 0;
      if (!Number.isInteger(q) || q < 1 || q > 4) return null;
      return { year, months: q * 3, kind: 'quarter', index: q, label: `quý ${ROMAN[q]}${ys}` };
    }
    case 'half':
      return { year, months: 6, kind: 'half', label: `6 tháng đầu năm${year === null ? '' : ' ' + year}` };
    case 'nine':
      return { year, months: 9, kind: 'nine', label: `9 tháng${ys}` };
    case 'year':
      return { year, months: 12, kind: 'year', label: year === null ? 'cả năm' : `năm ${year}` };
    default:
      return null;
  }
}

/** The pane's controls for a period (to preset them from the detected one). */
export function choiceOf(p: Period): Exclude<PeriodChoice, { kind: 'auto' }> {
  if (p.kind === 'month') return { kind: 'month', index: p.index ?? p.months, year: p.year };
  if (p.kind === 'quarter') return { kind: 'quarter', index: p.index ?? Math.max(1, Math.round(p.months / 3)), year: p.year };
  return { kind: p.kind, year: p.year };
}

/** How many of the periods agree with `p` (same months; same year where both know it). */
export function agreeing(periods: readonly (Period | null | undefined)[], p: Period): number {
  return periods.filter((q) => !!q && q.months === p.months && (q.year === null || p.year === null || q.year === p.year)).length;
}

// ───────────────────────────── Result ─────────────────────────────

/** Number of indicators (the parent's line) per status, every status present. */
export function statusCounts(indicators: readonly Pick<IndicatorResult, 'status'>[]): Record<Status, number> {
  const out: Record<Status, number> = { met: 0, on_track: 0, behind: 0, no_target: 0, no_data: 0 };
  for (const i of indicators) if (i.status in out) out[i.status]++;
  return out;
}

/** How many shortfalls the result box lists (the worst; the sheet has them all). */
export const SHORTFALLS_SHOWN = 10;

let collator: Intl.Collator | null = null;
function viCollator(): Intl.Collator {
  return (collator ??= new Intl.Collator('vi'));
}

/**
 * The shortfalls furthest behind, first: the lowest share of the expected progress reached
 * (completionPct / expectedPct), the parent before communes on a tie, then by name. The same as a stable sort
 * of them all cut to `n`, made in one pass keeping the `n` first (the result box lists ten of the 81,000 of
 * 3,321 communes); the Vietnamese collator is made only when two shares tie (it takes tens of milliseconds
 * to make in a new worker).
 */
export function worstShortfalls(shortfalls: readonly Shortfall[], n: number): Shortfall[] {
  const ratio = (s: Shortfall) => (s.expectedPct > 0 ? s.completionPct / s.expectedPct : s.completionPct);
  const order = (a: Shortfall, b: Shortfall): number => {
    const d = ratio(a) - ratio(b);
    if (d !== 0) return d;
    if ((a.commune === null) !== (b.commune === null)) return a.commune === null ? -1 : 1;
    const ca = a.commune ?? '', cb = b.commune ?? '';
    // one collator for every comparison (localeCompare(…, 'vi') makes one per call: slow with thousands of rows)
    if (ca !== cb) return viCollator().compare(ca, cb);
    return viCollator().compare(a.name, b.name);
  };
  return firstInOrder(shortfalls, n, order);
}

/** Problems to list: errors and warnings (info left out), in the report's stable order. */
export function problemsToShow(issues: readonly Issue[]): Issue[] {
  return sortIssues(issues.filter((i) => i.severity !== 'info'));
}

/** A source that is a sheet of the open workbook: its file label and sheet names. */
export interface SheetSourceRef {
  file: string;
  sheets: string[];
}

/** The cell of the open workbook an issue points at, when its source is a sheet of that workbook. */
export function issueTarget(issue: Issue, sheetSources: readonly SheetSourceRef[]): { sheet: string; cell: string } | null {
  if (!issue.sheet || !issue.cell) return null;
  if (!/^[A-Z]{1,3}[1-9]\d*$/.test(issue.cell)) return null;
  const hit = sheetSources.some((s) => s.file === (issue.file ?? '') && s.sheets.includes(issue.sheet as string));
  return hit ? { sheet: issue.sheet, cell: issue.cell } : null;
}

/** Files the pane takes as workbooks. Others are still offered to the reader, which says why it can't read them. */
export function looksLikeWorkbook(name: string): boolean {
  return /\.(xlsx|xlsm)$/i.test(name);
}

/**
 * Where a newly picked file goes in the list: a file with the same name replaces the earlier one
 * (the user picked a corrected file again); others are appended. Returns the index to replace or -1.
 */
export function replaceIndex(names: readonly string[], name: string): number {
  return names.indexOf(name);
}

/** The message of an error, or the thing thrown as text. */
export function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

// ───────────────────────────── Words of the data, in the pane's language ─────────────────────────────

const PARENT_EN: [RegExp, string][] = [
  [/^toàn huyện$/i, 'Whole district'],
  [/^toàn tỉnh$/i, 'Whole province'],
  [/^toàn thành phố$/i, 'Whole city'],
  [/^toàn thị xã$/i, 'Whole town'],
  [/^toàn quận$/i, 'Whole district'],
  [/^toàn xã$/i, 'Whole commune'],
];

/** The parent's label as the pane shows it: "Toàn huyện" → "Whole district" in English; a proper name stays. */
export function parentText(parent: string, lang: 'vi' | 'en'): string {
  if (lang === 'vi') return parent;
  const p = parent.normalize('NFC').trim();
  for (const [re, en] of PARENT_EN) if (re.test(p)) return en;
  return parent;
}

const UNIT_EN: Record<string, string> = {
  'xã': 'communes',
  'hộ': 'households',
  'người': 'people',
  'lượt người': 'visits',
  'lao động': 'workers',
  'triệu đồng': 'million VND',
  'tỷ đồng': 'billion VND',
  'nghìn đồng': 'thousand VND',
  'đồng': 'VND',
  'tấn': 'tonnes',
  'tạ': 'quintals',
  'con': 'head',
  'cây': 'trees',
  'công trình': 'works',
  'trường': 'schools',
  'thôn': 'villages',
  'km': 'km',
  'ha': 'ha',
  'm2': 'm²',
  'm²': 'm²',
  'm3': 'm³',
  '%': '%',
  'doanh nghiệp': 'enterprises',
  'hợp tác xã': 'cooperatives',
  'ca': 'cases',
  'vụ': 'cases',
  'trẻ': 'children',
  'học sinh': 'pupils',
  'giường': 'beds',
  'bác sĩ': 'doctors',
  'nhà': 'houses',
  'căn': 'houses',
};

/** A unit as the pane shows it: the common Vietnamese units in English when the pane is; others as written. */
export function unitText(unit: string, lang: 'vi' | 'en'): string {
  if (lang === 'vi' || !unit) return unit;
  return UNIT_EN[unit.normalize('NFC').trim().toLowerCase()] ?? unit;
}

/** A yes/no indicator of one commune: the plan combines it as "Số xã đạt" (count of communes meeting it). */
export function isYesNo(aggregation: string | undefined): boolean {
  return !!aggregation && /^số xã đạt$|^count/i.test(aggregation.normalize('NFC').trim());
}

function indicatorKey(s: Pick<Shortfall, 'code' | 'name'>): string {
  return s.code ?? `#${s.name}`;
}

/**
 * What is left after the shortfalls shown: how many OTHER indicators are behind (each counted once, however
 * many communes), and how many further rows (commune × indicator) belong to indicators already shown.
 */
export function moreBehind(all: readonly Shortfall[], shown: readonly Shortfall[]): { indicators: number; rows: number } {
  const seen = new Set(shown.map(indicatorKey));
  const others = new Set<string>();
  let rows = 0;
  const shownSet = new Set(shown);
  for (const s of all) {
    if (shownSet.has(s)) continue;
    const k = indicatorKey(s);
    if (seen.has(k)) rows++;
    else others.add(k);
  }
  return { indicators: others.size, rows };
}

/**
 * Report periods (kỳ báo cáo) written in titles and headers:
 *   "tháng 4 năm 2020" → month 4; "quý II/2020", "Quý I năm 2020" → quarter (months 3q);
 *   "6 tháng đầu năm 2020" → half (6); "9 tháng năm 2021" → nine (9); "năm 2020", "cả năm" → year (12);
 *   "Lũy kế 3 tháng", "3 tháng đầu năm" → n months (3 → quarter I, 12 → year, others → month n).
 * "ước", "ước thực hiện", "ước tính" mark an estimate. Dates are not periods: "Thanh Lâm, ngày 23 tháng 3
 * năm 2020" and "20/3/2020" are removed before looking. "Q1" abbreviations are not read (a sheet named
 * "BC Q1" is no period).
 */
import type { Period, PeriodKind } from '../types';
import { stripMarks } from '../util/text';

const ROMAN = ['', 'I', 'II', 'III', 'IV'];
const ROMAN_VALUE: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4, '1': 1, '2': 2, '3': 3, '4': 4 };

/** The Vietnamese label of a period: "tháng 4 năm 2020", "quý I năm 2020", "6 tháng đầu năm 2020", "9 tháng năm 2021", "năm 2020". */
export function periodLabel(p: Pick<Period, 'kind' | 'year' | 'months' | 'index'>): string {
  const y = p.year;
  switch (p.kind) {
    case 'month':
      return `tháng ${p.index ?? p.months}${y ? ` năm ${y}` : ''}`;
    case 'quarter':
      return `quý ${ROMAN[p.index ?? Math.round(p.months / 3)] ?? p.index}${y ? ` năm ${y}` : ''}`;
    case 'half':
      return `6 tháng đầu năm${y ? ` ${y}` : ''}`;
    case 'nine':
      return `9 tháng${y ? ` năm ${y}` : ''}`;
    case 'year':
      return y ? `năm ${y}` : 'cả năm';
  }
}

function make(kind: PeriodKind, months: number, year: number | null, index?: number, estimate?: boolean): Period {
  const p: Period = { year, months, kind, label: '' };
  if (index !== undefined) p.index = index;
  p.label = periodLabel(p);
  if (estimate) p.estimate = true;
  return p;
}

/** The period covering the first `months` months of `year`: 3 → quý I, 6 → 6 tháng, 9 → 9 tháng, 12 → năm, else tháng m. */
export function periodFromMonths(year: number | null, months: number, estimate?: boolean): Period {
  if (months === 3) return make('quarter', 3, year, 1, estimate);
  if (months === 6) return make('half', 6, year, undefined, estimate);
  if (months === 9) return make('nine', 9, year, undefined, estimate);
  if (months === 12) return make('year', 12, year, undefined, estimate);
  return make('month', months, year, months, estimate);
}

/** A key that is equal for the same period: "2020-3". Labels may differ ("tháng 3" / "quý I") for the same months. */
export function periodKey(p: Pick<Period, 'year' | 'months'>): string {
  return `${p.year ?? '?'}-${p.months}`;
}

const DATE_WORDS = /\bngay\s*[\d.…_\s]*thang\s*[\d.…_\s]*nam\s*(?:\d{4})?/g;
const DATE_NUMERIC = /\b\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}\b/g;
const DOC_NUMBER = /\b(?:so\s*:?\s*)?\d+\s*\/\s*[a-z]+(?:-[a-z]+)*\b/g;
const ESTIMATE = /\buoc\b/;
const NINE = /\b(?:9|chin)\s+thang\b/;
const HALF = /\b(?:6|sau)\s+thang\b(?!\s+cuoi)/;
const QUARTER = /\bquy\s*(iv|iii|ii|i|[1-4])\b/;
const N_MONTHS = /\b(\d{1,2})\s+thang\b(?!\s+cuoi)/;
const MONTH = /\bthang\s*(\d{1,2})\b/;
const YEAR_KIND = /\b(?:ca\s+)?nam\s+((?:19|20)\d{2})\b|\bca\s+nam\b/;
const YEAR = /(?:^|\D)((?:19|20)\d{2})(?!\d)/;

function findYear(g: string, after: number): number | null {
  const m = YEAR.exec(g.slice(after)) ?? YEAR.exec(g);
  return m ? Number(m[1]) : null;
}

const ESTIMATE_RAW = /(?:^|[^\p{L}\p{M}])(?:ước|uoc)(?![\p{L}\p{M}])/iu;

/** Whether a text says "ước" (estimate), with or without diacritics. */
export function saysEstimate(text: string): boolean {
  return ESTIMATE_RAW.test(text.normalize('NFC'));
}

/** Read a period from a title or header text; null when the text names none. */
export function parsePeriod(text: string): Period | null {
  if (!text) return null;
  let g = stripMarks(text.normalize('NFC')).replace(/\s+/g, ' ');
  if (!/thang|quy|nam/.test(g)) return null;
  g = g.replace(DATE_WORDS, ' ').replace(DATE_NUMERIC, ' ').replace(DOC_NUMBER, ' ');
  const estimate = ESTIMATE.test(g);
  let m: RegExpExecArray | null;
  if ((m = NINE.exec(g))) return make('nine', 9, findYear(g, m.index), undefined, estimate);
  if ((m = HALF.exec(g))) return make('half', 6, findYear(g, m.index), undefined, estimate);
  if ((m = QUARTER.exec(g))) {
    const q = ROMAN_VALUE[m[1]];
    return make('quarter', q * 3, findYear(g, m.index + m[0].length), q, estimate);
  }
  if ((m = N_MONTHS.exec(g))) {
    const n = Number(m[1]);
    if (n >= 1 && n <= 12) return periodFromMonths(findYear(g, m.index + m[0].length), n, estimate);
  }
  if ((m = MONTH.exec(g))) {
    const n = Number(m[1]);
    if (n >= 1 && n <= 12) return make('month', n, findYear(g, m.index + m[0].length), n, estimate);
  }
  if ((m = YEAR_KIND.exec(g))) {
    const y = m[1] ? Number(m[1]) : findYear(g, m.index);
    return make('year', 12, y, undefined, estimate);
  }
  return null;
}

// ───────────────────────────── periods written as dates ─────────────────────────────

const DATE_ANY = /\b(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*((?:19|20)\d{2})\b|\b((?:19|20)\d{2})-(\d{2})-(\d{2})\b/g;
const END_WORDS = /\b(?:den(?: het)?(?: ngay)?|tinh den(?: ngay)?|luy ke den(?: ngay)?|toi ngay)\s*:?\s*$/;
const START_WORDS = /\btu(?: ngay)?\s*:?\s*$/;

interface DayDate { d: number; m: number; y: number }

function daysIn(m: number, y: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/**
 * A period written only as dates: "(Từ ngày 01/01/2020 đến ngày 30/6/2020)" → 6 tháng đầu năm 2020;
 * "Số liệu tính đến ngày 30/09/2021" → 9 tháng năm 2021; "Lũy kế đến ngày 30/9/2020"; date cells read as
 * "2020-09-30". The end date must follow "đến" / "tính đến"; a start date after "từ" other than 1 January makes a
 * quarter or a month. An end date that is not the end of its month counts up to the month before when it falls
 * in the first half (`partial` says so).
 */
export function periodFromDates(text: string): (Period & { partial?: boolean }) | null {
  if (!text) return null;
  const g = stripMarks(text.normalize('NFC')).replace(/\s+/g, ' ');
  let start: DayDate | null = null;
  let end: DayDate | null = null;
  DATE_ANY.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = DATE_ANY.exec(g))) {
    const dt: DayDate = m[1] ? { d: +m[1], m: +m[2], y: +m[3] } : { d: +m[6], m: +m[5], y: +m[4] };
    if (dt.m < 1 || dt.m > 12 || dt.d < 1 || dt.d > 31) continue;
    const before = g.slice(Math.max(0, m.index - 30), m.index);
    if (END_WORDS.test(before)) end = dt;
    else if (START_WORDS.test(before)) start = dt;
  }
  if (!end) return null;
  if (start && start.y !== end.y) return null;
  let months = end.m;
  let partial = false;
  if (end.d < daysIn(end.m, end.y)) {
    partial = true;
    if (end.d < 15) months = end.m - 1;
  }
  if (months < 1) return null;
  const estimate = ESTIMATE.test(g);
  let p: Period;
  const from = start && !(start.d === 1 && start.m === 1) ? start.m : 1;
  if (from > 1 && start && start.d === 1 && months - from === 2 && from % 3 === 1) p = make('quarter', months, end.y, (from + 2) / 3, estimate);
  else if (from > 1 && start && start.d === 1 && months === from) p = make('month', months, end.y, months, estimate);
  else if (from > 1) return null;
  else p = periodFromMonths(end.y, months, estimate);
  return partial ? { ...p, partial } : p;
}

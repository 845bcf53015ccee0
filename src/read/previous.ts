/**
 * Last year's files (FORMATS.md "Last year's files and the 2025 merger") → PreviousReports, one per unit:
 *  - a commune report of last year, read by the same reader (readCommune, every hard quirk included): its actual is
 *    this year's previous;
 *  - a plain parent-level table (a report whose title names no commune, or names a district / province): the
 *    parent's figures of last year;
 *  - a consolidated workbook written by tonghop (recognised by its mark, src/xlsx/marker.ts): its "Chi tiết xã" /
 *    "By commune" sheet gives the parent's actual and every commune's (readConsolidated).
 * Pure functions of Grids.
 */
import type { CommuneReport, CommuneRow, Grid, Period, Plan, PreviousReport } from '../types';
import { cellAddress } from '../util/address';
import { foldWords, stripNumbering, tidy } from '../util/text';
import { parsePeriod } from './period';
import { readCellNumber } from './numbers';
import { cellText, rowAt } from './table';

/** The plan the reader of last year's files recognises names with: this year's communes and the old ones of "Sáp nhập". */
export function previousPlan(plan: Plan | null): Plan | null {
  if (!plan) return null;
  const olds = (plan.merger ?? []).map((m) => m.oldName);
  return { ...plan, communes: [...new Set([...plan.communes, ...olds])] };
}

/** A name that is a district, a province or "Toàn …", not a commune. */
export function isParentName(name: string | null | undefined): boolean {
  const f = foldWords(name ?? '');
  return /^(?:toan|ca|tong|ubnd|uy ban nhan dan)?\s*(?:huyen|tinh|thanh pho|quan|thi xa|don vi)\b/.test(f) || /^(?:toan|ca) /.test(f);
}

/** A commune report of last year as a PreviousReport: the parent's when no commune is named (a plain parent-level table). */
export function previousFromCommune(rep: CommuneReport): PreviousReport {
  const parent = !rep.commune || isParentName(rep.commune);
  return {
    file: rep.file,
    commune: parent ? null : rep.commune,
    kind: parent ? 'table' : 'report',
    period: rep.period,
    rows: rep.rows,
    // a parent-level table names no commune: that is not a problem here
    issues: parent ? rep.issues.filter((i) => i.code !== 'no_commune') : rep.issues,
  };
}

const DETAIL_NAMES = new Set(['chi tiet xa', 'by commune']);

const MONTHS_EN = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** The period line of an English output ("Period: First half of 2024", "Q1 2024", "April 2024", "Year 2024"), or a Vietnamese one. */
export function outputPeriod(text: string): Period | null {
  const t = text.replace(/^[^:]*:\s*/, '').trim();
  const vi = parsePeriod(t);
  if (vi) return vi;
  const f = t.toLowerCase();
  const y = /(\d{4})/.exec(f);
  const year = y ? Number(y[1]) : null;
  const estimate = /\(estimate\)/.test(f);
  const mk = (kind: Period['kind'], months: number, label: string, index?: number): Period => ({ year, months, kind, label, ...(index ? { index } : {}), ...(estimate ? { estimate } : {}) });
  const ys = year ? ` năm ${year}` : '';
  let m: RegExpExecArray | null;
  if ((m = /^q([1-4])\b/.exec(f))) return mk('quarter', Number(m[1]) * 3, `quý ${['I', 'II', 'III', 'IV'][Number(m[1]) - 1]}${ys}`, Number(m[1]));
  if (/^first half\b/.test(f)) return mk('half', 6, `6 tháng đầu năm${year ? ` ${year}` : ''}`);
  if (/^first nine months\b/.test(f)) return mk('nine', 9, `9 tháng${ys}`);
  if (/^year\b/.test(f)) return mk('year', 12, `năm${year ? ` ${year}` : ''}`);
  const mi = MONTHS_EN.findIndex((x) => f.startsWith(x));
  if (mi >= 0) return mk('month', mi + 1, `tháng ${mi + 1}${ys}`, mi + 1);
  return null;
}

/**
 * The "Chi tiết xã" sheet of a consolidated workbook written by tonghop: a header row "STT | Mã số | Chỉ tiêu | ĐVT |
 * Tiến độ yêu cầu (%) | <parent> | | <commune> | …" over "Thực hiện | % KH" pairs; the first pair is the parent's.
 * One PreviousReport per unit (the parent's with commune null); null when the workbook has no such sheet.
 */
export function readConsolidated(grids: Grid[], file: string): PreviousReport[] | null {
  const grid = grids.find((g) => DETAIL_NAMES.has(foldWords(g.sheet)));
  if (!grid) return null;
  let period: Period | null = null;
  let header = -1;
  for (let r = 0; r < Math.min(grid.rows.length, 15) && header < 0; r++) {
    const texts = rowAt(grid, r).map(cellText);
    const f = texts.map(foldWords);
    if ((f[2] === 'chi tieu' || f[2] === 'indicator') && (f[1] === 'ma so' || f[1] === 'code')) header = r;
    else for (const t of texts) period = period ?? (t ? outputPeriod(t) : null);
  }
  if (header < 0) return null;
  const names = rowAt(grid, header);
  const units: { c: number; name: string }[] = [];
  for (let c = 5; c < names.length; c += 2) {
    const n = tidy(cellText(names[c]));
    if (n) units.push({ c, name: n });
  }
  const out: PreviousReport[] = units.map((u, k) => ({ file, commune: k === 0 ? null : u.name, kind: 'consolidated', period, rows: [], issues: [] }));
  for (let r = header + 2; r < grid.rows.length; r++) {
    const row = rowAt(grid, r);
    const name = tidy(stripNumbering(cellText(row[2])));
    if (!name) break;
    const code = tidy(cellText(row[1])) || null;
    const unit = tidy(cellText(row[3])) || null;
    units.forEach((u, k) => {
      const n = readCellNumber(row[u.c], unit ?? '');
      if (n.value === null) return;
      const r1: CommuneRow = {
        code, name, unit, target: null, previous: null, estimate: false, sheet: grid.sheet, row: r + 1,
        actual: { value: n.value, raw: row[u.c]?.v ?? null, cell: cellAddress(r, u.c) },
      };
      out[k].rows.push(r1);
    });
  }
  return out;
}

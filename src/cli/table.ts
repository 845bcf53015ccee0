/**
 * The short summary printed after a run: one line per indicator (code, name, % KH, expected %,
 * status word), then counts and output paths. Plain text, aligned in a monospace terminal.
 */
import type { Lang, Report } from '../types';
import { formatPct } from '../util/format';
import { communeCoverage, statusLabel } from '../write/labels';

/** Display width: one column per code point after NFC (Vietnamese letters are single code points in NFC). */
export function textWidth(s: string): number {
  return [...s.normalize('NFC')].length;
}

function fit(s: string, width: number): string {
  const chars = [...s.normalize('NFC')];
  if (chars.length > width) return chars.slice(0, Math.max(0, width - 1)).join('') + '…';
  return s.normalize('NFC');
}

function pad(s: string, width: number, right = false): string {
  const t = fit(s, width);
  const n = Math.max(0, width - textWidth(t));
  return right ? ' '.repeat(n) + t : t + ' '.repeat(n);
}

export interface SummaryOptions {
  lang: Lang;
  outputs: string[];
  /** Maximum width of the name column. */
  nameWidth?: number;
}

const WORDS = {
  vi: {
    code: 'Mã',
    name: 'Chỉ tiêu',
    pct: '% KH',
    expected: 'Cần đạt',
    status: 'Đánh giá',
    parent: (p: string) => `Kết quả ${p.toLowerCase().startsWith('toàn') ? p.charAt(0).toLowerCase() + p.slice(1) : p}`,
    period: 'Kỳ báo cáo',
    communes: 'Số xã đã đọc',
    missing: 'Chưa có báo cáo',
    unused: 'Tệp không được tổng hợp (xem sheet Kiểm tra dữ liệu)',
    unreadable: 'Tệp không đọc được (không tính là xã)',
    skipped: (n: number) => `Bỏ qua ${n} tệp (tệp khóa, tệp ẩn, bảng tổng hợp cũ…; xem sheet Kiểm tra dữ liệu)`,
    shortfalls: 'Chậm tiến độ (xã hoặc toàn đơn vị × chỉ tiêu)',
    issues: (e: number, w: number) => `Lỗi: ${e}, cảnh báo: ${w}`,
    written: 'Đã ghi',
  },
  en: {
    code: 'Code',
    name: 'Indicator',
    pct: '% of plan',
    expected: 'Expected',
    status: 'Status',
    parent: (p: string) => `Result for ${p}`,
    period: 'Period',
    communes: 'Communes read',
    missing: 'No report from',
    unused: 'Files not consolidated (see the Data check sheet)',
    unreadable: 'Files that could not be read (not counted as communes)',
    skipped: (n: number) => `Skipped ${n} file(s) (lock files, hidden files, earlier outputs…; see the data-check sheet)`,
    shortfalls: 'Shortfalls (commune or whole unit × indicator)',
    issues: (e: number, w: number) => `Errors: ${e}, warnings: ${w}`,
    written: 'Written',
  },
};

/** The summary as lines of text (no trailing newline). */
export function summaryLines(report: Report, opt: SummaryOptions): string[] {
  const w = WORDS[opt.lang];
  const nameWidth = opt.nameWidth ?? 44;
  const codeWidth = Math.max(textWidth(w.code), ...report.indicators.map((i) => textWidth(i.code ?? '')), 2);
  const pctWidth = Math.max(textWidth(w.pct), 7);
  const expWidth = Math.max(textWidth(w.expected), 6);
  const nameCol = Math.min(nameWidth, Math.max(textWidth(w.name), ...report.indicators.map((i) => textWidth(i.name))));

  const lines: string[] = [];
  lines.push(`${w.parent(report.parent)} — ${w.period}: ${report.period.label}`);
  lines.push('');
  const header = [pad(w.code, codeWidth), pad(w.name, nameCol), pad(w.pct, pctWidth, true), pad(w.expected, expWidth, true), w.status].join('  ');
  lines.push(header);
  lines.push('─'.repeat(textWidth(header) + 8));
  for (const ind of report.indicators) {
    lines.push(
      [
        pad(ind.code ?? '', codeWidth),
        pad(ind.name, nameCol),
        pad(formatPct(ind.completionPct, 1, opt.lang), pctWidth, true),
        pad(ind.status === 'no_data' || ind.status === 'no_target' ? '' : formatPct(ind.expectedPct, 0, opt.lang), expWidth, true),
        statusLabel(ind.status, opt.lang),
      ].join('  ').trimEnd(),
    );
  }
  lines.push('');

  const { reported, missing, unusedFiles } = communeCoverage(report);
  const errors = report.issues.filter((i) => i.severity === 'error').length;
  const warnings = report.issues.filter((i) => i.severity === 'warning').length;
  const total = reported.length + missing.length;
  lines.push(`${w.communes}: ${reported.length}${missing.length ? `/${total}` : ''}`);
  if (missing.length) lines.push(`${w.missing}: ${missing.map((c) => c.name).join(', ')}`);
  if (unusedFiles.length) lines.push(`${w.unused}: ${unusedFiles.join(', ')}`);
  const unreadable = (report.files ?? []).filter((f) => f.status === 'unreadable');
  if (unreadable.length) lines.push(`${w.unreadable}: ${unreadable.map((f) => f.file).join(', ')}`);
  const skipped = (report.files ?? []).filter((f) => f.status === 'skipped');
  if (skipped.length) lines.push(w.skipped(skipped.length));
  lines.push(`${w.shortfalls}: ${report.shortfalls.length}`);
  lines.push(w.issues(errors, warnings));
  for (const o of opt.outputs) lines.push(`${w.written}: ${o}`);
  return lines;
}

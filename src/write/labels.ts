/**
 * Every word the output shows, in Vietnamese and English. Other shells (command line table,
 * task pane) take their status and sheet words from here, so the same thing is always called
 * the same name.
 */
import type { Issue, Lang, Report, ReportCommune, Severity, Status } from '../types';

type Bi = { vi: string; en: string };

const STATUS: Record<Status, Bi> = {
  met: { vi: 'Đạt', en: 'Met' },
  on_track: { vi: 'Đúng tiến độ', en: 'On track' },
  behind: { vi: 'Chậm tiến độ', en: 'Behind' },
  no_target: { vi: 'Không có KH', en: 'No target' },
  no_data: { vi: 'Thiếu số liệu', en: 'No data' },
};

/** "Đạt" / "Met", "Chậm tiến độ" / "Behind", ... */
export function statusLabel(status: Status, lang: Lang = 'vi'): string {
  return (STATUS[status] ?? { vi: String(status), en: String(status) })[lang];
}

/** Every status, in the order they are listed in legends. */
export const STATUSES: readonly Status[] = ['met', 'on_track', 'behind', 'no_target', 'no_data'];

const SEVERITY: Record<Severity, Bi> = {
  error: { vi: 'Lỗi', en: 'Error' },
  warning: { vi: 'Cảnh báo', en: 'Warning' },
  info: { vi: 'Thông tin', en: 'Info' },
};

/** "Lỗi" / "Error", "Cảnh báo" / "Warning", "Thông tin" / "Info". */
export function severityLabel(severity: Severity, lang: Lang = 'vi'): string {
  return (SEVERITY[severity] ?? { vi: String(severity), en: String(severity) })[lang];
}

export type SheetKey = 'summary' | 'detail' | 'shortfalls' | 'issues' | 'sources' | 'report';

/** The keys of the output sheets, in the order they are written. */
export const SHEET_KEYS: readonly SheetKey[] = ['summary', 'detail', 'shortfalls', 'issues', 'sources', 'report'];

const SHEETS: Record<SheetKey, Bi> = {
  summary: { vi: 'Tổng hợp', en: 'Summary' },
  detail: { vi: 'Chi tiết xã', en: 'By commune' },
  shortfalls: { vi: 'Chưa đạt', en: 'Shortfalls' },
  issues: { vi: 'Kiểm tra dữ liệu', en: 'Data check' },
  sources: { vi: 'Nguồn', en: 'Sources' },
  report: { vi: 'Báo cáo', en: 'Report' },
};

/** Names of the output sheets by key. */
export function sheetNames(lang: Lang = 'vi'): Record<SheetKey, string> {
  const out = {} as Record<SheetKey, string>;
  for (const k of SHEET_KEYS) out[k] = SHEETS[k][lang];
  return out;
}

/** Column headers and other fixed words of the output. */
const WORDS = {
  // titles
  summaryTitle: {
    vi: 'TỔNG HỢP KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI',
    en: 'CONSOLIDATED RESULTS OF SOCIO-ECONOMIC INDICATORS',
  },
  detailTitle: {
    vi: 'KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU THEO TỪNG XÃ',
    en: 'INDICATOR RESULTS BY COMMUNE',
  },
  shortfallsTitle: {
    vi: 'CÁC CHỈ TIÊU CHẬM TIẾN ĐỘ SO VỚI KẾ HOẠCH',
    en: 'INDICATORS BEHIND THE PLAN',
  },
  issuesTitle: { vi: 'KIỂM TRA DỮ LIỆU', en: 'DATA CHECK' },
  sourcesTitle: { vi: 'NGUỒN SỐ LIỆU', en: 'DATA SOURCES' },
  readingTitle: { vi: 'CÁCH ĐỌC TỪNG TỆP (mọi lựa chọn có thể khác đi)', en: 'HOW EACH FILE WAS READ (every choice that could have gone another way)' },
  unreadableFile: { vi: 'Tệp không đọc được', en: 'File not readable' },
  readingWhat: { vi: 'Nội dung', en: 'What' },
  readingDetail: { vi: 'Đã chọn', en: 'Chosen' },
  madeOn: { vi: 'Lập ngày', en: 'Made on' },
  periodPrefix: { vi: 'Kỳ báo cáo', en: 'Period' },
  // columns
  no: { vi: 'STT', en: 'No.' },
  code: { vi: 'Mã số', en: 'Code' },
  indicator: { vi: 'Chỉ tiêu', en: 'Indicator' },
  unit: { vi: 'ĐVT', en: 'Unit' },
  target: { vi: 'Kế hoạch năm', en: 'Annual target' },
  actual: { vi: 'Thực hiện', en: 'Actual' },
  completionPct: { vi: '% KH', en: '% of target' },
  expectedPct: { vi: 'Tiến độ yêu cầu (%)', en: 'Expected progress (%)' },
  previous: { vi: 'Cùng kỳ', en: 'Same period last year' },
  changePct: { vi: 'So cùng kỳ (%)', en: 'Vs. last year (%)' },
  status: { vi: 'Đánh giá', en: 'Assessment' },
  behindCount: { vi: 'Số xã chậm tiến độ', en: 'Communes behind' },
  unitName: { vi: 'Đơn vị', en: 'Reporting unit' },
  gap: { vi: 'Còn thiếu', en: 'Gap' },
  severity: { vi: 'Mức độ', en: 'Severity' },
  file: { vi: 'Tệp', en: 'File' },
  sheet: { vi: 'Sheet', en: 'Sheet' },
  cell: { vi: 'Ô', en: 'Cell' },
  issueCode: { vi: 'Mã lỗi', en: 'Code' },
  message: { vi: 'Nội dung', en: 'Message' },
  period: { vi: 'Kỳ báo cáo', en: 'Period' },
  sheetsUsed: { vi: 'Sheet đã dùng', en: 'Sheets used' },
  valuesRead: { vi: 'Số giá trị đọc được', en: 'Values read' },
  issueCount: { vi: 'Số vấn đề', en: 'Issues' },
  // rows / notes
  noShortfalls: { vi: 'Không có chỉ tiêu chậm tiến độ', en: 'No indicator is behind' },
  noIssues: { vi: 'Không phát hiện vấn đề nào trong dữ liệu', en: 'No problem found in the data' },
  noReport: { vi: 'Chưa có báo cáo', en: 'No report received' },
  fileNotUsed: { vi: 'không được tổng hợp (xem Kiểm tra dữ liệu)', en: 'not consolidated (see Data check)' },
  planFile: { vi: 'Kế hoạch', en: 'Plan' },
  noPlan: { vi: 'Không có tệp kế hoạch', en: 'No plan file' },
  noIndicators: { vi: 'Không có chỉ tiêu nào', en: 'No indicators' },
  chartTitle: { vi: 'Tỷ lệ thực hiện so với kế hoạch năm (%)', en: 'Completion of the annual target (%)' },
  legend: { vi: 'Chú thích', en: 'Legend' },
  page: { vi: 'Trang', en: 'Page' },
  preparer: { vi: 'NGƯỜI LẬP BIỂU', en: 'PREPARED BY' },
  head: { vi: 'THỦ TRƯỞNG ĐƠN VỊ', en: 'HEAD OF UNIT' },
  signNote: { vi: '(Ký, ghi rõ họ tên)', en: '(Signature, full name)' },
  sealNote: { vi: '(Ký tên, đóng dấu)', en: '(Signature, seal)' },
} satisfies Record<string, Bi>;

export type WordKey = keyof typeof WORDS;

/** A fixed word of the output: label('target', 'vi') → "Kế hoạch năm". */
export function label(key: WordKey, lang: Lang = 'vi'): string {
  return WORDS[key][lang];
}

/** Column headers of the summary sheet, in order (A..L). */
export function summaryHeaders(lang: Lang = 'vi'): string[] {
  return (['no', 'code', 'indicator', 'unit', 'target', 'actual', 'completionPct', 'expectedPct', 'previous', 'changePct', 'status', 'behindCount'] as WordKey[]).map((k) => label(k, lang));
}

/** Column headers of the shortfalls sheet, in order. */
export function shortfallHeaders(lang: Lang = 'vi'): string[] {
  return (['no', 'unitName', 'code', 'indicator', 'unit', 'target', 'actual', 'completionPct', 'expectedPct', 'gap'] as WordKey[]).map((k) => label(k, lang));
}

/** Column headers of the issues sheet, in order. */
export function issueHeaders(lang: Lang = 'vi'): string[] {
  return (['no', 'severity', 'file', 'sheet', 'cell', 'issueCode', 'message'] as WordKey[]).map((k) => label(k, lang));
}

/** Column headers of the sources sheet, in order. */
export function sourceHeaders(lang: Lang = 'vi'): string[] {
  return (['no', 'unitName', 'file', 'period', 'sheetsUsed', 'valuesRead', 'issueCount'] as WordKey[]).map((k) => label(k, lang));
}

const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4 };
const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * The period's label in the chosen language. Vietnamese: the report's own label.
 * English: made from the Vietnamese label ("quý II năm 2020" → "Q2 2020", "6 tháng đầu năm 2020" →
 * "First half of 2020"), else from the months covered.
 */
export function periodLabel(period: { year: number | null; months: number; label: string }, lang: Lang = 'vi'): string {
  if (lang === 'vi') return period.label || (period.year ? `${period.months} tháng năm ${period.year}` : `${period.months} tháng`);
  const lab = (period.label ?? '').normalize('NFC').toLowerCase();
  const y = period.year ?? (/(\d{4})/.exec(lab) ? Number(/(\d{4})/.exec(lab)![1]) : null);
  const ys = y ? ` ${y}` : '';
  const est = /ước/.test(lab) ? ' (estimate)' : '';
  let m: RegExpExecArray | null;
  let out: string;
  if ((m = /quý\s+(iv|iii|ii|i|[1-4])\b/.exec(lab))) {
    const q = ROMAN[m[1]] ?? Number(m[1]);
    out = `Q${q}${ys}`;
  } else if (/6\s*tháng/.test(lab) || /nửa năm|sáu tháng/.test(lab)) {
    out = `First half of${ys}`.trim();
  } else if (/9\s*tháng|chín tháng/.test(lab)) {
    out = `First nine months of${ys}`.trim();
  } else if ((m = /tháng\s+(\d{1,2})\b/.exec(lab)) && Number(m[1]) >= 1 && Number(m[1]) <= 12) {
    out = `${MONTHS_EN[Number(m[1]) - 1]}${ys}`;
  } else if (/^\s*(?:ước\s+(?:thực hiện\s+)?)?(?:cả\s+)?năm\b/.test(lab) || period.months === 12) {
    out = `Year${ys}`;
  } else {
    out = `${period.months} months${y ? ` of ${y}` : ''}`;
  }
  return out + est;
}

/**
 * "dd/mm/yyyy" of the ISO date-time the report was made. A time in UTC ("…Z") is shown in Vietnam's
 * time (UTC+7, no daylight saving), a time with its own offset as written. "" when not a date.
 */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const s = String(iso).trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(s);
  if (!m) return '';
  let [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (m[7] && m[7].toUpperCase() === 'Z' && m[4] !== undefined) {
    const t = Date.UTC(y, mo - 1, d, Number(m[4]), Number(m[5]), Number(m[6] ?? 0)) + 7 * 3600_000;
    const dt = new Date(t);
    [y, mo, d] = [dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate()];
  }
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${p2(d)}/${p2(mo)}/${y}`;
}

/** An issue's message in the chosen language (the other language when that one is empty). */
export function issueMessage(issue: Pick<Issue, 'message' | 'messageEn'>, lang: Lang = 'vi'): string {
  return lang === 'en' ? issue.messageEn || issue.message : issue.message || issue.messageEn;
}

/**
 * Which communes sent a report that was used, which have none used (no file, or only a file not consolidated: of
 * another period, its commune not found), and the files not consolidated (a second file of one commune among
 * them): a commune whose report was used is never said to have none because another file of it was left out.
 */
export function communeCoverage(report: Report): { reported: ReportCommune[]; missing: ReportCommune[]; unusedFiles: string[] } {
  const reported = report.communes.filter((c) => c.reported !== false && !!c.file);
  // names of the communes with a report used, then of those already said to have none
  const named = new Set(reported.map((c) => c.name));
  const missing: ReportCommune[] = [];
  for (const c of report.communes) {
    if ((c.reported !== false && c.file) || named.has(c.name)) continue;
    named.add(c.name);
    missing.push(c);
  }
  const unusedFiles = report.communes.filter((c) => c.reported === false && !!c.file).map((c) => c.file as string);
  return { reported, missing, unusedFiles };
}

/**
 * The reading record of a file (ReadingRecord) as lines a statistician reads: which sheets and tables were
 * used or skipped, which header gave the target / actual / previous, the number style, where the period and
 * the commune's name came from, units taken from names, total rows skipped, reworded names matched.
 * Used by the "Nguồn" sheet and the task pane's source details. Pure; Vietnamese or English.
 */
import type { Lang, ReadingRecord } from '../types';

export interface ReadingLine {
  /** What was chosen: "Bảng", "Cách viết số", "Kỳ báo cáo" … */
  what: string;
  detail: string;
}

const W = {
  skipped: { vi: 'Sheet không dùng', en: 'Sheet not used' },
  table: { vi: 'Bảng', en: 'Table' },
  style: { vi: 'Cách viết số', en: 'Number style' },
  period: { vi: 'Kỳ báo cáo đọc từ', en: 'Period read from' },
  commune: { vi: 'Tên xã đọc từ', en: 'Commune read from' },
  totals: { vi: 'Dòng tổng bỏ qua', en: 'Total rows skipped' },
  unit: { vi: 'Đơn vị lấy từ tên', en: 'Unit taken from the name' },
  match: { vi: 'Tên chỉ tiêu viết khác', en: 'Reworded indicator' },
};

const WHY: Record<ReadingRecord['skippedSheets'][number]['why'], { vi: string; en: string }> = {
  hidden: { vi: 'sheet ẩn', en: 'hidden sheet' },
  veryHidden: { vi: 'sheet ẩn hẳn', en: 'very hidden sheet' },
  no_table: { vi: 'không có bảng chỉ tiêu', en: 'no indicator table' },
  empty: { vi: 'trống', en: 'empty' },
};

const ROLE: Record<string, { vi: string; en: string }> = {
  target: { vi: 'Kế hoạch', en: 'Target' },
  actual: { vi: 'Thực hiện', en: 'Actual' },
  previous: { vi: 'Cùng kỳ', en: 'Same period last year' },
  ratio: { vi: 'tỷ lệ', en: 'ratio' },
};

const q = (s: string) => `“${s}”`;

export function readingLines(r: ReadingRecord | undefined, lang: Lang = 'vi'): ReadingLine[] {
  if (!r) return [];
  const out: ReadingLine[] = [];
  const add = (w: { vi: string; en: string }, detail: string) => out.push({ what: w[lang], detail });
  for (const s of r.skippedSheets) add(W.skipped, `'${s.sheet}' (${WHY[s.why][lang]})`);
  for (const t of r.tables) {
    const parts: string[] = [lang === 'vi' ? `sheet '${t.sheet}', tiêu đề dòng ${t.header}, ${t.rows} dòng chỉ tiêu` : `sheet '${t.sheet}', header row(s) ${t.header}, ${t.rows} indicator rows`];
    for (const k of ['target', 'actual', 'previous'] as const) {
      const c = t[k];
      if (c) parts.push(`${ROLE[k][lang]}: ${lang === 'vi' ? 'cột' : 'column'} ${c.column} ${q(c.header)}`);
    }
    if (t.passed?.length) {
      const list = t.passed.map((p) => `${p.column} ${q(p.header)}${p.role === 'ratio' ? ` (${ROLE.ratio[lang]})` : ''}`).join(', ');
      parts.push(`${lang === 'vi' ? 'không dùng' : 'not used'}: ${list}`);
    }
    add(W.table, parts.join('; '));
  }
  const ns = r.numberStyle;
  const styleName = ns.style === 'en' ? (lang === 'vi' ? 'kiểu Anh (1,227.5)' : 'English (1,227.5)') : lang === 'vi' ? 'kiểu Việt Nam (1.227,5)' : 'Vietnamese (1.227,5)';
  const evidence = ns.evidence
    ? lang === 'vi' ? `căn cứ: ${q(ns.evidence)} ở ${ns.evidenceCell}` : `evidence: ${q(ns.evidence)} at ${ns.evidenceCell}`
    : lang === 'vi' ? 'không có số viết bằng chữ nào cho biết, giữ kiểu Việt Nam' : 'no number text shows it; Vietnamese style kept';
  const amb = ns.ambiguous ? (lang === 'vi' ? `; ${ns.ambiguous} số đọc theo kiểu này` : `; ${ns.ambiguous} texts read this way`) : '';
  add(W.style, `${styleName} — ${evidence}${amb}`);
  if (r.periodText) add(W.period, q(r.periodText));
  if (r.communeText) add(W.commune, q(r.communeText));
  if (r.totalRows.length) add(W.totals, r.totalRows.join(', '));
  for (const u of r.unitsFromNames) add(W.unit, `${u.cell}: ${q(u.name)} → ${u.unit}`);
  for (const m of r.matches ?? []) {
    add(W.match, `${m.cell}: ${q(m.written)} → ${q(m.indicator)} (${lang === 'vi' ? 'độ giống' : 'similarity'} ${Math.round(m.score * 100)}%)`);
  }
  return out;
}

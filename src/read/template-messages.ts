/**
 * The issues of reading tonghop's own report forms back (src/read/template.ts), Vietnamese first, English
 * second: that the file was read as a form, every change the commune made to it, and values typed as text.
 */
import type { Issue } from '../types';
import { communePlace, mkIssue } from '../util/issues';

export interface TemplateWhere {
  file: string;
  commune: string | null;
  sheet?: string | null;
  cell?: string | null;
}

export function templateRead(w: TemplateWhere, id: string, planFile: string, period: string, how: 'marker' | 'fingerprint'): Issue {
  const place = communePlace(w.commune, w.file);
  const byVi = how === 'marker' ? 'nhận ra nhờ dấu ẩn của mẫu' : 'nhận ra nhờ dòng "Mẫu tonghop/1" dưới tiêu đề (dấu ẩn đã mất khi lưu lại)';
  const byEn = how === 'marker' ? 'recognised by its hidden marker' : 'recognised by its "Mẫu tonghop/1" line under the title (the hidden marker was lost on re-saving)';
  return mkIssue({
    severity: 'info',
    code: 'template_read',
    vi: `${place.vi}: mẫu báo cáo do tonghop lập (mã mẫu ${id}, kế hoạch '${planFile}', kỳ ${period}), ${byVi}; đọc theo cột và Mã số của mẫu, không phải đoán`,
    en: `${place.en}: a report form made by tonghop (form ${id}, plan '${planFile}', period ${period}), ${byEn}; read by the form's columns and codes, nothing guessed`,
    file: w.file,
    sheet: w.sheet ?? null,
    commune: w.commune,
  });
}

/** One change the commune made to its form: an info issue (the figures are still read exactly). */
export function templateChanged(w: TemplateWhere, vi: string, en: string, severity: 'info' | 'warning' = 'info'): Issue {
  const place = communePlace(w.commune, w.file);
  const at = w.sheet ? { vi: `, sheet '${w.sheet}'${w.cell ? `, ô ${w.cell}` : ''}`, en: `, sheet '${w.sheet}'${w.cell ? `, cell ${w.cell}` : ''}` } : { vi: '', en: '' };
  return mkIssue({
    severity,
    code: 'template_changed',
    vi: `${place.vi}${at.vi}: mẫu đã bị sửa — ${vi}`,
    en: `${place.en}${at.en}: the form was changed — ${en}`,
    file: w.file,
    sheet: w.sheet ?? null,
    cell: w.cell ?? null,
    commune: w.commune,
  });
}

/** A value typed as text in an input cell of a form ("trên 600", "54,5"): read by the usual rules, flagged. */
export function templateTextValue(w: TemplateWhere, raw: string, value: number | null, indicator: string, note?: string): Issue {
  const place = communePlace(w.commune, w.file);
  const read = value === null ? { vi: 'không lấy được số', en: 'no number taken' } : { vi: `đọc là ${value.toLocaleString('vi-VN')}`, en: `read as ${value.toLocaleString('en-US')}` };
  const q = note ? { vi: ` (giữ lời ghi '${note}')`, en: ` (the words '${note}' kept as a note)` } : { vi: '', en: '' };
  return mkIssue({
    severity: 'warning',
    code: 'template_text_value',
    vi: `${place.vi}, sheet '${w.sheet}', ô ${w.cell}: số được gõ dạng chữ '${raw}' (chỉ tiêu ${indicator}), ${read.vi}${q.vi} — hãy nhập số vào ô`,
    en: `${place.en}, sheet '${w.sheet}', cell ${w.cell}: the number was typed as text '${raw}' (${indicator}), ${read.en}${q.en} — type a number in the cell`,
    file: w.file,
    sheet: w.sheet ?? null,
    cell: w.cell ?? null,
    commune: w.commune,
    indicator,
  });
}

/** A form sent back with nothing typed in its input cells. */
export function templateBlank(w: TemplateWhere): Issue {
  const place = communePlace(w.commune, w.file);
  return mkIssue({
    severity: 'warning',
    code: 'template_blank',
    vi: `${place.vi}: mẫu báo cáo chưa được điền — không ô Thực hiện hay Cùng kỳ nào có số liệu`,
    en: `${place.en}: the report form was not filled in — no actual or same-period cell holds a value`,
    file: w.file,
    sheet: w.sheet ?? null,
    commune: w.commune,
  });
}

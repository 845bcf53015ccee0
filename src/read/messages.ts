/**
 * The issues of read/ (commune workbooks), one function per code, Vietnamese first, English second: cells that
 * give no number, sheets and files without a table, names and periods in conflict, and the reader's choices
 * where the evidence is thin (FORMATS.md "Never silently wrong"): a hidden sheet skipped, the number style, a
 * period read from a date. Each names the file, and the sheet and cell where there is one.
 */
import type { Issue } from '../types';
import { cellAddress } from '../util/address';
import { communePlace, mkIssue } from '../util/issues';
import type { StyleVerdict } from './numbers';

type Place = { vi: string; en: string };

export function hiddenSheet(place: Place, file: string, sheet: string, state: 'hidden' | 'veryHidden', commune: string | null): Issue {
  const vi = state === 'veryHidden' ? 'bị ẩn hẳn (veryHidden)' : 'bị ẩn';
  const en = state === 'veryHidden' ? 'very hidden' : 'hidden';
  return mkIssue({
    severity: 'info',
    code: 'hidden_sheet',
    vi: `${place.vi}, sheet '${sheet}': sheet ${vi}, không đọc (thường là bản sao của kỳ trước); chỉ các sheet hiện được tổng hợp`,
    en: `${place.en}, sheet '${sheet}': the sheet is ${en} and is not read (often an earlier period's copy); only visible sheets count`,
    file,
    sheet,
    commune,
  });
}

export function partialPeriod(place: Place, file: string, text: string, label: string, commune: string | null): Issue {
  return mkIssue({
    severity: 'warning',
    code: 'period_from_date',
    vi: `${place.vi}: kỳ báo cáo chỉ ghi bằng ngày ('${text}'), ngày cuối không phải cuối tháng; hiểu là '${label}' — hãy kiểm tra hoặc chọn kỳ báo cáo`,
    en: `${place.en}: the period is written only as dates ('${text}') and the end date is not a month's end; read as '${label}' — check it or choose the period`,
    file,
    commune,
  });
}

function split(cell: string): { sheet: string | null; cell: string | null } {
  const i = cell.lastIndexOf('!');
  return i < 0 ? { sheet: null, cell } : { sheet: cell.slice(0, i), cell: cell.slice(i + 1) };
}

/**
 * The number style is on record in every file's reading; it becomes an issue only where the evidence is
 * mixed or thin and some text's value depends on it.
 */
export function numberStyleIssues(v: StyleVerdict, file: string, place: Place, commune: string | null): Issue[] {
  if (!v.ambiguous.length) return [];
  const a = v.ambiguous[0];
  const at = split(a.cell);
  const more = v.ambiguous.length > 1 ? { vi: ` (và ${v.ambiguous.length - 1} ô khác)`, en: ` (and ${v.ambiguous.length - 1} more)` } : { vi: '', en: '' };
  const styleVi = v.style === 'en' ? 'kiểu Anh (1,227.5)' : 'kiểu Việt Nam (1.227,5)';
  const styleEn = v.style === 'en' ? 'English style (1,227.5)' : 'Vietnamese style (1.227,5)';
  if (v.mixed || (v.en.length && v.vi.length && !v.strong)) {
    const e = v.en[0], n = v.vi[0];
    return [
      mkIssue({
        severity: 'warning',
        code: 'mixed_number_style',
        vi: `${place.vi}, sheet '${at.sheet}', ô ${at.cell}: tệp viết số theo cả hai kiểu ('${e.text}' ở ${e.cell}, '${n.text}' ở ${n.cell}); các số như '${a.text}'${more.vi} được đọc theo ${styleVi} — hãy kiểm tra`,
        en: `${place.en}, sheet '${at.sheet}', cell ${at.cell}: the file writes numbers both ways ('${e.text}' at ${e.cell}, '${n.text}' at ${n.cell}); texts like '${a.text}'${more.en} are read ${styleEn} — check them`,
        file,
        sheet: at.sheet,
        cell: at.cell,
        commune,
      }),
    ];
  }
  // no evidence beyond doubt: a Vietnamese reading of "12,000" (12) or an English one of "1.500" (1.5) may be wrong
  const commaGuess = v.style === 'vi' && v.ambiguous.some((x) => x.text.includes(','));
  const dotGuess = v.style === 'en' && v.ambiguous.some((x) => x.text.includes('.'));
  if (!v.strong && (commaGuess || dotGuess)) {
    const c = v.ambiguous.find((x) => x.text.includes(v.style === 'vi' ? ',' : '.')) ?? a;
    const cat = split(c.cell);
    return [
      mkIssue({
        severity: 'warning',
        code: 'number_style_guess',
        vi: `${place.vi}, sheet '${cat.sheet}', ô ${cat.cell}: '${c.text}'${more.vi} có thể hiểu hai cách; tệp có ít căn cứ về cách viết số nên được đọc theo ${styleVi} — hãy kiểm tra`,
        en: `${place.en}, sheet '${cat.sheet}', cell ${cat.cell}: '${c.text}'${more.en} can be read two ways; the file gives little evidence of its number style, so it is read ${styleEn} — check it`,
        file,
        sheet: cat.sheet,
        cell: cat.cell,
        commune,
      }),
    ];
  }
  return [];
}

const COLUMN_WORDS = {
  target: { vi: 'Kế hoạch', en: 'plan' },
  actual: { vi: 'Thực hiện', en: 'actual' },
  previous: { vi: 'Cùng kỳ', en: 'same period last year' },
};

/** A value cell that gives no number: an error value, a text, a formula without a saved result. */
export interface CellProblem {
  kind: 'error_value' | 'not_a_number' | 'formula_no_result';
  r: number;
  c: number;
  raw: string;
  column: keyof typeof COLUMN_WORDS;
  indicator: string;
  name: string;
}

export function cellProblem(p: CellProblem, sheet: string, file: string, commune: string | null): Issue {
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

export function sheetWithoutTable(place: Place, file: string, sheet: string, commune: string | null): Issue {
  return mkIssue({
    severity: 'info',
    code: 'sheet_without_table',
    vi: `${place.vi}, sheet '${sheet}': không có bảng chỉ tiêu, bỏ qua`,
    en: `${place.en}, sheet '${sheet}': no indicator table; skipped`,
    file,
    sheet,
    commune,
  });
}

export function externalFormulas(place: Place, file: string, sheet: string, cells: string[], commune: string | null): Issue {
  const n = cells.length;
  return mkIssue({
    severity: 'info',
    code: 'external_formula',
    vi: `${place.vi}, sheet '${sheet}', ô ${cells[0]}: ${n} ô số liệu lấy bằng công thức từ tệp khác; dùng giá trị lưu sẵn trong tệp`,
    en: `${place.en}, sheet '${sheet}', cell ${cells[0]}: ${n} value cell(s) are formulas linked to another workbook; their saved values are used`,
    file,
    sheet,
    cell: cells[0],
    commune,
  });
}

export function noTable(file: string, commune: string | null): Issue {
  return mkIssue({
    severity: 'error',
    code: 'no_table',
    vi: `Tệp '${file}': không tìm thấy bảng chỉ tiêu nào (cần một dòng tiêu đề có cột "Chỉ tiêu" và cột "Thực hiện" hoặc "Kế hoạch")`,
    en: `File '${file}': no indicator table found (a header row with a "Chỉ tiêu" column and a "Thực hiện" or "Kế hoạch" column is needed)`,
    file,
    commune,
  });
}

export function noCommune(file: string): Issue {
  return mkIssue({
    severity: 'warning',
    code: 'no_commune',
    vi: `Tệp '${file}': không nhận ra tên xã (trong tiêu đề, tên sheet hay tên tệp); hãy chọn tên xã cho tệp này`,
    en: `File '${file}': the commune's name was not found (in the titles, sheet names or file name); choose it for this file`,
    file,
  });
}

export function communeConflict(file: string, names: string[], commune: string | null): Issue {
  return mkIssue({
    severity: 'warning',
    code: 'commune_conflict',
    vi: `Tệp '${file}': tiêu đề nêu nhiều đơn vị (${names.join(', ')}); lấy '${commune}'`,
    en: `File '${file}': the titles name several units (${names.join(', ')}); '${commune}' is used`,
    file,
    commune,
  });
}

export function periodConflict(file: string, labels: string[], used: string, commune: string | null): Issue {
  return mkIssue({
    severity: 'warning',
    code: 'period_conflict',
    vi: `Tệp '${file}': các sheet ghi kỳ báo cáo khác nhau (${labels.join(', ')}); lấy '${used}'`,
    en: `File '${file}': the sheets name different periods (${labels.join(', ')}); '${used}' is used`,
    file,
    commune,
  });
}

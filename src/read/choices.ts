/**
 * Messages about the reader's choices (FORMATS.md "Never silently wrong"): a hidden sheet skipped, the number
 * style of a file when its evidence is thin or mixed, a period read from a date that is not a month's end.
 * Vietnamese first, English second; each names the file, and the sheet and cell where there is one.
 */
import type { Issue } from '../types';
import { mkIssue } from '../util/issues';
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

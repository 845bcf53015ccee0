/**
 * The issues the consolidation raises, one function per code, Vietnamese first, English second.
 * Every message names the place to look (file, sheet, cell) and what was done about it.
 */
import type { Issue, IssueCode, Period } from '../types';
import { communePlace, mkIssue, where } from '../util/issues';
import { formatNumber } from '../util/format';

export interface Place {
  file: string | null;
  sheet?: string | null;
  cell?: string | null;
  /** 1-based row, mentioned in the text when no cell is known. */
  row?: number | null;
}

/** "Xã Thanh Sơn, sheet 'Kinh tế', ô E12: " (or "…, dòng 12: " when no cell is known). */
/** An issue about indicator `ind` at a commune's cell: the commune, sheet and cell lead both texts. */
function atCell(severity: Issue['severity'], code: IssueCode, p: Place, commune: string, ind: string, vi: string, en: string): Issue {
  const l = lead(commune, p);
  return mkIssue({ severity, code, vi: l.vi + vi, en: l.en + en, file: p.file, sheet: p.sheet, cell: p.cell, commune, indicator: ind });
}

function lead(commune: string | null, p: Place): { vi: string; en: string } {
  const c = communePlace(commune, p.file);
  const vi: string[] = c.vi ? [c.vi] : [];
  const en: string[] = c.en ? [c.en] : [];
  if (p.sheet) { vi.push(`sheet '${p.sheet}'`); en.push(`sheet '${p.sheet}'`); }
  if (p.cell) { vi.push(`ô ${p.cell}`); en.push(`cell ${p.cell}`); }
  else if (p.row) { vi.push(`dòng ${p.row}`); en.push(`row ${p.row}`); }
  return { vi: vi.length ? vi.join(', ') + ': ' : '', en: en.length ? en.join(', ') + ': ' : '' };
}

/** "sheet 'Kinh tế', ô E12" — a second place inside a message. */
function at(p: Place): { vi: string; en: string } {
  const w = where(null, p.sheet, p.cell);
  if (!p.cell && p.row) {
    w.vi += (w.vi ? ', ' : '') + `dòng ${p.row}`;
    w.en += (w.en ? ', ' : '') + `row ${p.row}`;
  }
  return w;
}

const num = (x: number) => formatNumber(x, 6, 'vi');
const numEn = (x: number) => formatNumber(x, 6, 'en');

/** An indicator as named in messages: "KT01 Thu ngân sách" or just the name. */
export function indicatorLabel(code: string | null, name: string): string {
  return code ? `${code} ${name}` : name;
}

function periodText(p: Period | null): string {
  return p ? `'${p.label}'` : '—';
}

export function unitMismatch(p: Place, commune: string, ind: string, rowUnit: string, planUnit: string, ambiguous: boolean): Issue {
  const whyVi = ambiguous
    ? ` (sào khác nhau theo vùng: Bắc Bộ 360 m², Trung Bộ 500 m², Nam Bộ 1.000 m²; hãy ghi số theo '${planUnit}')`
    : '';
  const whyEn = ambiguous
    ? ` (a sào differs by region: 360 m² in the North, 500 m² in the Centre, 1,000 m² in the South; please give the figure in '${planUnit}')`
    : '';
  return atCell('warning', ambiguous ? 'unit_ambiguous' : 'unit_mismatch', p, commune, ind,
    `chỉ tiêu '${ind}' ghi đơn vị '${rowUnit}', không đổi được sang '${planUnit}'${whyVi}; số liệu của dòng này không được dùng.`,
    `indicator '${ind}' is in '${rowUnit}', which cannot be converted to '${planUnit}'${whyEn}; this row's figures are not used.`,
  );
}

export function percentValue(p: Place, commune: string, ind: string, raw: unknown, unit: string): Issue {
  return atCell('warning', 'percent_value', p, commune, ind,
    `'${String(raw)}' là một tỷ lệ %, nhưng chỉ tiêu '${ind}' tính bằng '${unit}'; số này không được dùng.`,
    `'${String(raw)}' is a percentage, but indicator '${ind}' is in '${unit}'; this figure is not used.`,
  );
}

export function notYesNo(p: Place, commune: string, ind: string, value: number): Issue {
  return atCell('warning', 'not_yes_no', p, commune, ind,
    `chỉ tiêu '${ind}' được tổng hợp theo "Số xã đạt" nên cần 'Đạt' (1) hoặc 'Chưa đạt' (0), nhưng ghi ${num(value)}; xã này không được đếm.`,
    `indicator '${ind}' is combined as "Số xã đạt" (count of communes met) and needs 'Đạt' (1) or 'Chưa đạt' (0), but the value is ${numEn(value)}; this commune is not counted.`,
  );
}

export function targetMismatch(p: Place, commune: string, ind: string, own: number, plan: number, unit: string): Issue {
  return atCell('warning', 'target_mismatch', p, commune, ind,
    `kế hoạch năm của xã cho chỉ tiêu '${ind}' ghi ${num(own)} ${unit}, khác kế hoạch giao ${num(plan)} ${unit}; dùng số của kế hoạch giao.`,
    `the commune's annual target for indicator '${ind}' is ${numEn(own)} ${unit}, not the plan's ${numEn(plan)} ${unit}; the plan's figure is used.`,
  );
}

export function targetNotInPlan(p: Place, commune: string, ind: string, own: number, unit: string): Issue {
  return atCell('info', 'target_not_in_plan', p, commune, ind,
    `xã ghi kế hoạch năm ${num(own)} ${unit} cho chỉ tiêu '${ind}', nhưng kế hoạch giao không có chỉ tiêu của xã này; kế hoạch giao được ưu tiên nên xã không có chỉ tiêu.`,
    `the sheet gives an annual target of ${numEn(own)} ${unit} for indicator '${ind}', but the plan assigns this commune none; the plan wins, so there is no target.`,
  );
}

export function notInPlan(p: Place, commune: string, name: string, code: string | null): Issue {
  const l = lead(commune, p);
  const lab = indicatorLabel(code, name);
  return mkIssue({
    severity: 'info',
    code: 'indicator_not_in_plan',
    vi: `${l.vi}chỉ tiêu không có trong kế hoạch: '${lab}'; dòng này không được tổng hợp.`,
    en: `${l.en}indicator not in the plan: '${lab}'; this row is not consolidated.`,
    file: p.file, sheet: p.sheet, cell: p.cell, commune, indicator: code ?? name,
  });
}

const VALUE_WORDS = {
  actual: { vi: 'thực hiện', en: 'actual' },
  target: { vi: 'kế hoạch', en: 'target' },
  previous: { vi: 'cùng kỳ', en: 'same period last year' },
};

export function implausibleMagnitude(p: Place, commune: string, ind: string, key: keyof typeof VALUE_WORDS, v: number): Issue {
  return atCell('error', 'implausible_value', p, commune, ind,
    `số ${VALUE_WORDS[key].vi} ${String(v)} của chỉ tiêu '${ind}' lớn bất thường, không chỉ tiêu nào có; số này không được dùng — hãy kiểm tra ô.`,
    `the ${VALUE_WORDS[key].en} ${String(v)} of '${ind}' is larger than any indicator has; it is not used — check the cell.`,
  );
}

export function negativeValue(p: Place, commune: string, ind: string, key: keyof typeof VALUE_WORDS, v: number): Issue {
  return atCell('warning', 'negative_value', p, commune, ind,
    `số ${VALUE_WORDS[key].vi} của chỉ tiêu '${ind}' là số âm (${num(v)}); vẫn được dùng — hãy kiểm tra.`,
    `the ${VALUE_WORDS[key].en} of '${ind}' is negative (${numEn(v)}); it is used — check it.`,
  );
}

export function rateOutOfRange(p: Place, commune: string, ind: string, key: keyof typeof VALUE_WORDS, v: number): Issue {
  return atCell('warning', 'rate_out_of_range', p, commune, ind,
    `tỷ lệ ${VALUE_WORDS[key].vi} của chỉ tiêu '${ind}' là ${num(v)}%, vượt quá 100%; vẫn được dùng — hãy kiểm tra.`,
    `the ${VALUE_WORDS[key].en} rate of '${ind}' is ${numEn(v)}%, over 100%; it is used — check it.`,
  );
}

export function unitSlip(p: Place, commune: string, ind: string, v: number, factor: number, against: 'previous' | 'peers', ref: number): Issue {
  const l = lead(commune, p);
  const times = factor === 1000 ? { vi: 'khoảng 1.000 lần', en: 'about 1,000 times' } : { vi: 'khoảng 1.000.000 lần', en: 'about 1,000,000 times' };
  const vi = against === 'previous'
    ? `${l.vi}số thực hiện ${num(v)} của chỉ tiêu '${ind}' chênh ${times.vi} so với cùng kỳ của chính xã (${num(ref)}) — có thể ghi nhầm đơn vị (đồng / nghìn / triệu); vẫn được dùng, hãy kiểm tra.`
    : `${l.vi}số thực hiện ${num(v)} của chỉ tiêu '${ind}' so với kế hoạch (${num(ref)}) chênh ${times.vi} so với các xã khác — có thể ghi nhầm đơn vị (đồng / nghìn / triệu); vẫn được dùng, hãy kiểm tra.`;
  const en = against === 'previous'
    ? `${l.en}the actual ${numEn(v)} of '${ind}' is ${times.en} off the commune's own same-period figure (${numEn(ref)}) — perhaps a unit slip (đồng / thousand / million); it is used, check it.`
    : `${l.en}the actual ${numEn(v)} of '${ind}' against its target (${numEn(ref)}) is ${times.en} off the other communes' — perhaps a unit slip (đồng / thousand / million); it is used, check it.`;
  return mkIssue({ severity: 'warning', code: 'unit_slip', vi, en, file: p.file, sheet: p.sheet, cell: p.cell, commune, indicator: ind });
}

export function farAboveTarget(p: Place, commune: string, ind: string, v: number, target: number): Issue {
  return atCell('warning', 'far_above_target', p, commune, ind,
    `số thực hiện ${num(v)} của chỉ tiêu '${ind}' gấp hơn ${Math.floor(v / target)} lần kế hoạch cả năm (${num(target)}); vẫn được dùng — hãy kiểm tra.`,
    `the actual ${numEn(v)} of '${ind}' is over ${Math.floor(v / target)} times the annual target (${numEn(target)}); it is used — check it.`,
  );
}

export function rewordedMatch(p: Place, commune: string, written: string, ind: string, score: number): Issue {
  return atCell('info', 'reworded_match', p, commune, ind,
    `'${written}' được hiểu là chỉ tiêu '${ind}' của kế hoạch (tên viết khác; độ giống ${Math.round(score * 100)}%).`,
    `'${written}' is taken as the plan's indicator '${ind}' (worded differently; similarity ${Math.round(score * 100)}%).`,
  );
}

export function ambiguousMatch(p: Place, commune: string, written: string, candidates: string[]): Issue {
  const l = lead(commune, p);
  const list = candidates.map((c) => `'${c}'`).join(', ');
  return mkIssue({
    severity: 'warning',
    code: 'ambiguous_match',
    vi: `${l.vi}'${written}' có thể là nhiều chỉ tiêu của kế hoạch (${list}); không đoán, dòng này không được tổng hợp — hãy sửa tên chỉ tiêu trong tệp.`,
    en: `${l.en}'${written}' could be several of the plan's indicators (${list}); nothing is guessed and the row is not consolidated — correct its name in the file.`,
    file: p.file, sheet: p.sheet, cell: p.cell, commune, indicator: written,
  });
}

export function duplicateIndicator(p: Place, used: Place, commune: string, ind: string): Issue {
  const u = at(used);
  return atCell('warning', 'duplicate_indicator', p, commune, ind,
    `chỉ tiêu '${ind}' có hai dòng; dùng dòng ở ${u.vi}, bỏ dòng này.`,
    `indicator '${ind}' appears twice; the row at ${u.en} is used, this one is not.`,
  );
}

export function missingCommune(commune: string, planFile: string | null): Issue {
  return mkIssue({
    severity: 'warning',
    code: 'missing_commune',
    vi: `Không có tệp báo cáo của ${commune} (có trong kế hoạch${planFile ? ` '${planFile}'` : ''}); các chỉ tiêu của xã để trống (chưa có số liệu).`,
    en: `No report file for ${commune} (listed in the plan${planFile ? ` '${planFile}'` : ''}); its indicators are left empty (no data).`,
    file: null, commune,
  });
}

export function unknownCommune(file: string, commune: string, parent: string): Issue {
  return mkIssue({
    severity: 'warning',
    code: 'unknown_commune',
    vi: `Tệp '${file}': ${commune} không có trong danh sách xã của kế hoạch; số liệu của xã vẫn được liệt kê nhưng không cộng vào ${parent}.`,
    en: `File '${file}': ${commune} is not among the plan's communes; its figures are listed but not counted into ${parent}.`,
    file, commune,
  });
}

export function communeNotFound(file: string): Issue {
  return mkIssue({
    severity: 'error',
    code: 'commune_unknown',
    vi: `Tệp '${file}': không xác định được tên xã (không thấy trong tiêu đề, tên sheet hay tên tệp); số liệu của tệp không được tổng hợp. Hãy chọn xã cho tệp này.`,
    en: `File '${file}': the commune could not be determined (not in the title, sheet name or file name); its figures are not consolidated. Please name the commune for this file.`,
    file,
  });
}

export function duplicateCommune(file: string, usedFile: string, commune: string): Issue {
  return mkIssue({
    severity: 'error',
    code: 'duplicate_commune',
    vi: `Hai tệp cùng của ${commune}: '${usedFile}' và '${file}'; chỉ dùng '${usedFile}', tệp '${file}' không được tổng hợp.`,
    en: `Two files for ${commune}: '${usedFile}' and '${file}'; only '${usedFile}' is used, '${file}' is not consolidated.`,
    file, commune,
  });
}

export function periodMismatch(file: string, commune: string | null, got: Period, run: Period, byUser: boolean): Issue {
  const who = commune ? ` (${commune})` : '';
  return byUser
    ? mkIssue({
      severity: 'warning',
      code: 'period_mismatch',
      vi: `Tệp '${file}'${who} ghi kỳ báo cáo ${periodText(got)}, khác kỳ đã chọn ${periodText(run)}; số liệu vẫn được tính theo kỳ đã chọn.`,
      en: `File '${file}'${who} reports for ${periodText(got)}, not the chosen period ${periodText(run)}; its figures are still taken as the chosen period's.`,
      file, commune,
    })
    : mkIssue({
      severity: 'error',
      code: 'period_mismatch',
      vi: `Tệp '${file}'${who} báo cáo kỳ ${periodText(got)}, khác kỳ của đa số các xã ${periodText(run)}; số liệu của tệp không được tổng hợp.`,
      en: `File '${file}'${who} reports for ${periodText(got)}, not the period most communes report for, ${periodText(run)}; its figures are not consolidated.`,
      file, commune,
    });
}

export function noPeriod(): Issue {
  return mkIssue({
    severity: 'error',
    code: 'no_period',
    vi: 'Không xác định được kỳ báo cáo của tệp nào; tiến độ được tính như cả năm (chỉ tiêu lũy kế cần đạt 100% kế hoạch). Hãy chọn kỳ báo cáo.',
    en: 'No file gives its reporting period; progress is judged as for the whole year (flow indicators are expected at 100% of the plan). Please choose the period.',
  });
}

export function planYearMismatch(planFile: string | null, planYear: number, period: Period): Issue {
  return mkIssue({
    severity: 'warning',
    code: 'plan_year_mismatch',
    vi: `Kế hoạch${planFile ? ` '${planFile}'` : ''} là của năm ${planYear}, nhưng kỳ báo cáo là ${periodText(period)}.`,
    en: `The plan${planFile ? ` '${planFile}'` : ''} is for ${planYear}, but the period is ${periodText(period)}.`,
    file: planFile,
  });
}

export function weightMissing(planFile: string | null, ind: string, by: string): Issue {
  return mkIssue({
    severity: 'warning',
    code: 'weight_missing',
    vi: `Chỉ tiêu '${ind}' được tổng hợp "Bình quân theo ${by}", nhưng kế hoạch không có chỉ tiêu '${by}'; số chung không tính được.`,
    en: `Indicator '${ind}' is combined as a mean weighted by '${by}', but the plan has no indicator '${by}'; the combined figure cannot be computed.`,
    file: planFile, indicator: ind,
  });
}

/** The parent's previous of a sum or a count combines fewer communes than report this period. */
export function previousPartial(ind: string, parent: string, withPrevious: number, reporting: number, lacking: string[]): Issue {
  const names = lacking.slice(0, 5).join(', ');
  const more = lacking.length > 5 ? { vi: ` và ${lacking.length - 5} xã khác`, en: ` and ${lacking.length - 5} more` } : { vi: '', en: '' };
  return mkIssue({
    severity: 'warning',
    code: 'previous_partial',
    vi: `Chỉ tiêu '${ind}': số cùng kỳ của ${parent} chỉ gộp ${withPrevious}/${reporting} xã có số liệu kỳ này (thiếu số cùng kỳ của: ${names}${more.vi}); so sánh cùng kỳ của ${parent} vì thế so hai nhóm xã khác nhau — hãy bổ sung số cùng kỳ.`,
    en: `Indicator '${ind}': the previous figure of ${parent} combines only ${withPrevious} of the ${reporting} communes reporting this period (no previous figure for: ${names}${more.en}); its change on last year therefore compares two different sets of communes — add the missing previous figures.`,
    indicator: ind,
  });
}

export function noFiles(): Issue {
  return mkIssue({
    severity: 'error',
    code: 'no_commune_files',
    vi: 'Không có tệp báo cáo nào của các xã để tổng hợp.',
    en: 'There are no commune report files to consolidate.',
  });
}

export function nothingUsable(): Issue {
  return mkIssue({
    severity: 'error',
    code: 'no_usable_files',
    vi: 'Không tệp báo cáo nào dùng được (xem các lỗi về tên xã và kỳ báo cáo ở trên); không có số liệu để tổng hợp.',
    en: 'None of the report files could be used (see the issues about commune names and periods); there is nothing to consolidate.',
  });
}

// ───────────────────────────── last year's files and the merger ─────────────────────────────

/** An old commune written in the "Sáp nhập" sheet under two new communes: the first row holds. */
export function mergerConflict(p: Place, old: string, first: string, second: string): Issue {
  const w = where(p.file, p.sheet, p.cell);
  return mkIssue({
    severity: 'error',
    code: 'merger_conflict',
    vi: `Sáp nhập: ${w.vi}: đơn vị cũ '${old}' được ghi vào hai đơn vị mới, '${first}' và '${second}'; số liệu năm trước của '${old}' chỉ được cộng vào '${first}' (dòng ghi trước) — hãy sửa sheet "Sáp nhập".`,
    en: `Merger: ${w.en}: old commune '${old}' is listed under two new communes, '${first}' and '${second}'; its figures of last year go to '${first}' only (the earlier row) — correct the "Sáp nhập" sheet.`,
    file: p.file, sheet: p.sheet, cell: p.cell, commune: old,
  });
}

/** A "Đơn vị mới" of the "Sáp nhập" sheet that is not a commune of the plan. */
export function mergerUnknownCommune(p: Place, name: string): Issue {
  const w = where(p.file, p.sheet, p.cell);
  return mkIssue({
    severity: 'warning',
    code: 'merger_unknown_commune',
    vi: `Sáp nhập: ${w.vi}: đơn vị mới '${name}' không có trong các cột xã của kế hoạch; dòng này không được dùng.`,
    en: `Merger: ${w.en}: new commune '${name}' is not among the plan's commune columns; this row is not used.`,
    file: p.file, sheet: p.sheet, cell: p.cell, commune: name,
  });
}

/** An old commune of the mapping for which no file of last year was given. */
export function previousMissing(p: Place, old: string, newName: string): Issue {
  const w = where(p.file, p.sheet, p.cell);
  return mkIssue({
    severity: 'warning',
    code: 'previous_missing',
    vi: `Sáp nhập: ${w.vi}: không có số liệu năm trước của đơn vị cũ '${old}' trong các tệp cùng kỳ; cùng kỳ của '${newName}' được tính không có '${old}'.`,
    en: `Merger: ${w.en}: last year's files hold nothing for old commune '${old}'; the previous values of '${newName}' are made without it.`,
    file: p.file, sheet: p.sheet, cell: p.cell, commune: newName,
  });
}

/** A unit found in last year's files that is neither a commune of this year nor an old commune of the mapping. */
export function previousUnmapped(p: Place, unit: string, mapped: boolean): Issue {
  const w = where(p.file, p.sheet, p.cell);
  const hintVi = mapped ? ' — hãy thêm nó vào sheet "Sáp nhập" của kế hoạch' : ' — nếu đơn vị này đã được sáp nhập, hãy ghi nó trong sheet "Sáp nhập" của kế hoạch';
  const hintEn = mapped ? ' — add it to the plan\'s "Sáp nhập" sheet' : ' — if it was merged, list it in a "Sáp nhập" sheet of the plan';
  return mkIssue({
    severity: 'warning',
    code: 'previous_unmapped',
    vi: `Số liệu cùng kỳ: ${w.vi}: đơn vị '${unit}' của năm trước không phải xã nào của năm nay và không có trong bảng sáp nhập; số liệu của nó không được dùng${hintVi}.`,
    en: `Last year's files: ${w.en}: unit '${unit}' of last year is no commune of this year and not in the merger table; its figures are not used${hintEn}.`,
    file: p.file, sheet: p.sheet, cell: p.cell, commune: unit,
  });
}

/** Two files of last year for one unit: the first in file-name order is used. */
export function previousDuplicate(file: string, usedFile: string, unit: string): Issue {
  return mkIssue({
    severity: 'warning',
    code: 'previous_duplicate',
    vi: `Số liệu cùng kỳ: tệp '${file}' cũng là của '${unit}' (đã dùng tệp '${usedFile}'); tệp này không được dùng.`,
    en: `Last year's files: file '${file}' is also of '${unit}' (file '${usedFile}' is used); this file is not used.`,
    file, commune: unit,
  });
}

/** A file of last year whose period is not the same period of last year. */
export function previousPeriodMismatch(file: string, unit: string | null, got: Period, want: string): Issue {
  return mkIssue({
    severity: 'warning',
    code: 'previous_period_mismatch',
    vi: `Số liệu cùng kỳ: tệp '${file}'${unit ? ` ('${unit}')` : ''} là báo cáo ${periodText(got)}, không phải cùng kỳ năm trước (${want}); tệp này không được dùng.`,
    en: `Last year's files: file '${file}'${unit ? ` ('${unit}')` : ''} reports ${periodText(got)}, not the same period last year (${want}); it is not used.`,
    file, commune: unit,
  });
}

/** The commune's own "Cùng kỳ" and last year's files differ by more than 1 %: the own value is used. */
export function previousMismatch(p: Place, commune: string, ind: string, own: number, files: number, filesAt: { vi: string; en: string }, unit: string): Issue {
  const l = lead(commune, p);
  return mkIssue({
    severity: 'warning',
    code: 'previous_mismatch',
    vi: `${l.vi}chỉ tiêu '${ind}': cùng kỳ của xã là ${num(own)} ${unit}, số liệu năm trước (${filesAt.vi}) là ${num(files)} ${unit} — lệch hơn 1%; dùng số của xã.`,
    en: `${l.en}indicator '${ind}': the commune's own previous value is ${numEn(own)} ${unit}, last year's files (${filesAt.en}) give ${numEn(files)} ${unit} — more than 1% apart; the commune's own value is used.`,
    file: p.file, sheet: p.sheet, cell: p.cell, commune, indicator: ind,
  });
}

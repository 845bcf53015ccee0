/**
 * A commune's report form made from the plan (issue 13): one workbook per commune, the plan's sections and
 * indicators in order with code, name, unit and the commune's own annual target, and input cells for the
 * period's actual (year-to-date), last year's same period and a note. Pure: Plan → SheetSpec[], written by
 * the project's .xlsx writer (src/xlsx/write.ts, with src/xlsx/write-protect.ts).
 *
 * What makes it a form: the sheet is protected without a password and only the input cells are unlocked;
 * the input cells carry data validation (a number ≥ 0; 0–100 for % units; Đạt / Chưa đạt for "Số xã đạt")
 * with an input message in Vietnamese; the header is frozen and printed on every A4 page.
 *
 * How it is recognised when it comes back (src/read/template.ts), strongest first:
 *  - a very hidden sheet "tonghop-mau" whose A1:B1 say "tonghop" / "template/1", listing the plan, the
 *    commune, the period, the main sheet's name, its header row and every indicator row;
 *  - the visible fingerprint line under the title ("Mẫu tonghop/1 · mã mẫu … · Kế hoạch: … · Đơn vị: … ·
 *    Kỳ: …"), which survives every re-save (LibreOffice, .xls, .ods, a copied sheet);
 *  - the custom document property tonghop = template/1 (docProps/custom.xml) — only of .xlsx, for the shells.
 * And with all of them lost the sheet is still an ordinary report the generic reader reads (its headers are
 * the usual words).
 */
import type { CellStyle, DataValidationSpec, Period, Plan, PlanIndicator, SheetSpec, SpecCell } from '../types';
import { slug } from '../util/text';

export const TEMPLATE_MARK = 'template/1';
export const TEMPLATE_MARKER_SHEET = 'tonghop-mau';
export const TEMPLATE_SHEET = 'Mẫu báo cáo';
export const TEMPLATE_HELP_SHEET = 'Hướng dẫn';
/** 1-based row of the column headers in the main sheet. */
export const TEMPLATE_HEADER_ROW = 6;
/** 1-based row of the fingerprint line. */
export const TEMPLATE_FINGERPRINT_ROW = 5;
/** The columns, in order (0-based index = position). */
export const TEMPLATE_COLUMNS = ['stt', 'code', 'name', 'unit', 'target', 'actual', 'previous', 'note'] as const;
export type TemplateColumn = (typeof TEMPLATE_COLUMNS)[number];

export interface TemplateInput {
  plan: Plan;
  /** The commune, as the plan spells it. */
  commune: string;
  period: Period;
  /** The plan's file name, as named in the marker. */
  planFile: string;
}

/** The header texts of the main sheet for a period's year. */
export function templateHeaders(period: Pick<Period, 'label' | 'year'>): Record<TemplateColumn, string> {
  const y = period.year;
  return {
    stt: 'STT',
    code: 'Mã số',
    name: 'Chỉ tiêu',
    unit: 'Đơn vị tính',
    target: y ? `Kế hoạch năm ${y}` : 'Kế hoạch năm',
    actual: `Thực hiện ${period.label} (lũy kế từ đầu năm)`,
    previous: y ? `Cùng kỳ năm ${y - 1}` : 'Cùng kỳ năm trước',
    note: 'Ghi chú',
  };
}

/** A stable short id of one form: the plan, the commune and the period (FNV-1a, 8 hex digits). */
export function templateId(planFile: string, commune: string, periodLabel: string): string {
  let h = 0x811c9dc5;
  for (const ch of `${planFile}\u0000${commune}\u0000${periodLabel}`) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** "mau-bao-cao-thanh-ha.xlsx" */
export function templateFileName(commune: string): string {
  return `mau-bao-cao-${slug(commune) || 'xa'}.xlsx`;
}

/** File names for the communes, made unique ("…-2.xlsx") when two names fold to the same slug. */
export function templateFileNames(communes: string[]): string[] {
  const used = new Set<string>();
  return communes.map((c) => {
    const base = templateFileName(c).replace(/\.xlsx$/, '');
    let name = base;
    for (let k = 2; used.has(name); k++) name = `${base}-${k}`;
    used.add(name);
    return `${name}.xlsx`;
  });
}

/** "xã Thanh Hà" — the name with its kind, unless it already says it. */
export function communeTitle(name: string): string {
  return /^\s*(xã|phường|thị trấn|đặc khu)\s/iu.test(name) ? name.trim() : `xã ${name.trim()}`;
}

/** The fingerprint line: "Mẫu tonghop/1 · mã mẫu 1a2b3c4d · Kế hoạch: ke-hoach.xlsx · Đơn vị: Thanh Hà · Kỳ: 6 tháng đầu năm 2026". */
export function fingerprintText(id: string, planFile: string, commune: string, periodLabel: string): string {
  return `Mẫu tonghop/1 · mã mẫu ${id} · Kế hoạch: ${planFile} · Đơn vị: ${commune} · Kỳ: ${periodLabel}`;
}

const STYLES: Record<string, CellStyle> = {
  unit: { bold: true, hAlign: 'center', font: 'Times New Roman', size: 12 },
  motto: { bold: true, hAlign: 'center', font: 'Times New Roman', size: 12 },
  sub: { italic: true, hAlign: 'center', font: 'Times New Roman', size: 12 },
  title: { bold: true, hAlign: 'center', vAlign: 'middle', wrap: true, font: 'Times New Roman', size: 13 },
  mark: { italic: true, hAlign: 'center', color: '7F7F7F', size: 9 },
  head: { bold: true, hAlign: 'center', vAlign: 'middle', wrap: true, border: true, fill: 'D9E1F2' },
  section: { bold: true, border: true, fill: 'F2F2F2' },
  sectionCell: { border: true, fill: 'F2F2F2' },
  cell: { border: true, vAlign: 'middle' },
  center: { border: true, hAlign: 'center', vAlign: 'middle' },
  name: { border: true, wrap: true, vAlign: 'middle' },
  target: { border: true, vAlign: 'middle', fill: 'F2F2F2' },
  input: { border: true, vAlign: 'middle', fill: 'FFF2CC', unlocked: true },
  inputNote: { border: true, vAlign: 'middle', wrap: true, fill: 'FFF2CC', unlocked: true },
  sign: { bold: true, hAlign: 'center' },
  signNote: { italic: true, hAlign: 'center' },
  help: { wrap: true, vAlign: 'top' },
  helpTitle: { bold: true, size: 13 },
  helpHead: { bold: true },
};

const txt = (v: string, style?: string): SpecCell => ({ v, text: true, ...(style ? { style } : {}) });

/** What kind of input an indicator takes. */
function inputKind(ind: PlanIndicator): 'yesno' | 'percent' | 'number' {
  if (ind.aggregation.kind === 'count_met') return 'yesno';
  return /%/.test(ind.unit) ? 'percent' : 'number';
}

function validationFor(ind: PlanIndicator, range: string, label: string): DataValidationSpec {
  const k = inputKind(ind);
  const unit = ind.unit ? ` (${ind.unit})` : '';
  if (k === 'yesno') {
    return {
      range, type: 'list', list: ['Đạt', 'Chưa đạt'], promptTitle: 'Chọn Đạt / Chưa đạt',
      prompt: `${label}: chọn "Đạt" hoặc "Chưa đạt" trong danh sách.`, errorTitle: 'Chỉ Đạt / Chưa đạt',
      error: 'Ô này chỉ nhận "Đạt" hoặc "Chưa đạt".',
    };
  }
  if (k === 'percent') {
    return {
      range, type: 'decimal', min: 0, max: 100, promptTitle: 'Nhập tỷ lệ % (0–100)',
      prompt: `${label}, tính bằng %: nhập số từ 0 đến 100 (54,5 là 54,5%), không gõ dấu %. Không có số liệu thì để trống.`,
      errorTitle: 'Tỷ lệ từ 0 đến 100', error: 'Tỷ lệ % phải là một số từ 0 đến 100. Giải thích (nếu cần) ghi ở cột Ghi chú.',
    };
  }
  return {
    range, type: 'decimal', min: 0, promptTitle: 'Nhập số (≥ 0)',
    prompt: `${label}${unit}: nhập một số không âm, đúng đơn vị tính; không viết chữ ("trên 600"), ghi giải thích ở cột Ghi chú. Không có số liệu thì để trống.`,
    errorTitle: 'Cần một số ≥ 0', error: 'Ô này cần một số không âm. Giải thích (nếu cần) ghi ở cột Ghi chú.',
  };
}

/** The main sheet: titles, the header, one row per plan indicator (section rows between), signatures. */
function mainSheet(t: TemplateInput, id: string): { spec: SheetSpec; rowOf: { ind: PlanIndicator; row: number }[] } {
  const { plan, commune, period } = t;
  const H = templateHeaders(period);
  const up = (s: string) => s.toLocaleUpperCase('vi');
  const parent = plan.issuer || plan.parentLabel || 'đơn vị cấp trên';
  const rows: (SpecCell | null)[][] = [
    [txt(`UBND ${up(communeTitle(commune))}`, 'unit'), null, null, null, txt('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'motto')],
    [txt(`Báo cáo gửi: ${parent}`, 'sub'), null, null, null, txt('Độc lập - Tự do - Hạnh phúc', 'sub')],
    [],
    [txt(`BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI ${up(period.label)}`, 'title')],
    [txt(fingerprintText(id, t.planFile, commune, period.label), 'mark')],
    TEMPLATE_COLUMNS.map((c) => txt(H[c], 'head')),
  ];
  const merges = ['A1:D1', 'E1:H1', 'A2:D2', 'E2:H2', 'A4:H4', 'A5:H5'];
  const validations: DataValidationSpec[] = [];
  const rowOf: { ind: PlanIndicator; row: number }[] = [];
  let section: string | null | undefined;
  let n = 0;
  // the commune's targets are at its place in the plan's communes
  const at = plan.communes.indexOf(commune);
  for (const ind of plan.indicators) {
    if (ind.section && ind.section !== section) {
      section = ind.section;
      const blank = (): SpecCell => ({ v: null, style: 'sectionCell' });
      rows.push([blank(), blank(), txt(ind.section, 'section'), blank(), blank(), blank(), blank(), blank()]);
    }
    const r = rows.length + 1;
    const target = (at >= 0 ? ind.targets[at] : null) ?? null;
    const yesno = inputKind(ind) === 'yesno';
    rows.push([
      { v: ++n, style: 'center' },
      ind.code ? txt(ind.code, 'center') : { v: null, style: 'center' },
      txt(ind.name, 'name'),
      txt(ind.unit ?? '', 'center'),
      { v: target, style: 'target', ...(yesno ? {} : { fmt: '#,##0.###' }) },
      { v: null, style: 'input', ...(yesno ? {} : { fmt: '#,##0.###' }) },
      { v: null, style: 'input', ...(yesno ? {} : { fmt: '#,##0.###' }) },
      { v: null, style: 'inputNote' },
    ]);
    rowOf.push({ ind, row: r });
    validations.push(validationFor(ind, `F${r}:G${r}`, ind.code ? `${ind.code} ${ind.name}` : ind.name));
  }
  rows.push([], [null, null, txt('NGƯỜI LẬP BIỂU', 'sign'), null, null, txt('TM. ỦY BAN NHÂN DÂN', 'sign')]);
  rows.push([null, null, txt('(Ký, ghi rõ họ tên)', 'signNote'), null, null, txt('(Ký tên, đóng dấu)', 'signNote')]);
  const sig = rows.length - 1;
  merges.push(`F${sig}:H${sig}`, `F${sig + 1}:H${sig + 1}`);
  const heights: (number | null)[] = [];
  heights[3] = 36;
  heights[5] = 48;
  const spec: SheetSpec = {
    key: 'template',
    name: TEMPLATE_SHEET,
    rows,
    widths: [5, 9, 46, 11, 14, 20, 14, 24],
    merges,
    styles: STYLES,
    headerRows: { first: TEMPLATE_HEADER_ROW, last: TEMPLATE_HEADER_ROW },
    freeze: { rows: TEMPLATE_HEADER_ROW, cols: 3 },
    print: { orientation: 'landscape', paper: 'A4', fitToWidth: true, margins: { top: 15, bottom: 15, left: 20, right: 10 }, pageWord: 'Trang' },
    rowHeights: heights,
    protect: true,
    validations,
  };
  return { spec, rowOf };
}

const HELP_VI = [
  'Chỉ nhập vào các ô nền vàng của sheet "Mẫu báo cáo": cột Thực hiện (số lũy kế từ đầu năm đến hết kỳ báo cáo), cột Cùng kỳ năm trước và cột Ghi chú. Cột Kế hoạch năm đã ghi sẵn chỉ tiêu được giao.',
  'Nhập số, không nhập chữ: 1227 hoặc 54,5 — không viết "trên 600", "khoảng 15", "1.227 tr.đ". Giải thích, nếu có, ghi vào cột Ghi chú.',
  'Số theo đúng đơn vị tính ở cột Đơn vị tính. Chỉ tiêu tính bằng % nhập số từ 0 đến 100 (54,5 nghĩa là 54,5%), không gõ dấu %.',
  'Chỉ tiêu đánh giá đạt / chưa đạt: chọn "Đạt" hoặc "Chưa đạt" trong danh sách của ô.',
  'Chỉ tiêu chưa có số liệu thì để trống, không nhập 0.',
  'Không đổi Mã số, không xóa hay thêm dòng, không xóa sheet. Có thể đổi tên sheet, đổi độ rộng cột, in, lưu dạng .xlsx, .xls hay .ods.',
  'Các ô khác được khóa, không có mật khẩu: nếu thật cần sửa, chọn Xem lại (Review) › Bỏ bảo vệ trang tính (Unprotect Sheet); chỗ thay đổi sẽ được nêu khi tổng hợp.',
  'Lưu tệp và gửi lại đúng hạn; giữ nguyên tên tệp nếu có thể.',
];
const HELP_EN = [
  'Type only into the yellow cells of the sheet "Mẫu báo cáo": the actual (year to date, up to the end of the period), last year\'s same period, and a note. The annual target is filled in.',
  'Type numbers, not words ("trên 600"); explanations go in the note column. Use the unit shown; % indicators take 0 to 100 without the % sign.',
  'Pass/fail indicators: pick "Đạt" (met) or "Chưa đạt" (not met) from the cell\'s list. No data: leave the cell empty, not 0.',
  'Do not change the codes or delete rows or sheets. Renaming the sheet, resizing columns and saving as .xls or .ods are fine. The sheet is protected without a password.',
];

function helpSheet(t: TemplateInput, id: string): SheetSpec {
  const rows: (SpecCell | null)[][] = [
    [txt('HƯỚNG DẪN ĐIỀN MẪU BÁO CÁO', 'helpTitle')],
    [txt(`${communeTitle(t.commune)} — kỳ báo cáo: ${t.period.label}`, 'helpHead')],
    [],
    ...HELP_VI.map((s, i) => [txt(`${i + 1}. ${s}`, 'help')]),
    [],
    [txt('Instructions (English)', 'helpHead')],
    ...HELP_EN.map((s) => [txt(`• ${s}`, 'help')]),
    [],
    [txt(`Kế hoạch / plan: ${t.planFile}`)],
    [txt(`Mã mẫu / form id: ${id}`)],
  ];
  const heights = rows.map((r) => {
    const s = typeof r[0]?.v === 'string' ? (r[0].v as string) : '';
    return s.length > 100 ? 15 * Math.ceil(s.length / 100) + 2 : null;
  });
  return {
    key: 'template-help', name: TEMPLATE_HELP_SHEET, rows, widths: [110], merges: [], styles: STYLES, rowHeights: heights,
    print: { orientation: 'portrait', paper: 'A4', fitToWidth: true },
  };
}

/** The very hidden marker sheet: what the form is, and where every indicator row is. */
function markerSheet(t: TemplateInput, id: string, rowOf: { ind: PlanIndicator; row: number }[]): SheetSpec {
  const H = templateHeaders(t.period);
  const rows: (SpecCell | null)[][] = [
    [txt('tonghop'), txt(TEMPLATE_MARK)],
    [txt('id'), txt(id)],
    [txt('plan'), txt(t.planFile)],
    [txt('commune'), txt(t.commune)],
    [txt('period'), txt(t.period.label)],
    [txt('year'), { v: t.period.year }],
    [txt('months'), { v: t.period.months }],
    [txt('parent'), txt(t.plan.parentLabel ?? '')],
    [txt('sheet'), txt(TEMPLATE_SHEET)],
    [txt('header_row'), { v: TEMPLATE_HEADER_ROW }],
    [txt('columns'), ...TEMPLATE_COLUMNS.map((c) => txt(c))],
    [txt('headers'), ...TEMPLATE_COLUMNS.map((c) => txt(H[c]))],
    [txt('rows'), { v: rowOf.length }],
    ...rowOf.map(({ ind, row }) => [txt('row'), { v: row }, txt(ind.code ?? ''), txt(ind.name), txt(ind.unit ?? '')]),
  ];
  return { key: 'template-marker', name: TEMPLATE_MARKER_SHEET, rows, widths: [12, 30], merges: [], styles: {}, state: 'veryHidden' };
}

/** The form of one commune: the main sheet, the instructions, the very hidden marker sheet. */
export function buildTemplate(t: TemplateInput): SheetSpec[] {
  const id = templateId(t.planFile, t.commune, t.period.label);
  const { spec, rowOf } = mainSheet(t, id);
  return [spec, helpSheet(t, id), markerSheet(t, id, rowOf)];
}

/** The custom document properties of a form (docProps/custom.xml): the mark and what it names. */
export function templateProps(t: TemplateInput): { value: string; props: [string, string][] } {
  return {
    value: TEMPLATE_MARK,
    props: [
      ['tonghop-plan', t.planFile],
      ['tonghop-commune', t.commune],
      ['tonghop-period', t.period.label],
    ],
  };
}

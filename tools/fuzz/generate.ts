/**
 * Property-based generator of commune workbooks (fast-check): random layouts, values and quirks, the
 * way communes really send them (FORMATS.md), plus hostile names. Each generated workbook comes with
 * what a correct reader should find in it (for the soft oracle of the fuzzer).
 */
import * as fc from 'fast-check';
import { slug } from '../../src/util/text';
import ExcelJS from 'exceljs';
import type { InputFile } from '../../src/types';

export interface GenIndicator {
  code: string;
  name: string;
  unit: string;
  agg: string;
  dir: 'Tăng' | 'Giảm';
  kind: 'Lũy kế' | 'Thời điểm';
  /** Another unit a commune may write, and how many plan units one of it is. */
  alt?: { unit: string; factor: number };
  yesNo?: boolean;
}

export const GEN_INDICATORS: GenIndicator[] = [
  { code: 'KT01', name: 'Thu ngân sách nhà nước trên địa bàn', unit: 'triệu đồng', agg: 'Tổng', dir: 'Tăng', kind: 'Lũy kế', alt: { unit: 'tỷ đồng', factor: 1000 } },
  { code: 'KT02', name: 'Tổng sản lượng lương thực có hạt', unit: 'tấn', agg: 'Tổng', dir: 'Tăng', kind: 'Lũy kế', alt: { unit: 'tạ', factor: 0.1 } },
  { code: 'KT03', name: 'Diện tích trồng rừng tập trung', unit: 'ha', agg: 'Tổng', dir: 'Tăng', kind: 'Lũy kế', alt: { unit: 'm2', factor: 0.0001 } },
  { code: 'XH01', name: 'Dân số trung bình', unit: 'người', agg: 'Tổng', dir: 'Tăng', kind: 'Thời điểm' },
  { code: 'XH02', name: 'Tỷ lệ hộ nghèo', unit: '%', agg: 'Bình quân', dir: 'Giảm', kind: 'Thời điểm' },
  { code: 'XH03', name: 'Tỷ lệ người dân tham gia bảo hiểm y tế', unit: '%', agg: 'Bình quân theo XH01', dir: 'Tăng', kind: 'Thời điểm' },
  { code: 'XH04', name: 'Giải quyết việc làm mới', unit: 'người', agg: 'Tổng', dir: 'Tăng', kind: 'Lũy kế' },
  { code: 'NTM01', name: 'Xã đạt chuẩn nông thôn mới', unit: 'xã', agg: 'Số xã đạt', dir: 'Tăng', kind: 'Thời điểm', yesNo: true },
  { code: 'AT01', name: 'Số vụ tai nạn giao thông', unit: 'vụ', agg: 'Tổng', dir: 'Giảm', kind: 'Lũy kế' },
];

/** Names that must come out as text everywhere (never a formula, never markup). */
export const HOSTILE_NAMES = [
  '=HYPERLINK("http://x","y")',
  '+cmd',
  '-1+1',
  '@SUM(A1)',
  '<img src=x onerror=alert(1)>',
  "=cmd|' /C calc'!A0",
  '\t=1+1',
  'Xã "Ngoặc" & <Thẻ>',
];

export const GEN_COMMUNES = ['Thanh Hà', 'Đồng Tâm', 'Minh Cầm', 'Lương Mông', 'Nam Sơn', 'Đạp Thanh', 'Hòa An', 'Phú Thịnh', ...HOSTILE_NAMES];

const YEAR = 2020;

function stripMarksLower(s: string): string {
  return slug(s).replace(/-/g, ' ');
}

// ───────────────────────────── the plan ─────────────────────────────

/** The plan every generated commune is judged against: all GEN_INDICATORS, all GEN_COMMUNES. */
export async function makePlan(): Promise<InputFile> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Kế hoạch 2020');
  ws.addRow([`KẾ HOẠCH CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI NĂM ${YEAR}`]);
  ws.addRow([]);
  ws.addRow(['Mã số', 'Chỉ tiêu', 'Đơn vị tính', 'Cách tổng hợp', 'Chiều', 'Loại', 'Toàn huyện', ...GEN_COMMUNES]);
  GEN_INDICATORS.forEach((ind, k) => {
    const targets = GEN_COMMUNES.map((_, c) => (ind.yesNo ? (c % 2 === 0 ? 1 : 0) : ind.unit === '%' ? 50 + ((c * 7 + k) % 40) : 100 * (k + 1) + c * 13));
    ws.addRow([ind.code, ind.name, ind.unit, ind.agg, ind.dir, ind.kind, null, ...targets]);
  });
  return { name: 'ke-hoach.xlsx', data: new Uint8Array(await wb.xlsx.writeBuffer()) };
}

// ───────────────────────────── the commune workbook spec ─────────────────────────────

export type ValueKind =
  | 'number'
  | 'text_vn'
  | 'qualifier'
  | 'percent_text'
  | 'no_value'
  | 'error'
  | 'formula'
  | 'external'
  | 'date'
  | 'boolean'
  | 'negative'
  | 'over100'
  | 'huge'
  | 'junk_text'
  | 'rich_text'
  | 'with_unit';

export interface RowSpec {
  ind: number;
  nameStyle: 'exact' | 'upper' | 'no_marks' | 'spaces' | 'numbered';
  altUnit: boolean;
  actualKind: ValueKind;
  targetKind: ValueKind;
  previousKind: ValueKind;
  /** Base figure, 0..1 scaled per indicator. */
  seed: number;
  /** Number format given to numeric cells. */
  fmt: 'none' | 'thousands' | 'decimal' | 'text' | 'percent';
}

export interface CommuneSpec {
  commune: number;
  communeIn: 'title' | 'title_ubnd' | 'sheet' | 'file' | 'none';
  fileName: 'slug' | 'bc_slug' | 'hostile' | 'long' | 'spaces_unicode' | 'dots';
  period: { kind: 'month' | 'quarter' | 'half' | 'nine' | 'year'; index: number; estimate: boolean; where: 'title' | 'none' | 'sheet' };
  titleRows: number;
  header: 'one' | 'two';
  columns: ('stt' | 'code' | 'unit' | 'target' | 'previous' | 'note')[];
  order: number;
  synonyms: number;
  columnNumberRow: boolean;
  sections: boolean;
  numbering: 'none' | 'dot' | 'decimal' | 'letter' | 'dash';
  rows: RowSpec[];
  signature: boolean;
  extraSheet: 'none' | 'prose' | 'empty' | 'split' | 'hidden_junk';
  sheetName: 'normal' | 'hostile' | 'long' | 'commune';
  leadingBlankCols: number;
  mergedTitle: boolean;
}

const valueKind = fc.constantFrom<ValueKind>(
  'number', 'number', 'number', 'text_vn', 'qualifier', 'percent_text', 'no_value', 'error', 'formula', 'external', 'date',
  'boolean', 'negative', 'over100', 'huge', 'junk_text', 'rich_text', 'with_unit',
);

const rowSpec: fc.Arbitrary<RowSpec> = fc.record({
  ind: fc.integer({ min: 0, max: GEN_INDICATORS.length - 1 }),
  nameStyle: fc.constantFrom('exact', 'exact', 'upper', 'no_marks', 'spaces', 'numbered'),
  altUnit: fc.boolean(),
  actualKind: valueKind,
  targetKind: valueKind,
  previousKind: valueKind,
  seed: fc.double({ min: 0, max: 1, noNaN: true }),
  fmt: fc.constantFrom('none', 'none', 'thousands', 'decimal', 'text', 'percent'),
});

export const communeSpec: fc.Arbitrary<CommuneSpec> = fc.record({
  commune: fc.integer({ min: 0, max: GEN_COMMUNES.length - 1 }),
  communeIn: fc.constantFrom('title', 'title_ubnd', 'sheet', 'file', 'none'),
  fileName: fc.constantFrom('slug', 'slug', 'bc_slug', 'hostile', 'long', 'spaces_unicode', 'dots'),
  period: fc.record({
    kind: fc.constantFrom('month', 'quarter', 'half', 'nine', 'year'),
    index: fc.integer({ min: 1, max: 12 }),
    estimate: fc.boolean(),
    where: fc.constantFrom('title', 'title', 'none', 'sheet'),
  }),
  titleRows: fc.integer({ min: 0, max: 4 }),
  header: fc.constantFrom('one', 'two'),
  columns: fc.subarray(['stt', 'code', 'unit', 'target', 'previous', 'note'] as const),
  order: fc.integer({ min: 0, max: 1000 }),
  synonyms: fc.integer({ min: 0, max: 1000 }),
  columnNumberRow: fc.boolean(),
  sections: fc.boolean(),
  numbering: fc.constantFrom('none', 'dot', 'decimal', 'letter', 'dash'),
  rows: fc.array(rowSpec, { minLength: 0, maxLength: 14 }),
  signature: fc.boolean(),
  extraSheet: fc.constantFrom('none', 'none', 'prose', 'empty', 'split', 'hidden_junk'),
  sheetName: fc.constantFrom('normal', 'normal', 'hostile', 'long', 'commune'),
  leadingBlankCols: fc.integer({ min: 0, max: 2 }),
  mergedTitle: fc.boolean(),
});

// ───────────────────────────── building it ─────────────────────────────

/** What a correct reader finds: the actual (in the plan's unit) of an indicator, for the soft oracle. */
export interface Expected {
  code: string;
  actual: number;
}

export interface Generated {
  file: InputFile;
  commune: string;
  /** Only for clean cases (a normal commune name found by title/file, plain numbers): what the report must say. */
  expected: Expected[];
  spec: CommuneSpec;
}

const SYN: Record<string, string[]> = {
  stt: ['STT', 'TT', 'Số TT'],
  code: ['Mã số', 'Mã', 'MS'],
  name: ['Chỉ tiêu', 'Nội dung', 'Tên chỉ tiêu', 'CHỈ TIÊU', 'Chi tieu'],
  unit: ['Đơn vị tính', 'ĐVT', 'Đơn vị', 'DVT'],
  target: ['Kế hoạch năm', 'KH năm', 'KH giao', 'Kế hoạch', `KH năm ${YEAR}`],
  actual: ['Thực hiện', 'TH', 'Ước TH', 'Thực hiện kỳ báo cáo', 'Lũy kế'],
  previous: ['Cùng kỳ', 'Cùng kỳ năm trước', 'CK', 'Cùng kỳ năm trước'],
  note: ['Ghi chú', 'Ghi chu'],
};

const ROMAN = ['I', 'II', 'III', 'IV'];

function periodText(p: CommuneSpec['period']): { title: string; months: number } {
  switch (p.kind) {
    case 'month': {
      const m = ((p.index - 1) % 12) + 1;
      return { title: `tháng ${m} năm ${YEAR}`, months: m };
    }
    case 'quarter': {
      const q = ((p.index - 1) % 4) + 1;
      return { title: `quý ${ROMAN[q - 1]} năm ${YEAR}`, months: q * 3 };
    }
    case 'half':
      return { title: `6 tháng đầu năm ${YEAR}`, months: 6 };
    case 'nine':
      return { title: `9 tháng năm ${YEAR}`, months: 9 };
    default:
      return { title: `năm ${YEAR}`, months: 12 };
  }
}

function fileNameOf(spec: CommuneSpec, commune: string): string {
  const s = slug(commune) || 'xa';
  switch (spec.fileName) {
    case 'bc_slug':
      return `bc-${s}.xlsx`;
    case 'hostile':
      return `=HYPERLINK("x")+${s}.xlsx`;
    case 'long':
      return `bao-cao-${s}-`.repeat(12) + '.xlsx';
    case 'spaces_unicode':
      return `Báo cáo  ${commune} (bản cuối) ✓.xlsx`;
    case 'dots':
      return `..${s}...xlsx`;
    default:
      return `${s}.xlsx`;
  }
}

function nameVariant(name: string, style: RowSpec['nameStyle'], k: number, numbering: CommuneSpec['numbering']): string {
  let out = name;
  if (style === 'upper') out = name.toUpperCase();
  else if (style === 'no_marks') out = stripMarksLower(name);
  else if (style === 'spaces') out = '  ' + name.replace(/ /g, '  ') + ' ';
  if (style === 'numbered' || numbering !== 'none') {
    const n = numbering === 'letter' ? String.fromCharCode(97 + (k % 26)) + ')' : numbering === 'decimal' ? `1.${k + 1}` : numbering === 'dash' ? '-' : `${k + 1}.`;
    out = `${n} ${out}`;
  }
  return out;
}

/** Vietnamese text of a number: "1.227", "54,5", "4.000,25". */
function vnText(x: number): string {
  const neg = x < 0;
  const [i, f] = Math.abs(x).toFixed(2).replace(/0+$/, '').replace(/\.$/, '').split('.');
  const int = i.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return (neg ? '-' : '') + int + (f ? ',' + f : '');
}

type CellOut = ExcelJS.CellValue;

/** A cell for a value of the given kind; `clean` says whether a reader must get `x` from it exactly. */
function valueCell(kind: ValueKind, x: number, yesNo: boolean, k: number): { v: CellOut; clean: boolean; fmtOk: boolean } {
  if (yesNo && (kind === 'number' || kind === 'text_vn')) return { v: x >= 0.5 ? 'Đạt' : 'Chưa đạt', clean: false, fmtOk: false };
  switch (kind) {
    case 'number':
      return { v: x, clean: true, fmtOk: true };
    case 'text_vn':
      return { v: vnText(x), clean: true, fmtOk: false };
    case 'qualifier':
      return { v: ['trên ', 'hơn ', 'gần ', 'khoảng ', 'ước '][k % 5] + vnText(x), clean: false, fmtOk: false };
    case 'percent_text':
      return { v: vnText(x) + '%', clean: false, fmtOk: false };
    case 'no_value':
      return { v: ['-', 'x', 'k/c', '', ' ', '—'][k % 6], clean: false, fmtOk: false };
    case 'error':
      return k % 2 === 0 ? { v: { error: '#DIV/0!' } as ExcelJS.CellErrorValue, clean: false, fmtOk: false } : { v: { formula: 'A1/0', result: { error: '#DIV/0!' } } as ExcelJS.CellFormulaValue, clean: false, fmtOk: false };
    case 'formula':
      return { v: { formula: `${x}*1`, result: x } as ExcelJS.CellFormulaValue, clean: true, fmtOk: true };
    case 'external':
      return { v: { formula: `[1]Sheet1!B${k + 2}`, result: x } as ExcelJS.CellFormulaValue, clean: false, fmtOk: true };
    case 'date':
      return { v: new Date(Date.UTC(YEAR, 2, 1 + (k % 28))), clean: false, fmtOk: false };
    case 'boolean':
      return { v: k % 2 === 0, clean: false, fmtOk: false };
    case 'negative':
      return { v: -Math.abs(x) - 1, clean: false, fmtOk: true };
    case 'over100':
      return { v: 100 + x + 0.5, clean: false, fmtOk: true };
    case 'huge':
      return { v: [1e308, -1e308, Number.MAX_SAFE_INTEGER * 1024, 5e-324][k % 4], clean: false, fmtOk: true };
    case 'junk_text':
      return { v: ['12,5 tr', '1,2,3', 'N/A', '1.2.3.4', '1e5', '١٢٣', '=1+1', '#REF!'][k % 8], clean: false, fmtOk: false };
    case 'rich_text':
      return { v: { richText: [{ text: 'trên ' }, { text: vnText(x), font: { bold: true } }] }, clean: false, fmtOk: false };
    case 'with_unit':
      return { v: `${vnText(x)} người`, clean: false, fmtOk: false };
  }
}

const FMTS: Record<RowSpec['fmt'], string | undefined> = {
  none: undefined,
  thousands: '#,##0',
  decimal: '#,##0.00',
  text: '@',
  percent: '0.0%',
};

function shuffle<T>(list: T[], seed: number): T[] {
  const out = [...list];
  let s = seed + 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function sheetNameOf(spec: CommuneSpec, commune: string, k: number): string {
  const base = k === 0 ? 'Kinh tế' : 'VH-XH';
  switch (spec.sheetName) {
    case 'hostile':
      return ['=SUM(A1)', '+cmd', '<i>x', "@x'y"][k % 4] + (k ? ` ${k}` : '');
    case 'long':
      return (`${k + 1}. Báo cáo chỉ tiêu kinh tế xã hội`).slice(0, 31);
    case 'commune':
      return (`${commune} ${k || ''}`.trim().replace(/[\\/?*[\]:]/g, ' ').slice(0, 31)) || base;
    default:
      return base;
  }
}

/** Build the workbook a spec describes. Deterministic. */
export async function buildCommune(spec: CommuneSpec): Promise<Generated> {
  const commune = GEN_COMMUNES[spec.commune];
  const hostileCommune = HOSTILE_NAMES.includes(commune);
  const period = periodText(spec.period);
  const wb = new ExcelJS.Workbook();
  const expected: Expected[] = [];

  // Which columns, in which order (name and actual always).
  const roles = shuffle(['name', 'actual', ...spec.columns] as string[], spec.order);
  // STT first when present: the usual place.
  if (roles.includes('stt')) roles.splice(roles.indexOf('stt'), 1), roles.unshift('stt');
  const pick = (role: string) => SYN[role][spec.synonyms % SYN[role].length];

  const rowsBySheet: RowSpec[][] = spec.extraSheet === 'split' ? [spec.rows.filter((_, i) => i % 2 === 0), spec.rows.filter((_, i) => i % 2 === 1)] : [spec.rows];
  const seen = new Set<string>();

  rowsBySheet.forEach((rows, sheetNo) => {
    const ws = wb.addWorksheet(sheetNameOf(spec, commune, sheetNo));
    const c0 = 1 + spec.leadingBlankCols;
    let r = 1;
    const titles: string[] = [];
    if (spec.communeIn === 'title') titles.push(`UBND XÃ ${commune.toUpperCase()}`);
    if (spec.communeIn === 'title_ubnd') titles.push(`Đơn vị báo cáo: Xã ${commune}`);
    const pTitle = spec.period.where === 'title' ? ` ${spec.period.estimate ? 'ƯỚC ' : ''}${period.title.toUpperCase()}` : '';
    titles.push(`BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI${pTitle}`);
    for (let t = 0; t < spec.titleRows; t++) titles.push(['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', `(Kèm theo Báo cáo số ${t + 1}/BC-UBND)`, ''][t % 4]);
    for (const t of titles) {
      ws.getCell(r, c0).value = t;
      if (spec.mergedTitle && t) ws.mergeCells(r, c0, r, c0 + roles.length - 1);
      r++;
    }
    r++;
    // Header
    const headerTop = r;
    if (spec.header === 'two') {
      roles.forEach((role, i) => {
        const c = c0 + i;
        if (role === 'actual') {
          ws.getCell(r, c).value = 'Thực hiện';
          ws.getCell(r + 1, c).value = `Lũy kế ${period.months} tháng`;
        } else if (role === 'target') {
          ws.getCell(r, c).value = 'Kế hoạch';
          ws.getCell(r + 1, c).value = `Năm ${YEAR}`;
        } else {
          ws.getCell(r, c).value = pick(role);
          ws.mergeCells(r, c, r + 1, c);
        }
      });
      r += 2;
    } else {
      roles.forEach((role, i) => (ws.getCell(r, c0 + i).value = pick(role)));
      r++;
    }
    void headerTop;
    if (spec.columnNumberRow) {
      roles.forEach((_, i) => (ws.getCell(r, c0 + i).value = i < 3 ? String.fromCharCode(65 + i) : String(i - 2)));
      r++;
    }
    let section = 0;
    rows.forEach((row, k) => {
      const ind = GEN_INDICATORS[row.ind];
      if (spec.sections && k % 4 === 0) {
        ws.getCell(r, c0 + roles.indexOf('name')).value = `${ROMAN[section % 4]}. ${section % 2 === 0 ? 'KINH TẾ' : 'VĂN HÓA - XÃ HỘI'}`;
        section++;
        r++;
      }
      const useAlt = row.altUnit && !!ind.alt;
      const unit = useAlt ? ind.alt!.unit : ind.unit;
      const scale = ind.unit === '%' ? 100 : ind.yesNo ? 1 : 10 ** (1 + (row.ind % 4));
      const actualPlan = ind.yesNo ? (row.seed >= 0.5 ? 1 : 0) : Math.round(row.seed * scale * 100) / 100;
      const written = useAlt ? actualPlan / ind.alt!.factor : actualPlan;
      const fmt = FMTS[row.fmt];
      roles.forEach((role, i) => {
        const cell = ws.getCell(r, c0 + i);
        switch (role) {
          case 'stt':
            cell.value = k + 1;
            break;
          case 'code':
            cell.value = ind.code;
            break;
          case 'name':
            cell.value = nameVariant(ind.name, row.nameStyle, k, spec.numbering);
            break;
          case 'unit':
            cell.value = unit;
            break;
          case 'note':
            cell.value = k % 3 === 0 ? 'Số liệu ước' : null;
            break;
          default: {
            const kind = role === 'actual' ? row.actualKind : role === 'target' ? row.targetKind : row.previousKind;
            const x = role === 'actual' ? written : role === 'target' ? written * 2 : written * 0.9;
            const vc = valueCell(kind, x, !!ind.yesNo, k + i);
            cell.value = vc.v;
            if (fmt && vc.fmtOk) cell.numFmt = fmt;
            if (role === 'actual' && vc.clean && !useAlt && (!fmt || fmt === '#,##0.00' || fmt === '#,##0') && !seen.has(ind.code)) {
              expected.push({ code: ind.code, actual: x });
            }
          }
        }
      });
      seen.add(ind.code);
      r++;
    });
    if (spec.signature) {
      r++;
      ws.getCell(r, c0 + 1).value = 'Người lập biểu';
      ws.getCell(r, c0 + 3).value = 'TM. UBND XÃ';
      r++;
      ws.getCell(r, c0 + 3).value = 'CHỦ TỊCH';
      r += 3;
      ws.getCell(r, c0 + 1).value = 'Nguyễn Văn A';
    }
  });

  if (spec.extraSheet === 'prose') {
    const ws = wb.addWorksheet('Thuyết minh');
    ws.getCell('A1').value = 'Thuyết minh số liệu: trong quý, xã đã tập trung chỉ đạo sản xuất vụ Xuân.';
    ws.getCell('A2').value = 'Thu ngân sách đạt 56,84% KH.';
  } else if (spec.extraSheet === 'empty') {
    wb.addWorksheet('Sheet3');
  } else if (spec.extraSheet === 'hidden_junk') {
    const ws = wb.addWorksheet('Dữ liệu ẩn', { state: 'hidden' });
    for (let i = 1; i <= 30; i++) ws.addRow([i, `=${i}`, { formula: `A${i}*2`, result: i * 2 }, { error: '#REF!' }]);
  }

  const fileName = spec.communeIn === 'file' ? fileNameOf({ ...spec, fileName: spec.fileName === 'hostile' ? 'slug' : spec.fileName }, commune) : fileNameOf(spec, commune);
  const data = new Uint8Array(await wb.xlsx.writeBuffer());
  // The oracle holds only where a reader has no excuse: a plain name found in the title or the file name,
  // a period in the title, one header layout it must know, every row a different indicator.
  // A hostile sheet name ("=SUM(A1)") folds like the plan's hostile commune "@SUM(A1)": a sheet named like a commune
  // of the plan rightly names the commune, so such a case has no single right answer.
  const cleanCase =
    !hostileCommune &&
    spec.sheetName !== 'hostile' &&
    (spec.communeIn === 'title' || spec.communeIn === 'title_ubnd' || (spec.communeIn === 'file' && (spec.fileName === 'slug' || spec.fileName === 'bc_slug'))) &&
    spec.period.where === 'title';
  return { file: { name: fileName, data }, commune, expected: cleanCase ? expected : [], spec };
}

/** `n` commune specs from a seed (fast-check's own generator, so a seed reproduces a run). */
export function sampleSpecs(n: number, seed: number): CommuneSpec[] {
  return n <= 0 ? [] : fc.sample(communeSpec, { seed, numRuns: n });
}

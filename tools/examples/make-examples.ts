/**
 * Builds the bundled example (`npm run examples:make`): examples/ke-hoach-2024.xlsx (the 2024 plan
 * of the fictional huyện Tân Phong) and examples/xa/*.xlsx|xlsm|xls|ods — 15 commune reports for
 * "6 tháng đầu năm 2024", each laid out differently, the way communes really send them, some in the
 * hard layouts of FORMATS.md (see examples/README.md). The 16th commune of the plan, Sơn Thủy, sends nothing.
 *
 * Deterministic: figures from a fixed seed (data.ts), fixed document dates, fixed zip entry
 * dates; the .xls and .ods files are written by SheetJS CE, which stamps no time of its own;
 * running it twice gives the same bytes.
 */
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot } from '../repo';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { formatNumber } from '../../src/util/format';
import {
  COMMUNES,
  DATA,
  DISTRICT,
  INDICATORS,
  PARENT_LABEL,
  SECTIONS,
  YEAR,
  round,
  type ExampleIndicator,
  type Figures,
} from './data';
import * as XLSX from '@e965/xlsx';
import { makeCungKy } from './make-cung-ky';
import { COL, SheetPen, signatureBlock, writeTable, type CellInput, type ColumnDef, type Role, type TableItem, type TableSpec, type ValueItem } from './sheet-kit';

/** Fixed date stamped in every file (document properties and zip entries). */
export const FIXED_DATE = new Date(Date.UTC(2024, 5, 20, 8, 0, 0));

const IND: Record<string, ExampleIndicator> = Object.fromEntries(INDICATORS.map((i) => [i.code, i]));

function fig(commune: string, code: string): Figures {
  return DATA.figures[commune][code];
}

function newWorkbook(creator: string): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = creator;
  wb.lastModifiedBy = creator;
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  return wb;
}

/**
 * A commune's workbook (made by "UBND xã <commune>") with one sheet `sheet`: "UBND XÃ <COMMUNE>" at A1:C1 and the
 * report's TITLE across the first `titleCols` columns of row 3, both bold.
 */
function communeSheet(commune: string, sheet: string, titleCols: number): { wb: ExcelJS.Workbook; pen: SheetPen } {
  const wb = newWorkbook(`UBND xã ${commune}`);
  const pen = new SheetPen(wb.addWorksheet(sheet));
  pen.band(1, 1, 3, `UBND XÃ ${commune}`.toUpperCase(), { bold: true });
  pen.band(3, 1, titleCols, TITLE, { bold: true });
  return { wb, pen };
}

/** Workbook → bytes with fixed zip entry dates; for .xlsm the workbook part is declared macro-enabled. */
export async function workbookBytes(wb: ExcelJS.Workbook, macroEnabled = false): Promise<Buffer> {
  const raw = (await wb.xlsx.writeBuffer()) as ArrayBuffer;
  const src = await JSZip.loadAsync(raw);
  const out = new JSZip();
  for (const name of Object.keys(src.files)) {
    const entry = src.files[name];
    if (entry.dir) continue;
    let data: Uint8Array | string = await entry.async('uint8array');
    if (macroEnabled && name === '[Content_Types].xml') {
      data = Buffer.from(data)
        .toString('utf8')
        .replace('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml', 'application/vnd.ms-excel.sheet.macroEnabled.main+xml');
    }
    out.file(name, data, { date: FIXED_DATE, createFolders: false });
  }
  return out.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}

/**
 * Workbook → .xls (Excel 97-2003, BIFF8) or .ods bytes, written by SheetJS CE from the .xlsx: values, cached
 * formula results (.xls keeps no formulas, .ods keeps them), merges, number formats and, in .xls, the sheet
 * state. Deterministic: SheetJS stamps no time of its own (the document dates are FIXED_DATE's), so running it
 * twice gives the same bytes.
 */
export async function sheetJsBytes(wb: ExcelJS.Workbook, bookType: 'xls' | 'ods'): Promise<Buffer> {
  const book = XLSX.read(await workbookBytes(wb), { type: 'buffer', cellFormula: true, cellNF: true, cellDates: false, cellStyles: false });
  return XLSX.write(book, { bookType, type: 'buffer', compression: true }) as Buffer;
}

/** The bytes of a file of the example, by its name's extension. */
export async function fileBytes(name: string, wb: ExcelJS.Workbook): Promise<Buffer> {
  if (name.endsWith('.xls')) return sheetJsBytes(wb, 'xls');
  if (name.endsWith('.ods')) return sheetJsBytes(wb, 'ods');
  return workbookBytes(wb, name.endsWith('.xlsm'));
}

// ───────────────────────────── the plan ─────────────────────────────

export function buildPlan(): ExcelJS.Workbook {
  const wb = newWorkbook('Phòng Tài chính - Kế hoạch huyện Tân Phong');
  const ws = wb.addWorksheet(`KH ${YEAR}`, { views: [{ state: 'frozen', xSplit: 3, ySplit: 4 }] });
  const pen = new SheetPen(ws);
  const ncol = 7 + COMMUNES.length;
  pen.band(1, 1, ncol, `KẾ HOẠCH CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI NĂM ${YEAR} - HUYỆN ${DISTRICT.toUpperCase()}`, { bold: true, size: 14 });
  pen.band(2, 1, ncol, `(Kèm theo Quyết định số 45/QĐ-UBND ngày 15/01/${YEAR} của UBND huyện ${DISTRICT})`, { italic: true });
  const head = ['Mã số', 'Chỉ tiêu', 'Đơn vị tính', 'Cách tổng hợp', 'Chiều', 'Loại', PARENT_LABEL, ...COMMUNES.map((c) => c.name)];
  head.forEach((h, i) => pen.set(4, i + 1, h, { bold: true, center: true, wrap: true, border: true }));
  INDICATORS.forEach((ind, k) => {
    const r = 5 + k;
    const t = DATA.parentTargets[ind.code];
    const row: CellInput[] = [ind.code, ind.name, ind.unit, ind.aggregation, ind.direction, ind.kind, t, ...COMMUNES.map((c) => fig(c.name, ind.code).target)];
    row.forEach((v, i) =>
      pen.set(r, i + 1, v ?? null, {
        border: true,
        wrap: i === 1,
        center: i === 0 || (i >= 2 && i <= 5),
        numFmt: typeof v === 'number' ? (ind.digits === 0 || Number.isInteger(v) ? '#,##0' : '#,##0.0#') : undefined,
      }),
    );
  });
  pen.widths([8, 44, 12, 20, 8, 11, 12, ...COMMUNES.map(() => 11)]);
  ws.getRow(4).height = 32;
  return wb;
}

// ───────────────────────────── common pieces of commune files ─────────────────────────────

/** Items in the plan's order, optionally with section rows and sub-items of KT03 (lúa, ngô). */
function items(
  o: { sections?: 'roman' | 'roman-dot' | 'decimal' | 'none'; stt?: 'number' | 'decimal' | 'none'; subs?: boolean; codes?: string[]; totals?: boolean } = {},
): TableItem[] {
  const list: TableItem[] = [];
  const codes = o.codes ?? INDICATORS.map((i) => i.code);
  let section = '';
  let si = 0;
  let n = 0;
  let inSection = 0;
  const roman = ['I', 'II', 'III', 'IV'];
  for (const code of codes) {
    const ind = IND[code];
    if (ind.section !== section && (o.sections ?? 'none') !== 'none') {
      if (o.totals && si > 0) list.push({ kind: 'total', name: `Cộng mục ${roman[si - 1]}`, over: 'section' });
      section = ind.section;
      si++;
      inSection = 0;
      const stt = o.sections === 'decimal' ? `${si}.` : o.sections === 'roman-dot' ? `${roman[si - 1]}.` : roman[si - 1];
      list.push({ kind: 'section', stt, text: SECTIONS[ind.section] });
    }
    n++;
    inSection++;
    const stt = o.stt === 'none' ? undefined : o.stt === 'decimal' ? `${si}.${inSection}` : String(n);
    list.push({ kind: 'indicator', key: code, stt });
    if (o.subs && code === 'KT03') {
      list.push({ kind: 'sub', key: code, name: '- Lúa', part: 'rice' });
      list.push({ kind: 'sub', key: code, name: '- Ngô', part: 'maize' });
    }
  }
  if (o.totals && si > 0) {
    list.push({ kind: 'total', name: `Cộng mục ${roman[si - 1]}`, over: 'section' });
    list.push({ kind: 'total', name: 'TỔNG CỘNG', over: 'sections' });
  }
  return list;
}

/** Share of rice in the grain output: the rest is maize. */
const RICE = 0.82;

function subValue(total: number): { rice: number; maize: number; sum: number } {
  const rice = round(total * RICE, 1);
  const maize = round(total - rice, 1);
  return { rice, maize, sum: rice + maize };
}

interface ValueOptions {
  commune: string;
  /** Unit written for a code, and the factor from the plan's unit to it. */
  units?: Record<string, { unit: string; factor: number; digits: number }>;
  /** Write numbers as Vietnamese text ("1.227", "54,5"). */
  asText?: boolean;
  /** Write numbers as English text, as a program set to English does ("1,227.50", "12,000"). */
  enText?: boolean;
  /** Other figures than the commune's 2024 ones (last year's copy of the table). */
  figures?: Record<string, Figures>;
  /** "%" after percentages written as text. */
  percentSign?: boolean;
  /** KT07 written as "Đạt"/"Chưa đạt". */
  datWords?: boolean;
  /** SUM formulas over sub-items, ROUND formulas in ratio columns. */
  formulas?: boolean;
  /** Per code and role: a value that replaces the default. */
  overrides?: Record<string, Partial<Record<Role, CellInput | ((ctx: { row: number }) => CellInput)>>>;
  /** The commune's own target, where it differs from the plan. */
  ownTargets?: Record<string, number>;
  /** Names as written, per code. */
  names?: Record<string, string>;
  notes?: Record<string, string>;
}

/** The value of a cell for the standard roles. */
function valueOf(o: ValueOptions, item: ValueItem, role: Role, ctx: { addr: (r: Role) => string | null; subRows: number[]; row: number }): CellInput {
  const code = item.key;
  const ind = IND[code];
  const f = o.figures?.[code] ?? fig(o.commune, code);
  const ov = o.overrides?.[code];
  if (item.kind === 'indicator' && ov && role in ov) {
    const v = ov[role];
    return typeof v === 'function' ? v(ctx) : v;
  }
  const conv = o.units?.[code];
  const digits = conv?.digits ?? ind.digits;
  const scale = (x: number | null) => (x === null ? null : conv ? round(x * conv.factor, digits) : x);
  const isTown = COMMUNES.find((c) => c.name === o.commune)?.type === 'thị trấn';
  const noValue = isTown && (code === 'KT07' || code === 'KT08');
  const num = (x: number | null): CellInput => {
    if (x === null) return null;
    if (o.enText) return enNumber(x, digits);
    if (o.asText) return formatNumber(x, digits) + (o.percentSign && ind.unit === '%' ? '%' : '');
    if (o.percentSign && ind.unit === '%') return formatNumber(x, digits) + '%';
    return x;
  };
  const dat = (x: number | null): CellInput => (x === null ? null : o.datWords ? (x >= 1 ? 'Đạt' : 'Chưa đạt') : num(x));

  if (item.kind === 'sub') {
    const s = subValue(f.actual);
    const sPrev = subValue(f.previous);
    const pick = (v: { rice: number; maize: number }) => (item.part === 'rice' ? v.rice : v.maize);
    switch (role) {
      case 'name':
        return item.name;
      case 'unit':
        return conv?.unit ?? ind.unit;
      case 'actual':
        return num(scale(pick(s)));
      case 'previous':
        return num(scale(pick(sPrev)));
      default:
        return null;
    }
  }

  const target = o.ownTargets?.[code] ?? f.target;
  switch (role) {
    case 'stt':
      return item.stt === undefined ? null : /^\d+$/.test(item.stt) ? Number(item.stt) : item.stt;
    case 'code':
      return code;
    case 'name':
      return o.names?.[code] ?? ind.name;
    case 'unit':
      return conv?.unit ?? ind.unit;
    case 'target':
      if (noValue) return null;
      return code === 'KT07' ? dat(target) : num(scale(target));
    case 'actual':
    case 'month': {
      if (noValue) return null;
      const x = role === 'month' && ind.kind === 'Lũy kế' ? f.month : f.actual;
      if (code === 'KT07') return dat(x);
      if (role === 'actual' && o.formulas && ctx.subRows.length && !o.asText) {
        const col = ctx.addr('actual')!.replace(/\d+$/, '');
        const s = subValue(f.actual);
        return { formula: `SUM(${col}${ctx.subRows[0]}:${col}${ctx.subRows[ctx.subRows.length - 1]})`, result: scale(s.sum)! };
      }
      if (role === 'actual' && ctx.subRows.length) return num(scale(subValue(f.actual).sum));
      return num(scale(x));
    }
    case 'previous': {
      if (noValue || code === 'KT07') return null;
      if (o.formulas && ctx.subRows.length && !o.asText) {
        const col = ctx.addr('previous')!.replace(/\d+$/, '');
        return { formula: `SUM(${col}${ctx.subRows[0]}:${col}${ctx.subRows[ctx.subRows.length - 1]})`, result: scale(subValue(f.previous).sum)! };
      }
      if (ctx.subRows.length) return num(scale(subValue(f.previous).sum));
      return num(scale(f.previous));
    }
    case 'pctPlan':
    case 'pctPrev': {
      if (noValue || code === 'KT07') return null;
      const base = role === 'pctPlan' ? target : f.previous;
      const actual = ctx.subRows.length ? subValue(f.actual).sum : f.actual;
      const baseV = role === 'pctPlan' ? base : ctx.subRows.length ? subValue(f.previous).sum : base;
      if (baseV === null || baseV === 0) return null;
      const result = round((actual / baseV) * 100, 2);
      if (o.formulas && !o.asText) {
        const a = ctx.addr('actual');
        const b = ctx.addr(role === 'pctPlan' ? 'target' : 'previous');
        if (a && b) return { formula: `ROUND(${a}/${b}*100,2)`, result };
      }
      return o.asText ? formatNumber(result, 2) : result;
    }
    case 'note':
      return o.notes?.[code] ?? null;
    default:
      return null;
  }
}

/** A number as English-style text, as a program set to English writes it: "1,227.50", "12,000". */
export function enNumber(x: number, digits: number): string {
  const [int, frac] = Math.abs(x).toFixed(digits > 0 ? Math.max(2, digits) : 0).split('.');
  return (x < 0 ? '-' : '') + int.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac ? `.${frac}` : '');
}

function numFmtFor(role: Role, item: TableItem): string | undefined {
  if (item.kind !== 'indicator' && item.kind !== 'sub') return undefined;
  const ind = IND[item.key];
  if (role === 'pctPlan' || role === 'pctPrev') return '0.0';
  if (role === 'stt') return undefined;
  return ind.digits === 0 ? '#,##0' : '#,##0.0#';
}

function table(pen: SheetPen, startRow: number, cols: ColumnDef[], list: TableItem[], o: ValueOptions, extra: Partial<TableSpec> = {}): number {
  return writeTable({
    pen,
    startRow,
    cols,
    items: list,
    value: (item, role, ctx) => valueOf(o, item, role, ctx),
    numFmt: numFmtFor,
    ...extra,
  });
}

/** Kim Liên's own budget target, which differs from the plan's. */
const KIM_LIEN_KT01 = (fig('Kim Liên', 'KT01').target ?? 0) + 250;

/** Thanh Xuân's numbers with words around them. */
const TX_KT03 = `khoảng ${formatNumber(Math.round(fig('Thanh Xuân', 'KT03').actual / 10) * 10, 0)}`;
const TX_XH04 = `trên ${formatNumber(fig('Thanh Xuân', 'XH04').actual, 0)}`;

/** Tân Hiệp's figures as a spreadsheet's binary arithmetic leaves them. */
const TH_KT05 = fig('Tân Hiệp', 'KT05').actual + 1e-14;
const TH_KT06 = fig('Tân Hiệp', 'KT06').actual + 4.4e-16;

/** Examples of Phú Thịnh's numbers as text, and of Minh Khai's percentages. */
const PT_SAMPLES = [
  formatNumber(fig('Phú Thịnh', 'KT01').target, 1),
  formatNumber(fig('Phú Thịnh', 'KT01').actual, 1),
  formatNumber(fig('Phú Thịnh', 'KT05').actual, 2),
]
  .map((x) => `"${x}"`)
  .join(', ');
const MK_PCT = `${formatNumber(fig('Minh Khai', 'KT05').actual, 2)}%`;

/** Last year's copy of a commune's table (the hidden sheet of Quảng Lợi): 2023's figures, as 2024's "cùng kỳ". */
function lastYear(commune: string): Record<string, Figures> {
  const out: Record<string, Figures> = {};
  for (const ind of INDICATORS) {
    const f = fig(commune, ind.code);
    const d = ind.digits;
    out[ind.code] = {
      target: f.target === null ? null : round(f.target * 0.95, d),
      actual: f.previous,
      month: ind.kind === 'Lũy kế' && f.actual ? round((f.previous * f.month) / f.actual, d) : f.previous,
      previous: round(f.previous / 1.05, d),
    };
  }
  return out;
}

/** Đông Sơn's names, reworded with the common abbreviations (no code column: matched by meaning). */
export const DS_NAMES: Record<string, string> = {
  KT01: 'Tổng thu NSNN trên địa bàn xã',
  KT02: 'DT gieo trồng cây hằng năm',
  KT03: 'SL lương thực có hạt',
  KT04: 'DT trồng rừng tập trung',
  KT05: 'TỶ LỆ CHE PHỦ RỪNG',
  KT06: 'Đường GTNT được cứng hóa',
  KT07: 'Xã đạt chuẩn NTM',
  KT08: 'Số tiêu chí NTM đã đạt',
  XH03: 'Tỷ lệ người dân tham gia BHYT',
  XH04: 'Số LĐ được giải quyết việc làm',
  XH05: 'Tỷ lệ hộ dân dùng nước sạch hợp vệ sinh',
  XH06: 'Tai nạn giao thông (số vụ)',
  XD01: 'Tỷ lệ TCCS đảng hoàn thành tốt nhiệm vụ',
};
const DS_SAMPLES = ['KT01', 'XH04', 'KT06', 'XH06'].map((k) => `"${DS_NAMES[k]}"`).join(', ');

/** Bình Minh's file, named the way its clerk typed it. */
const BM_FILE = 'BC 6T - Xa Binh Minh (gui huyen).xlsx';

/** Yên Lạc's units, written inside the names (no unit column), and the rows in another unit than the plan's. */
const YL_SUFFIX: Record<string, string> = {
  KT01: ' (tỷ đồng)', KT02: ', ha', KT03: ' (tạ)', KT04: ' (m2)', KT05: ' (ĐVT: %)', KT06: ' (km)', KT07: ' (xã)',
  KT08: ' (ĐVT: tiêu chí)', XH01: ' (người)', XH02: ' (%)', XH03: ' (%)', XH04: ' (người)', XH05: ' (%)', XH06: ' (vụ)', XD01: ' (%)',
};
export const YL_NAMES: Record<string, string> = Object.fromEntries(INDICATORS.map((i) => [i.code, i.name + YL_SUFFIX[i.code]]));
const YL_UNITS: ValueOptions['units'] = {
  KT01: { unit: 'tỷ đồng', factor: 0.001, digits: 4 },
  KT03: { unit: 'tạ', factor: 10, digits: 0 },
  KT04: { unit: 'm2', factor: 10000, digits: 0 },
};
const YL_SAMPLES = ['KT01', 'KT02', 'KT03', 'KT04', 'KT05'].map((k) => `"${YL_NAMES[k]}"`).join(', ');

/** Tân Hiệp's numbers as English-style text; its population, a text whose reading depends on the style. */
const TH_POP = enNumber(fig('Tân Hiệp', 'XH01').actual, 0);
const TH_SAMPLES = [enNumber(fig('Tân Hiệp', 'KT03').actual, 1), enNumber(fig('Tân Hiệp', 'KT01').target!, 1), enNumber(fig('Tân Hiệp', 'XH01').actual, 0)]
  .map((x) => `"${x}"`)
  .join(', ');

const TITLE = `BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI 6 THÁNG ĐẦU NĂM ${YEAR}`;

/** The first columns of the communes' tables drawn the usual way: STT, Mã số, Chỉ tiêu, ĐVT, Kế hoạch năm. */
const LEAD_COLS = [COL.stt, COL.code, COL.name, COL.unit, COL.target];

// ───────────────────────────── the 15 communes ─────────────────────────────

export interface ExampleFile {
  file: string;
  commune: string;
  /** What the file shows (Vietnamese, English), for examples/README.md. */
  vi: string;
  en: string;
  build: () => ExcelJS.Workbook;
}

export const FILES: ExampleFile[] = [
  {
    file: 'tt-phu-loc.xlsx',
    commune: 'Thị trấn Phú Lộc',
    vi: 'Tiêu đề "UBND HUYỆN TÂN PHONG / UBND THỊ TRẤN PHÚ LỘC" và quốc hiệu; dòng đánh số cột (A, B, C, D, 1, 2, 3, 4=2/1, 5=2/3); công thức có sẵn kết quả (=SUM hai dòng con "- Lúa", "- Ngô"; các cột tỷ lệ =ROUND(...)); thị trấn để trống chỉ tiêu nông thôn mới.',
    en: 'Title rows "UBND HUYỆN TÂN PHONG / UBND THỊ TRẤN PHÚ LỘC" beside the national motto; a column-number row (A, B, C, D, 1, 2, 3, 4=2/1, 5=2/3); formulas with cached results (=SUM of the sub-rows "- Lúa", "- Ngô"; ratio columns =ROUND(...)); the town leaves the new-rural-area rows empty.',
    build: () => {
      const c = 'Thị trấn Phú Lộc';
      const wb = newWorkbook('Văn phòng HĐND-UBND thị trấn');
      const pen = new SheetPen(wb.addWorksheet('Biểu KT-XH'));
      pen.band(1, 1, 3, `UBND HUYỆN ${DISTRICT.toUpperCase()}`);
      pen.band(2, 1, 3, 'UBND THỊ TRẤN PHÚ LỘC', { bold: true });
      pen.band(1, 5, 9, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true });
      pen.band(2, 5, 9, 'Độc lập - Tự do - Hạnh phúc', { bold: true });
      pen.band(4, 1, 9, TITLE, { bold: true, size: 13 });
      pen.band(5, 1, 9, `(Kèm theo Báo cáo số 112/BC-UBND ngày 20/6/${YEAR} của UBND thị trấn Phú Lộc)`, { italic: true });
      const next = table(
        pen,
        7,
        [
          { role: 'stt', head: 'STT', width: 6 },
          COL.code,
          { role: 'name', head: 'Chỉ tiêu', width: 42 },
          COL.unit,
          { role: 'target', head: `Kế hoạch năm ${YEAR}`, width: 13 },
          { role: 'actual', head: 'Ước thực hiện 6 tháng', width: 13 },
          { role: 'previous', head: `Cùng kỳ năm ${YEAR - 1}`, width: 13 },
          { role: 'pctPlan', head: 'So với KH năm (%)', width: 11 },
          { role: 'pctPrev', head: 'So với cùng kỳ (%)', width: 11 },
        ],
        items({ subs: true }),
        { commune: c, formulas: true },
        { numberRow: ['A', 'B', 'C', 'D', '1', '2', '3', '4=2/1', '5=2/3'] },
      );
      signatureBlock(pen, next + 1, 3, 7, { place: 'Phú Lộc', date: `ngày 20 tháng 6 năm ${YEAR}`, maker: 'Trần Thị Mai', chair: 'Nguyễn Văn Hùng' });
      return wb;
    },
  },
  {
    file: 'hoa-an.xlsx',
    commune: 'Hòa An',
    vi: 'Tiêu đề hai tầng có ô gộp: "Thực hiện" trên "Tháng 6" và "Lũy kế 6 tháng", "So sánh (%)" trên "KH" và "CK" (số liệu lấy cột lũy kế); "Chưa đạt" cho chỉ tiêu nông thôn mới; khối chữ ký (Người lập biểu, Chủ tịch) và "Nơi nhận" dưới bảng.',
    en: 'A two-level merged header: "Thực hiện" over "Tháng 6" and "Lũy kế 6 tháng", "So sánh (%)" over "KH" and "CK" (the year-to-date column is the actual); "Chưa đạt" for the new-rural-area indicator; a signature block and "Nơi nhận" under the table.',
    build: () => {
      const c = 'Hòa An';
      const wb = newWorkbook('UBND xã Hòa An');
      const pen = new SheetPen(wb.addWorksheet('6 thang'));
      pen.band(1, 1, 3, 'UBND XÃ HÒA AN', { bold: true });
      pen.band(2, 1, 3, 'Số: 85/BC-UBND');
      pen.band(4, 1, 11, 'BÁO CÁO', { bold: true, size: 14 });
      pen.band(5, 1, 11, `Kết quả thực hiện các chỉ tiêu kinh tế - xã hội 6 tháng đầu năm ${YEAR}`, { bold: true });
      const next = table(
        pen,
        7,
        [
          COL.stt,
          COL.code,
          { role: 'name', head: 'Chỉ tiêu', width: 40 },
          COL.dvt,
          { role: 'target', head: `KH năm ${YEAR}`, width: 11 },
          { role: 'month', head: 'Thực hiện', sub: 'Tháng 6', width: 10 },
          { role: 'actual', head: 'Thực hiện', sub: 'Lũy kế 6 tháng', width: 11 },
          { role: 'previous', head: 'Cùng kỳ năm trước', width: 11 },
          { role: 'pctPlan', head: 'So sánh (%)', sub: 'KH', width: 8 },
          { role: 'pctPrev', head: 'So sánh (%)', sub: 'CK', width: 8 },
          COL.note,
        ],
        items(),
        { commune: c, formulas: true, datWords: true },
      );
      signatureBlock(pen, next + 1, 3, 8, { place: 'Hòa An', date: `ngày 22 tháng 6 năm ${YEAR}`, maker: 'Lê Thị Hoa', chair: 'Phạm Văn Thành', recipients: true });
      return wb;
    },
  },
  {
    file: 'bc-phu-thinh.xlsx',
    commune: 'Phú Thịnh',
    vi: `Tên cột không dấu (Ma so, Chi tieu, Don vi tinh, Ke hoach nam, Thuc hien, Cung ky nam truoc); mọi số viết dạng chữ kiểu Việt Nam: ${PT_SAMPLES}; tên xã lấy từ tiêu đề và tên tệp.`,
    en: `Header words without diacritics (Ma so, Chi tieu, Don vi tinh, Ke hoach nam, Thuc hien, Cung ky nam truoc); every number written as Vietnamese text: ${PT_SAMPLES}; the commune is named in the title and the file name.`,
    build: () => {
      const c = 'Phú Thịnh';
      const wb = newWorkbook('openpyxl');
      const pen = new SheetPen(wb.addWorksheet('Sheet1'), 'Arial', 10);
      pen.set(1, 1, 'UBND XÃ PHÚ THỊNH', { bold: true });
      pen.set(2, 1, `BAO CAO CHI TIEU KINH TE - XA HOI 6 THANG DAU NAM ${YEAR}`, { bold: true });
      table(
        pen,
        4,
        [
          COL.stt,
          { role: 'code', head: 'Ma so', width: 8 },
          { role: 'name', head: 'Chi tieu', width: 44 },
          { role: 'unit', head: 'Don vi tinh', width: 11 },
          { role: 'target', head: 'Ke hoach nam', width: 12 },
          { role: 'actual', head: 'Thuc hien', width: 12 },
          { role: 'previous', head: 'Cung ky nam truoc', width: 12 },
          { role: 'note', head: 'Ghi chu', width: 12 },
        ],
        items(),
        { commune: c, asText: true },
      );
      return wb;
    },
  },
  {
    file: 'quang-loi-6thang.xls',
    commune: 'Quảng Lợi',
    vi: `Tệp .xls (Excel 97-2003); trước sheet báo cáo là sheet ẩn "6T ${YEAR - 1}", bản sao bảng của năm trước (không được đọc); ba dòng tiêu đề có ô gộp: "Thực hiện" › "6 tháng đầu năm ${YEAR}" › "Ước TH tháng 6" và "Lũy kế 6 tháng" (số liệu lấy cột lũy kế), "So sánh (%)" › "TH/KH", "TH/CK"; tên cột viết tắt (ĐVT, KH năm, CK, Mã), mã số ở cột cuối, không có cột STT. Xã chậm ở hầu hết các chỉ tiêu.`,
    en: `An .xls (Excel 97-2003) workbook; before the report sheet a hidden sheet "6T ${YEAR - 1}" holds last year's copy of the table (not read); three merged header rows: "Thực hiện" › "6 tháng đầu năm ${YEAR}" › "Ước TH tháng 6" and "Lũy kế 6 tháng" (the year-to-date column is the actual), "So sánh (%)" › "TH/KH", "TH/CK"; abbreviated header words (ĐVT, KH năm, CK, Mã), the code in the last column, no STT column. The commune is behind on most indicators.`,
    build: () => {
      const c = 'Quảng Lợi';
      const wb = newWorkbook('UBND xã Quảng Lợi');
      const sheet = (name: string, year: number, figures?: Record<string, Figures>, hidden = false) => {
        const pen = new SheetPen(wb.addWorksheet(name, hidden ? { state: 'hidden' } : {}));
        pen.set(1, 1, 'UBND XÃ QUẢNG LỢI', { bold: true });
        pen.band(2, 1, 9, `KẾT QUẢ THỰC HIỆN CHỈ TIÊU KT-XH 6 THÁNG ĐẦU NĂM ${year}`, { bold: true });
        const done = 'Thực hiện', half = `6 tháng đầu năm ${year}`, cmp = 'So sánh (%)';
        table(
          pen,
          4,
          [
            COL.name,
            COL.dvt,
            { role: 'target', head: `KH năm ${year}`, width: 11 },
            { role: 'month', head: done, sub: half, sub2: 'Ước TH tháng 6', width: 11 },
            { role: 'actual', head: done, sub: half, sub2: 'Lũy kế 6 tháng', width: 11 },
            { role: 'previous', head: 'CK', width: 11 },
            { role: 'pctPlan', head: cmp, sub: 'TH/KH', width: 8 },
            { role: 'pctPrev', head: cmp, sub: 'TH/CK', width: 8 },
            { role: 'code', head: 'Mã', width: 7 },
          ],
          items({ stt: 'none' }),
          { commune: c, figures },
        );
      };
      sheet(`6T ${YEAR - 1}`, YEAR - 1, lastYear(c), true);
      sheet('KTXH', YEAR);
      return wb;
    },
  },
  {
    file: 'bao-cao-6-thang-2024.xlsx',
    commune: 'Đông Sơn',
    vi: `Tên xã chỉ có ở khối chữ ký ("Đông Sơn, ngày…", "TM. ỦY BAN NHÂN DÂN XÃ ĐÔNG SƠN"); không có cột mã số và tên chỉ tiêu viết lại, viết tắt: ${DS_SAMPLES} — tonghop so khớp theo nghĩa và ghi lại từng cặp; dòng mục I., II., III. và dòng cộng "Cộng mục I", "Cộng mục II", "Cộng mục III", "TỔNG CỘNG" (không phải chỉ tiêu, không phải chỗ hết bảng); tên cột "TT", "Nội dung", "Đơn vị", "Kế hoạch giao".`,
    en: `The commune is named only in the signature block ("Đông Sơn, ngày…", "TM. ỦY BAN NHÂN DÂN XÃ ĐÔNG SƠN"); no code column and names reworded, abbreviated: ${DS_SAMPLES} — tonghop matches them by meaning and records each pair; section rows I., II., III. and total rows "Cộng mục I", "Cộng mục II", "Cộng mục III", "TỔNG CỘNG" (not indicators, not the end of the table); header words "TT", "Nội dung", "Đơn vị", "Kế hoạch giao".`,
    build: () => {
      const c = 'Đông Sơn';
      const wb = newWorkbook('Microsoft Excel');
      const pen = new SheetPen(wb.addWorksheet('Báo cáo'));
      pen.band(1, 1, 7, TITLE, { bold: true });
      pen.band(2, 1, 7, `(Kèm theo Báo cáo số 47/BC-UBND ngày 21/6/${YEAR})`, { italic: true });
      const next = table(
        pen,
        4,
        [
          { role: 'stt', head: 'TT', width: 5 },
          { role: 'name', head: 'Nội dung', width: 46 },
          { role: 'unit', head: 'Đơn vị', width: 10 },
          { role: 'target', head: 'Kế hoạch giao', width: 12 },
          { role: 'actual', head: 'Thực hiện', width: 12 },
          { role: 'previous', head: 'Cùng kỳ', width: 12 },
          COL.note,
        ],
        items({ sections: 'roman-dot', totals: true }),
        { commune: c, names: DS_NAMES },
      );
      signatureBlock(pen, next + 1, 2, 5, {
        place: 'Đông Sơn',
        date: `ngày 21 tháng 6 năm ${YEAR}`,
        maker: 'Hoàng Văn Bình',
        chair: 'Ngô Thị Thu',
        chairTitle: 'TM. ỦY BAN NHÂN DÂN XÃ ĐÔNG SƠN',
      });
      return wb;
    },
  },
  {
    file: BM_FILE,
    commune: 'Bình Minh',
    vi: `Tên xã chỉ có trong tên tệp, gõ không dấu như cán bộ xã vẫn đặt ("${BM_FILE}"); hai bảng trên cùng một sheet "BC 6 thang", mỗi bảng có dòng chú thích ("A. CÁC CHỈ TIÊU KINH TẾ", "B. CÁC CHỈ TIÊU VĂN HÓA - XÃ HỘI, XÂY DỰNG ĐẢNG") và dòng tiêu đề cột riêng, tên cột và thứ tự cột khác nhau; thêm sheet "Thuyết minh" chỉ có chữ; "Đạt" cho chỉ tiêu nông thôn mới (cả cột kế hoạch).`,
    en: `The commune is named only in the file name, typed without diacritics as clerks do ("${BM_FILE}"); two tables on one sheet "BC 6 thang", each with its caption ("A. CÁC CHỈ TIÊU KINH TẾ", "B. CÁC CHỈ TIÊU VĂN HÓA - XÃ HỘI, XÂY DỰNG ĐẢNG") and its own header row, with other header words in another column order; plus a prose-only sheet "Thuyết minh"; "Đạt" for the new-rural-area indicator (in the plan column too).`,
    build: () => {
      const c = 'Bình Minh';
      const wb = newWorkbook('Microsoft Excel');
      const pen = new SheetPen(wb.addWorksheet('BC 6 thang'));
      const o: ValueOptions = { commune: c, datWords: true, notes: { XH04: 'Ước thực hiện' } };
      pen.band(1, 1, 8, `BÁO CÁO ƯỚC THỰC HIỆN CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI 6 THÁNG ĐẦU NĂM ${YEAR}`, { bold: true });
      pen.set(3, 1, 'A. CÁC CHỈ TIÊU KINH TẾ', { bold: true });
      const after = table(
        pen,
        4,
        [COL.stt, COL.code, COL.name, COL.unit, COL.target, { role: 'actual', head: 'Thực hiện', width: 12 }, COL.previous, COL.note],
        items({ codes: INDICATORS.filter((i) => i.section === 'KT').map((i) => i.code) }),
        o,
      );
      pen.set(after + 1, 1, 'B. CÁC CHỈ TIÊU VĂN HÓA - XÃ HỘI, XÂY DỰNG ĐẢNG', { bold: true });
      table(
        pen,
        after + 2,
        [
          COL.stt,
          COL.name,
          COL.dvt,
          { role: 'actual', head: 'Ước TH 6 tháng', width: 12 },
          { role: 'target', head: `KH năm ${YEAR}`, width: 12 },
          { role: 'previous', head: 'CK năm trước', width: 12 },
          { role: 'code', head: 'Mã số', width: 8 },
          COL.note,
        ],
        items({ codes: INDICATORS.filter((i) => i.section !== 'KT').map((i) => i.code) }),
        o,
      );
      const prose = new SheetPen(wb.addWorksheet('Thuyết minh'));
      prose.set(1, 1, `THUYẾT MINH SỐ LIỆU 6 THÁNG ĐẦU NĂM ${YEAR}`, { bold: true });
      prose.set(3, 1, '1. Thu ngân sách theo số liệu của bộ phận Tài chính - Kế toán xã đến ngày 15/6.');
      prose.set(4, 1, '2. Diện tích gieo trồng và sản lượng vụ Đông Xuân là số ước tính theo năng suất bình quân.');
      prose.set(5, 1, '3. Xã đã được UBND tỉnh công nhận đạt chuẩn nông thôn mới trong tháng 5.');
      prose.set(7, 1, 'Đề nghị các thôn tiếp tục rà soát, gửi số liệu chính thức trước ngày 05 tháng 7.');
      prose.widths([100]);
      return wb;
    },
  },
  {
    file: 'yen-lac.xlsx',
    commune: 'Yên Lạc',
    vi: `Không có cột đơn vị: đơn vị ghi trong tên chỉ tiêu, có dòng khác kế hoạch: ${YL_SAMPLES} — tonghop đổi về triệu đồng, tấn, ha; kỳ báo cáo chỉ ghi bằng ngày: "(Từ ngày 01/01/${YEAR} đến ngày 30/6/${YEAR})". Xã vượt tiến độ ở hầu hết các chỉ tiêu.`,
    en: `No unit column: the units are inside the names, some of them other than the plan's: ${YL_SAMPLES} — tonghop converts them to triệu đồng, tấn, ha; the period only as dates: "(Từ ngày 01/01/${YEAR} đến ngày 30/6/${YEAR})". The commune is ahead on most indicators.`,
    build: () => {
      const c = 'Yên Lạc';
      const wb = newWorkbook('UBND xã Yên Lạc');
      const pen = new SheetPen(wb.addWorksheet('Sheet1'));
      pen.band(1, 1, 3, 'UBND XÃ YÊN LẠC', { bold: true });
      pen.band(3, 1, 7, 'BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI', { bold: true });
      pen.band(4, 1, 7, `(Từ ngày 01/01/${YEAR} đến ngày 30/6/${YEAR})`, { italic: true });
      table(
        pen,
        6,
        [
          COL.stt,
          COL.code,
          { role: 'name', head: 'Chỉ tiêu', width: 52 },
          { role: 'target', head: `Kế hoạch năm ${YEAR}`, width: 12 },
          { role: 'actual', head: 'Thực hiện', width: 12 },
          COL.previous,
          COL.note,
        ],
        items(),
        { commune: c, names: YL_NAMES, units: YL_UNITS },
      );
      return wb;
    },
  },
  {
    file: 'thanh-xuan.xlsx',
    commune: 'Thanh Xuân',
    vi: `Ô không có số liệu: "-", "x", "k/c", ô trống; số kèm chữ: "${TX_XH04}", "${TX_KT03}" (con số được tính, chữ giữ làm ghi chú); dòng mục I, II, III; "Chưa đạt" cho chỉ tiêu nông thôn mới.`,
    en: `Cells with no value: "-", "x", "k/c", empty; numbers with words: "${TX_XH04}", "${TX_KT03}" (the number counts, the word is kept as a note); section rows I, II, III; "Chưa đạt" for the new-rural-area indicator.`,
    build: () => {
      const c = 'Thanh Xuân';
      const { wb, pen } = communeSheet(c, 'BC', 9);
      table(
        pen,
        5,
        [
          ...LEAD_COLS,
          { role: 'month', head: 'Tháng 6', width: 11 },
          { role: 'actual', head: 'Ước TH 6 tháng', width: 13 },
          COL.previous,
          { role: 'note', head: 'Ghi chú', width: 16 },
        ],
        items({ sections: 'roman' }),
        {
          commune: c,
          datWords: true,
          overrides: {
            KT03: { actual: TX_KT03, note: 'ước theo năng suất' },
            KT04: { previous: '-', month: 'x' },
            KT08: { previous: 'k/c' },
            XH04: { actual: TX_XH04 },
            XH06: { month: '-', previous: null },
          },
        },
      );
      return wb;
    },
  },
  {
    file: 'hung-dao.xlsm',
    commune: 'Hưng Đạo',
    vi: 'Tệp .xlsm (sổ có macro); ô "Thực hiện" của tỷ lệ tham gia bảo hiểm y tế là công thức chia cho ô trống: kết quả #DIV/0! (phải có trong danh sách lỗi); tiêu đề "Lũy kế" và "Tháng báo cáo".',
    en: 'A .xlsm (macro-enabled) workbook; the actual of the health-insurance rate is a formula dividing by an empty cell: #DIV/0! (must be listed as an issue); headers "Lũy kế" and "Tháng báo cáo".',
    build: () => {
      const c = 'Hưng Đạo';
      const { wb, pen } = communeSheet(c, 'Chỉ tiêu', 8);
      // the helper columns J:K (số người có thẻ BHYT / dân số) were never filled in
      table(
        pen,
        5,
        [
          ...LEAD_COLS,
          { role: 'month', head: 'Tháng báo cáo', width: 11 },
          { role: 'actual', head: 'Lũy kế', width: 12 },
          COL.previous,
        ],
        items(),
        {
          commune: c,
          overrides: {
            XH03: { actual: (ctx) => ({ formula: `ROUND(J${ctx.row}/K${ctx.row}*100,2)`, result: { error: '#DIV/0!' } }) },
          },
        },
      );
      return wb;
    },
  },
  {
    file: 'nghia-trung.xlsx',
    commune: 'Nghĩa Trung',
    vi: 'Không có dòng tiêu đề: bảng bắt đầu ngay ô A1, sheet tên "Sheet1", tên xã chỉ có trong tên tệp; một ô chữ ở chỗ phải là số ("đang tổng hợp", phải có trong danh sách lỗi).',
    en: 'No title rows: the table starts at A1 on "Sheet1", the commune is named only by the file name; one word where a number belongs ("đang tổng hợp", must be listed as an issue).',
    build: () => {
      const c = 'Nghĩa Trung';
      const wb = newWorkbook('Microsoft Excel');
      const pen = new SheetPen(wb.addWorksheet('Sheet1'), 'Calibri', 11);
      table(
        pen,
        1,
        [
          COL.code,
          COL.name,
          COL.unit,
          COL.target,
          { role: 'actual', head: 'Thực hiện', width: 12 },
          COL.previous,
        ],
        items({ stt: 'none' }),
        { commune: c, overrides: { XH04: { actual: 'đang tổng hợp' } } },
      );
      return wb;
    },
  },
  {
    file: 'bieu-01-bc-6-thang.xlsx',
    commune: 'Đức Thắng',
    vi: 'Tên tệp không nêu tên xã: tên xã ở dòng "Xã: Đức Thắng", kỳ báo cáo ở dòng "Kỳ báo cáo: 6 tháng đầu năm 2024"; tên cột "Tên chỉ tiêu", "Đơn vị", "KH giao", "Ước TH", "CK năm trước"; cột "Ghi chú" có ghi chú.',
    en: 'The file name does not name the commune: it is on the line "Xã: Đức Thắng", the period on "Kỳ báo cáo: 6 tháng đầu năm 2024"; header words "Tên chỉ tiêu", "Đơn vị", "KH giao", "Ước TH", "CK năm trước"; notes in "Ghi chú".',
    build: () => {
      const c = 'Đức Thắng';
      const wb = newWorkbook('UBND xã Đức Thắng');
      const pen = new SheetPen(wb.addWorksheet('Biểu 01'));
      pen.set(1, 1, 'Biểu số 01/BC-KTXH', { italic: true });
      pen.set(2, 1, 'Xã: Đức Thắng', { bold: true });
      pen.set(3, 1, `Kỳ báo cáo: 6 tháng đầu năm ${YEAR}`, { bold: true });
      table(
        pen,
        5,
        [
          COL.stt,
          { role: 'code', head: 'Mã', width: 7 },
          { role: 'name', head: 'Tên chỉ tiêu', width: 44 },
          { role: 'unit', head: 'Đơn vị', width: 10 },
          { role: 'target', head: 'KH giao', width: 11 },
          { role: 'actual', head: 'Ước TH', width: 11 },
          { role: 'previous', head: 'CK năm trước', width: 12 },
          { role: 'note', head: 'Ghi chú', width: 26 },
        ],
        items(),
        { commune: c, notes: { KT01: 'Theo số liệu Chi cục Thuế khu vực', KT03: 'Vụ Đông Xuân', XH02: 'Theo kết quả rà soát đầu năm' } },
      );
      return wb;
    },
  },
  {
    file: 'bc-6t-2024-mk.xlsx',
    commune: 'Minh Khai',
    vi: `Tên xã chỉ có ở tên sheet "Minh Khai" (tiêu đề và tên tệp không nêu); các tỷ lệ viết dạng chữ có dấu "%": "${MK_PCT}"; cột "So sánh (%)" do xã tự tính (không phải số liệu đầu vào); "Chưa đạt" cho chỉ tiêu nông thôn mới.`,
    en: `The commune is named only by the sheet "Minh Khai" (not in the title or file name); rates written as text with "%": "${MK_PCT}"; a "So sánh (%)" column the commune computed (not an input); "Chưa đạt" for the new-rural-area indicator.`,
    build: () => {
      const c = 'Minh Khai';
      const wb = newWorkbook('WPS Spreadsheets');
      const pen = new SheetPen(wb.addWorksheet('Minh Khai'));
      pen.band(1, 1, 9, TITLE, { bold: true });
      table(
        pen,
        3,
        [
          COL.stt,
          COL.code,
          COL.name,
          COL.dvt,
          { role: 'target', head: 'Kế hoạch', width: 11 },
          { role: 'actual', head: 'Thực hiện', width: 11 },
          { role: 'previous', head: 'Cùng kỳ', width: 11 },
          { role: 'pctPlan', head: 'So sánh (%)', width: 10 },
          { role: 'note', head: 'Ghi chú', width: 12 },
        ],
        items(),
        { commune: c, percentSign: true, datWords: true },
      );
      return wb;
    },
  },
  {
    file: 'kim-lien.xlsx',
    commune: 'Kim Liên',
    vi: `Tiêu đề "Thực hiện kỳ báo cáo", "Cùng kỳ năm trước", "So sánh (%)" trên "KH" và "Cùng kỳ"; dòng "Trong đó:" rồi "- Lúa", "- Ngô" dưới sản lượng lương thực; kế hoạch năm của xã ở thu ngân sách (${formatNumber(KIM_LIEN_KT01, 0)}) khác kế hoạch huyện giao (${formatNumber(fig('Kim Liên', 'KT01').target, 0)}): một cảnh báo.`,
    en: `Headers "Thực hiện kỳ báo cáo", "Cùng kỳ năm trước", "So sánh (%)" over "KH" and "Cùng kỳ"; a "Trong đó:" row then "- Lúa", "- Ngô" under the grain output; the commune's own budget target (${formatNumber(KIM_LIEN_KT01, 0)}) differs from the plan (${formatNumber(fig('Kim Liên', 'KT01').target, 0)}): a warning.`,
    build: () => {
      const c = 'Kim Liên';
      const { wb, pen } = communeSheet(c, 'Bieu KTXH', 9);
      const list = items({ subs: true, sections: 'roman' });
      const at = list.findIndex((i) => i.kind === 'sub');
      list.splice(at, 0, { kind: 'text', name: 'Trong đó:' });
      table(
        pen,
        5,
        [
          COL.stt,
          COL.code,
          COL.name,
          COL.unit,
          { role: 'target', head: `Kế hoạch năm ${YEAR}`, width: 12 },
          { role: 'actual', head: 'Thực hiện kỳ báo cáo', width: 12 },
          COL.previous,
          { role: 'pctPlan', head: 'So sánh (%)', sub: 'KH', width: 9 },
          { role: 'pctPrev', head: 'So sánh (%)', sub: 'Cùng kỳ', width: 9 },
        ],
        list,
        { commune: c, formulas: true, ownTargets: { KT01: KIM_LIEN_KT01 } },
      );
      return wb;
    },
  },
  {
    file: 'lac-hong.xlsx',
    commune: 'Lạc Hồng',
    vi: 'Dòng "Đơn vị báo cáo: UBND xã Lạc Hồng"; số thứ tự nhiều cấp ghi ngay trong tên ("1. KINH TẾ", "1.1. Thu ngân sách…"); tên cột dài, xuống dòng ("Ước thực hiện 6 tháng đầu năm 2024").',
    en: 'A line "Đơn vị báo cáo: UBND xã Lạc Hồng"; multi-level numbering inside the names ("1. KINH TẾ", "1.1. Thu ngân sách…"); long wrapped header words ("Ước thực hiện 6 tháng đầu năm 2024").',
    build: () => {
      const c = 'Lạc Hồng';
      const wb = newWorkbook('UBND xã Lạc Hồng');
      const pen = new SheetPen(wb.addWorksheet('Báo cáo 6 tháng'));
      pen.set(1, 1, 'Đơn vị báo cáo: UBND xã Lạc Hồng', { bold: true });
      pen.set(2, 1, 'Đơn vị nhận báo cáo: UBND huyện Tân Phong', { italic: true });
      pen.band(4, 1, 6, TITLE, { bold: true });
      const list = items({ sections: 'decimal', stt: 'decimal' }).map((it): TableItem => {
        if (it.kind === 'indicator') return { ...it, name: `${it.stt}. ${IND[it.key].name}`, stt: undefined };
        return it;
      });
      const names: Record<string, string> = {};
      for (const it of list) if (it.kind === 'indicator' && it.name) names[it.key] = it.name;
      const next = table(
        pen,
        6,
        [
          { role: 'name', head: 'Chỉ tiêu', width: 48 },
          COL.code,
          COL.unit,
          { role: 'target', head: `Kế hoạch năm ${YEAR}`, width: 13 },
          { role: 'actual', head: `Ước thực hiện 6 tháng đầu năm ${YEAR}`, width: 15 },
          { role: 'previous', head: `Thực hiện cùng kỳ năm ${YEAR - 1}`, width: 15 },
        ],
        list,
        { commune: c, names },
      );
      signatureBlock(pen, next + 1, 1, 5, { place: 'Lạc Hồng', date: `ngày 21 tháng 6 năm ${YEAR}`, maker: 'Đỗ Thị Lan', chair: 'Vũ Đình Khoa' });
      return wb;
    },
  },
  {
    file: 'tan-hiep.ods',
    commune: 'Tân Hiệp',
    vi: `Tệp .ods tải về từ Google Sheets (máy đặt tiếng Anh): sheet "BC 6T" và một sheet trống "Trang tính2"; số gõ dạng chữ kiểu Anh: ${TH_SAMPLES} (một tệp một kiểu viết số: "${TH_POP}" là ${formatNumber(fig('Tân Hiệp', 'XH01').actual, 0)} người, không phải ${formatNumber(fig('Tân Hiệp', 'XH01').actual / 1000, 3)}); ô ngày tháng thật ("Ngày báo cáo"); số lẻ dài (${TH_KT05}, ${TH_KT06}); tên cột "Tháng 6" và "Lũy kế"; mã số đứng sau tên chỉ tiêu.`,
    en: `An .ods downloaded from Google Sheets (set to English): a sheet "BC 6T" and an empty sheet "Trang tính2"; numbers typed as English-style text: ${TH_SAMPLES} (one number style per file: "${TH_POP}" is ${fig('Tân Hiệp', 'XH01').actual} people, not ${fig('Tân Hiệp', 'XH01').actual / 1000}); a real date cell ("Ngày báo cáo"); long binary fractions (${TH_KT05}, ${TH_KT06}); headers "Tháng 6" and "Lũy kế"; the code column after the names.`,
    build: () => {
      const c = 'Tân Hiệp';
      const wb = newWorkbook('Google Sheets');
      const pen = new SheetPen(wb.addWorksheet('BC 6T'), 'Arial', 10);
      pen.set(1, 1, `UBND xã Tân Hiệp - Báo cáo các chỉ tiêu KT-XH 6 tháng đầu năm ${YEAR}`, { bold: true });
      pen.set(2, 1, 'Ngày báo cáo:');
      pen.set(2, 2, new Date(Date.UTC(YEAR, 5, 20)), { numFmt: 'dd/mm/yyyy' });
      table(
        pen,
        4,
        [
          COL.name,
          { role: 'code', head: 'Mã', width: 7 },
          COL.dvt,
          { role: 'target', head: `KH ${YEAR}`, width: 11 },
          { role: 'month', head: 'Tháng 6', width: 11 },
          { role: 'actual', head: 'Lũy kế', width: 11 },
          { role: 'previous', head: 'Cùng kỳ', width: 11 },
        ],
        items({ stt: 'none' }),
        {
          commune: c,
          enText: true,
          overrides: {
            KT05: { actual: TH_KT05 },
            KT06: { actual: TH_KT06 },
          },
        },
      );
      wb.addWorksheet('Trang tính2');
      return wb;
    },
  },
];

// ───────────────────────────── README of the examples ─────────────────────────────

export function examplesReadme(): string {
  const lines: string[] = [];
  lines.push('# Ví dụ: huyện Tân Phong, 6 tháng đầu năm 2024 / Example: Tân Phong district, first half of 2024');
  lines.push('');
  lines.push(
    'Một huyện hư cấu nhưng giống thật: kế hoạch năm 2024 của huyện (`ke-hoach-2024.xlsx`: 15 chỉ tiêu, cột "Toàn huyện" và một cột cho mỗi xã trong 16 xã, thị trấn) và báo cáo 6 tháng đầu năm 2024 của 15 xã trong thư mục `xa/`, mỗi tệp một kiểu trình bày như các xã vẫn gửi lên. Xã Sơn Thủy không gửi báo cáo, nên bảng tổng hợp cho thấy mức độ đầy đủ (15/16). Kỳ báo cáo là 6 tháng, nên chỉ tiêu lũy kế cần đạt 50% kế hoạch năm, chỉ tiêu thời điểm 100%.',
  );
  lines.push('');
  lines.push(
    'A fictional but realistic district: its 2024 plan (`ke-hoach-2024.xlsx`: 15 indicators, a "Toàn huyện" column and one column for each of its 16 communes) and the first-half-2024 reports of 15 communes in `xa/`, each laid out differently, the way communes really send them. Sơn Thủy sends nothing, so the consolidated table shows completeness (15 of 16). The period is six months: flow indicators (Lũy kế) are expected at 50% of the annual target, level indicators (Thời điểm) at 100%.',
  );
  lines.push('');
  lines.push('```');
  lines.push('npm run example        # = tonghop consolidate --plan examples/ke-hoach-2024.xlsx --out out/tong-hop.xlsx --json out/tong-hop.json --force examples/xa');
  lines.push('npm run examples:make  # tạo lại các tệp này / regenerate these files (tools/examples/make-examples.ts)');
  lines.push('```');
  lines.push('');
  lines.push('## ke-hoach-2024.xlsx');
  lines.push('');
  lines.push(
    'Dòng tiêu đề và dòng trích yếu quyết định trên bảng; cột Mã số, Chỉ tiêu, Đơn vị tính, Cách tổng hợp, Chiều, Loại, Toàn huyện và 16 cột xã. Cách tổng hợp: Tổng, Bình quân (che phủ rừng), Bình quân theo XH01 (hộ nghèo và bảo hiểm y tế, theo dân số), Số xã đạt (nông thôn mới, giao cho 6 xã), Lớn nhất (số tiêu chí nông thôn mới), Nhỏ nhất (nước sạch: xã thấp nhất phải đạt 93%), Không (tổ chức cơ sở đảng). Chiều Tăng và Giảm (hộ nghèo, tai nạn giao thông). Loại Lũy kế và Thời điểm. Ba ô "Toàn huyện" để trống (diện tích gieo trồng, số xã đạt nông thôn mới, tai nạn giao thông): khi đó chỉ tiêu của huyện tổng hợp từ chỉ tiêu các xã. Đơn vị: triệu đồng, ha, tấn, %, km, xã, tiêu chí, người, vụ.',
  );
  lines.push('');
  lines.push(
    'Title rows above the table; columns Mã số, Chỉ tiêu, Đơn vị tính, Cách tổng hợp, Chiều, Loại, Toàn huyện and 16 commune columns. Combined by Tổng (sum), Bình quân (mean: forest cover), Bình quân theo XH01 (poverty and health insurance, weighted by population), Số xã đạt (new-rural-area title, planned for 6 communes), Lớn nhất (max: new-rural-area criteria), Nhỏ nhất (min: clean water, the lowest commune must reach 93%), Không (not combined: party cells). Directions Tăng and Giảm (poverty, traffic accidents). Kinds Lũy kế and Thời điểm. Three "Toàn huyện" targets are empty (sown area, communes meeting the standard, accidents): the communes\' targets combined stand in. Units: triệu đồng, ha, tấn, %, km, xã, tiêu chí, người, vụ.',
  );
  lines.push('');
  lines.push('## xa/');
  lines.push('');
  for (const f of FILES) {
    lines.push(`- \`${f.file}\` (${f.commune})  `);
    lines.push(`  ${f.vi}  `);
    lines.push(`  ${f.en}`);
  }
  lines.push(`- Sơn Thủy: không có tệp / no file.`);
  lines.push('');
  lines.push(
    'Hai ô lỗi phải có trong danh sách lỗi của báo cáo: ô #DIV/0! trong `hung-dao.xlsm` và chữ "đang tổng hợp" trong `nghia-trung.xlsx`.  ',
  );
  lines.push('Two bad cells must be listed in the report\'s issues: the #DIV/0! in `hung-dao.xlsm` and the word "đang tổng hợp" in `nghia-trung.xlsx`.');
  lines.push('');
  lines.push(
    `Năm tệp trình bày theo những kiểu khó (FORMATS.md) vẫn cho đúng các con số đã tạo ra, và bộ đọc ghi lại từng lựa chọn của mình (JSON \`communes[].reading\`, sheet "Nguồn"): \`quang-loi-6thang.xls\` được đọc, sheet ẩn "6T ${YEAR - 1}" bị bỏ qua (skippedSheets), cột thực hiện là "Lũy kế 6 tháng", không phải "Ước TH tháng 6"; \`tan-hiep.ods\` được đọc, kiểu viết số là kiểu Anh (numberStyle 'en'); \`yen-lac.xlsx\`: 15 đơn vị lấy từ tên (unitsFromNames), kỳ báo cáo từ dòng "(Từ ngày …)"; \`bao-cao-6-thang-2024.xlsx\`: mỗi tên viết lại được ghi cùng chỉ tiêu kế hoạch đã khớp (matches, mức thông tin, không phải cảnh báo), bốn dòng cộng bị bỏ qua (totalRows), tên xã lấy từ khối chữ ký; \`${BM_FILE}\`: hai bảng trên một sheet, tên xã lấy từ tên tệp. Không có cảnh báo nào thêm.  `,
  );
  lines.push(
    `The five files in the hard layouts (FORMATS.md) still give exactly the generated figures, and the reader records each of its choices (JSON \`communes[].reading\`, the "Nguồn" sheet): \`quang-loi-6thang.xls\` is read, its hidden sheet "6T ${YEAR - 1}" skipped (skippedSheets), its actual is "Lũy kế 6 tháng", not "Ước TH tháng 6"; \`tan-hiep.ods\` is read, its number style English ('en'); \`yen-lac.xlsx\`: 15 units taken from names (unitsFromNames), the period from the line "(Từ ngày …)"; \`bao-cao-6-thang-2024.xlsx\`: every reworded name listed with the plan indicator it matched (matches, info, not a warning), four total rows skipped (totalRows), the commune named from the signature block; \`${BM_FILE}\`: two tables on one sheet, the commune named from the file name. No further warning.`,
  );
  lines.push('');
  return lines.join('\n');
}

// ───────────────────────────── main ─────────────────────────────

/** Writes the plan, the 15 commune files and README.md into `dir`; returns the paths written. */
export async function makeExamples(dir: string): Promise<string[]> {
  fs.mkdirSync(path.join(dir, 'xa'), { recursive: true });
  const written: string[] = [];
  const put = (p: string, data: Buffer | string) => {
    fs.writeFileSync(p, data);
    written.push(p);
  };
  put(path.join(dir, `ke-hoach-${YEAR}.xlsx`), await workbookBytes(buildPlan()));
  for (const f of FILES) put(path.join(dir, 'xa', f.file), await fileBytes(f.file, f.build()));
  put(path.join(dir, 'README.md'), examplesReadme());
  written.push(...(await makeCungKy(dir))); // examples/cung-ky/ (issue 11): make-cung-ky.ts
  return written;
}

if (require.main === module) {
  const dir = process.argv[2] ? path.resolve(process.argv[2]) : path.join(repoRoot(), 'examples');
  makeExamples(dir).then(
    (paths) => {
      for (const p of paths) process.stdout.write(`${path.relative(process.cwd(), p)}\n`);
    },
    (e) => {
      process.stderr.write(String((e as Error).stack ?? e) + '\n');
      process.exitCode = 1;
    },
  );
}

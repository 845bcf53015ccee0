/**
 * A province of new communes (6 tháng đầu năm 2025, no "Cùng kỳ" column) and last year's reports of the old
 * communes they were merged from, in varied layouts, with a "Sáp nhập" sheet in the plan (issue 11).
 *
 *   Thanh Hà  ← Thanh Hà + Thanh Lưu
 *   Liêm Sơn  ← Liêm Cần + Liêm Thuận + Liêm Túc
 *   Kiện Khê  (no row: keeps its name from last year)
 *   Thanh Tân (a file of last year, in no row and no commune of this year: an issue)
 */
import { xlsxBytes, type Cell, type SheetDef } from '../read/helpers';
import type { InputFile } from '../../src/types';

export const CODES = ['KT01', 'XH01', 'XH02', 'KT02', 'KT03', 'MT01', 'NT01'] as const;
export type Code = (typeof CODES)[number];

/** Code, name, unit, aggregation, direction, kind. */
export const INDICATORS: [Code, string, string, string, string, string][] = [
  ['KT01', 'Thu ngân sách nhà nước trên địa bàn', 'triệu đồng', 'Tổng', 'Tăng', 'Lũy kế'],
  ['XH01', 'Dân số trung bình', 'người', 'Tổng', 'Tăng', 'Thời điểm'],
  ['XH02', 'Tỷ lệ hộ nghèo', '%', 'Bình quân theo XH01', 'Giảm', 'Thời điểm'],
  ['KT02', 'Năng suất lúa', 'tạ/ha', 'Lớn nhất', 'Tăng', 'Thời điểm'],
  ['KT03', 'Thu nhập bình quân đầu người', 'triệu đồng', 'Bình quân', 'Tăng', 'Lũy kế'],
  ['MT01', 'Tỷ lệ che phủ rừng', '%', 'Nhỏ nhất', 'Tăng', 'Thời điểm'],
  ['NT01', 'Xã đạt chuẩn nông thôn mới', 'xã', 'Số xã đạt', 'Tăng', 'Thời điểm'],
];

export const NEW = ['Thanh Hà', 'Liêm Sơn', 'Kiện Khê'] as const;
export const OLD = ['Thanh Hà', 'Thanh Lưu', 'Liêm Cần', 'Liêm Thuận', 'Liêm Túc', 'Kiện Khê'] as const;

/** This year's actuals (2025), by new commune, in CODES order (NT01: 1 Đạt, 0 Chưa đạt). */
export const THIS_YEAR: Record<(typeof NEW)[number], number[]> = {
  'Thanh Hà': [5500, 15300, 4.5, 63, 29.7, 21, 1],
  'Liêm Sơn': [6000, 24480, 3.6, 61, 27.5, 11, 0],
  'Kiện Khê': [4400, 9090, 2.0, 60, 36.3, 40, 1],
};

/** Last year's actuals (2024), by old commune, in CODES order and in the plan's units. */
export const LAST_YEAR: Record<string, number[]> = {
  'Thanh Hà': [3000, 10000, 4.0, 60, 30, 20, 1],
  'Thanh Lưu': [2000, 5000, 7.0, 58, 24, 35, 0],
  'Liêm Cần': [1500, 8000, 3.0, 55, 28, 10, 1],
  'Liêm Thuận': [2500, 12000, 5.0, 62, 26, 15, 1],
  'Liêm Túc': [1000, 4000, 6.0, 57, 21, 12, 0],
  'Kiện Khê': [4000, 9000, 2.5, 59, 33, 40, 1],
  'Thanh Tân': [700, 3000, 9.0, 50, 20, 5, 0],
};

const TARGETS: Record<Code, number> = { KT01: 9000, XH01: 20000, XH02: 4, KT02: 60, KT03: 55, MT01: 20, NT01: 1 };

export function planSheets(communes: readonly string[], parent: string, year: number, merger: [string | null, string][] | null): SheetDef[] {
  const rows: Cell[][] = [
    [`KẾ HOẠCH CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI NĂM ${year}`],
    ['STT', 'Mã số', 'Chỉ tiêu', 'Đơn vị tính', 'Cách tổng hợp', 'Chiều', 'Loại', parent, ...communes],
  ];
  INDICATORS.forEach(([code, name, unit, agg, dir, kind], i) => {
    rows.push([i + 1, code, name, unit, agg, dir, kind, null, ...communes.map(() => TARGETS[code])]);
  });
  const sheets: SheetDef[] = [{ name: 'Kế hoạch', rows }];
  if (merger) sheets.push({ name: 'Sáp nhập', rows: [['STT', 'Đơn vị mới', 'Đơn vị cũ'], ...merger.map(([n, o], i) => [i + 1, n, o] as Cell[])] });
  return sheets;
}

export const MERGER: [string | null, string][] = [
  ['Thanh Hà', 'Thanh Hà'],
  [null, 'Thanh Lưu'],
  ['Liêm Sơn', 'Liêm Cần'],
  ['Liêm Sơn', 'Liêm Thuận'],
  ['Liêm Sơn', 'Liêm Túc'],
];

const yesNo = (v: number) => (v === 1 ? 'Đạt' : 'Chưa đạt');

/** The plain layout: title with the commune, STT | Mã số | Chỉ tiêu | ĐVT | Kế hoạch năm | Thực hiện. */
function plainReport(commune: string, year: number, values: number[]): SheetDef[] {
  const rows: Cell[][] = [
    [`UBND XÃ ${commune.toUpperCase()}`],
    [`BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI 6 THÁNG ĐẦU NĂM ${year}`],
    [],
    ['STT', 'Mã số', 'Chỉ tiêu', 'ĐVT', 'Kế hoạch năm', 'Thực hiện 6 tháng'],
  ];
  INDICATORS.forEach(([code, name, unit], i) => {
    rows.push([i + 1, code, name, unit, TARGETS[code], code === 'NT01' ? yesNo(values[i]) : values[i]]);
  });
  return [{ name: 'Báo cáo', rows }];
}

/** This year's report of a new commune: no "Cùng kỳ" column. */
export async function thisYearFiles(): Promise<InputFile[]> {
  const out: InputFile[] = [];
  for (const c of NEW) out.push({ name: `2025-${c}.xlsx`, data: await xlsxBytes(plainReport(c, 2025, THIS_YEAR[c])) });
  return out;
}

/** Thanh Lưu: no code column, two header rows, "Thực hiện" over "Tháng 6" (a decoy) and "Lũy kế 6 tháng". */
function twoRowHeader(values: number[]): SheetDef[] {
  const rows: Cell[][] = [
    ['UBND XÃ THANH LƯU'],
    ['BÁO CÁO TÌNH HÌNH THỰC HIỆN CHỈ TIÊU 6 THÁNG ĐẦU NĂM 2024'],
    ['TT', 'Nội dung', 'Đơn vị tính', 'Kế hoạch năm 2024', 'Thực hiện', null, 'Ghi chú'],
    [null, null, null, null, 'Tháng 6', 'Lũy kế 6 tháng', null],
  ];
  INDICATORS.forEach(([code, name, unit], i) => {
    const v = values[i];
    rows.push([`${i + 1}.`, name, unit, TARGETS[code], code === 'NT01' ? null : 1, code === 'NT01' ? yesNo(v) : v, null]);
  });
  return [{ name: 'Sheet1', rows, merges: ['A3:A4', 'B3:B4', 'C3:C4', 'D3:D4', 'E3:F3', 'G3:G4'] }];
}

/** Liêm Cần: numbers as Vietnamese text, the budget in tỷ đồng. */
function textNumbers(values: number[]): SheetDef[] {
  const rows: Cell[][] = [
    ['UBND XÃ LIÊM CẦN'],
    ['BÁO CÁO 6 THÁNG ĐẦU NĂM 2024'],
    ['STT', 'Mã số', 'Chỉ tiêu', 'ĐVT', 'KH năm', 'TH 6 tháng'],
  ];
  const vi = (x: number) => x.toLocaleString('vi-VN');
  INDICATORS.forEach(([code, name, unit], i) => {
    const v = values[i];
    if (code === 'KT01') rows.push([i + 1, code, name, 'tỷ đồng', '9', vi(v / 1000)]);
    else rows.push([i + 1, code, name, unit, vi(TARGETS[code]), code === 'NT01' ? yesNo(v) : vi(v)]);
  });
  return [{ name: 'KT-XH', rows }];
}

/** Liêm Thuận: named only in the file name; columns in another order, a "Cùng kỳ" of 2023 beside. */
function nameInFile(values: number[]): SheetDef[] {
  const rows: Cell[][] = [
    ['BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI'],
    ['6 tháng đầu năm 2024'],
    ['Mã số', 'Chỉ tiêu', 'Thực hiện', 'Cùng kỳ năm 2023', 'ĐVT', 'Kế hoạch năm'],
  ];
  INDICATORS.forEach(([code, name, unit], i) => {
    const v = values[i];
    rows.push([code, name, code === 'NT01' ? yesNo(v) : v, code === 'NT01' ? null : 1, unit, TARGETS[code]]);
  });
  return [{ name: 'Sheet1', rows }];
}

/** Kiện Khê: the period only as dates. */
function periodAsDates(values: number[]): SheetDef[] {
  const rows: Cell[][] = [
    ['UBND XÃ KIỆN KHÊ'],
    ['BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI'],
    ['(Từ ngày 01/01/2024 đến ngày 30/6/2024)'],
    ['STT', 'Mã số', 'Tên chỉ tiêu', 'Đơn vị', 'KH giao', 'Ước TH'],
  ];
  INDICATORS.forEach(([code, name, unit], i) => {
    rows.push([i + 1, code, name, unit, TARGETS[code], code === 'NT01' ? yesNo(values[i]) : values[i]]);
  });
  return [{ name: 'Sheet1', rows }];
}

/** Last year's reports of the old communes (and of Thanh Tân, in no row). */
export async function lastYearReports(): Promise<InputFile[]> {
  const L = LAST_YEAR;
  return [
    { name: 'nam-truoc/thanh-ha.xlsx', data: await xlsxBytes(plainReport('Thanh Hà', 2024, L['Thanh Hà'])) },
    { name: 'nam-truoc/bao-cao-2.xlsx', data: await xlsxBytes(twoRowHeader(L['Thanh Lưu'])) },
    { name: 'nam-truoc/lc.xlsx', data: await xlsxBytes(textNumbers(L['Liêm Cần'])) },
    { name: 'nam-truoc/BC 6T - Xa Liem Thuan.xlsx', data: await xlsxBytes(nameInFile(L['Liêm Thuận'])) },
    { name: 'nam-truoc/liem-tuc.xlsx', data: await xlsxBytes(plainReport('Liêm Túc', 2024, L['Liêm Túc'])) },
    { name: 'nam-truoc/kk.xlsx', data: await xlsxBytes(periodAsDates(L['Kiện Khê'])) },
    { name: 'nam-truoc/thanh-tan.xlsx', data: await xlsxBytes(plainReport('Thanh Tân', 2024, L['Thanh Tân'])) },
  ];
}

export async function planFile(): Promise<InputFile> {
  return { name: 'ke-hoach-2025.xlsx', data: await xlsxBytes(planSheets(NEW, 'Toàn tỉnh', 2025, MERGER)) };
}

/** Last year's plan (of the old communes), for making last year's consolidated workbook with tonghop itself. */
export async function lastYearPlanFile(): Promise<InputFile> {
  return { name: 'ke-hoach-2024.xlsx', data: await xlsxBytes(planSheets([...OLD, 'Thanh Tân'], 'Toàn huyện', 2024, null)) };
}

/**
 * The example of issue 11 (examples/cung-ky/): "So với cùng kỳ" across the 2025 merger.
 *
 *   ke-hoach-2025.xlsx   the plan of the fictional tỉnh Tân Phong for 2025, with a sheet "Sáp nhập"
 *   xa-2025/             the new communes' reports for "6 tháng đầu năm 2025", with no "Cùng kỳ" column
 *   nam-truoc/           last year's reports (6 tháng đầu năm 2024) of the old communes, each laid out its own way
 *   README.md            how to run it
 *
 *   Tân Phong ← Tân Phong + Phong Thạnh;  Hòa Bình ← Hòa An + Bình Lợi + Bình Thạnh;  Sơn Thủy (no row: same name)
 *
 * Deterministic (fixed figures, fixed dates: workbookBytes of make-examples.ts). Called by makeExamples.
 */
import * as fs from 'fs';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { FIXED_DATE, workbookBytes } from './make-examples';

type Row = (string | number | null)[];

/** Code, name, unit, aggregation, direction, kind, target per new commune. */
const IND: [string, string, string, string, string, string, number][] = [
  ['KT01', 'Thu ngân sách nhà nước trên địa bàn', 'triệu đồng', 'Tổng', 'Tăng', 'Lũy kế', 12000],
  ['XH01', 'Dân số trung bình', 'người', 'Tổng', 'Tăng', 'Thời điểm', 25000],
  ['XH02', 'Tỷ lệ hộ nghèo', '%', 'Bình quân theo XH01', 'Giảm', 'Thời điểm', 3.5],
  ['NT01', 'Xã đạt chuẩn nông thôn mới', 'xã', 'Số xã đạt', 'Tăng', 'Thời điểm', 1],
];

const NEW = ['Tân Phong', 'Hòa Bình', 'Sơn Thủy'];
const MERGER: [string, string][] = [
  ['Tân Phong', 'Tân Phong'], ['Tân Phong', 'Phong Thạnh'],
  ['Hòa Bình', 'Hòa An'], ['Hòa Bình', 'Bình Lợi'], ['Hòa Bình', 'Bình Thạnh'],
];

/** 2025 actuals of the new communes (KT01, XH01, XH02, NT01 as 1/0). */
const THIS_YEAR: Record<string, number[]> = {
  'Tân Phong': [6380, 21420, 3.1, 1],
  'Hòa Bình': [7150, 30600, 2.7, 0],
  'Sơn Thủy': [3960, 12120, 4.2, 1],
};

/** 2024 actuals of the old communes. */
const LAST_YEAR: Record<string, number[]> = {
  'Tân Phong': [3600, 12000, 3.5, 1],
  'Phong Thạnh': [2200, 9000, 4.2, 0],
  'Hòa An': [2500, 11000, 3.0, 1],
  'Bình Lợi': [1800, 8000, 2.5, 1],
  'Bình Thạnh': [2100, 11000, 3.6, 0],
  'Sơn Thủy': [3600, 12000, 4.5, 1],
};

const yesNo = (v: number) => (v === 1 ? 'Đạt' : 'Chưa đạt');
const vi = (x: number) => x.toLocaleString('vi-VN');

function book(sheets: { name: string; rows: Row[]; merges?: string[] }[]): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'tonghop examples';
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    s.rows.forEach((r, i) => r.forEach((v, c) => { if (v !== null) ws.getCell(i + 1, c + 1).value = v; }));
    for (const m of s.merges ?? []) ws.mergeCells(m);
    ws.getColumn(3).width = 40;
  }
  return wb;
}

function plan(): ExcelJS.Workbook {
  const rows: Row[] = [
    ['Đơn vị: UBND tỉnh Tân Phong'],
    ['KẾ HOẠCH CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI NĂM 2025'],
    ['STT', 'Mã số', 'Chỉ tiêu', 'Đơn vị tính', 'Cách tổng hợp', 'Chiều', 'Loại', 'Toàn tỉnh', ...NEW],
    ...IND.map(([code, name, unit, agg, dir, kind, t], i): Row => [i + 1, code, name, unit, agg, dir, kind, null, ...NEW.map(() => t)]),
  ];
  let last = '';
  const merger: Row[] = [['STT', 'Đơn vị mới', 'Đơn vị cũ'], ...MERGER.map(([n, o], i): Row => {
    const shown = n === last ? null : n; // the new commune written once, on its first row
    last = n;
    return [i + 1, shown, o];
  })];
  return book([{ name: 'Kế hoạch 2025', rows }, { name: 'Sáp nhập', rows: merger }]);
}

function plainReport(commune: string, year: number, v: number[]): ExcelJS.Workbook {
  const rows: Row[] = [
    [`UBND XÃ ${commune.toUpperCase()}`],
    [`BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI 6 THÁNG ĐẦU NĂM ${year}`],
    ['STT', 'Mã số', 'Chỉ tiêu', 'ĐVT', 'Kế hoạch năm', 'Thực hiện 6 tháng'],
    ...IND.map(([code, name, unit, , , , t], i): Row => [i + 1, code, name, unit, t, code === 'NT01' ? yesNo(v[i]) : v[i]]),
  ];
  return book([{ name: 'Báo cáo', rows }]);
}

/** Phong Thạnh: two header rows, "Thực hiện" over "Tháng 6" and "Lũy kế 6 tháng"; no code column. */
function twoRows(v: number[]): ExcelJS.Workbook {
  const rows: Row[] = [
    ['UBND XÃ PHONG THẠNH'],
    ['BÁO CÁO TÌNH HÌNH THỰC HIỆN CHỈ TIÊU 6 THÁNG ĐẦU NĂM 2024'],
    ['TT', 'Nội dung', 'Đơn vị tính', 'Kế hoạch năm 2024', 'Thực hiện', null],
    [null, null, null, null, 'Tháng 6', 'Lũy kế 6 tháng'],
    ...IND.map(([code, name, unit, , , , t], i): Row => [`${i + 1}.`, name, unit, t, code === 'NT01' ? null : Math.round(v[i] / 6), code === 'NT01' ? yesNo(v[i]) : v[i]]),
  ];
  return book([{ name: 'Sheet1', rows, merges: ['A3:A4', 'B3:B4', 'C3:C4', 'D3:D4', 'E3:F3'] }]);
}

/** Bình Lợi: numbers as Vietnamese text, the budget in tỷ đồng. */
function textNumbers(v: number[]): ExcelJS.Workbook {
  const rows: Row[] = [
    ['UBND XÃ BÌNH LỢI'],
    ['BÁO CÁO 6 THÁNG ĐẦU NĂM 2024'],
    ['STT', 'Mã số', 'Chỉ tiêu', 'ĐVT', 'KH năm', 'TH 6 tháng'],
    ...IND.map(([code, name, unit, , , , t], i): Row => code === 'KT01'
      ? [i + 1, code, name, 'tỷ đồng', vi(t / 1000), vi(v[i] / 1000)]
      : [i + 1, code, name, unit, vi(t), code === 'NT01' ? yesNo(v[i]) : vi(v[i])]),
  ];
  return book([{ name: 'KT-XH', rows }]);
}

/** Bình Thạnh: named only in the file name; the columns in another order. */
function nameInFile(v: number[]): ExcelJS.Workbook {
  const rows: Row[] = [
    ['BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI'],
    ['6 tháng đầu năm 2024'],
    ['Mã số', 'Chỉ tiêu', 'Thực hiện', 'ĐVT', 'Kế hoạch năm'],
    ...IND.map(([code, name, unit, , , , t], i): Row => [code, name, code === 'NT01' ? yesNo(v[i]) : v[i], unit, t]),
  ];
  return book([{ name: 'Sheet1', rows }]);
}

const README = `# Ví dụ "So với cùng kỳ" qua sáp nhập 2025 / The same period across the 2025 merger

Tỉnh Tân Phong (hư cấu) sau 1/7/2025 có ba xã mới: **Tân Phong** (gộp Tân Phong và Phong Thạnh), **Hòa Bình** (gộp
Hòa An, Bình Lợi và Bình Thạnh) và **Sơn Thủy** (giữ tên). Báo cáo 6 tháng đầu năm 2025 của các xã (\`xa-2025/\`) không
có cột "Cùng kỳ"; báo cáo 6 tháng đầu năm 2024 của các xã cũ nằm trong \`nam-truoc/\`, mỗi tệp một kiểu (hai dòng tiêu
đề, số viết bằng chữ và tỷ đồng, tên xã chỉ có trong tên tệp). Sheet "Sáp nhập" của \`ke-hoach-2025.xlsx\` nối xã cũ
với xã mới.

The fictional tỉnh Tân Phong has three new communes after 1 July 2025. Their reports for the first half of 2025 have
no "Cùng kỳ" column; last year's reports of the old communes are in \`nam-truoc/\`, each laid out differently; the
plan's "Sáp nhập" sheet maps old communes onto new ones.

\`\`\`sh
node bin/tonghop.js consolidate --plan examples/cung-ky/ke-hoach-2025.xlsx --out out/cung-ky.xlsx --json out/cung-ky.json --force examples/cung-ky/xa-2025 --previous examples/cung-ky/nam-truoc
\`\`\`

Thu ngân sách của Tân Phong cùng kỳ = 3.600 + 2.200 = 5.800 triệu đồng (tăng 10%); tỷ lệ hộ nghèo của Hòa Bình cùng
kỳ = (3,0×11.000 + 2,5×8.000 + 3,6×11.000) / 30.000 = 3,09% (bình quân theo dân số năm trước); "xã đạt chuẩn nông thôn
mới" không có cùng kỳ cho xã gộp. Sheet "Chi tiết xã" ghi nguồn của từng số cùng kỳ; JSON có \`previousSource\`.

Tân Phong's previous budget revenue is 3,600 + 2,200 = 5,800 million đồng (up 10%); Hòa Bình's previous poverty rate
is weighted by last year's population, 3.09%; a merged commune has no previous for "Số xã đạt". "Chi tiết xã" lists
where each previous value came from; the JSON has \`previousSource\`.
`;

/** The files of examples/cung-ky/, relative to it. */
export const CUNG_KY_FILES = [
  'README.md',
  'ke-hoach-2025.xlsx',
  ...NEW.map((c) => `xa-2025/bc-6t-2025-${slugOf(c)}.xlsx`),
  'nam-truoc/tan-phong-6t-2024.xlsx',
  'nam-truoc/phong-thanh.xlsx',
  'nam-truoc/hoa-an-6t-2024.xlsx',
  'nam-truoc/bl.xlsx',
  'nam-truoc/BC 6T 2024 - Xa Binh Thanh.xlsx',
  'nam-truoc/son-thuy-6t-2024.xlsx',
];

function slugOf(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

/** Writes examples/cung-ky/ under `dir`; returns the paths written. */
export async function makeCungKy(dir: string): Promise<string[]> {
  const root = path.join(dir, 'cung-ky');
  for (const d of ['xa-2025', 'nam-truoc']) fs.mkdirSync(path.join(root, d), { recursive: true });
  const L = LAST_YEAR;
  const books: [string, ExcelJS.Workbook][] = [
    ['ke-hoach-2025.xlsx', plan()],
    ...NEW.map((c): [string, ExcelJS.Workbook] => [`xa-2025/bc-6t-2025-${slugOf(c)}.xlsx`, plainReport(c, 2025, THIS_YEAR[c])]),
    ['nam-truoc/tan-phong-6t-2024.xlsx', plainReport('Tân Phong', 2024, L['Tân Phong'])],
    ['nam-truoc/phong-thanh.xlsx', twoRows(L['Phong Thạnh'])],
    ['nam-truoc/hoa-an-6t-2024.xlsx', plainReport('Hòa An', 2024, L['Hòa An'])],
    ['nam-truoc/bl.xlsx', textNumbers(L['Bình Lợi'])],
    ['nam-truoc/BC 6T 2024 - Xa Binh Thanh.xlsx', nameInFile(L['Bình Thạnh'])],
    ['nam-truoc/son-thuy-6t-2024.xlsx', plainReport('Sơn Thủy', 2024, L['Sơn Thủy'])],
  ];
  const written: string[] = [];
  fs.writeFileSync(path.join(root, 'README.md'), README);
  written.push(path.join(root, 'README.md'));
  for (const [name, wb] of books) {
    const p = path.join(root, name);
    fs.writeFileSync(p, await workbookBytes(wb));
    written.push(p);
  }
  return written;
}

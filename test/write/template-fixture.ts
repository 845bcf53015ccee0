/** A plan workbook made in the test (any number of communes) and the filling of a report form with exceljs. */
import ExcelJS from 'exceljs';
import { xlsxBytes } from '../read/helpers';

const FIRST = ['Thanh', 'Hòa', 'Tân', 'Phú', 'Đông', 'Bình', 'An', 'Minh', 'Quang', 'Hưng'];
const SECOND = ['Hà', 'Sơn', 'Lâm', 'Thịnh', 'Lợi', 'Phong', 'Tiến', 'Lộc', 'Phúc', 'Thuận', 'Hải', 'Long', 'Mỹ', 'Nghĩa', 'Khánh', 'Trung', 'Tây', 'Vinh', 'Đức', 'Cường'];

/** n distinct Vietnamese-looking commune names (n ≤ 200). */
export function communeNames(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${FIRST[i % 10]} ${SECOND[Math.floor(i / 10) % 20]}`);
}

export const PLAN_HEAD = ['Mã số', 'Chỉ tiêu', 'Đơn vị tính', 'Cách tổng hợp', 'Chiều', 'Loại', 'Toàn huyện'];

/** code, name, unit, rule, direction, kind, target of commune k */
export const PLAN_ROWS: [string | null, string, string, string, string, string, (k: number) => number | null][] = [
  ['KT01', 'Thu ngân sách nhà nước trên địa bàn', 'triệu đồng', 'Tổng', 'Tăng', 'Lũy kế', (k) => 1000 + 37 * k],
  ['KT02', 'Sản lượng lương thực có hạt', 'tấn', 'Tổng', 'Tăng', 'Lũy kế', (k) => 2000.5 + k],
  ['KT03', 'Tỷ lệ che phủ rừng', '%', 'Bình quân', 'Tăng', 'Thời điểm', (k) => 40 + (k % 30)],
  ['XH01', 'Dân số trung bình', 'người', 'Tổng', 'Tăng', 'Thời điểm', () => null],
  ['XH02', 'Tỷ lệ dân số tham gia bảo hiểm y tế', '%', 'Bình quân theo XH01', 'Tăng', 'Thời điểm', () => 95],
  ['XH03', 'Tỷ lệ hộ nghèo', '%', 'Bình quân', 'Giảm', 'Thời điểm', (k) => 3 + (k % 5) / 10],
  ['XH04', 'Số xã đạt chuẩn nông thôn mới', 'xã', 'Số xã đạt', 'Tăng', 'Thời điểm', () => 1],
  [null, 'Số lao động được tạo việc làm mới', 'người', 'Tổng', 'Tăng', 'Lũy kế', (k) => 50 + k],
];

/** A plan workbook: a title row, the header, two sections, the indicators, one column per commune. */
export async function planBytes(communes: string[]): Promise<Uint8Array> {
  const rows: unknown[][] = [['KẾ HOẠCH PHÁT TRIỂN KINH TẾ - XÃ HỘI NĂM 2026'], [...PLAN_HEAD, ...communes]];
  PLAN_ROWS.forEach((p, i) => {
    if (i === 0) rows.push([null, 'I. KINH TẾ']);
    if (i === 3) rows.push([null, 'II. VĂN HÓA - XÃ HỘI']);
    const [code, name, unit, rule, dir, kind, t] = p;
    rows.push([code, name, unit, rule, dir, kind, null, ...communes.map((_, k) => t(k))]);
  });
  return xlsxBytes([{ name: 'Kế hoạch 2026', rows: rows as never }]);
}

/** The values a commune types into its form: actual and previous of every indicator (XH04: "Đạt"/"Chưa đạt"). */
export function typedValues(k: number): Map<string, { actual: number | string; previous: number | string }> {
  const m = new Map<string, { actual: number | string; previous: number | string }>();
  m.set('KT01', { actual: 512.25 + 3 * k, previous: 480 + k });
  m.set('KT02', { actual: 1000.125 + k, previous: 990 });
  m.set('KT03', { actual: 41.5 + (k % 7), previous: 40 });
  m.set('XH01', { actual: 8000 + 11 * k, previous: 7900 + k });
  m.set('XH02', { actual: 90 + (k % 9) / 4, previous: 88.5 });
  m.set('XH03', { actual: 2.75, previous: 3.1 });
  m.set('XH04', { actual: k % 3 === 0 ? 'Đạt' : 'Chưa đạt', previous: 'Chưa đạt' });
  m.set('Số lao động được tạo việc làm mới', { actual: 20 + k, previous: 18 });
  return m;
}

/** Fill a form with exceljs: find each row by its code (column B) or name (column C), type the values (columns F, G). */
export async function fillForm(data: Uint8Array, values: Map<string, { actual: number | string; previous: number | string }>): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as never);
  const ws = wb.worksheets.find((w) => w.state === 'visible' && w.getCell('B6').value === 'Mã số')!;
  ws.eachRow((row) => {
    const code = String(row.getCell(2).value ?? '');
    const name = String(row.getCell(3).value ?? '');
    const v = values.get(code) ?? values.get(name);
    if (!v) return;
    row.getCell(6).value = v.actual;
    row.getCell(7).value = v.previous;
  });
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

/**
 * The hard layouts of FORMATS.md ("A commune workbook, as it arrives", second list), each in forms, words and
 * places other than the public sample's (binh-luc-2020-9t): the rule, not the strings.
 * Grids are built here directly (so hidden sheets, dates and odd spaces are exactly as written), plus one
 * workbook round trip through the product's .xlsx reader for sheet states.
 */
import { describe, expect, it } from 'vitest';
import * as ExcelJS from 'exceljs';
import { readCommune } from '../../src/read/commune';
import { readXlsx } from '../../src/xlsx/workbook';
import { parseAddress } from '../../src/util/address';
import type { CommuneReport, Grid, GridCell, Plan } from '../../src/types';

// ───────────────────────────── helpers ─────────────────────────────

type V = string | number | boolean | null | undefined | GridCell;

const isCell = (v: V): v is GridCell => typeof v === 'object' && v !== null;

/** A date cell as the adapters give it. */
const d = (iso: string): GridCell => ({ v: iso, date: true });

/** A Grid from row arrays (A1 first) and "A1:B2" merges. */
function grid(sheet: string, rows: V[][], merges: string[] = [], state?: 'hidden' | 'veryHidden', file = 'test.xlsx'): Grid {
  const g: Grid = {
    file,
    sheet,
    rows: rows.map((row) => row.map((v) => (v === undefined || v === null ? null : isCell(v) ? v : { v }))),
    merges: merges.map((m) => {
      const [a, b] = m.split(':');
      const p = parseAddress(a), q = parseAddress(b);
      return { r1: p.r, c1: p.c, r2: q.r, c2: q.c };
    }),
  };
  if (state) g.state = state;
  return g;
}

function read(grids: Grid[], file = 'test.xlsx', plan: Plan | null = null): CommuneReport {
  return readCommune(grids.map((g) => ({ ...g, file })), { file, plan });
}

/** The row of a report by name (or code). */
function rowNamed(rep: CommuneReport, key: string) {
  const r = rep.rows.find((x) => x.code === key) ?? rep.rows.find((x) => x.name === key);
  if (!r) throw new Error(`no row '${key}' in ${JSON.stringify(rep.rows.map((x) => x.code ?? x.name))}`);
  return r;
}

const vals = (rep: CommuneReport, key: string) => {
  const r = rowNamed(rep, key);
  return [r.target?.value ?? null, r.actual?.value ?? null, r.previous?.value ?? null];
};

const codes = (rep: CommuneReport, code: string) => rep.issues.filter((i) => i.code === code);

function planOfCommunes(communes: string[]): Plan {
  return { file: 'kh.xlsx', sheet: 'KH', parentLabel: 'Toàn huyện', communes, indicators: [], year: 2020, issues: [] };
}

// ───────────────────────────── hdr3: three and four header rows ─────────────────────────────

describe('header of three or four rows', () => {
  it('3 merged rows: "Lũy kế 6 tháng" wins over "Ước TH tháng 6" even when the month comes later; ratios passed', () => {
    const g = grid(
      'BC',
      [
        ['UBND XÃ HƯNG ĐẠO'],
        ['BÁO CÁO TÌNH HÌNH THỰC HIỆN NHIỆM VỤ PHÁT TRIỂN KINH TẾ - XÃ HỘI'],
        [],
        ['TT', 'Nội dung', 'ĐVT', 'Kế hoạch năm 2020', 'Thực hiện', null, 'Cùng kỳ năm 2019', 'So sánh (%)', null],
        [null, null, null, null, '6 tháng đầu năm 2020', null, null, null, null],
        [null, null, null, null, 'Lũy kế 6 tháng', 'Ước TH tháng 6', null, 'TH/KH', 'TH/CK'],
        [1, 'Tổng thu ngân sách xã', 'triệu đồng', 5200, 2750, 610, 2400, 52.88, 114.58],
        [2, 'Số hộ dân cư', 'hộ', null, 2315, 2315, 2290, null, 101.09],
      ],
      ['A4:A6', 'B4:B6', 'C4:C6', 'D4:D6', 'E4:F4', 'E5:F5', 'G4:G6', 'H4:I5'],
    );
    const rep = read([g]);
    expect(rep.rows.map((r) => r.name)).toEqual(['Tổng thu ngân sách xã', 'Số hộ dân cư']);
    expect(vals(rep, 'Tổng thu ngân sách xã')).toEqual([5200, 2750, 2400]);
    expect(rowNamed(rep, 'Tổng thu ngân sách xã').actual?.cell).toBe('E7');
    expect(rep.period).toMatchObject({ months: 6, kind: 'half', year: 2020 });
    const t = rep.reading!.tables[0];
    expect(t.header).toBe('4-6');
    expect(t.actual?.column).toBe('E');
    expect(t.target?.column).toBe('D');
    expect(t.previous?.column).toBe('G');
    expect((t.passed ?? []).map((p) => p.column).sort()).toEqual(['F', 'H', 'I']);
  });

  it('4 merged rows: "Quý III" under "Ước thực hiện 9 tháng" is not the actual; title says only "năm 2020" → 9 months', () => {
    const g = grid(
      'Sheet1',
      [
        ['ỦY BAN NHÂN DÂN XÃ NGỌC LŨ'],
        ['BÁO CÁO CHỈ TIÊU KINH TẾ - XÃ HỘI NĂM 2020'],
        ['Chỉ tiêu', 'Đơn vị tính', 'Năm 2020', null, null, 'Năm 2019', 'So sánh (%)', null],
        [null, null, 'Kế hoạch', 'Thực hiện', null, null, null, null],
        [null, null, null, 'Ước thực hiện 9 tháng', null, null, null, null],
        [null, null, null, 'Quý III', 'Lũy kế 9 tháng', 'Cùng kỳ', 'TH/KH năm', 'TH/cùng kỳ'],
        ['Sản lượng lương thực có hạt', 'tấn', 4100, 1250, 3560, 3420, 86.83, 104.09],
        ['Tổng đàn lợn', 'con', 3000, 2950, 2950, 2800, 98.33, 105.36],
      ],
      ['A3:A6', 'B3:B6', 'C3:E3', 'F3:F5', 'G3:H5', 'C4:C6', 'D4:E4', 'D5:E5'],
    );
    const rep = read([g]);
    expect(rep.rows).toHaveLength(2);
    expect(vals(rep, 'Sản lượng lương thực có hạt')).toEqual([4100, 3560, 3420]);
    expect(rowNamed(rep, 'Sản lượng lương thực có hạt').actual?.cell).toBe('E7');
    expect(rep.reading!.tables[0].header).toBe('3-6');
    expect(rep.period).toMatchObject({ months: 9, kind: 'nine', year: 2020 });
    expect(rowNamed(rep, 'Tổng đàn lợn').estimate).toBe(true);
  });

  it('"Tháng 6" beside "Lũy kế từ đầu năm" (no number) under "Ước thực hiện"; the title gives the period', () => {
    const g = grid(
      'S',
      [
        ['BÁO CÁO ƯỚC THỰC HIỆN 6 THÁNG ĐẦU NĂM 2020'],
        ['Tên chỉ tiêu', 'Đơn vị tính', 'KH giao năm 2020', 'Ước thực hiện', null, 'Cùng kỳ năm trước'],
        [null, null, null, 'Tháng 6', 'Lũy kế từ đầu năm', null],
        ['Số lao động được đào tạo nghề', 'người', 150, 20, 96, 88],
      ],
      ['A2:A3', 'B2:B3', 'C2:C3', 'D2:E2', 'F2:F3'],
    );
    const rep = read([g]);
    expect(vals(rep, 'Số lao động được đào tạo nghề')).toEqual([150, 96, 88]);
    expect(rep.period).toMatchObject({ months: 6, year: 2020 });
  });

  it('"Quý I" beside "Lũy kế 3 tháng" in a 3-row header without merges', () => {
    const g = grid('S', [
      ['Chỉ tiêu', 'ĐVT', 'Kế hoạch', 'Thực hiện năm 2021', null, 'CK'],
      [null, null, null, 'Quý I', 'Lũy kế 3 tháng', null],
      [null, null, 'năm 2021', null, null, 'năm 2020'],
      ['Trồng cây phân tán', 'cây', 10000, 4200, 4200.5, 3900],
    ]);
    const rep = read([g]);
    expect(vals(rep, 'Trồng cây phân tán')).toEqual([10000, 4200.5, 3900]);
    expect(rep.period).toMatchObject({ months: 3 });
    expect(rep.period?.year === 2020).toBe(false);
  });

  it('"Kế hoạch năm 2020" and "Cùng kỳ năm 2019" are not the report\'s period (nothing else names it → none)', () => {
    const g = grid('S', [
      ['UBND XÃ ĐỒNG LẠC'],
      ['BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU'],
      ['STT', 'Chỉ tiêu', 'ĐVT', 'Cùng kỳ năm 2019', 'Kế hoạch năm 2020', 'Thực hiện'],
      [1, 'Số lao động được đào tạo nghề', 'người', 80, 150, 95],
    ]);
    const rep = read([g]);
    expect(vals(rep, 'Số lao động được đào tạo nghề')).toEqual([150, 95, 80]);
    expect(rep.period).toBeNull();
  });

  it('"Cùng kỳ năm 2019" before "Thực hiện 6 tháng": 6 months, never 2019', () => {
    const g = grid('S', [
      ['Chỉ tiêu', 'ĐVT', 'Cùng kỳ năm 2019', 'Kế hoạch năm 2020', 'Thực hiện 6 tháng'],
      ['Số lao động được đào tạo nghề', 'người', 80, 150, 95],
    ]);
    const rep = read([g]);
    expect(rep.period?.months).toBe(6);
    expect(rep.period?.year).not.toBe(2019);
  });
});

// ───────────────────────────── hidden sheets ─────────────────────────────

const table2020 = (title = 'BÁO CÁO 6 THÁNG ĐẦU NĂM 2020') => [
  ['UBND XÃ YÊN BÌNH'],
  [title],
  ['STT', 'Chỉ tiêu', 'ĐVT', 'KH năm', 'Thực hiện', 'Cùng kỳ'],
  [1, 'Tổng thu ngân sách xã', 'triệu đồng', 4000, 2100, 1850],
  [2, 'Số hộ nghèo', 'hộ', 40, 45, 52],
];
const table2019 = (commune = 'YÊN BÌNH') => [
  [`UBND XÃ ${commune}`],
  ['BÁO CÁO 6 THÁNG ĐẦU NĂM 2019'],
  ['STT', 'Chỉ tiêu', 'ĐVT', 'KH năm', 'Thực hiện', 'Cùng kỳ'],
  [1, 'Tổng thu ngân sách xã', 'triệu đồng', 3800, 1850, 1700],
  [2, 'Số hộ nghèo', 'hộ', 55, 52, 60],
  [3, 'Số trâu bò', 'con', 500, 480, 470],
];

describe('hidden sheets', () => {
  it('a hidden copy of last year BEFORE the visible sheet: none of its values, no period or commune conflict, listed and an info issue', () => {
    const rep = read([grid('BC 2019', table2019('AN KHÁNH'), [], 'hidden'), grid('BC 2020', table2020())]);
    expect(rep.sheets).toEqual(['BC 2020']);
    expect(rep.rows.map((r) => r.name)).toEqual(['Tổng thu ngân sách xã', 'Số hộ nghèo']);
    expect(vals(rep, 'Tổng thu ngân sách xã')).toEqual([4000, 2100, 1850]);
    expect(rep.rows.every((r) => r.sheet === 'BC 2020')).toBe(true);
    expect(rep.commune).toBe('Yên Bình');
    expect(rep.period).toMatchObject({ months: 6, year: 2020 });
    expect(rep.reading!.skippedSheets).toContainEqual({ sheet: 'BC 2019', why: 'hidden' });
    const hid = codes(rep, 'hidden_sheet');
    expect(hid).toHaveLength(1);
    expect(hid[0]).toMatchObject({ severity: 'info', sheet: 'BC 2019' });
    expect(codes(rep, 'period_conflict')).toEqual([]);
    expect(codes(rep, 'commune_conflict')).toEqual([]);
  });

  it('a veryHidden copy AFTER the visible sheet, and a hidden one before: both skipped and listed', () => {
    const rep = read([
      grid('Nam truoc', table2019(), [], 'hidden'),
      grid('Số liệu', table2020()),
      grid('KTXH 2019', table2019(), [], 'veryHidden'),
    ]);
    expect(rep.sheets).toEqual(['Số liệu']);
    expect(rep.rows.some((r) => r.name === 'Số trâu bò')).toBe(false);
    expect(rep.reading!.skippedSheets).toEqual(
      expect.arrayContaining([
        { sheet: 'Nam truoc', why: 'hidden' },
        { sheet: 'KTXH 2019', why: 'veryHidden' },
      ]),
    );
    expect(codes(rep, 'hidden_sheet').map((i) => [i.sheet, i.severity])).toEqual(
      expect.arrayContaining([['Nam truoc', 'info'], ['KTXH 2019', 'info']]),
    );
    expect(codes(rep, 'hidden_sheet')).toHaveLength(2);
  });

  it('a hidden sheet does not stand in for a visible sheet without a table', () => {
    const rep = read([
      grid('Thuyết minh', [['Tình hình kinh tế 6 tháng đầu năm 2020 ổn định, thu ngân sách đạt khá.']]),
      grid('Data', table2019(), [], 'veryHidden'),
    ]);
    expect(rep.rows).toEqual([]);
    expect(codes(rep, 'no_table')).toHaveLength(1);
    expect(rep.reading!.skippedSheets).toContainEqual({ sheet: 'Data', why: 'veryHidden' });
  });

  it('the sheet state survives the .xlsx reader: veryHidden and hidden sheets written by exceljs are skipped', async () => {
    const wb = new ExcelJS.Workbook();
    const put = (name: string, rows: V[][], state?: 'hidden' | 'veryHidden') => {
      const ws = wb.addWorksheet(name);
      rows.forEach((row, r) => row.forEach((v, c) => { if (v !== null && v !== undefined && !isCell(v)) ws.getCell(r + 1, c + 1).value = v; }));
      if (state) ws.state = state;
    };
    put('Cu', table2019(), 'veryHidden');
    put('Moi', table2020());
    put('Cu2', table2019(), 'hidden');
    const data = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    const { grids } = await readXlsx({ name: 'yen-binh.xlsx', data });
    const rep = readCommune(grids, { file: 'yen-binh.xlsx', plan: null });
    expect(rep.sheets).toEqual(['Moi']);
    expect(vals(rep, 'Số hộ nghèo')).toEqual([40, 45, 52]);
    expect(rep.reading!.skippedSheets).toEqual(
      expect.arrayContaining([{ sheet: 'Cu', why: 'veryHidden' }, { sheet: 'Cu2', why: 'hidden' }]),
    );
  });
});

// ───────────────────────────── number styles ─────────────────────────────

/** `rows` under the headers Chỉ tiêu, ĐVT, Kế hoạch năm, Thực hiện, Cùng kỳ năm trước, on sheet S, read. */
const readNums = (...rows: V[][]) => read([grid('S', [['Chỉ tiêu', 'ĐVT', 'Kế hoạch năm', 'Thực hiện', 'Cùng kỳ năm trước'], ...rows])]);

describe('English-style and space-grouped numbers', () => {
  it('an English-style file: "1,227.50", "12,000", "54.50", "89.50%", "6,850" read the English way, no warning', () => {
    const rep = readNums(
      ['Thu ngân sách', 'triệu đồng', '9,770.00', '4,238.20', '3,634.10'],
      ['Dân số', 'người', '12,000', '12,045', '11,980'],
      ['Diện tích lúa', 'ha', '54.50', '54.50', '55.20'],
      ['Tỷ lệ hộ dùng nước sạch', '%', '89.50%', '90.25%', '1.01%'],
      ['Số con gia cầm', 'con', '6,850', '1,227.50', '7,100'],
    );
    expect(vals(rep, 'Thu ngân sách')).toEqual([9770, 4238.2, 3634.1]);
    expect(vals(rep, 'Dân số')).toEqual([12000, 12045, 11980]);
    expect(vals(rep, 'Diện tích lúa')).toEqual([54.5, 54.5, 55.2]);
    expect(vals(rep, 'Tỷ lệ hộ dùng nước sạch')).toEqual([89.5, 90.25, 1.01]);
    expect(rowNamed(rep, 'Tỷ lệ hộ dùng nước sạch').actual?.percent).toBe(true);
    expect(vals(rep, 'Số con gia cầm')).toEqual([6850, 1227.5, 7100]);
    expect(rep.reading!.numberStyle.style).toBe('en');
    expect(rep.reading!.numberStyle.evidence).not.toBeNull();
    expect(rep.issues.filter((i) => i.severity !== 'info')).toEqual([]);
  });

  it('an English-style file with qualifiers: "over 1,500" style words stay notes ("trên 1,500", "khoảng 2,300.5")', () => {
    const rep = readNums(
      ['Lượt khách du lịch', 'lượt', '3,000.00', 'trên 1,500', 'khoảng 2,300.5'],
      ['Diện tích', 'ha', '12.25', '10.75', '1,002.25'],
    );
    expect(vals(rep, 'Lượt khách du lịch')).toEqual([3000, 1500, 2300.5]);
    expect(rowNamed(rep, 'Lượt khách du lịch').actual?.note).toBe('trên');
  });

  it('no evidence at all and "12,000": read the Vietnamese way (12) with a warning at the cell', () => {
    const rep = readNums(['Dân số', 'người', 12500, '12,000', 11900]);
    expect(vals(rep, 'Dân số')).toEqual([12500, 12, 11900]);
    const w = rep.issues.filter((i) => i.severity === 'warning' && i.cell === 'D2');
    expect(w.map((i) => i.code)).toContain('number_style_guess');
    expect(rep.reading!.numberStyle).toMatchObject({ style: 'vi', evidence: null });
  });

  it('Vietnamese evidence decides the ambiguous "1.500" and "2,250" in the same file', () => {
    const rep = readNums(
      ['Thu ngân sách', 'triệu đồng', '4.000,25', '1.500', '1.234.567'],
      ['Diện tích', 'ha', '54,5', '2,250', '56,84'],
    );
    expect(vals(rep, 'Thu ngân sách')).toEqual([4000.25, 1500, 1234567]);
    expect(vals(rep, 'Diện tích')).toEqual([54.5, 2.25, 56.84]);
    expect(rep.reading!.numberStyle.style).toBe('vi');
    expect(codes(rep, 'mixed_number_style')).toEqual([]);
  });

  it('mixed evidence ("1,227.5" and "4.000,25") with an ambiguous "3.500": a mixed_number_style warning naming a cell', () => {
    const rep = readNums(
      ['Thu ngân sách', 'triệu đồng', '1,227.5', '4.000,25', '3.500'],
      ['Dân số', 'người', 100, 110, 105],
    );
    expect(rowNamed(rep, 'Thu ngân sách').target?.value).toBe(1227.5);
    expect(rowNamed(rep, 'Thu ngân sách').actual?.value).toBe(4000.25);
    const w = codes(rep, 'mixed_number_style');
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ severity: 'warning', sheet: 'S', cell: 'E2' });
  });

  it('the style is decided per file, over all its visible sheets', () => {
    const a = grid('Kinh tế', [['Chỉ tiêu', 'ĐVT', 'Thực hiện'], ['Thu', 'tr.đ', '8,008.70'], ['Chi', 'tr.đ', '6,850.25']]);
    const b = grid('Xã hội', [['Chỉ tiêu', 'ĐVT', 'Thực hiện'], ['Dân số', 'người', '12,000']]);
    const rep = read([a, b]);
    expect(rowNamed(rep, 'Dân số').actual?.value).toBe(12000);
  });

  it('thousands grouped by a space, a no-break space U+00A0 or a narrow no-break space U+202F; the comma is decimal', () => {
    const rep = readNums(
      ['Thu ngân sách', 'triệu đồng', '12 000', '3\u202f928,1', '6\u00a0050'],
      ['Giá trị sản xuất', 'triệu đồng', '1 234 567', '2\u00a0991,4', '5\u202f617'],
      ['Diện tích', 'ha', '450,5', 98, '1 002'],
    );
    expect(vals(rep, 'Thu ngân sách')).toEqual([12000, 3928.1, 6050]);
    expect(vals(rep, 'Giá trị sản xuất')).toEqual([1234567, 2991.4, 5617]);
    expect(vals(rep, 'Diện tích')).toEqual([450.5, 98, 1002]);
    expect(rep.issues.filter((i) => i.severity !== 'info')).toEqual([]);
  });
});

// ───────────────────────────── units inside names ─────────────────────────────

/** Each row's name and unit as read from `rows` on sheet BC. */
const namesAndUnits = (rows: V[][]) => read([grid('BC', rows)]).rows.map((r) => [r.name, r.unit]);

describe('the unit inside the name (no unit column)', () => {
  it('"(tỷ đồng)", "[tạ]", ", ha", "(ĐVT: %)", "(Đơn vị tính: m2)" become the unit; "(số vụ)" keeps its words', () => {
    const g = grid('BC', [
      ['STT', 'Tên chỉ tiêu', 'KH năm', 'TH', 'CK'],
      [1, 'Tổng thu ngân sách xã (tỷ đồng)', 5.2, 2.75, 2.4],
      [2, 'Sản lượng lương thực có hạt [tạ]', 41000, 35600, 34200],
      [3, 'Diện tích gieo trồng lúa, ha', 420, 418, 421],
      [4, 'Tỷ lệ hộ nghèo (ĐVT: %)', 3.5, 3.8, 4.6],
      [5, 'Diện tích nuôi trồng thủy sản (Đơn vị tính: m2)', 250000, 248000, 240000],
      [6, 'Tai nạn giao thông (số vụ)', 2, 3, 4],
    ]);
    const rep = read([g]);
    expect(rep.rows.map((r) => [r.name, r.unit])).toEqual([
      ['Tổng thu ngân sách xã', 'tỷ đồng'],
      ['Sản lượng lương thực có hạt', 'tạ'],
      ['Diện tích gieo trồng lúa', 'ha'],
      ['Tỷ lệ hộ nghèo', '%'],
      ['Diện tích nuôi trồng thủy sản', 'm2'],
      ['Tai nạn giao thông (số vụ)', null],
    ]);
    expect(rep.reading!.unitsFromNames).toEqual(
      expect.arrayContaining([
        { cell: 'BC!B2', name: 'Tổng thu ngân sách xã', unit: 'tỷ đồng' },
        { cell: 'BC!B3', name: 'Sản lượng lương thực có hạt', unit: 'tạ' },
      ]),
    );
    expect(rep.reading!.unitsFromNames).toHaveLength(5);
  });

  it('other unit forms: "- ĐVT: người", "(Đơn vị: triệu đồng)", "(km)", "(%)"', () => {
    expect(
      namesAndUnits([
        ['Chỉ tiêu', 'Kế hoạch', 'Thực hiện'],
        ['Số lao động được tạo việc làm - ĐVT: người', 200, 150],
        ['Giá trị sản xuất nông nghiệp (Đơn vị: triệu đồng)', 50000, 36000],
        ['Đường giao thông nông thôn được cứng hóa (km)', 5, 3.2],
        ['Tỷ lệ tham gia bảo hiểm y tế (%)', 92, 90.5],
      ]),
    ).toEqual([
      ['Số lao động được tạo việc làm', 'người'],
      ['Giá trị sản xuất nông nghiệp', 'triệu đồng'],
      ['Đường giao thông nông thôn được cứng hóa', 'km'],
      ['Tỷ lệ tham gia bảo hiểm y tế', '%'],
    ]);
  });

  it('a compound unit in brackets: "Thu nhập bình quân đầu người (triệu đồng/người/năm)"', () => {
    expect(
      namesAndUnits([
        ['Chỉ tiêu', 'Kế hoạch', 'Thực hiện'],
        ['Thu nhập bình quân đầu người (triệu đồng/người/năm)', 48, 47],
        ['Năng suất lúa bình quân (tạ/ha)', 62, 63.5],
      ]),
    ).toEqual([
      ['Thu nhập bình quân đầu người', 'triệu đồng/người/năm'],
      ['Năng suất lúa bình quân', 'tạ/ha'],
    ]);
  });

  it('a unit column, when there is one, wins over words in brackets in the name', () => {
    expect(
      namesAndUnits([
        ['Chỉ tiêu', 'ĐVT', 'Thực hiện'],
        ['Trẻ em dưới 5 tuổi (tiêm chủng đầy đủ)', 'trẻ', 120],
        ['Doanh thu dịch vụ (ha)', 'triệu đồng', 10],
      ]),
    ).toEqual([
      ['Trẻ em dưới 5 tuổi (tiêm chủng đầy đủ)', 'trẻ'],
      ['Doanh thu dịch vụ (ha)', 'triệu đồng'],
    ]);
  });
});

// ───────────────────────────── ratio columns ─────────────────────────────

describe('ratio columns under any heading', () => {
  it('"Đạt % KH", "TH/KH (%)", "Tỷ lệ % so với KH", "% so CK", "Tăng, giảm so cùng kỳ" are never target/actual/previous', () => {
    const g = grid('S', [
      ['Chỉ tiêu', 'ĐVT', 'Đạt % KH', 'KH năm', 'TH/KH (%)', 'Thực hiện', 'Tỷ lệ % so với KH', 'Cùng kỳ', '% so CK', 'Tăng, giảm so cùng kỳ'],
      ['Thu ngân sách', 'triệu đồng', 43.4, 9770, 43.38, 4238.2, 43.38, 3634.1, 116.6, 604.1],
    ]);
    const rep = read([g]);
    expect(vals(rep, 'Thu ngân sách')).toEqual([9770, 4238.2, 3634.1]);
    const t = rep.reading!.tables[0];
    expect([t.target?.column, t.actual?.column, t.previous?.column]).toEqual(['D', 'F', 'H']);
    expect((t.passed ?? []).filter((p) => p.role === 'ratio').map((p) => p.column)).toEqual(['C', 'E', 'G', 'I', 'J']);
  });

  it('with no previous column, "So với cùng kỳ năm trước" / "Tăng (+) giảm (-) so CK" do not become the previous', () => {
    const g = grid('S', [
      ['Nội dung', 'Đơn vị', 'Kế hoạch giao', 'Ước thực hiện', 'Ước đạt % KH năm', 'So với cùng kỳ năm trước', 'Tăng (+) giảm (-) so CK'],
      ['Trồng rừng', 'ha', 355, 162.6, 45.8, 102.5, 2.5],
    ]);
    const rep = read([g]);
    expect(vals(rep, 'Trồng rừng')).toEqual([355, 162.6, null]);
    expect(rowNamed(rep, 'Trồng rừng').previous).toBeNull();
  });

  it('ratios in a two-row band: "Thực hiện so với (%)" over "Kế hoạch" and "Cùng kỳ" are not the target nor the previous', () => {
    const g = grid(
      'S',
      [
        ['Chỉ tiêu', 'ĐVT', 'Kế hoạch năm', 'Thực hiện', 'Cùng kỳ năm trước', 'Thực hiện so với (%)', null],
        [null, null, null, null, null, 'Kế hoạch', 'Cùng kỳ'],
        ['Số hộ dân cư', 'hộ', 2400, 2315, 2290, 96.46, 101.09],
      ],
      ['A1:A2', 'B1:B2', 'C1:C2', 'D1:D2', 'E1:E2', 'F1:G1'],
    );
    const rep = read([g]);
    expect(vals(rep, 'Số hộ dân cư')).toEqual([2400, 2315, 2290]);
  });
});

// ───────────────────────────── total rows ─────────────────────────────

describe('total rows', () => {
  it('"Cộng", "Cộng mục II", "TỔNG CỘNG" in the middle and at the end: skipped, listed, rows after them read', () => {
    const g = grid('BC', [
      ['STT', 'Mã số', 'Chỉ tiêu', 'ĐVT', 'Kế hoạch năm', 'Thực hiện', 'Cùng kỳ'],
      ['I', null, 'KINH TẾ'],
      [1, 'KT01', 'Thu ngân sách', 'triệu đồng', 800, 350, 300],
      [2, 'KT02', 'Trồng rừng', 'ha', 340, 162.6, 158.6],
      [null, null, 'Cộng', null, 1140, 512.6, 458.6],
      ['II', null, 'VĂN HÓA - XÃ HỘI'],
      [3, 'XH01', 'Dân số', 'người', null, 2684, 2673],
      [null, null, 'Cộng mục II', null, null, 2684, 2673],
      [null, null, 'TỔNG CỘNG', null, 1140, 3196.6, 3131.6],
      ['III', null, 'QUỐC PHÒNG - AN NINH'],
      [4, 'AN01', 'Số vụ tai nạn giao thông', 'vụ', 5, 2, 3],
      [null, null, 'Tổng cộng', null, 1145, 3198.6, 3134.6],
    ]);
    const rep = read([g]);
    expect(rep.rows.map((r) => r.code)).toEqual(['KT01', 'KT02', 'XH01', 'AN01']);
    expect(rep.reading!.totalRows).toEqual(['BC!C5', 'BC!C8', 'BC!C9', 'BC!C12']);
    expect(vals(rep, 'AN01')).toEqual([5, 2, 3]);
  });

  it('total rows in a table without codes, written "Cộng I", "Cộng phần A", "Tổng cộng (I+II)"', () => {
    const g = grid('BC', [
      ['TT', 'Nội dung', 'Đơn vị tính', 'KH', 'TH'],
      ['A', 'Nông nghiệp'],
      [1, 'Diện tích lúa', 'ha', 400, 390],
      [2, 'Diện tích ngô', 'ha', 50, 45],
      [null, 'Cộng phần A', null, 450, 435],
      ['B', 'Thủy sản'],
      [3, 'Sản lượng thủy sản', 'tấn', 120, 80],
      [null, 'Cộng I', null, 120, 80],
      [null, 'Tổng cộng (I+II)', null, 570, 515],
      [4, 'Diện tích rau màu', 'ha', 30, 31],
    ]);
    const rep = read([g]);
    expect(rep.rows.map((r) => r.name)).toEqual(['Diện tích lúa', 'Diện tích ngô', 'Sản lượng thủy sản', 'Diện tích rau màu']);
    expect(rep.reading!.totalRows).toHaveLength(3);
  });

  it('an indicator whose name starts with "Tổng" is not a total row ("Tổng đàn lợn", "Tổng số hộ")', () => {
    const g = grid('BC', [
      ['Chỉ tiêu', 'ĐVT', 'TH'],
      ['Tổng đàn lợn', 'con', 3000],
      ['Tổng số hộ', 'hộ', 2200],
      ['Cộng', null, 5200],
    ]);
    const rep = read([g]);
    expect(rep.rows.map((r) => r.name)).toEqual(['Tổng đàn lợn', 'Tổng số hộ']);
  });
});

// ───────────────────────────── vertical merges and wrapped names ─────────────────────────────

describe('section column merged vertically; names over two lines', () => {
  it('a "Lĩnh vực" column first, merged down its rows, rotated text; names with a newline', () => {
    const g = grid(
      'S',
      [
        ['Lĩnh vực', 'Chỉ tiêu', 'ĐVT', 'Kế hoạch năm', 'Thực hiện'],
        ['KINH\nTẾ', 'Sản lượng lương thực\ncó hạt', 'tấn', 4100, 3560],
        [null, 'Đường giao thông nông thôn\r\nđược cứng hóa', 'km', 3, 2.1],
        [null, 'Tổng thu ngân sách xã', 'triệu đồng', 5000, 3800],
        ['VĂN HÓA -\nXÃ HỘI', 'Tỷ lệ hộ gia đình đạt\ndanh hiệu gia đình văn hóa', '%', 85, 86.2],
        [null, 'Số lao động được\n đào tạo nghề', 'người', 150, 110],
      ],
      ['A2:A4', 'A5:A6'],
    );
    const rep = read([g]);
    expect(rep.rows.map((r) => r.name)).toEqual([
      'Sản lượng lương thực có hạt',
      'Đường giao thông nông thôn được cứng hóa',
      'Tổng thu ngân sách xã',
      'Tỷ lệ hộ gia đình đạt danh hiệu gia đình văn hóa',
      'Số lao động được đào tạo nghề',
    ]);
    expect(vals(rep, 'Đường giao thông nông thôn được cứng hóa')).toEqual([3, 2.1, null]);
    expect(rep.rows.some((r) => r.subItem)).toBe(false);
  });

  it('a "Khối" column second (after STT), merged down, with codes', () => {
    const g = grid(
      'S',
      [
        ['STT', 'Khối', 'Mã', 'Nội dung', 'Đơn vị tính', 'KH', 'TH'],
        [1, 'Khối kinh tế', 'NN04', 'Số xã đạt chuẩn nông thôn\nmới nâng cao', 'xã', 1, 'Đạt'],
        [2, null, 'TS01', 'Diện tích nuôi trồng\nthủy sản', 'ha', 52, 51.5],
        [3, 'Khối văn hóa - xã hội', 'XH01', 'Tỷ lệ hộ nghèo', '%', 2, 1.8],
        [4, null, 'XH02', 'Số người\ntham gia BHYT', 'người', 9000, 8700],
      ],
      ['B2:B3', 'B4:B5'],
    );
    const rep = read([g]);
    expect(rep.rows.map((r) => [r.code, r.name])).toEqual([
      ['NN04', 'Số xã đạt chuẩn nông thôn mới nâng cao'],
      ['TS01', 'Diện tích nuôi trồng thủy sản'],
      ['XH01', 'Tỷ lệ hộ nghèo'],
      ['XH02', 'Số người tham gia BHYT'],
    ]);
    expect(vals(rep, 'NN04')).toEqual([1, 1, null]);
  });

  it('a section column without its own heading, merged over the first rows of the table', () => {
    const g = grid(
      'S',
      [
        [null, 'Chỉ tiêu', 'ĐVT', 'Thực hiện'],
        ['I. Kinh tế', 'Thu ngân sách', 'triệu đồng', 500],
        [null, 'Trồng rừng', 'ha', 20],
        ['II. Xã hội', 'Dân số', 'người', 2500],
      ],
      ['A2:A3'],
    );
    const rep = read([g]);
    expect(rep.rows.map((r) => r.name)).toEqual(['Thu ngân sách', 'Trồng rừng', 'Dân số']);
  });
});

// ───────────────────────────── the commune only in the file name or the signature ─────────────────────────────

const anonTable = (titleName = '......................') => [
  [`UBND XÃ ${titleName}`, null, null, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'],
  [null, null, null, 'Độc lập - Tự do - Hạnh phúc'],
  ['BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU KT-XH 6 THÁNG ĐẦU NĂM 2020'],
  ['STT', 'Chỉ tiêu', 'ĐVT', 'KH năm', 'Thực hiện'],
  [1, 'Tổng thu ngân sách xã', 'triệu đồng', 4000, 2100],
  [2, 'Số hộ nghèo', 'hộ', 40, 45],
];

describe('the commune named only by the file name or the signature', () => {
  const plan = planOfCommunes(['Thanh Hà', 'Thanh Sơn', 'Hà Lâm', 'Đại Cương', 'Đại Thắng', 'Tân Lập', 'Đông Sơn', 'Bắc Lý']);

  it('"BC 6T - Xa Thanh Ha (gui huyen).xlsx" is Thanh Hà, with or without a plan', () => {
    const file = 'BC 6T - Xa Thanh Ha (gui huyen).xlsx';
    const withPlan = read([grid('Sheet1', anonTable())], file, plan);
    expect([withPlan.commune, withPlan.communeFrom]).toEqual(['Thanh Hà', 'file']);
    expect(withPlan.reading!.communeText).toBe(file);
    const noPlan = read([grid('Sheet1', anonTable())], file);
    expect(noPlan.commune && noPlan.commune.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()).toBe('thanh ha');
    expect(noPlan.communeFrom).toBe('file');
  });

  it('"Copy of BC KTXH Dai Cuong.xlsx" is Đại Cương (not Đại Thắng); "TAN LAP_6T2020.xlsx" is Tân Lập', () => {
    expect(read([grid('Sheet1', anonTable())], 'Copy of BC KTXH Dai Cuong.xlsx', plan).commune).toBe('Đại Cương');
    expect(read([grid('Sheet1', anonTable())], 'TAN LAP_6T2020.xlsx', plan).commune).toBe('Tân Lập');
    expect(read([grid('Sheet1', anonTable())], 'bao cao 6 thang_dong son (1).xlsx', plan).commune).toBe('Đông Sơn');
  });

  it('a file name with no commune in it and no title: no commune, a warning (nothing guessed)', () => {
    const rep = read([grid('Sheet1', anonTable())], 'Book1 (2).xlsx', plan);
    expect(rep.commune).toBeNull();
    expect(codes(rep, 'no_commune')[0]?.severity).toBe('warning');
  });

  it('only in the signature block: "TM. ỦY BAN NHÂN DÂN XÃ BẮC LÝ" (with a plan list)', () => {
    const rows = [
      ...anonTable(),
      [],
      [null, 'Người lập biểu', null, 'TM. ỦY BAN NHÂN DÂN XÃ BẮC LÝ'],
      [null, null, null, 'CHỦ TỊCH'],
      [null, 'Trần Văn Hà', null, 'Nguyễn Văn Thanh'],
    ];
    const rep = read([grid('Sheet1', rows)], 'Book1 (2).xlsx', plan);
    expect(rep.commune).toBe('Bắc Lý');
    expect(rep.rows).toHaveLength(2);
  });

  it('only in the signature block\'s date line "Tân Lập, ngày 05 tháng 7 năm 2020" (with a plan list)', () => {
    const rows = [...anonTable(), [], [null, null, null, 'Tân Lập, ngày 05 tháng 7 năm 2020'], [null, 'Người lập', null, 'CHỦ TỊCH']];
    const rep = read([grid('Sheet1', rows)], 'bc.xlsx', plan);
    expect(rep.commune).toBe('Tân Lập');
    expect(rep.period).toMatchObject({ months: 6, year: 2020 });
  });

  it('only in the signature block "TM. UBND XÃ ĐÔNG SƠN", without a plan', () => {
    const rows = [...anonTable(), [], [null, 'Người lập biểu', null, 'TM. UBND XÃ ĐÔNG SƠN'], [null, null, null, 'CHỦ TỊCH']];
    const rep = read([grid('Sheet1', rows)], 'Book1.xlsx');
    expect(rep.commune).toBe('Đông Sơn');
  });
});

// ───────────────────────────── blank columns and blank rows ─────────────────────────────

describe('blank leading columns and blank rows', () => {
  it('the table starts at column D; blank rows after the header, between sections and items are not its end', () => {
    const g = grid('S', [
      [null, null, null, 'UBND XÃ MỸ THÀNH'],
      [],
      [null, null, null, 'STT', 'Chỉ tiêu', 'ĐVT', 'KH năm', 'Thực hiện', 'Cùng kỳ'],
      [],
      [null, null, null, 'I', 'KINH TẾ'],
      [null, null, null, 1, 'Thu ngân sách', 'triệu đồng', 800, 350, 300],
      [],
      [null, null, null, 2, 'Trồng rừng', 'ha', 340, 162.6, 158.6],
      [],
      [],
      [null, null, null, 'II', 'XÃ HỘI'],
      [],
      [null, null, null, 3, 'Dân số', 'người', null, 2684, 2673],
      [],
      [],
      [],
      [null, null, null, 4, 'Tỷ lệ hộ nghèo', '%', 3, 2.8, 3.4],
    ]);
    const rep = read([g]);
    expect(rep.rows.map((r) => r.name)).toEqual(['Thu ngân sách', 'Trồng rừng', 'Dân số', 'Tỷ lệ hộ nghèo']);
    expect(rowNamed(rep, 'Tỷ lệ hộ nghèo').actual?.cell).toBe('H17');
    expect(rep.commune).toBe('Mỹ Thành');
  });

  it('blank column B between a blank A and the table, and a column-number row after a blank row', () => {
    const g = grid('S', [
      [],
      [null, null, 'TT', 'Nội dung', 'Đơn vị tính', 'Kế hoạch', 'Thực hiện'],
      [null, null, 'A', 'B', 'C', 1, 2],
      [],
      [null, null, 1, 'Số hộ dân cư', 'hộ', 2400, 2315],
      [],
      [null, null, 2, 'Số lao động được đào tạo nghề', 'người', 150, 96],
    ]);
    const rep = read([g]);
    expect(rep.rows.map((r) => r.name)).toEqual(['Số hộ dân cư', 'Số lao động được đào tạo nghề']);
  });
});

// ───────────────────────────── the period only as dates ─────────────────────────────

const valueRows: V[][] = [
  ['STT', 'Chỉ tiêu', 'ĐVT', 'Kế hoạch năm', 'Thực hiện'],
  [1, 'Thu ngân sách', 'triệu đồng', 800, 350],
];

describe('the period written only as dates', () => {
  it('"(Từ ngày 01/01/2020 đến ngày 30/6/2020)" under a title that says only "NĂM 2020" → 6 tháng đầu năm 2020', () => {
    const rep = read([grid('S', [['BÁO CÁO SỐ LIỆU KINH TẾ - XÃ HỘI NĂM 2020'], ['(Từ ngày 01/01/2020 đến ngày 30/6/2020)'], ...valueRows])]);
    expect(rep.period).toMatchObject({ kind: 'half', months: 6, year: 2020 });
    expect(rep.reading!.periodText).toContain('30/6/2020');
  });

  it('"Từ ngày 01/4/2020 đến ngày 30/6/2020" → quý II năm 2020', () => {
    const rep = read([grid('S', [['BÁO CÁO KẾT QUẢ THỰC HIỆN'], ['Từ ngày 01/4/2020 đến ngày 30/6/2020'], ...valueRows])]);
    expect(rep.period).toMatchObject({ kind: 'quarter', months: 6, index: 2, year: 2020 });
  });

  it('"Từ ngày:" and "đến ngày:" each followed by a date cell → 9 tháng năm 2020', () => {
    const rep = read([grid('S', [['BÁO CÁO CHỈ TIÊU'], [null, 'Từ ngày:', d('2020-01-01'), 'đến ngày:', d('2020-09-30')], ...valueRows])]);
    expect(rep.period).toMatchObject({ kind: 'nine', months: 9, year: 2020 });
  });

  it('"Số liệu tính đến ngày" with a date cell → 9 tháng năm 2021', () => {
    const rep = read([grid('S', [['BÁO CÁO'], ['Số liệu tính đến ngày', null, d('2021-09-30')], ...valueRows])]);
    expect(rep.period).toMatchObject({ kind: 'nine', months: 9, year: 2021 });
  });

  it('"Lũy kế đến 31/3/2021" in the actual column\'s header → quý I năm 2021', () => {
    const rep = read([grid('S', [['STT', 'Chỉ tiêu', 'ĐVT', 'KH năm 2021', 'Lũy kế đến 31/3/2021'], [1, 'Thu ngân sách', 'triệu đồng', 800, 210]])]);
    expect(rep.period).toMatchObject({ months: 3, year: 2021 });
    expect(rep.rows[0].actual?.value).toBe(210);
  });

  it('"Thực hiện đến 30/11/2020" in a header → tháng 11 năm 2020 (11 months)', () => {
    const rep = read([grid('S', [['Chỉ tiêu', 'ĐVT', 'Kế hoạch', 'Thực hiện đến 30/11/2020'], ['Thu ngân sách', 'triệu đồng', 800, 700]])]);
    expect(rep.period).toMatchObject({ months: 11, year: 2020 });
  });

  it('a title that says only "năm 2020" and a header "Lũy kế 9 tháng": 9 months, not the year', () => {
    const rep = read([
      grid('S', [['BÁO CÁO KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2020'], ['Chỉ tiêu', 'ĐVT', 'Kế hoạch', 'Tháng 9', 'Lũy kế 9 tháng'], ['Thu', 'tr.đ', 800, 90, 610]]),
    ]);
    expect(rep.period).toMatchObject({ kind: 'nine', months: 9, year: 2020 });
    expect(rep.rows[0].actual?.value).toBe(610);
  });

  it('an end date that is not a month\'s end ("đến ngày 20/9/2020") is read, with a warning', () => {
    const rep = read([grid('S', [['(Từ ngày 01/01/2020 đến ngày 20/9/2020)'], ...valueRows])]);
    expect(rep.period).not.toBeNull();
    expect(codes(rep, 'period_from_date')[0]?.severity).toBe('warning');
  });

  it('the signature\'s date ("ngày 30 tháng 9 năm 2020") is not the period', () => {
    const rep = read([grid('S', [['BÁO CÁO'], ...valueRows, [], [null, null, 'Ngày 30 tháng 9 năm 2020'], [null, null, 'CHỦ TỊCH']])]);
    expect(rep.period).toBeNull();
  });
});

// ───────────────────────────── two tables on one sheet ─────────────────────────────

describe('two tables on one sheet', () => {
  it('captions, own header rows, other labels and the previous before the actual in the second', () => {
    const g = grid('KT-XH', [
      ['UBND XÃ HỢP THỊNH'],
      ['BÁO CÁO 9 THÁNG NĂM 2020'],
      ['A. LĨNH VỰC KINH TẾ'],
      ['STT', 'Chỉ tiêu', 'ĐVT', 'Kế hoạch năm', 'Thực hiện', 'Cùng kỳ năm trước'],
      [1, 'Tổng thu ngân sách xã', 'triệu đồng', 4000, 3100, 2900],
      [2, 'Sản lượng lương thực có hạt', 'tấn', 4100, 3560, 3420],
      [],
      ['B. LĨNH VỰC VĂN HÓA - XÃ HỘI'],
      ['TT', 'Nội dung', 'Đơn vị tính', 'KH giao', 'CK năm trước', 'Ước TH 9 tháng', 'Ghi chú'],
      [1, 'Số hộ dân cư', 'hộ', null, 2290, 2315, 'ổn định'],
      [2, 'Tỷ lệ hộ nghèo', '%', 2, 2.6, 2.1],
    ]);
    const rep = read([g]);
    expect(rep.rows.map((r) => r.name)).toEqual(['Tổng thu ngân sách xã', 'Sản lượng lương thực có hạt', 'Số hộ dân cư', 'Tỷ lệ hộ nghèo']);
    expect(vals(rep, 'Tổng thu ngân sách xã')).toEqual([4000, 3100, 2900]);
    expect(vals(rep, 'Số hộ dân cư')).toEqual([null, 2315, 2290]);
    expect(vals(rep, 'Tỷ lệ hộ nghèo')).toEqual([2, 2.1, 2.6]);
    expect(rowNamed(rep, 'Tỷ lệ hộ nghèo').actual?.cell).toBe('F11');
    const t = rep.reading!.tables;
    expect(t.map((x) => [x.header, x.actual?.column, x.previous?.column, x.rows])).toEqual([
      ['4', 'E', 'F', 2],
      ['9', 'F', 'E', 2],
    ]);
    expect(rep.period).toMatchObject({ months: 9, year: 2020 });
  });

  it('a second table with no caption, after blank rows, with its own header', () => {
    const g = grid('S', [
      ['Chỉ tiêu', 'ĐVT', 'KH', 'TH'],
      ['Thu ngân sách', 'triệu đồng', 800, 620],
      [],
      ['Tên chỉ tiêu', 'Thực hiện', 'Đơn vị tính', 'Kế hoạch'],
      ['Dân số', 2500, 'người', null],
    ]);
    const rep = read([g]);
    expect(rep.rows.map((r) => [r.name, r.unit, r.actual?.value ?? null])).toEqual([
      ['Thu ngân sách', 'triệu đồng', 620],
      ['Dân số', 'người', 2500],
    ]);
  });

  it('the second table with a two-row merged header and shifted one column right', () => {
    const g = grid(
      'S',
      [
        ['Phần I. Chỉ tiêu kinh tế'],
        ['Chỉ tiêu', 'ĐVT', 'KH', 'TH'],
        ['Thu ngân sách', 'triệu đồng', 800, 620],
        [],
        [],
        [null, 'Phần II. Chỉ tiêu xã hội'],
        [null, 'Chỉ tiêu', 'ĐVT', 'Cùng kỳ', 'Kế hoạch năm', 'Thực hiện', null],
        [null, null, null, null, null, 'Tháng 9', 'Lũy kế 9 tháng'],
        [null, 'Số lao động được đào tạo nghề', 'người', 100, 150, 12, 118],
      ],
      ['B7:B8', 'C7:C8', 'D7:D8', 'E7:E8', 'F7:G7'],
    );
    const rep = read([g]);
    expect(rep.rows.map((r) => r.name)).toEqual(['Thu ngân sách', 'Số lao động được đào tạo nghề']);
    expect(vals(rep, 'Thu ngân sách')).toEqual([800, 620, null]);
    expect(vals(rep, 'Số lao động được đào tạo nghề')).toEqual([150, 118, 100]);
    expect(rep.reading!.tables).toHaveLength(2);
  });
});

import { describe, expect, it } from 'vitest';
import { readCommune } from '../../src/read/commune';
import type { Grid } from '../../src/types';
import { communeOf, HEADER, planWith, rowOf } from './helpers';

const row = (stt: number | string | null, code: string | null, name: string, unit: string, target: unknown, actual: unknown, previous: unknown, note?: string) =>
  [stt, code, name, unit, target, actual, previous, note] as never[];

describe('readCommune: tables', () => {
  it('a plain table: code, name, unit, target/actual/previous with their source cells', async () => {
    const rep = await communeOf([
      { name: 'Thanh Hà', rows: [HEADER, row(1, 'KT01', 'Thu ngân sách', 'triệu đồng', 800, 350, 300), row(2, 'XH01', 'Dân số', 'người', null, 2181, 2164)] },
    ], { file: 'thanh-ha.xlsx' });
    expect(rep.sheets).toEqual(['Thanh Hà']);
    expect(rep.rows).toHaveLength(2);
    const kt = rowOf(rep, 'KT01');
    expect(kt).toMatchObject({ code: 'KT01', name: 'Thu ngân sách', unit: 'triệu đồng', sheet: 'Thanh Hà', row: 2, estimate: false });
    expect(kt.target).toEqual({ value: 800, raw: 800, cell: 'E2' });
    expect(kt.actual).toEqual({ value: 350, raw: 350, cell: 'F2' });
    expect([rep.file, kt.sheet]).toEqual(['thanh-ha.xlsx', 'Thanh Hà']); // where the cells are
    expect(kt.previous?.value).toBe(300);
    expect(rowOf(rep, 'XH01').target).toEqual({ value: null, raw: null, cell: 'E3' });
    expect(rep.issues).toEqual([]);
  });

  it('title rows above the table name the commune and the period', async () => {
    const rep = await communeOf([
      {
        name: 'BC',
        rows: [
          ['UBND XÃ THANH HÀ', null, null, null, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'],
          [null, null, null, null, 'Độc lập - Tự do - Hạnh phúc'],
          [],
          ['BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI 6 THÁNG ĐẦU NĂM 2020'],
          [],
          HEADER,
          row(1, 'KT01', 'Thu ngân sách', 'triệu đồng', 800, 350, 300),
        ],
        merges: ['A1:C1', 'E1:H1', 'A4:H4'],
      },
    ]);
    expect(rep.commune).toBe('Thanh Hà');
    expect(rep.communeFrom).toBe('title');
    expect(rep.period).toMatchObject({ kind: 'half', months: 6, year: 2020, label: '6 tháng đầu năm 2020' });
    expect(rep.periodFrom).toBe('title');
    expect(rep.rows.map((r) => r.code)).toEqual(['KT01']);
  });

  it('header words without diacritics, abbreviated, any case, any order', async () => {
    const rep = await communeOf([
      {
        name: 'Sheet1',
        rows: [
          ['GHI CHU', 'CK nam truoc', 'TH', 'KH nam', 'DVT', 'Ten chi tieu', 'Ma', 'tt'],
          ['', 94, 97.5, 98, '%', 'Tỷ lệ BHYT', 'XH02', 1],
        ],
      },
    ]);
    const r = rowOf(rep, 'XH02');
    expect([r.name, r.unit, r.target?.value, r.actual?.value, r.previous?.value]).toEqual(['Tỷ lệ BHYT', '%', 98, 97.5, 94]);
    expect(r.actual?.cell).toBe('C2');
  });

  it('other header synonyms: Nội dung / Đơn vị / KH giao / Thực hiện kỳ báo cáo / CK năm trước', async () => {
    const rep = await communeOf([
      { rows: [['STT', 'Mã số', 'Nội dung', 'Đơn vị', 'KH giao', 'Thực hiện kỳ báo cáo', 'CK năm trước', 'Ghi chú'], row(1, 'KT02', 'Trồng rừng', 'ha', 355, '56,5', 58.2)] },
    ]);
    expect(rowOf(rep, 'KT02')).toMatchObject({ name: 'Trồng rừng', unit: 'ha' });
    expect(rowOf(rep, 'KT02').actual?.value).toBe(56.5);
    expect(rowOf(rep, 'KT02').target?.value).toBe(355);
    expect(rowOf(rep, 'KT02').previous?.value).toBe(58.2);
  });

  it('two header rows with merged cells: the actual is the lũy kế column; So sánh (%) columns are ignored', async () => {
    const rep = await communeOf([
      {
        rows: [
          ['STT', 'Mã số', 'Chỉ tiêu', 'Đơn vị tính', 'Kế hoạch năm', 'Thực hiện', null, 'Cùng kỳ năm trước', 'So sánh (%)', null, 'Ghi chú'],
          [null, null, null, null, null, 'Tháng 3', 'Lũy kế 3 tháng', null, 'KH', 'Cùng kỳ'],
          [1, 'KT02', 'Diện tích trồng rừng tập trung', 'ha', 340, 80, 162.6, 158.6, { formula: 'ROUND(G3/E3*100,2)', result: 47.82 }, 102.52],
        ],
        merges: ['A1:A2', 'B1:B2', 'C1:C2', 'D1:D2', 'E1:E2', 'F1:G1', 'H1:H2', 'I1:J1', 'K1:K2'],
      },
    ]);
    const r = rowOf(rep, 'KT02');
    expect(r.actual).toMatchObject({ value: 162.6, cell: 'G3' });
    expect(r.target).toMatchObject({ value: 340, cell: 'E3' });
    expect(r.previous).toMatchObject({ value: 158.6, cell: 'H3' });
    expect(rep.rows).toHaveLength(1);
    // the header gives the period when no title does
    expect(rep.period).toMatchObject({ months: 3, year: null });
    expect(rep.periodFrom).toBe('header');
  });

  it('two header rows without merges: "Thực hiện" over "Tháng 4" and "Lũy kế 4 tháng"', async () => {
    const rep = await communeOf([
      {
        rows: [
          ['Chỉ tiêu', 'ĐVT', 'KH năm', 'Thực hiện', null],
          [null, null, null, 'Tháng 4', 'Lũy kế 4 tháng'],
          ['Thu ngân sách', 'triệu đồng', 1000, 100, 420],
        ],
      },
    ]);
    expect(rep.rows[0].actual?.value).toBe(420);
    expect(rep.rows[0].actual?.cell).toBe('E3');
    expect(rep.period).toMatchObject({ kind: 'month', months: 4 });
  });

  it('ratio columns like "TH/KH (%)" are not inputs, even before the actual column', async () => {
    const rep = await communeOf([
      { rows: [['Chỉ tiêu', 'ĐVT', 'TH/KH (%)', 'Kế hoạch năm', 'Thực hiện', 'So với cùng kỳ'], ['Thu', 'tr.đ', 43.38, 9770, 4238.2, 116]] },
    ]);
    expect(rep.rows[0].target?.value).toBe(9770);
    expect(rep.rows[0].actual?.value).toBe(4238.2);
    expect(rep.rows[0].previous).toBeNull();
  });

  it('the column-number row under the header ("A | B | C | 1 | 2 | 3=2/1") is skipped', async () => {
    const rep = await communeOf([
      {
        rows: [
          ['STT', 'Mã số', 'Chỉ tiêu', 'Đơn vị tính', 'Kế hoạch năm', 'Thực hiện', 'TH/KH (%)', 'Cùng kỳ năm trước', 'Ghi chú'],
          ['A', 'B', 'C', 'D', 1, 2, '3=2/1', 4, 'E'],
          [1, 'KT01', 'Thu ngân sách', 'triệu đồng', 9770, 4238.2, 43.38, 3634.1],
        ],
      },
    ]);
    expect(rep.rows.map((r) => r.code)).toEqual(['KT01']);
    expect(rep.rows[0].row).toBe(3);
    expect(rep.issues).toEqual([]);
  });

  it('section rows are skipped and numbering before names stripped', async () => {
    const rep = await communeOf([
      {
        rows: [
          HEADER,
          ['I', null, 'KINH TẾ'],
          [null, 'KT01', '1. Thu ngân sách', 'tỷ đồng', 3.13, 0.58, 0.45],
          [null, 'KT02', '1.1 Trồng rừng', 'm2', 2450000, 1159000, 1125000],
          [null, null, 'II. VĂN HÓA - XÃ HỘI'],
          [null, 'XH01', 'a) Dân số', 'người', null, 2684, 2673],
          [null, 'XH02', '+ Tỷ lệ BHYT', '%', 98, 98.92, 98.07],
        ],
      },
    ]);
    expect(rep.rows.map((r) => [r.code, r.name, r.unit])).toEqual([
      ['KT01', 'Thu ngân sách', 'tỷ đồng'],
      ['KT02', 'Trồng rừng', 'm2'],
      ['XH01', 'Dân số', 'người'],
      ['XH02', 'Tỷ lệ BHYT', '%'],
    ]);
    expect(rep.rows.some((r) => r.subItem)).toBe(false);
  });

  it('sub-items: "Trong đó: - Ngô", "- Thóc" without code under a parent row', async () => {
    const rep = await communeOf([
      {
        rows: [
          HEADER,
          [3, 'KT03', 'Sản lượng lương thực có hạt', 'tấn', 180, { formula: 'SUM(F3:F4)', result: 55.1 }, 59.8],
          [null, null, 'Trong đó: - Ngô', 'tấn', null, 39],
          [null, null, '- Thóc', 'tấn', null, 16.1],
          [4, 'KT05', 'Tỷ lệ che phủ rừng', '%', 49.5, 48.46, 47.54],
        ],
      },
    ]);
    expect(rep.rows.map((r) => [r.code, r.name, r.subItem ?? false])).toEqual([
      ['KT03', 'Sản lượng lương thực có hạt', false],
      [null, 'Ngô', true],
      [null, 'Thóc', true],
      ['KT05', 'Tỷ lệ che phủ rừng', false],
    ]);
    expect(rowOf(rep, 'KT03').actual?.value).toBe(55.1);
  });

  it('items all bulleted the same way in a table without codes are not sub-items', async () => {
    const rep = await communeOf([
      { rows: [['Chỉ tiêu', 'ĐVT', 'Thực hiện'], ['- Thu ngân sách', 'tr.đ', 5], ['- Dân số', 'người', 10]] },
    ]);
    expect(rep.rows.map((r) => [r.name, r.subItem ?? false])).toEqual([['Thu ngân sách', false], ['Dân số', false]]);
  });

  it('numbers written as Vietnamese text, with qualifiers and percent', async () => {
    const rep = await communeOf([
      {
        rows: [
          HEADER,
          [1, 'A1', 'a', 'người', '1.227', '2.875', 'gần 4.000'],
          [2, 'A2', 'b', 'ha', '54,5', '4.000,25', 'khoảng 15'],
          [3, 'A3', 'c', '%', '56,84%', 'trên 600', 'hơn 860'],
        ],
      },
    ]);
    expect(rowOf(rep, 'A1').target?.value).toBe(1227);
    expect(rowOf(rep, 'A1').actual?.value).toBe(2875);
    expect(rowOf(rep, 'A1').previous).toMatchObject({ value: 4000, note: 'gần', raw: 'gần 4.000' });
    expect(rowOf(rep, 'A2').target?.value).toBe(54.5);
    expect(rowOf(rep, 'A2').actual?.value).toBe(4000.25);
    expect(rowOf(rep, 'A2').previous).toMatchObject({ value: 15, note: 'khoảng' });
    expect(rowOf(rep, 'A3').target).toMatchObject({ value: 56.84, percent: true });
    expect(rowOf(rep, 'A3').actual).toMatchObject({ value: 600, note: 'trên' });
    expect(rowOf(rep, 'A3').previous).toMatchObject({ value: 860, note: 'hơn' });
    expect(rep.issues).toEqual([]);
  });

  it('"-", "x", "k/c", empty, "không có" are no value without issues', async () => {
    const rep = await communeOf([
      { rows: [HEADER, [1, 'A1', 'a', 'ha', '-', 'x', 'k/c'], [2, 'A2', 'b', 'ha', null, 'không có', '…']] },
    ]);
    for (const r of rep.rows) for (const v of [r.target, r.actual, r.previous]) expect(v?.value ?? null).toBeNull();
    expect(rep.rows).toHaveLength(2);
    expect(rep.issues).toEqual([]);
  });

  it('error cells give no value and a located error_value issue', async () => {
    const rep = await communeOf([
      { rows: [['UBND xã Thanh Lâm'], HEADER, [1, 'KT01', 'Thu ngân sách', 'triệu đồng', 3560, { formula: 'H3/K3', result: { error: '#DIV/0!' } }, { error: '#N/A' }]] },
    ], { file: 'bc-thanh-lam.xlsx' });
    const r = rowOf(rep, 'KT01');
    expect(r.actual).toMatchObject({ value: null, raw: '#DIV/0!', cell: 'F3' });
    const errs = rep.issues.filter((i) => i.code === 'error_value');
    expect(errs.map((i) => [i.severity, i.file, i.sheet, i.cell, i.indicator, i.commune])).toEqual([
      ['error', 'bc-thanh-lam.xlsx', 'Sheet1', 'F3', 'KT01', 'Thanh Lâm'],
      ['error', 'bc-thanh-lam.xlsx', 'Sheet1', 'G3', 'KT01', 'Thanh Lâm'],
    ]);
    expect(errs[0].message).toContain('#DIV/0!');
    expect(errs[0].message.startsWith("Xã Thanh Lâm, sheet 'Sheet1', ô F3")).toBe(true);
  });

  it('text that is not a number: value null and a not_a_number issue naming commune, sheet and cell', async () => {
    const rep = await communeOf([
      {
        name: 'BC Q1',
        rows: [
          ['Thực hiện', 'Kế hoạch năm', 'STT', 'Chỉ tiêu', 'Ghi chú', 'Cùng kỳ năm trước', 'Đơn vị tính'],
          [276.6, 1610, 1, 'Thu ngân sách', null, 323.5, 'triệu đồng'],
          ['Khả quan', 97, 2, 'Tỷ lệ BHYT', null, 94.55, '%'],
        ],
      },
    ], { file: 'bc-luong-mong.xlsx', plan: planWith(['Lương Mông', 'Minh Cầm']) });
    expect(rep.commune).toBe('Lương Mông');
    expect(rep.communeFrom).toBe('file');
    const r = rowOf(rep, 'Tỷ lệ BHYT');
    expect(r.actual).toMatchObject({ value: null, raw: 'Khả quan', cell: 'A3' });
    const nan = rep.issues.filter((i) => i.code === 'not_a_number');
    expect(nan).toHaveLength(1);
    expect(nan[0]).toMatchObject({ severity: 'error', file: 'bc-luong-mong.xlsx', sheet: 'BC Q1', cell: 'A3', commune: 'Lương Mông' });
    expect(nan[0].message.startsWith("Xã Lương Mông, sheet 'BC Q1', ô A3: 'Khả quan' không phải là số")).toBe(true);
    expect(nan[0].messageEn).toContain("'Khả quan' is not a number");
  });

  it('"Đạt" / "Chưa đạt" / booleans are 1 / 0 with boolean', async () => {
    const rep = await communeOf([
      { rows: [HEADER, [1, 'KT04', 'Đạt chuẩn NTM', 'xã', 'Đạt', 'Chưa đạt', false], [2, 'KT06', 'Khác', 'xã', 'đạt chuẩn', 'không đạt', true]] },
    ]);
    expect(rowOf(rep, 'KT04').target).toMatchObject({ value: 1, boolean: true });
    expect(rowOf(rep, 'KT04').actual).toMatchObject({ value: 0, boolean: true });
    expect(rowOf(rep, 'KT04').previous).toMatchObject({ value: 0, boolean: true });
    expect(rowOf(rep, 'KT06').target).toMatchObject({ value: 1, boolean: true });
    expect(rowOf(rep, 'KT06').actual).toMatchObject({ value: 0, boolean: true });
    expect(rowOf(rep, 'KT06').previous).toMatchObject({ value: 1, boolean: true });
  });

  it('the signature block ends the table: nothing below becomes a row or an issue', async () => {
    const rep = await communeOf([
      {
        rows: [
          HEADER,
          [1, 'XH05', 'Số vụ tai nạn giao thông', 'vụ', 1, 0, 0],
          [],
          [null, null, null, null, null, null, 'Thanh Lâm, ngày 23 tháng 3 năm 2020'],
          [null, null, 'Người lập biểu', null, null, null, 'TM. ỦY BAN NHÂN DÂN'],
          [null, null, null, null, null, null, 'CHỦ TỊCH'],
          [null, null, '(Ký, ghi rõ họ tên)', null, null, null, '(Ký tên, đóng dấu)'],
          [null, null, 'Lý Thị Hương', 'x', 12, 'abc', 'Đặng Văn Sơn'],
          ['Nơi nhận:'],
          ['- UBND huyện;'],
        ],
      },
    ]);
    expect(rep.rows.map((r) => r.code)).toEqual(['XH05']);
    expect(rep.issues).toEqual([]);
    // the date line is no period, but it names the place
    expect(rep.period).toBeNull();
    expect(rep.commune).toBe('Thanh Lâm');
  });

  it('estimates: "Ước thực hiện" in a row note, in the title, in the actual column header', async () => {
    const inNote = await communeOf([{ rows: [HEADER, [1, 'A', 'a', 'ha', 1, 2, 3, 'Ước thực hiện'], [2, 'B', 'b', 'ha', 1, 2, 3, 'Số liệu ước tính'], [3, 'C', 'c', 'ha', 1, 2, 3]] }]);
    expect(inNote.rows.map((r) => r.estimate)).toEqual([true, true, false]);
    expect(rowOf(inNote, 'A').note).toBe('Ước thực hiện');
    const inTitle = await communeOf([{ rows: [['BÁO CÁO ƯỚC THỰC HIỆN QUÝ I/2020'], HEADER, [1, 'A', 'a', 'ha', 1, 2, 3]] }]);
    expect(inTitle.rows[0].estimate).toBe(true);
    expect(inTitle.period).toMatchObject({ months: 3, year: 2020, estimate: true });
    const inHeader = await communeOf([{ rows: [['BÁO CÁO 6 THÁNG ĐẦU NĂM 2020'], ['Chỉ tiêu', 'ĐVT', 'Ước TH 6 tháng'], ['a', 'ha', 5]] }]);
    expect(inHeader.rows[0].estimate).toBe(true);
    expect(inHeader.period).toMatchObject({ kind: 'half', year: 2020, estimate: true });
    expect(inHeader.rows[0].actual?.value).toBe(5);
  });

  it('the period: the most specific of the title lines, the year from another line', async () => {
    const a = await communeOf([{ rows: [['KẾ HOẠCH NĂM 2020'], ['Báo cáo số liệu quý II'], HEADER, [1, 'A', 'Thu', 'ha', 1, 2, 3]] }]);
    expect(a.period).toMatchObject({ kind: 'quarter', months: 6, year: 2020, label: 'quý II năm 2020' });
    const b = await communeOf([{ rows: [['BÁO CÁO 9 THÁNG'], ['2021'], HEADER, [1, 'A', 'Thu', 'ha', 1, 2, 3]] }]);
    expect(b.period).toMatchObject({ kind: 'nine', months: 9, year: 2021, label: '9 tháng năm 2021' });
  });

  it('indicators spread over several sheets; a prose sheet is skipped with an info issue', async () => {
    const rep = await communeOf([
      { name: 'Thuyết minh', rows: [['THUYẾT MINH SỐ LIỆU QUÝ I NĂM 2020'], [], ['1. Số liệu thu ngân sách do bộ phận tài chính xã cung cấp.']] },
      { name: 'Kinh tế', rows: [['Đơn vị báo cáo: UBND xã Nam Sơn'], [], ['BÁO CÁO ƯỚC THỰC HIỆN QUÝ I/2020'], HEADER, [1, 'KT01', 'Thu', 'triệu đồng', 3640, 1027.3, 1185.4]] },
      { name: 'VH-XH', rows: [['Đơn vị báo cáo: UBND xã Nam Sơn'], HEADER, [6, 'XH01', 'Dân số', 'người', null, 3452, 3434, 'Ước thực hiện']] },
      { name: 'Trống', rows: [] },
    ], { file: 'xa-nam-son.xlsx' });
    expect(rep.sheets).toEqual(['Kinh tế', 'VH-XH']);
    expect(rep.rows.map((r) => [r.sheet, r.code])).toEqual([['Kinh tế', 'KT01'], ['VH-XH', 'XH01']]);
    expect(rep.commune).toBe('Nam Sơn');
    expect(rep.issues.map((i) => [i.severity, i.code, i.sheet])).toEqual([['info', 'sheet_without_table', 'Thuyết minh']]);
  });

  it('a workbook with no table anywhere: an error issue naming the file', async () => {
    const rep = await communeOf([{ name: 'Ghi chú', rows: [['Xã Thanh Hà báo cáo bằng văn bản.'], ['Không có số liệu.']] }], { file: 'thanh-ha.docx.xlsx' });
    expect(rep.rows).toEqual([]);
    const e = rep.issues.find((i) => i.code === 'no_table');
    expect(e).toMatchObject({ severity: 'error', file: 'thanh-ha.docx.xlsx' });
    expect(e!.message).toContain('thanh-ha.docx.xlsx');
  });

  it('a second table further down the same sheet is read with its own header', async () => {
    const rep = await communeOf([
      {
        rows: [
          ['Chỉ tiêu', 'ĐVT', 'Thực hiện'],
          ['Thu ngân sách', 'tr.đ', 5],
          [],
          ['Chỉ tiêu', 'Kế hoạch', 'ĐVT', 'Thực hiện'],
          ['Dân số', 2000, 'người', 1990],
        ],
      },
    ]);
    expect(rep.rows.map((r) => [r.name, r.target?.value ?? null, r.actual?.value])).toEqual([
      ['Thu ngân sách', null, 5],
      ['Dân số', 2000, 1990],
    ]);
  });

  it('formulas without a saved result in value cells give a warning', async () => {
    const rep = await communeOf([{ rows: [HEADER, [1, 'A', 'a', 'ha', 1, { formula: 'E2*2' }, 3]] }]);
    expect(rep.rows[0].actual?.value).toBeNull();
    expect(rep.issues.map((i) => [i.code, i.cell])).toEqual([['formula_no_result', 'F2']]);
  });

  it('values linked to another workbook: cached values used, one info issue per sheet', async () => {
    const rep = await communeOf([{ rows: [HEADER, [1, 'A', 'a', 'ha', 1, { formula: '[1]Sheet1!F2', result: 7 }, 3], [2, 'B', 'b', 'ha', 1, { formula: '[1]Sheet1!F3', result: 8 }, 3]] }]);
    expect(rep.rows.map((r) => r.actual?.value)).toEqual([7, 8]);
    expect(rep.issues.map((i) => [i.severity, i.code, i.cell])).toEqual([['info', 'external_formula', 'F2']]);
  });

  it('percentage-formatted cells are read as percentages', async () => {
    const rep = await communeOf([{ rows: [HEADER, [1, 'KT05', 'Che phủ rừng', '%', 0.86, 0.8641, 85.47]], numFmts: { E2: '0%', F2: '0.00%' } }]);
    expect(rowOf(rep, 'KT05').target).toMatchObject({ value: 86, percent: true });
    expect(rowOf(rep, 'KT05').actual).toMatchObject({ value: 86.41, percent: true });
    expect(rowOf(rep, 'KT05').previous?.value).toBe(85.47);
  });

  it('"TH năm 2019 | KH năm 2020 | Ước TH quý I/2020": the actual is the period of the latest year', async () => {
    const rep = await communeOf([
      {
        rows: [
          ['Chỉ tiêu', 'ĐVT', 'Năm 2019', 'Năm 2020', null],
          [null, null, 'Thực hiện', 'Kế hoạch', 'Ước TH quý I'],
          ['Thu ngân sách', 'triệu đồng', 3900, 4000, 1100],
        ],
        merges: ['A1:A2', 'B1:B2', 'D1:E1'],
      },
    ]);
    expect(rep.rows[0].actual).toMatchObject({ value: 1100, cell: 'E3' });
    expect(rep.rows[0].target?.value).toBe(4000);
    expect(rep.rows[0].estimate).toBe(true);
    expect(rep.period).toMatchObject({ kind: 'quarter', months: 3 });
  });

  it('years typed as numbers in the second header row: "Thực hiện" over 2019 | 2020', async () => {
    const rep = await communeOf([
      {
        rows: [
          ['Chỉ tiêu', 'ĐVT', 'Kế hoạch năm 2020', 'Thực hiện', null],
          [null, null, null, 2019, 2020],
          ['Thu ngân sách', 'triệu đồng', 4000, 3900, 1100],
        ],
        merges: ['A1:A2', 'B1:B2', 'C1:C2', 'D1:E1'],
      },
    ]);
    expect(rep.rows).toHaveLength(1);
    expect(rep.rows[0].actual).toMatchObject({ value: 1100, cell: 'E3' });
  });

  it('"Chỉ tiêu" merged over the numbering and the names: the names are read', async () => {
    const rep = await communeOf([
      {
        rows: [
          ['Chỉ tiêu', null, 'ĐVT', 'Kế hoạch', 'Thực hiện'],
          ['I', 'KINH TẾ'],
          ['1', 'Thu ngân sách', 'triệu đồng', 4000, 1100],
          ['2', 'Trồng rừng', 'ha', 300, 80],
        ],
        merges: ['A1:B1'],
      },
    ]);
    expect(rep.rows.map((r) => [r.name, r.actual?.value])).toEqual([['Thu ngân sách', 1100], ['Trồng rừng', 80]]);
  });

  it('a data row of short words right under the header is data, not a column-number row', async () => {
    const rep = await communeOf([{ rows: [HEADER, [1, 'A', 'a', 'ha', 1, 2, 3]] }]);
    expect(rep.rows.map((r) => [r.code, r.actual?.value])).toEqual([['A', 2]]);
  });

  it('a header below row 1 after a long title block, names with extra spaces tidied', async () => {
    const rows: never[][] = [];
    for (let i = 0; i < 10; i++) rows.push([`Dòng tiêu đề ${i}`] as never[]);
    rows.push(HEADER as never[], [1, null, 'Diện  tích trồng rừng  ', 'ha', 255, 125.1, 115.1] as never[]);
    const rep = await communeOf([{ rows }]);
    expect(rep.rows.map((r) => [r.code, r.name, r.row])).toEqual([[null, 'Diện tích trồng rừng', 12]]);
  });
});

describe('readCommune: the commune name', () => {
  const table = [HEADER, row(1, 'KT01', 'Thu', 'triệu đồng', 1, 2, 3)];
  const cases: [string, string | null][] = [
    ['UBND XÃ THANH HÀ', 'Thanh Hà'],
    ['ỦY BAN NHÂN DÂN THỊ TRẤN BA CHẼ', 'Thị trấn Ba Chẽ'],
    ['Xã: Thanh Hà', 'Thanh Hà'],
    ['Đơn vị báo cáo: UBND xã Nam Sơn', 'Nam Sơn'],
    ['(Kèm theo Báo cáo số 176/BC-UBND của UBND xã Nam Sơn)', 'Nam Sơn'],
    ['UBND XÃ ĐỒN ĐẠC - HUYỆN BA CHẼ', 'Đồn Đạc'],
    ['UBND phường Hồng Hải', 'Phường Hồng Hải'],
    ['ubnd xa thanh ha', 'Thanh Ha'],
  ];
  for (const [title, want] of cases) {
    it(`"${title}" → ${want}`, async () => {
      const rep = await communeOf([{ name: 'Sheet1', rows: [[title], ...table] }], { file: 'bao-cao.xlsx' });
      expect(rep.commune).toBe(want);
      expect(rep.communeFrom).toBe('title');
    });
  }

  it('"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" is not a commune; "KINH TẾ - XÃ HỘI" neither', async () => {
    const rep = await communeOf([
      { name: 'Sheet1', rows: [['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'], ['BÁO CÁO CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI'], ...table] },
    ], { file: 'xa-don-dac.xlsx' });
    expect(rep.commune).toBe('Don Dac');
    expect(rep.communeFrom).toBe('file');
  });

  it('the sheet name when no title names it; sheet names that are not names are passed over', async () => {
    expect((await communeOf([{ name: 'Đạp Thanh', rows: table }], { file: 'bc.xlsx' })).commune).toBe('Đạp Thanh');
    const rep = await communeOf([{ name: 'Kinh tế', rows: table }, { name: 'VH-XH', rows: table }], { file: 'bc-liem-can.xlsx' });
    expect([rep.commune, rep.communeFrom]).toEqual(['Liem Can', 'file']);
  });

  it('file names: "bc-liem-can.xlsx", "xa-don-dac.xlsx", "thi-tran-ba-che.xlsx"', async () => {
    expect((await communeOf([{ rows: table }], { file: 'bc-liem-can.xlsx' })).commune).toBe('Liem Can');
    expect((await communeOf([{ rows: table }], { file: 'xa-don-dac.xlsx' })).commune).toBe('Don Dac');
    expect((await communeOf([{ rows: table }], { file: 'thi-tran-ba-che.xlsx' })).commune).toBe('Thị trấn Ba Che');
    expect((await communeOf([{ rows: table }], { file: 'BC_Q1_2020_Xã Đồn Đạc.xlsx' })).commune).toBe('Đồn Đạc');
  });

  it('file names with words around the name: "Copy of Thanh Ha.xlsx", "Bao cao quy 1 - Tan Lap (ban sao).xlsx"', async () => {
    expect((await communeOf([{ rows: table }], { file: 'Copy of Thanh Ha.xlsx' })).commune).toBe('Thanh Ha');
    expect((await communeOf([{ rows: table }], { file: 'Bao cao quy 1 - Tan Lap (ban sao).xlsx' })).commune).toBe('Tan Lap');
    expect((await communeOf([{ rows: table }], { file: 'Book1.xlsx' })).commune).toBeNull();
  });

  it('the motto line does not name a plan commune ("Hạnh Phúc" is a commune too)', async () => {
    const plan = planWith(['Hạnh Phúc', 'Thanh Hà']);
    const rep = await communeOf([{ rows: [['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'], ['Độc lập - Tự do - Hạnh phúc'], ...table] }], { plan, file: 'thanh-ha.xlsx' });
    expect([rep.commune, rep.communeFrom]).toEqual(['Thanh Hà', 'file']);
  });

  it('with a plan, its spelling is reported, found in titles, sheet names or file names (unaccented too)', async () => {
    const plan = planWith(['Thị trấn Ba Chẽ', 'Thanh Sơn', 'Thanh Lâm', 'Đồn Đạc', 'Nam Sơn']);
    const t = await communeOf([{ rows: [['UBND THỊ TRẤN BA CHẼ'], ...table] }], { plan });
    expect([t.commune, t.communeFrom]).toEqual(['Thị trấn Ba Chẽ', 'title']);
    const s = await communeOf([{ name: 'thanh son', rows: table }], { plan });
    expect([s.commune, s.communeFrom]).toEqual(['Thanh Sơn', 'sheet']);
    const f = await communeOf([{ rows: table }], { plan, file: 'xa-don-dac.xlsx' });
    expect([f.commune, f.communeFrom]).toEqual(['Đồn Đạc', 'file']);
    const f2 = await communeOf([{ rows: table }], { plan, file: 'BC_Thanh_Lam_Q1.xlsx' });
    expect(f2.commune).toBe('Thanh Lâm');
  });

  it('with a plan, the parent unit of the same name ("UBND HUYỆN BA CHẼ") is not the town', async () => {
    const plan = planWith(['Thị trấn Ba Chẽ', 'Nam Sơn']);
    const rep = await communeOf([{ rows: [['UBND HUYỆN BA CHẼ'], ['UBND XÃ NAM SƠN'], ...table] }], { plan });
    expect(rep.commune).toBe('Nam Sơn');
    const rep2 = await communeOf([{ rows: [['HUYỆN BA CHẼ'], ...table] }], { plan, file: 'nam-son.xlsx' });
    expect([rep2.commune, rep2.communeFrom]).toEqual(['Nam Sơn', 'file']);
  });

  it('the user override wins (with the plan spelling when it matches)', async () => {
    const rep = await communeOf([{ rows: [['UBND XÃ THANH HÀ'], ...table] }], { commune: 'thanh son', plan: planWith(['Thanh Sơn']) });
    expect([rep.commune, rep.communeFrom]).toEqual(['Thanh Sơn', 'user']);
    const rep2 = await communeOf([{ rows: [['UBND XÃ THANH HÀ'], ...table] }], { commune: 'Xã Mới' });
    expect([rep2.commune, rep2.communeFrom]).toEqual(['Xã Mới', 'user']);
  });

  it('no name anywhere: null with a warning', async () => {
    const rep = await communeOf([{ name: 'Sheet1', rows: table }], { file: '2020.xlsx' });
    expect(rep.commune).toBeNull();
    expect(rep.issues.map((i) => [i.severity, i.code])).toEqual([['warning', 'no_commune']]);
  });
});

describe('readCommune: Grids from elsewhere (the open workbook)', () => {
  it('works on hand-made grids, with a period from a title and no file name', () => {
    const grid: Grid = {
      file: '',
      sheet: 'Xã Thanh Hà',
      merges: [],
      rows: [
        [{ v: 'BÁO CÁO THÁNG 4 NĂM 2020' }],
        [{ v: 'Chỉ tiêu' }, { v: 'ĐVT' }, { v: 'Thực hiện' }],
        [{ v: 'Thu ngân sách' }, { v: 'tr.đ' }, { v: '1.234,5' }],
        [],
        [{ v: 'Dân số' }, { v: 'người' }, { v: 2000 }],
      ],
    };
    const rep = readCommune([grid], { file: '', plan: null });
    expect(rep.commune).toBe('Thanh Hà');
    expect(rep.communeFrom).toBe('sheet');
    expect(rep.period).toMatchObject({ kind: 'month', months: 4, year: 2020, label: 'tháng 4 năm 2020' });
    expect(rep.rows.map((r) => r.actual?.value)).toEqual([1234.5, 2000]);
  });

  it('no grids: no rows, no issues of its own (the adapter reported the file)', () => {
    const rep = readCommune([], { file: 'x.xlsx', plan: null });
    expect(rep.rows).toEqual([]);
    expect(rep.issues).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import type { Lang, SheetSpec, SpecCell, Status } from '../../src/types';
import { buildSheets, FMT_DEC, FMT_INT, FMT_PCT, STATUS_COLORS } from '../../src/write/sheets';
import { formatDate, periodLabel, severityLabel, sheetNames, statusLabel, summaryHeaders } from '../../src/write/labels';
import { parseAddress } from '../../src/util/address';
import { HOSTILE_COMMUNE, HOSTILE_FILE, HOSTILE_INDICATOR, HOSTILE_UNIT, makeReport } from './fixture';

function at(spec: SheetSpec, a1: string): SpecCell | null {
  const { r, c } = parseAddress(a1);
  return spec.rows[r]?.[c] ?? null;
}
function sheet(specs: SheetSpec[], key: string): SheetSpec {
  const s = specs.find((x) => x.key === key);
  if (!s) throw new Error('no sheet ' + key);
  return s;
}
function rowValues(spec: SheetSpec, row1: number): unknown[] {
  return (spec.rows[row1 - 1] ?? []).map((c) => c?.v ?? null);
}

/** A list sheet with nothing to list: the title rows, the header and one line saying so. */
function expectEmptyList(s: SheetSpec, text: string): void {
  expect(s.rows.length).toBe(6);
  expect(at(s, 'A6')?.v).toBe(text);
}

describe('labels', () => {
  it('names statuses, severities and sheets in both languages', () => {
    const statuses: [Status, Lang, string][] = [
      ['met', 'vi', 'Đạt'], ['on_track', 'vi', 'Đúng tiến độ'], ['behind', 'vi', 'Chậm tiến độ'], ['no_target', 'vi', 'Không có KH'],
      ['no_data', 'vi', 'Thiếu số liệu'], ['behind', 'en', 'Behind'], ['no_data', 'en', 'No data'],
    ];
    for (const [status, lang, word] of statuses) expect(statusLabel(status, lang)).toBe(word);
    expect(severityLabel('error', 'vi')).toBe('Lỗi');
    expect(severityLabel('warning', 'vi')).toBe('Cảnh báo');
    expect(severityLabel('info', 'en')).toBe('Info');
    expect(sheetNames('vi')).toEqual({ summary: 'Tổng hợp', detail: 'Chi tiết xã', shortfalls: 'Chưa đạt', issues: 'Kiểm tra dữ liệu', sources: 'Nguồn', report: 'Báo cáo' });
    expect(sheetNames('en').summary).toBe('Summary');
  });

  it('shows the date in Vietnam time for UTC, as written otherwise', () => {
    expect(formatDate('2020-07-05T20:30:00.000Z')).toBe('06/07/2020'); // 03:30 on the 6th in Hà Nội
    expect(formatDate('2020-07-05T10:00:00Z')).toBe('05/07/2020');
    expect(formatDate('2020-12-31T23:00:00+01:00')).toBe('31/12/2020');
    expect(formatDate('2021-01-02')).toBe('02/01/2021');
    expect(formatDate('not a date')).toBe('');
  });

  it('translates period labels to English', () => {
    expect(periodLabel({ year: 2020, months: 6, label: '6 tháng đầu năm 2020' }, 'en')).toBe('First half of 2020');
    expect(periodLabel({ year: 2020, months: 6, label: 'quý II năm 2020' }, 'en')).toBe('Q2 2020');
    expect(periodLabel({ year: 2020, months: 3, label: 'quý I năm 2020' }, 'en')).toBe('Q1 2020');
    expect(periodLabel({ year: 2020, months: 4, label: 'tháng 4 năm 2020' }, 'en')).toBe('April 2020');
    expect(periodLabel({ year: 2021, months: 9, label: '9 tháng năm 2021' }, 'en')).toBe('First nine months of 2021');
    expect(periodLabel({ year: 2020, months: 12, label: 'năm 2020' }, 'en')).toBe('Year 2020');
    expect(periodLabel({ year: 2020, months: 6, label: 'ước 6 tháng đầu năm 2020' }, 'en')).toBe('First half of 2020 (estimate)');
    expect(periodLabel({ year: 2020, months: 6, label: '6 tháng đầu năm 2020' }, 'vi')).toBe('6 tháng đầu năm 2020');
  });
});

describe('buildSheets: summary', () => {
  const specs = buildSheets(makeReport(), 'vi');
  const s = sheet(specs, 'summary');

  it('makes the five sheets in order with Vietnamese names', () => {
    // issue 10: the narrative draft "Báo cáo" comes last
    expect(specs.map((x) => x.key)).toEqual(['summary', 'detail', 'shortfalls', 'issues', 'sources', 'report']);
    expect(specs.map((x) => x.name)).toEqual(['Tổng hợp', 'Chi tiết xã', 'Chưa đạt', 'Kiểm tra dữ liệu', 'Nguồn', 'Báo cáo']);
    expect(buildSheets(makeReport(), 'en').map((x) => x.name)).toEqual(['Summary', 'By commune', 'Shortfalls', 'Data check', 'Sources', 'Report']);
  });

  it('has title rows, one header row and one row per indicator', () => {
    expect(at(s, 'A4')?.v).toBe('TỔNG HỢP KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI');
    expect(at(s, 'A5')?.v).toBe('Toàn huyện');
    expect(at(s, 'A6')?.v).toBe('Kỳ báo cáo: 6 tháng đầu năm 2020');
    expect(at(s, 'A7')?.v).toBe('Lập ngày 06/07/2020');
    expect(s.merges).toContain('A4:L4');
    expect(rowValues(s, 9)).toEqual(['STT', 'Mã số', 'Chỉ tiêu', 'ĐVT', 'Kế hoạch năm', 'Thực hiện', '% KH', 'Tiến độ yêu cầu (%)', 'Cùng kỳ', 'So cùng kỳ (%)', 'Đánh giá', 'Số xã chậm tiến độ']);
    expect(s.rows.length).toBe(9 + 6 + 7); // issue 10: 3 heading rows above, 7 rows of signatures below
    expect(rowValues(s, 10).slice(0, 6)).toEqual([1, 'KT01', 'Thu ngân sách trên địa bàn', 'triệu đồng', 12000, 6820.5]);
    expect(at(s, 'L10')?.v).toBe(1);
    expect(at(s, 'B13')?.v).toBeNull(); // no code
    expect(at(s, 'F14')?.v).toBeNull(); // no actual: empty, never 0
    expect(at(s, 'I11')?.v).toBeNull(); // no previous
  });

  it('writes % KH and so cùng kỳ as formulas with the report numbers cached', () => {
    expect(at(s, 'G10')).toMatchObject({ f: 'IF(AND(ISNUMBER(F10),ISNUMBER(E10),E10<>0),F10/E10*100,"")', v: 56.8375, fmt: FMT_PCT });
    expect(at(s, 'J10')?.f).toBe('IF(AND(ISNUMBER(F10),ISNUMBER(I10),I10<>0),(F10/I10-1)*100,"")');
    expect(at(s, 'J10')?.v).toBeCloseTo(12.922185430463577, 12);
    expect(at(s, 'G11')?.v).toBe(102);
    expect(at(s, 'J11')).toMatchObject({ f: 'IF(AND(ISNUMBER(F11),ISNUMBER(I11),I11<>0),(F11/I11-1)*100,"")', v: '' });
    expect(at(s, 'G12')?.v).toBe(125);
    expect(at(s, 'G13')).toMatchObject({ v: '' }); // no target
    expect(at(s, 'G13')?.f).toContain('E13<>0');
    expect(at(s, 'G14')).toMatchObject({ v: '' }); // no actual
    expect(at(s, 'G15')?.v).toBe(112.5);
    expect(at(s, 'H10')?.v).toBe(50);
    expect(at(s, 'H12')?.v).toBe(100);
  });

  it('writes a plain number, not a formula, where the report disagrees with the formula', () => {
    const rep = makeReport();
    rep.indicators[0].completionPct = 99; // not 6820.5 / 12000 × 100
    rep.indicators[0].changePct = null; // though both numbers are there
    const s2 = sheet(buildSheets(rep, 'vi'), 'summary');
    expect(at(s2, 'G10')?.f).toBeUndefined();
    expect(at(s2, 'G10')?.v).toBe(99);
    expect(at(s2, 'J10')?.f).toBeUndefined();
    expect(at(s2, 'J10')?.v).toBeNull();
  });

  it('formats numbers: integers with separators, decimals, percentages', () => {
    expect(at(s, 'E10')?.fmt).toBe(FMT_INT);
    expect(at(s, 'F10')?.fmt).toBe(FMT_DEC);
    expect(FMT_INT).toBe('#,##0');
    expect(FMT_PCT).toBe('#,##0.0');
  });

  it('words the status with a fill per status', () => {
    const k = (row: number) => at(s, 'K' + (row + 3))!; // 3 rows of official heading above (issue 10)
    expect([7, 8, 9, 10, 11, 12].map((r) => k(r).v)).toEqual(['Đúng tiến độ', 'Đạt', 'Chậm tiến độ', 'Không có KH', 'Thiếu số liệu', 'Đạt']);
    const fill = (row: number) => s.styles[k(row).style!].fill;
    expect(fill(8)).toBe(STATUS_COLORS.met.fill);
    expect(fill(8)).toBe('C6EFCE');
    expect(fill(9)).toBe('FFC7CE');
    expect(fill(7)).toBe(STATUS_COLORS.on_track.fill);
    expect(fill(10)).toBe('EDEDED');
    expect(fill(11)).toBe('EDEDED');
    expect(new Set([fill(7), fill(8), fill(9)]).size).toBe(3);
  });

  it('marks every text from the input files as text', () => {
    expect(at(s, 'C15')).toMatchObject({ v: HOSTILE_INDICATOR, text: true });
    expect(at(s, 'D15')).toMatchObject({ v: HOSTILE_UNIT, text: true });
    expect(at(s, 'C10')?.text).toBe(true);
    expect(at(s, 'B10')?.text).toBe(true);
    expect(at(s, 'A5')?.text).toBe(true);
  });

  it('freezes and repeats the header, prints A4 landscape, flags % KH below the expected progress (higher-is-better rows only)', () => {
    expect(s.headerRows).toEqual({ first: 9, last: 9 });
    expect(s.freeze).toEqual({ rows: 9, cols: 3 });
    // changed for issue 10: margins, page numbers and a print scale that keeps 8 pt, instead of fitting to the width
    expect(s.print).toMatchObject({ orientation: 'landscape', paper: 'A4', pageWord: 'Trang' });
    expect(s.print!.scale).toBeGreaterThanOrEqual(73);
    // rows 10, 11 up; 12 down (poverty rate); 13..15 up
    expect(s.conditionalFormats).toEqual([
      { range: 'G10:G11', type: 'cellIs', operator: 'lessThan', formula: '$H10', fill: 'FFC7CE', color: '9C0006' },
      { range: 'G13:G15', type: 'cellIs', operator: 'lessThan', formula: '$H13', fill: 'FFC7CE', color: '9C0006' },
    ]);
    expect(s.chart).toMatchObject({ type: 'bar', categories: 'C10:C15', values: 'G10:G15' });
  });

  it('speaks English with lang en', () => {
    const e = sheet(buildSheets(makeReport(), 'en'), 'summary');
    expect(rowValues(e, 9)).toEqual(summaryHeaders('en'));
    expect(at(e, 'A6')?.v).toBe('Period: First half of 2020');
    expect(at(e, 'A7')?.v).toBe('Made on 06/07/2020');
    expect(at(e, 'K12')?.v).toBe('Behind');
  });

  it('handles a report with no indicators', () => {
    const e = sheet(buildSheets(makeReport({ indicators: [], shortfalls: [] }), 'vi'), 'summary');
    expect(e.rows.length).toBe(10 + 7); // issue 10: heading and signatures
    expect(at(e, 'A10')?.v).toBe('Không có chỉ tiêu nào');
    expect(e.chart).toBeUndefined();
    expect(e.conditionalFormats).toEqual([]);
  });
});

describe('buildSheets: detail', () => {
  const d = sheet(buildSheets(makeReport(), 'vi'), 'detail');

  it('puts the parent first, then each commune as a merged pair of columns', () => {
    expect(rowValues(d, 5).slice(0, 7)).toEqual(['STT', 'Mã số', 'Chỉ tiêu', 'ĐVT', 'Tiến độ yêu cầu (%)', 'Toàn huyện', null]);
    expect(at(d, 'H5')?.v).toBe('Thanh Hà');
    expect(at(d, 'J5')).toMatchObject({ v: HOSTILE_COMMUNE, text: true });
    expect(at(d, 'L5')?.v).toBe('Liêm Cần');
    expect(rowValues(d, 6).slice(5, 13)).toEqual(['Thực hiện', '% KH', 'Thực hiện', '% KH', 'Thực hiện', '% KH', 'Thực hiện', '% KH']);
    expect(d.merges).toEqual(expect.arrayContaining(['A5:A6', 'E5:E6', 'F5:G5', 'H5:I5', 'J5:K5', 'L5:M5']));
    expect(d.rows.length).toBe(6 + 6);
    expect(d.rows[6].length).toBe(13);
  });

  it('fills values and highlights shortfalls', () => {
    expect(rowValues(d, 7).slice(5, 13)).toEqual([6820.5, 56.8375, 350, 43.75, 600, 60, null, null]);
    expect(at(d, 'H7')?.style).toBe('behindNum');
    expect(at(d, 'I7')?.style).toBe('behindNum');
    expect(at(d, 'J7')?.style).toBe('num');
    expect(d.styles.behindNum.fill).toBe('FFC7CE');
    expect(at(d, 'F9')?.style).toBe('behindNum'); // the parent behind on XH01
    expect(at(d, 'H9')?.v).toBe(1.96);
    expect(at(d, 'J9')?.v).toBeNull(); // hostile commune has no XH01 result
  });

  it('freezes at the first data cell', () => {
    expect(d.freeze).toEqual({ rows: 6, cols: 5 });
    expect(d.headerRows).toEqual({ first: 5, last: 6 });
  });
});

describe('buildSheets: shortfalls, issues, sources', () => {
  const specs = buildSheets(makeReport(), 'vi');

  it('lists shortfalls, the parent first, with % KH as a formula', () => {
    const s = sheet(specs, 'shortfalls');
    expect(rowValues(s, 5)).toEqual(['STT', 'Đơn vị', 'Mã số', 'Chỉ tiêu', 'ĐVT', 'Kế hoạch năm', 'Thực hiện', '% KH', 'Tiến độ yêu cầu (%)', 'Còn thiếu']);
    expect(s.rows.length).toBe(5 + 2);
    expect(rowValues(s, 6)).toEqual([1, 'Toàn huyện', 'XH01', 'Tỷ lệ hộ nghèo', '%', 2, 2.5, 125, 100, 0.5]);
    expect(rowValues(s, 7)).toEqual([2, 'Thanh Hà', 'KT01', 'Thu ngân sách trên địa bàn', 'triệu đồng', 800, 350, 43.75, 50, 50]);
    expect(at(s, 'H7')?.f).toBe('IF(AND(ISNUMBER(G7),ISNUMBER(F7),F7<>0),G7/F7*100,"")');
    expect(at(s, 'B6')?.text).toBe(true);
  });

  it('says so when nothing is behind', () => {
    expectEmptyList(sheet(buildSheets(makeReport({ shortfalls: [] }), 'vi'), 'shortfalls'), 'Không có chỉ tiêu chậm tiến độ');
  });

  it('lists every issue with its severity and message in the chosen language', () => {
    const s = sheet(specs, 'issues');
    expect(rowValues(s, 5)).toEqual(['STT', 'Mức độ', 'Tệp', 'Sheet', 'Ô', 'Mã lỗi', 'Nội dung']);
    expect(rowValues(s, 6)).toEqual([1, 'Lỗi', 'thanh-ha.xlsx', 'Kinh tế', 'E12', 'not_a_number', "tệp 'thanh-ha.xlsx', sheet 'Kinh tế', ô E12: '12,5 tr' không phải là số"]);
    expect(rowValues(s, 7).slice(1, 4)).toEqual(['Cảnh báo', HOSTILE_FILE, '=A1']);
    expect(at(s, 'D7')?.text).toBe(true);
    expect(at(s, 'G6')?.text).toBe(true);
    expect(rowValues(s, 8)).toEqual([3, 'Thông tin', null, null, null, 'no_report', 'Xã Liêm Cần chưa gửi báo cáo']);
    expect(s.styles[at(s, 'B6')!.style!].fill).toBe('FFC7CE');
    const e = sheet(buildSheets(makeReport(), 'en'), 'issues');
    expect(rowValues(e, 6)[1]).toBe('Error');
    expect(rowValues(e, 6)[6]).toBe("file 'thanh-ha.xlsx', sheet 'Kinh tế', cell E12: '12,5 tr' is not a number");
    expectEmptyList(sheet(buildSheets(makeReport({ issues: [] }), 'vi'), 'issues'), 'Không phát hiện vấn đề nào trong dữ liệu');
  });

  it('lists the plan and every commune, those without a file as "Chưa có báo cáo"', () => {
    const s = sheet(specs, 'sources');
    expect(rowValues(s, 5)).toEqual(['STT', 'Đơn vị', 'Tệp', 'Kỳ báo cáo', 'Sheet đã dùng', 'Số giá trị đọc được', 'Số vấn đề']);
    expect(rowValues(s, 6)).toEqual([null, 'Kế hoạch', 'ke-hoach-2020.xlsx', null, 'KH 2020', null, 0]);
    expect(rowValues(s, 7)).toEqual([1, 'Thanh Hà', 'thanh-ha.xlsx', '6 tháng đầu năm 2020', 'Kinh tế, VH-XH', 12, 1]);
    expect(rowValues(s, 8)).toEqual([2, HOSTILE_COMMUNE, HOSTILE_FILE, '6 tháng đầu năm 2020', 'Sheet1', 8, 1]);
    expect(rowValues(s, 9)).toEqual([3, 'Liêm Cần', 'Chưa có báo cáo', null, null, null, null]);
    expect(at(s, 'B8')?.text).toBe(true);
    expect(at(s, 'C8')?.text).toBe(true);
    expect(s.rows.length).toBe(9);
  });

  it('a file read but not consolidated (a second file of one commune) is named with why, never "Chưa có báo cáo"', () => {
    const base = makeReport();
    const rep = makeReport({ communes: [...base.communes, { name: 'Thanh Hà', file: 'thanh-ha-2.xlsx', period: '6 tháng đầu năm 2020', sheets: ['Kinh tế'], values: 12, issues: 1, reported: false }] });
    const s = sheet(buildSheets(rep, 'vi'), 'sources');
    expect(rowValues(s, 10)).toEqual([4, 'Thanh Hà', 'thanh-ha-2.xlsx — không được tổng hợp (xem Kiểm tra dữ liệu)', '6 tháng đầu năm 2020', 'Kinh tế', 12, 1]);
  });
});

describe('buildSheets: invariants', () => {
  for (const lang of ['vi', 'en'] as const) {
    it(`(${lang}) holds values only in the top-left cell of merges, rows within the sheet width, styles defined`, () => {
      for (const s of buildSheets(makeReport(), lang)) {
        for (const m of s.merges) {
          const [a, b] = m.split(':').map(parseAddress);
          for (let r = a.r; r <= b.r; r++)
            for (let c = a.c; c <= b.c; c++) {
              if (r === a.r && c === a.c) continue;
              const cell = s.rows[r]?.[c];
              expect(cell?.v ?? null, `${s.name}!${m} at ${r},${c}`).toBeNull();
            }
        }
        for (const row of s.rows) {
          expect(row.length).toBeLessThanOrEqual(s.widths.length);
          for (const c of row) if (c?.style) expect(s.styles[c.style], `${s.name}: style ${c.style}`).toBeDefined();
          for (const c of row) if (typeof c?.v === 'number') expect(Number.isFinite(c.v)).toBe(true);
        }
      }
    });
  }
});

import { describe, expect, it } from 'vitest';
import { parsePeriod, periodFromMonths, periodKey, periodLabel, saysEstimate } from '../../src/read/period';

describe('parsePeriod', () => {
  const cases: [string, { kind: string; months: number; year: number | null; label: string; index?: number }][] = [
    ['tháng 4 năm 2020', { kind: 'month', months: 4, year: 2020, index: 4, label: 'tháng 4 năm 2020' }],
    ['BÁO CÁO THÁNG 10 NĂM 2020', { kind: 'month', months: 10, year: 2020, index: 10, label: 'tháng 10 năm 2020' }],
    ['Báo cáo tháng 04/2021', { kind: 'month', months: 4, year: 2021, index: 4, label: 'tháng 4 năm 2021' }],
    ['quý II/2020', { kind: 'quarter', months: 6, year: 2020, index: 2, label: 'quý II năm 2020' }],
    ['Quý I năm 2020', { kind: 'quarter', months: 3, year: 2020, index: 1, label: 'quý I năm 2020' }],
    ['BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI QUÝ I NĂM 2020', { kind: 'quarter', months: 3, year: 2020, index: 1, label: 'quý I năm 2020' }],
    ['QUY IV/2019', { kind: 'quarter', months: 12, year: 2019, index: 4, label: 'quý IV năm 2019' }],
    ['Quý 3 năm 2021', { kind: 'quarter', months: 9, year: 2021, index: 3, label: 'quý III năm 2021' }],
    ['6 tháng đầu năm 2020', { kind: 'half', months: 6, year: 2020, label: '6 tháng đầu năm 2020' }],
    ['BÁO CÁO 6 THÁNG ĐẦU NĂM 2020', { kind: 'half', months: 6, year: 2020, label: '6 tháng đầu năm 2020' }],
    ['sáu tháng đầu năm 2020', { kind: 'half', months: 6, year: 2020, label: '6 tháng đầu năm 2020' }],
    ['9 tháng năm 2021', { kind: 'nine', months: 9, year: 2021, label: '9 tháng năm 2021' }],
    ['9 THANG DAU NAM 2021', { kind: 'nine', months: 9, year: 2021, label: '9 tháng năm 2021' }],
    ['năm 2020', { kind: 'year', months: 12, year: 2020, label: 'năm 2020' }],
    ['BÁO CÁO TÌNH HÌNH KINH TẾ - XÃ HỘI NĂM 2020', { kind: 'year', months: 12, year: 2020, label: 'năm 2020' }],
    ['Lũy kế 3 tháng', { kind: 'quarter', months: 3, year: null, index: 1, label: 'quý I' }],
    ['Thực hiện Lũy kế 4 tháng', { kind: 'month', months: 4, year: null, index: 4, label: 'tháng 4' }],
    ['3 tháng đầu năm 2020', { kind: 'quarter', months: 3, year: 2020, index: 1, label: 'quý I năm 2020' }],
    ['Báo cáo tháng 6 và 6 tháng đầu năm 2020', { kind: 'half', months: 6, year: 2020, label: '6 tháng đầu năm 2020' }],
  ];
  for (const [text, want] of cases) {
    it(`"${text}"`, () => {
      const p = parsePeriod(text);
      expect(p).not.toBeNull();
      expect({ kind: p!.kind, months: p!.months, year: p!.year, label: p!.label, ...(p!.index !== undefined ? { index: p!.index } : {}) }).toEqual(want);
      expect(p!.estimate).toBeUndefined();
    });
  }

  it('"ước thực hiện" marks an estimate', () => {
    const p = parsePeriod('BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI ƯỚC THỰC HIỆN QUÝ I/2020');
    expect(p).toMatchObject({ kind: 'quarter', months: 3, year: 2020, label: 'quý I năm 2020', estimate: true });
    expect(parsePeriod('Ước tính 6 tháng đầu năm 2020')?.estimate).toBe(true);
  });

  it('dates are not periods: a signature date line, numeric dates, document numbers', () => {
    expect(parsePeriod('Thanh Lâm, ngày 23 tháng 3 năm 2020')).toBeNull();
    expect(parsePeriod('Lương Mông, ngày 23 tháng 3 năm 2020')).toBeNull();
    expect(parsePeriod('Ba Chẽ, ngày ... tháng ... năm 2020')).toBeNull();
    expect(parsePeriod('Kèm theo Báo cáo số 176/BC-UBND ngày 20/3/2020')).toBeNull();
  });

  it('texts with no period', () => {
    for (const t of ['', 'KINH TẾ - XÃ HỘI', 'Kế hoạch năm', 'Thực hiện', 'Cùng kỳ năm trước', 'tháng 13', 'UBND XÃ THANH HÀ', 'BC Q1']) {
      expect(parsePeriod(t), t).toBeNull();
    }
  });

  it('a date inside a title does not hide the period', () => {
    expect(parsePeriod('Số liệu quý I năm 2020 (ngày 25 tháng 3 năm 2020)')).toMatchObject({ kind: 'quarter', months: 3, year: 2020 });
  });
});

describe('period helpers', () => {
  it('periodFromMonths: 3 → quý I, 6 → 6 tháng, 9 → 9 tháng, 12 → năm, others → tháng m', () => {
    expect(periodFromMonths(2020, 3)).toEqual({ kind: 'quarter', months: 3, year: 2020, index: 1, label: 'quý I năm 2020' });
    expect(periodFromMonths(2020, 6)).toEqual({ kind: 'half', months: 6, year: 2020, label: '6 tháng đầu năm 2020' });
    expect(periodFromMonths(2021, 9)).toEqual({ kind: 'nine', months: 9, year: 2021, label: '9 tháng năm 2021' });
    expect(periodFromMonths(2021, 12)).toEqual({ kind: 'year', months: 12, year: 2021, label: 'năm 2021' });
    expect(periodFromMonths(2020, 5)).toEqual({ kind: 'month', months: 5, year: 2020, index: 5, label: 'tháng 5 năm 2020' });
    expect(periodFromMonths(null, 6).label).toBe('6 tháng đầu năm');
    expect(periodFromMonths(null, 12).label).toBe('cả năm');
  });
  it('periodLabel and periodKey', () => {
    expect(periodLabel({ kind: 'quarter', year: 2020, months: 6, index: 2 })).toBe('quý II năm 2020');
    expect(periodLabel({ kind: 'month', year: null, months: 4, index: 4 })).toBe('tháng 4');
    expect(periodKey(parsePeriod('tháng 3 năm 2020')!)).toBe(periodKey(parsePeriod('quý I/2020')!));
  });
  it('saysEstimate', () => {
    expect(saysEstimate('Ước thực hiện')).toBe(true);
    expect(saysEstimate('Số liệu ước tính')).toBe(true);
    expect(saysEstimate('UOC TH')).toBe(true);
    expect(saysEstimate('Quốc lộ')).toBe(false);
    expect(saysEstimate('Thực hiện')).toBe(false);
  });
});

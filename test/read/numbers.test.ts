import { describe, expect, it } from 'vitest';
import { fractionToPercent, parseDigits, parseNumberText, readCellNumber } from '../../src/read/numbers';

describe('parseNumberText: Vietnamese numbers written as text', () => {
  const numbers: [string, number][] = [
    ['1.227', 1227],
    ['54,5', 54.5],
    ['4.000,25', 4000.25],
    ['1.345,9', 1345.9],
    ['2.875', 2875],
    ['1.377', 1377],
    ['56,5', 56.5],
    ['1.500', 1500],
    ['1.234.567', 1234567],
    ['1.234.567,89', 1234567.89],
    ['12', 12],
    ['0', 0],
    ['0,5', 0.5],
    ['  42  ', 42],
    ['1 227', 1227],
    ['1 227,5', 1227.5],
    ['-5', -5],
    ['-1.227', -1227],
    ['\u22123,5', -3.5],
    ['+7', 7],
    // English-style decimals: "." not followed by exactly 3 digits is a decimal point
    ['1.5', 1.5],
    ['56.84', 56.84],
    ['1.22', 1.22],
    ['12.3456', 12.3456],
    ['1234.5', 1234.5],
    ['0.125', 0.125],
    ['01.227', 1.227],
    // English thousands
    ['1,234,567', 1234567],
    ['1,234.5', 1234.5],
    // one comma is always a decimal comma (Vietnamese)
    ['1,234', 1.234],
  ];
  for (const [text, value] of numbers) {
    it(`"${text}" → ${value}`, () => {
      const p = parseNumberText(text);
      expect(p).toEqual({ kind: 'number', value });
    });
  }

  it('percent signs: "56,84%" → 56.84 with percent; "86,41 %" → 86.41; "50%" → 50', () => {
    expect(parseNumberText('56,84%')).toEqual({ kind: 'number', value: 56.84, percent: true });
    expect(parseNumberText('86,41 %')).toEqual({ kind: 'number', value: 86.41, percent: true });
    expect(parseNumberText('50%')).toEqual({ kind: 'number', value: 50, percent: true });
  });

  it('qualifiers before the number are kept as the note', () => {
    expect(parseNumberText('trên 600')).toEqual({ kind: 'number', value: 600, note: 'trên' });
    expect(parseNumberText('hơn 860')).toEqual({ kind: 'number', value: 860, note: 'hơn' });
    expect(parseNumberText('gần 4.000')).toEqual({ kind: 'number', value: 4000, note: 'gần' });
    expect(parseNumberText('khoảng 15')).toEqual({ kind: 'number', value: 15, note: 'khoảng' });
    expect(parseNumberText('Trên 360')).toEqual({ kind: 'number', value: 360, note: 'trên' });
    expect(parseNumberText('ước 1.345,9')).toEqual({ kind: 'number', value: 1345.9, note: 'ước' });
    expect(parseNumberText('xấp xỉ 98,5%')).toEqual({ kind: 'number', value: 98.5, percent: true, note: 'xấp xỉ' });
    expect(parseNumberText('tren 600')).toEqual({ kind: 'number', value: 600, note: 'tren' });
  });

  it('a remark in brackets after the number is kept as the note', () => {
    expect(parseNumberText('360 (ước)')).toEqual({ kind: 'number', value: 360, note: 'ước' });
  });

  it('a word after the number passes only when it is the row unit', () => {
    expect(parseNumberText('1.227 người', 'người')).toEqual({ kind: 'number', value: 1227 });
    expect(parseNumberText('1.227 người')).toEqual({ kind: 'text' });
    expect(parseNumberText('12,5 tr', 'triệu đồng')).toEqual({ kind: 'text' });
  });

  it('no value: "", "-", "x", "k/c", "không có", "…"', () => {
    for (const t of ['', '   ', '-', '–', '—', '--', 'x', 'X', 'k/c', 'K/C', 'không có', 'Không có', '…', '...', 'chưa có số liệu']) {
      expect(parseNumberText(t), t).toEqual({ kind: 'empty' });
    }
  });

  it('yes/no: "Đạt" → 1, "Chưa đạt" → 0, also "đạt chuẩn", "không đạt", without diacritics', () => {
    for (const t of ['Đạt', 'đạt', 'ĐẠT', 'Dat', 'đạt chuẩn', 'Đã đạt', 'true', 'TRUE']) expect(parseNumberText(t), t).toEqual({ kind: 'bool', value: 1 });
    for (const t of ['Chưa đạt', 'CHƯA ĐẠT', 'chua dat', 'không đạt', 'Không đạt chuẩn', 'false']) expect(parseNumberText(t), t).toEqual({ kind: 'bool', value: 0 });
  });

  it('words and malformed numbers are not numbers', () => {
    for (const t of ['Khả quan', 'tốt', '1.000.5', '1,2,3', '1.234,5.6', '12a', 'a12', '1.2.3', '3 4', '1 22', '2020-03-23', 'KT01']) {
      expect(parseNumberText(t), t).toEqual({ kind: 'text' });
    }
  });
});

describe('parseDigits: the separator rule', () => {
  it('both marks: the last one is the decimal mark, groups must have 3 digits', () => {
    expect(parseDigits('4.000,25')).toBe(4000.25);
    expect(parseDigits('4,000.25')).toBe(4000.25);
    expect(parseDigits('40.00,25')).toBeNull();
  });
  it('a single dot with exactly 3 digits after 1–3 digits groups thousands', () => {
    expect(parseDigits('999.999')).toBe(999999);
    expect(parseDigits('1000.999')).toBe(1000.999);
    expect(parseDigits('0.999')).toBe(0.999);
    expect(parseDigits('9.99')).toBe(9.99);
  });
});

describe('readCellNumber: one cell', () => {
  it('empty and missing cells give no value and no problem', () => {
    expect(readCellNumber(undefined)).toEqual({ value: null, raw: null });
    expect(readCellNumber(null)).toEqual({ value: null, raw: null });
    expect(readCellNumber({ v: null })).toEqual({ value: null, raw: null });
    expect(readCellNumber({ v: '-' })).toEqual({ value: null, raw: '-' });
  });
  it('numbers as they are, formulas by their cached result', () => {
    expect(readCellNumber({ v: 4238.2 })).toEqual({ value: 4238.2, raw: 4238.2 });
    expect(readCellNumber({ v: 91.1, f: 'SUM(G6:G7)' })).toEqual({ value: 91.1, raw: 91.1 });
  });
  it('error values are a problem with the error', () => {
    expect(readCellNumber({ v: null, error: '#DIV/0!', f: 'H3/K3' })).toEqual({
      value: null, raw: '#DIV/0!', problem: 'error_value', error: '#DIV/0!',
    });
    expect(readCellNumber({ v: null, error: '#N/A' }).problem).toBe('error_value');
  });
  it('a word where a number belongs is not_a_number', () => {
    expect(readCellNumber({ v: 'Khả quan' })).toEqual({ value: null, raw: 'Khả quan', problem: 'not_a_number' });
  });
  it('booleans and Đạt/Chưa đạt are 1/0 with boolean', () => {
    expect(readCellNumber({ v: true })).toEqual({ value: 1, raw: true, boolean: true });
    expect(readCellNumber({ v: false })).toEqual({ value: 0, raw: false, boolean: true });
    expect(readCellNumber({ v: 'Chưa đạt' })).toEqual({ value: 0, raw: 'Chưa đạt', boolean: true });
  });
  it('a percentage-formatted cell holds the fraction: 0.8641 → 86.41 exactly', () => {
    expect(readCellNumber({ v: 0.8641, percentFormat: true })).toEqual({ value: 86.41, raw: 0.8641, percent: true });
    expect(fractionToPercent(0.07)).toBe(7);
    expect(fractionToPercent(0.5684)).toBe(56.84);
  });
  it('a date where a number belongs is not a number', () => {
    expect(readCellNumber({ v: '2020-05-01', date: true }).problem).toBe('not_a_number');
  });
  it('a formula without a saved result gives no value, flagged noResult', () => {
    expect(readCellNumber({ v: null, f: 'ROUND(G14/E14*100,2)' })).toEqual({ value: null, raw: null, noResult: true });
  });
  it('text numbers carry note and percent', () => {
    expect(readCellNumber({ v: 'trên 360' })).toEqual({ value: 360, raw: 'trên 360', note: 'trên' });
    expect(readCellNumber({ v: '86,41%' })).toEqual({ value: 86.41, raw: '86,41%', percent: true });
  });
});

import { describe, expect, it } from 'vitest';
import { conversion, convertValue, foldUnit, isPercentUnit, parseUnit, sameUnit } from '../../src/core/units';

describe('foldUnit', () => {
  it('folds case, diacritics, đ, spaces, dots and superscripts', () => {
    const folded: [string, string][] = [['Triệu đồng', 'trieudong'], ['Tr.đồng', 'trdong'], [' TẤN ', 'tan'], ['m²', 'm2'], ['m 2', 'm2']];
    for (const [unit, want] of folded) expect(foldUnit(unit), unit).toBe(want);
  });
});

describe('sameUnit', () => {
  it.each([
    ['triệu đồng', 'trđ'],
    ['triệu đồng', 'tr.đồng'],
    ['triệu đồng', 'Triệu Đồng'],
    ['đ', 'đồng'],
    ['tấn', 'tan'],
    ['m2', 'm²'],
    ['ha', 'Ha'],
    ['xã', 'Xa'],
    ['%', '%'],
  ])('%s = %s', (a, b) => expect(sameUnit(a, b)).toBe(true));
  it.each([
    ['tấn', 'tạ'],
    ['ha', 'm2'],
    ['xã', 'vụ'],
    ['người', '%'],
  ])('%s ≠ %s', (a, b) => expect(sameUnit(a, b)).toBe(false));
});

describe('convertValue to the plan unit', () => {
  it.each<[number, string, string, number]>([
    // 0.58 tỷ × 1000 = 580 triệu
    [0.58, 'tỷ đồng', 'triệu đồng', 580],
    [4.2382, 'tỷ', 'triệu đồng', 4238.2],
    // 1 234 000 đồng ÷ 1 000 000 = 1.234 triệu
    [1234000, 'đồng', 'triệu đồng', 1.234],
    // 2 500 nghìn đồng ÷ 1000 = 2.5 triệu
    [2500, 'nghìn đồng', 'trđ', 2.5],
    [3, 'triệu đồng', 'nghìn đồng', 3000],
    // 2342 tạ ÷ 10 = 234.2 tấn (exactly, not 234.20000000000002)
    [2342, 'tạ', 'tấn', 234.2],
    // 1500 kg ÷ 1000 = 1.5 tấn
    [1500, 'kg', 'tấn', 1.5],
    [12, 'yến', 'tạ', 1.2],
    // 1 159 000 m2 ÷ 10 000 = 115.9 ha
    [1159000, 'm2', 'ha', 115.9],
    [25000, 'm²', 'ha', 2.5],
    // 3.5 km2 × 100 = 350 ha
    [3.5, 'km2', 'ha', 350],
    // 2.875 nghìn người × 1000 = 2875 người
    [2.875, 'nghìn người', 'người', 2875],
    [1200, 'người', 'nghìn người', 1.2],
    // any unit with a "nghìn" prefix: 1.5 nghìn con = 1500 con
    [1.5, 'nghìn con', 'con', 1500],
    [2.5, 'km', 'm', 2500],
    [56.84, '%', '%', 56.84],
    [7, 'xã', 'xã', 7],
  ])('%s %s → %s %s', (v, from, to, want) => {
    expect(convertValue(v, from, to)).toBe(want);
  });

  it('keeps null as null', () => {
    expect(convertValue(null, 'tạ', 'tấn')).toBeNull();
  });

  it('takes a missing row unit to be the plan unit', () => {
    expect(convertValue(12, null, 'tấn')).toBe(12);
    expect(convertValue(12, '  ', 'tấn')).toBe(12);
  });

  it('refuses incompatible units', () => {
    expect(convertValue(5, 'tấn', 'ha')).toBeUndefined();
    expect(convertValue(5, 'người', '%')).toBeUndefined();
    expect(convertValue(5, 'hộ', 'người')).toBeUndefined();
    expect(conversion('triệu đồng', 'tấn')).toEqual({ ok: false, reason: 'incompatible' });
  });

  it('refuses sào, whose size depends on the region', () => {
    expect(conversion('sào', 'ha')).toEqual({ ok: false, reason: 'ambiguous' });
    expect(conversion('sào', 'm2')).toEqual({ ok: false, reason: 'ambiguous' });
    expect(convertValue(4, 'sào', 'sào')).toBe(4);
    expect(parseUnit('sào')?.ambiguous).toBe('sao');
  });
});

describe('isPercentUnit', () => {
  it('recognises % spellings', () => {
    for (const unit of ['%', 'Tỷ lệ %', 'phần trăm']) expect(isPercentUnit(unit), unit).toBe(true);
    for (const unit of ['người', null]) expect(isPercentUnit(unit), String(unit)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { CommuneIndex, IndicatorIndex, codeKey, nameKey } from '../../src/core/match';

describe('codeKey / nameKey', () => {
  it('folds codes: trim, case, inner spaces', () => {
    expect(codeKey(' kt01 ')).toBe('KT01');
    expect(codeKey('KT 01')).toBe('KT01');
    expect(codeKey('')).toBeNull();
    expect(codeKey(null)).toBeNull();
  });
  it('folds names with indicatorKey', () => {
    expect(nameKey('1.1  THU NGÂN SÁCH nhà nước')).toBe('thu ngan sach nha nuoc');
    expect(nameKey('   ')).toBeNull();
  });
});

describe('IndicatorIndex', () => {
  const idx = new IndicatorIndex();
  idx.add(0, 'KT01', 'Thu ngân sách nhà nước trên địa bàn');
  idx.add(1, 'XH01', 'Dân số trung bình');
  idx.add(2, null, 'Số hộ nghèo');

  it('matches by code, case-insensitive and trimmed', () => {
    expect(idx.find('kt01 ', 'whatever')).toBe(0);
  });
  it('falls back to the folded name', () => {
    expect(idx.find(null, '  DÂN SỐ  trung bình ')).toBe(1);
    expect(idx.find('ZZ9', '2. Số hộ nghèo')).toBe(2);
    expect(idx.find(null, 'dan so trung binh')).toBe(1);
  });
  it('the code wins over the name', () => {
    expect(idx.find('XH01', 'Số hộ nghèo')).toBe(1);
  });
  it('finds nothing for unknown rows', () => {
    expect(idx.find(null, 'Số trâu bò')).toBeUndefined();
  });
  it('findRef takes a code or a name', () => {
    expect(idx.findRef('xh01')).toBe(1);
    expect(idx.findRef('Số hộ nghèo')).toBe(2);
  });
});

describe('CommuneIndex', () => {
  const idx = new CommuneIndex(['Thị trấn Ba Chẽ', 'Thanh Sơn', 'Đồn Đạc']);
  it('compares names folded, without xã / thị trấn / UBND', () => {
    expect(idx.find('UBND xã Thanh Sơn')).toBe('Thanh Sơn');
    expect(idx.find('ba che')).toBe('Thị trấn Ba Chẽ');
    expect(idx.find('XÃ ĐỒN ĐẠC')).toBe('Đồn Đạc');
    expect(idx.find('Thanh Lâm')).toBeUndefined();
    expect(idx.find(null)).toBeUndefined();
  });
});

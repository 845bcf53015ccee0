import { describe, expect, it } from 'vitest';
import { stringIndex, xsdNumber } from '../../src/xlsx/cell-values';

describe('xsdNumber: a numeric <v> read strictly', () => {
  it('reads plain decimals, signs, exponents and blanks around', () => {
    expect(xsdNumber('3568')).toBe(3568);
    expect(xsdNumber('2195.5')).toBe(2195.5);
    expect(xsdNumber('5.')).toBe(5);
    expect(xsdNumber('.5')).toBe(0.5);
    expect(xsdNumber('007')).toBe(7);
    expect(xsdNumber(' 12 ')).toBe(12);
    expect(xsdNumber('-1.5E3')).toBe(-1500);
    expect(xsdNumber('0.1')).toBe(0.1);
  });

  it('refuses anything else', () => {
    for (const v of ['', '.', '..', '1.2.3', '1..2', '12abc', '0x10', '1e999', 'NaN', 'INF', '1,5', '١٢', '+', '1 2']) {
      expect(xsdNumber(v), v).toBeNull();
    }
  });
});

describe('stringIndex: the index of a shared string', () => {
  it('reads up to ten digits, blanks around allowed', () => {
    expect(stringIndex('0')).toBe(0);
    expect(stringIndex('186')).toBe(186);
    expect(stringIndex('0012')).toBe(12);
    expect(stringIndex(' 7\n')).toBe(7);
    expect(stringIndex('9999999999')).toBe(9999999999);
  });

  it('is -1 for anything that points at no string', () => {
    for (const v of ['', ' ', '12345678901', '1a', '-1', '1.0', '+3', '١']) expect(stringIndex(v), v).toBe(-1);
  });
});

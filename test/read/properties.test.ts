/** Properties: Vietnamese-formatted numbers read back exactly; the readers never throw on any grid. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseNumberText } from '../../src/read/numbers';
import { readCommune } from '../../src/read/commune';
import { readPlan } from '../../src/read/plan';
import { parsePeriod } from '../../src/read/period';
import { formatNumber } from '../../src/util/format';
import type { Grid, GridCell } from '../../src/types';

describe('properties', () => {
  it('formatNumber (1.227,5 style) then parseNumberText gives the number back', () => {
    fc.assert(
      fc.property(fc.integer({ min: -99_999_999_999, max: 99_999_999_999 }), fc.integer({ min: 0, max: 2 }), (n, d) => {
        const x = n / 10 ** d;
        const text = formatNumber(x, d);
        const p = parseNumberText(text);
        expect(p, text).toEqual({ kind: 'number', value: x === 0 ? 0 : x });
      }),
      { numRuns: 2000 },
    );
  });

  const cellArb: fc.Arbitrary<GridCell | null> = fc.oneof(
    fc.constant(null),
    fc.record({ v: fc.oneof(fc.double({ noNaN: true }), fc.integer(), fc.boolean(), fc.constant(null)) }),
    fc.record({
      v: fc.oneof(
        fc.string(),
        fc.constantFrom('STT', 'Mã số', 'Chỉ tiêu', 'Đơn vị tính', 'Kế hoạch năm', 'Thực hiện', 'Cùng kỳ', 'Ghi chú', 'Đạt', '1.227', 'trên 60', '-', 'x',
          'Người lập biểu', 'UBND XÃ THANH HÀ', 'quý I/2020', 'Lũy kế 3 tháng', 'So sánh (%)', 'Trong đó:', '- Ngô', 'I. KINH TẾ', 'Toàn huyện', 'Cách tổng hợp', 'Bình quân theo', ''),
      ),
    }),
    fc.record({ v: fc.constant(null), error: fc.constantFrom('#DIV/0!', '#REF!', '#N/A') }),
    fc.record({ v: fc.constant(null), f: fc.constant('A1+1') }),
  );
  const gridArb: fc.Arbitrary<Grid> = fc
    .record({
      sheet: fc.string({ maxLength: 12 }),
      rows: fc.array(fc.array(cellArb, { maxLength: 10 }), { maxLength: 30 }),
      merges: fc.array(
        fc.record({ r1: fc.nat(30), c1: fc.nat(10), h: fc.nat(3), w: fc.nat(3) }).map(({ r1, c1, h, w }) => ({ r1, c1, r2: r1 + h, c2: c1 + w })),
        { maxLength: 5 },
      ),
    })
    .map((g) => ({ file: 'f.xlsx', ...g }));

  it('readCommune and readPlan never throw and locate every issue in the file', () => {
    fc.assert(
      fc.property(fc.array(gridArb, { maxLength: 3 }), fc.option(fc.string({ maxLength: 20 })), (grids, commune) => {
        const rep = readCommune(grids, { file: 'f.xlsx', plan: null, commune: commune ?? undefined });
        for (const i of rep.issues) expect(i.file).toBe('f.xlsx');
        for (const r of rep.rows) {
          for (const v of [r.target, r.actual, r.previous]) if (v) expect(v.value === null || Number.isFinite(v.value)).toBe(true);
        }
        const pl = readPlan(grids, 'f.xlsx');
        for (const i of pl.issues) expect(i.file).toBe('f.xlsx');
      }),
      { numRuns: 300 },
    );
  });

  it('parsePeriod never throws and gives months in 1..12', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom('', 'tháng ', 'quý ', ' tháng đầu năm ', 'năm ', 'ngày '), fc.integer({ min: 0, max: 3000 }), (s, w, n) => {
        const p = parsePeriod(`${s} ${w}${n} ${s}`);
        if (p) expect(p.months >= 1 && p.months <= 12).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

/**
 * Random sheets (fast-check): whatever the texts, numbers and formulas, every part is well-formed XML 1.0
 * and exceljs reads back each value as written — texts as texts (never formulas), numbers to the last bit,
 * formulas with their cached results.
 */
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writeXlsx } from '../../../src/xlsx/write';
import type { SheetSpec, SpecCell } from '../../../src/types';
import { readBack, unzip, xmlErrors } from './helpers';

/** Any UTF-16 code unit (lone surrogates included), weighted towards the troublesome ones. */
const unit = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('=', '+', '-', '@', '&', '<', '>', '"', "'", '_', 'x', '0', 'A', ' ', '\t', '\n', '\r', '\u0000', '\u0001', '\u001f', '\uFFFE', '\uFFFF', 'Đ', 'ữ', '😀') },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) },
  { weight: 1, arbitrary: fc.constantFrom('_x0041_', '_x005F_', '_xD83D_', '=HYPERLINK("http://x","y")', '-1+1', '@SUM(A1)') },
);
const text = fc.array(unit, { minLength: 1, maxLength: 12 }).map((a) => a.join(''));

/** What survives UTF-8: a lone surrogate becomes U+FFFD (a leading U+FEFF is the text's own, not a byte-order mark to drop). */
function utf8(s: string): string {
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(new TextEncoder().encode(s));
}

const cell: fc.Arbitrary<SpecCell | null> = fc.oneof(
  fc.constant(null),
  text.map((v) => ({ v, text: true })),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => ({ v, fmt: '#,##0.0##' })),
  fc.integer({ min: -1e9, max: 1e9 }).map((v) => ({ v, style: 'b' })),
  fc.boolean().map((v) => ({ v })),
  fc.tuple(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom('A1+1', 'IF(A1<>"x&y",1,0)', 'SUM(A1:B2)*100', 'IF(A1>0,"đạt","")')).map(([v, f]) => ({ v, f })),
);

const sheets = fc.array(
  fc.record({
    name: text,
    rows: fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 6 }),
  }),
  { minLength: 1, maxLength: 3 },
);

describe('writeXlsx on random sheets', () => {
  it('well-formed parts, and every value read back as written', async () => {
    await fc.assert(
      fc.asyncProperty(sheets, async (list) => {
        const specs: SheetSpec[] = list.map((s, i) => ({ key: `k${i}`, name: s.name, rows: s.rows, widths: [12], merges: [], styles: { b: { bold: true, fill: 'FFEB9C' } }, headerRows: { first: 1, last: 1 } }));
        const data = await writeXlsx(specs);
        for (const [name, xml] of unzip(data)) expect(xmlErrors(xml), name).toEqual([]);
        const wb = await readBack(data);
        expect(wb.worksheets).toHaveLength(specs.length);
        expect(new Set(wb.worksheets.map((w) => w.name.toLowerCase())).size).toBe(specs.length);
        specs.forEach((spec, k) => {
          const ws = wb.worksheets[k];
          expect(ws.name.length).toBeGreaterThan(0);
          expect(ws.name.length).toBeLessThanOrEqual(31);
          expect(ws.name).not.toMatch(/^'|'$|[\[\]:*?/\\]/);
          if (!spec.name.includes('\uFFFD')) expect(ws.name).not.toContain('\uFFFD'); // no lone surrogate written
          spec.rows.forEach((row, r) =>
            row.forEach((c, col) => {
              const got = ws.getCell(r + 1, col + 1);
              const at = `${ws.name}!${got.address}`;
              if (!c) return expect(got.value, at).toBeNull();
              if (c.f) {
                expect(got.type, at).toBe(ExcelJS.ValueType.Formula);
                expect(got.formula, at).toBe(c.f);
                expect(got.result, at).toBe(c.v === 0 ? 0 : c.v);
              } else if (typeof c.v === 'string') {
                expect(got.type, at).toBe(ExcelJS.ValueType.String);
                expect(got.value, at).toBe(utf8(c.v));
              } else expect(got.value, at).toBe(c.v === 0 ? 0 : c.v);
            }),
          );
        });
      }),
      { numRuns: Number(process.env.XW_RUNS ?? 60) }, // XW_RUNS=2000 for a longer search
    );
  }, 120_000);
});

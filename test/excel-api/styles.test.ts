/**
 * The styling of the add-in's writer in a bounded number of calls at every API set (issue 12): the
 * scattered "behind" cells as bit-mask conditional formats below ExcelApi 1.9, RangeAreas from 1.9, and
 * what the cells SHOW the same at every set.
 */
import { describe, expect, it } from 'vitest';
import { maskRules, type Rect } from '../../src/excel-api/styles';
import { mergeCalls } from '../../src/excel-api/layout';
import { writeSheetsToExcel } from '../../src/excel-api/write';
import { buildSheets } from '../../src/write/sheets';
import { bigReport } from '../write/fixture';
import { evalCfFormula } from './cf-formula';
import { ExcelDouble, parseRef, type CallRecord } from './excel-double';

/** A styling call: a format property, a column width / row height, or a conditional format. */
export function isStylingCall(c: CallRecord): boolean {
  return c.path.includes('.format') || c.path.includes('conditionalFormats') || /format|Width|Height|Alignment|wrapText/i.test(c.name) && c.name !== 'numberFormat';
}

async function write(v: string, communes: number) {
  const specs = buildSheets(bigReport(communes, 80), 'vi');
  const xl = new ExcelDouble({ apiVersion: v });
  xl.addSheet('Sheet1');
  const restore = xl.installGlobals();
  try {
    const res = await writeSheetsToExcel(xl.context, specs, { runKey: 'k', replace: 'ask' });
    return { xl, res, styling: xl.calls.filter(isStylingCall).length, total: xl.calls.length };
  } finally {
    restore();
  }
}

describe('maskRules', () => {
  it('selects exactly the given cells, in few rules, with formulas Excel accepts', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (const [rows, cols, p] of [[80, 402, 0.25], [5, 3, 0.5], [300, 12, 0.1], [1, 1, 1]] as const) {
      const cells: Rect[] = [];
      const want = new Set<string>();
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) if (rnd() < p) { cells.push({ r1: r + 6, c1: c + 5, r2: r + 6, c2: c + 5 }); want.add(`${r + 6},${c + 5}`); }
      const rules = maskRules(cells);
      const got = new Set<string>();
      for (const rule of rules) {
        expect(rule.formula.length).toBeLessThan(8192);
        expect(/CHOOSE\(([^)]*)\)/.exec(rule.formula)![1].split(',').length).toBeLessThanOrEqual(255);
        // every number exact in a double and ≤ 15 digits
        for (const n of rule.formula.match(/\d+/g) ?? []) expect(n.length).toBeLessThanOrEqual(15);
        const { rect } = parseRef(rule.range);
        for (let r = rect.r1; r <= rect.r2; r++) for (let c = rect.c1; c <= rect.c2; c++) if (evalCfFormula(rule.formula, r + 1, c + 1) === true) got.add(`${r},${c}`);
      }
      expect(got).toEqual(want);
      expect(rules.length).toBeLessThanOrEqual(Math.ceil(Math.min(rows, cols) / 48) * Math.ceil(Math.max(rows, cols) / 254));
    }
  });

  it('merges one-row merges of the same columns into one merge-across call', () => {
    expect(mergeCalls(['A1:H1', 'A2:H2', 'A3:H3', 'A5:H5', 'B7:B8', 'C4:D4'])).toEqual([
      { address: 'B7:B8', across: false },
      { address: 'A1:H3', across: true },
      { address: 'A5:H5', across: false },
      { address: 'C4:D4', across: false },
    ]);
  });
});

describe('styling calls at ExcelApi 1.7, 1.9 and the latest set (80 indicators)', () => {
  // Before this change (same count): 8,622 styling calls at 1.7 (8,982 calls in all) and 882 at 1.9 (1,258) for
  // 200 communes. After: 553 (813) at 1.7, 175 (472) at 1.9 and 1.17; at 15 communes 276 (351), 168 (280).
  const LIMIT = { 15: 400, 200: 600 } as const;
  for (const n of [15, 200] as const) {
    it(`${n} communes: a few hundred styling calls at every set, and the cells show the same formats`, async () => {
      const at = { '1.7': await write('1.7', n), '1.9': await write('1.9', n), '1.17': await write('1.17', n) };
      console.log(`[styles] ${n} communes × 80 indicators: styling calls ${Object.entries(at).map(([v, x]) => `${v}: ${x.styling} (all calls ${x.total})`).join(', ')}`);
      for (const x of Object.values(at)) {
        expect(x.styling).toBeLessThanOrEqual(LIMIT[n]);
        expect(x.xl.syncs.every((s) => !s.error)).toBe(true);
      }
      // below 1.9 the "behind" fills are conditional formats; from 1.9 static formats, as in the .xlsx
      const custom = (x: (typeof at)['1.7']) => x.xl.sheets.flatMap((s) => s.conditionalFormats).filter((cf) => cf.type === 'Custom');
      expect(custom(at['1.7']).length).toBeGreaterThan(0);
      expect(custom(at['1.7']).length).toBeLessThanOrEqual(12);
      expect(custom(at['1.17'])).toEqual([]);
      const shown = (x: (typeof at)['1.7']) =>
        Object.fromEntries(x.res.sheetNames.map((name) => {
          const s = x.xl.getSheet(name)!;
          return [name, { cells: [...x.xl.renderedFormats(name)].filter(([, f]) => Object.keys(f).length).sort((a, b) => a[0] - b[0]), widths: [...s.columnWidths].sort((a, b) => a[0] - b[0]), heights: [...s.rowHeights].sort((a, b) => a[0] - b[0]) }];
        }));
      const latest = shown(at['1.17']);
      expect(shown(at['1.7'])).toEqual(latest);
      expect(shown(at['1.9'])).toEqual(latest);
    }, 120_000);
  }
});

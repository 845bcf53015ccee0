import { describe, expect, it } from 'vitest';
import type { Report, SpecCell, StreamedSheetSpec } from '../../src/types';
import { buildSheets, buildSheetsForWriting, isStreamed, materialize } from '../../src/write/sheets';
import { fitRowHeights } from '../../src/write/print-fit';
import { writeXlsx } from '../../src/xlsx/write';
import { unzip } from '../xlsx/write/helpers';
import { makeReport } from './fixture';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runPipeline } from '../../src/pipeline';

const now = new Date('2024-07-01T00:00:00Z');

/** Every part of the workbook written from `sheets`, docProps aside (no clock in them anyway: `now` is fixed). */
async function parts(sheets: Parameters<typeof writeXlsx>[0]): Promise<Map<string, string>> {
  return unzip(await writeXlsx(sheets, { now, run: 'k' }));
}

/** A report of many communes, some behind on every indicator: a long shortfalls list and a wide detail sheet. */
function manyCommunes(n: number): Report {
  const base = makeReport();
  const names = Array.from({ length: n }, (_, i) => `Xã Thử ${i + 1}`);
  const indicators = base.indicators.map((ind, k) => ({
    ...ind,
    communes: names.map((commune, i) => {
      const target = 100 + i;
      const actual = i % 3 === 0 ? null : (i % 2 ? 0.3 : 0.9) * target + k;
      return { commune, target, actual, completionPct: actual === null ? null : (actual / target) * 100, expectedPct: 50, status: actual === null ? 'no_data' as const : actual / target < 0.5 ? 'behind' as const : 'met' as const };
    }),
  }));
  const shortfalls = indicators.flatMap((ind) =>
    ind.communes.filter((c) => c.status === 'behind').map((c) => ({ commune: c.commune, code: ind.code, name: ind.name, unit: ind.unit, actual: c.actual!, target: c.target, completionPct: c.completionPct!, expectedPct: 50, gap: c.target / 2 - c.actual! })),
  );
  return { ...base, communes: names.map((name) => ({ name, file: `${name}.xlsx`, period: null, sheets: ['S'], values: 1, issues: 0, reported: true })), indicators, shortfalls };
}

describe('sheets made as they are written (buildSheetsForWriting)', () => {
  const reports: [string, Report][] = [
    ['the fixture', makeReport()],
    ['no shortfalls', makeReport({ shortfalls: [] })],
    ['no indicators', makeReport({ indicators: [], shortfalls: [] })],
    ['300 communes', manyCommunes(300)],
  ];
  for (const [what, report] of reports) {
    it(`${what}: the same workbook, byte for byte, as the sheets at hand`, async () => {
      const streamed = buildSheetsForWriting(report, 'vi');
      // the long sheets are the streamed ones: the comparison below is between the two ways of writing
      expect(streamed.filter(isStreamed).map((s) => s.key)).toEqual(['detail', 'shortfalls']);
      const [a, b] = [await parts(buildSheets(report, 'vi')), await parts(streamed)];
      expect([...b.keys()]).toEqual([...a.keys()]);
      for (const [name, xml] of a) expect(b.get(name), name).toBe(xml);
    });
  }

  it('made rows, heights and print scale are what buildSheets gives', () => {
    const report = manyCommunes(40);
    for (const s of buildSheetsForWriting(report, 'en')) {
      const m = materialize(s);
      expect(m.rowHeights, s.key).toEqual(fitRowHeights(m));
      expect(m.print?.scale, s.key).toBeGreaterThanOrEqual(10);
    }
    expect(buildSheets(report, 'en')).toEqual(buildSheetsForWriting(report, 'en').map(materialize));
  });
});

describe('writeXlsx of a streamed sheet', () => {
  function streamed(log: string[]): StreamedSheetSpec {
    const spec: StreamedSheetSpec = {
      key: 's',
      name: 'S',
      widths: [10, 10],
      merges: ['A1:B1', 'A3:A4'],
      styles: { h: { bold: true, border: true } },
      print: { orientation: 'portrait', paper: 'A4' },
      rows: {
        length: 4,
        row(r) {
          log.push(`row ${r}`);
          const cells: (SpecCell | null)[] = [{ v: `r${r}`, style: r === 0 || r === 2 ? 'h' : undefined }, r === 3 ? null : { v: r + 0.5 }];
          return { cells, height: r === 1 ? 30 : null };
        },
        end() {
          log.push('end');
          spec.print!.scale = 55;
        },
      },
    };
    return spec;
  }

  it('asks each row once, in order, then end() before the page setup is written', async () => {
    const log: string[] = [];
    const xml = (await parts([streamed(log)])).get('xl/worksheets/sheet1.xml')!;
    expect(log).toEqual(['row 0', 'row 1', 'row 2', 'row 3', 'end']);
    expect(xml).toContain('<row r="2" ht="30" customHeight="1">');
    expect(xml).toMatch(/<pageSetup [^>]*scale="55"/);
    expect(xml).toContain('<mergeCell ref="A1:B1"/>');
    expect(xml).toContain('<mergeCell ref="A3:A4"/>');
    // the cell under the styled merge A3:A4 takes its style; the one under A1:B1 too (B1 had a value: dropped)
    expect(xml).toMatch(/<c r="A4" s="\d+"\/>/);
    expect(xml).toMatch(/<c r="B1" s="\d+"\/>/);
  });

  it('writes what the same rows at hand write', async () => {
    const atHand = materialize(streamed([]));
    expect(Array.isArray(atHand.rows) && atHand.rows.length).toBe(4);
    expect(atHand.rowHeights).toEqual([null, 30, null, null]);
    expect(atHand.print?.scale).toBe(55);
    expect(await parts([streamed([])])).toEqual(await parts([atHand]));
  });
});

describe('sheets made by the caller (runPipeline sheetsLater, as the command line does)', () => {
  const dir = path.resolve(__dirname, '../../examples');
  const input = () => ({
    plan: { name: 'ke-hoach-2024.xlsx', data: new Uint8Array(fs.readFileSync(path.join(dir, 'ke-hoach-2024.xlsx'))) },
    communes: fs.readdirSync(path.join(dir, 'xa')).sort().map((n) => ({ name: n, data: new Uint8Array(fs.readFileSync(path.join(dir, 'xa', n))) })),
    now,
  });

  it('makes no sheets; the caller makes the same workbook from the report, which making them leaves as it was', async () => {
    const later = await runPipeline({ ...input(), streamSheets: true, sheetsLater: true });
    expect(later.sheets).toEqual([]);
    // the command line packs the JSON before it makes the sheets: they must not change the report
    const before = structuredClone(later.report);
    const sheets = buildSheetsForWriting(later.report, 'vi');
    expect(later.report).toEqual(before);
    const here = await runPipeline({ ...input(), streamSheets: true });
    expect(here.sheets.length).toBeGreaterThan(3);
    const [a, b] = [await parts(here.sheets), await parts(sheets)];
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [name, xml] of a) expect(b.get(name), name).toBe(xml);
  });
});

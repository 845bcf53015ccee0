/**
 * Excel mode prints like the downloaded .xlsx (issue 10): the page setup of every sheet (A4, orientation,
 * margins, fit to width or scale, print titles rows AND columns, print area, page numbers in the footer),
 * the row heights, the fonts, and the chart with every series of the SheetSpec — applied through the API
 * from ExcelApi 1.9 (pageLayout), skipped with a note in the run log below it.
 */
import { describe, expect, it } from 'vitest';
import type { SheetSpec } from '../../src/types';
import { colLetter } from '../../src/util/address';
import { marginPoints, pageFooter } from '../../src/excel-api/layout';
import { columnWidthPoints, writeSheetsToExcel } from '../../src/excel-api/write';
import { buildSheets } from '../../src/write/sheets';
import { makeReport } from '../write/fixture';
import { bigReport } from '../write/fixture';
import { ExcelDouble } from './excel-double';
import { groupNotes } from '../../src/taskpane/excel';

async function write(v: string, specs: SheetSpec[]) {
  const xl = new ExcelDouble({ apiVersion: v });
  xl.addSheet('Sheet1');
  const restore = xl.installGlobals();
  try {
    const res = await writeSheetsToExcel(xl.context, specs, { runKey: 'k', replace: 'ask' });
    expect(xl.syncs.every((s) => !s.error)).toBe(true);
    return { xl, res };
  } finally {
    restore();
  }
}

/** What the .xlsx writer (src/xlsx/write.ts) puts in a sheet's page setup, in the API's words. */
function expectedPage(spec: SheetSpec) {
  const p = spec.print;
  const out: Record<string, unknown> = {};
  if (p) {
    out.orientation = p.orientation === 'portrait' ? 'Portrait' : 'Landscape';
    out.paperSize = 'A4';
    out.margins = marginPoints(p.margins);
    if (p.fitToWidth) out.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
    else if (p.scale) out.zoom = { scale: Math.round(Math.min(400, Math.max(10, p.scale))) };
    if (p.area) out.printArea = p.area;
    if (typeof p.pageWord === 'string') out.headerFooter = { centerFooter: pageFooter(p.pageWord) };
    if (p.titleCols) out.printTitleColumns = `$${colLetter(p.titleCols.first - 1)}:$${colLetter(p.titleCols.last - 1)}`;
  }
  if (spec.headerRows) out.printTitleRows = `$${spec.headerRows.first}:$${spec.headerRows.last}`;
  return out;
}

describe('print setup and chart in Excel mode', () => {
  for (const [label, report] of [['the fixture report', makeReport()], ['200 communes', bigReport(200, 20)]] as const) {
    it(`ExcelApi 1.9+: every sheet's page setup, row heights and chart are the SheetSpec's (${label})`, async () => {
      const specs = buildSheets(report, 'vi');
      const { xl, res } = await write('1.17', specs);
      expect(res.notes).toEqual([]);
      specs.forEach((spec, i) => {
        const sheet = xl.getSheet(res.sheetNames[i])!;
        expect(sheet.pageLayout, spec.key).toEqual(expectedPage(spec));
        // row heights and column widths as the spec's
        (spec.rowHeights ?? []).forEach((h, r) => expect(sheet.rowHeights.get(r), `${spec.key} row ${r + 1}`).toBe(typeof h === 'number' && h > 0 ? Math.min(409, Math.round(h * 4) / 4) : undefined));
        spec.widths.forEach((w, c) => expect(sheet.columnWidths.get(c)).toBe(columnWidthPoints(w)));
      });
      // the detail sheet repeats its indicator columns and header rows on every page, and is never shrunk
      const detail = specs.findIndex((s) => s.key === 'detail');
      expect(xl.getSheet(res.sheetNames[detail])!.pageLayout).toMatchObject({ printTitleColumns: '$A:$E', printTitleRows: '$5:$6' });
      expect(xl.getSheet(res.sheetNames[detail])!.pageLayout.zoom).not.toEqual({ horizontalFitToPages: 1, verticalFitToPages: 0 });
      // the chart: every series of the spec, named, with the categories
      const withChart = specs.filter((s) => s.chart);
      expect(withChart.length).toBeGreaterThan(0);
      for (const spec of withChart) {
        const ch = spec.chart!;
        const [chart] = xl.getSheet(res.sheetNames[specs.indexOf(spec)])!.charts;
        const refs = [ch.values, ...(ch.expected ? [ch.expected] : [])].map((r) => r.replace(/\$/g, ''));
        expect(chart.series.map((s) => s.values)).toEqual(refs);
        expect(chart.series.map((s) => s.name)).toEqual(refs.map((_, i) => ch.names?.[i] ?? (i === 0 ? '%' : '')));
        expect(chart.series.every((s) => s.xAxisValues === ch.categories.replace(/\$/g, ''))).toBe(true);
        expect(chart.series.length).toBe(ch.expected ? 2 : 1);
        expect(chart).toMatchObject({ type: 'BarClustered', title: ch.title, legendVisible: true, legendPosition: 'Bottom', valueAxisMinimum: 0, categoriesReversed: true });
      }
      // fonts: the narrative sheet's Times New Roman
      const narrative = specs.findIndex((s) => Object.values(s.styles).some((st) => st.font));
      if (narrative >= 0) {
        const fonts = [...xl.getSheet(res.sheetNames[narrative])!.cells.values()].map((c) => c.format.fontName).filter(Boolean);
        expect(new Set(fonts)).toEqual(new Set(Object.values(specs[narrative].styles).map((st) => st.font).filter(Boolean)));
      }
    }, 60_000);
  }

  it('an Excel that refuses the page setup or the chart keeps the data: they go last, in a sync of their own, and a note says so', async () => {
    const specs = buildSheets(makeReport(), 'vi');
    const summary = specs.findIndex((s) => s.key === 'summary');
    specs[summary] = { ...specs[summary], print: { ...specs[summary].print!, area: 'not an address' } };
    const xl = new ExcelDouble();
    xl.addSheet('Sheet1');
    const restore = xl.installGlobals();
    try {
      const res = await writeSheetsToExcel(xl.context, specs, { runKey: 'k', replace: 'ask' });
      expect(xl.syncs.map((s) => s.error ?? null)).toEqual([null, null, null, 'InvalidArgument']);
      expect(res.notes).toHaveLength(1);
      expect(res.notes[0]).toMatchObject({ code: 'excel_api_limited', severity: 'warning' });
      expect(res.notes[0].messageEn).toMatch(/^Excel refused the conditional colouring, the page setup or the chart .*were still written in full/);
      // the data, styles and merges are all there
      specs.forEach((spec, i) => {
        const sheet = xl.getSheet(res.sheetNames[i])!;
        expect(sheet.merges.length).toBe(spec.merges.length);
        expect(sheet.cells.size).toBeGreaterThan(0);
      });
    } finally {
      restore();
    }
  });

  it('below ExcelApi 1.9 the page setup is skipped with a note; below 1.7 the chart has one series, with a note', async () => {
    const specs = buildSheets(makeReport(), 'vi');
    const at18 = await write('1.8', specs);
    expect(at18.xl.sheets.every((s) => Object.keys(s.pageLayout).length === 0)).toBe(true);
    const printed = specs.filter((s) => s.print || s.headerRows).map((s) => at18.res.sheetNames[specs.indexOf(s)]);
    expect(at18.res.notes.map((n) => n.sheet)).toEqual(printed);
    expect(at18.res.notes.every((n) => n.code === 'excel_api_limited' && n.severity === 'info' && /ExcelApi 1\.9/.test(n.messageEn!) && /ExcelApi 1\.9/.test(n.message))).toBe(true);
    // rows heights still set (ExcelApi 1.1)
    const issues = specs.findIndex((s) => s.key === 'issues');
    expect(at18.xl.getSheet(at18.res.sheetNames[issues])!.rowHeights.size).toBeGreaterThan(0);
    const chartAt18 = at18.xl.sheets.flatMap((s) => s.charts);
    expect(chartAt18[0].series.length).toBe(specs.find((s) => s.chart)!.chart!.expected ? 2 : 1);

    // the pane's run log: one line per kind, naming the sheets, in each language
    const lines = groupNotes(at18.res.notes);
    expect(lines).toHaveLength(1);
    expect(lines[0].en).toMatch(new RegExp(`^this Excel version \\(below ExcelApi 1\\.9\\).*\\(${printed.join(', ')}\\)$`));
    expect(lines[0].vi).toMatch(/^phiên bản Excel này \(dưới ExcelApi 1\.9\)/);

    const at16 = await write('1.6', specs);
    const chartAt16 = at16.xl.sheets.flatMap((s) => s.charts);
    expect(chartAt16[0].series).toHaveLength(1);
    expect(at16.res.notes.some((n) => /1\.7/.test(n.messageEn!) && n.sheet === at16.res.sheetNames[specs.findIndex((s) => s.chart)])).toBe(true);
  });
});

import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { escapeCellText, setNodeDeflate, writeXlsx } from '../../../src/xlsx/write';
import { buildSheets } from '../../../src/write/sheets';
import type { SheetSpec } from '../../../src/types';
import { HOSTILE_INDICATOR, makeReport } from '../../write/fixture';
import { expectFixtureSheets, expectHostileNamesAsText, expectLayout, expectSummaryFormats, expectSummaryValues, specCells, writtenFixture } from '../../harness/written-fixture';
import { childNames, readBack, unzip, xmlErrors } from './helpers';

const NOW = new Date('2020-07-06T08:00:00Z');

function sheet(rows: SheetSpec['rows'], more: Partial<SheetSpec> = {}): SheetSpec {
  return { key: 'x', name: 'X', rows, widths: [], merges: [], styles: {}, ...more };
}

/** The order CT_Worksheet requires of a worksheet's children (the ones we may write). */
const WORKSHEET_ORDER = ['sheetPr', 'dimension', 'sheetViews', 'sheetFormatPr', 'cols', 'sheetData', 'mergeCells', 'conditionalFormatting', 'pageMargins', 'pageSetup', 'headerFooter', 'drawing'];

describe('writeXlsx: the fixture report, read back with exceljs', async () => {
  const { specs, data, wb, ws } = await writtenFixture((s) => writeXlsx(s, { now: NOW }));

  it('writes a workbook with the five sheets, made by tonghop', () => {
    expectFixtureSheets(data, wb);
    expect(wb.lastModifiedBy).toBe('tonghop');
    expect(wb.created?.toISOString()).toBe('2020-07-06T08:00:00.000Z');
  });

  it('writes values, and formulas with their cached results', () => {
    expectSummaryValues(ws);
    const s = ws('Tổng hợp');
    // (6820.5 / 6040 − 1) × 100 = 12.92218543046357…, cached to the last bit of the report's double
    expect((s.getCell('J10').value as ExcelJS.CellFormulaValue).result).toBeCloseTo(12.922185430463577, 12);
    expect(s.getCell('J10').result).toBe(specs[0].rows[9][9]!.v);
    expect(s.getCell('J11').type).toBe(ExcelJS.ValueType.Formula);
    expect([undefined, '']).toContain(s.getCell('J11').result);
    expect(s.getCell('F14').value).toBeNull(); // no actual: empty, not 0
    expect(s.getCell('K12').value).toBe('Chậm tiến độ');
    // "-1+1": 9 / 10 − 1 in doubles, cached to the last bit
    expect(s.getCell('J15').result).toBe((9 / 10 - 1) * 100);
  });

  it('writes formulas exactly where the spec has them, and every other value as it is', () => {
    let formulas = 0;
    for (const { c, cell, at } of specCells(specs, ws)) {
      if (c.f) {
        formulas++;
        expect(cell.type, at).toBe(ExcelJS.ValueType.Formula);
        expect(cell.formula, at).toBe(c.f);
        if (typeof c.v === 'number') expect(cell.result, at).toBe(c.v);
      } else if (typeof c.v === 'string') {
        expect(cell.type, at).toBe(ExcelJS.ValueType.String);
        expect(cell.value, at).toBe(c.v);
      } else expect(cell.value, at).toBe(c.v);
      expect(cell.numFmt ?? undefined, at).toBe(c.fmt);
    }
    expect(formulas).toBe(14); // 6 × 2 on the summary + 2 on the shortfalls
  });

  it('keeps formula-looking names as strings', () => {
    expectHostileNamesAsText(ws);
  });

  it('applies number formats, fills, fonts, alignment, borders and widths', () => {
    const s = ws('Tổng hợp');
    expectSummaryFormats(ws);
    expect(s.getCell('K12').font?.color?.argb).toBe('FF9C0006');
    expect(s.getCell('A9').font?.bold).toBe(true);
    expect(s.getCell('A4').font).toMatchObject({ bold: true, size: 14 });
    expect(s.getCell('A6').font).toMatchObject({ italic: true, size: 11 });
    expect(s.getCell('C10').alignment).toMatchObject({ wrapText: true, vertical: 'middle' });
    expect(s.getCell('A9').alignment).toMatchObject({ horizontal: 'center', vertical: 'middle', wrapText: true });
    expect(s.getCell('E10').alignment?.horizontal).toBe('right');
    expect(s.getCell('E10').border?.top?.style).toBe('thin');
    expect(s.getCell('E10').border?.left?.color?.argb).toBe('FF808080');
    expect(s.getCell('A4').border?.top).toBeUndefined();
    expect(s.getColumn(3).width).toBe(specs[0].widths[2]);
    expect(s.getColumn(1).width).toBe(4); // issue 10: narrower, to print at 8 pt or more
    specs[1].widths.forEach((w, i) => expect(ws('Chi tiết xã').getColumn(i + 1).width).toBe(w));
  });

  it('merges, freezes and sets up printing', () => {
    expectLayout(ws);
    expect(ws('Tổng hợp').pageSetup.margins).toMatchObject({ left: 0.394, right: 0.394, top: 0.787, bottom: 0.787 });
    const c = ws('Chưa đạt');
    expect(c.views[0]).toMatchObject({ state: 'frozen', ySplit: 5, topLeftCell: 'A6' });
  });

  it('gives the cells under a merge its top-left cell\'s style, as exceljs does', () => {
    const s = ws('Tổng hợp');
    expect(s.getCell('L4').font).toMatchObject({ bold: true, size: 14 });
    expect(s.getCell('L4').value).toBe(s.getCell('A4').value); // exceljs reads a merged cell as its master
  });

  it('adds the conditional format on % KH', () => {
    const cfs = (ws('Tổng hợp') as any).conditionalFormattings as ExcelJS.ConditionalFormattingOptions[];
    expect(cfs.map((c) => c.ref)).toEqual(['G10:G11', 'G13:G15']);
    const rule = cfs[0].rules[0] as ExcelJS.CellIsRuleType;
    expect(rule).toMatchObject({ type: 'cellIs', operator: 'lessThan', formulae: ['$H10'], priority: 1 });
    expect((rule.style?.fill as ExcelJS.FillPattern).bgColor?.argb).toBe('FFFFC7CE');
    expect(rule.style?.font?.color?.argb).toBe('FF9C0006');
    expect((cfs[1].rules[0] as ExcelJS.CellIsRuleType).formulae).toEqual(['$H13']);
  });

  it('writes well-formed parts, worksheets in the schema\'s order, and asks for a recalculation on load', () => {
    const parts = unzip(data);
    expect([...parts.keys()][0]).toBe('[Content_Types].xml');
    expect([...parts.keys()]).toEqual(
      expect.arrayContaining(['_rels/.rels', 'docProps/core.xml', 'docProps/app.xml', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/sharedStrings.xml', 'xl/worksheets/sheet5.xml']),
    );
    for (const [name, xml] of parts) expect(xmlErrors(xml), name).toEqual([]);
    for (let i = 1; i <= 5; i++) {
      const order = childNames(parts.get(`xl/worksheets/sheet${i}.xml`)!, 'worksheet');
      const ranks = order.map((n) => WORKSHEET_ORDER.indexOf(n));
      expect(ranks.every((r) => r >= 0), order.join(',')).toBe(true);
      expect(ranks, order.join(',')).toEqual([...ranks].sort((a, b) => a - b));
    }
    expect(parts.get('xl/workbook.xml')).toContain('<calcPr calcId="191029" fullCalcOnLoad="1"/>');
    // issue 10: heading rows above the header, a print scale (8 pt or more) instead of fitting to the width
    expect(parts.get('xl/workbook.xml')).toContain(`<definedName name="_xlnm.Print_Titles" localSheetId="0">'Tổng hợp'!$9:$9</definedName>`);
    expect(parts.get('xl/worksheets/sheet1.xml')).toMatch(/<pageSetup paperSize="9" scale="\d+" orientation="landscape"\/>/);
    expect(parts.get('xl/worksheets/sheet1.xml')).toContain('<cfRule type="cellIs" dxfId="0" priority="2" operator="lessThan"><formula>$H13</formula></cfRule>'); // one dxf for both
    // a text that looks like a formula is a shared string, nowhere a formula
    expect(parts.get('xl/sharedStrings.xml')).toContain('<si><t>=HYPERLINK("http://evil.example","Bấm vào")</t></si>');
    expect([...parts.values()].some((x) => x.includes('<f>HYPERLINK'))).toBe(false);
  });

  it('builds one cell format per distinct (style, format) pair, shared by all sheets', () => {
    const styles = unzip(data).get('xl/styles.xml')!;
    const xfs = /<cellXfs count="(\d+)">(.*?)<\/cellXfs>/.exec(styles)!;
    const list = xfs[2].match(/<xf [^>]*?(\/>|>.*?<\/xf>)/g)!;
    expect(list).toHaveLength(Number(xfs[1]));
    expect(new Set(list).size).toBe(list.length); // no duplicates
    // The distinct pairs the five sheets use, by content (the same name means the same style in every sheet here)
    const pairs = new Set<string>();
    for (const s of specs) for (const row of s.rows) for (const c of row) if (c && (c.style || c.fmt)) pairs.add(JSON.stringify([c.style ? s.styles[c.style] : null, c.fmt ?? null]));
    expect(list.length).toBeLessThanOrEqual(pairs.size + 1); // + the default format 0
    expect(styles).toContain('<numFmt numFmtId="164" formatCode="#,##0.0##"/>');
    expect(styles).toContain('<numFmt numFmtId="165" formatCode="#,##0.0"/>');
    expect(styles).not.toContain('formatCode="#,##0"'); // built-in 3
  });
});

describe('writeXlsx: awkward specs', () => {
  it('writes a plain string even when the spec does not mark it as text, and drops non-finite numbers', async () => {
    const back = await readBack(await writeXlsx([sheet([[{ v: '=1+1' }, { v: Number.NaN }, { v: 4, f: '=2+2' }, { v: true }, { v: Infinity, style: 'b' }]], { styles: { b: { bold: true } } })]));
    const s = back.getWorksheet('X')!;
    expect(s.getCell('A1').type).toBe(ExcelJS.ValueType.String);
    expect(s.getCell('A1').value).toBe('=1+1');
    expect(s.getCell('B1').value).toBeNull();
    expect(s.getCell('C1').value).toEqual({ formula: '2+2', result: 4 });
    expect(s.getCell('D1').value).toBe(true);
    expect(s.getCell('E1').value).toBeNull();
    expect(s.getCell('E1').font?.bold).toBe(true);
  });

  it('keeps hostile strings strings: "=HYPERLINK(…)", "+cmd", "-1+1", "@SUM(A1)", a leading apostrophe', async () => {
    const texts = ['=HYPERLINK("http://x","y")', '+cmd', '-1+1', '@SUM(A1)', "'=A1", '=', '-', '+', '@', '1e5', '0012'];
    const data = await writeXlsx([sheet([texts.map((v) => ({ v, text: true }))])]);
    const s = (await readBack(data)).getWorksheet('X')!;
    texts.forEach((t, i) => {
      const cell = s.getCell(1, i + 1);
      expect(cell.type, t).toBe(ExcelJS.ValueType.String);
      expect(cell.value, t).toBe(t);
    });
    expect(unzip(data).get('xl/worksheets/sheet1.xml')).not.toContain('<f>');
  });

  it('formula cached results: 0, a negative, a string, "", true, false, none', async () => {
    const rows: SheetSpec['rows'] = [
      [{ v: 0, f: 'A2-A2' }, { v: -2.5, f: '=-A2' }, { v: 'đạt', f: 'IF(1,"đạt","")' }, { v: '', f: 'IF(0,1,"")' }, { v: true, f: 'A2=A2' }, { v: false, f: 'A2<>A2' }, { v: null, f: 'A2' }],
      [{ v: 2.5 }],
    ];
    const data = await writeXlsx([sheet(rows)]);
    const s = (await readBack(data)).getWorksheet('X')!;
    const got = ['A1', 'B1', 'C1', 'D1', 'E1', 'F1', 'G1'].map((a) => {
      const c = s.getCell(a);
      expect(c.type, a).toBe(ExcelJS.ValueType.Formula);
      return [c.formula, c.result];
    });
    expect(got).toEqual([
      ['A2-A2', 0],
      ['-A2', -2.5],
      ['IF(1,"đạt","")', 'đạt'],
      ['IF(0,1,"")', undefined], // exceljs reads an empty cached text as no result
      ['A2=A2', true],
      ['A2<>A2', false],
      ['A2', undefined],
    ]);
    const xml = unzip(data).get('xl/worksheets/sheet1.xml')!;
    expect(xml).toContain('<c r="A1"><f>A2-A2</f><v>0</v></c>');
    expect(xml).toContain('<c r="D1" t="str"><f>IF(0,1,"")</f><v></v></c>');
  });

  it('escapes markup, and writes characters XML forbids as _xHHHH_ so that nothing breaks the file', async () => {
    const nasty = ['Xã A\u0001B', 'a & b <c> "d" \'e\'', 'tab\there\nnew line', ' lề ', '_x0041_ stays literal', 'bell\u0007\u001f end', 'nul\u0000', '\uFFFE\uFFFF', '😀 Đắk Lắk', 'cr\r\nlf\r'];
    const data = await writeXlsx([
      sheet([nasty.map((v) => ({ v, text: true })), [{ v: 1, f: 'IF(A1<>"x&y",1,0)' }]], {
        name: 'Sheet\u0001<&>\'"',
        conditionalFormats: [{ range: 'A1:A3', type: 'cellIs', operator: 'equal', formula: '"a<b&c"', fill: 'FFC7CE' }],
      }),
    ]);
    for (const [name, xml] of unzip(data)) expect(xmlErrors(xml), name).toEqual([]);
    const wb = await readBack(data);
    const s = wb.worksheets[0];
    expect(s.name).toBe('Sheet<&>\'"');
    nasty.forEach((t, i) => {
      const cell = s.getCell(1, i + 1);
      expect(cell.type, JSON.stringify(t)).toBe(ExcelJS.ValueType.String);
      expect(cell.value, JSON.stringify(t)).toBe(t);
    });
    expect(s.getCell('A2').formula).toBe('IF(A1<>"x&y",1,0)');
    expect(((s as any).conditionalFormattings[0].rules[0] as ExcelJS.CellIsRuleType).formulae).toEqual(['"a<b&c"']);
    expect(escapeCellText('a\u0001_x00e9_b')).toBe('a_x0001__x005F_x00e9_b');
  });

  it('picks free sheet names, within 31 characters, without forbidden characters or a split emoji', async () => {
    const long = 'x'.repeat(40);
    const names = ['Tổng hợp', 'TỔNG HỢP', 'Tổng hợp', 'a/b:c', long, 'x'.repeat(31), '', "'Q'", " '=", 'history', 'x'.repeat(29) + " 'y", 'x'.repeat(30) + '😀'];
    const data = await writeXlsx(names.map((name, i) => sheet([[{ v: i }]], { name, headerRows: { first: 1, last: 1 } })));
    const wb = await readBack(data);
    const got = wb.worksheets.map((w) => w.name);
    // Excel refuses an apostrophe first or last, and keeps "History" for itself
    expect(got).toEqual(['Tổng hợp', 'TỔNG HỢP (2)', 'Tổng hợp (3)', 'a b c', 'x'.repeat(31), 'x'.repeat(27) + ' (2)', 'Sheet', 'Q', '=', 'history (2)', 'x'.repeat(29), 'x'.repeat(30)]);
    got.forEach((n, i) => expect(wb.getWorksheet(n)!.getCell('A1').value).toBe(i));
    expect(wb.getWorksheet('Q')!.pageSetup.printTitlesRow).toBe('1:1');
  });

  it("quotes a sheet name with an apostrophe in print titles (doubling it)", async () => {
    const data = await writeXlsx([sheet([[{ v: 1 }]], { name: "Xã Cư M'gar", headerRows: { first: 2, last: 3 } })]);
    expect(unzip(data).get('xl/workbook.xml')).toContain(`localSheetId="0">'Xã Cư M''gar'!$2:$3</definedName>`);
    expect((await readBack(data)).getWorksheet("Xã Cư M'gar")!.pageSetup.printTitlesRow).toBe('2:3');
  });

  it('leaves out merges that overlap an earlier one, single cells and non-ranges; values under a merge are dropped', async () => {
    const data = await writeXlsx([
      sheet([[{ v: 'a', style: 'h' }, { v: 'hidden' }, { v: 'c' }], [null, null, { v: 'd' }]], { merges: ['A1:B2', 'B2:C3', 'C1', 'C1:C1', 'nonsense', '$C$1:$D$1'], styles: { h: { fill: 'D9E1F2' } } }),
    ]);
    const xml = unzip(data).get('xl/worksheets/sheet1.xml')!;
    expect(xml).toContain('<mergeCells count="2"><mergeCell ref="A1:B2"/><mergeCell ref="C1:D1"/></mergeCells>');
    const s = (await readBack(data)).getWorksheet('X')!;
    expect(s.model.merges).toEqual(['A1:B2', 'C1:D1']);
    expect(s.getCell('C2').value).toBe('d');
    expect(xml).not.toContain('hidden');
    expect((s.getCell('B2').fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFD9E1F2');
  });

  it('writes a data bar, portrait pages, no pane without a freeze, and frozen columns only', async () => {
    const data = await writeXlsx([
      sheet([[{ v: 1 }], [{ v: 2 }]], { conditionalFormats: [{ range: 'A1:A2', type: 'dataBar', color: '#638ec6' }, { range: 'not a range', type: 'cellIs', formula: '0' }], print: { orientation: 'portrait', paper: 'A4' } }),
      sheet([[{ v: 1 }]], { name: 'Y', freeze: { rows: 0, cols: 2 } }),
    ]);
    const parts = unzip(data);
    const x = parts.get('xl/worksheets/sheet1.xml')!;
    expect(x).toContain('<cfRule type="dataBar" priority="1"><dataBar><cfvo type="min"/><cfvo type="max"/><color rgb="FF638EC6"/></dataBar></cfRule>');
    expect(x).not.toContain('not a range');
    expect(x).toContain('<pageSetup paperSize="9" orientation="portrait"/>');
    expect(x).not.toContain('<pane');
    expect(x).not.toContain('sheetPr');
    const wb = await readBack(data);
    const cf = (wb.getWorksheet('X') as any).conditionalFormattings as ExcelJS.ConditionalFormattingOptions[];
    expect(cf).toHaveLength(1);
    expect(cf[0].rules[0]).toMatchObject({ type: 'dataBar' });
    expect(wb.getWorksheet('X')!.pageSetup).toMatchObject({ orientation: 'portrait', paperSize: 9 });
    expect(wb.getWorksheet('Y')!.views[0]).toMatchObject({ state: 'frozen', xSplit: 2, topLeftCell: 'C1' });
    expect(parts.get('xl/workbook.xml')).not.toContain('definedNames');
  });

  it('an empty list still makes a workbook Excel accepts (one empty sheet)', async () => {
    const wb = await readBack(await writeXlsx([]));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Sheet1']);
  });

  it('a sheet with a style but no value, numbers at full precision, -0 as 0, a big and a tiny number', async () => {
    const vals = [0.1 + 0.2, 1e21, 5e-324, -0, 123456789.123456789, -1.5e-7];
    const data = await writeXlsx([sheet([vals.map((v) => ({ v })), [null, { v: null, style: 's' }, { v: null, fmt: '0.0' }]], { styles: { s: { fill: 'FFEB9C' } } })]);
    const s = (await readBack(data)).getWorksheet('X')!;
    vals.forEach((v, i) => expect(s.getCell(1, i + 1).value).toBe(v === 0 ? 0 : v));
    expect(Object.is(s.getCell('D1').value, -0)).toBe(false);
    expect((s.getCell('B2').fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFEB9C');
    expect(s.getCell('C2').numFmt).toBe('0.0');
    expect(unzip(data).get('xl/worksheets/sheet1.xml')).toContain('<dimension ref="A1:F2"/>');
  });

  it('cuts texts at Excel\'s 32,767 characters', async () => {
    const s = (await readBack(await writeXlsx([sheet([[{ v: 'x'.repeat(40000) }]])]))).getWorksheet('X')!;
    expect((s.getCell('A1').value as string).length).toBe(32767);
  });
});

describe('writeXlsx as a browser runs it (CompressionStream, no Node zlib)', () => {
  beforeAll(() => setNodeDeflate(false));
  afterAll(() => {
    setNodeDeflate(true);
    vi.unstubAllGlobals();
  });

  it('the fixture report deflated by CompressionStream reads back the same', async () => {
    const specs = buildSheets(makeReport(), 'vi');
    const data = await writeXlsx(specs, { now: NOW });
    const parts = unzip(data); // checks every CRC (computed in JS here) and size
    expect(parts.size).toBe(19); // 13 + the Báo cáo sheet, the chart, its drawing and their rels (issue 10) + docProps/custom.xml (tonghop's mark, src/xlsx/marker.ts)
    const s = (await readBack(data)).getWorksheet('Tổng hợp')!;
    expect(s.getCell('G10').value).toEqual({ formula: 'IF(AND(ISNUMBER(F10),ISNUMBER(E10),E10<>0),F10/E10*100,"")', result: 56.8375 });
    expect(s.getCell('C15').value).toBe(HOSTILE_INDICATOR);
    // the same parts as Node's zlib writes
    setNodeDeflate(true);
    const viaNode = unzip(await writeXlsx(specs, { now: NOW }));
    setNodeDeflate(false);
    expect([...parts]).toEqual([...viaNode]);
  });

  it('with no CompressionStream either, the parts are stored', async () => {
    vi.stubGlobal('CompressionStream', undefined);
    const data = await writeXlsx([sheet([[{ v: 'không nén' }]])]);
    vi.unstubAllGlobals();
    expect(new TextDecoder().decode(data)).toContain('<sheetData>'); // stored: visible in the archive
    expect((await readBack(data)).getWorksheet('X')!.getCell('A1').value).toBe('không nén');
  });
});

describe('writeXlsx: a merge as big as the grid', () => {
  it('is written, styles its cells only up to a budget, and takes no time', async () => {
    const data = await writeXlsx([
      sheet([[{ v: 'a', style: 'h' }, { v: 'b' }], [{ v: 'c' }]], { merges: ['A1:XFD1048576'], styles: { h: { bold: true } } }),
    ]);
    const xml = unzip(data).get('xl/worksheets/sheet1.xml')!;
    expect(xml).toContain('<mergeCell ref="A1:XFD1048576"/>');
    expect(xml).toContain('<c r="B1" s="1"/>'); // the spec's own cells under it: styled, values dropped
    expect(xml).toContain('<c r="A2" s="1"/>');
    expect(xml).not.toContain('<c r="C1"');
    expect(xml.length).toBeLessThan(5000);
  });
});

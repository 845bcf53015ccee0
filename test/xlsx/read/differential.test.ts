/**
 * The direct reader against exceljs-read on the same bytes: real workbooks (../shared samples, examples/),
 * workbooks written by exceljs with every kind of cell, and hand-written XML for what exceljs doesn't write.
 * The Grids must be the same (toStrictEqual: same holes in sparse rows, same keys).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readXlsx } from '../../../src/xlsx/workbook';
import { expectSameAsExceljs, file, handWorkbook, stylesXml, zipParts } from './helpers';

const REPO = path.resolve(__dirname, '../../..');
const SAMPLES = path.resolve(REPO, '../shared/samples/ba-che-2020-q1');
const HAVE_SAMPLES = fs.existsSync(SAMPLES);
if (!HAVE_SAMPLES) console.warn(`test/xlsx-read/differential.test.ts: ${SAMPLES} not found; the sample workbooks are skipped`);

function listXlsx(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /\.xlsx$/i.test(f)).map((f) => path.join(dir, f)) : [];
}

const sampleFiles = HAVE_SAMPLES ? [path.join(SAMPLES, 'plan.xlsx'), ...listXlsx(path.join(SAMPLES, 'communes'))] : [];
const exampleFiles = [...listXlsx(path.join(REPO, 'examples')), ...listXlsx(path.join(REPO, 'examples/xa'))];

async function bytesOf(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

describe('same Grids as exceljs-read', () => {
  it.skipIf(!HAVE_SAMPLES).each(sampleFiles.map((f) => [path.basename(f), f]))('sample %s', async (_n, f) => {
    const g = await expectSameAsExceljs(file(path.basename(f), new Uint8Array(fs.readFileSync(f))));
    expect(g.grids.length).toBeGreaterThan(0);
    expect(g.grids.reduce((n, x) => n + x.rows.length, 0)).toBeGreaterThan(5);
  });

  it.each(exampleFiles.map((f) => [path.relative(REPO, f), f]))('example %s', async (_n, f) => {
    const g = await expectSameAsExceljs(file(path.basename(f), new Uint8Array(fs.readFileSync(f))));
    expect(g.grids.reduce((n, x) => n + x.rows.length, 0)).toBeGreaterThan(5);
  });

  it('finds example files to compare', () => {
    expect(exampleFiles.length).toBeGreaterThan(3);
  });

  it('reads every kind of cell exceljs writes as exceljs-read does', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Số liệu');
    const put = (a: string, v: ExcelJS.CellValue, numFmt?: string) => {
      ws.getCell(a).value = v;
      if (numFmt) ws.getCell(a).numFmt = numFmt;
    };
    // numbers
    put('A1', 1);
    put('A2', 2.5);
    put('A3', -3);
    put('A4', 0);
    put('A5', 1e-7);
    put('A6', 123456789.123);
    put('A7', 1234.5, '#,##0.00');
    // strings (shared), with XML specials, new lines, blanks, escapes
    put('B1', 'Chỉ tiêu kinh tế');
    put('B2', '<a & b> "q" \'s\'');
    put('B3', 'dòng 1\ndòng 2');
    put('B4', '  cách  ');
    put('B5', 'a_x000D_b');
    put('B6', '');
    put('B7', 'Đạt');
    // rich text, hyperlink
    put('C1', { richText: [{ text: 'Chưa ', font: { bold: true } }, { text: 'đạt' }, { text: ' (ước)', font: { italic: true } }] });
    put('C2', { text: 'trang web', hyperlink: 'http://example.com' });
    put('C3', { richText: [] });
    // booleans, errors
    put('D1', true);
    put('D2', false);
    put('D3', { error: '#DIV/0!' });
    put('D4', { error: '#N/A' });
    put('D5', { error: '#REF!' });
    // dates with several formats, and a serial number in a date format
    put('E1', new Date(Date.UTC(2020, 2, 23)));
    put('E2', new Date(Date.UTC(2020, 2, 23)), 'dd/mm/yyyy');
    put('E3', new Date(Date.UTC(2020, 2, 23, 14, 30, 0)), 'yyyy-mm-dd hh:mm');
    put('E4', new Date(Date.UTC(1899, 11, 31, 6, 0, 0)), 'h:mm');
    put('E5', 43913, 'dd/mm/yyyy');
    put('E6', 43913.5, '[$-42A]d mmmm yyyy');
    put('E7', 45, '0" ngày"'); // a quoted word: not a date
    put('E8', 1.5, '[h]:mm:ss');
    // percent formats
    put('F1', 0.5684, '0.00%');
    put('F2', 0.5, '0%');
    put('F3', 25, '0.0"%"');
    put('F4', 12, '0.0\\%');
    put('F5', 0.75, '#,##0.0%;[Red]-#,##0.0%');
    put('F6', 'chữ', '0%');
    // formulas with cached results, including 0, '', text, booleans, errors, none
    put('G1', { formula: 'SUM(A1:A3)', result: 0.5 });
    put('G2', { formula: 'A4*2', result: 0 });
    put('G3', { formula: 'IF(A1>0,"","x")', result: '' });
    put('G4', { formula: '"a"&"b"', result: 'ab' });
    put('G5', { formula: 'A1>0', result: true });
    put('G6', { formula: 'A1<0', result: false });
    put('G7', { formula: '1/0', result: { error: '#DIV/0!' } });
    put('G8', { formula: 'NOW()' } as ExcelJS.CellFormulaValue);
    put('G9', { formula: 'A2/A1', result: 2.5 }, '0.0%');
    put('G10', { formula: 'DATE(2020,3,23)', result: new Date(Date.UTC(2020, 2, 23)) }, 'dd/mm/yyyy');
    put('G11', { formula: 'A1&"<&>"', result: '1<&>' });
    // external workbooks
    put('H1', { formula: '[1]Sheet1!A1', result: 5 });
    put('H2', { formula: "'[Book2.xlsx]Kinh tế'!$B$2", result: 7 });
    put('H3', { formula: "'C:\\data\\[xa.xlsx]S'!A1+1", result: 8 });
    // shared formulas: a master and its copies down and across
    put('I10', { formula: 'A1*2', result: 2, shareType: 'shared', ref: 'I10:K12' } as ExcelJS.CellFormulaValue);
    for (const a of ['I11', 'I12', 'J10', 'J11', 'J12', 'K10', 'K11', 'K12']) put(a, { sharedFormula: 'I10', result: 4 } as ExcelJS.CellSharedFormulaValue);
    put('L10', { formula: '$A$1+A$2+$A3+SUM(A1:B2)+Sheet2!A1', result: 1, shareType: 'shared', ref: 'L10:L12' } as ExcelJS.CellFormulaValue);
    put('L11', { sharedFormula: 'L10', result: 0 } as ExcelJS.CellSharedFormulaValue);
    put('L12', { sharedFormula: 'L10' } as ExcelJS.CellSharedFormulaValue);
    // merges: a title over columns, a block, a merge whose master is empty
    put('A20', 'BÁO CÁO KẾT QUẢ');
    ws.mergeCells('A20:H20');
    put('A22', 'Thực hiện');
    ws.mergeCells('A22:B24');
    ws.mergeCells('D22:E22');
    put('A30', 'sau');
    // a hidden sheet and a very hidden one
    const h = wb.addWorksheet('Ẩn', { state: 'hidden' });
    h.getCell('B2').value = 'ẩn';
    h.getCell('C3').value = 3;
    const vh = wb.addWorksheet('Rất ẩn', { state: 'veryHidden' });
    vh.getCell('A1').value = 1;
    wb.addWorksheet('Trống');
    const g = await expectSameAsExceljs(file('tat-ca.xlsx', await bytesOf(wb)));
    expect(g.grids.map((x) => x.sheet)).toEqual(['Số liệu', 'Ẩn', 'Rất ẩn', 'Trống']);
    const rows = g.grids[0].rows;
    // hand-checked values
    expect(rows[1][1]).toEqual({ v: '<a & b> "q" \'s\'' });
    expect(rows[4][1]).toEqual({ v: 'a\rb' });
    expect(rows[5][1]).toBeUndefined();
    expect(rows[0][2]).toEqual({ v: 'Chưa đạt (ước)' });
    expect(rows[1][2]).toEqual({ v: 'trang web' });
    expect(rows[2][3]).toEqual({ v: null, error: '#DIV/0!' });
    expect(rows[0][4]).toEqual({ v: '2020-03-23', date: true });
    expect(rows[2][4]).toEqual({ v: '2020-03-23T14:30:00', date: true });
    expect(rows[4][4]).toEqual({ v: '2020-03-23', date: true });
    expect(rows[6][4]).toEqual({ v: 45 });
    expect(rows[0][5]).toEqual({ v: 0.5684, percentFormat: true });
    expect(rows[2][5]).toEqual({ v: 25 });
    expect(rows[1][6]).toEqual({ v: 0, f: 'A4*2' });
    expect(rows[2][6]).toEqual({ v: null, f: 'IF(A1>0,"","x")' });
    expect(rows[6][6]).toEqual({ v: null, f: '1/0', error: '#DIV/0!' });
    expect(rows[7][6]).toEqual({ v: null, f: 'NOW()' });
    expect(rows[0][7]).toEqual({ v: 5, f: '[1]Sheet1!A1', external: true });
    expect(rows[10][9]).toEqual({ v: 4, f: 'B2*2' });
    expect(rows[11][10]).toEqual({ v: 4, f: 'C3*2' });
    expect(rows[11][11]).toEqual({ v: null, f: '$A$1+A$2+$A5+SUM(A3:B4)+Sheet2!A3' });
    expect(rows[19][0]).toEqual({ v: 'BÁO CÁO KẾT QUẢ' });
    expect(g.grids[0].merges).toEqual([
      { r1: 19, c1: 0, r2: 19, c2: 7 },
      { r1: 21, c1: 0, r2: 23, c2: 1 },
      { r1: 21, c1: 3, r2: 21, c2: 4 },
    ]);
    expect(g.grids[3].rows).toEqual([]);
  });

  it('reads exceljs workbooks with the 1904 date system', async () => {
    const wb = new ExcelJS.Workbook();
    wb.properties.date1904 = true;
    const ws = wb.addWorksheet('S');
    ws.getCell('A1').value = new Date(Date.UTC(2020, 2, 23));
    ws.getCell('A2').value = 0;
    ws.getCell('A2').numFmt = 'dd/mm/yyyy';
    const g = await expectSameAsExceljs(file('d1904.xlsx', await bytesOf(wb)));
    expect(g.grids[0].rows[0][0]).toEqual({ v: '2020-03-23', date: true });
    expect(g.grids[0].rows[1][0]).toEqual({ v: '1904-01-01', date: true });
  });

  it('reads sheets written with inline strings by the streaming writer', async () => {
    const out = path.join(fs.mkdtempSync(path.join(require('os').tmpdir(), 'xr-')), 'inline.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useSharedStrings: false, useStyles: true });
    const ws = wb.addWorksheet('Kinh tế');
    ws.addRow(['UBND XÃ THANH HÀ', null, 'a & <b>']).commit();
    ws.addRow([1, 'Chỉ tiêu', 2.5, true, new Date(Date.UTC(2020, 0, 1))]).commit();
    ws.addRow([{ richText: [{ text: 'x' }, { text: 'y' }] }, { formula: 'A2+1', result: 2 }]).commit();
    ws.mergeCells('A5:C5');
    ws.getCell('A5').value = 'gộp';
    ws.commit();
    await wb.commit();
    const g = await expectSameAsExceljs(file('inline.xlsx', new Uint8Array(fs.readFileSync(out))));
    expect(g.grids[0].rows[0]).toEqual([{ v: 'UBND XÃ THANH HÀ' }, undefined, { v: 'a & <b>' }]);
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  });
});

describe('hand-written XML, as exceljs reads it', () => {
  const sst = [
    '<si><t>Chỉ tiêu</t></si>',
    '<si><t xml:space="preserve">  có dấu cách  </t></si>',
    '<si><r><rPr><b/><sz val="11"/></rPr><t>Đạt</t></r><r><t xml:space="preserve"> 100%</t></r></si>',
    '<si><t>a &amp; b &lt;c&gt; &#x1EA1;&#273;</t></si>',
    '<si><t>dòng_x000D_mới _x005F_x000D_</t></si>',
    '<si><t>漢字</t><rPh sb="0" eb="2"><t>かんじ</t></rPh><phoneticPr fontId="1"/></si>',
    '<si/>',
    '<si><t/></si>',
    '<si><r><t>_x000a_x</t></r><r><rPr/></r></si>',
  ];

  it('reads shared strings, rich text, phonetic runs, entities and escapes', async () => {
    const cells = sst.map((_, i) => `<c r="A${i + 1}" t="s"><v>${i}</v></c>`);
    const rows = cells.map((c, i) => `<row r="${i + 1}">${c}</row>`).join('');
    const g = await expectSameAsExceljs(file('sst.xlsx', zipParts(handWorkbook({ sheets: [{ name: 'S', xml: rows }], sst }))));
    const col = g.grids[0].rows.map((r) => r[0]);
    expect(col).toEqual([
      { v: 'Chỉ tiêu' },
      { v: '  có dấu cách  ' },
      { v: 'Đạt 100%' },
      { v: 'a & b <c> ạđ' },
      { v: 'dòng\rmới \r' },
      { v: '漢字' },
      undefined,
      undefined,
      { v: '\nx' },
    ]);
  });

  // (a numeric cell holding "abc": exceljs drops it, the direct reader keeps the text — see hostile.test.ts)
  it('reads inline strings, str values, booleans, errors, numbers as exceljs does', async () => {
    const rows = [
      '<row r="1"><c r="A1" t="inlineStr"><is><t>inline &amp; text</t></is></c><c r="B1" t="inlineStr"><is><r><t>ri</t></r><r><rPr><b/></rPr><t>ch_x000D_</t></r></is></c><c r="C1" t="inlineStr"><is><t></t></is></c></row>',
      '<row r="2"><c r="A2" t="str"><v>x &amp;amp; y</v></c><c r="B2" t="b"><v>1</v></c><c r="C2" t="b"><v>0</v></c><c r="D2" t="e"><v>#VALUE!</v></c><c r="E2"><v>1.5E3</v></c><c r="G2" t="n"><v>-0.25</v></c></row>',
      '<row r="3"><c r="A3" s="0"><v>7</v></c><c r="B3" s="3"/><c r="C3"><v></v></c><c r="D3" t="s"/><c r="E3"> <v>  8 </v> </c></row>',
      '<row r="5" spans="1:3" ht="20" customHeight="1"><c r="A5" t="inlineStr"><is><t xml:space="preserve"> a\r\nb </t></is></c></row>',
    ].join('');
    const g = await expectSameAsExceljs(file('types.xlsx', zipParts(handWorkbook({ sheets: [{ name: 'S', xml: rows }], styles: stylesXml({}, [14, 10, 2]) }))));
    const r = g.grids[0].rows;
    expect(r[0]).toEqual([{ v: 'inline & text' }, { v: 'rich\r' }]);
    expect(r[1]).toEqual([{ v: 'x & y' }, { v: true }, { v: false }, { v: null, error: '#VALUE!' }, { v: 1500 }, undefined, { v: -0.25 }]);
    expect(r[2]).toEqual([{ v: 7 }, undefined, undefined, undefined, { v: 8 }]);
    expect(r[4]).toEqual([{ v: ' a\nb ' }]);
  });

  it('tells dates and percentages from the number formats as exceljs does', async () => {
    const fmts: Record<number, string> = {
      164: 'dd/mm/yyyy',
      165: '0.0\\%',
      166: '0" h"',
      167: '[Red]0.00',
      168: '#,##0 "đồng"',
      169: '[$-409]mmm yy',
      170: 'hh:mm:ss',
      171: '0.00 \\b',
      172: '"Ngày "d',
      173: '0.0"%"',
      174: '[>=100]0;0.0%',
    };
    const ids = [14, 15, 22, 45, 46, 47, 9, 10, 164, 165, 166, 167, 168, 169, 170, 171, 172, 173, 174, 49, 0];
    const cells = ids.map((_, i) => `<c r="A${i + 1}" s="${i + 1}"><v>43913.25</v></c><c r="B${i + 1}" s="${i + 1}"><f>A${i + 1}</f><v>0.5</v></c>`);
    const rows = cells.map((c, i) => `<row r="${i + 1}">${c}</row>`).join('');
    const g = await expectSameAsExceljs(file('fmts.xlsx', zipParts(handWorkbook({ sheets: [{ name: 'S', xml: rows }], styles: stylesXml(fmts, ids) }))));
    const r = g.grids[0].rows;
    expect(r[0][0]).toEqual({ v: '2020-03-23T06:00:00', date: true });
    expect(r[6][0]).toEqual({ v: 43913.25, percentFormat: true });
    expect(r[9][0]).toEqual({ v: 43913.25, percentFormat: true }); // 0.0\% : exceljs drops the backslash
    expect(r[10][0]).toEqual({ v: 43913.25 }); // '0" h"': the quoted h is not a date part
    expect(r[15][0]).toEqual({ v: '2020-03-23T06:00:00', date: true }); // '0.00 \\b': exceljs's rule sees a "b" (Buddhist year)
  });

  it('reads formulas: shared with anchors and sheet names, array formulas, external links', async () => {
    const rows = [
      '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><f t="shared" ref="B1:B4" si="0">A1*$C$1+SUM(A1:A2)+Sheet2!A1+\'Kinh tế\'!B1</f><v>3</v></c><c r="C1"><f t="array" ref="C1:C2">SUM(A1:A2*2)</f><v>4</v></c></row>',
      '<row r="2"><c r="A2"><v>2</v></c><c r="B2"><f t="shared" si="0"/><v>5</v></c><c r="D2"><f t="shared" ref="D2:E3" si="1">ROUND(A2/A$1,2)</f><v>2</v></c><c r="E2"><f t="shared" si="1"/><v>0</v></c></row>',
      '<row r="3"><c r="B3"><f t="shared" si="0"></f></c><c r="D3"><f t="shared" si="1"/><v>1</v></c><c r="E3"><f t="shared" si="1">OWN()</f><v>9</v></c></row>',
      '<row r="4"><c r="B4"><f t="shared" si="7"/><v>6</v></c><c r="C4"><f>[2]Sheet1!$A$1</f><v>11</v></c><c r="D4"><f>=A1</f><v>1</v></c><c r="E4"><f></f><v>12</v></c></row>',
    ].join('');
    const g = await expectSameAsExceljs(file('f.xlsx', zipParts(handWorkbook({ sheets: [{ name: 'S', xml: rows }] }))));
    const r = g.grids[0].rows;
    expect(r[1][1]).toEqual({ v: 5, f: "A2*$C$1+SUM(A2:A3)+Sheet2!A2+'Kinh tế'!B2" });
    expect(r[2][1]).toEqual({ v: null, f: "A3*$C$1+SUM(A3:A4)+Sheet2!A3+'Kinh tế'!B3" });
    expect(r[1][4]).toEqual({ v: 0, f: 'ROUND(B2/B$1,2)' });
    expect(r[2][3]).toEqual({ v: 1, f: 'ROUND(A3/A$1,2)' });
    expect(r[2][4]).toEqual({ v: 9, f: 'OWN()' });
    expect(r[3][1]).toEqual({ v: 6 }); // its master (si 7) is nowhere: exceljs gives no formula either
    expect(r[3][2]).toEqual({ v: 11, f: '[2]Sheet1!$A$1', external: true });
    expect(r[3][3]).toEqual({ v: 1, f: 'A1' });
    expect(r[3][4]).toEqual({ v: 12 });
  });

  it('blanks the merged cells that hold values and keeps the masters', async () => {
    const rows = [
      '<row r="1"><c r="A1" t="inlineStr"><is><t>tiêu đề</t></is></c><c r="B1" t="inlineStr"><is><t>lạc</t></is></c><c r="C1"><v>3</v></c></row>',
      '<row r="2"><c r="A2"><v>1</v></c><c r="B2"><v>2</v></c><c r="C2"><v>3</v></c><c r="D2"><v>4</v></c></row>',
      '<row r="3"><c r="B3"><v>5</v></c><c r="C3"><v>6</v></c></row>',
    ].join('');
    const tail = '<mergeCells count="3"><mergeCell ref="A1:C1"/><mergeCell ref="B2:D3"/><mergeCell ref="F6"/></mergeCells>';
    const g = await expectSameAsExceljs(file('m.xlsx', zipParts(handWorkbook({ sheets: [{ name: 'S', xml: rows, tail }] }))));
    expect(g.grids[0].rows).toEqual([[{ v: 'tiêu đề' }], [{ v: 1 }, { v: 2 }]]);
    expect(g.grids[0].merges).toEqual([
      { r1: 0, c1: 0, r2: 0, c2: 2 },
      { r1: 1, c1: 1, r2: 2, c2: 3 },
      { r1: 5, c1: 5, r2: 5, c2: 5 },
    ]);
  });

  it('reads the sheets in the workbook order, hidden ones included, whatever the part names', async () => {
    const parts = handWorkbook({
      sheets: [
        { name: 'Thứ nhất', xml: '<row r="1"><c r="A1"><v>1</v></c></row>' },
        { name: 'Ẩn &amp; hiện', xml: '<row r="1"><c r="A1"><v>2</v></c></row>', state: 'hidden' },
        { name: 'Ba', xml: '<row r="1"><c r="A1"><v>3</v></c></row>' },
      ],
    });
    // the workbook lists them in another order than the part names
    parts.set('xl/workbook.xml', parts.get('xl/workbook.xml')!.replace(/(<sheet name="Thứ nhất"[^>]*\/>)(.*)(<\/sheets>)/, '$2$1$3'));
    const g = await expectSameAsExceljs(file('order.xlsx', zipParts(parts)));
    expect(g.grids.map((x) => [x.sheet, x.rows[0][0]?.v])).toEqual([
      ['Ẩn & hiện', 2],
      ['Ba', 3],
      ['Thứ nhất', 1],
    ]);
  });

  it('gives each sheet its state: hidden and veryHidden marked, visible ones without state', async () => {
    const parts = handWorkbook({
      sheets: [
        { name: 'Hiện', xml: '<row r="1"><c r="A1"><v>1</v></c></row>' },
        { name: 'Ẩn', xml: '<row r="1"><c r="A1"><v>2</v></c></row>', state: 'hidden' },
        { name: 'Rất ẩn', xml: '<row r="1"><c r="A1"><v>3</v></c></row>', state: 'veryHidden' },
        { name: 'Hiện rõ', xml: '<row r="1"><c r="A1"><v>4</v></c></row>', state: 'visible' },
      ],
    });
    const g = await expectSameAsExceljs(file('states.xlsx', zipParts(parts)));
    expect(g.grids.map((x) => [x.sheet, x.state])).toEqual([
      ['Hiện', undefined],
      ['Ẩn', 'hidden'],
      ['Rất ẩn', 'veryHidden'],
      ['Hiện rõ', undefined],
    ]);
    expect('state' in g.grids[0]).toBe(false);
  });

  it('reads the 1904 date system from workbookPr', async () => {
    const parts = handWorkbook({
      sheets: [{ name: 'S', xml: '<row r="1"><c r="A1" s="1"><v>0</v></c><c r="B1" s="1"><v>43913</v></c></row>' }],
      styles: stylesXml({}, [14]),
      workbookPr: '<workbookPr date1904="1"/>',
    });
    const g = await expectSameAsExceljs(file('d.xlsx', zipParts(parts)));
    expect(g.grids[0].rows[0]).toEqual([
      { v: '1904-01-01', date: true },
      { v: '2024-03-24', date: true },
    ]);
  });

  it('reads a workbook whose parts are stored, not deflated', async () => {
    const parts = handWorkbook({ sheets: [{ name: 'S', xml: '<row r="2"><c r="B2" t="s"><v>0</v></c></row>' }], sst: ['<si><t>lưu</t></si>'] });
    const special = Object.fromEntries([...parts.keys()].map((k) => [k, { method: 0 }]));
    const g = await expectSameAsExceljs(file('stored.xlsx', zipParts(parts, special)));
    expect(g.grids[0].rows).toEqual([[], [undefined, { v: 'lưu' }]]);
  });

  it('gives nothing for a sheet of only formatted empty cells', async () => {
    const xml = '<row r="1" s="2" customFormat="1"><c r="A1" s="1"/><c r="B1" s="1"/></row><row r="40"><c r="C40" s="1"/></row>';
    const g = await expectSameAsExceljs(file('e.xlsx', zipParts(handWorkbook({ sheets: [{ name: 'S', xml }], styles: stylesXml({}, [0, 0]) }))));
    expect(g.grids[0].rows).toEqual([]);
  });

  it('needs no styles part, and no shared strings part when no cell uses one', async () => {
    const g = await readXlsx(file('min.xlsx', zipParts(handWorkbook({ sheets: [{ name: 'S', xml: `<row r="1"><c r="A1"><v>42</v></c></row>` }] }))));
    expect(g).toEqual({ grids: [{ file: 'min.xlsx', sheet: 'S', rows: [[{ v: 42 }]], merges: [] }], issues: [] });
  });
});

/**
 * The direct reader on damaged and unusual workbooks: every problem is an issue naming the file (and the
 * sheet), what can be read is read, nothing throws. Also the places where it deliberately differs from
 * exceljs (missing r attributes, t="d" cells, prefixed elements, chart sheets, overlapping merges…).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import * as ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { readXlsx, setXlsxNodeZlib, setXlsxReadTuning } from '../../../src/xlsx/workbook';
import { gridsFromXlsx as referenceGrids } from '../../reference/exceljs-read';
import type { Issue } from '../../../src/types';
import { file, handWorkbook, NS, stylesXml, unzipText, zipParts } from './helpers';

const REPO = path.resolve(__dirname, '../../..');

const codes = (issues: Issue[]) => issues.map((i) => `${i.severity}:${i.code}`);

function twoSheets(): Map<string, string> {
  return handWorkbook({
    sheets: [
      { name: 'Kinh tế', xml: '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>10</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2"><v>20</v></c></row><row r="3"><c r="A3"><v>3</v></c></row>' },
      { name: 'VH-XH', xml: '<row r="1"><c r="A1" t="s"><v>2</v></c><c r="B1"><v>30</v></c></row>' },
    ],
    sst: ['<si><t>Lúa</t></si>', '<si><t>Ngô</t></si>', '<si><t>Dân số</t></si>'],
  });
}

afterEach(() => {
  setXlsxNodeZlib(true);
  setXlsxReadTuning();
});

describe('damaged parts give issues, the rest is read', () => {
  it('a sheet whose XML is cut short: the rows before the cut, an error naming the sheet', async () => {
    const parts = twoSheets();
    const xml = parts.get('xl/worksheets/sheet1.xml')!;
    parts.set('xl/worksheets/sheet1.xml', xml.slice(0, xml.indexOf('<row r="2"') + 30));
    const r = await readXlsx(file('cut.xlsx', zipParts(parts)));
    expect(r.grids.map((g) => g.sheet)).toEqual(['Kinh tế', 'VH-XH']);
    expect(r.grids[0].rows).toEqual([[{ v: 'Lúa' }, { v: 10 }]]);
    expect(r.grids[1].rows).toEqual([[{ v: 'Dân số' }, { v: 30 }]]);
    expect(codes(r.issues)).toEqual(['error:unreadable_sheet']);
    expect(r.issues[0]).toMatchObject({ file: 'cut.xlsx', sheet: 'Kinh tế' });
    expect(r.issues[0].message).toContain("'Kinh tế'");
    expect(r.issues[0].messageEn).toContain('only the first 1 rows');
  });

  it('a sheet whose compressed data is cut short or garbled: an error, the other sheet read', async () => {
    for (const mode of ['cut', 'garbled'] as const) {
      for (const node of [true, false]) {
        setXlsxNodeZlib(node);
        const parts = twoSheets();
        const bytes = new Uint8Array(zlib.deflateRawSync(Buffer.from(parts.get('xl/worksheets/sheet1.xml')!)));
        let raw: Uint8Array;
        if (mode === 'cut') raw = bytes.slice(0, Math.floor(bytes.length / 2));
        else {
          raw = bytes.slice();
          for (let i = 10; i < raw.length; i += 3) raw[i] ^= 0x5a;
        }
        const r = await readXlsx(file('z.xlsx', zipParts(parts, { 'xl/worksheets/sheet1.xml': { raw } })));
        expect(r.grids.find((g) => g.sheet === 'VH-XH')?.rows).toEqual([[{ v: 'Dân số' }, { v: 30 }]]);
        expect(r.issues.some((i) => i.code === 'unreadable_sheet' && i.sheet === 'Kinh tế' && i.severity === 'error')).toBe(true);
      }
    }
  });

  it('a part that inflates to more than the zip declares is stopped there (zip bomb guard)', async () => {
    const parts = twoSheets();
    const big = parts.get('xl/worksheets/sheet1.xml')!.replace('<sheetData>', '<sheetData>' + '<row r="1"/>'.repeat(5000));
    parts.set('xl/worksheets/sheet1.xml', big);
    for (const node of [true, false]) {
      setXlsxNodeZlib(node);
      const r = await readXlsx(file('bomb.xlsx', zipParts(parts, { 'xl/worksheets/sheet1.xml': { declared: 1000 } })));
      const issue = r.issues.find((i) => i.code === 'unreadable_sheet');
      expect(issue?.messageEn).toContain('zip bomb');
      expect(r.grids.find((g) => g.sheet === 'VH-XH')?.rows.length).toBe(1);
    }
    // the workbook part itself: the file can't be read
    const r = await readXlsx(file('bomb2.xlsx', zipParts(twoSheets(), { 'xl/workbook.xml': { declared: 10 } })));
    expect(r.grids).toEqual([]);
    expect(codes(r.issues)).toEqual(['error:unreadable_file']);
  });

  it('refuses a zip bomb from the directory before inflating anything', async () => {
    const parts = twoSheets();
    const r = await readXlsx(file('b.xlsx', zipParts(parts, { 'xl/worksheets/sheet1.xml': { declared: 600 * 1024 * 1024 } })));
    expect(r.grids).toEqual([]);
    expect(codes(r.issues)).toEqual(['error:zip_bomb']);
    const small = await readXlsx(file('c.xlsx', zipParts(twoSheets())), { maxUncompressedBytes: 500 });
    expect(codes(small.issues)).toEqual(['error:zip_bomb']);
    const big = await readXlsx(file('d.xlsx', zipParts(twoSheets())), { maxCompressedBytes: 100 });
    expect(codes(big.issues)).toEqual(['error:file_too_large']);
  });

  it('a missing shared strings part: the text cells are empty, an error per sheet says how many', async () => {
    const parts = twoSheets();
    parts.delete('xl/sharedStrings.xml');
    const r = await readXlsx(file('nosst.xlsx', zipParts(parts)));
    expect(r.grids[0].rows).toEqual([[undefined, { v: 10 }], [undefined, { v: 20 }], [{ v: 3 }]]);
    expect(codes(r.issues)).toEqual(['error:missing_shared_strings', 'error:missing_shared_strings']);
    expect(r.issues[0]).toMatchObject({ file: 'nosst.xlsx', sheet: 'Kinh tế' });
    expect(r.issues[0].messageEn).toContain('2 text cells');
    expect(r.issues[1].messageEn).toContain('1 text cells');
  });

  it('a shared string index past the table, or a damaged table: issues', async () => {
    const parts = twoSheets();
    parts.set('xl/worksheets/sheet2.xml', parts.get('xl/worksheets/sheet2.xml')!.replace('<v>2</v>', '<v>99</v>'));
    const r = await readXlsx(file('idx.xlsx', zipParts(parts)));
    expect(r.grids[1].rows).toEqual([[undefined, { v: 30 }]]);
    expect(codes(r.issues)).toEqual(['error:missing_shared_strings']);
    expect(r.issues[0].sheet).toBe('VH-XH');
    const bytes = new Uint8Array(zlib.deflateRawSync(Buffer.from(twoSheets().get('xl/sharedStrings.xml')!)));
    const r2 = await readXlsx(file('sst.xlsx', zipParts(twoSheets(), { 'xl/sharedStrings.xml': { raw: bytes.slice(0, 20) } })));
    expect(r2.issues.every((i) => i.code === 'missing_shared_strings')).toBe(true);
    expect(r2.issues[0].messageEn).toContain('damaged');
  });

  it('a damaged styles part: a warning, the values are read', async () => {
    const parts = handWorkbook({ sheets: [{ name: 'S', xml: '<row r="1"><c r="A1" s="1"><v>43913</v></c></row>' }], styles: stylesXml({}, [14]) });
    const raw = new Uint8Array(zlib.deflateRawSync(Buffer.from(parts.get('xl/styles.xml')!))).slice(0, 30);
    const r = await readXlsx(file('st.xlsx', zipParts(parts, { 'xl/styles.xml': { raw } })));
    expect(r.grids[0].rows).toEqual([[{ v: 43913 }]]);
    expect(codes(r.issues)).toEqual(['warning:damaged_part']);
  });

  it('a sheet listed in the workbook with no part: an error naming it, the others read', async () => {
    const parts = twoSheets();
    parts.delete('xl/worksheets/sheet1.xml');
    const r = await readXlsx(file('gone.xlsx', zipParts(parts)));
    expect(r.grids.map((g) => g.sheet)).toEqual(['VH-XH']);
    expect(codes(r.issues)).toEqual(['error:unreadable_sheet']);
    expect(r.issues[0].sheet).toBe('Kinh tế');
  });

  it('chart sheets are skipped with a note', async () => {
    const parts = handWorkbook({
      sheets: [
        { name: 'Biểu đồ', kind: 'chartsheet', xml: `<chartsheet ${NS}><drawing r:id="rId1"/></chartsheet>` },
        { name: 'Số liệu', xml: '<row r="1"><c r="A1"><v>1</v></c></row>' },
      ],
    });
    const r = await readXlsx(file('chart.xlsx', zipParts(parts)));
    expect(r.grids.map((g) => g.sheet)).toEqual(['Số liệu']);
    expect(codes(r.issues)).toEqual(['info:sheet_skipped']);
    expect(r.issues[0]).toMatchObject({ sheet: 'Biểu đồ', file: 'chart.xlsx' });
  });

  it('files that are not workbooks: the sniffer says what they are', async () => {
    const texts = await readXlsx(file('a.xlsx', new TextEncoder().encode('STT;Chỉ tiêu;Kế hoạch\n1;Lúa;100\n')));
    expect(texts.grids).toEqual([]);
    expect(texts.issues).toHaveLength(1);
    expect(texts.issues[0].severity).toBe('error');
    const empty = await readXlsx(file('e.xlsx', new Uint8Array(0)));
    expect(codes(empty.issues)).toEqual(['error:file_empty']);
    const zipCut = zipParts(twoSheets());
    const cut = await readXlsx(file('t.xlsx', zipCut.slice(0, zipCut.length - 200)));
    expect(cut.grids).toEqual([]);
    expect(cut.issues[0].code).toBe('file_damaged');
  });

  it('macros are noted, never run', async () => {
    const parts: Map<string, string | Uint8Array> = twoSheets();
    parts.set('xl/vbaProject.bin', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3]));
    const r = await readXlsx(file('m.xlsm', zipParts(parts)));
    expect(r.grids).toHaveLength(2);
    expect(codes(r.issues)).toEqual(['info:macros_ignored']);
  });

  it('an element that never ends (hostile): the sheet stops there with an error, no hang', async () => {
    const parts = twoSheets();
    parts.set('xl/worksheets/sheet1.xml', `<?xml version="1.0"?><worksheet ${NS}><sheetData><row r="1"><c r="A1"><v>1</v></c><c r="B1" t="inlineStr"><is><t>${'x'.repeat(5_000_000)}`);
    parts.set('xl/sharedStrings.xml', `<sst ${NS}><si><t>Lúa</t></si><si><t>Ngô</t></si><si><t>${'y'.repeat(5_000_000)}`);
    for (const syncMax of [undefined, 0]) {
      setXlsxReadTuning({ syncMax });
      const r = await readXlsx(file('long.xlsx', zipParts(parts)));
      expect(r.grids[0].rows).toEqual([[{ v: 1 }]]);
      expect(r.issues.map((i) => [i.code, i.sheet])).toEqual([
        ['missing_shared_strings', 'VH-XH'],
        ['unreadable_sheet', 'Kinh tế'],
      ]);
      expect(r.issues[0].messageEn).toContain('abnormally long');
      expect(r.issues[1].messageEn).toContain('abnormally long');
    }
  });

  it('keeps at most maxCells cells per file: sheets are cut at the row where they run out', async () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i + 1}</v></c><c r="B${i + 1}" t="s"><v>0</v></c></row>`).join('');
    const parts = handWorkbook({ sheets: [{ name: 'A', xml: rows(20) }, { name: 'B', xml: rows(3) }], sst: ['<si><t>x</t></si>'] });
    setXlsxReadTuning({ maxCells: 10 });
    const r = await readXlsx(file('cap.xlsx', zipParts(parts)));
    expect(r.grids[0].rows.length).toBe(5);
    expect(r.grids[0].rows[4]).toEqual([{ v: 5 }, { v: 'x' }]);
    expect(r.grids[0].truncated).toEqual({ rows: 5 });
    expect(r.grids[1].rows).toEqual([]);
    expect(r.grids[1].truncated).toEqual({ rows: 0 });
    expect(r.issues.map((i) => i.code)).toEqual(['truncated_sheet', 'truncated_sheet']);
    expect(r.issues[0].messageEn).toContain('only the first 5 rows');
  });

  it('comments between rows are not read as cells', async () => {
    const xml = '<row r="1"><c r="A1"><v>1</v></c></row><!-- <row r="2"><c r="A2"><v>9</v></c></row> --><row r="3"><!----><c r="A3"><v>3</v></c></row>';
    const r = await readXlsx(file('cm.xlsx', zipParts(handWorkbook({ sheets: [{ name: 'S', xml }] }))));
    expect(r.grids[0].rows).toEqual([[{ v: 1 }], [], [{ v: 3 }]]);
  });

  it('never throws on randomly damaged bytes of real workbooks', async () => {
    const files = ['examples/xa/bc-phu-thinh.xlsx', 'examples/xa/hoa-an.xlsx', 'examples/ke-hoach-2024.xlsx'].map((f) => path.join(REPO, f)).filter((f) => fs.existsSync(f));
    expect(files.length).toBeGreaterThan(0);
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    let withIssues = 0;
    for (const f of files) {
      const orig = new Uint8Array(fs.readFileSync(f));
      for (let k = 0; k < 60; k++) {
        const data = orig.slice();
        const n = 1 + Math.floor(rnd() * 20);
        for (let j = 0; j < n; j++) data[Math.floor(rnd() * data.length)] = Math.floor(rnd() * 256);
        const r = await readXlsx(file('x.xlsx', data));
        expect(Array.isArray(r.grids)).toBe(true);
        for (const i of r.issues) expect(i.file).toBe('x.xlsx');
        for (const g of r.grids) for (const row of g.rows) expect(Array.isArray(row)).toBe(true);
        if (r.issues.length > 0) withIssues++;
      }
    }
    expect(withIssues).toBeGreaterThan(0);
  });
});

describe('what the spec allows and exceljs does not read', () => {
  it('rows and cells without an r attribute follow the previous ones', async () => {
    const xml =
      '<row><c><v>1</v></c><c><v>2</v></c></row>' +
      '<row><c r="C2"><v>3</v></c><c><v>4</v></c><c t="inlineStr"><is><t>x</t></is></c></row>' +
      '<row r="5"><c r="B5"><v>5</v></c><c s="1"/><c><v>6</v></c></row><row><c><v>7</v></c></row>';
    const r = await readXlsx(file('nor.xlsx', zipParts(handWorkbook({ sheets: [{ name: 'S', xml }] }))));
    expect(r.issues).toEqual([]);
    expect(r.grids[0].rows).toEqual([
      [{ v: 1 }, { v: 2 }],
      [undefined, undefined, { v: 3 }, { v: 4 }, { v: 'x' }],
      [],
      [],
      [undefined, { v: 5 }, undefined, { v: 6 }],
      [{ v: 7 }],
    ]);
  });

  it('cells of type d (ISO dates) are dates', async () => {
    const xml = '<row r="1"><c r="A1" t="d"><v>2020-03-23T00:00:00</v></c><c r="B1" t="d"><v>2020-03-23T14:30:00Z</v></c><c r="C1" t="d"><v>2020-03-23</v></c><c r="D1" t="d"><v>hôm qua</v></c></row>';
    const r = await readXlsx(file('d.xlsx', zipParts(handWorkbook({ sheets: [{ name: 'S', xml }] }))));
    expect(r.grids[0].rows[0]).toEqual([
      { v: '2020-03-23', date: true },
      { v: '2020-03-23T14:30:00', date: true },
      { v: '2020-03-23', date: true },
      { v: 'hôm qua' },
    ]);
  });

  it('elements with a namespace prefix (<x:c>), CDATA text, absolute part names', async () => {
    const parts = handWorkbook({
      sheets: [
        {
          name: 'S',
          xml:
            '<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>' +
            '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1"><x:v>2</x:v></x:c><x:c r="C1" t="inlineStr"><x:is><x:t><![CDATA[a<b>&c]]></x:t></x:is></x:c></x:row>' +
            '<x:row r="2"><x:c r="A2"><x:f>B1*2</x:f><x:v>4</x:v></x:c></x:row>' +
            '</x:sheetData><x:mergeCells count="1"><x:mergeCell ref="A3:B3"/></x:mergeCells></x:worksheet>',
        },
      ],
      sst: `<x:sst xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:si><x:t>tiền tố</x:t></x:si></x:sst>`,
    });
    parts.set('xl/_rels/workbook.xml.rels', parts.get('xl/_rels/workbook.xml.rels')!.replace('Target="worksheets/sheet1.xml"', 'Target="/xl/worksheets/sheet1.xml"'));
    const r = await readXlsx(file('x.xlsx', zipParts(parts)));
    expect(r.issues).toEqual([]);
    expect(r.grids[0].rows).toEqual([[{ v: 'tiền tố' }, { v: 2 }, { v: 'a<b>&c' }], [{ v: 4, f: 'B1*2' }]]);
    expect(r.grids[0].merges).toEqual([{ r1: 2, c1: 0, r2: 2, c2: 1 }]);
  });

  it('overlapping merges: the later one is dropped with a warning (exceljs refuses the file)', async () => {
    const xml = '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c><c r="C1"><v>3</v></c></row>';
    const tail = '<mergeCells count="3"><mergeCell ref="A1:B2"/><mergeCell ref="B1:C1"/><mergeCell ref="D1:D2"/></mergeCells>';
    const f = file('ov.xlsx', zipParts(handWorkbook({ sheets: [{ name: 'S', xml, tail }] })));
    const ej = await referenceGrids(f); // exceljs itself
    expect(codes(ej.issues)).toEqual(['error:unreadable_file']);
    const r = await readXlsx(f);
    expect(r.grids[0].merges).toEqual([
      { r1: 0, c1: 0, r2: 1, c2: 1 },
      { r1: 0, c1: 3, r2: 1, c2: 3 },
    ]);
    expect(r.grids[0].rows).toEqual([[{ v: 1 }, undefined, { v: 3 }]]);
    expect(codes(r.issues)).toEqual(['warning:merges_ignored']);
  });

  it('a shared formula that would slide off the sheet keeps the master text; text results in date formats stay text', async () => {
    const xml =
      '<row r="1"><c r="B1"><f t="shared" ref="B1:B2" si="0">A1</f><v>1</v></c><c r="C1" s="1" t="str"><f>IF(A1,"","x")</f><v>chưa có</v></c><c r="D1" s="1" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>' +
      '<row r="2"><c r="A2"><f t="shared" ref="A2:B2" si="1">B2-A1</f><v>0</v></c><c r="B2"><f t="shared" si="1"/><v>0</v></c></row>';
    const r = await readXlsx(file('sl.xlsx', zipParts(handWorkbook({ sheets: [{ name: 'S', xml }], styles: stylesXml({}, [14]) }))));
    expect(r.grids[0].rows[0].slice(1)).toEqual([
      { v: 1, f: 'A1' },
      { v: 'chưa có', f: 'IF(A1,"","x")' },
      { v: null, f: '1/0', error: '#DIV/0!' },
    ]);
    expect(r.grids[0].rows[1]).toEqual([{ v: 0, f: 'B2-A1' }, { v: 0, f: 'C2-B1' }]);
  });
});

describe('the browser path and chunk boundaries give the same Grids', () => {
  async function everyKind(): Promise<Uint8Array> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Tất cả');
    ws.getCell('A1').value = 'BÁO CÁO — tiếng Việt có dấu: ạ ằ ẫ ữ ỹ đ 漢字 😀';
    ws.mergeCells('A1:F1');
    for (let r = 2; r < 400; r++) {
      ws.getCell(r, 1).value = r;
      ws.getCell(r, 2).value = `Chỉ tiêu số ${r} <&> "ước"`;
      ws.getCell(r, 3).value = { formula: `A${r}*2`, result: r * 2 };
      ws.getCell(r, 4).value = r % 3 === 0 ? { error: '#N/A' } : r % 3 === 1 ? true : { richText: [{ text: 'Đ', font: { bold: true } }, { text: 'ạt' }] };
      ws.getCell(r, 5).value = new Date(Date.UTC(2020, 0, r));
      ws.getCell(r, 6).value = r / 1000;
      ws.getCell(r, 6).numFmt = '0.0%';
    }
    ws.mergeCells('B10:C12');
    return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
  }

  it('reads the same with DecompressionStream only, and in 64-byte chunks', async () => {
    const inputs = [file('every.xlsx', await everyKind())];
    for (const f of ['examples/xa/lac-hong.xlsx', 'examples/ke-hoach-2024.xlsx', 'examples/xa/bc-6t-2024-mk.xlsx']) {
      const p = path.join(REPO, f);
      if (fs.existsSync(p)) inputs.push(file(path.basename(p), new Uint8Array(fs.readFileSync(p))));
    }
    for (const f of inputs) {
      const base = await readXlsx(f);
      expect(base.grids.length).toBeGreaterThan(0);
      setXlsxNodeZlib(false);
      expect(await readXlsx(f)).toStrictEqual(base);
      setXlsxNodeZlib(true);
      setXlsxReadTuning({ syncMax: 0, chunk: 64 });
      expect(await readXlsx(f)).toStrictEqual(base);
      // stored parts, cut in 7-character chunks
      setXlsxReadTuning({ syncMax: 0, chunk: 7 });
      const stored = new Map<string, string>(unzipText(f.data));
      const special = Object.fromEntries([...stored.keys()].map((k) => [k, { method: 0 }]));
      expect(await readXlsx(file(f.name, zipParts(stored, special)))).toStrictEqual(base);
      setXlsxReadTuning();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import * as ExcelJS from 'exceljs';
import { prepareWorkbook, setNodeInflate, sheetNamesByPath, type Prepared } from '../../src/read/bounded-load';
import { crc32, writeZip, type ZipWriteEntry } from '../../src/xlsx/zip';
import { communeSheet, HAS_SAMPLES, makeCfb, randomBytes, SAMPLES, SHEET_OPEN, sheetXlsx, text, u8, unzip, workbookBytes, zipBytes } from '../xlsx/broken-files';

type Ok = Extract<Prepared, { ok: true }>;

async function prepOk(name: string, data: Uint8Array, limits?: Parameters<typeof prepareWorkbook>[1]): Promise<Ok> {
  const p = await prepareWorkbook({ name, data }, limits);
  if (!p.ok) throw new Error(p.issues.map((i) => i.messageEn).join('; '));
  return p;
}

async function load(data: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  return wb;
}

/** Rebuild a zip with one part's text changed. */
function rezipText(zip: Uint8Array, part: string, edit: (t: string) => string): Uint8Array {
  return zipBytes([...unzip(zip)].map(([name, data]) => ({ name, data: name === part ? edit(text(data)) : data })));
}

const sheetOf = (prep: Ok) => text(unzip(prep.data).get('xl/worksheets/sheet1.xml'));

describe('prepareWorkbook: ordinary files pass untouched', () => {
  it('a commune workbook made by exceljs: same bytes, checked, no issues', async () => {
    const xlsx = await workbookBytes((wb) => communeSheet(wb));
    const p = await prepOk('xa.xlsx', xlsx);
    expect(p.rewritten).toBe(false);
    expect(p.data).toBe(xlsx);
    expect(p.checked).toBe(true);
    expect(p.issues).toEqual([]);
    expect(p.inflatedBytes).toBeGreaterThan(1000);
  });

  it.skipIf(!HAS_SAMPLES)('the sample workbooks pass untouched', async () => {
    const files = [path.join(SAMPLES, 'plan.xlsx'), ...fs.readdirSync(path.join(SAMPLES, 'communes')).map((f) => path.join(SAMPLES, 'communes', f))];
    for (const f of files) {
      const p = await prepOk(path.basename(f), new Uint8Array(fs.readFileSync(f)));
      expect(p.rewritten, f).toBe(false);
      expect(p.issues, f).toEqual([]);
    }
  });
  if (!HAS_SAMPLES) it('(samples skipped: ../shared/samples is absent)', () => undefined);

  it('a refused file comes back as one error issue naming it', async () => {
    const p = await prepareWorkbook({ name: 'cu.xls', data: makeCfb([{ name: 'Workbook' }]) });
    expect(p.ok).toBe(false);
    if (p.ok) return;
    expect(p.code).toBe('file_xls');
    expect(p.issues).toHaveLength(1);
    expect(p.issues[0]).toMatchObject({ severity: 'error', code: 'file_xls', file: 'cu.xls' });
  });
});

describe('prepareWorkbook: big sheets are read in bounded memory', () => {
  it('a sheet with 1,000,000 rows: the first 10,000 kept, the rest counted and reported', async () => {
    const rows: string[] = [
      '<row r="1"><c r="A1" t="inlineStr"><is><t>UBND XÃ THANH HÀ</t></is></c></row>',
      '<row r="2"><c r="A2" t="inlineStr"><is><t>STT</t></is></c><c r="B2" t="inlineStr"><is><t>Giá trị</t></is></c></row>',
    ];
    for (let r = 3; r <= 20_000; r++) rows.push(`<row r="${r}"><c r="A${r}"><v>${r}</v></c><c r="B${r}"><v>${r * 2}</v></c></row>`);
    // the other 980,000 rows without r (counted by position), so the test builds its 27 MB sheet quickly
    rows.push('<row><c><v>1</v></c><c><v>2</v></c></row>'.repeat(980_000));
    const xml = SHEET_OPEN + '<dimension ref="A1:B1000000"/><sheetData>' + rows.join('') + '</sheetData><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells></worksheet>';
    const xlsx = sheetXlsx(xml);
    rows.length = 0;
    const p = await prepOk('trieu-dong.xlsx', xlsx);
    expect(p.rewritten).toBe(true);
    expect(p.trims).toHaveLength(1);
    expect(p.trims[0]).toMatchObject({ path: 'xl/worksheets/sheet1.xml', sheet: 'Kinh tế', lastRow: 1_000_000, keptRows: 10_000, droppedRows: 990_000, droppedCells: 0 });
    expect(sheetOf(p).length).toBeLessThan(1024 * 1024); // 10,000 rows of XML, not 27 MB
    const issue = p.issues.find((i) => i.code === 'truncated_sheet')!;
    expect(issue).toMatchObject({ severity: 'warning', file: 'trieu-dong.xlsx', sheet: 'Kinh tế' });
    expect(issue.message).toContain('dòng 1.000.000');
    expect(issue.message).toContain('chỉ đọc 10.000 dòng đầu');
    expect(issue.messageEn).toContain('row 1,000,000');
    // exceljs reads what was kept, merges included
    const wb = await load(p.data);
    const ws = wb.worksheets[0];
    expect(ws.rowCount).toBe(10_000);
    expect(ws.getCell('A1').value).toBe('UBND XÃ THANH HÀ');
    expect(ws.getCell('B10000').value).toBe(20_000);
    expect(ws.getCell('B1').isMerged).toBe(true);
  });

  it('a sheet with 16,000 columns: cells right of column ALL (1,000) dropped', async () => {
    const cells = (r: number) => Array.from({ length: 16_000 }, (_, c) => `<c><v>${r * 100_000 + c + 1}</v></c>`).join('');
    const xml = SHEET_OPEN + `<sheetData><row r="1">${cells(1)}</row><row r="2">${cells(2)}</row><row r="3">${cells(3)}</row></sheetData></worksheet>`;
    const p = await prepOk('rong.xlsx', sheetXlsx(xml));
    expect(p.trims[0]).toMatchObject({ keptRows: 3, droppedRows: 0, droppedCells: 3 * 15_000, lastCol: 1000 });
    const issue = p.issues.find((i) => i.code === 'truncated_sheet')!;
    expect(issue.messageEn).toContain('45,000 cells right of column ALL');
    const ws = (await load(p.data)).worksheets[0];
    expect(ws.columnCount).toBe(1000);
    expect(ws.getCell('ALL2').value).toBe(201_000);
    expect(ws.getCell('A3').value).toBe(300_001);
  });

  it('the limits are configurable', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i + 1}</v></c><c r="B${i + 1}"><v>1</v></c><c r="C${i + 1}"><v>2</v></c></row>`).join('');
    const p = await prepOk('nho.xlsx', sheetXlsx(SHEET_OPEN + `<sheetData>${rows}</sheetData></worksheet>`), { maxRows: 20, maxCols: 2 });
    expect(p.trims[0]).toMatchObject({ lastRow: 50, keptRows: 20, droppedRows: 30, droppedCells: 20 });
    const ws = (await load(p.data)).worksheets[0];
    expect(ws.rowCount).toBe(20);
    expect(ws.getCell('B20').value).toBe(1);
    expect(ws.getCell('C20').value).toBe(null);
  });

  it('rows and cells without r attributes are counted by position, and given their address (exceljs needs it)', async () => {
    const rows = Array.from({ length: 8 }, (_, i) => `<row><c><v>${i}</v></c><c><v>${i}</v></c><c t="inlineStr"><is><t>x${i}</t></is></c><c/></row>`).join('');
    const xlsx = sheetXlsx(SHEET_OPEN + `<sheetData>${rows}</sheetData></worksheet>`);
    await expect(load(xlsx)).rejects.toThrow(); // exceljs cannot read cells without r
    const p = await prepOk('khong-r.xlsx', xlsx, { maxRows: 5, maxCols: 3 });
    expect(p.trims[0]).toMatchObject({ lastRow: 8, keptRows: 5, droppedRows: 3, droppedCells: 5 });
    const xml = sheetOf(p);
    expect(xml).toContain('<row r="5"><c r="A5"><v>4</v></c><c r="B5"><v>4</v></c><c r="C5" t="inlineStr"><is><t>x4</t></is></c></row>');
    expect(xml.match(/<row /g)).toHaveLength(5);
    const ws = (await load(p.data)).worksheets[0];
    expect(ws.getCell('C5').value).toBe('x4');
    expect(ws.rowCount).toBe(5);
    // a small sheet without r is rewritten for exceljs even when nothing is cut
    const q = await prepOk('khong-r-nho.xlsx', xlsx);
    expect(q.rewritten).toBe(true);
    expect(q.issues).toEqual([]);
    expect((await load(q.data)).worksheets[0].getCell('D8').value).toBe(null);
  });

  it('a sheet written with a namespace prefix (<x:row>) is trimmed too', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `<x:row r="${i + 1}"><x:c r="A${i + 1}"><x:v>${i}</x:v></x:c></x:row>`).join('');
    const xml = '<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>' + rows + '</x:sheetData><x:mergeCells count="1"><x:mergeCell ref="A1:A2"/></x:mergeCells></x:worksheet>';
    const p = await prepOk('prefix.xlsx', sheetXlsx(xml), { maxRows: 10 });
    expect(p.trims[0]).toMatchObject({ keptRows: 10, droppedRows: 20 });
    const out = sheetOf(p);
    expect(out.match(/<x:row /g)).toHaveLength(10);
    expect(out).toContain('</x:sheetData><x:mergeCells count="1"><x:mergeCell ref="A1:A2"/></x:mergeCells></x:worksheet>');
  });

  it('the shared strings of a big workbook keep only the strings the kept cells use', async () => {
    const n = 20_000;
    const rows = Array.from({ length: n }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="s"><v>${i}</v></c></row>`).join('');
    const sst = `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${n}" uniqueCount="${n}">` + Array.from({ length: n }, (_, i) => `<si><t>chuỗi ${i}</t></si>`).join('') + '</sst>';
    const p = await prepOk('chuoi.xlsx', sheetXlsx(SHEET_OPEN + `<sheetData>${rows}</sheetData></worksheet>`, { sharedStrings: sst }), { maxRows: 100, trimSharedStringsAbove: 1000 });
    const kept = text(unzip(p.data).get('xl/sharedStrings.xml'));
    expect(kept).toContain('<si><t>chuỗi 99</t></si>');
    expect(kept).not.toContain('chuỗi 100<');
    expect(kept.match(/<si>/g)).toHaveLength(n); // indices kept: unused strings are empty
    const ws = (await load(p.data)).worksheets[0];
    expect(ws.getCell('A1').value).toBe('chuỗi 0');
    expect(ws.getCell('A100').value).toBe('chuỗi 99');
  });

  it('a row bigger than everything kept is dropped with the rest, and the sheet stays valid XML', async () => {
    const big = '<row r="3">' + Array.from({ length: 5000 }, (_, c) => `<c><v>${c}</v></c>`).join('') + '</row>';
    const xml = SHEET_OPEN + `<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>${big}<row r="4"><c r="A4"><v>4</v></c></row></sheetData></worksheet>`;
    const p = await prepOk('hang-to.xlsx', sheetXlsx(xml), { maxKeptBytes: 10_000 });
    expect(p.trims[0]).toMatchObject({ keptRows: 2, droppedRows: 2 });
    const ws = (await load(p.data)).worksheets[0];
    expect(ws.getCell('A2').value).toBe(2);
    expect(ws.getCell('A4').value).toBe(null);
  });
});

describe('prepareWorkbook: tiny files that would hang or break exceljs', () => {
  it('overlapping merges: exceljs refuses the file; the second merge is dropped', async () => {
    const xml = SHEET_OPEN + '<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData><mergeCells count="3"><mergeCell ref="A1:B2"/><mergeCell ref="B2:C3"/><mergeCell ref="E1:F1"/></mergeCells></worksheet>';
    const xlsx = sheetXlsx(xml);
    await expect(load(xlsx)).rejects.toThrow(/merge/i);
    const p = await prepOk('gop-chong.xlsx', xlsx);
    expect(p.trims[0]).toMatchObject({ mergesDropped: 1, mergesClipped: 0 });
    expect(p.issues.find((i) => i.code === 'merges_ignored')).toMatchObject({ severity: 'warning', file: 'gop-chong.xlsx', sheet: 'Kinh tế' });
    const ws = (await load(p.data)).worksheets[0];
    expect(ws.getCell('B2').isMerged).toBe(true);
    expect(ws.getCell('C3').isMerged).toBe(false);
    expect(ws.getCell('F1').isMerged).toBe(true);
  });

  it('a merge over the whole sheet (A1:XFD1048576) and a column range to 2,000,000,000', async () => {
    const xml = SHEET_OPEN + '<cols><col min="1" max="2000000000" width="9"/></cols><sheetData><row r="1"><c r="A1"><v>7</v></c></row></sheetData><mergeCells count="2"><mergeCell ref="A1:XFD1048576"/><mergeCell ref="A1:A1"/></mergeCells></worksheet>';
    const p = await prepOk('ca-trang.xlsx', sheetXlsx(xml));
    expect(p.trims[0]).toMatchObject({ colsClipped: 1, mergesClipped: 1 });
    // clipped to A1:ALL10000 = 10,000,000 cells, over the 200,000 merged-cell budget: dropped
    expect(p.trims[0].mergesDropped).toBe(1);
    const out = sheetOf(p);
    expect(out).toContain('<col min="1" max="16384" width="9"/>');
    expect(out).toContain('<mergeCells count="1"><mergeCell ref="A1"/></mergeCells>');
    const ws = (await load(p.data)).worksheets[0];
    expect(ws.getCell('A1').value).toBe(7);
  });

  it('merges that reach past the limits are clipped', async () => {
    const xml = SHEET_OPEN + '<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData><mergeCells count="2"><mergeCell ref="A1:C50"/><mergeCell ref="A60:B60"/></mergeCells></worksheet>';
    const p = await prepOk('gop-dai.xlsx', sheetXlsx(xml), { maxRows: 40 });
    expect(p.trims[0]).toMatchObject({ mergesClipped: 1, mergesDropped: 1 });
    expect(sheetOf(p)).toContain('<mergeCells count="1"><mergeCell ref="A1:C40"/></mergeCells>');
  });

  it('a data validation over the whole sheet is dropped (exceljs expands it cell by cell)', async () => {
    const xml = SHEET_OPEN + '<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData><dataValidations count="1"><dataValidation type="list" sqref="A1:XFD1048576"><formula1>"Đạt,Chưa đạt"</formula1></dataValidation></dataValidations></worksheet>';
    const p = await prepOk('kiem-tra.xlsx', sheetXlsx(xml));
    expect(p.trims[0].validationsDropped).toBe(true);
    expect(sheetOf(p)).not.toContain('dataValidation');
    // a small validation (a dropdown on E5:E40) stays
    const small = SHEET_OPEN + '<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData><dataValidations count="1"><dataValidation type="list" sqref="E5:E40"><formula1>"Đạt,Chưa đạt"</formula1></dataValidation></dataValidations></worksheet>';
    expect((await prepOk('nho.xlsx', sheetXlsx(small))).rewritten).toBe(false);
  });
});

describe('prepareWorkbook: what the directory does not say', () => {
  it('a part that inflates to more than the directory declares is a zip bomb', async () => {
    const big = new Uint8Array(5 * 1024 * 1024).fill(0x41);
    const d = new Uint8Array(zlib.deflateRawSync(big));
    const base = sheetXlsx(SHEET_OPEN + '<sheetData/></worksheet>');
    const files = [...unzip(base)].map(([name, data]) => ({ name, method: 8, crc32: crc32(data), data: new Uint8Array(zlib.deflateRawSync(data)), uncompressedSize: data.length }));
    files.push({ name: 'xl/media/image1.png', method: 8, crc32: crc32(big), data: d, uncompressedSize: 4000 });
    const p = await prepareWorkbook({ name: 'noi-doi.xlsx', data: writeZip(files) });
    expect(p.ok).toBe(false);
    if (p.ok) return;
    expect(p.code).toBe('zip_bomb');
    expect(p.issues[0].message).toContain("'noi-doi.xlsx'");
    expect(p.issues[0].messageEn).toContain("'xl/media/image1.png' inflates to more than its directory declares");
  });

  it('damaged compressed data', async () => {
    const xlsx = await workbookBytes((wb) => communeSheet(wb));
    const { inspectZip } = await import('../../src/xlsx/zip');
    const z = inspectZip(xlsx, { maxCompressedBytes: 1e9, maxUncompressedBytes: 1e9 });
    if (!z.ok) throw new Error(z.en);
    const sheet = z.entries.find((e) => e.name === 'xl/worksheets/sheet1.xml')!;
    xlsx.set(randomBytes(sheet.compressedSize, 7), sheet.dataOffset);
    const p = await prepareWorkbook({ name: 'du-lieu-hong.xlsx', data: xlsx });
    expect(p.ok).toBe(false);
    if (p.ok) return;
    expect(p.code).toBe('file_damaged');
    expect(p.issues[0].messageEn).toContain("File 'du-lieu-hong.xlsx' is damaged: the part 'xl/worksheets/sheet1.xml' cannot be inflated");
  });

  it('.xlsm: vbaProject.bin is present and ignored; the values are read, macros never run', async () => {
    const xlsx = await workbookBytes((wb) => communeSheet(wb));
    const parts = [...unzip(xlsx)].map(([name, data]) => ({ name, data: data as Uint8Array | string }));
    parts.push({ name: 'xl/vbaProject.bin', data: makeCfb([{ name: 'VBA' }, { name: 'PROJECT' }, { name: 'dir' }]) });
    const ct = parts.find((f) => f.name === '[Content_Types].xml')!;
    ct.data = text(ct.data as Uint8Array)
      .replace('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml', 'application/vnd.ms-excel.sheet.macroEnabled.main+xml')
      .replace('</Types>', '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>');
    const xlsm = zipBytes(parts);
    const p = await prepOk('co-macro.xlsm', xlsm);
    expect(p.kind).toBe('xlsm');
    expect(p.sniff.entries.some((e) => e.name === 'xl/vbaProject.bin')).toBe(true);
    expect(p.issues).toEqual([expect.objectContaining({ severity: 'info', code: 'macros_ignored', file: 'co-macro.xlsm' })]);
    expect(p.issues[0].messageEn).toContain('macros are never run');
    const ws = (await load(p.data)).worksheets[0];
    expect(ws.getCell('E4').value).toBe(350);
  });

  it('sheet names come from the workbook and its relationships', () => {
    const wb = '<workbook xmlns:r="r"><sheets><sheet name="Kinh t&#7871;" sheetId="1" r:id="rId3"/><sheet name="A &amp; B" sheetId="2" r:id="rId1"/></sheets></workbook>';
    const rels = '<Relationships><Relationship Id="rId1" Target="/xl/worksheets/sheet2.xml"/><Relationship Id="rId3" Target="worksheets/sheet1.xml"/></Relationships>';
    const m = sheetNamesByPath(wb, rels);
    expect(m.get('xl/worksheets/sheet1.xml')).toBe('Kinh tế');
    expect(m.get('xl/worksheets/sheet2.xml')).toBe('A & B');
  });

  it('part names in another case or with a leading "/" (valid OPC) are renamed for exceljs', async () => {
    const xlsx = await workbookBytes((wb) => communeSheet(wb));
    const parts = [...unzip(xlsx)].map(([name, data]) => ({ name: name === 'xl/workbook.xml' ? 'XL/Workbook.xml' : name === 'xl/worksheets/sheet1.xml' ? '/xl/worksheets/Sheet1.xml' : name, data }));
    const odd = zipBytes(parts);
    expect((await load(odd)).worksheets).toHaveLength(0); // exceljs alone finds no sheet, and says nothing
    const p = await prepOk('hoa-thuong.xlsx', odd);
    expect(p.rewritten).toBe(true);
    const ws = (await load(p.data)).worksheets[0];
    expect(ws.name).toBe('Kinh tế');
    expect(ws.getCell('E4').value).toBe(350);
  });

  it('a workbook whose list of sheets points nowhere is damaged', async () => {
    const xlsx = await workbookBytes((wb) => communeSheet(wb));
    const broken = rezipText(xlsx, 'xl/_rels/workbook.xml.rels', (t) => t.slice(0, 120));
    const p = await prepareWorkbook({ name: 'rels-cut.xlsx', data: broken });
    expect(p).toMatchObject({ ok: false, code: 'file_damaged' });
    if (!p.ok) expect(p.issues[0].messageEn).toContain("File 'rels-cut.xlsx' is damaged: the list of sheets in xl/workbook.xml (1 sheet(s)) does not match");
  });

  it('the same part twice (names differing in case only) is damaged', async () => {
    const xlsx = await workbookBytes((wb) => communeSheet(wb));
    const parts = [...unzip(xlsx)].map(([name, data]) => ({ name, data }));
    parts.push({ name: 'XL/WORKBOOK.XML', data: parts.find((x) => x.name === 'xl/workbook.xml')!.data });
    const p = await prepareWorkbook({ name: 'hai-ban.xlsx', data: zipBytes(parts) });
    expect(p).toMatchObject({ ok: false, code: 'file_damaged' });
    if (!p.ok) expect(p.issues[0].messageEn).toContain("the part 'XL/WORKBOOK.XML' is in the file twice");
  });

  it('a workbook with only a chart sheet: an error naming the file', async () => {
    const base = sheetXlsx(SHEET_OPEN + '<sheetData/></worksheet>');
    const parts = [...unzip(base)].map(([name, data]) => ({ name: name === 'xl/worksheets/sheet1.xml' ? 'xl/chartsheets/sheet1.xml' : name, data: name === 'xl/worksheets/sheet1.xml' ? '<chartsheet/>' : data }));
    const p = await prepOk('bieu-do.xlsx', zipBytes(parts));
    expect(p.sniff.chartsheets).toHaveLength(1);
    expect(p.issues).toEqual([expect.objectContaining({ severity: 'error', code: 'no_sheets', file: 'bieu-do.xlsx' })]);
    expect(p.issues[0].messageEn).toContain('only 1 chart sheet(s)');
  });

  it('an empty <sheetData/> passes untouched', async () => {
    const p = await prepOk('rong.xlsx', sheetXlsx(SHEET_OPEN + '<sheetData/><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells></worksheet>'));
    expect(p.rewritten).toBe(false);
    expect(u8('x')).toHaveLength(1);
  });
});

describe('prepareWorkbook as a browser runs it (DecompressionStream only, small chunks)', () => {
  beforeAll(() => setNodeInflate(false));
  afterAll(() => setNodeInflate(true));

  it('a commune workbook passes untouched', async () => {
    const xlsx = await workbookBytes((wb) => communeSheet(wb));
    const p = await prepOk('xa.xlsx', xlsx);
    expect(p.rewritten).toBe(false);
    expect(p.checked).toBe(true);
  });

  it('rows split across inflated chunks are trimmed the same way', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>dòng ${i + 1} ${'x'.repeat(i % 50)}</t></is></c><c r="B${i + 1}"><v>${i}</v></c></row>`).join('');
    const p = await prepOk('chunks.xlsx', sheetXlsx(SHEET_OPEN + `<sheetData>${rows}</sheetData><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells></worksheet>`), { maxRows: 2500 });
    expect(p.trims[0]).toMatchObject({ keptRows: 2500, droppedRows: 500, lastRow: 3000 });
    const ws = (await load(p.data)).worksheets[0];
    expect(ws.getCell('A2500').value).toBe('dòng 2500 ' + 'x'.repeat(2499 % 50));
    expect(ws.getCell('B1').isMerged).toBe(true);
  });

  it('a part inflating past its declared size is a zip bomb; damaged data is damaged', async () => {
    const big = new Uint8Array(3 * 1024 * 1024).fill(0x41);
    const base = sheetXlsx(SHEET_OPEN + '<sheetData/></worksheet>');
    const files: ZipWriteEntry[] = [...unzip(base)].map(([name, data]) => ({ name, method: 8, crc32: crc32(data), data: new Uint8Array(zlib.deflateRawSync(data)), uncompressedSize: data.length }));
    files.push({ name: 'xl/media/image1.png', method: 8, crc32: crc32(big), data: new Uint8Array(zlib.deflateRawSync(big)), uncompressedSize: 100 });
    expect(await prepareWorkbook({ name: 'bom.xlsx', data: writeZip(files) })).toMatchObject({ ok: false, code: 'zip_bomb' });
    files[files.length - 1] = { ...files[files.length - 1], data: randomBytes(5000, 3), uncompressedSize: 100_000 };
    expect(await prepareWorkbook({ name: 'hong.xlsx', data: writeZip(files) })).toMatchObject({ ok: false, code: 'file_damaged' });
  });
});

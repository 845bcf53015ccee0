import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { isSniffOk, sniffIssue, sniffWorkbook, type SniffResult } from '../../src/xlsx/sniff';
import { crc32, writeZip } from '../../src/xlsx/zip';
import {
  biffWorkbookStream,
  communeSheet,
  HAS_SAMPLES,
  makeCfb,
  randomBytes,
  SAMPLES,
  setU32,
  u8,
  workbookBytes,
  zipBytes,
  zipLayout,
} from './broken-files';

/** The kind, the code, and both messages naming the file. */
function expectBad(r: SniffResult, name: string, kind: string, code = `file_${kind}`): { vi: string; en: string } {
  expect(r.kind).toBe(kind);
  if (isSniffOk(r)) throw new Error('expected a refusal');
  expect(r.issue.code).toBe(code);
  expect(r.issue.vi).toContain(`'${name}'`);
  expect(r.issue.en).toContain(`'${name}'`);
  return r.issue;
}

const SAVE_VI = 'Mở tệp bằng Excel hoặc LibreOffice và lưu lại dưới dạng .xlsx (Sổ làm việc Excel)';
const SAVE_EN = 'Open it in Excel or LibreOffice and save it as .xlsx';

describe('sniffWorkbook: what the file really is', () => {
  it('an .xlsx made by exceljs goes on, with its entries and worksheets', async () => {
    const xlsx = await workbookBytes((wb) => {
      communeSheet(wb, 'Kinh tế');
      communeSheet(wb, 'VH-XH');
    });
    const r = sniffWorkbook('xa-thanh-ha.xlsx', xlsx);
    expect(r.kind).toBe('xlsx');
    if (!isSniffOk(r)) return;
    expect(r.macros).toBe(false);
    expect(r.worksheets.map((e) => e.name)).toEqual(['xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml']);
    expect(r.chartsheets).toEqual([]);
  });

  it('an empty file', () => {
    const m = expectBad(sniffWorkbook('xa-trong.xlsx', new Uint8Array(0)), 'xa-trong.xlsx', 'empty');
    expect(m.en).toMatch(/empty \(0 bytes\)/);
  });

  it('random bytes named .xlsx', () => {
    const m = expectBad(sniffWorkbook('rac.xlsx', randomBytes(5000, 42)), 'rac.xlsx', 'not_spreadsheet');
    expect(m.vi).toContain(SAVE_VI);
    expect(m.en).toContain(SAVE_EN);
  });

  it('a text file named .xlsx', () => {
    const m = expectBad(
      sniffWorkbook('bao-cao.xlsx', u8('Báo cáo tình hình kinh tế xã hội quý I năm 2020.\nXã Thanh Hà đã hoàn thành các chỉ tiêu.\nTrân trọng.')),
      'bao-cao.xlsx',
      'text',
    );
    expect(m.en).toMatch(/plain text file/);
  });

  it('an HTML page saved as .xlsx (as report software exports)', () => {
    const html = '<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta charset="utf-8"></head><body><table><tr><td>Chỉ tiêu</td></tr></table></body></html>';
    const m = expectBad(sniffWorkbook('xuat-bao-cao.xlsx', u8(html)), 'xuat-bao-cao.xlsx', 'html');
    expect(m.vi).toMatch(/trang web \(HTML\)/);
    expect(m.en).toContain(SAVE_EN);
  });

  it('a CSV saved as .xlsx (UTF-8 with BOM, semicolons)', () => {
    const csv = '\uFEFFSTT;Chỉ tiêu;ĐVT;Kế hoạch;Thực hiện\n1;Thu ngân sách;triệu đồng;800;350\n2;Việc làm;người;120;31\n';
    const m = expectBad(sniffWorkbook('xa.xlsx', u8(csv)), 'xa.xlsx', 'csv');
    expect(m.en).toContain('separated by ";"');
  });

  it('an Excel 2003 XML spreadsheet', () => {
    const xml = '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="Sheet1"/></Workbook>';
    expectBad(sniffWorkbook('cu.xlsx', u8(xml)), 'cu.xlsx', 'xml_spreadsheet');
  });

  it('a truncated zip (download cut short)', async () => {
    const xlsx = await workbookBytes((wb) => communeSheet(wb));
    const m = expectBad(sniffWorkbook('tai-ve.xlsx', xlsx.subarray(0, Math.floor(xlsx.length / 2))), 'tai-ve.xlsx', 'damaged');
    expect(m.vi).toMatch(/bị hỏng/);
    expect(m.en).toMatch(/truncated/);
  });

  it('a damaged central directory', async () => {
    const xlsx = await workbookBytes((wb) => communeSheet(wb));
    // overwrite the middle of the central directory with zeros
    const eocd = xlsx.length - 22;
    const dv = new DataView(xlsx.buffer, xlsx.byteOffset, xlsx.byteLength);
    const cd = dv.getUint32(eocd + 16, true);
    xlsx.fill(0, cd + 60, cd + 200);
    expectBad(sniffWorkbook('hong.xlsx', xlsx), 'hong.xlsx', 'damaged');
  });

  it('.xls (Excel 97-2003): a compound file with a Workbook stream', () => {
    const cfb = makeCfb([{ name: 'Workbook', data: biffWorkbookStream(false) }, { name: '\u0005SummaryInformation' }]);
    const m = expectBad(sniffWorkbook('xa-cu.xls', cfb), 'xa-cu.xls', 'xls');
    expect(m.vi).toMatch(/Excel 97-2003 \(\.xls\)/);
    expect(m.vi).toContain(SAVE_VI);
    expect(m.en).toContain(SAVE_EN);
  });

  it('.xls of Excel 5 (a "Book" stream), and one whose header is broken (found by name)', () => {
    expectBad(sniffWorkbook('rat-cu.xls', makeCfb([{ name: 'Book' }])), 'rat-cu.xls', 'xls');
    expectBad(sniffWorkbook('hong.xls', makeCfb([{ name: 'Workbook' }], { breakHeader: true })), 'hong.xls', 'xls');
  });

  it('just the compound-file signature: named .xls it is an .xls cut short, else a damaged old Office file', () => {
    const magic = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    const m = expectBad(sniffWorkbook('cu.xls', magic), 'cu.xls', 'xls');
    expect(m.vi).toContain('97-2003');
    const d = expectBad(sniffWorkbook('cu.xlsx', magic), 'cu.xlsx', 'damaged');
    expect(d.en).toContain('Excel 97-2003 .xls');
  });

  it('a password-protected .xls (FILEPASS record after BOF)', () => {
    const cfb = makeCfb([{ name: 'Workbook', data: biffWorkbookStream(true) }]);
    const m = expectBad(sniffWorkbook('mat-khau.xls', cfb), 'mat-khau.xls', 'encrypted');
    expect(m.en).toMatch(/password-protected Excel 97-2003/);
  });

  it('an encrypted OOXML workbook: a compound file with EncryptionInfo and EncryptedPackage', () => {
    const cfb = makeCfb([{ name: 'EncryptionInfo' }, { name: 'EncryptedPackage' }, { name: '\u0006DataSpaces' }]);
    const m = expectBad(sniffWorkbook('xa-mat-khau.xlsx', cfb), 'xa-mat-khau.xlsx', 'encrypted');
    expect(m.vi).toMatch(/mật khẩu/);
    expect(m.en).toMatch(/remove the password/);
  });

  it('a Word 97-2003 document', () => {
    const m = expectBad(sniffWorkbook('bao-cao.doc', makeCfb([{ name: 'WordDocument' }, { name: '1Table' }])), 'bao-cao.doc', 'not_spreadsheet');
    expect(m.en).toMatch(/Word 97-2003 document/);
  });

  it('.ods: a zip whose stored mimetype says OpenDocument spreadsheet', () => {
    const ods = zipBytes([
      { name: 'mimetype', data: 'application/vnd.oasis.opendocument.spreadsheet', method: 0 },
      { name: 'content.xml', data: '<office:document-content/>' },
      { name: 'META-INF/manifest.xml', data: '<manifest:manifest/>' },
    ]);
    const m = expectBad(sniffWorkbook('xa-libre.ods', ods), 'xa-libre.ods', 'ods');
    expect(m.vi).toMatch(/OpenDocument \(\.ods, LibreOffice Calc\)/);
    expect(m.en).toContain(SAVE_EN);
    // the same bytes under a .xlsx name are still an .ods
    expectBad(sniffWorkbook('doi-ten.xlsx', ods), 'doi-ten.xlsx', 'ods');
  });

  it('.odt is a text document, not a spreadsheet', () => {
    const odt = zipBytes([{ name: 'mimetype', data: 'application/vnd.oasis.opendocument.text', method: 0 }, { name: 'content.xml', data: '<x/>' }]);
    const m = expectBad(sniffWorkbook('van-ban.xlsx', odt), 'van-ban.xlsx', 'not_spreadsheet');
    expect(m.en).toMatch(/OpenDocument text/);
  });

  it('.docx: say it is a Word document', () => {
    const docx = zipBytes([
      { name: '[Content_Types].xml', data: '<Types/>' },
      { name: '_rels/.rels', data: '<Relationships/>' },
      { name: 'word/document.xml', data: '<w:document/>' },
    ]);
    const m = expectBad(sniffWorkbook('bao-cao.xlsx', docx), 'bao-cao.xlsx', 'not_spreadsheet');
    expect(m.vi).toMatch(/văn bản Word \(\.docx\)/);
    expect(m.en).toMatch(/Word document \(\.docx\)/);
  });

  it('.xlsb', () => {
    const xlsb = zipBytes([{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'xl/workbook.bin', data: 'x' }]);
    expectBad(sniffWorkbook('nhi-phan.xlsb', xlsb), 'nhi-phan.xlsb', 'xlsb');
  });

  it('an OOXML package with xl/ parts but no xl/workbook.xml is damaged', () => {
    const z = zipBytes([{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'xl/worksheets/sheet1.xml', data: '<worksheet/>' }]);
    const m = expectBad(sniffWorkbook('thieu.xlsx', z), 'thieu.xlsx', 'damaged');
    expect(m.en).toContain('xl/workbook.xml');
  });

  it('a workbook without xl/_rels/workbook.xml.rels (its list of sheets) is damaged', async () => {
    const xlsx = await workbookBytes((wb) => communeSheet(wb));
    const { unzip } = await import('./broken-files');
    const parts = [...unzip(xlsx)].filter(([name]) => name !== 'xl/_rels/workbook.xml.rels').map(([name, data]) => ({ name, data }));
    const m = expectBad(sniffWorkbook('thieu-rels.xlsx', zipBytes(parts)), 'thieu-rels.xlsx', 'damaged');
    expect(m.en).toContain('xl/_rels/workbook.xml.rels');
  });

  it('a zip holding the communes’ workbooks: extract it first', () => {
    const z = zipBytes([{ name: 'bao-cao/xa-a.xlsx', data: 'x' }, { name: 'bao-cao/xa-b.xlsx', data: 'y' }]);
    const m = expectBad(sniffWorkbook('cac-xa.zip', z), 'cac-xa.zip', 'archive');
    expect(m.en).toMatch(/holding 2 spreadsheet file\(s\) \(xa-a\.xlsx, xa-b\.xlsx\)/);
  });

  it('a zip with a password', () => {
    const z = zipBytes([{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'xl/workbook.xml', data: '<workbook/>' }]);
    const { records } = zipLayout(z);
    for (const r of records) new DataView(z.buffer).setUint16(r + 8, 1, true);
    expectBad(sniffWorkbook('nen-mat-khau.xlsx', z), 'nen-mat-khau.xlsx', 'encrypted');
  });

  it('a PDF and a picture', () => {
    expectBad(sniffWorkbook('bao-cao.xlsx', u8('%PDF-1.7\n%âãÏÓ\n1 0 obj')), 'bao-cao.xlsx', 'not_spreadsheet');
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const m = expectBad(sniffWorkbook('anh-chup.xlsx', png), 'anh-chup.xlsx', 'not_spreadsheet');
    expect(m.en).toMatch(/an image/);
  });

  it('a file over the size limit is refused before it is parsed', () => {
    const r = sniffWorkbook('to.xlsx', randomBytes(2000, 1), { maxCompressedBytes: 1000 });
    expectBad(r, 'to.xlsx', 'too_big', 'file_too_large');
  });

  it('zip bomb: a directory that claims huge sizes', async () => {
    const xlsx = await workbookBytes((wb) => communeSheet(wb));
    const dv = new DataView(xlsx.buffer, xlsx.byteOffset, xlsx.byteLength);
    const eocd = xlsx.length - 22;
    let p = dv.getUint32(eocd + 16, true);
    // every entry claims 4 GB − 1 uncompressed
    while (dv.getUint32(p, true) === 0x02014b50) {
      setU32(xlsx, p + 24, 0xfffffff0);
      p += 46 + dv.getUint16(p + 28, true) + dv.getUint16(p + 30, true) + dv.getUint16(p + 32, true);
    }
    const m = expectBad(sniffWorkbook('bom.xlsx', xlsx), 'bom.xlsx', 'zip_bomb', 'zip_bomb');
    expect(m.en).toMatch(/zip bomb/);
  });

  it('zip bomb: a long run of zeros deflated', () => {
    const zeros = new Uint8Array(64 * 1024 * 1024);
    const d = new Uint8Array(zlib.deflateRawSync(zeros, { level: 9 }));
    const z = writeZip([
      { name: '[Content_Types].xml', method: 0, crc32: crc32(u8('<Types/>')), data: u8('<Types/>'), uncompressedSize: 8 },
      { name: 'xl/workbook.xml', method: 0, crc32: crc32(u8('<workbook/>')), data: u8('<workbook/>'), uncompressedSize: 11 },
      { name: 'xl/worksheets/sheet1.xml', method: 8, crc32: crc32(zeros), data: d, uncompressedSize: zeros.length },
    ]);
    expect(z.length).toBeLessThan(100 * 1024);
    expectBad(sniffWorkbook('bom-zero.xlsx', z), 'bom-zero.xlsx', 'zip_bomb', 'zip_bomb');
  });

  it('.xlsm: read as a workbook, macros flagged (never run)', async () => {
    const xlsx = await workbookBytes((wb) => communeSheet(wb));
    const { unzip } = await import('./broken-files');
    const files = unzip(xlsx);
    const parts = [...files].map(([name, data]) => ({ name, data }));
    parts.push({ name: 'xl/vbaProject.bin', data: makeCfb([{ name: 'VBA' }, { name: 'PROJECT' }]) });
    const r = sniffWorkbook('macro.xlsm', zipBytes(parts));
    expect(r.kind).toBe('xlsm');
    expect(isSniffOk(r) && r.macros).toBe(true);
  });

  it('sniffIssue makes an error Issue naming the file', () => {
    const r = sniffWorkbook('x.xls', makeCfb([{ name: 'Workbook' }]));
    if (isSniffOk(r)) throw new Error('expected a refusal');
    const issue = sniffIssue('x.xls', r);
    expect(issue).toMatchObject({ severity: 'error', code: 'file_xls', file: 'x.xls', sheet: null, cell: null });
    expect(issue.message).toContain("'x.xls'");
    expect(issue.messageEn).toContain("'x.xls'");
  });

  it.skipIf(!HAS_SAMPLES)('every sample workbook (LibreOffice, openpyxl) is an .xlsx', () => {
    const files = [path.join(SAMPLES, 'plan.xlsx'), ...fs.readdirSync(path.join(SAMPLES, 'communes')).map((f) => path.join(SAMPLES, 'communes', f))];
    expect(files.length).toBeGreaterThanOrEqual(9);
    for (const f of files) {
      const r = sniffWorkbook(path.basename(f), new Uint8Array(fs.readFileSync(f)));
      expect(r.kind, f).toBe('xlsx');
    }
  });
  if (!HAS_SAMPLES) it('(samples skipped: ../shared/samples is absent)', () => undefined);
});

/**
 * Builders of broken and hostile files for the robustness tests: zips written byte by byte (so their
 * directories can lie), compound files (.xls / encrypted OOXML stubs), workbooks made with exceljs.
 */
import * as path from 'node:path';
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import * as ExcelJS from 'exceljs';
import { seeded } from '../../tools/random';
import { crc32, inspectZip, writeZip, type ZipWriteEntry } from '../../src/xlsx/zip';

export const SHARED = path.resolve(__dirname, '../../../shared');
export const SAMPLES = path.join(SHARED, 'samples', 'ba-che-2020-q1');
export const HAS_SAMPLES = fs.existsSync(path.join(SAMPLES, 'plan.xlsx'));

export function u8(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

export interface ZipFile {
  name: string;
  data: string | Uint8Array;
  /** 0 stored, 8 deflate (default). */
  method?: 0 | 8;
  /** zlib level for deflate (default 6; 1 is much faster for big test sheets). */
  level?: number;
}

/** A zip of the given files (deflated unless method 0). */
export function zipBytes(files: ZipFile[]): Uint8Array {
  const entries: ZipWriteEntry[] = files.map((f) => {
    const raw = typeof f.data === 'string' ? u8(f.data) : f.data;
    const method = f.method ?? 8;
    return {
      name: f.name,
      method,
      crc32: crc32(raw),
      data: method === 8 ? new Uint8Array(zlib.deflateRawSync(raw, { level: f.level ?? 6 })) : raw,
      uncompressedSize: raw.length,
    };
  });
  return writeZip(entries);
}

/** Offsets of the central directory records and of the EOCD of a zip written by writeZip. */
export function zipLayout(zip: Uint8Array): { eocd: number; cdOffset: number; records: number[] } {
  const dv = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const eocd = zip.length - 22;
  const cdOffset = dv.getUint32(eocd + 16, true);
  const records: number[] = [];
  let p = cdOffset;
  while (p < eocd && dv.getUint32(p, true) === 0x02014b50) {
    records.push(p);
    p += 46 + dv.getUint16(p + 28, true) + dv.getUint16(p + 30, true) + dv.getUint16(p + 32, true);
  }
  return { eocd, cdOffset, records };
}

export function setU32(buf: Uint8Array, off: number, v: number): void {
  new DataView(buf.buffer, buf.byteOffset, buf.byteLength).setUint32(off, v >>> 0, true);
}
export function setU16(buf: Uint8Array, off: number, v: number): void {
  new DataView(buf.buffer, buf.byteOffset, buf.byteLength).setUint16(off, v, true);
}

/**
 * Turn a zip from writeZip into its ZIP64 form: each central record's sizes and offset become 0xFFFFFFFF
 * with a ZIP64 extra field holding the real values, and the EOCD defers to a ZIP64 EOCD record + locator.
 */
export function toZip64(zip: Uint8Array): Uint8Array {
  const { eocd, cdOffset, records } = zipLayout(zip);
  const dv = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const body = zip.subarray(0, cdOffset);
  const cdParts: Uint8Array[] = [];
  for (const r of records) {
    const nameLen = dv.getUint16(r + 28, true);
    const rec = new Uint8Array(46 + nameLen + 28);
    rec.set(zip.subarray(r, r + 46 + nameLen));
    const rdv = new DataView(rec.buffer);
    const comp = dv.getUint32(r + 20, true);
    const uncomp = dv.getUint32(r + 24, true);
    const off = dv.getUint32(r + 42, true);
    rdv.setUint32(20, 0xffffffff, true);
    rdv.setUint32(24, 0xffffffff, true);
    rdv.setUint32(42, 0xffffffff, true);
    rdv.setUint16(30, 28, true); // extra length
    const e = 46 + nameLen;
    rdv.setUint16(e, 0x0001, true);
    rdv.setUint16(e + 2, 24, true);
    rdv.setBigUint64(e + 4, BigInt(uncomp), true);
    rdv.setBigUint64(e + 12, BigInt(comp), true);
    rdv.setBigUint64(e + 20, BigInt(off), true);
    cdParts.push(rec);
  }
  const cdSize = cdParts.reduce((n, p) => n + p.length, 0);
  const n = records.length;
  const out = new Uint8Array(cdOffset + cdSize + 56 + 20 + 22);
  out.set(body);
  let p = cdOffset;
  for (const part of cdParts) {
    out.set(part, p);
    p += part.length;
  }
  const odv = new DataView(out.buffer);
  const z64 = p;
  odv.setUint32(p, 0x06064b50, true);
  odv.setBigUint64(p + 4, 44n, true);
  odv.setUint16(p + 12, 45, true);
  odv.setUint16(p + 14, 45, true);
  odv.setBigUint64(p + 24, BigInt(n), true);
  odv.setBigUint64(p + 32, BigInt(n), true);
  odv.setBigUint64(p + 40, BigInt(cdSize), true);
  odv.setBigUint64(p + 48, BigInt(cdOffset), true);
  p += 56;
  odv.setUint32(p, 0x07064b50, true);
  odv.setBigUint64(p + 8, BigInt(z64), true);
  odv.setUint32(p + 16, 1, true);
  p += 20;
  odv.setUint32(p, 0x06054b50, true);
  odv.setUint16(p + 8, 0xffff, true);
  odv.setUint16(p + 10, 0xffff, true);
  odv.setUint32(p + 12, 0xffffffff, true);
  odv.setUint32(p + 16, 0xffffffff, true);
  void eocd;
  return out;
}

/** The files of a zip, inflated (test side: Node's zlib). */
export function unzip(zip: Uint8Array): Map<string, Uint8Array> {
  const z = inspectZip(zip, { maxCompressedBytes: 1e9, maxUncompressedBytes: 1e10 });
  if (!z.ok) throw new Error(z.en);
  const out = new Map<string, Uint8Array>();
  for (const e of z.entries) {
    const raw = zip.subarray(e.dataOffset, e.dataOffset + e.compressedSize);
    out.set(e.name, e.method === 0 ? raw : new Uint8Array(zlib.inflateRawSync(raw)));
  }
  return out;
}

/** Rebuild a zip after editing its files (strings or bytes). */
export function rezip(zip: Uint8Array, edit: (files: Map<string, Uint8Array | string>) => void): Uint8Array {
  const files = new Map<string, Uint8Array | string>(unzip(zip));
  edit(files);
  return zipBytes([...files].map(([name, data]) => ({ name, data })));
}

export const text = (b: Uint8Array | string | undefined): string => (typeof b === 'string' ? b : new TextDecoder().decode(b));

/** An .xlsx made by exceljs. */
export async function workbookBytes(build: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** A small commune report as exceljs writes it. */
export function communeSheet(wb: ExcelJS.Workbook, name = 'Kinh tế'): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name);
  ws.addRow(['UBND XÃ THANH HÀ']);
  ws.addRow(['BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI QUÝ I NĂM 2020']);
  ws.addRow(['STT', 'Chỉ tiêu', 'ĐVT', 'Kế hoạch năm', 'Thực hiện']);
  ws.addRow([1, 'Thu ngân sách trên địa bàn', 'triệu đồng', 800, 350]);
  ws.addRow([2, 'Giải quyết việc làm mới', 'người', 120, 31]);
  return ws;
}

/** An .xlsx: a worksheet part given as XML text, plus the parts every workbook needs. */
export function sheetXlsx(sheetXml: string, opts: { sharedStrings?: string; sheetName?: string; extra?: ZipFile[] } = {}): Uint8Array {
  const ct =
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
    (opts.sharedStrings ? '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' : '') +
    '</Types>';
  const rels =
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>';
  const wbXml =
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    `<sheets><sheet name="${opts.sheetName ?? 'Kinh tế'}" sheetId="1" r:id="rId1"/></sheets></workbook>`;
  const wbRels =
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
    (opts.sharedStrings ? '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>' : '') +
    '</Relationships>';
  const files: ZipFile[] = [
    { name: '[Content_Types].xml', data: ct },
    { name: '_rels/.rels', data: rels },
    { name: 'xl/workbook.xml', data: wbXml },
    { name: 'xl/_rels/workbook.xml.rels', data: wbRels },
    { name: 'xl/worksheets/sheet1.xml', data: sheetXml, level: 1 },
  ];
  if (opts.sharedStrings) files.push({ name: 'xl/sharedStrings.xml', data: opts.sharedStrings });
  files.push(...(opts.extra ?? []));
  return zipBytes(files);
}

export const SHEET_OPEN =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">';

// ───────────────────────────── compound files (OLE2) ─────────────────────────────

export interface CfbStreamSpec {
  name: string;
  /** Stream bytes; when at least 4096 bytes they go into regular sectors. */
  data?: Uint8Array;
}

/** A minimal compound file (MS-CFB v3, 512-byte sectors) holding the named streams. */
export function makeCfb(streams: CfbStreamSpec[], opts: { breakHeader?: boolean } = {}): Uint8Array {
  const SS = 512;
  const END = 0xfffffffe;
  const FREE = 0xffffffff;
  const entries = [{ name: 'Root Entry', type: 5, data: undefined as Uint8Array | undefined }, ...streams.map((s) => ({ name: s.name, type: 2, data: s.data }))];
  const dirSectors = Math.ceil(entries.length / 4);
  const fat: number[] = [0xfffffffd];
  for (let i = 0; i < dirSectors; i++) fat.push(i === dirSectors - 1 ? END : i + 2);
  const starts: number[] = [];
  const dataSectors: Uint8Array[] = [];
  for (const e of entries) {
    if (e.data && e.data.length >= 4096) {
      const n = Math.ceil(e.data.length / SS);
      const first = 1 + dirSectors + dataSectors.length;
      starts.push(first);
      for (let i = 0; i < n; i++) {
        const sec = new Uint8Array(SS);
        sec.set(e.data.subarray(i * SS, (i + 1) * SS));
        dataSectors.push(sec);
        fat.push(i === n - 1 ? END : first + i + 1);
      }
    } else starts.push(END);
  }
  if (fat.length > SS / 4) throw new Error('makeCfb: too many sectors for one FAT sector');
  const total = 1 + dirSectors + dataSectors.length;
  const out = new Uint8Array(SS * (1 + total));
  const dv = new DataView(out.buffer);
  out.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  dv.setUint16(0x18, 0x3e, true);
  dv.setUint16(0x1a, 3, true);
  dv.setUint16(0x1c, 0xfffe, true);
  dv.setUint16(0x1e, opts.breakHeader ? 0 : 9, true);
  dv.setUint16(0x20, 6, true);
  dv.setUint32(0x2c, 1, true);
  dv.setUint32(0x30, 1, true);
  dv.setUint32(0x38, 4096, true);
  dv.setUint32(0x3c, END, true);
  dv.setUint32(0x44, END, true);
  for (let i = 0; i < 109; i++) dv.setUint32(0x4c + i * 4, i === 0 ? 0 : FREE, true);
  // FAT (sector 0)
  for (let i = 0; i < SS / 4; i++) dv.setUint32(SS + i * 4, i < fat.length ? fat[i] : FREE, true);
  // directory (sectors 1..)
  entries.forEach((e, k) => {
    const off = SS * 2 + k * 128;
    for (let i = 0; i < e.name.length && i < 31; i++) dv.setUint16(off + i * 2, e.name.charCodeAt(i), true);
    dv.setUint16(off + 0x40, (Math.min(e.name.length, 31) + 1) * 2, true);
    out[off + 0x42] = e.type;
    out[off + 0x43] = 1;
    dv.setUint32(off + 0x44, FREE, true);
    dv.setUint32(off + 0x48, k > 0 && k < entries.length - 1 ? k + 1 : FREE, true);
    dv.setUint32(off + 0x4c, k === 0 && entries.length > 1 ? 1 : FREE, true);
    dv.setUint32(off + 0x74, starts[k], true);
    dv.setUint32(off + 0x78, e.data?.length ?? 0, true);
  });
  dataSectors.forEach((sec, i) => out.set(sec, SS * (2 + dirSectors + i)));
  return out;
}

/** A BIFF8 "Workbook" stream start: BOF, then (optionally) FILEPASS, padded to 4096 bytes. */
export function biffWorkbookStream(filePass: boolean): Uint8Array {
  const out = new Uint8Array(4096);
  const dv = new DataView(out.buffer);
  dv.setUint16(0, 0x0809, true);
  dv.setUint16(2, 16, true);
  dv.setUint16(4, 0x0600, true);
  dv.setUint16(6, 0x0005, true);
  if (filePass) {
    dv.setUint16(20, 0x002f, true);
    dv.setUint16(22, 54, true);
  } else {
    dv.setUint16(20, 0x00e1, true); // INTERFACEHDR
    dv.setUint16(22, 2, true);
  }
  return out;
}

/** Deterministic bytes (mulberry32). */
export function randomBytes(n: number, seed: number): Uint8Array {
  const rand = seeded(seed);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(rand() * 4294967296) & 0xff;
  return out;
}

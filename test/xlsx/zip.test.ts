import { describe, expect, it } from 'vitest';
import * as zlib from 'node:zlib';
import { crc32, DEFAULT_ZIP_LIMITS, inspectZip, joinPieces, writeZip, zipPieces } from '../../src/xlsx/zip';
import { communeSheet, setU16, setU32, toZip64, workbookBytes, zipBytes, zipLayout } from './broken-files';

const LIM = DEFAULT_ZIP_LIMITS;

describe('inspectZip: the directory, nothing inflated', () => {
  it('lists entries with their sizes, method and flags', () => {
    const zip = zipBytes([
      { name: 'mimetype', data: 'hello', method: 0 },
      { name: 'a/b.xml', data: '<x>' + 'y'.repeat(1000) + '</x>' },
    ]);
    const r = inspectZip(zip, LIM);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.entries.map((e) => e.name)).toEqual(['mimetype', 'a/b.xml']);
    expect(r.entries[0]).toMatchObject({ method: 0, compressedSize: 5, uncompressedSize: 5, encrypted: false, dir: false });
    expect(r.entries[1].method).toBe(8);
    expect(r.entries[1].uncompressedSize).toBe(1007);
    expect(r.entries[1].compressedSize).toBeLessThan(100);
    // data offset: local header (30) + name (8) + data (5) for the first entry, then 30 + 7 for the second
    expect(r.entries[0].dataOffset).toBe(38);
    expect(r.entries[1].dataOffset).toBe(38 + 5 + 30 + 7);
  });

  it('reads a workbook written by exceljs (data descriptors, sizes only in the directory)', async () => {
    const xlsx = await workbookBytes((wb) => communeSheet(wb));
    const r = inspectZip(xlsx, LIM);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const names = r.entries.map((e) => e.name);
    expect(names).toContain('xl/workbook.xml');
    expect(names).toContain('[Content_Types].xml');
    const sheet = r.entries.find((e) => e.name === 'xl/worksheets/sheet1.xml')!;
    const raw = xlsx.subarray(sheet.dataOffset, sheet.dataOffset + sheet.compressedSize);
    const xml = zlib.inflateRawSync(raw);
    expect(xml.length).toBe(sheet.uncompressedSize);
    expect(crc32(new Uint8Array(xml))).toBe(sheet.crc32);
  });

  it('reads ZIP64 records (EOCD locator, extended-information extra field)', () => {
    const zip = toZip64(zipBytes([{ name: 'a.txt', data: 'abc' }, { name: 'b.txt', data: 'hello world' }]));
    const r = inspectZip(zip, LIM);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.entries.map((e) => [e.name, e.uncompressedSize])).toEqual([
      ['a.txt', 3],
      ['b.txt', 11],
    ]);
    const b = r.entries[1];
    expect(zlib.inflateRawSync(zip.subarray(b.dataOffset, b.dataOffset + b.compressedSize)).toString()).toBe('hello world');
  });

  it('refuses a ZIP64 EOCD that points nowhere', () => {
    const zip = toZip64(zipBytes([{ name: 'a.txt', data: 'abc' }]));
    // the locator's pointer to the ZIP64 record (8 bytes at locator + 8)
    const loc = zip.length - 22 - 20;
    setU32(zip, loc + 8, 3);
    const r = inspectZip(zip, LIM);
    expect(r).toMatchObject({ ok: false, code: 'zip_bad_directory' });
  });

  it('a truncated zip has no end-of-directory record', async () => {
    const xlsx = await workbookBytes((wb) => communeSheet(wb));
    const r = inspectZip(xlsx.subarray(0, Math.floor(xlsx.length * 0.6)), LIM);
    expect(r).toMatchObject({ ok: false, code: 'zip_no_directory' });
    if (!r.ok) expect(r.en).toMatch(/truncated/);
  });

  it('a directory offset outside the file', () => {
    const zip = zipBytes([{ name: 'a.txt', data: 'abc' }]);
    const { eocd } = zipLayout(zip);
    setU32(zip, eocd + 16, zip.length + 100);
    expect(inspectZip(zip, LIM)).toMatchObject({ ok: false, code: 'zip_bad_directory' });
  });

  it('an entry count that does not match the directory', () => {
    const zip = zipBytes([{ name: 'a.txt', data: 'abc' }, { name: 'b.txt', data: 'def' }]);
    const { eocd } = zipLayout(zip);
    setU16(zip, eocd + 8, 1);
    setU16(zip, eocd + 10, 1);
    expect(inspectZip(zip, LIM)).toMatchObject({ ok: false, code: 'zip_count_mismatch' });
    setU16(zip, eocd + 8, 3);
    setU16(zip, eocd + 10, 3);
    // 3 records × 46 bytes do not fit in the directory: refused before walking it
    expect(inspectZip(zip, LIM)).toMatchObject({ ok: false, code: 'zip_count_mismatch' });
  });

  it('a damaged central record (bad signature)', () => {
    const zip = zipBytes([{ name: 'a.txt', data: 'abc' }, { name: 'b.txt', data: 'def' }]);
    const { records } = zipLayout(zip);
    zip[records[1]] = 0x00;
    expect(inspectZip(zip, LIM)).toMatchObject({ ok: false, code: 'zip_count_mismatch' });
  });

  it('a local header that is not where the directory says', () => {
    const zip = zipBytes([{ name: 'a.txt', data: 'abc' }, { name: 'b.txt', data: 'def' }]);
    const { records } = zipLayout(zip);
    setU32(zip, records[1] + 42, 7);
    expect(inspectZip(zip, LIM)).toMatchObject({ ok: false, code: 'zip_bad_entry' });
  });

  it('an entry whose data runs into the directory', () => {
    const zip = zipBytes([{ name: 'a.txt', data: 'abc' }]);
    const { records } = zipLayout(zip);
    setU32(zip, records[0] + 20, 5000);
    expect(inspectZip(zip, LIM)).toMatchObject({ ok: false, code: 'zip_bad_entry' });
  });

  it('a split (multi-disk) archive', () => {
    const zip = zipBytes([{ name: 'a.txt', data: 'abc' }]);
    const { eocd } = zipLayout(zip);
    setU16(zip, eocd + 4, 1);
    expect(inspectZip(zip, LIM)).toMatchObject({ ok: false, code: 'zip_multi_disk' });
  });

  it('sees the encryption bit', () => {
    const zip = zipBytes([{ name: 'a.txt', data: 'abc' }]);
    const { records } = zipLayout(zip);
    setU16(zip, records[0] + 8, 1);
    const r = inspectZip(zip, LIM);
    expect(r.ok && r.entries[0].encrypted).toBe(true);
  });
});

describe('inspectZip: zip bombs refused from the directory', () => {
  it('a directory that claims huge sizes (total over the limit)', () => {
    const zip = zipBytes([{ name: 'a.xml', data: 'x'.repeat(100) }, { name: 'b.xml', data: 'y'.repeat(100) }]);
    const { records } = zipLayout(zip);
    // 2 × 300 MB declared > 500 MB; each entry's ratio is judged first, so raise the ratio limit
    setU32(zip, records[0] + 24, 300 * 1024 * 1024);
    setU32(zip, records[1] + 24, 300 * 1024 * 1024);
    const r = inspectZip(zip, { ...LIM, maxRatio: 1e9 });
    expect(r).toMatchObject({ ok: false, code: 'zip_bomb' });
    if (!r.ok) expect(r.en).toContain('500 MB');
    // the same file under a higher limit passes the directory check
    expect(inspectZip(zip, { ...LIM, maxRatio: 1e9, maxUncompressedBytes: 1024 * 1024 * 1024 }).ok).toBe(true);
  });

  it('an absurd ratio on a big entry: 20 MB of zeros deflated to ~20 KB', () => {
    const zeros = new Uint8Array(20 * 1024 * 1024);
    const deflated = new Uint8Array(zlib.deflateRawSync(zeros, { level: 9 }));
    expect(zeros.length / deflated.length).toBeGreaterThan(500);
    const zip = writeZip([{ name: 'xl/worksheets/sheet1.xml', method: 8, crc32: crc32(zeros), data: deflated, uncompressedSize: zeros.length }]);
    const r = inspectZip(zip, LIM);
    expect(r).toMatchObject({ ok: false, code: 'zip_bomb' });
    if (!r.ok) expect(r.en).toMatch(/ratio over 500:1/);
    // a small entry is not judged by its ratio
    const small = new Uint8Array(1024 * 1024);
    const d2 = new Uint8Array(zlib.deflateRawSync(small, { level: 9 }));
    expect(inspectZip(writeZip([{ name: 'z', method: 8, crc32: crc32(small), data: d2, uncompressedSize: small.length }]), LIM).ok).toBe(true);
  });

  it('too many entries', () => {
    const zip = zipBytes(Array.from({ length: 30 }, (_, i) => ({ name: `f${i}.xml`, data: 'x' })));
    expect(inspectZip(zip, { ...LIM, maxEntries: 20 })).toMatchObject({ ok: false, code: 'zip_bomb' });
    expect(inspectZip(zip, { ...LIM, maxEntries: 30 }).ok).toBe(true);
  });

  it('entries that share their data (overlapping zip bomb)', () => {
    const zip = zipBytes([{ name: 'a.xml', data: 'x'.repeat(200) }, { name: 'b.xml', data: 'y'.repeat(200) }]);
    const { records } = zipLayout(zip);
    // the second record points at the first entry's local header
    setU32(zip, records[1] + 42, 0);
    const r = inspectZip(zip, LIM);
    expect(r).toMatchObject({ ok: false, code: 'zip_overlap' });
  });

  it('the file itself over the compressed limit', () => {
    const zip = zipBytes([{ name: 'a.txt', data: 'abc' }]);
    expect(inspectZip(zip, { ...LIM, maxCompressedBytes: 50 })).toMatchObject({ ok: false, code: 'zip_too_big' });
  });
});

describe('crc32 (slicing-by-8, what browsers use)', () => {
  it("equals Node's zlib.crc32 at every length and alignment, and continues a previous result", () => {
    const zcrc = (zlib as unknown as { crc32?: (b: Uint8Array, c?: number) => number }).crc32;
    const data = new Uint8Array(5000).map((_, i) => (i * 2654435761) >>> 13);
    // the known value of "123456789"
    expect(crc32(new Uint8Array(Buffer.from('123456789')))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    expect(crc32(new Uint8Array(0), 0xcbf43926)).toBe(0xcbf43926);
    if (!zcrc) return;
    for (let len = 0; len <= 40; len++) {
      for (let off = 0; off < 8; off++) {
        const b = data.subarray(off, off + len);
        expect(crc32(b)).toBe(zcrc(b) >>> 0);
      }
    }
    const whole = zcrc(data) >>> 0;
    expect(crc32(data)).toBe(whole);
    for (const cut of [1, 7, 8, 13, 2500, 4999]) expect(crc32(data.subarray(cut), crc32(data.subarray(0, cut)))).toBe(whole);
    expect(crc32(new Uint8Array(1000).fill(0xff))).toBe(zcrc(new Uint8Array(1000).fill(0xff)) >>> 0);
  });
});

describe('zipPieces: the archive in pieces, its entries\' data never copied', () => {
  it('is writeZip\'s archive, byte for byte, whether an entry\'s data comes whole or in pieces; the pieces are the very data', async () => {
    const texts = ['<a>' + 'Thu ngân sách '.repeat(500) + '</a>', '', 'x'.repeat(70_000)];
    const entries = texts.map((t, i) => {
      const raw = new TextEncoder().encode(t);
      const deflated = new Uint8Array(zlib.deflateRawSync(raw));
      return { name: `xl/part${i}.xml`, method: 8, crc32: crc32(raw), data: deflated, uncompressedSize: raw.length };
    });
    const whole = writeZip(entries);
    // the first entry's data cut into three pieces, the third into pieces of one byte and empty ones
    const cut = (d: Uint8Array, at: number[]) => [0, ...at].map((a, k, xs) => d.subarray(a, xs[k + 1] ?? d.length));
    const pieced = entries.map((e, i) => ({ ...e, data: i === 0 ? cut(e.data, [1, 100]) : i === 2 ? [e.data.subarray(0, 0), ...cut(e.data, [1, 2, 3]), e.data.subarray(5, 5)] : e.data }));
    const pieces = zipPieces(pieced);
    expect(joinPieces(pieces)).toEqual(whole);
    for (const e of pieced) {
      for (const d of Array.isArray(e.data) ? e.data : [e.data]) if (d.length) expect(pieces.includes(d)).toBe(true);
    }
    // a reader sees every entry
    const r = inspectZip(whole, DEFAULT_ZIP_LIMITS);
    expect(r.ok && r.entries.map((e) => [e.name, e.uncompressedSize])).toEqual(texts.map((t, i) => [`xl/part${i}.xml`, new TextEncoder().encode(t).length]));
  });
});

/**
 * The browser's way of compressing a workbook's parts (src/xlsx/deflate.ts): CompressionStream('gzip'), the
 * deflated data and the CRC-32 taken out of the gzip member (fromGzip), so that the pane computes no CRC of its
 * own; deflate-raw and the CRC in JavaScript when gzip is not to be had.
 */
import { randomBytes } from 'crypto';
import * as zlib from 'zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fromGzip, zipEntry } from '../../../src/xlsx/deflate';
import { crc32 } from '../../../src/xlsx/zip';

const text = new TextEncoder().encode('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'.repeat(2000) + 'Xã Thanh Hà');

/** A gzip member of `data` with the header's optional fields set by `flags`, each filled as RFC 1952 says. */
function gzipWith(data: Uint8Array, flags: number): Uint8Array {
  const head = [0x1f, 0x8b, 8, flags, 0, 0, 0, 0, 0, 3];
  if (flags & 4) head.push(3, 0, 1, 2, 3); // FEXTRA: 3 bytes
  if (flags & 8) head.push(...Buffer.from('bao-cao.xml'), 0); // FNAME
  if (flags & 16) head.push(...Buffer.from('tonghop'), 0); // FCOMMENT
  if (flags & 2) head.push(0xab, 0xcd); // FHCRC
  const tail = Buffer.alloc(8);
  tail.writeUInt32LE(crc32(data) >>> 0, 0);
  tail.writeUInt32LE(data.length, 4);
  return new Uint8Array(Buffer.concat([Buffer.from(head), zlib.deflateRawSync(data), tail]));
}

describe('fromGzip', () => {
  it('gives the deflated data and the CRC-32 of a gzip member, whatever optional fields its header has', () => {
    for (const flags of [0, 2, 4, 8, 16, 4 | 8 | 16 | 2]) {
      const m = fromGzip(gzipWith(text, flags), text.length);
      expect(m).not.toBeNull();
      expect(m!.crc).toBe(crc32(text) >>> 0);
      expect(Buffer.from(zlib.inflateRawSync(m!.deflated)).equals(Buffer.from(text))).toBe(true);
    }
    // as Node's zlib writes one
    const m = fromGzip(new Uint8Array(zlib.gzipSync(text)), text.length);
    expect(m!.crc).toBe(crc32(text) >>> 0);
    expect(Buffer.from(zlib.inflateRawSync(m!.deflated)).equals(Buffer.from(text))).toBe(true);
  });

  it('refuses what is not a gzip member of that many bytes', () => {
    const gz = gzipWith(text, 0);
    expect(fromGzip(gz, text.length + 1)).toBeNull(); // the trailer's size is another
    expect(fromGzip(gz.subarray(0, 12), text.length)).toBeNull(); // cut short
    const bad = gz.slice();
    bad[0] = 0x1e;
    expect(fromGzip(bad, text.length)).toBeNull(); // not gzip's magic
    const reserved = gz.slice();
    reserved[3] = 0x20;
    expect(fromGzip(reserved, text.length)).toBeNull(); // a reserved flag
    const noExtra = gzipWith(new Uint8Array(0), 0).slice(0, 18);
    noExtra[3] = 4 | 8; // FEXTRA and FNAME announced, not there
    expect(fromGzip(noExtra, 0)).toBeNull();
  });
});

describe('zipEntry as a browser compresses (CompressionStream)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('takes the CRC-32 from gzip: the same entry data and checksum as deflate-raw and the CRC in JavaScript', async () => {
    const e = await zipEntry('xl/worksheets/sheet1.xml', text, 4, 'stream');
    expect(e.method).toBe(8);
    expect(e.crc32 >>> 0).toBe(crc32(text) >>> 0);
    expect(e.uncompressedSize).toBe(text.length);
    expect(Buffer.from(zlib.inflateRawSync(e.data)).equals(Buffer.from(text))).toBe(true);
  });

  it('without gzip (a CompressionStream that refuses it), deflate-raw with the CRC computed here', async () => {
    const Real = globalThis.CompressionStream;
    let gzipAsked = 0;
    vi.stubGlobal(
      'CompressionStream',
      class {
        constructor(format: string) {
          if (format === 'gzip') {
            gzipAsked++;
            throw new TypeError('unsupported');
          }
          return new Real(format as CompressionFormat);
        }
      },
    );
    const e = await zipEntry('xl/worksheets/sheet1.xml', text, 4, 'stream');
    expect(gzipAsked).toBe(1);
    expect(e.method).toBe(8);
    expect(e.crc32 >>> 0).toBe(crc32(text) >>> 0);
    expect(Buffer.from(zlib.inflateRawSync(e.data)).equals(Buffer.from(text))).toBe(true);
  });

  it('stores a part that deflate does not shrink, with its CRC-32 from gzip', async () => {
    const noise = new Uint8Array(randomBytes(4096)); // random bytes: deflate makes them longer
    const e = await zipEntry('xl/media/x.bin', noise, 4, 'stream');
    expect(e.method).toBe(0);
    expect(e.crc32 >>> 0).toBe(crc32(noise) >>> 0);
    expect(e.data).toBe(noise);
  });
});

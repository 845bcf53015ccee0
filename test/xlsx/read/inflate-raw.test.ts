/**
 * The browser's inflater (src/xlsx/inflate-raw.ts) against zlib: every kind of block (stored, fixed, dynamic),
 * every strategy and level, codes longer than its 10-bit lookup; damaged data told, never thrown, never
 * looping; output that does not fit stopped at once (a zip bomb costs no more than the buffer).
 */
import * as zlib from 'zlib';
import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { inflateRawInto } from '../../../src/xlsx/inflate-raw';
import { inspectZip } from '../../../src/xlsx/zip';

/** A small random generator (the same data every run). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/** Bytes drawn from an alphabet of `alpha` symbols, with repeats of what came just before (matches). */
function sample(rand: () => number, len: number, alpha: number): Buffer {
  const b = Buffer.alloc(len);
  for (let i = 0; i < len; i++) b[i] = rand() < 0.3 && i > 10 ? b[i - 1 - Math.floor(rand() * 10)] : Math.floor(rand() * alpha);
  return b;
}

function roundTrip(data: Buffer, opts: zlib.ZlibOptions): boolean {
  const out = new Uint8Array(data.length + 1);
  const r = inflateRawInto(zlib.deflateRawSync(data, opts), out);
  return r.ok && r.length === data.length && Buffer.from(out.subarray(0, r.length)).equals(data);
}

const C = zlib.constants;
const STRATEGIES: zlib.ZlibOptions[] = [{ level: 0 }, { level: 1 }, { level: 4 }, { level: 9 }, { strategy: C.Z_FIXED }, { strategy: C.Z_HUFFMAN_ONLY }, { strategy: C.Z_RLE }];

describe('inflateRawInto', () => {
  it('gives back what zlib deflated: stored, fixed and dynamic blocks, every strategy, short and long codes', () => {
    const rand = rng(20261202);
    let cases = 0;
    for (let t = 0; t < 60; t++) {
      // lengths from 0 to ~200 kB (several blocks), alphabets from 1 symbol to all 256 (codes up to 15 bits)
      const data = sample(rand, Math.floor(rand() ** 3 * 200_000), 1 + Math.floor(rand() * 255));
      for (const o of STRATEGIES) {
        expect(roundTrip(data, o), `${data.length} bytes, ${JSON.stringify(o)}`).toBe(true);
        cases++;
      }
    }
    // skewed frequencies: a few symbols very common, many rare (the longest codes)
    const skew = Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i % 97 === 0 ? 32 + (i % 200) : 65 + (i % 3))));
    for (const o of STRATEGIES) expect(roundTrip(skew, o)).toBe(true);
    expect(cases).toBe(420);
  });

  it('reads every part of the sample workbooks as zlib does', () => {
    const samples = path.resolve(__dirname, '../../../../shared/samples');
    const books: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(path.join(d, e.name));
        else if (/\.xlsx$/i.test(e.name)) books.push(path.join(d, e.name));
      }
    };
    walk(samples);
    expect(books.length).toBeGreaterThan(10);
    let parts = 0;
    for (const f of books) {
      const data = fs.readFileSync(f);
      const zip = inspectZip(data, { maxCompressedBytes: Infinity, maxUncompressedBytes: Infinity });
      if (!zip.ok) continue;
      for (const e of zip.entries) {
        if (e.dir || e.method !== 8) continue;
        const raw = data.subarray(e.dataOffset, e.dataOffset + e.compressedSize);
        const out = new Uint8Array(e.uncompressedSize + 1);
        const r = inflateRawInto(raw, out);
        expect(r.ok && Buffer.from(out.subarray(0, r.length)).equals(zlib.inflateRawSync(raw)), `${path.basename(f)} ${e.name}`).toBe(true);
        parts++;
      }
    }
    expect(parts).toBeGreaterThan(100);
  });

  it('tells damaged data (cut short, bits flipped, a bad block type) without throwing', () => {
    const rand = rng(7);
    const text = sample(rand, 60_000, 40);
    // cut short: told damaged (a flipped bit may still make a valid stream, of other bytes: the part's CRC-32
    // tells that one, inflate.ts); neither throws
    let cut = 0;
    let toldCut = 0;
    for (let t = 0; t < 1500; t++) {
      const c = Buffer.from(zlib.deflateRawSync(text.subarray(0, 1000 + Math.floor(rand() * 59_000)), { level: 1 + Math.floor(rand() * 9) }));
      let d: Buffer = c;
      if (t % 3 === 0) d = c.subarray(0, Math.floor(rand() * (c.length - 1)));
      else for (let j = 0; j < 1 + Math.floor(rand() * 4); j++) d[Math.floor(rand() * d.length)] ^= 1 << Math.floor(rand() * 8);
      const r = inflateRawInto(d, new Uint8Array(70_000));
      if (t % 3 === 0) {
        cut++;
        if (!r.ok && r.why === 'damaged') toldCut++;
      }
    }
    expect(toldCut).toBe(cut);
    // block type 3 does not exist; nothing at all is cut short
    expect(inflateRawInto(Uint8Array.of(0b111), new Uint8Array(10))).toEqual({ ok: false, why: 'damaged' });
    expect(inflateRawInto(new Uint8Array(0), new Uint8Array(10))).toEqual({ ok: false, why: 'damaged' });
    // a stored block whose length and its complement disagree
    expect(inflateRawInto(Uint8Array.of(1, 5, 0, 0, 0, 65, 65, 65, 65, 65), new Uint8Array(10))).toEqual({ ok: false, why: 'damaged' });
  });

  it('stops as soon as the output does not fit: a bomb costs the buffer, no more', () => {
    const bomb = zlib.deflateRawSync(Buffer.alloc(50_000_000), { level: 9 }); // 50 MB of zeros in ~50 kB
    expect(inflateRawInto(bomb, new Uint8Array(1000))).toEqual({ ok: false, why: 'full' });
    const data = Buffer.from('Xã Thanh Hà '.repeat(100));
    const c = zlib.deflateRawSync(data);
    expect(inflateRawInto(c, new Uint8Array(data.length - 1))).toEqual({ ok: false, why: 'full' });
    expect(inflateRawInto(c, new Uint8Array(data.length))).toEqual({ ok: true, length: data.length });
  });
});

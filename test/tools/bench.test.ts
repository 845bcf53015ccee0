/** The benchmark's synthetic communes and its outputs floor (tools/bench): distinct names as the reader folds them, at any N up to 5,000; the workbook's parts as its writer deflated them. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { describe, it, expect } from 'vitest';
import { benchCommuneNames, writeJsonPieces, xmlParts } from '../../tools/bench/bench';
import { communeKey } from '../../src/util/text';
import { crc32, writeZip } from '../../src/xlsx/zip';

describe('benchCommuneNames', () => {
  it.each([200, 992, 993, 3321, 5000])('%i communes: distinct keys, no digits', (n) => {
    const names = benchCommuneNames(n);
    expect(names).toHaveLength(n);
    expect(new Set(names.map(communeKey)).size).toBe(n);
    expect(names.some((x) => /\d/.test(x))).toBe(false);
  });
});

describe('xmlParts (the bench\'s (o): what the outputs floor deflates again)', () => {
  it('gives every part inflated, deflated and stored alike, folders left out', () => {
    const enc = new TextEncoder();
    const sheet = enc.encode('<worksheet>' + '<row><c r="A1"><v>1</v></c></row>'.repeat(200) + '</worksheet>');
    const types = enc.encode('<Types/>');
    const zip = writeZip([
      { name: 'xl/', method: 0, crc32: 0, data: new Uint8Array(0), uncompressedSize: 0 },
      { name: 'xl/worksheets/sheet1.xml', method: 8, crc32: crc32(sheet), data: new Uint8Array(zlib.deflateRawSync(sheet)), uncompressedSize: sheet.length },
      { name: '[Content_Types].xml', method: 0, crc32: crc32(types), data: types, uncompressedSize: types.length },
    ]);
    const parts = xmlParts(zip);
    expect(parts.map((p) => Buffer.from(p).toString('utf8'))).toEqual([Buffer.from(sheet).toString('utf8'), '<Types/>']);
  });

  it('refuses what is not a zip', () => {
    expect(() => xmlParts(new TextEncoder().encode('not a zip at all'))).toThrow(/zip/);
  });
});

describe('writeJsonPieces (the bench\'s (o): the report made JSON again, in pieces)', () => {
  it('writes what JSON.stringify writes, over many pieces', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tonghop-bench-test-'));
    try {
      const value = {
        tonghop: '1',
        skipped: undefined,
        period: { kind: 'quarter', year: 2020 },
        empty: [],
        indicators: Array.from({ length: 3000 }, (_, i) => ({ code: `KT${i}`, name: 'Chỉ tiêu "số" ' + 'x'.repeat(500), actual: i / 7, note: null })),
        holes: [1, undefined, () => 0, 'a'],
      };
      const file = path.join(dir, 'o.json');
      writeJsonPieces(file, value);
      const text = fs.readFileSync(file, 'utf8');
      expect(text.length).toBeGreaterThan(1 << 20); // more than one piece
      expect(text).toBe(JSON.stringify(value));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

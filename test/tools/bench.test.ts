/** The benchmark's synthetic communes and its outputs floor (tools/bench): distinct names as the reader folds them, at any N up to 5,000; the workbook's parts as its writer deflated them. */
import * as zlib from 'zlib';
import { describe, it, expect } from 'vitest';
import { benchCommuneNames, xmlParts } from '../../tools/bench/bench';
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

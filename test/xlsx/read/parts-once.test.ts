/**
 * What the reader shares between the looks it takes at one file: the zip listing's index (findEntry), a part
 * read whole and kept (outputMark's xl/workbook.xml, read again by the reader) — with the same answers as
 * when each look is taken afresh.
 */
import { describe, expect, it } from 'vitest';
import { findEntry, inspectZip, DEFAULT_ZIP_LIMITS, type ZipEntry } from '../../../src/xlsx/zip';
import { readWholePart } from '../../../src/xlsx/inflate';
import { zipBytes } from '../broken-files';

function entry(name: string): ZipEntry {
  return { name, method: 8, flags: 0, encrypted: false, compressedSize: 1, uncompressedSize: 1, crc32: 0, localHeaderOffset: 0, dataOffset: 0, dir: false };
}

describe('findEntry: by name as readers look it up', () => {
  it('ignores case, one leading "/" and backslashes, and gives the first of a name', () => {
    const list = [entry('/XL/Workbook.xml'), entry('xl\\workbook.xml'), entry('docProps/custom.xml'), entry('//twice.xml')];
    expect(findEntry(list, 'xl/workbook.xml')).toBe(list[0]);
    expect(findEntry(list, 'XL/WORKBOOK.XML')).toBe(list[0]);
    expect(findEntry(list, 'docprops/custom.xml')).toBe(list[2]);
    expect(findEntry(list, '/twice.xml')).toBe(list[3]);
    expect(findEntry(list, 'twice.xml')).toBeUndefined();
    expect(findEntry(list, 'xl/styles.xml')).toBeUndefined();
  });

  it('looks each listing up by its own names', () => {
    const a = [entry('a.xml')];
    const b = [entry('b.xml')];
    expect(findEntry(a, 'a.xml')).toBe(a[0]);
    expect(findEntry(b, 'a.xml')).toBeUndefined();
    expect(findEntry(b, 'b.xml')).toBe(b[0]);
  });
});

describe('readWholePart: a part kept for the next read', () => {
  const xml = '<?xml version="1.0"?><workbook>' + 'x'.repeat(500) + '</workbook>';
  const listing = (): { data: Uint8Array; e: ZipEntry } => {
    const data = zipBytes([{ name: 'xl/workbook.xml', data: xml }]);
    const z = inspectZip(data, DEFAULT_ZIP_LIMITS);
    if (!z.ok) throw new Error(z.en);
    return { data, e: z.entries[0] };
  };

  it('gives the kept text again and counts it against the next read’s budget', async () => {
    const { data, e } = listing();
    expect(await readWholePart(data, e, undefined, true)).toEqual({ text: xml, problem: null });
    // the bytes are gone: only the kept text can answer now
    const blank = new Uint8Array(data.length);
    const budget = { bytes: xml.length + 10 };
    expect(await readWholePart(blank, e, budget)).toEqual({ text: xml, problem: null });
    expect(budget.bytes).toBe(10);
  });

  it('reads afresh under a budget that does not cover the part: the same refusal as without keeping', async () => {
    const { data, e } = listing();
    await readWholePart(data, e, undefined, true);
    const budget = { bytes: xml.length - 1 };
    const r = await readWholePart(data, e, budget);
    expect(r.problem).toBe('budget');
  });

  it('keeps nothing unless asked, nor a part that could not be read', async () => {
    const { data, e } = listing();
    await readWholePart(data, e);
    const blank = new Uint8Array(data.length);
    expect((await readWholePart(blank, e)).problem).not.toBeNull();
    const damaged = listing();
    const bad = damaged.data.slice();
    bad.fill(0, damaged.e.dataOffset, damaged.e.dataOffset + damaged.e.compressedSize);
    expect((await readWholePart(bad, damaged.e, undefined, true)).problem).not.toBeNull();
    expect((await readWholePart(damaged.data, damaged.e)).text).toBe(xml);
  });
});

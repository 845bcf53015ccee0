/**
 * The browser's inflater (fflate, what setXlsxNodeZlib(false) runs) against Node's zlib: the same Grids for
 * real and bench workbooks, whole or streamed in chunks; the same PartRead for zip bombs and lying
 * directories, budgets, damaged data, CRC-32 and size mismatches, empty data, a sink that stops, UTF-16.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { readPartText, setXlsxNodeZlib, setXlsxReadTuning, type InflateBudget, type PartRead } from '../../../src/xlsx/inflate';
import { readXlsx } from '../../../src/xlsx/workbook';
import { inspectZip, type ZipEntry } from '../../../src/xlsx/zip';
import { benchCommuneNames, benchIndicators, makeCommune } from '../../../tools/bench/bench';
import { file, handWorkbook, type PartSpec, zipParts } from './helpers';

const REPO = path.resolve(__dirname, '../../..');

afterEach(() => {
  setXlsxNodeZlib(true);
  setXlsxReadTuning();
});

/** One part zipped alone (with `spec`: raw data, declared size, CRC): the zip's bytes and its entry. */
function onePart(content: Uint8Array | string, spec: PartSpec = {}): { data: Uint8Array; entry: ZipEntry } {
  const bytes = typeof content === 'string' ? new Uint8Array(Buffer.from(content, 'utf8')) : content;
  const data = zipParts(new Map([['p.xml', bytes]]), { 'p.xml': spec });
  const z = inspectZip(data, { maxCompressedBytes: 1e9, maxUncompressedBytes: 1e12, maxRatio: 1e9 });
  if (!z.ok) throw new Error(z.en);
  return { data, entry: z.entries[0] };
}

interface Got {
  r: PartRead;
  text: string;
  calls: number;
}

/** readPartText with Node's zlib or with fflate; the sink asks to stop after `stopAfter` calls. */
async function read(node: boolean, part: { data: Uint8Array; entry: ZipEntry }, o: { budget?: number; stopAfter?: number } = {}): Promise<Got> {
  setXlsxNodeZlib(node);
  try {
    let text = '';
    let calls = 0;
    const budget: InflateBudget | undefined = o.budget === undefined ? undefined : { bytes: o.budget };
    const r = await readPartText(
      part.data,
      part.entry,
      (t) => {
        text += t;
        calls++;
        return o.stopAfter === undefined || calls < o.stopAfter;
      },
      budget,
    );
    return { r, text, calls };
  } finally {
    setXlsxNodeZlib(true);
  }
}

/** What a PartRead says, without the words of the inflater's error (zlib's and fflate's differ). */
function outcome(r: PartRead): Record<string, unknown> {
  const error = r.error === undefined ? null : r.error === 'CRC-32' || r.error.startsWith('size ') ? r.error : 'damaged';
  // bytes are only those of the whole part: past a limit or damage they depend on where the inflater stopped
  return { overflow: r.overflow, overBudget: !!r.overBudget, stopped: r.stopped, error, bytes: r.overflow || r.overBudget || error === 'damaged' ? '-' : r.bytes };
}

/** Node's zlib and fflate on the same part: the same outcome; returns both. */
async function both(part: { data: Uint8Array; entry: ZipEntry }, o: { budget?: number; stopAfter?: number } = {}): Promise<{ node: Got; web: Got }> {
  const node = await read(true, part, o);
  const web = await read(false, part, o);
  expect(outcome(web.r)).toEqual(outcome(node.r));
  return { node, web };
}

/** XML that compresses about 3:1 (numbers from a generator), `n` rows: past 16 KB compressed from n ≈ 400. */
function sheetXml(n: number): string {
  let s = '<?xml version="1.0" encoding="UTF-8"?><worksheet><sheetData>';
  let x = 12345;
  for (let r = 1; r <= n; r++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    s += `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>Chỉ tiêu ${r} ở xã</t></is></c><c r="B${r}"><v>${x}</v></c><c r="C${r}"><v>${(x % 9973) / 7}</v></c></row>`;
  }
  return s + '</sheetData></worksheet>';
}

const bombs = new Map<number, Uint8Array>();

/** A zip bomb: `size` spaces after a start tag (deflated once per size), declared as `declared` bytes. */
function bomb(size: number, declared: number): { data: Uint8Array; entry: ZipEntry } {
  let raw = bombs.get(size);
  if (!raw) {
    const b = Buffer.alloc(size, 0x20);
    b.write('<worksheet>');
    raw = new Uint8Array(zlib.deflateRawSync(b, { level: 9 }));
    bombs.set(size, raw);
  }
  return onePart(new Uint8Array(0), { raw, declared });
}

describe('fflate (browsers, workers) reads what Node reads', () => {
  it('the same Grids for the examples and bench communes, whole and in 64-byte chunks', async () => {
    const inputs = ['examples/ke-hoach-2024.xlsx', ...fs.readdirSync(path.join(REPO, 'examples/xa')).map((f) => 'examples/xa/' + f)]
      .filter((f) => /\.xls[xm]$/.test(f))
      .map((f) => file(path.basename(f), new Uint8Array(fs.readFileSync(path.join(REPO, f)))));
    const inds = benchIndicators();
    const names = benchCommuneNames(4);
    for (let i = 0; i < names.length; i++) inputs.push(file(`bc-${i}.xlsx`, new Uint8Array(await makeCommune(names[i], i, inds))));
    inputs.push(file('big.xlsx', zipParts(handWorkbook({ sheets: [{ name: 'Lớn', xml: sheetXml(3000).replace(/^.*<sheetData>|<\/sheetData>.*$/g, '') }] }))));
    expect(inputs.length).toBeGreaterThan(8);
    for (const f of inputs) {
      const base = await readXlsx(f);
      expect(base.grids.length).toBeGreaterThan(0);
      setXlsxNodeZlib(false);
      expect(await readXlsx(f)).toStrictEqual(base);
      setXlsxReadTuning({ syncMax: 0, chunk: 64 });
      expect(await readXlsx(f)).toStrictEqual(base);
      setXlsxReadTuning();
      setXlsxNodeZlib(true);
    }
  });

  it('a small part in one call, a big one streamed, UTF-8 and UTF-16: the same text and PartRead', async () => {
    const small = sheetXml(20);
    const big = sheetXml(3000);
    const utf16 = new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(sheetXml(500), 'utf16le')]));
    for (const [content, text] of [
      [small, small],
      [big, big],
      [utf16, sheetXml(500)],
    ] as const) {
      const part = onePart(content);
      for (const tuning of [undefined, { syncMax: 0, chunk: 64 }, { syncMax: 0, chunk: 4099 }]) {
        setXlsxReadTuning(tuning);
        const { node, web } = await both(part);
        expect(web.r).toEqual({ bytes: part.entry.uncompressedSize, overflow: false, stopped: false });
        expect(node.text).toBe(text);
        expect(web.text).toBe(text);
      }
    }
    // the big part's compressed data are more than one push: fflate streams it even under SYNC_MAX
    expect(onePart(big).entry.compressedSize).toBeGreaterThan(16 * 1024);
  });

  it('a zip bomb inflating in one push (8 MB of spaces declared 1000 bytes): overflow, nothing handed on', async () => {
    const part = bomb(8 * 1024 * 1024, 1000);
    expect(part.entry.compressedSize).toBeLessThanOrEqual(16 * 1024);
    const { node, web } = await both(part);
    expect(web.r).toEqual({ bytes: 1001, overflow: true, stopped: false });
    expect(node.r).toEqual({ bytes: 1001, overflow: true, stopped: false });
    expect(web.text).toBe('');
  });

  it('a zip bomb streamed (100 MB of spaces declared 1000 bytes, or 2 MB): overflow, stopped within a push', async () => {
    for (const declared of [1000, 2 * 1024 * 1024]) {
      const part = bomb(100 * 1024 * 1024, declared);
      expect(part.entry.compressedSize).toBeGreaterThan(16 * 1024);
      const t0 = Date.now();
      const web = await read(false, part);
      const ms = Date.now() - t0;
      expect(web.r.overflow).toBe(true);
      // one push of 16 KB gives at most ~17 MB: far from the 100 MB it would inflate to
      expect(web.r.bytes).toBeGreaterThan(declared);
      expect(web.r.bytes).toBeLessThan(declared + 18 * 1024 * 1024);
      expect(ms).toBeLessThan(5000);
      expect((await read(true, part)).r.overflow).toBe(true);
    }
  });

  it('a directory that declares a few bytes less than the data (overflow) or more (size): the same on both', async () => {
    const xml = sheetXml(20);
    const len = Buffer.byteLength(xml);
    for (const tuning of [undefined, { syncMax: 0 }]) {
      setXlsxReadTuning(tuning);
      const less = await both(onePart(xml, { declared: len - 10 }));
      expect(less.web.r.overflow).toBe(true);
      const more = await both(onePart(xml, { declared: len + 10 }));
      expect(more.web.r.error).toBe(`size ${len} instead of ${len + 10}`);
      // one call: a part whose size is wrong is not handed on at all
      if (!tuning) expect(more.web.text).toBe('');
      // stored blocks (level 0): fflate copies them with set(), which throws past the end of its buffer
      const stored = new Uint8Array(zlib.deflateRawSync(Buffer.from(xml), { level: 0 }));
      const lessStored = await both(onePart(xml, { raw: stored, declared: len - 10 }));
      expect(lessStored.web.r.overflow).toBe(true);
      expect((await both(onePart(xml, { raw: stored }))).web.text).toBe(xml);
    }
  });

  it("the file's budget runs out: overBudget on both, whole or streamed", async () => {
    for (const xml of [sheetXml(20), sheetXml(3000)]) {
      const part = onePart(xml);
      for (const tuning of [undefined, { syncMax: 0 }]) {
        setXlsxReadTuning(tuning);
        const { web } = await both(part, { budget: 1000 });
        expect(web.r.overBudget).toBe(true);
        expect(web.r.overflow).toBe(false);
      }
    }
  });

  it('a CRC-32 that does not match: the error on both; in one call nothing is handed on', async () => {
    for (const xml of [sheetXml(20), sheetXml(3000)]) {
      const part = onePart(xml, { crc: 0x12345678 });
      for (const tuning of [undefined, { syncMax: 0 }]) {
        setXlsxReadTuning(tuning);
        const { node, web } = await both(part);
        expect(web.r.error).toBe('CRC-32');
        if (!tuning && xml.length < 20_000) expect([node.text, web.text]).toEqual(['', '']);
      }
      // the sink stops after its first text: the rest is still inflated, and the CRC-32 checked
      setXlsxReadTuning({ syncMax: 0, chunk: 256 });
      const { web } = await both(part, { stopAfter: 1 });
      expect(web.r).toMatchObject({ stopped: true, error: 'CRC-32' });
      expect(web.calls).toBe(1);
      setXlsxReadTuning();
    }
  });

  it('a sink that stops: stopped on both, the part still checked to its end', async () => {
    const part = onePart(sheetXml(3000));
    setXlsxReadTuning({ syncMax: 0, chunk: 1000 });
    const { node, web } = await both(part, { stopAfter: 3 });
    expect(web.r).toEqual({ bytes: part.entry.uncompressedSize, overflow: false, stopped: true });
    expect(web.calls).toBe(3);
    expect(web.text).toBe(node.text);
  });

  it('damaged data (cut short, garbled, empty): an error on both, what came before a cut handed on', async () => {
    const xml = sheetXml(3000);
    const full = new Uint8Array(zlib.deflateRawSync(Buffer.from(xml)));
    const garbled = full.slice();
    for (let i = Math.floor(full.length / 2); i < full.length; i += 5) garbled[i] ^= 0x5a;
    const small = sheetXml(20);
    const smallFull = new Uint8Array(zlib.deflateRawSync(Buffer.from(small)));
    const cases: [Uint8Array, string][] = [
      [full.slice(0, Math.floor(full.length / 2)), xml],
      [garbled, xml],
      [smallFull.slice(0, smallFull.length - 20), small],
      [smallFull.slice(0, 40), small],
      [new Uint8Array(0), small],
    ];
    for (const [raw, original] of cases) {
      for (const tuning of [undefined, { syncMax: 0 }]) {
        setXlsxReadTuning(tuning);
        const { node, web } = await both(onePart(original, { raw }));
        expect(web.r.error).toBeTruthy();
        // garbled data inflate to garbage before the damage is seen (fflate checks less than zlib: later)
        if (raw !== garbled) expect(original.startsWith(web.text)).toBe(true);
        // half the data cut off: fflate hands on what came before the cut (again in 1 KB pushes), as zlib does
        if (raw.length === Math.floor(full.length / 2)) {
          expect(web.text.length).toBeGreaterThan(xml.length / 4);
          expect(Math.abs(web.text.length - node.text.length)).toBeLessThan(300_000);
        }
      }
    }
  });

  it('rows past maxRows are skipped undecoded wherever the chunks end (skipTo), as with Node', async () => {
    const body = Array.from({ length: 600 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>hàng ${i + 1} ở đây</t></is></c><c r="B${i + 1}"><v>${i}</v></c></row>`).join('');
    const data = zipParts(handWorkbook({ sheets: [{ name: 'S', xml: body, tail: '<mergeCells count="1"><mergeCell ref="A2:B3"/></mergeCells>' }] }));
    const expected = await readXlsx(file('s.xlsx', data), { maxRows: 5 });
    expect(expected.grids[0].merges).toEqual([{ r1: 1, c1: 0, r2: 2, c2: 1 }]);
    setXlsxNodeZlib(false);
    for (const chunk of [7, 13, 64, 333, 4096]) {
      setXlsxReadTuning({ syncMax: 0, chunk });
      expect(await readXlsx(file('s.xlsx', data), { maxRows: 5 })).toStrictEqual(expected);
    }
  });

  it('a bomb sheet in a workbook: the same issues and Grids on both', async () => {
    const parts = handWorkbook({ sheets: [{ name: 'Bom', xml: '<row r="1"><c r="A1"><v>1</v></c></row>' + ' '.repeat(20 * 1024 * 1024) }, { name: 'Thật', xml: '<row r="1"><c r="A1"><v>2</v></c></row>' }] });
    const f = file('bom.xlsx', zipParts(parts, { 'xl/worksheets/sheet1.xml': { declared: 5000 } }));
    const node = await readXlsx(f);
    expect(node.issues.map((i) => i.code)).toEqual(['unreadable_sheet']);
    expect(node.issues[0].messageEn).toContain('zip bomb');
    setXlsxNodeZlib(false);
    expect(await readXlsx(f)).toStrictEqual(node);
  });
});

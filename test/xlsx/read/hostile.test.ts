/**
 * Issue 9, the reader's side: hostile or damaged .xlsx files cost bounded, linear time and never change a
 * figure without a word — CRC-32 checked, duplicate names and fake directories refused, comments and
 * processing instructions skipped, numbers read strictly, UTF-16 parts decoded, a per-file budget.
 * Every input is built here; each test fails on the reader before issue 9.
 */
import { describe, expect, it } from 'vitest';
import { readXlsx } from '../../../src/xlsx/workbook';
import { crc32, inspectZip, writeZip, type ZipWriteEntry } from '../../../src/xlsx/zip';
import { sniffWorkbook } from '../../../src/xlsx/sniff';
import type { Grid } from '../../../src/types';
import { file, handWorkbook, NS, zipParts } from './helpers';

const cell = (g: Grid | undefined, r: number, c: number) => g?.rows[r]?.[c] ?? null;

async function timed<T>(f: () => Promise<T>): Promise<{ ms: number; r: T }> {
  const t0 = performance.now();
  const r = await f();
  return { ms: performance.now() - t0, r };
}

/** The machine running the tests is shared and slow: generous, but far below the quadratic times (minutes). */
const FAST_MS = 4000;

describe('every scan is linear in its input', () => {
  it('workbook.xml of many small quoted tags (no apostrophe anywhere)', async () => {
    const p = handWorkbook({ sheets: [{ name: 'A', xml: '<row r="1"><c r="A1"><v>7</v></c></row>' }] });
    p.set('xl/workbook.xml', p.get('xl/workbook.xml')!.replace('<sheets>', '<x a="1" b="2"/>'.repeat(30_000) + '<sheets>'));
    const { ms, r } = await timed(() => readXlsx(file('tags.xlsx', zipParts(p))));
    expect(cell(r.grids[0], 0, 0)).toEqual({ v: 7 });
    expect(ms).toBeLessThan(FAST_MS);
  });

  it('rows without r attributes', async () => {
    const p = handWorkbook({ sheets: [{ name: 'A', xml: '<row><c><v>1</v></c></row>'.repeat(60_000) }] });
    const { ms, r } = await timed(() => readXlsx(file('nor.xlsx', zipParts(p)), { maxRows: 100_000 }));
    expect(r.grids[0].rows.length).toBe(60_000);
    expect(ms).toBeLessThan(FAST_MS);
  });

  it('cells with an unclosed <v>', async () => {
    const p = handWorkbook({ sheets: [{ name: 'A', xml: '<row r="1"><c r="A1"><v>1</c></row>' + '<row><c t="inlineStr"><is><t>x</c></row>'.repeat(40_000) }] });
    const { ms } = await timed(() => readXlsx(file('v.xlsx', zipParts(p)), { maxRows: 100_000 }));
    expect(ms).toBeLessThan(FAST_MS);
  });

  it('100,000 merges', async () => {
    const merges = Array.from({ length: 100_000 }, (_, i) => `<mergeCell ref="A${i + 2}:B${i + 2}"/>`).join('');
    const p = handWorkbook({ sheets: [{ name: 'A', xml: '<row r="1"><c r="A1"><v>1</v></c></row>', tail: `<mergeCells count="100000">${merges}</mergeCells>` }] });
    const { ms, r } = await timed(() => readXlsx(file('m.xlsx', zipParts(p))));
    expect(r.grids[0].merges.length).toBeGreaterThan(10_000);
    expect(ms).toBeLessThan(FAST_MS);
  });

  it('one sheet part referenced by 10,000 sheets: read once, the others refused by name', async () => {
    const p = handWorkbook({ sheets: [{ name: 'A', xml: '<row r="1"><c r="A1"><v>5</v></c></row>' }] });
    const extra = Array.from({ length: 10_000 }, (_, i) => `<sheet name="S${i}" sheetId="${i + 2}" r:id="rId1"/>`).join('');
    p.set('xl/workbook.xml', p.get('xl/workbook.xml')!.replace('</sheets>', extra + '</sheets>'));
    const { ms, r } = await timed(() => readXlsx(file('many.xlsx', zipParts(p))));
    expect(r.grids.length).toBe(1);
    const shared = r.issues.filter((i) => i.code === 'unreadable_sheet');
    expect(shared.length).toBe(10_000);
    expect(shared[0].sheet).toBe('S0');
    expect(shared[0].messageEn).toMatch(/shares its content \(xl\/worksheets\/sheet1\.xml\) with sheet 'A'/);
    expect(ms).toBeLessThan(FAST_MS);
  });

  it('sheets past 250 are skipped with an error', async () => {
    const sheets = Array.from({ length: 260 }, (_, i) => ({ name: `S${i}`, xml: `<row r="1"><c r="A1"><v>${i}</v></c></row>` }));
    const r = await readXlsx(file('260.xlsx', zipParts(handWorkbook({ sheets }))));
    expect(r.grids.length).toBe(250);
    expect(r.issues.find((i) => i.code === 'sheets_skipped')?.messageEn).toMatch(/other 10 skipped/);
  });

  it('the limit counts what is really inflated: a part read twice counts twice, past the budget it is refused by name', async () => {
    // sheet A's relationship points at the shared strings part (~100 KB): read once as a sheet, once as strings
    const sst = Array.from({ length: 4000 }, (_, i) => `<si><t>chuỗi số ${i}</t></si>`);
    const p = handWorkbook({ sheets: [{ name: 'A', xml: '' }, { name: 'B', xml: '<row r="1"><c r="A1" t="s"><v>3</v></c></row>' }], sst });
    p.delete('xl/worksheets/sheet1.xml');
    p.set('xl/_rels/workbook.xml.rels', p.get('xl/_rels/workbook.xml.rels')!.replace('Target="worksheets/sheet1.xml"', 'Target="sharedStrings.xml"'));
    const z = zipParts(p);
    const ok = await readXlsx(file('twice.xlsx', z));
    expect(cell(ok.grids[1], 0, 0)).toEqual({ v: 'chuỗi số 3' });
    const r = await readXlsx(file('twice.xlsx', z), { maxUncompressedBytes: 150_000 });
    expect(cell(r.grids[1], 0, 0)).toBeNull();
    const bad = r.issues.find((i) => i.sheet === 'B' && i.code === 'missing_shared_strings');
    expect(bad?.messageEn).toMatch(/xl\/sharedStrings\.xml .* one file's data limit/);
  });
});

/** A stored (uncompressed) workbook: its bytes can be edited in place. */
function storedWorkbook(parts: Map<string, string>): Uint8Array {
  const special: Record<string, { method: number }> = {};
  for (const k of parts.keys()) special[k] = { method: 0 };
  return zipParts(parts, special);
}

function findText(data: Uint8Array, s: string): number {
  return Buffer.from(data).indexOf(Buffer.from(s, 'utf8'));
}

describe('zip read as the standard says', () => {
  it('a flipped byte (CRC-32 mismatch) is an error naming the part, never 1879.6 instead of 1379.6', async () => {
    const p = handWorkbook({ sheets: [{ name: 'Kinh tế', xml: '<row r="1"><c r="A1"><v>1379.6</v></c></row>' }] });
    const z = storedWorkbook(p);
    const k = findText(z, '1379.6');
    z[k + 1] = '8'.charCodeAt(0);
    const r = await readXlsx(file('crc.xlsx', z));
    const values = r.grids.flatMap((g) => g.rows.flat()).map((c) => c?.v);
    expect(values).not.toContain(1879.6);
    const issue = r.issues.find((i) => i.severity === 'error');
    expect(issue?.sheet).toBe('Kinh tế');
    expect(issue?.messageEn).toMatch(/CRC-32/);
  });

  it('a flipped byte in a deflated sheet is caught too', async () => {
    const p = handWorkbook({ sheets: [{ name: 'A', xml: '<row r="1"><c r="A1"><v>1379.6</v></c></row>' }] });
    const z = zipParts(p);
    const insp = inspectZip(z, { maxCompressedBytes: 1e9, maxUncompressedBytes: 1e9 });
    if (!insp.ok) throw new Error(insp.en);
    const e = insp.entries.find((x) => x.name === 'xl/worksheets/sheet1.xml')!;
    // corrupt the CRC the directory records: the data no longer matches
    const dv = new DataView(z.buffer, z.byteOffset);
    const cd = Buffer.from(z).lastIndexOf(Buffer.from('xl/worksheets/sheet1.xml')) - 46;
    dv.setUint32(cd + 16, (e.crc32 ^ 1) >>> 0, true);
    const r = await readXlsx(file('crc2.xlsx', z));
    expect(r.issues.some((i) => i.severity === 'error' && /CRC-32/.test(i.messageEn))).toBe(true);
    expect(r.grids.flatMap((g) => g.rows.flat()).length).toBe(0);
  });

  it('a corrupted shared strings part is not used', async () => {
    const p = handWorkbook({ sheets: [{ name: 'A', xml: '<row r="1"><c r="A1" t="s"><v>0</v></c></row>' }], sst: ['<si><t>Hòa An</t></si>'] });
    const z = storedWorkbook(p);
    z[findText(z, 'An</t>')] = 'X'.charCodeAt(0);
    const r = await readXlsx(file('sst.xlsx', z));
    expect(cell(r.grids[0], 0, 0)).toBeNull();
    expect(r.issues.find((i) => i.code === 'missing_shared_strings')?.messageEn).toMatch(/CRC-32/);
  });

  it('two entries of one name are a damaged file', () => {
    const mk = (name: string, text: string): ZipWriteEntry => {
      const b = new Uint8Array(Buffer.from(text));
      return { name, method: 0, crc32: crc32(b), data: b, uncompressedSize: b.length };
    };
    const p = handWorkbook({ sheets: [{ name: 'A', xml: '<row r="1"><c r="A1"><v>1</v></c></row>' }] });
    const entries = [...p].map(([n, t]) => mk(n, t));
    entries.push(mk('xl/worksheets/sheet1.xml', p.get('xl/worksheets/sheet1.xml')!.replace('>1<', '>9<')));
    const s = sniffWorkbook('dup.xlsx', writeZip(entries));
    expect('issue' in s && s.issue.code).toBe('file_damaged');
    expect('issue' in s && s.issue.en).toMatch(/two entries named 'xl\/worksheets\/sheet1\.xml'/);
  });

  it('a fake directory in the zip comment is a damaged file', () => {
    const p = handWorkbook({ sheets: [{ name: 'A', xml: '<row r="1"><c r="A1"><v>1</v></c></row>' }] });
    const z = zipParts(p);
    const eocd = z.length - 22;
    const dv = new DataView(z.buffer, z.byteOffset);
    const cdOffset = dv.getUint32(eocd + 16, true);
    // the comment: a copy of the directory and of the end record (comment length 0: it ends the file too)
    const fake = z.slice(cdOffset, z.length);
    const out = new Uint8Array(z.length + fake.length);
    out.set(z);
    out.set(fake, z.length);
    new DataView(out.buffer).setUint16(eocd + 20, fake.length, true);
    const s = sniffWorkbook('fake.xlsx', out);
    expect('issue' in s && s.issue.code).toBe('file_damaged');
    expect('issue' in s && s.issue.en).toMatch(/two end-of-directory records/);
  });

  it('a local header that does not match the directory is a damaged file', () => {
    const p = handWorkbook({ sheets: [{ name: 'A', xml: '<row r="1"><c r="A1"><v>1</v></c></row>' }] });
    const z = zipParts(p);
    const k = findText(z, 'xl/worksheets/sheet1.xml'); // the local header's name comes first
    z[k + 3] = 'W'.charCodeAt(0);
    const s = sniffWorkbook('local.xlsx', z);
    expect('issue' in s && s.issue.code).toBe('file_damaged');
  });
});

describe('XML comments, processing instructions, CDATA', () => {
  it('a comment in sharedStrings does not shift the strings', async () => {
    const sst = `<?xml version="1.0" encoding="UTF-8"?><sst ${NS} count="3"><si><t>Dân số</t></si><!-- <si><t>cũ</t></si> --><?pi <si><t>pi</t></si>?><si><t>9215</t></si><![CDATA[<si><t>cd</t></si>]]><si><t>cuối</t></si></sst>`;
    const p = handWorkbook({
      sheets: [{ name: 'A', xml: '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>' }],
      sst,
    });
    const r = await readXlsx(file('c.xlsx', zipParts(p)));
    expect(r.grids[0].rows[0].map((c) => c?.v)).toEqual(['Dân số', '9215', 'cuối']);
  });

  it('a commented-out <mergeCell> does not blank values', async () => {
    const p = handWorkbook({
      sheets: [
        {
          name: 'A',
          xml: '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c><c r="C1"><v>3</v></c></row>',
          tail: '<mergeCells count="1"><!-- <mergeCell ref="A1:C1"/> --><?x <mergeCell ref="A1:B1"/>?></mergeCells>',
        },
      ],
    });
    const r = await readXlsx(file('m.xlsx', zipParts(p)));
    expect(r.grids[0].rows[0].map((c) => c?.v)).toEqual([1, 2, 3]);
    expect(r.grids[0].merges).toEqual([]);
  });

  it('a comment or PI inside a cell is no value; CDATA in <v> is', async () => {
    const p = handWorkbook({
      sheets: [{ name: 'A', xml: '<row r="1"><?pi x?><c r="A1"><!-- a > b <v>5</v> --></c><c r="B1"><v><![CDATA[42]]></v></c><c r="C1" t="inlineStr"><is><!-- <t>no</t> --><t>có</t></is></c></row>' }],
    });
    const r = await readXlsx(file('c.xlsx', zipParts(p)));
    expect([...r.grids[0].rows[0]].map((c) => c?.v ?? null)).toEqual([null, 42, 'có']);
  });
});

describe('absurd values at the reader', () => {
  it('non-numeric <v> text in a numeric cell stays text (the reader says not_a_number); ±∞ / NaN never a number', async () => {
    const vals = ['12abc', '0x10', '1e999', '-1e999', 'NaN', 'Infinity', '-Infinity', 'INF'];
    const row = vals.map((v, i) => `<c r="${String.fromCharCode(65 + i)}1"><v>${v}</v></c>`).join('');
    const frow = vals.map((v, i) => `<c r="${String.fromCharCode(65 + i)}2"><f>X1</f><v>${v}</v></c>`).join('');
    const p = handWorkbook({ sheets: [{ name: 'A', xml: `<row r="1">${row}</row><row r="2">${frow}</row><row r="3"><c r="A3"><v> 1.5E+3 </v></c><c r="B3"><v>-.5</v></c></row>` }] });
    const r = await readXlsx(file('v.xlsx', zipParts(p)));
    const g = r.grids[0];
    expect(g.rows[0].map((c) => c?.v)).toEqual(vals);
    expect(g.rows[1].map((c) => c?.v)).toEqual(vals);
    expect(g.rows[2].map((c) => c?.v)).toEqual([1500, -0.5]);
    for (const c of g.rows.flat()) if (typeof c?.v === 'number') expect(Number.isFinite(c.v)).toBe(true);
  });

  it('a shared string index that is not digits points at no string', async () => {
    const p = handWorkbook({ sheets: [{ name: 'A', xml: '<row r="1"><c r="A1" t="s"><v>1abc</v></c></row>' }], sst: ['<si><t>a</t></si>', '<si><t>b</t></si>'] });
    const r = await readXlsx(file('s.xlsx', zipParts(p)));
    expect(cell(r.grids[0], 0, 0)).toBeNull();
    expect(r.issues.some((i) => i.code === 'missing_shared_strings')).toBe(true);
  });
});

describe('UTF-16 parts', () => {
  const utf16 = (s: string, be = false): Uint8Array => {
    const le = Buffer.from('\ufeff' + s, 'utf16le');
    if (be) for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
    return new Uint8Array(le);
  };

  it('workbook, shared strings, sheet and styles in UTF-16 (LE and BE) are read', async () => {
    const p = handWorkbook({
      sheets: [{ name: 'Kinh tế', xml: '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="1"><v>0.5</v></c></row>' }],
      sst: ['<si><t>Thu ngân sách</t></si>'],
      styles: `<?xml version="1.0" encoding="UTF-16"?><styleSheet ${NS.split(' ')[0]}><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="9" applyNumberFormat="1"/></cellXfs></styleSheet>`,
    });
    const parts = new Map<string, string | Uint8Array>();
    for (const [k, v] of p) {
      const x = v.replace('encoding="UTF-8"', 'encoding="UTF-16"');
      if (k === 'xl/workbook.xml' || k === 'xl/styles.xml') parts.set(k, utf16(x));
      else if (k === 'xl/sharedStrings.xml' || k.startsWith('xl/worksheets/')) parts.set(k, utf16(x, true));
      else parts.set(k, v);
    }
    const r = await readXlsx(file('u16.xlsx', zipParts(parts)));
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(r.grids[0].sheet).toBe('Kinh tế');
    expect(r.grids[0].rows[0]).toEqual([{ v: 'Thu ngân sách' }, { v: 0.5, percentFormat: true }]);
  });
});

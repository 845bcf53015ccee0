/**
 * Byte-level mutation of real workbooks for the fuzzer: flipped, truncated, inserted and deleted bytes;
 * damaged zip entries and directory fields; and XML-level edits inside the zip (numbers at their limits,
 * cell addresses out of range, hostile merges and column ranges, truncated parts, missing parts) that
 * reach past the zip layer into exceljs and the reader. Deterministic for a given random source.
 */
import * as zlib from 'zlib';
import { crc32, inspectZip, writeZip, type ZipEntry, type ZipWriteEntry } from '../../src/xlsx/zip';

import { seeded, type Rand } from '../random';

export { seeded, type Rand };

const int = (rand: Rand, n: number) => Math.floor(rand() * n);
const pick = <T>(rand: Rand, list: readonly T[]): T => list[int(rand, list.length)];

function entriesOf(data: Uint8Array): ZipEntry[] | null {
  const z = inspectZip(data, { maxCompressedBytes: 1e9, maxUncompressedBytes: 1e10, maxEntries: 1e6, maxRatio: 1e9 });
  return z.ok ? z.entries : null;
}

const BOUNDARY32 = [0, 1, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];

// ───────────────────────────── byte mutations ─────────────────────────────

type ByteMutator = (d: Uint8Array, rand: Rand) => { data: Uint8Array; what: string };

const byteMutators: Record<string, ByteMutator> = {
  // ── corrupt zip structures (issue 9): a flipped data byte, a wrong CRC, duplicate names, a fake directory
  crc_flip(d, rand) {
    const es = entriesOf(d)?.filter((e) => !e.dir && e.compressedSize > 0);
    if (!es?.length) return { data: d, what: 'no entry' };
    const e = pick(rand, es);
    const out = d.slice();
    if (rand() < 0.5) {
      out[e.dataOffset + int(rand, e.compressedSize)] ^= 1 << int(rand, 8);
      return { data: out, what: `a data byte of '${e.name}' flipped` };
    }
    const cd = Buffer.from(out).lastIndexOf(Buffer.from(e.name, 'utf8')) - 46;
    if (cd > 0) new DataView(out.buffer, out.byteOffset).setUint32(cd + 16, (e.crc32 ^ (1 << int(rand, 32))) >>> 0, true);
    return { data: out, what: `CRC-32 of '${e.name}' changed in the directory` };
  },
  duplicate_entry(d, rand) {
    const es = entriesOf(d)?.filter((e) => !e.dir);
    if (!es?.length) return { data: d, what: 'no entry' };
    const entries: ZipWriteEntry[] = es.map((e) => ({ name: e.name, method: e.method, crc32: e.crc32, data: d.subarray(e.dataOffset, e.dataOffset + e.compressedSize), uncompressedSize: e.uncompressedSize }));
    const dup = pick(rand, entries);
    const at = int(rand, entries.length + 1);
    entries.splice(at, 0, { ...dup, name: rand() < 0.5 ? dup.name : dup.name.toUpperCase() });
    return { data: writeZip(entries), what: `'${dup.name}' twice` };
  },
  fake_directory(d, rand) {
    if (d.length < 22) return { data: d, what: 'too short' };
    const eocd = d.length - 22;
    const dv = new DataView(d.buffer, d.byteOffset, d.byteLength);
    if (dv.getUint32(eocd, true) !== 0x06054b50) return { data: d, what: 'no plain end record' };
    const cdOffset = dv.getUint32(eocd + 16, true);
    const fake = d.slice(Math.min(cdOffset, eocd), d.length);
    if (rand() < 0.5) new DataView(fake.buffer).setUint16(fake.length - 2, int(rand, 100), true);
    const out = new Uint8Array(d.length + fake.length);
    out.set(d);
    out.set(fake, d.length);
    new DataView(out.buffer).setUint16(eocd + 20, Math.min(0xffff, fake.length), true);
    return { data: out, what: 'a copy of the directory in the zip comment' };
  },
  flip_bits(d, rand) {
    const out = d.slice();
    const n = 1 + int(rand, 8);
    for (let i = 0; i < n && out.length; i++) out[int(rand, out.length)] ^= 1 << int(rand, 8);
    return { data: out, what: `${n} bits flipped` };
  },
  truncate(d, rand) {
    const at = int(rand, d.length);
    return { data: d.slice(0, at), what: `truncated at ${at}` };
  },
  insert_bytes(d, rand) {
    const at = int(rand, d.length + 1);
    const n = 1 + int(rand, 64);
    const ins = new Uint8Array(n).map(() => int(rand, 256));
    const out = new Uint8Array(d.length + n);
    out.set(d.subarray(0, at));
    out.set(ins, at);
    out.set(d.subarray(at), at + n);
    return { data: out, what: `${n} bytes inserted at ${at}` };
  },
  delete_range(d, rand) {
    const at = int(rand, d.length);
    const n = 1 + int(rand, Math.min(512, d.length - at));
    const out = new Uint8Array(d.length - n);
    out.set(d.subarray(0, at));
    out.set(d.subarray(at + n), at);
    return { data: out, what: `${n} bytes deleted at ${at}` };
  },
  damage_entry_data(d, rand) {
    const entries = entriesOf(d)?.filter((e) => e.compressedSize > 0);
    if (!entries || entries.length === 0) return byteMutators.flip_bits(d, rand);
    const e = pick(rand, entries);
    const out = d.slice();
    const n = 1 + int(rand, 16);
    for (let i = 0; i < n; i++) out[e.dataOffset + int(rand, e.compressedSize)] = int(rand, 256);
    return { data: out, what: `${n} bytes of '${e.name}' data overwritten` };
  },
  directory_field(d, rand) {
    const out = d.slice();
    const dv = new DataView(out.buffer);
    const eocd = findLast(out, [0x50, 0x4b, 5, 6]);
    if (eocd < 0) return byteMutators.flip_bits(d, rand);
    const cd = dv.getUint32(eocd + 16, true);
    const records: number[] = [];
    for (let p = cd; p + 46 <= out.length && dv.getUint32(p, true) === 0x02014b50 && records.length < 10_000; ) {
      records.push(p);
      p += 46 + dv.getUint16(p + 28, true) + dv.getUint16(p + 30, true) + dv.getUint16(p + 32, true);
    }
    if (records.length === 0 || rand() < 0.25) {
      // EOCD: counts, size, offset
      const field = pick(rand, [8, 10, 12, 16] as const);
      if (field < 12) dv.setUint16(eocd + field, pick(rand, [0, 1, 0xffff, records.length + 1]), true);
      else dv.setUint32(eocd + field, pick(rand, BOUNDARY32), true);
      return { data: out, what: `EOCD field +${field} changed` };
    }
    const r = pick(rand, records);
    const field = pick(rand, [8, 10, 16, 20, 24, 28, 30, 42] as const);
    if (field === 8 || field === 10 || field === 28 || field === 30) dv.setUint16(r + field, pick(rand, [0, 1, 8, 9, 12, 14, 99, 0xffff]), true);
    else {
      const cur = dv.getUint32(r + field, true);
      dv.setUint32(r + field, pick(rand, [...BOUNDARY32, cur + 1, Math.max(0, cur - 1), cur * 1000]) >>> 0, true);
    }
    return { data: out, what: `central record field +${field} changed` };
  },
  splice_zips(d, rand) {
    // Another copy of the file glued after it, cut at a random point: two directories.
    const cut = int(rand, d.length);
    const out = new Uint8Array(d.length + cut);
    out.set(d);
    out.set(d.subarray(0, cut), d.length);
    return { data: out, what: `first ${cut} bytes appended` };
  },
};

function findLast(d: Uint8Array, sig: number[]): number {
  for (let p = d.length - 22; p >= Math.max(0, d.length - 66000); p--) {
    if (d[p] === sig[0] && d[p + 1] === sig[1] && d[p + 2] === sig[2] && d[p + 3] === sig[3]) return p;
  }
  return -1;
}

// ───────────────────────────── XML mutations inside the zip ─────────────────────────────

type XmlMutator = (xml: string, rand: Rand, name: string) => { xml: string; what: string } | null;

const HOSTILE_TEXT = ['=HYPERLINK("http://x","y")', '+cmd', '-1+1', '@SUM(A1)', '<img src=x onerror=alert(1)>', '\u202Eevil', '\u0000', 'A'.repeat(40_000)];

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const xmlMutators: Record<string, XmlMutator> = {
  // ── slow-scan shapes (issue 9): each was quadratic in the reader once
  many_small_tags(xml, rand) {
    const at = xml.indexOf('>', xml.indexOf('<', xml.indexOf('?>') + 1)) + 1;
    const n = 10_000 + int(rand, 90_000);
    const tag = pick(rand, ['<x a="1"/>', '<b/>', "<x a='1' b=\"2\"/>", '<!-- c -->', '<?p x?>']);
    return { xml: xml.slice(0, at) + tag.repeat(n) + xml.slice(at), what: `${n} × ${tag}` };
  },
  rows_without_r(xml, rand) {
    const k = xml.indexOf('<sheetData>');
    if (k < 0) return null;
    const n = 10_000 + int(rand, 50_000);
    return { xml: xml.slice(0, k + 11) + '<row><c><v>1</v></c></row>'.repeat(n) + xml.slice(k + 11), what: `${n} rows without r` };
  },
  unclosed_v(xml, rand) {
    const k = xml.indexOf('<sheetData>');
    if (k < 0) return null;
    const n = 5_000 + int(rand, 40_000);
    const cellx = pick(rand, ['<row><c><v>1</c></row>', '<row><c t="inlineStr"><is><t>x</c></row>', '<row><c><f>A1', '<row r="']);
    return { xml: xml.slice(0, k + 11) + cellx.repeat(n) + xml.slice(k + 11), what: `${n} × ${cellx}` };
  },
  many_merges(xml, rand) {
    const k = xml.indexOf('</sheetData>');
    if (k < 0) return null;
    const n = 10_000 + int(rand, 100_000);
    let m = '';
    for (let i = 0; i < n; i++) m += `<mergeCell ref="A${i + 100}:B${i + 100}"/>`;
    return { xml: xml.slice(0, k + 12) + `<mergeCells count="${n}">${m}</mergeCells>` + xml.slice(k + 12).replace(/<mergeCells[\s\S]*?<\/mergeCells>/, ''), what: `${n} merges` };
  },
  part_many_refs(xml, rand, name) {
    if (!/workbook\.xml$/i.test(name)) return null;
    const m = /<sheet\b[^>]*\/>/.exec(xml);
    if (!m) return null;
    const n = 1_000 + int(rand, 10_000);
    let t = '';
    for (let i = 0; i < n; i++) t += m[0].replace(/name="[^"]*"/, `name="S${i}"`).replace(/sheetId="[^"]*"/, `sheetId="${i + 1000}"`);
    return { xml: xml.slice(0, m.index + m[0].length) + t + xml.slice(m.index + m[0].length), what: `sheet part referenced by ${n + 1} sheets` };
  },
  delete_substring(xml, rand) {
    if (!xml.length) return null;
    const at = int(rand, xml.length);
    const n = 1 + int(rand, 200);
    return { xml: xml.slice(0, at) + xml.slice(at + n), what: `deleted ${n} chars at ${at}` };
  },
  duplicate_substring(xml, rand) {
    if (!xml.length) return null;
    const at = int(rand, xml.length);
    const n = 1 + int(rand, 400);
    const times = 1 + int(rand, 50);
    return { xml: xml.slice(0, at) + xml.slice(at, at + n).repeat(times) + xml.slice(at), what: `repeated ${n} chars ×${times} at ${at}` };
  },
  boundary_number(xml, rand) {
    const nums = [...xml.matchAll(/(?<=[>"])-?\d+(?:\.\d+)?(?=[<"])/g)];
    if (!nums.length) return null;
    const m = pick(rand, nums);
    const v = pick(rand, ['0', '-1', '1048576', '1048577', '16384', '16385', '4294967296', '1e308', '-1e308', 'NaN', '99999999999999999999', '0.1e-400', '']);
    return { xml: xml.slice(0, m.index) + v + xml.slice(m.index! + m[0].length), what: `number '${m[0]}' → '${v}'` };
  },
  cell_address(xml, rand) {
    const refs = [...xml.matchAll(/\sr="[A-Z]+\d+"/g)];
    if (!refs.length) return null;
    const m = pick(rand, refs);
    const v = pick(rand, ['XFD1048576', 'A1048576', 'XFE1', 'A0', 'ZZZZ1', 'A99999999', '1A', '']);
    return { xml: xml.slice(0, m.index) + ` r="${v}"` + xml.slice(m.index! + m[0].length), what: `cell address → '${v}'` };
  },
  hostile_merge(xml, rand) {
    if (!/<sheetData/.test(xml)) return null;
    const ref = pick(rand, ['A1:XFD1048576', 'A1:A1048576', 'A1:XFD1', 'B2:A1', 'A1:B2', 'A0:B1', 'A1']);
    const merge = `<mergeCells count="2"><mergeCell ref="${ref}"/><mergeCell ref="A1:C3"/></mergeCells>`;
    const out = /<mergeCells[\s>]/.test(xml) ? xml.replace(/<mergeCells\b[^>]*>/, `$&<mergeCell ref="${ref}"/>`) : xml.replace(/<\/sheetData>|<sheetData\/>/, (s) => s + merge);
    return { xml: out, what: `merge ${ref} added` };
  },
  hostile_cols(xml, rand) {
    if (!/<sheetData/.test(xml)) return null;
    const col = `<cols><col min="1" max="${pick(rand, ['16384', '2000000000', '0', '-5'])}" width="9"/></cols>`;
    return { xml: xml.replace(/<cols>[\s\S]*?<\/cols>/, '').replace(/<sheetData/, col + '<sheetData'), what: 'column range added' };
  },
  hostile_validation(xml) {
    if (!/<\/sheetData>/.test(xml)) return null;
    const dv = '<dataValidations count="1"><dataValidation type="list" sqref="A1:XFD1048576"><formula1>"Đạt,Chưa đạt"</formula1></dataValidation></dataValidations>';
    return { xml: xml.replace(/<\/sheetData>/, '</sheetData>' + dv).replace(/<dataValidations[\s\S]*?<\/dataValidations>(?=[\s\S]*<dataValidations)/, ''), what: 'whole-sheet data validation added' };
  },
  far_cell(xml, rand) {
    if (!/<\/sheetData>/.test(xml)) return null;
    const r = pick(rand, [1048576, 65537, 200000]);
    const c = pick(rand, ['XFD', 'A', 'ZZ']);
    return { xml: xml.replace(/<\/sheetData>/, `<row r="${r}"><c r="${c}${r}"><v>1</v></c></row></sheetData>`), what: `cell ${c}${r} added` };
  },
  shared_string_index(xml, rand) {
    const ms = [...xml.matchAll(/t="s"([^>]*)><v>\d+<\/v>/g)];
    if (!ms.length) return null;
    const m = pick(rand, ms);
    const v = pick(rand, ['-1', '999999', '4294967295', 'x']);
    return { xml: xml.slice(0, m.index) + `t="s"${m[1]}><v>${v}</v>` + xml.slice(m.index! + m[0].length), what: `shared string index → ${v}` };
  },
  hostile_text(xml, rand) {
    const ts = [...xml.matchAll(/<t(?:\s[^>]*)?>([^<]*)<\/t>/g)];
    const names = [...xml.matchAll(/\sname="([^"]*)"/g)];
    const t = pick(rand, HOSTILE_TEXT);
    if (names.length && rand() < 0.4) {
      const m = pick(rand, names);
      return { xml: xml.slice(0, m.index) + ` name="${xmlEscape(t.slice(0, 40))}"` + xml.slice(m.index! + m[0].length), what: `name → ${JSON.stringify(t.slice(0, 20))}` };
    }
    if (!ts.length) return null;
    const m = pick(rand, ts);
    return { xml: xml.slice(0, m.index) + `<t>${xmlEscape(t)}</t>` + xml.slice(m.index! + m[0].length), what: `text → ${JSON.stringify(t.slice(0, 20))}` };
  },
  formula_external(xml, rand) {
    const vs = [...xml.matchAll(/<c ([^>]*)><v>([^<]*)<\/v><\/c>/g)];
    if (!vs.length) return null;
    const m = pick(rand, vs);
    const f = pick(rand, ['[1]Sheet1!A1', "'C:\\x\\[a.xlsx]S'!A1", 'SUM(A1:XFD1048576)', '1/0', 'INDIRECT("A"&ROW())', '']);
    return { xml: xml.slice(0, m.index) + `<c ${m[1]}><f>${xmlEscape(f)}</f><v>${m[2]}</v></c>` + xml.slice(m.index! + m[0].length), what: `formula ${f}` };
  },
  cell_type(xml, rand) {
    const cs = [...xml.matchAll(/<c r="[A-Z]+\d+"/g)];
    if (!cs.length) return null;
    const m = pick(rand, cs);
    const t = pick(rand, ['s', 'e', 'b', 'str', 'inlineStr', 'd', 'n', 'zz']);
    return { xml: xml.slice(0, m.index! + m[0].length) + ` t="${t}"` + xml.slice(m.index! + m[0].length).replace(/^\s+t="[^"]*"/, ''), what: `cell type → ${t}` };
  },
  truncate_xml(xml, rand) {
    const at = int(rand, xml.length);
    return { xml: xml.slice(0, at), what: `part cut at ${at}` };
  },
  bad_entity(xml, rand) {
    const at = int(rand, xml.length);
    const e = pick(rand, ['&bogus;', '&#0;', '&#xD800;', '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>', '<![CDATA[</c>]]>', '\uFFFF']);
    return { xml: xml.slice(0, at) + e + xml.slice(at), what: `inserted ${JSON.stringify(e.slice(0, 20))}` };
  },
};

export interface Mutation {
  data: Uint8Array;
  what: string;
}

/** One random mutation of a workbook's bytes (XML-level when it is a readable zip and the dice say so). */
export function mutate(data: Uint8Array, rand: Rand): Mutation {
  const entries = entriesOf(data);
  if (entries && rand() < 0.55) {
    const m = mutateInside(data, entries, rand);
    if (m) return m;
  }
  const name = pick(rand, Object.keys(byteMutators));
  const r = byteMutators[name](data, rand);
  return { data: r.data, what: `${name}: ${r.what}` };
}

function mutateInside(data: Uint8Array, entries: ZipEntry[], rand: Rand): Mutation | null {
  const files = entries.filter((e) => !e.dir && (e.method === 0 || e.method === 8));
  if (!files.length) return null;
  const contents = new Map<ZipEntry, Uint8Array>();
  try {
    for (const e of files) {
      const raw = data.subarray(e.dataOffset, e.dataOffset + e.compressedSize);
      contents.set(e, e.method === 0 ? raw : new Uint8Array(zlib.inflateRawSync(raw)));
    }
  } catch {
    return null;
  }
  const roll = rand();
  let what: string;
  let drop: ZipEntry | null = null;
  let renamed: { e: ZipEntry; name: string } | null = null;
  if (roll < 0.08) {
    drop = pick(rand, files);
    what = `part '${drop.name}' removed`;
  } else if (roll < 0.12) {
    const e = pick(rand, files);
    renamed = { e, name: rand() < 0.5 ? e.name.toUpperCase() : '/' + e.name };
    what = `part '${e.name}' renamed '${renamed.name}'`;
  } else {
    const xmlParts = files.filter((e) => /\.(xml|rels)$/i.test(e.name));
    if (!xmlParts.length) return null;
    // Sheets most of the time: that is where the reader works.
    const sheets = xmlParts.filter((e) => /worksheets\/|sharedStrings/i.test(e.name));
    const e = sheets.length && rand() < 0.7 ? pick(rand, sheets) : pick(rand, xmlParts);
    const xml = new TextDecoder().decode(contents.get(e));
    const mname = pick(rand, Object.keys(xmlMutators));
    const r = xmlMutators[mname](xml, rand, e.name);
    if (!r) return null;
    contents.set(e, new TextEncoder().encode(r.xml));
    what = `${mname} in '${e.name}': ${r.what}`;
  }
  const out: ZipWriteEntry[] = [];
  for (const e of files) {
    if (e === drop) continue;
    const bytes = contents.get(e)!;
    out.push({
      name: renamed && renamed.e === e ? renamed.name : e.name,
      method: 8,
      crc32: crc32(bytes),
      data: new Uint8Array(zlib.deflateRawSync(bytes, { level: 1 })),
      uncompressedSize: bytes.length,
    });
  }
  return { data: writeZip(out), what };
}

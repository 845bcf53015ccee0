/**
 * Mixed cases of the fuzzer (issue 9): a few good commune workbooks and one bad file among them — junk named
 * like a commune (random bytes, a fake or cut zip, a zip that is no workbook, an empty or prose-only
 * workbook, HTML or text under a spreadsheet's name) or one of tonghop's own earlier outputs (marked, or
 * written before the mark existed). The invariant: a good file's figures never change because a bad file
 * is present, no commune counts as reported because of one, and the bad file is named in the report.
 */
import ExcelJS from 'exceljs';
import type { InputFile, Report } from '../../src/types';
import { runPipeline } from '../../src/pipeline';
import { writeXlsx } from '../../src/xlsx/write';
import { inspectZip, writeZip } from '../../src/xlsx/zip';
import { zipEntry } from '../../src/xlsx/deflate';
import { slug } from '../../src/util/text';
import { buildCommune, GEN_COMMUNES, HOSTILE_NAMES, sampleSpecs, type CommuneSpec } from './generate';
import type { Rand } from './mutate';

/** The plain commune names of the generator (the hostile ones are tested elsewhere). */
export const PLAIN = GEN_COMMUNES.filter((n) => !HOSTILE_NAMES.includes(n));

export const BAD_KINDS = [
  'random_bytes',
  'fake_zip',
  'cut_workbook',
  'zip_not_workbook',
  'empty_workbook',
  'prose_workbook',
  'html_as_xls',
  'text_as_csv',
  'own_output',
  'own_output_unmarked',
  'zero_bytes',
] as const;
export type BadKind = (typeof BAD_KINDS)[number];

export interface MixedCase {
  good: InputFile[];
  /** The communes the good files were made for. */
  communes: string[];
  bad: InputFile;
  kind: BadKind;
  what: string;
}

const NOW = new Date(Date.UTC(2020, 5, 30, 12));
const int = (rand: Rand, n: number) => Math.floor(rand() * n);
const pick = <T>(rand: Rand, list: readonly T[]): T => list[int(rand, list.length)];

function randomBytes(rand: Rand, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = int(rand, 256);
  return out;
}

async function zipOf(parts: Record<string, string | Uint8Array>): Promise<Uint8Array> {
  const enc = new TextEncoder();
  const entries = [];
  for (const [name, v] of Object.entries(parts)) entries.push(await zipEntry(name, typeof v === 'string' ? enc.encode(v) : v, 0, 'store'));
  return writeZip(entries);
}

/** The same zip without some of its parts (tonghop's output as it was before the mark). */
async function withoutParts(data: Uint8Array, drop: RegExp): Promise<Uint8Array> {
  const z = inspectZip(data, { maxCompressedBytes: 1 << 30, maxUncompressedBytes: 1 << 30 });
  if (!z.ok) return data;
  const { inflateRawSync } = await import('zlib');
  const parts: Record<string, Uint8Array> = {};
  for (const e of z.entries) {
    if (drop.test(e.name)) continue;
    if (e.dir) continue;
    const raw = data.subarray(e.dataOffset, e.dataOffset + e.compressedSize);
    parts[e.name] = e.method === 8 ? new Uint8Array(inflateRawSync(raw)) : raw;
  }
  let xml = new TextDecoder().decode(parts['[Content_Types].xml']);
  xml = xml.replace(/<Override[^>]*custom\.xml"[^>]*\/>/, '');
  parts['[Content_Types].xml'] = new TextEncoder().encode(xml);
  let rels = new TextDecoder().decode(parts['_rels/.rels']);
  rels = rels.replace(/<Relationship[^>]*custom\.xml"[^>]*\/>/, '');
  parts['_rels/.rels'] = new TextEncoder().encode(rels);
  return zipOf(parts);
}

async function workbookOf(fill: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  fill(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** Names a bad file may carry: like a good commune's file, like a commune of the plan that sent nothing, or an output's. */
function badName(rand: Rand, good: string[], missing: string[], ext: string): string {
  const g = slug(pick(rand, good)) || 'xa';
  const m = slug(pick(rand, missing.length ? missing : good)) || 'xa';
  return pick(rand, [`bao-cao-${g}${ext}`, `${m}${ext}`, `${g} (1)${ext}`, `BC ${m} 6 thang${ext}`, `tong-hop${ext}`, `${g}-ban-sua${ext}`]);
}

async function badContent(kind: BadKind, rand: Rand, good: InputFile[], goodRun: () => Promise<Uint8Array>): Promise<{ data: Uint8Array; ext: string }> {
  switch (kind) {
    case 'random_bytes':
      return { data: randomBytes(rand, 1 + int(rand, 6000)), ext: pick(rand, ['.xlsx', '.xls', '.ods', '.xlsm']) };
    case 'zero_bytes':
      return { data: new Uint8Array(0), ext: pick(rand, ['.xlsx', '.xls', '.csv']) };
    case 'fake_zip': {
      const d = randomBytes(rand, 30 + int(rand, 4000));
      d.set([0x50, 0x4b, 0x03, 0x04]);
      return { data: d, ext: '.xlsx' };
    }
    case 'cut_workbook': {
      const src = pick(rand, good).data;
      return { data: src.slice(0, Math.max(1, Math.floor(src.length * (0.05 + rand() * 0.9)))), ext: '.xlsx' };
    }
    case 'zip_not_workbook':
      return {
        data: await zipOf({
          '[Content_Types].xml': '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
          'word/document.xml': '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Báo cáo tình hình kinh tế - xã hội</w:t></w:r></w:p></w:body></w:document>',
          'anh.jpg': randomBytes(rand, 500),
        }),
        ext: '.xlsx',
      };
    case 'empty_workbook':
      return { data: await workbookOf((wb) => wb.addWorksheet(pick(rand, ['Sheet1', 'Báo cáo', 'Trang tính1']))), ext: '.xlsx' };
    case 'prose_workbook':
      return {
        data: await workbookOf((wb) => {
          const ws = wb.addWorksheet('Công văn');
          ws.getCell('A1').value = 'UBND XÃ ' + pick(rand, PLAIN).toUpperCase();
          ws.getCell('A3').value = 'Kính gửi: Chi cục Thống kê huyện. Xã xin gửi báo cáo chậm do mất điện.';
          ws.getCell('A5').value = `Thu ngân sách ước đạt ${int(rand, 900)} triệu đồng.`;
        }),
        ext: '.xlsx',
      };
    case 'html_as_xls':
      return { data: new TextEncoder().encode(`<html><body><p>Lỗi 404 — trang không tồn tại</p><table><tr><td>${int(rand, 1000)}</td></tr></table></body></html>`), ext: '.xls' };
    case 'text_as_csv':
      return { data: new TextEncoder().encode(pick(rand, ['Xin chào\nđây là thư', '\u0000\u0001\u0002', 'a;b;c\n1;2;3', '"không đóng ngoặc\n1,2'])), ext: '.csv' };
    case 'own_output':
      return { data: await goodRun(), ext: '.xlsx' };
    case 'own_output_unmarked':
      return { data: await withoutParts(await goodRun(), /^docProps\/custom\.xml$/), ext: '.xlsx' };
  }
}

/** One mixed case from the seed: 2–4 good communes (distinct plain names), one bad file. */
export async function buildMixed(rand: Rand, seed: number, plan: InputFile, only?: BadKind): Promise<MixedCase> {
  const k = 2 + int(rand, 3);
  const names = [...PLAIN].sort(() => rand() - 0.5).slice(0, k + 1);
  const samePeriod = rand() < 0.6;
  const specs: CommuneSpec[] = sampleSpecs(k, seed).map((s, i) => ({
    ...s,
    commune: GEN_COMMUNES.indexOf(names[i]),
    ...(samePeriod ? { period: { kind: 'half', index: 1, estimate: false, where: 'title' } } : {}),
  }));
  const good: InputFile[] = [];
  const seen = new Set<string>();
  for (const s of specs) {
    const g = await buildCommune(s);
    let name = g.file.name;
    while (seen.has(name)) name = '_' + name;
    seen.add(name);
    good.push({ name, data: g.file.data });
  }
  const kind = only ?? pick(rand, BAD_KINDS);
  const goodRun = async () => {
    const r = await runPipeline({ communes: good, plan, now: NOW });
    return writeXlsx(r.sheets, { now: NOW, run: 'fuzz' });
  };
  const { data, ext } = await badContent(kind, rand, good, goodRun);
  let name = badName(rand, names.slice(0, k), names.slice(k), ext);
  while (seen.has(name)) name = 'x-' + name;
  return { good, communes: names.slice(0, k), bad: { name, data }, kind, what: `mixed ${kind} '${name}' (${data.length} B) among ${good.map((g) => g.name).join(', ')}` };
}

/** A commune's figures in a report: every indicator's actual, target and previous, and whether it reported. */
function figures(r: Report): Map<string, string> {
  const out = new Map<string, string>();
  for (const ind of r.indicators) {
    out.set(`${ind.code ?? ind.name} | (parent)`, JSON.stringify([ind.actual, ind.previous, ind.reportedCount]));
    for (const c of ind.communes) out.set(`${ind.code ?? ind.name} | ${c.commune}`, JSON.stringify([c.actual, c.target, c.previous]));
  }
  for (const c of r.communes) out.set(`reported | ${c.name}`, String(c.reported !== false) + ' ' + (c.file ?? ''));
  return out;
}

/**
 * Runs the good files alone, then with the bad file, and lists every broken invariant: a figure that changed,
 * the bad file used as a commune's report, the bad file not named in the report.
 */
export async function checkMixed(c: MixedCase, plan: InputFile): Promise<{ problems: string[]; codes: Record<string, number> }> {
  const problems: string[] = [];
  const codes: Record<string, number> = {};
  const base = await runPipeline({ communes: c.good, plan, now: NOW });
  const mixed = await runPipeline({ communes: [...c.good, c.bad], plan, now: NOW });
  const a = figures(base.report);
  const b = figures(mixed.report);
  for (const [k, v] of a) {
    if (b.get(k) !== v) problems.push(`${k}: ${v} alone, ${b.get(k) ?? 'absent'} with '${c.bad.name}' (${c.kind})`);
    if (problems.length > 5) break;
  }
  for (const k of b.keys()) if (!a.has(k) && problems.length <= 5) problems.push(`${k}: appears only with '${c.bad.name}' (${c.kind})`);
  const rec = mixed.report.files?.find((f) => f.file === c.bad.name);
  if (!rec) problems.push(`'${c.bad.name}' (${c.kind}) is not among the report's files`);
  else {
    if (rec.status === 'used') problems.push(`'${c.bad.name}' (${c.kind}) was used as the report of ${rec.commune}`);
    const named = mixed.report.issues.some((i) => i.file === c.bad.name);
    if (!named) problems.push(`'${c.bad.name}' (${c.kind}, ${rec.status}) has no issue naming it in the report`);
  }
  for (const i of mixed.report.issues) if (i.file === c.bad.name) codes[i.code] = (codes[i.code] ?? 0) + 1;
  return { problems, codes };
}

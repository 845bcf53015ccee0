/** Zips built and taken apart in tests of the direct reader, and the comparison with exceljs-read. */
import * as zlib from 'zlib';
import { expect } from 'vitest';
import { DEFAULT_LIMITS, type ReadLimits } from '../../../src/xlsx/limits';
import { gridsFromXlsx as referenceGrids } from '../../reference/exceljs-read';
import { readXlsx } from '../../../src/xlsx/workbook';
import { crc32, inspectZip, writeZip, type ZipWriteEntry } from '../../../src/xlsx/zip';
import type { Grid, InputFile, Issue } from '../../../src/types';

/** The parts of a zip, inflated, as text (name → XML). */
export function unzipText(data: Uint8Array): Map<string, string> {
  const z = inspectZip(data, { maxCompressedBytes: 1e9, maxUncompressedBytes: 4e9 });
  if (!z.ok) throw new Error(z.en);
  const out = new Map<string, string>();
  for (const e of z.entries) {
    if (e.dir) continue;
    const raw = data.subarray(e.dataOffset, e.dataOffset + e.compressedSize);
    const bytes = e.method === 0 ? raw : zlib.inflateRawSync(raw);
    out.set(e.name, Buffer.from(bytes).toString('utf8'));
  }
  return out;
}

export interface PartSpec {
  /** The bytes of the part as they go in the archive (already deflated when method is 8). */
  raw?: Uint8Array;
  /** Declared uncompressed size (defaults to the real one). */
  declared?: number;
  method?: number;
  /** CRC-32 of the uncompressed part, when `raw` is not the deflated text given. */
  crc?: number;
}

/** A zip of the given parts (text parts deflated); `special` overrides the bytes / sizes of some. */
export function zipParts(parts: Map<string, string | Uint8Array> | Record<string, string | Uint8Array>, special: Record<string, PartSpec> = {}): Uint8Array {
  const map = parts instanceof Map ? parts : new Map(Object.entries(parts));
  const entries: ZipWriteEntry[] = [];
  for (const [name, content] of map) {
    const bytes = typeof content === 'string' ? new Uint8Array(Buffer.from(content, 'utf8')) : content;
    const sp = special[name] ?? {};
    const method = sp.method ?? 8;
    const data = sp.raw ?? (method === 8 ? new Uint8Array(zlib.deflateRawSync(bytes)) : bytes);
    entries.push({ name, method, crc32: sp.crc ?? crc32(bytes), data, uncompressedSize: sp.declared ?? bytes.length });
  }
  return writeZip(entries);
}

export const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export interface HandSheet {
  name: string;
  /** The whole worksheet XML, or the content of <sheetData> (wrapped in a worksheet). */
  xml: string;
  /** XML after </sheetData> (mergeCells …) when xml is only the sheetData content. */
  tail?: string;
  state?: string;
  /** 'worksheet' (default), 'chartsheet' … */
  kind?: string;
}

/** A minimal workbook written by hand: the sheets' XML, optional shared strings and styles. */
export function handWorkbook(opts: {
  sheets: HandSheet[];
  sst?: string[] | string | null;
  styles?: string | null;
  workbookPr?: string;
}): Map<string, string> {
  const parts = new Map<string, string>();
  parts.set(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>',
  );
  parts.set(
    '_rels/.rels',
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  const rels: string[] = [];
  const sheetTags: string[] = [];
  opts.sheets.forEach((s, i) => {
    const kind = s.kind ?? 'worksheet';
    const folder = kind === 'worksheet' ? 'worksheets' : kind + 's';
    rels.push(`<Relationship Id="rId${i + 1}" Type="${REL}/${kind}" Target="${folder}/sheet${i + 1}.xml"/>`);
    sheetTags.push(`<sheet name="${s.name}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`);
    const xml = s.xml.trimStart().startsWith('<?xml') || s.xml.includes('<worksheet') || s.xml.includes(':worksheet')
      ? s.xml
      : `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet ${NS}><sheetData>${s.xml}</sheetData>${s.tail ?? ''}</worksheet>`;
    parts.set(`xl/${folder}/sheet${i + 1}.xml`, xml);
  });
  if (opts.sst !== undefined && opts.sst !== null) {
    const body = typeof opts.sst === 'string' ? opts.sst : `<sst ${NS} count="${opts.sst.length}" uniqueCount="${opts.sst.length}">${opts.sst.join('')}</sst>`;
    parts.set('xl/sharedStrings.xml', body);
    rels.push(`<Relationship Id="rIdS" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`);
  }
  if (opts.styles) {
    parts.set('xl/styles.xml', opts.styles);
    rels.push(`<Relationship Id="rIdY" Type="${REL}/styles" Target="styles.xml"/>`);
  }
  parts.set(
    'xl/workbook.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook ${NS}>${opts.workbookPr ?? ''}<sheets>${sheetTags.join('')}</sheets></workbook>`,
  );
  parts.set(
    'xl/_rels/workbook.xml.rels',
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}</Relationships>`,
  );
  return parts;
}

/** styles.xml with the given custom formats and one cellXfs entry per numFmtId listed (index 0 is General). */
export function stylesXml(numFmts: Record<number, string>, xfFormatIds: number[]): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const fmts = Object.entries(numFmts).map(([id, code]) => `<numFmt numFmtId="${id}" formatCode="${esc(code)}"/>`);
  const xfs = [0, ...xfFormatIds].map((id) => `<xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" xfId="0"${id ? ' applyNumberFormat="1"' : ''}/>`);
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet ${NS.split(' ')[0]}>${fmts.length ? `<numFmts count="${fmts.length}">${fmts.join('')}</numFmts>` : ''}<fonts count="1"><font><sz val="11"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="${xfs.length}">${xfs.join('')}</cellXfs></styleSheet>`;
}

export function file(name: string, data: Uint8Array): InputFile {
  return { name, data };
}

/**
 * The direct reader against exceljs on the same bytes: against the reference (test/reference/exceljs-read.ts,
 * the reader the direct reader was written to match) everything must be the same: Grids to the last hole of
 * a sparse row, Grid.truncated, the 'truncated_sheet' warnings.
 */
export async function expectSameAsExceljs(f: InputFile, lim?: Partial<ReadLimits>): Promise<{ grids: Grid[]; issues: Issue[] }> {
  const limits = { ...DEFAULT_LIMITS, ...lim };
  const ref = await referenceGrids(f, limits);
  const b = await readXlsx(f, limits);
  expect(ref.issues.filter((i) => i.severity === 'error')).toEqual([]);
  expect(b.grids).toStrictEqual(ref.grids);
  expect(b.issues.filter((i) => i.code === 'truncated_sheet')).toEqual(ref.issues.filter((i) => i.code === 'truncated_sheet'));
  return b;
}

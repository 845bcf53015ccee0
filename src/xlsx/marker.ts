/**
 * The mark tonghop leaves on the workbooks it writes, and how a workbook is recognised as one of them.
 *
 * Every .xlsx written by write.ts carries a custom document property (docProps/custom.xml):
 *   name "tonghop", value "output/1"; and, when the shell gives one, name "tonghop-run", value the run key
 * (the same key is written into the JSON report of that run, so a pair xlsx + JSON can be checked).
 *
 * outputMark() reads only the zip directory and the small parts it needs (docProps/custom.xml, and for
 * workbooks written before the mark existed, xl/workbook.xml's sheet names), through zip.ts and inflate.ts.
 * Pure functions of bytes: no Node APIs. Never throws.
 */
import { findEntry, inspectZip, isZipMagic, type ZipEntry, type ZipLimits } from './zip';
import { readWholePart } from './inflate';

export const MARK_NAME = 'tonghop';
export const MARK_VALUE = 'output/1';
export const MARK_RUN_NAME = 'tonghop-run';

const FMTID = '{D5CDD505-2E9C-101B-9397-08002B2CF9AE}';
/** Parts bigger than this are not looked into (a real custom.xml / workbook.xml is a few KB). */
const SMALL_PART = 1024 * 1024;

export const CUSTOM_PROPS_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.custom-properties+xml';
export const CUSTOM_PROPS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties';

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** docProps/custom.xml carrying the mark (and the run key when given). */
export function customPropsXml(run?: string | null, mark?: { value: string; props?: [string, string][] }): string {
  const props: [string, string][] = [[MARK_NAME, mark?.value ?? MARK_VALUE]];
  if (run) props.push([MARK_RUN_NAME, run]);
  for (const p of mark?.props ?? []) props.push(p);
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">' +
    props.map(([name, value], i) => `<property fmtid="${FMTID}" pid="${i + 2}" name="${esc(name)}"><vt:lpwstr>${esc(value)}</vt:lpwstr></property>`).join('') +
    '</Properties>'
  );
}

export type OutputMark =
  /** Carries the mark: written by tonghop. */
  | { kind: 'marked'; version: string; run: string | null }
  /** No mark, but its sheets are exactly those of a tonghop output (written before the mark existed). */
  | { kind: 'legacy' };

function unesc(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** name → value of the custom properties (string values only). */
export function parseCustomProps(xml: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /<(?:\w+:)?property\b([^>]*)>([^]*?)<\/(?:\w+:)?property>/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const name = /\bname\s*=\s*"([^"]*)"|\bname\s*=\s*'([^']*)'/.exec(m[1]);
    const value = /<(?:\w+:)?(?:lpwstr|lpstr)\b[^>]*>([^<]*)</.exec(m[2]);
    if (name && value) out.set(unesc(name[1] ?? name[2]), unesc(value[1]));
  }
  return out;
}

/** A small part's text, or null; `keep`: kept for the reader, which reads that part next (inflate.ts readWholePart). */
async function smallPart(data: Uint8Array, entry: ZipEntry | undefined, keep = false): Promise<string | null> {
  if (!entry || entry.dir || entry.encrypted || entry.uncompressedSize > SMALL_PART) return null;
  try {
    const { text, problem } = await readWholePart(data, entry, undefined, keep);
    return problem ? null : text;
  } catch {
    return null;
  }
}

/**
 * The zip's entries: under `limits` first (the reader's, so that the directory read here is the one the reader
 * then reuses), else under none (an output of tonghop over the limits is still told apart).
 */
function entries(data: Uint8Array, limits?: ZipLimits): ZipEntry[] | null {
  if (!isZipMagic(data)) return null;
  const within = limits ? inspectZip(data, limits) : null;
  if (within?.ok) return within.entries;
  const zip = inspectZip(data, { maxCompressedBytes: Number.MAX_SAFE_INTEGER, maxUncompressedBytes: Number.MAX_SAFE_INTEGER });
  return zip.ok ? zip.entries : null;
}

/** The mark from the texts of docProps/custom.xml and xl/workbook.xml (null where absent). */
function markOf(custom: string | null, workbook: () => string | null, legacySheetSets: string[][]): OutputMark | null {
  if (custom !== null) {
    const props = parseCustomProps(custom);
    const v = props.get(MARK_NAME);
    if (v !== undefined && v.startsWith('output/')) return { kind: 'marked', version: v, run: props.get(MARK_RUN_NAME) ?? null };
  }
  if (!legacySheetSets.length) return null;
  const wb = workbook();
  if (wb === null) return null;
  const names: string[] = [];
  const re = /<(?:\w+:)?sheet\b[^>]*?\bname\s*=\s*"([^"]*)"/g;
  for (let m = re.exec(wb); m; m = re.exec(wb)) names.push(unesc(m[1]));
  const have = names.slice().sort().join('\u0000');
  for (const set of legacySheetSets) if (set.slice().sort().join('\u0000') === have) return { kind: 'legacy' };
  return null;
}

/**
 * Is this workbook one tonghop wrote? `legacySheetSets`: the sheet-name sets of tonghop's outputs (one per
 * language); a workbook without the mark whose sheet names are exactly one of them is 'legacy'.
 * null for anything else (including files that are not zips).
 */
export async function outputMark(data: Uint8Array, legacySheetSets: string[][] = [], limits?: ZipLimits): Promise<OutputMark | null> {
  try {
    const list = entries(data, limits);
    if (!list) return null;
    const custom = await smallPart(data, findEntry(list, 'docProps/custom.xml'));
    const mark = markOf(custom, () => null, []);
    if (mark || !legacySheetSets.length) return mark;
    const wb = await smallPart(data, findEntry(list, 'xl/workbook.xml'), true);
    return markOf(null, () => wb, legacySheetSets);
  } catch {
    return null;
  }
}

/**
 * outputMark without waiting, for a shell that has a synchronous raw-deflate inflater (Node's
 * zlib.inflateRawSync): used where a decision must be taken under a lock (replacing an output).
 */
export function outputMarkSync(data: Uint8Array, legacySheetSets: string[][], inflateRaw: (bytes: Uint8Array, maxOut: number) => Uint8Array): OutputMark | null {
  try {
    const list = entries(data);
    if (!list) return null;
    const part = (name: string): string | null => {
      const e = findEntry(list, name);
      if (!e || e.dir || e.encrypted || e.uncompressedSize > SMALL_PART) return null;
      const raw = data.subarray(e.dataOffset, e.dataOffset + e.compressedSize);
      try {
        const bytes = e.method === 0 ? raw : e.method === 8 ? inflateRaw(raw, SMALL_PART) : null;
        return bytes ? new TextDecoder('utf-8').decode(bytes) : null;
      } catch {
        return null;
      }
    };
    return markOf(part('docProps/custom.xml'), () => part('xl/workbook.xml'), legacySheetSets);
  } catch {
    return null;
  }
}

import { SaxesParser } from 'saxes';
import zlib from 'node:zlib';
import { inspectZip } from '../../../src/xlsx/zip';

export { readBack } from '../../harness/written-fixture';

/** The parts of a zip, inflated, by name (in the archive's order). */
export function unzip(data: Uint8Array): Map<string, string> {
  const z = inspectZip(data, { maxCompressedBytes: 1e9, maxUncompressedBytes: 1e9 });
  if (!z.ok) throw new Error(`not a zip: ${z.code}`);
  const out = new Map<string, string>();
  for (const e of z.entries) {
    const raw = data.subarray(e.dataOffset, e.dataOffset + e.compressedSize);
    const bytes = e.method === 8 ? zlib.inflateRawSync(raw) : raw;
    if (zlib.crc32 && zlib.crc32(bytes) >>> 0 !== e.crc32) throw new Error(`${e.name}: CRC mismatch`);
    if (bytes.length !== e.uncompressedSize) throw new Error(`${e.name}: size mismatch`);
    out.set(e.name, new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  }
  return out;
}

/** Well-formed XML 1.0 with namespaces (saxes, the parser exceljs uses): the list of errors, empty when fine. */
export function xmlErrors(xml: string): string[] {
  const errors: string[] = [];
  const p = new SaxesParser({ xmlns: true });
  p.on('error', (e) => errors.push(e.message));
  p.write(xml).close();
  return errors;
}

/** The elements' names in document order (for checking the schema's order of a worksheet's children). */
export function childNames(xml: string, parent: string): string[] {
  const names: string[] = [];
  const p = new SaxesParser({ xmlns: false });
  let depth = 0;
  let inside = -1;
  p.on('opentag', (t) => {
    depth++;
    if (t.name === parent && inside < 0) inside = depth;
    else if (inside >= 0 && depth === inside + 1) names.push(t.name);
  });
  p.on('closetag', () => {
    if (depth === inside) inside = -1;
    depth--;
  });
  p.write(xml).close();
  return names;
}

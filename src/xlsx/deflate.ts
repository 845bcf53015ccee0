/**
 * Compressing the parts of a written workbook: Node's zlib where it is there (large parts on its thread
 * pool), CompressionStream in browsers and Web Workers, else stored; with each part's CRC-32.
 */
import { crc32 as crc32js, type ZipWriteEntry } from './zip';
import { nodeZlib, type NodeZlib } from './node-zlib';

/** Tests: false compresses as a browser does (CompressionStream, or stored). */
let useNodeZlib = true;

function zlib(): NodeZlib | null {
  return useNodeZlib ? nodeZlib() : null;
}

async function deflateWithStream(data: Uint8Array): Promise<Uint8Array | null> {
  if (typeof CompressionStream === 'undefined') return null;
  let cs: CompressionStream;
  try {
    cs = new CompressionStream('deflate-raw' as CompressionFormat);
  } catch {
    return null;
  }
  const writer = cs.writable.getWriter();
  const written = writer.write(data as Uint8Array<ArrayBuffer>).then(() => writer.close());
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = cs.readable.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    total += value.length;
  }
  await written;
  const out = new Uint8Array(total);
  let p = 0;
  for (const c of chunks) {
    out.set(c, p);
    p += c.length;
  }
  return out;
}

/** Parts at least this big are deflated on Node's thread pool, while the next sheet is built. */
const ASYNC_MIN = 64 * 1024;

function nodeDeflate(z: NodeZlib, data: Uint8Array, level: number): Promise<Uint8Array | null> | Uint8Array | null {
  const f = z.deflateRaw;
  if (!f || data.length < ASYNC_MIN) return z.deflateRawSync(data, { level });
  // One output chunk of about the compressed size: zlib's default 16 kB costs a thread-pool round trip per chunk.
  const chunkSize = Math.min(1 << 22, Math.max(1 << 16, data.length >>> 2));
  return new Promise((resolve) => f(data, { level, chunkSize }, (err, out) => resolve(err ? null : out)));
}

/**
 * Checksum one part now and compress it (when the platform can): on Node's thread pool or in the browser's
 * CompressionStream, so that the caller can build the next part meanwhile. Stored when deflate does not help.
 */
export async function zipEntry(name: string, data: Uint8Array, level: number, mode: 'node' | 'stream' | 'store'): Promise<ZipWriteEntry> {
  const z = mode === 'node' ? zlib() : null;
  const crc = z?.crc32 ? z.crc32(data) >>> 0 : crc32js(data);
  if (level > 0 && data.length > 0) {
    let packed: Uint8Array | null = null;
    if (z) packed = await nodeDeflate(z, data, level);
    else if (mode === 'stream') packed = await deflateWithStream(data);
    if (packed && packed.length < data.length) {
      const bytes = packed.byteOffset === 0 && packed.byteLength === packed.buffer.byteLength ? packed : new Uint8Array(packed);
      return { name, method: 8, crc32: crc, data: bytes, uncompressedSize: data.length };
    }
  }
  return { name, method: 0, crc32: crc, data, uncompressedSize: data.length };
}

/** For tests: pretend Node's zlib is absent (false), as in a browser, or look for it again (true). */
export function setNodeDeflate(on: boolean): void {
  useNodeZlib = on;
}

/** How parts are compressed here: Node's zlib, the browser's CompressionStream, or stored. */
export function deflateMode(): 'node' | 'stream' | 'store' {
  if (zlib()) return 'node';
  return typeof CompressionStream !== 'undefined' ? 'stream' : 'store';
}

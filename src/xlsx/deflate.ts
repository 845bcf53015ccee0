/**
 * Compressing the parts of a written workbook: Node's zlib where it is there (large parts on its thread
 * pool), CompressionStream in browsers and Web Workers (gzip, whose trailer carries the CRC-32), else stored;
 * with each part's CRC-32.
 */
import { crc32 as crc32js, crc32Combine, joinPieces, type ZipWriteEntry } from './zip';
import { nodeZlib, type NodeZlib } from './node-zlib';

/** Tests: false compresses as a browser does (CompressionStream, or stored). */
let useNodeZlib = true;

function zlib(): NodeZlib | null {
  return useNodeZlib ? nodeZlib() : null;
}

async function compressWithStream(data: Uint8Array, format: 'gzip' | 'deflate-raw'): Promise<Uint8Array | null> {
  if (typeof CompressionStream === 'undefined') return null;
  let cs: CompressionStream;
  try {
    cs = new CompressionStream(format as CompressionFormat);
  } catch {
    return null;
  }
  const writer = cs.writable.getWriter();
  const written = writer.write(data as Uint8Array<ArrayBuffer>).then(() => writer.close());
  const chunks: Uint8Array[] = [];
  const reader = cs.readable.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  await written;
  return joinPieces(chunks);
}

/**
 * The deflated data and the CRC-32 inside a gzip member (RFC 1952) of `length` bytes of data, as
 * CompressionStream('gzip') makes it; null when it is not one as expected (then deflate-raw and the CRC in
 * JavaScript). The browser's zlib computes the CRC-32 as it compresses: the pane's sheets need none of their own
 * (40 ms for 200 communes' 4 MB).
 */
export function fromGzip(gz: Uint8Array, length: number): { deflated: Uint8Array; crc: number } | null {
  if (gz.length < 18 || gz[0] !== 0x1f || gz[1] !== 0x8b || gz[2] !== 8) return null;
  const flags = gz[3];
  if (flags & 0xe0) return null;
  const end = gz.length - 8;
  let p = 10;
  if (flags & 4) {
    // FEXTRA: its length, then that many bytes
    if (p + 2 > end) return null;
    p += 2 + (gz[p] | (gz[p + 1] << 8));
  }
  for (const bit of [8, 16]) {
    // FNAME, FCOMMENT: zero-ended
    if (!(flags & bit)) continue;
    while (p < end && gz[p] !== 0) p++;
    p++;
  }
  if (flags & 2) p += 2; // FHCRC
  if (p > end) return null;
  const tail = new DataView(gz.buffer, gz.byteOffset + end, 8);
  if (tail.getUint32(4, true) !== length % 2 ** 32) return null;
  return { deflated: gz.subarray(p, end), crc: tail.getUint32(0, true) };
}

/** Compressed by CompressionStream, with the CRC-32 of `data` (from gzip's trailer where it can be had); null: not compressed. */
async function deflateWithStream(data: Uint8Array): Promise<{ deflated: Uint8Array; crc: number } | null> {
  const gz = await compressWithStream(data, 'gzip');
  const member = gz && fromGzip(gz, data.length);
  if (member) return member;
  const raw = await compressWithStream(data, 'deflate-raw');
  return raw && { deflated: raw, crc: crc32js(data) };
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
export async function zipEntry(name: string, data: Uint8Array, level: number, mode: 'node' | 'stream' | 'store'): Promise<ZipWriteEntry & { data: Uint8Array }> {
  const z = mode === 'node' ? zlib() : null;
  const streamed = !z && mode === 'stream' && level > 0 && data.length > 0 ? await deflateWithStream(data) : null;
  const crc = streamed ? streamed.crc : z?.crc32 ? z.crc32(data) >>> 0 : crc32js(data);
  if (level > 0 && data.length > 0) {
    let packed: Uint8Array | null = streamed?.deflated ?? null;
    if (z) packed = await nodeDeflate(z, data, level);
    if (packed && packed.length < data.length) {
      const bytes = packed.byteOffset === 0 && packed.byteLength === packed.buffer.byteLength ? packed : new Uint8Array(packed);
      return { name, method: 8, crc32: crc, data: bytes, uncompressedSize: data.length };
    }
  }
  return { name, method: 0, crc32: crc, data, uncompressedSize: data.length };
}

/**
 * A part compressed as it is written, piece by piece, on Node's thread pool: the writer can reuse a piece's
 * buffer once it was read, so a sheet of 40 MB never needs 40 MB (first-touched memory costs more than the
 * writing here: README, "Đo tốc độ"). The part's head, known only at the end (a sheet's dimension), goes
 * before the rest: it is compressed on its own and ended on a byte boundary (a sync flush), and a raw deflate
 * stream may go on from there with the blocks of another; its checksum is combined with the rest's.
 */
export interface PartDeflater {
  /** Hands over the next bytes; resolved once they were read (never rejected: a failure shows in finish). */
  push(bytes: Uint8Array): Promise<void>;
  /** The entry, with `head` before every byte pushed. */
  finish(head: Uint8Array): Promise<ZipWriteEntry>;
}

/** Makes a PartDeflater for a part's name at `level` (1–9), or null when Node's streaming zlib is not here. */
export function partDeflaters(level: number): ((name: string) => PartDeflater) | null {
  const z = zlib();
  const create = z?.createDeflateRaw;
  const sync = z?.constants?.Z_SYNC_FLUSH;
  if (!z || !create || typeof sync !== 'number' || !(level >= 1 && level <= 9)) return null;
  const crcOf = (b: Uint8Array, c: number) => (z.crc32 ? z.crc32(b, c) >>> 0 : crc32js(b, c));
  return (name) => {
    // output chunks of 256 kB: zlib's default 16 kB costs a thread-pool round trip per chunk
    const d = create({ level, chunkSize: 1 << 18 });
    const out: Uint8Array[] = [];
    let outLength = 0;
    let crc = 0;
    let length = 0;
    let failure: Error | null = null;
    const ended = new Promise<void>((resolve) => {
      d.on('data', (b) => {
        out.push(b);
        outLength += b.length;
      });
      d.on('end', resolve);
      d.on('error', (e) => {
        failure ??= e;
        resolve();
      });
    });
    return {
      push(bytes) {
        crc = crcOf(bytes, crc);
        length += bytes.length;
        if (failure) return Promise.resolve();
        return new Promise((resolve) => {
          d.write(bytes, (err) => {
            if (err) failure ??= err;
            resolve();
          });
        });
      },
      async finish(head) {
        d.end();
        await ended;
        if (failure) throw new Error(`deflate ${name}: ${failure.message}`);
        const h = z.deflateRawSync(head, { level, finishFlush: sync });
        // the pieces as zlib gave them, after the head's: never copied into one array (zipPieces writes them in turn)
        const data = [h, ...out];
        out.length = 0;
        return { name, method: 8, crc32: crc32Combine(crcOf(head, 0), crc, length), data, uncompressedSize: head.length + length };
      },
    };
  };
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

/**
 * Node's zlib, reached through process.getBuiltinModule so that browser bundles never see a `require`;
 * null in browsers and Web Workers (the callers then use fflate to inflate, CompressionStream to deflate).
 */

export interface NodeInflateStream {
  on(ev: 'data', f: (b: Uint8Array) => void): unknown;
  on(ev: 'error', f: (e: Error) => void): unknown;
  on(ev: 'end', f: () => void): unknown;
  once(ev: 'drain', f: () => void): unknown;
  write(b: Uint8Array): boolean;
  end(): void;
  destroy(): void;
}

/** The part of Node's zlib the .xlsx reader and writer use. */
export interface NodeZlib {
  inflateRawSync(b: Uint8Array, o: { maxOutputLength: number }): Uint8Array;
  createInflateRaw(o?: { chunkSize?: number }): NodeInflateStream;
  deflateRawSync(b: Uint8Array, o?: { level?: number; finishFlush?: number }): Uint8Array;
  deflateRaw?: (b: Uint8Array, o: { level?: number; chunkSize?: number }, cb: (err: Error | null, out: Uint8Array) => void) => void;
  crc32?: (b: Uint8Array, v?: number) => number;
  createDeflateRaw?: (o: { level?: number; chunkSize?: number }) => NodeDeflateStream;
  constants?: { Z_SYNC_FLUSH?: number };
}

/** A deflate stream as the writer uses it: bytes in (each write's callback once they were read), bytes out. */
export interface NodeDeflateStream {
  on(ev: 'data', f: (b: Uint8Array) => void): unknown;
  on(ev: 'error', f: (e: Error) => void): unknown;
  on(ev: 'end', f: () => void): unknown;
  write(b: Uint8Array, cb: (err?: Error | null) => void): boolean;
  end(): void;
}

let cache: NodeZlib | null | undefined;

export function nodeZlib(): NodeZlib | null {
  if (cache === undefined) {
    cache = null;
    try {
      const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
      const z = proc?.getBuiltinModule?.('zlib') as Partial<NodeZlib> | undefined;
      if (z && typeof z.inflateRawSync === 'function' && typeof z.createInflateRaw === 'function' && typeof z.deflateRawSync === 'function') cache = z as NodeZlib;
    } catch {
      cache = null;
    }
  }
  return cache;
}

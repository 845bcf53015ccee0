/**
 * Inflating one part of a zip, whole or streamed chunk by chunk into a text sink, with a counter that stops
 * at the size the zip directory declared (zip bombs, lying directories). Node's zlib where it is there
 * (reached through process.getBuiltinModule, never imported); elsewhere (browsers, Web Workers) a part of up to
 * 8 MB is inflated whole by inflate-raw.ts and a larger (or damaged) one streamed by fflate: synchronous, so a
 * commune workbook's ten small parts cost no stream machinery and no promise per chunk.
 * Also the reader's safety caps. Never throws for damaged data: a PartRead says what happened.
 */
import type { Inflate as FflateInflate } from 'fflate';
import { inflateRawInto } from './inflate-raw';
import { crc32 as crc32js, type ZipEntry } from './zip';
import { nodeZlib, type NodeInflateStream, type NodeZlib } from './node-zlib';

let fflateInflate: typeof FflateInflate | null = null;

/**
 * fflate's streaming inflater, loaded the first time it is needed: where Node's zlib is there (the command line)
 * it never is, and loading fflate cost every run 11–15 ms.
 */
function Inflate(): typeof FflateInflate {
  return (fflateInflate ??= (require('fflate') as typeof import('fflate')).Inflate);
}

/** Parts up to this size (declared, uncompressed) are inflated in one call (Node: zlib; elsewhere: inflate-raw.ts). */
let SYNC_MAX = 8 * 1024 * 1024;
/** Compressed bytes handed to Node's zlib at a time, when streaming. */
const IN_CHUNK = 64 * 1024;
/**
 * Compressed bytes handed to fflate at a time. fflate cannot stop in the middle of a call, and deflate gives
 * at most ~1032 bytes per compressed byte: one push of a bomb makes at most ~17 MB (its buffer ~2× that)
 * before the counter sees it. (A part inflated whole stops at its declared size + 1: inflate-raw.ts.)
 * Smaller pushes cost a 32 KB window copy and a 160 KB buffer each (4 KB: ~35% slower).
 */
const FFLATE_PUSH = 16 * 1024;
/** Compressed bytes per push when inflating damaged data again, to reach closer to the damage. */
const FFLATE_RETRY_PUSH = 1024;
/** Bytes of output per chunk when streaming (Node's zlib; fflate's pushes cut so; stored parts). */
let OUT_CHUNK = 256 * 1024;
/** Parts read whole (workbook, relationships, styles) larger than this are refused: none is ever that big. */
export const WHOLE_MAX = 64 * 1024 * 1024;
/** An element still unfinished after this many characters (a cell, a shared string): the part is damaged. */
export const MAX_PENDING = 4 * 1024 * 1024;
/** Sheets read per file: a commune report has a handful; past this the rest are skipped with an error. */
export const MAX_SHEETS = 250;
/** Merged areas kept per sheet (within the limits), and per file. */
export const MAX_MERGES = 100_000;
/** Cells kept per file: past this, sheets are cut at the row where it is reached (memory stays bounded). */
export let MAX_CELLS = 4_000_000;

/**
 * Tests: stream parts above `syncMax` bytes (default 8 MB) in chunks of `chunk` bytes of output (default
 * 256 KB; Node's zlib gives at least 64), to exercise every place a chunk can end; keep at most `maxCells`
 * cells per file (default 4,000,000). No argument: defaults.
 */
export function setXlsxReadTuning(t?: { syncMax?: number; chunk?: number; maxCells?: number }): void {
  SYNC_MAX = t?.syncMax ?? 8 * 1024 * 1024;
  OUT_CHUNK = t?.chunk ?? 256 * 1024;
  MAX_CELLS = t?.maxCells ?? 4_000_000;
}

/** Tests: false reads as a browser does (fflate, the table CRC-32). */
let useNodeZlib = true;

function zlib(): NodeZlib | null {
  return useNodeZlib ? nodeZlib() : null;
}

/** Tests: false runs what a browser runs (fflate, the table CRC-32); true goes back to Node's zlib. */
export function setXlsxNodeZlib(enabled: boolean): void {
  useNodeZlib = enabled;
}

export interface PartRead {
  /** Bytes that came out. */
  bytes: number;
  /** The file's budget of inflated bytes ran out (every part read counts, a part read twice twice): stopped there. */
  overBudget?: boolean;
  /** More came out than the directory declared: stopped there. */
  overflow: boolean;
  /** The sink asked to stop. */
  stopped: boolean;
  /** The data could not be inflated (damaged), after `bytes` bytes. */
  error?: string;
}

export interface TextSink {
  /** Text as it comes, in order; false: nothing more is needed (inflating stops). */
  text(t: string): boolean | void;
  /**
   * While this gives bytes (ASCII, at most TAIL_KEEP long), nothing before their next occurrence is wanted:
   * the bytes in between are searched, not decoded, and the text resumes at the occurrence.
   */
  skipTo?(): Uint8Array | null;
  /** Called when the text resumes after a skip (the sink drops what it kept of the text before). */
  resumed?(): void;
}

/** Bytes of the previous chunk kept, to find a pattern that straddles two chunks. */
export const TAIL_KEEP = 32;

type NodeBufferLike = Uint8Array & { indexOf(v: Uint8Array, from?: number): number };
const NodeBuffer = (globalThis as { Buffer?: { isBuffer(b: unknown): boolean } }).Buffer;

/** First index of `pat` in `hay` at or after `from`, -1 if none. */
function findBytes(hay: Uint8Array, pat: Uint8Array, from = 0): number {
  if (NodeBuffer && NodeBuffer.isBuffer(hay)) return (hay as NodeBufferLike).indexOf(pat, from);
  // anchor on an upper-case letter of the pattern (rare in XML), else its first byte
  let a = 0;
  for (let i = 0; i < pat.length; i++) {
    if (pat[i] >= 65 && pat[i] <= 90) {
      a = i;
      break;
    }
  }
  const first = pat[a];
  let i = hay.indexOf(first, from + a);
  while (i >= 0) {
    const st = i - a;
    if (st + pat.length > hay.length) return -1;
    let ok = true;
    for (let k = 0; k < pat.length; k++) {
      if (hay[st + k] !== pat[k]) {
        ok = false;
        break;
      }
    }
    if (ok) return st;
    i = hay.indexOf(first, i + 1);
  }
  return -1;
}

/**
 * The encoding of an XML part from its first bytes (XML 1.0 appendix F; OPC allows UTF-8 and UTF-16):
 * a UTF-16 byte order mark, or "<?" written in UTF-16; else UTF-8.
 */
export function xmlEncoding(b: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' {
  if (b.length >= 2) {
    if (b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
    if (b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  }
  if (b.length >= 4) {
    if (b[0] === 0x3c && b[1] === 0 && b[2] === 0x3f && b[3] === 0) return 'utf-16le';
    if (b[0] === 0 && b[1] === 0x3c && b[2] === 0 && b[3] === 0x3f) return 'utf-16be';
  }
  return 'utf-8';
}

/** A file's running total of inflated bytes against its budget. */
export interface InflateBudget {
  /** Bytes that may still be inflated. */
  bytes: number;
}

/** CRC-32 continued over a chunk: Node's zlib.crc32 where there is one (Node ≥ 20.15), else the tables. */
function crcUpdate(b: Uint8Array, crc: number): number {
  const z = zlib();
  if (z?.crc32) return z.crc32(b, crc) >>> 0;
  return crc32js(b, crc);
}

/** Turns chunks of bytes into text for a sink, skipping undecoded what the sink says it doesn't want. */
class ByteFeeder {
  private decoder: TextDecoder | null = null;
  private encoding: 'utf-8' | 'utf-16le' | 'utf-16be' = 'utf-8';
  private tail: Uint8Array = new Uint8Array(0);
  private skipping = false;

  constructor(private readonly sink: TextSink) {}

  /** false: the sink wants nothing more. */
  push(chunk: Uint8Array): boolean {
    if (!this.decoder) {
      this.encoding = xmlEncoding(chunk);
      this.decoder = new TextDecoder(this.encoding);
    }
    // byte patterns are ASCII: only in UTF-8 text can they be searched undecoded
    const pat = this.sink.skipTo && this.encoding === 'utf-8' ? this.sink.skipTo() : null;
    if (pat && pat.length > 0 && pat.length <= TAIL_KEEP) {
      // a match straddling the previous chunk and this one
      let prefix: Uint8Array | null = null;
      let start = -1;
      if (this.tail.length > 0) {
        const joint = new Uint8Array(this.tail.length + Math.min(chunk.length, pat.length - 1));
        joint.set(this.tail);
        joint.set(chunk.subarray(0, joint.length - this.tail.length), this.tail.length);
        const j = findBytes(joint, pat);
        if (j >= 0 && j < this.tail.length) {
          prefix = this.tail.slice(j);
          start = 0;
        }
      }
      if (start < 0) start = findBytes(chunk, pat);
      if (start < 0) {
        this.skipping = true;
        this.keepTail(chunk);
        return true;
      }
      this.skipping = false;
      this.decoder = new TextDecoder(this.encoding);
      this.sink.resumed?.();
      let t = prefix ? this.decoder.decode(prefix, { stream: true }) : '';
      t += this.decoder.decode(chunk.subarray(start), { stream: true });
      this.keepTail(chunk);
      return t.length === 0 || this.sink.text(t) !== false;
    }
    this.skipping = false;
    const text = this.decoder.decode(chunk, { stream: true });
    this.keepTail(chunk);
    return text.length === 0 || this.sink.text(text) !== false;
  }

  end(): void {
    if (this.skipping || !this.decoder) return;
    const t = this.decoder.decode();
    if (t.length > 0) this.sink.text(t);
  }

  private keepTail(chunk: Uint8Array): void {
    if (chunk.length >= TAIL_KEEP) {
      this.tail = Uint8Array.prototype.slice.call(chunk, chunk.length - TAIL_KEEP) as Uint8Array;
    } else {
      const t = new Uint8Array(Math.min(TAIL_KEEP, this.tail.length + chunk.length));
      const fromOld = t.length - chunk.length;
      t.set(this.tail.subarray(this.tail.length - fromOld));
      t.set(chunk, fromOld);
      this.tail = t;
    }
  }
}

/**
 * Inflate one zip entry and hand its text, decoded as UTF-8 (or UTF-16 when the part starts so), to `sink`
 * (one call for a small part, one per chunk for a big one), stopping when more bytes come out than the
 * directory declared or than the file's `budget` allows. When the sink says it needs nothing more, the rest
 * is still inflated (not decoded) so that the CRC-32 the directory gives is checked on every entry: a part
 * whose bytes differ from what was written is an error ('crc'), never a silently different number. Never throws.
 */
export async function readPartText(
  data: Uint8Array,
  entry: ZipEntry,
  sinkOrFn: TextSink | ((t: string) => boolean | void),
  budget?: InflateBudget,
): Promise<PartRead> {
  const sink: TextSink = typeof sinkOrFn === 'function' ? { text: sinkOrFn } : sinkOrFn;
  const declared = entry.uncompressedSize;
  const left = budget ? Math.max(0, budget.bytes) : Infinity;
  const max = Math.min(declared, left);
  const overMax = (n: number): PartRead => (n > declared ? { bytes: n, overflow: true, stopped: false } : { bytes: n, overflow: false, overBudget: true, stopped: false });
  const raw = data.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
  const spend = (r: PartRead): PartRead => {
    if (budget) budget.bytes -= r.bytes;
    return r;
  };
  const checkCrc = (r: PartRead, crc: number): PartRead => {
    if (r.overflow || r.overBudget || r.error) return r;
    if (r.bytes !== declared) return { ...r, error: `size ${r.bytes} instead of ${declared}` };
    if ((crc >>> 0) !== (entry.crc32 >>> 0)) return { ...r, error: 'CRC-32' };
    return r;
  };
  if (entry.method === 0) {
    if (raw.length > max) return spend(overMax(raw.length));
    const feeder = new ByteFeeder(sink);
    let stopped = false;
    for (let i = 0; i < raw.length && !stopped; i += OUT_CHUNK) {
      const end = Math.min(raw.length, i + OUT_CHUNK);
      if (!feeder.push(raw.subarray(i, end))) stopped = true;
    }
    if (!stopped) feeder.end();
    return spend(checkCrc({ bytes: raw.length, overflow: false, stopped }, crcUpdate(raw, 0)));
  }
  if (entry.method !== 8) {
    return { bytes: 0, overflow: false, stopped: false, error: `compression method ${entry.method} is not supported` };
  }
  const z = zlib();
  // in one call, stopped at max + 1 bytes (a bomb costs no more than that): every part of a commune report
  if (max <= SYNC_MAX) {
    const out = z ? wholeNode(z, raw, max) : wholeOwn(raw, max);
    if (out === 'overflow') return spend(overMax(max + 1));
    if (out) {
      const r = checkCrc({ bytes: out.length, overflow: false, stopped: false }, crcUpdate(out, 0));
      // a damaged part is not handed to the sink at all: nothing of it is used
      if (r.error) return spend(r);
      const stopped = sink.text(wholeDecoder(xmlEncoding(out)).decode(out)) === false;
      return spend({ ...r, stopped });
    }
    // null, damaged: the streaming path gives what comes before the damage, and the error
  }
  const feeder = new ByteFeeder(sink);
  let crc = 0;
  let wanted = true;
  const onBytes = (chunk: Uint8Array): void => {
    crc = crcUpdate(chunk, crc);
    if (wanted && !feeder.push(chunk)) wanted = false;
  };
  const r0 = z ? await inflateNode(z, raw, max, onBytes) : inflateFflate(raw, max, onBytes);
  const r1: PartRead = r0.overflow ? overMax(r0.bytes) : { ...r0, stopped: !wanted };
  if (!r1.stopped && !r1.overflow && !r1.overBudget && !r1.error) feeder.end();
  return spend(checkCrc(r1, crc));
}

/** One decoder per encoding for parts decoded in one call (a call without `stream` starts afresh, BOM included). */
const wholeDecoders = new Map<string, TextDecoder>();

function wholeDecoder(encoding: 'utf-8' | 'utf-16le' | 'utf-16be'): TextDecoder {
  let d = wholeDecoders.get(encoding);
  if (!d) wholeDecoders.set(encoding, (d = new TextDecoder(encoding)));
  return d;
}

/** A whole part by Node's zlib, never more than max + 1 bytes: 'overflow' when more came out, null when damaged. */
function wholeNode(z: NodeZlib, raw: Uint8Array, max: number): Uint8Array | 'overflow' | null {
  try {
    const out = z.inflateRawSync(raw, { maxOutputLength: Math.max(1, max) });
    return out.length > max ? 'overflow' : out;
  } catch (err) {
    const e = err as { code?: string };
    if (e.code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) return 'overflow';
    return null;
  }
}

/** Parts below this size (declared) are inflated into the one buffer kept for them. */
const SCRATCH_MAX = 1 << 20;
let scratch = new Uint8Array(0);

/**
 * A whole part inflated here (browsers, Web Workers: inflate-raw.ts) into a buffer of max + 1 bytes, stopped as
 * soon as it is full: 'overflow' when more than max came out, null when damaged (the streaming path then tells
 * where: it counts).
 */
function wholeOwn(raw: Uint8Array, max: number): Uint8Array | 'overflow' | null {
  // one buffer for the parts of up to a megabyte, reused (a thousand parts read make no thousand buffers): the
  // bytes are decoded at once (readPartText), before the next part is inflated into it
  let out: Uint8Array;
  if (max < SCRATCH_MAX) {
    if (scratch.length <= max) scratch = new Uint8Array(Math.max(max + 1, 64 * 1024));
    out = scratch.subarray(0, max + 1);
  } else out = new Uint8Array(max + 1);
  const r = inflateRawInto(raw, out);
  if (!r.ok) return r.why === 'full' ? 'overflow' : null;
  return r.length > max ? 'overflow' : out.subarray(0, r.length);
}

/** Node's zlib stream: the sink runs in the 'data' handler, so nothing piles up in memory. */
function inflateNode(
  z: NodeZlib,
  raw: Uint8Array,
  max: number,
  sink: (chunk: Uint8Array) => void,
): Promise<PartRead> {
  return new Promise((resolve) => {
    let bytes = 0;
    let settled = false;
    let inf: NodeInflateStream;
    const finish = (r: PartRead) => {
      if (settled) return;
      settled = true;
      resolve(r);
    };
    try {
      inf = z.createInflateRaw({ chunkSize: Math.max(64, OUT_CHUNK) });
    } catch (err) {
      finish({ bytes: 0, overflow: false, stopped: false, error: err instanceof Error ? err.message : String(err) });
      return;
    }
    inf.on('data', (chunk: Uint8Array) => {
      if (settled) return;
      bytes += chunk.length;
      if (bytes > max) {
        finish({ bytes, overflow: true, stopped: false });
        inf.destroy();
        return;
      }
      try {
        sink(chunk);
      } catch (err) {
        finish({ bytes, overflow: false, stopped: false, error: err instanceof Error ? err.message : String(err) });
        inf.destroy();
      }
    });
    inf.on('error', (e: Error) => finish({ bytes, overflow: false, stopped: false, error: e.message }));
    inf.on('end', () => finish({ bytes, overflow: false, stopped: false }));
    let off = 0;
    const feed = (): void => {
      try {
        while (!settled && off < raw.length) {
          const end = Math.min(raw.length, off + IN_CHUNK);
          const ok = inf.write(raw.subarray(off, end));
          off = end;
          if (!ok) {
            inf.once('drain', feed);
            return;
          }
        }
        if (!settled) inf.end();
      } catch (err) {
        finish({ bytes, overflow: false, stopped: false, error: err instanceof Error ? err.message : String(err) });
      }
    };
    feed();
  });
}

/**
 * fflate's streaming inflater (browsers, Web Workers; synchronous), FFLATE_PUSH compressed bytes at a time.
 * A push that fails (damaged data) hands on nothing of what it inflated before the damage: then the data
 * are inflated again from the start in pushes of FFLATE_RETRY_PUSH, handing on only what comes after what
 * was handed on, so that what comes before the damage reaches the sink as with Node's zlib.
 */
function inflateFflate(raw: Uint8Array, max: number, sink: (chunk: Uint8Array) => void): PartRead {
  // zlib's words, for data that end before the first block does
  if (raw.length === 0) return { bytes: 0, overflow: false, stopped: false, error: 'unexpected end of file' };
  const first = fflatePass(raw, max, FFLATE_PUSH, 0, sink);
  return first.damaged ? fflatePass(raw, max, FFLATE_RETRY_PUSH, first.r.bytes, sink).r : first.r;
}

/**
 * One pass of fflate over `raw`, the count checked after each push (past max, the rest is not pushed); the
 * first `skip` bytes out are not handed on. `damaged`: fflate refused the data (not the sink that threw).
 */
function fflatePass(raw: Uint8Array, max: number, push: number, skip: number, sink: (chunk: Uint8Array) => void): { r: PartRead; damaged: boolean } {
  let bytes = 0;
  let over = false;
  let sinkError: string | null = null;
  const inf = new (Inflate())((chunk: Uint8Array) => {
    if (over || sinkError !== null) return;
    const start = bytes;
    bytes += chunk.length;
    if (bytes > max) {
      over = true;
      return;
    }
    try {
      for (let i = Math.max(0, skip - start); i < chunk.length; i += OUT_CHUNK) sink(chunk.subarray(i, Math.min(chunk.length, i + OUT_CHUNK)));
    } catch (err) {
      sinkError = err instanceof Error ? err.message : String(err);
    }
  });
  let error: string | null = null;
  try {
    for (let off = 0; off < raw.length && !over && sinkError === null; off += push) {
      const end = Math.min(raw.length, off + push);
      inf.push(raw.subarray(off, end), end === raw.length);
    }
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  if (over) return { r: { bytes, overflow: true, stopped: false }, damaged: false };
  if (sinkError !== null) return { r: { bytes, overflow: false, stopped: false, error: sinkError }, damaged: false };
  if (error !== null) return { r: { bytes, overflow: false, stopped: false, error }, damaged: true };
  return { r: { bytes, overflow: false, stopped: false }, damaged: false };
}

/**
 * Texts of whole parts read sound and kept for the next read of the same entry (`keep`): outputMark looks at
 * xl/workbook.xml, then the reader reads it. By the entry object, so a text goes with its zip's listing (zip.ts
 * keeps one listing per file's bytes).
 */
const keptParts = new WeakMap<ZipEntry, string>();

/**
 * A whole (small) part as one string, or why it could not be read. `keep`: the text is kept for the next read
 * of this entry, which is then not inflated again (it still counts against that read's budget).
 */
export async function readWholePart(data: Uint8Array, entry: ZipEntry, budget?: InflateBudget, keep = false): Promise<{ text: string; problem: string | null }> {
  if (entry.uncompressedSize > WHOLE_MAX) return { text: '', problem: 'too large' };
  const kept = keptParts.get(entry);
  // a part read sound came out at its declared size: under a budget that covers it, it comes out the same
  if (kept !== undefined && (!budget || entry.uncompressedSize <= budget.bytes)) {
    if (budget) budget.bytes -= entry.uncompressedSize;
    return { text: kept, problem: null };
  }
  const parts: string[] = [];
  const r = await readPartText(
    data,
    entry,
    (t) => {
      parts.push(t);
    },
    budget,
  );
  const text = parts.join('');
  const problem = partProblem(r);
  if (keep && problem === null) keptParts.set(entry, text);
  return { text, problem };
}

export function partProblem(r: PartRead): string | null {
  if (r.overflow) return 'overflow';
  if (r.overBudget) return 'budget';
  if (r.error) return r.error;
  return null;
}
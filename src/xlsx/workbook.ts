/**
 * .xlsx/.xlsm → Grid, read directly: unzip + one indexOf-driven scan of each part's XML, no DOM, no exceljs.
 *
 * gridsFromXlsxDirect gives the SAME Grids as gridsFromXlsx (exceljs-read.ts) — same values, same formula
 * texts (shared formulas translated as exceljs does), same merges, same cuts and the same 'truncated_sheet'
 * warning — at a fraction of the cost, and in bounded time and memory on huge sheets:
 *   - the zip directory is checked first (sniffWorkbook: file type, zip bombs from the declared sizes), and
 *     every part is inflated with a counter that stops when it passes the size the directory declared;
 *   - a worksheet part bigger than SYNC_MAX is inflated in chunks (Node's zlib stream, or
 *     DecompressionStream in a browser / Web Worker) and scanned chunk by chunk: only an unfinished cell is
 *     carried over between chunks; rows past maxRows are not parsed (only looked at until one holds a value,
 *     to know the sheet was cut), and inflating stops at the end of the merged cells;
 *   - shared strings are read after the sheets and only the strings the kept cells use are kept.
 * Memory is proportional to what is kept (maxRows × maxCols cells), time to the bytes inflated.
 *
 * Deliberate differences from exceljs-read (tested in test/xlsx-read):
 *   - a cell of type "d" (ISO 8601 date text) is read as a date; exceljs reads parseFloat of the text;
 *   - a formula's cached string / boolean / error result in a date-formatted cell stays a string / boolean /
 *     error; exceljs turns it into a bogus date (or null);
 *   - a shared formula that can't be translated (it would slide off the sheet) keeps the master's text;
 *     exceljs gives no formula;
 *   - <row> and <c> without r attribute: placed after the previous row / cell as the spec says (exceljs
 *     loses such rows, and places such cells after the previous non-empty one);
 *   - elements with a namespace prefix (<x:c>), CDATA text, relative/absolute part names that are not
 *     xl/worksheets/sheetN.xml, date1904="true": read (exceljs reads nothing or ignores them);
 *   - overlapping merges: the later ones are dropped with a warning (exceljs refuses the whole file);
 *   - a damaged part gives an issue naming the file and the sheet, and what could be read is kept
 *     (exceljs refuses the whole file); chart sheets, dialog sheets and macro sheets are skipped with a note;
 *   - a workbook with macros gives the 'macros_ignored' note (macros are never run);
 *   - sheet names longer than 31 characters are kept whole (exceljs refuses the file).
 * Safety caps no real workbook reaches: at most MAX_CELLS cells kept per file (sheets are cut at the row
 * where it runs out, with the 'truncated_sheet' warning), MAX_MERGES merges per sheet, an element (a cell,
 * a shared string) at most MAX_PENDING characters long, workbook / relationships / styles parts at most
 * WHOLE_MAX bytes.
 *
 * Pure TypeScript over bytes: works in Node ≥ 20 and in browsers / Web Workers (Node's zlib is reached
 * through process.getBuiltinModule, never imported). Never throws: problems are issues.
 */
import type { Grid, GridCell, InputFile, Issue, MergeSpan } from '../types';
import { resolveLimits, type ReadLimits } from './limits';
import { mkIssue } from '../util/issues';
import { isSniffOk, macrosIgnoredIssue, sniffIssue, sniffWorkbook } from './sniff';
import type { ZipEntry } from './zip';

// ───────────────────────────── inflating ─────────────────────────────

/** Parts up to this size (declared, uncompressed) are inflated in one call where Node's zlib is there. */
let SYNC_MAX = 8 * 1024 * 1024;
/** Compressed bytes handed to the inflater at a time, when streaming. */
const IN_CHUNK = 64 * 1024;
/** Bytes of output per chunk when streaming (Node's zlib; stored parts). */
let OUT_CHUNK = 256 * 1024;
/** Parts read whole (workbook, relationships, styles) larger than this are refused: none is ever that big. */
const WHOLE_MAX = 64 * 1024 * 1024;
/** An element still unfinished after this many characters (a cell, a shared string): the part is damaged. */
const MAX_PENDING = 4 * 1024 * 1024;
/** Merged areas kept per sheet (within the limits). */
const MAX_MERGES = 100_000;
/** Cells kept per file: past this, sheets are cut at the row where it is reached (memory stays bounded). */
let MAX_CELLS = 4_000_000;

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

interface NodeInflateStream {
  on(ev: 'data', f: (b: Uint8Array) => void): unknown;
  on(ev: 'error', f: (e: Error) => void): unknown;
  on(ev: 'end', f: () => void): unknown;
  once(ev: 'drain', f: () => void): unknown;
  write(b: Uint8Array): boolean;
  end(): void;
  destroy(): void;
}

interface ZlibLike {
  inflateRawSync(b: Uint8Array, o: { maxOutputLength: number }): Uint8Array;
  createInflateRaw(o?: { chunkSize?: number }): NodeInflateStream;
}

let zlibCache: ZlibLike | null | undefined;

/** Node's zlib, through process.getBuiltinModule so that browser bundles never see a `require`. */
function nodeZlib(): ZlibLike | null {
  if (zlibCache === undefined) {
    zlibCache = null;
    try {
      const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
      const z = proc?.getBuiltinModule?.('zlib') as Partial<ZlibLike> | undefined;
      if (z && typeof z.inflateRawSync === 'function' && typeof z.createInflateRaw === 'function') zlibCache = z as ZlibLike;
    } catch {
      zlibCache = null;
    }
  }
  return zlibCache;
}

/** Tests: false runs what a browser runs (DecompressionStream only); true goes back to Node's zlib. */
export function setXlsxNodeZlib(enabled: boolean): void {
  zlibCache = enabled ? undefined : null;
}

interface PartRead {
  /** Bytes that came out. */
  bytes: number;
  /** More came out than the directory declared: stopped there. */
  overflow: boolean;
  /** The sink asked to stop. */
  stopped: boolean;
  /** The data could not be inflated (damaged), after `bytes` bytes. */
  error?: string;
}

interface TextSink {
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
const TAIL_KEEP = 32;

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

/** Turns chunks of bytes into text for a sink, skipping undecoded what the sink says it doesn't want. */
class ByteFeeder {
  private decoder = new TextDecoder('utf-8');
  private tail: Uint8Array = new Uint8Array(0);
  private skipping = false;

  constructor(private readonly sink: TextSink) {}

  /** false: the sink wants nothing more. */
  push(chunk: Uint8Array): boolean {
    const pat = this.sink.skipTo ? this.sink.skipTo() : null;
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
      this.decoder = new TextDecoder('utf-8');
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
    if (this.skipping) return;
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
 * Inflate one zip entry and hand its text, decoded as UTF-8, to `sink` (one call for a small part, one per
 * chunk for a big one), stopping when the sink returns false, or when more bytes come out than the
 * directory declared. Never throws.
 */
async function readPartText(data: Uint8Array, entry: ZipEntry, sinkOrFn: TextSink | ((t: string) => boolean | void)): Promise<PartRead> {
  const sink: TextSink = typeof sinkOrFn === 'function' ? { text: sinkOrFn } : sinkOrFn;
  const max = entry.uncompressedSize;
  const raw = data.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
  if (entry.method === 0) {
    if (raw.length > max) return { bytes: raw.length, overflow: true, stopped: false };
    const feeder = new ByteFeeder(sink);
    for (let i = 0; i < raw.length; i += OUT_CHUNK) {
      const end = Math.min(raw.length, i + OUT_CHUNK);
      if (!feeder.push(raw.subarray(i, end))) return { bytes: end, overflow: false, stopped: true };
    }
    feeder.end();
    return { bytes: raw.length, overflow: false, stopped: false };
  }
  if (entry.method !== 8) {
    return { bytes: 0, overflow: false, stopped: false, error: `compression method ${entry.method} is not supported` };
  }
  const z = nodeZlib();
  if (z && max <= SYNC_MAX) {
    let out: Uint8Array | null = null;
    try {
      out = z.inflateRawSync(raw, { maxOutputLength: Math.max(1, max) });
    } catch (err) {
      const e = err as { code?: string };
      if (e.code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) return { bytes: max + 1, overflow: true, stopped: false };
      out = null; // damaged: the streaming path gives what comes before the damage, and the error
    }
    if (out) {
      if (out.length > max) return { bytes: out.length, overflow: true, stopped: false };
      const stopped = sink.text(new TextDecoder('utf-8').decode(out)) === false;
      return { bytes: out.length, overflow: false, stopped };
    }
  }
  const feeder = new ByteFeeder(sink);
  const onBytes = (chunk: Uint8Array): boolean => feeder.push(chunk);
  const r = z ? await inflateNode(z, raw, max, onBytes) : await inflateWeb(raw, max, onBytes);
  if (!r.stopped && !r.overflow) feeder.end();
  return r;
}

/** Node's zlib stream: the sink runs in the 'data' handler, so nothing piles up in memory. */
function inflateNode(
  z: ZlibLike,
  raw: Uint8Array,
  max: number,
  sink: (chunk: Uint8Array) => boolean,
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
      let go = false;
      try {
        go = sink(chunk);
      } catch (err) {
        finish({ bytes, overflow: false, stopped: false, error: err instanceof Error ? err.message : String(err) });
        inf.destroy();
        return;
      }
      if (!go) {
        finish({ bytes, overflow: false, stopped: true });
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

/** DecompressionStream('deflate-raw'): browsers, Web Workers, Node without getBuiltinModule. */
async function inflateWeb(raw: Uint8Array, max: number, sink: (chunk: Uint8Array) => boolean): Promise<PartRead> {
  let ds: DecompressionStream;
  try {
    ds = new DecompressionStream('deflate-raw' as CompressionFormat);
  } catch (err) {
    return { bytes: 0, overflow: false, stopped: false, error: err instanceof Error ? err.message : String(err) };
  }
  const writer = ds.writable.getWriter();
  const reader = ds.readable.getReader();
  let cancelled = false;
  void (async () => {
    for (let i = 0; i < raw.length && !cancelled; i += IN_CHUNK) await writer.write(raw.slice(i, Math.min(raw.length, i + IN_CHUNK)));
    if (!cancelled) await writer.close();
  })().catch(() => undefined);
  let bytes = 0;
  const stop = () => {
    cancelled = true;
    void reader.cancel().catch(() => undefined);
    void writer.abort().catch(() => undefined);
  };
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      bytes += value.length;
      if (bytes > max) {
        stop();
        return { bytes, overflow: true, stopped: false };
      }
      if (!sink(value)) {
        stop();
        return { bytes, overflow: false, stopped: true };
      }
    }
  } catch (err) {
    stop();
    return { bytes, overflow: false, stopped: false, error: err instanceof Error ? err.message : String(err) };
  }
  return { bytes, overflow: false, stopped: false };
}

/** A whole (small) part as one string, or why it could not be read. */
async function readWholePart(data: Uint8Array, entry: ZipEntry): Promise<{ text: string; problem: string | null }> {
  if (entry.uncompressedSize > WHOLE_MAX) return { text: '', problem: 'too large' };
  const parts: string[] = [];
  const r = await readPartText(data, entry, (t) => {
    parts.push(t);
  });
  return { text: parts.join(''), problem: partProblem(r) };
}

function partProblem(r: PartRead): string | null {
  if (r.overflow) return 'overflow';
  if (r.error) return r.error;
  return null;
}

// ───────────────────────────── XML helpers ─────────────────────────────

/** A blank, ">" or "/" after a tag name. */
function isBreak(c: number): boolean {
  return c === 32 || c === 62 || c === 47 || c === 9 || c === 10 || c === 13;
}

const ENTITY_RE = /&(#[xX][0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g;

function entity(m: string, e: string): string {
  switch (e) {
    case 'lt':
      return '<';
    case 'gt':
      return '>';
    case 'amp':
      return '&';
    case 'quot':
      return '"';
    case 'apos':
      return "'";
    default: {
      const n = e.charCodeAt(1) === 120 || e.charCodeAt(1) === 88 ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(n) && n >= 0 && n <= 0x10ffff ? String.fromCodePoint(n) : m;
    }
  }
}

/** Text content as an XML parser gives it: line ends normalised, entities and CDATA sections resolved. */
function xmlText(s: string): string {
  if (s.indexOf('\r') >= 0) s = s.replace(/\r\n?/g, '\n');
  if (s.indexOf('<') >= 0) return xmlTextWithMarkup(s);
  return s.indexOf('&') >= 0 ? s.replace(ENTITY_RE, entity) : s;
}

/** Text holding CDATA sections or comments (rare). */
function xmlTextWithMarkup(s: string): string {
  let out = '';
  let i = 0;
  while (i < s.length) {
    const lt = s.indexOf('<', i);
    if (lt < 0) {
      out += xmlText(s.slice(i));
      break;
    }
    out += xmlText(s.slice(i, lt));
    if (s.startsWith('<![CDATA[', lt)) {
      const e = s.indexOf(']]>', lt + 9);
      out += s.slice(lt + 9, e < 0 ? s.length : e);
      i = e < 0 ? s.length : e + 3;
    } else if (s.startsWith('<!--', lt)) {
      const e = s.indexOf('-->', lt + 4);
      i = e < 0 ? s.length : e + 3;
    } else {
      const e = s.indexOf('>', lt);
      i = e < 0 ? s.length : e + 1;
    }
  }
  return out;
}

/** An attribute's value as an XML parser gives it: blanks normalised, entities resolved. */
function attrText(s: string): string {
  if (s.indexOf('\n') >= 0 || s.indexOf('\t') >= 0 || s.indexOf('\r') >= 0) s = s.replace(/\r\n|[\r\n\t]/g, ' ');
  return s.indexOf('&') >= 0 ? s.replace(ENTITY_RE, entity) : s;
}

/** The end (index of ">") of the tag starting at lt, skipping quoted attribute values; -1 if not in s. */
function tagEnd(s: string, lt: number): number {
  let i = lt + 1;
  for (;;) {
    const gt = s.indexOf('>', i);
    if (gt < 0) return -1;
    const q1 = s.indexOf('"', i);
    const q2 = s.indexOf("'", i);
    let q = q1 < 0 ? q2 : q2 < 0 ? q1 : Math.min(q1, q2);
    if (q < 0 || q > gt) return gt;
    const close = s.indexOf(s[q], q + 1);
    if (close < 0) return -1;
    i = close + 1;
    q = -1;
  }
}

/** Attributes of the tag text s[from..to) (after the name), names as written ("r:id"). */
function parseAttrs(s: string, from: number, to: number): Record<string, string> {
  const out: Record<string, string> = {};
  let i = from;
  while (i < to) {
    const c = s.charCodeAt(i);
    if (c <= 32 || c === 47) {
      i++;
      continue;
    }
    const ns = i;
    while (i < to) {
      const d = s.charCodeAt(i);
      if (d === 61 || d <= 32 || d === 47) break;
      i++;
    }
    const name = s.slice(ns, i);
    while (i < to && s.charCodeAt(i) <= 32) i++;
    if (s.charCodeAt(i) !== 61) continue; // attribute without value: ignored
    i++;
    while (i < to && s.charCodeAt(i) <= 32) i++;
    const q = s[i];
    if (q !== '"' && q !== "'") continue;
    const e = s.indexOf(q, i + 1);
    if (e < 0 || e > to) break;
    out[name] = attrText(s.slice(i + 1, e));
    i = e + 1;
  }
  return out;
}

interface XmlTag {
  /** Local name (prefix stripped). */
  name: string;
  attrs: Record<string, string>;
  close: boolean;
  selfClosing: boolean;
}

/** Every start / end tag of a small XML document, in order (comments, PIs, CDATA skipped). */
function* xmlTags(s: string): Generator<XmlTag> {
  let i = 0;
  for (;;) {
    const lt = s.indexOf('<', i);
    if (lt < 0) return;
    const c = s.charCodeAt(lt + 1);
    if (c === 33) {
      // <!-- -->, <![CDATA[ ]]>, <!DOCTYPE>
      const end = s.startsWith('<!--', lt) ? s.indexOf('-->', lt) : s.startsWith('<![CDATA[', lt) ? s.indexOf(']]>', lt) : s.indexOf('>', lt);
      if (end < 0) return;
      i = end + 1;
      continue;
    }
    if (c === 63) {
      const end = s.indexOf('?>', lt);
      if (end < 0) return;
      i = end + 2;
      continue;
    }
    const gt = tagEnd(s, lt);
    if (gt < 0) return;
    const close = c === 47;
    let ns = close ? lt + 2 : lt + 1;
    let ne = ns;
    while (ne < gt && !isBreak(s.charCodeAt(ne))) ne++;
    const colon = s.lastIndexOf(':', ne - 1);
    if (colon >= ns) ns = colon + 1;
    const selfClosing = !close && s.charCodeAt(gt - 1) === 47;
    yield { name: s.slice(ns, ne), attrs: close ? {} : parseAttrs(s, ne, selfClosing ? gt - 1 : gt), close, selfClosing };
    i = gt + 1;
  }
}

// ───────────────────────────── values as exceljs-read gives them ─────────────────────────────

/** Formula text naming another workbook: "[1]Sheet1!A1", "'[Book2.xlsx]Sheet1'!A1" (as exceljs-read). */
const EXTERNAL_REF = /\[[^\]]*\][^!]*!/;

function isoDate(d: Date): string | null {
  const t = d.getTime();
  if (!Number.isFinite(t)) return null;
  const iso = d.toISOString();
  return t % 86_400_000 === 0 ? iso.slice(0, 10) : iso.slice(0, 19);
}

/** An Excel serial date (1900 system with its leap-year bug, or 1904) as exceljs converts it. */
function serialIso(v: number, date1904: boolean): string | null {
  return isoDate(new Date(Math.round((v - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000)));
}

/** ISO 8601 text of a t="d" cell. */
function isoTextDate(s: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(s.trim());
  if (!m) return null;
  const t = Date.parse(m[1] + (m[2] ?? 'T00:00:00') + (m[3] ?? 'Z'));
  return Number.isFinite(t) ? isoDate(new Date(t)) : null;
}

/** "_x000D_" escapes some writers leave in strings (exceljs-read's second pass: any case). */
function unescapeXml(s: string): string {
  return s.includes('_x') ? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : s;
}

/** exceljs's <t> reader: "_x000D_" escapes, upper-case hex only. */
function unescapeTextX(s: string): string {
  return s.includes('_x') ? s.replace(/_x([0-9A-F]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : s;
}

/** exceljs decodes t="str" values once more after the XML parser did. */
function xmlDecodeAgain(text: string): string {
  if (text.indexOf('&') < 0) return text;
  return text.replace(/&([a-z]*);/g, (c) => {
    switch (c) {
      case '&lt;':
        return '<';
      case '&gt;':
        return '>';
      case '&amp;':
        return '&';
      case '&apos;':
        return "'";
      case '&quot;':
        return '"';
      default:
        return c;
    }
  });
}

function isPercentFormat(fmt: string | undefined): boolean {
  if (!fmt || !fmt.includes('%')) return false;
  return fmt.replace(/"[^"]*"/g, '').replace(/\\./g, '').includes('%');
}

/** exceljs's utils.isDateFmt. */
function isDateFmt(fmt: string | undefined): boolean {
  if (!fmt) return false;
  const f = fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '');
  return /[ymdhMsb]+/.test(f);
}

/** Built-in number formats exceljs knows (defaultnumformats.js, the 'f' entries). */
const BUILTIN_FORMATS: Record<number, string> = {
  0: 'General',
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  9: '0%',
  10: '0.00%',
  11: '0.00E+00',
  12: '# ?/?',
  13: '# ??/??',
  14: 'mm-dd-yy',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'm/d/yy "h":mm',
  37: '#,##0 ;(#,##0)',
  38: '#,##0 ;[Red](#,##0)',
  39: '#,##0.00 ;(#,##0.00)',
  40: '#,##0.00 ;[Red](#,##0.00)',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mmss.0',
  48: '##0.0E+0',
  49: '@',
};

// ───────────────────────────── shared formulas (exceljs's slideFormula) ─────────────────────────────

const CANDIDATE_RE = /(([a-z_\-0-9]*)!)?([a-z0-9_$]{2,})([(])?/gi;
const CELL_REF_RE = /^([$])?([a-z]+)([$])?([1-9][0-9]*)$/i;

function lettersToCol(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) n = n * 26 + (s.charCodeAt(i) - 64);
  return n;
}

function colToLetters(n: number): string {
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/**
 * The master's formula moved from (fromRow, fromCol) to (toRow, toCol), 1-based: relative references
 * shift, $-anchored parts stay (exceljs's algorithm, so the texts are the same). null when a reference
 * would leave the sheet.
 */
function slideFormula(formula: string, fromRow: number, fromCol: number, toRow: number, toCol: number): string | null {
  let bad = false;
  const out = formula.replace(CANDIDATE_RE, (refMatch: string, sheet: string | undefined, _s: string, addr: string, paren: string | undefined) => {
    if (paren) return refMatch;
    const m = CELL_REF_RE.exec(addr);
    if (!m) return refMatch;
    const colStr = m[2].toUpperCase();
    if (colStr.length > 3 || (colStr.length === 3 && colStr > 'XFD')) return refMatch;
    let col = lettersToCol(colStr);
    let row = parseInt(m[4], 10);
    if (!m[1]) col += toCol - fromCol;
    if (!m[3]) row += toRow - fromRow;
    if (col < 1 || col > 16384) {
      bad = true;
      return refMatch;
    }
    return (sheet || '') + (m[1] || '') + colToLetters(col) + (m[3] || '') + row;
  });
  return bad ? null : out;
}

// ───────────────────────────── styles ─────────────────────────────

interface StyleInfo {
  /** Per cellXfs index: the number format shows a date (exceljs's rule). Index 0 is never looked at (as exceljs). */
  date: Uint8Array;
  /** Per cellXfs index: the number format shows a percentage. */
  percent: Uint8Array;
}

const NO_STYLES: StyleInfo = { date: new Uint8Array(0), percent: new Uint8Array(0) };

/** The <numFmts> and <cellXfs> sections of styles.xml (fonts, fills, borders … are not looked at). */
function styleSections(xml: string): string {
  let out = '';
  for (const name of ['numFmts', 'cellXfs']) {
    let from = 0;
    for (;;) {
      const k = xml.indexOf(name, from);
      if (k < 0) break;
      from = k + name.length;
      const before = xml.charCodeAt(k - 1);
      if ((before !== 60 && before !== 58) || !isBreak(xml.charCodeAt(k + name.length))) continue;
      const lt = xml.lastIndexOf('<', k);
      const close = xml.indexOf('/' + (lt + 1 < k ? xml.slice(lt + 1, k) : '') + name, k);
      const gt = close < 0 ? -1 : xml.indexOf('>', close);
      out += xml.slice(lt, gt < 0 ? xml.length : gt + 1);
      break;
    }
  }
  return out;
}

function parseStyles(xml: string): StyleInfo {
  const custom = new Map<number, string>();
  const xfFormats: number[] = [];
  let inCellXfs = false;
  let inXf = 0;
  for (const t of xmlTags(styleSections(xml))) {
    if (t.name === 'numFmt' && !t.close) {
      const id = parseInt(t.attrs.numFmtId, 10);
      const code = t.attrs.formatCode;
      if (Number.isFinite(id) && code !== undefined) custom.set(id, code.replace(/[\\](.)/g, '$1'));
    } else if (t.name === 'cellXfs') {
      inCellXfs = !t.close && !t.selfClosing;
    } else if (t.name === 'xf' && inCellXfs) {
      if (t.close) {
        inXf = 0;
        continue;
      }
      if (inXf) continue;
      xfFormats.push(parseInt(t.attrs.numFmtId, 10));
      if (!t.selfClosing) inXf = 1;
    }
  }
  const n = xfFormats.length;
  const info: StyleInfo = { date: new Uint8Array(n), percent: new Uint8Array(n) };
  for (let i = 1; i < n; i++) {
    const id = xfFormats[i];
    if (!id) continue; // 0 or NaN: no format (exceljs: `if (style.numFmtId)`)
    const fmt = custom.get(id) || BUILTIN_FORMATS[id];
    if (!fmt) continue;
    if (isDateFmt(fmt)) info.date[i] = 1;
    if (isPercentFormat(fmt)) info.percent[i] = 1;
  }
  return info;
}

// ───────────────────────────── rich text / string items ─────────────────────────────

/**
 * The text of a string item: the content of <si> (shared string) or <is> (inline string), s[from..to).
 * Plain <t>, or the runs <r><t> joined; phonetic runs <rPh> are skipped. `plainX`: unescape "_x000D_" in a
 * plain <t> too (shared strings do, inline strings don't: as exceljs). undefined when there is no text.
 */
function stringItem(s: string, from: number, to: number, p: string, plainX: boolean): string | undefined {
  let plain: string | undefined;
  let runs: string[] | undefined;
  const pl = p.length;
  let i = from;
  while (i < to) {
    const lt = s.indexOf('<', i);
    if (lt < 0 || lt >= to) break;
    const gt = s.indexOf('>', lt);
    if (gt < 0 || gt >= to + 1) break;
    let n = lt + 1;
    if (s.charCodeAt(n) === 47 || (pl > 0 && !s.startsWith(p, n))) {
      i = gt + 1;
      continue;
    }
    n += pl;
    const c0 = s.charCodeAt(n);
    const c1 = s.charCodeAt(n + 1);
    if (c0 === 116 && isBreak(c1)) {
      // <t>
      let text = '';
      let next = gt + 1;
      if (s.charCodeAt(gt - 1) !== 47) {
        const close = s.indexOf('</' + p + 't>', gt);
        const e = close < 0 || close > to ? to : close;
        text = xmlText(s.slice(gt + 1, e));
        next = e + 4 + pl;
      }
      plain = (plain ?? '') + (plainX ? unescapeTextX(text) : text);
      i = next;
    } else if (c0 === 114 && isBreak(c1)) {
      // <r> … <t>…</t> … </r>
      if (!runs) runs = [];
      if (s.charCodeAt(gt - 1) === 47) {
        runs.push('');
        i = gt + 1;
        continue;
      }
      const close = s.indexOf('</' + p + 'r>', gt);
      const e = close < 0 || close > to ? to : close;
      let text = '';
      let k = gt + 1;
      for (;;) {
        const a = s.indexOf('<' + p + 't', k);
        if (a < 0 || a >= e) break;
        const b = s.indexOf('>', a);
        if (b < 0 || b > e) break;
        if (!isBreak(s.charCodeAt(a + 2 + pl))) {
          k = a + 1;
          continue;
        }
        if (s.charCodeAt(b - 1) !== 47) {
          const tc = s.indexOf('</' + p + 't>', b);
          const te = tc < 0 || tc > e ? e : tc;
          text += xmlText(s.slice(b + 1, te));
          k = te + 1;
        } else {
          k = b + 1;
        }
      }
      runs.push(unescapeTextX(text));
      i = close < 0 || close > to ? to : close + 4 + pl;
    } else if (c0 === 114 && c1 === 80 && s.charCodeAt(n + 2) === 104 && isBreak(s.charCodeAt(n + 3))) {
      // <rPh> … </rPh>: phonetic guide, not part of the text
      if (s.charCodeAt(gt - 1) === 47) {
        i = gt + 1;
        continue;
      }
      const close = s.indexOf('</' + p + 'rPh>', gt);
      i = close < 0 || close > to ? to : close + 6 + pl;
    } else {
      i = gt + 1;
    }
  }
  if (runs) return runs.join('');
  return plain;
}

// ───────────────────────────── the worksheet scanner ─────────────────────────────

const enum St {
  Head,
  Rows,
  Skim,
  Tail,
  Done,
}

type Row = (GridCell | null | undefined)[];

/** Cell types (the t attribute): n (or absent, or unknown: read as a number, as exceljs does), s, str, inlineStr, b, e, d. */
const T_N = 0;
const T_S = 1;
const T_STR = 2;
const T_INLINE = 3;
const T_B = 4;
const T_E = 5;
const T_D = 6;

function cellType(s: string, from: number, to: number): number {
  const len = to - from;
  const c = s.charCodeAt(from);
  if (len === 1) return c === 115 ? T_S : c === 98 ? T_B : c === 101 ? T_E : c === 100 ? T_D : T_N;
  if (len === 3 && s.startsWith('str', from)) return T_STR;
  if (len === 9 && s.startsWith('inlineStr', from)) return T_INLINE;
  return T_N;
}

/** Cells waiting for their shared string: row array, column index, string index. */
interface PendingStrings {
  rows: Row[];
  cols: number[];
  idx: number[];
  /** Index of the sheet (in the order read). */
  sheet: number[];
}

interface SharedMaster {
  f: string | undefined;
  row: number;
  col: number;
}

/**
 * A streaming scanner of one worksheet's XML. push() takes the text as it comes (whole or in chunks) and
 * returns false when nothing more is needed (the merges have been read); finish() closes it.
 */
class SheetScanner {
  private buf = '';
  private pos = 0;
  st: St = St.Head;
  private p = '';
  private closeC = '</c>';
  private closeV = '</v>';
  private closeF = '</f>';
  private closeIs = '</is>';
  private closeSheetData = '</sheetData>';
  private mergeOpen = '<mergeCell';
  private closeMerges = '</mergeCells>';
  private closeWs = '</worksheet>';
  private skipBytes: Uint8Array | null = new TextEncoder().encode('</sheetData>');

  readonly rows: Row[] = [];
  /** Merges as written, 1-based inclusive, in document order. */
  readonly rawMerges: { top: number; left: number; bottom: number; right: number }[] = [];
  rowsCut = false;
  colsCut = false;
  /** Past maxRows: rows are only looked at until one holds a value. */
  private beyond = false;
  private row: Row | null = null;
  private rowNum = 0;
  private lastRowNum = 0;
  private lastCol = 0;
  private masters = new Map<string, SharedMaster>();
  sawSheetData = false;
  /** Why the scan stopped before the end (an element too long), or null. */
  damaged: string | null = null;
  /** Rows kept at most: maxRows, or less when the file's cell budget ran out. */
  rowLimit: number;
  /** Merges dropped because there were more than MAX_MERGES. */
  mergesOverCap = 0;
  /** Merges past the limits make exceljs count the sheet as cut (it makes a cell for each merged cell). */
  mergeRowsCut = false;
  mergeColsCut = false;

  // the cell being read
  private vText: string | undefined;
  private fText: string | undefined;
  private fT: string | undefined;
  private fSi: string | undefined;
  private fRef: string | undefined;
  private inl: string | undefined;

  constructor(
    private readonly maxRows: number,
    private readonly maxCols: number,
    private readonly styles: StyleInfo,
    private readonly date1904: boolean,
    private readonly pending: PendingStrings,
    private readonly sheetNo: number,
    private readonly budget: { cells: number },
  ) {
    this.rowLimit = maxRows;
  }

  push(text: string): boolean {
    if (this.st === St.Done) return false;
    if (this.pos >= this.buf.length) this.buf = text;
    else this.buf = (this.pos > 0 ? this.buf.slice(this.pos) : this.buf) + text;
    this.pos = 0;
    this.run(false);
    return (this.st as St) !== St.Done;
  }

  finish(): void {
    if (this.st !== St.Done) this.run(true);
    this.buf = '';
    this.pos = 0;
  }

  private setPrefix(p: string): void {
    this.p = p;
    this.closeC = '</' + p + 'c>';
    this.closeV = '</' + p + 'v>';
    this.closeF = '</' + p + 'f>';
    this.closeIs = '</' + p + 'is>';
    this.closeSheetData = '</' + p + 'sheetData>';
    this.mergeOpen = '<' + p + 'mergeCell';
    this.closeMerges = '</' + p + 'mergeCells>';
    this.closeWs = '</' + p + 'worksheet>';
    const b = new TextEncoder().encode(this.closeSheetData);
    this.skipBytes = b.length <= TAIL_KEEP ? b : null;
  }

  /** In Skim (past maxRows, a value seen): the bytes up to </sheetData> need not be decoded. */
  skipTo(): Uint8Array | null {
    return this.st === St.Skim ? this.skipBytes : null;
  }

  resumed(): void {
    this.buf = '';
    this.pos = 0;
  }

  private run(final: boolean): void {
    for (;;) {
      const before = this.st;
      switch (this.st) {
        case St.Head:
          this.head();
          break;
        case St.Rows:
          this.rowsLoop();
          break;
        case St.Skim:
          this.skim();
          break;
        case St.Tail:
          this.tail();
          break;
        case St.Done:
          return;
      }
      if (this.st === before) {
        // needs more text: but an element can't be that long
        if (!final && this.buf.length - this.pos > MAX_PENDING) {
          this.damaged = 'element too large';
          this.st = St.Done;
        }
        break;
      }
    }
  }

  /** Before <sheetData>: find it, and the namespace prefix it is written with. */
  private head(): void {
    const s = this.buf;
    let from = this.pos;
    for (;;) {
      const k = s.indexOf('sheetData', from);
      if (k < 0) {
        this.pos = Math.max(this.pos, s.length - 64);
        return;
      }
      let lt = k - 1;
      while (lt >= 0 && k - lt <= 40 && s.charCodeAt(lt) !== 60 && s.charCodeAt(lt) !== 62) lt--;
      const ok =
        lt >= 0 && s.charCodeAt(lt) === 60 && s.charCodeAt(lt + 1) !== 47 && (lt + 1 === k || s.charCodeAt(k - 1) === 58) && isBreak(s.charCodeAt(k + 9));
      if (!ok) {
        if (k + 9 >= s.length) {
          this.pos = Math.max(this.pos, k - 40);
          return;
        }
        from = k + 1;
        continue;
      }
      const gt = s.indexOf('>', k);
      if (gt < 0) {
        this.pos = lt;
        return;
      }
      this.setPrefix(s.slice(lt + 1, k));
      this.sawSheetData = true;
      this.pos = gt + 1;
      this.st = s.charCodeAt(gt - 1) === 47 ? St.Tail : St.Rows;
      return;
    }
  }

  /** Inside <sheetData>: rows and cells. */
  private rowsLoop(): void {
    const s = this.buf;
    const p = this.p;
    const pl = p.length;
    let pos = this.pos;
    for (;;) {
      const lt = s.indexOf('<', pos);
      if (lt < 0) {
        pos = s.length;
        break;
      }
      const gt = s.indexOf('>', lt);
      if (gt < 0) {
        pos = lt;
        break;
      }
      let n = lt + 1;
      if (s.charCodeAt(n) === 33 && s.startsWith('<!--', lt)) {
        const e = s.indexOf('-->', lt + 4);
        if (e < 0) {
          pos = lt;
          break;
        }
        pos = e + 3;
        continue;
      }
      if (s.charCodeAt(n) === 47) {
        // </row> or </sheetData>
        n++;
        if (pl > 0 && !s.startsWith(p, n)) {
          pos = gt + 1;
          continue;
        }
        n += pl;
        if (s.charCodeAt(n) === 114 && s.charCodeAt(n + 1) === 111 && s.charCodeAt(n + 2) === 119 && isBreak(s.charCodeAt(n + 3))) {
          this.row = null;
        } else if (s.startsWith('sheetData', n) && isBreak(s.charCodeAt(n + 9))) {
          this.pos = gt + 1;
          this.st = St.Tail;
          return;
        }
        pos = gt + 1;
        continue;
      }
      if (pl > 0 && !s.startsWith(p, n)) {
        pos = gt + 1;
        continue;
      }
      n += pl;
      const c0 = s.charCodeAt(n);
      if (c0 === 99 && isBreak(s.charCodeAt(n + 1))) {
        const end = this.cell(s, n + 1, gt);
        if (end < 0) {
          pos = lt;
          break;
        }
        pos = end;
        if (this.st !== St.Rows) {
          this.pos = pos;
          return;
        }
        continue;
      }
      if (c0 === 114 && s.charCodeAt(n + 1) === 111 && s.charCodeAt(n + 2) === 119 && isBreak(s.charCodeAt(n + 3))) {
        this.startRow(s, n + 3, gt);
        if (s.charCodeAt(gt - 1) === 47) this.row = null;
        pos = gt + 1;
        continue;
      }
      pos = gt + 1; // any other tag (extLst …)
    }
    this.pos = pos;
  }

  private startRow(s: string, from: number, gt: number): void {
    let r = NaN;
    const k = s.indexOf('r=', from);
    if (k >= 0 && k < gt && isBreak(s.charCodeAt(k - 1))) {
      const q = s.charCodeAt(k + 2);
      if (q === 34 || q === 39) r = parseInt(s.slice(k + 3, s.indexOf(q === 34 ? '"' : "'", k + 3)), 10);
    }
    if (!(r >= 1)) r = this.lastRowNum + 1; // no r: the row after the previous one
    this.lastRowNum = r;
    this.rowNum = r;
    this.lastCol = 0;
    if (this.budget.cells <= 0 && !this.beyond && r <= this.rowLimit) this.rowLimit = r - 1;
    if (r > this.rowLimit) {
      this.beyond = true;
      this.row = null;
      return;
    }
    this.row = [];
    this.rows[r - 1] = this.row;
  }

  /**
   * One <c …> whose name ends at `a` and open tag at `gt`: returns the index after the cell, or -1 when the
   * cell is not complete in the buffer yet.
   */
  private cell(s: string, a: number, gt: number): number {
    const selfClosing = s.charCodeAt(gt - 1) === 47;
    let end = gt + 1;
    let close = -1;
    if (!selfClosing) {
      close = s.indexOf(this.closeC, gt);
      if (close < 0) return -1;
      end = close + this.closeC.length;
    }
    // attributes r, s, t
    let col = 0;
    let styleId = 0;
    let t = T_N;
    let i = a;
    const to = selfClosing ? gt - 1 : gt;
    while (i < to) {
      const c = s.charCodeAt(i);
      if (c <= 32) {
        i++;
        continue;
      }
      const ns = i;
      while (i < to && s.charCodeAt(i) !== 61 && s.charCodeAt(i) > 32) i++;
      const nameLen = i - ns;
      while (i < to && s.charCodeAt(i) !== 61) i++;
      i++;
      while (i < to && s.charCodeAt(i) <= 32) i++;
      const q = s.charCodeAt(i);
      if (q !== 34 && q !== 39) break;
      const vs = i + 1;
      const ve = s.indexOf(q === 34 ? '"' : "'", vs);
      if (ve < 0 || ve > to) break;
      if (nameLen === 1) {
        const nc = s.charCodeAt(ns);
        if (nc === 114) {
          // r="AB12": the letters
          let cc = 0;
          for (let k = vs; k < ve; k++) {
            let d = s.charCodeAt(k);
            if (d >= 97 && d <= 122) d -= 32;
            if (d >= 65 && d <= 90) cc = cc * 26 + (d - 64);
            else if (d !== 36) break;
          }
          col = cc;
        } else if (nc === 115) {
          let n = 0;
          let k = vs;
          for (; k < ve; k++) {
            const d = s.charCodeAt(k) - 48;
            if (d < 0 || d > 9) break;
            n = n * 10 + d;
          }
          styleId = k === vs ? parseInt(s.slice(vs, ve), 10) || 0 : n;
        } else if (nc === 116) {
          t = cellType(s, vs, ve);
        }
      }
      i = ve + 1;
    }
    if (!(col >= 1)) col = this.lastCol + 1; // no r: the cell after the previous one
    this.lastCol = col;
    const row = this.row;
    if (selfClosing || (row === null && !this.beyond)) return end;
    this.children(s, gt + 1, close);
    const isFormula = !!this.fText || !!this.fT;
    const hasValue = this.vText !== undefined || this.inl !== undefined;
    if (this.beyond) {
      if (isFormula || hasValue) {
        this.rowsCut = true;
        this.st = St.Skim;
      }
      return end;
    }
    if (col > this.maxCols) {
      if (isFormula || hasValue) this.colsCut = true;
      return end;
    }
    if (!isFormula && !hasValue) return end;
    const g = this.convert(t, styleId, isFormula, col, row as Row);
    if (g) {
      (row as Row)[col - 1] = g;
      this.budget.cells--;
    }
    return end;
  }

  /** The children of a cell, s[from..to): <f>, <v>, <is>. */
  private children(s: string, from: number, to: number): void {
    this.vText = undefined;
    this.fText = undefined;
    this.fT = undefined;
    this.fSi = undefined;
    this.fRef = undefined;
    this.inl = undefined;
    const p = this.p;
    const pl = p.length;
    let i = from;
    while (i < to) {
      const lt = s.indexOf('<', i);
      if (lt < 0 || lt >= to) return;
      const gt = s.indexOf('>', lt);
      if (gt < 0 || gt > to) return;
      let n = lt + 1;
      if (s.charCodeAt(n) === 47 || (pl > 0 && !s.startsWith(p, n))) {
        i = gt + 1;
        continue;
      }
      n += pl;
      const c0 = s.charCodeAt(n);
      const c1 = s.charCodeAt(n + 1);
      const selfClosing = s.charCodeAt(gt - 1) === 47;
      if (c0 === 118 && isBreak(c1)) {
        // <v>
        if (selfClosing) {
          i = gt + 1;
          continue;
        }
        const e = s.indexOf(this.closeV, gt);
        const ve = e < 0 || e > to ? to : e;
        if (ve > gt + 1) {
          const text = xmlText(s.slice(gt + 1, ve));
          if (text !== '') this.vText = (this.vText ?? '') + text;
        }
        i = ve + this.closeV.length;
      } else if (c0 === 102 && isBreak(c1)) {
        // <f t="shared" si="0" ref="B2:B9">…</f>
        const at = parseAttrs(s, n + 1, selfClosing ? gt - 1 : gt);
        this.fT = at.t || undefined;
        this.fSi = at.si;
        this.fRef = at.ref || undefined;
        if (selfClosing) {
          i = gt + 1;
          continue;
        }
        const e = s.indexOf(this.closeF, gt);
        const fe = e < 0 || e > to ? to : e;
        if (fe > gt + 1) {
          const text = xmlText(s.slice(gt + 1, fe));
          if (text !== '') this.fText = (this.fText ?? '') + text;
        }
        i = fe + this.closeF.length;
      } else if (c0 === 105 && c1 === 115 && isBreak(s.charCodeAt(n + 2))) {
        // <is> inline string
        if (selfClosing) {
          i = gt + 1;
          continue;
        }
        const e = s.indexOf(this.closeIs, gt);
        const ie = e < 0 || e > to ? to : e;
        const text = stringItem(s, gt + 1, ie, p, false);
        if (text !== undefined && text !== '') this.inl = text;
        i = ie + this.closeIs.length;
      } else {
        i = gt + 1;
      }
    }
  }

  /** The cell as exceljs reads it and exceljs-read's convertCell converts it. */
  private convert(t: number, styleId: number, isFormula: boolean, col: number, row: Row): GridCell | null {
    const val = this.vText ?? this.inl;
    const isDate = styleId > 0 && this.styles.date[styleId] === 1;
    const out: GridCell = { v: null };
    if (isFormula) {
      let f = this.fText;
      if (this.fT === 'shared') {
        if (this.fRef) {
          this.masters.set(String(this.fSi), { f: this.fText, row: this.rowNum, col });
        } else if (!f) {
          const m = this.masters.get(String(this.fSi));
          if (m && m.f) f = slideFormula(m.f, m.row, m.col, this.rowNum, col) ?? m.f;
        }
      }
      if (f) {
        out.f = f.startsWith('=') ? f.slice(1) : f;
        if (out.f.includes('[') && EXTERNAL_REF.test(out.f)) out.external = true;
      }
      if (val) {
        if (t === T_STR) out.v = unescapeXml(xmlDecodeAgain(val));
        else if (t === T_B) out.v = parseInt(val, 10) !== 0;
        else if (t === T_E) out.error = val;
        else {
          const n = parseFloat(val);
          if (isDate && Number.isFinite(n)) {
            const iso = serialIso(n, this.date1904);
            out.v = iso;
            if (iso) out.date = true;
          } else {
            out.v = Number.isFinite(n) ? n : null;
          }
        }
      }
    } else {
      if (val === undefined) return null;
      switch (t) {
        case T_S: {
          const idx = parseInt(val, 10);
          const pend = this.pending;
          pend.rows.push(row);
          pend.cols.push(col - 1);
          pend.idx.push(idx);
          pend.sheet.push(this.sheetNo);
          this.budget.cells--;
          return null;
        }
        case T_STR:
          out.v = unescapeXml(xmlDecodeAgain(val));
          break;
        case T_INLINE:
          out.v = unescapeXml(val);
          break;
        case T_B:
          out.v = parseInt(val, 10) !== 0;
          break;
        case T_E:
          out.error = val;
          break;
        case T_D: {
          const iso = isoTextDate(val);
          out.v = iso ?? unescapeXml(val);
          if (iso) out.date = true;
          break;
        }
        default: {
          const n = parseFloat(val);
          if (isDate) {
            const iso = serialIso(n, this.date1904);
            out.v = iso;
            if (iso) out.date = true;
          } else {
            out.v = Number.isFinite(n) ? n : null;
          }
        }
      }
    }
    if (typeof out.v === 'number' && styleId > 0 && this.styles.percent[styleId] === 1) out.percentFormat = true;
    if ((out.v === null || out.v === '') && !out.error && !out.f) return null;
    return out;
  }

  /** Past maxRows, once a row with a value was seen: look only for the end of the rows. */
  private skim(): void {
    const s = this.buf;
    const k = s.indexOf(this.closeSheetData, this.pos);
    if (k < 0) {
      this.pos = Math.max(this.pos, s.length - this.closeSheetData.length);
      return;
    }
    this.pos = k + this.closeSheetData.length;
    this.st = St.Tail;
  }

  /** After </sheetData>: the merges; done at </mergeCells> or </worksheet>. */
  private tail(): void {
    const s = this.buf;
    let pos = this.pos;
    const ml = this.mergeOpen.length;
    for (;;) {
      const m = s.indexOf(this.mergeOpen, pos);
      const w = s.indexOf(this.closeWs, pos);
      if (m >= 0 && (w < 0 || m < w)) {
        const gt = s.indexOf('>', m);
        if (gt < 0 || m + ml >= s.length) {
          pos = m;
          break;
        }
        if (isBreak(s.charCodeAt(m + ml))) {
          const at = parseAttrs(s, m + ml, gt);
          if (at.ref) this.addMerge(at.ref);
        }
        pos = gt + 1;
        continue;
      }
      const c = s.indexOf(this.closeMerges, pos);
      if ((c >= 0 && (w < 0 || c < w)) || w >= 0) {
        this.st = St.Done;
        pos = s.length;
        break;
      }
      pos = Math.max(pos, s.length - Math.max(ml, this.closeWs.length, this.closeMerges.length));
      break;
    }
    this.pos = pos;
  }

  private addMerge(ref: string): void {
    const a = /^\s*\$?([A-Za-z]{1,3})\$?(\d{1,7})(?::\$?([A-Za-z]{1,3})\$?(\d{1,7}))?\s*$/.exec(ref);
    if (!a) return;
    const c1 = lettersToCol(a[1].toUpperCase());
    const r1 = Number(a[2]);
    const c2 = a[3] ? lettersToCol(a[3].toUpperCase()) : c1;
    const r2 = a[4] ? Number(a[4]) : r1;
    if (r1 < 1 || r2 < 1 || c1 < 1 || c2 < 1) return;
    const m = { top: Math.min(r1, r2), left: Math.min(c1, c2), bottom: Math.max(r1, r2), right: Math.max(c1, c2) };
    const maxRows = this.rowLimit;
    const maxCols = this.maxCols;
    // exceljs makes a cell for every cell of a merge: those past the limits count as content cut off.
    if (m.bottom > maxRows && (m.bottom > m.top || m.right > m.left)) this.mergeRowsCut = true;
    if (m.top <= maxRows && m.right > maxCols && (m.right > m.left || (m.bottom > m.top && m.top + 1 <= maxRows))) this.mergeColsCut = true;
    if (m.top > maxRows || m.left > maxCols) return;
    if (this.rawMerges.length >= MAX_MERGES) {
      this.mergesOverCap++;
      return;
    }
    this.rawMerges.push(m);
  }
}

// ───────────────────────────── shared strings (only those used) ─────────────────────────────

/** Streaming reader of xl/sharedStrings.xml keeping the strings whose index is marked in `want`. */
class SharedStringsScanner {
  private buf = '';
  private pos = 0;
  private p: string | null = null;
  private closeSi = '</si>';
  private openSi = '<si';
  /** Index of the next <si>. */
  count = 0;
  readonly strings = new Map<number, string>();
  /** Why reading stopped early (a string too long), or null. */
  damaged: string | null = null;

  constructor(private readonly want: Uint8Array) {}

  push(text: string): boolean {
    this.buf = (this.pos > 0 ? this.buf.slice(this.pos) : this.buf) + text;
    this.pos = 0;
    this.run();
    if (this.buf.length - this.pos > MAX_PENDING) {
      this.damaged = 'element too large';
      return false;
    }
    return this.count < this.want.length;
  }

  private run(): void {
    const s = this.buf;
    if (this.p === null) {
      let k = s.indexOf('sst');
      while (k >= 0 && !((s.charCodeAt(k - 1) === 60 || s.charCodeAt(k - 1) === 58) && isBreak(s.charCodeAt(k + 3)))) k = s.indexOf('sst', k + 1);
      if (k < 0) {
        this.pos = Math.max(0, s.length - 64);
        return;
      }
      let lt = k - 1;
      while (lt >= 0 && k - lt <= 40 && s.charCodeAt(lt) !== 60) lt--;
      this.p = lt >= 0 && lt + 1 < k ? s.slice(lt + 1, k) : '';
      this.openSi = '<' + this.p + 'si';
      this.closeSi = '</' + this.p + 'si>';
      this.pos = k;
    }
    let pos = this.pos;
    const ol = this.openSi.length;
    const want = this.want;
    while (this.count < want.length) {
      const a = s.indexOf(this.openSi, pos);
      if (a < 0 || a + ol >= s.length) {
        pos = a < 0 ? Math.max(pos, s.length - ol) : a;
        break;
      }
      if (!isBreak(s.charCodeAt(a + ol))) {
        pos = a + 1;
        continue;
      }
      const gt = s.indexOf('>', a);
      if (gt < 0) {
        pos = a;
        break;
      }
      if (s.charCodeAt(gt - 1) === 47) {
        if (want[this.count]) this.strings.set(this.count, '');
        this.count++;
        pos = gt + 1;
        continue;
      }
      const e = s.indexOf(this.closeSi, gt);
      if (e < 0) {
        pos = a;
        break;
      }
      if (want[this.count]) this.strings.set(this.count, unescapeXml(stringItem(s, gt + 1, e, this.p, true) ?? ''));
      this.count++;
      pos = e + this.closeSi.length;
    }
    this.pos = pos;
  }
}

// ───────────────────────────── the workbook ─────────────────────────────

interface SheetDef {
  name: string;
  rid: string | undefined;
}

function partKey(name: string): string {
  return name.replace(/\\/g, '/').replace(/^\/+/, '').toLowerCase();
}

/** A relationship's target as a part name, relative to the folder of the part that holds the rels. */
function resolveTarget(baseDir: string, target: string): string {
  let t = target.trim().replace(/\\/g, '/');
  let parts: string[];
  if (t.startsWith('/')) {
    parts = [];
    t = t.replace(/^\/+/, '');
  } else {
    parts = baseDir.split('/').filter((x) => x.length > 0);
  }
  for (const seg of t.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/');
}

interface Rel {
  type: string;
  target: string;
  external: boolean;
}

function parseRels(xml: string): Map<string, Rel> {
  const out = new Map<string, Rel>();
  for (const t of xmlTags(xml)) {
    if (t.close || t.name !== 'Relationship') continue;
    if (t.attrs.Id === undefined || t.attrs.Target === undefined) continue;
    out.set(t.attrs.Id, { type: t.attrs.Type ?? '', target: t.attrs.Target, external: /^external$/i.test(t.attrs.TargetMode ?? '') });
  }
  return out;
}

function relKind(type: string): string {
  const m = /\/([A-Za-z]+)$/.exec(type);
  return m ? m[1].toLowerCase() : '';
}

function parseWorkbookXml(xml: string): { sheets: SheetDef[]; date1904: boolean } {
  const sheets: SheetDef[] = [];
  let date1904 = false;
  for (const t of xmlTags(xml)) {
    if (t.close) continue;
    if (t.name === 'workbookPr') {
      const v = t.attrs.date1904;
      date1904 = v === '1' || v === 'true';
    } else if (t.name === 'sheet') {
      let rid = t.attrs['r:id'];
      if (rid === undefined) {
        for (const k of Object.keys(t.attrs)) if (/:id$/i.test(k) || k === 'id') rid = t.attrs[k];
      }
      sheets.push({ name: t.attrs.name ?? '', rid });
    }
  }
  return { sheets, date1904 };
}

function fileIssue(file: string, code: string, vi: string, en: string, severity: 'error' | 'warning' | 'info' = 'error', sheet?: string): Issue {
  return mkIssue({ severity, code, vi, en, file, sheet: sheet ?? null });
}

function problemText(problem: string): { vi: string; en: string } {
  if (problem === 'too large' || problem === 'element too large') {
    return {
      vi: problem === 'too large' ? 'lớn bất thường (tệp hỏng hoặc cố ý gây hại)' : 'có một phần tử dài bất thường (tệp hỏng hoặc cố ý gây hại)',
      en: problem === 'too large' ? 'it is abnormally large (a damaged or hostile file)' : 'it holds an abnormally long element (a damaged or hostile file)',
    };
  }
  if (problem === 'overflow') {
    return {
      vi: 'giải nén ra nhiều hơn kích thước tệp zip khai báo (tệp hỏng hoặc "bom zip")',
      en: 'it inflates to more than the zip declares (a damaged file or a zip bomb)',
    };
  }
  return { vi: `dữ liệu nén bị hỏng (${problem})`, en: `its compressed data is damaged (${problem})` };
}

interface SheetResult {
  def: SheetDef;
  scanner: SheetScanner;
  /** Why the sheet could not be read to its end, or null. */
  problem: string | null;
}

/** Read every worksheet of an .xlsx/.xlsm file into Grids, as gridsFromXlsx does. Never throws: problems are issues. */
export async function gridsFromXlsxDirect(file: InputFile, limits?: Partial<ReadLimits>): Promise<{ grids: Grid[]; issues: Issue[] }> {
  const lim = resolveLimits(limits);
  const issues: Issue[] = [];
  try {
    const grids = await readWorkbook(file, lim, issues);
    if (grids.length === 0 && !issues.some((i) => i.severity === 'error')) {
      // e.g. a damaged xl/workbook.xml that inflates to text listing no sheet: never silently nothing
      issues.push(
        fileIssue(
          file.name,
          'no_sheets',
          `Tệp '${file.name}' không có sheet nào đọc được (danh sách sheet trong tệp có thể bị hỏng); hãy mở lại tệp bằng Excel hoặc LibreOffice và lưu lại dưới dạng .xlsx`,
          `File '${file.name}' has no readable sheet (its list of sheets may be damaged); open it in Excel or LibreOffice and save it again as .xlsx`,
        ),
      );
    }
    return { grids, issues };
  } catch (e) {
    // A bug here must not stop the run.
    const why = e instanceof Error ? e.message : String(e);
    issues.push(
      fileIssue(
        file.name,
        'unreadable_file',
        `Không đọc được tệp '${file.name}' (${why})`,
        `Cannot read file '${file.name}' (${why})`,
      ),
    );
    return { grids: [], issues };
  }
}

async function readWorkbook(file: InputFile, lim: ReadLimits, issues: Issue[]): Promise<Grid[]> {
  const name = file.name;
  const data = file.data;
  const sniff = sniffWorkbook(name, data, { maxCompressedBytes: lim.maxCompressedBytes, maxUncompressedBytes: lim.maxUncompressedBytes });
  if (!isSniffOk(sniff)) {
    issues.push(sniffIssue(name, sniff));
    return [];
  }
  if (sniff.macros) issues.push(macrosIgnoredIssue(name));
  const parts = new Map<string, ZipEntry>();
  for (const e of sniff.entries) if (!e.dir && !parts.has(partKey(e.name))) parts.set(partKey(e.name), e);
  const part = (p: string): ZipEntry | undefined => {
    const k = partKey(p);
    const e = parts.get(k);
    if (e || !k.includes('%')) return e;
    try {
      return parts.get(partKey(decodeURIComponent(p)));
    } catch {
      return undefined;
    }
  };
  const damaged = (what: string, problem: string): Issue => {
    const why = problemText(problem);
    return fileIssue(
      name,
      'unreadable_file',
      `Không đọc được tệp '${name}': phần ${what} ${why.vi}. Hãy mở bằng Excel (Excel sẽ đề nghị sửa tệp) rồi lưu lại dưới dạng .xlsx, hoặc xin đơn vị gửi lại tệp.`,
      `Cannot read file '${name}': the part ${what} — ${why.en}. Open it in Excel (which offers to repair it) and save it as .xlsx, or ask the sender for the file again.`,
    );
  };

  // The workbook part: the usual name, else where the package relationships say.
  let wbPath = 'xl/workbook.xml';
  const pkgRels = part(wbPath) ? undefined : part('_rels/.rels');
  if (pkgRels) {
    const r = await readWholePart(data, pkgRels);
    if (!r.problem) {
      for (const rel of parseRels(r.text).values()) {
        if (relKind(rel.type) === 'officedocument' && !rel.external) {
          const p = resolveTarget('', rel.target);
          if (part(p)) wbPath = p;
          break;
        }
      }
    }
  }
  const wbEntry = part(wbPath);
  if (!wbEntry) {
    issues.push(damaged(wbPath, 'missing'));
    return [];
  }
  const wb = await readWholePart(data, wbEntry);
  if (wb.problem) {
    issues.push(damaged(wbPath, wb.problem));
    return [];
  }
  const { sheets, date1904 } = parseWorkbookXml(wb.text);
  const wbDir = wbPath.includes('/') ? wbPath.slice(0, wbPath.lastIndexOf('/')) : '';
  const relsPath = (wbDir ? wbDir + '/' : '') + '_rels/' + wbPath.slice(wbPath.lastIndexOf('/') + 1) + '.rels';
  const relsEntry = part(relsPath);
  let rels = new Map<string, Rel>();
  if (relsEntry) {
    const r = await readWholePart(data, relsEntry);
    if (r.problem) {
      issues.push(damaged(relsPath, r.problem));
      return [];
    }
    rels = parseRels(r.text);
  }
  let stylesPath = (wbDir ? wbDir + '/' : '') + 'styles.xml';
  let sstPath = (wbDir ? wbDir + '/' : '') + 'sharedStrings.xml';
  for (const rel of rels.values()) {
    const kind = relKind(rel.type);
    if (kind === 'styles' && !rel.external && part(resolveTarget(wbDir, rel.target))) stylesPath = resolveTarget(wbDir, rel.target);
    if (kind === 'sharedstrings' && !rel.external && part(resolveTarget(wbDir, rel.target))) sstPath = resolveTarget(wbDir, rel.target);
  }

  // Styles: which style ids show dates and percentages.
  let styles = NO_STYLES;
  const stylesEntry = part(stylesPath);
  if (stylesEntry) {
    const r = await readWholePart(data, stylesEntry);
    if (r.problem) {
      const why = problemText(r.problem);
      issues.push(
        fileIssue(
          name,
          'damaged_part',
          `Tệp '${name}': phần định dạng ${stylesPath} ${why.vi}; ngày tháng và tỷ lệ phần trăm có thể bị đọc thành số.`,
          `File '${name}': the formatting part ${stylesPath} — ${why.en}; dates and percentages may be read as plain numbers.`,
          'warning',
        ),
      );
    } else {
      styles = parseStyles(r.text);
    }
  }

  // The worksheets, in the workbook's order.
  const pending: PendingStrings = { rows: [], cols: [], idx: [], sheet: [] };
  const budget = { cells: MAX_CELLS };
  const done: SheetResult[] = [];
  for (const def of sheets) {
    const rel = def.rid !== undefined ? rels.get(def.rid) : undefined;
    const kind = rel ? relKind(rel.type) : '';
    if (rel && kind !== 'worksheet' && /sheet$/.test(kind)) {
      const what =
        kind === 'chartsheet'
          ? { vi: 'sheet biểu đồ', en: 'a chart sheet' }
          : kind === 'dialogsheet'
            ? { vi: 'sheet hộp thoại (Excel 5)', en: 'a dialog sheet (Excel 5)' }
            : { vi: 'sheet macro', en: 'a macro sheet' };
      issues.push(
        fileIssue(
          name,
          'sheet_skipped',
          `Tệp '${name}', sheet '${def.name}': là ${what.vi}, không có bảng số liệu; bỏ qua.`,
          `File '${name}', sheet '${def.name}': is ${what.en} with no table of cells; skipped.`,
          'info',
          def.name,
        ),
      );
      continue;
    }
    const path = rel && !rel.external ? resolveTarget(wbDir, rel.target) : null;
    const entry = path ? part(path) : undefined;
    if (!entry) {
      issues.push(
        fileIssue(
          name,
          'unreadable_sheet',
          `Tệp '${name}', sheet '${def.name}': không tìm thấy nội dung của sheet trong tệp (${path ?? 'không có liên kết'}); tệp bị hỏng, bỏ qua sheet này.`,
          `File '${name}', sheet '${def.name}': the sheet's content is not in the file (${path ?? 'no relationship'}); the file is damaged, the sheet is skipped.`,
          'error',
          def.name,
        ),
      );
      continue;
    }
    const scanner = new SheetScanner(lim.maxRows, lim.maxCols, styles, date1904, pending, done.length, budget);
    let r: PartRead;
    try {
      r = await readPartText(data, entry, { text: (t) => scanner.push(t), skipTo: () => scanner.skipTo(), resumed: () => scanner.resumed() });
      scanner.finish();
    } catch (e) {
      r = { bytes: 0, overflow: false, stopped: false, error: e instanceof Error ? e.message : String(e) };
    }
    done.push({ def, scanner, problem: partProblem(r) ?? scanner.damaged ?? (scanner.st !== St.Done ? 'truncated' : null) });
  }

  // Shared strings: only those the kept cells use.
  if (pending.idx.length > 0) {
    const sstEntry = part(sstPath);
    let strings = new Map<number, string>();
    let sstProblem: string | null = sstEntry ? null : 'missing';
    if (sstEntry) {
      let maxIdx = -1;
      for (const i of pending.idx) if (i > maxIdx) maxIdx = i;
      // A <si> is at least 9 characters: indices past that can't be in the part.
      const cap = Math.min(maxIdx + 1, Math.floor(sstEntry.uncompressedSize / 9) + 1);
      const want = new Uint8Array(Math.max(0, cap));
      for (const i of pending.idx) if (i >= 0 && i < cap) want[i] = 1;
      const sc = new SharedStringsScanner(want);
      const r = await readPartText(data, sstEntry, (t) => sc.push(t));
      strings = sc.strings;
      sstProblem = partProblem(r) ?? sc.damaged;
    }
    const missing = new Array<number>(done.length).fill(0);
    const { rows, cols, idx, sheet } = pending;
    for (let k = 0; k < idx.length; k++) {
      const str = strings.get(idx[k]);
      if (str === undefined) missing[sheet[k]]++;
      else if (str !== '') rows[k][cols[k]] = { v: str };
    }
    done.forEach(({ def }, i) => {
      const n = missing[i];
      if (n === 0) return;
      const why = sstProblem && sstProblem !== 'missing' ? problemText(sstProblem) : null;
      const vi = sstProblem === 'missing' ? `thiếu phần ${sstPath}` : why ? `phần ${sstPath} ${why.vi}` : `phần ${sstPath} không có chuỗi được trỏ tới`;
      const en = sstProblem === 'missing' ? `the part ${sstPath} is missing` : why ? `the part ${sstPath} — ${why.en}` : `the part ${sstPath} lacks the strings they point to`;
      issues.push(
        fileIssue(
          name,
          'missing_shared_strings',
          `Tệp '${name}', sheet '${def.name}': ${n} ô chữ không đọc được vì ${vi}; các ô đó được coi là trống.`,
          `File '${name}', sheet '${def.name}': ${n} text cells could not be read because ${en}; those cells are taken as empty.`,
          'error',
          def.name,
        ),
      );
    });
  }

  for (const { def, scanner, problem } of done) {
    if (!problem) continue;
    const rows = scanner.rows;
    let kept = rows.length;
    while (kept > 0 && (rows[kept - 1] === undefined || rows[kept - 1].length === 0)) kept--;
    const why =
      problem === 'truncated'
        ? scanner.sawSheetData
          ? { vi: 'nội dung sheet bị cắt cụt', en: 'the sheet content is cut short' }
          : { vi: 'không có bảng ô (sheetData)', en: 'it has no table of cells (sheetData)' }
        : problemText(problem);
    const got = kept > 0 ? { vi: `chỉ đọc được ${kept} dòng đầu`, en: `only the first ${kept} rows could be read` } : { vi: 'không đọc được dòng nào', en: 'no row could be read' };
    issues.push(
      fileIssue(
        name,
        'unreadable_sheet',
        `Tệp '${name}', sheet '${def.name}': bị hỏng (${why.vi}); ${got.vi}. Hãy mở bằng Excel rồi lưu lại, hoặc xin đơn vị gửi lại tệp.`,
        `File '${name}', sheet '${def.name}': damaged (${why.en}); ${got.en}. Open it in Excel and save it again, or ask the sender for the file again.`,
        'error',
        def.name,
      ),
    );
  }
  return done.map(({ def, scanner }) => finishGrid(name, def.name, scanner, lim, issues));
}

/** Blank the merged cells, clip the merges, trim trailing empty rows, report the cut. */
function finishGrid(file: string, sheet: string, sc: SheetScanner, lim: ReadLimits, issues: Issue[]): Grid {
  const rows = sc.rows;
  const maxRows = sc.rowLimit;
  const maxCols = lim.maxCols;
  const rowsCut = sc.rowsCut || sc.mergeRowsCut;
  const colsCut = sc.colsCut || sc.mergeColsCut;
  // Overlapping merges: exceljs refuses the file; here the later ones are dropped.
  const kept: { top: number; left: number; bottom: number; right: number }[] = [];
  let dropped = sc.mergesOverCap;
  {
    const order = sc.rawMerges.map((_, i) => i).sort((a, b) => sc.rawMerges[a].top - sc.rawMerges[b].top || a - b);
    const active: number[] = [];
    const ok = new Uint8Array(sc.rawMerges.length);
    for (const i of order) {
      const m = sc.rawMerges[i];
      let clash = false;
      for (let k = active.length - 1; k >= 0; k--) {
        const o = sc.rawMerges[active[k]];
        if (o.bottom < m.top) {
          active.splice(k, 1);
          continue;
        }
        if (o.left <= m.right && m.left <= o.right) clash = true;
      }
      if (clash) {
        dropped++;
        continue;
      }
      ok[i] = 1;
      active.push(i);
    }
    for (let i = 0; i < sc.rawMerges.length; i++) if (ok[i]) kept.push(sc.rawMerges[i]);
  }
  if (dropped > 0) {
    issues.push(
      mkIssue({
        severity: 'warning',
        code: 'merges_ignored',
        vi: `Tệp '${file}', sheet '${sheet}': bỏ qua ${dropped} vùng ô gộp chồng lên vùng khác hoặc vượt quá ${MAX_MERGES} vùng.`,
        en: `File '${file}', sheet '${sheet}': ${dropped} merged areas overlapping others or past ${MAX_MERGES} areas were ignored.`,
        file,
        sheet,
      }),
    );
  }
  const merges: MergeSpan[] = [];
  for (const m of kept) {
    if (m.top > maxRows || m.left > maxCols) continue;
    const r2 = Math.min(m.bottom, maxRows);
    const c2 = Math.min(m.right, maxCols);
    merges.push({ r1: m.top - 1, c1: m.left - 1, r2: r2 - 1, c2: c2 - 1 });
    // Only the master cell holds the value.
    for (let r = m.top - 1; r < r2; r++) {
      const row = rows[r];
      if (!row || row.length < m.left) continue;
      const from = r === m.top - 1 ? m.left : m.left - 1;
      const to = Math.min(c2, row.length);
      let hit = false;
      for (let c = from; c < to; c++) {
        if (row[c] !== undefined) {
          delete row[c];
          hit = true;
        }
      }
      if (hit) {
        let n = row.length;
        while (n > 0 && row[n - 1] === undefined) n--;
        row.length = n;
      }
    }
  }
  // Rows: dense, trailing empty ones dropped.
  let end = rows.length;
  while (end > 0 && (rows[end - 1] === undefined || rows[end - 1].length === 0)) end--;
  rows.length = end;
  for (let r = 0; r < end; r++) if (rows[r] === undefined) rows[r] = [];
  const grid: Grid = { file, sheet, rows, merges };
  if (rowsCut || colsCut) {
    grid.truncated = {};
    if (rowsCut) grid.truncated.rows = maxRows;
    if (colsCut) grid.truncated.cols = maxCols;
    const parts: { vi: string[]; en: string[] } = { vi: [], en: [] };
    if (rowsCut) {
      parts.vi.push(`chỉ đọc ${maxRows} dòng đầu`);
      parts.en.push(`only the first ${maxRows} rows were read`);
    }
    if (colsCut) {
      parts.vi.push(`chỉ đọc ${maxCols} cột đầu`);
      parts.en.push(`only the first ${maxCols} columns were read`);
    }
    issues.push(
      mkIssue({
        severity: 'warning',
        code: 'truncated_sheet',
        vi: `Tệp '${file}', sheet '${sheet}': bảng quá lớn, ${parts.vi.join(', ')}`,
        en: `File '${file}', sheet '${sheet}': the sheet is too large; ${parts.en.join(', ')}`,
        file,
        sheet,
      }),
    );
  }
  return grid;
}

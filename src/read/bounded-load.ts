/**
 * Bounded loading of a workbook: what stands between a commune's file and exceljs's `xlsx.load`.
 *
 * exceljs builds the whole workbook in memory: 1,000,000 rows × 5 columns (a 33 MB file, 222 MB of
 * sheet XML) take 28 s and 2.4 GB of memory, and a 2 KB file can hang it (a merge over A1:XFD1048576,
 * a column range `max="2000000000"`, a data validation over a whole sheet: exceljs expands each of
 * these cell by cell). prepareWorkbook streams every part through the platform's inflater
 * (DecompressionStream, in browsers and Node ≥ 18) with a byte counter, and rewrites the worksheets
 * that would cost too much:
 *   - rows past maxRows and cells past maxCols are dropped (counted, reported as 'truncated_sheet');
 *   - merges are clipped to the limits, overlapping ones dropped (exceljs throws on them), and the
 *     merged area is capped; column ranges are clipped to 16,384; oversized data validations dropped;
 *   - the shared strings of a big workbook keep only the strings the kept cells use.
 * The rewritten workbook is a new zip (untouched parts copied compressed, rewritten ones stored).
 * A part that inflates to more than the directory says is a zip bomb and is refused.
 *
 * Memory stays proportional to what is kept (maxRows × maxCols, at most maxKeptBytes of XML per sheet),
 * time to the bytes inflated (at most maxUncompressedBytes).
 */
import type { InputFile, Issue } from '../types';
import { mkIssue } from '../util/issues';
import { formatNumber } from '../util/format';
import { isSniffOk, macrosIgnoredIssue, sniffIssue, sniffWorkbook, type SniffOk } from '../xlsx/sniff';
import { crc32, DEFAULT_ZIP_LIMITS, writeZip, type ZipEntry, type ZipLimits, type ZipWriteEntry } from '../xlsx/zip';

export interface BoundLimits extends ZipLimits {
  /** Rows read per sheet (1-based row numbers above this are dropped). */
  maxRows?: number;
  /** Columns read per sheet (cells right of this column are dropped). */
  maxCols?: number;
  /** Total area of the merges kept in one sheet, in cells. */
  maxMergedCells?: number;
  /** XML kept from one sheet (characters). */
  maxKeptBytes?: number;
  /** Shared-string tables larger than this (uncompressed) keep only the strings the kept cells use. */
  trimSharedStringsAbove?: number;
}

export const DEFAULT_BOUND_LIMITS: Required<BoundLimits> = {
  ...DEFAULT_ZIP_LIMITS,
  maxRows: 10_000,
  maxCols: 1_000,
  maxMergedCells: 200_000,
  maxKeptBytes: 32 * 1024 * 1024,
  trimSharedStringsAbove: 8 * 1024 * 1024,
};

/** What was cut from one worksheet. Only sheets that were changed are listed. */
export interface SheetTrim {
  /** Zip entry, e.g. "xl/worksheets/sheet1.xml". */
  path: string;
  /** Sheet name from xl/workbook.xml, when found. */
  sheet: string | null;
  /** Highest row number seen in the sheet (1-based). */
  lastRow: number;
  /** Highest column number seen in the kept rows (1-based). */
  lastCol: number;
  keptRows: number;
  /** Rows dropped: past maxRows, or past maxKeptBytes of XML. */
  droppedRows: number;
  /** Cells dropped from kept rows: past maxCols. */
  droppedCells: number;
  mergesDropped: number;
  mergesClipped: number;
  /** Column ranges (<col max>) clipped. */
  colsClipped: number;
  /** Data validations dropped because they cover too many cells. */
  validationsDropped: boolean;
  /** The part after the rows (merges, formatting) was too big and was dropped. */
  tailDropped: boolean;
}

export type Prepared =
  | {
      ok: true;
      kind: 'xlsx' | 'xlsm';
      /** The bytes to hand to exceljs: the original file, or a rewritten, bounded copy. */
      data: Uint8Array;
      rewritten: boolean;
      sniff: SniffOk;
      trims: SheetTrim[];
      /** Notes for the file: macros ignored, sheets truncated, merges ignored. */
      issues: Issue[];
      /** Bytes inflated while checking. */
      inflatedBytes: number;
      /** false when the platform has no DecompressionStream: nothing was checked or trimmed beyond the zip directory. */
      checked: boolean;
    }
  | { ok: false; code: string; issues: Issue[] };

// ───────────────────────────── inflating with a counter ─────────────────────────────

const CHUNK = 64 * 1024;

export interface InflateResult {
  bytes: number;
  /** More bytes came out than maxBytes. */
  overflow: boolean;
  /** The sink asked to stop. */
  stopped: boolean;
  error?: string;
}

let inflateSupport: boolean | null = null;

/** The platform can inflate raw deflate data (DecompressionStream with 'deflate-raw'). */
export function canInflate(): boolean {
  if (inflateSupport === null && nodeInflate()) inflateSupport = true;
  if (inflateSupport === null) {
    try {
      new DecompressionStream('deflate-raw' as CompressionFormat);
      inflateSupport = true;
    } catch {
      inflateSupport = false;
    }
  }
  return inflateSupport;
}

/** Entries up to this size (declared, uncompressed) are inflated in one synchronous call where the platform has one. */
const SYNC_MAX = 8 * 1024 * 1024;

type SyncInflate = (raw: Uint8Array, maxOutputLength: number) => Uint8Array;
let syncInflate: SyncInflate | null | undefined;

/**
 * Node's zlib.inflateRawSync (about 20× faster than DecompressionStream on the many small parts of a
 * workbook), reached through process.getBuiltinModule so that browser bundles never see a `require`.
 */
function nodeInflate(): SyncInflate | null {
  if (syncInflate === undefined) {
    syncInflate = null;
    try {
      const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
      const z = proc?.getBuiltinModule?.('zlib') as { inflateRawSync?: (b: Uint8Array, o: { maxOutputLength: number }) => Uint8Array } | undefined;
      if (z?.inflateRawSync) {
        const f = z.inflateRawSync;
        syncInflate = (raw, max) => f(raw, { maxOutputLength: max });
      }
    } catch {
      syncInflate = null;
    }
  }
  return syncInflate;
}

/** Tests: turn the Node fast path off (false) to run what a browser runs, or back on (true). */
export function setNodeInflate(enabled: boolean): void {
  syncInflate = enabled ? undefined : null;
  inflateSupport = null;
}

/**
 * Inflate a raw-deflate (method 8) or stored (method 0) entry chunk by chunk, handing each chunk to `sink`,
 * stopping as soon as more than maxBytes come out or the sink returns false. Never throws.
 */
export async function inflateEntry(
  data: Uint8Array,
  entry: ZipEntry,
  maxBytes: number,
  sink: (chunk: Uint8Array) => boolean | void,
): Promise<InflateResult> {
  const raw = data.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
  if (entry.method === 0) {
    for (let i = 0; i < raw.length; i += CHUNK) {
      const end = Math.min(raw.length, i + CHUNK);
      if (end > maxBytes) return { bytes: end, overflow: true, stopped: false };
      if (sink(raw.subarray(i, end)) === false) return { bytes: end, overflow: false, stopped: true };
    }
    return { bytes: raw.length, overflow: false, stopped: false };
  }
  const sync = maxBytes <= SYNC_MAX ? nodeInflate() : null;
  if (sync) {
    let out: Uint8Array;
    try {
      out = sync(raw, Math.max(1, maxBytes));
    } catch (err) {
      const e = err as { code?: string; message?: string };
      if (e.code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) return { bytes: maxBytes + 1, overflow: true, stopped: false };
      return { bytes: 0, overflow: false, stopped: false, error: e.message ?? String(err) };
    }
    if (out.length > maxBytes) return { bytes: out.length, overflow: true, stopped: false };
    for (let i = 0; i < out.length; i += CHUNK * 4) {
      if (sink(out.subarray(i, Math.min(out.length, i + CHUNK * 4))) === false) return { bytes: out.length, overflow: false, stopped: true };
    }
    return { bytes: out.length, overflow: false, stopped: false };
  }
  let bytes = 0;
  let ds: DecompressionStream;
  try {
    ds = new DecompressionStream('deflate-raw' as CompressionFormat);
  } catch (err) {
    return { bytes: 0, overflow: false, stopped: false, error: err instanceof Error ? err.message : String(err) };
  }
  const writer = ds.writable.getWriter();
  const reader = ds.readable.getReader();
  void (async () => {
    for (let i = 0; i < raw.length; i += CHUNK) await writer.write(raw.slice(i, Math.min(raw.length, i + CHUNK)));
    await writer.close();
  })().catch(() => undefined);
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      bytes += value.length;
      if (bytes > maxBytes) {
        void reader.cancel().catch(() => undefined);
        return { bytes, overflow: true, stopped: false };
      }
      if (sink(value) === false) {
        void reader.cancel().catch(() => undefined);
        return { bytes, overflow: false, stopped: true };
      }
    }
  } catch (err) {
    return { bytes, overflow: false, stopped: false, error: err instanceof Error ? err.message : String(err) };
  }
  return { bytes, overflow: false, stopped: false };
}

// ───────────────────────────── cell references ─────────────────────────────

function colNumber(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n;
}

function colLetters(n: number): string {
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** "B3" → {row: 3, col: 2}; "$B$3" too. null when not a cell reference. */
function parseRef(s: string): { row: number; col: number } | null {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(s.trim());
  if (!m) return null;
  const row = Number(m[2]);
  const col = colNumber(m[1].toUpperCase());
  if (row < 1 || col < 1) return null;
  return { row, col };
}

interface Area {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

function parseArea(s: string): Area | null {
  const [a, b] = s.split(':');
  const p = parseRef(a);
  if (!p) return null;
  const q = b === undefined ? p : parseRef(b);
  if (!q) return null;
  return {
    top: Math.min(p.row, q.row),
    left: Math.min(p.col, q.col),
    bottom: Math.max(p.row, q.row),
    right: Math.max(p.col, q.col),
  };
}

function areaText(a: Area): string {
  const tl = colLetters(a.left) + a.top;
  return a.top === a.bottom && a.left === a.right ? tl : `${tl}:${colLetters(a.right)}${a.bottom}`;
}

/** A blank, ">" or "/" after a tag name. */
function isTagBreak(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 62 || c === 47;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// ───────────────────────────── the worksheet trimmer ─────────────────────────────

type TrimState = 'head' | 'rows' | 'drop' | 'skiprow' | 'tail';

/**
 * A streaming pass over one worksheet's XML: keeps the head (with column ranges clipped), the rows up
 * to maxRows with cells up to maxCols, and the tail (with merges and data validations made safe).
 * Records the shared-string indices the kept cells use.
 */
export class SheetTrimmer {
  private buf = '';
  private state: TrimState = 'head';
  private parts: string[] = [];
  private keptChars = 0;
  private p = '';
  private tailChars = 0;
  private cellRe: RegExp | null = null;
  changed = false;
  readonly trim: SheetTrim;

  constructor(
    path: string,
    private readonly lim: Required<BoundLimits>,
    private readonly sharedRefs: Set<number>,
  ) {
    this.trim = {
      path,
      sheet: null,
      lastRow: 0,
      lastCol: 0,
      keptRows: 0,
      droppedRows: 0,
      droppedCells: 0,
      mergesDropped: 0,
      mergesClipped: 0,
      colsClipped: 0,
      validationsDropped: false,
      tailDropped: false,
    };
  }

  push(text: string): void {
    this.buf += text;
    this.process(false);
  }

  /** The kept XML. */
  finish(): string {
    this.process(true);
    return this.parts.join('');
  }

  private emit(s: string): void {
    this.parts.push(s);
    this.keptChars += s.length;
  }

  private process(final: boolean): void {
    let pos = 0;
    const buf = this.buf;
    let dataEndAt = -2; // where "</sheetData>" is in buf (searched once per call)
    for (;;) {
      if (this.state === 'head') {
        const re = /<([A-Za-z_][\w.-]*:)?sheetData\b[^>]*?(\/?)>/g;
        re.lastIndex = Math.max(0, this.scanFrom - 512);
        const m = re.exec(buf);
        if (!m) {
          this.scanFrom = buf.length;
          if (final) {
            this.emit(this.fixHead(buf));
            pos = buf.length;
          } else if (buf.length > this.lim.maxKeptBytes) {
            // No rows after maxKeptBytes of XML: keep an empty sheet.
            this.emit('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>');
            this.changed = true;
            this.trim.tailDropped = true;
            this.state = 'tail';
            this.tailChars = Infinity;
            pos = buf.length;
          } else {
            return; // keep buf whole, search again from scanFrom
          }
          break;
        }
        this.scanFrom = 0;
        this.p = m[1] ?? '';
        const end = m.index + m[0].length;
        this.emit(this.fixHead(buf.slice(0, end)));
        pos = end;
        this.state = m[2] === '/' ? 'tail' : 'rows';
        continue;
      }
      if (this.state === 'rows') {
        const p = this.p;
        const rowOpen = '<' + p + 'row';
        if (dataEndAt === -2) dataEndAt = buf.indexOf('</' + p + 'sheetData>', pos);
        let i = buf.indexOf(rowOpen, pos);
        // "<row" must be followed by a blank, ">" or "/".
        while (i >= 0 && i + rowOpen.length < buf.length && !isTagBreak(buf.charCodeAt(i + rowOpen.length))) {
          i = buf.indexOf(rowOpen, i + 1);
        }
        if (dataEndAt >= 0 && (i < 0 || dataEndAt < i)) {
          pos = dataEndAt;
          this.state = 'tail';
          continue;
        }
        if (i < 0 || i + rowOpen.length >= buf.length) {
          if (final) {
            this.emit(buf.slice(pos));
            pos = buf.length;
          } else {
            pos = Math.max(pos, i >= 0 ? i : buf.length - 64);
          }
          break;
        }
        const tagEnd = buf.indexOf('>', i);
        if (tagEnd < 0) {
          pos = i;
          if (final) {
            this.emit(buf.slice(pos));
            pos = buf.length;
          }
          break;
        }
        const selfClosing = buf.charCodeAt(tagEnd - 1) === 47; // "/"
        let rowEnd: number;
        if (selfClosing) {
          rowEnd = tagEnd + 1;
        } else {
          const close = '</' + p + 'row>';
          const k = buf.indexOf(close, Math.max(tagEnd, i + this.scanFrom));
          if (k < 0) {
            pos = i;
            if (buf.length - i > this.lim.maxKeptBytes) {
              // One row bigger than everything we keep: drop it.
              this.trim.droppedRows++;
              this.changed = true;
              this.state = 'skiprow';
              this.scanFrom = 0;
              this.keptChars = Infinity; // and drop the rows after it
              pos = buf.length - close.length;
              break;
            }
            this.scanFrom = Math.max(0, buf.length - i - close.length);
            if (final) {
              this.emit(buf.slice(pos));
              pos = buf.length;
            }
            break;
          }
          this.scanFrom = 0;
          rowEnd = k + close.length;
        }
        const startTag = buf.slice(i, tagEnd + 1);
        const rm = /\sr="(\d+)"/.exec(startTag);
        const rowNum = rm ? Number(rm[1]) : this.trim.lastRow + 1;
        if (rowNum > this.trim.lastRow) this.trim.lastRow = rowNum;
        if (rowNum > this.lim.maxRows || this.keptChars + (rowEnd - i) > this.lim.maxKeptBytes) {
          // Rows come in order: from here on only count them, up to the end of sheetData.
          this.trim.droppedRows++;
          this.changed = true;
          this.state = 'drop';
        } else {
          // exceljs needs r on rows and cells (the format makes it optional): add it where missing.
          const tag = rm ? startTag : this.withRowNumber(startTag, rowNum);
          this.emit(selfClosing ? tag : this.trimCells(buf.slice(i, rowEnd), startTag, tag, rowNum));
          this.trim.keptRows++;
        }
        pos = rowEnd;
        continue;
      }
      if (this.state === 'drop') {
        const p = this.p;
        const rowOpen = '<' + p + 'row';
        if (dataEndAt === -2) dataEndAt = buf.indexOf('</' + p + 'sheetData>', pos);
        const limit = dataEndAt >= 0 ? dataEndAt : final ? buf.length : Math.max(pos, buf.length - 64);
        let count = 0;
        let last = -1;
        for (let i = buf.indexOf(rowOpen, pos); i >= 0 && i < limit; i = buf.indexOf(rowOpen, i + 1)) {
          if (isTagBreak(buf.charCodeAt(i + rowOpen.length))) {
            count++;
            last = i;
          }
        }
        if (count > 0) {
          this.trim.droppedRows += count;
          const rm = /^[^>]*?\sr="(\d+)"/.exec(buf.slice(last, Math.min(buf.length, last + 256)));
          const lastRow = rm ? Number(rm[1]) : this.trim.lastRow + count;
          if (lastRow > this.trim.lastRow) this.trim.lastRow = lastRow;
        }
        pos = limit;
        if (dataEndAt >= 0) {
          this.state = 'tail';
          continue;
        }
        if (final) this.emit(this.tailCloseOnly());
        break;
      }
      if (this.state === 'skiprow') {
        const close = '</' + this.p + 'row>';
        const k = buf.indexOf(close, pos);
        if (k < 0) {
          pos = final ? buf.length : Math.max(pos, buf.length - close.length);
          if (final) this.emit(this.tailCloseOnly());
          break;
        }
        pos = k + close.length;
        this.state = 'rows';
        dataEndAt = -2;
        continue;
      }
      // tail
      const rest = buf.slice(pos);
      pos = buf.length;
      if (this.tailChars === Infinity) break;
      if (this.tailChars + rest.length > this.lim.maxKeptBytes) {
        this.trim.tailDropped = true;
        this.changed = true;
        this.tailChars = Infinity;
        this.tailKeep = [];
        this.emit(this.tailCloseOnly());
        break;
      }
      this.tailKeep.push(rest);
      this.tailChars += rest.length;
      if (final) {
        this.emit(this.fixTail(this.tailKeep.join('')));
        this.tailKeep = [];
      }
      break;
    }
    this.buf = buf.slice(pos);
  }

  private scanFrom = 0;
  private tailKeep: string[] = [];

  /** When the tail is dropped: close sheetData (if the rows were open) and the worksheet. */
  private tailCloseOnly(): string {
    const root = /<([A-Za-z_][\w.-]*:)?worksheet\b/.exec(this.parts[0] ?? '');
    return `</${this.p}sheetData></${root?.[1] ?? ''}worksheet>`;
  }

  /** Column ranges: exceljs makes one object per column of <col min max>, so clip max to 16,384. */
  private fixHead(head: string): string {
    return head.replace(/<((?:[\w.-]+:)?col)(\s[^>]*?)(\/?)>/g, (all, tag: string, attrs: string, slash: string) => {
      const min = /\smin="(\d+)"/.exec(attrs);
      const max = /\smax="(\d+)"/.exec(attrs);
      const lo = min ? Number(min[1]) : 1;
      const hi = max ? Number(max[1]) : lo;
      if (lo > 16384 || lo < 1) {
        this.trim.colsClipped++;
        this.changed = true;
        return slash ? '' : all; // a non-empty <col> never occurs; leave it
      }
      if (hi > 16384 || hi < lo) {
        this.trim.colsClipped++;
        this.changed = true;
        const fixed = max ? attrs.replace(/\smax="\d+"/, ` max="${Math.max(lo, Math.min(hi, 16384))}"`) : attrs;
        return `<${tag}${fixed}${slash}>`;
      }
      return all;
    });
  }

  private withRowNumber(startTag: string, rowNum: number): string {
    this.changed = true;
    const at = 1 + this.p.length + 3; // after "<row"
    return startTag.slice(0, at) + ` r="${rowNum}"` + startTag.slice(at);
  }

  /**
   * Drop the cells of a row that lie right of maxCols, give cells without r their address, and note the
   * shared strings the kept cells use. `tag` is the start tag to write (with r).
   */
  private trimCells(row: string, startTag: string, tag: string, rowNum: number): string {
    const p = this.p;
    if (!this.cellRe) {
      this.cellRe = new RegExp(`<${escapeRe(p)}c(?=[\\s/>])[^>]*?(?:/>|>[\\s\\S]*?</${escapeRe(p)}c>)`, 'g');
    }
    const re = this.cellRe;
    re.lastIndex = 0;
    let col = 0;
    let dropped = 0;
    let addressed = 0;
    const kept: string[] = [];
    const at = 1 + p.length + 1; // after "<c"
    let m: RegExpExecArray | null;
    while ((m = re.exec(row))) {
      let cell = m[0];
      const tagEnd = cell.indexOf('>');
      const ctag = cell.slice(0, tagEnd + 1);
      const rm = /\sr="\$?([A-Za-z]{1,3})\$?\d+"/.exec(ctag);
      col = rm ? colNumber(rm[1].toUpperCase()) : col + 1;
      if (col > this.lim.maxCols) {
        dropped++;
        continue;
      }
      if (col > this.trim.lastCol) this.trim.lastCol = col;
      if (/\st="s"/.test(ctag)) {
        const v = /<(?:[\w.-]+:)?v>\s*(\d+)\s*</.exec(cell);
        if (v) this.sharedRefs.add(Number(v[1]));
      }
      if (!rm) {
        cell = cell.slice(0, at) + ` r="${colLetters(col)}${rowNum}"` + cell.slice(at);
        addressed++;
      }
      kept.push(cell);
    }
    if (dropped === 0 && addressed === 0 && tag === startTag) return row;
    this.trim.droppedCells += dropped;
    this.changed = true;
    return tag + kept.join('') + `</${p}row>`;
  }

  /** Merges clipped to the limits and without overlaps; data validations dropped when they cover too much. */
  private fixTail(tail: string): string {
    const lim = this.lim;
    let out = tail.replace(
      /<((?:[\w.-]+:)?)mergeCells\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?mergeCells>)/,
      (all, pre: string, inner: string | undefined) => {
        if (!inner) return all;
        const kept: Area[] = [];
        let area = 0;
        let changed = false;
        const re = /<(?:[\w.-]+:)?mergeCell\b[^>]*?\sref="([^"]*)"[^>]*?\/?>/g;
        let m: RegExpExecArray | null;
        while ((m = re.exec(inner))) {
          const a = parseArea(m[1]);
          if (!a || a.top > lim.maxRows || a.left > lim.maxCols) {
            this.trim.mergesDropped++;
            changed = true;
            continue;
          }
          if (a.bottom > lim.maxRows || a.right > lim.maxCols) {
            a.bottom = Math.min(a.bottom, lim.maxRows);
            a.right = Math.min(a.right, lim.maxCols);
            this.trim.mergesClipped++;
            changed = true;
          }
          const size = (a.bottom - a.top + 1) * (a.right - a.left + 1);
          if (area + size > lim.maxMergedCells || kept.length >= 20_000 || kept.some((k) => k.top <= a.bottom && a.top <= k.bottom && k.left <= a.right && a.left <= k.right)) {
            this.trim.mergesDropped++;
            changed = true;
            continue;
          }
          area += size;
          kept.push(a);
        }
        if (!changed) return all;
        this.changed = true;
        if (kept.length === 0) return '';
        return `<${pre}mergeCells count="${kept.length}">${kept.map((a) => `<${pre}mergeCell ref="${areaText(a)}"/>`).join('')}</${pre}mergeCells>`;
      },
    );
    // exceljs expands every data validation range cell by cell.
    out = out.replace(/<((?:[\w.-]+:)?)dataValidations\b[^>]*?(?:\/>|>[\s\S]*?<\/(?:[\w.-]+:)?dataValidations>)/, (all) => {
      let cells = 0;
      const re = /\ssqref="([^"]*)"/g;
      let m: RegExpExecArray | null;
      while ((m = re.exec(all))) {
        for (const part of m[1].trim().split(/\s+/)) {
          const a = parseArea(part);
          cells += a ? (a.bottom - a.top + 1) * (a.right - a.left + 1) : 0;
        }
      }
      if (cells <= lim.maxMergedCells) return all;
      this.trim.validationsDropped = true;
      this.changed = true;
      return '';
    });
    return out;
  }
}

// ───────────────────────────── shared strings ─────────────────────────────

/** Keeps the <si> items whose index is used; the others become empty so indices stay the same. */
class SharedStringsTrimmer {
  private buf = '';
  private parts: string[] = [];
  private index = 0;
  private started = false;
  private skipping = false;
  private scanFrom = 0;
  private p = '';
  dropped = 0;

  constructor(
    private readonly refs: Set<number>,
    private readonly maxItemChars: number,
  ) {}

  push(text: string): void {
    this.buf += text;
    this.process(false);
  }

  finish(): string {
    this.process(true);
    this.parts.push(this.buf);
    this.buf = '';
    return this.parts.join('');
  }

  private process(final: boolean): void {
    let buf = this.buf;
    let pos = 0;
    if (!this.started) {
      const re = /<([A-Za-z_][\w.-]*:)?sst\b[^>]*>/g;
      re.lastIndex = Math.max(0, this.scanFrom - 512);
      const m = re.exec(buf);
      if (!m) {
        this.scanFrom = buf.length;
        if (buf.length > this.maxItemChars) this.started = true; // not a shared-string table: pass it through
        return;
      }
      this.scanFrom = 0;
      this.p = m[1] ?? '';
      this.parts.push(buf.slice(0, m.index + m[0].length));
      pos = m.index + m[0].length;
      this.started = true;
    }
    const open = '<' + this.p + 'si';
    const close = '</' + this.p + 'si>';
    const empty = `<${this.p}si><${this.p}t></${this.p}t></${this.p}si>`;
    for (;;) {
      if (this.skipping) {
        const k = buf.indexOf(close, pos);
        if (k < 0) {
          pos = Math.max(pos, buf.length - close.length);
          break;
        }
        pos = k + close.length;
        this.skipping = false;
      }
      const i = buf.indexOf(open, pos);
      if (i < 0 || i + open.length >= buf.length) {
        const keep = final ? pos : Math.max(pos, i >= 0 ? i : buf.length - 16);
        this.parts.push(buf.slice(pos, keep));
        pos = keep;
        break;
      }
      if (!isTagBreak(buf.charCodeAt(i + open.length))) {
        this.parts.push(buf.slice(pos, i + 1));
        pos = i + 1;
        continue;
      }
      this.parts.push(buf.slice(pos, i));
      pos = i;
      const tagEnd = buf.indexOf('>', i);
      if (tagEnd < 0) break;
      let end: number;
      if (buf.charCodeAt(tagEnd - 1) === 47) end = tagEnd + 1;
      else {
        const k = buf.indexOf(close, Math.max(tagEnd, i + this.scanFrom));
        if (k < 0) {
          if (buf.length - i > this.maxItemChars) {
            // An absurd single string: replace it, then skip to its end.
            this.parts.push(empty);
            this.index++;
            this.dropped++;
            this.skipping = true;
            this.scanFrom = 0;
            pos = buf.length - close.length;
          } else {
            this.scanFrom = Math.max(0, buf.length - i - close.length);
          }
          break;
        }
        this.scanFrom = 0;
        end = k + close.length;
      }
      if (this.refs.has(this.index)) this.parts.push(buf.slice(i, end));
      else {
        this.parts.push(empty);
        this.dropped++;
      }
      this.index++;
      pos = end;
    }
    buf = buf.slice(pos);
    this.buf = buf;
  }
}

// ───────────────────────────── sheet names ─────────────────────────────

function xmlUnescape(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    if (e === 'amp') return '&';
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}

/** A relationship target as a part name: "worksheets/sheet1.xml" from "xl/" → "xl/worksheets/sheet1.xml". */
function resolvePart(base: string, target: string): string {
  const t = target.replace(/\\/g, '/');
  const parts = (t.startsWith('/') ? t.slice(1) : base + t).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

/** The sheets xl/workbook.xml lists, with the part each one's relationship points to (lower case), in order. */
export function listedSheets(workbookXml: string, relsXml: string): { name: string; path: string | null }[] {
  const targets = new Map<string, string>();
  for (const m of relsXml.matchAll(/<(?:[\w.-]+:)?Relationship\b[^>]*>/g)) {
    const id = /\sId="([^"]*)"/.exec(m[0])?.[1];
    const target = /\sTarget="([^"]*)"/.exec(m[0])?.[1];
    if (id && target) targets.set(id, resolvePart('xl/', xmlUnescape(target)).toLowerCase());
  }
  const out: { name: string; path: string | null }[] = [];
  for (const m of workbookXml.matchAll(/<(?:[\w.-]+:)?sheet\b[^>]*>/g)) {
    const name = /\sname="([^"]*)"/.exec(m[0])?.[1];
    const rid = /\s[\w.-]+:id="([^"]*)"/.exec(m[0])?.[1];
    out.push({ name: xmlUnescape(name ?? ''), path: (rid && targets.get(rid)) || null });
  }
  return out;
}

/** Sheet names by worksheet part ("xl/worksheets/sheet1.xml" → "Kinh tế"). */
export function sheetNamesByPath(workbookXml: string, relsXml: string): Map<string, string> {
  const targets = new Map<string, string>();
  for (const m of relsXml.matchAll(/<(?:[\w.-]+:)?Relationship\b[^>]*>/g)) {
    const id = /\sId="([^"]*)"/.exec(m[0])?.[1];
    const target = /\sTarget="([^"]*)"/.exec(m[0])?.[1];
    if (!id || !target) continue;
    targets.set(id, resolvePart('xl/', xmlUnescape(target)));
  }
  const out = new Map<string, string>();
  for (const m of workbookXml.matchAll(/<(?:[\w.-]+:)?sheet\b[^>]*>/g)) {
    const name = /\sname="([^"]*)"/.exec(m[0])?.[1];
    const rid = /\s[\w.-]+:id="([^"]*)"/.exec(m[0])?.[1];
    if (name === undefined || !rid) continue;
    const path = targets.get(rid);
    if (path) out.set(path.toLowerCase(), xmlUnescape(name));
  }
  return out;
}

// ───────────────────────────── the whole file ─────────────────────────────

function defined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

function fileError(name: string, code: string, vi: string, en: string): { ok: false; code: string; issues: Issue[] } {
  return { ok: false, code, issues: [mkIssue({ severity: 'error', code, vi, en, file: name })] };
}

/**
 * Part names as exceljs looks them up (exact case, no leading "/"): OPC part names ignore case, so a
 * workbook whose parts are named "XL/Workbook.xml" or "/xl/workbook.xml" is valid, and Excel opens it.
 */
const CANONICAL: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^\[content_types\]\.xml$/, () => '[Content_Types].xml'],
  [/^_rels\/\.rels$/, () => '_rels/.rels'],
  [/^xl\/workbook\.xml$/, () => 'xl/workbook.xml'],
  [/^xl\/_rels\/workbook\.xml\.rels$/, () => 'xl/_rels/workbook.xml.rels'],
  [/^xl\/sharedstrings\.xml$/, () => 'xl/sharedStrings.xml'],
  [/^xl\/styles\.xml$/, () => 'xl/styles.xml'],
  [/^xl\/worksheets\/sheet(\d+)\.xml$/, (m) => `xl/worksheets/sheet${m[1]}.xml`],
  [/^xl\/worksheets\/_rels\/sheet(\d+)\.xml\.rels$/, (m) => `xl/worksheets/_rels/sheet${m[1]}.xml.rels`],
  [/^docprops\/(app|core)\.xml$/, (m) => `docProps/${m[1]}.xml`],
];

export function canonicalPartName(name: string): string {
  const n = name.replace(/\\/g, '/').replace(/^\/+/, '');
  const low = n.toLowerCase();
  for (const [re, make] of CANONICAL) {
    const m = re.exec(low);
    if (m) return make(m);
  }
  return n;
}

const isWorksheet = (e: ZipEntry) => /^\/?xl\/worksheets\/[^/]+\.xml$/i.test(e.name);
const isSharedStrings = (e: ZipEntry) => /^\/?xl\/sharedStrings\.xml$/i.test(e.name);

/**
 * Check a workbook's bytes and make them safe for exceljs: sniff the type, refuse zip bombs (from the
 * directory, then while inflating), and trim sheets to the limits. Never throws; every problem is an
 * Issue naming the file (and sheet).
 */
export async function prepareWorkbook(file: InputFile, limits?: Partial<BoundLimits>): Promise<Prepared> {
  try {
    return await prepare(file, { ...DEFAULT_BOUND_LIMITS, ...defined(limits ?? {}) });
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    return fileError(
      file.name,
      'file_damaged',
      `Tệp '${file.name}' không đọc được (${msg}). Hãy mở bằng Excel rồi lưu lại dưới dạng .xlsx, hoặc xin đơn vị gửi lại tệp.`,
      `File '${file.name}' could not be read (${msg}). Open it in Excel and save it as .xlsx, or ask the sender for the file again.`,
    );
  }
}

async function prepare(file: InputFile, lim: Required<BoundLimits>): Promise<Prepared> {
  const name = file.name;
  const data = file.data;
  const sniff = sniffWorkbook(name, data, lim);
  if (!isSniffOk(sniff)) return { ok: false, code: sniff.issue.code, issues: [sniffIssue(name, sniff)] };
  const issues: Issue[] = [];
  if (sniff.macros) issues.push(macrosIgnoredIssue(name));
  if (sniff.worksheets.length === 0) {
    const charts = sniff.chartsheets.length;
    issues.push(
      mkIssue({
        severity: 'error',
        code: 'no_sheets',
        vi: charts
          ? `Tệp '${name}' chỉ có ${charts} sheet biểu đồ, không có sheet số liệu nào để đọc. Hãy xin đơn vị gửi lại báo cáo có bảng số liệu.`
          : `Tệp '${name}' không có sheet nào để đọc. Hãy xin đơn vị gửi lại báo cáo có bảng số liệu.`,
        en: charts
          ? `File '${name}' has only ${charts} chart sheet(s) and no worksheet to read. Ask the sender for the report with its table.`
          : `File '${name}' has no worksheet to read. Ask the sender for the report with its table.`,
        file: name,
      }),
    );
  }
  if (!canInflate()) {
    return { ok: true, kind: sniff.kind, data, rewritten: false, sniff, trims: [], issues, inflatedBytes: 0, checked: false };
  }
  const files = sniff.entries.filter((e) => !e.dir);
  for (const e of files) {
    if (e.method !== 0 && e.method !== 8) {
      return fileError(
        name,
        'file_damaged',
        `Tệp '${name}': phần '${e.name}' nén theo cách (mã ${e.method}) mà sổ làm việc Excel không dùng. Hãy mở bằng Excel hoặc LibreOffice rồi lưu lại dưới dạng .xlsx.`,
        `File '${name}': the part '${e.name}' uses a compression method (${e.method}) that Excel workbooks do not use. Open it in Excel or LibreOffice and save it as .xlsx.`,
      );
    }
    if (e.method === 0 && e.compressedSize !== e.uncompressedSize) {
      return fileError(
        name,
        'file_damaged',
        `Tệp '${name}' bị hỏng: kích thước phần '${e.name}' không khớp với danh mục. Hãy xin đơn vị gửi lại tệp.`,
        `File '${name}' is damaged: the size of the part '${e.name}' does not match the directory. Ask the sender for the file again.`,
      );
    }
  }

  let inflatedBytes = 0;
  const replaced = new Map<ZipEntry, Uint8Array>();
  const trims: SheetTrim[] = [];
  const sharedRefs = new Set<number>();
  const texts = new Map<string, string>();

  /** Inflate one entry through `onText` (or just count), checking it against its declared size. */
  const run = async (e: ZipEntry, onText?: (s: string) => void): Promise<Prepared | null> => {
    const dec = onText ? new TextDecoder('utf-8') : null;
    const res = await inflateEntry(data, e, e.uncompressedSize, (chunk) => {
      if (dec && onText) onText(dec.decode(chunk, { stream: true }));
    });
    inflatedBytes += res.bytes;
    if (dec && onText) onText(dec.decode());
    if (res.overflow) {
      return fileError(
        name,
        'zip_bomb',
        `Tệp '${name}' bị từ chối: phần '${e.name}' giải nén ra nhiều hơn danh mục khai báo (${formatNumber(e.uncompressedSize, 0)} byte): nghi là "bom zip". Hãy kiểm tra nguồn gửi tệp.`,
        `File '${name}' was refused: the part '${e.name}' inflates to more than its directory declares (${formatNumber(e.uncompressedSize, 0, 'en')} bytes): a likely zip bomb. Check where the file came from.`,
      );
    }
    if (res.error || res.bytes !== e.uncompressedSize) {
      return fileError(
        name,
        'file_damaged',
        `Tệp '${name}' bị hỏng: không giải nén được phần '${e.name}'${res.error ? ` (${res.error})` : ' (thiếu dữ liệu)'}. Hãy xin đơn vị gửi lại tệp, hoặc mở bằng Excel (Excel sẽ đề nghị sửa tệp) rồi lưu lại dưới dạng .xlsx.`,
        `File '${name}' is damaged: the part '${e.name}' cannot be inflated${res.error ? ` (${res.error})` : ' (data missing)'}. Ask the sender for the file again, or open it in Excel (which offers to repair it) and save it as .xlsx.`,
      );
    }
    return null;
  };

  // 1. Worksheets, through the trimmer.
  for (const e of files.filter(isWorksheet)) {
    const t = new SheetTrimmer(canonicalPartName(e.name), lim, sharedRefs);
    const fail = await run(e, (s) => t.push(s));
    if (fail) return fail;
    const xml = t.finish();
    if (t.changed) {
      replaced.set(e, new TextEncoder().encode(xml));
      trims.push(t.trim);
    }
  }
  // 2. Shared strings: only the used ones when the table is big.
  for (const e of files.filter(isSharedStrings)) {
    if (e.uncompressedSize > lim.trimSharedStringsAbove) {
      const t = new SharedStringsTrimmer(sharedRefs, lim.maxKeptBytes);
      const fail = await run(e, (s) => t.push(s));
      if (fail) return fail;
      replaced.set(e, new TextEncoder().encode(t.finish()));
    } else {
      const fail = await run(e);
      if (fail) return fail;
    }
  }
  // 3. Workbook and its relationships (sheet names), everything else counted.
  for (const e of files) {
    if (isWorksheet(e) || isSharedStrings(e)) continue;
    const key = canonicalPartName(e.name).toLowerCase();
    if ((key === 'xl/workbook.xml' || key === 'xl/_rels/workbook.xml.rels') && e.uncompressedSize <= lim.maxKeptBytes) {
      const parts: string[] = [];
      const fail = await run(e, (s) => parts.push(s));
      if (fail) return fail;
      texts.set(key, parts.join(''));
    } else {
      const fail = await run(e);
      if (fail) return fail;
    }
  }

  // The sheets the workbook lists must be parts of the file: else exceljs silently finds no sheet.
  const wbXml = texts.get('xl/workbook.xml');
  const relsXml = texts.get('xl/_rels/workbook.xml.rels');
  if (wbXml !== undefined && relsXml !== undefined && sniff.worksheets.length > 0) {
    const present = new Set(files.map((e) => canonicalPartName(e.name).toLowerCase()));
    const listed = listedSheets(wbXml, relsXml);
    if (!listed.some((x) => x.path && present.has(x.path) && /^xl\/worksheets\//.test(x.path))) {
      return fileError(
        name,
        'file_damaged',
        `Tệp '${name}' bị hỏng: danh sách sheet trong xl/workbook.xml (${listed.length} sheet) không khớp với các sheet có trong tệp. Hãy mở bằng Excel (Excel sẽ đề nghị sửa tệp) rồi lưu lại dưới dạng .xlsx, hoặc xin đơn vị gửi lại tệp.`,
        `File '${name}' is damaged: the list of sheets in xl/workbook.xml (${listed.length} sheet(s)) does not match the sheets in the file. Open it in Excel (which offers to repair it) and save it as .xlsx, or ask the sender for the file again.`,
      );
    }
  }
  const renamed = files.filter((e) => canonicalPartName(e.name) !== e.name);
  if (renamed.length > 0) {
    const seen = new Set<string>();
    for (const e of files) {
      const c = canonicalPartName(e.name).toLowerCase();
      if (seen.has(c)) {
        return fileError(
          name,
          'file_damaged',
          `Tệp '${name}' bị hỏng: phần '${e.name}' có hai bản trong tệp. Hãy mở bằng Excel rồi lưu lại dưới dạng .xlsx, hoặc xin đơn vị gửi lại tệp.`,
          `File '${name}' is damaged: the part '${e.name}' is in the file twice. Open it in Excel and save it as .xlsx, or ask the sender for the file again.`,
        );
      }
      seen.add(c);
    }
  }

  if (trims.length > 0) {
    const names = sheetNamesByPath(wbXml ?? '', relsXml ?? '');
    for (const t of trims) {
      t.sheet = names.get(t.path.toLowerCase()) ?? null;
      issues.push(...trimIssues(name, t, lim));
    }
  }
  if (replaced.size === 0 && renamed.length === 0) {
    return { ok: true, kind: sniff.kind, data, rewritten: false, sniff, trims, issues, inflatedBytes, checked: true };
  }
  const out: ZipWriteEntry[] = sniff.entries.map((e) => {
    const r = replaced.get(e);
    const partName = canonicalPartName(e.name);
    if (r) return { name: partName, method: 0, crc32: crc32(r), data: r, uncompressedSize: r.length };
    return {
      name: partName,
      method: e.method,
      crc32: e.crc32,
      data: data.subarray(e.dataOffset, e.dataOffset + e.compressedSize),
      uncompressedSize: e.uncompressedSize,
    };
  });
  return { ok: true, kind: sniff.kind, data: writeZip(out), rewritten: true, sniff, trims, issues, inflatedBytes, checked: true };
}

function trimIssues(file: string, t: SheetTrim, lim: Required<BoundLimits>): Issue[] {
  const out: Issue[] = [];
  const sheet = t.sheet ?? t.path;
  const nVi = (n: number) => formatNumber(n, 0, 'vi');
  const nEn = (n: number) => formatNumber(n, 0, 'en');
  if (t.droppedRows > 0 || t.droppedCells > 0 || t.tailDropped) {
    const vi: string[] = [];
    const en: string[] = [];
    if (t.droppedRows > 0) {
      vi.push(`sheet có dữ liệu tới dòng ${nVi(t.lastRow)}; chỉ đọc ${nVi(t.keptRows)} dòng đầu, bỏ qua ${nVi(t.droppedRows)} dòng (giới hạn ${nVi(lim.maxRows)} dòng)`);
      en.push(`the sheet has data down to row ${nEn(t.lastRow)}; only the first ${nEn(t.keptRows)} rows were read, ${nEn(t.droppedRows)} rows skipped (limit ${nEn(lim.maxRows)} rows)`);
    }
    if (t.droppedCells > 0) {
      vi.push(`bỏ qua ${nVi(t.droppedCells)} ô ở bên phải cột ${colLetters(lim.maxCols)} (giới hạn ${nVi(lim.maxCols)} cột)`);
      en.push(`${nEn(t.droppedCells)} cells right of column ${colLetters(lim.maxCols)} skipped (limit ${nEn(lim.maxCols)} columns)`);
    }
    if (t.tailDropped) {
      vi.push('phần định dạng sau bảng quá lớn nên bị bỏ qua (kể cả ô gộp)');
      en.push('the formatting after the table was too large and was skipped (merged cells included)');
    }
    out.push(
      mkIssue({
        severity: 'warning',
        code: 'truncated_sheet',
        vi: `Tệp '${file}', sheet '${sheet}': ${vi.join('; ')}. Nếu bảng số liệu nằm ngoài phần đã đọc, hãy xóa các dòng, cột thừa rồi lưu lại.`,
        en: `File '${file}', sheet '${sheet}': ${en.join('; ')}. If the table lies outside what was read, delete the extra rows and columns and save again.`,
        file,
        sheet: t.sheet,
      }),
    );
  }
  if (t.mergesDropped > 0 || t.mergesClipped > 0) {
    out.push(
      mkIssue({
        severity: 'warning',
        code: 'merges_ignored',
        vi: `Tệp '${file}', sheet '${sheet}': bỏ qua ${nVi(t.mergesDropped)} và thu nhỏ ${nVi(t.mergesClipped)} vùng ô gộp chồng lên nhau hoặc quá lớn.`,
        en: `File '${file}', sheet '${sheet}': ${nEn(t.mergesDropped)} merged areas that overlap or are too large were ignored and ${nEn(t.mergesClipped)} clipped.`,
        file,
        sheet: t.sheet,
      }),
    );
  }
  return out;
}

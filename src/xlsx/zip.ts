/**
 * The zip container of .xlsx/.xlsm/.ods/.docx files, read from its directory WITHOUT inflating anything.
 *
 * inspectZip reads the end-of-central-directory record (and the ZIP64 records when present), walks the
 * central directory, checks every entry's local header and data range against the file, and refuses
 * zip bombs from what the directory declares (total uncompressed size, compression ratio of a big entry,
 * number of entries, entries whose data overlap) before a single byte is inflated.
 *
 * A directory can lie about sizes; inflate.ts inflates with a counter and stops at the declared size,
 * so a lie is caught there too. Pure functions of bytes: no Node APIs, runs in a browser or a worker.
 */

export interface ZipEntry {
  /** Entry path as stored ("xl/worksheets/sheet1.xml"). */
  name: string;
  /** 0 stored, 8 deflate; anything else cannot be read by exceljs/JSZip. */
  method: number;
  /** General-purpose bit flags. */
  flags: number;
  /** Bit 0 of the flags: the entry is encrypted (a zip password). */
  encrypted: boolean;
  compressedSize: number;
  uncompressedSize: number;
  crc32: number;
  /** Offset of the local file header. */
  localHeaderOffset: number;
  /** Offset of the entry's (compressed) data, just after its local header. */
  dataOffset: number;
  /** The entry is a directory ("xl/"). */
  dir: boolean;
}

export interface ZipLimits {
  /** The file itself (the compressed archive), in bytes. */
  maxCompressedBytes: number;
  /** Sum of the uncompressed sizes of all entries, in bytes. */
  maxUncompressedBytes: number;
  /** Number of entries. */
  maxEntries?: number;
  /** Uncompressed/compressed ratio allowed for an entry of at least ratioMinBytes uncompressed. */
  maxRatio?: number;
  /** Entries smaller than this (uncompressed) are not judged by their ratio. */
  ratioMinBytes?: number;
}

/**
 * Defaults that no real commune workbook reaches: a commune's report is 10 KB–2 MB (a few MB with
 * pictures of stamps); 1,000,000 rows × 5 columns written by exceljs is 33 MB compressed, 222 MB of XML.
 * Deflate cannot exceed ~1032:1; real sheet XML compresses 5–20:1, very repetitive styles up to ~200:1.
 */
export const DEFAULT_ZIP_LIMITS: Required<ZipLimits> = {
  maxCompressedBytes: 100 * 1024 * 1024,
  maxUncompressedBytes: 500 * 1024 * 1024,
  maxEntries: 10_000,
  maxRatio: 500,
  ratioMinBytes: 10 * 1024 * 1024,
};

export interface ZipProblem {
  ok: false;
  /** zip_too_big | zip_no_directory | zip_multi_disk | zip_bad_directory | zip_count_mismatch | zip_bad_entry | zip_duplicate | zip_overlap | zip_bomb | zip_empty */
  code: string;
  /** What is wrong, without the file's name (the caller names the file). */
  vi: string;
  en: string;
}

export type ZipInspection = { ok: true; entries: ZipEntry[] } | ZipProblem;

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;

/** The file starts like a zip: "PK\3\4" (an entry) or "PK\5\6" (an empty archive). */
export function isZipMagic(data: Uint8Array): boolean {
  return (
    data.length >= 4 &&
    data[0] === 0x50 &&
    data[1] === 0x4b &&
    ((data[2] === 3 && data[3] === 4) || (data[2] === 5 && data[3] === 6) || (data[2] === 7 && data[3] === 8))
  );
}

function fail(code: string, vi: string, en: string): ZipProblem {
  return { ok: false, code, vi, en };
}

function mb(n: number): string {
  return (n / (1024 * 1024)).toLocaleString('en-US', { maximumFractionDigits: 1 }) + ' MB';
}

function u64(dv: DataView, off: number): number {
  const v = dv.getBigUint64(off, true);
  return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v);
}

const utf8 = new TextDecoder('utf-8');

/**
 * Find the end-of-central-directory record: the last signature, within the last 64 KB + 22 bytes, whose
 * fields fit. -2 when two records both end the file exactly (their comment lengths reach the end): one is
 * hidden in the other's comment, a fake directory, and which one a reader follows decides what it reads.
 */
function findEocd(data: Uint8Array, dv: DataView): number {
  const min = Math.max(0, data.length - 22 - 0xffff);
  let fallback = -1;
  let found = -1;
  let exact = 0;
  let exactAt = -1;
  // from one "P" to the one before it (a native search): the whole window is looked at, for fake records in the comment
  for (let p = data.lastIndexOf(0x50, data.length - 22); p >= min; p = p > 0 ? data.lastIndexOf(0x50, p - 1) : -1) {
    if (data[p + 1] !== 0x4b || data[p + 2] !== 5 || data[p + 3] !== 6) continue;
    const cdSize = dv.getUint32(p + 12, true);
    const cdOffset = dv.getUint32(p + 16, true);
    if (p + 22 + dv.getUint16(p + 20, true) === data.length) {
      exact++;
      if (exactAt < 0) exactAt = p;
    }
    if (found < 0 && (cdOffset === 0xffffffff || cdSize === 0xffffffff || cdOffset + cdSize <= p)) found = p;
    if (fallback < 0) fallback = p;
  }
  if (exact > 1) return -2;
  if (exact === 1) return found > exactAt ? -2 : exactAt; // another record inside the comment: a fake directory
  return found >= 0 ? found : fallback;
}

/** Where the central directory stands, as the end-of-directory records (ZIP64 ones when present) say. */
interface Directory {
  cdOffset: number;
  cdSize: number;
  totalEntries: number;
}

/** The end-of-central-directory record and the ZIP64 records, checked against the file and the limits. */
function readDirectory(data: Uint8Array, dv: DataView, lim: Required<ZipLimits>): Directory | ZipProblem {
  if (data.length < 22) {
    return fail('zip_no_directory', 'tệp zip bị cắt cụt: không có danh mục cuối tệp', 'the zip is truncated: its end-of-directory record is missing');
  }
  const eocd = findEocd(data, dv);
  if (eocd === -2) {
    return fail(
      'zip_bad_directory',
      'tệp zip có hai danh mục cuối tệp (một danh mục giả nằm trong phần chú thích): tệp bị hỏng hoặc bị sửa',
      'the zip has two end-of-directory records (a fake one inside the comment): the file is damaged or tampered with',
    );
  }
  if (eocd < 0) {
    return fail(
      'zip_no_directory',
      'tệp zip bị cắt cụt hoặc hỏng: không tìm thấy danh mục cuối tệp (có thể tệp tải về hoặc chép chưa hết)',
      'the zip is truncated or damaged: its end-of-directory record is missing (the download or copy may be incomplete)',
    );
  }
  // The record: signature, disk number, the directory's disk, entries on this disk, entries, size, offset.
  const [diskNo, cdDisk] = [dv.getUint16(eocd + 4, true), dv.getUint16(eocd + 6, true)];
  let [entriesOnDisk, totalEntries] = [dv.getUint16(eocd + 8, true), dv.getUint16(eocd + 10, true)];
  let [cdSize, cdOffset] = [dv.getUint32(eocd + 12, true), dv.getUint32(eocd + 16, true)];
  let cdLimit = eocd; // the central directory must end before this offset

  // ZIP64: a locator just before the EOCD points at the ZIP64 end-of-central-directory record.
  const needs64 = totalEntries === 0xffff || entriesOnDisk === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff;
  const loc = eocd - 20;
  if (loc >= 0 && dv.getUint32(loc, true) === SIG_ZIP64_LOCATOR) {
    const rec = u64(dv, loc + 8);
    if (rec + 56 > loc || dv.getUint32(rec, true) !== SIG_ZIP64_EOCD) {
      return fail('zip_bad_directory', 'danh mục ZIP64 của tệp zip bị hỏng', "the zip's ZIP64 directory record is damaged");
    }
    entriesOnDisk = u64(dv, rec + 24);
    totalEntries = u64(dv, rec + 32);
    cdSize = u64(dv, rec + 40);
    cdOffset = u64(dv, rec + 48);
    cdLimit = rec;
  } else if (needs64) {
    return fail('zip_bad_directory', 'tệp zip thiếu bản ghi ZIP64 mà danh mục cần', 'the zip lacks the ZIP64 record its directory needs');
  }
  if (diskNo !== 0 || cdDisk !== 0 || entriesOnDisk !== totalEntries) {
    return fail(
      'zip_multi_disk',
      'tệp zip là một phần của bộ nén nhiều phần (chia đĩa), hoặc danh mục bị hỏng',
      'the zip is one part of a multi-part (split) archive, or its directory is damaged',
    );
  }
  if (cdOffset + cdSize > cdLimit) {
    return fail(
      'zip_bad_directory',
      'danh mục của tệp zip trỏ ra ngoài tệp: tệp bị cắt cụt hoặc hỏng',
      "the zip's directory points outside the file: it is truncated or damaged",
    );
  }
  if (totalEntries > lim.maxEntries) {
    return fail(
      'zip_bomb',
      `tệp zip khai báo ${totalEntries.toLocaleString('en-US')} mục, quá giới hạn ${lim.maxEntries.toLocaleString('en-US')}`,
      `the zip declares ${totalEntries.toLocaleString('en-US')} entries, over the limit of ${lim.maxEntries.toLocaleString('en-US')}`,
    );
  }
  // Each central directory record is at least 46 bytes.
  if (totalEntries * 46 > cdSize) {
    return fail(
      'zip_count_mismatch',
      `danh mục của tệp zip khai báo ${totalEntries} mục nhưng không đủ chỗ cho chừng ấy mục`,
      `the zip's directory declares ${totalEntries} entries but has no room for them`,
    );
  }
  return { cdOffset, cdSize, totalEntries };
}

/** The sizes and local header offset of a central directory record, with its ZIP64 extra field applied. */
function entrySizes(dv: DataView, p: number, nameLen: number, extraLen: number): { compressedSize: number; uncompressedSize: number; localHeaderOffset: number } {
  let compressedSize = dv.getUint32(p + 20, true);
  let uncompressedSize = dv.getUint32(p + 24, true);
  let localHeaderOffset = dv.getUint32(p + 42, true);
  // ZIP64 extended information: the 8-byte values for the fields that hold 0xFFFFFFFF, in this order.
  let e = p + 46 + nameLen;
  const eEnd = e + extraLen;
  while (e + 4 <= eEnd) {
    const id = dv.getUint16(e, true);
    const size = dv.getUint16(e + 2, true);
    if (id === 0x0001) {
      let q = e + 4;
      const qEnd = Math.min(e + 4 + size, eEnd);
      if (uncompressedSize === 0xffffffff && q + 8 <= qEnd) { uncompressedSize = u64(dv, q); q += 8; }
      if (compressedSize === 0xffffffff && q + 8 <= qEnd) { compressedSize = u64(dv, q); q += 8; }
      if (localHeaderOffset === 0xffffffff && q + 8 <= qEnd) { localHeaderOffset = u64(dv, q); q += 8; }
    }
    e += 4 + size;
  }
  return { compressedSize, uncompressedSize, localHeaderOffset };
}

/**
 * The entries of the central directory, each checked against its local header and the limits; `mismatch`
 * names the first whose local header differs from its record (reported after the overlap check).
 */
function readEntries(data: Uint8Array, dv: DataView, d: Directory, lim: Required<ZipLimits>): { entries: ZipEntry[]; mismatch: string | null } | ZipProblem {
  const { cdOffset, cdSize } = d;
  const entries: ZipEntry[] = [];
  let mismatch: string | null = null;
  const cdEnd = cdOffset + cdSize;
  let p = cdOffset;
  let totalUncompressed = 0;
  while (p + 4 <= cdEnd && dv.getUint32(p, true) === SIG_CENTRAL) {
    if (p + 46 > cdEnd) break;
    const flags = dv.getUint16(p + 8, true);
    const method = dv.getUint16(p + 10, true);
    const crc32 = dv.getUint32(p + 16, true);
    const nameLen = dv.getUint16(p + 28, true);
    const extraLen = dv.getUint16(p + 30, true);
    const commentLen = dv.getUint16(p + 32, true);
    const next = p + 46 + nameLen + extraLen + commentLen;
    if (next > cdEnd) {
      return fail('zip_bad_directory', 'một mục trong danh mục của tệp zip vượt ra ngoài danh mục', "an entry of the zip's directory runs past the directory");
    }
    const name = utf8.decode(data.subarray(p + 46, p + 46 + nameLen));
    const { compressedSize, uncompressedSize, localHeaderOffset } = entrySizes(dv, p, nameLen, extraLen);
    const dir = name.endsWith('/') && uncompressedSize === 0;
    // The local header must be where the directory says, inside the file, before the directory.
    if (localHeaderOffset + 30 > cdOffset || dv.getUint32(localHeaderOffset, true) !== SIG_LOCAL) {
      return fail(
        'zip_bad_entry',
        `mục '${clip(name)}' của tệp zip không nằm ở chỗ danh mục ghi: tệp bị hỏng`,
        `the zip entry '${clip(name)}' is not where the directory says: the file is damaged`,
      );
    }
    const localNameLen = dv.getUint16(localHeaderOffset + 26, true);
    const dataOffset = localHeaderOffset + 30 + localNameLen + dv.getUint16(localHeaderOffset + 28, true);
    // The local header must agree with the directory: same name, same method (APPNOTE 4.4).
    if (
      mismatch === null &&
      (localNameLen !== nameLen ||
        localHeaderOffset + 30 + nameLen > cdOffset ||
        !sameBytes(data, localHeaderOffset + 30, p + 46, nameLen) ||
        dv.getUint16(localHeaderOffset + 8, true) !== method)
    ) {
      mismatch = name; // reported after the overlap check (entries sharing one local header are a zip bomb first)
    }
    if (dataOffset + compressedSize > cdOffset) {
      return fail(
        'zip_bad_entry',
        `dữ liệu của mục '${clip(name)}' vượt ra ngoài phần dữ liệu của tệp zip: tệp bị cắt cụt hoặc hỏng`,
        `the data of the zip entry '${clip(name)}' runs past the archive's data: the file is truncated or damaged`,
      );
    }
    if (
      uncompressedSize >= lim.ratioMinBytes &&
      uncompressedSize > lim.maxRatio * Math.max(1, compressedSize)
    ) {
      return fail(
        'zip_bomb',
        `mục '${clip(name)}' nén ${mb(compressedSize)} thành ${mb(uncompressedSize)} (tỷ lệ trên ${lim.maxRatio}:1): nghi là "bom zip", không giải nén`,
        `the entry '${clip(name)}' expands ${mb(compressedSize)} to ${mb(uncompressedSize)} (a ratio over ${lim.maxRatio}:1): a likely zip bomb, not inflated`,
      );
    }
    totalUncompressed += uncompressedSize;
    if (totalUncompressed > lim.maxUncompressedBytes) {
      return fail(
        'zip_bomb',
        `tệp zip khai báo hơn ${mb(lim.maxUncompressedBytes)} dữ liệu khi giải nén (giới hạn): nghi là "bom zip", không giải nén`,
        `the zip declares more than ${mb(lim.maxUncompressedBytes)} of uncompressed data (the limit): a likely zip bomb, not inflated`,
      );
    }
    entries.push({
      name,
      method,
      flags,
      encrypted: (flags & 1) === 1,
      compressedSize,
      uncompressedSize,
      crc32,
      localHeaderOffset,
      dataOffset,
      dir,
    });
    if (entries.length > lim.maxEntries) break;
    p = next;
  }
  return { entries, mismatch };
}

/** The entries as a whole: their count, no two of one name, no shared data, local headers that agree. */
function checkEntries(entries: ZipEntry[], totalEntries: number, mismatch: string | null): ZipProblem | null {
  if (entries.length !== totalEntries) {
    return fail(
      'zip_count_mismatch',
      `danh mục của tệp zip khai báo ${totalEntries} mục nhưng đọc được ${entries.length}: tệp bị hỏng`,
      `the zip's directory declares ${totalEntries} entries but ${entries.length} could be read: the file is damaged`,
    );
  }
  // Two entries of one name (as readers look names up: case, "\\", a leading "/"): which one a reader takes is
  // arbitrary, so the file is damaged.
  const seen = new Set<string>();
  for (const e of entries) {
    const k = e.name.replace(/\\/g, '/').replace(/^\/+/, '').toLowerCase();
    if (seen.has(k)) {
      return fail(
        'zip_duplicate',
        `tệp zip có hai mục cùng tên '${clip(e.name)}': không biết mục nào là thật, tệp bị hỏng hoặc bị sửa`,
        `the zip has two entries named '${clip(e.name)}': which one is real cannot be told, the file is damaged or tampered with`,
      );
    }
    seen.add(k);
  }
  // Entries whose data overlap: the trick of "non-recursive" zip bombs (one compressed block shared by many entries).
  const byOffset = [...entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  for (let i = 1; i < byOffset.length; i++) {
    const prev = byOffset[i - 1];
    if (byOffset[i].localHeaderOffset < prev.dataOffset + prev.compressedSize) {
      return fail(
        'zip_overlap',
        `các mục '${clip(prev.name)}' và '${clip(byOffset[i].name)}' của tệp zip dùng chung dữ liệu: nghi là "bom zip" hoặc tệp hỏng`,
        `the zip entries '${clip(prev.name)}' and '${clip(byOffset[i].name)}' share data: a likely zip bomb or a damaged file`,
      );
    }
  }
  if (mismatch !== null) {
    return fail(
      'zip_bad_entry',
      `mục '${clip(mismatch)}' của tệp zip không khớp giữa danh mục và phần đầu của mục (tên hoặc cách nén khác nhau): tệp bị hỏng`,
      `the zip entry '${clip(mismatch)}' differs between the directory and its local header (name or method): the file is damaged`,
    );
  }
  return null;
}

/**
 * List a zip's entries from its central directory, inflating nothing, and refuse damaged archives and
 * zip bombs. Never throws.
 */
export function inspectZip(data: Uint8Array, limits: ZipLimits): ZipInspection {
  const lim = { ...DEFAULT_ZIP_LIMITS, ...stripUndefined(limits) };
  // One file's directory is asked for three times (own-output mark, type sniff, reading): read once per limits.
  const key = `${lim.maxCompressedBytes}|${lim.maxUncompressedBytes}|${lim.maxEntries}|${lim.maxRatio}|${lim.ratioMinBytes}`;
  let seen = inspected.get(data);
  const known = seen?.get(key);
  if (known) return known;
  const result = inspectZipUncached(data, lim);
  if (!seen) inspected.set(data, (seen = new Map()));
  seen.set(key, result);
  return result;
}

/**
 * inspectZip's answers by the bytes they were given (the same Uint8Array object) and the limits: a
 * WeakMap, so the answer goes with the bytes. The bytes of an input are never changed once read.
 */
const inspected = new WeakMap<Uint8Array, Map<string, ZipInspection>>();

function inspectZipUncached(data: Uint8Array, lim: Required<ZipLimits>): ZipInspection {
  if (data.length > lim.maxCompressedBytes) {
    return fail(
      'zip_too_big',
      `tệp nặng ${mb(data.length)}, quá giới hạn ${mb(lim.maxCompressedBytes)}`,
      `the file is ${mb(data.length)}, over the limit of ${mb(lim.maxCompressedBytes)}`,
    );
  }
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const d = readDirectory(data, dv, lim);
  if ('ok' in d) return d;
  const read = readEntries(data, dv, d, lim);
  if ('ok' in read) return read;
  return checkEntries(read.entries, d.totalEntries, read.mismatch) ?? { ok: true, entries: read.entries };
}

function sameBytes(data: Uint8Array, a: number, b: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (data[a + i] !== data[b + i]) return false;
  return true;
}

function clip(s: string): string {
  return s.length > 80 ? s.slice(0, 77) + '…' : s;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

/** The raw bytes of a stored (method 0) entry, or null when it is compressed or out of range. */
export function storedEntryBytes(data: Uint8Array, entry: ZipEntry): Uint8Array | null {
  if (entry.method !== 0 || entry.encrypted) return null;
  const end = entry.dataOffset + entry.compressedSize;
  if (end > data.length) return null;
  return data.subarray(entry.dataOffset, end);
}

/** Find an entry by name, ignoring case and a leading "/" (as readers do); the first of that name. */
export function findEntry(entries: ZipEntry[], name: string): ZipEntry | undefined {
  let index = entryIndex.get(entries);
  if (!index) {
    index = new Map();
    for (const e of entries) {
      const k = e.name.replace(/^\//, '').replace(/\\/g, '/').toLowerCase();
      if (!index.has(k)) index.set(k, e);
    }
    entryIndex.set(entries, index);
  }
  return index.get(name.toLowerCase());
}

/**
 * The entries of a listing by the name findEntry looks them up by, made on the first look-up: one file's
 * listing is looked into a dozen times (type sniff, own-output mark, reading). A listing is never changed.
 */
const entryIndex = new WeakMap<ZipEntry[], Map<string, ZipEntry>>();

// ───────────────────────────── CRC-32 and a minimal writer ─────────────────────────────

/**
 * Eight tables of 256 (slicing-by-8): table k gives the CRC of a byte followed by k zero bytes, so eight
 * bytes are folded in with eight look-ups and no dependency between them. ~5× the one-table loop in V8
 * (1.1 GB/s against 200 MB/s); Node's zlib.crc32 is used instead where there is one (inflate.ts).
 */
let CRC_TABLES: Int32Array | null = null;

function crcTables(): Int32Array {
  const t = new Int32Array(256 * 8);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    let c = t[n];
    for (let k = 1; k < 8; k++) {
      c = t[c & 0xff] ^ (c >>> 8);
      t[k * 256 + n] = c;
    }
  }
  return t;
}

/** CRC-32 (IEEE), as zip uses. `crc` continues a previous call's result. */
export function crc32(bytes: Uint8Array, crc = 0): number {
  const t = CRC_TABLES ?? (CRC_TABLES = crcTables());
  const n = bytes.length;
  const end8 = n - (n & 7);
  let c = ~crc;
  let i = 0;
  for (; i < end8; i += 8) {
    const lo = c ^ (bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24));
    c =
      t[1792 + (lo & 0xff)] ^
      t[1536 + ((lo >>> 8) & 0xff)] ^
      t[1280 + ((lo >>> 16) & 0xff)] ^
      t[1024 + (lo >>> 24)] ^
      t[768 + bytes[i + 4]] ^
      t[512 + bytes[i + 5]] ^
      t[256 + bytes[i + 6]] ^
      t[bytes[i + 7]];
  }
  for (; i < n; i++) c = t[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** 32 × 32 matrix over GF(2), as 32 columns, times a vector. */
function gf2Times(mat: Uint32Array, vec: number): number {
  let sum = 0;
  for (let i = 0; vec !== 0; i++, vec >>>= 1) if (vec & 1) sum ^= mat[i];
  return sum >>> 0;
}

function gf2Square(square: Uint32Array, mat: Uint32Array): void {
  for (let n = 0; n < 32; n++) square[n] = gf2Times(mat, mat[n]);
}

/**
 * The CRC-32 of A followed by B from crc32(A), crc32(B) and B's length (zlib's crc32_combine): a part whose
 * head is known only after its body was checksummed piece by piece (write-sheet.ts sheetPieces).
 */
export function crc32Combine(crc1: number, crc2: number, len2: number): number {
  if (len2 <= 0) return crc1 >>> 0;
  const even = new Uint32Array(32); // the operator for 2^k zero bits, k even
  const odd = new Uint32Array(32); // … k odd
  odd[0] = 0xedb88320; // one zero bit
  for (let n = 1, row = 1; n < 32; n++, row <<= 1) odd[n] = row;
  gf2Square(even, odd); // two zero bits
  gf2Square(odd, even); // four
  let c = crc1 >>> 0;
  let len = len2;
  for (;;) {
    gf2Square(even, odd);
    if (len % 2) c = gf2Times(even, c);
    len = Math.floor(len / 2);
    if (len === 0) break;
    gf2Square(odd, even);
    if (len % 2) c = gf2Times(odd, c);
    len = Math.floor(len / 2);
    if (len === 0) break;
  }
  return (c ^ crc2) >>> 0;
}

export interface ZipWriteEntry {
  name: string;
  /** 0 stored, 8 deflate (data already deflated, raw). */
  method: number;
  crc32: number;
  /** The bytes as they go into the archive (compressed when method is 8): one array, or pieces in order. */
  data: Uint8Array | readonly Uint8Array[];
  uncompressedSize: number;
}

function dataLength(d: ZipWriteEntry['data']): number {
  if (d instanceof Uint8Array) return d.length;
  let n = 0;
  for (const b of d) n += b.length;
  return n;
}

/**
 * A plain (non-ZIP64) zip from entries whose compressed bytes and CRC are known, as pieces to be written in
 * order: each entry's header, its data as they are (never copied: a country's workbook is 12 MB of them), and
 * the central directory.
 */
export function zipPieces(entries: ZipWriteEntry[]): Uint8Array[] {
  const enc = new TextEncoder();
  const out: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let p = 0;
  for (const e of entries) {
    const name = enc.encode(e.name);
    const size = dataLength(e.data);
    const local = new Uint8Array(30 + name.length);
    const dv = new DataView(local.buffer);
    dv.setUint32(0, SIG_LOCAL, true);
    dv.setUint16(4, 20, true);
    dv.setUint16(6, 0x0800, true); // UTF-8 names
    dv.setUint16(8, e.method, true);
    dv.setUint16(10, 0, true);
    dv.setUint16(12, 0x21, true); // 1980-01-01
    dv.setUint32(14, e.crc32 >>> 0, true);
    dv.setUint32(18, size, true);
    dv.setUint32(22, e.uncompressedSize, true);
    dv.setUint16(26, name.length, true);
    dv.setUint16(28, 0, true);
    local.set(name, 30);
    const cd = new Uint8Array(46 + name.length);
    const cv = new DataView(cd.buffer);
    cv.setUint32(0, SIG_CENTRAL, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(8, 0x0800, true);
    cv.setUint16(10, e.method, true);
    cv.setUint16(12, 0, true);
    cv.setUint16(14, 0x21, true);
    cv.setUint32(16, e.crc32 >>> 0, true);
    cv.setUint32(20, size, true);
    cv.setUint32(24, e.uncompressedSize, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, p, true);
    cd.set(name, 46);
    central.push(cd);
    out.push(local);
    if (e.data instanceof Uint8Array) out.push(e.data);
    else for (const b of e.data) out.push(b);
    p += local.length + size;
  }
  const cdStart = p;
  for (const cd of central) {
    out.push(cd);
    p += cd.length;
  }
  const eocd = new Uint8Array(22);
  const ev = new DataView(eocd.buffer);
  ev.setUint32(0, SIG_EOCD, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, p - cdStart, true);
  ev.setUint32(16, cdStart, true);
  out.push(eocd);
  return out;
}

/** Pieces made one array. */
export function joinPieces(pieces: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const b of pieces) n += b.length;
  const out = new Uint8Array(n);
  let p = 0;
  for (const b of pieces) {
    out.set(b, p);
    p += b.length;
  }
  return out;
}

/** Write a plain (non-ZIP64) zip from entries whose compressed bytes and CRC are known. */
export function writeZip(entries: ZipWriteEntry[]): Uint8Array {
  return joinPieces(zipPieces(entries));
}

/**
 * File-system side of the command line: finding the commune workbooks in the paths given,
 * and writing outputs through a temporary file + rename, so no half-written workbook is ever
 * left where the user expects a finished one.
 */
import * as fs from 'fs';
import * as path from 'path';
import { encodePieces } from '../util/utf8-pieces';

/** Extensions read from folders (the bytes decide how: src/xlsx/read-any.ts). */
export const WORKBOOK_EXT = ['.xlsx', '.xlsm', '.xls', '.xlsb', '.ods', '.csv'];
/** Spreadsheet files met in folders that tonghop cannot read (mentioned, then skipped). */
export const OTHER_SHEET_EXT = ['.numbers', '.et'];

export interface FoundFile {
  /** Absolute path. */
  path: string;
  /** The name shown in the report: the base name, NFC; the relative path when two files share a base name. */
  name: string;
}

/** Why something met in the inputs is not read. */
export type SkipReason =
  | 'lock' // Office lock file "~$…"
  | 'hidden' // hidden file or folder ".…"
  | 'other_format' // a spreadsheet format tonghop cannot read (.numbers, .et)
  | 'other_file' // another kind of document that may be a report (.pdf, .docx…)
  | 'fifo'
  | 'device'
  | 'socket'
  | 'dangling_link'
  | 'unreadable' // a file that cannot be looked at (permissions…)
  | 'unreadable_folder';

export interface SkippedFound {
  /** Absolute path. */
  path: string;
  /** The name shown in the report (path relative to cwd, NFC). */
  name: string;
  reason: SkipReason;
  /** The system's message, for 'unreadable' / 'unreadable_folder'. */
  detail?: string;
  /** A folder (hidden or unreadable) rather than a file. */
  folder?: boolean;
}

export interface Collected {
  files: FoundFile[];
  /** Spreadsheets in other formats found in folders (absolute paths). */
  skippedOther: string[];
  /** Everything found and not read, with why (lock, hidden, other formats, FIFOs, devices, dangling links, unreadable). */
  skipped: SkippedFound[];
}

/** A file's identity: device + inode where the system gives one, else its real path. */
export function fileKey(p: string, st?: fs.BigIntStats): string | null {
  try {
    const s = st ?? fs.statSync(p, { bigint: true });
    if (s.ino !== BigInt(0)) return `${s.dev}:${s.ino}`;
    return 'p:' + normPath(p);
  } catch {
    return null;
  }
}

function normPath(p: string): string {
  let r = path.resolve(p);
  try {
    r = fs.realpathSync.native(r);
  } catch {
    try {
      r = path.join(fs.realpathSync.native(path.dirname(r)), path.basename(r));
    } catch {
      /* keep resolved */
    }
  }
  r = r.normalize('NFC');
  return process.platform === 'win32' || process.platform === 'darwin' ? r.toLowerCase() : r;
}

/** Same file? The same device and inode where both exist; else the same real path (case-insensitively on Windows and macOS). */
export function samePath(a: string, b: string): boolean {
  const ka = fileKey(a);
  const kb = fileKey(b);
  if (ka && kb) return ka === kb;
  return normPath(a) === normPath(b);
}

export function hasExt(name: string, exts: string[]): boolean {
  const lower = name.toLowerCase();
  return exts.some((e) => lower.endsWith(e));
}

/** Other documents that may be a commune's report in a form tonghop cannot read: named in the report (info). */
export const REPORT_LIKE_EXT = ['.pdf', '.doc', '.docx', '.odt', '.rtf', '.txt', '.tsv', '.xlt', '.xltx', '.xltm', '.fods', '.htm', '.html', '.xml', '.zip', '.rar', '.7z', '.jpg', '.jpeg', '.png'];

/** fs.statSync (sizes as bigint, following links), or the error it threw. */
function statOrError(p: string): fs.BigIntStats | Error {
  try {
    return fs.statSync(p, { bigint: true });
  } catch (e) {
    return e as Error;
  }
}

/**
 * The workbooks named by `inputs` (files, or folders searched recursively for WORKBOOK_EXT), without
 * the paths in `exclude` (the plan, the outputs). Sorted by path so runs are repeatable; each file once
 * (by device and inode: two names differing only in Unicode normalisation are two files on Linux).
 * Everything else met is in `skipped` with why. Linear: each path is looked at once. Inputs must exist
 * (checked before).
 */
export function collectFiles(inputs: string[], exclude: string[], cwd: string): Collected {
  const found: { path: string; key: string }[] = [];
  const skippedOther: string[] = [];
  const skipped: SkippedFound[] = [];
  const excluded = new Set<string>();
  for (const e of exclude) {
    const k = fileKey(e);
    if (k) excluded.add(k);
  }
  const seenFiles = new Set<string>();
  const rel = (p: string) => {
    const r = path.relative(cwd, p);
    return (r && !r.startsWith('..') && !path.isAbsolute(r) ? r.split(path.sep).join('/') : p).normalize('NFC');
  };
  const skip = (p: string, reason: SkipReason, extra: Partial<SkippedFound> = {}) => skipped.push({ path: p, name: rel(p), reason, ...extra });
  const special = (st: fs.BigIntStats): SkipReason | null =>
    st.isFIFO() ? 'fifo' : st.isCharacterDevice() || st.isBlockDevice() ? 'device' : st.isSocket() ? 'socket' : null;
  const take = (p: string, st: fs.BigIntStats) => {
    const key = fileKey(p, st) ?? 'p:' + normPath(p);
    if (excluded.has(key) || seenFiles.has(key)) return;
    seenFiles.add(key);
    found.push({ path: p, key });
  };
  const seenDirs = new Set<string>();

  const walk = (dir: string, st: fs.BigIntStats) => {
    const key = fileKey(dir, st);
    if (key) {
      if (seenDirs.has(key)) return; // symlink loops, a folder named twice
      seenDirs.add(key);
    }
    let entries: string[];
    try {
      entries = fs.readdirSync(dir);
    } catch (e) {
      skip(dir, 'unreadable_folder', { detail: (e as Error).message, folder: true });
      return;
    }
    entries.sort(compareNames);
    for (const name of entries) {
      const full = path.join(dir, name);
      const est = statOrError(full);
      if (est instanceof Error) {
        const e = est;
        let link = false;
        try {
          link = fs.lstatSync(full).isSymbolicLink();
        } catch {
          /* gone */
        }
        if (link && (e as NodeJS.ErrnoException).code === 'ENOENT') skip(full, 'dangling_link');
        else if (!name.startsWith('.') && !name.startsWith('~$')) skip(full, 'unreadable', { detail: (e as Error).message });
        continue;
      }
      if (name.startsWith('~$')) {
        if (!est.isDirectory()) skip(full, 'lock');
        continue;
      }
      if (name.startsWith('.')) {
        skip(full, 'hidden', { folder: est.isDirectory() });
        continue;
      }
      if (est.isDirectory()) {
        walk(full, est);
        continue;
      }
      const sp = special(est);
      if (sp) {
        skip(full, sp);
        continue;
      }
      if (!est.isFile()) continue;
      if (hasExt(name, WORKBOOK_EXT)) take(full, est);
      else if (hasExt(name, OTHER_SHEET_EXT)) {
        skippedOther.push(full);
        skip(full, 'other_format');
      } else if (hasExt(name, REPORT_LIKE_EXT)) skip(full, 'other_file');
    }
  };

  for (const input of inputs) {
    const abs = path.resolve(cwd, input);
    const st = statOrError(abs);
    if (st instanceof Error) {
      skip(abs, 'unreadable', { detail: st.message });
      continue;
    }
    if (st.isDirectory()) walk(abs, st);
    else {
      const sp = special(st);
      if (sp) skip(abs, sp);
      else take(abs, st); // a file named explicitly is read whatever its extension
    }
  }

  // names: base names, or paths relative to cwd where base names collide; a name still shared (two names that
  // differ only in Unicode normalisation) gets " (2)", " (3)"…
  const base = (p: string) => path.basename(p).normalize('NFC');
  const counts = new Map<string, number>();
  for (const f of found) counts.set(base(f.path).toLowerCase(), (counts.get(base(f.path).toLowerCase()) ?? 0) + 1);
  const used = new Map<string, number>();
  const files = found.map((f) => {
    let name = (counts.get(base(f.path).toLowerCase()) ?? 0) > 1 ? rel(f.path) : base(f.path);
    const n = (used.get(name) ?? 0) + 1;
    used.set(name, n);
    if (n > 1) name = `${name} (${n})`;
    return { path: f.path, name };
  });
  return { files, skippedOther, skipped };
}

/** Code-point order of NFC names, then of the names as stored: the same on every machine and locale. */
function compareNames(a: string, b: string): number {
  const x = a.normalize('NFC');
  const y = b.normalize('NFC');
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
}

export type ReadResult =
  | { ok: true; data: Uint8Array }
  | { ok: false; reason: 'fifo' | 'device' | 'socket' | 'not_file' | 'too_large' | 'unreadable'; size?: number; detail?: string };

/**
 * A regular file's bytes, at most `maxBytes`: opened without blocking (a FIFO never hangs), checked on the
 * open descriptor (regular file, size) before a byte is read, and read with a cap (a file growing while read
 * is refused, not followed).
 */
export function readRegularFile(p: string, maxBytes: number): ReadResult {
  let fd: number;
  try {
    fd = fs.openSync(p, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    return { ok: false, reason: 'unreadable', detail: (e as Error).message };
  }
  try {
    const st = fs.fstatSync(fd);
    if (st.isFIFO()) return { ok: false, reason: 'fifo' };
    if (st.isCharacterDevice() || st.isBlockDevice()) return { ok: false, reason: 'device' };
    if (st.isSocket()) return { ok: false, reason: 'socket' };
    if (!st.isFile()) return { ok: false, reason: 'not_file' };
    if (st.size > maxBytes) return { ok: false, reason: 'too_large', size: st.size };
    let buf = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(st.size + 1, 64 * 1024)));
    let len = 0;
    for (;;) {
      if (len === buf.length) {
        if (buf.length > maxBytes) return { ok: false, reason: 'too_large', size: len };
        const bigger = Buffer.allocUnsafe(Math.min(maxBytes + 1, buf.length * 2));
        buf.copy(bigger, 0, 0, len);
        buf = bigger;
      }
      const n = fs.readSync(fd, buf, len, buf.length - len, null);
      if (n === 0) break;
      len += n;
    }
    if (len > maxBytes) return { ok: false, reason: 'too_large', size: len };
    return { ok: true, data: len === buf.length ? buf : buf.subarray(0, len) };
  } catch (e) {
    return { ok: false, reason: 'unreadable', detail: (e as Error).message };
  } finally {
    fs.closeSync(fd);
  }
}

/** A temporary name beside `target`, hidden (so a later folder search skips it). */
export function tempPathFor(target: string): string {
  const dir = path.dirname(target);
  const rnd = Math.floor(Math.random() * 0xffffffff).toString(16).padStart(8, '0');
  return path.join(dir, `.${path.basename(target)}.${process.pid}.${rnd}.tmp`);
}

export interface PendingWrite {
  target: string;
  /**
   * Bytes, a string, or a string in pieces (written as they come, never joined into one string); or bytes still
   * being made (the workbook, compressed off this thread): written after the others, so those are made meanwhile;
   * or a writer given the open temporary file (empty, written from its start): the writers are called first, in
   * the list's order, and awaited with the rest.
   */
  data: Bytes | string | Iterable<string> | Promise<Bytes> | FileWriter;
}

/** Bytes in one array, or in pieces to be written in order (a workbook: zipPieces). */
export type Bytes = Uint8Array | readonly Uint8Array[];

/** Writes a file's content into `fd` (an empty file open for writing), from its start; see PendingWrite. */
export type FileWriter = (fd: number) => Promise<void>;

export class OutputExistsError extends Error {
  constructor(public readonly target: string) {
    super(`exists: ${target}`);
  }
}

/** An existing target that tonghop did not write: never replaced, even with --force. */
export class NotOurFileError extends Error {
  constructor(public readonly target: string) {
    super(`not written by tonghop: ${target}`);
  }
}

/** The lock file serialising the final moves of runs writing the same outputs (hidden, beside the first target). */
export function lockPathFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.tonghop-lock`);
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Take the lock (waiting up to `waitMs` for another run; a lock left by a run that died is taken over). Returns the release. */
export function acquireLock(lock: string, waitMs = 120_000): () => void {
  const start = Date.now();
  for (;;) {
    try {
      const fd = fs.openSync(lock, 'wx');
      try {
        fs.writeSync(fd, `${process.pid}\n`);
      } finally {
        fs.closeSync(fd);
      }
      return () => {
        try {
          fs.unlinkSync(lock);
        } catch {
          /* gone */
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let stale = false;
    try {
      const st = fs.statSync(lock);
      const pid = Number(fs.readFileSync(lock, 'utf8').trim());
      stale = (!pidAlive(pid) && Date.now() - st.mtimeMs > 2000) || Date.now() - st.mtimeMs > 10 * 60_000;
    } catch {
      continue; // released meanwhile
    }
    if (stale) {
      try {
        fs.unlinkSync(lock);
      } catch {
        /* another run took it over */
      }
      continue;
    }
    if (Date.now() - start > waitMs) throw new Error(`locked by another run: ${lock}`);
    sleep(25);
  }
}

const utf8 = new TextEncoder();

/** Write `data` into `fd` from the file's start (positioned writes: the file's offset is never relied on). */
export function writeData(fd: number, data: Bytes | string | Iterable<string>): void {
  if (typeof data === 'string') data = utf8.encode(data);
  if (data instanceof Uint8Array) {
    writeAll(fd, data, data.length, 0);
    return;
  }
  if (isPieces(data)) {
    let at = 0;
    for (const b of data) at = writeAll(fd, b, b.length, at);
    return;
  }
  // the pieces encoded through one reused buffer, written as it fills
  let at = 0;
  encodePieces(data, (bytes) => {
    at = writeAll(fd, bytes, bytes.length, at);
  });
}

function isPieces(data: Bytes | Iterable<string>): data is readonly Uint8Array[] {
  return Array.isArray(data) && data.every((b) => b instanceof Uint8Array);
}

/** writeSync until all `n` bytes are written at `at` (a write may take fewer); the position after them. */
function writeAll(fd: number, buf: Uint8Array, n: number, at: number): number {
  for (let off = 0; off < n; ) {
    const k = fs.writeSync(fd, buf, off, n - off, at);
    off += k;
    at += k;
  }
  return at;
}

/** Close the files still open in `fds` (each once: its place is emptied). */
function closeAll(fds: number[]): void {
  for (const [i, fd] of fds.entries()) {
    if (fd === undefined) continue;
    delete fds[i];
    try {
      fs.closeSync(fd);
    } catch {
      /* closed */
    }
  }
}

/**
 * Write every file to a temporary file in its own directory (created if missing), then — holding a lock
 * beside the first target (or `lockBeside`), so two runs writing the same outputs never leave one's workbook with the other's
 * JSON — move them all into place. Without `force`, an existing target is never replaced (checked again at
 * the last moment with a hard link, which fails atomically if the name is taken). With `force`, an existing
 * target is replaced only when `replaceable(target)` says tonghop wrote it (NotOurFileError otherwise).
 * On any failure the temporary files are removed and the error is thrown.
 */
export async function writeAtomically(writes: PendingWrite[], force: boolean, replaceable?: (target: string) => boolean, lockBeside = writes[0]?.target): Promise<void> {
  const temps: string[] = [];
  const fds: number[] = [];
  const writing: Promise<void>[] = [];
  let release: (() => void) | null = null;
  try {
    for (const [i, w] of writes.entries()) {
      fs.mkdirSync(path.dirname(w.target), { recursive: true });
      const tmp = tempPathFor(w.target);
      temps[i] = tmp;
      fds[i] = fs.openSync(tmp, 'wx');
    }
    // writers first (they may hand their work to other threads), then data at hand, then bytes still being made
    for (const [i, w] of writes.entries()) {
      if (typeof w.data !== 'function') continue;
      const p = w.data(fds[i]);
      p.catch(() => undefined); // met below, with the others
      writing.push(p);
    }
    const rank = (w: PendingWrite) => (w.data instanceof Promise ? 1 : 0);
    for (const i of [...writes.keys()].sort((a, b) => rank(writes[a]) - rank(writes[b]))) {
      const d = writes[i].data;
      if (typeof d !== 'function') writeData(fds[i], d instanceof Promise ? await d : d);
    }
    await Promise.all(writing);
    for (const fd of fds) fs.fsyncSync(fd);
    closeAll(fds);
    if (lockBeside) release = acquireLock(lockPathFor(lockBeside));
    // every target checked before any is moved: the pair is written whole or not at all
    for (const w of writes) {
      if (!fs.existsSync(w.target)) continue;
      if (!force) throw new OutputExistsError(w.target);
      if (replaceable && !replaceable(w.target)) throw new NotOurFileError(w.target);
    }
    writes.forEach((w, i) => {
      const tmp = temps[i];
      if (force) {
        fs.renameSync(tmp, w.target);
        return;
      }
      try {
        fs.linkSync(tmp, w.target);
        fs.unlinkSync(tmp);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') throw new OutputExistsError(w.target);
        // file systems without hard links: check, then rename
        if (fs.existsSync(w.target)) throw new OutputExistsError(w.target);
        fs.renameSync(tmp, w.target);
      }
    });
  } finally {
    // no writer (another thread among them) may still be at a file when it is closed and its number reused
    await Promise.allSettled(writing);
    closeAll(fds);
    for (const t of temps) {
      if (!t) continue;
      try {
        fs.unlinkSync(t);
      } catch {
        /* already moved */
      }
    }
    release?.();
  }
}

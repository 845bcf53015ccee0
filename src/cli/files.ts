/**
 * File-system side of the command line: finding the commune workbooks in the paths given,
 * and writing outputs through a temporary file + rename, so no half-written workbook is ever
 * left where the user expects a finished one.
 */
import * as fs from 'fs';
import * as path from 'path';

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

export interface Collected {
  files: FoundFile[];
  /** Spreadsheets in other formats found in folders (absolute paths). */
  skippedOther: string[];
}

/** Same file? Compares real paths where they exist, else resolved paths; case-insensitively on Windows and macOS. */
export function samePath(a: string, b: string): boolean {
  const norm = (p: string) => {
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
  };
  return norm(a) === norm(b);
}

function isSkippedName(name: string): boolean {
  return name.startsWith('~$') || name.startsWith('.');
}

function hasExt(name: string, exts: string[]): boolean {
  const lower = name.toLowerCase();
  return exts.some((e) => lower.endsWith(e));
}

/**
 * The workbooks named by `inputs` (files, or folders searched recursively for WORKBOOK_EXT),
 * without Office lock files "~$…", hidden files and folders, and the paths in `exclude`
 * (the plan, the outputs). Sorted by path so runs are repeatable; each file once.
 * Inputs must exist (checked before).
 */
export function collectFiles(inputs: string[], exclude: string[], cwd: string): Collected {
  const found: string[] = [];
  const skippedOther: string[] = [];
  const excluded = (p: string) => exclude.some((e) => samePath(e, p));

  const walk = (dir: string, seen: Set<string>) => {
    let real: string;
    try {
      real = fs.realpathSync.native(dir);
    } catch {
      return;
    }
    if (seen.has(real)) return; // symlink loops
    seen.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    const sorted = entries.map((e) => e.name).sort(compareNames);
    for (const name of sorted) {
      if (isSkippedName(name)) continue;
      const full = path.join(dir, name);
      let st: fs.Stats;
      try {
        st = fs.statSync(full);
      } catch {
        continue;
      }
      if (st.isDirectory()) walk(full, seen);
      else if (st.isFile()) {
        if (hasExt(name, WORKBOOK_EXT)) {
          if (!excluded(full)) found.push(full);
        } else if (hasExt(name, OTHER_SHEET_EXT)) skippedOther.push(full);
      }
    }
  };

  for (const input of inputs) {
    const abs = path.resolve(cwd, input);
    const st = fs.statSync(abs);
    if (st.isDirectory()) walk(abs, new Set());
    else if (!excluded(abs)) found.push(abs); // a file named explicitly is read whatever its extension
  }

  // each file once
  const unique: string[] = [];
  for (const f of found) if (!unique.some((u) => samePath(u, f))) unique.push(f);

  // names: base names, or paths relative to cwd where base names collide
  const base = (p: string) => path.basename(p).normalize('NFC');
  const counts = new Map<string, number>();
  for (const f of unique) counts.set(base(f).toLowerCase(), (counts.get(base(f).toLowerCase()) ?? 0) + 1);
  const files = unique.map((f) => ({
    path: f,
    name: (counts.get(base(f).toLowerCase()) ?? 0) > 1 ? path.relative(cwd, f).split(path.sep).join('/').normalize('NFC') : base(f),
  }));
  return { files, skippedOther };
}

/** Code-point order of NFC names: the same on every machine and locale. */
function compareNames(a: string, b: string): number {
  const x = a.normalize('NFC');
  const y = b.normalize('NFC');
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A temporary name beside `target`, hidden (so a later folder search skips it). */
export function tempPathFor(target: string): string {
  const dir = path.dirname(target);
  const rnd = Math.floor(Math.random() * 0xffffffff).toString(16).padStart(8, '0');
  return path.join(dir, `.${path.basename(target)}.${process.pid}.${rnd}.tmp`);
}

export interface PendingWrite {
  target: string;
  data: Uint8Array | string;
}

export class OutputExistsError extends Error {
  constructor(public readonly target: string) {
    super(`exists: ${target}`);
  }
}

/**
 * Write every file to a temporary file in its own directory (created if missing), then move
 * them into place. Without `force`, an existing target is never replaced (checked again at
 * the last moment with a hard link, which fails atomically if the name is taken).
 * On any failure the temporary files are removed and the error is thrown.
 */
export function writeAtomically(writes: PendingWrite[], force: boolean): void {
  const temps: string[] = [];
  try {
    for (const w of writes) {
      fs.mkdirSync(path.dirname(w.target), { recursive: true });
      const tmp = tempPathFor(w.target);
      temps.push(tmp);
      const fd = fs.openSync(tmp, 'wx');
      try {
        fs.writeFileSync(fd, w.data);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
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
    for (const t of temps) {
      try {
        fs.unlinkSync(t);
      } catch {
        /* already moved */
      }
    }
  }
}

/**
 * .xlsx/.xlsm → Grid, read directly: unzip + one indexOf-driven scan of each part's XML, no DOM, no exceljs.
 *
 * readXlsx gives the SAME Grids as gridsFromXlsx (exceljs-read.ts) — same values, same formula
 * texts (shared formulas translated as exceljs does), same merges, same cuts and the same 'truncated_sheet'
 * warning — at a fraction of the cost, and in bounded time and memory on huge sheets:
 *   - the zip directory is checked first (sniffWorkbook: file type, zip bombs from the declared sizes), and
 *     every part is inflated with a counter that stops when it passes the size the directory declared;
 *   - a worksheet part bigger than SYNC_MAX is inflated in chunks (Node's zlib stream, or fflate's
 *     in a browser / Web Worker) and scanned chunk by chunk: only an unfinished cell is
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
 *   - a numeric cell whose <v> is not a number ("12abc", "0x10", "1e999", "NaN") keeps its text, so the
 *     reader reports it at the cell (exceljs reads parseFloat: 12, 0, Infinity, or drops it);
 *   - every part is checked against the CRC-32 and size the zip records (a damaged part: an error, none of
 *     its figures used); comments and processing instructions are skipped everywhere; UTF-16 parts read;
 *   - a worksheet part referenced by a second sheet is refused (a valid workbook never shares one); at most
 *     MAX_SHEETS sheets per file; every inflated byte counts against the file's maxUncompressedBytes.
 * Safety caps no real workbook reaches: at most MAX_CELLS cells kept per file (sheets are cut at the row
 * where it runs out, with the 'truncated_sheet' warning), MAX_MERGES merges per sheet, an element (a cell,
 * a shared string) at most MAX_PENDING characters long, workbook / relationships / styles parts at most
 * WHOLE_MAX bytes.
 *
 * Pure TypeScript over bytes: works in Node ≥ 20 and in browsers / Web Workers (Node's zlib is reached
 * through process.getBuiltinModule, never imported). Never throws: problems are issues.
 */
import type { Grid, InputFile, Issue, IssueCode, MergeSpan } from '../types';
import { finishedGrid, resolveLimits, type ReadLimits } from './limits';
import { nonOverlapping } from '../util/address';
import { mkIssue } from '../util/issues';
import { isSniffOk, macrosIgnoredIssue, sniffIssue, sniffWorkbook, type SniffOk } from './sniff';
import type { ZipEntry } from './zip';
import { MAX_CELLS, MAX_MERGES, MAX_SHEETS, partProblem, readPartText, readWholePart, type InflateBudget, type PartRead } from './inflate';
import { xmlTags } from './xml';
import { NO_STYLES, parseStyles, type StyleInfo } from './styles';
import { SharedStringsScanner } from './shared-strings';
import { SheetScanner, type PendingStrings } from './sheet';

export { setXlsxNodeZlib, setXlsxReadTuning } from './inflate';

interface SheetDef {
  name: string;
  rid: string | undefined;
  /** The <sheet state="…"> when not visible. */
  state?: 'hidden' | 'veryHidden';
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
      const state = t.attrs.state;
      sheets.push({ name: t.attrs.name ?? '', rid, ...(state === 'hidden' || state === 'veryHidden' ? { state } : {}) });
    }
  }
  return { sheets, date1904 };
}

function fileIssue(file: string, code: IssueCode, vi: string, en: string, severity: 'error' | 'warning' | 'info' = 'error', sheet?: string): Issue {
  return mkIssue({ severity, code, vi, en, file, sheet: sheet ?? null });
}

function problemText(problem: string): { vi: string; en: string } {
  if (problem === 'too large' || problem === 'element too large') {
    return {
      vi: problem === 'too large' ? 'lớn bất thường (tệp hỏng hoặc cố ý gây hại)' : 'có một phần tử dài bất thường (tệp hỏng hoặc cố ý gây hại)',
      en: problem === 'too large' ? 'it is abnormally large (a damaged or hostile file)' : 'it holds an abnormally long element (a damaged or hostile file)',
    };
  }
  if (problem === 'budget') {
    return {
      vi: 'không được đọc: cả tệp đã giải nén ra quá giới hạn dữ liệu của một tệp (mỗi phần được đọc đều tính, một phần đọc hai lần tính hai lần; tệp hỏng hoặc cố ý gây hại)',
      en: "was not read: the whole file already inflated past one file's data limit (every part read counts, a part read twice counts twice; a damaged or hostile file)",
    };
  }
  if (problem === 'CRC-32' || problem.startsWith('size ')) {
    return {
      vi: `bị hỏng: dữ liệu giải nén không khớp với mã kiểm tra ${problem === 'CRC-32' ? 'CRC-32' : 'kích thước'} ghi trong tệp zip, nên không dùng số liệu nào của phần này`,
      en: `is damaged: the inflated data does not match the ${problem === 'CRC-32' ? 'CRC-32 checksum' : 'size'} the zip records, so none of its figures is used`,
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

/**
 * Read every worksheet of an .xlsx/.xlsm file into Grids, as gridsFromXlsx does. `sniffed`: what sniffWorkbook
 * said of these bytes under these limits, when the caller has asked already. Never throws: problems are issues.
 */
export async function readXlsx(file: InputFile, limits?: Partial<ReadLimits>, sniffed?: SniffOk): Promise<{ grids: Grid[]; issues: Issue[] }> {
  const lim = resolveLimits(limits);
  const issues: Issue[] = [];
  try {
    const grids = await readWorkbook(file, lim, issues, sniffed);
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

async function readWorkbook(file: InputFile, lim: ReadLimits, issues: Issue[], sniffed?: SniffOk): Promise<Grid[]> {
  const pkg = openPackage(file, lim, issues, sniffed);
  if (!pkg) return [];
  const wb = await readWorkbookParts(pkg, issues);
  if (!wb) return [];
  const styles = await readStyles(pkg, wb.stylesPath, issues);
  const pending: PendingStrings = { rows: [], cols: [], idx: [], sheet: [] };
  const done = await scanSheets(pkg, wb, styles, lim, pending, issues);
  await fillSharedStrings(pkg, wb.sstPath, pending, done, issues);
  reportDamagedSheets(pkg.name, done, issues);
  return done.map(({ def, scanner }) => {
    const grid = finishGrid(pkg.name, def.name, scanner, lim, issues);
    if (def.state) grid.state = def.state;
    return grid;
  });
}

/** The zip's parts, looked up by name as Excel does (case, backslashes, %-escapes), and the issue of a damaged part. */
interface Package {
  name: string;
  data: Uint8Array;
  /** Inflated bytes the file may still use: every part read counts (a part read twice, twice). */
  budget: InflateBudget;
  part(p: string): ZipEntry | undefined;
  damaged(what: string, problem: string): Issue;
}

/** Sniff the bytes and index the zip's parts; null (with the issue) when it is not a workbook to read. */
function openPackage(file: InputFile, lim: ReadLimits, issues: Issue[], sniffed?: SniffOk): Package | null {
  const name = file.name;
  const data = file.data;
  const sniff = sniffed ?? sniffWorkbook(name, data, { maxCompressedBytes: lim.maxCompressedBytes, maxUncompressedBytes: lim.maxUncompressedBytes });
  if (!isSniffOk(sniff)) {
    issues.push(sniffIssue(name, sniff));
    return null;
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

  return { name, data, budget: { bytes: lim.maxUncompressedBytes }, part, damaged };
}

interface WorkbookParts {
  sheets: SheetDef[];
  date1904: boolean;
  wbDir: string;
  rels: Map<string, Rel>;
  stylesPath: string;
  sstPath: string;
}

/** The workbook part, its relationships, where its styles and shared strings are; null (with the issue) if unreadable. */
async function readWorkbookParts(pkg: Package, issues: Issue[]): Promise<WorkbookParts | null> {
  const { data, part, damaged, budget } = pkg;
  // The workbook part: the usual name, else where the package relationships say.
  let wbPath = 'xl/workbook.xml';
  const pkgRels = part(wbPath) ? undefined : part('_rels/.rels');
  if (pkgRels) {
    const r = await readWholePart(data, pkgRels, budget);
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
    return null;
  }
  const wb = await readWholePart(data, wbEntry, budget);
  if (wb.problem) {
    issues.push(damaged(wbPath, wb.problem));
    return null;
  }
  const { sheets, date1904 } = parseWorkbookXml(wb.text);
  const wbDir = wbPath.includes('/') ? wbPath.slice(0, wbPath.lastIndexOf('/')) : '';
  const relsPath = (wbDir ? wbDir + '/' : '') + '_rels/' + wbPath.slice(wbPath.lastIndexOf('/') + 1) + '.rels';
  const relsEntry = part(relsPath);
  let rels = new Map<string, Rel>();
  if (relsEntry) {
    const r = await readWholePart(data, relsEntry, budget);
    if (r.problem) {
      issues.push(damaged(relsPath, r.problem));
      return null;
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

  return { sheets, date1904, wbDir, rels, stylesPath, sstPath };
}

/** Styles: which style ids show dates and percentages (none when the part is missing or damaged). */
async function readStyles(pkg: Package, stylesPath: string, issues: Issue[]): Promise<StyleInfo> {
  const { name, data, part } = pkg;
  
  const stylesEntry = part(stylesPath);
  if (stylesEntry) {
    const r = await readWholePart(data, stylesEntry, pkg.budget);
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
      return parseStyles(r.text);
    }
  }
  return NO_STYLES;
}

/** The worksheets, in the workbook's order, scanned (strings left pending); other sheet kinds skipped with a note. */
async function scanSheets(pkg: Package, wb: WorkbookParts, styles: StyleInfo, lim: ReadLimits, pending: PendingStrings, issues: Issue[]): Promise<SheetResult[]> {
  const { name, data, part } = pkg;
  const { sheets, rels, wbDir, date1904 } = wb;
  const budget = { cells: MAX_CELLS, merges: MAX_MERGES };
  const done: SheetResult[] = [];
  /** Worksheet parts already read, and by which sheet: a valid workbook gives each sheet its own part. */
  const readParts = new Map<string, string>();
  let skippedOverCap = 0;
  for (const def of sheets) {
    if (done.length >= MAX_SHEETS) {
      skippedOverCap++;
      continue;
    }
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
    const key = partKey(entry.name);
    const first = readParts.get(key);
    if (first !== undefined) {
      issues.push(
        fileIssue(
          name,
          'unreadable_sheet',
          `Tệp '${name}', sheet '${def.name}': dùng chung nội dung (${entry.name}) với sheet '${first}', điều một sổ làm việc hợp lệ không bao giờ có; tệp bị hỏng hoặc bị sửa, bỏ qua sheet này.`,
          `File '${name}', sheet '${def.name}': shares its content (${entry.name}) with sheet '${first}', which a valid workbook never does; the file is damaged or tampered with, the sheet is skipped.`,
          'error',
          def.name,
        ),
      );
      continue;
    }
    readParts.set(key, def.name);
    const scanner = new SheetScanner(lim.maxRows, lim.maxCols, styles, date1904, pending, done.length, budget);
    let r: PartRead;
    try {
      r = await readPartText(data, entry, { text: (t) => scanner.push(t), skipTo: () => scanner.skipTo(), resumed: () => scanner.resumed() }, pkg.budget);
      scanner.finish();
    } catch (e) {
      r = { bytes: 0, overflow: false, stopped: false, error: e instanceof Error ? e.message : String(e) };
    }
    const problem = partProblem(r) ?? scanner.damaged ?? (scanner.ended ? null : 'truncated');
    // Bytes that are not what was written (CRC-32): nothing of the sheet is used, not even its first rows.
    if (problem === 'CRC-32' || problem?.startsWith('size ')) scanner.rows.length = 0;
    done.push({ def, scanner, problem });
  }
  if (skippedOverCap > 0) {
    issues.push(
      fileIssue(
        name,
        'sheets_skipped',
        `Tệp '${name}': có hơn ${MAX_SHEETS} sheet; chỉ đọc ${MAX_SHEETS} sheet đầu, bỏ qua ${skippedOverCap} sheet còn lại (một báo cáo xã không bao giờ có chừng ấy sheet: tệp hỏng hoặc cố ý gây hại).`,
        `File '${name}': has more than ${MAX_SHEETS} sheets; only the first ${MAX_SHEETS} were read, the other ${skippedOverCap} skipped (a commune report never has that many: a damaged or hostile file).`,
        'error',
      ),
    );
  }

  return done;
}

/** Shared strings: only those the kept cells use, put in their cells; a text cell whose string is missing is reported. */
async function fillSharedStrings(pkg: Package, sstPath: string, pending: PendingStrings, done: SheetResult[], issues: Issue[]): Promise<void> {
  const { name, data, part } = pkg;
  if (pending.idx.length === 0) return;
  const sstEntry = part(sstPath);
  let strings: (string | undefined)[] = [];
  let sstProblem: string | null = sstEntry ? null : 'missing';
  if (sstEntry) {
    let maxIdx = -1;
    for (const i of pending.idx) if (i > maxIdx) maxIdx = i;
    // A <si> is at least 9 characters: indices past that can't be in the part.
    const cap = Math.min(maxIdx + 1, Math.floor(sstEntry.uncompressedSize / 9) + 1);
    const want = new Uint8Array(Math.max(0, cap));
    for (const i of pending.idx) if (i >= 0 && i < cap) want[i] = 1;
    const sc = new SharedStringsScanner(want);
    const r = await readPartText(data, sstEntry, (t) => sc.push(t), pkg.budget);
    sstProblem = partProblem(r) ?? sc.damaged;
    // bytes that are not what was written: no string of the part is used
    strings = sstProblem === 'CRC-32' || sstProblem?.startsWith('size ') ? [] : sc.strings;
  }
  const missing = new Array<number>(done.length).fill(0);
  const { rows, cols, idx, sheet } = pending;
  for (let k = 0; k < idx.length; k++) {
    const str = idx[k] >= 0 ? strings[idx[k]] : undefined;
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

/** One error per sheet that could not be read to its end, saying how much was kept. */
function reportDamagedSheets(name: string, done: SheetResult[], issues: Issue[]): void {
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
  const ok = nonOverlapping(sc.rawMerges.map((m) => ({ r1: m.top, c1: m.left, r2: m.bottom, c2: m.right })));
  for (let i = 0; i < sc.rawMerges.length; i++) {
    if (ok[i]) kept.push(sc.rawMerges[i]);
    else dropped++;
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
  return finishedGrid(file, sheet, rows, merges, rowsCut ? maxRows : undefined, colsCut ? maxCols : undefined, issues);
}

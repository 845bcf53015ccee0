/**
 * What a file really is, from its bytes, before any spreadsheet library sees it.
 *
 * Communes send whatever they have: .xls from Excel 97-2003, .ods from LibreOffice, password-protected
 * workbooks, web pages and CSV saved under a .xlsx name, Word documents, truncated downloads, zip bombs.
 * sniffWorkbook says which, with a message (Vietnamese, English) naming the file and saying what to do.
 * Only .xlsx/.xlsm go on to the reader; for them it hands back the zip's entries (nothing inflated).
 * Pure function of bytes: no Node APIs.
 */
import type { Issue, IssueCode } from '../types';
import { mkIssue } from '../util/issues';
import { DEFAULT_ZIP_LIMITS, findEntry, inspectZip, isZipMagic, storedEntryBytes, type ZipEntry, type ZipLimits, type ZipProblem } from './zip';

export type SniffOkKind = 'xlsx' | 'xlsm';

export type SniffBadKind =
  | 'empty'
  | 'too_big'
  | 'xls'
  | 'xlsb'
  | 'ods'
  | 'encrypted'
  | 'html'
  | 'csv'
  | 'text'
  | 'xml_spreadsheet'
  | 'archive'
  | 'not_spreadsheet'
  | 'damaged'
  | 'zip_bomb';

export interface SniffProblem {
  /** Stable code: "file_" + kind ("file_xls", "file_damaged", …); "file_too_large" for too_big; "zip_bomb". */
  code: IssueCode;
  vi: string;
  en: string;
}

export interface SniffOk {
  kind: SniffOkKind;
  entries: ZipEntry[];
  /** The workbook carries a VBA project (xl/vbaProject.bin). It is never run: exceljs does not execute macros. */
  macros: boolean;
  /** Worksheet parts (xl/worksheets/*.xml), in archive order. */
  worksheets: ZipEntry[];
  /** Chart sheet parts (xl/chartsheets/*.xml): sheets with a chart and no cells. */
  chartsheets: ZipEntry[];
}

export interface SniffBad {
  kind: SniffBadKind;
  issue: SniffProblem;
}

export type SniffResult = SniffOk | SniffBad;

export function isSniffOk(r: SniffResult): r is SniffOk {
  return r.kind === 'xlsx' || r.kind === 'xlsm';
}

const SAVE_VI = 'Mở tệp bằng Excel hoặc LibreOffice và lưu lại dưới dạng .xlsx (Sổ làm việc Excel)';
const SAVE_EN = 'Open it in Excel or LibreOffice and save it as .xlsx (Excel Workbook)';
const REPAIR_VI = 'Hãy xin đơn vị gửi lại tệp, hoặc mở bằng Excel (Excel sẽ đề nghị sửa tệp) rồi lưu lại dưới dạng .xlsx.';
const REPAIR_EN = 'Ask the sender for the file again, or open it in Excel (which offers to repair it) and save it as .xlsx.';

function bad(kind: SniffBadKind, vi: string, en: string): SniffBad {
  return { kind, issue: { code: kind === 'zip_bomb' ? 'zip_bomb' : kind === 'too_big' ? 'file_too_large' : (`file_${kind}` as IssueCode), vi, en } };
}

function mb(n: number): string {
  return (n / (1024 * 1024)).toLocaleString('en-US', { maximumFractionDigits: 1 }) + ' MB';
}

/** Say what a file is. Never throws. */
export function sniffWorkbook(name: string, data: Uint8Array, limits?: Partial<ZipLimits>): SniffResult {
  try {
    return sniff(name, data, { ...DEFAULT_ZIP_LIMITS, ...defined(limits ?? {}) });
  } catch (err) {
    // A bug here must not stop the run: report the file as unreadable.
    const msg = err instanceof Error ? err.message : String(err);
    return bad(
      'damaged',
      `Tệp '${name}': không nhận ra được loại tệp (${msg}). ${SAVE_VI}.`,
      `File '${name}': its type could not be recognised (${msg}). ${SAVE_EN}.`,
    );
  }
}

function sniff(name: string, data: Uint8Array, limits: Required<ZipLimits>): SniffResult {
  const q = `'${name}'`;
  if (data.length === 0) {
    return bad('empty', `Tệp ${q} trống (0 byte). Hãy xin đơn vị gửi lại tệp.`, `File ${q} is empty (0 bytes). Ask the sender for the file again.`);
  }
  if (data.length > limits.maxCompressedBytes) {
    return bad(
      'too_big',
      `Tệp ${q} nặng ${mb(data.length)}, quá giới hạn ${mb(limits.maxCompressedBytes)} của một báo cáo xã: không đọc. Hãy kiểm tra đúng tệp chưa, hoặc xóa các sheet, hình ảnh không cần rồi lưu lại.`,
      `File ${q} is ${mb(data.length)}, over the ${mb(limits.maxCompressedBytes)} limit for a commune report: not read. Check it is the right file, or delete unneeded sheets and pictures and save it again.`,
    );
  }
  if (isOle2(data)) return sniffOle2(name, data);
  if (isZipMagic(data)) return sniffZip(name, data, limits);
  const other = sniffOtherMagic(name, data);
  if (other) return other;
  const text = sniffText(name, data);
  if (text) return text;
  // A zip with something glued in front (e.g. a self-extracting archive) is not a workbook either.
  return bad(
    'not_spreadsheet',
    `Tệp ${q} không phải là sổ làm việc Excel (nội dung không thuộc loại tệp bảng tính nào). ${SAVE_VI}, hoặc xin đơn vị gửi lại đúng tệp.`,
    `File ${q} is not an Excel workbook (its content is no known spreadsheet format). ${SAVE_EN}, or ask the sender for the right file.`,
  );
}

// ───────────────────────────── zip: xlsx, xlsm, xlsb, ods, docx, … ─────────────────────────────

const ODF_KINDS: Record<string, { vi: string; en: string }> = {
  'application/vnd.oasis.opendocument.text': { vi: 'văn bản OpenDocument (.odt, LibreOffice Writer)', en: 'an OpenDocument text (.odt, LibreOffice Writer)' },
  'application/vnd.oasis.opendocument.presentation': { vi: 'bản trình chiếu OpenDocument (.odp)', en: 'an OpenDocument presentation (.odp)' },
  'application/vnd.oasis.opendocument.graphics': { vi: 'bản vẽ OpenDocument (.odg)', en: 'an OpenDocument drawing (.odg)' },
};

/** A zip that inspectZip refused: a zip bomb, too big, or damaged. */
function zipProblem(q: string, z: ZipProblem): SniffBad {
  if (z.code === 'zip_bomb' || z.code === 'zip_overlap') {
    return bad(
      'zip_bomb',
      `Tệp ${q} bị từ chối: ${z.vi}. Một báo cáo xã không bao giờ lớn như vậy; hãy kiểm tra nguồn gửi tệp.`,
      `File ${q} was refused: ${z.en}. A commune report is never this large; check where the file came from.`,
    );
  }
  if (z.code === 'zip_too_big') {
    return bad('too_big', `Tệp ${q} bị từ chối: ${z.vi}.`, `File ${q} was refused: ${z.en}.`);
  }
  return bad(
    'damaged',
    `Tệp ${q} bị hỏng: ${z.vi}. ${REPAIR_VI}`,
    `File ${q} is damaged: ${z.en}. ${REPAIR_EN}`,
  );
}

/** OpenDocument: a "mimetype" entry, stored first, holding the document type. */
function sniffOpenDocument(name: string, q: string, data: Uint8Array, entries: ZipEntry[]): SniffBad | null {
  const mimeEntry = findEntry(entries, 'mimetype');
  if (!mimeEntry) return null;
  const raw = storedEntryBytes(data, mimeEntry);
  const mime = raw && raw.length < 200 ? new TextDecoder().decode(raw).trim() : '';
  const isOds = mime === 'application/vnd.oasis.opendocument.spreadsheet' || mime === 'application/vnd.oasis.opendocument.spreadsheet-template' || (!mime && /\.ots?$|\.ods$/i.test(name));
  if (isOds) {
    return bad(
      'ods',
      `Tệp ${q} là bảng tính OpenDocument (.ods, LibreOffice Calc), không phải .xlsx. ${SAVE_VI}: trong LibreOffice chọn Tệp > Lưu thành, kiểu "Excel 2007-365 (.xlsx)".`,
      `File ${q} is an OpenDocument spreadsheet (.ods, LibreOffice Calc), not .xlsx. ${SAVE_EN}: in LibreOffice choose File > Save As, type "Excel 2007-365 (.xlsx)".`,
    );
  }
  const odf = ODF_KINDS[mime];
  if (odf || mime.startsWith('application/vnd.oasis.opendocument.')) {
    const what = odf ?? { vi: 'tài liệu OpenDocument', en: 'an OpenDocument file' };
    return bad(
      'not_spreadsheet',
      `Tệp ${q} là ${what.vi}, không phải bảng tính. Hãy xin đơn vị gửi lại báo cáo dạng .xlsx.`,
      `File ${q} is ${what.en}, not a spreadsheet. Ask the sender for the report as .xlsx.`,
    );
  }
  return null;
}

/** An Office Open XML package: .xlsx/.xlsm (read), .xlsb, .docx, .pptx, a damaged workbook; null when it is none. */
function sniffOoxml(name: string, q: string, entries: ZipEntry[], files: ZipEntry[]): SniffResult | null {
  const has = (n: string) => findEntry(entries, n) !== undefined;
  const contentTypes = has('[Content_Types].xml');
  if (!contentTypes && !has('_rels/.rels')) return null;
  if (has('xl/workbook.xml')) {
    if (!has('xl/_rels/workbook.xml.rels')) {
      return bad(
        'damaged',
        `Tệp ${q} bị hỏng: thiếu phần xl/_rels/workbook.xml.rels (nơi ghi các sheet của sổ làm việc). ${REPAIR_VI}`,
        `File ${q} is damaged: the part xl/_rels/workbook.xml.rels (which lists the workbook's sheets) is missing. ${REPAIR_EN}`,
      );
    }
    const macros = has('xl/vbaProject.bin');
    const kind: SniffOkKind = macros || /\.xlsm$/i.test(name) ? 'xlsm' : 'xlsx';
    const worksheets = files.filter((e) => /^\/?xl\/worksheets\/[^/]+\.xml$/i.test(e.name));
    const chartsheets = files.filter((e) => /^\/?xl\/chartsheets\/[^/]+\.xml$/i.test(e.name));
    return { kind, entries, macros, worksheets, chartsheets };
  }
  if (has('xl/workbook.bin')) {
    return bad(
      'xlsb',
      `Tệp ${q} là sổ làm việc nhị phân Excel (.xlsb), chưa đọc được. ${SAVE_VI}.`,
      `File ${q} is an Excel Binary Workbook (.xlsb), which cannot be read. ${SAVE_EN}.`,
    );
  }
  if (has('word/document.xml')) {
    return bad(
      'not_spreadsheet',
      `Tệp ${q} là văn bản Word (.docx), không phải bảng tính Excel. Hãy xin đơn vị gửi lại báo cáo dạng .xlsx, hoặc chép bảng sang Excel và lưu dưới dạng .xlsx.`,
      `File ${q} is a Word document (.docx), not an Excel workbook. Ask the sender for the report as .xlsx, or copy the table into Excel and save it as .xlsx.`,
    );
  }
  if (has('ppt/presentation.xml')) {
    return bad(
      'not_spreadsheet',
      `Tệp ${q} là bản trình chiếu PowerPoint (.pptx), không phải bảng tính Excel. Hãy xin đơn vị gửi lại báo cáo dạng .xlsx.`,
      `File ${q} is a PowerPoint presentation (.pptx), not an Excel workbook. Ask the sender for the report as .xlsx.`,
    );
  }
  if (files.some((e) => /^\/?xl\//i.test(e.name))) {
    return bad(
      'damaged',
      `Tệp ${q} bị hỏng: thiếu phần xl/workbook.xml của sổ làm việc. ${REPAIR_VI}`,
      `File ${q} is damaged: the workbook part xl/workbook.xml is missing. ${REPAIR_EN}`,
    );
  }
  return bad(
    'not_spreadsheet',
    `Tệp ${q} là một tài liệu Office nhưng không phải sổ làm việc Excel. Hãy xin đơn vị gửi lại báo cáo dạng .xlsx.`,
    `File ${q} is an Office document but not an Excel workbook. Ask the sender for the report as .xlsx.`,
  );
}

function sniffZip(name: string, data: Uint8Array, limits: Required<ZipLimits>): SniffResult {
  const q = `'${name}'`;
  const z = inspectZip(data, limits);
  if (!z.ok) return zipProblem(q, z);
  const entries = z.entries;
  const files = entries.filter((e) => !e.dir);
  if (files.length === 0) {
    return bad(
      'not_spreadsheet',
      `Tệp ${q} là một tệp nén zip rỗng, không phải sổ làm việc Excel. Hãy xin đơn vị gửi lại đúng tệp.`,
      `File ${q} is an empty zip archive, not an Excel workbook. Ask the sender for the right file.`,
    );
  }
  if (files.some((e) => e.encrypted)) {
    return bad(
      'encrypted',
      `Tệp ${q} được nén kèm mật khẩu nên không đọc được. Hãy giải nén bằng mật khẩu, hoặc xin đơn vị gửi lại tệp .xlsx không đặt mật khẩu.`,
      `File ${q} is a password-protected zip and cannot be read. Extract it with its password, or ask the sender for the .xlsx without a password.`,
    );
  }

  const result = sniffOpenDocument(name, q, data, entries) ?? sniffOoxml(name, q, entries, files);
  if (result) return result;

  const inner = files.filter((e) => /\.(xlsx|xlsm|xls|ods|csv)$/i.test(e.name));
  if (inner.length > 0) {
    const list = inner.slice(0, 3).map((e) => e.name.split('/').pop()).join(', ') + (inner.length > 3 ? ', …' : '');
    return bad(
      'archive',
      `Tệp ${q} là một tệp nén zip chứa ${inner.length} tệp bảng tính (${list}), không phải một sổ làm việc. Hãy giải nén rồi chọn các tệp bên trong.`,
      `File ${q} is a zip archive holding ${inner.length} spreadsheet file(s) (${list}), not a workbook. Extract it and choose the files inside.`,
    );
  }
  return bad(
    'not_spreadsheet',
    `Tệp ${q} là một tệp nén zip, không phải sổ làm việc Excel. Hãy giải nén, hoặc xin đơn vị gửi lại báo cáo dạng .xlsx.`,
    `File ${q} is a zip archive, not an Excel workbook. Extract it, or ask the sender for the report as .xlsx.`,
  );
}

// ───────────────────────────── OLE2 compound files: .xls, encrypted OOXML, .doc ─────────────────────────────

const OLE2_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function isOle2(data: Uint8Array): boolean {
  if (data.length < 8) return false;
  for (let i = 0; i < 8; i++) if (data[i] !== OLE2_MAGIC[i]) return false;
  return true;
}

interface CfbStream {
  name: string;
  type: number;
  start: number;
  size: number;
}

const ENDOFCHAIN = 0xfffffffe;

/**
 * The directory of a compound file (MS-CFB): the names of its streams. Follows the FAT with a step cap,
 * so a looping or truncated file ends the walk instead of hanging. Returns null when the header is unusable.
 */
export function cfbDirectory(data: Uint8Array): { streams: CfbStream[]; sectorSize: number; fat: number[]; miniCutoff: number } | null {
  if (data.length < 512) return null;
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const shift = dv.getUint16(0x1e, true);
  if (shift !== 9 && shift !== 12) return null;
  const sectorSize = 1 << shift;
  const nSectors = Math.floor((data.length - sectorSize) / sectorSize) + 1;
  const sectorOffset = (s: number) => (s + 1) * sectorSize;
  const numFat = dv.getUint32(0x2c, true);
  const firstDir = dv.getUint32(0x30, true);
  const miniCutoff = dv.getUint32(0x38, true);
  let difatSector = dv.getUint32(0x44, true);
  // FAT sector numbers: 109 in the header, then the DIFAT chain.
  const fatSectors: number[] = [];
  for (let i = 0; i < 109 && fatSectors.length < numFat; i++) fatSectors.push(dv.getUint32(0x4c + i * 4, true));
  let guard = 0;
  while (fatSectors.length < numFat && difatSector < nSectors && guard++ < nSectors) {
    const off = sectorOffset(difatSector);
    if (off + sectorSize > data.length) break;
    const per = sectorSize / 4 - 1;
    for (let i = 0; i < per && fatSectors.length < numFat; i++) fatSectors.push(dv.getUint32(off + i * 4, true));
    difatSector = dv.getUint32(off + per * 4, true);
  }
  const fat: number[] = [];
  for (const s of fatSectors) {
    if (s >= nSectors) break;
    const off = sectorOffset(s);
    if (off + sectorSize > data.length) break;
    for (let i = 0; i < sectorSize / 4; i++) fat.push(dv.getUint32(off + i * 4, true));
  }
  const streams: CfbStream[] = [];
  let s = firstDir;
  guard = 0;
  while (s !== ENDOFCHAIN && s < nSectors && guard++ < nSectors) {
    const off = sectorOffset(s);
    if (off + sectorSize > data.length) break;
    for (let e = off; e + 128 <= off + sectorSize; e += 128) {
      const len = dv.getUint16(e + 0x40, true);
      const type = data[e + 0x42];
      if (type === 0 || len < 2 || len > 64) continue;
      let name = '';
      for (let i = 0; i + 2 < len; i += 2) name += String.fromCharCode(dv.getUint16(e + i, true));
      streams.push({ name, type, start: dv.getUint32(e + 0x74, true), size: dv.getUint32(e + 0x78, true) });
    }
    s = s < fat.length ? fat[s] : ENDOFCHAIN;
  }
  return { streams, sectorSize, fat, miniCutoff };
}

/** Look for a stream name written in UTF-16LE anywhere in the file (fallback when the directory is unreadable). */
function hasUtf16(data: Uint8Array, name: string): boolean {
  const n = name.length;
  outer: for (let i = 0; i + n * 2 <= data.length; i++) {
    for (let k = 0; k < n; k++) {
      if (data[i + k * 2] !== name.charCodeAt(k) || data[i + k * 2 + 1] !== 0) continue outer;
    }
    return true;
  }
  return false;
}

/** The first BIFF records of a .xls "Workbook" stream hold FILEPASS (0x002F) when the file is password-protected. */
function xlsHasFilePass(data: Uint8Array, dir: NonNullable<ReturnType<typeof cfbDirectory>>, wb: CfbStream): boolean {
  if (wb.size < dir.miniCutoff) return false; // in the mini stream: small workbooks; not worth following
  const off = (wb.start + 1) * dir.sectorSize;
  if (off + 64 > data.length) return false;
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let p = off;
  for (let i = 0; i < 4 && p + 4 <= off + dir.sectorSize; i++) {
    const type = dv.getUint16(p, true);
    const len = dv.getUint16(p + 2, true);
    if (type === 0x002f) return true;
    p += 4 + len;
  }
  return false;
}

function sniffOle2(name: string, data: Uint8Array): SniffBad {
  const q = `'${name}'`;
  const dir = cfbDirectory(data);
  const names = new Set((dir?.streams ?? []).map((s) => s.name));
  const has = (n: string) => names.has(n) || (names.size === 0 && hasUtf16(data, n));
  if (has('EncryptedPackage') || has('EncryptionInfo')) {
    return bad(
      'encrypted',
      `Tệp ${q} được đặt mật khẩu (mã hóa) nên không đọc được. Hãy mở tệp bằng Excel với mật khẩu, bỏ mật khẩu (Tệp > Thông tin > Bảo vệ sổ làm việc > Mã hóa bằng mật khẩu, xóa mật khẩu) rồi lưu lại dưới dạng .xlsx; hoặc xin đơn vị gửi lại tệp không đặt mật khẩu.`,
      `File ${q} is password-protected (encrypted) and cannot be read. Open it in Excel with its password, remove the password (File > Info > Protect Workbook > Encrypt with Password, clear it) and save it as .xlsx; or ask the sender for a copy without a password.`,
    );
  }
  const wb = dir?.streams.find((s) => s.name === 'Workbook' || s.name === 'Book');
  // A compound file too short to hold a directory, named .xls: an .xls cut short, most likely.
  const xlsName = !dir && /\.xl[st]$/i.test(name);
  if (wb || has('Workbook') || has('Book') || xlsName) {
    const locked = wb && dir ? xlsHasFilePass(data, dir, wb) : false;
    return bad(
      locked ? 'encrypted' : 'xls',
      locked
        ? `Tệp ${q} là sổ làm việc Excel 97-2003 (.xls) có đặt mật khẩu. Hãy mở bằng Excel với mật khẩu, bỏ mật khẩu rồi lưu lại dưới dạng .xlsx (Sổ làm việc Excel).`
        : `Tệp ${q} là sổ làm việc Excel 97-2003 (.xls), định dạng cũ chưa đọc được. ${SAVE_VI}: chọn Tệp > Lưu thành, kiểu "Sổ làm việc Excel (*.xlsx)".`,
      locked
        ? `File ${q} is a password-protected Excel 97-2003 workbook (.xls). Open it in Excel with its password, remove the password and save it as .xlsx (Excel Workbook).`
        : `File ${q} is an Excel 97-2003 workbook (.xls), an old format that cannot be read. ${SAVE_EN}: choose File > Save As, type "Excel Workbook (*.xlsx)".`,
    );
  }
  if (has('WordDocument')) {
    return bad(
      'not_spreadsheet',
      `Tệp ${q} là văn bản Word 97-2003 (.doc), không phải bảng tính Excel. Hãy xin đơn vị gửi lại báo cáo dạng .xlsx, hoặc chép bảng sang Excel và lưu dưới dạng .xlsx.`,
      `File ${q} is a Word 97-2003 document (.doc), not an Excel workbook. Ask the sender for the report as .xlsx, or copy the table into Excel and save it as .xlsx.`,
    );
  }
  if (has('PowerPoint Document')) {
    return bad(
      'not_spreadsheet',
      `Tệp ${q} là bản trình chiếu PowerPoint 97-2003 (.ppt), không phải bảng tính Excel. Hãy xin đơn vị gửi lại báo cáo dạng .xlsx.`,
      `File ${q} is a PowerPoint 97-2003 presentation (.ppt), not an Excel workbook. Ask the sender for the report as .xlsx.`,
    );
  }
  if (!dir) {
    return bad(
      'damaged',
      `Tệp ${q} là tệp Office định dạng cũ (OLE2, như Excel 97-2003 .xls) nhưng bị hỏng hoặc cắt cụt. Hãy xin đơn vị gửi lại tệp, lưu dưới dạng .xlsx (Sổ làm việc Excel).`,
      `File ${q} is an old-format Office file (OLE2, such as Excel 97-2003 .xls) but damaged or truncated. Ask the sender for the file again, saved as .xlsx (Excel Workbook).`,
    );
  }
  return bad(
    'not_spreadsheet',
    `Tệp ${q} là tệp Office định dạng cũ (OLE2) nhưng không phải sổ làm việc Excel. Hãy xin đơn vị gửi lại báo cáo dạng .xlsx.`,
    `File ${q} is an old-format Office file (OLE2) but not an Excel workbook. Ask the sender for the report as .xlsx.`,
  );
}

// ───────────────────────────── other binary formats ─────────────────────────────

function startsWith(data: Uint8Array, bytes: number[], at = 0): boolean {
  if (data.length < at + bytes.length) return false;
  for (let i = 0; i < bytes.length; i++) if (data[at + i] !== bytes[i]) return false;
  return true;
}

function sniffOtherMagic(name: string, data: Uint8Array): SniffBad | null {
  const q = `'${name}'`;
  const notSheet = (vi: string, en: string, todoVi = 'Hãy xin đơn vị gửi lại báo cáo dạng .xlsx.', todoEn = 'Ask the sender for the report as .xlsx.') =>
    bad('not_spreadsheet', `Tệp ${q} là ${vi}, không phải bảng tính Excel. ${todoVi}`, `File ${q} is ${en}, not an Excel workbook. ${todoEn}`);
  if (startsWith(data, [0x25, 0x50, 0x44, 0x46, 0x2d])) return notSheet('tài liệu PDF', 'a PDF document', 'Hãy xin đơn vị gửi lại tệp Excel (.xlsx) gốc thay cho bản PDF.', 'Ask the sender for the original Excel file (.xlsx) instead of the PDF.');
  if (startsWith(data, [0x89, 0x50, 0x4e, 0x47]) || startsWith(data, [0xff, 0xd8, 0xff]) || startsWith(data, [0x47, 0x49, 0x46, 0x38]) || startsWith(data, [0x42, 0x4d]) && data.length > 14 && data[6] === 0 && data[7] === 0) {
    return notSheet('một hình ảnh', 'an image', 'Hãy xin đơn vị gửi lại tệp Excel (.xlsx) thay cho ảnh chụp.', 'Ask the sender for the Excel file (.xlsx) instead of a picture.');
  }
  if (startsWith(data, [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07]) || startsWith(data, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]) || startsWith(data, [0x1f, 0x8b])) {
    return bad(
      'archive',
      `Tệp ${q} là một tệp nén (RAR, 7z hoặc gzip), không phải sổ làm việc. Hãy giải nén rồi chọn các tệp bên trong.`,
      `File ${q} is a compressed archive (RAR, 7z or gzip), not a workbook. Extract it and choose the files inside.`,
    );
  }
  if (startsWith(data, [0x7b, 0x5c, 0x72, 0x74, 0x66])) return notSheet('văn bản RTF', 'an RTF document');
  if (startsWith(data, [0x4d, 0x5a])) return notSheet('một chương trình (.exe)', 'a program (.exe)', 'Không mở tệp này; hãy xin đơn vị gửi lại báo cáo dạng .xlsx.', 'Do not open it; ask the sender for the report as .xlsx.');
  // A zip with bytes in front of it (self-extracting archive, or a download with a header glued on).
  return null;
}

// ───────────────────────────── text: HTML, CSV, XML Spreadsheet 2003 ─────────────────────────────

function decodeHead(data: Uint8Array): string | null {
  const head = data.subarray(0, 8192);
  // UTF-16 with a byte-order mark.
  if (startsWith(head, [0xff, 0xfe])) return new TextDecoder('utf-16le').decode(head.subarray(2));
  if (startsWith(head, [0xfe, 0xff])) return new TextDecoder('utf-16be').decode(head.subarray(2));
  let zeros = 0;
  let control = 0;
  for (const b of head) {
    if (b === 0) zeros++;
    else if (b < 0x20 && b !== 9 && b !== 10 && b !== 13 && b !== 12) control++;
  }
  // UTF-16LE without a BOM: every other byte zero.
  if (zeros > head.length / 3 && head.length >= 4 && head[1] === 0 && head[3] === 0) {
    return new TextDecoder('utf-16le').decode(head);
  }
  if (zeros > 0 || control > head.length / 100 + 1) return null;
  // Valid UTF-8 (a multi-byte character cut at the end of the window is allowed), or a legacy 8-bit
  // code page (TCVN3/VNI files are mostly ASCII with bytes ≥ 0x80): accept when mostly printable ASCII.
  const cut = head.length === data.length ? head : head.subarray(0, Math.max(0, head.length - 4));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(cut);
  } catch {
    let ascii = 0;
    for (const b of head) if (b >= 0x20 && b < 0x7f) ascii++;
    return ascii > head.length * 0.7 ? new TextDecoder('latin1').decode(head) : null;
  }
}

function sniffText(name: string, data: Uint8Array): SniffBad | null {
  const q = `'${name}'`;
  const text = decodeHead(data);
  if (text === null) return null;
  const t = text.replace(/^\uFEFF/, '').trimStart();
  const lower = t.slice(0, 4096).toLowerCase();
  if (/^<\?xml/.test(lower) && /urn:schemas-microsoft-com:office:spreadsheet|<workbook[\s>]/.test(lower)) {
    return bad(
      'xml_spreadsheet',
      `Tệp ${q} là "Bảng tính XML 2003" (XML Spreadsheet), không phải .xlsx. ${SAVE_VI}.`,
      `File ${q} is an "XML Spreadsheet 2003" file, not .xlsx. ${SAVE_EN}.`,
    );
  }
  if (/^<(!doctype\s+html|html|head|body|meta|table|style|div|!--)/.test(lower) || /<html[\s>]|<table[\s>]/.test(lower)) {
    return bad(
      'html',
      `Tệp ${q} thực ra là một trang web (HTML) được đặt tên như tệp Excel (thường do phần mềm xuất báo cáo tạo ra), không phải sổ làm việc .xlsx. ${SAVE_VI}.`,
      `File ${q} is really a web page (HTML) given an Excel name (report software often does this), not an .xlsx workbook. ${SAVE_EN}.`,
    );
  }
  const lines = t.split(/\r\n|\n|\r/).filter((l) => l.trim() !== '').slice(0, 20);
  if (lines.length >= 2) {
    for (const sep of [',', ';', '\t', '|']) {
      const counts = lines.map((l) => l.split(sep).length - 1);
      const first = counts[0];
      const same = counts.filter((c) => c === first).length;
      if (first >= 1 && same >= Math.ceil(lines.length * 0.6)) {
        return bad(
          'csv',
          `Tệp ${q} là tệp văn bản dạng bảng (CSV, các cột cách nhau bằng dấu "${sep === '\t' ? 'Tab' : sep}"), không phải sổ làm việc .xlsx. ${SAVE_VI}.`,
          `File ${q} is a delimited text file (CSV, columns separated by "${sep === '\t' ? 'Tab' : sep}"), not an .xlsx workbook. ${SAVE_EN}.`,
        );
      }
    }
  }
  return bad(
    'text',
    `Tệp ${q} là tệp văn bản thuần, không phải sổ làm việc Excel. Hãy xin đơn vị gửi lại báo cáo dạng .xlsx.`,
    `File ${q} is a plain text file, not an Excel workbook. Ask the sender for the report as .xlsx.`,
  );
}

// ───────────────────────────── issues ─────────────────────────────

/** The Issue for a file that sniffWorkbook refused (severity error, naming the file). */
export function sniffIssue(name: string, r: SniffBad): Issue {
  return mkIssue({ severity: 'error', code: r.issue.code, vi: r.issue.vi, en: r.issue.en, file: name });
}

/** The note for a workbook with macros: values are read, macros are never run. */
export function macrosIgnoredIssue(name: string): Issue {
  return mkIssue({
    severity: 'info',
    code: 'macros_ignored',
    vi: `Tệp '${name}' có macro (VBA): chỉ đọc giá trị trong các ô, macro không bao giờ được chạy.`,
    en: `File '${name}' contains macros (VBA): only cell values are read; macros are never run.`,
    file: name,
  });
}

function defined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

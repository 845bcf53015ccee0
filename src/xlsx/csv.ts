/**
 * .csv (and tab-separated .txt) → Grid, without SheetJS: the text is decoded and split here, and every
 * field reaches the Grid as the string typed. The reader after the Grid parses Vietnamese and English
 * number texts itself ("1.227" = 1227, "54,5" = 54.5): a CSV reader that guessed numbers would read
 * "1.227" as 1.227.
 *
 *   - encoding: a byte-order mark (UTF-8, UTF-16LE/BE) wins; else valid UTF-8 is UTF-8; else Windows-1258
 *     (the Windows Vietnamese code page, which writes most tone marks as combining characters: the text is
 *     NFC-normalised, so "ổ" is one character as in every other file);
 *   - delimiter: comma, semicolon or tab, whichever splits the first records into the same number of
 *     fields most consistently (quotes respected);
 *   - a field that is exactly an error literal ("#DIV/0!", "#N/A", …) was an error cell where the file was
 *     saved: it becomes one (`error`, v null), as in the workbook it came from;
 *   - fields: RFC 4180 — "quoted" fields may hold delimiters, line breaks and doubled "" quotes; CRLF, LF
 *     or CR end a record. A stray quote inside an unquoted field is kept as a character.
 * Bounded like the .xlsx reader: rows past maxRows and columns past maxCols are cut ('truncated_sheet').
 * Pure TypeScript (TextDecoder only): Node and browsers / Web Workers. Never throws.
 */
import type { Grid, GridCell, InputFile, Issue } from '../types';
import { truncatedSheetIssue, type ReadLimits } from './limits';
import { mkIssue } from '../util/issues';

export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1258';
export type CsvDelimiter = ',' | ';' | '\t';

/** Decide the text's encoding and decode it (NFC for Windows-1258). */
export function decodeCsvBytes(data: Uint8Array): { text: string; encoding: CsvEncoding } {
  if (data.length >= 3 && data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(data.subarray(3)), encoding: 'utf-8-bom' };
  }
  if (data.length >= 2 && data[0] === 0xff && data[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(data.subarray(2)), encoding: 'utf-16le' };
  if (data.length >= 2 && data[0] === 0xfe && data[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(data.subarray(2)), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(data), encoding: 'utf-8' };
  } catch {
    return { text: decode1258(data).normalize('NFC'), encoding: 'windows-1258' };
  }
}

/** Windows-1258 → text (combining tone marks as they are; the caller normalises). */
export function decode1258(data: Uint8Array): string {
  try {
    return new TextDecoder('windows-1258').decode(data);
  } catch {
    // A runtime without the legacy encodings (small-ICU builds): the code page's own table.
    let s = '';
    for (let i = 0; i < data.length; i++) {
      const b = data[i];
      s += b < 0x80 ? String.fromCharCode(b) : CP1258_HIGH[b - 0x80];
    }
    return s;
  }
}

/** Windows-1258, bytes 0x80–0xFF (WHATWG Encoding Standard's index; undefined bytes map to U+FFFD). */
const CP1258_HIGH =
  '\u20AC\uFFFD\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\uFFFD\u2039\u0152\uFFFD\uFFFD\uFFFD' +
  '\uFFFD\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\uFFFD\u203A\u0153\uFFFD\uFFFD\u0178' +
  '\u00A0\u00A1\u00A2\u00A3\u00A4\u00A5\u00A6\u00A7\u00A8\u00A9\u00AA\u00AB\u00AC\u00AD\u00AE\u00AF' +
  '\u00B0\u00B1\u00B2\u00B3\u00B4\u00B5\u00B6\u00B7\u00B8\u00B9\u00BA\u00BB\u00BC\u00BD\u00BE\u00BF' +
  '\u00C0\u00C1\u00C2\u0102\u00C4\u00C5\u00C6\u00C7\u00C8\u00C9\u00CA\u00CB\u0300\u00CD\u00CE\u00CF' +
  '\u0110\u00D1\u0309\u00D3\u00D4\u01A0\u00D6\u00D7\u00D8\u00D9\u00DA\u00DB\u00DC\u01AF\u0303\u00DF' +
  '\u00E0\u00E1\u00E2\u0103\u00E4\u00E5\u00E6\u00E7\u00E8\u00E9\u00EA\u00EB\u0301\u00ED\u00EE\u00EF' +
  '\u0111\u00F1\u0323\u00F3\u00F4\u01A1\u00F6\u00F7\u00F8\u00F9\u00FA\u00FB\u00FC\u01B0\u20AB\u00FF';

/**
 * Split CSV text into records of fields (RFC 4180 quoting). `maxRecords`: stop after that many records
 * (more: `more` is true when a non-empty record follows).
 */
export function parseCsv(text: string, delimiter: string, maxRecords = Infinity): { records: string[][]; more: boolean } {
  const records: string[][] = [];
  const n = text.length;
  const d = delimiter.charCodeAt(0);
  let i = 0;
  while (i < n) {
    const rec: string[] = [];
    for (;;) {
      let field = '';
      if (text.charCodeAt(i) === 34) {
        // quoted: up to the closing quote; "" is one quote; an unclosed quote runs to the end of the text
        let j = i + 1;
        for (;;) {
          const k = text.indexOf('"', j);
          if (k < 0) {
            field += text.slice(j);
            j = n;
            break;
          }
          field += text.slice(j, k);
          if (text.charCodeAt(k + 1) === 34) {
            field += '"';
            j = k + 2;
            continue;
          }
          j = k + 1;
          break;
        }
        i = j;
      }
      // unquoted text (or what follows a closing quote, kept as spreadsheets do) up to the delimiter / line end
      let j = i;
      while (j < n) {
        const e = text.charCodeAt(j);
        if (e === d || e === 10 || e === 13) break;
        j++;
      }
      if (j > i) field += text.slice(i, j);
      i = j;
      rec.push(field);
      if (i < n && text.charCodeAt(i) === d) {
        i++;
        continue;
      }
      if (i < n) {
        if (text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) === 10) i++;
        i++;
      }
      break;
    }
    records.push(rec);
    if (records.length >= maxRecords) return { records, more: hasContent(text, i) };
  }
  return { records, more: false };
}

function hasContent(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 10 && c !== 13 && c !== 32 && c !== 9 && c !== 44 && c !== 59) return true;
  }
  return false;
}

/** A field that is exactly a spreadsheet error was an error cell where the CSV was saved. */
const ERROR_TEXTS = new Set(['#NULL!', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#N/A', '#GETTING_DATA']);

const DELIMITERS: CsvDelimiter[] = [',', ';', '\t'];

/**
 * The delimiter that splits the first records most consistently: for each candidate, the most common field
 * count (above 1) and how many non-blank records have it; the candidate with most such records wins, then
 * the one with more fields. None splits anything: comma (one column).
 */
export function detectDelimiter(text: string): CsvDelimiter {
  const sample = text.length > 65536 ? text.slice(0, 65536) : text;
  let best: { d: CsvDelimiter; agree: number; fields: number } | null = null;
  for (const d of DELIMITERS) {
    const { records } = parseCsv(sample, d, 60);
    const counts = new Map<number, number>();
    for (const r of records) {
      if (r.length === 1 && r[0].trim() === '') continue;
      counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
    }
    let mode = 0;
    let agree = 0;
    for (const [len, k] of counts) if (len > 1 && (k > agree || (k === agree && len > mode))) [mode, agree] = [len, k];
    if (mode > 1 && (!best || agree > best.agree || (agree === best.agree && mode > best.fields))) best = { d, agree, fields: mode };
  }
  return best ? best.d : ',';
}

const DELIM_NAME: Record<CsvDelimiter, { vi: string; en: string }> = {
  ',': { vi: 'dấu phẩy', en: 'commas' },
  ';': { vi: 'dấu chấm phẩy', en: 'semicolons' },
  '\t': { vi: 'dấu Tab', en: 'tabs' },
};

const ENC_NAME: Record<CsvEncoding, string> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8 (BOM)',
  'utf-16le': 'UTF-16',
  'utf-16be': 'UTF-16',
  'windows-1258': 'Windows-1258',
};

export interface CsvReadOptions {
  /** The file's name says it is something else (.xlsx): read as CSV with a warning saying so. */
  misnamed?: boolean;
}

/** One CSV file → one Grid (sheet named after the file), fields as text. Never throws. */
export function gridsFromCsv(file: InputFile, lim: ReadLimits, opts: CsvReadOptions = {}): { grids: Grid[]; issues: Issue[] } {
  const name = file.name;
  const issues: Issue[] = [];
  try {
    const { text, encoding } = decodeCsvBytes(file.data);
    const delimiter = detectDelimiter(text);
    const { records, more } = parseCsv(text, delimiter, lim.maxRows);
    const sheet = name.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '') || name;
    const rows: GridCell[][] = [];
    let colsCut = false;
    for (let r = 0; r < records.length; r++) {
      const rec = records[r];
      const row: GridCell[] = [];
      const lastCol = Math.min(rec.length, lim.maxCols);
      for (let c = 0; c < lastCol; c++) {
        const v = rec[c];
        if (v === '') continue;
        row[c] = ERROR_TEXTS.has(v) ? { v: null, error: v } : { v };
      }
      if (rec.length > lim.maxCols) for (let c = lim.maxCols; c < rec.length; c++) if (rec[c] !== '') colsCut = true;
      rows.push(row);
    }
    let end = rows.length;
    while (end > 0 && rows[end - 1].length === 0) end--;
    rows.length = end;
    const grid: Grid = { file: name, sheet, rows, merges: [] };
    if (more || colsCut) {
      grid.truncated = {};
      if (more) grid.truncated.rows = lim.maxRows;
      if (colsCut) grid.truncated.cols = lim.maxCols;
      issues.push(truncatedSheetIssue(name, sheet, grid.truncated.rows, grid.truncated.cols));
    }
    const how = { vi: `mã ký tự ${ENC_NAME[encoding]}, các cột cách nhau bằng ${DELIM_NAME[delimiter].vi}`, en: `encoding ${ENC_NAME[encoding]}, columns separated by ${DELIM_NAME[delimiter].en}` };
    if (opts.misnamed) {
      issues.push(
        mkIssue({
          severity: 'warning',
          code: 'file_read_as_csv',
          vi: `Tệp '${name}' thực ra là tệp văn bản CSV, không phải sổ làm việc Excel như tên tệp cho thấy; đã đọc như CSV (${how.vi}). Hãy kiểm tra lại số liệu, hoặc mở tệp bằng Excel và lưu lại dưới dạng .xlsx.`,
          en: `File '${name}' is really a CSV text file, not the Excel workbook its name suggests; it was read as CSV (${how.en}). Check its figures, or open it in Excel and save it as .xlsx.`,
          file: name,
        }),
      );
    } else {
      issues.push(
        mkIssue({
          severity: 'info',
          code: 'csv_read',
          vi: `Tệp '${name}': đọc như tệp CSV (${how.vi}).`,
          en: `File '${name}': read as a CSV file (${how.en}).`,
          file: name,
        }),
      );
    }
    return { grids: [grid], issues };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    issues.push(mkIssue({ severity: 'error', code: 'unreadable_file', vi: `Không đọc được tệp '${name}' (${why})`, en: `Cannot read file '${name}' (${why})`, file: name }));
    return { grids: [], issues };
  }
}

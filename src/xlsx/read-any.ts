/**
 * Any workbook file → Grids: the one entry the pipeline and the shells call.
 *
 * The bytes say what the file is (sniffWorkbook), whatever its name:
 *   - .xlsx / .xlsm → the fast reader (readXlsx);
 *   - .xls (BIFF8), .xlsb, .ods → SheetJS (sheetjs-read.ts), loaded on first use through a dynamic import,
 *     so the task pane's worker fetches it as its own chunk only when such a file is added;
 *   - delimited text (.csv, tab-separated .txt) → csv.ts, every field as the text typed; a CSV under
 *     another name (.xlsx) is read too, with a warning saying so;
 *   - anything else (PDF, Word, HTML, images, archives, password-protected workbooks, damaged files)
 *     keeps its refusal: an error naming the file and saying what to do.
 * Every path gives the same Grids and the same bounds (read/limits.ts). Never throws.
 */
import type { Grid, InputFile, Issue } from '../types';
import { readXlsx } from './workbook';
import { resolveLimits, type ReadLimits } from './limits';
import { isSniffOk, sniffIssue, sniffWorkbook } from './sniff';
import { mkIssue } from '../util/issues';
import { gridsFromCsv } from './csv';

type SheetJsModule = typeof import('./sheetjs-read');
let sheetJs: Promise<SheetJsModule> | null = null;

/** SheetJS and its adapter, loaded once (a separate chunk in the browser build). */
function loadSheetJs(): Promise<SheetJsModule> {
  if (!sheetJs) {
    sheetJs = import(/* webpackChunkName: "sheetjs" */ './sheetjs-read');
    sheetJs.catch(() => {
      sheetJs = null; // try again with the next file (e.g. the network came back)
    });
  }
  return sheetJs;
}

/** Names under which delimited text is expected (no warning when read as CSV). */
const TEXT_NAME = /\.(csv|tsv|txt|tab)$/i;

/** Read one workbook file, whatever its format, into Grids. Never throws: problems are issues. */
export async function readWorkbookFile(file: InputFile, limits?: Partial<ReadLimits>): Promise<{ grids: Grid[]; issues: Issue[] }> {
  const lim = resolveLimits(limits);
  const name = file.name;
  try {
    const sniff = sniffWorkbook(name, file.data, { maxCompressedBytes: lim.maxCompressedBytes, maxUncompressedBytes: lim.maxUncompressedBytes });
    if (isSniffOk(sniff)) return await readXlsx(file, limits, sniff);
    switch (sniff.kind) {
      case 'xls':
      case 'xlsb':
      case 'ods': {
        let mod: SheetJsModule;
        try {
          mod = await loadSheetJs();
        } catch (e) {
          const why = e instanceof Error ? e.message : String(e);
          return {
            grids: [],
            issues: [
              mkIssue({
                severity: 'error',
                code: 'reader_unavailable',
                vi: `Tệp '${name}': không tải được bộ đọc tệp .xls/.xlsb/.ods (${why}). Hãy kiểm tra kết nối mạng rồi thêm lại tệp, hoặc lưu tệp dưới dạng .xlsx.`,
                en: `File '${name}': the reader for .xls/.xlsb/.ods files could not be loaded (${why}). Check the network connection and add the file again, or save it as .xlsx.`,
                file: name,
              }),
            ],
          };
        }
        return mod.gridsFromSheetJs(file, sniff.kind, lim);
      }
      case 'csv':
        return gridsFromCsv(file, lim, { misnamed: !TEXT_NAME.test(name) });
      case 'text':
        // one column, or a single line: still a CSV when it is named so
        if (TEXT_NAME.test(name)) return gridsFromCsv(file, lim);
        return { grids: [], issues: [sniffIssue(name, sniff)] };
      default:
        return { grids: [], issues: [sniffIssue(name, sniff)] };
    }
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return {
      grids: [],
      issues: [mkIssue({ severity: 'error', code: 'unreadable_file', vi: `Không đọc được tệp '${name}' (${why})`, en: `Cannot read file '${name}' (${why})`, file: name })],
    };
  }
}

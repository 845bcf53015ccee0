/**
 * The command line's issues about the files themselves (what was found and not read, and why): Vietnamese
 * first, English second, naming the file. They go into the report (JSON issues and `files`, "Kiểm tra dữ liệu").
 */
import type { Issue } from '../types';
import { mkIssue } from '../util/issues';
import type { ReadResult, SkippedFound } from './files';

const mb = (n: number) => (n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0);

/** A thing found in the inputs and not read. */
export function skippedIssue(s: SkippedFound): Issue {
  const f = s.name;
  switch (s.reason) {
    case 'lock':
      return mkIssue({ severity: 'info', code: 'skipped_file', vi: `Tệp '${f}' là tệp khóa của Office (có người đang mở tệp gốc): bỏ qua.`, en: `File '${f}' is an Office lock file (someone has the original open): skipped.`, file: f });
    case 'hidden':
      return s.folder
        ? mkIssue({ severity: 'info', code: 'skipped_file', vi: `Thư mục ẩn '${f}': bỏ qua cả thư mục.`, en: `Hidden folder '${f}': skipped with everything in it.`, file: f })
        : mkIssue({ severity: 'info', code: 'skipped_file', vi: `Tệp ẩn '${f}': bỏ qua.`, en: `Hidden file '${f}': skipped.`, file: f });
    case 'other_format':
      return mkIssue({
        severity: 'info',
        code: 'skipped_file',
        vi: `Tệp '${f}': tonghop đọc .xlsx, .xlsm, .xls, .xlsb, .ods, .csv — hãy lưu lại dạng .xlsx. Bỏ qua.`,
        en: `File '${f}': tonghop reads .xlsx, .xlsm, .xls, .xlsb, .ods, .csv — save it as .xlsx. Skipped.`,
        file: f,
      });
    case 'other_file':
      return mkIssue({
        severity: 'info',
        code: 'skipped_file',
        vi: `Tệp '${f}' không phải bảng tính (.xlsx, .xlsm, .xls, .xlsb, .ods, .csv): bỏ qua. Nếu đó là báo cáo của một xã, hãy xin bản Excel.`,
        en: `File '${f}' is not a spreadsheet (.xlsx, .xlsm, .xls, .xlsb, .ods, .csv): skipped. If it is a commune's report, ask for the Excel file.`,
        file: f,
      });
    case 'fifo':
    case 'device':
    case 'socket':
      return notRegular(f, s.reason);
    case 'dangling_link':
      return mkIssue({ severity: 'warning', code: 'dangling_link', vi: `'${f}' là liên kết tới một tệp không còn nữa: bỏ qua.`, en: `'${f}' is a link to a file that no longer exists: skipped.`, file: f });
    case 'unreadable_folder':
      return mkIssue({
        severity: 'warning',
        code: 'unreadable_folder',
        vi: `Không mở được thư mục '${f}' (${s.detail ?? ''}): các tệp trong đó không được đọc.`,
        en: `Cannot open the folder '${f}' (${s.detail ?? ''}): the files in it were not read.`,
        file: f,
      });
    case 'unreadable':
    default:
      return mkIssue({ severity: 'error', code: 'unreadable_file', vi: `Không mở được tệp '${f}' (${s.detail ?? ''}).`, en: `Cannot open file '${f}' (${s.detail ?? ''}).`, file: f });
  }
}

function notRegular(f: string, kind: 'fifo' | 'device' | 'socket' | 'not_file'): Issue {
  const what = {
    fifo: { vi: 'một ống dẫn (FIFO)', en: 'a pipe (FIFO)' },
    device: { vi: 'một thiết bị', en: 'a device' },
    socket: { vi: 'một socket', en: 'a socket' },
    not_file: { vi: 'không phải tệp thường', en: 'not a regular file' },
  }[kind];
  return mkIssue({
    severity: 'warning',
    code: 'not_regular_file',
    vi: `'${f}' là ${what.vi}, không phải tệp bảng tính: không đọc.`,
    en: `'${f}' is ${what.en}, not a spreadsheet file: not read.`,
    file: f,
  });
}

/** A file found that could not be read when its turn came. */
export function readFailedIssue(f: string, r: Exclude<ReadResult, { ok: true }>, maxBytes: number): Issue {
  if (r.reason === 'too_large') {
    return mkIssue({
      severity: 'error',
      code: 'file_too_large',
      vi: `Tệp '${f}' quá lớn (${r.size !== undefined ? mb(r.size) + ' MB' : 'hơn giới hạn'}, giới hạn ${mb(maxBytes)} MB): không đọc. Nếu đúng là báo cáo của một xã, chạy lại với --max-file-mb ${Math.ceil(((r.size ?? maxBytes) * 2) / 1024 / 1024)}.`,
      en: `File '${f}' is too large (${r.size !== undefined ? mb(r.size) + ' MB' : 'over the limit'}, limit ${mb(maxBytes)} MB): not read. If it really is a commune's report, run again with --max-file-mb ${Math.ceil(((r.size ?? maxBytes) * 2) / 1024 / 1024)}.`,
      file: f,
    });
  }
  if (r.reason === 'unreadable') {
    return mkIssue({ severity: 'error', code: 'unreadable_file', vi: `Không mở được tệp '${f}' (${r.detail ?? ''}).`, en: `Cannot open file '${f}' (${r.detail ?? ''}).`, file: f });
  }
  return notRegular(f, r.reason);
}

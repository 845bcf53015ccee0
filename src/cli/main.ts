/**
 * The command line shell (DESIGN.md "Shells"): wires the file system to runPipeline and the
 * .xlsx writer (src/xlsx/write.ts), shows progress, prints a short summary. No rules of its own.
 *
 *   tonghop consolidate [--plan PLAN.xlsx] --out OUT.xlsx [--json REPORT.json] [--lang vi|en]
 *                       [--period "quý I/2020"] [--force] FILES_OR_FOLDERS…
 *
 * Exit status: 0 a report was produced (problems in the data are in the report);
 *              1 usage error (options, paths, existing outputs without --force);
 *              2 nothing usable could be read.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import * as crypto from 'crypto';
import type { CommuneReport, InputFile, Issue, Lang, Period, Report, WritableSheet } from '../types';
import type { PreviousInput } from '../pipeline-previous';
import { outputSheetSets, runPipeline, type LazyInputFile, type PipelineProgress, type PipelineResult, type SkippedInput } from '../pipeline';
import { parsePeriod } from '../read/period';
import { jsonChunks, looksLikeReportJson, reportToJsonForWriting } from '../write/json';
import { packReportJson } from '../write/json-pack';
import { buildSheetsForWriting } from '../write/sheets';
import { writeXlsxPieces } from '../xlsx/write';
import { outputMarkSync } from '../xlsx/marker';
import { resolveLimits, type ReadLimits } from '../xlsx/limits';
import { parseArgs, type ConsolidateArgs } from './args';
import { collectFiles, samePath, writeAtomically, writeData, readRegularFile, OutputExistsError, NotOurFileError, type FileWriter, type PendingWrite } from './files';
import { startJsonThread, wantsJsonThread, type JsonThread } from './json-thread';
import { BIG_RUN_FILES, relaunchFlags } from './relaunch';
import { readFailedIssue, skippedIssue } from './messages';
import { diskFile, readThreads, startReadPool } from './read-pool';
import { summaryLines } from './table';
import { templateMain } from './template';

export interface CliIO {
  /** Where the summary and help go (default: process.stdout). */
  stdout?: (s: string) => void;
  /** Where messages and progress go (default: process.stderr). */
  stderr?: (s: string) => void;
  /** Show progress (default: stderr is a terminal). */
  progress?: boolean;
  /** Directory relative paths are resolved against (default: process.cwd()). */
  cwd?: string;
  /** Time stamped into the report (default: now). */
  now?: Date;
  /**
   * Run this same command again in a new Node process given `flags` (bin/tonghop.js, for a run of thousands of
   * files: relaunch.ts); its exit code, or null when it could not be started (the run then goes on here).
   */
  relaunch?: (flags: string[]) => Promise<number | null>;
}

export const HELP = `tonghop — tổng hợp báo cáo chỉ tiêu kinh tế - xã hội của các xã
          consolidate communes' socio-economic indicator workbooks

Cách dùng / Usage:
  tonghop consolidate [tùy chọn] TỆP_HOẶC_THƯ_MỤC…
  tonghop consolidate [options] FILES_OR_FOLDERS…
  tonghop template --plan KẾ_HOẠCH.xlsx --period "KỲ" --out THƯ_MỤC   (mẫu báo cáo cho các xã / forms for the communes)
  tonghop --help | --version

Tùy chọn / Options:
  --plan, -p KẾ_HOẠCH.xlsx  Kế hoạch năm: chỉ tiêu giao cho toàn huyện và từng xã.
                            The annual plan: targets for the whole unit and each commune.
  --out, -o KẾT_QUẢ.xlsx    Bảng tổng hợp cần ghi (bắt buộc; thư mục được tạo nếu chưa có).
                            The workbook to write (required; its folder is created if missing).
  --json BÁO_CÁO.json       Ghi thêm báo cáo dạng JSON (khuôn dạng: xem README.md).
                            Also write the machine-readable JSON report (format: see README.md).
  --lang vi|en              Ngôn ngữ của bảng kết quả và báo cáo (mặc định: vi).
                            Language of the workbook and the report (default: vi).
  --period "KỲ"             Kỳ báo cáo, thay cho kỳ đọc từ tiêu đề các tệp:
                            "tháng 4/2024", "quý I/2020", "6 tháng đầu năm 2024", "9 tháng 2024", "năm 2024".
                            The reporting period, overriding the one read from the titles.
  --docx BÁO_CÁO.docx       Ghi thêm dự thảo báo cáo bằng lời (Word). / Also write the narrative draft (Word).
  --unit "ĐƠN VỊ"           Cơ quan ban hành ở đầu báo cáo ("UBND huyện Thanh Liêm"); mặc định lấy từ kế hoạch.
                            The issuing body in the report's heading; default: from the plan.
  --force, -f               Ghi đè tệp kết quả đã có — chỉ tệp do tonghop ghi, không bao giờ tệp đầu vào.
                            Overwrite existing outputs — only files tonghop wrote, never an input.
  --json-pretty             Ghi JSON có thụt dòng (mặc định: gọn). / Indent the JSON (default: compact).
  --max-rows N              Số dòng đọc tối đa mỗi sheet (mặc định 20000). / Rows read per sheet (default 20000).
  --max-cols N              Số cột đọc tối đa mỗi sheet (mặc định 2000; kế hoạch có nhiều xã hơn cần số lớn hơn).
                            Columns read per sheet (default 2000; a plan with more communes needs more).
  --max-file-mb MB          Cỡ tối đa của một tệp (mặc định 50). / Largest file read, in MB (default 50).
  --max-unzipped-mb MB      Tổng cỡ sau giải nén của một tệp (mặc định 500). / Largest inflated size of a file (default 500).
  --threads N               Số luồng đọc tệp của các xã, kể cả luồng chính (mặc định: 1 luồng với máy dưới 4 lõi,
                            thêm 1 luồng cho mỗi 2 lõi từ đó, tối đa 4); N ≥ 2 (mặc định: từ 4 lõi và 16 tệp, hay từ
                            1.000 tệp): JSON được ghi trên một luồng riêng trong lúc làm sổ kết quả. 1: mọi việc trên
                            luồng chính. Kết quả như nhau với mọi N.
                            Threads reading the communes' files, the main one included (default: 1 below 4 cores,
                            one more per 2 cores from there, at most 4); N ≥ 2 (default: from 4 cores and 16 files,
                            or from 1,000 files): the JSON is written on a thread of its own while the workbook is
                            made. 1: everything on the main thread. The outputs are the same for any N.
  --previous TỆP_NĂM_TRƯỚC… [--]
                            Số liệu cùng kỳ năm trước: báo cáo năm trước của các xã (cũ), bảng tổng hợp năm trước
                            do tonghop ghi, hoặc bảng của toàn huyện/tỉnh; lấy mọi đường dẫn theo sau đến tùy chọn
                            kế tiếp hoặc "--". Sheet "Sáp nhập" của kế hoạch nối xã cũ với xã mới.
                            Last year's files: the old communes' reports, last year's consolidated workbook, or a
                            parent-level table; takes every path up to the next option or "--". The plan's
                            "Sáp nhập" sheet maps old communes onto new ones.
  --help, -h                Trợ giúp này. / This help.
  --version                 Phiên bản. / Version.

Thư mục được tìm (cả thư mục con) các tệp .xlsx, .xlsm, .xls, .xlsb, .ods, .csv, bỏ qua tệp khóa của Office "~$…",
tệp ẩn, tệp kế hoạch, tệp kết quả và bảng tổng hợp do tonghop ghi trước đó — mỗi tệp bỏ qua được nêu trong báo cáo.
Folders are searched recursively for .xlsx, .xlsm, .xls, .xlsb, .ods, .csv files, skipping Office lock files "~$…",
hidden files, the plan, the output and earlier tonghop outputs — each skipped file is named in the report.

Mã thoát / Exit status:
  0  đã lập báo cáo (lỗi trong số liệu được ghi trong báo cáo)
     a report was produced (problems in the data are listed in it)
  1  dùng sai lệnh: tùy chọn, đường dẫn, tệp kết quả đã có mà không có --force
     usage error: options, paths, an existing output without --force
  2  không đọc được số liệu nào dùng được / nothing usable could be read

Ví dụ / Example:
  tonghop consolidate --plan ke-hoach-2024.xlsx --out out/tong-hop.xlsx --json out/tong-hop.json bao-cao-xa/
`;

function version(): string {
  for (const p of [path.join(__dirname, '..', '..', 'package.json'), path.join(__dirname, '..', 'package.json')]) {
    try {
      const pkg = JSON.parse(fs.readFileSync(p, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'tonghop' && pkg.version) return pkg.version;
    } catch {
      /* next */
    }
  }
  return 'unknown';
}

/** A usage error: Vietnamese, then English, each on its own line. */
class Usage {
  constructor(public readonly vi: string, public readonly en: string) {}
}

export async function main(argv: string[], io: CliIO = {}): Promise<number> {
  const out = io.stdout ?? ((s: string) => void process.stdout.write(s));
  const err = io.stderr ?? ((s: string) => void process.stderr.write(s));
  const cwd = io.cwd ?? process.cwd();
  const showProgress = io.progress ?? Boolean(process.stderr.isTTY);

  const usageError = (u: Usage): number => {
    err(`tonghop: lỗi: ${u.vi}\ntonghop: error: ${u.en}\n`);
    err(`Xem / see: tonghop --help\n`);
    return 1;
  };

  if (argv[0] === 'template') return templateMain(argv.slice(1), io);
  const parsed = parseArgs(argv);
  if (parsed.command === 'help') {
    out(HELP);
    return 0;
  }
  if (parsed.command === 'version') {
    out(`tonghop ${version()}\n`);
    return 0;
  }
  if (parsed.command === 'error') {
    if (argv.length === 0) err(HELP + '\n');
    return usageError(new Usage(parsed.vi, parsed.en));
  }
  const args = parsed.args;
  if (args.help) {
    out(HELP);
    return 0;
  }

  const checked = checkArgs(args, cwd);
  if (checked instanceof Usage) return usageError(checked);
  const { lang, period, outPath, jsonPath } = checked;
  const docxPath = args.docx ? path.resolve(cwd, args.docx) : null;
  if (args.docx && !/\.docx$/i.test(args.docx)) return usageError(new Usage(`tệp '${args.docx}' phải có đuôi .docx`, `'${args.docx}' must end in .docx`));
  if (docxPath && [outPath, jsonPath].some((p) => p && samePath(p, docxPath))) return usageError(new Usage('--docx trùng với một tệp kết quả khác', '--docx names another output'));

  const inputs = gatherInputs(args, checked, docxPath, cwd, err);
  if (inputs instanceof Usage) return usageError(inputs);
  if (typeof inputs === 'number') return inputs;
  const { limits } = checked;

  // thousands of files: on in a Node with a larger young generation (relaunch.ts)
  const flags = io.relaunch ? relaunchFlags(inputs.communes.length, process.execArgv) : null;
  if (flags) {
    const code = await io.relaunch!(flags);
    if (code !== null) return code;
  }

  // run
  const progress = showProgress ? progressPrinter(err, lang) : undefined;
  const readers = startReadPool(readThreads(inputs.communes.length, checked.threads), limits);
  // started now, so that it is up when the report is ready
  const jsonThread = jsonPath && !args.jsonPretty && wantsJsonThread(inputs.communes.length, checked.threads) ? startJsonThread() : null;
  try {
    const result = await runPipeline({
      readers,
      communes: inputs.communes,
      skipped: inputs.skipped,
      plan: inputs.plan,
      period,
      lang,
      now: io.now,
      limits,
      onProgress: progress?.onProgress,
      previous: inputs.previous,
      issuer: args.unit?.trim() || null,
      streamSheets: true, // the sheets only go to the workbook written
      sheetsLater: true, // made by workbookBytes, after the JSON thread has the report
    }).finally(() => readers?.close());
    const planName = inputs.plan?.name ?? null;
    inputs.plan = null; // the plan's bytes are not needed any more
    progress?.clear();
    const stop = explainProblems(result, planName, args.plan ?? null, lang, err);
    if (stop !== null) return stop;

    const written = await writeOutputs(result, { outPath, jsonPath, docxPath, lang, force: !!args.force, pretty: !!args.jsonPretty, now: io.now, cwd, jsonThread });
    if (written instanceof Usage) return usageError(written);
    const outputs = [display(outPath, cwd), ...(jsonPath ? [display(jsonPath, cwd)] : []), ...(docxPath ? [display(docxPath, cwd)] : [])];
    out(summaryLines(result.report, { lang, outputs }).join('\n') + '\n');
    return 0;
  } finally {
    await jsonThread?.close();
  }
}

interface Inputs {
  communes: LazyInputFile[];
  skipped: SkippedInput[];
  plan: InputFile | null;
  previous: PreviousInput[];
}

/**
 * The files to read: the communes' (read lazily, one at a time), those skipped with why, the plan's bytes, last
 * year's files. A Usage for a bad command line, an exit code when there is nothing to read.
 */
function gatherInputs(args: ConsolidateArgs, checked: Checked, docxPath: string | null, cwd: string, err: (s: string) => void): Inputs | Usage | number {
  const { planPath, outPath, jsonPath, limits } = checked;
  const maxBytes = limits.maxCompressedBytes;
  const prev = collectPrevious(args.previous, planPath, [planPath, outPath, jsonPath, docxPath].filter((p): p is string => !!p), cwd, maxBytes);
  if (prev instanceof Usage) return prev;
  const collected = collectFiles(args.inputs, [planPath, outPath, jsonPath, docxPath, ...prev.paths].filter((p): p is string => !!p), cwd);
  const { files, skippedOther } = collected;
  for (const s of skippedOther) {
    const rel = display(s, cwd);
    err(`tonghop: bỏ qua '${rel}': tonghop đọc .xlsx, .xlsm, .xls, .xlsb, .ods, .csv — hãy lưu lại dạng .xlsx\n`);
    err(`tonghop: skipping '${rel}': tonghop reads .xlsx, .xlsm, .xls, .xlsb, .ods, .csv — save it as .xlsx\n`);
  }
  if (files.length === 0) {
    const names = args.inputs.join(', ');
    err(`tonghop: không tìm thấy tệp bảng tính nào (.xlsx, .xlsm, .xls, .xlsb, .ods, .csv) trong: ${names}\n`);
    err(`tonghop: no spreadsheet file (.xlsx, .xlsm, .xls, .xlsb, .ods, .csv) found in: ${names}\n`);
    for (const s of collected.skipped) if (s.reason !== 'other_format') err(`  ${skippedIssue(s).message}\n  ${skippedIssue(s).messageEn}\n`);
    return 2;
  }
  const skipped = collected.skipped.map((s) => ({ file: s.name, issue: skippedIssue(s) }));
  // the files are read one at a time, when their turn comes (never all held at once)
  const communes: LazyInputFile[] = files.map((f) => diskFile(f.name, f.path, maxBytes));
  let plan: InputFile | null = null;
  if (planPath) {
    const r = readRegularFile(planPath, maxBytes);
    if (!r.ok) {
      const i = readFailedIssue(args.plan!, r, maxBytes);
      return new Usage(`không đọc được tệp kế hoạch: ${i.message}`, `cannot read the plan: ${i.messageEn}`);
    }
    plan = { name: path.basename(planPath).normalize('NFC'), data: r.data };
  }
  return { communes, skipped, plan, previous: prev.sources };
}

/** Nothing usable, or a plan that could not be read, or one cut: said on stderr; an exit code when the run stops here. */
function explainProblems(result: PipelineResult<WritableSheet>, planName: string | null, planArg: string | null, lang: Lang, err: (s: string) => void): number | null {
  const { report } = result;
  const why = nothingUsable(result.communeReports);
  if (why) {
    err(`tonghop: không có số liệu nào dùng được — ${why.vi}\n`);
    err(`tonghop: nothing usable could be read — ${why.en}\n`);
    for (const line of firstErrors(report.issues, lang, 10)) err(`  ${line}\n`);
    return 2;
  }
  if (planName && !result.plan) {
    err(`tonghop: cảnh báo: không đọc được kế hoạch '${planArg}', chỉ tiêu lấy từ cột "Kế hoạch năm" của các xã\n`);
    err(`tonghop: warning: the plan '${planArg}' could not be read; targets come from the communes' own "Kế hoạch năm" columns\n`);
    for (const line of firstErrors(report.issues.filter((i) => i.file === planName), lang, 5)) err(`  ${line}\n`);
  }
  for (const i of report.issues.filter((x) => x.code === 'plan_too_wide')) err(`tonghop: lỗi: ${i.message}\ntonghop: error: ${i.messageEn}\n`);
  return null;
}

interface OutputPlan {
  outPath: string;
  jsonPath: string | null;
  docxPath: string | null;
  lang: Lang;
  force: boolean;
  pretty: boolean;
  now?: Date;
  cwd: string;
  /** The thread writing the JSON (json-thread.ts), or null: written on this thread. */
  jsonThread?: JsonThread | null;
}

/** The workbook, the JSON and the Word draft, written together (temp file + rename) and never over a user's file. */
async function writeOutputs(result: PipelineResult<WritableSheet>, o: OutputPlan): Promise<Usage | null> {
  const { report } = result;
  // one run key in both outputs: the workbook's custom property and the JSON's "run"
  const run = runKey(o.now);
  const writes: PendingWrite[] = [];
  const thread = o.jsonPath && !o.pretty ? (o.jsonThread ?? null) : null;
  if (thread && o.jsonPath) {
    // the JSON goes to its thread first, then the sheets' XML is made here meanwhile (compressed off this thread)
    writes.push({ target: o.jsonPath, data: jsonOnThread(report, o.lang, run, thread) });
    writes.push({
      target: o.outPath,
      data: (fd) => {
        const xlsx = workbookBytes(result, run, o.lang);
        return xlsx.then((bytes) => writeData(fd, bytes));
      },
    });
  } else {
    // the sheets' XML is made now; their compression goes on off this thread while the JSON is written
    writes.push({ target: o.outPath, data: workbookBytes(result, run, o.lang) });
    if (o.jsonPath) writes.push({ target: o.jsonPath, data: jsonText(report, o.lang, run, o.pretty) });
  }
  // the docx package (large) is loaded only when a narrative draft is asked for
  if (o.docxPath) writes.push({ target: o.docxPath, data: await (await import('../write/docx')).writeDocx(report, o.lang) });
  try {
    // the lock beside the workbook, whichever output is written first
    await writeAtomically(writes, o.force, (t) => writtenByTonghop(t), o.outPath);
  } catch (e) {
    if (e instanceof OutputExistsError) return existsUsage(display(e.target, o.cwd));
    if (e instanceof NotOurFileError) return notOursUsage(display(e.target, o.cwd), false);
    const code = (e as NodeJS.ErrnoException).code;
    const hint =
      code === 'EBUSY' || code === 'EPERM' || code === 'EACCES'
        ? { vi: ' (tệp đang mở trong Excel, hoặc không có quyền ghi?)', en: ' (is the file open in Excel, or not writable?)' }
        : { vi: '', en: '' };
    return new Usage(`không ghi được kết quả: ${(e as Error).message}${hint.vi}`, `cannot write the output: ${(e as Error).message}${hint.en}`);
  }
  return null;
}

/**
 * The workbook's bytes: its sheets' XML made now, compressed off this thread. The sheets and the communes'
 * readings are dropped from `result` (the JSON is made from the report alone).
 */
function workbookBytes(result: PipelineResult<WritableSheet>, run: string, lang: Lang): Promise<Uint8Array[]> {
  const readings = result.communeReports.length;
  result.communeReports = [];
  collectReadings(readings);
  const sheets = result.sheets.length ? result.sheets : buildSheetsForWriting(result.report, lang);
  const xlsx = writeXlsxPieces(sheets, { run });
  xlsx.catch(() => undefined); // a failure is met where it is awaited (writeAtomically), never as an unhandled rejection
  result.sheets = [];
  return xlsx;
}

/**
 * A big run (BIG_RUN_FILES communes or more, relaunched with `--expose-gc`: relaunch.ts) collects its garbage
 * once the communes' readings are let go, before the workbook is made: the writing then reuses the memory they
 * held rather than memory touched for the first time, which is dear here (README, "Đo tốc độ"). At 3,321
 * communes: peak RSS 510 → 425 MB, page faults 127,000 → 106,000. A smaller run never collects, even in a Node
 * that has `gc` (the bench's, a user's): at 200 communes the readings are a few megabytes, and the collection
 * cost more than it gave back (runs 100–270 ms slower: three alternated series of six in one process, README).
 */
function collectReadings(readings: number): void {
  if (readings < BIG_RUN_FILES) return;
  (globalThis as { gc?: () => void }).gc?.();
}

/** The JSON report's text in pieces (never one string), compact or indented, ending with a new line. */
function* jsonText(report: Report, lang: Lang, run: string, pretty: boolean): Generator<string> {
  yield* jsonChunks(reportToJsonForWriting(report, lang, { run }), pretty ? 2 : 0);
  yield '\n';
}

/** The compact JSON written by the JSON thread; by this thread, from the file's start, when that thread could not. */
function jsonOnThread(report: Report, lang: Lang, run: string, thread: JsonThread): FileWriter {
  return async (fd) => {
    if (await thread.write(fd, packReportJson(report, lang, { run }))) return;
    fs.ftruncateSync(fd, 0);
    writeData(fd, jsonText(report, lang, run, false));
  };
}

interface Checked {
  limits: ReadLimits;
  lang: Lang;
  period: Period | null;
  planPath: string | null;
  outPath: string;
  jsonPath: string | null;
  /** --threads: threads reading in all, the main one counted; null: by the machine's cores (read-pool.ts readThreads). */
  threads: number | null;
}

function checkArgs(args: ConsolidateArgs, cwd: string): Checked | Usage {
  const lang = (args.lang ?? 'vi').toLowerCase();
  if (lang !== 'vi' && lang !== 'en') return new Usage(`--lang phải là vi hoặc en, không phải '${args.lang}'`, `--lang must be vi or en, not '${args.lang}'`);
  if (!args.out) return new Usage('thiếu --out: cần chỉ tệp kết quả .xlsx', 'missing --out: name the .xlsx file to write');
  if (!/\.xlsx$/i.test(args.out)) return new Usage(`tệp kết quả '${args.out}' phải có đuôi .xlsx`, `the output '${args.out}' must end in .xlsx`);
  if (args.json && !/\.json$/i.test(args.json)) return new Usage(`tệp báo cáo '${args.json}' phải có đuôi .json`, `the report '${args.json}' must end in .json`);
  if (args.inputs.length === 0) {
    if (args.previous?.length) {
      return new Usage(
        'chưa chỉ tệp hoặc thư mục báo cáo của các xã (--previous lấy mọi đường dẫn theo sau đến tùy chọn kế tiếp: hãy đặt báo cáo các xã trước --previous, hoặc kết thúc danh sách của --previous bằng --)',
        'no commune files or folders given (--previous takes every path up to the next option: put the communes\' files before --previous, or end its list with --)',
      );
    }
    return new Usage('chưa chỉ tệp hoặc thư mục báo cáo của các xã', 'no commune files or folders given');
  }
  const lim: Partial<ReadLimits> = {};
  const MB = 1024 * 1024;
  for (const [flag, given, key, unit] of [
    ['--max-rows', args.maxRows, 'maxRows', 1],
    ['--max-cols', args.maxCols, 'maxCols', 1],
    ['--max-file-mb', args.maxFileMb, 'maxCompressedBytes', MB],
    ['--max-unzipped-mb', args.maxUnzippedMb, 'maxUncompressedBytes', MB],
  ] as const) {
    if (given === undefined) continue;
    const v = Number(given);
    if (!/^\s*\d+(\.\d+)?\s*$/.test(given) || !Number.isFinite(v) || v <= 0) return new Usage(`${flag} cần một số dương, không phải '${given}'`, `${flag} needs a positive number, not '${given}'`);
    lim[key] = unit === 1 ? Math.floor(v) : Math.floor(v * unit);
  }
  const limits = resolveLimits(lim);
  let threads: number | null = null;
  if (args.threads !== undefined) {
    threads = Number(args.threads);
    if (!/^\s*\d+\s*$/.test(args.threads) || threads < 1) return new Usage(`--threads cần một số nguyên dương, không phải '${args.threads}'`, `--threads needs a positive whole number, not '${args.threads}'`);
  }

  const outPath = path.resolve(cwd, args.out);
  const jsonPath = args.json ? path.resolve(cwd, args.json) : null;
  const planPath = args.plan ? path.resolve(cwd, args.plan) : null;

  if (planPath) {
    if (!fs.existsSync(planPath)) return new Usage(`không có tệp kế hoạch '${args.plan}'`, `the plan '${args.plan}' does not exist`);
    if (!fs.statSync(planPath).isFile()) return new Usage(`'${args.plan}' không phải là một tệp`, `'${args.plan}' is not a file`);
  }
  for (const input of args.inputs) {
    if (!fs.existsSync(path.resolve(cwd, input))) return new Usage(`không có tệp hoặc thư mục '${input}'`, `no such file or folder '${input}'`);
  }
  for (const input of args.inputs) {
    const abs = path.resolve(cwd, input);
    if (samePath(abs, outPath)) return new Usage(`tệp kết quả '${args.out}' cũng là tệp đầu vào`, `the output '${args.out}' is also an input`);
    if (jsonPath && samePath(abs, jsonPath)) return new Usage(`tệp báo cáo '${args.json}' cũng là tệp đầu vào`, `the report '${args.json}' is also an input`);
  }
  if (planPath && samePath(planPath, outPath)) return new Usage(`tệp kết quả '${args.out}' trùng với tệp kế hoạch`, `the output '${args.out}' is the plan file`);
  if (planPath && jsonPath && samePath(planPath, jsonPath)) {
    return new Usage(`tệp báo cáo --json '${args.json}' trùng với tệp kế hoạch: tonghop không bao giờ ghi đè tệp đầu vào`, `the --json report '${args.json}' is the plan file: tonghop never overwrites an input`);
  }
  if (jsonPath && samePath(jsonPath, outPath)) return new Usage('--out và --json trùng nhau', '--out and --json name the same file');
  for (const [p, given] of [[outPath, args.out], [jsonPath, args.json]] as const) {
    if (!p) continue;
    if (fs.existsSync(p)) {
      if (fs.statSync(p).isDirectory()) return new Usage(`'${given}' là một thư mục`, `'${given}' is a folder`);
      if (!args.force) return existsUsage(given!);
      // --force replaces only what tonghop wrote: never a commune's file, a plan or any other file
      if (!writtenByTonghop(p)) return notOursUsage(given!, insideInputs(p, args.inputs, cwd));
    }
  }

  let period: Period | null = null;
  if (args.period) {
    period = parsePeriod(args.period);
    if (!period) {
      return new Usage(
        `không hiểu kỳ báo cáo '${args.period}' (ví dụ: "tháng 4/2024", "quý I/2020", "6 tháng đầu năm 2024", "năm 2024")`,
        `cannot understand the period '${args.period}' (e.g. "tháng 4/2024", "quý I/2020", "6 tháng đầu năm 2024", "năm 2024")`,
      );
    }
  }
  return { limits, lang, period, planPath, outPath, jsonPath, threads };
}

/**
 * The files of --previous (last year's), read one at a time when their turn comes. Never an output: last year's
 * consolidated workbook carries tonghop's mark, so --force alone would not protect it.
 */
function collectPrevious(given: string[] | undefined, plan: string | null, outputs: string[], cwd: string, maxBytes: number): { paths: string[]; sources: LazyInputFile[] } | Usage {
  if (!given?.length) return { paths: [], sources: [] };
  for (const p of given) {
    const abs = path.resolve(cwd, p);
    if (!fs.existsSync(abs)) return new Usage(`không có tệp hoặc thư mục cùng kỳ '${p}'`, `no such file or folder of last year '${p}'`);
    if (outputs.some((o) => samePath(o, abs))) return new Usage(`tệp cùng kỳ '${p}' trùng với kế hoạch hoặc một tệp kết quả`, `last year's file '${p}' is the plan or an output`);
  }
  // an output that is one of last year's files found in a folder given with --previous: refused, even with
  // --force (last year's consolidated workbook was written by tonghop, but the user gave it to be read now)
  const found = collectFiles(given, plan ? [plan] : [], cwd);
  const clash = found.files.find((f) => outputs.some((o) => samePath(o, f.path)));
  if (clash) {
    const rel = display(clash.path, cwd);
    return new Usage(`'${rel}' là một tệp cùng kỳ (--previous) cần đọc: tonghop không ghi đè lên nó — hãy chọn chỗ ghi khác`, `'${rel}' is one of last year's files (--previous) to be read: tonghop does not write over it — choose another output path`);
  }
  return {
    paths: found.files.map((f) => f.path),
    // named by their path (relative to the working folder): last year's 'thanh-ha.xlsx' is never taken for this year's
    sources: found.files.map((f) => diskFile(display(f.path, cwd).split(path.sep).join('/').normalize('NFC'), f.path, maxBytes)),
  };
}

/** An existing output tonghop may replace: a workbook carrying its mark (or its sheets, before the mark), or a JSON report it wrote. */
export function writtenByTonghop(p: string): boolean {
  if (/\.json$/i.test(p)) {
    let fd: number;
    try {
      fd = fs.openSync(p, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    } catch {
      return false;
    }
    try {
      if (!fs.fstatSync(fd).isFile()) return false;
      const buf = Buffer.alloc(64 * 1024);
      const n = fs.readSync(fd, buf, 0, buf.length, 0);
      return looksLikeReportJson(buf.subarray(0, n).toString('utf8'));
    } catch {
      return false;
    } finally {
      fs.closeSync(fd);
    }
  }
  const r = readRegularFile(p, 2048 * 1024 * 1024 - 1);
  if (!r.ok) return false;
  return outputMarkSync(r.data, outputSheetSets(), (b, max) => zlib.inflateRawSync(b, { maxOutputLength: max })) !== null;
}

function insideInputs(p: string, inputs: string[], cwd: string): boolean {
  return inputs.some((i) => {
    const rel = path.relative(path.resolve(cwd, i), p);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  });
}

function notOursUsage(p: string, isInput: boolean): Usage {
  const where = isInput
    ? { vi: ' Tệp này nằm trong thư mục đầu vào: có thể là báo cáo của một xã.', en: ' It is among the inputs: it may be a commune\'s report.' }
    : { vi: '', en: '' };
  return new Usage(
    `tệp '${p}' đã có và không phải do tonghop ghi: tonghop không ghi đè, kể cả với --force.${where.vi} Hãy chọn tên khác cho --out / --json.`,
    `'${p}' exists and was not written by tonghop: it is never overwritten, even with --force.${where.en} Choose another name for --out / --json.`,
  );
}

/** A key naming this run, written into both outputs. */
function runKey(now?: Date): string {
  const t = (now ?? new Date()).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${t}-${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
}

function existsUsage(p: string): Usage {
  return new Usage(`tệp '${p}' đã có; thêm --force để ghi đè`, `'${p}' already exists; add --force to overwrite it`);
}

function display(p: string, cwd: string): string {
  const rel = path.relative(cwd, p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}

/** Why nothing usable was read, or null when some commune value was. */
export function nothingUsable(reports: CommuneReport[]): { vi: string; en: string } | null {
  let values = 0;
  for (const r of reports) for (const row of r.rows) if (row.actual && row.actual.value !== null) values++;
  if (values > 0) return null;
  const withTables = reports.filter((r) => r.rows.length > 0).length;
  if (withTables === 0) {
    return {
      vi: `không tệp nào trong ${reports.length} tệp có bảng chỉ tiêu đọc được`,
      en: `none of the ${reports.length} file(s) holds a readable indicator table`,
    };
  }
  return {
    vi: `${withTables}/${reports.length} tệp có bảng chỉ tiêu nhưng không có ô "Thực hiện" nào có số`,
    en: `${withTables} of ${reports.length} file(s) have an indicator table but no "actual" cell holds a number`,
  };
}

function firstErrors(issues: Issue[], lang: Lang, n: number): string[] {
  const errs = issues.filter((i) => i.severity === 'error');
  const list = (errs.length ? errs : issues).slice(0, n);
  const lines = list.map((i) => `${i.file ? i.file + ': ' : ''}${lang === 'en' ? i.messageEn : i.message}`);
  const more = (errs.length ? errs : issues).length - list.length;
  if (more > 0) lines.push(lang === 'en' ? `… and ${more} more` : `… và ${more} lỗi khác`);
  return lines;
}

function progressPrinter(err: (s: string) => void, lang: Lang) {
  let shown = false;
  const onProgress = (p: PipelineProgress) => {
    let text: string;
    if (p.stage === 'plan') text = lang === 'en' ? `reading the plan ${p.file ?? ''}` : `đang đọc kế hoạch ${p.file ?? ''}`;
    else if (p.stage === 'read') text = `${p.done + 1}/${p.total} ${lang === 'en' ? 'reading' : 'đang đọc'} ${p.file ?? ''}`;
    else if (p.stage === 'consolidate') text = lang === 'en' ? 'consolidating…' : 'đang tổng hợp…';
    else text = lang === 'en' ? 'writing…' : 'đang ghi…';
    const cols = process.stderr.columns || 80;
    const chars = [...text];
    if (chars.length > cols - 1) text = chars.slice(0, cols - 2).join('') + '…';
    err(`\r\x1b[K${text}`);
    shown = true;
  };
  return {
    onProgress,
    clear: () => {
      if (shown) err('\r\x1b[K');
    },
  };
}

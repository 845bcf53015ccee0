/**
 * The one pipeline every shell runs (README "Cấu trúc dự án / Project layout"):
 *   files / open sheets ─▶ Grid ─▶ CommuneReport[] + Plan ─▶ consolidate ─▶ Report ─▶ SheetSpec[]
 * Shells (command line, task pane, web worker) call runPipeline and apply the SheetSpecs with an adapter.
 * One input shape (PipelineInput): `communes`, a list of sources read in the order given — bytes at hand
 * (InputFile), bytes fetched when their turn comes (LazyInputFile, the command line) or Grids already made with
 * their issues (GridSource, the task pane) —, `plan` (bytes or Grids) and `previous`, last year's sources.
 * No I/O here beyond parsing the bytes handed in.
 */
import type { CommuneReport, Grid, InputFile, Issue, Lang, Period, Plan, Report, SheetSpec, WritableSheet } from './types';
import { readWorkbookFile } from './xlsx/read-any';
import { resolveLimits, type ReadLimits } from './xlsx/limits';
import { outputMark } from './xlsx/marker';
import { mkIssue, sortIssues } from './util/issues';
import { sheetNames } from './write/labels';
import { readCommune } from './read/commune';
import { readPlan } from './read/plan';
import { consolidate } from './core/consolidate';
import { buildSheets, buildSheetsForWriting } from './write/sheets';
import { loadPrevious, type PreviousInput } from './pipeline-previous';

export type { PreviousInput };

export interface PipelineProgress {
  /** 'plan' | 'read' | 'consolidate' | 'write' */
  stage: string;
  /** File being read, if any. */
  file?: string;
  done: number;
  total: number;
}

/** A source already in Grid form: sheets of the open workbook (one commune per sheet) or a file parsed earlier. */
export interface GridSource {
  file: string;
  grids: Grid[];
  /** The problems met making the grids (a file's reading issues): they head the source's issues. */
  issues?: Issue[];
  /** Commune named by the user for this source, overriding detection. */
  commune?: string;
  /**
   * The CommuneReport already made from these grids and issues against `plan` (the task pane read each
   * source when it was added, to list it): the run uses it as is when its plan is that same object.
   */
  read?: { plan: Plan | null; report: CommuneReport };
}

/**
 * A file whose bytes are fetched only when its turn comes (the command line: a path on disk), so the run
 * holds one file's bytes at a time. `load` gives the bytes, or the issue saying why the file is not read
 * (too large, not a regular file, unreadable); it should not throw (a throw becomes an 'unreadable_file' error).
 */
export interface LazyInputFile {
  name: string;
  load(): Promise<Uint8Array | { skip: Issue }>;
  /** Where the bytes are on disk (the command line): a `readers` pool may read the file there instead. */
  path?: string;
}

/**
 * More hands for reading (the command line's worker threads, cli/read-pool.ts): `read` gives a lazy file's
 * CommuneReport (or why it is skipped) exactly as this thread would, read elsewhere; null when it cannot take
 * the file now (no hand free, or it broke down), and the file is then read here.
 */
export interface CommuneReaders {
  /** How many files may be out with it at once. */
  size: number;
  read(file: LazyInputFile & { path: string }, plan: Plan | null): Promise<CommuneReport | SkippedInput> | null;
}

/** A file the shell found and did not read (lock file, hidden file, FIFO, dangling link…): named in the report with why. */
export interface SkippedInput {
  file: string;
  issue: Issue;
}

/** One commune's source: bytes at hand (the task pane's files), fetched when its turn comes (the command line), or Grids. */
export type CommuneInput = InputFile | LazyInputFile | GridSource;

/** Bytes at hand. */
export function isInputFile(x: CommuneInput): x is InputFile {
  return 'data' in x;
}

/** Bytes fetched when the file's turn comes. */
export function isLazyInputFile(x: CommuneInput): x is LazyInputFile {
  return 'load' in x;
}

/** Already Grids (an open workbook's sheets, a file parsed earlier). */
export function isGridSource(x: CommuneInput): x is GridSource {
  return 'grids' in x;
}

/** The file a source names (its `name`, or a GridSource's `file`). */
export function inputName(x: CommuneInput): string {
  return isGridSource(x) ? x.file : x.name;
}

export interface PipelineInput {
  /** The communes' sources, read one at a time in this order (a lazy file's bytes are dropped before the next is read). */
  communes?: CommuneInput[];
  /** Files found and not read: listed in the report's `files` (status 'skipped') with their issue. */
  skipped?: SkippedInput[];
  /** The plan: a file's bytes or Grids. */
  plan?: InputFile | GridSource | null;
  /** The plan already read from `plan` (the task pane read it when it was chosen): not read again. */
  planRead?: { plan: Plan | null; issues: Issue[] } | null;
  /** The user's correction of the period. */
  period?: Period | null;
  /** The issuing body of the report's heading (the pane's "Đơn vị" field, --unit), over the plan's. */
  issuer?: string | null;
  lang?: Lang;
  now?: Date;
  limits?: Partial<ReadLimits>;
  onProgress?: (p: PipelineProgress) => void;
  /** Other threads that read lazy files with a path alongside this one; the reports keep the order of `communes`. */
  readers?: CommuneReaders | null;
  /**
   * Last year's files (--previous, the pane's "Số liệu cùng kỳ"): the same period of last year, as files or sheets
   * of the open workbook, read after the communes in this order.
   */
  previous?: PreviousInput[];
  /** The sheets are only for writeXlsx: the long ones are made as they are written (buildSheetsForWriting). */
  streamSheets?: boolean;
  /**
   * No sheets made here (`sheets` is empty): the caller makes them with buildSheetsForWriting when it writes —
   * the command line first hands the report to its JSON thread, which then works while the sheets are made.
   */
  sheetsLater?: boolean;
}

export interface PipelineResult<S extends WritableSheet = SheetSpec> {
  report: Report;
  /** The output sheets; with `streamSheets`, the long ones make their rows as writeXlsx writes them. */
  sheets: S[];
  communeReports: CommuneReport[];
  plan: Plan | null;
}

/** Read the plan (if any), from bytes or grids. Issues go into the returned list. */
export async function loadPlan(input: Pick<PipelineInput, 'plan' | 'limits'>): Promise<{ plan: Plan | null; issues: Issue[] }> {
  const src = input.plan;
  if (!src) return { plan: null, issues: [] };
  if (isGridSource(src)) {
    const res = readPlan(src.grids, src.file);
    const wide = planWidthIssues(src.grids, src.file, input.limits);
    return src.issues?.length || wide.length ? { plan: res.plan, issues: [...(src.issues ?? []), ...wide, ...res.issues] } : res;
  }
  const { grids, issues } = await readWorkbookFile(src, input.limits);
  const res = readPlan(grids, src.name);
  return { plan: res.plan, issues: [...issues, ...planWidthIssues(grids, src.name, input.limits), ...res.issues] };
}

/**
 * A plan sheet cut at the column limit loses the communes of the columns beyond it: an error saying how to
 * raise the limit (the command line's --max-cols), never a silent cut.
 */
export function planWidthIssues(grids: Grid[], file: string, limits?: Partial<ReadLimits>): Issue[] {
  const out: Issue[] = [];
  const max = resolveLimits(limits).maxCols;
  for (const g of grids) {
    const cut = g.truncated?.cols;
    if (!cut) continue;
    const more = Math.max(cut * 2, 4000);
    out.push(
      mkIssue({
        severity: 'error',
        code: 'plan_too_wide',
        vi: `Tệp kế hoạch '${file}', sheet '${g.sheet}': có hơn ${cut.toLocaleString('vi-VN')} cột, chỉ đọc được ${cut.toLocaleString('vi-VN')} cột đầu — chỉ tiêu của các xã ở các cột sau bị bỏ. Hãy chạy lại với giới hạn cao hơn, ví dụ: tonghop consolidate --max-cols ${more} … (giới hạn hiện nay: ${max}).`,
        en: `Plan file '${file}', sheet '${g.sheet}': more than ${cut.toLocaleString('en-US')} columns, only the first ${cut.toLocaleString('en-US')} were read — the communes in the columns beyond are left out. Run again with a higher limit, e.g. tonghop consolidate --max-cols ${more} … (limit now: ${max}).`,
        file,
        sheet: g.sheet,
      }),
    );
  }
  return out;
}

/** Sheet-name sets of tonghop's own outputs (both languages): how a workbook written before the mark existed is recognised. */
export function outputSheetSets(): string[][] {
  return (['vi', 'en'] as const).map((l) => Object.values(sheetNames(l)));
}

/**
 * Is this file one of tonghop's own outputs? Then the info issue saying it is skipped (it is never read as a commune),
 * else null. Looks only at the zip directory, docProps/custom.xml and (no mark) the sheet names.
 */
export async function ownOutputIssue(name: string, data: Uint8Array, limits?: Partial<ReadLimits>): Promise<Issue | null> {
  const lim = limits ? resolveLimits(limits) : null;
  const mark = await outputMark(data, outputSheetSets(), lim ? { maxCompressedBytes: lim.maxCompressedBytes, maxUncompressedBytes: lim.maxUncompressedBytes } : undefined);
  if (!mark) return null;
  const run = mark.kind === 'marked' && mark.run ? ` (lần chạy ${mark.run})` : '';
  const runEn = mark.kind === 'marked' && mark.run ? ` (run ${mark.run})` : '';
  return mkIssue({
    severity: 'info',
    code: 'own_output',
    vi: `Tệp '${name}' là bảng tổng hợp do tonghop ghi${run}, không phải báo cáo của xã: bỏ qua.`,
    en: `File '${name}' is a consolidated workbook written by tonghop${runEn}, not a commune's report: skipped.`,
    file: name,
  });
}

/** One file's bytes → its CommuneReport, or the reason it is skipped (tonghop's own output). The bytes are not kept. */
async function readOneFile(file: InputFile, plan: Plan | null, limits: Partial<ReadLimits> | undefined): Promise<CommuneReport | SkippedInput> {
  const own = await ownOutputIssue(file.name, file.data, limits ?? {});
  if (own) return { file: file.name, issue: own };
  return loadCommune(file, plan, limits);
}

/** Read one commune file into a CommuneReport (never throws: problems become issues). */
export async function loadCommune(file: InputFile, plan: Plan | null, limits?: Partial<ReadLimits>): Promise<CommuneReport> {
  const { grids, issues } = await readWorkbookFile(file, limits);
  const rep = readCommune(grids, { file: file.name, plan });
  rep.issues.unshift(...issues);
  return rep;
}

/** A source's grids → its CommuneReport, the problems met making the grids first. */
export function readGridSource(g: GridSource, plan: Plan | null): CommuneReport {
  const rep = readCommune(g.grids, { file: g.file, plan, commune: g.commune });
  if (g.issues?.length) rep.issues.unshift(...g.issues);
  return rep;
}

/**
 * One commune's source → its CommuneReport, or the reason it is skipped. A lazy file's bytes live only in this call;
 * a GridSource already read against this same plan is reused as it is.
 */
export async function readCommuneInput(c: CommuneInput, plan: Plan | null, limits: Partial<ReadLimits> | undefined): Promise<CommuneReport | SkippedInput> {
  if (isGridSource(c)) return c.read && c.read.plan === plan ? c.read.report : readGridSource(c, plan);
  if (isInputFile(c)) return readOneFile(c, plan, limits);
  let data: Uint8Array | { skip: Issue };
  try {
    data = await c.load();
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    data = {
      skip: mkIssue({ severity: 'error', code: 'unreadable_file', vi: `Không đọc được tệp '${c.name}' (${why})`, en: `Cannot read file '${c.name}' (${why})`, file: c.name }),
    };
  }
  return data instanceof Uint8Array ? readOneFile({ name: c.name, data }, plan, limits) : { file: c.name, issue: data.skip };
}

/** Back after the event loop has had a turn (setImmediate where there is one: no timer's minimum delay). */
function nextTurn(): Promise<void> {
  const later = (globalThis as { setImmediate?: (f: () => void) => void }).setImmediate ?? ((f: () => void) => setTimeout(f, 0));
  return new Promise((r) => later(r));
}

/**
 * Every commune source read, in the order given. One at a time on this thread (a file's bytes are dropped
 * before the next is loaded); with `readers`, lazy files with a path are also handed to them, this thread
 * reading alongside, so that at most readers.size + 1 files are open at once.
 */
async function readAll(
  communes: CommuneInput[],
  plan: Plan | null,
  input: PipelineInput,
  progress: (p: PipelineProgress) => void,
): Promise<(CommuneReport | SkippedInput)[]> {
  const total = communes.length;
  const out: (CommuneReport | SkippedInput)[] = new Array(total);
  let next = 0;
  let done = 0;
  const lane = async (here: boolean): Promise<void> => {
    while (next < total) {
      const i = next++;
      const c = communes[i];
      if (here) progress({ stage: 'read', file: inputName(c), done, total });
      const away = !here && isLazyInputFile(c) && c.path ? input.readers!.read(c as LazyInputFile & { path: string }, plan) : null;
      out[i] = await (away ?? readCommuneInput(c, plan, input.limits));
      done++;
      // a source the other threads could not take was read here: that lane stops
      if (!here && !away) return;
      // let the other threads' answers in (they come as events, after this thread's pending promises)
      if (here && input.readers) await nextTurn();
    }
  };
  const lanes = [lane(true)];
  for (let k = 0; k < (input.readers?.size ?? 0); k++) lanes.push(lane(false));
  await Promise.all(lanes);
  return out;
}

export async function runPipeline(input: PipelineInput & { streamSheets?: false }): Promise<PipelineResult>;
export async function runPipeline(input: PipelineInput): Promise<PipelineResult<WritableSheet>>;
export async function runPipeline(input: PipelineInput): Promise<PipelineResult<WritableSheet>> {
  const lang = input.lang ?? 'vi';
  const communes = input.communes ?? [];
  const total = communes.length;
  const skipped: SkippedInput[] = [...(input.skipped ?? [])];
  const progress = input.onProgress ?? (() => undefined);

  progress({ stage: 'plan', file: input.plan ? inputName(input.plan) : undefined, done: 0, total });
  const { plan, issues: planIssues } = input.planRead ?? (await loadPlan(input));

  const communeReports: CommuneReport[] = [];
  for (const r of await readAll(communes, plan, input, progress)) {
    if ('issue' in r) skipped.push(r);
    else communeReports.push(r);
  }

  const previous = input.previous?.length ? await loadPrevious(input.previous, plan, input.limits) : null;
  progress({ stage: 'consolidate', done: total, total });
  const report = consolidate({
    communes: communeReports,
    plan,
    planIssues,
    period: input.period ?? null,
    issuer: input.issuer,
    now: input.now,
    lang,
    ...(previous ? { previous: previous.reports, planIssues: [...planIssues, ...previous.issues] } : {}),
  });
  if (skipped.length) addSkipped(report, skipped);
  progress({ stage: 'write', done: total, total });
  const sheets = input.sheetsLater ? [] : input.streamSheets ? buildSheetsForWriting(report, lang) : buildSheets(report, lang);
  return { report, sheets, communeReports, plan };
}

/** Files skipped before reading: in `files` (status 'skipped', never a commune) and their issues among the report's. */
function addSkipped(report: Report, skipped: SkippedInput[]): void {
  const perFile = new Map<string, number>();
  for (const s of skipped) perFile.set(s.file, (perFile.get(s.file) ?? 0) + 1);
  const seen = new Set<string>();
  const files = [...(report.files ?? [])];
  for (const s of skipped) {
    if (seen.has(s.file)) continue;
    seen.add(s.file);
    files.push({ file: s.file, commune: null, status: 'skipped', issues: perFile.get(s.file) ?? 0 });
  }
  report.files = files;
  report.issues = sortIssues([...report.issues, ...skipped.map((s) => s.issue)]);
}

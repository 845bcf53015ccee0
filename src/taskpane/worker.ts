/**
 * The task pane's Web Worker: reads the workbooks and runs the pipeline off the UI thread, so the
 * pane stays responsive with 200 files. It holds each source as Grids, parsed once when added (to list it
 * again when the plan changes, and for the run), and answers with plain data (protocol.ts).
 *
 * The message handling is `createWorkerCore`, a plain object that Node tests drive directly; the
 * last lines attach it to the worker's global scope when running as a worker.
 */
import type { InputFile, Issue, Lang, Plan, Report } from '../types';
import { loadPlan, readGridSource, runPipeline, type GridSource } from '../pipeline';
import { jsonChunks, reportToJsonForWriting } from '../write/json';
import { writeXlsx } from '../xlsx/write';
import { buildNarrative } from '../write/narrative';
import { materialize } from '../write/sheets';
import { withoutCommunes } from '../core/results';
import { SHORTFALLS_SHOWN, errText, moreBehind, summarizeCommune, summarizePlan, worstShortfalls, type PlanSummary, type SourceSummary } from './model';
import type { FromWorker, PlanInput, ReportView, ToWorker } from './protocol';
import { bytesOf } from './file-reads';
import { encodePieces } from '../util/utf8-pieces';
import { inlineParser, ParsePool, portParser, type Parser } from './parse-pool';
import type { ParseItem } from './parse';

type Post = (msg: FromWorker, transfer?: Transferable[]) => void;

/** An ArrayBuffer holding exactly the bytes (for transfer). */
function exactBuffer(x: unknown): ArrayBuffer {
  if (x instanceof ArrayBuffer) return x;
  if (ArrayBuffer.isView(x)) {
    const v = x as ArrayBufferView;
    return (v.buffer as ArrayBuffer).slice(v.byteOffset, v.byteOffset + v.byteLength);
  }
  throw new Error('xlsx: unexpected output type');
}

export interface WorkerCore {
  /** Handle one message. Messages are handled one after another, in the order given. */
  handle(msg: ToWorker): Promise<void>;
  /** The sources held, in the order added (for tests). */
  sourceIds(): string[];
  /** The whole Report of the last run, which the page gets only as a ReportView (for tests). */
  lastReport(): Report | null;
}

/**
 * What the worker holds. Every source is kept as Grids (a file is parsed once, when added) with the
 * CommuneReport its listing made against the current plan: the run reuses both, reading nothing again.
 */
interface WorkerState {
  /** Posts a message to the page, the sources listed before it first. */
  post: Post;
  listing: SourceBatch;
  sources: Map<string, GridSource>;
  planGrids: GridSource | null;
  /** The plan read from planGrids, and its issues. */
  planRead: { plan: Plan | null; issues: Issue[] } | null;
  /** Last year's files and sheets ("Số liệu cùng kỳ"), given to every run. */
  previous: { files: InputFile[]; grids: GridSource[] };
  /** Turns the commune files into Grids: in this worker, or in parse workers beside it. */
  parser: Parser<ParseItem>;
  /** The last run's whole Report (the page gets its ReportView): the Word download's narrative is made from it. */
  lastRun: { runId: number; report: Report } | null;
}

/** What the page shows of a report (protocol.ts): no per-commune results, only the shortfalls listed. */
export function reportView(report: Report): ReportView {
  const { indicators, shortfalls, ...rest } = report;
  const worst = worstShortfalls(shortfalls, SHORTFALLS_SHOWN);
  return {
    ...rest,
    indicators: indicators.map(withoutCommunes),
    shortfalls: worst,
    shortfallsMore: moreBehind(shortfalls, worst),
  };
}

/** Read a source against the current plan and list it (the report is kept for the run). */
function postSummary(st: WorkerState, id: string, src: GridSource): void {
  const plan = st.planRead?.plan ?? null;
  let summary: SourceSummary;
  try {
    const report = readGridSource({ ...src, read: undefined }, plan);
    src.read = { plan, report };
    summary = summarizeCommune(report);
  } catch (e) {
    // The readers never throw by contract; should one do, the source still gets a line.
    src.read = undefined;
    const msg = errText(e);
    summary = {
      file: src.file,
      commune: null,
      period: null,
      values: 0,
      problems: 1,
      errors: 1,
      sheets: [],
      unreadable: { vi: `Lỗi khi đọc: ${msg}`, en: `Error while reading: ${msg}` },
    };
  }
  st.listing.add(id, summary);
}

/** How long listed sources may wait to be posted together while the worker reads more. */
const BATCH_MS = 50;

/**
 * The sources listed since the last 'sources' message. Each line used to be a message of its own, with a
 * 'reading' message before it: 400 messages for 200 files, each a task on the page's busy main thread.
 */
class SourceBatch {
  private listed: { id: string; summary: SourceSummary }[] = [];
  private last = -Infinity;

  constructor(private readonly post: Post) {}

  add(id: string, summary: SourceSummary): void {
    this.listed.push({ id, summary });
  }

  /** The worker starts on a source: posted, with the sources listed so far, when the last post is BATCH_MS old. */
  reading(id: string, name: string): void {
    if (performance.now() - this.last >= BATCH_MS) this.flush({ id, name });
  }

  /** Post what was listed (and the source being read), if anything. */
  flush(reading?: { id: string; name: string }): void {
    if (this.listed.length === 0 && !reading) return;
    const listed = this.listed;
    this.listed = [];
    this.last = performance.now();
    this.post(reading ? { type: 'sources', listed, reading } : { type: 'sources', listed });
  }
}

async function setPlan(st: WorkerState, p: PlanInput): Promise<void> {
  let summary: PlanSummary | null = null;
  if (p.kind === 'none') {
    st.planGrids = null;
    st.planRead = null;
  } else {
    let grids: GridSource;
    if (p.kind === 'file') {
      // Parsed once: the run reuses these grids and the plan read from them. By a parse worker when there is one:
      // this worker meanwhile hands the commune files chosen next to the parse workers.
      const read = await st.parser.take({ name: p.name, data: p.data, blob: p.blob, plan: true });
      if (read.readError !== undefined) throw new Error(read.readError);
      grids = { file: p.name, grids: read.grids, issues: read.issues };
    } else {
      grids = { file: p.source.file, grids: p.source.grids, commune: p.source.commune };
    }
    st.planGrids = grids;
    st.planRead = await loadPlan({ plan: grids });
    summary = summarizePlan(grids.file, st.planRead.plan, st.planRead.issues);
  }
  st.post({ type: 'plan', summary });
  // Commune names are recognised against the plan's: list every source again.
  for (const [id, src] of st.sources) {
    st.listing.reading(id, src.file);
    postSummary(st, id, src);
  }
}

type AddFile = Extract<ToWorker, { type: 'addFile' }>;

async function addFile(st: WorkerState, msg: AddFile): Promise<void> {
  st.listing.reading(msg.id, msg.name);
  const { grids, issues, readError } = await st.parser.take(msg);
  if (readError !== undefined) st.post({ type: 'failed', id: msg.id, message: readError });
  const src: GridSource = { file: msg.name, grids, issues };
  st.sources.set(msg.id, src);
  postSummary(st, msg.id, src);
}

/**
 * The JSON download as the command line writes it (compact, streamed: never one string of the whole report),
 * encoded as it is made into parts of about 1 MB; the Blob goes to the page without copying.
 */
function jsonBlob(report: Report, lang: Lang): Blob {
  const parts: Uint8Array[] = [];
  const text = function* () {
    yield* jsonChunks(reportToJsonForWriting(report, lang), 0);
    yield '\n';
  };
  encodePieces(text(), (bytes) => parts.push(bytes.slice()));
  return new Blob(parts as BlobPart[], { type: 'application/json' });
}

async function run(st: WorkerState, msg: Extract<ToWorker, { type: 'run' }>): Promise<void> {
  // Files were parsed (and read against the plan) when added: reused, never parsed again.
  const communeGrids = msg.ids.map((id) => st.sources.get(id)).filter((s): s is GridSource => !!s);
  // The sheets are for Excel only: in the browser the workbook below carries them (no copy to the page), and
  // its long sheets are then made as they are written.
  const withSheets = msg.outputs.sheets ?? true;
  const { report, sheets } = await runPipeline({
    streamSheets: !withSheets,
    communes: communeGrids,
    plan: st.planGrids,
    planRead: st.planRead,
    period: msg.period,
    issuer: msg.issuer,
    lang: msg.lang,
    ...(st.previous.files.length || st.previous.grids.length ? { previous: [...st.previous.files, ...st.previous.grids] } : {}),
    onProgress: (p) => st.post({ type: 'progress', runId: msg.runId, stage: p.stage, file: p.file, done: p.done, total: p.total }),
  });
  st.lastRun = { runId: msg.runId, report };
  // The result first: the page draws it while the downloads are made here (on two cores, side by side).
  const downloads = !!(msg.outputs.xlsx || msg.outputs.json);
  st.post({ type: 'result', runId: msg.runId, report: reportView(report), sheets: withSheets ? sheets.map(materialize) : [], ...(downloads ? { downloads: true as const } : {}) });
  if (!downloads) return;
  let xlsx: ArrayBuffer | undefined;
  let json: Blob | undefined;
  try {
    xlsx = msg.outputs.xlsx ? exactBuffer(await writeXlsx(sheets)) : undefined;
    json = msg.outputs.json ? jsonBlob(report, msg.lang) : undefined;
  } catch (e) {
    // the result stands (it is drawn already): only the files are missing, and the page says so
    st.post({ type: 'downloads', runId: msg.runId, error: errText(e) });
    return;
  }
  st.post({ type: 'downloads', runId: msg.runId, json, xlsx }, xlsx ? [xlsx] : []);
}

async function handleOne(st: WorkerState, msg: ToWorker): Promise<void> {
  switch (msg.type) {
    case 'addFile':
      return addFile(st, msg);
    case 'addFiles':
    case 'parsers':
    case 'parserLost':
      throw new Error(`${msg.type} is handled when it arrives`);
    case 'addGrids': {
      st.listing.reading(msg.id, msg.source.file);
      const src: GridSource = { file: msg.source.file, grids: msg.source.grids, commune: msg.source.commune };
      st.sources.set(msg.id, src);
      postSummary(st, msg.id, src);
      return;
    }
    case 'remove':
      for (const id of msg.ids) st.sources.delete(id);
      return;
    case 'setPlan':
      return setPlan(st, msg.plan);
    case 'setPrevious': {
      const files: InputFile[] = [];
      for (const f of msg.files) files.push({ name: f.name, data: await bytesOf(f.data, f.blob) });
      st.previous = { files, grids: msg.grids.map((g) => ({ file: g.file, grids: g.grids, commune: g.commune })) };
      return;
    }
    case 'run':
      return run(st, msg);
    case 'narrative': {
      const last = st.lastRun;
      if (!last || last.runId !== msg.runId) throw new Error(`narrative: no result of run ${msg.runId}`);
      const narrative = buildNarrative({ ...last.report, issuer: msg.issuer || last.report.issuer }, msg.lang);
      st.post({ type: 'narrative', runId: msg.runId, narrative });
      return;
    }
  }
}

/** parser: who parses the commune files (default: this worker itself). */
export function createWorkerCore(postToPage: Post, opts: { parser?: Parser<ParseItem> } = {}): WorkerCore {
  const listing = new SourceBatch(postToPage);
  // Every other message goes after the sources listed before it.
  const post: Post = (msg, transfer) => {
    listing.flush();
    postToPage(msg, transfer);
  };
  const st: WorkerState = { post, listing, sources: new Map(), planGrids: null, planRead: null, previous: { files: [], grids: [] }, parser: opts.parser ?? inlineParser<ParseItem>(), lastRun: null };
  let queue: Promise<void> = Promise.resolve();
  /** Messages queued and not yet handled: at 0 the sources listed are posted at once. */
  let waiting = 0;
  const enqueue = (msg: ToWorker): Promise<void> => {
    waiting++;
    const next = queue.then(async () => {
      try {
        await handleOne(st, msg);
      } catch (e) {
        post({
          type: 'failed',
          runId: msg.type === 'run' ? msg.runId : undefined,
          id: msg.type === 'addFile' || msg.type === 'addGrids' ? msg.id : undefined,
          message: errText(e),
        });
      }
      if (--waiting === 0) listing.flush();
    });
    queue = next;
    return next;
  };
  const core: WorkerCore = {
    handle(msg: ToWorker): Promise<void> {
      // the parse workers' ports and failures: at once, not after the messages before (which may wait on them)
      if (msg.type === 'parsers') {
        if (msg.ports.length > 0) st.parser = new ParsePool<ParseItem>(msg.ports.map(portParser));
        return Promise.resolve();
      }
      if (msg.type === 'parserLost') {
        if (st.parser instanceof ParsePool) st.parser.lost(msg.index);
        return Promise.resolve();
      }
      if (msg.type === 'addFiles') {
        const adds: AddFile[] = msg.files.map((f) => ({ type: 'addFile', ...f }));
        st.parser.queue(adds);
        return Promise.all(adds.map((a) => enqueue(a))).then(() => undefined);
      }
      if (msg.type === 'addFile') st.parser.queue([msg]);
      return enqueue(msg);
    },
    sourceIds: () => [...st.sources.keys()],
    lastReport: () => st.lastRun?.report ?? null,
  };
  return core;
}

// Running as a worker: wire the core to the global scope.
const WGS = (globalThis as { WorkerGlobalScope?: abstract new () => object }).WorkerGlobalScope;
if (typeof WGS === 'function' && globalThis instanceof WGS) {
  const scope = globalThis as unknown as { postMessage(m: unknown, t?: Transferable[]): void; onmessage: ((e: MessageEvent) => void) | null };
  const core = createWorkerCore((m, t) => scope.postMessage(m, t ?? []));
  scope.onmessage = (e: MessageEvent) => void core.handle(e.data as ToWorker);
}

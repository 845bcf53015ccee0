/**
 * The task pane's Web Worker: reads the workbooks and runs the pipeline off the UI thread, so the
 * pane stays responsive with 200 files. It holds the sources' bytes (and their Grids, to list each
 * source again when the plan changes) and answers with plain data (protocol.ts).
 *
 * The message handling is `createWorkerCore`, a plain object that Node tests drive directly; the
 * last lines attach it to the worker's global scope when running as a worker.
 */
import type { Grid, InputFile, Issue, Plan } from '../types';
import { readWorkbookFile } from '../xlsx/read-any';
import { readCommune } from '../read/commune';
import { loadPlan, ownOutputIssue, runPipeline, type GridSource } from '../pipeline';
import { reportToJson } from '../write/json';
import { writeXlsx } from '../xlsx/write';
import { errText, summarizeCommune, summarizePlan, type PlanSummary, type SourceSummary } from './model';
import type { FromWorker, PlanInput, ToWorker } from './protocol';

type Post = (msg: FromWorker, transfer?: Transferable[]) => void;

interface FileSource {
  kind: 'file';
  id: string;
  name: string;
  data: Uint8Array;
  /** Parsed once, for listing (adapter issues kept beside). */
  grids: Grid[];
  readIssues: Issue[];
}

interface GridsSource {
  kind: 'grids';
  id: string;
  source: GridSource;
}

type Source = FileSource | GridsSource;

async function bytesOf(data: ArrayBuffer | undefined, blob: Blob | undefined): Promise<Uint8Array> {
  if (data) return new Uint8Array(data);
  if (blob) return new Uint8Array(await blob.arrayBuffer());
  return new Uint8Array(0);
}

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
}

export function createWorkerCore(post: Post): WorkerCore {
  const sources = new Map<string, Source>();
  let planInput: { grids?: GridSource } = {};
  let plan: Plan | null = null;
  /** Last year's files and sheets ("Số liệu cùng kỳ"), given to every run. */
  let previous: { files: InputFile[]; grids: GridSource[] } = { files: [], grids: [] };
  let queue: Promise<void> = Promise.resolve();

  function summarize(s: Source): SourceSummary {
    if (s.kind === 'file') {
      const rep = readCommune(s.grids, { file: s.name, plan });
      rep.issues.unshift(...s.readIssues);
      return summarizeCommune(rep);
    }
    return summarizeCommune(readCommune(s.source.grids, { file: s.source.file, plan, commune: s.source.commune }));
  }

  function postSummary(s: Source) {
    let summary: SourceSummary;
    try {
      summary = summarize(s);
    } catch (e) {
      // The readers never throw by contract; should one do, the source still gets a line.
      const msg = errText(e);
      summary = {
        file: s.kind === 'file' ? s.name : s.source.file,
        commune: null,
        period: null,
        values: 0,
        problems: 1,
        errors: 1,
        sheets: [],
        unreadable: { vi: `Lỗi khi đọc: ${msg}`, en: `Error while reading: ${msg}` },
      };
    }
    post({ type: 'source', id: s.id, summary });
  }

  async function setPlan(p: PlanInput) {
    let summary: PlanSummary | null = null;
    if (p.kind === 'none') {
      planInput = {};
      plan = null;
    } else if (p.kind === 'file') {
      const file: InputFile = { name: p.name, data: await bytesOf(p.data, p.blob) };
      // Parsed once: the run reuses these grids.
      const { grids, issues } = await readWorkbookFile(file);
      planInput = { grids: { file: p.name, grids, issues } };
      const res = await loadPlan({ planGrids: planInput.grids });
      plan = res.plan;
      summary = summarizePlan(p.name, res.plan, res.issues);
    } else {
      const grids: GridSource = { file: p.source.file, grids: p.source.grids, commune: p.source.commune };
      planInput = { grids };
      const res = await loadPlan({ planGrids: grids });
      plan = res.plan;
      summary = summarizePlan(p.source.file, res.plan, res.issues);
    }
    post({ type: 'plan', summary });
    // Commune names are recognised against the plan's: list every source again.
    for (const s of sources.values()) postSummary(s);
  }

  async function handleOne(msg: ToWorker): Promise<void> {
    switch (msg.type) {
      case 'addFile': {
        post({ type: 'reading', id: msg.id, name: msg.name });
        let data: Uint8Array;
        try {
          data = await bytesOf(msg.data, msg.blob);
        } catch (e) {
          data = new Uint8Array(0);
          post({ type: 'failed', id: msg.id, message: errText(e) });
        }
        // tonghop's own output among the communes' files is never read as a commune (issue 9)
        const own = await ownOutputIssue(msg.name, data);
        const { grids, issues } = own ? { grids: [] as Grid[], issues: [own] } : await readWorkbookFile({ name: msg.name, data });
        const s: FileSource = { kind: 'file', id: msg.id, name: msg.name, data, grids, readIssues: issues };
        sources.set(msg.id, s);
        postSummary(s);
        return;
      }
      case 'addGrids': {
        post({ type: 'reading', id: msg.id, name: msg.source.file });
        const s: GridsSource = { kind: 'grids', id: msg.id, source: { file: msg.source.file, grids: msg.source.grids, commune: msg.source.commune } };
        sources.set(msg.id, s);
        postSummary(s);
        return;
      }
      case 'remove':
        for (const id of msg.ids) sources.delete(id);
        return;
      case 'setPlan':
        await setPlan(msg.plan);
        return;
      case 'setPrevious': {
        const files: InputFile[] = [];
        for (const f of msg.files) files.push({ name: f.name, data: await bytesOf(f.data, f.blob) });
        previous = { files, grids: msg.grids.map((g) => ({ file: g.file, grids: g.grids, commune: g.commune })) };
        return;
      }
      case 'run': {
        const picked = msg.ids.map((id) => sources.get(id)).filter((s): s is Source => !!s);
        // Files were parsed when added: their grids (and reading issues) are reused, never parsed again.
        const communeGrids: GridSource[] = picked.map((s) => (s.kind === 'file' ? { file: s.name, grids: s.grids, issues: s.readIssues } : s.source));
        const { report, sheets } = await runPipeline({
          communeGrids,
          planGrids: planInput.grids ?? null,
          period: msg.period,
          issuer: msg.issuer,
          lang: msg.lang,
          ...(previous.files.length ? { previousSources: previous.files } : {}),
          ...(previous.grids.length ? { previousGrids: previous.grids } : {}),
          onProgress: (p) => post({ type: 'progress', runId: msg.runId, stage: p.stage, file: p.file, done: p.done, total: p.total }),
        });
        let json: string | undefined;
        let xlsx: ArrayBuffer | undefined;
        if (msg.outputs.json) {
          const j: unknown = reportToJson(report, msg.lang);
          json = typeof j === 'string' ? j : JSON.stringify(j, null, 2);
        }
        if (msg.outputs.xlsx) xlsx = exactBuffer(await writeXlsx(sheets));
        post({ type: 'result', runId: msg.runId, report, sheets, json, xlsx }, xlsx ? [xlsx] : []);
        return;
      }
    }
  }

  return {
    handle(msg: ToWorker) {
      const next = queue.then(async () => {
        try {
          await handleOne(msg);
        } catch (e) {
          post({
            type: 'failed',
            runId: msg.type === 'run' ? msg.runId : undefined,
            id: msg.type === 'addFile' || msg.type === 'addGrids' ? msg.id : undefined,
            message: errText(e),
          });
        }
      });
      queue = next;
      return next;
    },
    sourceIds: () => [...sources.keys()],
  };
}

// Running as a worker: wire the core to the global scope.
const WGS = (globalThis as { WorkerGlobalScope?: abstract new () => object }).WorkerGlobalScope;
if (typeof WGS === 'function' && globalThis instanceof WGS) {
  const scope = globalThis as unknown as { postMessage(m: unknown, t?: Transferable[]): void; onmessage: ((e: MessageEvent) => void) | null };
  const core = createWorkerCore((m, t) => scope.postMessage(m, t ?? []));
  scope.onmessage = (e: MessageEvent) => void core.handle(e.data as ToWorker);
}

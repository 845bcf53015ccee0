/**
 * Messages between the task pane (main thread) and its Web Worker (worker.ts).
 * Everything here is structured-clone data; file bytes travel as transferred ArrayBuffers
 * (or as the File/Blob itself, which the worker reads).
 */
import type { Grid, IndicatorResult, Lang, Period, Report, SheetSpec, Shortfall } from '../types';
import type { Narrative } from '../write/narrative';
import type { PlanSummary, SourceSummary } from './model';

/**
 * What the page gets of a run's Report: all it shows (result-view.ts, the source lines, the run's key in Excel),
 * without the bulk it does not: each indicator's per-commune results (200 communes × 80 indicators = 16,000) and
 * the shortfalls past those the result box lists. Cloning the whole Report to the page cost more than drawing it.
 * The whole Report stays in the worker, for the Word download's narrative ('narrative').
 */
export type ReportView = Omit<Report, 'indicators' | 'shortfalls'> & {
  indicators: Omit<IndicatorResult, 'communes'>[];
  /** The worst shortfalls, as many as the result box lists (model.ts: SHORTFALLS_SHOWN, worstShortfalls). */
  shortfalls: Shortfall[];
  /** What the result box leaves to the shortfalls sheet (model.ts: moreBehind). */
  shortfallsMore: { indicators: number; rows: number };
};

export interface GridSourceMsg {
  file: string;
  grids: Grid[];
  commune?: string;
}

export type PlanInput =
  | { kind: 'none' }
  | { kind: 'file'; name: string; data?: ArrayBuffer; blob?: Blob }
  | { kind: 'grids'; source: GridSourceMsg };

export type ToWorker =
  /** A commune workbook: the bytes, or the Blob (File) for the worker to read. */
  | { type: 'addFile'; id: string; name: string; data?: ArrayBuffer; blob?: Blob }
  /** Several commune workbooks in one message (the pane's file picker): handled as addFile each, in order. */
  | { type: 'addFiles'; files: { id: string; name: string; data?: ArrayBuffer; blob?: Blob }[] }
  /** A sheet (or sheets) of the open workbook, already read as Grids. */
  | { type: 'addGrids'; id: string; source: GridSourceMsg }
  | { type: 'remove'; ids: string[] }
  | { type: 'setPlan'; plan: PlanInput }
  /** Last year's files ("Số liệu cùng kỳ"), the whole list each time it changes: files (bytes or Blob) and sheets as Grids. */
  | { type: 'setPrevious'; files: { name: string; data?: ArrayBuffer; blob?: Blob }[]; grids: GridSourceMsg[] }
  | {
      type: 'run';
      runId: number;
      /** The sources to consolidate, in the pane's order. */
      ids: string[];
      period: Period | null;
      /** The pane's "Đơn vị" field: the issuing body of the workbook's heading and narrative (else the plan's). */
      issuer?: string;
      lang: Lang;
      /** Make the downloads (browser mode); sheets: post the result's sheets back (Excel mode; default true). */
      outputs: { xlsx: boolean; json: boolean; sheets?: boolean };
    }
  /** The narrative of the run's report (the Word download), with the pane's "Đơn vị" and language at the time of asking. */
  | { type: 'narrative'; runId: number; lang: Lang; issuer?: string }
  /** The ports of the parse workers the page started (parse-workers.ts): the first message, handled at once. */
  | { type: 'parsers'; ports: MessagePort[] }
  /** The parse worker of the index-th port failed: its files are parsed elsewhere (handled at once). */
  | { type: 'parserLost'; index: number };

export type FromWorker =
  /**
   * Sources listed since the last message of this kind, in the order read: a batch, so that 200 files make
   * a few dozen messages (and redraws of the page), not 400. Posted when the worker starts on a source and the
   * last one is 50 ms old (`reading` names that source, for the progress line), before any other message
   * (so messages keep their order), and when the worker has nothing left to do.
   */
  | { type: 'sources'; listed: { id: string; summary: SourceSummary }[]; reading?: { id: string; name: string } }
  | { type: 'plan'; summary: PlanSummary | null }
  | { type: 'progress'; runId: number; stage: string; file?: string; done: number; total: number }
  /**
   * The run's result, as soon as it is consolidated: drawn at once. `downloads` says the workbook and the JSON
   * asked for are being made: they follow in a 'downloads' message of the same run.
   */
  | { type: 'result'; runId: number; report: ReportView; sheets: SheetSpec[]; downloads?: true }
  /** The run's downloads (only those asked for), or why they could not be made. */
  | { type: 'downloads'; runId: number; json?: Blob; xlsx?: ArrayBuffer; error?: string }
  | { type: 'narrative'; runId: number; narrative: Narrative }
  | { type: 'failed'; runId?: number; id?: string; message: string };

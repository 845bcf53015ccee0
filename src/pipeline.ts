/**
 * The one pipeline every shell runs (DESIGN.md):
 *   files / open sheets ─▶ Grid ─▶ CommuneReport[] + Plan ─▶ consolidate ─▶ Report ─▶ SheetSpec[]
 * Shells (command line, task pane, web worker) call runPipeline and apply the SheetSpecs with an adapter.
 * No I/O here beyond parsing the bytes handed in.
 */
import type { CommuneReport, Grid, InputFile, Issue, Lang, Period, Plan, Report, SheetSpec } from './types';
import { readWorkbookFile } from './xlsx/read-any';
import type { ReadLimits } from './xlsx/limits';
import { readCommune } from './read/commune';
import { readPlan } from './read/plan';
import { consolidate } from './core/consolidate';
import { buildSheets } from './write/sheets';

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
}

export interface PipelineInput {
  communeFiles?: InputFile[];
  communeGrids?: GridSource[];
  planFile?: InputFile | null;
  planGrids?: GridSource | null;
  /** The user's correction of the period. */
  period?: Period | null;
  lang?: Lang;
  now?: Date;
  limits?: Partial<ReadLimits>;
  onProgress?: (p: PipelineProgress) => void;
}

export interface PipelineResult {
  report: Report;
  sheets: SheetSpec[];
  communeReports: CommuneReport[];
  plan: Plan | null;
}

/** Read the plan (if any), from bytes or grids. Issues go into the returned list. */
export async function loadPlan(input: Pick<PipelineInput, 'planFile' | 'planGrids' | 'limits'>): Promise<{ plan: Plan | null; issues: Issue[] }> {
  if (input.planGrids) {
    const res = readPlan(input.planGrids.grids, input.planGrids.file);
    return input.planGrids.issues?.length ? { plan: res.plan, issues: [...input.planGrids.issues, ...res.issues] } : res;
  }
  if (!input.planFile) return { plan: null, issues: [] };
  const { grids, issues } = await readWorkbookFile(input.planFile, input.limits);
  const res = readPlan(grids, input.planFile.name);
  return { plan: res.plan, issues: [...issues, ...res.issues] };
}

/** Read one commune file into a CommuneReport (never throws: problems become issues). */
export async function loadCommune(file: InputFile, plan: Plan | null, limits?: Partial<ReadLimits>): Promise<CommuneReport> {
  const { grids, issues } = await readWorkbookFile(file, limits);
  const rep = readCommune(grids, { file: file.name, plan });
  rep.issues.unshift(...issues);
  return rep;
}

export async function runPipeline(input: PipelineInput): Promise<PipelineResult> {
  const lang = input.lang ?? 'vi';
  const files = input.communeFiles ?? [];
  const gridSources = input.communeGrids ?? [];
  const total = files.length + gridSources.length;
  const progress = input.onProgress ?? (() => undefined);

  progress({ stage: 'plan', file: input.planFile?.name ?? input.planGrids?.file, done: 0, total });
  const { plan, issues: planIssues } = await loadPlan(input);

  const communeReports: CommuneReport[] = [];
  let done = 0;
  for (const f of files) {
    progress({ stage: 'read', file: f.name, done, total });
    communeReports.push(await loadCommune(f, plan, input.limits));
    done++;
  }
  for (const g of gridSources) {
    progress({ stage: 'read', file: g.file, done, total });
    const rep = readCommune(g.grids, { file: g.file, plan, commune: g.commune });
    if (g.issues?.length) rep.issues.unshift(...g.issues);
    communeReports.push(rep);
    done++;
  }

  progress({ stage: 'consolidate', done, total });
  const report = consolidate({
    communes: communeReports,
    plan,
    planIssues,
    period: input.period ?? null,
    now: input.now,
    lang,
  });
  progress({ stage: 'write', done, total });
  const sheets = buildSheets(report, lang);
  return { report, sheets, communeReports, plan };
}

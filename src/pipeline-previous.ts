/**
 * Last year's files in the pipeline (FORMATS.md "Last year's files and the 2025 merger"): bytes or grids →
 * PreviousReports. A workbook carrying tonghop's output mark is last year's consolidated workbook (its "Chi tiết xã"
 * gives the parent's and every commune's actual); any other file is read by the commune reader (readCommune) —
 * a commune's report of last year, or a plain parent-level table. Never throws: problems become issues.
 */
import type { Grid, InputFile, Issue, Plan, PreviousReport } from './types';
import type { GridSource, LazyInputFile } from './pipeline';
import { readWorkbookFile } from './xlsx/read-any';
import type { ReadLimits } from './xlsx/limits';
import { outputMark } from './xlsx/marker';
import { sheetNames } from './write/labels';
import { mkIssue } from './util/issues';
import { readCommune } from './read/commune';
import { previousFromCommune, previousPlan, readConsolidated } from './read/previous';

/** A source of last year: bytes at hand, fetched when its turn comes (the command line), or sheets of the open workbook. */
export type PreviousInput = InputFile | LazyInputFile | GridSource;

function outputSets(): string[][] {
  return (['vi', 'en'] as const).map((l) => Object.values(sheetNames(l)));
}

/** Grids of one file of last year → its PreviousReports. `consolidated`: the file carries tonghop's mark. */
export function previousFromGrids(grids: Grid[], file: string, plan: Plan | null, consolidated: boolean, issues: Issue[] = [], commune?: string): PreviousReport[] {
  if (consolidated) {
    const units = readConsolidated(grids, file);
    if (units) {
      if (units[0]) units[0].issues.push(...issues);
      return units;
    }
  }
  const rep = readCommune(grids, { file, plan: previousPlan(plan), commune });
  rep.issues.unshift(...issues);
  return [previousFromCommune(rep)];
}

async function bytesOf(f: InputFile | LazyInputFile): Promise<Uint8Array | Issue> {
  if ('data' in f) return f.data;
  try {
    const d = await f.load();
    return d instanceof Uint8Array ? d : d.skip;
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return mkIssue({ severity: 'error', code: 'unreadable_file', vi: `Không đọc được tệp cùng kỳ '${f.name}' (${why})`, en: `Cannot read last year's file '${f.name}' (${why})`, file: f.name });
  }
}

/** Every source of last year, in the order given → PreviousReports and the issues of files that could not be read. */
export async function loadPrevious(sources: readonly PreviousInput[], plan: Plan | null, limits?: Partial<ReadLimits>): Promise<{ reports: PreviousReport[]; issues: Issue[] }> {
  const reports: PreviousReport[] = [];
  const issues: Issue[] = [];
  for (const f of sources) {
    if ('grids' in f) {
      const marked = f.grids.some((x) => /^(?:chi tiết xã|by commune)$/i.test(x.sheet.normalize('NFC')));
      reports.push(...previousFromGrids(f.grids, f.file, plan, marked, f.issues ?? [], f.commune));
      continue;
    }
    const data = await bytesOf(f);
    if (!(data instanceof Uint8Array)) { issues.push(data); continue; }
    const marked = (await outputMark(data, outputSets())) !== null;
    const read = await readWorkbookFile({ name: f.name, data }, limits);
    reports.push(...previousFromGrids(read.grids, f.name, plan, marked, read.issues));
  }
  for (const r of reports) issues.push(...r.issues);
  return { reports, issues };
}

/**
 * The pane's few dealings with the open workbook, each one Excel.run around an adapter call
 * (src/excel-api/read.ts, excel-api-write.ts). Only used in Excel mode.
 */
import type { Grid, Issue, SheetSpec } from '../types';
import { gridsFromOpenWorkbook, listSheetInfo, selectCell } from '../excel-api/read';
import { writeSheetsToExcel } from '../excel-api/write';

type Ctx = Excel.RequestContext;

function excelRun<T>(fn: (ctx: Ctx) => Promise<T>): Promise<T> {
  return Excel.run(fn);
}

/**
 * The sheets a user may take as input, in tab order: visible ones that tonghop did not write
 * (its own output sheets carry a marker).
 */
export async function sheetNamesOfWorkbook(): Promise<string[]> {
  const info = await excelRun((ctx) => listSheetInfo(ctx));
  return info.filter((s) => s.visible && !s.tonghop).map((s) => s.name);
}

/** The given sheets as Grids (one per sheet found) and the problems met reading them. */
export async function readSheets(sheets: string[]): Promise<{ grids: Grid[]; issues: Issue[] }> {
  const res = await excelRun((ctx) => gridsFromOpenWorkbook(ctx, { sheets }));
  return { grids: res.grids, issues: res.issues };
}

/** Activate the sheet and select the cell; false when the sheet is gone or hidden. */
export async function goToCell(sheet: string, cell: string): Promise<boolean> {
  return excelRun((ctx) => selectCell(ctx, sheet, cell));
}

export interface WriteOutcome {
  names: string[];
  /** The user chose to keep an earlier run's sheets. */
  kept: boolean;
  /** The user cancelled when asked: nothing was written. */
  cancelled: boolean;
  replaced: string[];
  syncs: number;
  /** What this Excel's API sets did not allow (page setup below 1.9…), one line per kind naming the sheets. */
  notes: { vi: string; en: string }[];
}

/** The writer's per-sheet notes ("Sheet 'X': …") as one line per kind: "… (X, Y)". */
export function groupNotes(notes: Issue[]): { vi: string; en: string }[] {
  const byText = new Map<string, { vi: string; en: string; sheets: string[] }>();
  const strip = (m: string) => m.replace(/^Sheet '[^']*': /, '');
  for (const n of notes) {
    const vi = strip(n.message), en = strip(n.messageEn ?? n.message);
    const g = byText.get(en) ?? { vi, en, sheets: [] };
    byText.set(en, g);
    if (n.sheet) g.sheets.push(n.sheet);
  }
  return [...byText.values()].map((g) => (g.sheets.length ? { vi: `${g.vi} (${g.sheets.join(', ')})`, en: `${g.en} (${g.sheets.join(', ')})` } : { vi: g.vi, en: g.en }));
}

/**
 * Write the result's sheets into the open workbook. An earlier run's sheets for the same run key
 * are replaced only when `confirm` says yes (it is given their names).
 */
export async function writeResult(sheets: SheetSpec[], runKey: string, confirm: (names: string[]) => Promise<boolean | 'cancel'>): Promise<WriteOutcome> {
  let asked = false;
  let answer: boolean | 'cancel' = true;
  const res = await excelRun((ctx) =>
    writeSheetsToExcel(ctx, sheets, {
      runKey,
      replace: 'ask',
      confirm: async (names: string[]) => {
        asked = true;
        answer = await confirm(names);
        return answer;
      },
    }),
  );
  return { names: res.sheetNames, kept: asked && (answer as boolean | 'cancel') === false, cancelled: !!res.cancelled, replaced: res.replaced, syncs: res.syncs, notes: groupNotes(res.notes) };
}

/**
 * What Node makes of a workbook open in Excel (the browser tests' fake workbook): every sheet put in an
 * ExcelDouble, read by the add-in's own adapter, and consolidated — the reference the task pane must match.
 */
import { gridsFromOpenWorkbook } from '../../src/excel-api/read';
import { runPipeline, type GridSource, type PipelineResult } from '../../src/pipeline';
import { ExcelDouble } from '../excel-api/excel-double';
import type { FakeWorkbook } from '../e2e/fake-office';

export async function consolidateOpenWorkbook(workbook: FakeWorkbook, planSheet: string, communeSheets: string[]): Promise<PipelineResult> {
  const nodeXl = new ExcelDouble({ workbookName: workbook.name });
  for (const s of workbook.sheets) nodeXl.addSheet(s.name, s.rows, { merges: s.merges });
  const planRead = await gridsFromOpenWorkbook(nodeXl.context, { sheets: [planSheet] });
  const communeGrids: GridSource[] = [];
  for (const n of communeSheets) {
    const r = await gridsFromOpenWorkbook(nodeXl.context, { sheets: [n] });
    communeGrids.push({ file: r.grids[0].file, grids: r.grids });
  }
  return runPipeline({ communes: communeGrids, plan: { file: planRead.grids[0].file, grids: planRead.grids }, lang: 'vi' });
}

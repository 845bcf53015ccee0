/** Building workbooks in tests with exceljs, and reading them back through the reader. */
import * as fs from 'fs';
import * as path from 'path';
import * as ExcelJS from 'exceljs';
// Reader tests go through the product's own .xlsx reader (the one the pipeline uses).
import { readXlsx as gridsFromXlsx } from '../../src/xlsx/workbook';
import type { ReadLimits } from '../../src/xlsx/limits';
import { readCommune } from '../../src/read/commune';
import { readPlan } from '../../src/read/plan';
import type { CommuneReport, Grid, Issue, Plan } from '../../src/types';

export type Cell = ExcelJS.CellValue | undefined;

export interface SheetDef {
  name?: string;
  /** Rows from A1; undefined / null cells stay empty. */
  rows: Cell[][];
  /** "A1:C1" ranges to merge (after the values are written). */
  merges?: string[];
  /** Number formats by address. */
  numFmts?: Record<string, string>;
}

/** An .xlsx file with the given sheets, as bytes. */
export async function xlsxBytes(sheets: SheetDef[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  sheets.forEach((s, i) => {
    const ws = wb.addWorksheet(s.name ?? `Sheet${i + 1}`);
    s.rows.forEach((row, r) => {
      row.forEach((v, c) => {
        if (v === undefined || v === null) return;
        ws.getCell(r + 1, c + 1).value = v;
      });
    });
    for (const [a, f] of Object.entries(s.numFmts ?? {})) ws.getCell(a).numFmt = f;
    for (const m of s.merges ?? []) ws.mergeCells(m);
  });
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}

export async function gridsOf(sheets: SheetDef[], file = 'test.xlsx', limits?: Partial<ReadLimits>): Promise<{ grids: Grid[]; issues: Issue[] }> {
  return gridsFromXlsx({ name: file, data: await xlsxBytes(sheets) }, limits);
}

/** Write the sheets to a workbook, read it back and read it as a commune's report. */
export async function communeOf(
  sheets: SheetDef[],
  opts: { file?: string; plan?: Plan | null; commune?: string } = {},
): Promise<CommuneReport> {
  const file = opts.file ?? 'test.xlsx';
  const { grids, issues } = await gridsOf(sheets, file);
  const rep = readCommune(grids, { file, plan: opts.plan ?? null, commune: opts.commune });
  rep.issues.unshift(...issues);
  return rep;
}

export async function planOf(sheets: SheetDef[], file = 'plan.xlsx'): Promise<{ plan: Plan | null; issues: Issue[] }> {
  const { grids, issues } = await gridsOf(sheets, file);
  const res = readPlan(grids, file);
  return { plan: res.plan, issues: [...issues, ...res.issues] };
}

/** The row of a report by code or by name. */
export function rowOf(rep: CommuneReport, key: string) {
  const r = rep.rows.find((x) => x.code === key) ?? rep.rows.find((x) => x.name === key);
  if (!r) throw new Error(`no row ${key} in ${rep.rows.map((x) => x.code ?? x.name).join(', ')}`);
  return r;
}

/** A plan whose only use is its commune names. */
export function planWith(communes: string[]): Plan {
  return { file: 'plan.xlsx', sheet: 'KH', parentLabel: 'Toàn huyện', communes, indicators: [], year: 2020, issues: [] };
}

/** <repo>/../shared, or null when absent (tests on it then skip). */
export const SHARED = path.resolve(__dirname, '../../../shared');
export const SAMPLES = path.join(SHARED, 'samples', 'ba-che-2020-q1');
export const HAVE_SAMPLES = fs.existsSync(path.join(SAMPLES, 'plan.xlsx'));

/** A standard header row. */
export const HEADER = ['STT', 'Mã số', 'Chỉ tiêu', 'Đơn vị tính', 'Kế hoạch năm', 'Thực hiện', 'Cùng kỳ năm trước', 'Ghi chú'];

/**
 * Checks shared by the hostile-text tests: what a written .xlsx (read back with exceljs) or the Excel
 * API double holds where the SheetSpecs put text.
 */
import ExcelJS from 'exceljs';
import type { SheetSpec } from '../../src/types';
import { cellAddress } from '../../src/util/address';
import type { ExcelDouble } from '../excel-api/excel-double';

/** Characters XML 1.0 cannot hold (a writer may drop them or escape them as _xHHHH_). */
const XML_ILLEGAL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

export function dropXmlIllegal(s: string): string {
  return s.replace(XML_ILLEGAL, '');
}

/** Dates written in titles ("ngày 05/07/2024") masked, for comparing two runs made at different times. */
export function maskDates(s: string): string {
  return s.replace(/\b\d{2}\/\d{2}\/\d{4}\b/g, 'dd/mm/yyyy');
}

export interface TextCellProblem {
  sheet: string;
  cell: string;
  want: string;
  got: unknown;
  why: string;
}

export interface ReadBackCell {
  sheet: string;
  cell: string;
  type: ExcelJS.ValueType;
  value: unknown;
  formula?: string;
}

/** Every non-empty cell of a workbook, as exceljs reads it. */
export async function readBack(bytes: Uint8Array): Promise<ReadBackCell[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const out: ReadBackCell[] = [];
  wb.eachSheet((ws) =>
    ws.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (c) => {
        if (c.isMerged && c.master !== c) return;
        out.push({ sheet: ws.name, cell: c.address, type: c.type, value: c.value, formula: c.formula || undefined });
      }),
    ),
  );
  return out;
}

export interface TextOptions {
  /** Accept the text with the characters XML cannot hold dropped (the exceljs writer does that). */
  allowDroppedControls?: boolean;
  /** Compare with dates masked (two runs at different times). */
  maskDates?: boolean;
}

function sameText(got: unknown, want: string, opts: TextOptions): boolean {
  if (typeof got !== 'string') return false;
  const norm = opts.maskDates ? maskDates : (s: string) => s;
  if (norm(got) === norm(want)) return true;
  return !!opts.allowDroppedControls && norm(got) === norm(dropXmlIllegal(want));
}

/**
 * Where a workbook written from `specs` (sheet i = specs[i]) does not hold a spec's text as a plain
 * string cell: every SpecCell with a string value and no formula must read back as a String cell, no
 * formula, the same text.
 */
export function xlsxTextProblems(cells: ReadBackCell[], sheetNames: string[], specs: SheetSpec[], opts: TextOptions = {}): TextCellProblem[] {
  const byAddr = new Map(cells.map((c) => [`${c.sheet}!${c.cell}`, c]));
  const problems: TextCellProblem[] = [];
  forEachSpecText(specs, sheetNames, (sheet, cell, want) => {
    const got = byAddr.get(`${sheet}!${cell}`);
    if (!got) problems.push({ sheet, cell, want, got: undefined, why: 'missing' });
    else if (got.formula !== undefined || got.type === ExcelJS.ValueType.Formula) problems.push({ sheet, cell, want, got: got.formula, why: 'formula' });
    else if (got.type !== ExcelJS.ValueType.String) problems.push({ sheet, cell, want, got: got.value, why: `type ${ExcelJS.ValueType[got.type]}` });
    else if (!sameText(got.value, want, opts)) problems.push({ sheet, cell, want, got: got.value, why: 'different text' });
  });
  return problems;
}

/** Calls `fn` for every text of the specs (a string value, no formula) with its sheet name and address. */
function forEachSpecText(specs: SheetSpec[], sheetNames: string[], fn: (sheet: string, cell: string, want: string) => void): void {
  specs.forEach((spec, i) =>
    spec.rows.forEach((row, r) =>
      (row ?? []).forEach((c, k) => {
        if (c && !c.f && typeof c.v === 'string' && c.v !== '') fn(sheetNames[i], cellAddress(r, k), c.v);
      }),
    ),
  );
}

/** Fragments of the hostile strings that must never be found inside a formula. */
export const FORMULA_FRAGMENTS = ['HYPERLINK', 'cmd', '1+1', 'SUM(A1)', 'xss', 'onerror', 'onload', 'script'];

/** Cells whose formula holds a fragment of hostile text. */
export function hostileFormulas(cells: ReadBackCell[]): ReadBackCell[] {
  return cells.filter((c) => c.formula !== undefined && FORMULA_FRAGMENTS.some((f) => c.formula!.toLowerCase().includes(f.toLowerCase())));
}

/** The text of every String cell. */
export function stringCells(cells: ReadBackCell[]): Set<string> {
  return new Set(cells.filter((c) => c.type === ExcelJS.ValueType.String && typeof c.value === 'string').map((c) => c.value as string));
}

/**
 * The same check against the Excel API double: every spec text arrived as a constant (no formula),
 * the same text, under number format "@".
 */
export function doubleTextProblems(xl: ExcelDouble, sheetNames: string[], specs: SheetSpec[], opts: TextOptions = {}): TextCellProblem[] {
  const problems: TextCellProblem[] = [];
  forEachSpecText(specs, sheetNames, (sheet, cell, want) => {
    const got = xl.cell(sheet, cell);
    if (!got) problems.push({ sheet, cell, want, got: undefined, why: 'missing' });
    else if (got.formula !== undefined) problems.push({ sheet, cell, want, got: got.formula, why: 'formula' });
    else if (got.numberFormat !== '@') problems.push({ sheet, cell, want, got: got.numberFormat, why: 'number format is not "@"' });
    else if (!sameText(got.value, want, opts)) problems.push({ sheet, cell, want, got: got.value, why: 'different text' });
  });
  return problems;
}

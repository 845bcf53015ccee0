/**
 * The REFERENCE writer (exceljs): the command line and the task pane write with src/xlsx/write.ts
 * (8× faster, keeps control characters); the tests read both back to the same cells.
 * Applies SheetSpecs (src/write/sheets.ts) to an exceljs workbook: values, formulas with their cached
 * results, number formats, styles, merges, column widths, frozen panes, conditional formats and an
 * A4 landscape page setup that repeats the header rows. Charts are not written (exceljs cannot); the
 * Excel API adapter draws them.
 *
 * Strings are always written as plain strings: a commune called "=HYPERLINK(...)" stays text.
 */
import ExcelJS from 'exceljs';
import type { CellStyle, ConditionalFormatSpec, SheetSpec, SpecCell } from '../../src/types';
import { cellAddress } from '../../src/util/address';

/** Excel's longest cell text. */
const MAX_TEXT = 32767;
/** Excel's longest sheet name. */
const MAX_SHEET_NAME = 31;

function argb(rgb: string): string {
  const h = rgb.replace(/^#/, '').toUpperCase();
  return h.length === 8 ? h : 'FF' + h.padStart(6, '0').slice(-6);
}

function sheetNameSafe(name: string): string {
  const s = name.replace(/[\[\]:*?/\\]/g, ' ').replace(/^'+|'+$/g, '').trim();
  return (s || 'Sheet').slice(0, MAX_SHEET_NAME);
}

/** `name`, or "name (2)", "name (3)"… — the first not taken (sheet names compare case-insensitively). */
export function freeSheetName(name: string, taken: Iterable<string>): string {
  const used = new Set([...taken].map((n) => n.toLowerCase()));
  const base = sheetNameSafe(name);
  if (!used.has(base.toLowerCase())) return base;
  for (let k = 2; ; k++) {
    const suffix = ` (${k})`;
    const cand = base.slice(0, MAX_SHEET_NAME - suffix.length).trimEnd() + suffix;
    if (!used.has(cand.toLowerCase())) return cand;
  }
}

interface ExStyle {
  font?: Partial<ExcelJS.Font>;
  fill?: ExcelJS.Fill;
  alignment?: Partial<ExcelJS.Alignment>;
  border?: Partial<ExcelJS.Borders>;
}

function toExStyle(st: CellStyle | undefined): ExStyle {
  const out: ExStyle = {};
  if (!st) return out;
  const font: Partial<ExcelJS.Font> = {};
  if (st.bold) font.bold = true;
  if (st.italic) font.italic = true;
  if (st.size) font.size = st.size;
  if (st.color) font.color = { argb: argb(st.color) };
  if (Object.keys(font).length) out.font = font;
  if (st.fill) out.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(st.fill) } };
  const al: Partial<ExcelJS.Alignment> = {};
  if (st.hAlign) al.horizontal = st.hAlign;
  if (st.vAlign) al.vertical = st.vAlign;
  if (st.wrap) al.wrapText = true;
  if (Object.keys(al).length) out.alignment = al;
  if (st.border) {
    const thin: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF808080' } };
    out.border = { top: thin, left: thin, bottom: thin, right: thin };
  }
  return out;
}

/** A spec cell's value as exceljs takes it. Strings stay strings; formulas carry their cached result. */
function cellValue(c: SpecCell): ExcelJS.CellValue {
  const v = c.v;
  if (c.f) {
    const formula = c.f.replace(/^=/, '');
    const result = typeof v === 'number' ? (Number.isFinite(v) ? v : undefined) : typeof v === 'string' || typeof v === 'boolean' ? v : undefined;
    return result === undefined ? { formula } : { formula, result };
  }
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean') return v;
  const s = String(v);
  return s.length > MAX_TEXT ? s.slice(0, MAX_TEXT) : s;
}

function addConditional(ws: ExcelJS.Worksheet, cf: ConditionalFormatSpec, priority: number): void {
  if (cf.type === 'cellIs') {
    const style: Partial<ExcelJS.Style> = {};
    if (cf.fill) style.fill = { type: 'pattern', pattern: 'solid', bgColor: { argb: argb(cf.fill) } };
    if (cf.color) style.font = { color: { argb: argb(cf.color) } };
    ws.addConditionalFormatting({
      ref: cf.range,
      rules: [
        {
          type: 'cellIs',
          // exceljs's types list fewer operators than the file format has; it writes the name as given.
          operator: (cf.operator ?? 'lessThan') as ExcelJS.CellIsOperators,
          formulae: [String(cf.formula ?? '0').replace(/^=/, '')],
          priority,
          style,
        },
      ],
    });
  } else if (cf.type === 'dataBar') {
    ws.addConditionalFormatting({
      ref: cf.range,
      rules: [
        {
          type: 'dataBar',
          priority,
          cfvo: [{ type: 'min' }, { type: 'max' }],
          color: { argb: argb(cf.color ?? cf.fill ?? '638EC6') },
        } as ExcelJS.DataBarRuleType,
      ],
    });
  }
}

function applyOne(wb: ExcelJS.Workbook, spec: SheetSpec, name: string): void {
  const views: Partial<ExcelJS.WorksheetView>[] = [];
  const fr = spec.freeze;
  if (fr && (fr.rows > 0 || fr.cols > 0)) {
    views.push({ state: 'frozen', xSplit: fr.cols || 0, ySplit: fr.rows || 0, topLeftCell: cellAddress(fr.rows || 0, fr.cols || 0) });
  }
  const ws = wb.addWorksheet(name, { views });

  const styles = new Map<string, ExStyle>();
  const styleOf = (key: string | undefined): ExStyle | undefined => {
    if (!key) return undefined;
    let s = styles.get(key);
    if (!s) {
      s = toExStyle(spec.styles?.[key]);
      styles.set(key, s);
    }
    return s;
  };

  spec.widths?.forEach((w, i) => {
    if (typeof w === 'number' && w > 0) ws.getColumn(i + 1).width = w;
  });

  spec.rows.forEach((row, r) => {
    if (!row) return;
    row.forEach((c, col) => {
      if (!c) return;
      const hasValue = c.v !== null && c.v !== undefined || !!c.f;
      const st = styleOf(c.style);
      if (!hasValue && !st && !c.fmt) return;
      const cell = ws.getCell(r + 1, col + 1);
      if (hasValue) cell.value = cellValue(c);
      if (st) {
        if (st.font) cell.font = st.font as ExcelJS.Font;
        if (st.fill) cell.fill = st.fill;
        if (st.alignment) cell.alignment = st.alignment as ExcelJS.Alignment;
        if (st.border) cell.border = st.border as ExcelJS.Borders;
      }
      if (c.fmt) cell.numFmt = c.fmt;
    });
  });

  for (const m of spec.merges ?? []) {
    try {
      ws.mergeCells(m);
    } catch {
      // overlapping merge in a spec: keep the first, never fail the whole output
    }
  }

  (spec.conditionalFormats ?? []).forEach((cf, i) => addConditional(ws, cf, i + 1));

  if (spec.print) {
    const ps: Partial<ExcelJS.PageSetup> = {
      paperSize: 9 as ExcelJS.PaperSize, // A4
      orientation: spec.print.orientation,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    };
    if (spec.print.fitToWidth) {
      ps.fitToPage = true;
      ps.fitToWidth = 1;
      ps.fitToHeight = 0;
    }
    if (spec.headerRows) ps.printTitlesRow = `${spec.headerRows.first}:${spec.headerRows.last}`;
    ws.pageSetup = ps;
  } else if (spec.headerRows) {
    ws.pageSetup = { printTitlesRow: `${spec.headerRows.first}:${spec.headerRows.last}` };
  }
}

/**
 * Add the sheets to `wb` (existing sheets are left alone; a taken name becomes "Tổng hợp (2)").
 * Returns the names used, in the order of `specs`. spec.chart is ignored.
 */
export function applySheets(wb: ExcelJS.Workbook, specs: SheetSpec[]): string[] {
  const names: string[] = [];
  for (const spec of specs) {
    const name = freeSheetName(spec.name, wb.worksheets.map((w) => w.name));
    applyOne(wb, spec, name);
    names.push(name);
  }
  return names;
}

/** A new .xlsx workbook (creator "tonghop") holding the sheets. */
export async function xlsxFromSheets(specs: SheetSpec[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'tonghop';
  wb.lastModifiedBy = 'tonghop';
  applySheets(wb, specs);
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}

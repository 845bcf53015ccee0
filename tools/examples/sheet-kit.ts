/**
 * Small helpers to write commune workbooks the way people make them by hand: title rows,
 * one- or two-level headers, a column-number row, section rows, sub-items, formulas with
 * cached results, signature blocks. Used by make-examples.ts and the benchmark.
 */
import type * as ExcelJS from 'exceljs';
import { colLetter } from '../../src/util/address';

export type CellInput =
  | number
  | string
  | boolean
  | Date
  | null
  | undefined
  | { formula: string; result?: number | string | { error: '#DIV/0!' | '#REF!' | '#N/A' | '#VALUE!' } }
  | { error: '#DIV/0!' | '#REF!' | '#N/A' | '#VALUE!' };

export const FONT = 'Times New Roman';

const THIN = { style: 'thin' as const };
export const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };

export interface CellLook {
  bold?: boolean;
  italic?: boolean;
  size?: number;
  center?: boolean;
  right?: boolean;
  wrap?: boolean;
  border?: boolean;
  numFmt?: string;
}

/** Writes cells at 1-based (row, col) with a uniform font. */
export class SheetPen {
  constructor(public readonly ws: ExcelJS.Worksheet, private readonly fontName = FONT, private readonly fontSize = 12) {}

  set(r: number, c: number, v: CellInput, look: CellLook = {}): ExcelJS.Cell {
    const cell = this.ws.getCell(r, c);
    if (v !== undefined) cell.value = v as ExcelJS.CellValue;
    cell.font = { name: this.fontName, size: look.size ?? this.fontSize, bold: look.bold, italic: look.italic };
    if (look.center || look.right || look.wrap) {
      cell.alignment = {
        horizontal: look.center ? 'center' : look.right ? 'right' : undefined,
        vertical: 'middle',
        wrapText: look.wrap,
      };
    }
    if (look.border) cell.border = BORDER;
    if (look.numFmt) cell.numFmt = look.numFmt;
    return cell;
  }

  /** Text merged over columns c1..c2 of row r. */
  band(r: number, c1: number, c2: number, text: string, look: CellLook = {}): void {
    this.set(r, c1, text, { center: true, ...look });
    if (c2 > c1) this.ws.mergeCells(r, c1, r, c2);
  }

  widths(w: number[]): void {
    w.forEach((x, i) => (this.ws.getColumn(i + 1).width = x));
  }
}

export type Role = 'stt' | 'code' | 'name' | 'unit' | 'target' | 'month' | 'actual' | 'previous' | 'pctPlan' | 'pctPrev' | 'note' | 'blank';

export interface ColumnDef {
  role: Role;
  /** Header text (top row). */
  head: string;
  /** Second header row (a two-level header): columns with the same head and a sub are merged over. */
  sub?: string;
  /** Third header row (a three-level header, "Thực hiện" › "6 tháng đầu năm" › "Lũy kế"); needs `sub`. */
  sub2?: string;
  width?: number;
}

export type TableItem =
  | { kind: 'section'; stt?: string; text: string }
  | { kind: 'indicator'; key: string; stt?: string; name?: string }
  | { kind: 'sub'; stt?: string; name: string; key: string; part: string }
  | { kind: 'text'; name: string }
  /**
   * A total row ("Cộng mục I", "TỔNG CỘNG"): =SUM of the numbers of the indicator rows since the last section
   * row ('section'), or the sum of the section totals before it ('sections').
   */
  | { kind: 'total'; name: string; over: 'section' | 'sections' };

/** The items that carry an indicator's values. */
export type ValueItem = Extract<TableItem, { kind: 'indicator' } | { kind: 'sub' }>;

export interface RowContext {
  /** Address of the cell of `role` in this row ("G12"), or null if the table has no such column. */
  addr: (role: Role) => string | null;
  /** 1-based row. */
  row: number;
  /** Rows of the sub-items of this indicator (for SUM formulas), 1-based. */
  subRows: number[];
}

export interface TableSpec {
  pen: SheetPen;
  /** First header row, 1-based. */
  startRow: number;
  /** First column, 1-based (default 1). */
  startCol?: number;
  cols: ColumnDef[];
  /** A column-number row under the header ("A", "B", "1", "2", "3=2/1"). */
  numberRow?: string[];
  items: TableItem[];
  value: (item: ValueItem, role: Role, ctx: RowContext) => CellInput;
  numFmt?: (role: Role, item: TableItem) => string | undefined;
}

/** Writes a table; returns the first row after it. */
export function writeTable(t: TableSpec): number {
  const { pen } = t;
  const c0 = t.startCol ?? 1;
  let r = t.startRow;

  // header: one row per level; a column's last level is merged down to the bottom row, and a level that
  // is not a column's last is merged across the neighbours sharing it (and every level above it)
  const headLook: CellLook = { bold: true, center: true, wrap: true, border: true };
  const paths = t.cols.map((c) => [c.head, c.sub, c.sub2].filter((x): x is string => x !== undefined));
  const depth = Math.max(...paths.map((p) => p.length));
  for (let i = 0; i < t.cols.length; i++) {
    const p = paths[i];
    for (let l = 0; l < depth; l++) pen.set(r + l, c0 + i, l < p.length ? p[l] : null, headLook);
    if (p.length < depth) pen.ws.mergeCells(r + p.length - 1, c0 + i, r + depth - 1, c0 + i);
  }
  for (let l = 0; l < depth - 1; l++) {
    const same = (a: number, b: number) => paths[a].length > l + 1 && paths[b].length > l + 1 && paths[a].slice(0, l + 1).join('\u0000') === paths[b].slice(0, l + 1).join('\u0000');
    let i = 0;
    while (i < t.cols.length) {
      let j = i;
      while (j + 1 < t.cols.length && same(i, j + 1)) j++;
      if (j > i) pen.ws.mergeCells(r + l, c0 + i, r + l, c0 + j);
      i = j + 1;
    }
  }
  r += depth;
  t.cols.forEach((c, i) => {
    if (c.width) pen.ws.getColumn(c0 + i).width = c.width;
  });

  if (t.numberRow) {
    t.numberRow.forEach((s, i) => pen.set(r, c0 + i, s, { italic: true, center: true, border: true, size: 11 }));
    r++;
  }

  // rows of the sub-items of each indicator, known before writing (formulas point forward)
  const rowOf: number[] = [];
  {
    let rr = r;
    for (let k = 0; k < t.items.length; k++) rowOf.push(rr++);
  }
  const colOf = (role: Role) => {
    const i = t.cols.findIndex((c) => c.role === role);
    return i < 0 ? null : i;
  };

  /** Roles whose numbers a total row adds up. */
  const SUMMED: Role[] = ['target', 'month', 'actual', 'previous'];
  /** The number each indicator row (by 1-based row) shows in each summed column, for the total rows. */
  const shown = new Map<number, Map<Role, number>>();
  const numberOf = (v: CellInput): number | null =>
    typeof v === 'number' ? v : v !== null && typeof v === 'object' && 'formula' in v && typeof v.result === 'number' ? v.result : null;
  let sectionStart = r;
  const sectionTotals: number[] = [];

  t.items.forEach((item, k) => {
    const row = rowOf[k];
    if (item.kind === 'total') {
      const rows = item.over === 'section' ? [...shown.keys()].filter((x) => x >= sectionStart && x < row) : sectionTotals;
      t.cols.forEach((c, i) => {
        let v: CellInput = null;
        if (c.role === 'name') v = item.name;
        else if (SUMMED.includes(c.role)) {
          const col = colLetter(c0 - 1 + i);
          const parts = rows.map((x) => shown.get(x)?.get(c.role)).filter((x): x is number => x !== undefined);
          const result = Math.round(parts.reduce((a, b) => a + b, 0) * 1e6) / 1e6;
          const formula =
            item.over === 'section' ? `SUM(${col}${Math.min(...rows)}:${col}${Math.max(...rows)})` : rows.map((x) => `${col}${x}`).join('+');
          if (rows.length) v = { formula, result };
        }
        pen.set(row, c0 + i, v, { bold: true, border: true, right: c.role !== 'name', numFmt: c.role === 'name' ? undefined : '#,##0.0#' });
      });
      if (item.over === 'section') {
        sectionTotals.push(row);
        // the total's own numbers, for a total of totals
        const own = new Map<Role, number>();
        for (const role of SUMMED) {
          const parts = rows.map((x) => shown.get(x)?.get(role)).filter((x): x is number => x !== undefined);
          if (parts.length) own.set(role, Math.round(parts.reduce((a, b) => a + b, 0) * 1e6) / 1e6);
        }
        shown.set(row, own);
        sectionStart = row + 1;
      }
      return;
    }
    if (item.kind === 'section') sectionStart = row + 1;
    if (item.kind === 'section' || item.kind === 'text') {
      t.cols.forEach((c, i) => {
        let v: CellInput = null;
        if (item.kind === 'section') {
          if (c.role === 'stt') v = item.stt ?? null;
          if (c.role === 'name') v = item.stt && colOf('stt') === null ? `${item.stt} ${item.text}` : item.text;
        } else if (c.role === 'name') v = item.name;
        pen.set(row, c0 + i, v, { bold: item.kind === 'section', border: true, wrap: c.role === 'name' });
      });
      return;
    }
    const subRows: number[] = [];
    if (item.kind === 'indicator') {
      for (let q = k + 1; q < t.items.length; q++) {
        const it = t.items[q];
        if (it.kind === 'sub' && it.key === item.key) subRows.push(rowOf[q]);
        else if (it.kind !== 'text') break;
      }
    }
    const ctx: RowContext = {
      row,
      subRows,
      addr: (role) => {
        const i = colOf(role);
        return i === null ? null : `${colLetter(c0 - 1 + i)}${row}`;
      },
    };
    if (item.kind === 'indicator') shown.set(row, new Map());
    t.cols.forEach((c, i) => {
      const v = t.value(item, c.role, ctx);
      const n = numberOf(v);
      if (item.kind === 'indicator' && n !== null && SUMMED.includes(c.role)) shown.get(row)!.set(c.role, n);
      const isNum = typeof v === 'number' || (v !== null && typeof v === 'object' && 'formula' in v);
      pen.set(row, c0 + i, v ?? null, {
        border: true,
        wrap: c.role === 'name',
        center: c.role === 'stt' || c.role === 'unit' || c.role === 'code',
        right: isNum || (typeof v === 'string' && /^[\d.,%\s]+$/.test(v)),
        italic: item.kind === 'sub',
        numFmt: isNum ? t.numFmt?.(c.role, item) : undefined,
      });
    });
  });
  return r + t.items.length;
}

/** The place, date and signatures under a commune's table. Returns the next free row. */
export function signatureBlock(
  pen: SheetPen,
  r: number,
  left: number,
  right: number,
  o: { place: string; date: string; maker: string; chair: string; recipients?: boolean; chairTitle?: string },
): number {
  pen.set(r, right, `${o.place}, ${o.date}`, { italic: true, center: true });
  pen.set(r + 1, left, 'Người lập biểu', { bold: true, center: true });
  pen.set(r + 1, right, o.chairTitle ?? 'TM. ỦY BAN NHÂN DÂN', { bold: true, center: true });
  pen.set(r + 2, right, 'CHỦ TỊCH', { bold: true, center: true });
  pen.set(r + 3, left, '(Ký, ghi rõ họ tên)', { italic: true, center: true });
  pen.set(r + 3, right, '(Ký tên, đóng dấu)', { italic: true, center: true });
  pen.set(r + 7, left, o.maker, { bold: true, center: true });
  pen.set(r + 7, right, o.chair, { bold: true, center: true });
  let next = r + 9;
  if (o.recipients) {
    pen.set(next, 1, 'Nơi nhận:', { bold: true, italic: true, size: 11 });
    pen.set(next + 1, 1, '- UBND huyện;', { size: 11 });
    pen.set(next + 2, 1, '- Chi cục Thống kê huyện;', { size: 11 });
    pen.set(next + 3, 1, '- Lưu: VP.', { size: 11 });
    next += 4;
  }
  return next;
}

/** The columns most communes' tables have, as they write them. */
export const COL = {
  stt: { role: 'stt', head: 'STT', width: 5 },
  code: { role: 'code', head: 'Mã số', width: 8 },
  name: { role: 'name', head: 'Chỉ tiêu', width: 44 },
  unit: { role: 'unit', head: 'Đơn vị tính', width: 11 },
  dvt: { role: 'unit', head: 'ĐVT', width: 10 },
  target: { role: 'target', head: 'Kế hoạch năm', width: 12 },
  previous: { role: 'previous', head: 'Cùng kỳ năm trước', width: 12 },
  note: { role: 'note', head: 'Ghi chú', width: 14 },
} satisfies Record<string, ColumnDef>;

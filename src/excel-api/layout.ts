/**
 * What a SheetSpec asks beyond cells and styles, as Excel JavaScript API calls: merges, the spec's own
 * conditional formats (ExcelApi 1.6), frozen panes (1.7), the print setup (1.9) and the chart, each behind
 * its API set. What the set does not allow is skipped and said in a note (an "info" Issue) for the run log,
 * so the pane can tell the user why the printout or the chart differs from the downloaded .xlsx.
 *
 * The print setup is the .xlsx writer's (src/xlsx/write.ts): A4, orientation, margins (header and footer
 * 0.3 inch), fit to the page width or a fixed scale, print titles (rows and columns), a print area and the
 * page numbers in the footer ("Trang &P/&N", 12 pt). The chart is its chart: clustered bars, one series
 * per value range of spec.chart (the % of the target and the expected progress), named, coloured,
 * categories top-down, the value axis from 0, the legend at the bottom, 8 columns wide.
 */
import type { ConditionalFormatSpec, Issue, SheetSpec } from '../types';
import { cellAddress, colLetter, parseAddress, rangeAddress } from '../util/address';
import { mkIssue } from '../util/issues';
import { CALL_BYTES, color, type Op } from './styles';

export interface LayoutSupport {
  /** ExcelApi 1.6: conditional formats. */
  cf: boolean;
  /** ExcelApi 1.7: freeze panes, chart series add/setValues/setXAxisValues, axis order. */
  v17: boolean;
  /** ExcelApi 1.9: pageLayout. */
  page: boolean;
}

const CF_OPERATOR: Record<string, 'LessThan' | 'GreaterThanOrEqual' | 'Between' | 'EqualTo'> = {
  lessThan: 'LessThan',
  greaterThanOrEqual: 'GreaterThanOrEqual',
  between: 'Between',
  equal: 'EqualTo',
};

/** The series colours of the .xlsx writer's chart. */
const SERIES_COLORS = ['#4472C4', '#A5A5A5'];

function jsonBytes(x: unknown): number {
  return (JSON.stringify(x) ?? '').length * 2;
}

/** Split a "between" formula "a,b" at its top-level comma (outside quotes and brackets). */
function splitBetween(f: string): [string, string | undefined] {
  let depth = 0;
  let quote = false;
  for (let i = 0; i < f.length; i++) {
    const ch = f[i];
    if (ch === '"') quote = !quote;
    else if (!quote && ch === '(') depth++;
    else if (!quote && ch === ')') depth--;
    else if (!quote && depth === 0 && (ch === ',' || ch === ';')) return [f.slice(0, i).trim(), f.slice(i + 1).trim()];
  }
  return [f, undefined];
}

function withEq(f: string): string {
  const t = f.trim();
  return t.startsWith('=') ? t : '=' + t;
}

function addConditional(ws: Excel.Worksheet, cf: ConditionalFormatSpec): void {
  const range = ws.getRange(cf.range);
  if (cf.type === 'cellIs') {
    const op = CF_OPERATOR[cf.operator ?? 'lessThan'] ?? 'LessThan';
    const f = cf.formula ?? '0';
    const [f1, f2] = op === 'Between' ? splitBetween(f) : [f, undefined];
    const c = range.conditionalFormats.add('CellValue');
    if (cf.fill) c.cellValue.format.fill.color = color(cf.fill);
    if (cf.color) c.cellValue.format.font.color = color(cf.color);
    c.cellValue.rule = f2 !== undefined ? { formula1: withEq(f1), formula2: withEq(f2), operator: op } : { formula1: withEq(f1), operator: op };
  } else if (cf.type === 'dataBar') {
    const c = range.conditionalFormats.add('DataBar');
    c.dataBar.positiveFormat.fillColor = color(cf.color ?? cf.fill ?? '638EC6');
  }
}

/**
 * Merges as calls: one-row merges of the same columns on consecutive rows go in one merge(across = true)
 * (ExcelApi 1.2: each row of the range merged on its own), the others one each.
 */
export function mergeCalls(merges: string[]): { address: string; across: boolean }[] {
  const out: { address: string; across: boolean }[] = [];
  const rows: { r: number; c1: number; c2: number }[] = [];
  for (const m of merges) {
    const x = /^\$?([A-Z]{1,3})\$?(\d+):\$?([A-Z]{1,3})\$?(\d+)$/i.exec(m.trim());
    if (x && x[2] === x[4]) {
      const a = parseAddress(`${x[1]}${x[2]}`), b = parseAddress(`${x[3]}${x[4]}`);
      if (b.c > a.c) { rows.push({ r: a.r, c1: a.c, c2: b.c }); continue; }
    }
    out.push({ address: m, across: false });
  }
  rows.sort((p, q) => p.c1 - q.c1 || p.c2 - q.c2 || p.r - q.r);
  for (let i = 0; i < rows.length; ) {
    let e = i;
    while (e + 1 < rows.length && rows[e + 1].c1 === rows[i].c1 && rows[e + 1].c2 === rows[i].c2 && rows[e + 1].r === rows[e].r + 1) e++;
    out.push({ address: rangeAddress(rows[i].r, rows[i].c1, rows[e].r, rows[i].c2), across: e > i });
    i = e + 1;
  }
  return out;
}

function note(sheet: string, vi: string, en: string): Issue {
  return mkIssue({ severity: 'info', code: 'excel_api_limited', vi: `Sheet '${sheet}': ${vi}`, en: `Sheet '${sheet}': ${en}`, sheet });
}

/** Merges, the spec's conditional formats and frozen panes. */
export function sheetFrameOps(ws: () => Excel.Worksheet, spec: SheetSpec, support: LayoutSupport, name: string, notes: Issue[]): Op[] {
  const ops: Op[] = [];
  for (const m of mergeCalls(spec.merges ?? [])) ops.push({ bytes: 2 * CALL_BYTES + m.address.length, run: () => ws().getRange(m.address).merge(m.across) });
  const cfs = spec.conditionalFormats ?? [];
  if (support.cf) for (const cf of cfs) ops.push({ bytes: 6 * CALL_BYTES + jsonBytes(cf), run: () => addConditional(ws(), cf) });
  else if (cfs.length) notes.push(note(name, 'phiên bản Excel này (dưới ExcelApi 1.6) không có định dạng có điều kiện; các ô chậm tiến độ không được tô màu', 'this Excel version (below ExcelApi 1.6) has no conditional formats; the cells behind schedule are not coloured'));
  // Frozen panes (ExcelApi 1.7): explicit freeze, else the header rows.
  const fr = spec.freeze ?? (spec.headerRows ? { rows: spec.headerRows.last, cols: 0 } : null);
  if (support.v17 && fr && (fr.rows > 0 || fr.cols > 0)) {
    ops.push({
      bytes: 2 * CALL_BYTES,
      run: () => {
        if (fr.rows > 0 && fr.cols > 0) ws().freezePanes.freezeAt(ws().getRange(rangeAddress(0, 0, fr.rows - 1, fr.cols - 1)));
        else if (fr.rows > 0) ws().freezePanes.freezeRows(fr.rows);
        else ws().freezePanes.freezeColumns(fr.cols);
      },
    });
  }
  return ops;
}

const MM_TO_PT = 72 / 25.4;

/** Margins in points, as the .xlsx writer's (mm from the spec, else 0.4″ left/right, 0.6″ top/bottom; header/footer 0.3″). */
export function marginPoints(m: { top: number; bottom: number; left: number; right: number } | undefined): Excel.PageLayoutMarginOptions {
  const pt = (mm: unknown, inch: number) => (typeof mm === 'number' && Number.isFinite(mm) && mm >= 0 && mm < 200 ? Math.round(mm * MM_TO_PT * 100) / 100 : inch * 72);
  return { top: pt(m?.top, 0.6), bottom: pt(m?.bottom, 0.6), left: pt(m?.left, 0.4), right: pt(m?.right, 0.4), header: 21.6, footer: 21.6 };
}

/** The footer text of spec.print.pageWord: "&C&12Trang &P/&N" ("&" in the word doubled). */
export function pageFooter(word: string): string {
  const w = word.replace(/&/g, '&&').slice(0, 40);
  return `&12${w ? w + ' ' : ''}&P/&N`;
}

/** Print titles as Excel wants them: rows "$5:$6", columns "$A:$E" (null when the spec has none). */
function printTitles(spec: SheetSpec): { rows: string | null; cols: string | null } {
  const h = spec.headerRows;
  const rows = h && Number.isInteger(h.first) && Number.isInteger(h.last) && Math.max(h.first, h.last) >= 1 ? `$${Math.max(1, Math.min(h.first, h.last))}:$${Math.max(h.first, h.last)}` : null;
  const tc = spec.print?.titleCols;
  const cols = tc && Number.isInteger(tc.first) && Number.isInteger(tc.last) && tc.first >= 1 && tc.last >= tc.first ? `$${colLetter(tc.first - 1)}:$${colLetter(tc.last - 1)}` : null;
  return { rows, cols };
}

/** The print setup (ExcelApi 1.9 pageLayout); below 1.9 a note instead. */
export function pageOps(ws: () => Excel.Worksheet, spec: SheetSpec, support: LayoutSupport, name: string, notes: Issue[]): Op[] {
  const print = spec.print;
  const titles = printTitles(spec);
  if (!print && !titles.rows) return [];
  if (!support.page) {
    notes.push(note(name, 'phiên bản Excel này (dưới ExcelApi 1.9) không cho đặt trang in (khổ A4, lề, tỷ lệ, dòng/cột lặp lại, số trang); hãy dùng tệp .xlsx tải về để in', 'this Excel version (below ExcelApi 1.9) cannot set up the printout (A4, margins, scale, repeated rows/columns, page numbers); print the downloaded .xlsx instead'));
    return [];
  }
  return [{
    bytes: 12 * CALL_BYTES,
    run: () => {
      const pl = ws().pageLayout;
      if (print) {
        pl.orientation = print.orientation === 'portrait' ? 'Portrait' : 'Landscape';
        pl.paperSize = 'A4';
        pl.setPrintMargins('Points', marginPoints(print.margins));
        const scale = typeof print.scale === 'number' && Number.isFinite(print.scale) ? Math.round(Math.min(400, Math.max(10, print.scale))) : null;
        if (print.fitToWidth) pl.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
        else if (scale) pl.zoom = { scale };
        if (typeof print.area === 'string' && print.area.trim()) pl.setPrintArea(print.area.trim());
        if (typeof print.pageWord === 'string') pl.headersFooters.defaultForAllPages.centerFooter = pageFooter(print.pageWord);
      }
      if (titles.rows) pl.setPrintTitleRows(titles.rows);
      if (titles.cols) pl.setPrintTitleColumns(titles.cols);
    },
  }];
}

/** Rows spanned by an A1 range "$A$7:$A$21" (10 when unreadable). */
function rowSpan(ref: string | undefined): number {
  const m = ref ? /^\$?[A-Z]+\$?(\d+):\$?[A-Z]+\$?(\d+)$/i.exec(ref) : null;
  return m ? Math.abs(Number(m[2]) - Number(m[1])) + 1 : 10;
}

/** The chart: clustered bars, every series of spec.chart (below ExcelApi 1.7 only the first, with a note). */
export function chartOps(ws: () => Excel.Worksheet, spec: SheetSpec, support: LayoutSupport, name: string, notes: Issue[]): Op[] {
  const ch = spec.chart;
  if (!ch || !ch.values) return [];
  const series = [ch.values, ...(ch.expected ? [ch.expected] : [])];
  if (series.length > 1 && !support.v17) notes.push(note(name, 'phiên bản Excel này (dưới ExcelApi 1.7) chỉ vẽ được một dãy số trên biểu đồ (% KH), không có dãy tiến độ yêu cầu', 'this Excel version (below ExcelApi 1.7) draws one series on the chart (% of target), without the expected progress'));
  return [{
    bytes: 20 * CALL_BYTES + jsonBytes(ch),
    run: () => {
      const chart = ws().charts.add('BarClustered', ws().getRange(ch.values), 'Columns');
      chart.title.text = ch.title;
      chart.legend.visible = true;
      chart.legend.position = 'Bottom';
      chart.axes.valueAxis.minimum = 0;
      const first = chart.series.getItemAt(0);
      first.name = ch.names?.[0] ?? '%';
      first.format.fill.setSolidColor(SERIES_COLORS[0]);
      if (support.v17) {
        if (ch.categories) first.setXAxisValues(ws().getRange(ch.categories));
        chart.axes.categoryAxis.reversePlotOrder = true; // the first indicator on top, as in the table
        series.slice(1).forEach((ref, i) => {
          const s = chart.series.add(ch.names?.[i + 1] ?? '');
          s.setValues(ws().getRange(ref));
          if (ch.categories) s.setXAxisValues(ws().getRange(ch.categories));
          s.format.fill.setSolidColor(SERIES_COLORS[(i + 1) % SERIES_COLORS.length]);
        });
      }
      if (ch.anchor) {
        // As the .xlsx writer: 8 columns wide, a row per bar plus 3, 12–60 rows tall.
        const a = parseAddress(ch.anchor);
        const tall = Math.max(12, Math.min(60, 3 + rowSpan(ch.categories)));
        chart.setPosition(ch.anchor, cellAddress(a.r + tall - 1, a.c + 7));
      }
    },
  }];
}

/**
 * The Report as output sheets: a neutral description (SheetSpec) that the exceljs adapter and the
 * Excel JavaScript API adapter both apply. Pure: no exceljs, no Office, no clock.
 *
 * Sheets, in order: summary ("Tổng hợp"), detail ("Chi tiết xã", the parent's columns FIRST, then
 * the communes in the report's order), shortfalls ("Chưa đạt", the parent's first), issues
 * ("Kiểm tra dữ liệu"), sources ("Nguồn", the plan file first).
 *
 * Numbers keep full precision; formats only change what is shown. "% KH" and "So cùng kỳ" of the
 * summary (and "% KH" of the shortfalls) are formulas over the cells beside them, with the report's
 * own number as the cached result. Where the report's number is not what the formula would give
 * (it never should be), the number is written as a plain value instead, so a cached result never
 * disagrees with what Excel or LibreOffice compute.
 */
import { communeResults } from '../core/results';
import { readingLines } from './reading';
import { previousSourceRows } from './previous-sources';
import type { CellStyle, ConditionalFormatSpec, IndicatorResult, Lang, Report, RowStream, SheetSpec, Shortfall, SpecCell, Status, StreamedSheetSpec, WritableSheet } from '../types';
import { colLetter, rangeAddress } from '../util/address';
import { buildNarrative, isDown, type Narrative } from './narrative';
import { fitRowHeights, PRINT_MARGINS, printScale, REPORT_MARGINS, rowHeightFitter, scaleFor, smallestText } from './print-fit';
import { formatDate, issueMessage, label, periodLabel, severityLabel, sheetNames, statusLabel, summaryHeaders, shortfallHeaders, issueHeaders, sourceHeaders } from './labels';

// ───────────────────────────── formats and styles ─────────────────────────────

/** Whole numbers: "1.227" on a Vietnamese-locale Excel, "1,227" on an English one. */
export const FMT_INT = '#,##0';
/** Decimals: one to three places ("54,5", "9.677,6", "0,125"). */
export const FMT_DEC = '#,##0.0##';
/** Percentages (values already ×100): "28,1", "100,0". */
export const FMT_PCT = '#,##0.0';

/** The format for a number shown as a quantity. */
export function numberFormat(v: number | null | undefined): string {
  return typeof v === 'number' && Number.isFinite(v) && !Number.isInteger(v) ? FMT_DEC : FMT_INT;
}

/** Fill and font colours of each status. */
export const STATUS_COLORS: Record<Status, { fill: string; color: string }> = {
  met: { fill: 'C6EFCE', color: '006100' },
  on_track: { fill: 'DDEBF7', color: '1F4E78' },
  behind: { fill: 'FFC7CE', color: '9C0006' },
  no_target: { fill: 'EDEDED', color: '595959' },
  no_data: { fill: 'EDEDED', color: '595959' },
};

const SEVERITY_FILL: Record<string, string | undefined> = { error: 'FFC7CE', warning: 'FFEB9C', info: undefined };

const HEADER_FILL = 'D9E1F2';

/** Styles shared by every sheet; names are what SpecCell.style refers to. */
function baseStyles(): Record<string, CellStyle> {
  const s: Record<string, CellStyle> = {
    title: { bold: true, size: 14, hAlign: 'center', vAlign: 'middle' },
    subtitle: { bold: true, size: 12, hAlign: 'center', vAlign: 'middle' },
    period: { italic: true, size: 11, hAlign: 'center', vAlign: 'middle' },
    date: { italic: true, hAlign: 'right', vAlign: 'middle' },
    header: { bold: true, hAlign: 'center', vAlign: 'middle', wrap: true, border: true, fill: HEADER_FILL },
    text: { vAlign: 'middle', wrap: true, border: true },
    textCenter: { hAlign: 'center', vAlign: 'middle', border: true },
    num: { hAlign: 'right', vAlign: 'middle', border: true },
    numBold: { bold: true, hAlign: 'right', vAlign: 'middle', border: true },
    textBold: { bold: true, vAlign: 'middle', wrap: true, border: true },
    behindNum: { hAlign: 'right', vAlign: 'middle', border: true, fill: STATUS_COLORS.behind.fill, color: STATUS_COLORS.behind.color },
    behindText: { vAlign: 'middle', wrap: true, border: true, bold: true, color: STATUS_COLORS.behind.color },
    missing: { italic: true, vAlign: 'middle', border: true, fill: 'EDEDED', color: '595959' },
    note: { italic: true, vAlign: 'middle', color: '595959' },
    org: { hAlign: 'center', vAlign: 'middle' },
    orgBold: { bold: true, hAlign: 'center', vAlign: 'middle', wrap: true },
    orgItalic: { italic: true, hAlign: 'center', vAlign: 'middle' },
  };
  for (const st of Object.keys(STATUS_COLORS) as Status[]) {
    s['status_' + st] = { hAlign: 'center', vAlign: 'middle', border: true, wrap: true, fill: STATUS_COLORS[st].fill, color: STATUS_COLORS[st].color };
  }
  for (const [sev, fill] of Object.entries(SEVERITY_FILL)) {
    s['sev_' + sev] = { hAlign: 'center', vAlign: 'middle', border: true, ...(fill ? { fill } : {}) };
  }
  return s;
}

// ───────────────────────────── cell helpers ─────────────────────────────

function fin(x: number | null | undefined): number | null {
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}

/** Text that came from the input files: never to be taken for a formula. */
function txt(v: string | null | undefined, style = 'text'): SpecCell {
  return v === null || v === undefined || v === '' ? { v: null, style } : { v: String(v), text: true, style };
}

/** A word of our own (label). */
function word(v: string, style = 'text'): SpecCell {
  return { v, style };
}

function qty(x: number | null | undefined, style = 'num'): SpecCell {
  const v = fin(x);
  return v === null ? { v: null, style } : { v, fmt: numberFormat(v), style };
}

function pct(x: number | null | undefined, style = 'num'): SpecCell {
  const v = fin(x);
  return v === null ? { v: null, style } : { v, fmt: FMT_PCT, style };
}

function int(x: number | null | undefined, style = 'num'): SpecCell {
  const v = fin(x);
  return v === null ? { v: null, style } : { v, fmt: FMT_INT, style };
}

function relClose(a: number, b: number, rel = 1e-9): boolean {
  return a === b || Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b)) || Math.abs(a - b) <= 1e-12;
}

/**
 * A ratio as a formula over two cells of the same row, with the report's number cached; or the plain
 * number when the report's number is not what the formula gives.
 *   kind 'of'     : num / den × 100            (% KH)
 *   kind 'change' : (num / den − 1) × 100      (so cùng kỳ)
 */
function ratioCell(kind: 'of' | 'change', numAddr: string, denAddr: string, num: number | null, den: number | null, reported: number | null, style: string): SpecCell {
  const expr = kind === 'of' ? `${numAddr}/${denAddr}*100` : `(${numAddr}/${denAddr}-1)*100`;
  const f = `IF(AND(ISNUMBER(${numAddr}),ISNUMBER(${denAddr}),${denAddr}<>0),${expr},"")`;
  const computed = num !== null && den !== null && den !== 0 ? (kind === 'of' ? (num / den) * 100 : (num / den - 1) * 100) : null;
  const rep = fin(reported);
  if (computed === null && rep === null) return { v: '', f, fmt: FMT_PCT, style };
  if (computed !== null && rep !== null && Number.isFinite(computed) && relClose(computed, rep)) return { v: rep, f, fmt: FMT_PCT, style };
  return pct(rep, style);
}

/**
 * The cells a summary row and a shortfall row share: code, name, unit, target (column index `t`), actual,
 * % of target (a formula on the two, in `style`) and the expected %. `r`: the 1-based row.
 */
function targetCells(x: Pick<Shortfall, 'code' | 'name' | 'unit' | 'expectedPct'> & { completionPct: number | null }, target: number | null, actual: number | null, t: number, r: number, style: string): SpecCell[] {
  const of = ratioCell('of', `${colLetter(t + 1)}${r}`, `${colLetter(t)}${r}`, actual, target, x.completionPct, style);
  return [txt(x.code, 'textCenter'), txt(x.name, 'text'), txt(x.unit, 'textCenter'), qty(target), qty(actual), of, pct(x.expectedPct)];
}

/** Title block: title, subtitle lines, merged across `width` columns. Returns the rows and merges. */
function titleBlock(lines: SpecCell[], width: number): { rows: (SpecCell | null)[][]; merges: string[] } {
  const rows: (SpecCell | null)[][] = [];
  const merges: string[] = [];
  lines.forEach((c, i) => {
    rows.push(pad([c], width));
    if (width > 1) merges.push(rangeAddress(i, 0, i, width - 1));
  });
  return { rows, merges };
}

function pad(row: (SpecCell | null)[], width: number): (SpecCell | null)[] {
  const out = row.slice();
  while (out.length < width) out.push(null);
  return out;
}

/** "Kỳ báo cáo: quý I năm 2020". */
function periodLine(report: Report, lang: Lang): SpecCell {
  const p = periodLabel(report.period, lang);
  return { v: p ? `${label('periodPrefix', lang)}: ${p}` : null, text: true, style: 'period' };
}

function dateLine(report: Report, lang: Lang): SpecCell {
  const d = formatDate(report.generatedAt);
  return { v: d ? `${label('madeOn', lang)} ${d}` : null, style: 'date' };
}

/** A column's width for its longest name (2 characters of margin), from `min` up to `max`. */
function nameWidth(names: (string | null | undefined)[], min: number, max: number): number {
  let w = min;
  for (let i = 0; i < names.length && w < max; i++) {
    const n = names[i];
    if (n) w = Math.max(w, Math.min(max, n.length + 2));
  }
  return w;
}

function headerRow(words: string[]): SpecCell[] {
  return words.map((w) => word(w, 'header'));
}

function landscape(lang: Lang = 'vi'): SheetSpec['print'] {
  return { orientation: 'landscape', paper: 'A4', margins: PRINT_MARGINS, pageWord: label('page', lang) };
}

/** The heading of an administrative document over `width` columns: issuing body left, national motto right. */
function officialHeading(n: Narrative, width: number): { rows: (SpecCell | null)[][]; merges: string[] } {
  const left = Math.max(1, Math.min(4, Math.floor(width / 3)));
  const rows: (SpecCell | null)[][] = [
    pad([{ v: n.issuer.toUpperCase(), text: true, style: 'orgBold' }], width),
    pad([word(n.number, 'org')], width),
    pad([null], width),
  ];
  rows[0][left] = word(n.motto[0], 'orgBold');
  rows[1][left] = word(n.motto[1], 'orgBold');
  rows[2][left] = word(n.placeDate, 'orgItalic');
  const merges: string[] = [];
  for (let r = 0; r < 3; r++) {
    if (left > 1) merges.push(rangeAddress(r, 0, r, left - 1));
    if (width - 1 > left) merges.push(rangeAddress(r, left, r, width - 1));
  }
  return { rows, merges };
}

/** NGƯỜI LẬP BIỂU (left) and THỦ TRƯỞNG ĐƠN VỊ (right) under a table, with room to sign. */
function signatureBlock(rows: (SpecCell | null)[][], merges: string[], width: number, lang: Lang): void {
  const left = Math.max(1, Math.min(4, Math.floor(width / 3)));
  const rightFrom = Math.max(left, width - 5);
  rows.push(pad([], width));
  const r = rows.length;
  const a = pad([word(label('preparer', lang), 'orgBold')], width);
  a[rightFrom] = word(label('head', lang), 'orgBold');
  const b = pad([word(label('signNote', lang), 'orgItalic')], width);
  b[rightFrom] = word(label('sealNote', lang), 'orgItalic');
  rows.push(a, b);
  for (const rr of [r, r + 1]) {
    if (left > 1) merges.push(rangeAddress(rr, 0, rr, left - 1));
    if (width - 1 > rightFrom) merges.push(rangeAddress(rr, rightFrom, rr, width - 1));
  }
  for (let k = 0; k < 4; k++) rows.push(pad([], width));
}

// ───────────────────────────── summary ─────────────────────────────

/** Rows of the official heading above the summary's title (issuing body, motto, place and date). */
export const SUMMARY_HEADING_ROWS = 3;
/** Row of the summary header (1-based); indicators start on the row after. */
export const SUMMARY_HEADER_ROW = 6 + SUMMARY_HEADING_ROWS;

function summarySheet(report: Report, lang: Lang, narrative: Narrative): SheetSpec {
  // the second target (and any further one): a target and a % column each, after the fixed columns
  const extra = (report.indicators.find((x) => (x.targets?.length ?? 0) > 1)?.targets ?? []).slice(1).map((t) => t.label);
  const headers = [...summaryHeaders(lang), ...extra.flatMap((l) => [l, `% ${l}`])];
  const width = headers.length; // A..L, then M, N… for the other targets
  const heading = officialHeading(narrative, width);
  const title = titleBlock(
    [
      word(label('summaryTitle', lang), 'title'),
      txt(report.parent, 'subtitle'),
      periodLine(report, lang),
      dateLine(report, lang),
    ],
    width,
  );
  const rows = [...heading.rows, ...title.rows];
  const merges = [...heading.merges, ...title.merges.map((m) => shiftRange(m, SUMMARY_HEADING_ROWS))];
  rows.push(pad([], width)); // blank
  rows.push(headerRow(headers)); // the header
  const conditionalFormats: ConditionalFormatSpec[] = [];
  const first = SUMMARY_HEADER_ROW + 1;
  let upRun: number | null = null;
  const closeRun = (lastRow: number) => {
    if (upRun === null) return;
    conditionalFormats.push({
      range: `G${upRun}:G${lastRow}`,
      type: 'cellIs',
      operator: 'lessThan',
      formula: `$H${upRun}`,
      fill: STATUS_COLORS.behind.fill,
      color: STATUS_COLORS.behind.color,
    });
    upRun = null;
  };
  report.indicators.forEach((ind, i) => {
    const r = first + i; // 1-based row
    const target = fin(ind.target);
    const actual = fin(ind.actual);
    const previous = fin(ind.previous);
    rows.push([
      int(i + 1, 'textCenter'),
      ...targetCells(ind, target, actual, 4, r, 'num'),
      qty(previous),
      ratioCell('change', `F${r}`, `I${r}`, actual, previous, ind.changePct, 'num'),
      word(statusLabel(ind.status, lang), 'status_' + (STATUS_COLORS[ind.status] ? ind.status : 'no_data')),
      int(ind.behindCount ?? 0, 'num'),
      ...extra.flatMap((l, k) => {
        const t = ind.targets?.find((x, j) => j > 0 && x.label === l) ?? ind.targets?.[k + 1];
        const tc = colLetter(12 + 2 * k);
        return [qty(t?.target ?? null), ratioCell('of', `F${r}`, `${tc}${r}`, actual, fin(t?.target), t?.completionPct ?? null, 'num')];
      }),
    ]);
    if (isDown(ind)) closeRun(r - 1);
    else if (upRun === null) upRun = r;
  });
  closeRun(first + report.indicators.length - 1);
  const last = first + report.indicators.length - 1;
  if (report.indicators.length === 0) {
    rows.push(pad([word(label('noIndicators', lang), 'note')], width));
    merges.push(rangeAddress(first - 1, 0, first - 1, width - 1));
  }
  signatureBlock(rows, merges, width, lang);
  const spec: SheetSpec = {
    key: 'summary',
    name: sheetNames(lang).summary,
    rows,
    // narrow enough to print on one A4 width at 8 pt or more (the name and the headers wrap)
    widths: [4, 7, nameWidth(report.indicators.map((x) => x.name), 26, extra.length ? 30 : 34), 9, 12, 12, 8, 9, 11, 9, 11, 8, ...extra.flatMap(() => [11, 8])],
    merges,
    styles: baseStyles(),
    headerRows: { first: SUMMARY_HEADER_ROW, last: SUMMARY_HEADER_ROW },
    freeze: { rows: SUMMARY_HEADER_ROW, cols: 3 },
    conditionalFormats,
    // the chart stands beside the table on screen; the page holds the table, heading and signatures
    print: { ...landscape(lang)!, margins: { top: 20, bottom: 20, left: 10, right: 10 }, area: `A1:${colLetter(width - 1)}${rows.length}` },
  };
  if (report.indicators.length > 0) {
    spec.chart = {
      type: 'bar',
      title: label('chartTitle', lang),
      categories: `C${first}:C${last}`,
      values: `G${first}:G${last}`,
      anchor: `${colLetter(width + 1)}${SUMMARY_HEADER_ROW}`,
      expected: `H${first}:H${last}`,
      names: [label('completionPct', lang), label('expectedPct', lang)],
    };
  }
  spec.rowHeights = fitRowHeights(spec);
  return spec;
}

// ───────────────────────────── detail ─────────────────────────────

/** Commune names of the detail sheet: the report's communes in order, then any other name met in results. */
export function detailCommunes(report: Report): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const add = (n: string | null | undefined) => {
    if (n === null || n === undefined || seen.has(n)) return;
    seen.add(n);
    out.push(n);
  };
  for (const c of report.communes) add(c.name);
  for (const ind of report.indicators) {
    const list = communeResults(ind);
    for (let j = 0; j < list.length; j++) add(list.commune(j));
  }
  return out;
}

/** First row of the detail header (1-based): commune names; the next row: "Thực hiện" / "% KH". */
export const DETAIL_HEADER_ROW = 5;
/** Columns before the parent's pair: STT, Mã số, Chỉ tiêu, ĐVT, Tiến độ yêu cầu (%). */
export const DETAIL_FIXED_COLS = 5;

function detailSheet(report: Report, lang: Lang): StreamedSheetSpec {
  const communes = detailCommunes(report);
  const width = DETAIL_FIXED_COLS + 2 * (communes.length + 1);
  const titleWidth = Math.min(width, 12);
  const { rows, merges } = titleBlock(
    [word(label('detailTitle', lang), 'title'), txt(report.parent, 'subtitle'), periodLine(report, lang)],
    titleWidth,
  );
  for (const r of rows) while (r.length < width) r.push(null);
  rows.push(pad([], width)); // row 4
  const h1: (SpecCell | null)[] = [];
  const h2: (SpecCell | null)[] = [];
  const fixed = [label('no', lang), label('code', lang), label('indicator', lang), label('unit', lang), label('expectedPct', lang)];
  const hr = DETAIL_HEADER_ROW - 1; // 0-based
  fixed.forEach((w, c) => {
    h1.push(word(w, 'header'));
    h2.push({ v: null, style: 'header' }); // under the vertical merge
    merges.push(rangeAddress(hr, c, hr + 1, c));
  });
  const units = [{ name: report.parent, parent: true }, ...communes.map((name) => ({ name, parent: false }))];
  units.forEach((u, k) => {
    const c = DETAIL_FIXED_COLS + 2 * k;
    h1.push(u.name ? { v: u.name, text: true, style: 'header' } : { v: null, style: 'header' }, { v: null, style: 'header' });
    h2.push(word(label('actual', lang), 'header'), word(label('completionPct', lang), 'header'));
    merges.push(rangeAddress(hr, c, hr, c + 1));
  });
  rows.push(h1, h2);
  const tail: (SpecCell | null)[][] = [];
  if (report.indicators.length === 0) {
    tail.push(pad([word(label('noIndicators', lang), 'note')], width));
  }
  tail.push(...previousSourceRows(report, lang, width)); // where each "Cùng kỳ" came from (only with last year's files)
  // narrow fixed columns (the name wraps): they print again on every page of the split sheet
  const widths = [5, 8, nameWidth(report.indicators.map((x) => x.name), 24, 30), 9, 9];
  for (let k = 0; k < units.length; k++) widths.push(12, 8);
  return streamedSheet(
    {
      key: 'detail',
      name: sheetNames(lang).detail,
      widths,
      merges,
      styles: baseStyles(),
      headerRows: { first: DETAIL_HEADER_ROW, last: DETAIL_HEADER_ROW + 1 },
      freeze: { rows: DETAIL_HEADER_ROW + 1, cols: DETAIL_FIXED_COLS },
      // never shrunk: split across pages, the indicator columns repeated on each
      print: { ...landscape(lang)!, titleCols: { first: 1, last: DETAIL_FIXED_COLS } },
    },
    { head: rows, body: { length: report.indicators.length, row: (i) => detailRow(report.indicators[i], i, communes) }, tail },
  );
}

/** An indicator's row of the detail sheet: the parent's pair, then each commune's (actual, % of target). */
function detailRow(ind: IndicatorResult, i: number, communes: string[]): (SpecCell | null)[] {
  // the indicator's communes are mostly the columns' own, in their order (the names are distinct): taken as
  // they stand; else looked up by name
  const list = communeResults(ind);
  let inOrder = list.length === communes.length;
  for (let j = 0; inOrder && j < list.length; j++) inOrder = list.commune(j) === communes[j];
  const byName = new Map<string, number>();
  if (!inOrder) for (let j = 0; j < list.length; j++) if (!byName.has(list.commune(j))) byName.set(list.commune(j), j);
  const parentStyle = ind.status === 'behind';
  const row: (SpecCell | null)[] = [
    int(i + 1, 'textCenter'),
    txt(ind.code, 'textCenter'),
    txt(ind.name, 'text'),
    txt(ind.unit, 'textCenter'),
    pct(ind.expectedPct),
    qty(ind.actual, parentStyle ? 'behindNum' : 'numBold'),
    pct(ind.completionPct, parentStyle ? 'behindNum' : 'numBold'),
  ];
  for (let j = 0; j < communes.length; j++) {
    const at = inOrder ? j : byName.get(communes[j]);
    if (at === undefined) {
      row.push(qty(null, 'num'), pct(null, 'num'));
      continue;
    }
    const style = list.status(at) === 'behind' ? 'behindNum' : 'num';
    row.push(qty(list.actual(at), style), pct(list.completionPct(at), style));
  }
  return row;
}

// ───────────────────────────── shortfalls ─────────────────────────────

/** Row of the header of the shortfalls, issues and sources sheets (1-based). */
export const LIST_HEADER_ROW = 5;

/** The top of a list sheet: title, parent, period, a blank row 4, and the header row (LIST_HEADER_ROW). */
function listTitle(report: Report, lang: Lang, title: string, headers: string[]) {
  const width = headers.length;
  const block = titleBlock([word(title, 'title'), txt(report.parent, 'subtitle'), periodLine(report, lang)], width);
  block.rows.push(pad([], width)); // row 4
  block.rows.push(headerRow(headers));
  return { ...block, width };
}

/** A list sheet (shortfalls, issues, sources): its header row repeated on every page and frozen, landscape. */
function listSheet(key: 'shortfalls' | 'issues' | 'sources', lang: Lang, rows: SheetSpec['rows'], widths: number[], merges: string[]): SheetSpec {
  return { key, name: sheetNames(lang)[key], rows, ...listLayout(lang, widths, merges) };
}

/** A list sheet's layout: its header row repeated on every page and frozen, landscape. */
function listLayout(lang: Lang, widths: number[], merges: string[]) {
  return {
    widths,
    merges,
    styles: baseStyles(),
    headerRows: { first: LIST_HEADER_ROW, last: LIST_HEADER_ROW },
    freeze: { rows: LIST_HEADER_ROW, cols: 0 },
    print: landscape(lang),
  };
}

function shortfallsSheet(report: Report, lang: Lang): StreamedSheetSpec {
  const { rows, merges, width } = listTitle(report, lang, label('shortfallsTitle', lang), shortfallHeaders(lang));
  // the parent's shortfalls first, then the communes' (a country's list: 80,000 rows, walked twice, not copied about)
  const list: Shortfall[] = [];
  for (const x of report.shortfalls) if (x.commune === null || x.commune === undefined) list.push(x);
  for (const x of report.shortfalls) if (x.commune !== null && x.commune !== undefined) list.push(x);
  const first = LIST_HEADER_ROW + 1;
  const row = (i: number): (SpecCell | null)[] => {
    const s = list[i];
    const isParent = s.commune === null || s.commune === undefined;
    return [
      int(i + 1, 'textCenter'),
      txt(isParent ? report.parent : s.commune, isParent ? 'textBold' : 'text'),
      ...targetCells(s, fin(s.target), fin(s.actual), 5, first + i, 'behindNum'),
      qty(s.gap, 'numBold'),
    ];
  };
  const tail: (SpecCell | null)[][] = [];
  if (list.length === 0) {
    tail.push(pad([word(label('noShortfalls', lang), 'note')], width));
    merges.push(rangeAddress(first - 1, 0, first - 1, width - 1));
  }
  const widths = [5, nameWidth(list.map((s) => s.commune ?? report.parent), 16, 30), 9, nameWidth(list.map((s) => s.name), 30, 50), 11, 13, 13, 9, 11, 13];
  return streamedSheet(
    { key: 'shortfalls', name: sheetNames(lang).shortfalls, ...listLayout(lang, widths, merges) },
    { head: rows, body: { length: list.length, row }, tail },
  );
}

// ───────────────────────────── issues ─────────────────────────────

function issuesSheet(report: Report, lang: Lang): SheetSpec {
  const { rows, merges, width } = listTitle(report, lang, label('issuesTitle', lang), issueHeaders(lang));
  report.issues.forEach((iss, i) => {
    rows.push([
      int(i + 1, 'textCenter'),
      word(severityLabel(iss.severity, lang), 'sev_' + (iss.severity in SEVERITY_FILL ? iss.severity : 'info')),
      txt(iss.file, 'text'),
      txt(iss.sheet, 'text'),
      txt(iss.cell, 'textCenter'),
      txt(iss.code, 'text'),
      txt(issueMessage(iss, lang), 'text'),
    ]);
  });
  if (report.issues.length === 0) {
    rows.push(pad([word(label('noIssues', lang), 'note')], width));
    merges.push(rangeAddress(LIST_HEADER_ROW, 0, LIST_HEADER_ROW, width - 1));
  }
  return listSheet('issues', lang, rows, [5, 11, nameWidth(report.issues.map((x) => x.file), 16, 30), nameWidth(report.issues.map((x) => x.sheet), 10, 20), 7, 18, 80], merges);
}

// ───────────────────────────── sources ─────────────────────────────

function sourcesSheet(report: Report, lang: Lang): SheetSpec {
  const { rows, merges, width } = listTitle(report, lang, label('sourcesTitle', lang), sourceHeaders(lang));
  const issuesOf = (file: string | null | undefined) => (file ? report.issues.filter((x) => x.file === file).length : 0);
  const plan = report.plan;
  if (plan && plan.file) {
    rows.push([
      { v: null, style: 'textCenter' },
      word(label('planFile', lang), 'textBold'),
      txt(plan.file, 'text'),
      { v: null, style: 'text' },
      txt(plan.sheet, 'text'),
      { v: null, style: 'num' },
      int(issuesOf(plan.file)),
    ]);
  } else {
    rows.push([{ v: null, style: 'textCenter' }, word(label('planFile', lang), 'textBold'), word(label('noPlan', lang), 'missing'), null, null, null, null]);
  }
  report.communes.forEach((c, i) => {
    const missing = !c.file;
    // a file read but not consolidated (a second file of one commune, another period): named, never "no report"
    const unused = !missing && c.reported === false;
    rows.push([
      int(i + 1, 'textCenter'),
      txt(c.name, 'text'),
      missing ? word(label('noReport', lang), 'missing') : unused ? word(`${c.file} — ${label('fileNotUsed', lang)}`, 'missing') : txt(c.file, 'text'),
      txt(c.period ?? null, 'text'),
      txt(c.sheets && c.sheets.length ? c.sheets.join(', ') : null, 'text'),
      int(missing ? null : c.values ?? null),
      int(missing ? null : c.issues ?? issuesOf(c.file)),
    ]);
  });
  // files that could not be read: named, never a commune
  for (const f of (report.files ?? []).filter((x) => x.status === 'unreadable')) {
    rows.push([{ v: null, style: 'textCenter' }, word(label('unreadableFile', lang), 'missing'), txt(f.file, 'text'), { v: null, style: 'text' }, { v: null, style: 'text' }, { v: null, style: 'num' }, int(f.issues)]);
  }
  // How each file was read: every choice that could have gone another way (FORMATS.md "Never silently wrong")
  const withReading = report.communes.filter((c) => c.reading && c.file);
  if (withReading.length) {
    rows.push(pad([], width));
    const t = rows.length;
    rows.push(pad([word(label('readingTitle', lang), 'textBold')], width));
    merges.push(rangeAddress(t, 0, t, width - 1));
    rows.push([...headerRow([label('no', lang), label('unitName', lang), label('file', lang), label('readingWhat', lang), label('readingDetail', lang)]), { v: null, style: 'header' }, { v: null, style: 'header' }]);
    merges.push(rangeAddress(t + 1, 4, t + 1, width - 1));
    withReading.forEach((c, i) => {
      for (const line of readingLines(c.reading, lang)) {
        const r = rows.length;
        rows.push([int(i + 1, 'textCenter'), txt(c.name, 'text'), txt(c.file, 'text'), word(line.what, 'text'), txt(line.detail, 'text'), { v: null, style: 'text' }, { v: null, style: 'text' }]);
        merges.push(rangeAddress(r, 4, r, width - 1));
      }
    });
  }
  return listSheet('sources', lang, rows, [5, nameWidth(report.communes.map((c) => c.name), 18, 30), nameWidth([plan?.file, ...report.communes.map((c) => c.file)], 20, 40), 22, 24, 12, 10], merges);
}

// ───────────────────────────── entry ─────────────────────────────

/** The output sheets of a report: summary, detail, shortfalls, issues, sources, the narrative. */
export function buildSheets(report: Report, lang: Lang = 'vi'): SheetSpec[] {
  return buildSheetsForWriting(report, lang).map(materialize);
}

/**
 * buildSheets for writeXlsx alone: the detail and shortfalls sheets (a million cells for thousands of
 * communes) make their rows as they are written, so that their cells are never all in memory at once.
 */
export function buildSheetsForWriting(report: Report, lang: Lang = 'vi'): WritableSheet[] {
  const narrative = buildNarrative(report, lang);
  const specs = [summarySheet(report, lang, narrative), detailSheet(report, lang), shortfallsSheet(report, lang), issuesSheet(report, lang), sourcesSheet(report, lang), reportSheet(narrative, lang)];
  for (const s of specs) {
    if (isStreamed(s)) continue; // its rows' heights and its print scale come as its rows are made
    if (!s.rowHeights) s.rowHeights = fitRowHeights(s);
    if (s.print) s.print.scale = printScale(s);
  }
  return specs;
}

export function isStreamed(s: WritableSheet): s is StreamedSheetSpec {
  return !Array.isArray(s.rows);
}

/** A sheet with its rows at hand: a streamed sheet's rows made, with their heights and its print scale. */
export function materialize(s: WritableSheet): SheetSpec {
  if (!isStreamed(s)) return s;
  const rows: (SpecCell | null)[][] = [];
  const rowHeights: (number | null)[] = [];
  for (let r = 0; r < s.rows.length; r++) {
    const { cells, height } = s.rows.row(r);
    rows.push(cells);
    rowHeights.push(height);
  }
  s.rows.end();
  return { ...s, rows, rowHeights };
}

/** Rows of a streamed sheet: `head` at hand, then `body` made row by row when asked, then `tail` at hand. */
interface RowRuns {
  head: (SpecCell | null)[][];
  body: { length: number; row(i: number): (SpecCell | null)[] };
  tail: (SpecCell | null)[][];
}

/**
 * A sheet whose rows are made as they are written: each row's height fitted as it is made (rowHeightFitter),
 * the print scale (printScale) set after the last from the smallest text met.
 */
function streamedSheet(layout: Omit<StreamedSheetSpec, 'rows'>, runs: RowRuns): StreamedSheetSpec {
  const { head, body, tail } = runs;
  const fit = rowHeightFitter(layout);
  let smallest = 12; // the footer's page numbers
  const rows: RowStream = {
    length: head.length + body.length + tail.length,
    row(r) {
      const b = r - head.length;
      const cells = b < 0 ? head[r] : b < body.length ? body.row(b) : tail[b - body.length];
      smallest = smallestText(cells, layout.styles, smallest);
      return { cells, height: fit(r, cells) };
    },
    end() {
      if (spec.print) spec.print.scale = scaleFor(spec, smallest);
    },
  };
  const { key, name, ...rest } = layout;
  const spec: StreamedSheetSpec = { key, name, rows, ...rest }; // a SheetSpec's order of keys
  return spec;
}

// ───────────────────────────── the narrative ─────────────────────────────

/** The narrative draft as a sheet ("Báo cáo"): A4 portrait, Times New Roman 13 pt, one merged row per paragraph. */
function reportSheet(n: Narrative, lang: Lang): SheetSpec {
  const F = 'Times New Roman';
  const styles: Record<string, CellStyle> = {
    org: { font: F, size: 13, hAlign: 'center', vAlign: 'top', wrap: true },
    orgBold: { font: F, size: 13, bold: true, hAlign: 'center', vAlign: 'top', wrap: true },
    orgItalic: { font: F, size: 13, italic: true, hAlign: 'center', vAlign: 'top', wrap: true },
    title: { font: F, size: 14, bold: true, hAlign: 'center', vAlign: 'middle', wrap: true },
    heading: { font: F, size: 13, bold: true, vAlign: 'top', wrap: true },
    body: { font: F, size: 13, vAlign: 'top', wrap: true },
    small: { font: F, size: 12, vAlign: 'top', wrap: true },
    smallBold: { font: F, size: 12, bold: true, italic: true, vAlign: 'top' },
  };
  const rows: (SpecCell | null)[][] = [];
  const merges: string[] = [];
  const whole = (cell: SpecCell) => {
    merges.push(rangeAddress(rows.length, 0, rows.length, 1));
    rows.push([cell, null]);
  };
  rows.push([{ v: n.issuer.toUpperCase(), text: true, style: 'orgBold' }, word(n.motto[0], 'orgBold')]);
  rows.push([word(n.number, 'org'), word(n.motto[1], 'orgBold')]);
  rows.push([null, word(n.placeDate, 'orgItalic')]);
  rows.push([null, null]);
  whole(word(n.title, 'title'));
  whole({ v: n.subtitle, text: true, style: 'title' });
  whole(word(n.draftNote, 'orgItalic'));
  rows.push([null, null]);
  for (const b of n.body) whole({ v: b.text, text: true, style: b.kind === 'heading' ? 'heading' : 'body' });
  rows.push([null, null]);
  rows.push([word(n.signatures[0]?.title ?? '', 'orgBold'), word(n.signatures[1]?.title ?? '', 'orgBold')]);
  rows.push([word(n.signatures[0]?.note ?? '', 'orgItalic'), word(n.signatures[1]?.note ?? '', 'orgItalic')]);
  for (let k = 0; k < 4; k++) rows.push([null, null]);
  rows.push([word(n.recipients.title, 'smallBold'), null]);
  for (const l of n.recipients.lines) rows.push([word(l, 'small'), null]);
  const spec: SheetSpec = {
    key: 'report',
    name: sheetNames(lang).report,
    rows,
    widths: [34, 44],
    merges,
    styles,
    print: { orientation: 'portrait', paper: 'A4', margins: REPORT_MARGINS, pageWord: label('page', lang) },
  };
  spec.rowHeights = fitRowHeights(spec);
  return spec;
}

/** "A1:L1" moved down by `n` rows. */
function shiftRange(range: string, n: number): string {
  return range.replace(/([A-Z]+)(\d+)/g, (_, c: string, r: string) => `${c}${Number(r) + n}`);
}

/**
 * One worksheet part of writeXlsx (write.ts): its cells written straight into UTF-8 bytes, with the merges,
 * frozen panes, column widths, row heights, conditional formats and page setup around them; and the
 * DrawingML parts of its bar chart.
 */
import type { ConditionalFormatSpec, RowStream, SheetSpec, SpecCell, WritableSheet } from '../types';
import type { PartDeflater } from './deflate';
import type { ZipWriteEntry } from './zip';
import { dataValidationsXml, sheetProtectionXml } from './write-protect';
import {
  argb, ByteWriter, cellOpen, col, encoder, escapeContent, escapeXml, MAX_COLS, MAX_ROWS, MAX_TEXT, NS_MAIN, NS_R,
  num, parseCell, parseRange, rectRef, sqref, XML_HEAD, type Rect, type StringTable, type StyleBook,
} from './write-parts';

/** Cells under merges given their top-left cell's style, at most, per sheet. */
const MERGE_STYLE_BUDGET = 1_000_000;

/** Merges of a spec that Excel accepts: valid ranges of two cells or more, none overlapping an earlier one. */
function cleanMerges(merges: string[] | undefined): Rect[] {
  const out: Rect[] = [];
  // small merges mark their cells (found in constant time); large ones are few and compared one by one
  const SMALL = 64;
  const cells = new Set<number>();
  const large: Rect[] = [];
  const area = (x: Rect) => (x.r2 - x.r1 + 1) * (x.c2 - x.c1 + 1);
  const meets = (x: Rect, y: Rect) => x.r1 <= y.r2 && y.r1 <= x.r2 && x.c1 <= y.c2 && y.c1 <= x.c2;
  for (const m of merges ?? []) {
    const x = typeof m === 'string' ? parseRange(m) : null;
    if (!x || (x.r1 === x.r2 && x.c1 === x.c2)) continue;
    const small = area(x) <= SMALL;
    let overlaps = small ? large.some((y) => meets(x, y)) : out.some((y) => meets(x, y));
    for (let r = x.r1; small && !overlaps && r <= x.r2; r++) for (let c = x.c1; c <= x.c2; c++) if (cells.has(r * 16384 + c)) overlaps = true;
    if (overlaps) continue;
    out.push(x);
    if (!small) large.push(x);
    else for (let r = x.r1; r <= x.r2; r++) for (let c = x.c1; c <= x.c2; c++) cells.add(r * 16384 + c);
  }
  return out;
}

function conditionalXml(cf: ConditionalFormatSpec, priority: number, styles: StyleBook): string {
  const ref = sqref(cf.range);
  if (!ref) return '';
  if (cf.type === 'cellIs') {
    const op = cf.operator ?? 'lessThan';
    const formula = escapeContent(String(cf.formula ?? '0').replace(/^=/, ''));
    const dxfId = styles.dxf(cf.fill, cf.color);
    return `<conditionalFormatting sqref="${ref}"><cfRule type="cellIs" dxfId="${dxfId}" priority="${priority}" operator="${escapeXml(op)}"><formula>${formula}</formula></cfRule></conditionalFormatting>`;
  }
  if (cf.type === 'dataBar') {
    const color = argb(cf.color ?? cf.fill ?? '638EC6') ?? 'FF638EC6';
    return `<conditionalFormatting sqref="${ref}"><cfRule type="dataBar" priority="${priority}"><dataBar><cfvo type="min"/><cfvo type="max"/><color rgb="${color}"/></dataBar></cfRule></conditionalFormatting>`;
  }
  return '';
}

/** A cell's ' s="N"' attribute ('' for the default format), cached by style name, then number format. */
type XfAttr = (c: SpecCell) => string;

function xfAttrOf(spec: WritableSheet, styles: StyleBook): XfAttr {
  const sheetStyles = spec.styles && typeof spec.styles === 'object' ? spec.styles : {};
  const xfCache = new Map<string, Map<string, string>>();
  return (c: SpecCell): string => {
    const name = typeof c.style === 'string' ? c.style : '';
    const fmt = typeof c.fmt === 'string' ? c.fmt : '';
    if (!name && !fmt) return '';
    let byFmt = xfCache.get(name);
    if (!byFmt) xfCache.set(name, (byFmt = new Map()));
    let attr = byFmt.get(fmt);
    if (attr === undefined) {
      const id = styles.xf(name ? sheetStyles[name] : undefined, fmt || undefined);
      attr = id ? ` s="${id}"` : '';
      byFmt.set(fmt, attr);
    }
    return attr;
  };
}

/**
 * Merges: the cells under a merge other than its top-left one keep no value and take the top-left's style
 * (as exceljs's mergeCells does). A styled top-left cell styles its whole merge, up to a budget of cells (a
 * spec merging "A1:XFD1048576" must not take minutes); past it, and for unstyled merges, only the spec's own
 * cells are marked. Met row by row as the rows are written (a streamed sheet's rows are never all at hand): a
 * merge is settled on its top row, from its top-left cell (the budget spent in the order of the top rows).
 */
class MergeCover {
  private readonly byTop: Rect[];
  private next = 0;
  /** Rows below the one being written that merges styled whole reach: their cells' style attributes, by column. */
  private readonly ahead = new Map<number, (string | undefined)[]>();
  /** Merges not styled whole: the cells the rows down to rLast have are marked as each row comes. */
  private partial: { m: Rect; attr: string; rLast: number }[] = [];
  private budget = MERGE_STYLE_BUDGET;
  /** Rows reached by merges styled whole: written even past the sheet's last row. */
  reach = 0;

  constructor(merges: Rect[], private readonly length: number, private readonly xfAttr: XfAttr) {
    this.byTop = merges.slice().sort((a, b) => a.r1 - b.r1);
  }

  /** Row r's cells under merges, by column: the style attribute each takes ('' none); undefined for none. Rows in order. */
  line(r: number, row: (SpecCell | null)[] | undefined): (string | undefined)[] | undefined {
    let line = this.ahead.get(r);
    if (line) this.ahead.delete(r);
    while (this.next < this.byTop.length && this.byTop[this.next].r1 <= r) {
      const m = this.byTop[this.next++];
      const master = Array.isArray(row) ? row[m.c1] : undefined;
      const attr = master && typeof master === 'object' ? this.xfAttr(master) : '';
      const area = (m.r2 - m.r1 + 1) * (m.c2 - m.c1 + 1);
      if (attr !== '' && area <= this.budget) {
        this.budget -= area;
        line ??= [];
        for (let rr = m.r1; rr <= m.r2; rr++) {
          let at = rr === r ? line : this.ahead.get(rr);
          if (!at) this.ahead.set(rr, (at = []));
          for (let c = m.c1; c <= m.c2; c++) if (rr !== m.r1 || c !== m.c1) at[c] = attr;
        }
        this.reach = Math.max(this.reach, m.r2 + 1);
      } else if (Math.min(m.r2, this.length - 1) >= m.r1) this.partial.push({ m, attr, rLast: Math.min(m.r2, this.length - 1) });
    }
    if (this.partial.length) {
      for (const { m, attr, rLast } of this.partial) {
        const cLast = Math.min(m.c2, Array.isArray(row) ? row.length - 1 : -1);
        if (r > rLast || cLast < m.c1) continue;
        line ??= [];
        for (let c = m.c1; c <= cLast; c++) if (r !== m.r1 || c !== m.c1) line[c] = attr;
      }
      this.partial = this.partial.filter((p) => p.rLast > r);
    }
    return line;
  }
}

/** A sheet's rows as the writer takes them, in order: at hand (with spec.rowHeights) or made as they come. */
interface RowsIn {
  length: number;
  /** Row r's cells; then height() is row r's. */
  cells(r: number): (SpecCell | null)[] | undefined;
  height(): number | null | undefined;
  end(): void;
}

function rowsIn(spec: WritableSheet): RowsIn {
  if (Array.isArray(spec.rows)) {
    const rows = spec.rows;
    const heights = Array.isArray((spec as SheetSpec).rowHeights) ? (spec as SheetSpec).rowHeights! : null;
    let at = 0;
    return { length: rows.length, cells: (r) => rows[(at = r)], height: () => (heights ? heights[at] : null), end: () => undefined };
  }
  const stream = spec.rows as RowStream;
  let height: number | null = null;
  return {
    length: stream.length,
    cells(r) {
      const x = stream.row(r);
      height = x.height;
      return x.cells;
    },
    height: () => height,
    end: () => stream.end(),
  };
}

/** One <c> element (row number rn, style attribute s); false when there is nothing to write. */
function writeCell(w: ByteWriter, c: number, rn: number, cell: SpecCell | null, s: string, strings: StringTable): boolean {
  const v = cell ? cell.v : null;
  const f = cell && typeof cell.f === 'string' ? (cell.f.charCodeAt(0) === 61 ? cell.f.slice(1) : cell.f) : '';
  let kind: 0 | 1 | 2 | 3 | 4; // 0 style only, 1 number, 2 shared string, 3 boolean, 4 formula
  if (f) kind = 4;
  else if (typeof v === 'number' && Number.isFinite(v)) kind = 1;
  else if (typeof v === 'string') kind = 2;
  else if (typeof v === 'boolean') kind = 3;
  else if (s) kind = 0;
  else return false;
  // <c r="B7" s="3" t="s"><v>12</v></c>
  w.raw(cellOpen(c));
  w.int(rn);
  w.text('"');
  if (s) w.text(s);
  switch (kind) {
    case 0:
      w.text('/>');
      break;
    case 1:
      w.text('><v>');
      w.num(v as number);
      w.text('</v></c>');
      break;
    case 2:
      w.text(' t="s"><v>');
      w.int(strings.id((v as string).length > MAX_TEXT ? (v as string).slice(0, MAX_TEXT) : (v as string)));
      w.text('</v></c>');
      break;
    case 3:
      w.text(v ? ' t="b"><v>1</v></c>' : ' t="b"><v>0</v></c>');
      break;
    default: {
      const t = typeof v === 'number' && Number.isFinite(v) ? '' : typeof v === 'string' ? ' t="str"' : typeof v === 'boolean' ? ' t="b"' : '';
      w.text(t);
      w.text('><f>');
      w.content(f);
      w.text('</f>');
      if (typeof v === 'number' && Number.isFinite(v)) {
        w.text('<v>');
        w.num(v);
        w.text('</v>');
      } else if (typeof v === 'string') {
        w.text('<v>');
        w.content(v.length > MAX_TEXT ? v.slice(0, MAX_TEXT) : v);
        w.text('</v>');
      }
      else if (typeof v === 'boolean') w.text(v ? '<v>1</v>' : '<v>0</v>');
      w.text('</c>');
    }
  }
  return true;
}

/**
 * The <sheetData> rows, written into a ByteWriter a stretch at a time (write): all at once for a part made
 * whole, a piece of about SHEET_PIECE bytes at a time for one compressed as it is written. Then the last row
 * and column that hold a cell (-1 for none), for the part's head.
 */
class SheetRows {
  private r = 0;
  maxRow = -1;
  maxCol = -1;

  constructor(
    private readonly rows: RowsIn,
    private readonly cover: MergeCover,
    private readonly xfAttr: XfAttr,
    private readonly strings: StringTable,
  ) {}

  /** Rows written into `w` until it holds `until` bytes or more (whole rows); true once every row is written. */
  write(w: ByteWriter, until: number): boolean {
    const { rows, cover, xfAttr, strings } = this;
    let r = this.r;
    for (; r < MAX_ROWS && (r < rows.length || r < cover.reach); r++) {
      if (w.n >= until) {
        this.r = r;
        return false;
      }
      const row = r < rows.length ? rows.cells(r) : undefined;
      const ht = r < rows.length ? rows.height() : null;
      const cov = cover.line(r, row);
      const n = Math.min(MAX_COLS, Math.max(Array.isArray(row) ? row.length : 0, cov ? cov.length : 0));
      const rn = r + 1;
      const rowStart = w.n;
      let cells = 0;
      w.text('<row r="');
      w.int(rn);
      w.text(typeof ht === 'number' && Number.isFinite(ht) && ht > 0 ? `" ht="${Math.min(409, Math.round(ht * 4) / 4)}" customHeight="1">` : '">');
      for (let c = 0; c < n; c++) {
        const coveredAttr = cov ? cov[c] : undefined;
        let s: string;
        let cell: SpecCell | null | undefined = null;
        if (coveredAttr !== undefined) {
          if (!coveredAttr) continue;
          s = coveredAttr;
        } else {
          cell = row ? row[c] : null;
          if (!cell || typeof cell !== 'object') continue;
          s = xfAttr(cell);
        }
        if (!writeCell(w, c, rn, cell, s, strings)) continue;
        cells++;
        if (c > this.maxCol) this.maxCol = c;
      }
      if (cells === 0) w.n = rowStart;
      else {
        w.text('</row>');
        this.maxRow = r;
      }
    }
    this.r = r;
    rows.end();
    return true;
  }
}

const FIT_TO_PAGE = '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>';

/** What stands before <sheetData>: the fit-to-page flag, dimension, the view (with a frozen pane), the columns. */
function sheetHead(spec: WritableSheet, index: number, maxRow: number, maxCol: number): string {
  const out: string[] = [XML_HEAD, `<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_R}">`];
  if (spec.print?.fitToWidth) out.push(FIT_TO_PAGE);
  out.push(`<dimension ref="${maxRow < 0 ? 'A1' : rectRef({ r1: 0, c1: 0, r2: maxRow, c2: Math.max(0, maxCol) })}"/>`);

  const fr = spec.freeze;
  const fRows = fr && Number.isInteger(fr.rows) && fr.rows > 0 && fr.rows < MAX_ROWS ? fr.rows : 0;
  const fCols = fr && Number.isInteger(fr.cols) && fr.cols > 0 && fr.cols < MAX_COLS ? fr.cols : 0;
  const tab = index === 0 ? ' tabSelected="1"' : '';
  if (fRows || fCols) {
    const top = col(fCols) + (fRows + 1);
    const pane = fRows && fCols ? 'bottomRight' : fCols ? 'topRight' : 'bottomLeft';
    out.push(
      `<sheetViews><sheetView workbookViewId="0"${tab}><pane${fCols ? ` xSplit="${fCols}"` : ''}${fRows ? ` ySplit="${fRows}"` : ''} topLeftCell="${top}" activePane="${pane}" state="frozen"/><selection pane="${pane}" activeCell="${top}" sqref="${top}"/></sheetView></sheetViews>`,
    );
  } else {
    out.push(`<sheetViews><sheetView workbookViewId="0"${tab}/></sheetViews>`);
  }
  out.push('<sheetFormatPr defaultRowHeight="15"/>');

  const widths = Array.isArray(spec.widths) ? spec.widths : [];
  const cols: string[] = [];
  for (let i = 0; i < widths.length && i < MAX_COLS; i++) {
    const w = widths[i];
    if (typeof w === 'number' && Number.isFinite(w) && w > 0) cols.push(`<col min="${i + 1}" max="${i + 1}" width="${Math.min(255, w)}" customWidth="1"/>`);
  }
  if (cols.length) out.push('<cols>', ...cols, '</cols>');
  out.push('<sheetData>');
  return out.join('');
}

/** The page margins and setup, and the page-number footer, of spec.print (Excel's defaults without it). */
function pageXml(print: SheetSpec['print']): string {
  if (!print) return '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>';
  const out: string[] = [];
  const m = print.margins;
  const inch = (mm: unknown, d: number) => (typeof mm === 'number' && Number.isFinite(mm) && mm >= 0 && mm < 200 ? Math.round((mm / 25.4) * 1000) / 1000 : d);
  out.push(`<pageMargins left="${inch(m?.left, 0.4)}" right="${inch(m?.right, 0.4)}" top="${inch(m?.top, 0.6)}" bottom="${inch(m?.bottom, 0.6)}" header="0.3" footer="0.3"/>`);
  const orientation = print.orientation === 'portrait' ? 'portrait' : 'landscape';
  const scale = typeof print.scale === 'number' && Number.isFinite(print.scale) ? Math.round(Math.min(400, Math.max(10, print.scale))) : null;
  out.push(`<pageSetup paperSize="9"${scale && !print.fitToWidth ? ` scale="${scale}"` : ''} orientation="${orientation}"${print.fitToWidth ? ' fitToWidth="1" fitToHeight="0"' : ''}/>`);
  if (typeof print.pageWord === 'string') {
    const word = escapeXml(print.pageWord.replace(/&/g, '&&').slice(0, 40));
    // 12 pt: still 8 pt or more at the smallest scale the sheets use
    out.push(`<headerFooter><oddFooter>&amp;C&amp;12${word ? word + ' ' : ''}&amp;P/&amp;N</oddFooter></headerFooter>`);
  }
  return out.join('');
}

/** What stands after <sheetData>: merges, conditional formats, the page setup, the drawing. */
function sheetTail(spec: WritableSheet, merges: Rect[], styles: StyleBook, drawing: boolean): string {
  const out: string[] = ['</sheetData>', sheetProtectionXml(spec)];
  if (merges.length) {
    out.push(`<mergeCells count="${merges.length}">`);
    for (const m of merges) out.push(`<mergeCell ref="${rectRef(m)}"/>`);
    out.push('</mergeCells>');
  }
  let priority = 0;
  for (const cf of spec.conditionalFormats ?? []) {
    if (!cf || typeof cf !== 'object') continue;
    const xml = conditionalXml(cf, priority + 1, styles);
    if (xml) {
      out.push(xml);
      priority++;
    }
  }
  out.push(dataValidationsXml(spec));
  out.push(pageXml(spec.print));
  if (drawing) out.push('<drawing r:id="rId1"/>');
  out.push('</worksheet>');
  return out.join('');
}

/** A sheet's rows ready to be written, and its merges (for the tail). */
function partOf(spec: WritableSheet, styles: StyleBook, strings: StringTable): { rows: SheetRows; merges: Rect[] } {
  const xfAttr = xfAttrOf(spec, styles);
  const merges = cleanMerges(spec.merges);
  const rows = rowsIn(spec);
  return { rows: new SheetRows(rows, new MergeCover(merges, rows.length, xfAttr), xfAttr, strings), merges };
}

/**
 * Room for the head before the rows: as long as it can be, with the largest dimension, and the fit-to-page
 * flag a streamed sheet may set only after its last row (RowStream.end).
 */
function headRoom(spec: WritableSheet, index: number): number {
  return encoder.encode(sheetHead(spec, index, MAX_ROWS - 1, MAX_COLS - 1)).length + FIT_TO_PAGE.length;
}

/** The tail after the rows written into `w` from `gap`, and the head at the gap's end: the whole part. */
function wholePart(w: ByteWriter, gap: number, spec: WritableSheet, index: number, part: { rows: SheetRows; merges: Rect[] }, styles: StyleBook, drawing: boolean): Uint8Array {
  w.text(sheetTail(spec, part.merges, styles, drawing));
  const head = encoder.encode(sheetHead(spec, index, part.rows.maxRow, part.rows.maxCol));
  const start = gap - head.length;
  if (start < 0) throw new Error(`sheet head longer than its room (${head.length} > ${gap})`);
  w.buf.set(head, start);
  return w.buf.subarray(start, w.n);
}

/**
 * A worksheet part, as UTF-8 bytes, made in one buffer: the rows are written first, after a gap as long as
 * the head can be with the largest dimension (the head names the last row and column, known only then); the
 * head then goes at the gap's end, and the part is the view from there. No copy of a sheet of 40 MB, and no
 * second buffer of its size (sheetPieces needs neither buffer, where Node's zlib is at hand).
 */
export function sheetXml(spec: WritableSheet, index: number, styles: StyleBook, strings: StringTable, drawing = false): Uint8Array {
  const part = partOf(spec, styles, strings);
  let cellCount = 0;
  if (Array.isArray(spec.rows)) for (const row of spec.rows) cellCount += Array.isArray(row) ? row.length : 0;
  else cellCount = spec.rows.length * (Array.isArray(spec.widths) ? spec.widths.length : 1);
  const gap = headRoom(spec, index);
  // pages never touched cost no memory: the estimate can be generous, growing (a copy) is rare; at most 64 MB
  // at first (a browser may refuse a larger buffer at once)
  const w = new ByteWriter(gap + Math.min(1 << 26, Math.max(1 << 12, 64 * cellCount)));
  w.n = gap;
  part.rows.write(w, Infinity);
  return wholePart(w, gap, spec, index, part, styles, drawing);
}

/** Bytes of rows handed to the deflater at a time by sheetPieces. */
export const SHEET_PIECE = 1 << 20;

/**
 * A worksheet part as sheetXml makes it, compressed as it is written when it is longer than a piece: the rows
 * go to `open()`'s deflater SHEET_PIECE bytes at a time, from two buffers in turn (one written while the
 * other is read), and the head goes before them at the end (PartDeflater). The part's bytes when it fits in
 * one piece (then nothing is opened), else its entry, to be awaited once the next part is under way.
 */
export async function sheetPieces(
  spec: WritableSheet, index: number, styles: StyleBook, strings: StringTable, drawing: boolean, open: () => PartDeflater,
): Promise<{ whole: Uint8Array } | { entry: Promise<ZipWriteEntry> }> {
  const part = partOf(spec, styles, strings);
  const gap = headRoom(spec, index);
  const first = new ByteWriter(gap + SHEET_PIECE + (SHEET_PIECE >> 2));
  first.n = gap;
  if (part.rows.write(first, gap + SHEET_PIECE)) return { whole: wholePart(first, gap, spec, index, part, styles, drawing) };
  const d = open();
  const writers = [first, new ByteWriter(SHEET_PIECE + (SHEET_PIECE >> 2))];
  const read: (Promise<void> | null)[] = [d.push(first.buf.subarray(gap, first.n)), null];
  for (let k = 1; ; k ^= 1) {
    await read[k];
    const w = writers[k];
    w.n = 0;
    const done = part.rows.write(w, SHEET_PIECE);
    if (done) w.text(sheetTail(spec, part.merges, styles, drawing));
    read[k] = d.push(w.bytes());
    if (done) break;
  }
  return { entry: d.finish(encoder.encode(sheetHead(spec, index, part.rows.maxRow, part.rows.maxCol))) };
}

/**
 * A clustered bar chart of spec.chart: its categories and one or two value series (the % of the target and
 * the expected progress), each with the range it reads and a cache of the values (LibreOffice and Excel show
 * the cache until they recalculate). Anchored from spec.chart.anchor over 8 columns and a row per bar.
 */
export function chartParts(spec: SheetSpec, sheetName: string, n: number): { xml: string; drawing: string } | null {
  const ch = spec.chart;
  if (!ch || typeof ch !== 'object' || ch.type !== 'bar') return null;
  const cats = parseRange(ch.categories ?? '');
  const vals = parseRange(ch.values ?? '');
  const at = parseCell(ch.anchor ?? '');
  if (!cats || !vals || !at) return null;
  const rows = Array.isArray(spec.rows) ? spec.rows : [];
  const cell = (r: number, c: number): SpecCell | null => (Array.isArray(rows[r]) ? rows[r][c] ?? null : null);
  const q = escapeXml(quoteSheet(sheetName));
  const ref = (x: Rect) => `${q}!$${col(x.c1)}$${x.r1 + 1}:$${col(x.c2)}$${x.r2 + 1}`;
  const count = cats.r2 - cats.r1 + 1;
  const strCache = (x: Rect) => {
    const pts: string[] = [];
    for (let i = 0; i <= x.r2 - x.r1; i++) {
      const v = cell(x.r1 + i, x.c1)?.v;
      if (v !== null && v !== undefined && v !== '') pts.push(`<c:pt idx="${i}"><c:v>${escapeContent(String(v).slice(0, 255))}</c:v></c:pt>`);
    }
    return `<c:strCache><c:ptCount val="${x.r2 - x.r1 + 1}"/>${pts.join('')}</c:strCache>`;
  };
  const numCache = (x: Rect) => {
    const pts: string[] = [];
    for (let i = 0; i <= x.r2 - x.r1; i++) {
      const v = cell(x.r1 + i, x.c1)?.v;
      if (typeof v === 'number' && Number.isFinite(v)) pts.push(`<c:pt idx="${i}"><c:v>${num(v)}</c:v></c:pt>`);
    }
    return `<c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="${x.r2 - x.r1 + 1}"/>${pts.join('')}</c:numCache>`;
  };
  const exp = ch.expected ? parseRange(ch.expected) : null;
  const series = [{ r: vals, name: ch.names?.[0] ?? '%', color: '4472C4' }, ...(exp ? [{ r: exp, name: ch.names?.[1] ?? '', color: 'A5A5A5' }] : [])];
  const ser = series.map((s, i) =>
    `<c:ser><c:idx val="${i}"/><c:order val="${i}"/><c:tx><c:v>${escapeContent(s.name)}</c:v></c:tx>` +
    `<c:spPr><a:solidFill><a:srgbClr val="${s.color}"/></a:solidFill></c:spPr><c:invertIfNegative val="0"/>` +
    `<c:cat><c:strRef><c:f>${ref(cats)}</c:f>${strCache(cats)}</c:strRef></c:cat>` +
    `<c:val><c:numRef><c:f>${ref(s.r)}</c:f>${numCache(s.r)}</c:numRef></c:val></c:ser>`).join('');
  const xml =
    `${XML_HEAD}<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="${NS_R}">` +
    '<c:roundedCorners val="0"/><c:chart>' +
    `<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1200" b="1"/></a:pPr><a:r><a:rPr lang="vi-VN" sz="1200" b="1"/><a:t>${escapeContent(ch.title ?? '')}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>` +
    '<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>' +
    `<c:barChart><c:barDir val="bar"/><c:grouping val="clustered"/><c:varyColors val="0"/>${ser}<c:gapWidth val="60"/><c:axId val="50010001"/><c:axId val="50010002"/></c:barChart>` +
    '<c:catAx><c:axId val="50010001"/><c:scaling><c:orientation val="maxMin"/></c:scaling><c:delete val="0"/><c:axPos val="l"/><c:numFmt formatCode="General" sourceLinked="0"/><c:tickLblPos val="nextTo"/><c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="900"/></a:pPr><a:endParaRPr lang="vi-VN"/></a:p></c:txPr><c:crossAx val="50010002"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>' +
    '<c:valAx><c:axId val="50010002"/><c:scaling><c:orientation val="minMax"/><c:min val="0"/></c:scaling><c:delete val="0"/><c:axPos val="t"/><c:majorGridlines/><c:numFmt formatCode="0" sourceLinked="0"/><c:tickLblPos val="nextTo"/><c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="900"/></a:pPr><a:endParaRPr lang="vi-VN"/></a:p></c:txPr><c:crossAx val="50010001"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>' +
    '</c:plotArea><c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>';
  const tall = Math.max(12, Math.min(60, 3 + count));
  const drawing =
    `${XML_HEAD}<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">` +
    `<xdr:twoCellAnchor editAs="oneCell"><xdr:from><xdr:col>${at.c}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${at.r}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>` +
    `<xdr:to><xdr:col>${at.c + 8}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${at.r + tall}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>` +
    `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${n + 1}" name="Chart ${n}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
    '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">' +
    `<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:r="${NS_R}" r:id="rId1"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>`;
  return { xml, drawing };
}

/** "'Tổng hợp'!$6:$6" — a sheet-qualified reference with the name quoted. */
export function quoteSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

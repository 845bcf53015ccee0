/**
 * SheetSpecs (src/write/sheets.ts) written straight to an .xlsx file, with no exceljs: the XML parts are
 * built here (a sheet's cells straight into UTF-8 bytes) and zipped. It writes what
 * test/reference/exceljs-write.ts writes — values, formulas with their cached results, number formats, fonts,
 * fills, alignment, borders, merges, column widths, frozen panes, conditional formats (cellIs, dataBar), an
 * A4 page setup fitted to the width and print titles — in a tenth of the time: no object model per cell,
 * no string kept per cell, deflate by the platform, each sheet compressed on Node's thread pool while the
 * next is built.
 *
 * Runs in Node and in a browser Web Worker: no Node import at the top. Deflate is Node's zlib
 * (process.getBuiltinModule, so bundles never see a `require`) when present, else CompressionStream
 * ('deflate-raw'), else the parts are stored uncompressed.
 *
 * Strings always go to the shared-string table (t="s"): a text such as "=HYPERLINK(…)", "+cmd", "-1+1"
 * or "@SUM(A1)" stays text whatever it starts with. Characters XML 1.0 forbids (U+0001…) are written as
 * OOXML's _xHHHH_ escapes in cell texts (Excel, LibreOffice and exceljs decode them) and dropped elsewhere
 * (sheet names, formulas, number formats). The workbook asks for a full recalculation on load
 * (calcPr fullCalcOnLoad="1").
 *
 * Print setup: A4, orientation, margins, fit to width where asked, print titles (rows and columns), a print
 * area, page numbers in the footer; row heights (spec.rowHeights). A bar chart (spec.chart) is written as a
 * DrawingML chart part (xl/charts/chartN.xml) anchored by a drawing part, with its values cached.
 */
import type { CellStyle, ConditionalFormatSpec, SheetSpec, SpecCell } from '../types';
import { writeZip, type ZipWriteEntry } from './zip';
import { deflateMode, zipEntry } from './deflate';

export { deflateMode, setNodeDeflate } from './deflate';
import { customPropsXml, CUSTOM_PROPS_CONTENT_TYPE, CUSTOM_PROPS_REL } from './marker';
import { colIndex, colLetter, cutSheetName, freeSheetName as freeName } from '../util/address';

export interface XlsxWriteOptions {
  /** dc:creator and cp:lastModifiedBy; "tonghop" when absent. */
  creator?: string;
  /** Creation/modification time written in docProps/core.xml; the current time when absent. */
  now?: Date;
  /** zlib level 0–9 for Node's deflate (the browser's CompressionStream has no level). Default 4: on these
   *  sheets half the time of level 6 for 3% more bytes. */
  level?: number;
  /** The run key written beside tonghop's mark in docProps/custom.xml (marker.ts); the same key goes into the run's JSON. */
  run?: string | null;
}

/** Excel's longest cell text. */
const MAX_TEXT = 32767;
/** Excel's longest sheet name. */
/** Excel's grid. */
const MAX_ROWS = 1048576;
const MAX_COLS = 16384;
/** Cells under merges given their top-left cell's style, at most, per sheet. */
const MERGE_STYLE_BUDGET = 1_000_000;

const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

// ───────────────────────────── escaping ─────────────────────────────

/** Characters XML 1.0 forbids (the surrogates are left to TextEncoder, which makes U+FFFD of a lone one). */
const ILLEGAL = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g;
/**
 * Anything a cell text needs escaped: markup, illegal characters, a carriage return (an XML parser would
 * make it a line feed; Excel writes it _x000D_ too), a literal "_xHHHH_" (else read as an escape).
 */
const TEXT_SPECIAL = /[&<>\x00-\x08\x0B-\x0D\x0E-\x1F\uFFFE\uFFFF]|_(?=x[0-9A-Fa-f]{4}_)/;
const TEXT_SPECIAL_G = /[&<>\x00-\x08\x0B-\x0D\x0E-\x1F\uFFFE\uFFFF]|_(?=x[0-9A-Fa-f]{4}_)/g;
const MARKUP = /[&<>"]/;
const MARKUP_G = /[&<>"]/g;

function hex4(code: number): string {
  return code.toString(16).toUpperCase().padStart(4, '0');
}

function textRepl(ch: string): string {
  switch (ch) {
    case '&':
      return '&amp;';
    case '<':
      return '&lt;';
    case '>':
      return '&gt;';
    case '_':
      return '_x005F_';
    default:
      return `_x${hex4(ch.charCodeAt(0))}_`;
  }
}

/** A cell text (shared string) as element content: markup escaped, illegal characters as _xHHHH_. */
export function escapeCellText(s: string): string {
  return TEXT_SPECIAL.test(s) ? s.replace(TEXT_SPECIAL_G, textRepl) : s;
}

function markupRepl(ch: string): string {
  return ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : '&quot;';
}

const CONTENT = /[&<>]/;
const CONTENT_G = /[&<>]/g;

/** Element content with illegal characters dropped (quotes stay as they are). */
function escapeContent(s: string): string {
  const t = s.replace(ILLEGAL, '');
  return CONTENT.test(t) ? t.replace(CONTENT_G, markupRepl) : t;
}

/** Attribute value (or element content) with illegal characters dropped. */
export function escapeXml(s: string): string {
  const t = s.replace(ILLEGAL, '');
  return MARKUP.test(t) ? t.replace(MARKUP_G, markupRepl) : t;
}

// ───────────────────────────── names and addresses ─────────────────────────────

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function sheetNameSafe(name: string): string {
  const s = String(name ?? '')
    .replace(ILLEGAL, '')
    .replace(LONE_SURROGATE, '')
    .replace(/[\[\]:*?/\\]/g, ' ')
    .replace(/^[\s']+|[\s']+$/g, ''); // Excel refuses an apostrophe first or last
  return cutSheetName(s) || 'Sheet';
}

/** `name` made safe, or "name (2)", "name (3)"… — the first not taken (case-insensitively), as exceljs-write does. */
function freeSheetName(name: string, used: Set<string>): string {
  return freeName(sheetNameSafe(name), used);
}

const COLS: string[] = [];
/** 0 → "A" (cached). */
function col(c: number): string {
  let s = COLS[c];
  if (s === undefined) {
    s = colLetter(c);
    COLS[c] = s;
  }
  return s;
}

interface Rect {
  r1: number;
  c1: number;
  r2: number;
  c2: number;
}

const CELL_RE = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/;

function parseCell(a: string): { r: number; c: number } | null {
  const m = CELL_RE.exec(a.trim());
  if (!m) return null;
  const r = Number(m[2]) - 1;
  const c = colIndex(m[1].toUpperCase());
  return r >= 0 && r < MAX_ROWS && c >= 0 && c < MAX_COLS ? { r, c } : null;
}

/** "A1:C3" or "A1" → a rectangle (corners in order), or null when it is not a range. */
function parseRange(a: string): Rect | null {
  const parts = String(a ?? '').split(':');
  if (parts.length > 2) return null;
  const p = parseCell(parts[0]);
  const q = parts.length === 2 ? parseCell(parts[1]) : p;
  if (!p || !q) return null;
  return { r1: Math.min(p.r, q.r), c1: Math.min(p.c, q.c), r2: Math.max(p.r, q.r), c2: Math.max(p.c, q.c) };
}

function rectRef(x: Rect): string {
  const a = col(x.c1) + (x.r1 + 1);
  return x.r1 === x.r2 && x.c1 === x.c2 ? a : `${a}:${col(x.c2)}${x.r2 + 1}`;
}

/** A space-separated list of ranges as a sqref ("G7:G8 G10"), or null when one of them is not a range. */
function sqref(a: string): string | null {
  const parts = String(a ?? '').trim().split(/\s+/).filter(Boolean);
  if (!parts.length) return null;
  const out: string[] = [];
  for (const p of parts) {
    const x = parseRange(p);
    if (!x) return null;
    out.push(rectRef(x));
  }
  return out.join(' ');
}

// ───────────────────────────── styles ─────────────────────────────

/** "RRGGBB" / "#RRGGBB" / "AARRGGBB" → "AARRGGBB"; null when it is not a colour. */
function argb(rgb: string | undefined): string | null {
  if (typeof rgb !== 'string') return null;
  const h = rgb.replace(/^#/, '').toUpperCase();
  if (/^[0-9A-F]{8}$/.test(h)) return h;
  if (/^[0-9A-F]{1,6}$/.test(h)) return 'FF' + h.padStart(6, '0');
  return null;
}

/** Formats Excel knows by number (the ids exceljs and Excel use); any other gets an id from 164. */
const BUILTIN_FORMATS: Record<string, number> = {
  General: 0,
  '0': 1,
  '0.00': 2,
  '#,##0': 3,
  '#,##0.00': 4,
  '0%': 9,
  '0.00%': 10,
  '0.00E+00': 11,
  '@': 49,
};

const DEFAULT_FONT = '<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>';
const BORDER_NONE = '<border><left/><right/><top/><bottom/><diagonal/></border>';
const THIN = '<color rgb="FF808080"/>';
const BORDER_THIN = `<border><left style="thin">${THIN}</left><right style="thin">${THIN}</right><top style="thin">${THIN}</top><bottom style="thin">${THIN}</bottom><diagonal/></border>`;

/** The workbook's style table: fonts, fills, borders, number formats and cell formats, each deduplicated. */
class StyleBook {
  private fonts = new Map<string, number>([[DEFAULT_FONT, 0]]);
  private fills = new Map<string, number>([
    ['<fill><patternFill patternType="none"/></fill>', 0],
    ['<fill><patternFill patternType="gray125"/></fill>', 1],
  ]);
  private borders = new Map<string, number>([
    [BORDER_NONE, 0],
    [BORDER_THIN, 1],
  ]);
  private numFmts = new Map<string, number>();
  private xfs = new Map<string, number>([['0|0|0|0|', 0]]);
  private xfList: string[] = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'];
  private dxfs = new Map<string, number>();

  private numFmtId(fmt: string | undefined): number {
    if (typeof fmt !== 'string') return 0;
    const f = fmt.replace(ILLEGAL, '');
    if (!f) return 0;
    const b = BUILTIN_FORMATS[f];
    if (b !== undefined) return b;
    let id = this.numFmts.get(f);
    if (id === undefined) {
      id = 164 + this.numFmts.size;
      this.numFmts.set(f, id);
    }
    return id;
  }

  private fontId(st: CellStyle): number {
    const color = argb(st.color);
    const size = typeof st.size === 'number' && Number.isFinite(st.size) && st.size > 0 ? Math.min(409, st.size) : 11;
    const fontName = typeof st.font === 'string' && st.font.trim() ? escapeXml(st.font.trim().slice(0, 31)) : '';
    if (!st.bold && !st.italic && !color && size === 11 && !fontName) return 0;
    const xml = `<font>${st.bold ? '<b/>' : ''}${st.italic ? '<i/>' : ''}<sz val="${size}"/>${color ? `<color rgb="${color}"/>` : ''}<name val="${fontName || 'Calibri'}"/>${fontName ? '' : '<family val="2"/>'}</font>`;
    let id = this.fonts.get(xml);
    if (id === undefined) {
      id = this.fonts.size;
      this.fonts.set(xml, id);
    }
    return id;
  }

  private fillId(st: CellStyle): number {
    const color = argb(st.fill);
    if (!color) return 0;
    const xml = `<fill><patternFill patternType="solid"><fgColor rgb="${color}"/><bgColor indexed="64"/></patternFill></fill>`;
    let id = this.fills.get(xml);
    if (id === undefined) {
      id = this.fills.size;
      this.fills.set(xml, id);
    }
    return id;
  }

  /** The cellXfs index of a style with a number format. */
  xf(st: CellStyle | undefined, fmt: string | undefined): number {
    const s: CellStyle = st && typeof st === 'object' ? st : {};
    const numFmtId = this.numFmtId(fmt);
    const fontId = this.fontId(s);
    const fillId = this.fillId(s);
    const borderId = s.border ? 1 : 0;
    const h = s.hAlign === 'left' || s.hAlign === 'center' || s.hAlign === 'right' ? s.hAlign : '';
    const v = s.vAlign === 'top' ? 'top' : s.vAlign === 'middle' ? 'center' : s.vAlign === 'bottom' ? 'bottom' : '';
    const align = h || v || s.wrap ? `<alignment${h ? ` horizontal="${h}"` : ''}${v ? ` vertical="${v}"` : ''}${s.wrap ? ' wrapText="1"' : ''}/>` : '';
    const key = `${numFmtId}|${fontId}|${fillId}|${borderId}|${align}`;
    let id = this.xfs.get(key);
    if (id === undefined) {
      id = this.xfList.length;
      this.xfs.set(key, id);
      const applied =
        (numFmtId ? ' applyNumberFormat="1"' : '') +
        (fontId ? ' applyFont="1"' : '') +
        (fillId ? ' applyFill="1"' : '') +
        (borderId ? ' applyBorder="1"' : '') +
        (align ? ' applyAlignment="1"' : '');
      const head = `<xf numFmtId="${numFmtId}" fontId="${fontId}" fillId="${fillId}" borderId="${borderId}" xfId="0"${applied}`;
      this.xfList.push(align ? `${head}>${align}</xf>` : `${head}/>`);
    }
    return id;
  }

  /** A differential format (conditional formats): font colour and fill; the same one is shared. */
  dxf(fill: string | undefined, color: string | undefined): number {
    const fc = argb(color);
    const bg = argb(fill);
    const xml =
      '<dxf>' +
      (fc ? `<font><color rgb="${fc}"/></font>` : '') +
      (bg ? `<fill><patternFill patternType="solid"><fgColor rgb="${bg}"/><bgColor rgb="${bg}"/></patternFill></fill>` : '') +
      '</dxf>';
    let id = this.dxfs.get(xml);
    if (id === undefined) {
      id = this.dxfs.size;
      this.dxfs.set(xml, id);
    }
    return id;
  }

  xml(): string {
    const out: string[] = [XML_HEAD, `<styleSheet xmlns="${NS_MAIN}">`];
    if (this.numFmts.size) {
      out.push(`<numFmts count="${this.numFmts.size}">`);
      for (const [f, id] of this.numFmts) out.push(`<numFmt numFmtId="${id}" formatCode="${escapeXml(f)}"/>`);
      out.push('</numFmts>');
    }
    out.push(`<fonts count="${this.fonts.size}">`, ...this.fonts.keys(), '</fonts>');
    out.push(`<fills count="${this.fills.size}">`, ...this.fills.keys(), '</fills>');
    out.push(`<borders count="${this.borders.size}">`, ...this.borders.keys(), '</borders>');
    out.push('<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>');
    out.push(`<cellXfs count="${this.xfList.length}">`, ...this.xfList, '</cellXfs>');
    out.push('<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>');
    out.push(`<dxfs count="${this.dxfs.size}">`, ...this.dxfs.keys(), '</dxfs>');
    out.push('<tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>');
    out.push('</styleSheet>');
    return out.join('');
  }
}

/** The shared-string table. */
class StringTable {
  private index = new Map<string, number>();
  private items: string[] = [];
  count = 0;

  id(s: string): number {
    this.count++;
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.items.length;
      this.index.set(s, i);
      const pre = /^\s|\s$|\n/.test(s) ? ' xml:space="preserve"' : '';
      this.items.push(`<si><t${pre}>${escapeCellText(s)}</t></si>`);
    }
    return i;
  }

  xml(): string {
    return `${XML_HEAD}<sst xmlns="${NS_MAIN}" count="${this.count}" uniqueCount="${this.items.length}">${this.items.join('')}</sst>`;
  }
}

// ───────────────────────────── bytes ─────────────────────────────

const encoder = new TextEncoder();

/**
 * UTF-8 written straight into a growing byte array: a sheet's 100,000 cells make no strings to keep and
 * no garbage to collect beyond the numbers' short texts.
 */
class ByteWriter {
  buf: Uint8Array;
  n = 0;

  constructor(size = 1 << 16) {
    this.buf = new Uint8Array(size);
  }

  private grow(k: number): void {
    let size = this.buf.length * 2;
    while (size < this.n + k) size *= 2;
    const b = new Uint8Array(size);
    b.set(this.buf.subarray(0, this.n));
    this.buf = b;
  }

  /** Any text (UTF-16 → UTF-8); ASCII byte by byte, the rest by TextEncoder. */
  text(s: string): void {
    const len = s.length;
    if (this.n + 3 * len > this.buf.length) this.grow(3 * len);
    const b = this.buf;
    let n = this.n;
    for (let i = 0; i < len; i++) {
      const ch = s.charCodeAt(i);
      if (ch < 0x80) b[n++] = ch;
      else {
        n += encoder.encodeInto(i ? s.slice(i) : s, b.subarray(n)).written;
        break;
      }
    }
    this.n = n;
  }

  raw(bytes: Uint8Array): void {
    if (this.n + bytes.length > this.buf.length) this.grow(bytes.length);
    this.buf.set(bytes, this.n);
    this.n += bytes.length;
  }

  /** A non-negative integer (below 2^53). */
  int(k: number): void {
    if (this.n + 16 > this.buf.length) this.grow(16);
    const b = this.buf;
    if (k < 10) {
      b[this.n++] = 48 + k;
      return;
    }
    let digits = 1;
    for (let p = 10; p <= k; p *= 10) digits++;
    let end = this.n + digits;
    this.n = end;
    for (let x = k; x > 0; x = (x - (x % 10)) / 10) b[--end] = 48 + (x % 10);
  }

  /** A finite number: the shortest text that reads back to the same double; -0 as 0. */
  num(v: number): void {
    if ((v | 0) === v) {
      if (v < 0) {
        this.text('-');
        this.int(-v);
      } else this.int(v);
    } else this.text('' + v);
  }

  bytes(): Uint8Array {
    return this.buf.subarray(0, this.n);
  }
}

/** A cell's opening: '<c r="' + column letters, as bytes, cached by column. */
const CELL_OPEN: Uint8Array[] = [];
function cellOpen(c: number): Uint8Array {
  let b = CELL_OPEN[c];
  if (!b) CELL_OPEN[c] = b = encoder.encode(`<c r="${col(c)}`);
  return b;
}

// ───────────────────────────── one sheet ─────────────────────────────

/** A number as <v> text: the shortest text that reads back to the same double (-0 as 0). */
function num(v: number): string {
  return v === 0 ? '0' : '' + v;
}

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

/** A worksheet part, as UTF-8 bytes. */
function sheetXml(spec: SheetSpec, index: number, styles: StyleBook, strings: StringTable, drawing = false): Uint8Array {
  const sheetStyles = spec.styles && typeof spec.styles === 'object' ? spec.styles : {};
  /** A cell's ' s="N"' attribute ('' for the default format), cached by style name, then number format. */
  const xfCache = new Map<string, Map<string, string>>();
  const xfAttr = (c: SpecCell): string => {
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

  // Merges: the cells under a merge other than its top-left one keep no value and take the top-left's style
  // (as exceljs's mergeCells does).
  const merges = cleanMerges(spec.merges);
  const rows = Array.isArray(spec.rows) ? spec.rows : [];
  // A styled top-left cell styles its whole merge, up to a budget of cells (a spec merging "A1:XFD1048576"
  // must not take minutes); past it, and for unstyled merges, only the spec's own cells are marked.
  let covered: Map<number, (string | undefined)[]> | null = null;
  let coveredRows = 0;
  let budget = MERGE_STYLE_BUDGET;
  for (const m of merges) {
    const master = rows[m.r1]?.[m.c1];
    const attr = master && typeof master === 'object' ? xfAttr(master) : '';
    const area = (m.r2 - m.r1 + 1) * (m.c2 - m.c1 + 1);
    const whole = attr !== '' && area <= budget;
    if (whole) budget -= area;
    const rLast = whole ? m.r2 : Math.min(m.r2, rows.length - 1);
    covered ??= new Map();
    for (let r = m.r1; r <= rLast; r++) {
      const row = rows[r];
      const cLast = whole ? m.c2 : Math.min(m.c2, Array.isArray(row) ? row.length - 1 : -1);
      if (cLast < m.c1) continue;
      let line = covered.get(r);
      if (!line) covered.set(r, (line = []));
      for (let c = m.c1; c <= cLast; c++) if (r !== m.r1 || c !== m.c1) line[c] = attr;
      coveredRows = Math.max(coveredRows, r + 1);
    }
  }

  const heights = Array.isArray(spec.rowHeights) ? spec.rowHeights : null;
  let cellCount = 0;
  for (const row of rows) if (Array.isArray(row)) cellCount += row.length;
  const w = new ByteWriter(Math.min(1 << 26, Math.max(1 << 12, 40 * cellCount)));
  let maxRow = -1;
  let maxCol = -1;
  const nRows = Math.min(MAX_ROWS, Math.max(rows.length, coveredRows));
  for (let r = 0; r < nRows; r++) {
    const row = rows[r];
    const cov = covered ? covered.get(r) : undefined;
    const n = Math.min(MAX_COLS, Math.max(Array.isArray(row) ? row.length : 0, cov ? cov.length : 0));
    const rn = r + 1;
    const rowStart = w.n;
    let cells = 0;
    w.text('<row r="');
    w.int(rn);
    const ht = heights ? heights[r] : null;
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
      const v = cell ? cell.v : null;
      const f = cell && typeof cell.f === 'string' ? (cell.f.charCodeAt(0) === 61 ? cell.f.slice(1) : cell.f) : '';
      let kind: 0 | 1 | 2 | 3 | 4; // 0 style only, 1 number, 2 shared string, 3 boolean, 4 formula
      if (f) kind = 4;
      else if (typeof v === 'number' && Number.isFinite(v)) kind = 1;
      else if (typeof v === 'string') kind = 2;
      else if (typeof v === 'boolean') kind = 3;
      else if (s) kind = 0;
      else continue;
      // <c r="B7" s="3" t="s"><v>12</v></c>
      w.raw(cellOpen(c));
      w.int(rn);
      w.text(s ? '"' + s : '"');
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
          w.text(escapeContent(f));
          w.text('</f>');
          if (typeof v === 'number' && Number.isFinite(v)) w.text('<v>' + num(v) + '</v>');
          else if (typeof v === 'string') w.text('<v>' + escapeContent(v.slice(0, MAX_TEXT)) + '</v>');
          else if (typeof v === 'boolean') w.text(v ? '<v>1</v>' : '<v>0</v>');
          w.text('</c>');
        }
      }
      cells++;
      if (c > maxCol) maxCol = c;
    }
    if (cells === 0) w.n = rowStart;
    else {
      w.text('</row>');
      maxRow = r;
    }
  }

  const out: string[] = [XML_HEAD, `<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_R}">`];
  const print = spec.print;
  if (print?.fitToWidth) out.push('<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>');
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
  const head = encoder.encode(out.join(''));
  out.length = 0;
  out.push('</sheetData>');
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
  if (print) {
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
  } else {
    out.push('<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>');
  }
  if (drawing) out.push('<drawing r:id="rId1"/>');
  out.push('</worksheet>');
  const tail = encoder.encode(out.join(''));
  const body = w.bytes();
  const part = new Uint8Array(head.length + body.length + tail.length);
  part.set(head, 0);
  part.set(body, head.length);
  part.set(tail, head.length + body.length);
  return part;
}

// ───────────────────────────── the workbook ─────────────────────────────

function isoSeconds(d: Date): string {
  const t = d instanceof Date && Number.isFinite(d.getTime()) ? d : new Date();
  return t.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** "'Tổng hợp'!$6:$6" — a sheet-qualified reference with the name quoted. */
/**
 * A clustered bar chart of spec.chart: its categories and one or two value series (the % of the target and
 * the expected progress), each with the range it reads and a cache of the values (LibreOffice and Excel show
 * the cache until they recalculate). Anchored from spec.chart.anchor over 8 columns and a row per bar.
 */
function chartParts(spec: SheetSpec, sheetName: string, n: number): { xml: string; drawing: string } | null {
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

function quoteSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

/**
 * A new .xlsx workbook holding the sheets, written directly (no exceljs). Sheet names are made safe and
 * unique as exceljs-write's freeSheetName does ("Tổng hợp (2)"). spec.chart is ignored. Never throws on a
 * bad spec: unreadable merges, ranges and colours are left out.
 */
export async function writeXlsx(specs: SheetSpec[], opts: XlsxWriteOptions = {}): Promise<Uint8Array> {
  const creator = escapeXml(opts.creator ?? 'tonghop');
  const when = isoSeconds(opts.now ?? new Date());
  const level = typeof opts.level === 'number' && opts.level >= 0 && opts.level <= 9 ? Math.floor(opts.level) : 4;
  const list: SheetSpec[] = (Array.isArray(specs) ? specs : []).filter((s) => s && typeof s === 'object');
  if (!list.length) list.push({ key: 'empty', name: 'Sheet1', rows: [], widths: [], merges: [], styles: {} });

  const enc = new TextEncoder();
  const mode = deflateMode();
  const styles = new StyleBook();
  const strings = new StringTable();
  const used = new Set<string>(['history']); // Excel keeps "History" for itself
  const names: string[] = [];
  // Each sheet's part is compressed (off this thread where the platform allows) while the next is built.
  const sheetEntries: Promise<ZipWriteEntry>[] = [];
  const charts: { sheet: number; xml: string; drawing: string }[] = [];
  list.forEach((spec, i) => {
    const name = freeSheetName(spec.name, used);
    used.add(name.toLowerCase());
    names.push(name);
    const chart = chartParts(spec, name, charts.length + 1);
    if (chart) charts.push({ sheet: i, ...chart });
    sheetEntries.push(zipEntry(`xl/worksheets/sheet${i + 1}.xml`, sheetXml(spec, i, styles, strings, !!chart), level, mode));
  });

  const defined: string[] = [];
  list.forEach((spec, i) => {
    const titles: string[] = [];
    const q = escapeXml(quoteSheet(names[i]));
    const tc = spec.print?.titleCols;
    if (tc && Number.isInteger(tc.first) && Number.isInteger(tc.last) && tc.first >= 1 && tc.last >= tc.first && tc.last <= MAX_COLS) {
      titles.push(`${q}!$${col(tc.first - 1)}:$${col(tc.last - 1)}`);
    }
    const h = spec.headerRows;
    if (h && Number.isInteger(h.first) && Number.isInteger(h.last)) {
      const first = Math.max(1, Math.min(h.first, h.last));
      const last = Math.min(MAX_ROWS, Math.max(h.first, h.last));
      if (last >= 1) titles.push(`${q}!$${first}:$${last}`);
    }
    if (titles.length) defined.push(`<definedName name="_xlnm.Print_Titles" localSheetId="${i}">${titles.join(',')}</definedName>`);
    const area = typeof spec.print?.area === 'string' ? parseRange(spec.print.area) : null;
    if (area) defined.push(`<definedName name="_xlnm.Print_Area" localSheetId="${i}">${q}!$${col(area.c1)}$${area.r1 + 1}:$${col(area.c2)}$${area.r2 + 1}</definedName>`);
  });
  // Excel wants the defined names sorted: Print_Area before Print_Titles, by sheet
  defined.sort((a, b) => {
    const ka = /name="([^"]+)" localSheetId="(\d+)"/.exec(a)!, kb = /name="([^"]+)" localSheetId="(\d+)"/.exec(b)!;
    return ka[1] !== kb[1] ? (ka[1] < kb[1] ? -1 : 1) : Number(ka[2]) - Number(kb[2]);
  });

  const workbook =
    `${XML_HEAD}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_R}"><workbookPr/><bookViews><workbookView activeTab="0"/></bookViews><sheets>` +
    names.map((n, i) => `<sheet name="${escapeXml(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
    '</sheets>' +
    (defined.length ? `<definedNames>${defined.join('')}</definedNames>` : '') +
    '<calcPr calcId="191029" fullCalcOnLoad="1"/></workbook>';

  const n = list.length;
  const workbookRels =
    `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
    names.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
    `<Relationship Id="rId${n + 1}" Type="${REL}/styles" Target="styles.xml"/>` +
    `<Relationship Id="rId${n + 2}" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>` +
    '</Relationships>';
  const relsXml = (id: string, type: string, target: string) =>
    `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="${id}" Type="${REL}/${type}" Target="${target}"/></Relationships>`;
  const chartFiles: [string, string][] = [];
  charts.forEach((c, k) => {
    chartFiles.push(
      [`xl/worksheets/_rels/sheet${c.sheet + 1}.xml.rels`, relsXml('rId1', 'drawing', `../drawings/drawing${k + 1}.xml`)],
      [`xl/drawings/drawing${k + 1}.xml`, c.drawing],
      [`xl/drawings/_rels/drawing${k + 1}.xml.rels`, relsXml('rId1', 'chart', `../charts/chart${k + 1}.xml`)],
      [`xl/charts/chart${k + 1}.xml`, c.xml],
    );
  });

  const contentTypes =
    `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
    names.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('') +
    charts.map((_, k) =>
      `<Override PartName="/xl/drawings/drawing${k + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>` +
      `<Override PartName="/xl/charts/chart${k + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>`).join('') +
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' +
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>' +
    `<Override PartName="/docProps/custom.xml" ContentType="${CUSTOM_PROPS_CONTENT_TYPE}"/>` +
    '</Types>';

  const rootRels =
    `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
    `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/>` +
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
    `<Relationship Id="rId3" Type="${REL}/extended-properties" Target="docProps/app.xml"/>` +
    `<Relationship Id="rId4" Type="${CUSTOM_PROPS_REL}" Target="docProps/custom.xml"/>` +
    '</Relationships>';

  const core =
    `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
    `<dc:creator>${creator}</dc:creator><cp:lastModifiedBy>${creator}</cp:lastModifiedBy>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified>` +
    '</cp:coreProperties>';

  const app =
    `${XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">` +
    '<Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>' +
    `<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>${n}</vt:i4></vt:variant></vt:vector></HeadingPairs>` +
    `<TitlesOfParts><vt:vector size="${n}" baseType="lpstr">${names.map((x) => `<vt:lpstr>${escapeXml(x)}</vt:lpstr>`).join('')}</vt:vector></TitlesOfParts>` +
    '<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0300</AppVersion>' +
    '</Properties>';

  const parts: [string, string][] = [
    ['[Content_Types].xml', contentTypes],
    ['_rels/.rels', rootRels],
    ['docProps/core.xml', core],
    ['docProps/app.xml', app],
    ['docProps/custom.xml', customPropsXml(opts.run)],
    ['xl/workbook.xml', workbook],
    ['xl/_rels/workbook.xml.rels', workbookRels],
    ['xl/styles.xml', styles.xml()],
    ['xl/sharedStrings.xml', strings.xml()],
    ...chartFiles,
  ];
  const entries = await Promise.all([...parts.map(([name, xml]) => zipEntry(name, enc.encode(xml), level, mode)), ...sheetEntries]);
  return writeZip(entries);
}

/**
 * The pieces writeXlsx (write.ts) and sheetXml (write-sheet.ts) build parts from: XML escaping, sheet names,
 * A1 ranges, the workbook's style and shared-string tables, and the byte writer a sheet's cells go into.
 */
import type { CellStyle } from '../types';
import { xfProtection } from './write-protect';
import { colIndex, colLetter, cutSheetName, freeSheetName as freeName } from '../util/address';

/** Excel's longest cell text. */
export const MAX_TEXT = 32767;
/** Excel's grid. */
export const MAX_ROWS = 1048576;
export const MAX_COLS = 16384;

export const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
export const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
export const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
export const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

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
export function escapeContent(s: string): string {
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
export function safeFreeSheetName(name: string, used: Set<string>): string {
  return freeName(sheetNameSafe(name), used);
}

const COLS: string[] = [];
/** 0 → "A" (cached). */
export function col(c: number): string {
  let s = COLS[c];
  if (s === undefined) {
    s = colLetter(c);
    COLS[c] = s;
  }
  return s;
}

export interface Rect {
  r1: number;
  c1: number;
  r2: number;
  c2: number;
}

const CELL_RE = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/;

export function parseCell(a: string): { r: number; c: number } | null {
  const m = CELL_RE.exec(a.trim());
  if (!m) return null;
  const r = Number(m[2]) - 1;
  const c = colIndex(m[1].toUpperCase());
  return r >= 0 && r < MAX_ROWS && c >= 0 && c < MAX_COLS ? { r, c } : null;
}

/** "A1:C3" or "A1" → a rectangle (corners in order), or null when it is not a range. */
export function parseRange(a: string): Rect | null {
  const parts = String(a ?? '').split(':');
  if (parts.length > 2) return null;
  const p = parseCell(parts[0]);
  const q = parts.length === 2 ? parseCell(parts[1]) : p;
  if (!p || !q) return null;
  return { r1: Math.min(p.r, q.r), c1: Math.min(p.c, q.c), r2: Math.max(p.r, q.r), c2: Math.max(p.c, q.c) };
}

export function rectRef(x: Rect): string {
  const a = col(x.c1) + (x.r1 + 1);
  return x.r1 === x.r2 && x.c1 === x.c2 ? a : `${a}:${col(x.c2)}${x.r2 + 1}`;
}

/** A space-separated list of ranges as a sqref ("G7:G8 G10"), or null when one of them is not a range. */
export function sqref(a: string): string | null {
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
export function argb(rgb: string | undefined): string | null {
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
export class StyleBook {
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
    const prot = xfProtection(s);
    const key = `${numFmtId}|${fontId}|${fillId}|${borderId}|${align}${prot.key}`;
    let id = this.xfs.get(key);
    if (id === undefined) {
      id = this.xfList.length;
      this.xfs.set(key, id);
      const applied =
        (numFmtId ? ' applyNumberFormat="1"' : '') +
        (fontId ? ' applyFont="1"' : '') +
        (fillId ? ' applyFill="1"' : '') +
        (borderId ? ' applyBorder="1"' : '') +
        (align ? ' applyAlignment="1"' : '') +
        prot.apply;
      const head = `<xf numFmtId="${numFmtId}" fontId="${fontId}" fillId="${fillId}" borderId="${borderId}" xfId="0"${applied}`;
      this.xfList.push(align || prot.xml ? `${head}>${align}${prot.xml}</xf>` : `${head}/>`);
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
export class StringTable {
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

export const encoder = new TextEncoder();

/**
 * UTF-8 written straight into a growing byte array: a sheet's 100,000 cells make no strings to keep and
 * no garbage to collect beyond the numbers' short texts.
 */
export class ByteWriter {
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

  /** Element content as escapeContent makes it (markup escaped, characters XML forbids dropped), written as it is scanned. */
  content(s: string): void {
    const len = s.length;
    if (this.n + 5 * len > this.buf.length) this.grow(5 * len);
    const b = this.buf;
    let n = this.n;
    for (let i = 0; i < len; i++) {
      const ch = s.charCodeAt(i);
      if (ch >= 0x80) {
        // the rest (non-ASCII, maybe U+FFFE) the slow way
        this.n = n;
        this.text(escapeContent(i ? s.slice(i) : s));
        return;
      }
      if (ch === 38) {
        b[n++] = 38; b[n++] = 97; b[n++] = 109; b[n++] = 112; b[n++] = 59; // &amp;
      } else if (ch === 60 || ch === 62) {
        b[n++] = 38; b[n++] = ch === 60 ? 108 : 103; b[n++] = 116; b[n++] = 59; // &lt; &gt;
      } else if (ch >= 0x20 || ch === 9 || ch === 10 || ch === 13) b[n++] = ch;
    }
    this.n = n;
  }

  raw(bytes: Uint8Array): void {
    const len = bytes.length;
    if (this.n + len > this.buf.length) this.grow(len);
    if (len > 32) this.buf.set(bytes, this.n);
    else {
      // a cell's '<c r="AB' : set() costs more than the copy for a few bytes
      const b = this.buf;
      let n = this.n;
      for (let i = 0; i < len; i++) b[n++] = bytes[i];
    }
    this.n += len;
  }

  /** A non-negative integer (below 2^53). */
  int(k: number): void {
    if (this.n + 16 > this.buf.length) this.grow(16);
    const b = this.buf;
    if (k < 10) {
      b[this.n++] = 48 + k;
      return;
    }
    if (k <= 0x7fffffff) {
      // in 32 bits: division by 10 in integers (a double's % is a library call, most of this function's time)
      let x = k | 0;
      let digits = 1;
      for (let p = 10; p <= x && digits < 10; p *= 10) digits++;
      let end = this.n + digits;
      this.n = end;
      while (x > 0) {
        const q = (x / 10) | 0;
        b[--end] = 48 + x - q * 10;
        x = q;
      }
      return;
    }
    let digits = 1;
    for (let p = 10; p <= k; p *= 10) digits++;
    let end = this.n + digits;
    this.n = end;
    for (let x = k; x > 0; x = (x - (x % 10)) / 10) b[--end] = 48 + (x % 10);
  }

  /** A finite number: the shortest text that reads back to the same double (as String(v) writes it); -0 as 0. */
  num(v: number): void {
    if ((v | 0) === v) {
      if (v < 0) {
        this.text('-');
        this.int(-v);
      } else this.int(v);
    } else if (!this.shortDecimal(v)) this.text('' + v);
  }

  /**
   * A number with at most 6 decimals and 15 significant digits ("2663.9", "-0.25") written from integers, as
   * String(v) would write it, without the general double-to-text conversion (half the figures of a report).
   * The fewest decimals j with round(v·10^j) / 10^j === v give a decimal of at most 15 digits that reads back
   * to v; no other of as few digits does (15 digits always tell two doubles apart), so it is the shortest
   * text, which is String's. False (nothing written) for any other number.
   */
  private shortDecimal(v: number): boolean {
    const a = v < 0 ? -v : v;
    if (!(a >= 1e-6 && a < 1e15)) return false;
    // more than 6 decimals (a ratio, most often): at once, not after six tries
    if (Math.round(a * 1e6) / 1e6 !== a) return false;
    for (let j = 1, p = 10; j <= 6; j++, p *= 10) {
      const y = Math.round(a * p);
      if (y / p !== a) continue;
      if (y >= 1e15) return false;
      // y < 1e15 and p ≤ 1e6: the whole part exactly, and the fraction (below 10^6) in 32 bits
      const whole = Math.floor(y / p);
      let frac = (y - whole * p) | 0;
      if (frac % 10 === 0) return false;
      if (this.n + 24 > this.buf.length) this.grow(24);
      if (v < 0) this.buf[this.n++] = 45;
      this.int(whole);
      const b = this.buf;
      b[this.n++] = 46;
      let end = this.n + j;
      this.n = end;
      for (let k = 0; k < j; k++) {
        const q = (frac / 10) | 0;
        b[--end] = 48 + frac - q * 10;
        frac = q;
      }
      return true;
    }
    return false;
  }

  bytes(): Uint8Array {
    return this.buf.subarray(0, this.n);
  }
}

/** A cell's opening: '<c r="' + column letters, as bytes, cached by column. */
const CELL_OPEN: Uint8Array[] = [];
export function cellOpen(c: number): Uint8Array {
  let b = CELL_OPEN[c];
  if (!b) CELL_OPEN[c] = b = encoder.encode(`<c r="${col(c)}`);
  return b;
}

/** A number as <v> text: the shortest text that reads back to the same double (-0 as 0). */
export function num(v: number): string {
  return v === 0 ? '0' : '' + v;
}

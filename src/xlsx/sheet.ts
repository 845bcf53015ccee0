/**
 * The worksheet scanner: one indexOf-driven pass over a worksheet part's XML, fed in chunks, giving rows
 * of GridCells as exceljs-read gives them (values, formulas, shared formulas slid, dates, merges), up to
 * the row and column limits.
 */
import type { GridCell } from '../types';
import { colIndex, colLetter } from '../util/address';
import { MAX_MERGES, MAX_PENDING, TAIL_KEEP } from './inflate';
import { EXTERNAL_REF, isoTextDate, serialIso, stringIndex, xmlDecodeAgain, xsdNumber } from './cell-values';
import { stringItem } from './shared-strings';
import type { StyleInfo } from './styles';
import { isBreak, parseAttrs, pastNonElement, tagEnd, unescapeXml, xmlText } from './xml';

// ───────────────────────────── a cell's text ─────────────────────────────

/**
 * The first `pat` wholly inside s[from, to), or -1: a search that never runs past the cell it is in (a cell
 * without its </v> must not make every search run to the end of the text).
 */
function findWithin(s: string, pat: string, from: number, to: number): number {
  const c = pat.charCodeAt(0);
  const last = to - pat.length;
  for (let i = from; i <= last; i++) if (s.charCodeAt(i) === c && s.startsWith(pat, i)) return i;
  return -1;
}

/** The row number written in s[from, to): 1 to 7 digits, blanks around allowed; NaN for anything else. */
function rowNumber(s: string, from: number, to: number): number {
  let n = 0;
  let i = from;
  for (; i < to && i - from < 7; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    n = n * 10 + d;
  }
  if (i === to && i > from) return n; // digits only: the usual r="12"
  const txt = s.slice(from, to);
  return /^\s*\d{1,7}\s*$/.test(txt) ? parseInt(txt, 10) : NaN;
}

/** xmlText of s[from, to): the text as it is when it holds no "&", "<" or CR (a number, most formulas). */
function textWithin(s: string, from: number, to: number): string {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === 38 || c === 60 || c === 13) return xmlText(s.slice(from, to));
  }
  return s.slice(from, to);
}

// ───────────────────────────── shared formulas (exceljs's slideFormula) ─────────────────────────────

const CANDIDATE_RE = /(([a-z_\-0-9]*)!)?([a-z0-9_$]{2,})([(])?/gi;
const CELL_REF_RE = /^([$])?([a-z]+)([$])?([1-9][0-9]*)$/i;

/** "AA" → 27 (1-based, as the scanner counts). */
function lettersToCol(s: string): number {
  return colIndex(s) + 1;
}

/** 27 → "AA". */
function colToLetters(n: number): string {
  return colLetter(n - 1);
}

/**
 * The master's formula moved from (fromRow, fromCol) to (toRow, toCol), 1-based: relative references
 * shift, $-anchored parts stay (exceljs's algorithm, so the texts are the same). null when a reference
 * would leave the sheet.
 */
function slideFormula(formula: string, fromRow: number, fromCol: number, toRow: number, toCol: number): string | null {
  let bad = false;
  const out = formula.replace(CANDIDATE_RE, (refMatch: string, sheet: string | undefined, _s: string, addr: string, paren: string | undefined) => {
    if (paren) return refMatch;
    const m = CELL_REF_RE.exec(addr);
    if (!m) return refMatch;
    const colStr = m[2].toUpperCase();
    if (colStr.length > 3 || (colStr.length === 3 && colStr > 'XFD')) return refMatch;
    let col = lettersToCol(colStr);
    let row = parseInt(m[4], 10);
    if (!m[1]) col += toCol - fromCol;
    if (!m[3]) row += toRow - fromRow;
    if (col < 1 || col > 16384) {
      bad = true;
      return refMatch;
    }
    return (sheet || '') + (m[1] || '') + colToLetters(col) + (m[3] || '') + row;
  });
  return bad ? null : out;
}
// ───────────────────────────── the worksheet scanner ─────────────────────────────

const enum St {
  Head,
  Rows,
  Skim,
  Tail,
  Done,
}

type Row = (GridCell | null | undefined)[];

/** Cell types (the t attribute): n (or absent, or unknown: read as a number, as exceljs does), s, str, inlineStr, b, e, d. */
const T_N = 0;
const T_S = 1;
const T_STR = 2;
const T_INLINE = 3;
const T_B = 4;
const T_E = 5;
const T_D = 6;

function cellType(s: string, from: number, to: number): number {
  const len = to - from;
  const c = s.charCodeAt(from);
  if (len === 1) return c === 115 ? T_S : c === 98 ? T_B : c === 101 ? T_E : c === 100 ? T_D : T_N;
  if (len === 3 && s.startsWith('str', from)) return T_STR;
  if (len === 9 && s.startsWith('inlineStr', from)) return T_INLINE;
  return T_N;
}

/** The bytes of a sheet's </sheetData> by its text, encoded once (two encoders and encodings per sheet otherwise). */
const skipPatterns = new Map<string, Uint8Array | null>();

/** `close` as bytes to search undecoded (inflate.ts: TextSink.skipTo), null when too long to search across chunks. */
function skipPattern(close: string): Uint8Array | null {
  let b = skipPatterns.get(close);
  if (b === undefined) {
    const e = new TextEncoder().encode(close);
    b = e.length <= TAIL_KEEP ? e : null;
    // a prefix is a name of the file's own choosing: only a few are kept
    if (skipPatterns.size < 16) skipPatterns.set(close, b);
  }
  return b;
}

/** Cells waiting for their shared string: row array, column index, string index. */
export interface PendingStrings {
  rows: Row[];
  cols: number[];
  idx: number[];
  /** Index of the sheet (in the order read). */
  sheet: number[];
}

interface SharedMaster {
  f: string | undefined;
  row: number;
  col: number;
}

/**
 * A streaming scanner of one worksheet's XML. push() takes the text as it comes (whole or in chunks) and
 * returns false when nothing more is needed (the merges have been read); finish() closes it.
 */
export class SheetScanner {
  private buf = '';
  private pos = 0;
  st: St = St.Head;
  private p = '';
  private closeC = '</c>';
  private closeV = '</v>';
  private closeF = '</f>';
  private closeIs = '</is>';
  private closeSheetData = '</sheetData>';
  private mergeOpen = '<mergeCell';
  private closeMerges = '</mergeCells>';
  private closeWs = '</worksheet>';
  private skipBytes: Uint8Array | null = skipPattern('</sheetData>');

  readonly rows: Row[] = [];
  /** Merges as written, 1-based inclusive, in document order. */
  readonly rawMerges: { top: number; left: number; bottom: number; right: number }[] = [];
  rowsCut = false;
  colsCut = false;
  /** Past maxRows: rows are only looked at until one holds a value. */
  private beyond = false;
  private row: Row | null = null;
  private rowNum = 0;
  private lastRowNum = 0;
  private lastCol = 0;
  private masters = new Map<string, SharedMaster>();
  sawSheetData = false;
  /** Why the scan stopped before the end (an element too long), or null. */
  damaged: string | null = null;
  /** The part was scanned to its end (or as far as needed). */
  get ended(): boolean {
    return this.st === St.Done;
  }
  /** Rows kept at most: maxRows, or less when the file's cell budget ran out. */
  rowLimit: number;
  /** Merges dropped because there were more than MAX_MERGES. */
  mergesOverCap = 0;
  /** Merges past the limits make exceljs count the sheet as cut (it makes a cell for each merged cell). */
  mergeRowsCut = false;
  mergeColsCut = false;

  // The cell being read. Initialized here, not first in children(): the pane's build (ES2017, no class-field
  // semantics) left them out of the constructor, so every new scanner had another shape than the one the optimized
  // scanning code was made for, which V8 threw away and made again (measured in Chromium: rowsLoop and cell compiled
  // two and three times, ~1.5 s of the compiler threads' time over 200 files).
  private vText: string | undefined = undefined;
  private fText: string | undefined = undefined;
  private fT: string | undefined = undefined;
  private fSi: string | undefined = undefined;
  private fRef: string | undefined = undefined;
  private inl: string | undefined = undefined;

  constructor(
    maxRows: number,
    private readonly maxCols: number,
    private readonly styles: StyleInfo,
    private readonly date1904: boolean,
    private readonly pending: PendingStrings,
    private readonly sheetNo: number,
    private readonly budget: { cells: number; merges?: number },
  ) {
    this.rowLimit = maxRows;
  }

  push(text: string): boolean {
    if (this.st === St.Done) return false;
    if (this.pos >= this.buf.length) this.buf = text;
    else this.buf = (this.pos > 0 ? this.buf.slice(this.pos) : this.buf) + text;
    this.pos = 0;
    this.run(false);
    return (this.st as St) !== St.Done;
  }

  finish(): void {
    if (this.st !== St.Done) this.run(true);
    this.buf = '';
    this.pos = 0;
  }

  private setPrefix(p: string): void {
    this.p = p;
    this.closeC = '</' + p + 'c>';
    this.closeV = '</' + p + 'v>';
    this.closeF = '</' + p + 'f>';
    this.closeIs = '</' + p + 'is>';
    this.closeSheetData = '</' + p + 'sheetData>';
    this.mergeOpen = '<' + p + 'mergeCell';
    this.closeMerges = '</' + p + 'mergeCells>';
    this.closeWs = '</' + p + 'worksheet>';
    this.skipBytes = skipPattern(this.closeSheetData);
  }

  /** In Skim (past maxRows, a value seen): the bytes up to </sheetData> need not be decoded. */
  skipTo(): Uint8Array | null {
    return this.st === St.Skim ? this.skipBytes : null;
  }

  resumed(): void {
    this.buf = '';
    this.pos = 0;
  }

  private run(final: boolean): void {
    for (;;) {
      const before = this.st;
      switch (this.st) {
        case St.Head:
          this.head();
          break;
        case St.Rows:
          this.rowsLoop();
          break;
        case St.Skim:
          this.skim();
          break;
        case St.Tail:
          this.tail();
          break;
        case St.Done:
          return;
      }
      if (this.st === before) {
        // needs more text: but an element can't be that long
        if (!final && this.buf.length - this.pos > MAX_PENDING) {
          this.damaged = 'element too large';
          this.st = St.Done;
        }
        break;
      }
    }
  }

  /** Before <sheetData>: find it, and the namespace prefix it is written with. */
  private head(): void {
    const s = this.buf;
    let from = this.pos;
    for (;;) {
      const k = s.indexOf('sheetData', from);
      if (k < 0) {
        this.pos = Math.max(this.pos, s.length - 64);
        return;
      }
      let lt = k - 1;
      while (lt >= 0 && k - lt <= 40 && s.charCodeAt(lt) !== 60 && s.charCodeAt(lt) !== 62) lt--;
      const ok =
        lt >= 0 && s.charCodeAt(lt) === 60 && s.charCodeAt(lt + 1) !== 47 && (lt + 1 === k || s.charCodeAt(k - 1) === 58) && isBreak(s.charCodeAt(k + 9));
      if (!ok) {
        if (k + 9 >= s.length) {
          this.pos = Math.max(this.pos, k - 40);
          return;
        }
        from = k + 1;
        continue;
      }
      const gt = s.indexOf('>', k);
      if (gt < 0) {
        this.pos = lt;
        return;
      }
      this.setPrefix(s.slice(lt + 1, k));
      this.sawSheetData = true;
      this.pos = gt + 1;
      this.st = s.charCodeAt(gt - 1) === 47 ? St.Tail : St.Rows;
      return;
    }
  }

  /** Inside <sheetData>: rows and cells. */
  private rowsLoop(): void {
    const s = this.buf;
    const p = this.p;
    const pl = p.length;
    let pos = this.pos;
    for (;;) {
      const lt = s.indexOf('<', pos);
      if (lt < 0) {
        pos = s.length;
        break;
      }
      const gt = s.indexOf('>', lt);
      if (gt < 0) {
        pos = lt;
        break;
      }
      let n = lt + 1;
      const past = pastNonElement(s, lt); // a comment, CDATA or processing instruction: no row there
      if (past !== 0) {
        if (past < 0) {
          pos = lt;
          break;
        }
        pos = past;
        continue;
      }
      if (s.charCodeAt(n) === 47) {
        // </row> or </sheetData>
        n++;
        if (pl > 0 && !s.startsWith(p, n)) {
          pos = gt + 1;
          continue;
        }
        n += pl;
        if (s.charCodeAt(n) === 114 && s.charCodeAt(n + 1) === 111 && s.charCodeAt(n + 2) === 119 && isBreak(s.charCodeAt(n + 3))) {
          this.row = null;
        } else if (s.startsWith('sheetData', n) && isBreak(s.charCodeAt(n + 9))) {
          this.pos = gt + 1;
          this.st = St.Tail;
          return;
        }
        pos = gt + 1;
        continue;
      }
      if (pl > 0 && !s.startsWith(p, n)) {
        pos = gt + 1;
        continue;
      }
      n += pl;
      const c0 = s.charCodeAt(n);
      if (c0 === 99 && isBreak(s.charCodeAt(n + 1))) {
        const end = this.cell(s, n + 1, gt);
        if (end < 0) {
          pos = lt;
          break;
        }
        pos = end;
        if (this.st !== St.Rows) {
          this.pos = pos;
          return;
        }
        continue;
      }
      if (c0 === 114 && s.charCodeAt(n + 1) === 111 && s.charCodeAt(n + 2) === 119 && isBreak(s.charCodeAt(n + 3))) {
        this.startRow(s, n + 3, gt);
        if (s.charCodeAt(gt - 1) === 47) this.row = null;
        pos = gt + 1;
        continue;
      }
      pos = gt + 1; // any other tag (extLst …)
    }
    this.pos = pos;
  }

  private startRow(s: string, from: number, gt: number): void {
    let r = NaN;
    // only within the tag: a search to the end of the text would make rows without r quadratic
    const k = findWithin(s, 'r=', from, gt);
    if (k >= 0 && isBreak(k > from ? s.charCodeAt(k - 1) : 32)) {
      const q = s.charCodeAt(k + 2);
      if (q === 34 || q === 39) {
        const e = findWithin(s, q === 34 ? '"' : "'", k + 3, gt);
        r = rowNumber(s, k + 3, e < 0 ? gt : e);
      }
    }
    if (!(r >= 1)) r = this.lastRowNum + 1; // no r: the row after the previous one
    this.lastRowNum = r;
    this.rowNum = r;
    this.lastCol = 0;
    if (this.budget.cells <= 0 && !this.beyond && r <= this.rowLimit) this.rowLimit = r - 1;
    if (r > this.rowLimit) {
      this.beyond = true;
      this.row = null;
      return;
    }
    this.row = [];
    this.rows[r - 1] = this.row;
  }

  /**
   * One <c …> whose name ends at `a` and open tag at `gt`: returns the index after the cell, or -1 when the
   * cell is not complete in the buffer yet.
   */
  private cell(s: string, a: number, gt: number): number {
    const selfClosing = s.charCodeAt(gt - 1) === 47;
    let end = gt + 1;
    let close = -1;
    if (!selfClosing) {
      close = s.indexOf(this.closeC, gt);
      if (close < 0) return -1;
      end = close + this.closeC.length;
    }
    // attributes r, s, t
    let col = 0;
    let styleId = 0;
    let t = T_N;
    let i = a;
    const to = selfClosing ? gt - 1 : gt;
    while (i < to) {
      const c = s.charCodeAt(i);
      if (c <= 32) {
        i++;
        continue;
      }
      const ns = i;
      while (i < to && s.charCodeAt(i) !== 61 && s.charCodeAt(i) > 32) i++;
      const nameLen = i - ns;
      while (i < to && s.charCodeAt(i) !== 61) i++;
      i++;
      while (i < to && s.charCodeAt(i) <= 32) i++;
      const q = s.charCodeAt(i);
      if (q !== 34 && q !== 39) break;
      const vs = i + 1;
      let ve = vs;
      while (ve < to && s.charCodeAt(ve) !== q) ve++; // values are short ("AB12", "5", "s"): no call to indexOf
      if (ve >= to) break;
      if (nameLen === 1) {
        const nc = s.charCodeAt(ns);
        if (nc === 114) {
          // r="AB12": the letters
          let cc = 0;
          for (let k = vs; k < ve; k++) {
            let d = s.charCodeAt(k);
            if (d >= 97 && d <= 122) d -= 32;
            if (d >= 65 && d <= 90) cc = cc * 26 + (d - 64);
            else if (d !== 36) break;
          }
          col = cc;
        } else if (nc === 115) {
          let n = 0;
          let k = vs;
          for (; k < ve; k++) {
            const d = s.charCodeAt(k) - 48;
            if (d < 0 || d > 9) break;
            n = n * 10 + d;
          }
          styleId = k === vs ? parseInt(s.slice(vs, ve), 10) || 0 : n;
        } else if (nc === 116) {
          t = cellType(s, vs, ve);
        }
      }
      i = ve + 1;
    }
    if (!(col >= 1)) col = this.lastCol + 1; // no r: the cell after the previous one
    this.lastCol = col;
    const row = this.row;
    if (selfClosing || (row === null && !this.beyond)) return end;
    // the cell's content: searches for </v>, </f>, </is> never run past the cell (findWithin)
    this.children(s, gt + 1, close);
    const isFormula = !!this.fText || !!this.fT;
    const hasValue = this.vText !== undefined || this.inl !== undefined;
    if (this.beyond) {
      if (isFormula || hasValue) {
        this.rowsCut = true;
        this.st = St.Skim;
      }
      return end;
    }
    if (col > this.maxCols) {
      if (isFormula || hasValue) this.colsCut = true;
      return end;
    }
    if (!isFormula && !hasValue) return end;
    const g = this.convert(t, styleId, isFormula, col, row as Row);
    if (g) {
      (row as Row)[col - 1] = g;
      this.budget.cells--;
    }
    return end;
  }

  /** The children of a cell, s[from..to) (s[to] starts its </c>): <f>, <v>, <is>. */
  private children(s: string, from: number, to: number): void {
    this.vText = undefined;
    this.fText = undefined;
    this.fT = undefined;
    this.fSi = undefined;
    this.fRef = undefined;
    this.inl = undefined;
    const p = this.p;
    const pl = p.length;
    let i = from;
    while (i < to) {
      const lt = s.indexOf('<', i);
      if (lt < 0 || lt >= to) return;
      const gt = s.indexOf('>', lt);
      if (gt < 0 || gt > to) return;
      let n = lt + 1;
      if (s.charCodeAt(n) === 33 || s.charCodeAt(n) === 63) {
        // <!-- comment -->, <?pi?>: never a value
        const e = s.startsWith('<!--', lt) ? findWithin(s, '-->', lt + 4, to) : s.startsWith('<?', lt) ? findWithin(s, '?>', lt + 2, to) : gt;
        if (e < 0) return;
        i = e + (s.charCodeAt(e) === 62 ? 1 : s.charCodeAt(e) === 63 ? 2 : 3);
        continue;
      }
      if (s.charCodeAt(n) === 47 || (pl > 0 && !s.startsWith(p, n))) {
        i = gt + 1;
        continue;
      }
      n += pl;
      const c0 = s.charCodeAt(n);
      const c1 = s.charCodeAt(n + 1);
      const selfClosing = s.charCodeAt(gt - 1) === 47;
      if (c0 === 118 && isBreak(c1)) {
        // <v>
        if (selfClosing) {
          i = gt + 1;
          continue;
        }
        const e = findWithin(s, this.closeV, gt, to);
        const ve = e < 0 || e > to ? to : e;
        if (ve > gt + 1) {
          const text = textWithin(s, gt + 1, ve);
          if (text !== '') this.vText = (this.vText ?? '') + text;
        }
        i = ve + this.closeV.length;
      } else if (c0 === 102 && isBreak(c1)) {
        // <f t="shared" si="0" ref="B2:B9">…</f>
        const at = parseAttrs(s, n + 1, selfClosing ? gt - 1 : gt);
        this.fT = at.t || undefined;
        this.fSi = at.si;
        this.fRef = at.ref || undefined;
        if (selfClosing) {
          i = gt + 1;
          continue;
        }
        const e = findWithin(s, this.closeF, gt, to);
        const fe = e < 0 || e > to ? to : e;
        if (fe > gt + 1) {
          const text = textWithin(s, gt + 1, fe);
          if (text !== '') this.fText = (this.fText ?? '') + text;
        }
        i = fe + this.closeF.length;
      } else if (c0 === 105 && c1 === 115 && isBreak(s.charCodeAt(n + 2))) {
        // <is> inline string
        if (selfClosing) {
          i = gt + 1;
          continue;
        }
        const e = findWithin(s, this.closeIs, gt, to);
        const ie = e < 0 || e > to ? to : e;
        const text = stringItem(s.slice(gt + 1, ie), 0, ie - gt - 1, p, false);
        if (text !== undefined && text !== '') this.inl = text;
        i = ie + this.closeIs.length;
      } else {
        i = gt + 1;
      }
    }
  }

  /** The cell as exceljs reads it and exceljs-read's convertCell converts it; a text cell waits for its shared string. */
  private convert(t: number, styleId: number, isFormula: boolean, col: number, row: Row): GridCell | null {
    const val = this.vText ?? this.inl;
    if (!isFormula) {
      if (val === undefined) return null;
      if (t === T_S) {
        const pend = this.pending;
        pend.rows.push(row);
        pend.cols.push(col - 1);
        pend.idx.push(stringIndex(val));
        pend.sheet.push(this.sheetNo);
        this.budget.cells--;
        return null;
      }
    }
    const out: GridCell = { v: null };
    if (isFormula) this.formula(out, t, val, styleId, col);
    else this.value(out, t, val as string, styleId);
    if (typeof out.v === 'number' && styleId > 0 && this.styles.percent[styleId] === 1) out.percentFormat = true;
    if ((out.v === null || out.v === '') && !out.error && !out.f) return null;
    return out;
  }

  /** A formula cell: its text (a shared formula slid from its master) and its cached result. */
  private formula(out: GridCell, t: number, val: string | undefined, styleId: number, col: number): void {
    let f = this.fText;
    if (this.fT === 'shared') {
      if (this.fRef) {
        this.masters.set(String(this.fSi), { f: this.fText, row: this.rowNum, col });
      } else if (!f) {
        const m = this.masters.get(String(this.fSi));
        if (m && m.f) f = slideFormula(m.f, m.row, m.col, this.rowNum, col) ?? m.f;
      }
    }
    if (f) {
      out.f = f.startsWith('=') ? f.slice(1) : f;
      if (out.f.includes('[') && EXTERNAL_REF.test(out.f)) out.external = true;
    }
    if (!val) return;
    if (t === T_STR) out.v = unescapeXml(xmlDecodeAgain(val));
    else if (t === T_B) out.v = parseInt(val, 10) !== 0;
    else if (t === T_E) out.error = val;
    else this.number(out, val, styleId);
  }

  /** A cell holding a value of its own (not a shared string). */
  private value(out: GridCell, t: number, val: string, styleId: number): void {
    switch (t) {
      case T_STR:
        out.v = unescapeXml(xmlDecodeAgain(val));
        break;
      case T_INLINE:
        out.v = unescapeXml(val);
        break;
      case T_B:
        out.v = parseInt(val, 10) !== 0;
        break;
      case T_E:
        out.error = val;
        break;
      case T_D: {
        const iso = isoTextDate(val);
        out.v = iso ?? unescapeXml(val);
        if (iso) out.date = true;
        break;
      }
      default:
        this.number(out, val, styleId);
    }
  }

  /** A numeric <v>: the number, the date when the style shows one; "12abc", "0x10", "1e999", "NaN" kept as the text written (the reader reports it at the cell). */
  private number(out: GridCell, val: string, styleId: number): void {
    const n = xsdNumber(val);
    if (n === null) {
      out.v = val.trim() === '' ? null : val;
    } else if (styleId > 0 && this.styles.date[styleId] === 1) {
      const iso = serialIso(n, this.date1904);
      out.v = iso;
      if (iso) out.date = true;
    } else {
      out.v = n;
    }
  }

  /** Past maxRows, once a row with a value was seen: look only for the end of the rows. */
  private skim(): void {
    const s = this.buf;
    const k = s.indexOf(this.closeSheetData, this.pos);
    if (k < 0) {
      this.pos = Math.max(this.pos, s.length - this.closeSheetData.length);
      return;
    }
    this.pos = k + this.closeSheetData.length;
    this.st = St.Tail;
  }

  /**
   * After </sheetData>: the merges; done at </mergeCells> or </worksheet>. One pass from tag to tag:
   * comments and processing instructions are skipped (a commented-out <mergeCell> is not a merge).
   */
  private tail(): void {
    const s = this.buf;
    let pos = this.pos;
    const mo = this.mergeOpen;
    const ml = mo.length;
    for (;;) {
      const lt = s.indexOf('<', pos);
      if (lt < 0) {
        pos = s.length;
        break;
      }
      const past = pastNonElement(s, lt); // a comment, CDATA or processing instruction: no merge there
      if (past !== 0) {
        if (past < 0) {
          pos = lt;
          break;
        }
        pos = past;
        continue;
      }
      if (lt + 2 + Math.max(ml, this.closeWs.length, this.closeMerges.length) > s.length && s.indexOf('>', lt) < 0) {
        pos = lt;
        break;
      }
      if (s.startsWith(this.closeMerges, lt) || s.startsWith(this.closeWs, lt)) {
        this.st = St.Done;
        pos = s.length;
        break;
      }
      const gt = tagEnd(s, lt);
      if (gt < 0) {
        pos = lt;
        break;
      }
      if (s.startsWith(mo, lt) && isBreak(s.charCodeAt(lt + ml))) {
        const at = parseAttrs(s, lt + ml, gt);
        if (at.ref) this.addMerge(at.ref);
      }
      pos = gt + 1;
    }
    this.pos = pos;
  }

  private addMerge(ref: string): void {
    const a = /^\s*\$?([A-Za-z]{1,3})\$?(\d{1,7})(?::\$?([A-Za-z]{1,3})\$?(\d{1,7}))?\s*$/.exec(ref);
    if (!a) return;
    const c1 = lettersToCol(a[1].toUpperCase());
    const r1 = Number(a[2]);
    const c2 = a[3] ? lettersToCol(a[3].toUpperCase()) : c1;
    const r2 = a[4] ? Number(a[4]) : r1;
    if (r1 < 1 || r2 < 1 || c1 < 1 || c2 < 1) return;
    const m = { top: Math.min(r1, r2), left: Math.min(c1, c2), bottom: Math.max(r1, r2), right: Math.max(c1, c2) };
    const maxRows = this.rowLimit;
    const maxCols = this.maxCols;
    // exceljs makes a cell for every cell of a merge: those past the limits count as content cut off.
    if (m.bottom > maxRows && (m.bottom > m.top || m.right > m.left)) this.mergeRowsCut = true;
    if (m.top <= maxRows && m.right > maxCols && (m.right > m.left || (m.bottom > m.top && m.top + 1 <= maxRows))) this.mergeColsCut = true;
    if (m.top > maxRows || m.left > maxCols) return;
    if (this.rawMerges.length >= MAX_MERGES || (this.budget.merges !== undefined && this.budget.merges <= 0)) {
      this.mergesOverCap++;
      return;
    }
    if (this.budget.merges !== undefined) this.budget.merges--;
    this.rawMerges.push(m);
  }
}

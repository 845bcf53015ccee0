/**
 * Reading a number out of a cell, the way Vietnamese commune workbooks write them.
 *
 * A cell gives one of:
 *   - a number ("1.227" → 1227, "54,5" → 54.5, "56,84%" → 56.84 with percent, "trên 600" → 600 with note "trên");
 *   - no value ("", "-", "x", "k/c", "không có", "…");
 *   - a yes/no ("Đạt" → 1, "Chưa đạt" → 0, true/false) with boolean;
 *   - an error value (#DIV/0!, #REF!, #N/A…) → problem 'error';
 *   - a text that is not a number ("Khả quan") → problem 'not_a_number'.
 *
 * Separators — the documented rule (Vietnamese style first):
 *   1. "," and "." both present: the one that comes last is the decimal mark, the other groups thousands
 *      ("4.000,25" → 4000.25; "1,234.5" → 1234.5). Groups must be 3 digits, else not a number.
 *   2. Only ",": one comma is a decimal comma ("54,5" → 54.5, "1,234" → 1.234); several commas must group
 *      thousands ("1,234,567" → 1234567).
 *   3. Only ".": several dots must group thousands ("1.234.567"); one dot followed by exactly 3 digits, after
 *      1–3 digits not starting with 0, groups thousands ("1.227" → 1227, "1.500" → 1500); any other single dot
 *      is a decimal point written the English way ("1.5" → 1.5, "56.84" → 56.84, "0.125" → 0.125, "1234.5").
 *   4. Spaces may group thousands ("1 227" → 1227) when every group after the first has 3 digits.
 * A cell holding a real number (not text) is taken as it is. A cell whose number format shows a percentage
 * (GridCell.percentFormat, "0.00%") holds the fraction: 0.5684 is read as 56.84 with percent.
 */
import type { CellValue, GridCell } from '../types';
import { foldWords, stripMarks } from '../util/text';

export type ParsedText =
  | { kind: 'number'; value: number; percent?: boolean; note?: string }
  | { kind: 'empty' }
  | { kind: 'bool'; value: 0 | 1 }
  | { kind: 'text' };

/** Folded texts that mean "no value". Pure punctuation ("-", "…", "--", "/") also means no value. */
const EMPTY_WORDS = new Set([
  'x', 'xx', 'k c', 'kc', 'k', 'khong co', 'khong co so lieu', 'chua co', 'chua co so lieu', 'khong phat sinh',
  'kps', 'n a', 'na', 'ko co', 'k co', 'trong',
]);

const TRUE_WORDS = new Set(['dat', 'dat chuan', 'da dat', 'da dat chuan', 'true', 'co dat', 'dat chuan ntm', 'hoan thanh', 'da hoan thanh']);
const FALSE_WORDS = new Set([
  'chua dat', 'chua dat chuan', 'khong dat', 'khong dat chuan', 'false', 'chua dat chuan ntm', 'chua hoan thanh',
  'khong hoan thanh',
]);

/**
 * Qualifiers before a number, in folded form (longest first). The note keeps the words as written, lower case.
 */
const QUALIFIER =
  /^(tren duoi|xap xi|khoang|tren|hon|gan|duoi|uoc tinh|uoc dat|uoc th|uoc|toi thieu|toi da|it nhat|chung|dat|>=|<=|~|≈|>|<)\s*/;

/**
 * A file's number style: 'vi' (1.227,5 — the default) or 'en' (1,227.5, typed in an Excel set to English).
 * It only decides the ambiguous texts — one separator followed by exactly three digits ("1.227", "12,000");
 * every other text says by itself how it is written.
 */
export type NumberStyle = 'vi' | 'en';

/** One separator followed by exactly three digits, after 1–3 digits not starting with 0: "1.227", "12,000". */
const AMBIGUOUS = /^[1-9]\d{0,2}[.,]\d{3}$/;

/**
 * What a digits text says about the file's style: 'en' ("1,227.5", "1,234,567", "54.50", "0.125"),
 * 'vi' ("4.000,25", "1.234.567", "54,5"), 'ambiguous' ("1.227", "12,000"), or null (no separator).
 */
export function styleEvidence(digits: string): NumberStyle | 'ambiguous' | null {
  const t = digits.replace(/[ \u00a0\u2007\u202f]/g, '');
  const dot = t.lastIndexOf('.');
  const comma = t.lastIndexOf(',');
  if (dot < 0 && comma < 0) return null;
  if (dot >= 0 && comma >= 0) return dot > comma ? 'en' : 'vi';
  if (AMBIGUOUS.test(t)) return 'ambiguous';
  const sep = dot >= 0 ? '.' : ',';
  const several = t.indexOf(sep) !== t.lastIndexOf(sep);
  // several of one separator group thousands; one that is not followed by 3 digits is the decimal mark
  if (sep === '.') return several ? 'vi' : 'en';
  return several ? 'en' : 'vi';
}

/** Parse digits with "." / "," / " " separators by the rule above; null when they don't form a number. */
export function parseDigits(s: string, style: NumberStyle = 'vi'): number | null {
  let t = s;
  if (style === 'en' && AMBIGUOUS.test(t)) {
    // English style: "12,000" is twelve thousand, "1.227" is 1.227
    return t.includes(',') ? Number(t.replace(',', '')) : Number(t);
  }
  if (t.includes(' ')) {
    // spaces group thousands: "1 227", "1 227,5"
    if (!/^\d{1,3}(?: \d{3})+(?:[.,]\d+)?$/.test(t)) return null;
    t = t.replace(/ /g, '');
  }
  const lastDot = t.lastIndexOf('.');
  const lastComma = t.lastIndexOf(',');
  let intPart: string;
  let frac = '';
  if (lastDot >= 0 && lastComma >= 0) {
    const decPos = Math.max(lastDot, lastComma);
    const group = lastDot > lastComma ? ',' : '.';
    intPart = t.slice(0, decPos);
    frac = t.slice(decPos + 1);
    if (!/^\d+$/.test(frac)) return null;
    const re = group === '.' ? /^\d{1,3}(?:\.\d{3})+$/ : /^\d{1,3}(?:,\d{3})+$/;
    if (!re.test(intPart)) return null;
    intPart = intPart.split(group).join('');
  } else if (lastComma >= 0) {
    if (t.indexOf(',') === lastComma) {
      intPart = t.slice(0, lastComma);
      frac = t.slice(lastComma + 1);
      if (!/^\d+$/.test(intPart) || !/^\d+$/.test(frac)) return null;
    } else {
      if (!/^\d{1,3}(?:,\d{3})+$/.test(t)) return null;
      intPart = t.replace(/,/g, '');
    }
  } else if (lastDot >= 0) {
    if (t.indexOf('.') === lastDot) {
      if (/^[1-9]\d{0,2}\.\d{3}$/.test(t)) {
        intPart = t.replace('.', '');
      } else {
        intPart = t.slice(0, lastDot);
        frac = t.slice(lastDot + 1);
        if (!/^\d+$/.test(intPart) || !/^\d+$/.test(frac)) return null;
      }
    } else {
      if (!/^\d{1,3}(?:\.\d{3})+$/.test(t)) return null;
      intPart = t.replace(/\./g, '');
    }
  } else {
    if (!/^\d+$/.test(t)) return null;
    intPart = t;
  }
  const n = Number(frac ? `${intPart}.${frac}` : intPart);
  return Number.isFinite(n) ? n : null;
}

/** Number part: sign, digits with separators, optional %, then the rest. Works on the mark-stripped lower-case text. */
const NUMBER_BODY = /^([+\-\u2212\u2013]?)\s*(\d(?:[\d.,]|\s(?=\d))*)\s*(%?)\s*(.*)$/;

/**
 * Parse a text cell. `unit` (the row's unit) lets "1.227 người" pass when the row's unit is "người".
 */
export function parseNumberText(text: string, unit?: string | null, style: NumberStyle = 'vi'): ParsedText {
  const t = text.normalize('NFC').replace(/[\u00a0\u2007\u202f\t\r\n]/g, ' ').trim();
  if (t === '') return { kind: 'empty' };
  // fast path: a bare number ("1.227", "54,5", "56,84%")
  const bare = /^(\d[\d.,]*)(%?)$/.exec(t);
  if (bare) {
    const n = parseDigits(bare[1], style);
    if (n !== null) return bare[2] ? { kind: 'number', value: n, percent: true } : { kind: 'number', value: n };
  }
  const folded = foldWords(t);
  if (folded === '' && !/\d/.test(t)) return { kind: 'empty' };
  if (EMPTY_WORDS.has(folded)) return { kind: 'empty' };
  if (TRUE_WORDS.has(folded)) return { kind: 'bool', value: 1 };
  if (FALSE_WORDS.has(folded)) return { kind: 'bool', value: 0 };
  if (!/\d/.test(t)) return { kind: 'text' };

  // Work on the mark-stripped text; it has the same length as t for Vietnamese text, so slices map back.
  const g = stripMarks(t);
  const aligned = g.length === t.length;
  let pos = 0;
  let note: string | undefined;
  const q = QUALIFIER.exec(g);
  if (q) {
    const written = aligned ? t.slice(0, q[1].length) : q[1];
    note = written.toLowerCase();
    pos = q[0].length;
  }
  const m = NUMBER_BODY.exec(g.slice(pos));
  if (!m) return { kind: 'text' };
  const [, sign, digits, pct, rest] = m;
  const n = parseDigits(digits.trim(), style);
  if (n === null) return { kind: 'text' };
  let restNote: string | undefined;
  if (rest) {
    const restStart = g.length - rest.length;
    const restWritten = aligned ? t.slice(restStart) : rest;
    const paren = /^\((.*)\)$/.exec(restWritten.trim());
    if (paren) {
      restNote = paren[1].trim();
    } else if (!(unit && foldWords(restWritten) === foldWords(unit) && foldWords(unit) !== '')) {
      return { kind: 'text' };
    }
  }
  const value = sign && sign !== '+' ? -n : n;
  const out: ParsedText = { kind: 'number', value: value === 0 ? 0 : value };
  if (pct) out.percent = true;
  const notes = [note, restNote].filter((x): x is string => !!x);
  if (notes.length) out.note = notes.join('; ');
  return out;
}

/** What a value cell gave. */
export interface CellNumber {
  value: number | null;
  raw: CellValue;
  note?: string;
  boolean?: boolean;
  percent?: boolean;
  /** Set when the cell can't give a number: an error value, or a text that is not a number. */
  problem?: 'error_value' | 'not_a_number';
  /** The error value ("#DIV/0!") for problem 'error_value'. */
  error?: string;
  /** The formula has no cached result (saved by a program that doesn't compute formulas). */
  noResult?: boolean;
}

/** Multiply a fraction shown as a percentage by 100 without binary noise: 0.8641 → 86.41. */
export function fractionToPercent(x: number): number {
  return Number((x * 100).toPrecision(15));
}

/** Read a cell into a number, a no-value, or a problem. Never throws. */
export function readCellNumber(cell: GridCell | null | undefined, unit?: string | null, style: NumberStyle = 'vi'): CellNumber {
  if (!cell) return { value: null, raw: null };
  if (cell.error) return { value: null, raw: cell.error, problem: 'error_value', error: cell.error };
  const v = cell.v;
  if (v === null || v === undefined) {
    return cell.f ? { value: null, raw: null, noResult: true } : { value: null, raw: null };
  }
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return { value: null, raw: v, problem: 'not_a_number' };
    if (cell.percentFormat) return { value: fractionToPercent(v), raw: v, percent: true };
    return { value: v, raw: v };
  }
  if (typeof v === 'boolean') return { value: v ? 1 : 0, raw: v, boolean: true };
  if (cell.date) return { value: null, raw: v, problem: 'not_a_number' };
  const p = parseNumberText(v, unit, style);
  switch (p.kind) {
    case 'empty':
      return { value: null, raw: v };
    case 'bool':
      return { value: p.value, raw: v, boolean: true };
    case 'number': {
      const out: CellNumber = { value: p.value, raw: v };
      if (p.percent) out.percent = true;
      if (p.note) out.note = p.note;
      return out;
    }
    default:
      return { value: null, raw: v, problem: 'not_a_number' };
  }
}

/** The digits of a text that is a number, possibly with a qualifier and "%": "trên 1.227" → "1.227"; else null. */
export function numberDigits(text: string): string | null {
  const t = text.normalize('NFC').replace(/[\u00a0\u2007\u202f\t\r\n]/g, ' ').trim();
  if (!t || t.length > 40 || !/\d/.test(t)) return null;
  const g = stripMarks(t);
  const q = QUALIFIER.exec(g);
  const m = NUMBER_BODY.exec(q ? g.slice(q[0].length) : g);
  return m ? m[2].trim() : null;
}

/** The number style a file's texts show, with the cells that show it. */
export interface StyleVerdict {
  style: NumberStyle;
  /** Texts (and their cells) that say English style / Vietnamese style by themselves. */
  en: { text: string; cell: string }[];
  vi: { text: string; cell: string }[];
  /** Texts whose reading depends on the style ("1.227", "12,000"). */
  ambiguous: { text: string; cell: string }[];
  /**
   * Whether some text shows the style beyond doubt: both separators ("1,227.5", "4.000,25") or one of them
   * repeated ("1,234,567", "1.234.567"). A lone decimal mark ("54.5", "54,5") is thin evidence: Vietnamese
   * clerks often type "3.5" the English way.
   */
  strong: boolean;
  /** Both styles shown beyond doubt somewhere in the file. */
  mixed: boolean;
}

/** Both separators, or one repeated: the style beyond doubt. */
function isStrong(digits: string): boolean {
  const t = digits.replace(/[ \u00a0\u2007\u202f]/g, '');
  return (t.includes('.') && t.includes(',')) || t.indexOf('.') !== t.lastIndexOf('.') || t.indexOf(',') !== t.lastIndexOf(',');
}

/**
 * Decide a file's number style from its unambiguous texts: the style more of them show beyond doubt; else
 * English only when lone decimal points are all there is; else (and with no evidence) Vietnamese (FORMATS.md). `texts` are the value cells' texts
 * with their addresses.
 */
export function decideStyle(texts: Iterable<{ text: string; cell: string }>): StyleVerdict {
  const out: StyleVerdict = { style: 'vi', en: [], vi: [], ambiguous: [], strong: false, mixed: false };
  let strongEn = 0, strongVi = 0;
  for (const x of texts) {
    const d = numberDigits(x.text);
    if (!d) continue;
    const e = styleEvidence(d);
    if (e === 'en') { out.en.push(x); if (isStrong(d)) strongEn++; }
    else if (e === 'vi') { out.vi.push(x); if (isStrong(d)) strongVi++; }
    else if (e === 'ambiguous') out.ambiguous.push(x);
  }
  out.mixed = strongEn > 0 && strongVi > 0;
  if (strongEn !== strongVi) {
    out.style = strongEn > strongVi ? 'en' : 'vi';
    out.strong = true;
  } else if (out.en.length > 0 && out.vi.length === 0) {
    // thin evidence: a lone decimal comma ("86,41") is Vietnamese only, while a lone decimal point ("23.5") is
    // typed by Vietnamese clerks too and written by programs exporting numbers — it decides only when alone
    out.style = 'en';
  }
  // strong evidence first in the lists, for the record
  const strongFirst = (a: { text: string }, b: { text: string }) => Number(isStrong(numberDigits(b.text) ?? '')) - Number(isStrong(numberDigits(a.text) ?? ''));
  out.en.sort(strongFirst);
  out.vi.sort(strongFirst);
  return out;
}

/**
 * Cell values as exceljs-read gives them, for every reader of src/xlsx/ (the .xlsx scanner, SheetJS's
 * formats) and the exceljs reference under test/reference/: dates as ISO text, formulas naming another
 * workbook; and the texts of the .xlsx scanner's cells (numbers read strictly, shared-string indices).
 */

/** Formula text naming another workbook: "[1]Sheet1!A1", "'[Book2.xlsx]Sheet1'!A1", "'C:\x\[a.xlsx]S'!A1". */
export const EXTERNAL_REF = /\[[^\]]*\][^!]*!/;

/** A Date as ISO text: "2024-06-30" at midnight UTC, else "2024-06-30T08:00:00"; null when it is no date. */
export function isoDate(d: Date): string | null {
  const t = d.getTime();
  if (!Number.isFinite(t)) return null;
  const iso = d.toISOString();
  return t % 86_400_000 === 0 ? iso.slice(0, 10) : iso.slice(0, 19);
}

/** An Excel serial date (1900 system with its leap-year bug, or 1904) as exceljs converts it. */
export function serialIso(v: number, date1904: boolean): string | null {
  return isoDate(new Date(Math.round((v - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000)));
}

/** ISO 8601 text of a t="d" cell. */
export function isoTextDate(s: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(s.trim());
  if (!m) return null;
  const t = Date.parse(m[1] + (m[2] ?? 'T00:00:00') + (m[3] ?? 'Z'));
  return Number.isFinite(t) ? isoDate(new Date(t)) : null;
}

/** exceljs decodes t="str" values once more after the XML parser did. */
export function xmlDecodeAgain(text: string): string {
  if (text.indexOf('&') < 0) return text;
  return text.replace(/&([a-z]*);/g, (c) => {
    switch (c) {
      case '&lt;':
        return '<';
      case '&gt;':
        return '>';
      case '&amp;':
        return '&';
      case '&apos;':
        return "'";
      case '&quot;':
        return '"';
      default:
        return c;
    }
  });
}

/**
 * The number a numeric cell's <v> holds, read strictly (an xsd:double written as Excel writes it): digits,
 * one point, an exponent. null for anything else ("12abc", "0x10", " ", "NaN", "INF") and for values that
 * are not finite ("1e999"): such a value is never silently a number.
 */
export function xsdNumber(val: string): number | null {
  if (!plainDecimal(val) && !NUMBER_RE.test(val)) return null;
  const n = Number(val);
  return Number.isFinite(n) ? n : null;
}

const NUMBER_RE = /^[ \t\r\n]*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?[ \t\r\n]*$/;

/** Digits with at most one point ("3568", "2195.5"): the usual <v>, which NUMBER_RE takes, told without it. */
function plainDecimal(s: string): boolean {
  let digits = 0;
  let point = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 46 && !point) point = true;
    else return false;
  }
  return digits > 0;
}

/** A shared string's index: digits only (blanks around allowed), else -1 (it points at no string: reported as missing). */
export function stringIndex(val: string): number {
  const len = val.length;
  let n = 0;
  let k = 0;
  for (; k < len && k < 10; k++) {
    const d = val.charCodeAt(k) - 48;
    if (d < 0 || d > 9) break;
    n = n * 10 + d;
  }
  if (k === len && k > 0) return n;
  return /^\s*\d{1,10}\s*$/.test(val) ? parseInt(val, 10) : -1;
}

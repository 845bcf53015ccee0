/** styles.xml → which cell style ids show dates and percentages (exceljs's rules). */
import { isBreak, xmlTags } from './xml';
import { memoString } from '../util/memo';

export function isPercentFormat(fmt: string | undefined): boolean {
  if (!fmt || !fmt.includes('%')) return false;
  return fmt.replace(/"[^"]*"/g, '').replace(/\\./g, '').includes('%');
}

/** exceljs's utils.isDateFmt. */
export function isDateFmt(fmt: string | undefined): boolean {
  if (!fmt) return false;
  const f = fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '');
  return /[ymdhMsb]+/.test(f);
}

/** Built-in number formats exceljs knows (defaultnumformats.js, the 'f' entries). */
const BUILTIN_FORMATS: Record<number, string> = {
  0: 'General',
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  9: '0%',
  10: '0.00%',
  11: '0.00E+00',
  12: '# ?/?',
  13: '# ??/??',
  14: 'mm-dd-yy',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'm/d/yy "h":mm',
  37: '#,##0 ;(#,##0)',
  38: '#,##0 ;[Red](#,##0)',
  39: '#,##0.00 ;(#,##0.00)',
  40: '#,##0.00 ;[Red](#,##0.00)',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mmss.0',
  48: '##0.0E+0',
  49: '@',
};


export interface StyleInfo {
  /** Per cellXfs index: the number format shows a date (exceljs's rule). Index 0 is never looked at (as exceljs). */
  date: Uint8Array;
  /** Per cellXfs index: the number format shows a percentage. */
  percent: Uint8Array;
}

export const NO_STYLES: StyleInfo = { date: new Uint8Array(0), percent: new Uint8Array(0) };

/** The <numFmts> and <cellXfs> sections of styles.xml (fonts, fills, borders … are not looked at). */
function styleSections(xml: string): string {
  let out = '';
  for (const name of ['numFmts', 'cellXfs']) {
    let from = 0;
    for (;;) {
      const k = xml.indexOf(name, from);
      if (k < 0) break;
      from = k + name.length;
      const before = xml.charCodeAt(k - 1);
      if ((before !== 60 && before !== 58) || !isBreak(xml.charCodeAt(k + name.length))) continue;
      const lt = xml.lastIndexOf('<', k);
      const close = xml.indexOf('/' + (lt + 1 < k ? xml.slice(lt + 1, k) : '') + name, k);
      const gt = close < 0 ? -1 : xml.indexOf('>', close);
      out += xml.slice(lt, gt < 0 ? xml.length : gt + 1);
      break;
    }
  }
  return out;
}

/** styles.xml → which cell style ids show dates and percentages (the same answer for the same sections). */
export function parseStyles(xml: string): StyleInfo {
  const sections = styleSections(xml);
  if (sections.length > SEEN_KEY_MAX) return stylesOf(sections);
  return seenStyles(sections);
}

/** Sections longer than this are not remembered (a real form's number formats and cell styles are a few KB). */
const SEEN_KEY_MAX = 64 * 1024;

/**
 * The styles of each distinct numFmts + cellXfs text, worked out once: a district's files mostly come from one
 * form, with the same styles. Bounded (memoString); a StyleInfo is only ever read.
 */
const seenStyles = memoString(stylesOf, 256);

function stylesOf(sections: string): StyleInfo {
  const custom = new Map<number, string>();
  const xfFormats: number[] = [];
  let inCellXfs = false;
  let inXf = 0;
  for (const t of xmlTags(sections)) {
    if (t.name === 'numFmt' && !t.close) {
      const id = parseInt(t.attrs.numFmtId, 10);
      const code = t.attrs.formatCode;
      if (Number.isFinite(id) && code !== undefined) custom.set(id, code.replace(/[\\](.)/g, '$1'));
    } else if (t.name === 'cellXfs') {
      inCellXfs = !t.close && !t.selfClosing;
    } else if (t.name === 'xf' && inCellXfs) {
      if (t.close) {
        inXf = 0;
        continue;
      }
      if (inXf) continue;
      xfFormats.push(parseInt(t.attrs.numFmtId, 10));
      if (!t.selfClosing) inXf = 1;
    }
  }
  const n = xfFormats.length;
  const info: StyleInfo = { date: new Uint8Array(n), percent: new Uint8Array(n) };
  for (let i = 1; i < n; i++) {
    const id = xfFormats[i];
    if (!id) continue; // 0 or NaN: no format (exceljs: `if (style.numFmtId)`)
    const fmt = custom.get(id) || BUILTIN_FORMATS[id];
    if (!fmt) continue;
    if (isDateFmt(fmt)) info.date[i] = 1;
    if (isPercentFormat(fmt)) info.percent[i] = 1;
  }
  return info;
}

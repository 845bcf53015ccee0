/**
 * Folding of Vietnamese text for comparison: case, diacritics, đ, spacing.
 * Used everywhere names are compared (headers, indicator names, commune names).
 */
import { memoString } from './memo';

/** Lower case, no diacritics, đ → d, NFC-safe. Keeps other characters. */
export const stripMarks: (s: string) => string = memoString((s: string): string => {
  // ASCII needs no decomposition: only the case changes
  if (/^[\x00-\x7f]*$/.test(s)) return s.toLowerCase();
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
});

/** A name for files and ids: stripMarks, runs of other characters than a-z and 0-9 as one "-" ("Xã Thanh Hà" → "xa-thanh-ha"). */
export function slug(s: string): string {
  return stripMarks(s).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

/** Folded words: stripMarks, then every run of characters other than a-z, 0-9 and % becomes one space. */
export function foldWords(s: string): string {
  return stripMarks(s).replace(/[^a-z0-9%]+/g, ' ').trim();
}

/** Leading item numbering: "I.", "II.", "1.", "1.1", "1.1.", "a)", "a.", "-", "+", "*", "•". */
const NUMBERING = /^\s*(?:(?:[IVXLC]+|[ivxlc]+)[.)]|\d+(?:\.\d+)*[.)]?|[a-zđ][.)]|[-+*•–—])\s*/;

/** Strip item numbering before a name: "1.1 Thu ngân sách" → "Thu ngân sách"; "+ Dân số" → "Dân số". */
export function stripNumbering(s: string): string {
  let out = s.trim();
  // "Trong đó:" before a sub-item
  out = out.replace(/^trong\s+(?:đó|do)\s*:?\s*/i, '');
  for (let i = 0; i < 3; i++) {
    const m = NUMBERING.exec(out);
    if (!m || m[0].length === 0) break;
    // "1" alone followed by a letter without separator is not numbering ("3G"); require a space or punctuation
    const next = out.slice(m[0].length);
    if (!next) break;
    out = next.trim();
  }
  return out;
}

/** The key an indicator name is matched by: numbering, case, diacritics, spacing and punctuation folded. */
export function indicatorKey(name: string): string {
  return foldWords(stripNumbering(name));
}

const TYPE_WORDS: string[][] = [
  ['uy', 'ban', 'nhan', 'dan'],
  ['ubnd'],
  ['thi', 'tran'],
  ['phuong'],
  ['xa'],
  ['tt'],
];

/** A commune's name folded for comparison: "UBND xã Thanh Hà" → "thanh ha"; "Thị trấn Ba Chẽ" → "ba che". */
export const communeKey: (name: string) => string = memoString(communeKeyOf);

function communeKeyOf(name: string): string {
  let words = foldWords(name).split(' ').filter(Boolean);
  let changed = true;
  while (changed) {
    changed = false;
    for (const tw of TYPE_WORDS) {
      const n = tw.length;
      if (words.length > n && tw.every((w, i) => words[i] === w)) {
        words = words.slice(n);
        changed = true;
      }
      if (words.length > n && tw.every((w, i) => words[words.length - n + i] === w)) {
        words = words.slice(0, words.length - n);
        changed = true;
      }
    }
  }
  return words.join(' ');
}

/** Collapse runs of white space and trim. */
export function tidy(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

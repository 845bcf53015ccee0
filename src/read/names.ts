/**
 * Finding the commune's name in titles ("UBND XÃ THANH HÀ", "ỦY BAN NHÂN DÂN THỊ TRẤN BA CHẼ", "Xã: Thanh Hà",
 * "Đơn vị báo cáo: UBND xã Nam Sơn", "... của UBND xã Nam Sơn)"), in a date line ("Thanh Lâm, ngày 23 tháng 3
 * năm 2020"), in sheet names ("Đạp Thanh") and in file names ("bc-liem-can.xlsx").
 * "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" is not a commune: "xã hội" is not "xã".
 */
import { communeKey, foldWords, stripMarks, tidy } from '../util/text';
import { memoString } from '../util/memo';

type TypeWord = 'xa' | 'phuong' | 'thi tran';

/** "THANH HÀ" → "Thanh Hà"; "thanh hà" → "Thanh Hà". */
export function properCase(s: string): string {
  return tidy(s)
    .split(' ')
    .map((w) => (w ? w.charAt(0).toLocaleUpperCase('vi') + w.slice(1).toLocaleLowerCase('vi') : w))
    .join(' ');
}

function typePrefix(t: string | undefined): TypeWord | null {
  if (!t) return null;
  if (t === 'xa') return 'xa';
  if (t === 'phuong') return 'phuong';
  if (t.startsWith('thi tran') || t.startsWith('tt')) return 'thi tran';
  return null;
}

/** The display name for a found name: "Thị trấn Ba Chẽ", "Phường X", or just "Thanh Hà" for a xã. */
function display(name: string, type: TypeWord | null): string {
  const proper = properCase(name);
  if (type === 'thi tran') return `Thị trấn ${proper}`;
  if (type === 'phuong') return `Phường ${proper}`;
  return proper;
}

const STOP_WORDS = new Set(['huyen', 'tinh', 'quan', 'tp', 'ngay', 'so', 've', 'kem', 'theo', 'cua', 'va', 'den', 'nhu', 'gui', 'tai', 'bc', 'ubnd']);
const STOP_BIGRAMS = new Set(['thanh pho', 'thi xa', 'bao cao', 'thuc hien', 'kinh te', 'uy ban', 'nam hoc']);
const STOP_BEFORE_NUMBER = new Set(['nam', 'thang', 'quy']);

/**
 * Take the name words at the start of `g` (mark-stripped, lower case, same length as `t`), stopping at
 * punctuation, digits and words that start something else ("huyện", "báo cáo", "năm 2020"). Returns the
 * words as written in `t`, or null.
 */
function takeName(t: string, g: string, start: number): string | null {
  const rest = g.slice(start);
  const stopAt = rest.search(/[,;:()[\]/\n\-–—"“”.!?]/);
  const region = stopAt >= 0 ? rest.slice(0, stopAt) : rest;
  const words: { w: string; s: number; e: number }[] = [];
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(region))) words.push({ w: m[0], s: m.index, e: m.index + m[0].length });
  const kept: typeof words = [];
  for (let i = 0; i < words.length && kept.length < 4; i++) {
    const w = words[i].w;
    const next = words[i + 1]?.w ?? '';
    if (/\d/.test(w)) break;
    if (STOP_WORDS.has(w)) break;
    if (next && STOP_BIGRAMS.has(`${w} ${next}`)) break;
    if (STOP_BEFORE_NUMBER.has(w) && (/^\d/.test(next) || /^(?:i|ii|iii|iv)$/.test(next))) break;
    if (!/^[a-z']/.test(w)) break;
    kept.push(words[i]);
  }
  if (!kept.length) return null;
  if (kept[0].w === 'hoi') return null; // "xã hội"
  const s = start + kept[0].s;
  const e = start + kept[kept.length - 1].e;
  return t.slice(s, e);
}

const TYPE = '(xa|phuong|thi tran|tt\\.?)';
const PATTERNS: { re: RegExp; typeGroup: number }[] = [
  // "UBND xã Thanh Hà", "ỦY BAN NHÂN DÂN THỊ TRẤN BA CHẼ"
  { re: new RegExp(`(?:uy ban nhan dan|ubnd)\\s+${TYPE}\\s+`, 'g'), typeGroup: 1 },
  // "Đơn vị báo cáo: UBND xã Nam Sơn" / "Đơn vị báo cáo: Nam Sơn"
  { re: new RegExp(`don vi bao cao\\s*:\\s*(?:(?:uy ban nhan dan|ubnd)\\s+)?(?:${TYPE}\\s+)?`, 'g'), typeGroup: 1 },
  // "Xã: Thanh Hà"
  { re: /(?:^|[\s(])(xa|phuong|thi tran)\s*:\s*/g, typeGroup: 1 },
  // "của xã Nam Sơn"
  { re: new RegExp(`\\bcua\\s+${TYPE}\\s+`, 'g'), typeGroup: 1 },
  // a cell starting "XÃ THANH HÀ" / "Thị trấn Ba Chẽ"
  { re: /^(xa|phuong|thi tran)\s+/g, typeGroup: 1 },
];

export interface FoundName {
  /** Display name: "Thanh Hà", "Thị trấn Ba Chẽ". */
  name: string;
  /** communeKey of the name. */
  key: string;
}

function aligned(text: string): { t: string; g: string } {
  const t = tidy(text.normalize('NFC'));
  let g = stripMarks(t);
  if (g.length !== t.length) {
    // rare characters that decompose into several: fall back to the mark-stripped text for both
    return { t: g, g };
  }
  return { t, g };
}

/**
 * The commune named in a title text by the patterns above, or null. Once per distinct text: a district's files
 * share most of their titles and signature lines (the answer is never changed by its callers).
 */
export const communeFromTitle: (text: string) => FoundName | null = memoString(communeFromTitleOf);

function communeFromTitleOf(text: string): FoundName | null {
  if (!text) return null;
  const { t, g } = aligned(text);
  if (!/xa|phuong|thi tran|tt|don vi/.test(g)) return null;
  for (const { re, typeGroup } of PATTERNS) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(g))) {
      const name = takeName(t, g, m.index + m[0].length);
      if (name) {
        const out = display(name, typePrefix(m[typeGroup]));
        const key = communeKey(out);
        if (key) return { name: out, key };
      }
      if (re.lastIndex === m.index) re.lastIndex++;
      if (!re.global) break;
    }
  }
  return null;
}

/** "Thanh Lâm, ngày 23 tháng 3 năm 2020" → "Thanh Lâm"; null when the text is no such date line. */
export function placeFromDateLine(text: string): FoundName | null {
  if (!text.includes(',')) return null; // no date line (folding neither makes nor takes a comma)
  const { t, g } = aligned(text);
  const m = /^([^,]{2,40}),\s*ngay\b/.exec(g);
  if (!m) return null;
  let s = 0;
  let type: TypeWord | null = null;
  const tm = /^(?:(?:uy ban nhan dan|ubnd)\s+)?(xa|phuong|thi tran|tt\.?)\s+/.exec(g);
  if (tm) {
    type = typePrefix(tm[1]);
    s = tm[0].length;
  }
  const place = t.slice(s, m[1].length).trim();
  if (!place || /\d/.test(place) || place.split(' ').length > 4) return null;
  const isUpper = place === place.toLocaleUpperCase('vi');
  const name = type ? display(place, type) : isUpper ? properCase(place) : place;
  const key = communeKey(name);
  return key ? { name, key } : null;
}

const SHEET_NOT_NAMES =
  /\b(?:sheet|bao cao|bc|bieu|tong hop|chi tieu|kinh te|van hoa|xa hoi|thuyet minh|ke hoach|so lieu|du lieu|phu luc|danh muc|noi dung|thong ke|quoc phong|an ninh|xay dung|chinh quyen|nong nghiep|cong nghiep|dich vu|ngan sach|dan so|lao dong|y te|giao duc|moi truong|tai nguyen|ket qua|thuc hien|tong hop|data|report|summary)\b/;

/**
 * A sheet name that looks like a commune's name ("Đạp Thanh", "Xã Minh Cầm"): 2–4 capitalised words, no
 * digits, none of the usual sheet words ("Kinh tế", "VH-XH", "Sheet1", "BC Q1").
 */
export function communeFromSheetName(sheet: string): FoundName | null {
  const t = tidy(sheet.normalize('NFC'));
  if (!t || /\d/.test(t)) return null;
  const f = foldWords(t);
  const tm = /^(?:(?:ubnd)\s+)?(xa|phuong|thi tran|tt)\s+(.+)$/.exec(f);
  let type: TypeWord | null = null;
  let words = t.split(' ');
  if (tm) {
    type = typePrefix(tm[1]);
    const drop = f.split(' ').length - tm[2].split(' ').length;
    words = words.slice(drop);
  } else {
    if (SHEET_NOT_NAMES.test(f)) return null;
    if (words.length < 2) return null;
    const titleCase = words.every((w) => {
      const first = w.charAt(0);
      return first !== first.toLocaleLowerCase('vi') && w.slice(1) === w.slice(1).toLocaleLowerCase('vi');
    });
    if (!titleCase) return null;
  }
  if (words.length < 1 || words.length > 4) return null;
  if (!words.every((w) => /^[\p{L}']+$/u.test(w))) return null;
  const name = display(words.join(' '), type);
  const key = communeKey(name);
  return key ? { name, key } : null;
}

const FILE_JUNK = new Set([
  'bc', 'baocao', 'kq', 'th', 'solieu', 'bieu', 'ubnd', 'final', 'copy', 'ktxh', 'kt', 'xh', 'gui', 'huyen', 'uoc',
  'tonghop', 'bcth', 'bctk', 'of', 'new', 'copy',
]);
const FILE_JUNK_PAIRS = new Set([
  'bao cao', 'ket qua', 'so lieu', 'chi tieu', 'kinh te', 'xa hoi', 'tong hop', 'thuc hien', 'ban sao', 'ban moi', 'ban sua',
]);
const BEFORE_NUMBER = new Set(['nam', 'thang', 'quy']);

/** How many words at i are junk in a file name (0 when none). */
function fileJunkAt(f: string[], i: number): number {
  const w = f[i];
  if (FILE_JUNK.has(w) || /\d/.test(w)) return 1;
  if (f[i + 1] !== undefined && FILE_JUNK_PAIRS.has(`${w} ${f[i + 1]}`)) return 2;
  if (BEFORE_NUMBER.has(w) && f[i + 1] !== undefined && /^(?:\d+|i|ii|iii|iv|q\d)$/.test(f[i + 1])) return 2;
  return 0;
}

/** The commune in a file name: "bc-liem-can.xlsx" → "Liem Can"; "thi-tran-ba-che.xlsx" → "Thị trấn Ba Che". */
export function communeFromFileName(file: string): FoundName | null {
  const base = file.replace(/^.*[\\/]/, '').replace(/\.[a-z0-9]{2,5}$/i, '');
  const t = tidy(base.normalize('NFC').replace(/[-_.+()[\],]+/g, ' '));
  const words = t.split(' ').filter(Boolean);
  const f = words.map((w) => stripMarks(w));
  let type: TypeWord | null = null;
  let i = 0;
  // leading junk and type words
  while (i < f.length) {
    if (f[i] === 'thi' && f[i + 1] === 'tran') { type = 'thi tran'; i += 2; continue; }
    if (f[i] === 'tt' && i + 1 < f.length) { type = 'thi tran'; i += 1; continue; }
    if (f[i] === 'xa' && i + 1 < f.length && f[i + 1] !== 'hoi') { type = type ?? 'xa'; i += 1; continue; }
    if (f[i] === 'phuong' && i + 1 < f.length) { type = 'phuong'; i += 1; continue; }
    const j = fileJunkAt(f, i);
    if (j) { i += j; continue; }
    if (f[i].length === 1) { i += 1; continue; }
    break;
  }
  // the name: words up to the next junk
  const kept: string[] = [];
  for (; i < words.length && kept.length < 4; i++) {
    if (fileJunkAt(f, i) || !/^[\p{L}']+$/u.test(words[i])) break;
    kept.push(words[i]);
  }
  if (!kept.length) return null;
  const name = display(kept.join(' '), type);
  const key = communeKey(name);
  return key ? { name, key } : null;
}

// ───────────────────────────── matching against the plan's communes ─────────────────────────────

export interface PlanNames {
  list: { name: string; key: string; words: string[]; exact: string }[];
  byKey: Map<string, string[]>;
}

const planNamesCache = new WeakMap<string[], PlanNames>();

/** exact: lower-case NFC with the type words stripped, marks kept (to tell "Thanh Hà" from "Thanh Hạ"). */
function exactKey(name: string): string {
  const lower = tidy(name.normalize('NFC').toLocaleLowerCase('vi')).replace(/^(?:ủy ban nhân dân|ubnd|xã|phường|thị trấn)\s+/, '');
  return lower;
}

export function planNames(communes: string[]): PlanNames {
  let p = planNamesCache.get(communes);
  if (p) return p;
  const list = communes.map((name) => {
    const key = communeKey(name);
    return { name, key, words: key.split(' ').filter(Boolean), exact: exactKey(name) };
  });
  const byKey = new Map<string, string[]>();
  for (const e of list) {
    if (!e.key) continue;
    const arr = byKey.get(e.key) ?? [];
    arr.push(e.name);
    byKey.set(e.key, arr);
  }
  p = { list, byKey };
  planNamesCache.set(communes, p);
  return p;
}

/** The plan's spelling of a found name (same communeKey), or null. */
export function planSpelling(found: FoundName, plan: PlanNames): string | null {
  const names = plan.byKey.get(found.key);
  if (!names) return null;
  if (names.length === 1) return names[0];
  const ex = exactKey(found.name);
  return names.find((n) => exactKey(n) === ex) ?? names[0];
}

const NOT_BEFORE = new Set(['huyen', 'tinh', 'quan']);

/**
 * A plan commune whose folded name occurs as whole words in the text (the longest such), not right after
 * "huyện", "tỉnh", "quận", "thành phố", "thị xã" (the parent unit of the same name). Null when none.
 */
export function planCommuneIn(text: string, plan: PlanNames): string | null {
  const words = foldWords(text).split(' ').filter(Boolean);
  if (!words.length) return null;
  let best: { name: string; len: number; pos: number } | null = null;
  for (const e of plan.list) {
    const n = e.words.length;
    if (!n || n > words.length) continue;
    for (let i = 0; i + n <= words.length; i++) {
      let ok = true;
      for (let j = 0; j < n; j++) if (words[i + j] !== e.words[j]) { ok = false; break; }
      if (!ok) continue;
      const p1 = words[i - 1] ?? '';
      const p2 = words[i - 2] ?? '';
      if (NOT_BEFORE.has(p1) || (p2 === 'thanh' && p1 === 'pho') || (p2 === 'thi' && p1 === 'xa')) continue;
      if (!best || n > best.len || (n === best.len && i < best.pos)) best = { name: e.name, len: n, pos: i };
      break;
    }
  }
  return best?.name ?? null;
}

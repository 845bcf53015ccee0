/**
 * Matching: commune rows to indicators (by code, else by folded name) and commune names to
 * the plan's names (folded with communeKey).
 */
import { memoString } from '../util/memo';
import { communeKey, indicatorKey } from '../util/text';

/** A code as compared: trimmed, upper case, inner spaces removed ("kt 01 " → "KT01"); empty → null. */
export function codeKey(code: string | null | undefined): string | null {
  if (code == null) return null;
  return codeKeyOf(String(code));
}

/** The same codes come back in every commune's file (and each row is looked up more than once): folded once. */
const codeKeyOf = memoString((code: string): string | null => {
  const k = code.replace(/\s+/g, '').toUpperCase();
  return k ? k : null;
});

/** A name as compared: indicatorKey (numbering, case, diacritics, punctuation folded); empty → null. */
export function nameKey(name: string | null | undefined): string | null {
  if (name == null) return null;
  const k = indicatorKey(name);
  return k ? k : null;
}

/**
 * Index of indicators by code and by name key. `find` tries the code first, then the name;
 * the first indicator added under a key keeps it.
 */
export class IndicatorIndex {
  private byCode = new Map<string, number>();
  private byName = new Map<string, number>();

  add(i: number, code: string | null | undefined, name: string | null | undefined): void {
    const c = codeKey(code);
    if (c !== null && !this.byCode.has(c)) this.byCode.set(c, i);
    const n = nameKey(name);
    if (n !== null && !this.byName.has(n)) this.byName.set(n, i);
  }

  find(code: string | null | undefined, name: string | null | undefined): number | undefined {
    const c = codeKey(code);
    if (c !== null) {
      const hit = this.byCode.get(c);
      if (hit !== undefined) return hit;
    }
    const n = nameKey(name);
    return n === null ? undefined : this.byName.get(n);
  }

  /** Find by a reference that may be a code or a name ("Bình quân theo XH01"). */
  findRef(ref: string): number | undefined {
    return this.find(ref, ref);
  }
}

/** Index of commune names by communeKey. The first name under a key keeps it. */
export class CommuneIndex {
  private map = new Map<string, string>();
  constructor(names: readonly string[] = []) {
    for (const n of names) this.add(n);
  }
  add(name: string): void {
    const k = communeKey(name);
    if (k && !this.map.has(k)) this.map.set(k, name);
  }
  /** The indexed spelling of a name, or undefined. */
  find(name: string | null | undefined): string | undefined {
    if (!name) return undefined;
    const k = communeKey(name);
    return k ? this.map.get(k) : undefined;
  }
}

// ───────────────────────────── reworded names ─────────────────────────────

/** Abbreviations communes write for indicator words (folded), and what they stand for. */
const GLOSSARY: Record<string, string> = {
  ns: 'ngan sach', nsnn: 'ngan sach nha nuoc', nsx: 'ngan sach xa', ntm: 'nong thon moi', bhyt: 'bao hiem y te',
  bhxh: 'bao hiem xa hoi', bhtn: 'bao hiem that nghiep', dt: 'dien tich', sl: 'san luong', sp: 'san pham',
  ld: 'lao dong', tngt: 'tai nan giao thong', gtsx: 'gia tri san xuat', ktxh: 'kinh te xa hoi', kt: 'kinh te',
  xh: 'xa hoi', bq: 'binh quan', bqdn: 'binh quan dau nguoi', ntts: 'nuoi trong thuy san', gtnt: 'giao thong nong thon',
  vh: 'van hoa', gdvh: 'gia dinh van hoa', hs: 'hoc sinh', thcs: 'trung hoc co so', thpt: 'trung hoc pho thong',
  mn: 'mam non', dn: 'doanh nghiep', htx: 'hop tac xa', cn: 'cong nghiep', ttcn: 'tieu thu cong nghiep',
  tmdv: 'thuong mai dich vu', dv: 'dich vu', ccn: 'cum cong nghiep', xd: 'xay dung', sxkd: 'san xuat kinh doanh',
  gpmb: 'giai phong mat bang', qsdd: 'quyen su dung dat', tthc: 'thu tuc hanh chinh', ttdl: 'thong tin du lieu',
  cntt: 'cong nghe thong tin', atgt: 'an toan giao thong', vsmt: 've sinh moi truong', nsvstp: 'nuoc sach ve sinh thuc pham',
  tdtt: 'the duc the thao', tnxh: 'te nan xa hoi', ktcb: 'kien thiet co ban', xdcb: 'xay dung co ban', vdt: 'von dau tu',
  gtgt: 'gia tri gia tang', tsbq: 'tong san pham binh quan', grdp: 'tong san pham tren dia ban',
};

/** Words that say little about which indicator is meant. */
const WEAK = new Set(['so', 'cua', 'cac', 'loai', 'duoc', 'tren', 'dia', 'ban', 'va', 'trong', 'tong', 'cap', 'hien', 'co', 'nhung', 'da', 'xay', 'ra', 'toan', 'tai', 'theo', 've', 'cho', 'voi', 'nam', 'ky', 'bao', 'cao']);

/** Words of opposite meaning: a row saying one is never the indicator saying the other. */
const OPPOSITE: [string, string][] = [['thu', 'chi'], ['tang', 'giam'], ['xuat', 'nhap'], ['ngheo', 'kha'], ['lai', 'lo']];

/** The folded words of a name, abbreviations spelled out. */
export function nameWords(name: string): string[] {
  const k = nameKey(name);
  if (!k) return [];
  const out: string[] = [];
  for (const w of k.split(' ')) {
    const g = GLOSSARY[w];
    if (g) out.push(...g.split(' '));
    else if (w) out.push(w);
  }
  return out;
}

export interface NameMatch {
  /** The best plan indicator, when it is plainly the one meant. */
  index?: number;
  score: number;
  /** Two or more plan indicators close to each other: nothing is guessed. */
  candidates?: number[];
}

/** A confident match scores at least this; the runner-up must be MARGIN behind. */
export const MATCH_THRESHOLD = 0.6;
export const MATCH_MARGIN = 0.15;

/**
 * Matching reworded names to the plan's indicators: extra words ("… trên địa bàn xã", "… các loại"), the common
 * abbreviations (NSNN, NTM, TNGT …), another word order ("Tai nạn giao thông (số vụ)"). Each name is a set of
 * folded words weighted by how rare they are among the plan's names (common words such as "số", "tổng", "các"
 * weigh little); the score is the weighted F-measure of the shared words. A plan indicator is taken when it
 * scores MATCH_THRESHOLD or more and every other scores MATCH_MARGIN less; a word of opposite meaning
 * ("thu" / "chi") rules a candidate out, and so does a number of the plan's name that the row lacks.
 */
export class NameMatcher {
  private sets: Set<string>[];
  private weight = new Map<string, number>();
  private maxWeight: number;

  constructor(names: readonly string[]) {
    this.sets = names.map((n) => new Set(nameWords(n)));
    const df = new Map<string, number>();
    for (const s of this.sets) for (const w of s) df.set(w, (df.get(w) ?? 0) + 1);
    const n = Math.max(1, this.sets.length);
    this.maxWeight = 1 + Math.log(n + 1);
    for (const [w, d] of df) this.weight.set(w, WEAK.has(w) ? 0.2 : 1 + Math.log((n + 1) / d));
  }

  private w(word: string): number {
    if (WEAK.has(word)) return 0.2;
    return this.weight.get(word) ?? this.maxWeight;
  }

  private score(row: Set<string>, i: number): number {
    const plan = this.sets[i];
    if (!plan.size || !row.size) return 0;
    for (const [a, b] of OPPOSITE) {
      if ((row.has(a) && plan.has(b) && !row.has(b) && !plan.has(a)) || (row.has(b) && plan.has(a) && !row.has(a) && !plan.has(b))) return 0;
    }
    for (const w of plan) if (/^\d/.test(w) && !row.has(w)) return 0;
    let shared = 0, rowW = 0, planW = 0;
    for (const w of row) {
      const x = this.w(w);
      rowW += x;
      if (plan.has(w)) shared += x;
    }
    for (const w of plan) planW += this.w(w);
    if (!shared) return 0;
    const p = shared / rowW, r = shared / planW;
    return (2 * p * r) / (p + r);
  }

  /** The row words plan name a shares include, strictly, those plan name b shares (weak words aside). */
  private dominates(row: Set<string>, a: number, b: number): boolean {
    const sa = this.sets[a], sb = this.sets[b];
    let extra = false;
    for (const w of row) {
      if (WEAK.has(w)) continue;
      const inA = sa.has(w), inB = sb.has(w);
      if (inB && !inA) return false;
      if (inA && !inB) extra = true;
    }
    return extra;
  }

  match(name: string): NameMatch {
    const row = new Set(nameWords(name));
    let best = -1, bestScore = 0;
    const scores: number[] = [];
    for (let i = 0; i < this.sets.length; i++) {
      const s = this.score(row, i);
      scores.push(s);
      if (s > bestScore) { best = i; bestScore = s; }
    }
    if (best < 0 || bestScore < MATCH_THRESHOLD) return { score: bestScore };
    const close = scores
      .map((s, i) => [s, i])
      .filter(([s, i]) => i !== best && s >= MATCH_THRESHOLD && s > bestScore - MATCH_MARGIN)
      // a close one whose shared words are a strict part of the best's shares nothing the best lacks:
      // "Xã đạt chuẩn NTM nâng cao" is "… nông thôn mới nâng cao", not "… nông thôn mới"
      .filter(([, i]) => !this.dominates(row, best, i));
    if (close.length) return { score: bestScore, candidates: [best, ...close.sort((a, b) => b[0] - a[0]).map(([, i]) => i)] };
    return { index: best, score: bestScore };
  }
}

/** String items (<si>, <is>: plain or rich text) and the streaming reader of the shared strings part. */
import { MAX_PENDING } from './inflate';
import { isBreak, tagEnd, unescapeTextX, unescapeXml, xmlText } from './xml';

/**
 * The text of a string item: the content of <si> (shared string) or <is> (inline string), s[from..to).
 * Plain <t>, or the runs <r><t> joined; phonetic runs <rPh> are skipped. `plainX`: unescape "_x000D_" in a
 * plain <t> too (shared strings do, inline strings don't: as exceljs). undefined when there is no text.
 */
export function stringItem(s: string, from: number, to: number, p: string, plainX: boolean): string | undefined {
  let plain: string | undefined;
  let runs: string[] | undefined;
  const pl = p.length;
  let i = from;
  while (i < to) {
    const lt = s.indexOf('<', i);
    if (lt < 0 || lt >= to) break;
    const gt = s.indexOf('>', lt);
    if (gt < 0 || gt >= to + 1) break;
    let n = lt + 1;
    if (s.charCodeAt(n) === 33 || s.charCodeAt(n) === 63) {
      // <!-- comment -->, <?pi?> between the runs: no text
      const close = s.startsWith('<!--', lt) ? '-->' : s.charCodeAt(n) === 63 ? '?>' : '>';
      const e = s.indexOf(close, lt + 2);
      if (e < 0 || e >= to) break;
      i = e + close.length;
      continue;
    }
    if (s.charCodeAt(n) === 47 || (pl > 0 && !s.startsWith(p, n))) {
      i = gt + 1;
      continue;
    }
    n += pl;
    const c0 = s.charCodeAt(n);
    const c1 = s.charCodeAt(n + 1);
    if (c0 === 116 && isBreak(c1)) {
      // <t>
      let text = '';
      let next = gt + 1;
      if (s.charCodeAt(gt - 1) !== 47) {
        const close = s.indexOf('</' + p + 't>', gt);
        const e = close < 0 || close > to ? to : close;
        text = xmlText(s.slice(gt + 1, e));
        next = e + 4 + pl;
      }
      plain = (plain ?? '') + (plainX ? unescapeTextX(text) : text);
      i = next;
    } else if (c0 === 114 && isBreak(c1)) {
      // <r> … <t>…</t> … </r>
      if (!runs) runs = [];
      if (s.charCodeAt(gt - 1) === 47) {
        runs.push('');
        i = gt + 1;
        continue;
      }
      const close = s.indexOf('</' + p + 'r>', gt);
      const e = close < 0 || close > to ? to : close;
      let text = '';
      let k = gt + 1;
      for (;;) {
        const a = s.indexOf('<' + p + 't', k);
        if (a < 0 || a >= e) break;
        const b = s.indexOf('>', a);
        if (b < 0 || b > e) break;
        if (!isBreak(s.charCodeAt(a + 2 + pl))) {
          k = a + 1;
          continue;
        }
        if (s.charCodeAt(b - 1) !== 47) {
          const tc = s.indexOf('</' + p + 't>', b);
          const te = tc < 0 || tc > e ? e : tc;
          text += xmlText(s.slice(b + 1, te));
          k = te + 1;
        } else {
          k = b + 1;
        }
      }
      runs.push(unescapeTextX(text));
      i = close < 0 || close > to ? to : close + 4 + pl;
    } else if (c0 === 114 && c1 === 80 && s.charCodeAt(n + 2) === 104 && isBreak(s.charCodeAt(n + 3))) {
      // <rPh> … </rPh>: phonetic guide, not part of the text
      if (s.charCodeAt(gt - 1) === 47) {
        i = gt + 1;
        continue;
      }
      const close = s.indexOf('</' + p + 'rPh>', gt);
      i = close < 0 || close > to ? to : close + 6 + pl;
    } else {
      i = gt + 1;
    }
  }
  if (runs) return runs.join('');
  return plain;
}


// ───────────────────────────── shared strings (only those used) ─────────────────────────────

/** Streaming reader of xl/sharedStrings.xml keeping the strings whose index is marked in `want`. */
export class SharedStringsScanner {
  private buf = '';
  private pos = 0;
  private p: string | null = null;
  private closeSi = '</si>';
  private openSi = '<si';
  /** Index of the next <si>. */
  count = 0;
  /** The wanted strings by index (holes where a string is not wanted or not there): no hash table per file. */
  readonly strings: (string | undefined)[] = [];
  /** Why reading stopped early (a string too long), or null. */
  damaged: string | null = null;

  constructor(private readonly want: Uint8Array) {}

  push(text: string): boolean {
    this.buf = (this.pos > 0 ? this.buf.slice(this.pos) : this.buf) + text;
    this.pos = 0;
    this.run();
    if (this.buf.length - this.pos > MAX_PENDING) {
      this.damaged = 'element too large';
      return false;
    }
    return this.count < this.want.length;
  }

  private run(): void {
    const s = this.buf;
    if (this.p === null) {
      let k = s.indexOf('sst');
      while (k >= 0 && !((s.charCodeAt(k - 1) === 60 || s.charCodeAt(k - 1) === 58) && isBreak(s.charCodeAt(k + 3)))) k = s.indexOf('sst', k + 1);
      if (k < 0) {
        this.pos = Math.max(0, s.length - 64);
        return;
      }
      let lt = k - 1;
      while (lt >= 0 && k - lt <= 40 && s.charCodeAt(lt) !== 60) lt--;
      this.p = lt >= 0 && lt + 1 < k ? s.slice(lt + 1, k) : '';
      this.openSi = '<' + this.p + 'si';
      this.closeSi = '</' + this.p + 'si>';
      this.pos = k;
    }
    let pos = this.pos;
    const ol = this.openSi.length;
    const want = this.want;
    // Tag to tag: comments, processing instructions and CDATA between the items are skipped (an <si> in a
    // comment is no string: counting it would shift every later string by one).
    while (this.count < want.length) {
      const a = s.indexOf('<', pos);
      if (a < 0) {
        pos = s.length;
        break;
      }
      const c = s.charCodeAt(a + 1);
      if (c === 33 || c === 63) {
        const close = s.startsWith('<!--', a) ? '-->' : s.startsWith('<![CDATA[', a) ? ']]>' : c === 63 ? '?>' : '>';
        if (a + 9 > s.length && close === '>') {
          pos = a;
          break;
        }
        const e = s.indexOf(close, a + 2);
        if (e < 0) {
          pos = a;
          break;
        }
        pos = e + close.length;
        continue;
      }
      if (a + ol >= s.length) {
        pos = a;
        break;
      }
      const gt = tagEnd(s, a);
      if (gt < 0) {
        pos = a;
        break;
      }
      if (!s.startsWith(this.openSi, a) || !isBreak(s.charCodeAt(a + ol))) {
        pos = gt + 1;
        continue;
      }
      if (s.charCodeAt(gt - 1) === 47) {
        if (want[this.count]) this.strings[this.count] = '';
        this.count++;
        pos = gt + 1;
        continue;
      }
      const e = s.indexOf(this.closeSi, gt);
      if (e < 0) {
        pos = a;
        break;
      }
      // the item on its own: searches inside it never run past its end
      if (want[this.count]) this.strings[this.count] = unescapeXml(stringItem(s.slice(gt + 1, e), 0, e - gt - 1, this.p, true) ?? '');
      this.count++;
      pos = e + this.closeSi.length;
    }
    this.pos = pos;
  }
}

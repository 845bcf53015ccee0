/** The little XML the reader needs: text and attribute values as an XML parser gives them, tags of small documents. */

/** A blank, ">" or "/" after a tag name. */
export function isBreak(c: number): boolean {
  return c === 32 || c === 62 || c === 47 || c === 9 || c === 10 || c === 13;
}

export const ENTITY_RE = /&(#[xX][0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g;

export function entity(m: string, e: string): string {
  switch (e) {
    case 'lt':
      return '<';
    case 'gt':
      return '>';
    case 'amp':
      return '&';
    case 'quot':
      return '"';
    case 'apos':
      return "'";
    default: {
      const n = e.charCodeAt(1) === 120 || e.charCodeAt(1) === 88 ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(n) && n >= 0 && n <= 0x10ffff ? String.fromCodePoint(n) : m;
    }
  }
}

/** Text content as an XML parser gives it: line ends normalised, entities and CDATA sections resolved. */
export function xmlText(s: string): string {
  if (s.indexOf('\r') >= 0) s = s.replace(/\r\n?/g, '\n');
  if (s.indexOf('<') >= 0) return xmlTextWithMarkup(s);
  return s.indexOf('&') >= 0 ? s.replace(ENTITY_RE, entity) : s;
}

/** Text holding CDATA sections or comments (rare). */
export function xmlTextWithMarkup(s: string): string {
  let out = '';
  let i = 0;
  while (i < s.length) {
    const lt = s.indexOf('<', i);
    if (lt < 0) {
      out += xmlText(s.slice(i));
      break;
    }
    out += xmlText(s.slice(i, lt));
    if (s.startsWith('<![CDATA[', lt)) {
      const e = s.indexOf(']]>', lt + 9);
      out += s.slice(lt + 9, e < 0 ? s.length : e);
      i = e < 0 ? s.length : e + 3;
    } else if (s.startsWith('<!--', lt)) {
      const e = s.indexOf('-->', lt + 4);
      i = e < 0 ? s.length : e + 3;
    } else {
      const e = s.indexOf('>', lt);
      i = e < 0 ? s.length : e + 1;
    }
  }
  return out;
}

/** An attribute's value as an XML parser gives it: blanks normalised, entities resolved. */
export function attrText(s: string): string {
  if (s.indexOf('\n') >= 0 || s.indexOf('\t') >= 0 || s.indexOf('\r') >= 0) s = s.replace(/\r\n|[\r\n\t]/g, ' ');
  return s.indexOf('&') >= 0 ? s.replace(ENTITY_RE, entity) : s;
}

/**
 * Where markup that holds no element, opened at `lt`, ends: past the "-->" of a comment, the "]]>" of a CDATA
 * section, the "?>" of a processing instruction. -1 when it never ends (the input is cut); 0 when `lt` opens
 * an ordinary tag.
 */
export function pastNonElement(s: string, lt: number): number {
  const c = s.charCodeAt(lt + 1);
  let close: string;
  let from: number;
  if (c === 63) (close = '?>'), (from = lt + 2);
  else if (c === 33 && s.startsWith('<!--', lt)) (close = '-->'), (from = lt + 4);
  else if (c === 33 && s.startsWith('<![CDATA[', lt)) (close = ']]>'), (from = lt + 9);
  else return 0;
  const e = s.indexOf(close, from);
  return e < 0 ? -1 : e + close.length;
}

/** The end (index of ">") of the tag starting at lt, skipping quoted attribute values; -1 if not in s. One pass over the tag. */
export function tagEnd(s: string, lt: number): number {
  const n = s.length;
  let q = 0;
  for (let i = lt + 1; i < n; i++) {
    const c = s.charCodeAt(i);
    if (q !== 0) {
      if (c === q) q = 0;
    } else if (c === 62) {
      return i;
    } else if (c === 34 || c === 39) {
      q = c;
    }
  }
  return -1;
}

/** Attributes of the tag text s[from..to) (after the name), names as written ("r:id"). */
export function parseAttrs(s: string, from: number, to: number): Record<string, string> {
  const out: Record<string, string> = {};
  let i = from;
  while (i < to) {
    const c = s.charCodeAt(i);
    if (c <= 32 || c === 47) {
      i++;
      continue;
    }
    const ns = i;
    while (i < to) {
      const d = s.charCodeAt(i);
      if (d === 61 || d <= 32 || d === 47) break;
      i++;
    }
    const name = s.slice(ns, i);
    while (i < to && s.charCodeAt(i) <= 32) i++;
    if (s.charCodeAt(i) !== 61) continue; // attribute without value: ignored
    i++;
    while (i < to && s.charCodeAt(i) <= 32) i++;
    const q = s[i];
    if (q !== '"' && q !== "'") continue;
    const e = s.indexOf(q, i + 1);
    if (e < 0 || e > to) break;
    out[name] = attrText(s.slice(i + 1, e));
    i = e + 1;
  }
  return out;
}

export interface XmlTag {
  /** Local name (prefix stripped). */
  name: string;
  attrs: Record<string, string>;
  close: boolean;
  selfClosing: boolean;
}

/** Every start / end tag of a small XML document, in order (comments, PIs, CDATA skipped). */
export function* xmlTags(s: string): Generator<XmlTag> {
  let i = 0;
  for (;;) {
    const lt = s.indexOf('<', i);
    if (lt < 0) return;
    const c = s.charCodeAt(lt + 1);
    if (c === 33) {
      // <!-- -->, <![CDATA[ ]]>, <!DOCTYPE>
      const end = s.startsWith('<!--', lt) ? s.indexOf('-->', lt) : s.startsWith('<![CDATA[', lt) ? s.indexOf(']]>', lt) : s.indexOf('>', lt);
      if (end < 0) return;
      i = end + 1;
      continue;
    }
    if (c === 63) {
      const end = s.indexOf('?>', lt);
      if (end < 0) return;
      i = end + 2;
      continue;
    }
    const gt = tagEnd(s, lt);
    if (gt < 0) return;
    const close = c === 47;
    let ns = close ? lt + 2 : lt + 1;
    let ne = ns;
    while (ne < gt && !isBreak(s.charCodeAt(ne))) ne++;
    // the prefix, looked for in the name only (a lastIndexOf over the whole text made many tags quadratic)
    for (let k = ne - 1; k >= ns; k--) {
      if (s.charCodeAt(k) === 58) {
        ns = k + 1;
        break;
      }
    }
    const selfClosing = !close && s.charCodeAt(gt - 1) === 47;
    yield { name: s.slice(ns, ne), attrs: close ? {} : parseAttrs(s, ne, selfClosing ? gt - 1 : gt), close, selfClosing };
    i = gt + 1;
  }
}

/** "_x000D_" escapes some writers leave in strings (exceljs-read's second pass: any case). */
export function unescapeXml(s: string): string {
  return s.includes('_x') ? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : s;
}

/** exceljs's <t> reader: "_x000D_" escapes, upper-case hex only. */
export function unescapeTextX(s: string): string {
  return s.includes('_x') ? s.replace(/_x([0-9A-F]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : s;
}

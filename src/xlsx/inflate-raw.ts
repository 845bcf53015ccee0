/**
 * Raw deflate (RFC 1951) inflated in one call into a buffer of known size, for the browser's parse workers (Node
 * has zlib): the parts of a commune workbook are small (a few kilobytes compressed), and fflate makes, fills and
 * frees a lookup of 2^(longest code) entries — up to 32,768 — for each of a block's two Huffman codes (up to
 * 128 kB of typed arrays a block, about 4,000 times for 200 communes, which the collector then sweeps). Here the
 * tables are made once and reused: a 10-bit lookup for the short codes, the longer ones decoded code length by
 * code length (as zlib's "puff" does), so a code costs 1,024 entries to build. The input is read from a padded
 * copy and the bit position kept in a local (no closure): the 2,210 parts of 200 communes in 35 ms warm, 81 ms
 * cold (Node; zlib 22–33 ms, so Node keeps zlib). Never throws; damaged data is told apart from output that
 * does not fit. The caller checks every part's CRC-32 (inflate.ts), so a fault here shows as a damaged part,
 * never as figures.
 */

/** Bits looked up at once; longer codes are decoded a bit at a time from there. */
const ROOT = 10;
const ROOT_SIZE = 1 << ROOT;
const MAX_BITS = 15;

/** A Huffman code: the root lookup (symbol << 4 | length, 0: not in the root), and the canonical code by length. */
interface Code {
  root: Uint16Array;
  /** Codes of each length (1..15). */
  count: Uint16Array;
  /** Symbols ordered by code (length, then value). */
  symbol: Uint16Array;
  /** Set when no symbol has a code (only the distance code may be so, for a block of literals only). */
  empty: boolean;
}

function newCode(symbols: number): Code {
  return { root: new Uint16Array(ROOT_SIZE), count: new Uint16Array(MAX_BITS + 1), symbol: new Uint16Array(symbols), empty: true };
}

/** Bits in reverse order (deflate sends codes most significant bit first into a little-endian bit stream). */
const REV = new Uint16Array(ROOT_SIZE);
for (let i = 0; i < ROOT_SIZE; i++) {
  let r = 0;
  for (let b = 0; b < ROOT; b++) if (i & (1 << b)) r |= 1 << (ROOT - 1 - b);
  REV[i] = r;
}

const offs = new Uint16Array(MAX_BITS + 2);

/** Build `c` from code lengths lens[0..n): false when the lengths over-subscribe the code (damaged data). */
function build(c: Code, lens: Uint8Array, n: number): boolean {
  const count = c.count;
  count.fill(0);
  for (let i = 0; i < n; i++) count[lens[i]]++;
  count[0] = 0;
  let left = 1;
  for (let len = 1; len <= MAX_BITS; len++) {
    left = (left << 1) - count[len];
    if (left < 0) return false;
  }
  offs[1] = 0;
  for (let len = 1; len < MAX_BITS; len++) offs[len + 1] = offs[len] + count[len];
  let used = 0;
  for (let i = 0; i < n; i++) if (lens[i]) c.symbol[offs[lens[i]]++] = i, used++;
  c.empty = used === 0;
  // the root: every code of ROOT bits or fewer, at each ROOT-bit pattern that starts with it (bits reversed)
  const root = c.root;
  root.fill(0);
  let code = 0;
  let k = 0;
  for (let len = 1; len <= ROOT; len++) {
    for (let j = 0; j < count[len]; j++, k++, code++) {
      const entry = (c.symbol[k] << 4) | len;
      const step = 1 << len;
      for (let x = REV[code << (ROOT - len)]; x < ROOT_SIZE; x += step) root[x] = entry;
    }
    code <<= 1;
  }
  return true;
}

// the fixed codes (block type 1), built once
const FIXED_LIT = newCode(288);
const FIXED_DIST = newCode(30);
{
  const l = new Uint8Array(288);
  l.fill(8, 0, 144);
  l.fill(9, 144, 256);
  l.fill(7, 256, 280);
  l.fill(8, 280, 288);
  build(FIXED_LIT, l, 288);
  build(FIXED_DIST, new Uint8Array(30).fill(5), 30);
}
// the dynamic codes, made again for each block into the same arrays
const DYN_LIT = newCode(288);
const DYN_DIST = newCode(32);
const CL = newCode(19);
const lengths = new Uint8Array(288 + 32);
const clLengths = new Uint8Array(19);
const CL_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

const LEN_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LEN_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];

/** Inflated bytes, or why not: the data is damaged (or cut short), or the output did not fit in the buffer. */
export type RawInflate = { ok: true; length: number } | { ok: false; why: 'damaged' | 'full' };

/** The input, copied with zero bytes after it: every read of 3 bytes at a bit position stays inside the array. */
let input = new Uint8Array(64 * 1024);

/**
 * One symbol of code `c` from `bits` (the next 16 bits of the stream, first bit lowest): symbol << 4 | its
 * length in bits, or -1 when no symbol has that code (damaged data).
 */
function lookup(c: Code, bits: number): number {
  const e = c.root[bits & (ROOT_SIZE - 1)];
  if (e) return e;
  // longer than ROOT bits: canonical decoding, one more bit at a time (zlib's puff)
  let code = 0;
  let first = 0;
  let index = 0;
  for (let len = 1; len <= MAX_BITS; len++) {
    code |= (bits >>> (len - 1)) & 1;
    const n = c.count[len];
    if (code - n < first) return (c.symbol[index + (code - first)] << 4) | len;
    index += n;
    first = (first + n) << 1;
    code <<= 1;
  }
  return -1;
}

/**
 * Inflate the raw deflate data `src` into `out` (from its start). Nothing past `src` is taken for data; a
 * stream that wants more than `out` holds stops at once ('full').
 */
export function inflateRawInto(src: Uint8Array, out: Uint8Array): RawInflate {
  const end = src.length;
  const bitsEnd = end * 8;
  if (input.length < end + 4) input = new Uint8Array(Math.max(end + 4, input.length * 2));
  const b = input;
  b.set(src);
  b[end] = b[end + 1] = b[end + 2] = b[end + 3] = 0;
  let pos = 0; // bit position in the input (the code below checks it against bitsEnd where it matters)
  let o = 0;
  let bits = 0;
  let i = 0;
  for (;;) {
    if (pos + 3 > bitsEnd) return DAMAGED;
    i = pos >>> 3;
    const head = (b[i] | (b[i + 1] << 8)) >>> (pos & 7);
    const last = head & 1;
    const type = (head >>> 1) & 3;
    pos += 3;
    if (type === 0) {
      // stored: LEN and NLEN on a byte boundary, then LEN bytes
      i = (pos + 7) >>> 3;
      if (i + 4 > end) return DAMAGED;
      const len = b[i] | (b[i + 1] << 8);
      const nlen = b[i + 2] | (b[i + 3] << 8);
      if ((len ^ 0xffff) !== nlen) return DAMAGED;
      i += 4;
      if (i + len > end) return DAMAGED;
      if (o + len > out.length) return FULL;
      out.set(src.subarray(i, i + len), o);
      o += len;
      pos = (i + len) * 8;
    } else if (type === 3) {
      return DAMAGED;
    } else {
      let lit = FIXED_LIT;
      let dist = FIXED_DIST;
      if (type === 2) {
        if (pos + 14 > bitsEnd) return DAMAGED;
        i = pos >>> 3;
        const h = ((b[i] | (b[i + 1] << 8) | (b[i + 2] << 16)) >>> (pos & 7)) & 0x3fff;
        const nlen = (h & 31) + 257;
        const ndist = ((h >>> 5) & 31) + 1;
        const ncode = ((h >>> 10) & 15) + 4;
        pos += 14;
        if (nlen > 286 || ndist > 30) return DAMAGED;
        clLengths.fill(0);
        for (let k = 0; k < ncode; k++, pos += 3) {
          i = pos >>> 3;
          clLengths[CL_ORDER[k]] = ((b[i] | (b[i + 1] << 8)) >>> (pos & 7)) & 7;
        }
        if (!build(CL, clLengths, 19) || CL.empty) return DAMAGED;
        for (let k = 0; k < nlen + ndist; ) {
          if (pos > bitsEnd) return DAMAGED;
          i = pos >>> 3;
          bits = (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16)) >>> (pos & 7);
          const e = lookup(CL, bits);
          if (e < 0) return DAMAGED;
          pos += e & 15;
          bits >>>= e & 15;
          const sym = e >>> 4;
          if (sym < 16) {
            lengths[k++] = sym;
            continue;
          }
          let rep: number;
          let val = 0;
          if (sym === 16) {
            if (k === 0) return DAMAGED;
            val = lengths[k - 1];
            rep = 3 + (bits & 3);
            pos += 2;
          } else if (sym === 17) {
            rep = 3 + (bits & 7);
            pos += 3;
          } else {
            rep = 11 + (bits & 127);
            pos += 7;
          }
          if (k + rep > nlen + ndist) return DAMAGED;
          lengths.fill(val, k, k + rep);
          k += rep;
        }
        // the end-of-block code must be there
        if (lengths[256] === 0) return DAMAGED;
        if (!build(DYN_LIT, lengths, nlen) || !build(DYN_DIST, lengths.subarray(nlen), ndist)) return DAMAGED;
        lit = DYN_LIT;
        dist = DYN_DIST;
      }
      const litRoot = lit.root;
      const cap = out.length;
      for (;;) {
        if (pos > bitsEnd) return DAMAGED;
        i = pos >>> 3;
        bits = (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16)) >>> (pos & 7);
        let e = litRoot[bits & (ROOT_SIZE - 1)];
        if (!e) {
          e = lookup(lit, bits);
          if (e < 0) return DAMAGED;
        }
        pos += e & 15;
        const sym = e >>> 4;
        if (sym < 256) {
          if (o >= cap) return FULL;
          out[o++] = sym;
          continue;
        }
        if (sym === 256) break;
        const li = sym - 257;
        if (li >= 29) return DAMAGED;
        let len = LEN_BASE[li];
        const le = LEN_EXTRA[li];
        if (le) {
          i = pos >>> 3;
          len += ((b[i] | (b[i + 1] << 8)) >>> (pos & 7)) & ((1 << le) - 1);
          pos += le;
        }
        if (dist.empty) return DAMAGED;
        i = pos >>> 3;
        bits = (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16)) >>> (pos & 7);
        const de = lookup(dist, bits);
        if (de < 0) return DAMAGED;
        pos += de & 15;
        const ds = de >>> 4;
        if (ds >= 30) return DAMAGED;
        let d = DIST_BASE[ds];
        const dx = DIST_EXTRA[ds];
        if (dx) {
          i = pos >>> 3;
          d += ((b[i] | (b[i + 1] << 8) | (b[i + 2] << 16)) >>> (pos & 7)) & ((1 << dx) - 1);
          pos += dx;
        }
        if (d > o) return DAMAGED;
        if (o + len > cap) return FULL;
        // overlapping copies repeat the bytes just written
        for (let from = o - d, stop = o + len; o < stop; ) out[o++] = out[from++];
      }
    }
    if (last) return pos > bitsEnd ? DAMAGED : { ok: true, length: o };
  }
}

const DAMAGED: RawInflate = Object.freeze({ ok: false, why: 'damaged' });
const FULL: RawInflate = Object.freeze({ ok: false, why: 'full' });

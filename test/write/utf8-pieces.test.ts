/**
 * Text in pieces turned into UTF-8 through one reused buffer (src/util/utf8-pieces.ts), as the command line
 * writes its JSON and the task pane makes its JSON download: the bytes handed on, in order, are the UTF-8 of
 * the whole text, whatever the pieces' sizes and characters.
 */
import { describe, expect, it } from 'vitest';
import { encodePieces } from '../../src/util/utf8-pieces';

/** What encodePieces hands on, each view copied at once (it is written over afterwards), and the views' sizes. */
function encoded(pieces: string[]): { bytes: Buffer; sizes: number[] } {
  const out: Buffer[] = [];
  encodePieces(pieces, (b) => out.push(Buffer.from(b)));
  return { bytes: Buffer.concat(out), sizes: out.map((b) => b.length) };
}

describe('encodePieces', () => {
  it('gives the UTF-8 of the joined text: ASCII, Vietnamese, four-byte characters, a lone surrogate (U+FFFD)', () => {
    const pieces = ['{"a":', '"Xã Thanh Hà — Đạt 54,5%"', ',"emoji":"🙂🙂"', ',"lone":"\ud800x"', '', '}'];
    expect(encoded(pieces).bytes.equals(Buffer.from(new TextEncoder().encode(pieces.join(''))))).toBe(true);
  });

  it('hands the bytes on as the buffer fills, never an empty view, and a piece larger than the buffer whole (the buffer grows)', () => {
    const small = Array.from({ length: 40_000 }, (_, i) => `{"xã":"Hải Thạch ${i}","v":${i * 1.5}},`);
    const big = 'Đ'.repeat(600_000); // 1.2 MB in UTF-8, more than the buffer's 1 MB
    const pieces = [...small, big, ...small];
    const { bytes, sizes } = encoded(pieces);
    expect(bytes.equals(Buffer.from(pieces.join(''), 'utf8'))).toBe(true);
    expect(sizes.length).toBeGreaterThan(3);
    expect(Math.min(...sizes)).toBeGreaterThan(0);
    expect(Math.max(...sizes)).toBeGreaterThanOrEqual(1_200_000);
  });

  it('hands on nothing for no text', () => {
    expect(encoded([]).sizes).toEqual([]);
    expect(encoded(['', '']).sizes).toEqual([]);
  });
});

/** ByteWriter (write-parts.ts): the sheets' bytes. Numbers must come out exactly as String(v) writes them. */
import { describe, it, expect } from 'vitest';
import { ByteWriter } from '../../../src/xlsx/write-parts';

const utf8 = new TextDecoder();

function written(f: (w: ByteWriter) => void, size = 8): string {
  const w = new ByteWriter(size); // small: growing is exercised too
  f(w);
  return utf8.decode(w.bytes());
}

/** A deterministic stream of numbers in [0, 1). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('ByteWriter.num', () => {
  it('writes every kind of number as String(v) does', () => {
    const edge = [
      0, -0, 1, -1, 0.1, 0.2, 0.1 + 0.2, 0.3, 1 / 3, 2 / 3, 1e-6, -1e-6, 1e-7, 5e-7, 0.000001, 0.0000015, 1.005, 2663.9, -2663.9, 272085.3,
      287403.99999999994, 58.79454937950139, 40698.79999999999, 2 ** 31 - 0.5, 2 ** 31 + 0.5, 4294967296.5, 123456789012345.6, 999999999999999.9,
      99999999999999.98, 1e15 - 0.5, 1e15, 1e15 + 0.5, 1e16, 1e21, 1.5e21, 9007199254740993, 0.1234567, 0.123456, 12.000001, 12.0000001, 1e-5 + 1e-6,
      Number.MIN_VALUE, Number.MAX_VALUE, Number.EPSILON, 1 + Number.EPSILON, 100.5, 0.5, 0.25, 0.125, 0.0625, 3.14159, 2.718281828459045,
    ];
    const values = [...edge, ...edge.map((x) => -x)];
    const r = rng(7);
    for (let i = 0; i < 20_000; i++) {
      const mag = 10 ** Math.floor(r() * 20 - 8);
      const dec = Math.floor(r() * 9);
      values.push(Math.round(r() * mag * 10 ** dec) / 10 ** dec); // decimals of every length and size
      values.push(r() * mag); // any double
      values.push((Math.round(r() * 1e5) / 10 + Math.round(r() * 1e5) / 10) * (r() < 0.5 ? -1 : 1)); // sums of one-decimal figures
      values.push(((Math.round(r() * 1e5) / 10) / (1 + Math.round(r() * 1e4))) * 100); // percentages
    }
    for (const v of values) expect(written((w) => w.num(v)), String(v)).toBe(String(v === 0 ? 0 : v));
  });
  it('one after another in one buffer', () => {
    const xs = [1.5, -2, 0.1 + 0.2, 7, 1e-7, 2663.9];
    expect(written((w) => xs.forEach((x, i) => { if (i) w.text(','); w.num(x); }))).toBe(xs.map(String).join(','));
  });
});

describe('ByteWriter.int', () => {
  it('writes integers of every length, in 32 bits and beyond', () => {
    const xs = [0, 7, 9, 10, 99, 100, 65535, 999999999, 1000000000, 2 ** 31 - 2, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 4294967295, 1e15, 2 ** 53 - 1];
    const r = rng(11);
    for (let i = 0; i < 5000; i++) xs.push(Math.floor(r() * 10 ** Math.floor(r() * 16)));
    for (const x of xs) expect(written((w) => w.int(x)), String(x)).toBe(String(x));
  });
});

describe('ByteWriter.raw', () => {
  it('copies short and long byte runs, growing as needed', () => {
    const enc = new TextEncoder();
    const short = enc.encode('<c r="AB');
    const long = enc.encode('x'.repeat(100));
    expect(written((w) => { w.raw(short); w.raw(long); w.raw(short); })).toBe('<c r="AB' + 'x'.repeat(100) + '<c r="AB');
  });
});

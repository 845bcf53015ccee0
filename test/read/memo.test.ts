/**
 * ownCopy (src/util/memo.ts): what the report keeps of a file's text must not keep the whole text alive (a
 * name cut from a shared-strings part of megabytes). Measured on the heap after full collections: the
 * substrings themselves (the control) keep the text; their copies do not.
 */
import * as v8 from 'v8';
import * as vm from 'vm';
import { describe, expect, it } from 'vitest';
import { intern, ownCopy } from '../../src/util/memo';

v8.setFlagsFromString('--expose_gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Heap kept by 1,000 strings of 40 characters cut from an 8 MB text (two-byte: Vietnamese), each passed through `f`. */
function keptBy(f: (s: string) => string): { mb: number; kept: string[] } {
  const take = () => {
    const parts: string[] = [];
    for (let i = 0; i < 200_000; i++) parts.push(`Chỉ tiêu số ${i}; `);
    const text = parts.join('');
    const kept: string[] = [];
    for (let i = 0; i < 1000; i++) kept.push(f(text.substring(i * 100, i * 100 + 40)));
    return kept;
  };
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept = take();
  gc();
  gc();
  return { mb: (process.memoryUsage().heapUsed - before) / 1e6, kept };
}

describe('ownCopy', () => {
  it('gives the same text, and keeps none of the text it was cut from', () => {
    const control = keptBy((s) => s);
    expect(control.mb).toBeGreaterThan(4); // the substrings alone keep the whole text (this test can tell)
    const copies = keptBy(ownCopy);
    expect(copies.mb).toBeLessThan(1);
    expect(copies.kept).toEqual(control.kept);
    const interned = keptBy(intern);
    expect(interned.mb).toBeLessThan(1);
  });

  it('leaves short strings as they are', () => {
    expect(ownCopy('Xã An Bình')).toBe('Xã An Bình');
    expect(ownCopy('')).toBe('');
    expect(ownCopy('Chỉ tiêu kinh tế số 12 (ha)')).toBe('Chỉ tiêu kinh tế số 12 (ha)');
  });
});

describe('intern', () => {
  /** Heap kept by 100,000 short texts ("KT01"…"KT80", "ha", "tấn"), each cut from a text of its own, passed through `f`. */
  function shortKeptBy(f: (s: string) => string): { mb: number; kept: string[] } {
    const units = ['ha', 'tấn', 'người', 'triệu đồng'];
    gc();
    const before = process.memoryUsage().heapUsed;
    const kept: string[] = [];
    for (let i = 0; i < 100_000; i++) {
      const line = `|KT${String((i % 80) + 1).padStart(2, '0')}|${units[i % 4]}|${i}|`;
      const code = line.substring(1, 5);
      const unit = line.substring(6, line.indexOf('|', 6));
      kept.push(f(code), f(unit));
    }
    gc();
    gc();
    return { mb: (process.memoryUsage().heapUsed - before) / 1e6, kept };
  }

  it('keeps one copy of a short text met again and again (codes, units), not one per file', () => {
    const control = shortKeptBy((s) => s);
    expect(control.mb).toBeGreaterThan(3); // 200,000 copies (this test can tell)
    const shared = shortKeptBy(intern);
    expect(shared.kept).toEqual(control.kept);
    // the array of 200,000 references (0.8–1.6 MB) and 84 texts
    expect(shared.mb).toBeLessThan(control.mb / 2);
  });
});

/** The JSON report as the command line writes it: compact by default, in pieces, carrying tonghop's mark and run key. */
import { describe, it, expect } from 'vitest';
import { jsonChunks, looksLikeReportJson } from '../../src/write/json';

describe('jsonChunks', () => {
  const v = { a: [1, { b: [2, 3], c: {} }, [], 'x'], d: { e: { f: [1, { g: 'h\n"' }] } }, u: undefined, n: null, em: [], o: {}, s: 'é' };
  it('concatenated, equals JSON.stringify at every indent and depth', () => {
    for (const ind of [0, 2, 4]) for (const d of [0, 1, 2, 3, 5]) expect([...jsonChunks(v, ind, d)].join('')).toBe(JSON.stringify(v, null, ind));
  });
  it('long arrays, deep inside, with holes, undefined, functions and toJSON among them: still JSON.stringify', () => {
    const when = new Date(Date.UTC(2024, 5, 30));
    const long = Array.from({ length: 101 }, (_, i) =>
      i % 17 === 0 ? undefined : i % 13 === 0 ? () => 1 : i % 11 === 0 ? when : i % 7 === 0 ? { toJSON: (k: string) => `k${k}` } : { i, s: 'Xã Hải Thạch', n: i / 7, u: undefined },
    );
    delete long[50];
    const value = {
      top: long,
      inds: [{ code: 'A', communes: long, tail: [1, 2], skip: undefined }, { toJSON: () => ({ communes: long.slice(0, 40), x: 1 }) }],
      deep: { a: { b: { c: long } } },
      boxed: [new Number(3), new String('s'), new Boolean(false)],
      short: long.slice(0, 5),
    };
    for (const ind of [0, 2]) for (const d of [0, 1, 2, 3, 6]) expect([...jsonChunks(value, ind, d)].join(''), `indent ${ind} depth ${d}`).toBe(JSON.stringify(value, null, ind));
    // compact: the long arrays come in batches, however deep
    const pieces = [...jsonChunks({ x: { y: Array.from({ length: 3000 }, (_, i) => ({ i, name: 'Xã Hải Thạch' })) } }, 0, 0)];
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(2000);
  });
  it('never one giant string: a report of many issues comes in pieces each far smaller than the whole', () => {
    const big = { period: { label: 'x' }, issues: Array.from({ length: 5000 }, (_, i) => ({ severity: 'info', message: `issue ${i}`.repeat(5) })) };
    const pieces = [...jsonChunks(big)];
    const total = pieces.reduce((s, p) => s + p.length, 0);
    expect(pieces.join('')).toBe(JSON.stringify(big));
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(total / 100);
  });
});

describe('looksLikeReportJson', () => {
  it('knows a marked report and a report written before the mark; nothing else', () => {
    const reports = ['{"tonghop":"output/1","run":"k","period":{', '{\n  "period": {\n    "year": 2024\n  },\n  "parent": "Toàn huyện",\n  "generatedAt": "x",\n  "plan": null,\n  "communes": ['];
    for (const text of reports) expect(looksLikeReportJson(text), text).toBe(true);
    for (const text of ['{"name":"package","version":"1"}', 'PK\u0003\u0004', '']) expect(looksLikeReportJson(text), text).toBe(false);
  });
});

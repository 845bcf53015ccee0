/**
 * The JSON report packed for the command line's JSON thread (src/write/json-pack.ts): across a thread boundary
 * (a structured clone here) it gives the same text, byte for byte, as the JSON written on the main thread.
 */
import * as v8 from 'v8';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/types';
import { jsonChunks, reportToJson, reportToJsonForWriting } from '../../src/write/json';
import { packedJsonChunks, packReportJson, packedTransfer, type PackedReportJson } from '../../src/write/json-pack';
import { bigReport, makeReport } from './fixture';

const mainText = (r: Report, lang: 'vi' | 'en', run?: string) => [...jsonChunks(reportToJsonForWriting(r, lang, { run }), 0)].join('');
/** Packed here, stringified after a copy as postMessage makes it (the typed arrays' buffers included). */
const threadText = (r: Report, lang: 'vi' | 'en', run?: string) => {
  const packed = v8.deserialize(v8.serialize(packReportJson(r, lang, { run }))) as PackedReportJson;
  return [...packedJsonChunks(packed)].join('');
};

/** The fixture with every rare field of a commune's entry and of a shortfall, and awkward values. */
function awkwardReport(): Report {
  const r = makeReport();
  const [a, b, c] = r.indicators[0].communes;
  Object.assign(a, { note: 'ước "khoảng" 350\\n\ttrên', estimate: true, previous: 300, changePct: -0, source: { file: 'thanh-ha.xlsx', sheet: 'Kinh tế', cell: 'F12' } });
  a.previousSource = { kind: 'merged', from: [{ commune: 'Thanh Lưu', value: 120.5, source: { file: 'nam-truoc/tl.xlsx', sheet: 'S1', cell: 'F5' } }, { commune: 'Thanh Tân', value: null, source: null }], missing: ['Thanh Nghị'] };
  Object.assign(b, { completionPct: Number.NaN, previous: Number.POSITIVE_INFINITY, source: null, estimate: false });
  b.previousSource = { kind: 'own', source: { file: 'x.xlsx', sheet: 'S', cell: 'G7' }, files: 41 };
  Object.assign(c, { status: 'behind', gap: undefined, note: undefined, commune: 'Liêm Cần\u0000\u2028' });
  r.indicators[1].communes = [{ ...a, commune: 'Thanh Hà', gap: Number.NEGATIVE_INFINITY, status: 'behind' }];
  r.indicators[3].communes = [{ ...c, note: '', status: 'met', commune: 'Xã "Mới"\\' }, { ...b, commune: 42 as unknown as string }];
  r.indicators[2].targets = [
    { label: 'Kế hoạch huyện', target: 10, completionPct: 50 },
    { label: 'Nghị quyết', target: null, completionPct: null },
  ];
  r.shortfalls.push({ commune: undefined as unknown as null, code: null, name: 'Chỉ tiêu "lạ" \\', unit: undefined as unknown as string, actual: -0, target: Number.NaN, completionPct: 1e-7, expectedPct: 50, gap: 1e21 });
  r.shortfalls.push({ ...r.shortfalls[0], commune: 7 as unknown as string, name: 8 as unknown as string });
  return r;
}

describe('the JSON written in pieces (reportToJsonForWriting, jsonChunks)', () => {
  it('is JSON.stringify of the report, compact and indented, whatever the report holds', () => {
    for (const r of [makeReport(), awkwardReport(), bigReport(40, 5), makeReport({ indicators: [], shortfalls: [] })]) {
      for (const indent of [0, 2]) {
        for (const lang of ['vi', 'en'] as const) expect([...jsonChunks(reportToJsonForWriting(r, lang, { run: 'k' }), indent)].join('')).toBe(JSON.stringify(reportToJson(r, lang, { run: 'k' }), null, indent));
      }
    }
  });

  it('never makes one long piece: the communes\' entries and the shortfalls come a batch at a time', () => {
    const r = bigReport(3000, 2);
    const pieces = [...jsonChunks(reportToJsonForWriting(r, 'vi'), 0)];
    expect(pieces.join('').length).toBeGreaterThan(1_000_000);
    expect(Math.max(...pieces.map((x) => x.length))).toBeLessThan(20_000);
  });
});

describe('the JSON packed for its thread', () => {
  it('gives the main thread\'s text for the fixture, in both languages, with and without a run key', () => {
    for (const lang of ['vi', 'en'] as const) {
      for (const run of [undefined, '20200410-080000-abcd']) expect(threadText(makeReport(), lang, run)).toBe(mainText(makeReport(), lang, run));
    }
  });

  it('keeps every rare field and awkward value: notes, estimates, previous sources, no source, NaN, ±Infinity, −0, a second target', () => {
    const r = awkwardReport();
    const text = threadText(r, 'vi', 'run-1');
    expect(text).toBe(mainText(r, 'vi', 'run-1'));
    // the fields are there to be compared (the fixture did not lose them on the way)
    const j = JSON.parse(text);
    expect(j.indicators[0].communes[0]).toMatchObject({ note: 'ước "khoảng" 350\\n\ttrên', estimate: true, changePct: 0, previousSource: { kind: 'merged', missing: ['Thanh Nghị'] } });
    expect(j.indicators[0].communes[1]).toMatchObject({ completionPct: null, previous: null, source: null, previousSource: { kind: 'own', files: 41 } });
    expect(j.indicators[0].communes[2]).toMatchObject({ status: 'behind', gap: null, note: null });
    expect(j.indicators[2].targets).toHaveLength(2);
    expect(j.shortfalls.at(-1)).toMatchObject({ commune: 7, name: 8 });
    expect(j.shortfalls.at(-2)).toEqual({ commune: null, code: null, name: 'Chỉ tiêu "lạ" \\', unit: null, actual: 0, target: null, completionPct: 1e-7, expectedPct: 50, gap: 1e21 });
  });

  it('gives the same text for a large report (many entries per indicator, shortfalls in batches)', () => {
    const r = bigReport(333, 7);
    expect(r.shortfalls.length).toBeGreaterThan(16 * 3);
    expect(threadText(r, 'vi', 'k')).toBe(mainText(r, 'vi', 'k'));
  });

  it('gives the same text with no indicators, no shortfalls, no communes', () => {
    for (const r of [makeReport({ indicators: [], shortfalls: [] }), makeReport({ communes: [], issues: [] }), bigReport(1, 1)]) expect(threadText(r, 'vi')).toBe(mainText(r, 'vi'));
  });

  it('hands over its numbers in buffers of their own (moved to the thread, not copied)', () => {
    const p = packReportJson(bigReport(20, 3), 'vi');
    const buffers = packedTransfer(p);
    expect(buffers).toHaveLength(4);
    expect(new Set(buffers).size).toBe(4);
    expect(buffers.every((b) => b instanceof ArrayBuffer && b.byteLength > 0)).toBe(true);
  });
});

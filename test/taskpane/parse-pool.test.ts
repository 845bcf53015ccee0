/**
 * The pane's worker with parse workers beside it (parse-pool.ts, parse.ts): the same lines, in the same order, and
 * the same run whatever the number of parse workers, their timing (answers in any order between workers, after
 * random delays, data cloned as between threads) and their failures. Parse workers are played here by
 * createParseCore behind fake ports, as the worker's message handling is played by createWorkerCore.
 */
import { describe, expect, it } from 'vitest';
import { createWorkerCore } from '../../src/taskpane/worker';
import { ParsePool, type ParserPort } from '../../src/taskpane/parse-pool';
import { createParseCore, parseBytes, type FromParser, type ParseItem, type Parsed, type ToParser } from '../../src/taskpane/parse';
import { packParsed, unpackParsed } from '../../src/taskpane/parsed-wire';
import type { FromWorker } from '../../src/taskpane/protocol';
import type { Grid } from '../../src/types';
import { benchCommuneNames, benchIndicators, makeCommune, makePlan } from '../../tools/bench/bench';

function ab(u: Uint8Array): ArrayBuffer {
  return u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;
}

/** A small random generator (the same delays every run). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/** A parse worker behind a fake port: messages and answers cloned, each after a random delay; `dies` after so many answers. */
function fakePort(seed: number, dies = Infinity): ParserPort & { given: number } {
  const rand = rng(seed);
  let answered = 0;
  let dead = false;
  const later = (f: () => void) => setTimeout(f, Math.floor(rand() * 4));
  const port: ParserPort & { given: number } = {
    given: 0,
    post: (msg: ToParser) => {
      port.given += msg.items.length;
      later(() => void core.handle({ ...msg, items: msg.items.map((i) => ({ ...i })) }));
    },
    onAnswer: null,
    onFail: null,
  };
  const core = createParseCore((m: FromParser) => {
    if (dead) return;
    if (++answered > dies) {
      dead = true;
      later(() => port.onFail?.('crashed'));
      return;
    }
    const copy = structuredClone(m);
    later(() => port.onAnswer?.(copy));
  });
  return port;
}

interface Inputs {
  plan: Uint8Array;
  books: Uint8Array[];
}

let inputs: Promise<Inputs> | null = null;
function makeInputs(): Promise<Inputs> {
  inputs ??= (async () => {
    const inds = benchIndicators();
    const names = benchCommuneNames(12);
    const books = await Promise.all(names.map((n, i) => makeCommune(n, i, inds)));
    return { plan: new Uint8Array(await makePlan(names, inds)), books: books.map((b) => new Uint8Array(b)) };
  })();
  return inputs;
}

/** Everything the page gets for: the plan, the files added in two messages (one not a workbook, one unreadable), a run. */
async function session(ports: ParserPort[] | null, lanes?: { chunk: number; laneMax: number }): Promise<FromWorker[]> {
  const { plan, books } = await makeInputs();
  const msgs: FromWorker[] = [];
  const core = createWorkerCore((m) => msgs.push(m), ports ? { parser: new ParsePool<ParseItem>(ports, lanes) } : {});
  const gone = new Blob([ab(books[0])]);
  gone.arrayBuffer = () => Promise.reject(new Error('gone from disk'));
  const files = [
    ...books.map((b, i) => ({ id: `f${i}`, name: `xa-${i}.xlsx`, blob: new File([ab(b)], `xa-${i}.xlsx`) as Blob })),
    { id: 'txt', name: 'ghi-chu.xlsx', blob: new File(['không phải sổ tính'], 'ghi-chu.xlsx') as Blob },
    { id: 'gone', name: 'xa-gone.xlsx', blob: gone },
  ];
  const sent = [
    core.handle({ type: 'setPlan', plan: { kind: 'file', name: 'ke-hoach.xlsx', data: ab(plan) } }),
    core.handle({ type: 'addFiles', files: files.slice(0, 5) }),
    core.handle({ type: 'addFiles', files: files.slice(5) }),
    core.handle({ type: 'remove', ids: ['f3'] }),
    core.handle({ type: 'run', runId: 1, ids: files.map((f) => f.id).filter((id) => id !== 'f3'), period: null, lang: 'vi', outputs: { xlsx: false, json: false } }),
  ];
  await Promise.all(sent);
  return msgs;
}

describe('parse workers beside the pane worker', () => {
  it('give the same lines, in the same order, and the same run as the worker alone, whatever their number, timing and failures', async () => {
    const alone = await session(null);
    const listed = alone.flatMap((m) => (m.type === 'sources' ? m.listed : []));
    expect(listed.map((l) => l.id)).toEqual(['f0', 'f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7', 'f8', 'f9', 'f10', 'f11', 'txt', 'gone']);
    expect(listed.filter((l) => l.summary.unreadable === null)).toHaveLength(12);
    expect(alone.filter((m) => m.type === 'failed')).toEqual([{ type: 'failed', id: 'gone', message: expect.stringContaining('gone from disk') }]);
    const result = alone.find((m) => m.type === 'result');
    expect(result && result.type === 'result' && result.report.indicators.length).toBeGreaterThan(10);
    // the batches of lines may be cut elsewhere (timing): the messages compared with the lines one by one
    // (the run's time of making left out)
    const flat = (msgs: FromWorker[]): unknown[] =>
      msgs.flatMap((m): unknown[] => (m.type === 'sources' ? m.listed.map((l) => ({ type: 'line', ...l })) : m.type === 'result' ? [{ ...m, report: { ...m.report, generatedAt: '' } }] : [m]));
    const runs: [string, (ParserPort & { given: number })[], { chunk: number; laneMax: number }?][] = [
      ['one parse worker', [fakePort(1)]],
      ['one parse worker given a file at a time', [fakePort(8)], { chunk: 1, laneMax: 2 }],
      ['two given two at a time', [fakePort(9), fakePort(10)], { chunk: 2, laneMax: 2 }],
      ['three parse workers', [fakePort(2), fakePort(3), fakePort(4)]],
      ['two, one failing after three files', [fakePort(5, 3), fakePort(6)]],
      ['one failing at once (all parsed in the worker)', [fakePort(7, 0)]],
    ];
    for (const [what, ports, lanes] of runs) {
      const msgs = await session(ports, lanes);
      expect(flat(msgs), what).toEqual(flat(alone));
      expect(ports.every((p) => p.given > 0), what).toBe(true);
    }
  }, 60_000);
});

describe('a parsed file between threads (parsed-wire.ts)', () => {
  it('as JSON comes back exactly, holes as holes; what JSON would change is cloned as it is', async () => {
    const { books } = await makeInputs();
    const parsed = await parseBytes('xa-0.xlsx', Promise.resolve(books[0]));
    expect(parsed.grids.length).toBeGreaterThan(0);
    const wire = packParsed(parsed);
    expect('json' in wire).toBe(true);
    // toStrictEqual tells a hole from undefined or null
    expect(unpackParsed(structuredClone(wire))).toStrictEqual(parsed);
    const odd = (v: number): Parsed => ({ grids: [{ file: 'a.xlsx', sheet: 'S', rows: [[{ v: 1 }, , { v }]], merges: [] }], issues: [] });
    for (const v of [Infinity, NaN, -0]) {
      const w = packParsed(odd(v));
      expect('parsed' in w, String(v)).toBe(true);
      expect(unpackParsed(structuredClone(w))).toStrictEqual(odd(v));
    }
    const nulls: Parsed = { grids: [{ file: 'a.xlsx', sheet: 'S', rows: [[null, { v: 2 }], [], , [undefined]] as Grid['rows'], merges: [] }], issues: [] };
    expect('parsed' in packParsed(nulls)).toBe(true);
    const holes: Parsed = { grids: [{ file: 'a.xlsx', sheet: 'S', rows: [[, { v: 2 }], [], , [{ v: 'x', f: 'A1' }, ,]] as Grid['rows'], merges: [{ r1: 0, c1: 0, r2: 1, c2: 1 }] }], issues: [] };
    expect(unpackParsed(structuredClone(packParsed(holes)))).toStrictEqual(holes);
  });
});

describe('the files a parse worker is given', () => {
  it('come 16 to a message, with the one Blob of their Files that the parse worker reads in one call', async () => {
    const sent: ToParser[] = [];
    const port: ParserPort = { post: (m) => sent.push(m), onAnswer: null, onFail: null };
    const pool = new ParsePool<ParseItem>([port]);
    const files = Array.from({ length: 40 }, (_, i) => new File([`tệp ${i} `.repeat(i + 1)], `f${i}.xlsx`));
    pool.queue(files.map((f) => ({ name: f.name, blob: f })));
    // two messages in flight at most: 16 + 16 of the 40
    expect(sent.map((m) => m.items.length)).toEqual([16, 16]);
    for (const [k, m] of sent.entries()) {
      const mine = files.slice(16 * k, 16 * k + 16);
      expect(m.group).toBeInstanceOf(Blob);
      expect(new Uint8Array(await m.group!.arrayBuffer())).toEqual(new Uint8Array(await new Blob(mine).arrayBuffer()));
    }
  });

  it('a few files are shared out between the parse workers, not all given to the first', () => {
    const sent: number[][] = [[], [], []];
    const ports: ParserPort[] = sent.map((got) => ({ post: (m: ToParser) => got.push(m.items.length), onAnswer: null, onFail: null }));
    const pool = new ParsePool<ParseItem>(ports);
    pool.queue(Array.from({ length: 20 }, (_, i) => ({ name: `f${i}.xlsx`, data: new ArrayBuffer(1) })));
    expect(sent.map((g) => g.reduce((a, b) => a + b, 0))).toEqual([7, 7, 6]);
    expect(Math.max(...sent.flat())).toBeLessThanOrEqual(7);
  });
});

/** The bench's profile summary (tools/bench/profile.ts): samples summed by stage and by function. */
import { describe, it, expect } from 'vitest';
import { STAGES, stageOfFile, summarizeProfile, type CpuProfile } from '../../tools/bench/profile';

const [XLSX_READ, READ, CORE, SHEETS, XLSX_WRITE, JSON_REPORT, CLI, GC, MODULES, FS, OTHER] = STAGES;
const LIB = '/home/u/tonghop/lib/';

/** A profile from a tree given as [id, parent, functionName, url]; samples as [id, ms spent there]. */
function profile(tree: [number, number | null, string, string][], samples: [number, number][]): CpuProfile {
  const nodes = tree.map(([id, , functionName, url]) => ({ id, callFrame: { functionName, url, lineNumber: 9 }, children: tree.filter((t) => t[1] === id).map((t) => t[0]) }));
  // a sample's time is the next delta (as DevTools counts): the first delta is the start, one more closes the last
  return { nodes, samples: samples.map((s) => s[0]), timeDeltas: [0, ...samples.map((s) => s[1] * 1000)] };
}

describe('stageOfFile', () => {
  it.each([
    ['xlsx/sheet.js', XLSX_READ],
    ['xlsx/inflate.js', XLSX_READ],
    ['xlsx/write-sheet.js', XLSX_WRITE],
    ['xlsx/deflate.js', XLSX_WRITE],
    ['read/commune.js', READ],
    ['core/consolidate.js', CORE],
    ['write/sheets.js', SHEETS],
    ['write/json.js', JSON_REPORT],
    ['cli/json-thread.js', JSON_REPORT],
    ['cli/files.js', CLI],
    ['pipeline.js', CLI],
  ])('%s → its stage', (f, stage) => expect(stageOfFile(f)).toBe(stage));

  it.each(['util/text.js', 'util/memo.js', 'xlsx/zip.js', 'xlsx/node-zlib.js', 'xlsx/xml.js'])('%s is shared: the caller decides', (f) => expect(stageOfFile(f)).toBeNull());
});

describe('summarizeProfile', () => {
  const tree: [number, number | null, string, string][] = [
    [1, null, '(root)', ''],
    [2, 1, 'main', LIB + 'cli/main.js'],
    [3, 2, 'consolidate', LIB + 'core/consolidate.js'],
    [4, 3, 'replace', ''], // a builtin: its caller's stage
    [5, 3, 'foldWords', LIB + 'util/text.js'], // shared: its caller's stage
    [6, 2, 'writeXlsx', LIB + 'xlsx/write.js'],
    [7, 6, 'processChunkSync', 'node:zlib'],
    [8, 1, '(garbage collector)', ''],
    [9, 2, 'readRegularFile', LIB + 'cli/files.js'],
    [10, 9, 'read', ''], // an fs call: by itself, not its caller's
    [11, 1, 'Module._load', 'node:internal/modules/cjs/loader'],
    [12, 11, 'wrapSafe', 'node:internal/modules/cjs/loader'],
    [13, 1, '(program)', ''],
    [14, 1, 'runMicrotasks', ''],
    [15, 14, 'cell', LIB + 'xlsx/sheet.js'], // after an await: the stack starts at the microtask
    [16, 15, 'cellText', LIB + 'util/text.js'],
  ];
  const s = summarizeProfile(
    profile(tree, [
      [4, 3],
      [5, 2],
      [3, 1],
      [7, 4],
      [8, 5],
      [10, 6],
      [12, 7],
      [13, 8],
      [16, 9],
      [15, 1],
      [9, 2],
    ]),
    4,
  );
  const ms = (stage: string) => s.stages.find((x) => x.stage === stage)!.ms;

  it('sums each sample into the stage of the innermost code of tonghop on its stack', () => {
    expect(ms(CORE)).toBe(6);
    expect(ms(XLSX_WRITE)).toBe(4);
    expect(ms(XLSX_READ)).toBe(10);
    expect(ms(CLI)).toBe(2);
  });

  it('counts the collector, file system calls and module loading by themselves, and the rest as other', () => {
    expect(ms(GC)).toBe(5);
    expect(ms(FS)).toBe(6);
    expect(ms(MODULES)).toBe(7);
    expect(ms(OTHER)).toBe(8);
    expect(ms(READ) + ms(SHEETS) + ms(JSON_REPORT)).toBe(0);
  });

  it('lists every stage in order, the total, and the top functions by self time', () => {
    expect(s.stages.map((x) => x.stage)).toEqual([...STAGES]);
    expect(s.total).toBe(3 + 2 + 1 + 4 + 5 + 6 + 7 + 8 + 9 + 1 + 2);
    expect(s.top.map((x) => [x.fn, x.ms])).toEqual([
      ['cellText util/text.js:10', 9],
      ['wrapSafe loader:10', 7],
      ['read', 6],
      ['processChunkSync node:zlib:10', 4],
    ]);
  });
});

/**
 * The compact JSON report packed to be written on another thread (the command line's JSON thread,
 * cli/json-thread.ts), which copies it cheaply: the report's long parts — every commune's entry under every
 * indicator, the shortfalls — travel as numbers in typed arrays and indexes into one table of strings, the
 * rest as JSON text made here. packedJsonChunks, on the other side, makes the entries again and hands them to
 * the same functions as jsonChunks(reportToJsonForWriting(report, lang, opts), 0) (communeResultJson,
 * indicatorJson, shortfallJson), so the text is the same, byte for byte (test/write/json-pack.test.ts).
 * Copying the report itself (structured clone) would cost as much as writing the JSON.
 */
import type { CommuneResult, Lang, PreviousSource, Report, Shortfall, SourceRef, Status } from '../types';
import { arrayChunks, communeResultJson, indicatorJson, indicatorJsonChunks, previousSourceJson, reportToJson, shortfallJson, type IndicatorJson } from './json';
import { TextTable } from '../util/text-table';
import { communeResults, keptResults, withoutCommunes, type CommuneResults } from '../core/results';

/** Numbers per commune entry: target, actual, completionPct, expectedPct, gap, previous, changePct (NaN: null). */
const ENTRY_NUMS = 7;
/** Indexes per commune entry: commune, status, note, estimate (0/1), source file, sheet, cell, previousSource. */
const ENTRY_REFS = 8;
/** Numbers per shortfall: actual, target, completionPct, expectedPct, gap. */
const SF_NUMS = 5;
/** Indexes per shortfall: commune, code, name, unit. */
const SF_REFS = 4;
/** Index of a null, of an absent (undefined) value. */
const NULL = -1;
const ABSENT = -2;
/** An entry or shortfall with a field not of its type (a commune, name, status, note or source that is not a text): its JSON text travels whole, in `texts` (the next index says where). */
const TEXT = -3;

export interface PackedReportJson {
  lang: Lang;
  /** The JSON text of the report's fields before the indicators: `{"period":…,"files":[…]}`. */
  head: string;
  /** The issues' JSON text (an array). */
  issues: string;
  /** Each indicator's JSON with no commune entries yet, and how many entries follow it in the arrays. */
  indicators: IndicatorJson[];
  counts: number[];
  strings: string[];
  nums: Float64Array;
  refs: Int32Array;
  /** The entries' previous sources, already as JSON data (previousSourceJson gives them back unchanged). */
  previousSources: unknown[];
  /** The JSON texts of the entries and shortfalls with a field not of its type. */
  texts: string[];
  shortfallCount: number;
  shortfallNums: Float64Array;
  shortfallRefs: Int32Array;
}

/** The buffers the message may hand over rather than copy. */
export function packedTransfer(p: PackedReportJson): ArrayBuffer[] {
  return [p.nums.buffer, p.refs.buffer, p.shortfallNums.buffer, p.shortfallRefs.buffer] as ArrayBuffer[];
}

function num(x: unknown): number {
  return typeof x === 'number' && Number.isFinite(x) ? x : NaN;
}

function unnum(x: number): number | null {
  return Number.isNaN(x) ? null : x;
}

class Strings extends TextTable {
  /** A string's index; NULL for null (or anything else but a string), ABSENT for undefined. */
  ref(x: unknown): number {
    if (typeof x !== 'string') return x === undefined ? ABSENT : NULL;
    return this.id(x);
  }
}

/**
 * Strings.ref remembering the last string asked at each of `slots` places: the entries of every indicator come
 * in the communes' order, so the commune at the same place, its file, is most often the same string as under
 * the indicator before, and a sheet or cell the same as the entry before (a comparison, not a hash lookup).
 */
class Slots {
  private readonly last: unknown[];
  private readonly ids: number[];
  constructor(private readonly strings: Strings, slots: number) {
    this.last = new Array<unknown>(slots).fill(null);
    this.ids = new Array<number>(slots).fill(NULL);
  }
  ref(x: unknown, slot: number): number {
    if (x === this.last[slot]) return this.ids[slot];
    this.last[slot] = x;
    return (this.ids[slot] = this.strings.ref(x));
  }
}

function unref(strings: string[], i: number): string | null | undefined {
  return i >= 0 ? strings[i] : i === ABSENT ? undefined : null;
}

/** The JSON report of `report` packed for packedJsonChunks (compact text only). */
export function packReportJson(report: Report, lang: Lang = 'vi', opts: { run?: string | null } = {}): PackedReportJson {
  // the head is a few megabytes at most: one JSON.stringify (the same text as jsonChunks) is the quickest
  const { indicators: _i, shortfalls: _s, issues, ...rest } = reportToJson({ ...report, indicators: [], shortfalls: [] }, lang, opts);
  const head = JSON.stringify(rest);
  const strings = new Strings();
  const counts = report.indicators.map((ind) => communeResults(ind).length);
  const total = counts.reduce((a, b) => a + b, 0);
  const nums = new Float64Array(total * ENTRY_NUMS);
  const refs = new Int32Array(total * ENTRY_REFS);
  const previousSources: unknown[] = [];
  const texts: string[] = [];
  const perPlace = new Slots(strings, 2 * Math.max(0, ...counts));
  const perEntry = new Slots(strings, 4);
  let k = 0;
  for (const ind of report.indicators) {
    const cols = keptResults(ind);
    if (cols) {
      packColumns(cols, nums, refs, k, perPlace, perEntry, previousSources);
      k += cols.length;
      continue;
    }
    const list = ind.communes ?? [];
    for (let j = 0; j < list.length; j++) {
      if (typed(list[j])) packEntry(list[j], nums, refs, k++, j, perPlace, perEntry, previousSources);
      else {
        refs[k * ENTRY_REFS] = TEXT;
        refs[k++ * ENTRY_REFS + 1] = texts.push(JSON.stringify(communeResultJson(list[j], lang))) - 1;
      }
    }
  }
  const sf = report.shortfalls;
  const shortfallNums = new Float64Array(sf.length * SF_NUMS);
  const shortfallRefs = new Int32Array(sf.length * SF_REFS);
  const perShortfall = new Slots(strings, SF_REFS);
  sf.forEach((x, i) => packShortfall(x, shortfallNums, shortfallRefs, i, perShortfall, texts));
  return {
    lang,
    head,
    issues: JSON.stringify(issues),
    indicators: report.indicators.map((ind) => indicatorJson({ ...withoutCommunes(ind), communes: [] }, lang)),
    counts,
    strings: strings.list,
    nums,
    refs,
    previousSources,
    texts,
    shortfallCount: sf.length,
    shortfallNums,
    shortfallRefs,
  };
}

/** Every text of an entry is a text (as the types say): then the arrays carry it exactly. */
function typed(c: CommuneResult): boolean {
  const src = c.source;
  return (
    typeof c.commune === 'string' &&
    typeof c.status === 'string' &&
    (c.note === undefined || c.note === null || typeof c.note === 'string') &&
    (!src || (typeof src.file === 'string' && typeof src.sheet === 'string' && typeof src.cell === 'string'))
  );
}

function packEntry(c: CommuneResult, nums: Float64Array, refs: Int32Array, k: number, j: number, perPlace: Slots, perEntry: Slots, previousSources: unknown[]): void {
  const n = k * ENTRY_NUMS;
  nums[n] = num(c.target);
  nums[n + 1] = num(c.actual);
  nums[n + 2] = num(c.completionPct);
  nums[n + 3] = num(c.expectedPct);
  nums[n + 4] = num(c.gap);
  nums[n + 5] = num(c.previous);
  nums[n + 6] = num(c.changePct);
  const r = k * ENTRY_REFS;
  refs[r] = perPlace.ref(c.commune, 2 * j);
  refs[r + 1] = perEntry.ref(c.status, 0);
  refs[r + 2] = c.note === null || c.note === undefined ? NULL : perEntry.ref(c.note, 1);
  refs[r + 3] = c.estimate === true ? 1 : 0;
  const src = c.source;
  refs[r + 4] = src ? perPlace.ref(src.file, 2 * j + 1) : NULL;
  refs[r + 5] = src ? perEntry.ref(src.sheet, 2) : NULL;
  refs[r + 6] = src ? perEntry.ref(src.cell, 3) : NULL;
  if (c.previousSource) {
    refs[r + 7] = previousSources.length;
    previousSources.push(previousSourceJson(c.previousSource));
  } else refs[r + 7] = NULL;
}

/**
 * packEntry for every commune of an indicator kept in columns (consolidate's): their fields are of their types,
 * the numbers finite or none (NaN), so they are copied as they are.
 */
function packColumns(c: CommuneResults, nums: Float64Array, refs: Int32Array, k0: number, perPlace: Slots, perEntry: Slots, previousSources: unknown[]): void {
  for (let j = 0; j < c.length; j++) {
    const n = (k0 + j) * ENTRY_NUMS;
    nums[n] = c.targets[j];
    nums[n + 1] = c.actuals[j];
    nums[n + 2] = c.completions[j];
    nums[n + 3] = c.expectedPct;
    nums[n + 4] = c.gaps[j];
    nums[n + 5] = c.previouses[j];
    nums[n + 6] = c.changes[j];
    const r = (k0 + j) * ENTRY_REFS;
    refs[r] = perPlace.ref(c.names[j], 2 * j);
    refs[r + 1] = perEntry.ref(c.status(j), 0);
    const note = c.notes?.[j];
    refs[r + 2] = note === undefined ? NULL : perEntry.ref(note, 1);
    refs[r + 3] = c.estimates[j];
    const src = c.sources[j];
    refs[r + 4] = src ? perPlace.ref(src.file, 2 * j + 1) : NULL;
    refs[r + 5] = src ? perEntry.ref(src.sheet, 2) : NULL;
    refs[r + 6] = src ? perEntry.ref(src.cell, 3) : NULL;
    const ps = c.previousSources?.[j];
    if (ps) {
      refs[r + 7] = previousSources.length;
      previousSources.push(previousSourceJson(ps));
    } else refs[r + 7] = NULL;
  }
}

function packShortfall(x: Shortfall, nums: Float64Array, refs: Int32Array, i: number, strings: Slots, texts: string[]): void {
  if ((x.commune !== null && x.commune !== undefined && typeof x.commune !== 'string') || typeof x.name !== 'string') {
    refs[i * SF_REFS] = TEXT;
    refs[i * SF_REFS + 1] = texts.push(JSON.stringify(shortfallJson(x))) - 1;
    return;
  }
  const n = i * SF_NUMS;
  nums[n] = num(x.actual);
  nums[n + 1] = num(x.target);
  nums[n + 2] = num(x.completionPct);
  nums[n + 3] = num(x.expectedPct);
  nums[n + 4] = num(x.gap);
  const r = i * SF_REFS;
  refs[r] = strings.ref(x.commune ?? null, 0);
  refs[r + 1] = strings.ref(x.code === null || x.code === undefined ? null : String(x.code), 1);
  refs[r + 2] = strings.ref(x.name, 2);
  refs[r + 3] = strings.ref(x.unit === null || x.unit === undefined ? null : String(x.unit), 3);
}

/** A commune entry made again from the arrays: what communeResultJson reads of a CommuneResult. */
function unpackEntry(p: PackedReportJson, k: number): CommuneResult {
  const n = k * ENTRY_NUMS;
  const r = k * ENTRY_REFS;
  const s = p.strings;
  const src = p.refs[r + 4] === NULL ? null : ({ file: unref(s, p.refs[r + 4]), sheet: unref(s, p.refs[r + 5]), cell: unref(s, p.refs[r + 6]) } as SourceRef);
  const ps = p.refs[r + 7];
  return {
    commune: unref(s, p.refs[r]) as string,
    target: unnum(p.nums[n]),
    actual: unnum(p.nums[n + 1]),
    completionPct: unnum(p.nums[n + 2]),
    expectedPct: unnum(p.nums[n + 3]) as number,
    status: unref(s, p.refs[r + 1]) as Status,
    gap: unnum(p.nums[n + 4]) as number,
    previous: unnum(p.nums[n + 5]),
    changePct: unnum(p.nums[n + 6]),
    estimate: p.refs[r + 3] === 1,
    note: unref(s, p.refs[r + 2]) as string,
    source: src,
    previousSource: ps === NULL ? undefined : (p.previousSources[ps] as PreviousSource),
  };
}

function unpackShortfall(p: PackedReportJson, i: number): Shortfall {
  const n = i * SF_NUMS;
  const r = i * SF_REFS;
  const s = p.strings;
  return {
    commune: unref(s, p.shortfallRefs[r]) ?? null,
    code: unref(s, p.shortfallRefs[r + 1]) ?? null,
    name: unref(s, p.shortfallRefs[r + 2]) as string,
    unit: unref(s, p.shortfallRefs[r + 3]) as string,
    actual: unnum(p.shortfallNums[n]) as number,
    target: unnum(p.shortfallNums[n + 1]) as number,
    completionPct: unnum(p.shortfallNums[n + 2]) as number,
    expectedPct: unnum(p.shortfallNums[n + 3]) as number,
    gap: unnum(p.shortfallNums[n + 4]) as number,
  };
}

/** The packed report's JSON text in pieces: the same text as jsonChunks(reportToJsonForWriting(…), 0). */
export function* packedJsonChunks(p: PackedReportJson): Generator<string> {
  // without its closing brace (made a view here: the text was copied flat when it came)
  yield p.head.slice(0, p.head.length - 1);
  yield ',"indicators":[';
  let k = 0;
  for (let i = 0; i < p.indicators.length; i++) {
    if (i) yield ',';
    const first = k;
    // an entry carried as text is read back: JSON.parse then JSON.stringify give the same text
    yield* indicatorJsonChunks(p.indicators[i], p.counts[i], (j) =>
      p.refs[(first + j) * ENTRY_REFS] === TEXT ? JSON.parse(p.texts[p.refs[(first + j) * ENTRY_REFS + 1]]) : communeResultJson(unpackEntry(p, first + j), p.lang),
    );
    k += p.counts[i];
  }
  yield '],"shortfalls":';
  yield* arrayChunks(p.shortfallCount, (i) => (p.shortfallRefs[i * SF_REFS] === TEXT ? JSON.parse(p.texts[p.shortfallRefs[i * SF_REFS + 1]]) : shortfallJson(unpackShortfall(p, i))));
  yield ',"issues":';
  yield p.issues;
  yield '}';
}

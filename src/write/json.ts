/**
 * The machine-readable report of FORMATS.md ("The machine-readable report"): period, communes,
 * indicators with their communes, shortfalls, issues. Keys always in the same order; missing numbers
 * are null, never 0 and never absent (except `gap`, present only where the status is "behind", as in
 * FORMATS.md). Added fields: parent, generatedAt, plan, aggregation/direction/kind, behindCount,
 * reportedCount, statusLabel, messageEn / messageVi (the message in the other language).
 */
import { communeResults, withoutCommunes } from '../core/results';
import type { CommuneResult, IndicatorResult, Issue, IssueCode, Lang, PreviousSource, Report, ReportCommune, Severity, Shortfall, SourceRef, Status, ReadingRecord } from '../types';
import { issueMessage, statusLabel } from './labels';

/** Where a figure was read. */
export interface SourceJson {
  file: string;
  sheet: string;
  cell: string;
}

export interface CommuneJson {
  name: string;
  file: string | null;
  period: string | null;
  sheets: string[];
  values: number | null;
  issues: number | null;
  reported: boolean;
  /** How the file was read: every choice that could have gone another way. */
  reading?: ReadingRecord;
}

/** One commune's figures for one indicator; `gap` only where the status is behind (or a gap is known). */
export interface CommuneResultJson {
  commune: string;
  target: number | null;
  actual: number | null;
  completionPct: number | null;
  expectedPct: number | null;
  status: Status;
  statusLabel: string;
  gap?: number | null;
  previous: number | null;
  changePct: number | null;
  estimate: boolean;
  note: string | null;
  source: SourceJson | null;
  /** Where `previous` came from; only when last year's files were given and there is a previous value. */
  previousSource?: PreviousSourceJson;
}

/**
 * Where a previous value came from: "own" (the commune's own "Cùng kỳ" cell, `source`; `files`: the value last year's
 * files give, when they give one), "file" (last year's file of the same unit, `source`), "merged" (the old communes
 * combined, `from` with each one's value and cell; `missing`: old communes with no value), "combined" (the parent's,
 * from its communes' previous values).
 */
export interface PreviousSourceJson {
  kind: PreviousSource['kind'];
  source?: SourceJson | null;
  from?: { commune: string; value: number | null; source: SourceJson | null }[];
  missing?: string[];
  files?: number | null;
}

export interface IndicatorJson {
  code: string | null;
  name: string;
  unit: string | null;
  aggregation: string | null;
  direction: string | null;
  kind: string | null;
  target: number | null;
  actual: number | null;
  completionPct: number | null;
  expectedPct: number | null;
  previous: number | null;
  changePct: number | null;
  status: Status;
  statusLabel: string;
  gap?: number | null;
  behindCount: number;
  reportedCount: number;
  communes: CommuneResultJson[];
  /** Every target of the parent, the main one first; only where the plan has a second target (FORMATS.md). */
  targets?: { label: string; target: number | null; completionPct: number | null }[];
  /** Where the parent's `previous` came from; only when last year's files were given. */
  previousSource?: PreviousSourceJson;
}

export interface ShortfallJson {
  commune: string | null;
  code: string | null;
  name: string;
  unit: string | null;
  actual: number | null;
  target: number | null;
  completionPct: number | null;
  expectedPct: number | null;
  gap: number | null;
}

/** An issue; the message in the report's language, the other language beside it. */
export interface IssueJson {
  severity: Severity;
  file: string | null;
  sheet: string | null;
  cell: string | null;
  code: IssueCode;
  message: string;
  messageVi?: string;
  messageEn?: string;
  commune?: string | null;
  indicator?: string | null;
}

/** The JSON report (`--json`, the task pane's download). */
export interface ReportJson {
  /** "output/1": written by tonghop (present when the shell gives a run key). */
  tonghop?: string;
  /** The run key, the same as in the workbook written by that run (docProps/custom.xml, src/xlsx/marker.ts). */
  run?: string;
  period: { year: number | null; months: number | null; label: string };
  parent: string;
  generatedAt: string;
  plan: { file: string | null; sheet: string | null } | null;
  communes: CommuneJson[];
  /** Every input file and what became of it (a file that could not be read is never a commune). */
  files?: { file: string; commune: string | null; status: 'used' | 'not_used' | 'unreadable' | 'skipped'; issues: number }[];
  /** Last year's files (--previous): each unit read from them (null: the parent), how, its period, whether it was used. */
  previousFiles?: { file: string; unit: string | null; kind: 'report' | 'consolidated' | 'table'; period: string | null; used: boolean }[];
  indicators: IndicatorJson[];
  shortfalls: ShortfallJson[];
  issues: IssueJson[];
}

function n(x: number | null | undefined): number | null {
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}

function s(x: string | null | undefined): string | null {
  return x === null || x === undefined ? null : String(x);
}

function source(src: SourceRef | null | undefined): SourceJson | null {
  return src ? { file: src.file, sheet: src.sheet, cell: src.cell } : null;
}

export function previousSourceJson(p: PreviousSource): PreviousSourceJson {
  const out: PreviousSourceJson = { kind: p.kind };
  if (p.source !== undefined) out.source = source(p.source);
  if (p.from) out.from = p.from.map((f) => ({ commune: f.commune, value: n(f.value), source: source(f.source) }));
  if (p.missing?.length) out.missing = [...p.missing];
  if (p.files !== undefined) out.files = n(p.files);
  return out;
}

function communeJson(c: ReportCommune): CommuneJson {
  return {
    name: c.name,
    file: s(c.file),
    period: s(c.period),
    sheets: c.sheets ? [...c.sheets] : [],
    values: n(c.values),
    issues: n(c.issues),
    reported: c.reported !== false && !!c.file,
    ...(c.reading ? { reading: c.reading } : {}),
  };
}

export function communeResultJson(c: CommuneResult, lang: Lang): CommuneResultJson {
  const out: Partial<CommuneResultJson> = {
    commune: c.commune,
    target: n(c.target),
    actual: n(c.actual),
    completionPct: n(c.completionPct),
    expectedPct: n(c.expectedPct),
    status: c.status,
    statusLabel: statusLabel(c.status, lang),
  };
  if (c.status === 'behind' || n(c.gap) !== null) out.gap = n(c.gap);
  out.previous = n(c.previous);
  out.changePct = n(c.changePct);
  out.estimate = c.estimate === true;
  out.note = s(c.note);
  out.source = source(c.source);
  if (c.previousSource) out.previousSource = previousSourceJson(c.previousSource);
  return out as CommuneResultJson;
}

export function indicatorJson(ind: IndicatorResult, lang: Lang): IndicatorJson {
  const out: Partial<IndicatorJson> = {
    code: s(ind.code),
    name: ind.name,
    unit: s(ind.unit),
    aggregation: s(ind.aggregation),
    direction: s(ind.direction),
    kind: s(ind.kind),
    target: n(ind.target),
    actual: n(ind.actual),
    completionPct: n(ind.completionPct),
    expectedPct: n(ind.expectedPct),
    previous: n(ind.previous),
    changePct: n(ind.changePct),
    status: ind.status,
    statusLabel: statusLabel(ind.status, lang),
  };
  if (ind.status === 'behind' || n(ind.gap) !== null) out.gap = n(ind.gap);
  out.behindCount = n(ind.behindCount) ?? 0;
  out.reportedCount = n(ind.reportedCount) ?? 0;
  const list = communeResults(ind);
  out.communes = Array.from({ length: list.length }, (_, j) => communeResultJson(list.at(j), lang));
  if (ind.targets) out.targets = ind.targets.map((t) => ({ label: t.label, target: n(t.target), completionPct: n(t.completionPct) }));
  if (ind.previousSource) out.previousSource = previousSourceJson(ind.previousSource);
  return out as IndicatorJson;
}

export function shortfallJson(sf: Shortfall): ShortfallJson {
  return {
    commune: sf.commune ?? null,
    code: s(sf.code),
    name: sf.name,
    unit: s(sf.unit),
    actual: n(sf.actual),
    target: n(sf.target),
    completionPct: n(sf.completionPct),
    expectedPct: n(sf.expectedPct),
    gap: n(sf.gap),
  };
}

function issueJson(i: Issue, lang: Lang): IssueJson {
  const out: IssueJson = {
    severity: i.severity,
    file: s(i.file),
    sheet: s(i.sheet),
    cell: s(i.cell),
    code: i.code,
    message: issueMessage(i, lang),
  };
  if (lang === 'en') out.messageVi = i.message;
  else out.messageEn = i.messageEn;
  if (i.commune !== undefined) out.commune = s(i.commune);
  if (i.indicator !== undefined) out.indicator = s(i.indicator);
  return out;
}

/** The report as the JSON object of FORMATS.md, messages in `lang`. With `opts.run`, the object starts with
 *  tonghop's mark and the run key (the same key as in the workbook written beside). */
export function reportToJson(report: Report, lang: Lang = 'vi', opts: { run?: string | null } = {}): ReportJson {
  return {
    ...(opts.run ? { tonghop: JSON_MARK, run: opts.run } : {}),
    period: { year: n(report.period?.year), months: n(report.period?.months), label: report.period?.label ?? '' },
    parent: report.parent,
    generatedAt: report.generatedAt,
    plan: report.plan ? { file: s(report.plan.file), sheet: s(report.plan.sheet) } : null,
    communes: report.communes.map(communeJson),
    ...(report.files ? { files: report.files.map((f) => ({ file: f.file, commune: s(f.commune), status: f.status, issues: f.issues })) } : {}),
    ...(report.previousFiles ? { previousFiles: report.previousFiles.map((f) => ({ file: f.file, unit: s(f.unit), kind: f.kind, period: s(f.period), used: f.used })) } : {}),
    indicators: report.indicators.map((x) => indicatorJson(x, lang)),
    shortfalls: report.shortfalls.map(shortfallJson),
    issues: report.issues.map((x) => issueJson(x, lang)),
  };
}

/**
 * reportToJson for writing with jsonChunks: the same text, but each indicator's object (with one entry per
 * commune) is made only when its turn to be stringified comes, so the JSON of 3,000 communes is never whole
 * in memory. Only for stringifying: the indicators are placeholders with toJSON.
 */
export function reportToJsonForWriting(report: Report, lang: Lang = 'vi', opts: { run?: string | null } = {}): ReportJson {
  const json = reportToJson({ ...report, indicators: [], shortfalls: [] }, lang, opts);
  json.indicators = report.indicators.map((x) => ({ toJSON: () => indicatorJson(x, lang), [OWN_CHUNKS]: () => indicatorChunks(x, lang) }) as unknown as IndicatorJson);
  const sf = report.shortfalls;
  json.shortfalls = { toJSON: () => sf.map(shortfallJson), [OWN_CHUNKS]: () => arrayChunks(sf.length, (i) => shortfallJson(sf[i])) } as unknown as ShortfallJson[];
  return json;
}

/**
 * A placeholder's own compact text in pieces (jsonChunks, compact only), equal to JSON.stringify of what its
 * toJSON gives: the long arrays of the report batch by batch, without jsonChunks weighing every element.
 */
export const OWN_CHUNKS = Symbol('ownChunks');

type OwnChunks = { [OWN_CHUNKS]: () => Iterable<string> };

function ownChunks(v: unknown): OwnChunks | null {
  return v !== null && typeof v === 'object' && typeof (v as Partial<OwnChunks>)[OWN_CHUNKS] === 'function' ? (v as OwnChunks) : null;
}

/** The compact text of an array of `n` elements made by `item` (JSON.stringify of each as it is), a batch at a time. */
export function* arrayChunks(n: number, item: (i: number) => unknown): Generator<string> {
  yield '[';
  for (let i = 0; i < n; i += BATCH) {
    const batch: unknown[] = [];
    for (let j = i; j < Math.min(n, i + BATCH); j++) batch.push(item(j));
    const text = JSON.stringify(batch);
    if (i) yield ',';
    yield text.slice(1, text.length - 1);
  }
  yield ']';
}

/** JSON.stringify(indicatorJson(ind, lang)) in pieces: the indicator's own fields, then its communes' entries in batches. */
function indicatorChunks(ind: IndicatorResult, lang: Lang): Generator<string> {
  const list = communeResults(ind);
  return indicatorJsonChunks(indicatorJson({ ...withoutCommunes(ind), communes: [] }, lang), list.length, (i) => communeResultJson(list.at(i), lang));
}

/** An indicator's JSON made with no entries (`communes: []`), its `count` entries given by `entry`, as compact text in pieces. */
export function* indicatorJsonChunks(head: IndicatorJson, count: number, entry: (i: number) => CommuneResultJson): Generator<string> {
  const text = JSON.stringify(head);
  // the key is the indicator's own: no other key of it is "communes", and a quote inside a text is escaped
  const at = text.indexOf('"communes":[]');
  yield text.slice(0, at + 11);
  yield* arrayChunks(count, entry);
  yield text.slice(at + 13);
}

/** The mark at the head of a JSON report written with a run key. */
export const JSON_MARK = 'output/1';

/**
 * Does this text (the first bytes of a file are enough) look like a JSON report tonghop wrote? Its first key
 * is tonghop's mark, or — reports written before the mark — "period" followed by the report's other keys.
 */
export function looksLikeReportJson(head: string): boolean {
  const t = head.replace(/^\uFEFF/, '');
  if (/^\s*\{\s*"tonghop"\s*:\s*"output\/\d+"/.test(t)) return true;
  return /^\s*\{\s*"period"\s*:\s*\{/.test(t) && /"parent"\s*:/.test(t) && /"communes"\s*:\s*\[/.test(t);
}

/**
 * The JSON text of `value` in pieces, never as one string: objects and arrays down to `depth` levels are
 * opened member by member, deeper values are stringified whole (one issue, one commune's entry…). Compact
 * text goes further: a long array is stringified a batch of elements at a time, and an object holding one is
 * opened to reach it (an indicator with its 3,000 communes' entries). V8 makes a long JSON.stringify result
 * as a string of joined parts that costs 8 ns a character to flatten when it is written out; pieces of a few
 * kilobytes cost none of that: the JSON of 3,321 communes takes a third less CPU time.
 * Concatenated, the pieces equal JSON.stringify(value, null, indent) (compact when indent is 0).
 */
export function* jsonChunks(value: unknown, indent = 0, depth = 2): Generator<string> {
  const pad = ' '.repeat(Math.max(0, Math.min(10, Math.floor(indent))));
  const v = withToJson(value, '');
  if (v === undefined) return;
  yield* chunksOf(v, pad, '', depth);
}

/** Elements per batch of a long array (compact text): pieces of a few kilobytes (V8 builds a JSON.stringify result longer than 16,384 characters from parts). */
const BATCH = 16;

/** What JSON.stringify writes in place of a value: its toJSON(key) when it has one. */
function withToJson(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function'
    ? (value as { toJSON: (k: string) => unknown }).toJSON(key)
    : value;
}

/** A value JSON.stringify leaves out of an object (null in an array). */
function omitted(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

/** Compact text only: does this object hold a long array, among its own values or theirs (down to `levels`)? */
function holdsLongArray(value: object, levels = 4): boolean {
  for (const k in value) {
    const v = (value as Record<string, unknown>)[k];
    if (v === null || typeof v !== 'object' || !Object.prototype.hasOwnProperty.call(value, k)) continue;
    if (Array.isArray(v) ? v.length > BATCH : levels > 1 && holdsLongArray(v, levels - 1)) return true;
  }
  return false;
}

/** Whether chunksOf opens this value, an object or array (else it is stringified whole). */
function opens(value: unknown, pad: string, depth: number): value is object {
  if (value === null || typeof value !== 'object' || value instanceof Number || value instanceof String || value instanceof Boolean) return false;
  if (depth > 0) return true;
  if (pad) return false;
  return Array.isArray(value) ? value.length > BATCH : holdsLongArray(value);
}

/**
 * A compact array's elements, comma-separated: those stringified whole go a batch at a time ("[a,b]" without
 * its brackets, toJSON given each one's own index); those opened (holding long arrays) one by one.
 */
function* compactElements(value: unknown[], depth: number): Generator<string> {
  let batch: unknown[] = [];
  let first = true;
  // the batch's text without its brackets: a view of the stringified text (joined to the comma, it would be
  // copied again when written)
  const flush = (): string => {
    const s = JSON.stringify(batch);
    batch = [];
    return s.slice(1, s.length - 1);
  };
  for (let i = 0; i < value.length; i++) {
    const own = ownChunks(value[i]);
    if (own) {
      if (batch.length) {
        if (!first) yield ',';
        first = false;
        yield flush();
      }
      if (!first) yield ',';
      first = false;
      yield* own[OWN_CHUNKS]();
      continue;
    }
    const v = withToJson(value[i], String(i));
    const whole = !opens(v, '', depth);
    if (whole) batch.push(v);
    if (batch.length && (!whole || batch.length >= BATCH || i === value.length - 1)) {
      if (!first) yield ',';
      first = false;
      yield flush();
    }
    if (whole) continue;
    if (!first) yield ',';
    first = false;
    yield* chunksOf(v, '', '', depth);
  }
}

function* chunksOf(value: unknown, pad: string, at: string, depth: number): Generator<string> {
  if (!opens(value, pad, depth)) {
    const s = JSON.stringify(value, null, pad);
    yield pad && s !== undefined ? s.replace(/\n/g, '\n' + at) : s ?? 'null';
    return;
  }
  const inner = at + pad;
  const nl = pad ? '\n' : '';
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    if (!pad) {
      yield '[';
      yield* compactElements(value, depth - 1);
      yield ']';
      return;
    }
    yield '[';
    for (let i = 0; i < value.length; i++) {
      yield (i ? ',' : '') + nl + inner;
      const v = withToJson(value[i], String(i));
      if (omitted(v)) yield 'null';
      else yield* chunksOf(v, pad, inner, depth - 1);
    }
    yield nl + at + ']';
    return;
  }
  let first = true;
  for (const k of Object.keys(value as object)) {
    const own = pad ? null : ownChunks((value as Record<string, unknown>)[k]);
    const v = own ?? withToJson((value as Record<string, unknown>)[k], k);
    if (omitted(v)) continue;
    yield (first ? '{' : ',') + nl + inner + JSON.stringify(k) + (pad ? ': ' : ':');
    first = false;
    if (own) yield* own[OWN_CHUNKS]();
    else yield* chunksOf(v, pad, inner, depth - 1);
  }
  yield first ? '{}' : nl + at + '}';
}

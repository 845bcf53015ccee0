/**
 * "So với cùng kỳ" from last year's files, across the 2025 merger (FORMATS.md "Last year's files and the 2025 merger").
 *
 * Last year's files arrive as PreviousReports (one per unit: an old commune's report, a unit of last year's
 * consolidated workbook, a parent-level table); their actual is this year's previous. The plan's "Sáp nhập" rows map
 * old communes onto new ones; a new commune without a row keeps its own name from last year. The old communes'
 * values combine onto the new commune by the indicator's own rule:
 *   Tổng → sum; Bình quân → mean; Bình quân theo X → weighed by X's values of last year (an old commune missing
 *   either is left out of both sums); Lớn nhất / Nhỏ nhất → max / min; Số xã đạt and Không → no previous for a
 *   commune merged from two or more.
 * Which value wins (precedence): the commune's own "Cùng kỳ" column; where last year's files differ from it by more
 * than 1 % a warning gives both (see `pickPrevious`). The parent's previous combines its communes' previous values
 * (consolidate.ts, as before); only when none has one is the parent figure of last year's files used.
 *
 * Pure: no I/O. Located issues: an old commune mapped to two new ones, a "Đơn vị mới" not in the plan, an old
 * commune mapped with no file, a unit of last year's files that is neither a commune of this year nor mapped, two
 * files for one unit, a file of another period.
 */
import type { Aggregation, Issue, MergerRow, Period, PreviousFileRecord, PreviousReport, PreviousSource, SourceRef } from '../types';
import { communeKey } from '../util/text';
import { IndicatorIndex, NameMatcher } from './match';
import { conversion, isPercentUnit } from './units';
import { finite } from './judge';
import { max, mean, min, sum, weightedMean } from './aggregate';
import * as M from './messages';
import { sourceOf } from './values';

/** What the combination needs of an indicator. */
export interface PreviousDef {
  code: string | null;
  name: string;
  unit: string;
  aggregation: Aggregation;
}

/** A previous value and where it came from. */
export interface PreviousPick {
  value: number | null;
  source: PreviousSource;
}

/** One value of last year, in the indicator's unit, with its cell. */
interface ValueAt {
  value: number;
  source: SourceRef | null;
}

// ───────────────────────────── the mapping ─────────────────────────────

export interface MergerMap {
  /** New commune (this year's name) → its old communes, in the sheet's order. */
  oldsOf: Map<string, MergerRow[]>;
  /** communeKey of an old commune → the new commune it was merged into. */
  newOf: Map<string, string>;
}

/**
 * The "Sáp nhập" rows checked against this year's communes: a new name is taken in the plan's spelling (a name not
 * among `communes` is a warning and its rows are dropped, when there is a list); an old commune under two new ones
 * keeps the first (an error at the second row's cell).
 */
export function mergerMap(rows: readonly MergerRow[] | null | undefined, communes: readonly string[], issues: Issue[]): MergerMap {
  const oldsOf = new Map<string, MergerRow[]>();
  const newOf = new Map<string, string>();
  const byKey = new Map(communes.map((c) => [communeKey(c), c] as const));
  const warned = new Set<string>();
  for (const row of rows ?? []) {
    const nk = communeKey(row.newName);
    const ok = communeKey(row.oldName);
    if (!nk || !ok) continue;
    const newName = byKey.get(nk) ?? (communes.length ? undefined : row.newName);
    if (newName === undefined) {
      if (!warned.has(nk)) issues.push(M.mergerUnknownCommune(row.source, row.newName));
      warned.add(nk);
      continue;
    }
    const had = newOf.get(ok);
    if (had !== undefined) {
      if (had !== newName) issues.push(M.mergerConflict(row.source, row.oldName, had, newName));
      continue;
    }
    newOf.set(ok, newName);
    const list = oldsOf.get(newName) ?? [];
    list.push(row);
    oldsOf.set(newName, list);
  }
  return { oldsOf, newOf };
}

// ───────────────────────────── combining ─────────────────────────────

/**
 * Last year's values of the old communes merged into one new commune, combined by the indicator's rule.
 * `weights[i]` is old commune i's value of last year of the weighing indicator ("Bình quân theo X").
 * `merged`: the commune is made of two or more old ones (then Số xã đạt and Không give no previous).
 * Old communes with no value are skipped; combining nothing gives null.
 */
export function combineOld(agg: Aggregation, values: readonly (number | null)[], weights: readonly (number | null)[], merged: boolean): number | null {
  switch (agg.kind) {
    case 'sum': return sum(values);
    case 'mean': return mean(values);
    case 'max': return max(values);
    case 'min': return min(values);
    case 'weighted': return merged ? weightedMean(values, weights) : finite(values.find((v) => finite(v) !== null) ?? null);
    case 'count_met':
    case 'none':
      return merged ? null : finite(values.find((v) => finite(v) !== null) ?? null);
  }
}

/** More than 1 % apart (relative to last year's files' figure; any difference when that is 0). */
export function disagree(own: number, files: number): boolean {
  if (files === 0) return own !== 0;
  return Math.abs(own - files) > 0.01 * Math.abs(files);
}

/**
 * Precedence: the commune's own "Cùng kỳ" wins over last year's files; where both exist and differ by more than
 * 1 % the returned `mismatch` is true (the caller raises the warning with both values).
 */
export function pickPrevious(own: number | null, ownAt: SourceRef | null, files: PreviousPick | null): { pick: PreviousPick | null; mismatch: boolean } {
  const fv = files?.value ?? null;
  if (own !== null) {
    return { pick: { value: own, source: { kind: 'own', source: ownAt, ...(fv !== null ? { files: fv } : {}) } }, mismatch: fv !== null && disagree(own, fv) };
  }
  if (fv !== null && files) return { pick: files, mismatch: false };
  return { pick: null, mismatch: false };
}

// ───────────────────────────── last year's files → values ─────────────────────────────

export interface PreviousOptions {
  defs: readonly PreviousDef[];
  /** This year's communes (the plan's list, then communes of files outside it). */
  communes: readonly string[];
  merger?: readonly MergerRow[] | null;
  reports: readonly PreviousReport[];
  /** This run's period: last year's files must be of the same months, one year earlier. */
  period: Period | null;
}

export interface PreviousResult {
  /** By this year's commune name: one pick per indicator (null: nothing in last year's files). */
  communes: Map<string, (PreviousPick | null)[]>;
  /** The parent's figures of last year (a parent-level table, or the parent of a consolidated workbook). */
  parent: (PreviousPick | null)[];
  issues: Issue[];
  /** Every unit read from last year's files and whether its figures were used; `parent`: the parent figures on offer. */
  files: (PreviousFileRecord & { parent?: true })[];
}

/** One unit of last year, its values by indicator. */
interface Unit {
  name: string;
  report: PreviousReport;
  values: (ValueAt | null)[];
}

function reportOrder(a: PreviousReport, b: PreviousReport): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  const ka = communeKey(a.commune ?? ''), kb = communeKey(b.commune ?? '');
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** A report's rows → one value per indicator (the first row with a number), in the indicator's unit. */
function unitValues(rep: PreviousReport, defs: readonly PreviousDef[], index: IndicatorIndex, matcher: NameMatcher): (ValueAt | null)[] {
  const out: (ValueAt | null)[] = defs.map(() => null);
  for (const row of rep.rows) {
    if (row.subItem && !row.code) continue;
    let k = index.find(row.code, row.name);
    if (k === undefined && !row.code) k = matcher.match(row.name).index;
    if (k === undefined || out[k]) continue;
    const v = finite(row.actual?.value ?? null);
    if (v === null || !row.actual) continue;
    const d = defs[k];
    if (row.actual.percent && !isPercentUnit(d.unit) && !isPercentUnit(row.unit)) continue;
    const conv = conversion(row.unit, d.unit);
    if (!conv.ok) continue;
    const x = finite(conv.convert(v));
    if (x !== null) out[k] = { value: x, source: sourceOf(rep.file, row, row.actual) };
  }
  return out;
}

function wantedPeriod(p: Period | null): { year: number | null; months: number; label: string } | null {
  if (!p) return null;
  const year = p.year === null ? null : p.year - 1;
  return { year, months: p.months, label: year === null ? p.label : p.label.replace(String(p.year), String(year)) };
}

/** The units of last year's files: period checked, one per unit (the first in file order), the parent's apart. */
function collectUnits(o: PreviousOptions, index: IndicatorIndex, matcher: NameMatcher, issues: Issue[]): { units: Map<string, Unit>; parent: Unit | null } {
  const want = wantedPeriod(o.period);
  const units = new Map<string, Unit>();
  let parent: Unit | null = null;
  for (const rep of [...o.reports].sort(reportOrder)) {
    if (!rep.rows.length) continue;
    if (want && rep.period && (rep.period.months !== want.months || (want.year !== null && rep.period.year !== null && rep.period.year !== want.year))) {
      issues.push(M.previousPeriodMismatch(rep.file, rep.commune, rep.period, want.label));
      continue;
    }
    const values = unitValues(rep, o.defs, index, matcher);
    const key = rep.commune ? communeKey(rep.commune) : '';
    if (!key) {
      if (!parent) parent = { name: '', report: rep, values };
      continue;
    }
    const had = units.get(key);
    if (had) {
      issues.push(M.previousDuplicate(rep.file, had.report.file, rep.commune!));
      continue;
    }
    units.set(key, { name: rep.commune!, report: rep, values });
  }
  return { units, parent };
}

/** Last year's values of every commune of this year, merged where the mapping says so; the located issues. */
export function previousFromFiles(o: PreviousOptions): PreviousResult {
  const issues: Issue[] = [];
  const index = new IndicatorIndex();
  o.defs.forEach((d, i) => index.add(i, d.code, d.name));
  const matcher = new NameMatcher(o.defs.map((d) => d.name));
  const map = mergerMap(o.merger, o.communes, issues);
  const { units, parent } = collectUnits(o, index, matcher, issues);
  const weightIdx = o.defs.map((d) => (d.aggregation.kind === 'weighted' ? index.findRef(d.aggregation.by) : undefined));

  const used = new Set<string>();
  const communes = new Map<string, (PreviousPick | null)[]>();
  for (const name of o.communes) {
    const rows = map.oldsOf.get(name);
    if (!rows) {
      // no row in "Sáp nhập": the commune keeps its own name from last year
      const u = units.get(communeKey(name));
      if (!u) continue;
      used.add(communeKey(name));
      communes.set(name, u.values.map((v) => (v ? { value: v.value, source: { kind: 'file', source: v.source } } : null)));
      continue;
    }
    const olds: { name: string; unit: Unit | undefined }[] = rows.map((r) => ({ name: r.oldName, unit: units.get(communeKey(r.oldName)) }));
    rows.forEach((r, i) => {
      if (olds[i].unit) used.add(communeKey(r.oldName));
      else issues.push(M.previousMissing(r.source, r.oldName, name));
    });
    if (!olds.some((x) => x.unit)) continue;
    communes.set(name, o.defs.map((d, k) => mergedPick(d, k, olds, weightIdx[k])));
  }
  // units of last year that go nowhere
  for (const [key, u] of units) {
    if (used.has(key) || map.newOf.has(key)) continue;
    const first = u.report.rows[0];
    issues.push(M.previousUnmapped({ file: u.report.file, sheet: first?.sheet ?? null, cell: null }, u.name, map.oldsOf.size > 0));
  }
  const parentPicks = o.defs.map((_, k) => {
    const v = parent?.values[k];
    return v ? { value: v.value, source: { kind: 'file', source: v.source } as PreviousSource } : null;
  });
  const usedReports = new Set<PreviousReport>([...units].filter(([k]) => used.has(k)).map(([, u]) => u.report));
  // the parent's figures are used only where no commune has a previous value: consolidate.ts marks them
  const files = [...o.reports].sort(reportOrder).map((r) => ({ file: r.file, unit: r.commune, kind: r.kind, period: r.period?.label ?? null, used: usedReports.has(r), ...(parent?.report === r ? { parent: true as const } : {}) }));
  return { communes, parent: parentPicks, issues, files };
}

function mergedPick(d: PreviousDef, k: number, olds: { name: string; unit: Unit | undefined }[], w: number | undefined): PreviousPick | null {
  const values = olds.map((x) => x.unit?.values[k]?.value ?? null);
  const weights = olds.map((x) => (w === undefined ? null : x.unit?.values[w]?.value ?? null));
  const merged = olds.length > 1;
  const value = combineOld(d.aggregation, values, weights, merged);
  if (value === null) return null;
  return {
    value,
    source: {
      kind: 'merged',
      from: olds.filter((x) => x.unit).map((x) => ({ commune: x.name, value: x.unit!.values[k]?.value ?? null, source: x.unit!.values[k]?.source ?? null })),
      missing: olds.filter((x) => !x.unit || x.unit.values[k] === null).map((x) => x.name),
    },
  };
}

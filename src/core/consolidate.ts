/**
 * consolidate: CommuneReport[] + Plan → Report (FORMATS.md, "The rules" and "The machine-readable report").
 *
 * Steps, each a small function below:
 *  1. files in file-name order (so the input order never changes the result);
 *  2. the period: the user's, else the majority of the files' (period.ts);
 *  3. communes: the plan's list, files matched to it by communeKey (slots);
 *  4. indicators: the plan's, or the union of the communes' rows without a plan;
 *  5. every commune row matched to an indicator (match.ts) and converted to its unit (units.ts);
 *  6. every commune judged (judge.ts); the parent combined (aggregate.ts) and judged;
 *  7. shortfalls, the commune list, the issues.
 *
 * Decisions (where FORMATS.md leaves room):
 *  - Order of shortfalls: indicators in report order; within one indicator the parent's row
 *    (commune: null) first, then the communes in report order (plan order, then unknown communes).
 *  - A file whose commune is not in the plan is listed with its own rows (CommuneResult) but not
 *    counted into the parent: the plan's list defines the parent. Its target is its own sheet's
 *    "Kế hoạch năm" (the plan has no column for it, so there is nothing to win over).
 *  - A file whose period differs from the majority's is not used (error period_mismatch) and
 *    its commune shows no_data; its ReportCommune entry has reported: false. When the user set
 *    the period, the user's word is final: a differing file gets a warning and is still used.
 *  - Two files for one commune: the first in file-name order is used, unless it is of another period
 *    and the second is not. The other is an error (duplicate_commune) and is never summed.
 *  - Files not used at all (commune not determined, second file of one commune) are still listed
 *    in report.communes with reported: false, after the communes, so the user sees them.
 *  - Parent previous for "Bình quân theo X": each commune's previous weighed by its previous of X
 *    when it has one, else by its actual of X.
 *  - "Không": the parent's actual, target and previous are all null (status no_data), even when the
 *    plan's parent column holds a figure: a parent figure not made from the communes cannot be judged.
 *  - behindCount / reportedCount count the indicator's CommuneResult rows (unknown communes included),
 *    so they agree with the rows and shortfalls shown.
 */
import type {
  CommuneReport, CommuneRow, Direction, IndicatorResult, Issue, ReadingRecord, ReportFile,
  Lang, Period, Plan, PlanIndicator, PreviousReport, ReadValue, Report, ReportCommune, Shortfall,
} from '../types';
import { communeKey } from '../util/text';
import { countValues, sourceOf } from './values';
import { sortIssues } from '../util/issues';
import { majorityPeriod, samePeriod, clampMonths } from './period';
import { IndicatorIndex, CommuneIndex, NameMatcher, codeKey } from './match';
import { conversion, foldUnit, isPercentUnit } from './units';
import { changePct, expectedPct, finite, judge } from './judge';
import { aggregationLabel, combine, directionLabel, isYesNo, kindLabel } from './aggregate';
import * as M from './messages';
import { checkColumns, type ValueColumns } from './plausibility';
import { attachResults, CommuneResults } from './results';
import { CellTable, put } from './cells';
import { applyPrevious, parentPrevious as parentPrevious_, previousFilesRecord } from './previous-apply';

export interface ConsolidateInput {
  communes: CommuneReport[];
  plan: Plan | null;
  planIssues?: Issue[];
  /** The user's correction of the period: wins over what the files say. */
  period?: Period | null;
  now?: Date;
  lang?: Lang;
  /** The issuing body the user typed (--unit, the pane's field): wins over the plan's. */
  issuer?: string | null;
  /** Last year's files (--previous, the pane's "Số liệu cùng kỳ"): the same period of last year (core/previous.ts). */
  previous?: PreviousReport[] | null;
}

/** Label of the parent when the plan does not name it. */
export const DEFAULT_PARENT = 'Toàn đơn vị';

/** A commune row may carry the address of its unit cell (a reader may add it); used to place unit issues. */
type RowWithUnitCell = CommuneRow;

// ───────────────────────────── slots: one per commune ─────────────────────────────

interface Slot {
  /** Display name: the plan's spelling, or the name detected in the file. */
  name: string;
  /** Its place in the plan's `communes` (the place of its targets), -1 when it is not the plan's. */
  planAt: number;
  report: CommuneReport | null;
  inPlan: boolean;
  /** The file's values are used (there is a file and its period is the run's, or the user said so). */
  usable: boolean;
  /** Counted into the parent. */
  counted: boolean;
}

/** A file in the report's commune list that is not used at all. */
interface Unused {
  name: string;
  report: CommuneReport;
}

// ───────────────────────────── indicators ─────────────────────────────

interface IndicatorDef extends Pick<PlanIndicator, 'code' | 'name' | 'unit' | 'aggregation' | 'direction' | 'kind' | 'parentTarget'> {
  /** The plan's targets, in the order of the plan's communes (PlanIndicator.targets); null without a plan. */
  planTargets: (number | null)[] | null;
  /** "KT01 Thu ngân sách" for messages. */
  label: string;
  /** The plan's second parent target ("Tỉnh giao"); undefined when the plan has no such column. */
  secondTarget?: number | null;
  section?: string | null;
}

/** Where slot i's own target or previous value of indicator k was read; null where it has none. */
function placeAt(t: CellTable, slots: Slot[], i: number, k: number, key: 'target' | 'previous'): M.Place | null {
  const row = t.rows[t.at(i, k)];
  const rep = slots[i].report;
  if (!row || !rep || (key === 'target' && !t.ownTargets[i])) return null;
  const v = row[key];
  return v ? placeOf(rep, row, v) : null;
}

function fileOrder(a: CommuneReport, b: CommuneReport): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  const ca = communeKey(a.commune ?? ''), cb = communeKey(b.commune ?? '');
  if (ca !== cb) return ca < cb ? -1 : 1;
  const sa = a.sheets.join('|'), sb = b.sheets.join('|');
  return sa === sb ? 0 : sa < sb ? -1 : 1;
}

function slotOrder(a: Slot, b: Slot): number {
  const ka = communeKey(a.name), kb = communeKey(b.name);
  if (ka !== kb) return ka < kb ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function valueOf(v: ReadValue | null | undefined): number | null {
  return v ? finite(v.value) : null;
}

function placeOf(rep: CommuneReport, row: CommuneRow, v?: ReadValue | null): M.Place {
  const at = v ?? row.actual ?? row.target ?? row.previous;
  return { file: rep.file, sheet: row.sheet, cell: at ? at.cell : null, row: row.row };
}

function sameNumber(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

export function consolidate(input: ConsolidateInput): Report {
  const lang: Lang = input.lang ?? 'vi';
  const plan = input.plan ?? null;
  const issues: Issue[] = [];
  // A file that gave no indicator row (not a spreadsheet, damaged, no table) is never a commune: it neither
  // takes a commune's place nor hides one that did not report. It is listed in `files` with its issues.
  const sorted = [...input.communes].sort(fileOrder);
  const files = sorted.filter((f) => f.rows.length > 0);
  const unreadable = sorted.filter((f) => f.rows.length === 0);
  const parentLabel = plan?.parentLabel?.trim() || DEFAULT_PARENT;

  // ── 2. period ──
  const byUser = !!input.period;
  const runPeriod: Period | null = input.period ?? majorityPeriod(files.map((f) => f.period));
  const offPeriod = new Set<CommuneReport>();
  if (runPeriod) {
    for (const f of files) {
      if (f.period && !samePeriod(f.period, runPeriod)) {
        issues.push(M.periodMismatch(f.file, f.commune, f.period, runPeriod, byUser));
        if (!byUser) offPeriod.add(f);
      }
    }
    if (plan?.year != null && runPeriod.year != null && plan.year !== runPeriod.year) {
      issues.push(M.planYearMismatch(plan.file, plan.year, runPeriod));
    }
  } else if (files.length > 0) {
    issues.push(M.noPeriod());
  }
  const months = runPeriod ? clampMonths(runPeriod.months) : 12;
  const period = runPeriod
    ? { year: runPeriod.year, months, label: runPeriod.label }
    : { year: plan?.year ?? null, months: 12, label: lang === 'en' ? 'period unknown (taken as the whole year)' : 'không rõ kỳ báo cáo (tính như cả năm)' };

  // ── 3. communes ──
  const { slots, unused } = resolveCommunes(files, plan, offPeriod, parentLabel, issues);
  if (files.length === 0 && unreadable.length === 0) issues.push(M.noFiles());
  else if (!slots.some((s) => s.usable)) issues.push(M.nothingUsable());

  // ── 4. indicators ──
  const defs = plan ? defsFromPlan(plan) : defsFromCommunes(slots.filter((s) => s.usable));
  const index = new IndicatorIndex();
  defs.forEach((d, i) => index.add(i, d.code, d.name));

  // ── 5. rows → cells ──
  const planCommunes = !!plan && plan.communes.length > 0;
  const matcher = plan ? new NameMatcher(defs.map((d) => d.name)) : null;
  const matches = new Map<CommuneReport, NonNullable<ReadingRecord['matches']>>();
  const cells = new CellTable(slots.length, defs.length);
  slots.forEach((s, i) => readCells(s, i, cells, defs, index, !!plan, planCommunes, issues, matcher, matches));
  // last year's files first: the đồng / triệu slip check then also weighs the actual against last year's figure
  const prevParent = applyPrevious({
    input: input.previous, plan, runPeriod, defs, names: slots.map((s) => s.name),
    cells: {
      previous: (i, k) => cells.previous(cells.at(i, k)),
      setPrevious: (i, k, value, source) => {
        cells.previouses[cells.at(i, k)] = put(value);
        cells.previousSources.set(cells.at(i, k), source);
      },
    },
    previousAt: (i, k) => placeAt(cells, slots, i, k, 'previous'), issues,
  });
  issues.push(...plausibleCells(defs, slots, cells));

  // ── 6. judge ──
  const resultSlots = slots.map((_, i) => i).filter((i) => slots[i].inPlan || slots[i].usable);
  const counted = slots.map((_, i) => i).filter((i) => slots[i].counted);
  // the communes whose targets make the parent's target when the plan has no parent figure
  const targetSlots = planCommunes ? slots.map((_, i) => i).filter((i) => slots[i].inPlan) : counted;

  const shortfalls: Shortfall[] = [];
  const j6: Judging = { slots, cells, index, plan, parentLabel, months, resultSlots, counted, targetSlots, issues, shortfalls, prevParent, havePreviousFiles: !!input.previous?.length };
  const indicators: IndicatorResult[] = defs.map((d, k) => judgeIndicator(j6, d, k));

  // ── 7. issues and the commune list ──
  const allIssues = sortIssues([...(input.planIssues ?? []), ...sorted.flatMap((f) => f.issues), ...issues]);
  const issuesPerFile = new Map<string, number>();
  for (const i of allIssues) if (i.file) issuesPerFile.set(i.file, (issuesPerFile.get(i.file) ?? 0) + 1);

  const entry = (name: string, rep: CommuneReport | null, reported: boolean): ReportCommune => ({
    name,
    file: rep?.file ?? null,
    period: rep?.period?.label ?? null,
    sheets: rep ? [...rep.sheets] : [],
    values: rep ? countValues(rep) : 0,
    issues: rep ? issuesPerFile.get(rep.file) ?? 0 : 0,
    reported,
    ...(rep?.reading ? { reading: { ...rep.reading, matches: matches.get(rep) ?? [] } } : {}),
  });
  const reportCommunes: ReportCommune[] = [
    ...slots.filter((s) => s.inPlan || s.report).map((s) => entry(s.name, s.report, s.usable)),
    ...unused.map((u) => entry(u.name, u.report, false)),
  ];

  const reportFiles = filesList(sorted, slots, issuesPerFile);

  return {
    period,
    parent: parentLabel,
    generatedAt: (input.now ?? new Date()).toISOString(),
    plan: plan ? { file: plan.file, sheet: plan.sheet } : null,
    communes: reportCommunes,
    files: reportFiles,
    indicators,
    shortfalls,
    issues: allIssues,
    issuer: input.issuer?.trim() || plan?.issuer?.trim() || null,
    ...(prevParent ? { previousFiles: previousFilesRecord(prevParent.files, indicators.some((i) => i.previousSource?.kind === 'file')) } : {}),
  };
}

// ───────────────────────────── step 6: judge ─────────────────────────────

/** What judging one indicator needs: the slots and their cells, and where the issues and shortfalls go. */
interface Judging {
  slots: Slot[];
  cells: CellTable;
  index: IndicatorIndex;
  plan: Plan | null;
  parentLabel: string;
  months: number;
  /** Slots listed in the indicator's communes. */
  resultSlots: number[];
  /** Slots counted into the parent. */
  counted: number[];
  /** Slots whose targets make the parent's target when the plan has no parent figure. */
  targetSlots: number[];
  issues: Issue[];
  shortfalls: Shortfall[];
  /** Last year's parent figures (core/previous-apply.ts), when last year's files were given. */
  prevParent: ReturnType<typeof applyPrevious>;
  havePreviousFiles: boolean;
}

/**
 * Every commune of `resultSlots` judged on indicator `k` into `communes`: the loop that runs communes × indicators
 * times, in a small function of its own. Inside judgeIndicator it made V8's optimizing compiler take the whole of
 * that function (69 ms on its background thread in a cold run of 200 communes); apart, the compiling is small, but
 * the run is no faster that anyone could measure (README, session 15: a cold loop's cost is the interpreter's).
 * `estimate`: every figure reported is an estimate ("ước"), and there is one.
 */
function judgeCommunes(communes: CommuneResults, slots: Slot[], cells: CellTable, resultSlots: number[], k: number, direction: Direction, exp: number): { behindCount: number; reportedCount: number; estimate: boolean } {
  let behindCount = 0, reportedCount = 0, someEstimate = false, allEstimates = true;
  for (let n = 0; n < resultSlots.length; n++) {
    const i = resultSlots[n];
    const x = cells.at(i, k);
    const actual = cells.actual(x), target = cells.target(x), previous = cells.previous(x);
    const estimate = cells.estimates[x] === 1;
    const j = judge({ actual, target, direction, expectedPct: exp });
    communes.set(n, {
      commune: slots[i].name,
      target,
      actual,
      completionPct: j.completionPct,
      status: j.status,
      gap: j.gap,
      previous,
      changePct: changePct(actual, previous),
      source: cells.sources[x],
      previousSource: previous !== null ? cells.previousSources.get(x) : undefined,
      note: cells.notes.get(x),
      estimate,
    });
    if (j.status === 'behind') behindCount++;
    if (actual !== null) {
      reportedCount++;
      if (estimate) someEstimate = true;
      else allEstimates = false;
    }
  }
  return { behindCount, reportedCount, estimate: someEstimate && allEstimates };
}

/** One indicator: every commune judged, the parent combined and judged; its shortfalls pushed in order. */
function judgeIndicator(j6: Judging, d: IndicatorDef, k: number): IndicatorResult {
  const { slots, cells, index, plan, parentLabel, resultSlots, counted, targetSlots, issues, shortfalls } = j6;
  const exp = expectedPct(d.kind, j6.months);
  // the communes judged into columns, counted as they are (one pass over a country's 3,321, no object each)
  const communes = new CommuneResults(resultSlots.length, exp);
  const { behindCount, reportedCount, estimate } = judgeCommunes(communes, slots, cells, resultSlots, k, d.direction, exp);

  // parent
  let weightIdx: number | undefined;
  if (d.aggregation.kind === 'weighted') {
    weightIdx = index.findRef(d.aggregation.by);
    if (weightIdx === undefined) issues.push(M.weightMissing(plan?.file ?? null, d.label, d.aggregation.by));
  }
  const weightOf = (i: number) => (weightIdx === undefined ? null : cells.actual(cells.at(i, weightIdx)));
  const prevWeightOf = (i: number) => (weightIdx === undefined ? null : cells.previous(cells.at(i, weightIdx)) ?? cells.actual(cells.at(i, weightIdx)));
  const actualOf = (i: number) => cells.actual(cells.at(i, k));
  const previousOf = (i: number) => cells.previous(cells.at(i, k));
  const agg = d.aggregation;
  const parentActual = combine(agg, counted.map(actualOf), counted.map(weightOf));
  // "Không": nothing is combined, the parent has neither actual nor target (even if the plan column is filled)
  const parentTarget = agg.kind === 'none'
    ? null
    : d.parentTarget ?? combine(agg, targetSlots.map((i) => cells.target(cells.at(i, k))), targetSlots.map(weightOf));
  const combinedPrevious = combine(agg, counted.map(previousOf), counted.map(prevWeightOf));
  const { previous: parentPrevious, source: parentPrevSource } = parentPrevious_(combinedPrevious, j6.prevParent?.parent[k] ?? null, j6.havePreviousFiles);
  if (parentPrevious !== null && parentPrevious === combinedPrevious && (agg.kind === 'sum' || agg.kind === 'count_met')) {
    // a sum (or count) of last year over fewer communes than this year's: the parent's change compares two sets
    const reporting = counted.filter((i) => actualOf(i) !== null);
    const lacking = reporting.filter((i) => previousOf(i) === null);
    if (lacking.length) issues.push(M.previousPartial(d.label, parentLabel, reporting.length - lacking.length, reporting.length, lacking.map((i) => slots[i].name)));
  }
  const j = judge({ actual: parentActual, target: parentTarget, direction: d.direction, expectedPct: exp });

  // every target of the parent, the main one first (FORMATS.md: status and shortfalls follow the main one)
  const secondLabel = plan?.secondLabel?.trim();
  const targets = secondLabel && agg.kind !== 'none'
    ? [
      { label: parentLabel, target: parentTarget, completionPct: j.completionPct },
      { label: secondLabel, target: finite(d.secondTarget ?? null), completionPct: completionOf(parentActual, finite(d.secondTarget ?? null)) },
    ]
    : null;
  const res: IndicatorResult = {
    code: d.code,
    name: d.name,
    unit: d.unit,
    aggregation: aggregationLabel(d.aggregation),
    direction: directionLabel(d.direction),
    kind: kindLabel(d.kind),
    target: parentTarget,
    actual: parentActual,
    completionPct: j.completionPct,
    expectedPct: exp,
    previous: parentPrevious,
    changePct: changePct(parentActual, parentPrevious),
    ...(parentPrevSource ? { previousSource: parentPrevSource } : {}),
    status: j.status,
    ...(j.gap !== undefined ? { gap: j.gap } : {}),
    behindCount,
    reportedCount,
    communes: [],
    ...(targets ? { targets } : {}),
    ...(d.section ? { section: d.section } : {}),
    ...(estimate ? { estimate: true } : {}),
  };

  if (j.status === 'behind' && parentActual !== null && parentTarget !== null && j.completionPct !== null && j.gap !== undefined) {
    shortfalls.push(shortfall(null, d, parentActual, parentTarget, j.completionPct, exp, j.gap));
  }
  for (let n = 0; n < communes.length; n++) {
    if (communes.status(n) !== 'behind') continue;
    const actual = communes.actual(n), target = communes.target(n), pct = communes.completionPct(n), gap = communes.gap(n);
    if (actual !== null && target !== null && pct !== null && gap !== undefined) shortfalls.push(shortfall(communes.commune(n), d, actual, target, pct, exp, gap));
  }
  return attachResults(res, communes);
}

/** Every input file and what became of it, in commune order (the same files give the same list whatever their names); unreadable ones last. */
function filesList(sorted: CommuneReport[], slots: Slot[], issuesPerFile: Map<string, number>): ReportFile[] {
  const used = new Set(slots.filter((x) => x.usable && x.report).map((x) => x.report!));
  const key = (f: CommuneReport) => (f.rows.length && f.commune ? communeKey(f.commune) : '\uffff');
  return [...sorted]
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : fileOrder(a, b)))
    .map((f) => ({
      file: f.file,
      commune: f.rows.length ? f.commune : null,
      status: f.rows.length === 0 ? 'unreadable' : used.has(f) ? 'used' : 'not_used',
      issues: issuesPerFile.get(f.file) ?? 0,
    }));
}

/**
 * Plausibility of every commune's values, indicator by indicator (plausibility.ts); values no indicator can
 * have are set to null in `cells` (the issue says so).
 */
function plausibleCells(defs: IndicatorDef[], slots: Slot[], cells: CellTable): Issue[] {
  const issues: Issue[] = [];
  const usable = slots.map((_, i) => i).filter((i) => slots[i].usable);
  // one set of columns for every indicator: no object per value (a country has 265,000 of them)
  const m = usable.length;
  const checked = new Int32Array(m);
  const names: string[] = new Array(m);
  let k = 0;
  const cols: ValueColumns = {
    n: 0,
    actual: new Float64Array(m),
    target: new Float64Array(m),
    previous: new Float64Array(m),
    placed: new Uint8Array(m),
    nulled: new Uint8Array(m),
    // a SourceRef is a Place: the cell's own source, no copy
    place: (j, key) => (key === 'actual' ? cells.sources[cells.at(checked[j], k)] : placeAt(cells, slots, checked[j], k, key)) as M.Place,
    commune: (j) => names[j],
  };
  for (; k < defs.length; k++) {
    let n = 0;
    for (const i of usable) {
      const x = cells.at(i, k);
      const row = cells.rows[x];
      const tAt = cells.ownTargets[i] === 1 && !!row?.target;
      const actual = cells.actuals[x], previous = cells.previouses[x];
      if (actual !== actual && previous !== previous && !tAt) continue;
      checked[n] = i;
      names[n] = slots[i].name;
      cols.actual[n] = actual;
      cols.target[n] = cells.targets[x];
      cols.previous[n] = previous;
      cols.placed[n] = (cells.sources[x] ? 1 : 0) | (tAt ? 2 : 0) | (row?.previous ? 4 : 0);
      cols.nulled[n] = 0;
      n++;
    }
    cols.n = n;
    for (const x of checkColumns(defs[k], cols)) issues.push(x);
    for (let j = 0; j < n; j++) {
      const z = cols.nulled[j];
      if (z === 0) continue;
      const x = cells.at(checked[j], k);
      if (z & 1) cells.actuals[x] = NaN;
      if (z & 2) cells.targets[x] = NaN;
      if (z & 4) cells.previouses[x] = NaN;
    }
  }
  return issues;
}

function completionOf(actual: number | null, target: number | null): number | null {
  return actual !== null && target !== null && target !== 0 ? finite((actual / target) * 100) : null;
}

// ───────────────────────────── step 3: communes ─────────────────────────────

function resolveCommunes(
  files: CommuneReport[],
  plan: Plan | null,
  offPeriod: Set<CommuneReport>,
  parent: string,
  issues: Issue[],
): { slots: Slot[]; unused: Unused[] } {
  const planSlots: Slot[] = [];
  const planIdx = new CommuneIndex();
  const slotByName = new Map<string, Slot>();
  for (const [planAt, name] of (plan?.communes ?? []).entries()) {
    if (planIdx.find(name) !== undefined || !communeKey(name)) continue; // a repeated or empty column
    planIdx.add(name);
    const s: Slot = { name, planAt, report: null, inPlan: true, usable: false, counted: false };
    planSlots.push(s);
    slotByName.set(name, s);
  }
  const planHasCommunes = planSlots.length > 0;
  const otherSlots: Slot[] = [];
  const otherByKey = new Map<string, Slot>();
  const unused: Unused[] = [];

  for (const f of files) {
    const key = f.commune ? communeKey(f.commune) : '';
    if (!f.commune || !key) {
      issues.push(M.communeNotFound(f.file));
      unused.push({ name: f.commune?.trim() || f.file, report: f });
      continue;
    }
    const usable = !offPeriod.has(f);
    const planName = planIdx.find(f.commune);
    let slot = planName !== undefined ? slotByName.get(planName) : otherByKey.get(key);
    if (slot && slot.report) {
      if (!slot.usable && usable) {
        // the first file is of another period: this one, of the run's period, takes its place
        issues.push(M.duplicateCommune(slot.report.file, f.file, slot.name));
        unused.push({ name: slot.name, report: slot.report });
        slot.report = f;
        slot.usable = true;
        slot.counted = slot.inPlan || !planHasCommunes;
      } else {
        issues.push(M.duplicateCommune(f.file, slot.report.file, slot.name));
        unused.push({ name: slot.name, report: f });
      }
      continue;
    }
    if (!slot) {
      slot = { name: f.commune.trim(), planAt: -1, report: null, inPlan: false, usable: false, counted: false };
      otherSlots.push(slot);
      otherByKey.set(key, slot);
      if (planHasCommunes) issues.push(M.unknownCommune(f.file, slot.name, parent));
    }
    slot.report = f;
    slot.usable = usable;
    // the plan's list defines the parent; a plan without commune columns leaves the files to define it
    slot.counted = usable && (slot.inPlan || !planHasCommunes);
  }
  for (const s of planSlots) if (!s.report) issues.push(M.missingCommune(s.name, plan?.file ?? null));
  otherSlots.sort(slotOrder);
  return { slots: [...planSlots, ...otherSlots], unused };
}

// ───────────────────────────── step 4: indicators ─────────────────────────────

function defsFromPlan(plan: Plan): IndicatorDef[] {
  return plan.indicators.map((p) => ({
    code: p.code?.trim() || null,
    name: p.name,
    unit: p.unit,
    aggregation: p.aggregation,
    direction: p.direction,
    kind: p.kind,
    parentTarget: finite(p.parentTarget),
    planTargets: p.targets,
    label: M.indicatorLabel(p.code?.trim() || null, p.name),
    ...(p.secondTarget !== undefined ? { secondTarget: p.secondTarget } : {}),
    ...(p.section ? { section: p.section } : {}),
  }));
}

/**
 * Without a plan: the union of the communes' rows (by code, else by folded name) in first-seen
 * order over the communes in report order; sub-item rows only when they have a code.
 * Unit: the most common among the communes' rows (folded; ties to the first seen). Direction Tăng;
 * "%" → level combined by Bình quân; any other unit → flow combined by Tổng.
 */
function defsFromCommunes(slots: Slot[]): IndicatorDef[] {
  const index = new IndicatorIndex();
  const found: { code: string | null; name: string; units: Map<string, { spelling: string; n: number; first: number }> }[] = [];
  let seen = 0;
  for (const s of slots) {
    for (const row of s.report?.rows ?? []) {
      if (row.subItem && !codeKey(row.code)) continue;
      let i = index.find(row.code, row.name);
      if (i === undefined) {
        i = found.length;
        found.push({ code: row.code?.trim() || null, name: row.name.trim(), units: new Map() });
      } else if (!found[i].code && codeKey(row.code)) {
        found[i].code = row.code!.trim();
      }
      index.add(i, row.code, row.name);
      const u = row.unit?.trim();
      if (u) {
        const f = foldUnit(u);
        const e = found[i].units.get(f);
        if (e) e.n++;
        else found[i].units.set(f, { spelling: u, n: 1, first: seen++ });
      }
    }
  }
  return found.map((f) => {
    let unit = '';
    let best = -1, first = Infinity;
    for (const e of f.units.values()) {
      if (e.n > best || (e.n === best && e.first < first)) { unit = e.spelling; best = e.n; first = e.first; }
    }
    const level = isPercentUnit(unit);
    return {
      code: f.code,
      name: f.name,
      unit,
      aggregation: level ? { kind: 'mean' } : { kind: 'sum' },
      direction: 'up',
      kind: level ? 'level' : 'flow',
      parentTarget: null,
      planTargets: null,
      label: M.indicatorLabel(f.code, f.name),
    };
  });
}

// ───────────────────────────── step 5: rows → cells ─────────────────────────────

/** The plan's target of the commune at `planAt` in the plan's communes; null where the plan gives none. */
function planTargetOf(d: IndicatorDef, planAt: number): number | null {
  const t = d.planTargets;
  return t && planAt >= 0 && planAt < t.length ? finite(t[planAt]) : null;
}

function readCells(
  slot: Slot,
  at: number,
  cells: CellTable,
  defs: IndicatorDef[],
  index: IndicatorIndex,
  hasPlan: boolean,
  planCommunes: boolean,
  issues: Issue[],
  matcher: NameMatcher | null = null,
  matches: Map<CommuneReport, NonNullable<ReadingRecord['matches']>> = new Map(),
): void {
  // whether the target comes from the plan (the plan has a column for this commune) or from the sheet
  const targetFromPlan = hasPlan && planCommunes && slot.inPlan;
  const x0 = cells.at(at, 0);
  if (targetFromPlan) defs.forEach((d, k) => (cells.targets[x0 + k] = put(planTargetOf(d, slot.planAt))));
  const rep = slot.report;
  if (!rep || !slot.usable) return;
  cells.ownTargets[at] = targetFromPlan ? 0 : 1;

  // pick one row per indicator: the first with an actual, else the first
  const chosen: (CommuneRow | undefined)[] = new Array(defs.length);
  const dups: [CommuneRow, number][] = [];
  const reworded: [CommuneRow, number, number][] = [];
  for (const row of rep.rows) {
    // without a plan, sub-items count only with a code of their own (as in defsFromCommunes)
    if (!hasPlan && row.subItem && !codeKey(row.code)) continue;
    const k = index.find(row.code, row.name);
    if (k === undefined) {
      if (!hasPlan || row.subItem) continue;
      // a reworded name: the plan indicator it plainly names, or nothing when two are close
      const m = matcher ? matcher.match(row.name) : null;
      const codeOk = (i: number) => !codeKey(row.code) || !codeKey(defs[i].code);
      if (m?.index !== undefined && codeOk(m.index)) {
        reworded.push([row, m.index, m.score]);
      } else if (m?.candidates && !codeKey(row.code)) {
        issues.push(M.ambiguousMatch(placeOf(rep, row), slot.name, row.name, m.candidates.map((i) => defs[i].label)));
      } else {
        issues.push(M.notInPlan(placeOf(rep, row), slot.name, row.name, row.code?.trim() || null));
      }
      continue;
    }
    const prev = chosen[k];
    if (!prev) { chosen[k] = row; continue; }
    if (valueOf(prev.actual) === null && valueOf(row.actual) !== null) {
      dups.push([prev, k]);
      chosen[k] = row;
    } else {
      dups.push([row, k]);
    }
  }
  // rows matched by meaning come after those matched by code or spelling
  for (const [row, k, score] of reworded) {
    if (chosen[k]) { dups.push([row, k]); continue; }
    chosen[k] = row;
    const p = placeOf(rep, row);
    issues.push(M.rewordedMatch(p, slot.name, row.name, defs[k].label, score));
    const list = matches.get(rep) ?? [];
    list.push({ cell: `${row.sheet}!${p.cell ?? `A${row.row}`}`, written: row.name, indicator: defs[k].label, score: Math.round(score * 1000) / 1000 });
    matches.set(rep, list);
  }
  for (const [row, k] of dups) {
    issues.push(M.duplicateIndicator(placeOf(rep, row), placeOf(rep, chosen[k]!), slot.name, defs[k].label));
  }

  // one commune's row per indicator (a loop, not a callback per indicator: this runs communes × indicators times)
  for (let k = 0; k < defs.length; k++) {
    const row = chosen[k] as RowWithUnitCell | undefined;
    if (row) rowCell(row, defs[k], x0 + k, cells, rep, slot.name, targetFromPlan, issues);
  }
}

/** One chosen row's figures into the cell at `x`, converted to the indicator's unit; what is wrong with them to `issues`. */
function rowCell(row: RowWithUnitCell, d: IndicatorDef, x: number, cells: CellTable, rep: CommuneReport, commune: string, targetFromPlan: boolean, issues: Issue[]): void {
  cells.sources[x] = row.actual ? sourceOf(rep.file, row, row.actual) : null;
  const n1 = row.actual?.note?.trim(), n2 = row.note?.trim();
  if (n1 || n2) cells.notes.set(x, n1 && n2 && n1 !== n2 ? `${n1}; ${n2}` : (n1 || n2)!);
  cells.estimates[x] = row.estimate ? 1 : 0;

  const conv = conversion(row.unit, d.unit);
  if (!conv.ok) {
    const p = placeOf(rep, row);
    if (row.unitCell) p.cell = row.unitCell;
    issues.push(M.unitMismatch(p, commune, d.label, row.unit ?? '', d.unit, conv.reason === 'ambiguous'));
    return;
  }
  const actual = rowFigure(row.actual, conv.convert, row, d, rep, commune, issues);
  cells.actuals[x] = put(actual);
  cells.previouses[x] = put(rowFigure(row.previous, conv.convert, row, d, rep, commune, issues));
  const own = rowFigure(row.target, conv.convert, row, d, rep, commune, issues);
  cells.rows[x] = row;

  if (d.aggregation.kind === 'count_met' && actual !== null && !isYesNo(actual)) {
    issues.push(M.notYesNo(placeOf(rep, row, row.actual), commune, d.label, actual));
  }

  if (!targetFromPlan) {
    cells.targets[x] = put(own);
  } else if (own !== null) {
    // The plan's targets win over a sheet's own "Kế hoạch năm" (FORMATS.md). Where the plan leaves
    // this commune's target empty, the commune has no target (no_target) even if its sheet gives one:
    // the plan is the district's decision, and an empty plan cell means "not assigned".
    const p = placeOf(rep, row, row.target);
    const target = cells.target(x);
    if (target === null) issues.push(M.targetNotInPlan(p, commune, d.label, own, d.unit));
    else if (!sameNumber(own, target)) issues.push(M.targetMismatch(p, commune, d.label, own, target, d.unit));
  }
}

/** One figure of a row (actual, previous or target) in the indicator's unit; null when there is none or it cannot count. */
function rowFigure(v: ReadValue | null, convert: (x: number) => number, row: RowWithUnitCell, d: IndicatorDef, rep: CommuneReport, commune: string, issues: Issue[]): number | null {
  const value = valueOf(v);
  if (value === null || !v) return null;
  // a figure written with "%" belongs to a % indicator; a % in a row of another unit is a ratio, not the figure
  if (v.percent && !isPercentUnit(d.unit) && !isPercentUnit(row.unit)) {
    issues.push(M.percentValue(placeOf(rep, row, v), commune, d.label, v.raw, d.unit));
    return null;
  }
  return finite(convert(value));
}

// ───────────────────────────── step 6/7 helpers ─────────────────────────────

function shortfall(commune: string | null, d: IndicatorDef, actual: number, target: number, pct: number, exp: number, gap: number): Shortfall {
  return { commune, code: d.code, name: d.name, unit: d.unit, actual, target, completionPct: pct, expectedPct: exp, gap };
}


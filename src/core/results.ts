/**
 * One indicator's results for its communes, kept in columns (typed arrays), not as an object per commune: a
 * country's run (3,321 communes × 80 indicators) would otherwise make 265,000 CommuneResults of 13 fields, each
 * made, moved about by the collector and read again one by one by the sheets and the JSON.
 *
 * consolidate() fills a CommuneResults per indicator and attaches it to the IndicatorResult (attachResults):
 * `IndicatorResult.communes` is then made from the columns only when some code asks for it (a test, a caller
 * written before the columns), once, and from then on those objects are the indicator's results (a caller may
 * change them).
 * The writers read an indicator's communes through communeResults(ind): the columns while nobody asked for the
 * objects, else a view over the objects — the same figures either way (test/core/results.test.ts).
 */
import type { CommuneResult, IndicatorResult, PreviousSource, SourceRef, Status } from '../types';
import { num, put } from './cells';

/** The statuses in the order of their codes in CommuneResults.status. */
const STATUSES: readonly Status[] = ['met', 'on_track', 'behind', 'no_target', 'no_data'];
const STATUS_CODE: Readonly<Record<Status, number>> = { met: 0, on_track: 1, behind: 2, no_target: 3, no_data: 4 };

/** What the writers read of an indicator's communes, whether kept in columns or as objects. */
export interface CommuneResultsView {
  readonly length: number;
  commune(j: number): string;
  status(j: number): Status;
  actual(j: number): number | null;
  completionPct(j: number): number | null;
  /** The j-th commune's whole result. */
  at(j: number): CommuneResult;
}

/** One commune's figures as consolidate() judged them (the fields of a CommuneResult). */
export interface CommuneFigures {
  commune: string;
  target: number | null;
  actual: number | null;
  completionPct: number | null;
  status: Status;
  gap: number | undefined;
  previous: number | null;
  changePct: number | null;
  source: SourceRef | null;
  previousSource: PreviousSource | undefined;
  note: string | undefined;
  estimate: boolean;
}

/** The results of one indicator's communes, in columns; every commune has the indicator's expectedPct. */
export class CommuneResults implements CommuneResultsView {
  readonly names: string[];
  readonly targets: Float64Array;
  readonly actuals: Float64Array;
  readonly completions: Float64Array;
  /** NaN where there is no gap (the status is not "behind"). */
  readonly gaps: Float64Array;
  readonly previouses: Float64Array;
  readonly changes: Float64Array;
  readonly statuses: Uint8Array;
  readonly estimates: Uint8Array;
  readonly sources: (SourceRef | null)[];
  /** Only where some commune has one (else null: no array of 3,321 undefineds). */
  notes: (string | undefined)[] | null = null;
  previousSources: (PreviousSource | undefined)[] | null = null;

  constructor(readonly length: number, readonly expectedPct: number) {
    this.names = new Array<string>(length);
    this.targets = new Float64Array(length);
    this.actuals = new Float64Array(length);
    this.completions = new Float64Array(length);
    this.gaps = new Float64Array(length);
    this.previouses = new Float64Array(length);
    this.changes = new Float64Array(length);
    this.statuses = new Uint8Array(length);
    this.estimates = new Uint8Array(length);
    this.sources = new Array<SourceRef | null>(length);
  }

  set(j: number, f: CommuneFigures): void {
    this.names[j] = f.commune;
    this.targets[j] = put(f.target);
    this.actuals[j] = put(f.actual);
    this.completions[j] = put(f.completionPct);
    this.gaps[j] = put(f.gap);
    this.previouses[j] = put(f.previous);
    this.changes[j] = put(f.changePct);
    this.statuses[j] = STATUS_CODE[f.status];
    this.estimates[j] = f.estimate ? 1 : 0;
    this.sources[j] = f.source;
    if (f.note) (this.notes ??= new Array<string | undefined>(this.length))[j] = f.note;
    if (f.previousSource) (this.previousSources ??= new Array<PreviousSource | undefined>(this.length))[j] = f.previousSource;
  }

  commune(j: number): string {
    return this.names[j];
  }
  status(j: number): Status {
    return STATUSES[this.statuses[j]];
  }
  actual(j: number): number | null {
    return num(this.actuals[j]);
  }
  completionPct(j: number): number | null {
    return num(this.completions[j]);
  }
  target(j: number): number | null {
    return num(this.targets[j]);
  }
  gap(j: number): number | undefined {
    const g = this.gaps[j];
    return g === g ? g : undefined;
  }

  at(j: number): CommuneResult {
    // every field in one literal, the rare ones undefined where absent: one shape for every result
    return {
      commune: this.names[j],
      target: num(this.targets[j]),
      actual: num(this.actuals[j]),
      completionPct: num(this.completions[j]),
      expectedPct: this.expectedPct,
      status: STATUSES[this.statuses[j]],
      previous: num(this.previouses[j]),
      changePct: num(this.changes[j]),
      source: this.sources[j],
      gap: this.gap(j),
      previousSource: this.previousSources?.[j],
      note: this.notes?.[j],
      estimate: this.estimates[j] ? true : undefined,
    };
  }
}

/** A view over results kept as objects (a report made by hand, or whose objects were asked for). */
class ListResults implements CommuneResultsView {
  constructor(private readonly list: CommuneResult[]) {}
  get length(): number {
    return this.list.length;
  }
  commune(j: number): string {
    return this.list[j].commune;
  }
  status(j: number): Status {
    return this.list[j].status;
  }
  actual(j: number): number | null {
    return this.list[j].actual ?? null;
  }
  completionPct(j: number): number | null {
    return this.list[j].completionPct ?? null;
  }
  at(j: number): CommuneResult {
    return this.list[j];
  }
}

/** The columns of indicators whose objects nobody has asked for yet. */
const kept = new WeakMap<IndicatorResult, CommuneResults>();

/**
 * Gives `ind` its communes' results as `columns`: `ind.communes` is made from them when first read (and is an
 * ordinary property from then on, or once assigned).
 */
export function attachResults(ind: IndicatorResult, columns: CommuneResults): IndicatorResult {
  kept.set(ind, columns);
  const settle = (list: CommuneResult[]) => {
    kept.delete(ind);
    Object.defineProperty(ind, 'communes', { value: list, writable: true, enumerable: true, configurable: true });
    return list;
  };
  Object.defineProperty(ind, 'communes', {
    enumerable: true,
    configurable: true,
    get: () => settle(Array.from({ length: columns.length }, (_, j) => columns.at(j))),
    set: settle,
  });
  return ind;
}

/** The columns of `ind` while its objects have not been asked for (consolidate's), else null. */
export function keptResults(ind: IndicatorResult): CommuneResults | null {
  return kept.get(ind) ?? null;
}

/** What the writers read of `ind`'s communes: its columns, else a view over its objects. */
export function communeResults(ind: IndicatorResult): CommuneResultsView {
  return kept.get(ind) ?? new ListResults(ind.communes ?? []);
}

/** The indicator without its communes' results, not making them (the pane's summary, a JSON head). */
export function withoutCommunes(ind: IndicatorResult): Omit<IndicatorResult, 'communes'> {
  const out: Partial<IndicatorResult> = {};
  for (const key of Object.keys(ind) as (keyof IndicatorResult)[]) {
    if (key !== 'communes') (out as Record<string, unknown>)[key] = ind[key];
  }
  return out as Omit<IndicatorResult, 'communes'>;
}

/** The results of `ind`'s communes whose previous value has a recorded source (only with last year's files). */
export function withPreviousSource(ind: IndicatorResult): CommuneResult[] {
  const cols = kept.get(ind);
  if (!cols) return (ind.communes ?? []).filter((c) => c.previousSource);
  const out: CommuneResult[] = [];
  const ps = cols.previousSources;
  if (ps) for (let j = 0; j < cols.length; j++) if (ps[j]) out.push(cols.at(j));
  return out;
}

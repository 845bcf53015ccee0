/**
 * Every commune's figures for every indicator (consolidate's step 5), in the indicator's unit, kept in columns of
 * slots × indicators: no object per commune and indicator (a country: 3,321 × 80 = 265,000), read and written by
 * place. consolidate fills them from the rows (readCells), last year's files and the plausibility checks change
 * them, and the judging reads them, indicator by indicator.
 */
import type { CommuneRow, PreviousSource, SourceRef } from '../types';

export class CellTable {
  /** actual, target and previous by place (at(i, k)); NaN where there is none. */
  readonly actuals: Float64Array;
  /** The target used: the plan's, or the commune's own where the plan has no column for it. */
  readonly targets: Float64Array;
  readonly previouses: Float64Array;
  /** Where the actual was read. */
  readonly sources: (SourceRef | null)[];
  /**
   * The row the figures were read from, in the slot's file: where the commune's own target and previous value
   * were read, for messages (made only when a message needs them). Null where the figures are not the file's.
   */
  readonly rows: (CommuneRow | null)[];
  readonly estimates: Uint8Array;
  /** The few places with a note, with a previous value's recorded source. */
  readonly notes = new Map<number, string>();
  readonly previousSources = new Map<number, PreviousSource>();
  /** By slot: its targets are its own (the sheet's "Kế hoạch năm"), not the plan's. */
  readonly ownTargets: Uint8Array;

  constructor(
    readonly slots: number,
    readonly indicators: number,
  ) {
    const n = slots * indicators;
    this.actuals = new Float64Array(n).fill(NaN);
    this.targets = new Float64Array(n).fill(NaN);
    this.previouses = new Float64Array(n).fill(NaN);
    this.sources = new Array<SourceRef | null>(n).fill(null);
    this.rows = new Array<CommuneRow | null>(n).fill(null);
    this.estimates = new Uint8Array(n);
    this.ownTargets = new Uint8Array(slots);
  }

  /** The place of slot i's figures for indicator k. */
  at(i: number, k: number): number {
    return i * this.indicators + k;
  }

  actual(x: number): number | null {
    return num(this.actuals[x]);
  }
  target(x: number): number | null {
    return num(this.targets[x]);
  }
  previous(x: number): number | null {
    return num(this.previouses[x]);
  }
}

/** A figure kept in a column (NaN: none), and back. */
export function put(v: number | null | undefined): number {
  return typeof v === 'number' ? v : NaN;
}
export function num(x: number): number | null {
  return x === x ? x : null;
}

/**
 * Hand-made CommuneReports and Plans for the core's tests.
 * Rows are placed on sheet "Sheet1" from row 5 down; target in column D, actual in E, previous in F.
 */
import type { Aggregation, CommuneReport, Direction, IndicatorKind, Period, Plan, PlanIndicator, ReadValue } from '../../src/types';
import { communeKey } from '../../src/util/text';

export type Num = number | null | ReadValue;

export interface RowSpec {
  code?: string | null;
  name: string;
  unit?: string | null;
  target?: Num;
  actual?: Num;
  previous?: Num;
  subItem?: boolean;
  estimate?: boolean;
  note?: string;
  sheet?: string;
  /** 1-based row; default: 5, 6, 7, … in order. */
  row?: number;
}

/** A ReadValue; `cell` defaults to E<row> when used through `commune`. */
export function rv(value: number | null, extra: Partial<ReadValue> = {}): ReadValue {
  return {
    value,
    raw: extra.raw ?? value,
    cell: extra.cell ?? '',
    ...(extra.note !== undefined ? { note: extra.note } : {}),
    ...(extra.boolean !== undefined ? { boolean: extra.boolean } : {}),
    ...(extra.percent !== undefined ? { percent: extra.percent } : {}),
  };
}

function place(v: Num | undefined, col: string, row: number): ReadValue | null {
  if (v === undefined || v === null) return null;
  const r = typeof v === 'number' ? rv(v) : { ...v };
  if (!r.cell) r.cell = `${col}${row}`;
  return r;
}

export function commune(file: string, name: string | null, period: Period | null, rows: RowSpec[], extra: Partial<CommuneReport> = {}): CommuneReport {
  return {
    file,
    commune: name,
    communeFrom: name ? 'title' : null,
    period,
    periodFrom: period ? 'title' : null,
    sheets: ['Sheet1'],
    issues: [],
    ...extra,
    rows: rows.map((r, i) => {
      const row = r.row ?? 5 + i;
      const sheet = r.sheet ?? 'Sheet1';
      return {
        code: r.code ?? null,
        name: r.name,
        unit: r.unit === undefined ? null : r.unit,
        target: place(r.target, 'D', row),
        actual: place(r.actual, 'E', row),
        previous: place(r.previous, 'F', row),
        ...(r.note !== undefined ? { note: r.note } : {}),
        estimate: r.estimate ?? false,
        sheet,
        row,
        ...(r.subItem ? { subItem: true } : {}),
      };
    }),
  };
}

export type AggSpec = Aggregation['kind'] | { weighted: string };

export interface IndSpec {
  agg?: AggSpec;
  dir?: Direction;
  kind?: IndicatorKind;
  parent?: number | null;
  targets?: Record<string, number | null>;
}

export function agg(a: AggSpec): Aggregation {
  if (typeof a === 'object') return { kind: 'weighted', by: a.weighted };
  return { kind: a } as Aggregation;
}

/** The targets ind() was given by commune name, until plan() puts them in the order of its communes. */
const BY_NAME = Symbol('targetsByName');

export function ind(code: string | null, name: string, unit: string, o: IndSpec = {}): PlanIndicator {
  return {
    code,
    name,
    unit,
    aggregation: agg(o.agg ?? 'sum'),
    direction: o.dir ?? 'up',
    kind: o.kind ?? 'flow',
    parentTarget: o.parent ?? null,
    targets: [],
    source: null,
    ...(o.targets ? { [BY_NAME]: o.targets } : {}),
  };
}

/**
 * A plan of `communes` and `indicators`; targets given to ind() by name are put at their commune's place (a
 * name spelled otherwise than in `communes` found by its folded key, the first such name).
 */
export function plan(communes: string[], indicators: PlanIndicator[], extra: Partial<Plan> = {}): Plan {
  const placed = indicators.map((x) => {
    const byName = (x as PlanIndicator & { [BY_NAME]?: Record<string, number | null> })[BY_NAME];
    if (!byName) return x;
    const names = Object.keys(byName);
    const targets = communes.map((c) => {
      const name = Object.prototype.hasOwnProperty.call(byName, c) ? c : names.find((n) => communeKey(n) === communeKey(c));
      return name === undefined ? null : byName[name];
    });
    return { ...x, targets };
  });
  return { file: 'ke-hoach.xlsx', sheet: 'KH', parentLabel: 'Toàn huyện', communes, indicators: placed, year: null, issues: [], ...extra };
}

/** A plan indicator's targets by the plan's commune names (as the plan reader's tests state them). */
export function targetsByName(p: Plan, x: PlanIndicator): Record<string, number | null> {
  return Object.fromEntries(p.communes.map((c, i) => [c, x.targets[i] ?? null]));
}

const ROMAN = ['I', 'II', 'III', 'IV'];

/** Periods as the reader makes them. */
export const P = {
  month: (m: number, y: number | null = 2020): Period => ({ year: y, months: m, kind: 'month', index: m, label: `tháng ${m}${y ? ` năm ${y}` : ''}` }),
  quarter: (q: number, y: number | null = 2020): Period => ({ year: y, months: q * 3, kind: 'quarter', index: q, label: `quý ${ROMAN[q - 1]}${y ? ` năm ${y}` : ''}` }),
  half: (y: number | null = 2020): Period => ({ year: y, months: 6, kind: 'half', label: `6 tháng đầu năm${y ? ` ${y}` : ''}` }),
  nine: (y: number | null = 2020): Period => ({ year: y, months: 9, kind: 'nine', label: `9 tháng${y ? ` năm ${y}` : ''}` }),
  year: (y: number | null = 2020): Period => ({ year: y, months: 12, kind: 'year', label: `năm${y ? ` ${y}` : ''}` }),
};

export const NOW = new Date('2020-04-10T08:00:00.000Z');

/** Deterministic shuffle (mulberry32). */
export function shuffled<T>(xs: readonly T[], seed: number): T[] {
  let a = seed >>> 0;
  const rnd = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

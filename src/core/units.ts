/**
 * Units of measure (đơn vị tính): folding, recognition and conversion to the plan's unit.
 *
 * Every unit is read as a dimension and a factor to that dimension's base unit:
 *   money  — base đồng:   đồng 1, nghìn đồng 1e3, triệu đồng 1e6, tỷ đồng 1e9
 *   mass   — base gam:    g 1, kg 1e3, yến 1e4, tạ 1e5, tấn 1e6, nghìn tấn 1e9
 *   area   — base m²:     m² 1, ha 1e4, km² 1e6
 *   length — base m:      m 1, km 1e3
 *   people — base người:  người / nhân khẩu / lao động 1, nghìn người 1e3, triệu người 1e6
 *   percent:              % (also "phần trăm", "tỷ lệ")
 * Integer factors keep conversions exact where they can be: a value is multiplied by the ratio
 * when it is ≥ 1 (tỷ → triệu: × 1000) and divided by the inverse ratio otherwise
 * (tạ → tấn: ÷ 10, m² → ha: ÷ 10 000), so 2342 tạ gives 234.2 tấn, not 234.20000000000002.
 *
 * Units not in the table ("xã", "vụ", "hộ", "con", "công trình") are compared folded; a
 * "nghìn"/"ngàn"/"triệu" prefix multiplies any unit ("nghìn con" = 1000 × "con").
 *
 * "sào" is never converted: it is 360 m² in the North (Bắc Bộ), 500 m² in the Centre (Trung Bộ)
 * and 1 000 m² (the "công") in the South, and nothing in a workbook says which is meant.
 */
import { memoString } from '../util/memo';

/** Fold a unit for comparison: case, diacritics, đ, superscripts, spaces and punctuation ("Tr.đồng" → "trdong", "m²" → "m2"). */
export const foldUnit: (unit: string) => string = memoString((unit: string): string =>
  unit
    .replace(/²/g, '2')
    .replace(/³/g, '3')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9%]+/g, ''),
);

export interface UnitInfo {
  /** Dimension: 'money', 'mass', 'area', 'length', 'people', 'percent', or 'u:<folded>' for a unit not in the table. */
  dim: string;
  /** How many base units one of this unit is. */
  factor: number;
  /** Set when the unit cannot be converted safely (e.g. "sào"): the reason's key. */
  ambiguous?: 'sao';
}

const TABLE: Record<string, [string, number]> = {};
function def(dim: string, factor: number, ...names: string[]): void {
  for (const n of names) TABLE[foldUnit(n)] = [dim, factor];
}

def('money', 1, 'đồng', 'đ', 'vnd', 'vnđ', 'dong');
def('money', 1e3, 'nghìn đồng', 'ngàn đồng', 'nghìn đ', 'ngàn đ', '1000 đ', '1000 đồng', '1.000 đồng', '1.000 đ', 'ng.đ', 'ngđ', 'nghìn vnđ');
def('money', 1e6, 'triệu đồng', 'triệu', 'triệu đ', 'tr.đồng', 'tr đồng', 'trđ', 'tr.đ', 'tr', 'tr.', 'triệu vnđ');
def('money', 1e9, 'tỷ đồng', 'tỉ đồng', 'tỷ', 'tỉ', 'tỷ đ', 'tỉ đ', 'tỷ vnđ');
def('mass', 1, 'g', 'gam', 'gram');
def('mass', 1e3, 'kg', 'kilogam', 'kilôgam', 'kilogram');
def('mass', 1e4, 'yến');
def('mass', 1e5, 'tạ');
def('mass', 1e6, 'tấn');
def('mass', 1e9, 'nghìn tấn', 'ngàn tấn');
def('area', 1, 'm2', 'm²', 'mét vuông', 'met vuong');
def('area', 1e4, 'ha', 'hecta', 'héc ta', 'héc-ta', 'hécta');
def('area', 1e6, 'km2', 'km²', 'ki lô mét vuông');
def('length', 1, 'm', 'mét');
def('length', 1e3, 'km', 'ki lô mét', 'kilomet', 'kilômét');
def('people', 1, 'người', 'nhân khẩu', 'khẩu', 'lao động', 'lđ');
def('people', 1e3, 'nghìn người', 'ngàn người');
def('people', 1e6, 'triệu người');
def('percent', 1, '%', 'phần trăm', 'tỷ lệ', 'tỉ lệ', 'tỷ lệ %', 'tỉ lệ %');

const PREFIXES: [string, number][] = [
  ['nghin', 1e3],
  ['ngan', 1e3],
  ['trieu', 1e6],
];

/** Recognise a unit. Empty or blank text gives null. */
export function parseUnit(unit: string | null | undefined): UnitInfo | null {
  if (unit == null) return null;
  const p = parsedUnit(unit);
  return p && { ...p };
}

/** parseUnit once per distinct spelling (shared: callers get a copy). */
const parsedUnit = memoString(parseUnitOf);

function parseUnitOf(unit: string): UnitInfo | null {
  const f = foldUnit(unit);
  if (!f) return null;
  if (f === 'sao') return { dim: 'area', factor: NaN, ambiguous: 'sao' };
  const hit = TABLE[f];
  if (hit) return { dim: hit[0], factor: hit[1] };
  for (const [p, k] of PREFIXES) {
    if (f.length > p.length && f.startsWith(p)) {
      const rest = f.slice(p.length);
      if (rest === 'sao') return { dim: 'area', factor: NaN, ambiguous: 'sao' };
      const base = TABLE[rest];
      return base ? { dim: base[0], factor: base[1] * k } : { dim: 'u:' + rest, factor: k };
    }
  }
  return { dim: 'u:' + f, factor: 1 };
}

/** Same unit once folded ("Tr.đồng" and "triệu đồng", "tan" and "tấn", "m2" and "m²"). */
export function sameUnit(a: string | null | undefined, b: string | null | undefined): boolean {
  const pa = parseUnit(a), pb = parseUnit(b);
  if (!pa || !pb) return !pa && !pb;
  if (pa.ambiguous || pb.ambiguous) return foldUnit(a ?? '') === foldUnit(b ?? '');
  return pa.dim === pb.dim && pa.factor === pb.factor;
}

export type Conversion =
  | { ok: true; convert: (v: number) => number; /** 1 when the units are the same */ factor: number }
  | { ok: false; reason: 'incompatible' | 'ambiguous' };

const IDENTITY: Conversion = { ok: true, convert: (v) => v, factor: 1 };

/**
 * How to turn a value in unit `from` into unit `to`.
 * A missing unit on either side is taken to be the other one (the row did not say; the plan did not say).
 */
export function conversion(from: string | null | undefined, to: string | null | undefined): Conversion {
  if (from == null || to == null) return IDENTITY;
  return conversionOf(from + '\u0000' + to);
}

/** One conversion per distinct pair of spellings ("from\u0000to"); the Conversion objects are never changed. */
const conversionOf = memoString((pair: string): Conversion => {
  const cut = pair.indexOf('\u0000');
  return conversionBetween(pair.slice(0, cut), pair.slice(cut + 1));
});

function conversionBetween(from: string, to: string): Conversion {
  const pf = parsedUnit(from);
  const pt = parsedUnit(to);
  if (!pf || !pt) return IDENTITY;
  if (pf.ambiguous || pt.ambiguous) {
    // sào → sào is fine; sào → anything else is not
    return foldUnit(from ?? '') === foldUnit(to ?? '') ? IDENTITY : { ok: false, reason: 'ambiguous' };
  }
  if (pf.dim !== pt.dim) return { ok: false, reason: 'incompatible' };
  if (pf.factor === pt.factor) return IDENTITY;
  if (pf.factor > pt.factor) {
    const r = pf.factor / pt.factor;
    return { ok: true, convert: (v) => v * r, factor: r };
  }
  const d = pt.factor / pf.factor;
  return { ok: true, convert: (v) => v / d, factor: 1 / d };
}

/** Convert one value; null stays null. Returns undefined when the units cannot be converted. */
export function convertValue(v: number | null, from: string | null | undefined, to: string | null | undefined): number | null | undefined {
  const c = conversion(from, to);
  if (!c.ok) return undefined;
  return v === null ? null : c.convert(v);
}

/** The unit is a percentage ("%", "tỷ lệ %"). */
export function isPercentUnit(unit: string | null | undefined): boolean {
  return unit != null && parsedUnit(unit)?.dim === 'percent';
}

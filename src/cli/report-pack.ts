/**
 * A commune's report as a reading thread hands it to the main thread (read-pool.ts): its rows packed into
 * two typed arrays and one list of texts, the rest as it is. A structured clone of the rows (about 560
 * objects a file) cost the main thread as much to take in as reading the file itself (0.6–0.8 ms against
 * 0.9 ms a file, measured), so a second thread gained nothing on two cores; rebuilding them from the packed
 * form is a tenth of that (measured before ReadValue lost its SourceRef). unpackReport gives back the same objects, field for field, as the reader made
 * (test/cli/report-pack.test.ts); a report with anything the packing does not know travels as it is.
 */
import type { CellValue, CommuneReport, CommuneRow, ReadValue } from '../types';
import { intern } from '../util/memo';
import { TextTable } from '../util/text-table';

export interface PackedReport {
  /** The report without its rows. */
  report: CommuneReport;
  strings: string[];
  /** Per row: the fields below (ROW_INTS), then per value at hand VALUE_INTS more. */
  ints: Int32Array;
  /** Per value at hand: the number (NaN with the null flag for none) and the raw number. */
  nums: Float64Array;
  rows: number;
}

// a text field: its index in `strings`, NULL for null, ABSENT for a field the object does not have
const NULL = -1;
const ABSENT = -2;
// a yes/no field: 0, 1, or ABSENT_FLAG
const ABSENT_FLAG = 2;
// a value field (target, actual, previous): null, or at hand
const V_NULL = 1;
const V_HERE = 2;
// a raw value's kind
const RAW_NULL = 0;
const RAW_NUMBER = 1;
const RAW_TEXT = 2;
const RAW_TRUE = 3;
const RAW_FALSE = 4;

const ROW_KEYS = new Set(['code', 'name', 'unit', 'unitCell', 'target', 'actual', 'previous', 'note', 'estimate', 'sheet', 'row', 'subItem']);
const VALUE_KEYS = new Set(['value', 'raw', 'cell', 'note', 'boolean', 'percent']);
const REQUIRED_ROW_KEYS = ['code', 'name', 'unit', 'target', 'actual', 'previous', 'estimate', 'sheet', 'row'];
const VALUE_FIELDS = ['target', 'actual', 'previous'] as const;
/** code, name, unit, unitCell, note, sheet, row, estimate, subItem, then the three values' states. */
const ROW_INTS = 12;
/** value null?, raw kind, raw text, note, boolean, percent, cell. */
const VALUE_INTS = 7;

class Packer {
  readonly texts = new TextTable();
  ints: Int32Array;
  nums: Float64Array;
  ni = 0;
  nn = 0;

  constructor(rows: number) {
    this.ints = new Int32Array(rows * (ROW_INTS + 3 * VALUE_INTS));
    this.nums = new Float64Array(rows * 6);
  }

  text(s: unknown, has: boolean): number | null {
    if (!has) return ABSENT;
    if (s === null) return NULL;
    return typeof s === 'string' ? this.texts.id(s) : null;
  }
}

function flag(v: unknown, has: boolean): number | null {
  if (!has) return ABSENT_FLAG;
  return v === true ? 1 : v === false ? 0 : null;
}

/** Whether every own key of `o` is one of `keys`. */
function knownKeys(o: object, keys: Set<string>): boolean {
  for (const k in o) if (!keys.has(k)) return false;
  return true;
}

function packValue(p: Packer, v: ReadValue): boolean {
  if (!knownKeys(v, VALUE_KEYS)) return false;
  const raw = v.raw;
  const kind = raw === null ? RAW_NULL : typeof raw === 'number' ? RAW_NUMBER : typeof raw === 'string' ? RAW_TEXT : raw === true ? RAW_TRUE : raw === false ? RAW_FALSE : -1;
  const value = v.value;
  if (kind < 0 || !(value === null || typeof value === 'number')) return false;
  const rawText = kind === RAW_TEXT ? p.text(raw, true) : NULL;
  const note = p.text(v.note, 'note' in v);
  const boolean = flag(v.boolean, 'boolean' in v);
  const percent = flag(v.percent, 'percent' in v);
  const cell = p.text(v.cell, 'cell' in v);
  // the cell is a text; the note may be absent
  if (rawText === null || note === null || note === NULL || boolean === null || percent === null) return false;
  if (cell === null || cell < 0) return false;
  const ints = p.ints;
  let i = p.ni;
  ints[i++] = value === null ? 1 : 0;
  ints[i++] = kind;
  ints[i++] = rawText;
  ints[i++] = note;
  ints[i++] = boolean;
  ints[i++] = percent;
  ints[i++] = cell;
  p.ni = i;
  p.nums[p.nn++] = value === null ? NaN : value;
  p.nums[p.nn++] = kind === RAW_NUMBER ? (raw as number) : NaN;
  return true;
}

function packRow(p: Packer, row: CommuneRow): boolean {
  if (!row || typeof row !== 'object' || !knownKeys(row, ROW_KEYS) || !Number.isInteger(row.row) || Math.abs(row.row) > 2 ** 31 - 1) return false;
  // the fields every reader sets must be there; unitCell, note and subItem may be absent
  for (const k of REQUIRED_ROW_KEYS) if (!(k in row)) return false;
  const code = p.text(row.code, true);
  const name = p.text(row.name, true);
  const unit = p.text(row.unit, true);
  const unitCell = p.text(row.unitCell, 'unitCell' in row);
  const note = p.text(row.note, 'note' in row);
  const sheet = p.text(row.sheet, true);
  const estimate = flag(row.estimate, true);
  const subItem = flag(row.subItem, 'subItem' in row);
  if (code === null || name === null || name < 0 || unit === null || unitCell === null || note === null || note === NULL) return false;
  if (sheet === null || sheet < 0 || estimate === null || subItem === null) return false;
  const ints = p.ints;
  const at = p.ni;
  ints[at] = code;
  ints[at + 1] = name;
  ints[at + 2] = unit;
  ints[at + 3] = unitCell;
  ints[at + 4] = note;
  ints[at + 5] = sheet;
  ints[at + 6] = row.row;
  ints[at + 7] = estimate;
  ints[at + 8] = subItem;
  p.ni = at + ROW_INTS;
  for (let k = 0; k < 3; k++) {
    const v = row[VALUE_FIELDS[k]];
    if (v === null) ints[at + 9 + k] = V_NULL;
    else if (typeof v === 'object' && packValue(p, v)) ints[at + 9 + k] = V_HERE;
    else return false;
  }
  return true;
}

/** The report with its rows packed, or null when they hold what the packing does not know (then send it as it is). */
export function packReport(report: CommuneReport): PackedReport | null {
  const rows = report.rows;
  if (!Array.isArray(rows)) return null;
  const p = new Packer(rows.length);
  for (const row of rows) if (!packRow(p, row)) return null;
  return { report: { ...report, rows: [] }, strings: p.texts.list, ints: p.ints.slice(0, p.ni), nums: p.nums.slice(0, p.nn), rows: rows.length };
}

/** The report packReport was given, rebuilt (texts kept in rows shared across files, as the reader keeps them). */
export function unpackReport(packed: PackedReport): CommuneReport {
  const { ints, nums } = packed;
  // the row's own texts are shared between files (util/memo.ts intern), as the reader shares them
  const strings = packed.strings.map((s) => intern(s));
  const rows: CommuneRow[] = new Array(packed.rows);
  let ni = 0;
  let nn = 0;
  const value = (): ReadValue => {
    const kind = ints[ni + 1];
    const raw: CellValue = kind === RAW_NUMBER ? nums[nn + 1] : kind === RAW_TEXT ? strings[ints[ni + 2]] : kind === RAW_TRUE ? true : kind === RAW_FALSE ? false : null;
    const v: ReadValue = { value: ints[ni] ? null : nums[nn], raw, cell: strings[ints[ni + 6]] };
    if (ints[ni + 3] !== ABSENT) v.note = strings[ints[ni + 3]];
    if (ints[ni + 4] !== ABSENT_FLAG) v.boolean = ints[ni + 4] === 1;
    if (ints[ni + 5] !== ABSENT_FLAG) v.percent = ints[ni + 5] === 1;
    ni += VALUE_INTS;
    nn += 2;
    return v;
  };
  const text = (i: number): string | null => (i >= 0 ? strings[i] : null);
  for (let r = 0; r < packed.rows; r++) {
    const at = ni;
    ni += ROW_INTS;
    const target = ints[at + 9] === V_HERE ? value() : null;
    const actual = ints[at + 10] === V_HERE ? value() : null;
    const previous = ints[at + 11] === V_HERE ? value() : null;
    const code = text(ints[at]);
    const name = strings[ints[at + 1]];
    const unit = text(ints[at + 2]);
    const estimate = ints[at + 7] === 1;
    const sheet = strings[ints[at + 5]];
    // in the reader's order of fields, unitCell where it set one
    const row: CommuneRow =
      ints[at + 3] === ABSENT
        ? { code, name, unit, target, actual, previous, estimate, sheet, row: ints[at + 6] }
        : { code, name, unit, unitCell: text(ints[at + 3]), target, actual, previous, estimate, sheet, row: ints[at + 6] };
    if (ints[at + 4] !== ABSENT) row.note = strings[ints[at + 4]];
    if (ints[at + 8] !== ABSENT_FLAG) row.subItem = ints[at + 8] === 1;
    rows[r] = row;
  }
  return { ...packed.report, rows };
}

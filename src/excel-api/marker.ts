/**
 * The sheet marker: a worksheet custom property that tells tonghop's own output sheets (and the run that
 * wrote them) from the user's, and the check of which ExcelApi requirement sets are there.
 */

/** Key of the worksheet custom property marking tonghop's own sheets. */
export const MARKER_KEY = 'tonghop';

export interface SheetMarker {
  app: 'tonghop';
  v: 1;
  /** The run key (long keys shortened, see markerRunKey). */
  run: string;
  /** SheetSpec.key: "summary", "detail", ... */
  key: string;
}

/**
 * Whether ExcelApi 1.<minor> is available. Outside Office (no Office global: tests, tools) a
 * current Excel is assumed.
 */
export function apiSupported(minor: number): boolean {
  const office = (globalThis as { Office?: { context?: { requirements?: { isSetSupported?: (n: string, v?: string) => boolean } } } }).Office;
  const req = office?.context?.requirements;
  if (!req || typeof req.isSetSupported !== 'function') return true;
  try {
    return !!req.isSetSupported('ExcelApi', `1.${minor}`);
  } catch {
    return false;
  }
}

function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** The run key as stored in the marker (keys over 160 characters: first 150 + a hash). */
export function markerRunKey(runKey: string): string {
  const k = runKey.normalize('NFC');
  return k.length <= 160 ? k : `${k.slice(0, 150)}#${hash(k)}`;
}

export function markerValue(runKey: string, key: string): string {
  const m: SheetMarker = { app: 'tonghop', v: 1, run: markerRunKey(runKey), key };
  return JSON.stringify(m);
}

/** The marker in a custom property's value, or null when it is not tonghop's. */
export function parseMarker(value: unknown): SheetMarker | null {
  if (typeof value !== 'string') return null;
  try {
    const m = JSON.parse(value) as Partial<SheetMarker>;
    if (m && m.app === 'tonghop' && typeof m.run === 'string') return { app: 'tonghop', v: 1, run: m.run, key: typeof m.key === 'string' ? m.key : '' };
  } catch {
    /* not ours */
  }
  return null;
}

// ───────────────────────────── Below ExcelApi 1.12: the run register ─────────────────────────────
//
// Without worksheet custom properties (ExcelApi 1.12), tonghop keeps its own record in a very hidden
// sheet (visibility is ExcelApi 1.1 to read, 1.2 to set): one row per output sheet,
//   A: the run key (text)   B: SheetSpec.key (text)   C: ='<the sheet>'!$A$1
// Column C is a formula, so Excel itself keeps it pointing at the sheet when the user renames it, and
// turns it into #REF! when the sheet is deleted. Everything it needs is ExcelApi 1.1–1.2, so re-runs
// replace rather than pile up on every version.

/** Name of the very hidden sheet holding the register (never offered as a source). */
export const REGISTER_SHEET = 'tonghop-runs';

/** The register formula pointing at a sheet. */
export function registerRef(sheet: string): string {
  return `='${sheet.replace(/'/g, "''")}'!$A$1`;
}

/** The sheet a register formula points at, or null (#REF!, not ours). */
export function sheetOfRegisterRef(formula: unknown): string | null {
  if (typeof formula !== 'string') return null;
  const q = /^='((?:[^']|'')+)'!\$?A\$?1$/.exec(formula.trim());
  if (q) return q[1].replace(/''/g, "'");
  const p = /^=([^'!#=]+)!\$?A\$?1$/.exec(formula.trim());
  return p ? p[1] : null;
}

export interface RegisterRow {
  run: string;
  key: string;
  sheet: string;
}

/** The register's rows as read from its used range's formulas (rows whose sheet is gone are dropped). */
export function parseRegister(formulas: unknown[][] | null | undefined): RegisterRow[] {
  const out: RegisterRow[] = [];
  for (const row of formulas ?? []) {
    const run = row?.[0];
    const key = row?.[1];
    const sheet = sheetOfRegisterRef(row?.[2]);
    if (typeof run === 'string' && run && sheet) out.push({ run, key: typeof key === 'string' ? key : '', sheet });
  }
  return out;
}

/**
 * Queue the read of the register (when the sheet exists): call after the worksheets' names are loaded;
 * the returned function, called after the next sync, gives sheet name (lower case) → marker.
 */
export function queueRegisterRead(sheets: Excel.Worksheet[]): (() => Map<string, SheetMarker>) | null {
  const reg = sheets.find((ws) => ws.name === REGISTER_SHEET);
  if (!reg) return null;
  const used = reg.getUsedRange();
  used.load('formulas');
  return () => {
    const out = new Map<string, SheetMarker>();
    for (const r of parseRegister(used.formulas as unknown[][])) out.set(r.sheet.toLowerCase(), { app: 'tonghop', v: 1, run: r.run, key: r.key });
    return out;
  };
}

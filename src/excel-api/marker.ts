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

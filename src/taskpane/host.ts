/**
 * Is the page inside Excel? office.js comes from the Office CDN by a script tag; in an ordinary
 * browser it may be missing (offline, blocked) or load and report no host. We never wait on
 * Office.onReady for more than `timeoutMs`: then the page runs in browser mode.
 */

export type HostMode = { kind: 'excel' } | { kind: 'browser'; reason: 'no-office' | 'not-excel' | 'timeout' | 'no-excel-api' };

interface OfficeLike {
  onReady?: (cb?: (info: { host: unknown; platform: unknown }) => void) => Promise<{ host: unknown; platform: unknown }> | void;
  HostType?: { Excel?: unknown };
}

/** Decide the mode from the globals office.js defines (or not). Never rejects. */
export async function detectHost(g: Record<string, unknown> = globalThis as unknown as Record<string, unknown>, timeoutMs = 5000): Promise<HostMode> {
  const office = g.Office as OfficeLike | undefined;
  if (!office || typeof office.onReady !== 'function') return { kind: 'browser', reason: 'no-office' };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const ready = new Promise<{ host: unknown } | null>((resolve) => {
    try {
      const p = office.onReady!((info) => resolve(info ?? null));
      if (p && typeof (p as Promise<unknown>).then === 'function') (p as Promise<{ host: unknown }>).then((info) => resolve(info ?? null), () => resolve(null));
    } catch {
      resolve(null);
    }
  });
  const info = await Promise.race([ready, timeout]);
  if (timer !== undefined) clearTimeout(timer);
  if (info === 'timeout') return { kind: 'browser', reason: 'timeout' };
  const excelHost = office.HostType?.Excel ?? 'Excel';
  if (!info || info.host !== excelHost) return { kind: 'browser', reason: 'not-excel' };
  const excel = g.Excel as { run?: unknown } | undefined;
  if (!excel || typeof excel.run !== 'function') return { kind: 'browser', reason: 'no-excel-api' };
  return { kind: 'excel' };
}

/** The mode Office.onReady's answer means. */
function modeOf(g: Record<string, unknown>, info: { host: unknown } | null): HostMode {
  const office = g.Office as OfficeLike | undefined;
  const excelHost = office?.HostType?.Excel ?? 'Excel';
  if (!info || info.host !== excelHost) return { kind: 'browser', reason: 'not-excel' };
  const excel = g.Excel as { run?: unknown } | undefined;
  if (!excel || typeof excel.run !== 'function') return { kind: 'browser', reason: 'no-excel-api' };
  return { kind: 'excel' };
}

/**
 * Calls `cb` once, whenever Office.onReady answers — at once, after 20 s, or never (office.js missing,
 * failed or hanging). The page does not wait for it: it runs in browser mode meanwhile, and switches to
 * Excel mode when `cb` gets { kind: 'excel' }. office.js is loaded async by boot.js (script#office-js),
 * so it may arrive before or after this is called.
 */
export function whenOfficeReady(
  cb: (mode: HostMode) => void,
  g: Record<string, unknown> = globalThis as unknown as Record<string, unknown>,
  doc: Pick<Document, 'getElementById'> | null = typeof document === 'undefined' ? null : document,
): void {
  let done = false;
  const answer = (info: { host: unknown } | null) => {
    if (done) return;
    done = true;
    cb(modeOf(g, info));
  };
  const ask = (): boolean => {
    const office = g.Office as OfficeLike | undefined;
    if (!office || typeof office.onReady !== 'function') return false;
    try {
      const p = office.onReady((info) => answer(info ?? null));
      if (p && typeof (p as Promise<unknown>).then === 'function') (p as Promise<{ host: unknown }>).then((info) => answer(info ?? null), () => answer(null));
    } catch {
      answer(null);
    }
    return true;
  };
  if (ask()) return;
  const script = doc?.getElementById('office-js');
  if (script) script.addEventListener('load', () => void ask(), { once: true });
}

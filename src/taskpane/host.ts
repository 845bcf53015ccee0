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

/** The pane's result texts: counts of indicators (not rows), yes/no indicators, English words, late Office. */
import { describe, expect, it } from 'vitest';
import type { Shortfall } from '../../src/types';
import { isYesNo, moreBehind, parentText, unitText } from '../../src/taskpane/model';
import { whenOfficeReady } from '../../src/taskpane/host';

const sf = (commune: string | null, code: string): Shortfall => ({ commune, code, name: `Chỉ tiêu ${code}`, unit: 'xã', actual: 0, target: 1, completionPct: 0, expectedPct: 50, gap: 1 });

describe('shortfalls left after the ones shown', () => {
  it('counts indicators once however many communes are behind on them', () => {
    // 15 indicators, each behind in 5 communes: 75 rows, 15 indicators.
    const all: Shortfall[] = [];
    for (let k = 1; k <= 15; k++) for (let c = 1; c <= 5; c++) all.push(sf(`Xã ${c}`, `K${k}`));
    const shown = all.filter((s) => s.code === 'K1' || s.code === 'K2').slice(0, 10);
    expect(moreBehind(all, shown)).toEqual({ indicators: 13, rows: 0 });
    const shownFew = [all[0], all[5]]; // K1 and K2 in one commune each
    expect(moreBehind(all, shownFew)).toEqual({ indicators: 13, rows: 8 });
    expect(moreBehind(all, all)).toEqual({ indicators: 0, rows: 0 });
  });
});

describe('words of the data in the pane language', () => {
  it('yes/no indicators are the ones combined as "Số xã đạt"', () => {
    expect(isYesNo('Số xã đạt')).toBe(true);
    expect(isYesNo('Tổng')).toBe(false);
    expect(isYesNo(undefined)).toBe(false);
  });
  it('the parent and the common units in English; others as written', () => {
    expect(parentText('Toàn huyện', 'en')).toBe('Whole district');
    expect(parentText('Toàn tỉnh', 'en')).toBe('Whole province');
    expect(parentText('Toàn huyện', 'vi')).toBe('Toàn huyện');
    expect(parentText('Huyện Tân Phong', 'en')).toBe('Huyện Tân Phong');
    expect(unitText('xã', 'en')).toBe('communes');
    expect(unitText('triệu đồng', 'en')).toBe('million VND');
    expect(unitText('Hộ', 'en')).toBe('households');
    expect(unitText('xã', 'vi')).toBe('xã');
    expect(unitText('bao', 'en')).toBe('bao');
  });
});

describe('whenOfficeReady: the page never waits, a late answer still counts', () => {
  it('office.js arriving after the page: Excel mode when its script loads and onReady answers, however late', async () => {
    const g: Record<string, unknown> = {};
    const listeners: (() => void)[] = [];
    const doc = { getElementById: (id: string) => (id === 'office-js' ? ({ addEventListener: (_: string, f: () => void) => listeners.push(f) } as unknown as HTMLElement) : null) };
    const modes: unknown[] = [];
    whenOfficeReady((m) => modes.push(m), g, doc);
    expect(modes).toEqual([]);
    g.Office = { HostType: { Excel: 'Excel' }, onReady: () => new Promise((r) => setTimeout(() => r({ host: 'Excel' }), 30)) };
    g.Excel = { run: () => undefined };
    listeners.forEach((f) => f());
    await new Promise((r) => setTimeout(r, 60));
    expect(modes).toEqual([{ kind: 'excel' }]);
  });
  it('no office.js at all: never called, nothing waits', () => {
    const modes: unknown[] = [];
    whenOfficeReady((m) => modes.push(m), {}, { getElementById: () => null });
    expect(modes).toEqual([]);
  });
  it('office.js in an ordinary browser: browser mode', async () => {
    const modes: unknown[] = [];
    whenOfficeReady((m) => modes.push(m), { Office: { onReady: () => Promise.resolve({ host: null }) } }, null);
    await new Promise((r) => setTimeout(r, 0));
    expect(modes).toEqual([{ kind: 'browser', reason: 'not-excel' }]);
  });
});

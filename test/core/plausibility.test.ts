import { describe, expect, it } from 'vitest';
import { checkPlausibility, slipFactor, type PlausibleIndicator, type PlausibleRow } from '../../src/core/plausibility';

const money: PlausibleIndicator = { label: 'KT01 Thu ngân sách', name: 'Thu ngân sách', unit: 'triệu đồng', direction: 'up', kind: 'flow' };
const rate: PlausibleIndicator = { label: 'XH01 Tỷ lệ hộ nghèo', name: 'Tỷ lệ hộ nghèo', unit: '%', direction: 'down', kind: 'level' };
const growth: PlausibleIndicator = { label: 'KT09 Tốc độ tăng trưởng', name: 'Tốc độ tăng trưởng kinh tế', unit: '%', direction: 'up', kind: 'level' };

const at = (cell: string) => ({ file: 'a.xlsx', sheet: 'S', cell });
const row = (commune: string, actual: number | null, target: number | null, previous: number | null = null): PlausibleRow => ({
  commune, actual, target, previous, at: { actual: at('F' + commune.length), target: at('E' + commune.length), previous: at('G' + commune.length) },
});

describe('plausibility (FORMATS.md "Never silently wrong")', () => {
  it('slipFactor: about 10³ or 10⁶ either way, within a factor of 2', () => {
    expect(slipFactor(1000)).toBe(1000);
    expect(slipFactor(1 / 980)).toBe(1000);
    expect(slipFactor(1.2e6)).toBe(1000000);
    expect(slipFactor(3)).toBeNull();
    expect(slipFactor(100)).toBeNull();
    expect(slipFactor(0)).toBeNull();
  });

  it('a magnitude no indicator has is an error and the value is not used; others are kept', () => {
    const rows = [row('A', 1e308, 800), row('B', 350, 800)];
    const issues = checkPlausibility(money, rows);
    expect(issues.map((i) => [i.severity, i.code, i.cell, i.commune])).toEqual([['error', 'implausible_value', 'F1', 'A']]);
    expect(rows[0].actual).toBeNull();
    expect(rows[1].actual).toBe(350);
  });

  it('negative amounts and targets are warnings at their cells, the values are used', () => {
    const rows = [row('A', -5, 800), row('BB', 10, -3)];
    const issues = checkPlausibility(money, rows);
    expect(issues.map((i) => [i.code, i.cell])).toEqual([['negative_value', 'F1'], ['negative_value', 'E2']]);
    expect(rows[0].actual).toBe(-5);
  });

  it('a rate over 100 % is a warning; a growth rate may leave 0–100 %', () => {
    expect(checkPlausibility(rate, [row('A', 120, 2)]).map((i) => i.code)).toEqual(['rate_out_of_range']);
    expect(checkPlausibility(growth, [row('A', 130, 7), row('BB', -2, 7)])).toEqual([]);
  });

  it('the đồng / triệu slip: about 1.000 times the commune\'s own same-period figure', () => {
    const issues = checkPlausibility(money, [row('A', 1_379_600, 2790, 1370)]);
    expect(issues.map((i) => [i.code, i.cell])).toEqual([['unit_slip', 'F1']]);
    expect(issues[0].message).toContain('1.000 lần');
  });

  it('the slip against the peers (actual / target) when there is no same-period figure', () => {
    const rows = [row('A', 400, 800), row('BB', 500, 900), row('CCC', 350, 700), row('DDDD', 450_000, 850)];
    expect(checkPlausibility(money, rows).map((i) => [i.code, i.commune])).toEqual([['unit_slip', 'DDDD']]);
  });

  it('an actual many times the annual target is a warning; ordinary figures give nothing', () => {
    expect(checkPlausibility(money, [row('A', 4500, 800)]).map((i) => i.code)).toEqual(['far_above_target']);
    expect(checkPlausibility(money, [row('A', 500, 800, 450), row('BB', 900, 800, 850)])).toEqual([]);
  });
});

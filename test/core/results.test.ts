/**
 * The communes' results kept in columns (src/core/results.ts): consolidate's IndicatorResults give the same figures
 * through their columns as through the objects `communes` makes of them, the writers write the same outputs from
 * either, and asking for the objects makes them the truth (a change to them is what is written).
 */
import { describe, expect, it } from 'vitest';
import { consolidate } from '../../src/core/consolidate';
import { attachResults, CommuneResults, communeResults, keptResults, withoutCommunes, withPreviousSource, type CommuneFigures } from '../../src/core/results';
import { runPipeline } from '../../src/pipeline';
import type { CommuneResult, IndicatorResult, Report } from '../../src/types';
import { jsonChunks, reportToJson, reportToJsonForWriting } from '../../src/write/json';
import { packedJsonChunks, packReportJson } from '../../src/write/json-pack';
import { buildSheets } from '../../src/write/sheets';
import { behindSentences, buildNarrative } from '../../src/write/narrative';
import { commune, ind, NOW, P, plan, rv } from './fixtures';
import { lastYearReports, planFile, thisYearFiles } from '../pipeline/previous-fixture';

/** Communes behind, met, without data, estimates, notes, an unknown commune, a yes/no indicator. */
function fixtureReport(): Report {
  const pp = plan(['Thanh Hà', 'Liêm Sơn', 'Kiện Khê', 'Liêm Cần'], [
    ind('KT01', 'Thu ngân sách', 'triệu đồng', { targets: { 'Thanh Hà': 1000, 'Liêm Sơn': 800, 'Kiện Khê': 600, 'Liêm Cần': 500 } }),
    ind('KT02', 'Tỷ lệ hộ nghèo', '%', { agg: 'mean', dir: 'down', kind: 'level', targets: { 'Thanh Hà': 3, 'Liêm Sơn': 4, 'Kiện Khê': 2 } }),
    ind('NT01', 'Xã đạt chuẩn nông thôn mới', 'xã', { agg: 'count_met', kind: 'level', targets: { 'Thanh Hà': 1, 'Liêm Sơn': 1, 'Kiện Khê': 1, 'Liêm Cần': 1 } }),
  ]);
  const rows = (a: number | null, b: number | null, c: number | null, extra: { note?: string; estimate?: boolean } = {}) => [
    { code: 'KT01', name: 'Thu ngân sách', unit: 'triệu đồng', actual: a === null ? null : rv(a, a > 500 ? { raw: `trên ${a}`, note: 'trên' } : {}), previous: a === null ? null : a - 10, ...extra },
    { code: 'KT02', name: 'Tỷ lệ hộ nghèo', unit: '%', actual: b, previous: b === null ? null : b + 0.5 },
    { code: 'NT01', name: 'Xã đạt chuẩn nông thôn mới', unit: 'xã', actual: c },
  ];
  return consolidate({
    communes: [
      commune('th.xlsx', 'Thanh Hà', P.quarter(1), rows(700, 2.5, 1, { note: 'số liệu sơ bộ', estimate: true })),
      commune('ls.xlsx', 'Liêm Sơn', P.quarter(1), rows(100, 6.25, 0)),
      commune('kk.xlsx', 'Kiện Khê', P.quarter(1), rows(null, -0, null)),
      commune('la.xlsx', 'Xã Lạ', P.quarter(1), rows(40, 1, 1)),
    ],
    plan: pp,
    now: NOW,
  });
}

/** The same report with every indicator's objects asked for (so written from the objects, not the columns). */
function asObjects(r: Report): Report {
  for (const i of r.indicators) void i.communes;
  return r;
}

async function previousReport(): Promise<Report> {
  const res = await runPipeline({ plan: await planFile(), communes: await thisYearFiles(), previous: await lastYearReports(), now: new Date('2025-07-05T00:00:00Z') });
  return res.report;
}

const packedText = (r: Report) => [...packedJsonChunks(packReportJson(r, 'vi', { run: 'k' }))].join('');
const mainText = (r: Report) => [...jsonChunks(reportToJsonForWriting(r, 'vi', { run: 'k' }), 0)].join('');

describe('CommuneResults', () => {
  it('gives back every figure it was given, nulls, −0, absent gaps, notes, estimates and previous sources included', () => {
    const figures: CommuneFigures[] = [
      { commune: 'A', target: 100, actual: 54.5, completionPct: 54.5, status: 'behind', gap: 20.5, previous: 50, changePct: 9, source: { file: 'a.xlsx', sheet: 'S', cell: 'E5' }, previousSource: { kind: 'own', source: null }, note: 'trên', estimate: true },
      { commune: 'B', target: null, actual: -0, completionPct: null, status: 'no_target', gap: undefined, previous: null, changePct: null, source: null, previousSource: undefined, note: undefined, estimate: false },
      { commune: 'C', target: 0, actual: null, completionPct: null, status: 'no_data', gap: undefined, previous: 1e-300, changePct: null, source: null, previousSource: undefined, note: undefined, estimate: false },
      { commune: 'D', target: 5, actual: 5, completionPct: 100, status: 'met', gap: undefined, previous: 4, changePct: 25, source: null, previousSource: undefined, note: undefined, estimate: false },
      { commune: 'E', target: 5, actual: 4, completionPct: 80, status: 'on_track', gap: undefined, previous: 4, changePct: 0, source: null, previousSource: undefined, note: undefined, estimate: false },
    ];
    const cols = new CommuneResults(figures.length, 75);
    figures.forEach((f, j) => cols.set(j, f));
    figures.forEach((f, j) => {
      const got = cols.at(j);
      expect(got).toEqual({ ...f, expectedPct: 75, estimate: f.estimate || undefined });
      expect(Object.is(got.actual, f.actual)).toBe(true);
      expect([cols.commune(j), cols.status(j), cols.actual(j), cols.completionPct(j)]).toEqual([f.commune, f.status, f.actual, f.completionPct]);
    });
    // the rare columns are made only when some commune needs them
    const plain = new CommuneResults(2, 100);
    plain.set(0, figures[1]);
    plain.set(1, figures[3]);
    expect([plain.notes, plain.previousSources]).toEqual([null, null]);
  });
});

describe('consolidate keeps the results in columns', () => {
  it('the columns and the objects made of them agree, figure for figure', async () => {
    for (const r of [fixtureReport(), await previousReport()]) {
      for (const i of r.indicators) {
        const cols = keptResults(i);
        expect(cols).not.toBeNull();
        const view = communeResults(i);
        const rows = Array.from({ length: view.length }, (_, j) => [view.commune(j), view.status(j), view.actual(j), view.completionPct(j), view.at(j)]);
        // asking for the objects: the columns are let go, the view now reads the objects
        const objs = i.communes;
        expect(keptResults(i)).toBeNull();
        expect(objs).toHaveLength(cols!.length);
        const again = communeResults(i);
        expect(Array.from({ length: again.length }, (_, j) => [again.commune(j), again.status(j), again.actual(j), again.completionPct(j), again.at(j)])).toEqual(rows);
        expect(i.communes).toBe(objs); // made once
      }
    }
  });

  it('the objects are those of before the columns: one shape, the rare fields present and undefined', () => {
    const r = fixtureReport();
    const kt01 = r.indicators[0].communes;
    expect(kt01.map((c) => c.commune)).toEqual(['Thanh Hà', 'Liêm Sơn', 'Kiện Khê', 'Liêm Cần', 'Xã Lạ']);
    for (const c of kt01) expect(Object.keys(c).sort()).toEqual(['actual', 'changePct', 'commune', 'completionPct', 'estimate', 'expectedPct', 'gap', 'note', 'previous', 'previousSource', 'source', 'status', 'target']);
    expect(kt01[0]).toMatchObject({ commune: 'Thanh Hà', target: 1000, actual: 700, completionPct: 70, expectedPct: 25, status: 'on_track', previous: 690, note: 'trên; số liệu sơ bộ', estimate: true, source: { file: 'th.xlsx', sheet: 'Sheet1', cell: 'E5' } });
    expect(kt01[1]).toMatchObject({ commune: 'Liêm Sơn', actual: 100, status: 'behind', gap: 100, note: undefined, estimate: undefined });
    expect(kt01[2]).toMatchObject({ commune: 'Kiện Khê', actual: null, status: 'no_data', gap: undefined, previous: null, changePct: null, source: null });
    expect(kt01[3]).toMatchObject({ commune: 'Liêm Cần', target: 500, actual: null, status: 'no_data' });
    expect(Object.is(r.indicators[1].communes[2].actual, -0)).toBe(true);
  });

  it('the writers write the same from the columns as from the objects: JSON (both ways), sheets, narrative', async () => {
    for (const make of [fixtureReport, previousReport]) {
      const a = await make(), b = asObjects(await make());
      const c = await make();
      expect(packedText(a)).toBe(packedText(b));
      expect(mainText(c)).toBe(packedText(b));
      expect(JSON.stringify(reportToJson(await make(), 'en'))).toBe(JSON.stringify(reportToJson(b, 'en')));
      expect(buildSheets(await make(), 'vi')).toEqual(buildSheets(b, 'vi'));
      expect(buildNarrative(await make(), 'en')).toEqual(buildNarrative(b, 'en'));
    }
    // and what they write from the columns is right: the commune behind marked and named, those on track not
    const r = fixtureReport();
    const detail = buildSheets(r, 'vi').find((s) => s.key === 'detail')!;
    const kt01 = detail.rows.find((row) => row[1]?.v === 'KT01')!;
    // STT, code, name, unit, expected %, the parent's pair, then Thanh Hà's pair, Liêm Sơn's
    expect([kt01[7]?.v, kt01[7]?.style, kt01[9]?.v, kt01[9]?.style]).toEqual([700, 'num', 100, 'behindNum']);
    const behind = behindSentences(r, 'vi').join(' ');
    expect(behind).toContain('Liêm Sơn (12,5%)');
    expect(behind).not.toContain('Thanh Hà (');
  });

  it('writing and summing up never make the objects', async () => {
    const r = await previousReport();
    packReportJson(r, 'vi');
    buildSheets(r, 'vi');
    buildNarrative(r, 'vi');
    [...jsonChunks(reportToJsonForWriting(r, 'en'), 0)].join('');
    r.indicators.map(withoutCommunes);
    r.indicators.forEach(withPreviousSource);
    for (const i of r.indicators) expect(keptResults(i)).not.toBeNull();
    // withoutCommunes: every other field, in its order
    const i = r.indicators[0];
    const bare = withoutCommunes(i);
    expect('communes' in bare).toBe(false);
    expect(Object.keys(bare)).toEqual(Object.keys(i).filter((k) => k !== 'communes'));
  });

  it('once asked for, the objects are the results: a change to them, or new ones assigned, is what is written', () => {
    const r = fixtureReport();
    const kt01 = r.indicators[0];
    kt01.communes[1].actual = 12345;
    kt01.communes[1].status = 'met';
    expect(JSON.parse(packedText(r)).indicators[0].communes[1]).toMatchObject({ actual: 12345, status: 'met' });
    expect(buildSheets(r, 'vi').find((s) => s.key === 'detail')!.rows.flat().some((c) => c?.v === 12345)).toBe(true);

    const nt01 = r.indicators[2];
    const mine: CommuneResult = { ...nt01.communes[0], commune: 'Xã Mới', actual: 1 };
    const other = fixtureReport().indicators[2];
    other.communes = [mine];
    expect(keptResults(other)).toBeNull();
    expect(communeResults(other).at(0)).toBe(mine);
    expect(JSON.parse(mainText({ ...r, indicators: [other] })).indicators[0].communes).toHaveLength(1);
  });

  it('a hand-made indicator (no columns) is read through its objects', () => {
    const list: CommuneResult[] = [{ commune: 'A', target: 2, actual: 1, completionPct: 50, expectedPct: 100, status: 'behind', gap: 1, previous: null, changePct: null }];
    const hand = { ...withoutCommunes(fixtureReport().indicators[0]), communes: list } as IndicatorResult;
    expect(keptResults(hand)).toBeNull();
    const v = communeResults(hand);
    expect([v.length, v.commune(0), v.status(0), v.actual(0), v.completionPct(0), v.at(0)]).toEqual([1, 'A', 'behind', 1, 50, list[0]]);
    // attaching columns to it: they are read until the objects are asked for
    const cols = new CommuneResults(1, 100);
    cols.set(0, { commune: 'B', target: 4, actual: 4, completionPct: 100, status: 'met', gap: undefined, previous: null, changePct: null, source: null, previousSource: undefined, note: undefined, estimate: false });
    attachResults(hand, cols);
    expect(communeResults(hand).commune(0)).toBe('B');
    expect(hand.communes[0].commune).toBe('B');
  });
});

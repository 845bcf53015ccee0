/**
 * The formulas we write must compute, in a real spreadsheet program, the numbers we cache for them.
 * LibreOffice (headless, private profile set to always recalculate on load) opens the workbook and
 * saves it again as .xlsx; exceljs then reads LibreOffice's freshly computed results.
 * A sentinel formula with a deliberately wrong cached result proves the recalculation took place.
 * Skipped, saying so, only when `soffice` is not on PATH.
 */
import ExcelJS from 'exceljs';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { xlsxFromSheets } from '../reference/exceljs-write';
import { cellAddress } from '../../src/util/address';
import { buildSheets } from '../../src/write/sheets';
import type { IndicatorResult, Report, SheetSpec, Status } from '../../src/types';
import { HOSTILE_COMMUNE, makeReport } from './fixture';

function findSoffice(): string | null {
  const r = spawnSync('sh', ['-c', 'command -v soffice || command -v libreoffice'], { encoding: 'utf8' });
  const p = r.status === 0 ? r.stdout.trim().split('\n')[0] : '';
  return p || null;
}

const soffice = findSoffice();
if (!soffice) {
  console.warn('test/write/libreoffice.test.ts: skipped — soffice (LibreOffice) is not on PATH; install with `apt-get install -y libreoffice-calc`');
}

const RECALC_ALWAYS = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`;

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A report of many indicators with awkward numbers: decimals, tiny and huge values, nulls, zeros. */
function manyIndicators(n: number): Report {
  const rand = rng(20200630);
  const pick = (): number | null => {
    const k = rand();
    if (k < 0.08) return null;
    if (k < 0.12) return 0;
    if (k < 0.4) return Math.round(rand() * 100000) / 10; // one decimal, like 9677.6
    if (k < 0.6) return Math.round(rand() * 1e7); // whole numbers
    if (k < 0.8) return rand() * 100; // full-precision rates
    return Math.round(rand() * 1e6) / 1e4; // tiny decimals
  };
  const indicators: IndicatorResult[] = [];
  const shortfalls: Report['shortfalls'] = [];
  for (let i = 0; i < n; i++) {
    const target = pick();
    const actual = pick();
    const previous = pick();
    const completionPct = target !== null && actual !== null && target !== 0 ? (actual / target) * 100 : null;
    const changePct = previous !== null && actual !== null && previous !== 0 ? (actual / previous - 1) * 100 : null;
    const status: Status = actual === null ? 'no_data' : !target ? 'no_target' : completionPct! >= 100 ? 'met' : completionPct! >= 50 ? 'on_track' : 'behind';
    indicators.push({
      code: `CT${String(i + 1).padStart(2, '0')}`,
      name: `Chỉ tiêu số ${i + 1}`,
      unit: 'triệu đồng',
      aggregation: 'Tổng',
      direction: 'Tăng',
      kind: 'Lũy kế',
      target,
      actual,
      completionPct,
      expectedPct: 50,
      previous,
      changePct,
      status,
      behindCount: 0,
      reportedCount: 0,
      communes: [],
    });
    if (status === 'behind') {
      shortfalls.push({ commune: i % 2 ? 'Xã A' : null, code: `CT${i + 1}`, name: `Chỉ tiêu số ${i + 1}`, unit: 'triệu đồng', actual: actual!, target: target!, completionPct: completionPct!, expectedPct: 50, gap: target! / 2 - actual! });
    }
  }
  return makeReport({ indicators, shortfalls, communes: [] });
}

const SENTINEL: SheetSpec = {
  key: 'sentinel',
  name: 'Sentinel',
  rows: [[{ v: 2 }, { v: 3 }, { v: 999, f: 'A1+B1' }]], // 999 is wrong on purpose: LibreOffice must say 5
  widths: [],
  merges: [],
  styles: {},
};

interface FormulaCheck {
  sheet: string;
  address: string;
  cached: number | string | boolean | null;
}

function formulaCells(specs: SheetSpec[]): FormulaCheck[] {
  const out: FormulaCheck[] = [];
  for (const s of specs) {
    if (s.key === 'sentinel') continue;
    s.rows.forEach((row, r) => row.forEach((c, col) => c?.f && out.push({ sheet: s.name, address: cellAddress(r, col), cached: c.v })));
  }
  return out;
}

const tmpDirs: string[] = [];
afterAll(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

/** Let LibreOffice open, recalculate and save the workbook; read its result back with exceljs. */
async function recalcWithLibreOffice(data: Uint8Array): Promise<ExcelJS.Workbook> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tonghop-lo-'));
  tmpDirs.push(dir);
  const profile = path.join(dir, 'profile');
  fs.mkdirSync(path.join(profile, 'user'), { recursive: true });
  fs.writeFileSync(path.join(profile, 'user', 'registrymodifications.xcu'), RECALC_ALWAYS);
  const input = path.join(dir, 'in.xlsx');
  const outDir = path.join(dir, 'out');
  fs.mkdirSync(outDir);
  fs.writeFileSync(input, data);
  const res = spawnSync(
    soffice!,
    [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--nologo', '--convert-to', 'xlsx', '--outdir', outDir, input],
    { encoding: 'utf8', timeout: 240_000, env: { ...process.env, HOME: dir } },
  );
  const out = path.join(outDir, 'in.xlsx');
  if (!fs.existsSync(out)) throw new Error(`soffice made no file (status ${res.status}, signal ${res.signal}): ${res.stdout}\n${res.stderr}\n${res.error ?? ''}`);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(fs.readFileSync(out) as any);
  return wb;
}

function close(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

function checkAgainst(wb: ExcelJS.Workbook, checks: FormulaCheck[]): string[] {
  const bad: string[] = [];
  for (const ch of checks) {
    const cell = wb.getWorksheet(ch.sheet)?.getCell(ch.address);
    if (!cell) {
      bad.push(`${ch.sheet}!${ch.address}: missing`);
      continue;
    }
    // cell.result, not cell.value.result: exceljs's value getter drops a result of 0, '' or false
    const got = cell.type === ExcelJS.ValueType.Formula ? cell.result : cell.value;
    if (ch.cached === '' || ch.cached === null) {
      if (!(got === '' || got === undefined || got === null)) bad.push(`${ch.sheet}!${ch.address}: cached "", LibreOffice ${JSON.stringify(got)}`);
    } else if (typeof ch.cached === 'number') {
      if (typeof got !== 'number' || !close(got, ch.cached)) bad.push(`${ch.sheet}!${ch.address}: cached ${ch.cached}, LibreOffice ${JSON.stringify(got)}`);
    } else if (got !== ch.cached) bad.push(`${ch.sheet}!${ch.address}: cached ${JSON.stringify(ch.cached)}, LibreOffice ${JSON.stringify(got)}`);
  }
  return bad;
}

describe.skipIf(!soffice)('LibreOffice computes what we cache', () => {
  it('the fixture report: every formula cell', async () => {
    const specs = [...buildSheets(makeReport(), 'vi'), SENTINEL];
    const checks = formulaCells(specs);
    expect(checks.length).toBeGreaterThanOrEqual(14); // 6 × 2 on the summary + 2 on the shortfalls
    const wb = await recalcWithLibreOffice(await xlsxFromSheets(specs));
    // LibreOffice really recalculated: the sentinel's wrong cached 999 became 5
    expect(wb.getWorksheet('Sentinel')!.getCell('C1').result).toBe(5);
    expect(checkAgainst(wb, checks)).toEqual([]);
    // texts that look like formulas are still texts after LibreOffice
    const hostile = wb.getWorksheet('Chi tiết xã')!.getCell('J5');
    expect(hostile.type).toBe(ExcelJS.ValueType.String);
    expect(hostile.value).toBe(HOSTILE_COMMUNE);
  }, 300_000);

  it('many awkward numbers: every formula cell', async () => {
    const rep = manyIndicators(120);
    const specs = [...buildSheets(rep, 'en'), SENTINEL];
    const checks = formulaCells(specs);
    // all but the rare disagreeing ones are formulas: 2 per indicator on the summary + 1 per shortfall
    expect(checks.length).toBe(2 * rep.indicators.length + rep.shortfalls.length);
    expect(checks.filter((c) => typeof c.cached === 'number').length).toBeGreaterThan(100);
    const wb = await recalcWithLibreOffice(await xlsxFromSheets(specs));
    expect(wb.getWorksheet('Sentinel')!.getCell('C1').result).toBe(5);
    expect(checkAgainst(wb, checks)).toEqual([]);
  }, 300_000);
});

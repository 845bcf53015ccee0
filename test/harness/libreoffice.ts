/**
 * LibreOffice as a test harness: headless, with a private profile set to always recalculate on load, it
 * opens a workbook and saves it again as .xlsx; exceljs reads its file back. `soffice` is null (and the
 * tests skip, saying so) when LibreOffice is not on PATH.
 */
import ExcelJS from 'exceljs';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cellAddress } from '../../src/util/address';
import type { IndicatorResult, Report, SheetSpec, Status } from '../../src/types';
import { seeded } from '../../tools/random';
import { makeReport } from '../write/fixture';

function findSoffice(): string | null {
  const r = spawnSync('sh', ['-c', 'command -v soffice || command -v libreoffice'], { encoding: 'utf8' });
  const p = r.status === 0 ? r.stdout.trim().split('\n')[0] : '';
  return p || null;
}

export const soffice = findSoffice();

/** Warns, naming the test file, when LibreOffice is missing. */
export function warnIfNoSoffice(testFile: string): void {
  if (!soffice) console.warn(`${testFile}: skipped — soffice (LibreOffice) is not on PATH; install with \`apt-get install -y libreoffice-calc\``);
}

const RECALC_ALWAYS = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`;

/**
 * A report of many indicators with awkward numbers (decimals, tiny and huge values, nulls, zeros); with
 * `communes` > 0, that many communes per indicator and some lower-is-better indicators.
 */
export function manyIndicators(n: number, communeCount = 0): Report {
  const rand = seeded(20200630);
  const pick = (): number | null => {
    const k = rand();
    if (k < 0.08) return null;
    if (k < 0.12) return 0;
    if (k < 0.4) return Math.round(rand() * 100000) / 10;
    if (k < 0.6) return Math.round(rand() * 1e7);
    if (k < 0.8) return rand() * 100;
    return Math.round(rand() * 1e6) / 1e4;
  };
  const communes = Array.from({ length: communeCount }, (_, k) => `Xã số ${k + 1}`);
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
      direction: communeCount > 0 && i % 7 === 3 ? 'Giảm' : 'Tăng',
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
      communes: communes.map((commune) => {
        const t = pick();
        const a = pick();
        return { commune, target: t, actual: a, completionPct: t !== null && a !== null && t !== 0 ? (a / t) * 100 : null, expectedPct: 50, status: 'on_track' as Status };
      }),
    });
    if (status === 'behind') {
      shortfalls.push({ commune: i % 2 ? (communeCount > 0 ? 'Xã số 1' : 'Xã A') : null, code: `CT${i + 1}`, name: `Chỉ tiêu số ${i + 1}`, unit: 'triệu đồng', actual: actual!, target: target!, completionPct: completionPct!, expectedPct: 50, gap: target! / 2 - actual! });
    }
  }
  return makeReport({ indicators, shortfalls, communes: communes.map((name) => ({ name, file: `${name}.xlsx`, reported: true })) });
}

/** A formula whose cached result is wrong on purpose: after LibreOffice, C1 must be 5, proving it recalculated. */
export const SENTINEL: SheetSpec = {
  key: 'sentinel',
  name: 'Sentinel',
  rows: [[{ v: 2 }, { v: 3 }, { v: 999, f: 'A1+B1' }]], // 999 is wrong on purpose: LibreOffice must say 5
  widths: [],
  merges: [],
  styles: {},
};

export interface Check {
  sheet: string;
  address: string;
  cached: number | string | boolean | null;
  formula: boolean;
}

export function specCells(specs: SheetSpec[]): Check[] {
  const out: Check[] = [];
  for (const s of specs) {
    if (s.key === 'sentinel') continue;
    s.rows.forEach((row, r) =>
      row.forEach((c, col) => {
        if (c && (c.f || (c.v !== null && c.v !== undefined))) out.push({ sheet: s.name, address: cellAddress(r, col), cached: c.v, formula: !!c.f });
      }),
    );
  }
  return out;
}

const tmpDirs: string[] = [];

/** Remove the folders recalcWithLibreOffice made (call in afterAll). */
export function cleanUpLibreOffice(): void {
  for (const d of tmpDirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

/** Let LibreOffice open, recalculate and save the workbook; read its result back with exceljs. */
export async function recalcWithLibreOffice(data: Uint8Array): Promise<ExcelJS.Workbook> {
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

/**
 * LibreOffice writes characters XML forbids as _xHHHH_ with lowercase hex ("_x001f_"), which exceljs leaves
 * undecoded (it decodes uppercase only): decode those here. A literal "_x0041_" comes back from LibreOffice
 * as "_x005F_x0041_", which exceljs decodes itself, and has no lowercase letter to touch here.
 */
function loText(s: unknown): unknown {
  return typeof s === 'string' ? s.replace(/_x([0-9a-f]{4})_/g, (m, h: string) => (/[a-f]/.test(h) ? String.fromCharCode(parseInt(h, 16)) : m)) : s;
}

export function checkAgainst(wb: ExcelJS.Workbook, checks: Check[]): string[] {
  const bad: string[] = [];
  for (const ch of checks) {
    const cell = wb.getWorksheet(ch.sheet)?.getCell(ch.address);
    const at = `${ch.sheet}!${ch.address}`;
    if (!cell) {
      bad.push(`${at}: missing`);
      continue;
    }
    if (ch.formula !== (cell.type === ExcelJS.ValueType.Formula)) {
      bad.push(`${at}: ${ch.formula ? 'formula lost' : `became a ${ExcelJS.ValueType[cell.type]}`}`);
      continue;
    }
    // cell.result, not cell.value.result: exceljs's value getter drops a result of 0, '' or false
    const got = loText(ch.formula ? cell.result : cell.value);
    if (ch.cached === '' || ch.cached === null) {
      if (!(got === '' || got === undefined || got === null)) bad.push(`${at}: cached "", LibreOffice ${JSON.stringify(got)}`);
    } else if (typeof ch.cached === 'number') {
      if (typeof got !== 'number' || !close(got, ch.cached)) bad.push(`${at}: cached ${ch.cached}, LibreOffice ${JSON.stringify(got)}`);
    } else if (got !== ch.cached) bad.push(`${at}: ${JSON.stringify(ch.cached)}, LibreOffice ${JSON.stringify(got)}`);
  }
  return bad;
}


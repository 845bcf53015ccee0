/**
 * The direct writer's files in a real spreadsheet program. LibreOffice (headless, a private profile set to
 * always recalculate on load) opens each workbook and saves it again as .xlsx; exceljs reads LibreOffice's
 * file back. Every formula must compute to the result we cached, every other value must come through
 * unchanged (LibreOffice opened the file whole, nothing dropped by a repair), and texts that look like
 * formulas must still be texts. A sentinel formula with a wrong cached result proves the recalculation
 * took place. Same approach as test/write/libreoffice.test.ts (copied: its helpers are not exported).
 * Skipped, saying so, only when `soffice` is not on PATH.
 */
import ExcelJS from 'exceljs';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeXlsx } from '../../../src/xlsx/write';
import { cellAddress } from '../../../src/util/address';
import { buildSheets } from '../../../src/write/sheets';
import type { IndicatorResult, Report, SheetSpec, Status } from '../../../src/types';
import { HOSTILE_COMMUNE, HOSTILE_FILE, HOSTILE_INDICATOR, HOSTILE_UNIT, makeReport } from '../../write/fixture';

function findSoffice(): string | null {
  const r = spawnSync('sh', ['-c', 'command -v soffice || command -v libreoffice'], { encoding: 'utf8' });
  const p = r.status === 0 ? r.stdout.trim().split('\n')[0] : '';
  return p || null;
}

const soffice = findSoffice();
if (!soffice) {
  console.warn('test/xlsx-write/libreoffice.test.ts: skipped — soffice (LibreOffice) is not on PATH; install with `apt-get install -y libreoffice-calc`');
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

/** A report of many indicators with awkward numbers (decimals, tiny and huge values, nulls, zeros) and 12 communes. */
function manyIndicators(n: number): Report {
  const rand = rng(20200630);
  const pick = (): number | null => {
    const k = rand();
    if (k < 0.08) return null;
    if (k < 0.12) return 0;
    if (k < 0.4) return Math.round(rand() * 100000) / 10;
    if (k < 0.6) return Math.round(rand() * 1e7);
    if (k < 0.8) return rand() * 100;
    return Math.round(rand() * 1e6) / 1e4;
  };
  const communes = Array.from({ length: 12 }, (_, k) => `Xã số ${k + 1}`);
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
      direction: i % 7 === 3 ? 'Giảm' : 'Tăng',
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
      shortfalls.push({ commune: i % 2 ? 'Xã số 1' : null, code: `CT${i + 1}`, name: `Chỉ tiêu số ${i + 1}`, unit: 'triệu đồng', actual: actual!, target: target!, completionPct: completionPct!, expectedPct: 50, gap: target! / 2 - actual! });
    }
  }
  return makeReport({ indicators, shortfalls, communes: communes.map((name) => ({ name, file: `${name}.xlsx`, reported: true })) });
}

const SENTINEL: SheetSpec = {
  key: 'sentinel',
  name: 'Sentinel',
  rows: [[{ v: 2 }, { v: 3 }, { v: 999, f: 'A1+B1' }]], // 999 is wrong on purpose: LibreOffice must say 5
  widths: [],
  merges: [],
  styles: {},
};

/** Texts a commune's file might hold: formula-looking, markup, control characters, a literal _xHHHH_. */
const NASTY = [HOSTILE_COMMUNE, HOSTILE_FILE, HOSTILE_INDICATOR, HOSTILE_UNIT, '=A1', 'a & b <c> "d"', 'Xã A\u0001B\u001f', '_x0041_ literal', 'Đắk Lắk 😀'];
const NASTY_SHEET: SheetSpec = {
  key: 'nasty',
  name: "Xã Cư M'gar",
  rows: [NASTY.map((v) => ({ v, text: true, style: 'text' }))],
  widths: [30],
  merges: [],
  styles: { text: { wrap: true, border: true } },
  headerRows: { first: 1, last: 1 },
  print: { orientation: 'landscape', paper: 'A4', fitToWidth: true },
};

interface Check {
  sheet: string;
  address: string;
  cached: number | string | boolean | null;
  formula: boolean;
}

function specCells(specs: SheetSpec[]): Check[] {
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
afterAll(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

/** Let LibreOffice open, recalculate and save the workbook; read its result back with exceljs. */
async function recalcWithLibreOffice(data: Uint8Array): Promise<ExcelJS.Workbook> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tonghop-lo-direct-'));
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

function checkAgainst(wb: ExcelJS.Workbook, checks: Check[]): string[] {
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

describe.skipIf(!soffice)('LibreOffice opens the direct writer\'s files and computes what we cache', () => {
  it('the fixture report and hostile texts: every value, every formula', async () => {
    const specs = [...buildSheets(makeReport(), 'vi'), NASTY_SHEET, SENTINEL];
    const checks = specCells(specs);
    expect(checks.filter((c) => c.formula)).toHaveLength(14); // 6 × 2 on the summary + 2 on the shortfalls
    const wb = await recalcWithLibreOffice(await writeXlsx(specs));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Tổng hợp', 'Chi tiết xã', 'Chưa đạt', 'Kiểm tra dữ liệu', 'Nguồn', "Xã Cư M'gar", 'Sentinel']);
    // LibreOffice really recalculated: the sentinel's wrong cached 999 became 5
    expect(wb.getWorksheet('Sentinel')!.getCell('C1').result).toBe(5);
    expect(checkAgainst(wb, checks)).toEqual([]);
    // texts that look like formulas are still texts after LibreOffice
    const hostile = wb.getWorksheet('Chi tiết xã')!.getCell('J5');
    expect(hostile.type).toBe(ExcelJS.ValueType.String);
    expect(hostile.value).toBe(HOSTILE_COMMUNE);
    // what LibreOffice kept of the layout: merges, fills, fonts, formats, print titles and page setup
    // (not the frozen panes: a headless conversion saves no view settings, for exceljs's files too)
    const s = wb.getWorksheet('Tổng hợp')!;
    expect(s.model.merges).toEqual(expect.arrayContaining(['A1:L1', 'A4:L4']));
    expect((s.getCell('K9').fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFC7CE');
    expect(s.getCell('A1').font).toMatchObject({ bold: true, size: 14 });
    expect(s.getCell('F7').numFmt).toBe('#,##0.0##');
    expect(s.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '6:6' });
    expect(wb.getWorksheet("Xã Cư M'gar")!.pageSetup.printTitlesRow).toBe('1:1');
    expect(wb.getWorksheet('Chi tiết xã')!.model.merges).toEqual(expect.arrayContaining(['F5:G5', 'A5:A6']));
  }, 300_000);

  it('many awkward numbers and a wide detail sheet: every value, every formula', async () => {
    const rep = manyIndicators(120);
    const specs = [...buildSheets(rep, 'en'), SENTINEL];
    const checks = specCells(specs);
    // all but the rare disagreeing ones are formulas: 2 per indicator on the summary + 1 per shortfall
    expect(checks.filter((c) => c.formula)).toHaveLength(2 * rep.indicators.length + rep.shortfalls.length);
    expect(checks.filter((c) => c.formula && typeof c.cached === 'number').length).toBeGreaterThan(100);
    expect(checks.length).toBeGreaterThan(4000);
    const wb = await recalcWithLibreOffice(await writeXlsx(specs));
    expect(wb.getWorksheet('Sentinel')!.getCell('C1').result).toBe(5);
    expect(checkAgainst(wb, checks)).toEqual([]);
  }, 300_000);
});

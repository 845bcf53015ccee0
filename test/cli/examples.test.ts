/**
 * The checked-in examples (examples/) are what `npm run examples:make` produces, and the pipeline
 * reads back from them exactly the figures they were generated from (tools/examples/data.ts).
 */
import { describe, it, expect, beforeAll } from 'vitest';
import * as fs from 'fs';
import * as path from 'path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { makeExamples, FILES } from '../../tools/examples/make-examples';
import { COMMUNES, DATA, INDICATORS, MISSING_COMMUNE, round } from '../../tools/examples/data';
import { runPipeline } from '../../src/pipeline';
import type { Report } from '../../src/types';
import { EXAMPLES, listFiles, tempDir } from './helpers';

/** Every cell's value (formula and cached result included), merges and sheet names, as plain data. */
async function dump(file: string): Promise<unknown> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb.worksheets.map((ws) => {
    const cells: Record<string, unknown> = {};
    ws.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (c) => {
        if (c.isMerged && c.master !== c) return;
        const v = c.value;
        cells[c.address] = v instanceof Date ? { date: v.toISOString() } : v;
      }),
    );
    return { name: ws.name, cells, merges: [...(ws.model.merges ?? [])].sort() };
  });
}

describe('examples/ is what make-examples produces', () => {
  let fresh: string;
  beforeAll(async () => {
    fresh = tempDir('tonghop-examples-');
    await makeExamples(fresh);
  }, 120_000);

  it('the same files', () => {
    const checkedIn = listFiles(EXAMPLES);
    expect(listFiles(fresh)).toEqual(checkedIn);
    expect(checkedIn).toHaveLength(2 + FILES.length);
  });

  it('the same README', () => {
    expect(fs.readFileSync(path.join(fresh, 'README.md'), 'utf8')).toBe(fs.readFileSync(path.join(EXAMPLES, 'README.md'), 'utf8'));
  });

  it.each(['ke-hoach-2024.xlsx', ...FILES.map((f) => `xa/${f.file}`)])('%s: the same cell values', async (name) => {
    expect(await dump(path.join(fresh, name))).toEqual(await dump(path.join(EXAMPLES, name)));
  });

  it('hung-dao.xlsm is declared macro-enabled, the others are plain workbooks', async () => {
    const contentTypes = async (name: string) => (await JSZip.loadAsync(fs.readFileSync(path.join(EXAMPLES, 'xa', name)))).file('[Content_Types].xml')!.async('string');
    expect(await contentTypes('hung-dao.xlsm')).toContain('application/vnd.ms-excel.sheet.macroEnabled.main+xml');
    expect(await contentTypes('hoa-an.xlsx')).not.toContain('macroEnabled');
  });
});

/** What each commune's file says its actual is, in the plan's unit (null: no usable value). */
function expectedActual(commune: string, code: string): number | null {
  const f = DATA.figures[commune][code];
  if (commune === 'Thị trấn Phú Lộc' && (code === 'KT07' || code === 'KT08')) return null; // left empty
  if (commune === 'Hưng Đạo' && code === 'XH03') return null; // #DIV/0!
  if (commune === 'Nghĩa Trung' && code === 'XH04') return null; // "đang tổng hợp"
  if (commune === 'Thanh Xuân' && code === 'KT03') return Math.round(f.actual / 10) * 10; // "khoảng 1.130"
  if (code === 'KT03' && (commune === 'Thị trấn Phú Lộc' || commune === 'Kim Liên')) {
    // =SUM of the rice and maize rows
    const rice = round(f.actual * 0.82, 1);
    return rice + round(f.actual - rice, 1);
  }
  return f.actual;
}

describe('the pipeline reads back the generated figures', () => {
  let report: Report;
  beforeAll(async () => {
    const dir = path.join(EXAMPLES, 'xa');
    const communeFiles = fs.readdirSync(dir).sort().map((name) => ({ name, data: fs.readFileSync(path.join(dir, name)) }));
    const planFile = { name: 'ke-hoach-2024.xlsx', data: fs.readFileSync(path.join(EXAMPLES, 'ke-hoach-2024.xlsx')) };
    ({ report } = await runPipeline({ communeFiles, planFile, lang: 'vi', now: new Date(Date.UTC(2024, 6, 1)) }));
  }, 120_000);

  it('every commune found, with its file; the missing one listed as not reported', () => {
    for (const f of FILES) expect(report.communes.find((c) => c.name === f.commune)?.file).toBe(f.file);
    expect(report.communes.find((c) => c.name === MISSING_COMMUNE)?.reported).toBe(false);
    expect(report.period).toMatchObject({ year: 2024, months: 6 });
  });

  it('every actual and target of every reporting commune', () => {
    const wrong: string[] = [];
    for (const ind of INDICATORS) {
      const res = report.indicators.find((i) => i.code === ind.code);
      if (!res) {
        wrong.push(`${ind.code} missing`);
        continue;
      }
      for (const c of COMMUNES) {
        if (c.name === MISSING_COMMUNE) continue;
        const got = res.communes.find((x) => x.commune === c.name);
        const want = expectedActual(c.name, ind.code);
        const close = (a: number | null | undefined, b: number | null) =>
          b === null ? a === null || a === undefined : typeof a === 'number' && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
        if (!close(got?.actual, want)) wrong.push(`${c.name} ${ind.code}: actual ${got?.actual} ≠ ${want}`);
        if (!close(got?.target, DATA.figures[c.name][ind.code].target)) wrong.push(`${c.name} ${ind.code}: target ${got?.target} ≠ ${DATA.figures[c.name][ind.code].target}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('the district budget revenue is the sum of the 15 communes read', () => {
    const kt01 = report.indicators.find((i) => i.code === 'KT01')!;
    const sum = COMMUNES.filter((c) => c.name !== MISSING_COMMUNE).reduce((s, c) => s + expectedActual(c.name, 'KT01')!, 0);
    expect(kt01.actual).toBeCloseTo(sum, 6);
    expect(kt01.target).toBe(DATA.parentTargets.KT01);
  });

  it('some communes are behind and some have met or are on track', () => {
    const statuses = new Set(report.indicators.flatMap((i) => i.communes.map((c) => c.status)));
    for (const s of ['behind', 'on_track', 'met', 'no_data'] as const) expect(statuses.has(s)).toBe(true);
  });
});

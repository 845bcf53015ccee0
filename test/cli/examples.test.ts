/**
 * The checked-in examples (examples/) are what `npm run examples:make` produces, and the pipeline
 * reads back from them exactly the figures they were generated from (tools/examples/data.ts).
 */
import { describe, it, expect, beforeAll } from 'vitest';
import * as fs from 'fs';
import * as path from 'path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { makeExamples, fileBytes, FILES, DS_NAMES, YL_NAMES } from '../../tools/examples/make-examples';
import { CUNG_KY_FILES } from '../../tools/examples/make-cung-ky';
import { COMMUNES, DATA, INDICATORS, MISSING_COMMUNE, round } from '../../tools/examples/data';
import { runPipeline } from '../../src/pipeline';
import { readWorkbookFile } from '../../src/xlsx/read-any';
import type { Report, ReadingRecord } from '../../src/types';
import { EXAMPLES, listFiles, tempDir } from './helpers';

/**
 * Every cell's value (formula and cached result included), merges and sheet names, as plain data. The .xls
 * and .ods files (which exceljs does not read) are read through the product's reader: their Grids.
 */
async function dump(file: string): Promise<unknown> {
  if (/\.(xls|ods)$/.test(file)) {
    const { grids, issues } = await readWorkbookFile({ name: path.basename(file), data: new Uint8Array(fs.readFileSync(file)) });
    expect(issues).toEqual([]);
    return grids.map(({ file: _, ...g }) => g);
  }
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
    expect(checkedIn).toHaveLength(2 + FILES.length + CUNG_KY_FILES.length);
  });

  it('the same README', () => {
    expect(fs.readFileSync(path.join(fresh, 'README.md'), 'utf8')).toBe(fs.readFileSync(path.join(EXAMPLES, 'README.md'), 'utf8'));
  });

  it.each(['ke-hoach-2024.xlsx', ...FILES.map((f) => `xa/${f.file}`)])('%s: the same cell values', async (name) => {
    expect(await dump(path.join(fresh, name))).toEqual(await dump(path.join(EXAMPLES, name)));
  });

  it('the .xls is an Excel 97-2003 (OLE2 / BIFF8) file, the .ods an OpenDocument spreadsheet; both written the same way twice', async () => {
    const xls = fs.readFileSync(path.join(EXAMPLES, 'xa', 'quang-loi-6thang.xls'));
    expect(xls.subarray(0, 8).toString('hex')).toBe('d0cf11e0a1b11ae1');
    const ods = await JSZip.loadAsync(fs.readFileSync(path.join(EXAMPLES, 'xa', 'tan-hiep.ods')));
    expect(await ods.file('mimetype')!.async('string')).toBe('application/vnd.oasis.opendocument.spreadsheet');
    for (const name of ['quang-loi-6thang.xls', 'tan-hiep.ods']) {
      const f = FILES.find((x) => x.file === name)!;
      const a = await fileBytes(name, f.build());
      await new Promise((r) => setTimeout(r, 1100)); // a clock tick: no time stamped in the bytes
      expect(Buffer.compare(a, await fileBytes(name, f.build()))).toBe(0);
    }
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

/** The example's report: examples/xa consolidated against its plan (once for the file). */
let exampleRun: Promise<Report> | null = null;
function exampleReport(): Promise<Report> {
  exampleRun ??= (async () => {
    const dir = path.join(EXAMPLES, 'xa');
    const communeFiles = fs.readdirSync(dir).sort().map((name) => ({ name, data: fs.readFileSync(path.join(dir, name)) }));
    const planFile = { name: 'ke-hoach-2024.xlsx', data: fs.readFileSync(path.join(EXAMPLES, 'ke-hoach-2024.xlsx')) };
    return (await runPipeline({ communes: communeFiles, plan: planFile, lang: 'vi', now: new Date(Date.UTC(2024, 6, 1)) })).report;
  })();
  return exampleRun;
}

describe('the pipeline reads back the generated figures', () => {
  let report: Report;
  beforeAll(async () => {
    report = await exampleReport();
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

describe('the hard layouts of the example are read, and every choice is on record', () => {
  let report: Report;
  const reading = (file: string): ReadingRecord => {
    const r = report.communes.find((c) => c.file === file)?.reading;
    expect(r, file).toBeDefined();
    return r!;
  };
  beforeAll(async () => {
    report = await exampleReport();
  }, 120_000);

  it('five files in the hard layouts, one of them .xls and one .ods', () => {
    const names = FILES.map((f) => f.file);
    for (const f of ['quang-loi-6thang.xls', 'tan-hiep.ods', 'yen-lac.xlsx', 'bao-cao-6-thang-2024.xlsx', 'BC 6T - Xa Binh Minh (gui huyen).xlsx']) expect(names).toContain(f);
  });

  it('the .xls: read; its hidden sheet of last year skipped; the year-to-date column beside the month taken in a three-row header', () => {
    const r = reading('quang-loi-6thang.xls');
    expect(r.skippedSheets).toEqual([{ sheet: '6T 2023', why: 'hidden' }]);
    expect(r.tables).toHaveLength(1);
    const t = r.tables[0];
    expect(t.sheet).toBe('KTXH');
    expect(t.header).toBe('4-6');
    expect(t.actual?.header).toContain('Lũy kế 6 tháng');
    expect(t.passed?.map((p) => p.header)).toContainEqual(expect.stringContaining('Ước TH tháng 6'));
    expect(report.issues.some((i) => i.code === 'hidden_sheet' && i.file === 'quang-loi-6thang.xls' && i.severity === 'info')).toBe(true);
  });

  it('the .ods: read; its numbers typed as English text read the English way, on record', () => {
    const r = reading('tan-hiep.ods');
    expect(r.numberStyle.style).toBe('en');
    expect(r.numberStyle.evidence).toMatch(/^\d{1,3}(,\d{3})+\.\d+$/);
    expect(r.numberStyle.ambiguous).toBeGreaterThan(0); // "6,637" and the like: 6637, not 6.637
  });

  it('units inside the names, no unit column: every one on record, the name without it; the period from dates only', () => {
    const r = reading('yen-lac.xlsx');
    expect(r.unitsFromNames).toHaveLength(INDICATORS.length);
    expect(r.unitsFromNames.map((u) => u.unit).slice(0, 4)).toEqual(['tỷ đồng', 'ha', 'tạ', 'm2']);
    expect(r.unitsFromNames[0].name).toBe(INDICATORS[0].name);
    expect(r.periodText).toBe('(Từ ngày 01/01/2024 đến ngày 30/6/2024)');
    expect(report.communes.find((c) => c.file === 'yen-lac.xlsx')?.period).toBe('6 tháng đầu năm 2024');
    expect(YL_NAMES.KT01).toBe('Thu ngân sách nhà nước trên địa bàn (tỷ đồng)');
  });

  it('reworded names matched by meaning, each on record (info, not a warning); total rows skipped; the commune from the signature block', () => {
    const r = reading('bao-cao-6-thang-2024.xlsx');
    const matched = Object.fromEntries((r.matches ?? []).map((m) => [m.written, m.indicator.split(' ')[0]]));
    for (const [code, written] of Object.entries(DS_NAMES)) {
      if (written.toLowerCase() === INDICATORS.find((i) => i.code === code)!.name.toLowerCase()) continue; // only the case differs
      expect(matched[written], written).toBe(code);
    }
    expect(r.totalRows).toHaveLength(4);
    expect(r.communeText).toMatch(/Đông Sơn/);
    expect(report.communes.find((c) => c.file === 'bao-cao-6-thang-2024.xlsx')?.name).toBe('Đông Sơn');
    const issues = report.issues.filter((i) => i.file === 'bao-cao-6-thang-2024.xlsx');
    expect(issues.filter((i) => i.severity !== 'info')).toEqual([]);
    expect(issues.filter((i) => i.code === 'reworded_match').length).toBe(r.matches!.length);
  });

  it('two tables on one sheet; the commune only in the file name as the clerk typed it', () => {
    const r = reading('BC 6T - Xa Binh Minh (gui huyen).xlsx');
    expect(r.tables.map((t) => t.sheet)).toEqual(['BC 6 thang', 'BC 6 thang']);
    expect(r.tables.map((t) => t.rows)).toEqual([8, 7]);
    expect(r.communeText).toBe('BC 6T - Xa Binh Minh (gui huyen).xlsx');
    expect(report.communes.find((c) => c.file === 'BC 6T - Xa Binh Minh (gui huyen).xlsx')?.name).toBe('Bình Minh');
  });

  it('no warning beyond those of the plain layouts (the missing commune, Kim Liên\'s own target, Thanh Xuân\'s two missing previous figures)', () => {
    expect(report.issues.filter((i) => i.severity === 'warning').map((i) => i.code).sort()).toEqual(['missing_commune', 'previous_partial', 'previous_partial', 'target_mismatch']);
    expect(report.issues.filter((i) => i.code === 'previous_partial').map((i) => i.indicator)).toEqual(['KT04 Diện tích trồng rừng tập trung', 'XH06 Số vụ tai nạn giao thông']);
  });
});

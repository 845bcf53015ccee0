/**
 * A short fuzz run (fixed seed, in this process, no timing asserted): generated commune workbooks and
 * mutated real ones through the whole pipeline. `npm run fuzz -- --runs N` runs the long one.
 */
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatSummary, hostileAsFormula, runCase, runFuzz, type CaseOutcome } from '../../tools/fuzz/run';
import ExcelJS from 'exceljs';
import { buildCommune, GEN_COMMUNES, HOSTILE_NAMES, makePlan, sampleSpecs } from '../../tools/fuzz/generate';
import { mutate, seeded } from '../../tools/fuzz/mutate';
import { BAD_KINDS, buildMixed, checkMixed, PLAIN } from '../../tools/fuzz/mixed';
import { sniffWorkbook } from '../../src/xlsx/sniff';
import { SHARED } from '../xlsx/broken-files';

const ROOT = path.resolve(__dirname, '../..');
const SEED_DIRS = [path.join(SHARED, 'samples'), path.join(ROOT, 'examples')].filter((d) => fs.existsSync(d));

describe('fuzz', () => {
  it('50 runs, seed 20260401: no crash, every failure named', async () => {
    if (SEED_DIRS.length === 0) console.log('fuzz: ../shared/samples and examples/ absent: generated workbooks only');
    const s = await runFuzz({ runs: 50, seed: 20260401, seedDirs: SEED_DIRS, failDir: null });
    console.log(formatSummary(s));
    expect(s.runs).toBe(50);
    expect(s.generated).toBeGreaterThan(0);
    if (SEED_DIRS.length) expect(s.mutated).toBeGreaterThan(0);
    expect(s.failures.filter((f) => f.kind === 'crash')).toEqual([]);
    expect(s.failures.filter((f) => f.kind === 'problem')).toEqual([]);
  });

  it('the generator is deterministic and makes real workbooks with hostile names among them', async () => {
    const a = sampleSpecs(20, 5);
    const b = sampleSpecs(20, 5);
    expect(a).toEqual(b);
    const g = await buildCommune(a[0]);
    expect(sniffWorkbook(g.file.name, g.file.data).kind).toBe('xlsx');
    const communes = new Set(sampleSpecs(300, 9).map((s) => s.commune));
    expect(communes.size).toBeGreaterThan(10);
    expect(HOSTILE_NAMES).toContain('=HYPERLINK("http://x","y")');
  });

  it('mutations are deterministic for a seed', async () => {
    const g = await buildCommune(sampleSpecs(1, 3)[0]);
    const m1 = mutate(g.file.data, seeded(11));
    const m2 = mutate(g.file.data, seeded(11));
    expect(m1.what).toBe(m2.what);
    expect(Buffer.from(m1.data).equals(Buffer.from(m2.data))).toBe(true);
  });

  it('a clean generated workbook is read with no broken invariant', async () => {
    const plan = await makePlan();
    const spec = { ...sampleSpecs(1, 1)[0], rows: [] };
    const g = await buildCommune(spec);
    const o = await runCase({ id: 0, source: 'generated', what: 'test', files: [g.file], plan, commune: g.commune, expected: [], write: true });
    expect(o.crash).toBeUndefined();
    expect(o.problems).toEqual([]);
  });

  it('sees hostile text written as a formula, and not the same text written as text', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Tổng hợp');
    ws.getCell('A1').value = '=HYPERLINK("http://x","y")';
    ws.getCell('B2').value = { formula: 'G5/F5*100', result: 50 };
    const clean = new Uint8Array(await wb.xlsx.writeBuffer());
    expect(await hostileAsFormula(clean)).toEqual([]);
    ws.getCell('A2').value = { formula: 'HYPERLINK("http://x","y")', result: 'y' };
    const bad = new Uint8Array(await wb.xlsx.writeBuffer());
    expect(await hostileAsFormula(bad)).toEqual([`hostile text written as a formula in 'Tổng hợp'!A2: =HYPERLINK("http://x","y")`]);
  });

  it('counts crashes, hangs and broken invariants reported by a case', async () => {
    const outcomes: CaseOutcome[] = [
      { ms: 10, crash: 'TypeError: x', problems: [], codes: {}, mismatches: [], checked: 0 },
      { ms: 6000, problems: [], codes: { a_code: 2 }, mismatches: [], checked: 0 },
      { ms: 10, problems: ["'x.xlsx' gave no data and no issue names it"], codes: { a_code: 1 }, mismatches: [], checked: 0 },
      { ms: 10, problems: [], codes: {}, mismatches: [], checked: 0, killed: true },
    ];
    let k = 0;
    const s = await runFuzz({ runs: 4, seed: 1, seedDirs: [], failDir: null, exec: async () => outcomes[k++] });
    expect(s).toMatchObject({ runs: 4, crashes: 1, hangs: 1, problems: 1, killed: 1, issuesByCode: { a_code: 3 } });
    expect(s.failures.map((f) => f.kind)).toEqual(['crash', 'hang', 'problem', 'killed']);
  });
});

describe('fuzz: mixed cases (a bad file among good communes)', () => {
  it.each(BAD_KINDS.map((k) => [k]))('%s: the good files keep their figures and the bad file is named', async (kind) => {
    const plan = await makePlan();
    const rand = seeded(BAD_KINDS.indexOf(kind) + 101);
    const m = await buildMixed(rand, 77, plan, kind);
    expect(m.kind).toBe(kind);
    expect(m.good.length).toBeGreaterThanOrEqual(2);
    const { problems, codes } = await checkMixed(m, plan);
    expect(problems).toEqual([]);
    expect(Object.keys(codes).length).toBeGreaterThan(0);
  });

  it('the check fails when the extra file changes what is reported (a readable copy under another commune name)', async () => {
    const plan = await makePlan();
    const m = await buildMixed(seeded(5), 78, plan, 'zero_bytes');
    // Not junk: a workbook whose title names a commune of the plan that sent nothing.
    const other = PLAIN.find((n) => !m.communes.includes(n))!;
    const g = await buildCommune({ ...sampleSpecs(1, 79)[0], commune: GEN_COMMUNES.indexOf(other), communeIn: 'title', rows: sampleSpecs(8, 81).flatMap((x) => x.rows) });
    expect(m.good.map((f) => f.name)).not.toContain(g.file.name);
    const { problems } = await checkMixed({ ...m, bad: g.file }, plan);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join('\n')).toMatch(/was used as the report|appears only with|alone/);
  });
});

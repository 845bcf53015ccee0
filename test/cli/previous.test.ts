/** Issue 11 on the command line: --previous LAST_YEAR_FILES_OR_FOLDERS… (and the plan's "Sáp nhập" sheet). */
import { describe, expect, it } from 'vitest';
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from '../../src/cli/args';
import { run, tempDir } from './helpers';
import { lastYearReports, planFile, thisYearFiles } from '../pipeline/previous-fixture';

describe('--previous: parsing', () => {
  it('takes every path up to the next option or "--"; other options stay as they were', () => {
    const p = parseArgs(['consolidate', '--plan', 'kh.xlsx', '--previous', 'a/', 'b.xlsx', '--', 'xa/', '--out', 'o.xlsx']);
    expect(p).toMatchObject({ command: 'consolidate', args: { plan: 'kh.xlsx', out: 'o.xlsx', previous: ['a/', 'b.xlsx'], inputs: ['xa/'] } });
    const q = parseArgs(['consolidate', 'xa/', '--previous', 'a/', '--out', 'o.xlsx']);
    expect(q).toMatchObject({ args: { previous: ['a/'], inputs: ['xa/'] } });
    const r = parseArgs(['consolidate', '--previous=a/', 'xa/', '-o', 'o.xlsx']);
    expect(r).toMatchObject({ args: { previous: ['a/'], inputs: ['xa/'] } });
    expect(parseArgs(['consolidate', '--previous', '--out', 'o.xlsx'])).toMatchObject({ command: 'error' });
    expect(parseArgs(['consolidate', 'xa/', '-o', 'o.xlsx'])).toMatchObject({ args: { inputs: ['xa/'] } });
    expect((parseArgs(['consolidate', 'xa/', '-o', 'o.xlsx']) as { args: object }).args).not.toHaveProperty('previous');
  });
});

describe('--previous: a run', () => {
  it('merges the old communes\' reports onto the new communes and says where each previous came from', async () => {
    const dir = tempDir('tonghop-prev-');
    const plan = await planFile();
    fs.writeFileSync(path.join(dir, plan.name), plan.data);
    fs.mkdirSync(path.join(dir, 'xa'));
    for (const f of await thisYearFiles()) fs.writeFileSync(path.join(dir, 'xa', f.name), f.data);
    for (const f of await lastYearReports()) {
      fs.mkdirSync(path.join(dir, path.dirname(f.name)), { recursive: true });
      fs.writeFileSync(path.join(dir, f.name), f.data);
    }
    const res = await run(['consolidate', '--plan', plan.name, '--out', 'out.xlsx', '--json', 'out.json', 'xa', '--previous', 'nam-truoc'], dir);
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'out.json'), 'utf8'));
    const kt01 = json.indicators.find((i: { code: string }) => i.code === 'KT01');
    expect(kt01.previous).toBe(14000);
    expect(kt01.previousSource).toEqual({ kind: 'combined' });
    const th = kt01.communes.find((c: { commune: string }) => c.commune === 'Thanh Hà');
    expect(th.previous).toBe(5000);
    expect(th.changePct).toBeCloseTo(10, 9);
    expect(th.previousSource.from.map((f: { commune: string }) => f.commune)).toEqual(['Thanh Hà', 'Thanh Lưu']);
    expect(th.previousSource.from[1].source).toEqual({ file: 'nam-truoc/bao-cao-2.xlsx', sheet: 'Sheet1', cell: 'F5' });
    // last year's files are never read as this year's communes
    expect(json.communes.map((c: { name: string }) => c.name)).toEqual(['Thanh Hà', 'Liêm Sơn', 'Kiện Khê']);
    expect(json.issues.filter((i: { code: string }) => i.code === 'previous_unmapped').map((i: { file: string }) => i.file)).toEqual(['nam-truoc/thanh-tan.xlsx']);
  });

  it('last year\'s folder inside the communes\' folder: its files are never read as this year\'s communes', async () => {
    const dir = tempDir('tonghop-prev-');
    const plan = await planFile();
    fs.writeFileSync(path.join(dir, plan.name), plan.data);
    fs.mkdirSync(path.join(dir, 'xa', 'nam-truoc'), { recursive: true });
    for (const f of await thisYearFiles()) fs.writeFileSync(path.join(dir, 'xa', f.name), f.data);
    for (const f of await lastYearReports()) fs.writeFileSync(path.join(dir, 'xa', f.name), f.data);
    const res = await run(['consolidate', '--plan', plan.name, '-o', 'out.xlsx', '--json', 'out.json', '--previous', 'xa/nam-truoc', '--', 'xa'], dir);
    expect(res.code).toBe(0);
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'out.json'), 'utf8'));
    expect(json.files.map((f: { file: string }) => f.file).sort()).toEqual(['2025-Kiện Khê.xlsx', '2025-Liêm Sơn.xlsx', '2025-Thanh Hà.xlsx']);
    expect(json.previousFiles).toHaveLength(7);
    expect(json.indicators[0].previous).toBe(14000);
  });

  it('commune folders swallowed by --previous: a usage error that says how to write it', async () => {
    const dir = tempDir('tonghop-prev-');
    fs.mkdirSync(path.join(dir, 'a'));
    fs.mkdirSync(path.join(dir, 'xa'));
    const res = await run(['consolidate', '--out', 'o.xlsx', '--previous', 'a', 'xa'], dir);
    expect(res.code).toBe(1);
    expect(res.err).toMatch(/--previous/);
    const res2 = await run(['consolidate', '--out', 'o.xlsx', '--previous', 'khong-co', '--', 'xa'], dir);
    expect(res2.code).toBe(1);
    expect(res2.err).toMatch(/khong-co/);
  });

  it('--out naming last year\'s consolidated workbook inside a --previous folder: refused even with --force, the file unchanged', async () => {
    const dir = tempDir('tonghop-prev-');
    const plan = await planFile();
    fs.writeFileSync(path.join(dir, plan.name), plan.data);
    fs.mkdirSync(path.join(dir, 'xa'));
    fs.mkdirSync(path.join(dir, 'nam-truoc'));
    for (const f of await thisYearFiles()) fs.writeFileSync(path.join(dir, 'xa', f.name), f.data);
    // a workbook tonghop wrote (last year's consolidation, as far as this run knows)
    const made = await run(['consolidate', '--plan', plan.name, '--out', 'nam-truoc/tong-hop-2024.xlsx', 'xa'], dir);
    expect(made.code).toBe(0);
    const before = fs.readFileSync(path.join(dir, 'nam-truoc', 'tong-hop-2024.xlsx'));
    const res = await run(['consolidate', '--plan', plan.name, '--previous', 'nam-truoc', '--', 'xa', '--out', 'nam-truoc/tong-hop-2024.xlsx', '--force'], dir);
    expect(res.code).toBe(1);
    expect(res.err).toMatch(/tệp cùng kỳ \(--previous\)/);
    expect(res.err).toMatch(/one of last year's files/);
    expect(fs.readFileSync(path.join(dir, 'nam-truoc', 'tong-hop-2024.xlsx')).equals(before)).toBe(true);
  });
});

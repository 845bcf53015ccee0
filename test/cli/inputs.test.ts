/**
 * What the command line reads and what it leaves alone (issue 9): everything skipped in a folder named in the
 * report with why, tonghop's own outputs recognised, no input ever written over, limits as flags, linear discovery.
 */
import { describe, it, expect, vi } from 'vitest';
import * as fs from 'fs';
import * as path from 'path';
import { execFileSync } from 'child_process';
import ExcelJS from 'exceljs';
import { EXAMPLES, run, tempDir } from './helpers';
import { collectFiles } from '../../src/cli/files';
import { outputMark } from '../../src/xlsx/marker';
import { outputSheetSets } from '../../src/pipeline';

const PLAN = path.join(EXAMPLES, 'ke-hoach-2024.xlsx');
const XA = path.join(EXAMPLES, 'xa');

function copy(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(from, to);
}
type Json = {
  run?: string;
  tonghop?: string;
  files: { file: string; status: string; commune: string | null }[];
  issues: { code: string; severity: string; file: string | null; message: string; messageEn: string }[];
  indicators: { code: string; actual: number | null }[];
  communes: { name: string; file: string | null; reported: boolean }[];
};
const readJson = (p: string): Json => JSON.parse(fs.readFileSync(p, 'utf8'));

describe('everything skipped in a folder is named in the report, with why', () => {
  it('lock and hidden files, other documents, FIFOs, dangling links: in `files` as skipped and in the issues (JSON and "Kiểm tra dữ liệu")', async () => {
    const dir = tempDir();
    const inDir = path.join(dir, 'in');
    copy(path.join(XA, 'hoa-an.xlsx'), path.join(inDir, 'hoa-an.xlsx'));
    copy(path.join(XA, 'kim-lien.xlsx'), path.join(inDir, 'kim-lien.xlsx'));
    fs.writeFileSync(path.join(inDir, '~$hoa-an.xlsx'), 'lock');
    fs.writeFileSync(path.join(inDir, '.tam.xlsx'), 'hidden');
    fs.writeFileSync(path.join(inDir, 'bao-cao-son-thuy.pdf'), '%PDF-1.4');
    fs.writeFileSync(path.join(inDir, 'cu.numbers'), 'Apple Numbers');
    fs.writeFileSync(path.join(inDir, 'ghi-chu.ini'), 'x'); // not report-like: not mentioned
    fs.symlinkSync(path.join(dir, 'gone.xlsx'), path.join(inDir, 'mat.xlsx'));
    execFileSync('mkfifo', [path.join(inDir, 'ong.xlsx')]);
    const r = await run(['consolidate', '--plan', PLAN, '--out', 'o.xlsx', '--json', 'o.json', 'in'], dir);
    expect(r.code).toBe(0);
    const rep = readJson(path.join(dir, 'o.json'));
    const skipped = rep.files.filter((f) => f.status === 'skipped').map((f) => f.file).sort();
    expect(skipped).toEqual(['in/.tam.xlsx', 'in/bao-cao-son-thuy.pdf', 'in/cu.numbers', 'in/mat.xlsx', 'in/ong.xlsx', 'in/~$hoa-an.xlsx']);
    const byFile = (f: string) => rep.issues.find((i) => i.file === f)!;
    expect(byFile('in/~$hoa-an.xlsx')).toMatchObject({ severity: 'info', code: 'skipped_file' });
    expect(byFile('in/.tam.xlsx')).toMatchObject({ severity: 'info', code: 'skipped_file' });
    expect(byFile('in/bao-cao-son-thuy.pdf')).toMatchObject({ severity: 'info', code: 'skipped_file' });
    expect(byFile('in/mat.xlsx')).toMatchObject({ severity: 'warning', code: 'dangling_link' });
    expect(byFile('in/ong.xlsx')).toMatchObject({ severity: 'warning', code: 'not_regular_file' });
    expect(byFile('in/ong.xlsx').message).toContain("'in/ong.xlsx'");
    expect(rep.issues.some((i) => i.file?.includes('ghi-chu.ini'))).toBe(false);
    expect(rep.communes.filter((c) => c.reported).map((c) => c.file)).toEqual(['hoa-an.xlsx', 'kim-lien.xlsx']);
    // the data-check sheet names them too
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dir, 'o.xlsx'));
    const texts: string[] = [];
    wb.getWorksheet('Kiểm tra dữ liệu')!.eachRow((row) => row.eachCell((c) => void texts.push(String(c.value))));
    for (const f of skipped) expect(texts.some((t) => t.includes(f))).toBe(true);
  });

  it('two file names that differ only in Unicode normalisation are two files, both read', async () => {
    const dir = tempDir();
    copy(path.join(XA, 'hoa-an.xlsx'), path.join(dir, 'in', 'B\u00e1o c\u00e1o.xlsx')); // NFC
    copy(path.join(XA, 'kim-lien.xlsx'), path.join(dir, 'in', 'Ba\u0301o ca\u0301o.xlsx')); // NFD
    const r = await run(['consolidate', '--plan', PLAN, '--out', 'o.xlsx', '--json', 'o.json', 'in'], dir);
    expect(r.code).toBe(0);
    const rep = readJson(path.join(dir, 'o.json'));
    expect(rep.files.filter((f) => f.status === 'used')).toHaveLength(2);
    expect(new Set(rep.files.map((f) => f.file)).size).toBe(2);
    expect(rep.communes.filter((c) => c.reported).map((c) => c.name).sort()).toEqual(['Hòa An', 'Kim Liên']);
  });
});

describe("tonghop's own outputs among the inputs", () => {
  it('a tong-hop.xlsx left in the input folder is skipped (info, in `files`), never read as a commune', async () => {
    const dir = tempDir();
    for (const f of fs.readdirSync(XA)) copy(path.join(XA, f), path.join(dir, 'in', f));
    const clean = await run(['consolidate', '--plan', PLAN, '--out', 'a/kq.xlsx', '--json', 'a/kq.json', 'in'], dir);
    expect(clean.code).toBe(0);
    const want = readJson(path.join(dir, 'a', 'kq.json')).indicators.find((i) => i.code === 'KT01')!.actual;
    expect(want).toBeCloseTo(24324, 6);
    copy(path.join(dir, 'a', 'kq.xlsx'), path.join(dir, 'in', 'tong-hop.xlsx'));
    const r = await run(['consolidate', '--plan', PLAN, '--out', 'b/kq.xlsx', '--json', 'b/kq.json', 'in'], dir);
    expect(r.code).toBe(0);
    const rep = readJson(path.join(dir, 'b', 'kq.json'));
    expect(rep.indicators.find((i) => i.code === 'KT01')!.actual).toBe(want);
    expect(rep.files.find((f) => f.file === 'tong-hop.xlsx')).toMatchObject({ status: 'skipped', commune: null });
    expect(rep.issues.find((i) => i.file === 'tong-hop.xlsx')).toMatchObject({ severity: 'info', code: 'own_output' });
    expect(rep.communes.find((c) => c.name === 'Thị trấn Phú Lộc')?.file).toBe('tt-phu-loc.xlsx');
  });

  it('the workbook and the JSON carry the same run key; the JSON is compact unless --json-pretty', async () => {
    const dir = tempDir();
    copy(path.join(XA, 'hoa-an.xlsx'), path.join(dir, 'hoa-an.xlsx'));
    expect((await run(['consolidate', '--out', 'o.xlsx', '--json', 'o.json', 'hoa-an.xlsx'], dir)).code).toBe(0);
    const text = fs.readFileSync(path.join(dir, 'o.json'), 'utf8');
    expect(text.split('\n')).toHaveLength(2); // one line + the final newline
    const rep = JSON.parse(text) as Json;
    expect(rep.tonghop).toBe('output/1');
    const mark = await outputMark(fs.readFileSync(path.join(dir, 'o.xlsx')));
    expect(mark).toEqual({ kind: 'marked', version: 'output/1', run: rep.run });
    expect(rep.run).toMatch(/\S{8,}/);
    expect((await run(['consolidate', '--out', 'o.xlsx', '--json', 'o.json', '--json-pretty', '--force', 'hoa-an.xlsx'], dir)).code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'o.json'), 'utf8')).toMatch(/^\{\n {2}"tonghop": "output\/1",\n {2}"run": /);
  });

  it('a workbook with exactly the sheets of an output written before the mark existed is recognised too', async () => {
    const wb = new ExcelJS.Workbook();
    for (const n of outputSheetSets()[0]) wb.addWorksheet(n);
    expect(await outputMark(new Uint8Array(await wb.xlsx.writeBuffer()), outputSheetSets())).toEqual({ kind: 'legacy' });
    wb.addWorksheet('Kinh tế');
    expect(await outputMark(new Uint8Array(await wb.xlsx.writeBuffer()), outputSheetSets())).toBeNull();
  });
});

describe('no input is ever written over', () => {
  it('--out naming a commune file inside the input folder: refused even with --force, the file untouched', async () => {
    const dir = tempDir();
    copy(path.join(XA, 'hoa-an.xlsx'), path.join(dir, 'in', 'hoa-an.xlsx'));
    copy(path.join(XA, 'kim-lien.xlsx'), path.join(dir, 'in', 'kim-lien.xlsx'));
    const before = fs.readFileSync(path.join(dir, 'in', 'hoa-an.xlsx'));
    const r = await run(['consolidate', '--plan', PLAN, '--out', 'in/hoa-an.xlsx', '--force', 'in'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain("tệp 'in/hoa-an.xlsx' đã có và không phải do tonghop ghi");
    expect(r.err).toContain("'in/hoa-an.xlsx' exists and was not written by tonghop");
    expect(fs.readFileSync(path.join(dir, 'in', 'hoa-an.xlsx')).equals(before)).toBe(true);
  });

  it('--json equal to the plan: refused, the plan untouched', async () => {
    const dir = tempDir();
    copy(path.join(XA, 'hoa-an.xlsx'), path.join(dir, 'hoa-an.xlsx'));
    copy(PLAN, path.join(dir, 'kh.json'));
    const before = fs.readFileSync(path.join(dir, 'kh.json'));
    for (const force of [[], ['--force']]) {
      const r = await run(['consolidate', '--plan', 'kh.json', '--out', 'o.xlsx', '--json', 'kh.json', ...force, 'hoa-an.xlsx'], dir);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/kh\.json/);
      expect(fs.readFileSync(path.join(dir, 'kh.json')).equals(before)).toBe(true);
    }
  });

  it('--force over a file tonghop did not write (any JSON, any workbook): refused', async () => {
    const dir = tempDir();
    copy(path.join(XA, 'hoa-an.xlsx'), path.join(dir, 'hoa-an.xlsx'));
    fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"x"}');
    const r = await run(['consolidate', '--out', 'o.xlsx', '--json', 'package.json', '--force', 'hoa-an.xlsx'], dir);
    expect(r.code).toBe(1);
    expect(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).toBe('{"name":"x"}');
    expect(fs.existsSync(path.join(dir, 'o.xlsx'))).toBe(false);
  });
});

describe('the reading limits are flags', () => {
  it('--help lists them', async () => {
    const r = await run(['--help']);
    for (const f of ['--max-rows', '--max-cols', '--max-file-mb', '--max-unzipped-mb', '--json-pretty', '--threads']) expect(r.out).toContain(f);
  });

  it('a plan wider than the column limit is an error naming --max-cols; bad values are usage errors', async () => {
    const dir = tempDir();
    copy(path.join(XA, 'hoa-an.xlsx'), path.join(dir, 'hoa-an.xlsx'));
    const r = await run(['consolidate', '--plan', PLAN, '--max-cols', '12', '--out', 'o.xlsx', '--json', 'o.json', 'hoa-an.xlsx'], dir);
    expect(r.code).toBe(0);
    const i = readJson(path.join(dir, 'o.json')).issues.find((x) => x.code === 'plan_too_wide')!;
    expect(i).toMatchObject({ severity: 'error', file: 'ke-hoach-2024.xlsx' });
    expect(i.message).toContain('--max-cols');
    expect(i.messageEn).toContain('--max-cols');
    expect(r.err).toContain('--max-cols');
    const bad = await run(['consolidate', '--max-cols', 'nhiều', '--out', 'p.xlsx', 'hoa-an.xlsx'], dir);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("--max-cols cần một số dương, không phải 'nhiều'");
  });

  it('a file over --max-file-mb is refused before reading, named in the report; the run goes on', async () => {
    const dir = tempDir();
    copy(path.join(XA, 'hoa-an.xlsx'), path.join(dir, 'in', 'hoa-an.xlsx'));
    const fd = fs.openSync(path.join(dir, 'in', 'kim-lien.xlsx'), 'w');
    fs.ftruncateSync(fd, 3 * 1024 * 1024); // sparse: 3 MB of nothing
    fs.closeSync(fd);
    const r = await run(['consolidate', '--max-file-mb', '2', '--out', 'o.xlsx', '--json', 'o.json', 'in'], dir);
    expect(r.code).toBe(0);
    const rep = readJson(path.join(dir, 'o.json'));
    const i = rep.issues.find((x) => x.file === 'kim-lien.xlsx')!;
    expect(i).toMatchObject({ code: 'file_too_large', severity: 'error' });
    expect(i.message).toContain('--max-file-mb');
    expect(rep.files.find((f) => f.file === 'kim-lien.xlsx')?.status).toBe('skipped');
  });
});

describe('input discovery is linear', () => {
  it('resolves each path a bounded number of times, not once per pair', () => {
    const dir = tempDir();
    for (let i = 0; i < 300; i++) fs.writeFileSync(path.join(dir, `x${i}.xlsx`), 'x');
    const spy = vi.spyOn(fs.realpathSync, 'native');
    try {
      const got = collectFiles([dir, path.join(dir, 'x1.xlsx')], [path.join(dir, 'out.xlsx')], dir);
      expect(got.files).toHaveLength(300);
      expect(spy.mock.calls.length).toBeLessThan(50);
    } finally {
      spy.mockRestore();
    }
  });
});

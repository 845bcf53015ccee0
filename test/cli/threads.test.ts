/**
 * The command line's reading threads (src/cli/read-pool.ts, read-worker.ts): the outputs are the same with any
 * number of threads, files that cannot be read are named the same way, and a thread that dies hands its file
 * back to the main thread. Runs the command line as built for a user (builtCli): the threads need lib/.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { spawnSync } from 'child_process';
import { describe, expect, it } from 'vitest';
import { builtCli, SHARED, tempDir } from './helpers';
import { inspectZip } from '../../src/xlsx/zip';
import { POOL_MIN_FILES, readThreads } from '../../src/cli/read-pool';

const SAMPLE = path.join(SHARED, 'samples', 'binh-luc-2020-9t');
const hasSample = fs.existsSync(path.join(SAMPLE, 'communes'));

function consolidate(root: string, dir: string, threads: number, out: string): { code: number; err: string; json: Record<string, unknown>; sheets: Map<string, string> } {
  const res = spawnSync(
    process.execPath,
    [path.join(root, 'bin', 'tonghop.js'), 'consolidate', '--threads', String(threads), '--plan', path.join(SAMPLE, 'plan.xlsx'), '--out', `${out}.xlsx`, '--json', `${out}.json`, dir],
    { encoding: 'utf8' },
  );
  const json = JSON.parse(fs.readFileSync(`${out}.json`, 'utf8')) as Record<string, unknown>;
  // the run's key and time differ from run to run; nothing else may
  delete json.run;
  delete json.generatedAt;
  const data = fs.readFileSync(`${out}.xlsx`);
  const zip = inspectZip(data, { maxCompressedBytes: Infinity, maxUncompressedBytes: Infinity });
  if (!zip.ok) throw new Error(zip.code);
  const sheets = new Map<string, string>();
  for (const e of zip.entries) {
    if (!/^xl\/(worksheets\/sheet\d+|sharedStrings)\.xml$/.test(e.name)) continue;
    const raw = data.subarray(e.dataOffset, e.dataOffset + e.compressedSize);
    sheets.set(e.name, (e.method === 8 ? zlib.inflateRawSync(raw) : raw).toString('utf8'));
  }
  return { code: res.status ?? -1, err: res.stderr, json, sheets };
}

describe('how many reading threads', () => {
  it('none below 4 cores or 16 files; then one per 2 cores beyond the first two, at most 3; --threads counts the main one', () => {
    expect([2, 3, 4, 6, 8, 16, 64].map((cores) => readThreads(200, null, cores))).toEqual([0, 0, 1, 2, 3, 3, 3]);
    expect(readThreads(POOL_MIN_FILES - 1, null, 8)).toBe(0);
    expect(readThreads(POOL_MIN_FILES, null, 8)).toBe(3);
    expect([1, 2, 4, 40].map((n) => readThreads(5, n, 2))).toEqual([0, 1, 3, 15]);
  });
});

describe.skipIf(!hasSample)('reading threads', () => {
  const root = builtCli('tonghop-threads-');

  it('the same JSON and the same sheets with 1, 2 and 4 threads, unreadable files included', () => {
    const dir = tempDir('tonghop-threads-in-');
    for (const f of fs.readdirSync(path.join(SAMPLE, 'communes'))) fs.copyFileSync(path.join(SAMPLE, 'communes', f), path.join(dir, f));
    // files no thread can read: named, never a commune, whoever read them
    fs.writeFileSync(path.join(dir, 'hong.xlsx'), Buffer.from('PK\u0003\u0004 not really a workbook'));
    fs.writeFileSync(path.join(dir, 'rong.xlsx'), Buffer.alloc(0));
    const outDir = tempDir('tonghop-threads-out-');
    const one = consolidate(root, dir, 1, path.join(outDir, 'one'));
    expect(one.code).toBe(0);
    const files = one.json.files as { file: string; status: string }[];
    expect(files.find((f) => f.file === 'hong.xlsx')?.status).not.toBe('used');
    expect(files.find((f) => f.file === 'rong.xlsx')?.status).not.toBe('used');
    expect(one.sheets.size).toBeGreaterThan(3);
    for (const n of [2, 4]) {
      const many = consolidate(root, dir, n, path.join(outDir, `many-${n}`));
      expect(many.code).toBe(0);
      expect(many.json).toEqual(one.json);
      expect([...many.sheets.keys()]).toEqual([...one.sheets.keys()]);
      for (const [name, xml] of one.sheets) expect(many.sheets.get(name), name).toBe(xml);
    }
  }, 120_000);

  it('--threads takes a positive whole number', () => {
    const res = spawnSync(process.execPath, [path.join(root, 'bin', 'tonghop.js'), 'consolidate', '--threads', '0', '--out', path.join(tempDir(), 'x.xlsx'), SAMPLE], { encoding: 'utf8' });
    expect(res.status).not.toBe(0);
    expect(res.stderr).toMatch(/--threads cần một số nguyên dương/);
    expect(res.stderr).toMatch(/--threads needs a positive whole number/);
  });

  it("a thread that dies before answering: its file is read on the main thread, with the same report", async () => {
    const pool = require(path.join(root, 'lib', 'cli', 'read-pool.js')) as typeof import('../../src/cli/read-pool');
    const pipeline = require(path.join(root, 'lib', 'pipeline.js')) as typeof import('../../src/pipeline');
    const limitsMod = require(path.join(root, 'lib', 'xlsx', 'limits.js')) as typeof import('../../src/xlsx/limits');
    const limits = limitsMod.resolveLimits({});
    const file = fs.readdirSync(path.join(SAMPLE, 'communes')).sort()[0];
    const disk = pool.diskFile(file, path.join(SAMPLE, 'communes', file), limits.maxCompressedBytes);
    const here = await pipeline.readCommuneInput(disk, null, limits);
    const readers = pool.startReadPool(1, limits);
    expect(readers).not.toBeNull();
    // the thread is still starting (loading the reader) when it is stopped: it never answers
    const away = readers!.read(disk, null);
    expect(away).not.toBeNull();
    await readers!.close();
    expect(await away).toEqual(here);
    // and a stopped pool takes no more files: the pipeline reads them itself
    expect(readers!.read(disk, null)).toBeNull();
  }, 60_000);
});

/**
 * A run of a thousand files or more goes on in a new Node with a larger young generation (src/cli/relaunch.ts,
 * bin/tonghop.js): when, with which flags, and that the exit code and the outputs are the relaunched run's.
 */
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { BIG_RUN_FILES, earlyRelaunchFlags, quickWorkbookCount, relaunchFlags } from '../../src/cli/relaunch';
import { builtCli, listFiles, SAMPLE, tempDir } from './helpers';

describe('relaunchFlags', () => {
  it('from a thousand files, unless Node was given a young-generation size already', () => {
    expect(relaunchFlags(BIG_RUN_FILES - 1, [])).toBeNull();
    expect(relaunchFlags(BIG_RUN_FILES, [])).toEqual(['--max-semi-space-size=32', '--expose-gc']);
    expect(relaunchFlags(5000, ['--expose-gc'])).toEqual(['--max-semi-space-size=32', '--expose-gc']);
    expect(relaunchFlags(5000, ['--max-semi-space-size=64'])).toBeNull();
    expect(relaunchFlags(5000, ['--max-semi-space-size', '8'])).toBeNull();
  });
});

describe('the launcher\'s quick count (earlyRelaunchFlags)', () => {
  /** A folder of `n` empty files named as `name(i)`, in `sub` subfolders. */
  const folder = (n: number, name: (i: number) => string, sub = ''): string => {
    const dir = tempDir('tonghop-quick-');
    fs.mkdirSync(path.join(dir, sub), { recursive: true });
    for (let i = 0; i < n; i++) fs.writeFileSync(path.join(dir, sub, name(i)), '');
    return dir;
  };

  it('counts workbooks named, and in folders and their subfolders, by name; stops at enough', () => {
    const books = folder(30, (i) => `xa-${i}.${['xlsx', 'XLS', 'ods', 'csv', 'xlsb', 'xlsm'][i % 6]}`, 'quy-1/thang-2');
    fs.writeFileSync(path.join(books, 'ghi-chu.docx'), '');
    fs.writeFileSync(path.join(books, 'quy-1', 'anh.png'), '');
    const other = folder(5, (i) => `b${i}.pdf`);
    expect(quickWorkbookCount([books], '/')).toBe(30);
    expect(quickWorkbookCount([books], '/', 10)).toBe(10);
    expect(quickWorkbookCount(['--plan', path.join(books, 'quy-1/thang-2/xa-0.xlsx'), other, '/no/such/place'], '/')).toBe(1);
    expect(quickWorkbookCount(['quy-1'], books)).toBe(30); // relative to the working folder
  });

  it('relaunches at once a consolidation naming a thousand workbooks, nothing else', () => {
    const big = folder(BIG_RUN_FILES, (i) => `xa-${i}.xlsx`);
    const small = folder(BIG_RUN_FILES - 1, (i) => `xa-${i}.xlsx`);
    expect(earlyRelaunchFlags(['consolidate', '--out', 'o.xlsx', big], [], '/')).toEqual(['--max-semi-space-size=32', '--expose-gc']);
    expect(earlyRelaunchFlags(['consolidate', '--out', 'o.xlsx', small], [], '/')).toBeNull();
    expect(earlyRelaunchFlags(['consolidate', '--help', big], [], '/')).toBeNull();
    expect(earlyRelaunchFlags(['template', big], [], '/')).toBeNull();
    expect(earlyRelaunchFlags(['consolidate', big], ['--max-semi-space-size=8'], '/')).toBeNull();
  });
});

describe.skipIf(!fs.existsSync(SAMPLE))('a run of a thousand files', () => {
  /** `n` copies of one commune's workbook (each a file of its own: one commune sent many times). */
  const copies = (n: number): string => {
    const dir = tempDir('tonghop-relaunch-in-');
    const one = path.join(SAMPLE, 'communes', fs.readdirSync(path.join(SAMPLE, 'communes')).filter((f) => f.endsWith('.xlsx')).sort()[0]);
    for (let i = 0; i < n; i++) fs.copyFileSync(one, path.join(dir, `xa-${String(i).padStart(4, '0')}.xlsx`));
    return dir;
  };
  const big = copies(BIG_RUN_FILES);

  it('goes on in the relaunched Node: its exit code is the run\'s, nothing is written here', async () => {
    const asked: string[][] = [];
    const out = tempDir();
    const code = await main(['consolidate', '--out', path.join(out, 'th.xlsx'), big], { stdout: () => undefined, stderr: () => undefined, progress: false, relaunch: async (f) => (asked.push(f), 7) });
    expect(code).toBe(7);
    expect(asked).toEqual([['--max-semi-space-size=32', '--expose-gc']]);
    expect(listFiles(out)).toEqual([]);
  }, 60_000);

  it('goes on here when the new Node cannot be started, and below a thousand files is never relaunched', async () => {
    const out = tempDir();
    let asked = 0;
    const code = await main(['consolidate', '--out', path.join(out, 'th.xlsx'), big], { stdout: () => undefined, stderr: () => undefined, progress: false, relaunch: async () => (asked++, null) });
    expect([code, asked]).toEqual([0, 1]);
    expect(listFiles(out)).toEqual(['th.xlsx']);
    fs.unlinkSync(path.join(big, 'xa-0000.xlsx'));
    const again = await main(['consolidate', '--out', path.join(out, 'th2.xlsx'), big], { stdout: () => undefined, stderr: () => undefined, progress: false, relaunch: async () => (asked++, 7) });
    expect([again, asked]).toEqual([0, 1]);
    fs.copyFileSync(path.join(big, 'xa-0001.xlsx'), path.join(big, 'xa-0000.xlsx'));
  }, 120_000);

  it('the command as typed: the relaunched run writes the same outputs and exits as the run without relaunch', () => {
    const root = builtCli('tonghop-relaunch-');
    const run = (env: NodeJS.ProcessEnv) => {
      const out = tempDir();
      const res = spawnSync(process.execPath, [path.join(root, 'bin', 'tonghop.js'), 'consolidate', '--out', path.join(out, 'th.xlsx'), '--json', path.join(out, 'th.json'), big], { encoding: 'utf8', env: { ...process.env, ...env } });
      const json = fs.readFileSync(path.join(out, 'th.json'), 'utf8').replace(/"run":"[^"]*"/, '').replace(/"generatedAt":"[^"]*"/, '');
      return { code: res.status, out: res.stdout.split(out).join('OUT'), json, files: listFiles(out) };
    };
    const here = run({ TONGHOP_RELAUNCHED: '1' });
    const { TONGHOP_RELAUNCHED: _drop, ...clean } = process.env;
    const relaunched = run(clean);
    expect(relaunched.code).toBe(0);
    expect(relaunched.code).toBe(here.code);
    expect(relaunched.files).toEqual(['th.json', 'th.xlsx']);
    expect(relaunched.json).toBe(here.json);
    expect(relaunched.out).toBe(here.out);
  }, 180_000);
});

describe('a run with gc (a relaunched big run)', () => {
  /** Runs main with `gc` replaced by one that notes whether an output exists yet when it is called. */
  const withGc = async (run: (seen: boolean[]) => Promise<void>): Promise<void> => {
    const g = globalThis as { gc?: () => void };
    const saved = g.gc;
    try {
      await run([]);
    } finally {
      if (saved) g.gc = saved;
      else delete g.gc;
    }
  };
  const quiet = { stdout: () => undefined, stderr: () => undefined, progress: false };

  it('collects once, when the readings of a thousand communes are let go and before the workbook is written', async () => {
    // BIG_RUN_FILES copies of one commune's report (the same commune each time: duplicates, still read)
    const dir = tempDir('tonghop-big-');
    const one = fs.readFileSync(path.join(SAMPLE, 'communes', 'bc-luong-mong.xlsx'));
    for (let i = 0; i < BIG_RUN_FILES; i++) fs.writeFileSync(path.join(dir, `bc-${i}.xlsx`), one);
    const out = tempDir();
    const target = path.join(out, 'th.xlsx');
    await withGc(async (seen) => {
      (globalThis as { gc?: () => void }).gc = () => void seen.push(fs.existsSync(target) || fs.existsSync(path.join(out, 'th.json')));
      expect(await main(['consolidate', '--out', target, '--json', path.join(out, 'th.json'), dir], quiet)).toBe(0);
      expect(seen).toEqual([false]);
      expect(listFiles(out).sort()).toEqual(['th.json', 'th.xlsx']);
    });
  }, 120_000);

  it('a smaller run never collects, though gc is there (it cost more than it gave back); without gc nothing is asked', async () => {
    const out = tempDir();
    await withGc(async (seen) => {
      (globalThis as { gc?: () => void }).gc = () => void seen.push(true);
      expect(await main(['consolidate', '--out', path.join(out, 'th.xlsx'), '--json', path.join(out, 'th.json'), path.join(SAMPLE, 'communes')], quiet)).toBe(0);
      expect(seen).toEqual([]);
      delete (globalThis as { gc?: () => void }).gc;
      expect(await main(['consolidate', '--out', path.join(out, 'th2.xlsx'), path.join(SAMPLE, 'communes')], quiet)).toBe(0);
      expect(listFiles(out).sort()).toEqual(['th.json', 'th.xlsx', 'th2.xlsx']);
    });
  }, 60_000);
});

/**
 * The command line's JSON thread (src/cli/json-thread.ts, json-worker.ts): the JSON written on it is the JSON the
 * main thread writes; when the thread cannot write it, the main thread does, from the file's start; an error of
 * the file system stops the run with a message and leaves nothing behind. Runs the command line as built for a
 * user (builtCli): the thread needs lib/.
 */
import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { builtCli, listFiles, tempDir } from './helpers';
import { JSON_THREAD_FEW_CORES_FILES, JSON_THREAD_MIN_FILES, wantsJsonThread } from '../../src/cli/json-thread';
import { jsonChunks, reportToJsonForWriting } from '../../src/write/json';
import { bigReport } from '../write/fixture';
import { benchCommuneNames, benchIndicators, makeCommune, makePlan } from '../../tools/bench/bench';

type ThreadMod = typeof import('../../src/cli/json-thread');
type MainMod = typeof import('../../src/cli/main');
type PackMod = typeof import('../../src/write/json-pack');

describe('when the JSON has a thread of its own', () => {
  it('from 16 files and 4 cores, from 1,000 files on 2 or 3; always with --threads 2 or more, never with --threads 1', () => {
    expect([1, 2, 3, 4, 8].map((cores) => wantsJsonThread(JSON_THREAD_MIN_FILES, null, cores))).toEqual([false, false, false, true, true]);
    expect([1, 2, 3, 4].map((cores) => wantsJsonThread(JSON_THREAD_FEW_CORES_FILES, null, cores))).toEqual([false, true, true, true]);
    expect(wantsJsonThread(JSON_THREAD_FEW_CORES_FILES - 1, null, 2)).toBe(false);
    expect(wantsJsonThread(JSON_THREAD_MIN_FILES - 1, null, 8)).toBe(false);
    expect(wantsJsonThread(200, 1, 8)).toBe(false);
    expect([2, 4].map((t) => wantsJsonThread(3, t, 2))).toEqual([true, true]);
  });
});

describe('the JSON thread', () => {
  const root = builtCli('tonghop-json-thread-');
  const lib = (m: string) => require(path.join(root, 'lib', ...m.split('/'))) as unknown;
  const threads = lib('cli/json-thread.js') as ThreadMod;
  const pack = lib('write/json-pack.js') as PackMod;
  const { main } = lib('cli/main.js') as MainMod;

  it('writes the text the main thread writes, and flushes it', async () => {
    const report = bigReport(120, 9);
    const file = path.join(tempDir(), 'a.json');
    const fd = fs.openSync(file, 'wx');
    const thread = threads.startJsonThread();
    expect(thread).not.toBeNull();
    try {
      expect(await thread!.write(fd, pack.packReportJson(report, 'vi', { run: 'r1' }))).toBe(true);
    } finally {
      fs.closeSync(fd);
      await thread!.close();
    }
    expect(fs.readFileSync(file, 'utf8')).toBe([...jsonChunks(reportToJsonForWriting(report, 'vi', { run: 'r1' }), 0), '\n'].join(''));
  }, 60_000);

  it('a thread that has ended writes nothing and says so (the caller writes the JSON)', async () => {
    const thread = threads.startJsonThread()!;
    await thread.close();
    const file = path.join(tempDir(), 'b.json');
    const fd = fs.openSync(file, 'wx');
    try {
      expect(await thread.write(fd, pack.packReportJson(bigReport(3, 2), 'vi'))).toBe(false);
    } finally {
      fs.closeSync(fd);
    }
    expect(fs.statSync(file).size).toBe(0);
  }, 60_000);

  describe('in a run', () => {
    let made: Promise<{ plan: string; dir: string }> | null = null;
    const inputs = () =>
      (made ??= (async () => {
        const dir = tempDir('tonghop-json-thread-in-');
        const inds = benchIndicators();
        const names = benchCommuneNames(JSON_THREAD_MIN_FILES + 2);
        const plan = path.join(dir, 'ke-hoach.xlsx');
        fs.writeFileSync(plan, await makePlan(names, inds));
        const xa = path.join(dir, 'xa');
        fs.mkdirSync(xa);
        await Promise.all(names.map(async (n, i) => fs.writeFileSync(path.join(xa, `bc-${i}.xlsx`), await makeCommune(n, i, inds))));
        return { plan, dir: xa };
      })());
    /** The command in this process with the thread given by `fake` (null: the real one); the JSON without its run key and time. */
    const consolidate = async (extra: string[], fake?: (real: ThreadMod['startJsonThread']) => ThreadMod['startJsonThread']) => {
      const { plan, dir } = await inputs();
      const out = tempDir('tonghop-json-thread-out-');
      const real = threads.startJsonThread;
      if (fake) threads.startJsonThread = fake(real);
      let err = '';
      try {
        const code = await main(['consolidate', ...extra, '--plan', plan, '--out', path.join(out, 'th.xlsx'), '--json', path.join(out, 'th.json'), dir], { stdout: () => undefined, stderr: (s) => void (err += s), progress: false });
        const json = fs.existsSync(path.join(out, 'th.json')) ? fs.readFileSync(path.join(out, 'th.json'), 'utf8').replace(/"run":"[^"]*"/, '').replace(/"generatedAt":"[^"]*"/, '') : null;
        return { code, err, json, files: listFiles(out) };
      } finally {
        threads.startJsonThread = real;
      }
    };

    it('the same JSON on the thread as with --threads 1, and the thread did write it', async () => {
      const alone = await consolidate(['--threads', '1']);
      expect(alone.code).toBe(0);
      const answers: boolean[] = [];
      const withThread = await consolidate(['--threads', '2'], (real) => () => {
        const t = real();
        expect(t).not.toBeNull();
        return { write: (fd, p) => t!.write(fd, p).then((ok) => (answers.push(ok), ok)), close: () => t!.close() };
      });
      expect(withThread.code).toBe(0);
      expect(answers).toEqual([true]);
      expect(withThread.json).toBe(alone.json);
      expect(withThread.files).toEqual(['th.json', 'th.xlsx']);
    }, 120_000);

    it('a thread that fails half-way: the main thread writes the whole JSON again from the start', async () => {
      const alone = await consolidate(['--threads', '1']);
      const failing = await consolidate(['--threads', '2'], () => () => ({
        write: async (fd) => {
          fs.writeSync(fd, '{"half":'.repeat(100_000));
          return false;
        },
        close: async () => undefined,
      }));
      expect(failing.code).toBe(0);
      expect(failing.json).toBe(alone.json);
    }, 120_000);

    it('a disk that is full: the run says the output could not be written and leaves no file behind', async () => {
      const full = await consolidate(['--threads', '2'], () => () => ({
        write: async () => {
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        },
        close: async () => undefined,
      }));
      expect(full.code).toBe(1);
      expect(full.err).toMatch(/không ghi được kết quả: ENOSPC/);
      expect(full.err).toMatch(/cannot write the output: ENOSPC/);
      expect(full.files).toEqual([]);
    }, 120_000);
  });
});

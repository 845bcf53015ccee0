/**
 * The built command line in child processes (as bin.test.ts): a FIFO or a device named on the command line
 * never hangs nor grows (refused before reading, named in the report), and two runs writing the same outputs
 * at once leave a consistent pair (the workbook's run key is the JSON's).
 */
import { describe, it, expect, beforeAll } from 'vitest';
import * as fs from 'fs';
import * as path from 'path';
import { spawn, spawnSync, execFileSync } from 'child_process';
import { EXAMPLES, REPO, builtCli, tempDir } from './helpers';
import { outputMark } from '../../src/xlsx/marker';

let root: string;
beforeAll(() => {
  root = builtCli('tonghop-safety-');
}, 180_000);

const env = () => ({ ...process.env, NODE_PATH: path.join(REPO, 'node_modules') });
const XA = path.join(EXAMPLES, 'xa');

describe('files that are not regular files', () => {
  it('a FIFO and a device named on the command line: not read, a warning naming each, the run goes on', () => {
    const dir = tempDir();
    fs.copyFileSync(path.join(XA, 'hoa-an.xlsx'), path.join(dir, 'hoa-an.xlsx'));
    execFileSync('mkfifo', [path.join(dir, 'ong.xlsx')]);
    const r = spawnSync(process.execPath, [path.join(root, 'bin', 'tonghop.js'), 'consolidate', '--out', 'o.xlsx', '--json', 'o.json', 'ong.xlsx', '/dev/null', 'hoa-an.xlsx'], {
      cwd: dir,
      encoding: 'utf8',
      env: env(),
      timeout: 60_000,
    });
    expect(r.status).toBe(0);
    const rep = JSON.parse(fs.readFileSync(path.join(dir, 'o.json'), 'utf8')) as { issues: { code: string; file: string; message: string }[]; files: { file: string; status: string }[] };
    const fifo = rep.issues.find((i) => i.file === 'ong.xlsx')!;
    expect(fifo.code).toBe('not_regular_file');
    expect(fifo.message).toContain('FIFO');
    expect(rep.issues.find((i) => i.file === '/dev/null')?.code).toBe('not_regular_file');
    expect(rep.files.filter((f) => f.status === 'skipped').map((f) => f.file).sort()).toEqual(['/dev/null', 'ong.xlsx']);
  }, 90_000);
});

describe('two runs writing the same outputs at once', () => {
  it('leave the workbook and the JSON of one same run', async () => {
    const dir = tempDir();
    fs.copyFileSync(path.join(XA, 'hoa-an.xlsx'), path.join(dir, 'hoa-an.xlsx'));
    fs.copyFileSync(path.join(XA, 'kim-lien.xlsx'), path.join(dir, 'kim-lien.xlsx'));
    const once = () =>
      new Promise<number | null>((resolve) => {
        const p = spawn(process.execPath, [path.join(root, 'bin', 'tonghop.js'), 'consolidate', '--out', 'o.xlsx', '--json', 'o.json', '--force', 'hoa-an.xlsx', 'kim-lien.xlsx'], {
          cwd: dir,
          env: env(),
          stdio: 'ignore',
        });
        p.on('exit', (code) => resolve(code));
      });
    for (let round = 0; round < 2; round++) {
      expect(await Promise.all([once(), once(), once()])).toEqual([0, 0, 0]);
      const json = JSON.parse(fs.readFileSync(path.join(dir, 'o.json'), 'utf8')) as { run?: string };
      const mark = await outputMark(fs.readFileSync(path.join(dir, 'o.xlsx')));
      expect(json.run).toBeTruthy();
      expect(mark).toMatchObject({ kind: 'marked', run: json.run });
    }
    expect(fs.readdirSync(dir).sort()).toEqual(['hoa-an.xlsx', 'kim-lien.xlsx', 'o.json', 'o.xlsx']); // no temporary file, no lock left
  }, 120_000);
});

/**
 * The built command line as a user runs it: bin/tonghop.js in a child process.
 * src is compiled with tsconfig.cli.json into a temporary folder (so a stale lib/ cannot fool
 * the test and parallel tests never share output), beside a copy of bin/ and package.json.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { EXAMPLES, REPO, builtCli, listFiles, tempDir } from './helpers';

let root: string;

beforeAll(() => {
  root = builtCli('tonghop-bin-');
}, 180_000);

function tonghop(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'tonghop.js'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NODE_PATH: path.join(REPO, 'node_modules') },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('bin/tonghop.js', () => {
  it('--help: exit 0, the help on stdout', () => {
    const r = tonghop(['--help'], REPO);
    expect(r.code).toBe(0);
    expect(r.out).toContain('tonghop consolidate [options] FILES_OR_FOLDERS…');
    expect(r.err).toBe('');
  });

  it('a usage error: exit 1, the message on stderr, nothing on stdout', () => {
    const dir = tempDir();
    const r = tonghop(['consolidate', '--out', 'o.xlsx', 'khong-co'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain("tonghop: lỗi: không có tệp hoặc thư mục 'khong-co'\ntonghop: error: no such file or folder 'khong-co'\n");
    expect(r.out).toBe('');
  });

  it('a run never loads fflate, which only browsers need (Node\'s zlib inflates): 11–15 ms less per run', () => {
    const dir = tempDir();
    const probe = path.join(dir, 'probe.js');
    fs.writeFileSync(probe, "process.on('exit', () => process.stderr.write('fflate loaded: ' + Object.keys(require.cache).some((k) => /[\\\\/]fflate[\\\\/]/.test(k)) + '\\n'));\n");
    const r = spawnSync(
      process.execPath,
      ['-r', probe, path.join(root, 'bin', 'tonghop.js'), 'consolidate', '--plan', path.join(EXAMPLES, 'ke-hoach-2024.xlsx'), '--out', 'o.xlsx', path.join(EXAMPLES, 'xa')],
      { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_PATH: path.join(REPO, 'node_modules') } },
    );
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('fflate loaded: false\n');
  });

  it('nothing usable: exit 2', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'hong.xlsx'), 'not a workbook');
    const r = tonghop(['consolidate', '--out', 'o.xlsx', 'hong.xlsx'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain('nothing usable could be read');
    expect(listFiles(dir)).toEqual(['hong.xlsx']);
  });

  it('the examples: exit 0, both outputs, no progress on a stderr that is not a terminal', () => {
    const dir = tempDir();
    const r = tonghop(
      ['consolidate', '--plan', path.join(EXAMPLES, 'ke-hoach-2024.xlsx'), '--out', 'out/tong-hop.xlsx', '--json', 'out/tong-hop.json', path.join(EXAMPLES, 'xa')],
      dir,
    );
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toContain('Số xã đã đọc: 15/16');
    expect(listFiles(dir)).toEqual(['out/tong-hop.json', 'out/tong-hop.xlsx']);
    const rep = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'tong-hop.json'), 'utf8'));
    expect(rep.indicators).toHaveLength(15);
  });
});

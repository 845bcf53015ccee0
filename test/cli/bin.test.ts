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

  it('a run optimizes without inlining (the launcher\'s V8 flag): the examples run as typed inline nothing; without the launcher, or relaunched as a big run, they do', () => {
    const dir = tempDir();
    const args = ['consolidate', '--plan', path.join(EXAMPLES, 'ke-hoach-2024.xlsx'), '--out', 'o.xlsx', path.join(EXAMPLES, 'xa')];
    const env = { ...process.env, NODE_PATH: path.join(REPO, 'node_modules') };
    // V8 prints each function it inlines while optimizing (its own trace, on stdout)
    const inlined = (out: string) => out.split('\n').filter((l) => /^Inlining /.test(l)).length;
    const typed = spawnSync(process.execPath, ['--trace-turbo-inlining', path.join(root, 'bin', 'tonghop.js'), ...args], { cwd: dir, encoding: 'utf8', env });
    expect(typed.status).toBe(0);
    expect(typed.stdout).toContain('Số xã đã đọc: 15/16');
    expect(inlined(typed.stdout)).toBe(0);
    // the trace is there to see: the same run through main.js, with V8's defaults, inlines
    const main = `require(${JSON.stringify(path.join(root, 'lib', 'cli', 'main.js'))}).main(${JSON.stringify(args.map((a) => a.replace('o.xlsx', 'p.xlsx')))}).then((c) => (process.exitCode = c))`;
    const bare = spawnSync(process.execPath, ['--trace-turbo-inlining', '-e', main], { cwd: dir, encoding: 'utf8', env });
    expect(bare.status).toBe(0);
    expect(inlined(bare.stdout)).toBeGreaterThan(0);
    // a big run, once relaunched, keeps V8's defaults
    const relaunched = spawnSync(process.execPath, ['--trace-turbo-inlining', path.join(root, 'bin', 'tonghop.js'), ...args.map((a) => a.replace('o.xlsx', 'q.xlsx'))], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...env, TONGHOP_RELAUNCHED: '1' },
    });
    expect(relaunched.status).toBe(0);
    expect(inlined(relaunched.stdout)).toBeGreaterThan(0);
  }, 60_000);

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

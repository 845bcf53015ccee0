import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { main } from '../../src/cli/main';

export const REPO = path.resolve(__dirname, '..', '..');
export const SHARED = path.resolve(REPO, '..', 'shared');
export const SAMPLE = path.join(SHARED, 'samples', 'ba-che-2020-q1');
export const EXAMPLES = path.join(REPO, 'examples');

export interface RunResult {
  code: number;
  out: string;
  err: string;
}

/** main() in this process, output captured, paths relative to `cwd`. */
export async function run(argv: string[], cwd: string = REPO): Promise<RunResult> {
  let out = '';
  let err = '';
  const code = await main(argv, {
    stdout: (s) => void (out += s),
    stderr: (s) => void (err += s),
    progress: false,
    cwd,
    now: new Date(Date.UTC(2024, 6, 1)),
  });
  return { code, out, err };
}

export function tempDir(prefix = 'tonghop-cli-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * The command line built as a user gets it, in a new temporary folder (so a stale lib/ cannot fool a test and
 * parallel tests never share output): src compiled with tsconfig.cli.json into lib/, beside a copy of bin/ and
 * package.json. Returns the folder; its bin/tonghop.js is the command.
 */
export function builtCli(prefix: string): string {
  const root = tempDir(prefix);
  const tsc = path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
  const res = spawnSync(process.execPath, [tsc, '-p', path.join(REPO, 'tsconfig.cli.json'), '--outDir', path.join(root, 'lib')], { encoding: 'utf8', cwd: REPO });
  if (res.status !== 0 && !fs.existsSync(path.join(root, 'lib', 'cli', 'main.js'))) throw new Error(`tsc failed:\n${res.stdout}\n${res.stderr}`);
  fs.mkdirSync(path.join(root, 'bin'));
  fs.copyFileSync(path.join(REPO, 'bin', 'tonghop.js'), path.join(root, 'bin', 'tonghop.js'));
  fs.copyFileSync(path.join(REPO, 'package.json'), path.join(root, 'package.json'));
  // the dependencies as `npm ci` installs them beside the package (the reader needs fflate where zlib is absent)
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  return root;
}

/** Every file under dir, relative, sorted (hidden ones included). */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(dir, p).split(path.sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
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

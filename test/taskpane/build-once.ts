/**
 * `npm run build` once for the add-in tests (manifest check, browser tests), shared between test
 * files that vitest runs in parallel processes: a lock directory serialises the builds, and a stamp
 * of the inputs (sizes and modification times of the sources, config and assets) lets a later test
 * file reuse dist/ when nothing changed.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const DIST = path.join(ROOT, 'dist');
const STAMP = path.join(DIST, '.tonghop-build-stamp');
const LOCK = path.join(ROOT, 'node_modules', '.cache', 'tonghop-build.lock');

function walk(dir: string, out: string[]) {
  if (!fs.existsSync(dir)) return;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(p);
  }
}

/** A hash of what the build reads. */
export function inputStamp(): string {
  const files: string[] = [];
  walk(path.join(ROOT, 'src'), files);
  walk(path.join(ROOT, 'assets'), files);
  for (const f of ['webpack.config.js', 'tsconfig.json', 'tsconfig.taskpane.json', 'manifest.xml', 'package.json', 'node_modules/exceljs/package.json']) {
    files.push(path.join(ROOT, f));
  }
  const h = createHash('sha1');
  for (const f of files.sort()) {
    try {
      const st = fs.statSync(f);
      h.update(`${path.relative(ROOT, f)}|${st.size}|${st.mtimeMs}\n`);
    } catch {
      h.update(`${f}|missing\n`);
    }
  }
  return h.digest('hex');
}

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}

async function lock(): Promise<() => void> {
  fs.mkdirSync(path.dirname(LOCK), { recursive: true });
  const started = Date.now();
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      return () => fs.rmSync(LOCK, { recursive: true, force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      // A lock older than 10 minutes belongs to a build that died.
      try {
        if (Date.now() - fs.statSync(LOCK).mtimeMs > 600_000) fs.rmSync(LOCK, { recursive: true, force: true });
      } catch {
        /* gone meanwhile */
      }
      if (Date.now() - started > 900_000) throw new Error('waited 15 minutes for another build of dist/');
      await sleep(500);
    }
  }
}

function runBuild(): Promise<void> {
  return new Promise((resolve, reject) => {
    const cli = path.join(ROOT, 'node_modules', 'webpack-cli', 'bin', 'cli.js');
    const child = spawn(process.execPath, [cli, '--mode', 'production'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (d) => (log += d));
    child.stderr.on('data', (d) => (log += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`webpack failed (${code}):\n${log.slice(-4000)}`))));
  });
}

/** Build dist/ unless it is up to date; returns its path. */
export async function buildDist(): Promise<string> {
  const release = await lock();
  try {
    const stamp = inputStamp();
    const fresh = fs.existsSync(STAMP) && fs.readFileSync(STAMP, 'utf8') === stamp && fs.existsSync(path.join(DIST, 'taskpane.html')) && fs.existsSync(path.join(DIST, 'worker.js'));
    if (!fresh) {
      await runBuild();
      fs.writeFileSync(STAMP, stamp);
    }
    return DIST;
  } finally {
    release();
  }
}

/** Every file of dist/, as paths relative to it with "/" separators. */
export function distFiles(dist = DIST): string[] {
  const out: string[] = [];
  walk(dist, out);
  return out.map((f) => path.relative(dist, f).split(path.sep).join('/'));
}

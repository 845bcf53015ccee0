/**
 * LibreOffice for the format tests: `soffice --headless --convert-to FORMAT` of many files in one call,
 * with a private profile made once per test file (call convert one at a time: two soffice on one profile clash). Without soffice the tests that need it
 * are skipped, saying why — unless CI is set, where LibreOffice is installed (.ci/run) and its absence fails.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export function findSoffice(): string | null {
  const r = spawnSync('sh', ['-c', 'command -v soffice || command -v libreoffice'], { encoding: 'utf8' });
  const p = r.status === 0 ? r.stdout.trim().split('\n')[0] : '';
  return p || null;
}

export const SOFFICE = findSoffice();

/** Skip (with a reason on the console) when soffice is missing, except in CI, where the tests then fail. */
export function skipWithoutSoffice(who: string): boolean {
  if (SOFFICE) return false;
  if (process.env.CI) return false;
  console.warn(`${who}: skipped — soffice (LibreOffice) is not on PATH; install with \`apt-get install -y libreoffice-calc\``);
  return true;
}

let profile: string | undefined;

/**
 * Convert `files` to `format` ("xls", "ods", "csv:Text - txt - csv (StarCalc):44,34,76") into `outDir`,
 * in one soffice run. Resolves with the output paths (same base names, new extension).
 */
export function convert(files: string[], format: string, outDir: string): Promise<string[]> {
  if (!SOFFICE) return Promise.reject(new Error('soffice (LibreOffice) is not on PATH'));
  fs.mkdirSync(outDir, { recursive: true });
  profile ??= fs.mkdtempSync(path.join(os.tmpdir(), 'tonghop-lo-profile-'));
  const home = profile;
  const ext = format.split(':')[0];
  return new Promise((resolve, reject) => {
    const child = spawn(SOFFICE, [`-env:UserInstallation=${pathToFileURL(home).href}`, '--headless', '--norestore', '--convert-to', format, '--outdir', outDir, ...files], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout.on('data', (b) => (log += String(b)));
    child.stderr.on('data', (b) => (log += String(b)));
    child.on('error', reject);
    child.on('close', (code) => {
      const outs = files.map((f) => path.join(outDir, path.basename(f).replace(/\.[^.]+$/, '.' + ext)));
      const missing = outs.filter((o) => !fs.existsSync(o));
      if (code !== 0 || missing.length > 0) reject(new Error(`soffice --convert-to ${format} failed (exit ${code}); missing ${missing.join(', ')}\n${log}`));
      else resolve(outs);
    });
  });
}

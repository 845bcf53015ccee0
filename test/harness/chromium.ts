/**
 * Headless Chromium (Debian's /usr/bin/chromium, CHROMIUM_PATH overrides) driven by playwright-core, and
 * webpack bundles for it: the set-up shared by the browser tests (test/e2e), the Web Worker tests of the
 * .xlsx reader and writer (test/xlsx/*), and their clean-up.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { buildDist } from '../taskpane/build-once';
import { serveDist, type StaticServer } from '../e2e/server';
import { CHROMIUM, launchHeadless } from '../../tools/chromium';

export { CHROMIUM };
export const HAVE_CHROMIUM = fs.existsSync(CHROMIUM);
const ROOT = path.resolve(__dirname, '../..');

/** Things to undo after the tests of a file, last made first undone. */
export class Cleanup {
  private fns: (() => Promise<void> | void)[] = [];
  push(fn: () => Promise<void> | void): void {
    this.fns.push(fn);
  }
  /** A fresh temporary folder, removed at clean-up. */
  tempDir(prefix: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    this.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    return dir;
  }
  async run(): Promise<void> {
    for (const f of this.fns.splice(0).reverse()) await f();
  }
}

/** A headless Chromium with its own profile (tools/chromium.ts), closed at clean-up. */
export async function launchChromium(cleanup: Cleanup): Promise<BrowserContext> {
  const { ctx, close } = await launchHeadless('tonghop-chromium-');
  cleanup.push(close);
  return ctx;
}

/**
 * A new page of `ctx` that keeps its errors, from which nothing leaves the machine: requests to any origin but
 * `own` are aborted, unless `allowed` lets them through.
 */
export async function guardedPage(ctx: BrowserContext, own: string, allowed: (url: URL) => boolean = () => false): Promise<{ page: Page; errors: string[] }> {
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.route((url) => url.origin !== own && !allowed(url), (route) => route.abort());
  return { page, errors };
}

/** The served task pane in a fresh guarded page of a new Chromium, ready (body[data-ready]). */
export async function readyPane(cleanup: Cleanup, origin: string): Promise<{ page: Page; errors: string[] }> {
  const ctx = await launchChromium(cleanup);
  const { page, errors } = await guardedPage(ctx, origin);
  await page.goto(`${origin}/taskpane.html`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  return { page, errors };
}

/** `entry` and what it imports bundled by webpack (ts-loader, tsconfig.taskpane.json) into one script, as text. */
export async function bundle(entry: string, cleanup: Cleanup, opts: { target: 'webworker' | 'web'; mode: 'production' | 'development' }): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const webpack = require('webpack') as typeof import('webpack');
  const out = cleanup.tempDir('tonghop-bundle-');
  const compiler = webpack({
    mode: opts.mode,
    devtool: false,
    target: opts.target === 'web' ? ['web', 'es2017'] : 'webworker',
    context: ROOT,
    entry,
    output: { path: out, filename: 'bundle.js' },
    resolve: { extensions: ['.ts', '.js'] },
    module: {
      rules: [{ test: /\.ts$/, exclude: /node_modules/, use: { loader: 'ts-loader', options: { configFile: path.join(ROOT, 'tsconfig.taskpane.json'), transpileOnly: true } } }],
    },
    optimization: { minimize: false },
    performance: { hints: false },
    infrastructureLogging: { level: 'error' },
  });
  const stats = await new Promise<import('webpack').Stats>((resolve, reject) => compiler.run((err, s) => (err || !s ? reject(err) : resolve(s))));
  await new Promise<void>((resolve) => compiler.close(() => resolve()));
  if (stats.hasErrors()) throw new Error(stats.toString({ all: false, errors: true }));
  return fs.readFileSync(path.join(out, 'bundle.js'), 'utf8');
}

/**
 * Browser tests that cannot run here (`reason`) are skipped with a warning — but not in CI, where they must run:
 * there a failing test says why.
 */
export function failInCi(what: string, reason: string | null, need = 'need Chromium'): void {
  if (!reason || !process.env.CI) return;
  describe(`${what} (CI)`, () => {
    it(need, () => {
      throw new Error(`${what} cannot run in CI: ${reason}`);
    });
  });
}

/** What a test's worker posts back: ok, or the error; whether it saw a Node `process`. */
export interface WorkerAnswer {
  ok: boolean;
  hasProcess?: boolean;
  error?: string;
}

/**
 * `entry` bundled for a browser Web Worker (target "webworker", production), checked to hold no Node module:
 * a require of zlib, fs, buffer or stream would fail there.
 */
export async function workerBundle(entry: string, cleanup: Cleanup): Promise<string> {
  const code = await bundle(entry, cleanup, { target: 'webworker', mode: 'production' });
  expect(code).not.toMatch(/require\(["'](node:)?(zlib|fs|buffer|stream)["']\)/);
  return code;
}

/** The task pane: wait until `n` sources are listed and every one has been read. */
export async function sourcesRead(page: Page, n: number): Promise<void> {
  await page.waitForFunction(
    (k) => document.querySelectorAll('[data-testid=source]').length === k && !document.querySelector('.source.pending') && (document.getElementById('progress-area') as HTMLElement).hidden,
    n,
    { timeout: 120_000 },
  );
}

/** Click the button `testid` and take the file it downloads. */
export async function download(page: Page, testid: string): Promise<{ name: string; data: Buffer }> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  const p = await dl.path();
  return { name: dl.suggestedFilename(), data: fs.readFileSync(p!) };
}

/**
 * The built task pane (dist/, built once for all test files) served over https, and the bundle of
 * test/e2e/fake-office.ts (the Excel double + Office globals) to serve in place of office.js.
 * `external` (an origin such as https://localhost:3000) uses a running dev server instead of dist/.
 */
export async function serveTaskPane(cleanup: Cleanup, external?: string): Promise<{ server: StaticServer; fakeOfficeJs: string }> {
  const fakeEntry = path.join(ROOT, 'test', 'e2e', 'fake-office.ts');
  const [dist, fakeOfficeJs] = await Promise.all([external ? Promise.resolve('') : buildDist(), bundle(fakeEntry, cleanup, { target: 'web', mode: 'development' })]);
  if (external) return { server: { origin: new URL(external).origin, close: async () => undefined }, fakeOfficeJs };
  const server = await serveDist(dist);
  cleanup.push(() => server.close());
  return { server, fakeOfficeJs };
}

/** A blank page at https://tonghop.test/ (nothing leaves the machine) serving `files` at /files/NAME, for Web Worker tests. */
export async function blankPage(ctx: BrowserContext, files: { name: string; data: Uint8Array }[] = []): Promise<Page> {
  const page = await ctx.newPage();
  await page.route('https://tonghop.test/**', (route) => {
    const url = new URL(route.request().url());
    const f = files.find((x) => url.pathname === '/files/' + encodeURIComponent(x.name));
    if (f) return route.fulfill({ status: 200, contentType: 'application/octet-stream', body: Buffer.from(f.data) });
    return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: '<!doctype html><title>tonghop</title>' });
  });
  await page.goto('https://tonghop.test/');
  return page;
}

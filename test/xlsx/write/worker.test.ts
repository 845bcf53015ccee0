/**
 * writeXlsx in a real browser Web Worker: the module and what it imports are bundled by webpack
 * for target "webworker" (a Node import would fail the bundle or the worker), run in headless Chromium
 * (Debian's /usr/bin/chromium, as test/e2e does), and the workbook it posts back must read back in exceljs
 * with the same values as the one written in Node. There the parts are deflated by CompressionStream.
 * Skipped, saying so, without /usr/bin/chromium (CHROMIUM_PATH overrides).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { writeXlsx } from '../../../src/xlsx/write';
import { buildSheets } from '../../../src/write/sheets';
import { HOSTILE_COMMUNE, makeReport } from '../../write/fixture';
import { readBack, unzip } from './helpers';
import { inspectZip } from '../../../src/xlsx/zip';

const ROOT = path.resolve(__dirname, '../../..');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const HAVE_CHROMIUM = fs.existsSync(CHROMIUM);
if (!HAVE_CHROMIUM) console.warn(`test/xlsx-write/worker.test.ts: skipped — no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`);

const tmp: string[] = [];
afterAll(() => {
  for (const d of tmp) fs.rmSync(d, { recursive: true, force: true });
});

async function bundle(): Promise<string> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'tonghop-xw-bundle-'));
  tmp.push(out);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const webpack = require('webpack') as typeof import('webpack');
  const compiler = webpack({
    mode: 'production',
    target: 'webworker',
    context: ROOT,
    entry: path.join(__dirname, 'worker-entry.ts'),
    output: { path: out, filename: 'worker.js' },
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
  return fs.readFileSync(path.join(out, 'worker.js'), 'utf8');
}

interface WorkerAnswer {
  ok: boolean;
  bytes?: number[];
  mode?: string;
  hasProcess?: boolean;
  error?: string;
}

describe.skipIf(!HAVE_CHROMIUM)('writeXlsx in a browser Web Worker', () => {
  it('bundles for a worker with no Node module, runs there, and writes the same workbook', async () => {
    const code = await bundle();
    expect(code).not.toMatch(/require\(["'](node:)?(zlib|fs|buffer|stream)["']\)/);
    const { chromium } = await import('playwright-core');
    const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tonghop-xw-chromium-'));
    tmp.push(userDataDir);
    const ctx = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    });
    let answer: WorkerAnswer;
    try {
      const page = await ctx.newPage();
      await page.route('https://tonghop.test/**', (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: '<!doctype html><title>w</title>' }));
      await page.goto('https://tonghop.test/');
      answer = await page.evaluate(async (src: string) => {
        const url = URL.createObjectURL(new Blob([src], { type: 'text/javascript' }));
        const w = new Worker(url);
        const msg = await new Promise<{ ok: boolean; bytes?: Uint8Array; mode?: string; hasProcess?: boolean; error?: string }>((resolve) => {
          w.onmessage = (e) => resolve(e.data);
          w.onerror = (e) => resolve({ ok: false, error: e.message });
          w.postMessage('go');
        });
        w.terminate();
        return { ...msg, bytes: msg.bytes ? Array.from(msg.bytes) : undefined };
      }, code);
    } finally {
      await ctx.close().catch(() => undefined);
    }
    expect(answer.error).toBeUndefined();
    expect(answer).toMatchObject({ ok: true, mode: 'stream', hasProcess: false });
    const data = new Uint8Array(answer.bytes!);
    const z = inspectZip(data, { maxCompressedBytes: 1e8, maxUncompressedBytes: 1e8 });
    expect(z.ok && z.entries.filter((e) => e.name.startsWith('xl/worksheets/')).every((e) => e.method === 8)).toBe(true);
    // the same parts, byte for byte once inflated, as Node writes
    const node = await writeXlsx(buildSheets(makeReport(), 'vi'), { now: new Date('2020-07-06T08:00:00Z') });
    expect([...unzip(data)]).toEqual([...unzip(node)]);
    const ws = (await readBack(data)).getWorksheet('Tổng hợp')!;
    expect(ws.getCell('G7').value).toEqual({ formula: 'IF(AND(ISNUMBER(F7),ISNUMBER(E7),E7<>0),F7/E7*100,"")', result: 56.8375 });
    const hostile = (await readBack(data)).getWorksheet('Chi tiết xã')!.getCell('J5');
    expect(hostile.type).toBe(ExcelJS.ValueType.String);
    expect(hostile.value).toBe(HOSTILE_COMMUNE);
  }, 180_000);
});

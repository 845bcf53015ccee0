/**
 * readXlsx in a real browser Web Worker: the module and what it imports are bundled by webpack
 * for target "webworker" (a Node import would fail the bundle or the worker), run in headless Chromium
 * (Debian's /usr/bin/chromium, as test/e2e does), where parts are inflated by fflate and searched without
 * Buffer. The Grids it posts back must be those Node reads from the same bytes — for real workbooks, for a
 * 300,000-row sheet cut at 10,000 rows, and for a zip bomb (a sheet declared 5,000 bytes that inflates to 20 MB).
 * Skipped, saying so, without /usr/bin/chromium (CHROMIUM_PATH overrides).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHROMIUM, Cleanup, HAVE_CHROMIUM, blankPage, launchChromium, workerBundle, type WorkerAnswer } from '../../harness/chromium';
import { readXlsx } from '../../../src/xlsx/workbook';
import { file, handWorkbook, zipParts } from './helpers';

const ROOT = path.resolve(__dirname, '../../..');
if (!HAVE_CHROMIUM) console.warn(`test/xlsx/read/worker.test.ts: skipped — no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`);

const cleanup = new Cleanup();
afterAll(() => cleanup.run());

function bigSheet(rows: number): Uint8Array {
  const body: string[] = [];
  for (let r = 1; r <= rows; r++) body.push(`<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>Chỉ tiêu ${r}</t></is></c><c r="B${r}"><v>${r * 1.5}</v></c></row>`);
  return zipParts(handWorkbook({ sheets: [{ name: 'Lớn', xml: body.join(''), tail: '<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>' }] }));
}

describe.skipIf(!HAVE_CHROMIUM)('readXlsx in a browser Web Worker', () => {
  it('bundles for a worker with no Node module, and reads there what Node reads', async () => {
    const code = await workerBundle(path.join(__dirname, 'worker-entry.ts'), cleanup);
    expect(code).not.toContain('node_modules/exceljs');
    const files = ['examples/ke-hoach-2024.xlsx', 'examples/xa/lac-hong.xlsx', 'examples/xa/bc-6t-2024-mk.xlsx', 'examples/xa/hoa-an.xlsx']
      .map((f) => path.join(ROOT, f))
      .filter((f) => fs.existsSync(f))
      .map((f) => file(path.basename(f), new Uint8Array(fs.readFileSync(f))));
    const bombParts = handWorkbook({ sheets: [{ name: 'Bom', xml: '<row r="1"><c r="A1"><v>1</v></c></row>' + ' '.repeat(20 * 1024 * 1024) }, { name: 'Thật', xml: '<row r="1"><c r="A1"><v>2</v></c></row>' }] });
    files.push(file('bom.xlsx', zipParts(bombParts, { 'xl/worksheets/sheet1.xml': { declared: 5000 } })));
    files.push(file('lon.xlsx', bigSheet(300_000)));
    const limits = { maxRows: 10_000 };
    const ctx = await launchChromium(cleanup);
    let answer: WorkerAnswer & { results?: string[]; hasBuffer?: boolean };
    try {
      const page = await blankPage(ctx, files);
      answer = await page.evaluate(
        async ({ src, names, limits }: { src: string; names: string[]; limits: { maxRows: number } }) => {
          const list: { name: string; data: Uint8Array }[] = [];
          for (const n of names) list.push({ name: n, data: new Uint8Array(await (await fetch('/files/' + encodeURIComponent(n))).arrayBuffer()) });
          const url = URL.createObjectURL(new Blob([src], { type: 'text/javascript' }));
          const w = new Worker(url);
          const msg = await new Promise<typeof answer>((resolve) => {
            w.onmessage = (e) => resolve(e.data);
            w.onerror = (e) => resolve({ ok: false, error: e.message });
            w.postMessage({ files: list, limits });
          });
          w.terminate();
          return msg;
        },
        { src: code, names: files.map((f) => f.name), limits },
      );
    } finally {
      await ctx.close().catch(() => undefined);
    }
    expect(answer.error).toBeUndefined();
    expect(answer).toMatchObject({ ok: true, hasProcess: false, hasBuffer: false });
    expect(answer.results).toHaveLength(files.length);
    for (let i = 0; i < files.length; i++) {
      const node = JSON.stringify(await readXlsx(files[i], limits));
      expect(answer.results![i]).toBe(node);
    }
    const bomb = JSON.parse(answer.results![files.length - 2]);
    expect(bomb.issues.map((i: { code: string }) => i.code)).toEqual(['unreadable_sheet']);
    expect(bomb.issues[0].messageEn).toContain('zip bomb');
    const big = JSON.parse(answer.results![files.length - 1]);
    expect(big.grids[0].rows.length).toBe(10_000);
    expect(big.grids[0].truncated).toEqual({ rows: 10_000 });
    expect(big.grids[0].merges).toEqual([{ r1: 0, c1: 0, r2: 0, c2: 1 }]);
  }, 180_000);
});

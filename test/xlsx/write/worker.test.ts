/**
 * writeXlsx in a real browser Web Worker: the module and what it imports are bundled by webpack
 * for target "webworker" (a Node import would fail the bundle or the worker), run in headless Chromium
 * (Debian's /usr/bin/chromium, as test/e2e does), and the workbook it posts back must read back in exceljs
 * with the same values as the one written in Node. There the parts are deflated by CompressionStream.
 * Skipped, saying so, without /usr/bin/chromium (CHROMIUM_PATH overrides).
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { CHROMIUM, Cleanup, HAVE_CHROMIUM, blankPage, launchChromium, workerBundle, type WorkerAnswer } from '../../harness/chromium';
import { writeXlsx } from '../../../src/xlsx/write';
import { buildSheets } from '../../../src/write/sheets';
import { HOSTILE_COMMUNE, makeReport } from '../../write/fixture';
import { readBack, unzip } from './helpers';
import { inspectZip } from '../../../src/xlsx/zip';

if (!HAVE_CHROMIUM) console.warn(`test/xlsx/write/worker.test.ts: skipped — no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`);

const cleanup = new Cleanup();
afterAll(() => cleanup.run());

describe.skipIf(!HAVE_CHROMIUM)('writeXlsx in a browser Web Worker', () => {
  it('bundles for a worker with no Node module, runs there, and writes the same workbook', async () => {
    const code = await workerBundle(path.join(__dirname, 'worker-entry.ts'), cleanup);
    const ctx = await launchChromium(cleanup);
    let answer: WorkerAnswer & { bytes?: number[]; mode?: string };
    try {
      const page = await blankPage(ctx);
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
    expect(ws.getCell('G10').value).toEqual({ formula: 'IF(AND(ISNUMBER(F10),ISNUMBER(E10),E10<>0),F10/E10*100,"")', result: 56.8375 }); // issue 10: 3 heading rows above
    const hostile = (await readBack(data)).getWorksheet('Chi tiết xã')!.getCell('J5');
    expect(hostile.type).toBe(ExcelJS.ValueType.String);
    expect(hostile.value).toBe(HOSTILE_COMMUNE);
  }, 180_000);
});

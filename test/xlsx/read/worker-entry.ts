/**
 * Bundled by worker.test.ts (webpack, target webworker) and run in a real Web Worker in headless Chromium:
 * reads the workbooks it is sent with readXlsx and posts back the results as JSON.
 */
import { readXlsx } from '../../../src/xlsx/workbook';

const ctx = self as unknown as { onmessage: ((e: MessageEvent) => void) | null; postMessage(m: unknown): void };

interface Job {
  files: { name: string; data: Uint8Array }[];
  limits?: { maxRows?: number; maxCols?: number };
}

ctx.onmessage = async (e: MessageEvent) => {
  try {
    const job = e.data as Job;
    const out: string[] = [];
    for (const f of job.files) out.push(JSON.stringify(await readXlsx(f, job.limits)));
    ctx.postMessage({
      ok: true,
      results: out,
      hasProcess: typeof (globalThis as { process?: unknown }).process !== 'undefined',
      hasBuffer: typeof (globalThis as { Buffer?: unknown }).Buffer !== 'undefined',
    });
  } catch (err) {
    ctx.postMessage({ ok: false, error: String((err as Error)?.stack ?? err) });
  }
};

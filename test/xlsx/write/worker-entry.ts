/**
 * Bundled by worker.test.ts (webpack, target webworker) and run in a real Web Worker in headless Chromium:
 * writes the fixture report's workbook with writeXlsx and posts the bytes back.
 */
import { writeXlsx, deflateMode } from '../../../src/xlsx/write';
import { buildSheets } from '../../../src/write/sheets';
import { makeReport } from '../../write/fixture';

const ctx = self as unknown as { onmessage: ((e: MessageEvent) => void) | null; postMessage(m: unknown, t?: Transferable[]): void };

ctx.onmessage = async () => {
  try {
    const bytes = await writeXlsx(buildSheets(makeReport(), 'vi'), { now: new Date('2020-07-06T08:00:00Z') });
    const copy = bytes.slice();
    ctx.postMessage({ ok: true, bytes: copy, mode: deflateMode(), hasProcess: typeof (globalThis as { process?: unknown }).process !== 'undefined' }, [copy.buffer]);
  } catch (e) {
    ctx.postMessage({ ok: false, error: String((e as Error)?.stack ?? e) });
  }
};

/**
 * The pane's worker sends the run's result first and its downloads after (worker.ts run): when the downloads cannot
 * be made, the result stands and a 'downloads' message says why — never a failed run, never silence.
 */
import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it, vi } from 'vitest';
import { createWorkerCore } from '../../src/taskpane/worker';
import type { FromWorker } from '../../src/taskpane/protocol';

vi.mock('../../src/xlsx/write', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src/xlsx/write')>()),
  writeXlsx: () => Promise.reject(new Error('out of memory (test)')),
}));

const XA = path.join(__dirname, '..', '..', 'examples', 'xa');

describe('the worker: result first, downloads after', () => {
  it('a workbook that cannot be made: the result is posted, then a downloads message with the reason; no failed run', async () => {
    const msgs: FromWorker[] = [];
    const core = createWorkerCore((m) => msgs.push(m));
    const name = fs.readdirSync(XA).filter((f) => f.endsWith('.xlsx')).sort()[0];
    const bytes = fs.readFileSync(path.join(XA, name));
    await core.handle({ type: 'addFile', id: 'a', name, data: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer });
    await core.handle({ type: 'run', runId: 3, ids: ['a'], period: null, lang: 'vi', outputs: { xlsx: true, json: true } });
    const kinds = msgs.map((m) => m.type).filter((k) => k === 'result' || k === 'downloads' || k === 'failed');
    expect(kinds).toEqual(['result', 'downloads']);
    const res = msgs.find((m) => m.type === 'result') as Extract<FromWorker, { type: 'result' }>;
    expect(res.runId).toBe(3);
    expect(res.downloads).toBe(true);
    expect(res.report.communes.length).toBe(1);
    const dl = msgs.find((m) => m.type === 'downloads') as Extract<FromWorker, { type: 'downloads' }>;
    expect(dl).toEqual({ type: 'downloads', runId: 3, error: 'out of memory (test)' });
  });
});

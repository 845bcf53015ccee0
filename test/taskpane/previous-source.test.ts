/** Issue 11 in the task pane's worker: last year's files ('setPrevious') go into every run. */
import { describe, expect, it } from 'vitest';
import { createWorkerCore } from '../../src/taskpane/worker';
import type { FromWorker } from '../../src/taskpane/protocol';
import { lastYearReports, planFile, thisYearFiles } from '../pipeline/previous-fixture';

const buf = (d: Uint8Array) => d.buffer.slice(d.byteOffset, d.byteOffset + d.byteLength) as ArrayBuffer;

describe('the worker carries "Số liệu cùng kỳ"', () => {
  it('files of last year set once are used by the run; cleared, they are not', async () => {
    const got: FromWorker[] = [];
    const core = createWorkerCore((m) => got.push(m));
    const plan = await planFile();
    await core.handle({ type: 'setPlan', plan: { kind: 'file', name: plan.name, data: buf(plan.data) } });
    const files = await thisYearFiles();
    for (const [i, f] of files.entries()) await core.handle({ type: 'addFile', id: `f${i}`, name: f.name, data: buf(f.data) });
    const last = await lastYearReports();
    await core.handle({ type: 'setPrevious', files: last.map((f) => ({ name: f.name, data: buf(f.data) })), grids: [] });
    const run = async (runId: number) => {
      await core.handle({ type: 'run', runId, ids: files.map((_, i) => `f${i}`), period: null, lang: 'vi', outputs: { xlsx: false, json: false } });
      const res = got.find((m): m is Extract<FromWorker, { type: 'result' }> => m.type === 'result' && m.runId === runId);
      if (!res) throw new Error(JSON.stringify(got.filter((m) => m.type === 'failed')));
      // the page's view has no per-commune results: the whole report the worker keeps
      return core.lastReport()!;
    };
    const r1 = await run(1);
    const kt01 = r1.indicators.find((i) => i.code === 'KT01')!;
    expect(kt01.previous).toBe(14000);
    expect(kt01.communes.map((c) => c.previous)).toEqual([5000, 5000, 4000]);

    await core.handle({ type: 'setPrevious', files: [], grids: [] });
    const r2 = await run(2);
    expect(r2.indicators.find((i) => i.code === 'KT01')!.previous).toBeNull();
  });
});

/**
 * A reading thread of the command line (read-pool.ts): reads the commune files it is sent, one at a time,
 * exactly as the main thread would, and answers with each file's CommuneReport, its rows packed
 * (report-pack.ts), or why it was skipped.
 */
import { parentPort, workerData } from 'worker_threads';
import type { Plan } from '../types';
import type { ReadLimits } from '../xlsx/limits';
import { readCommuneInput } from '../pipeline';
import { diskFile, type FromReader, type ToReader } from './read-pool';
import { packReport } from './report-pack';

const limits = (workerData as { limits: ReadLimits }).limits;
let plan: Plan | null = null;

parentPort?.on('message', (m: ToReader) => {
  if (m.plan !== undefined) plan = m.plan;
  const answer = (a: FromReader, moved: ArrayBuffer[] = []) => parentPort!.postMessage(a, moved);
  readCommuneInput(diskFile(m.name, m.path, limits.maxCompressedBytes), plan, limits).then(
    (result) => {
      const packed = 'issue' in result ? null : packReport(result);
      if (packed) answer({ id: m.id, packed }, [packed.ints.buffer as ArrayBuffer, packed.nums.buffer as ArrayBuffer]);
      else answer({ id: m.id, result });
    },
    (e) => answer({ id: m.id, failed: e instanceof Error ? e.message : String(e) }),
  );
});

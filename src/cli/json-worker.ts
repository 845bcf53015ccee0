/**
 * The command line's JSON thread (json-thread.ts): writes the packed JSON report it is sent into the open
 * temporary file it is given (threads share the process's files), then flushes it to disk, while the main
 * thread makes the workbook. Answers ok, or the error that stopped it (with its code when the system gave one).
 */
import * as fs from 'fs';
import { parentPort } from 'worker_threads';
import { packedJsonChunks, type PackedReportJson } from '../write/json-pack';
import { writeData } from './files';
import type { FromJsonThread, ToJsonThread } from './json-thread';

parentPort?.on('message', (m: ToJsonThread) => {
  let answer: FromJsonThread;
  try {
    writeData(m.fd, (function* (p: PackedReportJson) {
      yield* packedJsonChunks(p);
      yield '\n';
    })(m.packed));
    fs.fsyncSync(m.fd);
    answer = { ok: true };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    answer = { ok: false, message: err instanceof Error ? err.message : String(e), code: typeof err?.code === 'string' ? err.code : null };
  }
  parentPort!.postMessage(answer);
});

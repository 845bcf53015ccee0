/**
 * The command line's JSON thread: the JSON report (tens of megabytes with thousands of communes) is written
 * on a thread of its own (json-worker.ts) while the main thread makes the workbook, so the two outputs take
 * about as long as the workbook alone. The report crosses packed (write/json-pack.ts); the text is the same
 * as the main thread would write (test/write/json-pack.test.ts, test/cli/threads.test.ts).
 *
 * Started with the run, so that the thread is up by the time the report is ready: only from the compiled
 * command line (lib/cli/json-worker.js must be there), and only when wanted (wantsJsonThread: asked with
 * --threads 2 or more, from 4 cores and 16 files, from 1,000 files on 2 cores; `--threads 1`: everything on the
 * main thread). When the thread fails or ends, the main thread
 * writes the JSON itself, from the start of the file; an error of the file system (disk full) stops the run
 * as it would without the thread.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Worker as NodeWorker } from 'worker_threads';
import { packedTransfer, type PackedReportJson } from '../write/json-pack';

export interface ToJsonThread {
  fd: number;
  packed: PackedReportJson;
}
export type FromJsonThread = { ok: true } | { ok: false; message: string; code: string | null };

export interface JsonThread {
  /**
   * Write the packed report into `fd` (an empty file open for writing) and flush it. Resolves true when
   * written, false when the thread could not (the caller then writes it); rejects with the file system's error.
   */
  write(fd: number, packed: PackedReportJson): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Whether a run with `files` commune files and `--threads` (null: not given) writes its JSON on a thread of its
 * own: when asked (--threads 2 or more); else from 4 cores and 16 files, or on 2–3 cores from 1,000 files. On two
 * cores the deflating (Node's thread pool) already shares the second core with the thread, and starting it costs
 * more than the JSON of a few hundred communes (measured on 2 cores, alternated in one process, medians:
 * 3,321 files 7.72 → 7.32 s; 1,000 files 3.66 → 3.37 s; 500 about even; 200 files 581 → 625 ms, slower).
 */
export function wantsJsonThread(files: number, threads: number | null, cores = machineCores()): boolean {
  if (threads !== null) return threads >= 2;
  if (cores >= JSON_THREAD_MIN_CORES) return files >= JSON_THREAD_MIN_FILES;
  return cores >= 2 && files >= JSON_THREAD_FEW_CORES_FILES;
}

/** Below this many files the JSON is small and written on the main thread. */
export const JSON_THREAD_MIN_FILES = 16;
/** Cores from which the JSON has a thread of its own from JSON_THREAD_MIN_FILES files. */
export const JSON_THREAD_MIN_CORES = 4;
/** With 2 or 3 cores, files from which the JSON has a thread of its own. */
export const JSON_THREAD_FEW_CORES_FILES = 1000;

function machineCores(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/** The JSON thread, or null when it cannot be had here (no compiled worker beside this file, threads refused). */
export function startJsonThread(): JsonThread | null {
  const script = path.join(__dirname, 'json-worker.js');
  if (!fs.existsSync(script)) return null;
  let worker: NodeWorker;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Worker } = require('worker_threads') as typeof import('worker_threads');
    worker = new Worker(script);
  } catch {
    return null;
  }
  // idle, the thread never keeps the process alive; a write in progress does (ref'd until its answer)
  worker.unref();
  let lost = false;
  let settle: ((m: FromJsonThread | null) => void) | null = null;
  const loseThread = () => {
    lost = true;
    settle?.(null);
  };
  worker.on('message', (m: FromJsonThread) => settle?.(m));
  worker.on('error', loseThread);
  worker.on('exit', loseThread);
  return {
    write(fd, packed) {
      if (lost || settle) return Promise.resolve(false);
      return new Promise<FromJsonThread | null>((resolve) => {
        settle = resolve;
        worker.ref();
        try {
          worker.postMessage({ fd, packed } satisfies ToJsonThread, packedTransfer(packed));
        } catch {
          resolve(null);
        }
      }).then((m) => {
        settle = null;
        worker.unref();
        if (m === null) return false;
        if (m.ok) return true;
        if (m.code === null) return false; // not the file system: the main thread writes it
        throw Object.assign(new Error(m.message), { code: m.code });
      });
    },
    async close() {
      await worker.terminate().catch(() => undefined);
    },
  };
}

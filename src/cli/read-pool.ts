/**
 * The command line's extra hands for reading: worker threads (read-worker.ts) that read commune files
 * alongside the main thread, each exactly as the main thread would (readCommuneInput, the same checks on
 * the file), and hand back the CommuneReport. The pipeline keeps the reports in the order of the files, so
 * the outputs are the same with any number of threads (test/cli/threads.test.ts).
 *
 * Used only from the compiled command line (lib/cli/read-worker.js must be there) and for 16 files or
 * more: below that, starting a thread costs more than it saves. A thread that fails is never given
 * another file; the file it had is read on the main thread. Every file is read once, by one thread.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Worker as NodeWorker } from 'worker_threads';
import type { CommuneReport, Plan } from '../types';
import type { ReadLimits } from '../xlsx/limits';
import type { CommuneReaders, LazyInputFile, SkippedInput } from '../pipeline';
import { readRegularFile } from './files';
import { readFailedIssue } from './messages';
import { unpackReport, type PackedReport } from './report-pack';

/** A file on disk as the pipeline reads it: its bytes fetched when its turn comes, with the same checks everywhere. */
export function diskFile(name: string, filePath: string, maxBytes: number): LazyInputFile & { path: string } {
  return {
    name,
    path: filePath,
    load: async () => {
      const r = readRegularFile(filePath, maxBytes);
      return r.ok ? r.data : { skip: readFailedIssue(name, r, maxBytes) };
    },
  };
}

/** Below this many files the command line reads on its own thread. */
export const POOL_MIN_FILES = 16;

/**
 * Reading threads to start beside the main one for `files` files: `asked` − 1 (--threads counts the main thread),
 * else one for every two cores beyond the first two, at most 3. A run already keeps about one and a half cores
 * busy on its own (the garbage collector's and zlib's threads): on a 2-core machine a second reading thread
 * made the run 10–15 % slower (README, "Đo tốc độ"), so there is none below 4 cores. Measured again with the
 * rows packed (report-pack.ts, a tenth of the main thread's cost of taking a report in): at 3,321 files the
 * thread read 38 % of them, and reading still took 3.8 s against 3.4 s without it.
 */
export function readThreads(files: number, asked: number | null, cores = machineCores()): number {
  if (asked !== null) return Math.max(0, Math.min(16, asked) - 1);
  if (files < POOL_MIN_FILES) return 0;
  return Math.max(0, Math.min(3, Math.floor(cores / 2) - 1));
}

function machineCores(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/** A message to a reading thread: a file to read, against `plan` (absent: the plan sent before). */
export interface ToReader {
  type: 'read';
  id: number;
  name: string;
  path: string;
  plan?: Plan | null;
}
/** Its answers: the file's report (its rows packed: report-pack.ts), or why the thread could not read it (the main thread then does). */
export type FromReader = { id: number; result: CommuneReport | SkippedInput } | { id: number; packed: PackedReport } | { id: number; failed: string };

interface Hand {
  worker: NodeWorker;
  broken: boolean;
  /** The plan object last sent (sent again only when the run's plan is another object). */
  plan: Plan | null | undefined;
  /** The files out with this thread (at most FILES_AHEAD): their answers' settlers, by message id. */
  pending: Map<number, (r: CommuneReport | SkippedInput | null) => void>;
}

/**
 * Files out with a thread at once: the one it reads and the next, so that it never waits for this thread to
 * finish a file of its own before it is given another (answers are taken in between this thread's files).
 */
const FILES_AHEAD = 2;

export interface ReadPool extends CommuneReaders {
  close(): Promise<void>;
}

/**
 * `threads` worker threads reading with `limits`, or null when they cannot be had here (no compiled
 * worker beside this file, e.g. when run from the TypeScript sources, or threads refused).
 */
export function startReadPool(threads: number, limits: ReadLimits): ReadPool | null {
  if (threads <= 0) return null;
  const script = path.join(__dirname, 'read-worker.js');
  if (!fs.existsSync(script)) return null;
  let Worker: typeof NodeWorker;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    Worker = (require('worker_threads') as typeof import('worker_threads')).Worker;
  } catch {
    return null;
  }
  const hands: Hand[] = [];
  for (let k = 0; k < threads; k++) {
    let worker: NodeWorker;
    try {
      worker = new Worker(script, { workerData: { limits } });
    } catch {
      break;
    }
    const hand: Hand = { worker, broken: false, plan: undefined, pending: new Map() };
    const breakDown = () => {
      hand.broken = true;
      for (const settle of hand.pending.values()) settle(null);
      hand.pending.clear();
    };
    worker.on('message', (m: FromReader) => {
      const settle = hand.pending.get(m.id);
      hand.pending.delete(m.id);
      settle?.('packed' in m ? unpackReport(m.packed) : 'result' in m ? m.result : null);
    });
    worker.on('error', breakDown);
    worker.on('exit', breakDown);
    // not unref'd: a file out with a thread must keep the process alive until its answer comes (close() ends them)
    hands.push(hand);
  }
  if (hands.length === 0) return null;
  let nextId = 0;
  return {
    size: hands.length * FILES_AHEAD,
    read(file, plan) {
      let hand: Hand | undefined;
      for (const h of hands) if (!h.broken && h.pending.size < FILES_AHEAD && (!hand || h.pending.size < hand.pending.size)) hand = h;
      if (!hand) return null;
      const id = nextId++;
      return new Promise<CommuneReport | SkippedInput | null>((resolve) => {
        hand.pending.set(id, resolve);
        try {
          // the plan travels once per thread (a copy), not with every file
          const samePlan = hand.plan === plan;
          hand.plan = plan;
          hand.worker.postMessage({ type: 'read', id, name: file.name, path: file.path, plan: samePlan ? undefined : plan });
        } catch {
          hand.pending.delete(id);
          hand.broken = true;
          resolve(null);
        }
      }).then((r) => r ?? readHere(file, plan, limits)); // the thread failed on it: read here, as without threads
    },
    async close() {
      await Promise.all(hands.map((h) => h.worker.terminate().catch(() => undefined)));
    },
  };
}

async function readHere(file: LazyInputFile, plan: Plan | null, limits: ReadLimits): Promise<CommuneReport | SkippedInput> {
  const { readCommuneInput } = await import('../pipeline');
  return readCommuneInput(file, plan, limits);
}

/**
 * The fuzzer (`npm run fuzz -- --runs N [--seed S]`): generated commune workbooks and mutated real ones
 * through the whole pipeline (see run.ts for what is checked). Each case runs in a worker thread with a
 * memory limit, so a true hang or a memory blow-up is stopped, counted and the run goes on.
 *
 * Options:
 *   --runs N          number of cases (default 200)
 *   --seed S          random seed (default 1); the same seed gives the same cases
 *   --seeds DIR       a folder of real workbooks to mutate (repeatable; default: ../shared/samples and examples/)
 *   --generated P     share of generated cases among the single-file ones, 0..1 (default 0.5)
 *   --mixed P         share of mixed cases, 0..1 (default 0.15): good communes with one bad file (junk named
 *                     like a commune, an earlier output…); a good file's figures must not change
 *   --slow-ms MS      a case slower than this is a hang (default 5000)
 *   --kill-ms MS      a case still running after this is stopped (default 60000)
 *   --memory-mb MB    heap limit of the worker (default 1536)
 *   --fail-dir DIR    where failing inputs are saved (default: a folder in the system's temp dir)
 *   --in-process      no worker (no protection against true hangs)
 * Exit status 1 when there was a crash, a hang, a killed or out-of-memory case, or a broken invariant.
 */
import * as os from 'os';
import * as path from 'path';
import * as fs from 'fs';
import { isMainThread, parentPort, Worker } from 'worker_threads';
import { repoRoot } from '../repo';
import { formatSummary, runCase, runFuzz, type CaseOutcome, type FuzzCase } from './run';

interface CliOptions {
  runs: number;
  seed: number;
  seedDirs: string[];
  generated: number;
  mixed: number;
  slowMs: number;
  killMs: number;
  memoryMb: number;
  failDir: string;
  inProcess: boolean;
}

function parseArgs(argv: string[]): CliOptions {
  const root = repoRoot();
  const o: CliOptions = {
    runs: 200,
    seed: 1,
    seedDirs: [],
    generated: 0.5,
    mixed: 0.15,
    slowMs: 5000,
    killMs: 60_000,
    memoryMb: 1536,
    failDir: '',
    inProcess: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    const num = () => {
      const v = Number(next());
      if (!Number.isFinite(v)) throw new Error(`${a} needs a number`);
      return v;
    };
    if (a === '--runs') o.runs = Math.max(0, Math.floor(num()));
    else if (a === '--seed') o.seed = Math.floor(num());
    else if (a === '--seeds') o.seedDirs.push(path.resolve(next()));
    else if (a === '--generated') o.generated = Math.min(1, Math.max(0, num()));
    else if (a === '--mixed') o.mixed = Math.min(1, Math.max(0, num()));
    else if (a === '--slow-ms') o.slowMs = num();
    else if (a === '--kill-ms') o.killMs = num();
    else if (a === '--memory-mb') o.memoryMb = num();
    else if (a === '--fail-dir') o.failDir = path.resolve(next());
    else if (a === '--in-process') o.inProcess = true;
    else if (a === '--help' || a === '-h') {
      console.log(fs.readFileSync(__filename, 'utf8').split('*/')[0].replace(/^\/\*\*|^ \* ?/gm, ''));
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  if (o.seedDirs.length === 0) {
    for (const d of [path.resolve(root, '..', 'shared', 'samples'), path.resolve(root, 'examples')]) if (fs.existsSync(d)) o.seedDirs.push(d);
  }
  if (!o.failDir) o.failDir = path.join(os.tmpdir(), `tonghop-fuzz-seed${o.seed}`);
  return o;
}

/** Runs cases in a worker thread; a case that takes too long or too much memory ends the worker, which is replaced. */
class IsolatedRunner {
  private worker: Worker | null = null;

  constructor(
    private readonly killMs: number,
    private readonly memoryMb: number,
  ) {}

  private spawn(): Worker {
    const w = new Worker(__filename, { resourceLimits: { maxOldGenerationSizeMb: this.memoryMb } });
    w.unref();
    this.worker = w;
    return w;
  }

  exec = (c: FuzzCase): Promise<CaseOutcome> => {
    const w = this.worker ?? this.spawn();
    const started = performance.now();
    return new Promise<CaseOutcome>((resolve) => {
      const done = (o: CaseOutcome, dead: boolean) => {
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
        if (dead) {
          this.worker = null;
          void w.terminate().catch(() => undefined);
        }
        resolve(o);
      };
      const empty = (): CaseOutcome => ({ ms: performance.now() - started, problems: [], codes: {}, mismatches: [], checked: 0 });
      const onMessage = (m: { id: number; outcome: CaseOutcome }) => {
        if (m.id === c.id) done(m.outcome, false);
      };
      const onError = (err: Error & { code?: string }) => {
        const o = empty();
        if (err.code === 'ERR_WORKER_OUT_OF_MEMORY' || /out of memory|heap/i.test(err.message)) o.oom = true;
        else o.crash = 'uncaught in worker: ' + (err.stack ?? err.message);
        done(o, true);
      };
      const onExit = (code: number) => {
        const o = empty();
        o.crash = `worker exited (${code})`;
        done(o, true);
      };
      const timer = setTimeout(() => {
        const o = empty();
        o.killed = true;
        done(o, true);
      }, this.killMs);
      w.on('message', onMessage);
      w.on('error', onError);
      w.on('exit', onExit);
      w.postMessage(c);
    });
  };

  async close(): Promise<void> {
    if (this.worker) await this.worker.terminate();
    this.worker = null;
  }
}

async function main(): Promise<void> {
  let o: CliOptions;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(2);
  }
  const runner = o.inProcess ? null : new IsolatedRunner(o.killMs, o.memoryMb);
  let unhandled = 0;
  process.on('unhandledRejection', (r) => {
    unhandled++;
    console.error('unhandled rejection:', r);
  });
  console.log(`seeds: ${o.seedDirs.join(', ') || '(none: generated workbooks only)'}; failing inputs go to ${o.failDir}`);
  const summary = await runFuzz({
    runs: o.runs,
    seed: o.seed,
    seedDirs: o.seedDirs,
    slowMs: o.slowMs,
    generatedShare: o.generated,
    mixedShare: o.mixed,
    failDir: o.failDir,
    exec: runner ? runner.exec : runCase,
    log: (line) => console.log(line),
  });
  await runner?.close();
  console.log(formatSummary(summary));
  console.log(`peak memory (RSS, this process and its worker): ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
  if (unhandled) console.log(`unhandled rejections: ${unhandled}`);
  const bad = summary.crashes + summary.hangs + summary.killed + summary.oom + summary.problems + unhandled;
  process.exitCode = bad > 0 ? 1 : 0;
}

if (isMainThread) {
  if (require.main === module) void main();
} else {
  parentPort!.on('message', (c: FuzzCase) => {
    void runCase(c).then((outcome) => parentPort!.postMessage({ id: c.id, outcome }));
  });
}

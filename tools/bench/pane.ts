/**
 * The task pane against the command line (`npm run bench:pane [-- --communes N] [-- --repeat R]`): the
 * same N commune files and plan (as `npm run bench` makes them), run
 *  (p) in the built task pane (dist/, `npm run build` first) in headless Chromium: choose the plan, wait until
 *      it is read, add the N files, wait until every one is listed, press the run button, wait for the downloads
 *      — timed by the page's own clock as a user waits: the plan chosen (its input's change event) → the plan
 *      shown, the files chosen (their input's change event) → every one listed, the run pressed (its click) →
 *      the downloads shown, added up; and, inside the last, the run pressed → the result shown (drawn before the
 *      downloads are made, from session 16). The moments between, when the harness and not the pane is at work, are
 *      not counted: Playwright handing over the 200 file paths (a user's file picker costs the pane nothing)
 *      and seeing the list done before it clicks. Until session 14 they were (the clock ran from the plan's
 *      change event to the downloads), and that figure, "the plan chosen → the downloads shown", is printed beside;
 *  (c) by `tonghop consolidate` in this process (reading, consolidating, writing the workbook and JSON), warm
 *      after the first round (the pane's page and workers are new each time: they always run cold code);
 *  (c') by the whole command as a user runs it, `node bin/tonghop.js consolidate …` in a new process (cold,
 *      with Node's start-up), the CLI's "whole run";
 * alternately R times, and prints the medians, p/c and p/c' (goal ≤ 1.1). Nothing here is asserted by a test.
 * `--dist A,B` compares builds (e.g. one of an earlier commit, `npx webpack --mode production --output-path B`):
 * each round runs the pane of every one, in turns, and each gets its own lines.
 * The pane is served from dist/ through the browser's request interception: nothing leaves the machine.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { slug } from '../../src/util/text';
import { argValue, benchCommuneNames, benchIndicators, commandAsTyped, makeCommune, makePlan, median, ROOT, runAsScript, statFields } from './bench';
import { launchHeadless } from '../chromium';

const DIST = path.join(ROOT, 'dist');
const ORIGIN = 'https://tonghop.test';
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.json': 'application/json', '.xml': 'application/xml' };

/** One build's figures, a value per round. */
interface PaneTimes {
  p: number[];
  /** The plan chosen → the plan shown. */
  plan: number[];
  listing: number[];
  /** The run pressed → the downloads shown. */
  run: number[];
  /** The run pressed → the result shown (from session 16 before the downloads, which are made meanwhile). */
  result: number[];
  /** The plan chosen → the downloads shown: the clock until session 14, with the handing over of the files. */
  span: number[];
  harness: number[];
  /** CPU time of the browser's processes over the same span, where /proc tells it: all threads, and by group (browserCpuMs). */
  cpu: Record<string, number>[];
}

/**
 * The CPU time (ms) used so far by this process's descendants (the browser's processes), thread by thread, from
 * /proc (null elsewhere), each keyed by its group and its ids (group, tab, pid/tid); the groups by what the thread is: in the page's process (the renderer) its main thread
 * (the page), its workers (the pane's worker and its parse workers), V8's helper threads (its thread pool:
 * compiling, collecting garbage in parallel), the rest; the browser's own process; the GPU and other processes.
 * Beside the page clock because the machine is shared: the clock counts the waits for a busy CPU too, this doesn't.
 */
function browserCpuMs(): Map<string, number> | null {
  if (!fs.existsSync('/proc/self/stat')) return null;
  const procs = new Map<number, { ppid: number }>();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      procs.set(Number(d), { ppid: Number(statFields(fs.readFileSync(`/proc/${d}/stat`, 'utf8'))[1]) });
    } catch {
      // gone meanwhile
    }
  }
  const mine = (pid: number): boolean => {
    for (let p = procs.get(pid)?.ppid, k = 0; p !== undefined && p > 1 && k < 64; p = procs.get(p)?.ppid, k++) if (p === process.pid) return true;
    return false;
  };
  const threads = new Map<string, number>();
  for (const pid of procs.keys()) {
    if (!mine(pid)) continue;
    try {
      const type = /--type=([a-z-]+)/.exec(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8'))?.[1] ?? 'browser';
      for (const t of fs.readdirSync(`/proc/${pid}/task`)) {
        const stat = fs.readFileSync(`/proc/${pid}/task/${t}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const f = statFields(stat);
        // after the name: state ppid … utime (14th field of the line) stime (15th); USER_HZ = 100 on Linux
        const ms = (Number(f[11]) + Number(f[12])) * 10;
        const group =
          type !== 'renderer'
            ? type === 'browser' ? 'browser' : 'other processes'
            : Number(t) === pid ? 'page'
              : /^DedicatedWorker/.test(name) ? 'workers'
                : /^ThreadPool/.test(name) ? "V8's helpers"
                  : 'renderer, other';
        threads.set(`${group}\t${pid}/${t}`, ms);
      }
    } catch {
      // gone meanwhile
    }
  }
  return threads;
}

/**
 * The CPU used between two readings, by group, and `all`: thread by thread (a thread gone by the second reading
 * is not counted, one started meanwhile counts whole).
 */
function cpuSpent(a: Map<string, number>, b: Map<string, number>): Record<string, number> {
  const out: Record<string, number> = { all: 0 };
  for (const [k, v] of b) {
    const d = Math.max(0, v - (a.get(k) ?? 0));
    const group = k.slice(0, k.indexOf('\t'));
    out[group] = (out[group] ?? 0) + d;
    out.all += d;
  }
  return out;
}

/** The groups of browserCpuMs in the order printed. */
const CPU_GROUPS = ['workers', "V8's helpers", 'page', 'renderer, other', 'browser', 'other processes'];

export async function benchPane(argv: string[]): Promise<number> {
  const n = Number(argValue(argv, '--communes') ?? 200);
  const repeat = Number(argValue(argv, '--repeat') ?? 3);
  const dists = (argValue(argv, '--dist') ?? DIST).split(',').map((d) => path.resolve(d));
  for (const d of dists) {
    if (!fs.existsSync(path.join(d, 'taskpane.html'))) {
      process.stderr.write(`bench:pane: ${d} chưa có, hãy chạy npm run build / run npm run build first\n`);
      return 1;
    }
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tonghop-bench-pane-'));
  const { ctx, close } = await launchHeadless('tonghop-bench-chromium-');
  try {
    const inds = benchIndicators();
    const names = benchCommuneNames(n);
    const communeDir = path.join(dir, 'xa');
    fs.mkdirSync(communeDir);
    const planPath = path.join(dir, 'ke-hoach.xlsx');
    fs.writeFileSync(planPath, await makePlan(names, inds));
    const paths: string[] = [];
    for (let ci = 0; ci < n; ci++) {
      const p = path.join(communeDir, `bc-${slug(names[ci])}.xlsx`);
      fs.writeFileSync(p, await makeCommune(names[ci], ci, inds));
      paths.push(p);
    }
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tonghop-bench-pane-out-'));

    const cliArgs = ['consolidate', '--plan', planPath, '--max-cols', String(Math.max(2000, n + 100)), '--out', path.join(outDir, 'tong-hop.xlsx'), '--json', path.join(outDir, 'tong-hop.json'), '--force', communeDir];
    const runCli = async (): Promise<number> => {
      const t0 = performance.now();
      const code = await main(cliArgs, { stdout: () => undefined, stderr: () => undefined, progress: false });
      if (code !== 0) throw new Error(`tonghop exit ${code}`);
      return performance.now() - t0;
    };
    // the whole command, as typed: a new Node process, cold
    const runCliProcess = (): number => commandAsTyped(cliArgs).ms;
    const runPane = async (dist: string, times: PaneTimes): Promise<number> => {
      const page = await ctx.newPage();
      await page.route('**/*', (route) => {
        const url = new URL(route.request().url());
        if (url.origin !== ORIGIN) return route.abort();
        const file = path.join(dist, decodeURIComponent(url.pathname));
        if (!file.startsWith(dist) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return route.fulfill({ status: 404, body: '' });
        return route.fulfill({ status: 200, contentType: TYPES[path.extname(file)] ?? 'application/octet-stream', body: fs.readFileSync(file) });
      });
      await page.goto(`${ORIGIN}/taskpane.html`);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
      // the page's own clock at each input's change event: what a user waits, without the time Playwright takes
      // to hand the browser 200 file paths
      await page.evaluate(() => {
        const w = window as unknown as { benchChanged: Record<string, number> };
        w.benchChanged = {};
        document.addEventListener('change', (e) => void (w.benchChanged[(e.target as HTMLElement).dataset.testid ?? ''] ??= performance.now()), true);
        document.addEventListener('click', (e) => void ((e.target as HTMLElement).closest('[data-testid=run]') && (w.benchChanged.run ??= performance.now())), true);
      });
      const cpu0 = browserCpuMs();
      await page.getByTestId('plan-file').setInputFiles(planPath);
      const planShown = await page.waitForFunction(
        () => (document.querySelector('[data-testid=plan-status]') as HTMLElement).dataset.state === 'loaded' ? performance.now() : 0,
        undefined,
        { timeout: 600_000, polling: 'raf' },
      );
      const planAt = (await planShown.jsonValue()) as number;
      const h0 = performance.now();
      await page.getByTestId('commune-files').setInputFiles(paths);
      const handed = performance.now() - h0;
      const listed = await page.waitForFunction(
        (k) =>
          document.querySelectorAll('[data-testid=source]').length === k && !document.querySelector('.source.pending') && (document.getElementById('progress-area') as HTMLElement).hidden
            ? performance.now()
            : 0,
        n,
        { timeout: 600_000, polling: 'raf' },
      );
      const listedAt = (await listed.jsonValue()) as number;
      await page.getByTestId('run').click();
      // polled every frame (a locator's waitFor polls at growing intervals, up to 500 ms: that measured Playwright)
      const shown = await page.waitForFunction(
        () => {
          // the first frame the result is drawn (the downloads follow it: the worker makes them meanwhile)
          const w = window as unknown as { benchResultAt?: number };
          if (w.benchResultAt === undefined && !(document.querySelector('[data-testid=result]') as HTMLElement).hidden) w.benchResultAt = performance.now();
          const b = document.querySelector('[data-testid=download-json]') as HTMLElement | null;
          return !!b && !b.hidden && !b.closest('[hidden]') && b.getClientRects().length > 0 ? performance.now() : 0;
        },
        undefined,
        { timeout: 600_000, polling: 'raf' },
      );
      const t1 = (await shown.jsonValue()) as number;
      const changed = await page.evaluate(() => (window as unknown as { benchChanged: Record<string, number> }).benchChanged);
      const resultAt = await page.evaluate(() => (window as unknown as { benchResultAt?: number }).benchResultAt ?? NaN);
      const planT = changed['plan-file'];
      const filesT = changed['commune-files'];
      const runT = changed.run;
      // the three waits; not the moments between them when the harness, not the pane, is at work
      const ms = planAt - planT + (listedAt - filesT) + (t1 - runT);
      const cpu1 = browserCpuMs();
      if (cpu0 && cpu1) times.cpu.push(cpuSpent(cpu0, cpu1));
      times.plan.push(planAt - planT);
      times.listing.push(listedAt - filesT);
      times.run.push(t1 - runT);
      times.result.push(resultAt - runT);
      times.span.push(t1 - planT);
      times.harness.push(handed);
      times.p.push(ms);
      await page.close();
      return ms;
    };
    const noTimes = (): PaneTimes => ({ p: [], plan: [], listing: [], run: [], result: [], span: [], harness: [], cpu: [] });
    const times: PaneTimes[] = dists.map(noTimes);

    process.stderr.write('bench:pane: chạy khởi động / warm-up…\n');
    await runCli();
    for (let d = 0; d < dists.length; d++) await runPane(dists[d], noTimes());
    const c: number[] = [];
    const cc: number[] = [];
    for (let k = 0; k < repeat; k++) {
      process.stderr.write(`bench:pane: lượt / round ${k + 1}/${repeat}\n`);
      // the builds in turns, each first as often as the others; the CLI before or after them
      const order = dists.map((_, d) => (d + k) % dists.length);
      if (k % 2 === 0) for (const d of order) await runPane(dists[d], times[d]);
      c.push(await runCli());
      cc.push(runCliProcess());
      if (k % 2 !== 0) for (const d of order) await runPane(dists[d], times[d]);
    }
    fs.rmSync(outDir, { recursive: true, force: true });
    const tc = median(c);
    const tcc = median(cc);
    const lines = [`tonghop bench:pane — ${n} xã / communes, kế hoạch / plan; ${repeat} lượt / rounds (median)`];
    dists.forEach((d, i) => {
      const t = times[i];
      const tp = median(t.p);
      if (dists.length > 1) lines.push(`  [${d}]`);
      lines.push(
        `  (p) task pane, Chromium: plan + add ${n} files + run  ${tp.toFixed(0).padStart(8)} ms   (${t.p.map((x) => x.toFixed(0)).join(', ')})  page clock, what a user waits: the three lines below`,
        `      the plan chosen → the plan shown          ${median(t.plan).toFixed(0).padStart(8)} ms   (${t.plan.map((x) => x.toFixed(0)).join(', ')})`,
        `      the files chosen → every one listed       ${median(t.listing).toFixed(0).padStart(8)} ms   (${t.listing.map((x) => x.toFixed(0)).join(', ')})`,
        `      the run pressed → the downloads shown     ${median(t.run).toFixed(0).padStart(8)} ms   (${t.run.map((x) => x.toFixed(0)).join(', ')})`,
        `        of which the run pressed → the result shown ${median(t.result).toFixed(0).padStart(6)} ms   (${t.result.map((x) => x.toFixed(0)).join(', ')})`,
        `      the plan chosen → the downloads shown     ${median(t.span).toFixed(0).padStart(8)} ms   (${t.span.map((x) => x.toFixed(0)).join(', ')})  the clock until session 14: with Playwright handing over the files (setInputFiles ${median(t.harness).toFixed(0)} ms)`,
        `      p/c = ${(tp / tc).toFixed(2)}   p/c' = ${(tp / tcc).toFixed(2)}`,
      );
      if (t.cpu.length) {
        const cpu = (k: string) => median(t.cpu.map((x) => x[k] ?? 0));
        lines.push(
          `      CPU of the browser's processes            ${cpu('all').toFixed(0).padStart(8)} ms   (${t.cpu.map((x) => x.all.toFixed(0)).join(', ')})  /proc, all threads, from the plan chosen to the downloads shown`,
          `        of which ${CPU_GROUPS.map((k) => `${k} ${cpu(k).toFixed(0)}`).join(', ')}`,
        );
      }
    });
    lines.push(
      `  (c) CLI consolidate, xlsx + JSON, in process ${tc.toFixed(0).padStart(8)} ms   (${c.map((x) => x.toFixed(0)).join(', ')})  warm`,
      `  (c') the whole command, node bin/tonghop.js   ${tcc.toFixed(0).padStart(8)} ms   (${cc.map((x) => x.toFixed(0)).join(', ')})  a new process, cold`,
    );
    process.stdout.write(lines.join('\n') + '\n');
    return 0;
  } finally {
    await close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) runAsScript(() => benchPane(process.argv.slice(2)));

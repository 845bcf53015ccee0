/**
 * Where a run's time goes (`npm run bench -- --profile`): the command as typed run once more under Node's
 * `--cpu-prof`, and its main thread's samples summed by stage and by function. A sample counts for the stage of
 * the innermost function of tonghop's own on its stack (a builtin such as String.prototype.replace, or zlib, for
 * the code that called it), found by the file it is compiled into; stacks cut by `await` still end in one. The
 * collector and system calls on files count by themselves; module loading, and what has none of tonghop's code, apart.
 * Nothing here is asserted by a test but the summing itself (test/tools/profile.test.ts).
 */
import * as fs from 'fs';

/** The parts of a .cpuprofile file (Chrome DevTools' Profile) read here. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  /** Microseconds since the sample before. */
  timeDeltas: number[];
}

/** The stages, in the order printed. */
export const STAGES = [
  'đọc tệp xlsx (zip, giải nén, XML → ô) / reading workbooks (zip, inflate, XML → cells)',
  'đọc bảng của xã / reading the communes\' tables (read/)',
  'tổng hợp / consolidating (core/)',
  'các trang kết quả / the report\'s sheets (write/)',
  'ghi tệp xlsx / writing the workbook (XML, zip, deflate)',
  'báo cáo JSON / the JSON report',
  'dòng lệnh, tìm tệp / command line, finding files',
  'thu gom rác / garbage collection',
  'nạp mã / loading modules',
  'gọi hệ thống về tệp / file system calls',
  'Node, V8, khác / Node, V8, other',
] as const;

const [XLSX_READ, READ, CORE, SHEETS, XLSX_WRITE, JSON_REPORT, CLI, GC, MODULES, FS, OTHER] = STAGES;

/** Node's fs bindings, sampled as native functions with no script. */
const FS_CALLS = new Set(['read', 'open', 'close', 'fsync', 'fdatasync', 'writeBuffer', 'writeBuffers', 'writeString', 'rename', 'stat', 'fstat', 'lstat', 'readFileUtf8', 'unlink', 'mkdir', 'mkdtemp', 'readdir', 'realpath', 'access', 'existsSync', 'internalModuleStat', 'copyFile', 'ftruncate']);

/** The stage of tonghop's compiled file `rel` (relative to lib/), or null for code every stage shares (util/, zip, zlib, XML tags). */
export function stageOfFile(rel: string): string | null {
  const f = rel.replace(/\\/g, '/');
  if (/^util\//.test(f) || /^xlsx\/(node-zlib|zip|xml|limits)\.js$/.test(f)) return null;
  if (/^xlsx\/(write|write-parts|write-sheet|write-protect|deflate)\.js$/.test(f)) return XLSX_WRITE;
  if (/^xlsx\//.test(f)) return XLSX_READ;
  if (/^read\//.test(f)) return READ;
  if (/^core\//.test(f)) return CORE;
  if (/^write\/(json|json-pack)\.js$/.test(f) || /^cli\/(json-thread|json-worker|report-pack)\.js$/.test(f)) return JSON_REPORT;
  if (/^write\//.test(f)) return SHEETS;
  return CLI; // cli/, pipeline.js, anything else of tonghop's
}

/** The file of a frame's script relative to tonghop's lib/ folder, or null when the script is not tonghop's. */
function libFile(url: string): string | null {
  const k = url.replace(/\\/g, '/').lastIndexOf('/lib/');
  return k >= 0 && !url.includes('/node_modules/') ? url.slice(k + 5) : null;
}

export interface ProfileSummary {
  /** Milliseconds sampled in all. */
  total: number;
  /** Milliseconds per stage, every stage listed, in STAGES' order. */
  stages: { stage: string; ms: number }[];
  /** Milliseconds of the functions that ran themselves longest (not counting what they called), longest first. */
  top: { fn: string; ms: number }[];
}

/** The samples of `p` summed by stage and by function (the `topN` longest). */
export function summarizeProfile(p: CpuProfile, topN = 15): ProfileSummary {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stageOfNode = new Map<number, string>();
  const stageOf = (id: number): string => {
    const known = stageOfNode.get(id);
    if (known) return known;
    const leaf = byId.get(id)!.callFrame;
    // the collector and the file system's calls by themselves, whoever made them
    let stage: string | null = leaf.functionName === '(garbage collector)' ? GC : leaf.url === '' && FS_CALLS.has(leaf.functionName) ? FS : null;
    for (let at: number | undefined = id; at !== undefined && stage === null; at = parent.get(at)) {
      const cf = byId.get(at)!.callFrame;
      if (/^node:internal\/modules\//.test(cf.url) || cf.functionName === 'compileForInternalLoader') stage = MODULES;
      else {
        const rel = libFile(cf.url);
        if (rel !== null) stage = stageOfFile(rel);
      }
    }
    stage ??= OTHER;
    stageOfNode.set(id, stage);
    return stage;
  };
  const stageMs = new Map<string, number>(STAGES.map((s) => [s, 0]));
  const fnMs = new Map<string, number>();
  let total = 0;
  // a sample's time is the delta to the next one (the profiler's own convention: DevTools does the same)
  for (let i = 0; i < p.samples.length; i++) {
    const ms = (p.timeDeltas[i + 1] ?? 0) / 1000;
    if (!(ms > 0)) continue;
    const id = p.samples[i];
    total += ms;
    const stage = stageOf(id);
    stageMs.set(stage, stageMs.get(stage)! + ms);
    const cf = byId.get(id)!.callFrame;
    if (cf.functionName === '(idle)' || cf.functionName === '(program)' || cf.functionName === '(garbage collector)') continue;
    const file = libFile(cf.url) ?? cf.url.replace(/^.*\//, '');
    const fn = `${cf.functionName || '(anonymous)'}${file ? ` ${file}:${cf.lineNumber + 1}` : ''}`;
    fnMs.set(fn, (fnMs.get(fn) ?? 0) + ms);
  }
  const top = [...fnMs].map(([fn, ms]) => ({ fn, ms })).sort((a, b) => b.ms - a.ms).slice(0, topN);
  return { total, stages: STAGES.map((stage) => ({ stage, ms: stageMs.get(stage)! })), top };
}

/** The summary as the bench prints it. */
export function profileLines(s: ProfileSummary, title: string): string[] {
  const pct = (ms: number) => (s.total > 0 ? `${((100 * ms) / s.total).toFixed(0).padStart(3)} %` : '');
  return [
    `  ${title}: ${s.total.toFixed(0)} ms sampled on the main thread`,
    ...s.stages.map((x) => `    ${x.ms.toFixed(0).padStart(6)} ms ${pct(x.ms)}  ${x.stage}`),
    '    the functions that ran longest themselves / top functions by self time:',
    ...s.top.map((x) => `    ${x.ms.toFixed(1).padStart(8)} ms  ${x.fn}`),
  ];
}

/** `node lib/dev/tools/bench/profile.js FILE.cpuprofile…`: the summary of profiles made elsewhere (node --cpu-prof). */
if (require.main === module) {
  const files = process.argv.slice(2);
  if (!files.length) {
    process.stderr.write('profile: cho tệp .cpuprofile / give .cpuprofile files (node --cpu-prof --cpu-prof-dir=DIR bin/tonghop.js …)\n');
    process.exitCode = 1;
  }
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    process.stdout.write(profileLines(summarizeProfile(JSON.parse(text) as CpuProfile, 20), f).join('\n') + '\n');
  }
}

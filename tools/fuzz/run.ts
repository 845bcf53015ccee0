/**
 * The fuzzer's engine: makes cases (generated commune workbooks, mutated real workbooks), runs each through
 * the whole pipeline (runPipeline; for generated cases also the exceljs writer and the JSON report), and
 * checks what must always hold:
 *   - no uncaught exception (a crash);
 *   - no file taking over `slowMs` (5 s) — measured per case, one commune file per case (a hang);
 *   - every file that gave no data has an issue naming it; every issue is well formed and names a file
 *     of the run (or none); refusals of a file (file_*, zip_*) name it in both languages;
 *   - no NaN or Infinity anywhere in the report (missing numbers are null).
 * A soft oracle also compares the actuals of "clean" generated cases with what was written (counted,
 * printed, not a failure: the reader may have reasons).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { InputFile, Issue, Report } from '../../src/types';
import { runPipeline } from '../../src/pipeline';
import { writeXlsx } from '../../src/xlsx/write';
import { reportToJson } from '../../src/write/json';
import ExcelJS from 'exceljs';
import { buildCommune, HOSTILE_NAMES, makePlan, sampleSpecs, type Expected } from './generate';
import { mutate, seeded, type Rand } from './mutate';
import { buildMixed, checkMixed, type MixedCase } from './mixed';

export interface FuzzCase {
  id: number;
  source: 'generated' | 'mutated' | 'mutated_plan' | 'mixed';
  /** Mixed cases: good communes and one bad file, checked for the invariant of mixed.ts. */
  mixed?: MixedCase;
  /** What was done, to reproduce by eye. */
  what: string;
  files: InputFile[];
  plan: InputFile | null;
  /** Plan spelling of the generated commune, for the oracle. */
  commune: string | null;
  expected: Expected[];
  /** Also write the output workbook and the JSON report. */
  write: boolean;
}

export interface CaseOutcome {
  /** Time of the pipeline for this case (one commune file and the plan). */
  ms: number;
  writeMs?: number;
  crash?: string;
  /** The case was stopped after killMs (isolated runs only). */
  killed?: boolean;
  /** The worker ran out of memory (isolated runs only). */
  oom?: boolean;
  problems: string[];
  codes: Record<string, number>;
  /** Oracle: values expected but not found, or different. */
  mismatches: string[];
  checked: number;
}

export interface FuzzFailure {
  id: number;
  kind: 'crash' | 'hang' | 'killed' | 'oom' | 'problem';
  source: FuzzCase['source'];
  what: string;
  files: string[];
  detail: string;
  saved?: string;
}

export interface FuzzSummary {
  runs: number;
  seed: number;
  generated: number;
  mutated: number;
  /** Mixed cases (mixed.ts): good communes with one bad file. */
  mixed: number;
  /** A case slower than this was counted as a hang. */
  slowMs: number;
  crashes: number;
  hangs: number;
  killed: number;
  oom: number;
  /** Cases with a broken invariant (unnamed failure, malformed issue, NaN in the report). */
  problems: number;
  mismatches: number;
  oracleValues: number;
  issuesByCode: Record<string, number>;
  slowest: { ms: number; id: number; what: string };
  totalMs: number;
  failures: FuzzFailure[];
  mismatchExamples: string[];
}

export interface FuzzOptions {
  runs: number;
  seed: number;
  /** Folders holding real workbooks to mutate (plans are recognised by name: plan*, ke-hoach*). */
  seedDirs?: string[];
  /** A case slower than this counts as a hang. */
  slowMs?: number;
  /** Share of the runs that are generated workbooks (the rest are mutations). */
  generatedShare?: number;
  /** Share of the runs that are mixed cases (good communes and one bad file among them; default 0.15). */
  mixedShare?: number;
  /** Write outputs (exceljs workbook, JSON) for generated cases. */
  writeOutputs?: boolean;
  /** Where failing inputs are saved (null: nowhere). */
  failDir?: string | null;
  /** How a case is run: in this process by default; the CLI passes an isolated runner. */
  exec?: (c: FuzzCase) => Promise<CaseOutcome>;
  log?: (line: string) => void;
}

const NOW = new Date(Date.UTC(2020, 5, 30, 12));
const CODE_RE = /^[a-z][a-z0-9_]*$/;

// ───────────────────────────── one case ─────────────────────────────

function nonFinite(x: unknown, where: string, out: string[], depth = 0): void {
  if (out.length > 5 || depth > 12) return;
  if (typeof x === 'number') {
    if (!Number.isFinite(x)) out.push(`${where} is ${x}`);
  } else if (Array.isArray(x)) {
    x.forEach((v, i) => nonFinite(v, `${where}[${i}]`, out, depth + 1));
  } else if (x && typeof x === 'object') {
    for (const [k, v] of Object.entries(x)) nonFinite(v, `${where}.${k}`, out, depth + 1);
  }
}

function checkIssue(i: Issue, names: Set<string>, problems: string[]): void {
  if (!['error', 'warning', 'info'].includes(i.severity)) problems.push(`issue ${i.code}: bad severity ${String(i.severity)}`);
  if (typeof i.code !== 'string' || !CODE_RE.test(i.code)) problems.push(`issue with a bad code ${JSON.stringify(i.code)}`);
  if (typeof i.message !== 'string' || !i.message.trim()) problems.push(`issue ${i.code}: empty Vietnamese message`);
  if (typeof i.messageEn !== 'string' || !i.messageEn.trim()) problems.push(`issue ${i.code}: empty English message`);
  if (i.file !== null && !names.has(i.file)) problems.push(`issue ${i.code} names a file not in the run: ${JSON.stringify(i.file)}`);
  if (i.file && /^(file_|zip_)/.test(i.code) && i.severity === 'error') {
    if (!i.message.includes(i.file) || !i.messageEn.includes(i.file)) problems.push(`refusal ${i.code} does not name its file in both messages`);
  }
}

/** Text from input files must never come out as a formula: look for the hostile names in formulas of the output. */
export async function hostileAsFormula(xlsx: Uint8Array): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
  const found: string[] = [];
  const payloads = HOSTILE_NAMES.filter((n) => /^[=+\-@\t]/.test(n)).map((n) => n.replace(/^[=+@\t]+/, '')).filter((p) => p.length >= 4);
  wb.eachSheet((ws) =>
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        const f = cell.type === ExcelJS.ValueType.Formula ? cell.formula : null;
        if (f && payloads.some((p) => f.includes(p)) && found.length < 3) found.push(`hostile text written as a formula in '${ws.name}'!${cell.address}: =${f}`);
      }),
    ),
  );
  return found;
}

/** Run one case in this process. Never throws. */
export async function runCase(c: FuzzCase): Promise<CaseOutcome> {
  const out: CaseOutcome = { ms: 0, problems: [], codes: {}, mismatches: [], checked: 0 };
  const t0 = performance.now();
  if (c.mixed && c.plan) {
    try {
      const m = await checkMixed(c.mixed, c.plan);
      out.problems.push(...m.problems);
      out.codes = m.codes;
    } catch (err) {
      out.crash = err instanceof Error ? (err.stack ?? err.message) : String(err);
    }
    // Two runs (the good files alone, then with the bad one) over several files: the time per file.
    out.ms = (performance.now() - t0) / (2 * c.mixed.good.length + 1);
    return out;
  }
  let result: Awaited<ReturnType<typeof runPipeline>>;
  try {
    result = await runPipeline({ communes: c.files, plan: c.plan, now: NOW });
  } catch (err) {
    out.ms = performance.now() - t0;
    out.crash = err instanceof Error ? (err.stack ?? err.message) : String(err);
    return out;
  }
  out.ms = performance.now() - t0;

  const names = new Set<string>([...c.files.map((f) => f.name), ...(c.plan ? [c.plan.name] : [])]);
  const issues: Issue[] = [...result.report.issues];
  for (const r of result.communeReports) issues.push(...r.issues);
  if (result.plan) issues.push(...result.plan.issues);
  const seen = new Set<Issue>();
  for (const i of issues) {
    if (seen.has(i)) continue;
    seen.add(i);
    checkIssue(i, names, out.problems);
  }
  for (const i of result.report.issues) out.codes[i.code] = (out.codes[i.code] ?? 0) + 1;
  const named = (file: string) => issues.some((i) => i.file === file && (i.severity === 'error' || i.severity === 'warning'));
  for (const f of c.files) {
    const rep = result.communeReports.find((r) => r.file === f.name);
    if (!rep) out.problems.push(`no commune report for '${f.name}'`);
    else if (rep.rows.length === 0 && !named(f.name)) out.problems.push(`'${f.name}' gave no data and no issue names it`);
  }
  if (c.plan && !result.plan && !named(c.plan.name)) out.problems.push(`plan '${c.plan.name}' unread and no issue names it`);
  nonFinite(result.report as Report, 'report', out.problems);

  // Soft oracle: the clean values of a generated workbook.
  for (const e of c.expected) {
    out.checked++;
    const ind = result.report.indicators.find((i) => i.code === e.code);
    const cr = ind?.communes.find((x) => x.commune === c.commune);
    if (!cr || cr.actual === null || cr.actual === undefined) out.mismatches.push(`${e.code}: expected ${e.actual}, found nothing`);
    else if (Math.abs(cr.actual - e.actual) > 1e-9 * Math.max(1, Math.abs(e.actual))) out.mismatches.push(`${e.code}: expected ${e.actual}, found ${cr.actual}`);
  }

  if (c.write) {
    const t1 = performance.now();
    try {
      const xlsx = await writeXlsx(result.sheets);
      if (!(xlsx.length > 0)) out.problems.push('the exceljs writer gave no bytes');
      else if (c.commune && HOSTILE_NAMES.includes(c.commune)) out.problems.push(...(await hostileAsFormula(xlsx)));
      JSON.stringify(reportToJson(result.report, 'vi'));
      JSON.stringify(reportToJson(result.report, 'en'));
    } catch (err) {
      out.crash = 'writer: ' + (err instanceof Error ? (err.stack ?? err.message) : String(err));
    }
    out.writeMs = performance.now() - t1;
  }
  return out;
}

// ───────────────────────────── seeds ─────────────────────────────

interface SeedFile {
  file: InputFile;
  /** The plan of the same family (null for a plan itself). */
  plan: InputFile | null;
  isPlan: boolean;
  origin: string;
}

const isPlanName = (n: string) => /^(plan|ke-?hoach)/i.test(n);

function walk(dir: string, out: string[], depth = 0): void {
  if (depth > 4 || !fs.existsSync(dir)) return;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out, depth + 1);
    else if (/\.(xlsx|xlsm)$/i.test(e.name)) out.push(p);
  }
}

/** Real workbooks to mutate: every .xlsx/.xlsm under the folders, each with the plan of its family. */
export function loadSeeds(dirs: string[]): SeedFile[] {
  const seeds: SeedFile[] = [];
  for (const dir of dirs) {
    const files: string[] = [];
    walk(dir, files);
    const planPath = files.find((f) => isPlanName(path.basename(f)));
    const plan = planPath ? { name: path.basename(planPath), data: new Uint8Array(fs.readFileSync(planPath)) } : null;
    for (const f of files) {
      const file = { name: path.basename(f), data: new Uint8Array(fs.readFileSync(f)) };
      const isPlan = f === planPath;
      seeds.push({ file, plan: isPlan ? null : plan, isPlan, origin: path.relative(process.cwd(), f) || f });
    }
  }
  return seeds;
}

// ───────────────────────────── the run ─────────────────────────────

function sanitize(name: string): string {
  return name.replace(/[^\w.\-]+/g, '_').slice(0, 80) || 'file';
}

export async function runFuzz(opts: FuzzOptions): Promise<FuzzSummary> {
  const slowMs = opts.slowMs ?? 5000;
  const share = opts.generatedShare ?? 0.5;
  const log = opts.log ?? (() => undefined);
  const exec = opts.exec ?? runCase;
  const rand: Rand = seeded(opts.seed);
  const plan = await makePlan();
  const seeds = loadSeeds(opts.seedDirs ?? []);
  const nGenerated = seeds.length === 0 ? opts.runs : Math.round(opts.runs * share);
  const specs = sampleSpecs(nGenerated, opts.seed);
  /** Generated workbooks are seeds for mutation too. */
  const pool: SeedFile[] = [];
  const summary: FuzzSummary = {
    runs: 0,
    seed: opts.seed,
    generated: 0,
    mutated: 0,
    mixed: 0,
    slowMs,
    crashes: 0,
    hangs: 0,
    killed: 0,
    oom: 0,
    problems: 0,
    mismatches: 0,
    oracleValues: 0,
    issuesByCode: {},
    slowest: { ms: 0, id: -1, what: '' },
    totalMs: 0,
    failures: [],
    mismatchExamples: [],
  };
  const runOne = async (c: FuzzCase): Promise<void> => {
    const id = c.id;
    const o = await exec(c);
    summary.runs++;
    for (const [code, n] of Object.entries(o.codes)) summary.issuesByCode[code] = (summary.issuesByCode[code] ?? 0) + n;
    summary.oracleValues += o.checked;
    summary.mismatches += o.mismatches.length;
    if (o.mismatches.length && summary.mismatchExamples.length < 10) summary.mismatchExamples.push(`#${id} ${c.files[0]?.name}: ${o.mismatches.join('; ')} (${c.what.slice(0, 200)})`);
    if (o.ms > summary.slowest.ms) summary.slowest = { ms: o.ms, id, what: c.what.slice(0, 200) };
    const fail = (kind: FuzzFailure['kind'], detail: string) => {
      const f: FuzzFailure = { id, kind, source: c.source, what: c.what, files: c.files.map((x) => x.name), detail };
      if (opts.failDir) {
        const dir = path.join(opts.failDir, `${String(id).padStart(5, '0')}-${kind}`);
        fs.mkdirSync(dir, { recursive: true });
        for (const x of [...c.files, ...(c.plan ? [c.plan] : [])]) fs.writeFileSync(path.join(dir, sanitize(x.name)), x.data);
        fs.writeFileSync(path.join(dir, 'case.json'), JSON.stringify({ ...f, ms: o.ms, names: [...c.files.map((x) => x.name), c.plan?.name] }, null, 2));
        f.saved = dir;
      }
      summary.failures.push(f);
      log(`#${id} ${kind.toUpperCase()} ${c.files.map((x) => x.name).join(', ')}: ${detail.split('\n')[0]} [${c.what.slice(0, 160)}]`);
    };
    if (o.oom) {
      summary.oom++;
      fail('oom', 'out of memory');
    } else if (o.killed) {
      summary.killed++;
      fail('killed', `stopped after ${Math.round(o.ms)} ms`);
    } else if (o.crash) {
      summary.crashes++;
      fail('crash', o.crash);
    }
    if (!o.killed && o.ms > slowMs) {
      summary.hangs++;
      fail('hang', `${(o.ms / 1000).toFixed(1)} s`);
    }
    if (o.problems.length) {
      summary.problems++;
      fail('problem', o.problems.join('; '));
    }
    if ((id + 1) % 100 === 0) log(`… ${id + 1}/${opts.runs} runs, ${summary.crashes} crashes, ${summary.hangs} hangs, ${summary.problems} problems`);
  };
  const t0 = performance.now();
  let g = 0;
  for (let id = 0; id < opts.runs; id++) {
    let c: FuzzCase;
    if (rand() < (opts.mixedShare ?? 0.15)) {
      const m = await buildMixed(rand, opts.seed * 7919 + id, plan);
      c = { id, source: 'mixed', what: m.what, files: [...m.good, m.bad], plan, commune: null, expected: [], write: false, mixed: m };
      summary.mixed++;
      await runOne(c);
      continue;
    }
    const wantGenerated = g < specs.length && (seeds.length + pool.length === 0 || rand() < share || opts.runs - id <= specs.length - g);
    if (wantGenerated) {
      const spec = specs[g++];
      let gen;
      try {
        gen = await buildCommune(spec);
      } catch (err) {
        // The generator itself failed (exceljs refused something): not a finding about tonghop.
        log(`#${id} generator error: ${err instanceof Error ? err.message : String(err)}`);
        id--;
        continue;
      }
      c = { id, source: 'generated', what: `generated ${JSON.stringify(spec).slice(0, 300)}`, files: [gen.file], plan, commune: gen.commune, expected: gen.expected, write: opts.writeOutputs ?? true };
      if (pool.length < 30) pool.push({ file: gen.file, plan, isPlan: false, origin: `generated #${id}` });
      else pool[Math.floor(rand() * pool.length)] = { file: gen.file, plan, isPlan: false, origin: `generated #${id}` };
      summary.generated++;
    } else {
      const all = [...seeds, ...pool];
      if (all.length === 0) break; // nothing to mutate (every generated workbook failed to build)
      const s = all[Math.floor(rand() * all.length)];
      let data = s.file.data;
      const steps: string[] = [];
      const n = 1 + Math.floor(rand() * 3);
      for (let k = 0; k < n; k++) {
        const m = mutate(data, rand);
        data = m.data;
        steps.push(m.what);
      }
      const what = `${s.origin}: ${steps.join('; ')}`;
      if (s.isPlan) {
        const commune = seeds.find((x) => !x.isPlan && x.plan?.name === s.file.name) ?? pool[0];
        c = { id, source: 'mutated_plan', what, files: commune ? [commune.file] : [], plan: { name: s.file.name, data }, commune: null, expected: [], write: false };
      } else {
        c = { id, source: 'mutated', what, files: [{ name: s.file.name, data }], plan: s.plan, commune: null, expected: [], write: false };
      }
      summary.mutated++;
    }

    await runOne(c);
  }
  summary.totalMs = performance.now() - t0;
  return summary;
}

/** The summary as lines of text. */
export function formatSummary(s: FuzzSummary): string {
  const lines: string[] = [];
  lines.push(`tonghop fuzz: ${s.runs} runs, seed ${s.seed} (${s.generated} generated, ${s.mutated} mutated, ${s.mixed} mixed: good communes with a bad file) in ${(s.totalMs / 1000).toFixed(1)} s`);
  lines.push(`crashes: ${s.crashes}   hangs (> ${(s.slowMs / 1000).toLocaleString('en-US')} s): ${s.hangs}   killed: ${s.killed}   out of memory: ${s.oom}`);
  lines.push(`cases breaking an invariant (unnamed failure, malformed issue, NaN, a good file's figure changed by a bad file): ${s.problems}`);
  lines.push(`oracle (soft, clean generated values): ${s.mismatches} of ${s.oracleValues} values not found as written`);
  lines.push(`slowest case: ${(s.slowest.ms / 1000).toFixed(2)} s (#${s.slowest.id} ${s.slowest.what.slice(0, 120)})`);
  lines.push('issues by code:');
  for (const [code, n] of Object.entries(s.issuesByCode).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) lines.push(`  ${code.padEnd(28)} ${n}`);
  if (s.failures.length) {
    lines.push(`failures (${s.failures.length}):`);
    for (const f of s.failures.slice(0, 30)) lines.push(`  #${f.id} ${f.kind} ${f.files.join(', ')}: ${f.detail.split('\n')[0].slice(0, 200)}${f.saved ? ` → ${f.saved}` : ''}`);
  }
  if (s.mismatchExamples.length) {
    lines.push('oracle examples:');
    for (const m of s.mismatchExamples) lines.push('  ' + m.slice(0, 300));
  }
  return lines.join('\n');
}

/**
 * Not a test: times exceljs's xlsxFromSheets against writeXlsx on the bench's output (N communes ×
 * 80 indicators, the sheets runPipeline builds), and the direct writer's deflate levels.
 *
 * With --bench, also the bench's two runs (tools/bench/bench.ts): (a) exceljs loading the N files, (b) the
 * whole consolidation with exceljs's writer, and (b) with the direct writer — and both ratios b/a.
 *
 *   npx tsc -p tsconfig.json --outDir /tmp/xw-build && NODE_PATH=node_modules node --expose-gc /tmp/xw-build/test/xlsx-write/measure.js [N] [rounds] [--bench]
 */
import ExcelJS from 'exceljs';
import { runPipeline } from '../../../src/pipeline';
import { xlsxFromSheets } from '../../reference/exceljs-write';
import { writeXlsx } from '../../../src/xlsx/write';
import { benchCommuneNames, benchIndicators, makeCommune, makePlan } from '../../../tools/bench/bench';
import type { InputFile, SheetSpec } from '../../../src/types';

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Wall time, and CPU time of the whole process (this thread and zlib's thread pool). */
async function time(fn: () => Promise<Uint8Array>): Promise<{ ms: number; cpu: number; bytes: number }> {
  gc();
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const out = await fn();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const c = process.cpuUsage(c0);
  return { ms, cpu: (c.user + c.system) / 1000, bytes: out.byteLength };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 200);
  const rounds = Number(process.argv[3] ?? 5);
  const inds = benchIndicators();
  const names = benchCommuneNames(n);
  const planFile: InputFile = { name: 'ke-hoach.xlsx', data: await makePlan(names, inds) };
  const communeFiles: InputFile[] = [];
  for (let i = 0; i < n; i++) communeFiles.push({ name: `bc-${i}.xlsx`, data: await makeCommune(names[i], i, inds) });
  const res = await runPipeline({ communes: communeFiles, plan: planFile, lang: 'vi' });
  const specs: SheetSpec[] = res.sheets;
  const cells = specs.reduce((s, sp) => s + sp.rows.reduce((t, r) => t + r.filter((c) => c && (c.v !== null || c.f)).length, 0), 0);
  process.stdout.write(`${n} communes: ${specs.map((s) => `${s.name} ${s.rows.length}×${Math.max(...s.rows.map((r) => r.length))}`).join(', ')}; ${cells} cells with a value\n`);

  const runs: Record<string, { ms: number[]; cpu: number[]; bytes: number }> = {};
  const cand: [string, () => Promise<Uint8Array>][] = [
    ['exceljs xlsxFromSheets', () => xlsxFromSheets(specs)],
    ['direct level 6', () => writeXlsx(specs, { level: 6 })],
    ['direct level 4 (default)', () => writeXlsx(specs)],
    ['direct level 1', () => writeXlsx(specs, { level: 1 })],
    ['direct level 0 (stored)', () => writeXlsx(specs, { level: 0 })],
  ];
  for (const [, f] of cand) await f(); // warm-up
  for (let k = 0; k < rounds; k++) {
    for (const [name, f] of k % 2 ? [...cand].reverse() : cand) {
      const t = await time(f);
      const r = (runs[name] ??= { ms: [], cpu: [], bytes: t.bytes });
      r.ms.push(t.ms);
      r.cpu.push(t.cpu);
    }
  }
  for (const [name] of cand) {
    const r = runs[name];
    process.stdout.write(`  ${name.padEnd(26)} wall ${median(r.ms).toFixed(0).padStart(6)} ms   cpu ${median(r.cpu).toFixed(0).padStart(6)} ms   ${(r.bytes / 1024).toFixed(0).padStart(6)} kB\n`);
  }
  if (!process.argv.includes('--bench')) return;
  const runA = async () => {
    for (const f of communeFiles) await new ExcelJS.Workbook().xlsx.load(f.data as unknown as Parameters<ExcelJS.Xlsx['load']>[0]);
  };
  const runB = (write: (s: SheetSpec[]) => Promise<Uint8Array>) => async () => {
    const r = await runPipeline({ communes: communeFiles, plan: planFile, lang: 'vi' });
    await write(r.sheets);
  };
  const benchRuns: [string, () => Promise<void>][] = [
    ['(a) exceljs load only', runA],
    ['(b) with exceljs writer', runB((x) => xlsxFromSheets(x))],
    ['(b) with direct writer', runB((x) => writeXlsx(x))],
  ];
  const times: Record<string, number[]> = {};
  for (let k = 0; k < rounds; k++) {
    for (const [name, f] of k % 2 ? [...benchRuns].reverse() : benchRuns) {
      gc();
      const t0 = process.hrtime.bigint();
      await f();
      (times[name] ??= []).push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  }
  const a = median(times['(a) exceljs load only']);
  for (const [name] of benchRuns) {
    const t = median(times[name]);
    process.stdout.write(`  ${name.padEnd(26)} ${t.toFixed(0).padStart(6)} ms   ratio ${(t / a).toFixed(2)}\n`);
  }
}

main().catch((e) => {
  process.stderr.write(String((e as Error).stack ?? e) + '\n');
  process.exitCode = 1;
});

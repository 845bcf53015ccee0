/**
 * Benchmark (`npm run bench [-- --communes N] [-- --repeat R]`): how much the whole consolidation
 * costs over the floor of the work and over merely loading the same workbooks with exceljs.
 *
 *  (f) the floor: reading the bytes of the N commune files and the plan, inflating every zip entry, and
 *      one linear pass over the inflated XML (counting its tags);
 *  (o) the outputs alone, the least any run writing them must add to (f): the report (b) wrote made JSON again by
 *      JSON.stringify (in pieces: writeJsonPieces), its workbook's parts deflated again at the writer's level, both
 *      written to disk; (f + o)/f is the least b/f can be;
 *  (a) bare exceljs: reading the bytes and `new ExcelJS.Workbook().xlsx.load(buf)` for each file;
 *  (b) the whole run, as the command line does it: `tonghop consolidate --plan … --out … --json … folder`
 *      in this process (finding the files, reading them — on the main thread and the reading threads
 *      of cli/read-pool.ts —, consolidating, writing the workbook and the JSON report);
 *  (b1) the same with `--threads 1` (every file read on the main thread), for reference;
 *  (f3), (o3), (a3), (b3) each of (f), (o), (a), (b) run three times in a row with no forced collection, the third
 *      timed: what each costs once V8 has optimized its code (the goals' ratios with the code warm on both sides);
 *  (c) the whole command as a user types it, `node bin/tonghop.js consolidate …`, in a new process each time:
 *      cold code, Node's start-up, and the launcher's V8 flag (bin/tonghop.js), which this process has not.
 *  With `--profile`, (c) once more under Node's CPU profiler, its time by stage and its top functions (profile.ts).
 *
 * N synthetic commune workbooks (two sheets of 40 indicators each, title rows, signature block)
 * and a plan of 80 indicators are generated into a temporary folder (removed at the end), then
 * (a) and (b) run alternately R times in this one process, with a garbage collection before each
 * run (node --expose-gc). Prints the medians (wall clock, and the CPU time of this process, which a machine
 * shared with other work disturbs less), the ratios b/f and b/a, the peak RSS and heap seen during each, and the
 * minor page faults (memory touched for the first time). Nothing here is asserted by a test.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { spawnSync } from 'child_process';
import ExcelJS from 'exceljs';
import { main } from '../../src/cli/main';
import { inspectZip } from '../../src/xlsx/zip';
import { rng, round, type ExampleIndicator } from '../examples/data';
import { slug } from '../../src/util/text';
import { profileLines, summarizeProfile, type CpuProfile } from './profile';
import { COL, SheetPen, signatureBlock, writeTable, type TableItem } from '../examples/sheet-kit';

type BenchIndicator = Omit<ExampleIndicator, 'digits' | 'section'>;

const SYLLABLES = [
  'An', 'Bình', 'Cẩm', 'Đông', 'Đức', 'Gia', 'Hòa', 'Hưng', 'Hiệp', 'Khánh', 'Kim', 'Lạc', 'Lâm', 'Long', 'Minh', 'Nam',
  'Nghĩa', 'Phú', 'Phúc', 'Quảng', 'Hải', 'Sơn', 'Tân', 'Thanh', 'Thạch', 'Thịnh', 'Thủy', 'Tiến', 'Trung', 'Vĩnh', 'Xuân', 'Yên',
];

export function benchIndicators(): BenchIndicator[] {
  const list: BenchIndicator[] = [];
  const units = ['triệu đồng', 'ha', 'tấn', 'người', '%', 'km', 'con', 'hộ'];
  for (let i = 1; i <= 40; i++) {
    const unit = units[i % units.length];
    list.push({
      code: `KT${String(i).padStart(2, '0')}`,
      name: `Chỉ tiêu kinh tế số ${i} (${unit})`,
      unit,
      aggregation: unit === '%' ? 'Bình quân' : 'Tổng',
      direction: i % 13 === 0 ? 'Giảm' : 'Tăng',
      kind: unit === '%' ? 'Thời điểm' : 'Lũy kế',
    });
  }
  for (let i = 1; i <= 40; i++) {
    const unit = i === 1 ? 'người' : units[(i + 3) % units.length];
    list.push({
      code: `XH${String(i).padStart(2, '0')}`,
      name: i === 1 ? 'Dân số trung bình' : `Chỉ tiêu xã hội số ${i} (${unit})`,
      unit,
      aggregation: i === 1 ? 'Tổng' : unit === '%' ? (i % 2 ? 'Bình quân theo XH01' : 'Bình quân') : 'Tổng',
      direction: i % 11 === 0 ? 'Giảm' : 'Tăng',
      kind: i === 1 || unit === '%' ? 'Thời điểm' : 'Lũy kế',
    });
  }
  return list;
}

/**
 * n distinct commune names, made of syllables only (a number in a name is not part of it for the reader:
 * "Hải Thạch 992" is "Hải Thạch"): two syllables up to 992 communes, three beyond (29,760 possible).
 */
export function benchCommuneNames(n: number): string[] {
  const r = rng(7);
  const k = SYLLABLES.length;
  const three = n > k * (k - 1);
  if (n > k * (k - 1) * (k - 2)) throw new Error(`at most ${k * (k - 1) * (k - 2)} communes`);
  const names = new Set<string>();
  while (names.size < n) {
    const a = SYLLABLES[Math.floor(r() * k)];
    const b = SYLLABLES[Math.floor(r() * k)];
    if (a === b) continue;
    if (!three) {
      names.add(`${a} ${b}`);
      continue;
    }
    const c = SYLLABLES[Math.floor(r() * k)];
    if (c === a || c === b) continue;
    names.add(`${a} ${b} ${c}`);
  }
  return [...names];
}

/** Deterministic target and actual for (commune, indicator). */
function figures(ci: number, ii: number, ind: BenchIndicator): { target: number; actual: number; previous: number } {
  const r = rng(1000 * (ci + 1) + ii);
  if (ind.unit === '%') {
    const target = round(40 + 55 * r(), 1);
    return { target, actual: round(target * (0.96 + 0.12 * r()), 2), previous: round(target * (0.85 + 0.1 * r()), 2) };
  }
  if (ind.code === 'XH01') {
    const p = 3000 + Math.floor(12000 * r());
    return { target: p, actual: p, previous: p - Math.floor(100 * r()) };
  }
  const target = Math.round(10 + 5000 * r());
  return { target, actual: round(target * (0.42 + 0.3 * r()), 1), previous: round(target * (0.35 + 0.3 * r()), 1) };
}

async function bytes(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

export async function makePlan(communes: string[], inds: BenchIndicator[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Kế hoạch 2024');
  ws.getCell(1, 1).value = 'KẾ HOẠCH CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI NĂM 2024';
  const head = ['Mã số', 'Chỉ tiêu', 'Đơn vị tính', 'Cách tổng hợp', 'Chiều', 'Loại', 'Toàn tỉnh', ...communes];
  ws.getRow(3).values = head;
  inds.forEach((ind, ii) => {
    const t = communes.map((_, ci) => (ind.code === 'XH01' ? null : figures(ci, ii, ind).target));
    ws.getRow(4 + ii).values = [ind.code, ind.name, ind.unit, ind.aggregation, ind.direction, ind.kind, null, ...t];
  });
  return bytes(wb);
}

export async function makeCommune(name: string, ci: number, inds: BenchIndicator[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheets: [string, BenchIndicator[]][] = [
    ['Kinh tế', inds.filter((i) => i.code.startsWith('KT'))],
    ['VH-XH', inds.filter((i) => i.code.startsWith('XH'))],
  ];
  for (const [sheetName, list] of sheets) {
    const pen = new SheetPen(wb.addWorksheet(sheetName));
    pen.band(1, 1, 3, `UBND XÃ ${name.toUpperCase()}`, { bold: true });
    pen.band(3, 1, 8, 'BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI 6 THÁNG ĐẦU NĂM 2024', { bold: true });
    const items: TableItem[] = list.map((ind, k) => ({ kind: 'indicator', key: ind.code, stt: String(k + 1) }));
    const next = writeTable({
      pen,
      startRow: 5,
      cols: [
        COL.stt,
        COL.code,
        { ...COL.name, width: 40 },
        COL.unit,
        COL.target,
        { role: 'actual', head: 'Thực hiện', width: 12 },
        COL.previous,
        { ...COL.note, width: 12 },
      ],
      items,
      value: (item, role) => {
        const ii = inds.findIndex((i) => i.code === item.key);
        const ind = inds[ii];
        const f = figures(ci, ii, ind);
        switch (role) {
          case 'stt':
            return Number(item.stt);
          case 'code':
            return ind.code;
          case 'name':
            return ind.name;
          case 'unit':
            return ind.unit;
          case 'target':
            return ind.code === 'XH01' ? null : f.target;
          case 'actual':
            return f.actual;
          case 'previous':
            return f.previous;
          default:
            return null;
        }
      },
    });
    signatureBlock(pen, next + 1, 3, 6, { place: name, date: 'ngày 20 tháng 6 năm 2024', maker: 'Người lập', chair: 'Chủ tịch' });
  }
  return bytes(wb);
}

// ───────────────────────────── measuring ─────────────────────────────

interface Sample {
  ms: number;
  /** CPU time of this process (user + system, all its threads): what a loaded, shared machine disturbs least. */
  cpu: number;
  peakRss: number;
  peakHeap: number;
  /**
   * Minor page faults of this process: 4 kB pages of memory touched for the first time (or given back and
   * taken again). On a virtual machine each costs time (about 13 µs here, README "Đo tốc độ"), and the count
   * does not swing with the host as wall times do.
   */
  faults: number;
}

function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) {
    g();
    g();
  }
}

/**
 * One timed call of `fn`, after a forced collection (`collect`, the default: its memory figures then start from
 * the same clean heap) or not. A forced collection also makes V8 optimize again the functions it had optimized
 * (with `--trace-opt`, nine runs of (b) at 200 communes: 2,049 optimizations with it before each, 1,080 without),
 * so a run after it is warm in its bytecode but not in its machine code: line (b2) shows the run without it.
 */
async function measure(fn: () => Promise<void>, collect = true): Promise<Sample> {
  if (collect) gc();
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    if (m.rss > peakRss) peakRss = m.rss;
    if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
  };
  sample();
  const timer = setInterval(sample, 5);
  const c0 = process.cpuUsage();
  const f0 = process.resourceUsage().minorPageFault;
  const t0 = process.hrtime.bigint();
  let t1 = t0;
  try {
    await fn();
    t1 = process.hrtime.bigint();
  } finally {
    clearInterval(timer);
  }
  const c = process.cpuUsage(c0);
  const faults = process.resourceUsage().minorPageFault - f0;
  sample();
  return { ms: Number(t1 - t0) / 1e6, cpu: (c.user + c.system) / 1000, peakRss, peakHeap, faults };
}

/** The project's root (this file is compiled to lib/dev/tools/bench/). */
export const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

/** The fields of a /proc/…/stat line after the process's name (state, ppid, …; utime is [11], stime [12], cutime [13], cstime [14]). */
export function statFields(stat: string): string[] {
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/**
 * `node bin/tonghop.js …args` as a user types it, in a new process: its wall time, and its CPU time from /proc
 * (the children waited for; null where there is no /proc). Throws when the command fails.
 */
export function commandAsTyped(args: string[], nodeFlags: string[] = []): { ms: number; cpu: number | null } {
  const childrenCpu = (): number | null => {
    try {
      const f = statFields(fs.readFileSync('/proc/self/stat', 'utf8'));
      return (Number(f[13]) + Number(f[14])) * 10; // USER_HZ = 100
    } catch {
      return null;
    }
  };
  const cpu0 = childrenCpu();
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [...nodeFlags, path.join(ROOT, 'bin', 'tonghop.js'), ...args], { stdio: 'ignore' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`bin/tonghop.js exit ${r.status}`);
  const cpu1 = childrenCpu();
  return { ms, cpu: cpu0 === null || cpu1 === null ? null : cpu1 - cpu0 };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Every part of a zip (a workbook tonghop wrote), inflated: what its writer deflated. */
export function xmlParts(data: Uint8Array): Uint8Array[] {
  const zip = inspectZip(data, { maxCompressedBytes: Infinity, maxUncompressedBytes: Infinity });
  if (!zip.ok) throw new Error(`zip: ${zip.code}`);
  return zip.entries
    .filter((e) => !e.dir)
    .map((e) => {
      const raw = data.subarray(e.dataOffset, e.dataOffset + e.compressedSize);
      return e.method === 8 ? new Uint8Array(zlib.inflateRawSync(raw)) : raw;
    });
}

/**
 * `value` (an object) as compact JSON, written to `file` in pieces of about 1 MB: its long arrays an element at a
 * time, as JSON.stringify writes them, so that no text of the whole (101 MB for 3,321 communes) is ever made.
 */
export function writeJsonPieces(file: string, value: Record<string, unknown>): void {
  const fd = fs.openSync(file, 'w');
  try {
    let piece = '';
    const put = (t: string) => {
      piece += t;
      if (piece.length >= 1 << 20) {
        fs.writeSync(fd, piece);
        piece = '';
      }
    };
    let first = true;
    put('{');
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined || typeof v === 'function') continue;
      put((first ? '' : ',') + JSON.stringify(k) + ':');
      first = false;
      if (Array.isArray(v)) {
        put('[');
        for (let i = 0; i < v.length; i++) put((i ? ',' : '') + (JSON.stringify(v[i]) ?? 'null'));
        put(']');
      } else put(JSON.stringify(v));
    }
    put('}');
    if (piece) fs.writeSync(fd, piece);
  } finally {
    fs.closeSync(fd);
  }
}

const MB = (x: number) => `${(x / 1024 / 1024).toFixed(0)} MB`;

export function argValue(argv: string[], name: string): string | undefined {
  const i = argv.findIndex((a) => a === name || a.startsWith(name + '='));
  if (i < 0) return undefined;
  return argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1];
}

export async function bench(argv: string[]): Promise<number> {
  const n = Number(argValue(argv, '--communes') ?? 200);
  const repeat = Number(argValue(argv, '--repeat') ?? 3);
  const keep = argv.includes('--keep');
  const profile = argv.includes('--profile');
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(repeat) || repeat < 1) {
    process.stderr.write('bench: --communes N và --repeat R phải là số nguyên dương / must be positive integers\n');
    return 1;
  }
  if (!(globalThis as { gc?: unknown }).gc) {
    process.stderr.write('bench: chạy với node --expose-gc để đo bộ nhớ chính xác hơn / run with node --expose-gc for fairer memory figures\n');
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tonghop-bench-'));
  try {
    const inds = benchIndicators();
    const names = benchCommuneNames(n);
    process.stderr.write(`bench: tạo ${n} tệp xã trong ${dir} / generating ${n} commune files…\n`);
    fs.writeFileSync(path.join(dir, 'ke-hoach.xlsx'), await makePlan(names, inds));
    for (let ci = 0; ci < n; ci++) {
      fs.writeFileSync(path.join(dir, `bc-${slug(names[ci])}.xlsx`), await makeCommune(names[ci], ci, inds));
    }
    const planPath = path.join(dir, 'ke-hoach.xlsx');
    const paths = names.map((nm) => path.join(dir, `bc-${slug(nm)}.xlsx`));
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tonghop-bench-out-'));
    let totalBytes = 0;
    for (const p of [planPath, ...paths]) totalBytes += fs.statSync(p).size;

    /** The consolidation of these files, its workbook and JSON named `name` in `out`. */
    const consolidateArgs = (out: string, name: string, more: string[] = []): string[] =>
      ['consolidate', '--plan', planPath, '--max-cols', String(Math.max(2000, n + 100)), '--out', path.join(out, `${name}.xlsx`), '--json', path.join(out, `${name}.json`), '--force', ...more, dir];

    let tags = 0;
    let inflated = 0;
    const runF = async () => {
      tags = 0;
      inflated = 0;
      for (const p of [planPath, ...paths]) {
        const data = fs.readFileSync(p);
        const zip = inspectZip(data, { maxCompressedBytes: Infinity, maxUncompressedBytes: Infinity });
        if (!zip.ok) throw new Error(`${p}: ${zip.code}`);
        for (const e of zip.entries) {
          if (e.dir) continue;
          const raw = data.subarray(e.dataOffset, e.dataOffset + e.compressedSize);
          const bytes = e.method === 8 ? zlib.inflateRawSync(raw) : raw;
          inflated += bytes.length;
          const text = bytes.toString('utf8');
          for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 60) tags++;
        }
      }
    };
    const runA = async () => {
      for (const p of [planPath, ...paths]) await new ExcelJS.Workbook().xlsx.load(fs.readFileSync(p) as unknown as Parameters<ExcelJS.Xlsx['load']>[0]);
    };
    let lastSummary = '';
    const runB = async (threads?: number) => {
      let out = '';
      const code = await main(
        consolidateArgs(outDir, 'tong-hop', threads ? ['--threads', String(threads)] : []),
        { stdout: (t) => void (out += t), stderr: () => undefined, progress: false },
      );
      if (code !== 0) throw new Error(`tonghop exit ${code}`);
      const read = /Số xã đã đọc: (\d+)/.exec(out)?.[1] ?? '?';
      const issues = /Lỗi: (\d+), cảnh báo: (\d+)/.exec(out);
      lastSummary = `${read} xã đọc được / communes read, ${issues ? `${issues[1]} errors, ${issues[2]} warnings` : ''}, output ${MB(fs.statSync(path.join(outDir, 'tong-hop.xlsx')).size)} + JSON ${MB(fs.statSync(path.join(outDir, 'tong-hop.json')).size)}`;
    };

    // (o): the outputs alone, from the report and the workbook (b) wrote: the least any whole run must add to (f)
    // (its inputs are held only while it is measured: they must not swell the memory figures of the others)
    let report: Record<string, unknown> = {};
    let parts: Uint8Array[] = [];
    /** `take` (a measurement of `list`), with (o)'s inputs read before it when it measures (o), and let go after. */
    const holdingO = async (list: Sample[], take: () => Promise<Sample>): Promise<Sample> => {
      if (list !== o && list !== o3) return take();
      report = JSON.parse(fs.readFileSync(path.join(outDir, 'tong-hop.json'), 'utf8')) as Record<string, unknown>;
      parts = xmlParts(fs.readFileSync(path.join(outDir, 'tong-hop.xlsx')));
      try {
        return await take();
      } finally {
        report = {};
        parts = [];
      }
    };
    const runO = async () => {
      writeJsonPieces(path.join(outDir, 'o.json'), report);
      const packed = parts.map((x) => zlib.deflateRawSync(x, { level: 4 })); // the writer's level (xlsx/write.ts)
      fs.writeFileSync(path.join(outDir, 'o.xlsx'), Buffer.concat(packed));
    };

    // (c): the command as typed, in a new process
    const runC = () => commandAsTyped(consolidateArgs(outDir, 'c'));

    // warm-up (JIT, module loading) — not counted
    process.stderr.write('bench: chạy khởi động / warm-up…\n');
    await runF();
    await runA();
    await runB();

    const f: Sample[] = [];
    const a: Sample[] = [];
    const b: Sample[] = [];
    const b1: Sample[] = [];
    const b2: Sample[] = [];
    const o: Sample[] = [];
    // (f3), (o3), (a3), (b3): each run three times in a row with no forced collection, the third timed: V8's code warm
    const f3: Sample[] = [];
    const o3: Sample[] = [];
    const a3: Sample[] = [];
    const b3: Sample[] = [];
    const c: { ms: number; cpu: number | null }[] = [];
    const warm = async (run: () => Promise<void>): Promise<Sample> => {
      await run();
      await run();
      return measure(run, false);
    };
    for (let k = 0; k < repeat; k++) {
      process.stderr.write(`bench: lượt / round ${k + 1}/${repeat}\n`);
      const order = k % 2 === 0 ? [f, o, a, b, b2, b1] : [b1, b, b2, a, o, f];
      for (const list of order) {
        // (b2) right after (b): the same run, warm, with no forced collection before it
        const run = list === f ? runF : list === o ? runO : list === a ? runA : list === b || list === b2 ? () => runB() : () => runB(1);
        list.push(await holdingO(list, () => measure(run, list !== b2)));
      }
      const warmOrder: [Sample[], () => Promise<void>][] =
        k % 2 === 0 ? [[f3, runF], [o3, runO], [a3, runA], [b3, () => runB()]] : [[b3, () => runB()], [a3, runA], [o3, runO], [f3, runF]];
      for (const [list, run] of warmOrder) list.push(await holdingO(list, () => warm(run)));
      c.push(runC());
    }
    fs.rmSync(outDir, { recursive: true, force: true });
    const tf = median(f.map((x) => x.ms));
    const ta = median(a.map((x) => x.ms));
    const tb = median(b.map((x) => x.ms));
    const tb2 = median(b2.map((x) => x.ms));
    const to = median(o.map((x) => x.ms));
    const [tf3, to3, ta3, tb3] = [f3, o3, a3, b3].map((xs) => median(xs.map((x) => x.ms)));
    const cf = median(f.map((x) => x.cpu));
    const ca = median(a.map((x) => x.cpu));
    const cb = median(b.map((x) => x.cpu));
    const line = (label: string, t: number, xs: Sample[]) =>
      `  ${label}${t.toFixed(0).padStart(8)} ms   cpu ${median(xs.map((x) => x.cpu)).toFixed(0).padStart(7)} ms   peak RSS ${MB(Math.max(...xs.map((s) => s.peakRss)))}   peak heap ${MB(Math.max(...xs.map((s) => s.peakHeap)))}   page faults ${median(xs.map((s) => s.faults)).toFixed(0).padStart(6)}`;
    const out = [
      `tonghop bench — ${n} xã / communes × 2 sheets × 40 chỉ tiêu / indicators, kế hoạch / plan 80 chỉ tiêu; ${MB(totalBytes)} input, ${MB(inflated)} XML; ${repeat} lượt / rounds (median)`,
      `  (b) ${lastSummary}`,
      line('(f) floor: read + inflate + 1 pass  ', tf, f),
      line('(o) outputs: JSON, deflate, write   ', to, o),
      line('(a) exceljs load only               ', ta, a),
      line('(b) whole run (CLI, xlsx + JSON)    ', tb, b),
      line('(b1) the same, --threads 1          ', median(b1.map((x) => x.ms)), b1),
      line('(b2) (b) with no forced gc before it', tb2, b2),
      `  (b2) keeps V8's optimized code, which a forced collection makes it redo: b2/f = ${(tb2 / tf).toFixed(2)}   b2/a = ${(tb2 / ta).toFixed(2)}`,
      line('(f3) (f), its third run in a row     ', tf3, f3),
      line('(o3) (o), its third run in a row     ', to3, o3),
      line('(a3) (a), its third run in a row     ', ta3, a3),
      line('(b3) (b), its third run in a row     ', tb3, b3),
      `  the code warm on both sides (three runs in a row, no forced collection): b3/f3 = ${(tb3 / tf3).toFixed(2)}   b3/a3 = ${(tb3 / ta3).toFixed(2)}`,
      `  (c) the command as typed, new process ${median(c.map((x) => x.ms)).toFixed(0).padStart(8)} ms   cpu ${c.every((x) => x.cpu !== null) ? median(c.map((x) => x.cpu!)).toFixed(0).padStart(7) : '      ?'} ms   (${c.map((x) => x.ms.toFixed(0)).join(', ')})  cold, Node's start-up, the launcher's V8 flag`,
      `  b/f = ${(tb / tf).toFixed(2)}   b/a = ${(tb / ta).toFixed(2)}   (cpu time: b/f = ${(cb / cf).toFixed(2)}   b/a = ${(cb / ca).toFixed(2)})`,
      `  the least b/f of any run writing these outputs: (f + o)/f = ${((tf + to) / tf).toFixed(2)}; with the code warm, (f3 + o3)/f3 = ${((tf3 + to3) / tf3).toFixed(2)}`,
      `  per file: (f) ${(tf / n).toFixed(2)} ms, (a) ${(ta / n).toFixed(1)} ms, (b) ${(tb / n).toFixed(2)} ms; cpu (b) ${(cb / n).toFixed(2)} ms   (${tags} tags)`,
    ];
    if (profile) {
      // one more run as typed, under the profiler: where a cold run's time goes
      const profDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tonghop-bench-prof-'));
      try {
        commandAsTyped(consolidateArgs(profDir, 'p'), ['--cpu-prof', `--cpu-prof-dir=${profDir}`]);
        // a relaunched run (from 1,000 files) leaves two profiles: the child's, which did the work, is the larger
        const files = fs.readdirSync(profDir).filter((f) => f.endsWith('.cpuprofile')).map((f) => path.join(profDir, f));
        const largest = files.sort((x, y) => fs.statSync(y).size - fs.statSync(x).size)[0];
        if (largest) out.push(...profileLines(summarizeProfile(JSON.parse(fs.readFileSync(largest, 'utf8')) as CpuProfile), '(c) profiled once (node --cpu-prof), by stage'));
      } finally {
        fs.rmSync(profDir, { recursive: true, force: true });
      }
    }
    process.stdout.write(out.join('\n') + '\n');
    return 0;
  } finally {
    if (!keep) fs.rmSync(dir, { recursive: true, force: true });
    else process.stderr.write(`bench: giữ lại / kept ${dir}\n`);
  }
}

/** Run a bench as a script: its number is the exit code; a throw is printed, exit code 2. */
export function runAsScript(run: () => Promise<number>): void {
  run().then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(String((e as Error).stack ?? e) + '\n');
      process.exitCode = 2;
    },
  );
}

if (require.main === module) runAsScript(() => bench(process.argv.slice(2)));

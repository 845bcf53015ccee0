/**
 * Benchmark (`npm run bench [-- --communes N] [-- --repeat R]`): how much the whole consolidation
 * costs over merely loading the same workbooks with exceljs.
 *
 *  (a) bare exceljs: `new ExcelJS.Workbook().xlsx.load(buf)` for each of the N commune files;
 *  (b) the whole run: runPipeline over the same buffers (plan, reading, consolidation, sheets)
 *      plus building the output workbook with xlsxFromSheets.
 *
 * N synthetic commune workbooks (two sheets of 40 indicators each, title rows, signature block)
 * and a plan of 80 indicators are generated into a temporary folder (removed at the end), then
 * (a) and (b) run alternately R times in this one process, with a garbage collection before each
 * run (node --expose-gc). Prints the medians, the ratio b/a (goal ≤ 1.2) and the peak RSS and
 * heap seen during each. Nothing here is asserted by a test.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { runPipeline } from '../../src/pipeline';
import { writeXlsx as xlsxFromSheets } from '../../src/xlsx/write';
import type { InputFile } from '../../src/types';
import { rng, round, type ExampleIndicator } from '../examples/data';
import { slug } from '../../src/util/text';
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

export function benchCommuneNames(n: number): string[] {
  const r = rng(7);
  const names = new Set<string>();
  while (names.size < n) {
    const a = SYLLABLES[Math.floor(r() * SYLLABLES.length)];
    const b = SYLLABLES[Math.floor(r() * SYLLABLES.length)];
    if (a === b) continue;
    const name = names.size >= SYLLABLES.length * (SYLLABLES.length - 1) ? `${a} ${b} ${names.size}` : `${a} ${b}`;
    names.add(name);
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
  peakRss: number;
  peakHeap: number;
}

function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) {
    g();
    g();
  }
}

async function measure(fn: () => Promise<void>): Promise<Sample> {
  gc();
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    if (m.rss > peakRss) peakRss = m.rss;
    if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
  };
  sample();
  const timer = setInterval(sample, 5);
  const t0 = process.hrtime.bigint();
  let t1 = t0;
  try {
    await fn();
    t1 = process.hrtime.bigint();
  } finally {
    clearInterval(timer);
  }
  sample();
  return { ms: Number(t1 - t0) / 1e6, peakRss, peakHeap };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const MB = (x: number) => `${(x / 1024 / 1024).toFixed(0)} MB`;

function argValue(argv: string[], name: string): string | undefined {
  const i = argv.findIndex((a) => a === name || a.startsWith(name + '='));
  if (i < 0) return undefined;
  return argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1];
}

export async function bench(argv: string[]): Promise<number> {
  const n = Number(argValue(argv, '--communes') ?? 200);
  const repeat = Number(argValue(argv, '--repeat') ?? 3);
  const keep = argv.includes('--keep');
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
    // read from disk as the command line does
    const planFile: InputFile = { name: 'ke-hoach.xlsx', data: fs.readFileSync(path.join(dir, 'ke-hoach.xlsx')) };
    const communeFiles: InputFile[] = names.map((nm) => {
      const file = `bc-${slug(nm)}.xlsx`;
      return { name: file, data: fs.readFileSync(path.join(dir, file)) };
    });
    const totalBytes = communeFiles.reduce((s, f) => s + f.data.byteLength, 0);

    const runA = async () => {
      for (const f of communeFiles) await new ExcelJS.Workbook().xlsx.load(f.data as unknown as Parameters<ExcelJS.Xlsx["load"]>[0]);
    };
    let lastSummary = '';
    const runB = async () => {
      const res = await runPipeline({ communeFiles, planFile, lang: 'vi' });
      const out = await xlsxFromSheets(res.sheets);
      const read = res.report.communes.filter((c) => c.reported !== false).length;
      lastSummary = `${res.report.indicators.length} chỉ tiêu / indicators, ${read} xã đọc được / communes read, ${res.report.issues.length} issues, ${MB(out.byteLength)} output`;
    };

    // warm-up (JIT, module loading) — not counted
    process.stderr.write('bench: chạy khởi động / warm-up…\n');
    await runA();
    await runB();

    const a: Sample[] = [];
    const b: Sample[] = [];
    for (let k = 0; k < repeat; k++) {
      process.stderr.write(`bench: lượt / round ${k + 1}/${repeat}\n`);
      if (k % 2 === 0) {
        a.push(await measure(runA));
        b.push(await measure(runB));
      } else {
        b.push(await measure(runB));
        a.push(await measure(runA));
      }
    }
    const ta = median(a.map((s) => s.ms));
    const tb = median(b.map((s) => s.ms));
    const ratio = tb / ta;
    const out = [
      `tonghop bench — ${n} xã / communes × 2 sheets × 40 chỉ tiêu / indicators, kế hoạch / plan 80 chỉ tiêu; ${MB(totalBytes)} input; ${repeat} lượt / rounds (median)`,
      `  (b) ${lastSummary}`,
      `  (a) exceljs load only         ${ta.toFixed(0).padStart(7)} ms   peak RSS ${MB(Math.max(...a.map((s) => s.peakRss)))}   peak heap ${MB(Math.max(...a.map((s) => s.peakHeap)))}`,
      `  (b) whole consolidation       ${tb.toFixed(0).padStart(7)} ms   peak RSS ${MB(Math.max(...b.map((s) => s.peakRss)))}   peak heap ${MB(Math.max(...b.map((s) => s.peakHeap)))}`,
      `  ratio b/a = ${ratio.toFixed(2)}   (goal ≤ 1.20${ratio <= 1.2 ? ': met' : ': NOT met'})`,
      `  per file: (a) ${(ta / n).toFixed(1)} ms, (b) ${(tb / n).toFixed(1)} ms`,
    ];
    process.stdout.write(out.join('\n') + '\n');
    return 0;
  } finally {
    if (!keep) fs.rmSync(dir, { recursive: true, force: true });
    else process.stderr.write(`bench: giữ lại / kept ${dir}\n`);
  }
}

if (require.main === module) {
  bench(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(String((e as Error).stack ?? e) + '\n');
      process.exitCode = 2;
    },
  );
}

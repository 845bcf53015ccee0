/**
 * Measures the large-sheet problem (`npm run build:cli && npm run big-sheet -- [--rows N] [--dir D]`):
 * makes, with exceljs's streaming WorkbookWriter, a workbook with one sheet of N rows (default 1,000,000)
 * × 5 columns and one of 20 rows × 16,000 columns, then loads each, in a fresh process per measure, by:
 *   exceljs   — `new ExcelJS.Workbook().xlsx.load(bytes)` as it is;
 *   stream    — exceljs's streaming WorkbookReader, stopping after 10,000 rows (Node only);
 *   pipeline  — runPipeline on the file (whatever the reader does today; TONGHOP_MAX_ROWS=N sets limits.maxRows).
 * Prints wall time, CPU time and peak RSS of each. Nothing is asserted.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import ExcelJS from 'exceljs';

async function makeRows(file: string, rows: number): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: false });
  const ws = wb.addWorksheet('Kinh tế');
  ws.addRow(['UBND XÃ THANH HÀ']).commit();
  ws.addRow(['BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI QUÝ I NĂM 2020']).commit();
  ws.addRow(['STT', 'Chỉ tiêu', 'ĐVT', 'Kế hoạch năm', 'Thực hiện']).commit();
  for (let i = 1; i <= rows; i++) ws.addRow([i, 'Chỉ tiêu ' + (i % 1000), 'người', i * 3, i * 1.5]).commit();
  ws.commit();
  await wb.commit();
}

async function makeCols(file: string): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: false });
  const ws = wb.addWorksheet('Kinh tế');
  ws.addRow(['UBND XÃ THANH HÀ']).commit();
  for (let r = 0; r < 20; r++) ws.addRow(Array.from({ length: 16_000 }, (_, c) => r * 16_000 + c)).commit();
  ws.commit();
  await wb.commit();
}

async function measure(mode: string, file: string): Promise<void> {
  const t0 = performance.now();
  const data = new Uint8Array(fs.readFileSync(file));
  let what = '';
  if (mode === 'exceljs') {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(data as unknown as ArrayBuffer);
    what = `rows ${wb.worksheets[0].rowCount}, cols ${wb.worksheets[0].columnCount}`;
  } else if (mode === 'stream') {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(fs.createReadStream(file), { sharedStrings: 'cache', worksheets: 'emit', hyperlinks: 'ignore', styles: 'cache' } as never);
    let n = 0;
    outer: for await (const ws of reader) {
      for await (const row of ws as AsyncIterable<unknown>) {
        void row;
        if (++n >= 10_000) break outer;
      }
    }
    what = `rows read ${n}`;
  } else if (mode === 'pipeline') {
    const { runPipeline } = await import('../../src/pipeline');
    const maxRows = Number(process.env.TONGHOP_MAX_ROWS) || undefined;
    const r = await runPipeline({ communes: [{ name: path.basename(file), data }], limits: maxRows ? { maxRows } : undefined });
    what = `${r.communeReports[0].rows.length} rows read; issues ${[...new Set(r.report.issues.map((i) => i.code))].join(', ')}`;
  }
  const ms = performance.now() - t0;
  const u = process.resourceUsage();
  console.log(JSON.stringify({ mode, ms: Math.round(ms), cpuMs: Math.round((u.userCPUTime + u.systemCPUTime) / 1000), rssMb: Math.round(u.maxRSS / 1024), what }));
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === 'measure') return measure(args[1], args[2]);
  const rows = Number(args[args.indexOf('--rows') + 1]) || 1_000_000;
  const dir = args.includes('--dir') ? path.resolve(args[args.indexOf('--dir') + 1]) : path.join(os.tmpdir(), 'tonghop-big');
  const modes = args.includes('--modes') ? args[args.indexOf('--modes') + 1].split(',') : ['exceljs', 'stream', 'pipeline'];
  fs.mkdirSync(dir, { recursive: true });
  const rowsFile = path.join(dir, `rows-${rows}.xlsx`);
  const colsFile = path.join(dir, 'cols-16000.xlsx');
  if (!fs.existsSync(rowsFile)) await makeRows(rowsFile, rows);
  if (!fs.existsSync(colsFile)) await makeCols(colsFile);
  for (const file of [rowsFile, colsFile]) {
    console.log(`${path.basename(file)}: ${(fs.statSync(file).size / 1024 / 1024).toFixed(1)} MB`);
    for (const mode of modes) {
      const r = spawnSync(process.execPath, ['--max-old-space-size=8192', __filename, 'measure', mode, file], { encoding: 'utf8', timeout: 300_000 });
      const line = (r.stdout || '').trim().split('\n').pop() || '';
      console.log(`  ${mode.padEnd(9)} ${line || `failed: ${r.status ?? r.signal} ${(r.stderr || '').split('\n').slice(0, 3).join(' ')}`}`);
    }
  }
}

void main();

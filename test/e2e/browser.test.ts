/**
 * End to end in real headless Chromium (Debian's /usr/bin/chromium driven by playwright-core),
 * against dist/ as `npm run build` makes it, served over https by a small static server:
 *
 *  1. Browser mode (office.js can't load): the example workbooks go through the real file inputs,
 *     "Tổng hợp" is pressed, the downloads are taken, and their figures must equal what the
 *     pipeline gives in Node for the same files (the command line's code path).
 *  2. The same with an Office host simulated in the page (the Excel API double served in place of
 *     office.js): sheets written through the API double, a commune read from a sheet of the open
 *     workbook, a click on a problem selecting its cell, re-runs asking before replacing.
 *  3. office.js present but not in Excel, or never ready: the page still comes up in browser mode.
 *
 * TONGHOP_E2E_ORIGIN=https://localhost:3000 runs the same tests against a running `npm run dev-server`.
 *
 * Without /usr/bin/chromium the tests are skipped with a message — unless CI is set: then they fail.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { runPipeline, type GridSource } from '../../src/pipeline';
import { reportToJson } from '../../src/write/json';
import { readingLines } from '../../src/write/reading';
import { writeXlsx } from '../../src/xlsx/write';
import { readXlsx } from '../../src/xlsx/workbook';
import { gridsFromOpenWorkbook } from '../../src/excel-api/read';
import { majorityPeriod } from '../../src/core/period';
import { countValues, makePeriod } from '../../src/taskpane/model';
import { loadCommune } from '../../src/pipeline';
import type { Grid, InputFile, SheetSpec } from '../../src/types';
import { ExcelDouble, type CellInit, type DoubleValue } from '../excel-api/excel-double';
import { ROOT } from '../taskpane/build-once';
import type { StaticServer } from './server';
import { CHROMIUM, Cleanup, HAVE_CHROMIUM, failInCi, download, guardedPage, launchChromium, serveTaskPane, sourcesRead } from '../harness/chromium';
import type { FakeWorkbook } from './fake-office';
import { consolidateOpenWorkbook } from '../harness/open-workbook';

const CI = !!process.env.CI;
const OFFICE_JS = 'https://appsforoffice.microsoft.com/**';

// ───────────────────────────── data: the examples, else the shared samples ─────────────────────────────

interface Dataset {
  label: string;
  communes: string[];
  plan: string | null;
}

function dataset(): Dataset | null {
  const ex = path.join(ROOT, 'examples');
  const exXa = path.join(ex, 'xa');
  if (fs.existsSync(exXa) && fs.existsSync(path.join(ex, 'ke-hoach-2024.xlsx'))) {
    const communes = fs.readdirSync(exXa).filter((f) => /\.(xlsx|xlsm)$/i.test(f)).sort().map((f) => path.join(exXa, f));
    if (communes.length > 0) return { label: 'examples/', communes, plan: path.join(ex, 'ke-hoach-2024.xlsx') };
  }
  const shared = path.resolve(ROOT, '..', 'shared', 'samples', 'ba-che-2020-q1');
  if (fs.existsSync(path.join(shared, 'communes'))) {
    const dir = path.join(shared, 'communes');
    return { label: '../shared/samples/ba-che-2020-q1', communes: fs.readdirSync(dir).sort().map((f) => path.join(dir, f)), plan: path.join(shared, 'plan.xlsx') };
  }
  return null;
}

const DATA = dataset();
const SKIP_REASON = !HAVE_CHROMIUM
  ? `${CHROMIUM} is missing (install it: apt-get install -y chromium)`
  : !DATA
    ? 'no example workbooks (examples/xa, examples/ke-hoach-2024.xlsx) and no ../shared/samples'
    : null;

if (SKIP_REASON && !CI) console.warn(`[e2e] browser tests skipped: ${SKIP_REASON}`);

function inputFile(p: string): InputFile {
  return { name: path.basename(p), data: new Uint8Array(fs.readFileSync(p)) };
}

/** The JSON report without what legitimately differs between two runs: the time and the message texts. */
function comparable(json: unknown): unknown {
  const j = JSON.parse(JSON.stringify(json)) as Record<string, unknown>;
  delete j.generatedAt;
  for (const i of (j.issues as Record<string, unknown>[]) ?? []) {
    delete i.message;
    delete i.messageEn;
    delete i.messageVi;
  }
  return j;
}

const DATE = /\b\d{2}\/\d{2}\/\d{4}\b/g;

/** Every sheet's cell values, the date the workbook was made masked. */
async function workbookValues(data: Uint8Array | Buffer): Promise<Record<string, unknown>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  const out: Record<string, unknown> = {};
  wb.eachSheet((ws) => {
    const rows: unknown[] = [];
    ws.eachRow({ includeEmpty: true }, (row, r) => {
      rows[r] = JSON.parse(JSON.stringify(row.values).replace(DATE, 'dd/mm/yyyy'));
    });
    out[ws.name] = rows;
  });
  return out;
}

/** A Grid as the rows and merges of a sheet of the Excel double. */
function gridToSheet(g: Grid, name: string): { name: string; rows: (CellInit | DoubleValue | null)[][]; merges: string[] } {
  const rows = g.rows.map((row) =>
    (row ?? []).map((c): CellInit | DoubleValue | null => {
      if (!c) return null;
      if (c.error) return c.f ? { f: c.f, error: c.error } : { error: c.error };
      if (c.f) return { f: c.f, v: c.v };
      return c.v;
    }),
  );
  const col = (n: number) => {
    let s = '';
    for (let x = n + 1; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
    return s;
  };
  const merges = g.merges.map((m) => `${col(m.c1)}${m.r1 + 1}:${col(m.c2)}${m.r2 + 1}`);
  return { name, rows, merges };
}

// ───────────────────────────── browser plumbing ─────────────────────────────

let server: StaticServer;
let fakeOfficeJs = '';
const cleanup = new Cleanup();
const launch = () => launchChromium(cleanup);

type OfficeScript = { kind: 'offline' } | { kind: 'fake'; workbook: FakeWorkbook } | { kind: 'script'; body: string };

async function openPane(ctx: BrowserContext, office: OfficeScript): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  // Nothing leaves the machine: only the page's server and the (stand-in for the) Office CDN.
  const { page, errors } = await guardedPage(ctx, server.origin);
  const requests: string[] = [];
  ctx.on('request', (r) => requests.push(r.url()));
  if (office.kind === 'offline') await page.route(OFFICE_JS, (r) => r.abort('internetdisconnected'));
  else {
    const body = office.kind === 'fake' ? fakeOfficeJs : office.body;
    if (office.kind === 'fake') await page.addInitScript((wb) => ((window as unknown as { __fakeWorkbook: unknown }).__fakeWorkbook = wb), office.workbook);
    await page.route(OFFICE_JS, (r) => r.fulfill({ status: 200, contentType: 'text/javascript', body }));
  }
  await page.goto(`${server.origin}/taskpane.html`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  // office.js loads async: the page is up in browser mode first, in Excel mode when Office.onReady says so.
  if (office.kind === 'fake') await page.waitForSelector('body[data-office="excel"]', { timeout: 30_000 });
  return { page, errors, requests };
}


// ───────────────────────────── tests ─────────────────────────────

failInCi('browser tests', SKIP_REASON, 'need Chromium and the example workbooks');

describe.skipIf(!!SKIP_REASON)(`task pane in headless Chromium (${DATA?.label ?? ''})`, () => {
  const data = DATA as Dataset;

  beforeAll(async () => {
    // TONGHOP_E2E_ORIGIN=https://localhost:3000 runs against `npm run dev-server` instead of dist/.
    ({ server, fakeOfficeJs } = await serveTaskPane(cleanup, process.env.TONGHOP_E2E_ORIGIN));
  }, 900_000);

  afterAll(() => cleanup.run(), 60_000);

  it('browser mode: upload, consolidate, download — the figures equal the pipeline run in Node', async () => {
    const ctx = await launch();
    const { page, errors, requests } = await openPane(ctx, { kind: 'offline' });
    await expect.poll(() => page.getByTestId('mode').textContent()).toContain('trình duyệt');
    // The page opens with its own small script; the worker is loaded once the page is up, before any file is chosen
    // (so that it is ready when the files come), and only once.
    expect(requests.some((u) => u.endsWith('/taskpane.js'))).toBe(true);
    await expect.poll(() => requests.filter((u) => /\/worker\.js$/.test(u)).length).toBe(1);
    await expect.poll(() => page.getByTestId('run').textContent()).toBe('Tổng hợp');

    // Every control has a name a screen reader can say.
    const unnamed = await page.evaluate(() =>
      [...document.querySelectorAll('input, select, button, a[href]')]
        .filter((e) => !(e as HTMLElement).closest('[hidden]'))
        .filter((e) => {
          const el = e as HTMLInputElement;
          const byLabel = el.labels && [...el.labels].some((l) => (l.textContent ?? '').trim() !== '');
          return !byLabel && !(el.getAttribute('aria-label') ?? '').trim() && !(el.getAttribute('aria-labelledby') ?? '').trim() && !(el.textContent ?? '').trim();
        })
        .map((e) => e.outerHTML.slice(0, 80)),
    );
    expect(unnamed).toEqual([]);

    // The same files through the real inputs.
    await page.getByTestId('commune-files').setInputFiles(data.communes);
    if (data.plan) await page.getByTestId('plan-file').setInputFiles(data.plan);
    await sourcesRead(page, data.communes.length);
    // still the one worker; no exceljs reaches the browser (own .xlsx reader and writer)
    expect(requests.filter((u) => /\/worker\.js$/.test(u))).toHaveLength(1);
    expect(requests.filter((u) => /exceljs/i.test(u))).toEqual([]);

    // Node: the same pipeline, the same files, the same order.
    const files = data.communes.map(inputFile);
    const planFile = data.plan ? inputFile(data.plan) : null;
    const ref = await runPipeline({ communes: files, plan: planFile, lang: 'vi' });

    // Each source's line: commune, number of values, as the reader sees them.
    const lines = await page.getByTestId('source').allInnerTexts();
    expect(lines).toHaveLength(files.length);
    for (let i = 0; i < files.length; i++) {
      const rep = await loadCommune(files[i], ref.plan);
      expect(lines[i]).toContain(files[i].name);
      if (rep.commune) expect(lines[i]).toContain(rep.commune);
      expect(lines[i]).toContain(`${countValues(rep)} giá trị`);
    }
    const major = majorityPeriod(ref.communeReports.map((c) => c.period));
    if (major) await expect.poll(() => page.getByTestId('period-detected').textContent()).toContain(major.label);
    if (data.plan) {
      await expect.poll(() => page.getByTestId('plan-status').textContent()).toContain(`${ref.plan!.indicators.length} chỉ tiêu`);
      // the state scripts wait on (the bench: tools/bench/pane.ts)
      expect(await page.getByTestId('plan-status').getAttribute('data-state')).toBe('loaded');
    }

    // Each line marked before the run: after it, only the lines whose reading the run changed (reworded names
    // matched to the plan) are drawn again; the others are the same elements.
    await page.evaluate(() => document.querySelectorAll('[data-testid=source]').forEach((li) => ((li as HTMLElement & { drawnBefore?: boolean }).drawnBefore = true)));
    const readingsBefore = await Promise.all(files.map(async (f) => JSON.stringify(readingLines((await loadCommune(f, ref.plan)).reading))));

    // What the page shows as the run ends, in order: the result drawn while the worker makes the files (a status
    // says so), then the downloads with the status gone.
    await page.evaluate(() => {
      const w = window as unknown as { seen: string[] };
      w.seen = [];
      const visible = (id: string) => !(document.getElementById(id) as HTMLElement).hidden;
      const note = () => {
        const now = `${visible('result') ? 'result' : '-'} ${visible('downloads-status') ? `status:${document.getElementById('downloads-status')!.textContent}` : '-'} ${visible('downloads') ? 'downloads' : '-'}`;
        if (w.seen[w.seen.length - 1] !== now) w.seen.push(now);
      };
      new MutationObserver(note).observe(document.getElementById('result')!, { subtree: true, attributes: true, attributeFilter: ['hidden'], childList: true, characterData: true });
    });
    // Run from the keyboard.
    await page.getByTestId('run').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('download-json').waitFor({ state: 'visible', timeout: 120_000 });
    const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
    expect(seen.filter((x) => x.startsWith('result'))).toEqual(['result status:Đang tạo các tệp để tải về (.xlsx, JSON)… -', 'result - downloads']);
    const kept = await page.evaluate(() => [...document.querySelectorAll('[data-testid=source]')].map((li) => (li as HTMLElement & { drawnBefore?: boolean }).drawnBefore === true));
    const unchanged = files.map((f, i) => readingsBefore[i] === JSON.stringify(readingLines(ref.report.communes.find((c) => c.file === f.name)?.reading)));
    expect(kept).toEqual(unchanged);

    const json = await download(page, 'download-json');
    expect(json.name).toMatch(/^tong-hop-.*\.json$/);
    const got = JSON.parse(json.data.toString('utf8'));
    expect(comparable(got)).toEqual(comparable(reportToJson(ref.report, 'vi')));
    expect(got.indicators.length).toBeGreaterThan(0);

    const xlsx = await download(page, 'download-xlsx');
    expect(xlsx.name).toMatch(/^tong-hop-.*\.xlsx$/);
    expect(await workbookValues(xlsx.data)).toEqual(await workbookValues(await writeXlsx(ref.sheets)));

    // The result on screen: counts by status add up, the problems are listed.
    const counts = await page.locator('[data-testid=status-counts] li .n').allTextContents();
    expect(counts.map(Number).reduce((a, b) => a + b, 0)).toBe(ref.report.indicators.length);
    const behind = ref.report.indicators.filter((i) => i.status === 'behind').length;
    await expect.poll(() => page.locator('[data-status=behind] .n').textContent()).toBe(String(behind));
    const problems = ref.report.issues.filter((i) => i.severity !== 'info').length;
    await expect.poll(() => page.locator('#issues-title').textContent()).toContain(`(${problems})`);
    expect(await page.locator('[data-testid=issue-link]').count()).toBe(0); // no workbook to go to

    if (process.env.TONGHOP_SCREENSHOT) {
      fs.mkdirSync(path.join(ROOT, 'docs'), { recursive: true });
      await page.setViewportSize({ width: 420, height: 900 });
      await page.getByTestId('result').scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(ROOT, 'docs', 'taskpane.png'), fullPage: true });
    }
    expect(errors).toEqual([]);
  }, 300_000);

  it('browser mode: the user corrects the period; a source can be removed; English is remembered', async () => {
    const ctx = await launch();
    const { page, errors } = await openPane(ctx, { kind: 'offline' });
    const some = data.communes.slice(0, 3);
    // Two through the file input, one dropped on the drop zone (a real DataTransfer with a File).
    await page.getByTestId('commune-files').setInputFiles(some.slice(0, 2));
    if (data.plan) await page.getByTestId('plan-file').setInputFiles(data.plan);
    const dropped = { name: path.basename(some[2]), bytes: [...fs.readFileSync(some[2])] };
    const dt = await page.evaluateHandle((f) => {
      const d = new DataTransfer();
      d.items.add(new File([new Uint8Array(f.bytes)], f.name));
      return d;
    }, dropped);
    await page.getByTestId('drop-zone').dispatchEvent('dragenter', { dataTransfer: dt });
    await expect.poll(() => page.getByTestId('drop-zone').getAttribute('class')).toContain('dragging');
    await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer: dt });
    await sourcesRead(page, 3);
    expect(await page.getByTestId('source').nth(2).innerText()).toContain(dropped.name);
    await page.getByTestId('remove-source').first().click();
    await sourcesRead(page, 2);

    const files = some.slice(1).map(inputFile);
    const planFile = data.plan ? inputFile(data.plan) : null;
    const first = await runPipeline({ communes: files, plan: planFile });
    const year = first.report.period.year ?? 2024;

    // A whole year instead of what was detected.
    await page.getByTestId('period-kind').selectOption('year');
    await page.getByTestId('period-year').fill(String(year));
    await page.getByTestId('period-year').dispatchEvent('change');
    await expect.poll(() => page.getByTestId('period-chosen').textContent()).toContain(`năm ${year}`);
    await page.getByTestId('run').click();
    await page.getByTestId('download-json').waitFor({ state: 'visible', timeout: 120_000 });
    const got = JSON.parse((await download(page, 'download-json')).data.toString('utf8'));
    const ref = await runPipeline({ communes: files, plan: planFile, period: makePeriod({ kind: 'year', year }) });
    expect(got.period.months).toBe(12);
    expect(comparable(got)).toEqual(comparable(reportToJson(ref.report, 'vi')));

    // English, remembered across a reload.
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('run').textContent()).toBe('Consolidate');
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    await expect.poll(() => page.getByTestId('run').textContent()).toBe('Consolidate');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    // A plan that is no workbook: said so, in the state scripts wait on; removed, no plan.
    expect(await page.getByTestId('plan-status').getAttribute('data-state')).toBe('none');
    await page.getByTestId('plan-file').setInputFiles({ name: 'ke-hoach.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('không phải bảng tính') });
    await expect.poll(() => page.getByTestId('plan-status').getAttribute('data-state')).toBe('error');
    expect(await page.getByTestId('plan-status').textContent()).toContain('ke-hoach.xlsx');
    await page.getByTestId('plan-remove').click();
    await expect.poll(() => page.getByTestId('plan-status').getAttribute('data-state')).toBe('none');
    // Keyboard focus is visible on the file button.
    await page.getByTestId('commune-files').focus();
    const outline = await page.evaluate(() => getComputedStyle(document.getElementById('commune-files-label')!).outlineStyle);
    expect(outline).not.toBe('none');
    expect(errors).toEqual([]);
  }, 300_000);

  it('office.js present but not in Excel, or never ready: the page comes up in browser mode', async () => {
    const ctx = await launch();
    const notExcel = `window.Office = { HostType: { Excel: 'Excel' }, onReady: function () { return Promise.resolve({ host: null, platform: null }); } };`;
    const never = `window.Office = { HostType: { Excel: 'Excel' }, onReady: function () { return new Promise(function () {}); } };`;
    for (const body of [notExcel, never]) {
      const { page, errors } = await openPane(ctx, { kind: 'script', body });
      expect(await page.evaluate(() => document.body.dataset.mode)).toBe('browser');
      await page.getByTestId('commune-files').setInputFiles(data.communes.slice(0, 1));
      await sourcesRead(page, 1);
      expect(errors).toEqual([]);
      await page.close();
    }
  }, 120_000);

  it('Excel simulated in the page: the plan and the communes all from sheets of the open workbook', async () => {
    if (!data.plan) return;
    const planIn = inputFile(data.plan);
    const picks = data.communes.slice(0, 2).map(inputFile);
    const sheets: FakeWorkbook['sheets'] = [];
    const planGrids = (await readXlsx(planIn)).grids;
    sheets.push(gridToSheet(planGrids[0], 'Kế hoạch'));
    const names: string[] = [];
    for (const [i, f] of picks.entries()) {
      const rep = await loadCommune(f, null);
      const g = (await readXlsx(f)).grids.find((x) => x.sheet === rep.sheets[0])!;
      const name = (rep.commune ?? `Xã ${i + 1}`).slice(0, 31);
      names.push(name);
      sheets.push(gridToSheet(g, name));
    }
    const workbook: FakeWorkbook = { name: 'Tong-hop.xlsx', sheets };

    // Node: the same workbook read by the same adapter.
    const ref = await consolidateOpenWorkbook(workbook, 'Kế hoạch', names);

    const ctx = await launch();
    const { page, errors } = await openPane(ctx, { kind: 'fake', workbook });
    await page.getByTestId('plan-sheet').selectOption('Kế hoạch');
    await expect.poll(() => page.getByTestId('plan-status').textContent()).toContain(`${ref.plan!.indicators.length} chỉ tiêu`);
    for (const n of names) await page.getByLabel(n, { exact: true }).check();
    await page.getByTestId('add-sheets').click();
    await sourcesRead(page, names.length);
    await page.getByTestId('run').click();
    await page.getByTestId('excel-written').waitFor({ state: 'visible', timeout: 120_000 });
    const summary = ref.sheets[0];
    const got = await page.evaluate(
      ({ name, rows }) => rows.map((row, r) => row.map((c, k) => {
        if (!c || c.f || c.v === null || typeof c.v !== 'number') return null;
        let col = '';
        for (let x = k + 1; x > 0; x = Math.floor((x - 1) / 26)) col = String.fromCharCode(65 + ((x - 1) % 26)) + col;
        return (window as any).__excelDouble.value(name, `${col}${r + 1}`);
      })),
      { name: summary.name, rows: summary.rows },
    );
    const want = summary.rows.map((row) => row.map((c) => (!c || c.f || typeof c.v !== 'number' ? null : c.v)));
    expect(want.flat().filter((x) => x !== null).length).toBeGreaterThan(10);
    expect(got).toEqual(want);
    expect(errors).toEqual([]);
  }, 300_000);

  it('parse workers beside the worker (none, one, three: by the cores the browser reports): the same lines, the same downloads', async () => {
    const runs: { lines: string[]; json: unknown; xlsx: unknown }[] = [];
    for (const [cores, parseWorkers] of [[1, 0], [2, 1], [4, 3]]) {
      const ctx = await launch();
      await ctx.addInitScript((n) => Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => n }), cores);
      const { page, errors, requests } = await openPane(ctx, { kind: 'offline' });
      await expect.poll(() => requests.filter((u) => /\/worker\.js$/.test(u)).length).toBe(1);
      if (data.plan) await page.getByTestId('plan-file').setInputFiles(data.plan);
      await page.getByTestId('commune-files').setInputFiles(data.communes);
      await sourcesRead(page, data.communes.length);
      expect(requests.filter((u) => /\/parse-worker\.js$/.test(u)), `${cores} cores`).toHaveLength(parseWorkers);
      const lines = await page.getByTestId('source').allInnerTexts();
      await page.getByTestId('run').click();
      await page.getByTestId('download-json').waitFor({ state: 'visible', timeout: 120_000 });
      const json = comparable(JSON.parse((await download(page, 'download-json')).data.toString('utf8'))) as Record<string, unknown>;
      delete json.run;
      const xlsx = await workbookValues((await download(page, 'download-xlsx')).data);
      expect(errors).toEqual([]);
      runs.push({ lines, json, xlsx });
    }
    expect(runs[0].lines).toHaveLength(data.communes.length);
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]).toEqual(runs[0]);
  }, 300_000);

  it('200 files: every one listed, the pane answers while they are read, the run names the files it reads', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tonghop-200-'));
    cleanup.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const many: string[] = [];
    for (let i = 0; i < 200; i++) {
      const src = data.communes[i % data.communes.length];
      const dst = path.join(dir, `${String(i + 1).padStart(3, '0')}-${path.basename(src)}`);
      fs.copyFileSync(src, dst);
      many.push(dst);
    }
    const ctx = await launch();
    const { page, errors } = await openPane(ctx, { kind: 'offline' });
    // Every text the progress line shows, recorded in the page (no race with the test's polling).
    await page.evaluate(() => {
      const seen: string[] = ((window as any).__progressTexts = []);
      const el = document.getElementById('progress-text')!;
      new MutationObserver(() => seen.push(el.textContent ?? '')).observe(el, { childList: true, characterData: true, subtree: true });
    });
    await page.getByTestId('commune-files').setInputFiles(many);
    // The page answers while the worker reads: the language switch works at once.
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('run').textContent()).toBe('Consolidate');
    await page.getByTestId('lang-switch').click();
    await sourcesRead(page, 200);
    expect(await page.locator('.source.unreadable').count()).toBe(0);
    const listing: string[] = await page.evaluate(() => (window as any).__progressTexts.splice(0));
    expect(listing.some((x) => /^(Reading|Đang đọc) 0\d\d-/.test(x))).toBe(true);
    await page.getByTestId('run').click();
    await page.getByTestId('download-json').waitFor({ state: 'visible', timeout: 300_000 });
    const got = JSON.parse((await download(page, 'download-json')).data.toString('utf8'));
    expect(got.communes.filter((c: { file: string | null }) => c.file).length).toBe(200);
    const running: string[] = await page.evaluate(() => (window as any).__progressTexts);
    expect(running.filter((x) => /^Đang đọc \d{3}-.*\(\d+\/200\)$/.test(x)).length).toBeGreaterThan(0);
    expect(running.some((x) => x === 'Đang tổng hợp…')).toBe(true);
    expect(errors).toEqual([]);
  }, 600_000);

  it('Excel simulated in the page: a commune from a sheet, files, the plan; sheets written through the API double', async () => {
    // One commune comes as a sheet of the open workbook: pick one whose reading reports a problem at a cell.
    const files = data.communes.map(inputFile);
    const planFile = data.plan ? inputFile(data.plan) : null;
    const plain = await runPipeline({ communes: files, plan: planFile });
    let pick = 0;
    for (let i = 0; i < files.length; i++) {
      const rep = plain.communeReports[i];
      if (rep.sheets.length === 1 && rep.issues.some((x) => x.cell && x.sheet && x.severity !== 'info')) {
        pick = i;
        break;
      }
    }
    const pickRep = plain.communeReports[pick];
    const { grids } = await readXlsx(files[pick]);
    const grid = grids.find((g) => g.sheet === pickRep.sheets[0]) ?? grids[0];
    const sheetName = (pickRep.commune ?? 'Xã').slice(0, 31);
    const userSheet = { name: 'Ghi chú', rows: [['Sổ của người dùng', '=1+1 không phải công thức'], ['Tổng hợp', 42]] as DoubleValue[][] };
    const workbook: FakeWorkbook = { name: 'Bao-cao-huyen.xlsx', sheets: [userSheet, gridToSheet(grid, sheetName)] };

    // Node: the same workbook in a double, read by the same adapter, consolidated the same way.
    const nodeXl = new ExcelDouble({ workbookName: workbook.name });
    for (const s of workbook.sheets) nodeXl.addSheet(s.name, s.rows, { merges: (s as { merges?: string[] }).merges });
    const read = await gridsFromOpenWorkbook(nodeXl.context, { sheets: [sheetName] });
    const others = files.filter((_, i) => i !== pick);
    const gridSource: GridSource = { file: read.grids[0].file, grids: read.grids };
    const ref = await runPipeline({ communes: [...others, gridSource], plan: planFile, lang: 'vi' });

    const ctx = await launch();
    const { page, errors } = await openPane(ctx, { kind: 'fake', workbook });
    expect(await page.evaluate(() => document.body.dataset.mode)).toBe('excel');
    const before = await page.evaluate(() => (window as any).__excelDouble.snapshot('Ghi chú'));

    // The sheets offered: the workbook's own. Take the commune's.
    await expect.poll(() => page.getByTestId('sheet-choice').count()).toBe(2);
    await page.getByLabel(sheetName, { exact: true }).check();
    await page.getByTestId('add-sheets').click();
    await page.getByTestId('commune-files').setInputFiles(data.communes.filter((_, i) => i !== pick));
    if (data.plan) await page.getByTestId('plan-file').setInputFiles(data.plan);
    await sourcesRead(page, files.length);
    await expect.poll(() => page.getByTestId('download-xlsx').isVisible()).toBe(false);

    await page.getByTestId('run').click();
    await page.getByTestId('excel-written').waitFor({ state: 'visible', timeout: 120_000 });
    expect(await page.getByTestId('excel-written').textContent()).toContain('Tổng hợp');
    expect(await page.getByTestId('download-xlsx').isVisible()).toBe(false);

    // What the double holds: the user's sheet unchanged, one sheet per SheetSpec, the values of Node's run.
    const state = await page.evaluate((specs: SheetSpec[]) => {
      const xl = (window as any).__excelDouble;
      const sheets: Record<string, { addr: string; value: unknown; formula?: string }[]> = {};
      for (const spec of specs) {
        const cells: { addr: string; value: unknown; formula?: string }[] = [];
        spec.rows.forEach((row, r) =>
          row.forEach((c, k) => {
            if (!c || (c.v === null && !c.f)) return;
            let col = '';
            for (let x = k + 1; x > 0; x = Math.floor((x - 1) / 26)) col = String.fromCharCode(65 + ((x - 1) % 26)) + col;
            const cell = xl.cell(spec.name, `${col}${r + 1}`);
            cells.push({ addr: `${col}${r + 1}`, value: cell ? cell.value : undefined, formula: cell?.formula });
          }),
        );
        sheets[spec.name] = cells;
      }
      return { names: xl.sheetNames(), sheets, user: xl.snapshot('Ghi chú') };
    }, ref.sheets);
    expect(state.user).toEqual(before);
    expect(state.names).toEqual(['Ghi chú', sheetName, ...ref.sheets.map((s) => s.name)]);
    for (const spec of ref.sheets) {
      const got = state.sheets[spec.name];
      let k = 0;
      spec.rows.forEach((row, r) =>
        row.forEach((c) => {
          if (!c || (c.v === null && !c.f)) return;
          const g = got[k++];
          if (c.f) expect(g.formula, `${spec.name}!${g.addr}`).toBe(`=${c.f}`);
          // An empty string written into Excel is an empty cell (the double gives null for it).
          else if (typeof c.v === 'string') expect(String(g.value ?? '').replace(DATE, 'd'), `${spec.name}!${g.addr} (row ${r + 1})`).toBe(c.v.replace(DATE, 'd'));
          else expect(g.value, `${spec.name}!${g.addr}`).toBe(c.v);
        }),
      );
    }
    const syncs = Number(await page.evaluate(() => document.body.dataset.syncs));
    expect(syncs).toBeGreaterThan(0);
    expect(syncs).toBeLessThanOrEqual(8);

    // A problem in the commune's sheet: clicking it selects the cell in "Excel".
    const target = ref.report.issues.find((x) => x.sheet === sheetName && x.cell && x.severity !== 'info' && x.file === gridSource.file);
    if (target) {
      const link = page.getByTestId('issue-link').filter({ hasText: `${sheetName}!${target.cell}` }).first();
      await link.click();
      await expect.poll(() => page.evaluate(() => (window as any).__excelDouble.selection)).toEqual({ sheet: sheetName, address: target.cell });
      expect(await page.evaluate(() => (window as any).__excelDouble.activeSheetName)).toBe(sheetName);
    } else {
      console.warn(`[e2e] ${files[pick].name} as a sheet gave no problem at a cell: the click-to-select step was not exercised`);
    }

    // Again, the same period: asked first; "keep" → new sheets beside the old ones.
    await page.getByTestId('run').click();
    await page.getByTestId('confirm').waitFor({ state: 'visible', timeout: 120_000 });
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('confirm-replace');
    await page.getByTestId('confirm-keep').click();
    await expect.poll(() => page.getByTestId('excel-written').textContent(), { timeout: 120_000 }).toContain('(2)');
    const afterKeep: string[] = await page.evaluate(() => (window as any).__excelDouble.sheetNames());
    expect(afterKeep).toContain(`${ref.sheets[0].name} (2)`);
    expect(afterKeep.length).toBe(2 + 2 * ref.sheets.length);

    // And again: "replace" (from the keyboard) → tonghop's earlier sheets go, the user's stay.
    await page.getByTestId('run').click();
    await page.getByTestId('confirm').waitFor({ state: 'visible', timeout: 120_000 });
    await page.keyboard.press('Enter');
    await page.getByTestId('confirm').waitFor({ state: 'hidden', timeout: 120_000 });
    await expect.poll(async () => (await page.evaluate(() => (window as any).__excelDouble.sheetNames())).length, { timeout: 120_000 }).toBe(2 + ref.sheets.length);
    const final = await page.evaluate(() => ({ names: (window as any).__excelDouble.sheetNames(), user: (window as any).__excelDouble.snapshot('Ghi chú') }));
    expect(final.names.slice(0, 2)).toEqual(['Ghi chú', sheetName]);
    expect(final.user).toEqual(before);

    // Esc, then the Cancel button: nothing written at all, neither replaced nor added.
    const syncsBefore = await page.evaluate(() => (window as any).__excelDouble.syncCount);
    for (const how of ['Escape', 'cancel'] as const) {
      await page.getByTestId('run').click();
      await page.getByTestId('confirm').waitFor({ state: 'visible', timeout: 120_000 });
      if (how === 'Escape') await page.keyboard.press('Escape');
      else await page.getByTestId('confirm-cancel').click();
      await page.getByTestId('confirm').waitFor({ state: 'hidden', timeout: 120_000 });
      await expect.poll(() => page.getByTestId('excel-written').textContent(), { timeout: 120_000 }).toContain('Đã hủy');
      expect(await page.evaluate(() => (window as any).__excelDouble.sheetNames())).toEqual(final.names);
    }
    // Only the reads (sheet list, markers) happened: no write batch.
    const writes = await page.evaluate((from) => (window as any).__excelDouble.syncs.slice(from).flatMap((s: any) => s.calls).filter((c: any) => c.kind === 'set' || ['add', 'delete', 'merge', 'clear', 'activate'].includes(c.name)).length, syncsBefore);
    expect(writes).toBe(0);
    expect(errors).toEqual([]);
  }, 600_000);
});

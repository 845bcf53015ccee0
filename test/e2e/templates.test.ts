/**
 * The pane's report forms (issue 13) in headless Chromium, on the built dist/: choose the plan and the period,
 * press "Tải mẫu báo cáo cho các xã (.zip)", take the download — one form per commune of the plan, each
 * read back by tonghop as that commune's form; in Excel (the API double), a commune's form opened as a new
 * workbook through Excel.createWorkbook.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../taskpane/build-once';
import { CHROMIUM, Cleanup, HAVE_CHROMIUM, download, launchChromium, readyPane, serveTaskPane } from '../harness/chromium';
import type { StaticServer } from './server';
import { findEntry, inspectZip, storedEntryBytes } from '../../src/xlsx/zip';
import { readXlsx } from '../../src/xlsx/workbook';
import { readCommune } from '../../src/read/commune';
import { loadPlan } from '../../src/pipeline';
import { templateFileNames } from '../../src/write/template';

const PLAN = path.join(ROOT, 'examples', 'ke-hoach-2024.xlsx');
const SKIP = !HAVE_CHROMIUM ? `${CHROMIUM} is missing` : !fs.existsSync(PLAN) ? 'no examples/ke-hoach-2024.xlsx' : null;
if (SKIP) console.warn(`[e2e] report-form tests skipped: ${SKIP}`);

describe.skipIf(!!SKIP)('pane: report forms in headless Chromium', () => {
  let server: StaticServer;
  let fakeOfficeJs = '';
  const cleanup = new Cleanup();
  beforeAll(async () => {
    ({ server, fakeOfficeJs } = await serveTaskPane(cleanup));
  }, 900_000);
  afterAll(() => cleanup.run(), 60_000);

  it('browser mode: plan + period → a .zip with every commune\'s form', async () => {
    const { page, errors } = await readyPane(cleanup, server.origin);
    await expect.poll(() => page.getByTestId('download-templates').textContent()).toBe('Tải mẫu báo cáo cho các xã (.zip)');

    // without a plan: says so
    await page.getByTestId('download-templates').click();
    await expect.poll(() => page.getByTestId('templates-status').textContent()).toMatch(/chọn kế hoạch/);

    await page.getByTestId('plan-file').setInputFiles(PLAN);
    await page.getByTestId('period-kind').selectOption('half');
    await page.getByTestId('period-year').fill('2024');
    await page.getByTestId('period-year').dispatchEvent('change');
    const zip = await download(page, 'download-templates');
    expect(zip.name).toBe('mau-bao-cao-2024-6t.zip');
    await expect.poll(() => page.getByTestId('templates-status').textContent()).toMatch(/Đã lập 16 mẫu báo cáo \(6 tháng đầu năm 2024\)/);

    const plan = (await loadPlan({ plan: { name: 'ke-hoach-2024.xlsx', data: new Uint8Array(fs.readFileSync(PLAN)) } })).plan!;
    const z = inspectZip(new Uint8Array(zip.data), { maxCompressedBytes: 1e9, maxUncompressedBytes: 1e9 });
    if (!z.ok) throw new Error('not a zip');
    expect(z.entries.map((e) => e.name)).toEqual(templateFileNames(plan.communes));
    for (const [i, e] of z.entries.entries()) {
      const { grids } = await readXlsx({ name: e.name, data: storedEntryBytes(new Uint8Array(zip.data), findEntry(z.entries, e.name)!)! });
      const rep = readCommune(grids, { file: e.name, plan });
      expect([rep.commune, rep.period?.label, rep.rows.length]).toEqual([plan.communes[i], '6 tháng đầu năm 2024', plan.indicators.length]);
    }
    // English
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('download-templates').textContent()).toBe('Download report forms for the communes (.zip)');
    expect(errors).toEqual([]);
  }, 300_000);

  it('Excel (API double, ExcelApi 1.8+): a commune\'s form opens as a new workbook', async () => {
    const ctx = await launchChromium(cleanup);
    const page = await ctx.newPage();
    await page.route((url) => url.origin !== server.origin && !/appsforoffice/.test(url.href), (route) => route.abort());
    await page.addInitScript((wb) => ((window as unknown as { __fakeWorkbook: unknown }).__fakeWorkbook = wb), { name: 'Book1.xlsx', sheets: [{ name: 'Sheet1', rows: [] }] } as never);
    await page.route('https://appsforoffice.microsoft.com/**', (r) => r.fulfill({ status: 200, contentType: 'text/javascript', body: fakeOfficeJs }));
    await page.goto(`${server.origin}/taskpane.html`);
    await page.waitForSelector('body[data-office="excel"]', { timeout: 30_000 });
    await page.evaluate(() => {
      const g = window as unknown as { Excel: { createWorkbook?: (b: string) => Promise<void> }; __created?: string };
      g.Excel.createWorkbook = async (b64: string) => void (g.__created = b64);
    });
    await page.getByTestId('plan-file').setInputFiles(PLAN);
    await page.getByTestId('period-kind').selectOption('half');
    await page.getByTestId('period-year').fill('2024');
    await page.getByTestId('period-year').dispatchEvent('change');
    // the communes are listed as soon as the plan is chosen
    await expect.poll(() => page.getByTestId('templates-commune').locator('option').count()).toBe(16);
    await page.getByTestId('templates-commune').selectOption('Hòa An');
    await page.getByTestId('open-template').click();
    await expect.poll(() => page.getByTestId('templates-status').textContent()).toMatch(/Đã mở mẫu của Hòa An/);
    const b64 = await page.evaluate(() => (window as unknown as { __created?: string }).__created ?? '');
    const { grids } = await readXlsx({ name: 'Book', data: new Uint8Array(Buffer.from(b64, 'base64')) });
    expect(readCommune(grids, { file: 'Book', plan: null }).commune).toBe('Hòa An');
  }, 300_000);
});

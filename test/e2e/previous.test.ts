/**
 * Issue 11 in real headless Chromium: the pane's third source "Số liệu cùng kỳ" (data-testid previous-files) takes
 * last year's files of examples/cung-ky/, and the downloaded JSON carries the merged previous values.
 * Skipped without /usr/bin/chromium (unless CI is set).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../taskpane/build-once';
import type { StaticServer } from './server';
import { CHROMIUM, Cleanup, HAVE_CHROMIUM, download, readyPane, serveTaskPane, sourcesRead } from '../harness/chromium';

const EX = path.join(ROOT, 'examples', 'cung-ky');
const SKIP = !HAVE_CHROMIUM ? `${CHROMIUM} is missing` : !fs.existsSync(EX) ? 'no examples/cung-ky' : null;
if (SKIP && process.env.CI) throw new Error(`browser test cannot run in CI: ${SKIP}`);
const files = (d: string) => fs.readdirSync(path.join(EX, d)).sort().map((f) => path.join(EX, d, f));

describe.skipIf(!!SKIP)('task pane: "Số liệu cùng kỳ" (issue 11)', () => {
  let server: StaticServer;
  const cleanup = new Cleanup();
  beforeAll(async () => {
    ({ server } = await serveTaskPane(cleanup, process.env.TONGHOP_E2E_ORIGIN));
  }, 900_000);
  afterAll(() => cleanup.run(), 60_000);

  it('last year\'s files through the pane\'s own input: the merged previous values in the JSON', async () => {
    const { page, errors } = await readyPane(cleanup, server.origin);
    await expect.poll(() => page.getByTestId('previous-status').textContent()).toContain('Chưa có tệp năm trước');

    await page.getByTestId('commune-files').setInputFiles(files('xa-2025'));
    await page.getByTestId('plan-file').setInputFiles(path.join(EX, 'ke-hoach-2025.xlsx'));
    await page.getByTestId('previous-files').setInputFiles(files('nam-truoc'));
    await sourcesRead(page, 3);
    await expect.poll(() => page.getByTestId('previous-item').count()).toBe(6);
    await page.getByTestId('run').click();
    await page.waitForSelector('[data-testid=result]:not([hidden])', { timeout: 120_000 });
    const json = JSON.parse((await download(page, 'download-json')).data.toString('utf8'));
    const kt01 = json.indicators.find((i: { code: string }) => i.code === 'KT01');
    expect(kt01.previous).toBe(15800);
    expect(kt01.communes.map((c: { previous: number }) => c.previous)).toEqual([5800, 6400, 3600]);
    expect(kt01.communes[0].previousSource.kind).toBe('merged');

    // removing one file of last year: it no longer counts
    await page.getByTestId('previous-remove').first().click();
    await expect.poll(() => page.getByTestId('previous-item').count()).toBe(5);
    expect(errors).toEqual([]);
  }, 300_000);
});

/**
 * The start of the page in headless Chromium, against dist/:
 *  - an unsupported webview (Internet Explorer's user agent, or modern features removed before any script
 *    runs) gets the message in Vietnamese and English, and none of the modern bundle is even requested;
 *  - office.js never holds the page: a hanging office.js request leaves a working page in browser mode,
 *    a late one (Office.onReady after more than 5 s) still switches the pane into Excel mode;
 *  - the real office.js of @microsoft/office-js, served locally in place of the Office CDN, in an
 *    ordinary browser: browser mode, no page error.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { CHROMIUM, Cleanup, HAVE_CHROMIUM, failInCi, guardedPage, launchChromium, serveTaskPane, sourcesRead } from '../harness/chromium';
import { ROOT } from '../taskpane/build-once';
import type { StaticServer } from './server';
import type { FakeWorkbook } from './fake-office';

const CI = !!process.env.CI;
const OFFICE_JS = 'https://appsforoffice.microsoft.com/**';
const OFFICE_DIST = path.join(ROOT, 'node_modules', '@microsoft', 'office-js', 'dist');
const EXAMPLE = path.join(ROOT, 'examples', 'xa');
const SKIP = !HAVE_CHROMIUM ? `${CHROMIUM} is missing` : !fs.existsSync(EXAMPLE) ? 'no examples/xa' : null;
if (SKIP && !CI) console.warn(`[e2e] boot tests skipped: ${SKIP}`);

const TRIDENT = 'Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; .NET4.0C; .NET4.0E; ms-office; MSOffice 16; rv:11.0) like Gecko';
const EDGEHTML = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0.3538.102 Safari/537.36 Edge/18.19041';

let server: StaticServer;
let fakeOfficeJs = '';
const cleanup = new Cleanup();
let ctx: BrowserContext;

function firstExample(): string {
  return path.join(EXAMPLE, fs.readdirSync(EXAMPLE).filter((f) => /\.xlsx$/i.test(f)).sort()[0]);
}

async function newPage(opts: { ua?: string; init?: string } = {}): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  const { page, errors } = await guardedPage(ctx, server.origin, (url) => /appsforoffice\.microsoft\.com/.test(url.host));
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  if (opts.ua) await page.setExtraHTTPHeaders({ 'user-agent': opts.ua });
  if (opts.ua) await page.addInitScript((ua) => Object.defineProperty(navigator, 'userAgent', { get: () => ua }), opts.ua);
  if (opts.init) await page.addInitScript(opts.init);
  return { page, errors, requests };
}

async function expectMessage(page: Page, requests: string[]) {
  const box = page.getByTestId('unsupported');
  await box.waitFor({ state: 'visible', timeout: 30_000 });
  const text = (await box.innerText()).replace(/\s+/g, ' ');
  expect(text).toContain('Phiên bản Excel này không chạy được');
  expect(text).toContain('This version of Excel cannot run');
  expect(text).toContain('Excel 2021');
  expect(text).toContain('Microsoft 365');
  // The same page's address, to open in a current browser.
  expect(text).toContain(`${server.origin}${new URL(page.url()).pathname}`);
  expect(await page.locator('[lang=vi]').first().isVisible()).toBe(true);
  expect(await page.locator('#unsupported [lang=en]').first().isVisible()).toBe(true);
  // Nothing of the modern bundle, not even office.js.
  expect(requests.filter((u) => /\/(taskpane|worker)\.js$|\.[0-9a-f]{8}\.js$|appsforoffice/.test(u))).toEqual([]);
}

failInCi('boot tests', SKIP);

describe.skipIf(!!SKIP)('the page starts anywhere: old webviews, slow or hanging office.js', () => {
  beforeAll(async () => {
    ({ server, fakeOfficeJs } = await serveTaskPane(cleanup, process.env.TONGHOP_E2E_ORIGIN));
    ctx = await launchChromium(cleanup);
  }, 900_000);
  afterAll(() => cleanup.run(), 60_000);

  it('Internet Explorer 11 (Trident) and old Edge (EdgeHTML) user agents: the message in both languages on every page', async () => {
    for (const ua of [TRIDENT, EDGEHTML]) {
      for (const file of ['taskpane.html', 'help.html', 'commands.html']) {
        const { page, requests } = await newPage({ ua });
        await page.route(OFFICE_JS, (r) => r.abort());
        await page.goto(`${server.origin}/${file}`);
        await expectMessage(page, requests);
        if (file === 'taskpane.html') expect(await page.locator('.app').isVisible()).toBe(false);
        await page.close();
      }
    }
  }, 120_000);

  it('a browser without DecompressionStream / CompressionStream (older WebKit) runs the pane: the reader inflates with fflate', async () => {
    const { page, errors } = await newPage({ init: 'delete window.DecompressionStream; delete window.CompressionStream;' });
    await page.route(OFFICE_JS, (r) => r.abort());
    await page.goto(`${server.origin}/taskpane.html`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    expect(await page.getByTestId('unsupported').isVisible()).toBe(false);
    expect(await page.locator('.app').isVisible()).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('modern features missing (Promise, fetch, Worker, \\p{L} regexes, replaceChildren): the message', async () => {
    const removals = [
      'delete Element.prototype.replaceChildren;',
      'delete window.Worker;',
      'delete window.fetch;',
      'window.Promise = undefined;',
      // An engine without Unicode property escapes: new RegExp("\\p{L}", "u") throws.
      'const R = window.RegExp; window.RegExp = function (s, f) { if (/\\\\p\\{/.test(String(s))) throw new SyntaxError("no \\\\p"); return new R(s, f); };',
    ];
    for (const init of removals) {
      const { page, requests } = await newPage({ init });
      await page.route(OFFICE_JS, (r) => r.abort());
      await page.goto(`${server.origin}/taskpane.html`);
      await expectMessage(page, requests);
      await page.close();
    }
  }, 120_000);

  it('a hanging office.js request: the page is up at once in browser mode and reads files', async () => {
    const { page, errors } = await newPage();
    await page.route(OFFICE_JS, () => undefined); // never answered
    const t0 = Date.now();
    await page.goto(`${server.origin}/taskpane.html`, { waitUntil: 'commit' });
    await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(await page.evaluate(() => document.body.dataset.mode)).toBe('browser');
    expect(await page.getByTestId('run').isVisible()).toBe(true);
    expect(await page.getByTestId('mode').textContent()).toContain('trình duyệt');
    await page.getByTestId('commune-files').setInputFiles(firstExample());
    await sourcesRead(page, 1);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('a late Office.onReady (office.js after 6 s): browser mode first, then Excel mode with the sheets of the workbook', async () => {
    const workbook: FakeWorkbook = { name: 'Bao-cao.xlsx', sheets: [{ name: 'Xã Hòa An', rows: [['Chỉ tiêu', 'Kế hoạch năm'], ['Thu ngân sách', 100]] }] };
    const { page, errors } = await newPage();
    await page.addInitScript((wb) => ((window as unknown as { __fakeWorkbook: unknown }).__fakeWorkbook = wb), workbook);
    await page.route(OFFICE_JS, async (r) => {
      await new Promise((res) => setTimeout(res, 6_000));
      await r.fulfill({ status: 200, contentType: 'text/javascript', body: fakeOfficeJs }).catch(() => undefined);
    });
    // Not waiting for the load event: it waits for office.js, the page must not.
    await page.goto(`${server.origin}/taskpane.html`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('body[data-ready="true"]', { timeout: 5_000 });
    expect(await page.evaluate(() => document.body.dataset.mode)).toBe('browser');
    await page.waitForSelector('body[data-office="excel"]', { timeout: 60_000 });
    expect(await page.evaluate(() => document.body.dataset.mode)).toBe('excel');
    await expect.poll(() => page.getByTestId('sheet-choice').count()).toBe(1);
    expect(await page.getByTestId('mode').textContent()).toContain('Excel');
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('Office.onReady itself answering after 6 s (office.js loaded at once): Excel mode then', async () => {
    const workbook: FakeWorkbook = { name: 'Bao-cao.xlsx', sheets: [{ name: 'Sheet1', rows: [['x']] }] };
    const { page, errors } = await newPage();
    await page.addInitScript((wb) => ((window as unknown as { __fakeWorkbook: unknown }).__fakeWorkbook = wb), workbook);
    const late = `${fakeOfficeJs}\n;(function(){ var o = window.Office, r = o.onReady; o.onReady = function (cb) { return new Promise(function (res) { setTimeout(function () { r().then(function (info) { if (cb) cb(info); res(info); }); }, 6000); }); }; })();`;
    await page.route(OFFICE_JS, (r) => r.fulfill({ status: 200, contentType: 'text/javascript', body: late }));
    await page.goto(`${server.origin}/taskpane.html`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('body[data-ready="true"]', { timeout: 5_000 });
    expect(await page.evaluate(() => document.body.dataset.office)).toBe('pending');
    await page.waitForSelector('body[data-office="excel"]', { timeout: 60_000 });
    await expect.poll(() => page.getByTestId('sheet-choice').count()).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('the real office.js (@microsoft/office-js, served locally) in an ordinary browser: browser mode, no error', async () => {
    const { page, errors } = await newPage();
    await page.route(OFFICE_JS, async (r) => {
      const rel = new URL(r.request().url()).pathname.replace(/^\/lib\/1\/hosted\//, '');
      const file = path.join(OFFICE_DIST, rel);
      if (!file.startsWith(OFFICE_DIST) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return r.fulfill({ status: 404, body: '' });
      await r.fulfill({ status: 200, contentType: 'text/javascript', body: fs.readFileSync(file) });
    });
    await page.goto(`${server.origin}/taskpane.html`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
    await page.waitForSelector('body[data-office="browser"]', { timeout: 30_000 });
    expect(await page.evaluate(() => typeof (window as unknown as { Office?: { onReady?: unknown } }).Office?.onReady)).toBe('function');
    expect(await page.evaluate(() => document.body.dataset.mode)).toBe('browser');
    await page.getByTestId('commune-files').setInputFiles(firstExample());
    await sourcesRead(page, 1);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});

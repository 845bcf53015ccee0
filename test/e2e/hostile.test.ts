/**
 * Issue 4, "Hostile text", end to end in real headless Chromium (Debian's /usr/bin/chromium driven by
 * playwright-core) against dist/ as `npm run build` makes it, served over https (server.ts).
 *
 * Commune workbooks and a plan made in the test (test/hostile/fixture.ts) carry commune, sheet, file and
 * indicator names, units and notes such as `<img src=x onerror="window.__xss=1">`,
 * `<script>window.__xss=2</script>`, `"><svg onload=window.__xss=3>`, `=HYPERLINK("http://x","y")`,
 * `+cmd`, `-1+1`, `@SUM(A1)` and a right-to-left override (plus control characters in Excel mode).
 *
 *  1. Browser mode: they go through the real file inputs, "Tổng hợp" is pressed, and
 *     - no script ran: window.__xss never set (a setter on window records any attempt), no dialog, no
 *       page error or console error, no Content-Security-Policy violation (the page is served with a
 *       report-only CSP that forbids inline script and event-handler attributes, so any injected
 *       handler is reported), no element of the kinds the strings would make (img, svg, script,
 *       iframe…) or with an on… attribute ever added to the DOM (a MutationObserver watches from the
 *       first byte), no request for the image "x";
 *     - the strings are on screen literally, as text: the source list, the plan line, the shortfalls
 *       and the problems;
 *     - the downloaded .xlsx holds them as String cells (exceljs), never formulas, where Node's run of
 *       the same files puts them; the downloaded JSON holds them exactly.
 *  2. Excel simulated in the page (the Excel API double in place of office.js, as browser.test.ts):
 *     the plan and the communes are sheets of the open workbook; what tonghop writes into it is text
 *     (the double turns "=…", "+…", "-…", "@…" into formulas unless the number format is "@").
 *  3. A control: the same detectors, on the same page, do see a handler injected with innerHTML.
 *
 * Without /usr/bin/chromium the tests are skipped with a message — unless CI is set: then they fail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { runPipeline } from '../../src/pipeline';
import type { CellState } from '../excel-api/excel-double';
import type { StaticServer } from './server';
import { CHROMIUM, Cleanup, HAVE_CHROMIUM, failInCi, download, launchChromium, serveTaskPane, sourcesRead } from '../harness/chromium';
import type { FakeWorkbook } from './fake-office';
import { consolidateOpenWorkbook } from '../harness/open-workbook';
import { BAD_PREVIOUS, COMMUNES, CONTROL_NAME, FILE_NAMES, HOSTILE, INDICATORS, NOTES, PLAN_FILE_NAME, SHEETS, communeRows, hostileFiles, planRows, type HostileFiles } from '../hostile/fixture';
import { hostileFormulas, maskDates, readBack, stringCells, xlsxTextProblems, type TextCellProblem } from '../hostile/check';

const CI = !!process.env.CI;
const OFFICE_JS = 'https://appsforoffice.microsoft.com/**';
const SKIP_REASON = HAVE_CHROMIUM ? null : `${CHROMIUM} is missing (install it: apt-get install -y chromium)`;

if (SKIP_REASON && !CI) console.warn(`[e2e] hostile-text browser tests skipped: ${SKIP_REASON}`);

/**
 * Served with the page, report-only (so an injected handler would still run and set window.__xss):
 * script only from the page's origin and the Office CDN; no inline script, no event-handler attributes,
 * no plugins, no frames. Any violation is a `securitypolicyviolation` event the page records.
 */
const CSP = "script-src 'self' https://appsforoffice.microsoft.com; object-src 'none'; frame-src 'none'; base-uri 'none'; report-uri /csp-report";

// ───────────────────────────── browser plumbing (as browser.test.ts) ─────────────────────────────

let server: StaticServer;
let fakeOfficeJs = '';
const cleanup = new Cleanup();
const launch = () => launchChromium(cleanup);


/** What the page records from its first byte (installed with addInitScript, before any of the page's own script). */
function installDetectors() {
  const w = window as unknown as Record<string, unknown>;
  const rec = { xss: [] as unknown[], csp: [] as string[], loadErrors: [] as string[], added: [] as string[] };
  w.__hostile = rec;
  // Any assignment to window.__xss (or a bare __xss in a handler) is recorded; reading gives what was set.
  let xss: unknown;
  Object.defineProperty(window, '__xss', {
    configurable: false,
    get: () => xss,
    set: (v) => {
      xss = v;
      rec.xss.push(v);
    },
  });
  document.addEventListener('securitypolicyviolation', (e) => rec.csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
  // Resource errors (an <img src=x> that fails) reach window in the capture phase.
  window.addEventListener(
    'error',
    (e) => {
      const t = e.target as Element | null;
      if (t && t !== (window as unknown) && t.tagName) rec.loadErrors.push(`${t.tagName} ${(t as HTMLImageElement).src || ''}`);
    },
    true,
  );
  const DANGER = new Set(['IMG', 'SVG', 'SCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'FRAME', 'LINK', 'META', 'STYLE', 'BASE', 'FORM', 'VIDEO', 'AUDIO', 'svg']);
  const check = (el: Element) => {
    const own = (el.tagName === 'IMG' && el.classList.contains('app-logo')) || (el.tagName === 'SCRIPT' && el.hasAttribute('src')) || ((el.tagName === 'LINK' || el.tagName === 'META' || el.tagName === 'STYLE') && el.closest('head'));
    const handler = [...el.attributes].some((a) => a.name.toLowerCase().startsWith('on'));
    if ((DANGER.has(el.tagName) && !own) || handler) rec.added.push(el.outerHTML.slice(0, 120));
  };
  new MutationObserver((muts) => {
    for (const m of muts) {
      if (m.type === 'attributes' && m.target instanceof Element && m.attributeName?.toLowerCase().startsWith('on')) rec.added.push(`attribute ${m.attributeName} on ${m.target.tagName}`);
      for (const n of m.addedNodes) {
        if (!(n instanceof Element)) continue;
        check(n);
        n.querySelectorAll('*').forEach(check);
      }
    }
  }).observe(document, { childList: true, subtree: true, attributes: true });
}

interface Watch {
  page: Page;
  dialogs: string[];
  pageErrors: string[];
  consoleErrors: string[];
  requests: string[];
}

type OfficeScript = { kind: 'offline' } | { kind: 'fake'; workbook: FakeWorkbook };

async function openPane(ctx: BrowserContext, office: OfficeScript): Promise<Watch> {
  const page = await ctx.newPage();
  const w: Watch = { page, dialogs: [], pageErrors: [], consoleErrors: [], requests: [] };
  page.on('dialog', (d) => {
    w.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss().catch(() => undefined);
  });
  page.on('pageerror', (e) => w.pageErrors.push(e.message));
  page.on('console', (m) => {
    // office.js is cut off on purpose in browser mode: its failed load is expected.
    if (m.type() === 'error' && !/appsforoffice\.microsoft\.com/.test(m.location().url ?? '') && !/appsforoffice/.test(m.text())) w.consoleErrors.push(m.text());
  });
  page.on('request', (r) => w.requests.push(r.url()));
  const own = server.origin;
  await page.route((url) => url.origin !== own, (route) => route.abort());
  if (office.kind === 'offline') await page.route(OFFICE_JS, (r) => r.abort('internetdisconnected'));
  else {
    await page.addInitScript((wb) => ((window as unknown as { __fakeWorkbook: unknown }).__fakeWorkbook = wb), office.workbook);
    await page.route(OFFICE_JS, (r) => r.fulfill({ status: 200, contentType: 'text/javascript', body: fakeOfficeJs }));
  }
  // The page with a report-only CSP.
  await page.route(`${own}/taskpane.html`, async (route) => {
    const resp = await route.fetch();
    await route.fulfill({ response: resp, headers: { ...resp.headers(), 'content-security-policy-report-only': CSP } });
  });
  await page.route(`${own}/csp-report`, (r) => r.fulfill({ status: 204, body: '' }));
  await page.addInitScript(installDetectors);
  await page.goto(`${own}/taskpane.html`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  // office.js loads async: the page is up in browser mode first, in Excel mode when Office.onReady says so.
  if (office.kind === 'fake') await page.waitForSelector('body[data-office="excel"]', { timeout: 30_000 });
  return w;
}

interface PageRecord {
  xss: unknown;
  xssSets: unknown[];
  csp: string[];
  loadErrors: string[];
  added: string[];
  /** Elements in the DOM now that hostile markup would make, or with on… attributes. */
  dangerous: string[];
}

async function pageRecord(page: Page): Promise<PageRecord> {
  return page.evaluate(() => {
    const w = window as unknown as { __xss: unknown; __hostile: { xss: unknown[]; csp: string[]; loadErrors: string[]; added: string[] } };
    const dangerous: string[] = [];
    document.querySelectorAll('img:not(.app-logo), svg, script:not([src]), iframe, object, embed, frame, body base, body link, body meta, body style, body form').forEach((e) => dangerous.push(e.outerHTML.slice(0, 120)));
    document.querySelectorAll('*').forEach((e) => {
      for (const a of e.attributes) if (a.name.toLowerCase().startsWith('on')) dangerous.push(`${e.tagName}[${a.name}]`);
    });
    return { xss: w.__xss, xssSets: w.__hostile.xss, csp: w.__hostile.csp, loadErrors: w.__hostile.loadErrors, added: w.__hostile.added, dangerous };
  });
}

/** No script of the hostile text ran, by every detector. */
async function expectNoScriptRan(w: Watch) {
  const rec = await pageRecord(w.page);
  expect(rec.xss, 'window.__xss').toBeUndefined();
  expect(rec.xssSets, 'assignments to window.__xss').toEqual([]);
  expect(rec.csp, 'CSP violations').toEqual([]);
  expect(rec.added, 'elements with markup or handlers added to the DOM').toEqual([]);
  expect(rec.dangerous, 'such elements in the DOM now').toEqual([]);
  expect(rec.loadErrors.filter((x) => !/appsforoffice\.microsoft\.com/.test(x)), 'failed resource loads').toEqual([]);
  expect(w.dialogs, 'dialogs').toEqual([]);
  expect(w.pageErrors, 'page errors').toEqual([]);
  expect(w.consoleErrors, 'console errors').toEqual([]);
  const own = new URL(server.origin);
  const strays = w.requests.filter((u) => {
    const x = new URL(u);
    return x.origin === own.origin && (x.pathname === '/x' || /xss|onerror|onload|%3C|</i.test(decodeURIComponent(x.pathname)));
  });
  expect(strays, 'requests made by hostile markup').toEqual([]);
}

/** Each string is in the text, literally. */
function missingFrom(text: string, strings: readonly string[]): string[] {
  return strings.filter((s) => !text.includes(s));
}

// ───────────────────────────── tests ─────────────────────────────

failInCi('hostile-text browser tests', SKIP_REASON, 'needs Chromium');

describe.skipIf(!!SKIP_REASON)('hostile text in the task pane (headless Chromium)', () => {
  let files: HostileFiles;

  beforeAll(async () => {
    [{ server, fakeOfficeJs }, files] = await Promise.all([serveTaskPane(cleanup), hostileFiles()]);
  }, 900_000);

  afterAll(() => cleanup.run(), 60_000);

  it('browser mode: hostile names are shown as text, no script runs, the downloads hold them as text', async () => {
    const ctx = await launch();
    const w = await openPane(ctx, { kind: 'offline' });
    const { page } = w;
    await expect.poll(() => page.evaluate(() => document.body.dataset.mode)).toBe('browser');

    const asUpload = (f: { name: string; data: Uint8Array }) => ({ name: f.name, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(f.data) });
    await page.getByTestId('plan-file').setInputFiles(asUpload(files.plan));
    await expect.poll(() => page.getByTestId('plan-status').textContent(), { timeout: 60_000 }).toContain(`${INDICATORS.length} chỉ tiêu`);
    await page.getByTestId('commune-files').setInputFiles(files.communes.map(asUpload));
    await sourcesRead(page, files.communes.length);

    // The sources: file names and commune names, literally.
    const sourceText = (await page.getByTestId('source-list').textContent()) ?? '';
    expect(missingFrom(sourceText, FILE_NAMES), 'file names in the source list').toEqual([]);
    expect(missingFrom(sourceText, COMMUNES), 'commune names in the source list').toEqual([]);
    expect(await page.getByTestId('plan-status').textContent()).toContain(PLAN_FILE_NAME);
    await expectNoScriptRan(w);

    await page.getByTestId('run').click();
    await page.getByTestId('download-json').waitFor({ state: 'visible', timeout: 120_000 });

    // Node: the same files through the same pipeline.
    const ref = await runPipeline({ communes: files.communes, plan: files.plan, lang: 'vi' });
    expect(ref.report.shortfalls.length).toBe(COMMUNES.length);

    // The shortfalls (all 8 are listed) and the problems, literally.
    const shortText = (await page.getByTestId('shortfalls').textContent()) ?? '';
    expect(await page.locator('[data-testid=shortfalls] li').count()).toBe(COMMUNES.length);
    expect(missingFrom(shortText, COMMUNES), 'communes in the shortfalls').toEqual([]);
    expect(missingFrom(shortText, INDICATORS.map((x) => x.name)), 'indicators in the shortfalls').toEqual([]);
    expect(missingFrom(shortText, INDICATORS.map((x) => x.unit)), 'units in the shortfalls').toEqual([]);
    const issuesText = (await page.getByTestId('issues').textContent()) ?? '';
    expect(missingFrom(issuesText, SHEETS), 'sheet names in the problems').toEqual([]);
    expect(missingFrom(issuesText, COMMUNES), 'communes in the problems').toEqual([]);
    expect(issuesText).toContain(`'${BAD_PREVIOUS}'`);
    // Each problem's line is the message as text (the same as Node's), not markup.
    const lines = await page.locator('[data-testid=issue] .issue-text').allTextContents();
    const nodeMessages = ref.report.issues.filter((i) => i.code === 'not_a_number').map((i) => i.message);
    expect(nodeMessages.filter((m) => !lines.includes(m))).toEqual([]);

    // The downloaded workbook: every text where Node's run puts it, as a String cell; no hostile formula.
    const xlsx = await download(page, 'download-xlsx');
    const cells = await readBack(xlsx.data);
    const names = [...new Set(cells.map((c) => c.sheet))];
    expect(names).toEqual(ref.sheets.map((s) => s.name));
    const problems: TextCellProblem[] = xlsxTextProblems(cells, names, ref.sheets, { maskDates: true });
    expect(problems).toEqual([]);
    expect(hostileFormulas(cells)).toEqual([]);
    const texts = stringCells(cells);
    const whole = [...COMMUNES, ...SHEETS, ...FILE_NAMES, PLAN_FILE_NAME, ...INDICATORS.map((x) => x.name), ...INDICATORS.map((x) => x.unit)];
    expect(whole.filter((s) => !texts.has(s)), 'hostile names as whole String cells').toEqual([]);

    // The downloaded JSON: the strings exactly.
    const json = JSON.parse((await download(page, 'download-json')).data.toString('utf8')) as {
      communes: { name: string; file: string; sheets: string[] }[];
      indicators: { name: string; unit: string; communes: { note: string | null }[] }[];
      plan: { file: string } | null;
    };
    expect(json.communes.map((c) => [c.name, c.file, c.sheets])).toEqual(COMMUNES.map((c, i) => [c, FILE_NAMES[i], [SHEETS[i]]]));
    expect(json.indicators.map((i) => [i.name, i.unit])).toEqual(INDICATORS.map((x) => [x.name, x.unit]));
    json.indicators.forEach((ind, k) => expect(ind.communes.map((c) => c.note)).toEqual(COMMUNES.map(() => NOTES[k])));
    expect(json.plan?.file).toBe(PLAN_FILE_NAME);

    // English: the same texts drawn again.
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('run').textContent()).toBe('Consolidate');
    expect(missingFrom((await page.getByTestId('shortfalls').textContent()) ?? '', COMMUNES)).toEqual([]);
    expect(missingFrom((await page.getByTestId('issues').textContent()) ?? '', SHEETS)).toEqual([]);
    await expectNoScriptRan(w);
  }, 300_000);

  it('Excel simulated in the page: hostile sheets and names are read, shown as text and written as text', async () => {
    const communes = [...COMMUNES, CONTROL_NAME];
    const sheetNames = [...SHEETS, 'Hòa Bình'];
    const userSheet = { name: 'Ghi chú', rows: [['Sổ của người dùng', HOSTILE.hyperlink]] };
    const workbook: FakeWorkbook = {
      name: 'Bao-cao-huyen.xlsx',
      sheets: [userSheet, { name: 'Kế hoạch', rows: planRows(communes) }, ...communes.map((c, i) => ({ name: sheetNames[i], rows: communeRows(i, c) }))],
    };

    // Node: the same workbook in a double, read by the same adapter, consolidated the same way.
    const ref = await consolidateOpenWorkbook(workbook, 'Kế hoạch', sheetNames);
    expect(ref.report.communes.map((c) => c.name)).toEqual(communes);

    const ctx = await launch();
    const w = await openPane(ctx, { kind: 'fake', workbook });
    const { page } = w;
    expect(await page.evaluate(() => document.body.dataset.mode)).toBe('excel');
    const before = await page.evaluate(() => (window as any).__excelDouble.snapshot('Ghi chú'));

    // The sheet list: hostile sheet names as the labels' text.
    await expect.poll(() => page.getByTestId('sheet-choice').count()).toBe(workbook.sheets.length);
    const sheetListText = (await page.locator('#sheet-list').textContent()) ?? '';
    expect(missingFrom(sheetListText, sheetNames)).toEqual([]);

    await page.getByTestId('plan-sheet').selectOption('Kế hoạch');
    await expect.poll(() => page.getByTestId('plan-status').textContent()).toContain(`${INDICATORS.length} chỉ tiêu`);
    for (const n of sheetNames) await page.getByLabel(n, { exact: true }).check();
    await page.getByTestId('add-sheets').click();
    await sourcesRead(page, sheetNames.length);
    const sourceText = (await page.getByTestId('source-list').textContent()) ?? '';
    expect(missingFrom(sourceText, sheetNames), 'sheet names in the source list').toEqual([]);
    expect(missingFrom(sourceText, communes), 'commune names in the source list (control characters too)').toEqual([]);

    const names0: string[] = await page.evaluate(() => (window as any).__excelDouble.sheetNames());
    await page.getByTestId('run').click();
    await page.getByTestId('excel-written').waitFor({ state: 'visible', timeout: 120_000 });
    const shortText = (await page.getByTestId('shortfalls').textContent()) ?? '';
    expect(missingFrom(shortText, communes)).toEqual([]);
    const issuesText = (await page.getByTestId('issues').textContent()) ?? '';
    expect(missingFrom(issuesText, sheetNames)).toEqual([]);

    // What the double holds where the specs put text: constants under "@", the same text.
    const names1: string[] = await page.evaluate(() => (window as any).__excelDouble.sheetNames());
    const written = names1.filter((n) => !names0.includes(n));
    expect(written).toEqual(ref.sheets.map((s) => s.name));
    const wanted = ref.sheets.map((spec, i) => ({
      sheet: written[i],
      cells: spec.rows.flatMap((row, r) =>
        (row ?? []).flatMap((c, k) => {
          if (!c || c.f || typeof c.v !== 'string' || c.v === '') return [];
          let col = '';
          for (let x = k + 1; x > 0; x = Math.floor((x - 1) / 26)) col = String.fromCharCode(65 + ((x - 1) % 26)) + col;
          return [{ addr: `${col}${r + 1}`, want: c.v }];
        }),
      ),
    }));
    const got = await page.evaluate(
      (ws) => ws.map((s) => s.cells.map((c) => ({ ...c, cell: (window as any).__excelDouble.cell(s.sheet, c.addr) ?? null }))),
      wanted,
    );
    const problems: TextCellProblem[] = [];
    got.forEach((list, i) =>
      list.forEach(({ addr, want, cell }: { addr: string; want: string; cell: CellState | null }) => {
        const sheet = wanted[i].sheet;
        if (!cell) problems.push({ sheet, cell: addr, want, got: undefined, why: 'missing' });
        else if (cell.formula !== undefined) problems.push({ sheet, cell: addr, want, got: cell.formula, why: 'formula' });
        else if (cell.numberFormat !== '@') problems.push({ sheet, cell: addr, want, got: cell.numberFormat, why: 'number format is not "@"' });
        else if (maskDates(String(cell.value)) !== maskDates(want)) problems.push({ sheet, cell: addr, want, got: cell.value, why: 'different text' });
      }),
    );
    expect(problems).toEqual([]);
    // Every hostile name is in the written sheets as a whole text cell, and no formula holds any of it.
    const state = await page.evaluate((ns) => {
      const xl = (window as any).__excelDouble;
      const texts: string[] = [];
      const formulas: string[] = [];
      for (const n of ns) for (const c of xl.getSheet(n).cells.values()) {
        if (c.formula) formulas.push(c.formula);
        else if (typeof c.value === 'string') texts.push(c.value);
      }
      return { texts, formulas };
    }, written);
    const texts = new Set(state.texts);
    const whole = [...communes, ...sheetNames, ...INDICATORS.map((x) => x.name), ...INDICATORS.map((x) => x.unit)];
    expect(whole.filter((s) => !texts.has(s))).toEqual([]);
    expect(state.formulas.length).toBeGreaterThan(0);
    expect(state.formulas.filter((f) => /HYPERLINK|cmd|1\+1|SUM\(A1\)|xss|onerror|onload|script/i.test(f))).toEqual([]);
    expect(await page.evaluate(() => (window as any).__excelDouble.snapshot('Ghi chú'))).toEqual(before);

    // A problem in a hostile-named sheet: its link selects the cell there (the name is data, not code).
    const target = ref.report.issues.find((x) => x.code === 'not_a_number' && x.sheet === SHEETS[0])!;
    expect(target).toBeTruthy();
    await page.getByTestId('issue-link').filter({ hasText: `${target.sheet}!${target.cell}` }).first().click();
    await expect.poll(() => page.evaluate(() => (window as any).__excelDouble.selection)).toEqual({ sheet: SHEETS[0], address: target.cell });

    await expectNoScriptRan(w);
  }, 300_000);

  it('control: the detectors see a handler injected with innerHTML', async () => {
    const ctx = await launch();
    const w = await openPane(ctx, { kind: 'offline' });
    const { page } = w;
    await page.evaluate((html) => {
      const d = document.createElement('div');
      d.innerHTML = html; // what the pane must never do with a name from a file
      document.body.appendChild(d);
    }, HOSTILE.img);
    await expect.poll(() => page.evaluate(() => (window as any).__xss)).toBe(1);
    const rec = await pageRecord(page);
    expect(rec.xssSets).toEqual([1]);
    expect(rec.csp.length).toBeGreaterThan(0);
    expect(rec.added.some((x) => x.startsWith('<img'))).toBe(true);
    expect(rec.dangerous.length).toBeGreaterThan(0);
    expect(rec.loadErrors.some((x) => x.startsWith('IMG'))).toBe(true);
    expect(w.requests.some((u) => new URL(u).pathname === '/x')).toBe(true);
  }, 120_000);
});

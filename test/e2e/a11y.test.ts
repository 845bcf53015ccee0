/**
 * axe-core (npm axe-core, injected into the page) on the task pane in headless Chromium: no serious or
 * critical violation in the empty, loaded, running and result states, in Vietnamese and English, at the
 * narrowest (320 px) and a wide (450 px) task pane.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { CHROMIUM, Cleanup, HAVE_CHROMIUM, failInCi, launchChromium, serveTaskPane, sourcesRead } from '../harness/chromium';
import { ROOT } from '../taskpane/build-once';
import type { StaticServer } from './server';

const CI = !!process.env.CI;
const EX = path.join(ROOT, 'examples');
const SKIP = !HAVE_CHROMIUM ? `${CHROMIUM} is missing` : !fs.existsSync(path.join(EX, 'xa')) ? 'no examples/xa' : null;
if (SKIP && !CI) console.warn(`[e2e] accessibility tests skipped: ${SKIP}`);
const AXE = require.resolve('axe-core/axe.min.js');

let server: StaticServer;
const cleanup = new Cleanup();
let ctx: BrowserContext;

interface Found {
  id: string;
  impact: string | null;
  nodes: string[];
}

async function axe(page: Page): Promise<Found[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const r = await (window as unknown as { axe: { run(ctx: unknown, o: unknown): Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] }> } }).axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)) }));
  });
}

const serious = (f: Found[]) => f.filter((v) => v.impact === 'serious' || v.impact === 'critical');

failInCi('accessibility tests', SKIP);

describe.skipIf(!!SKIP)('axe-core on the task pane', () => {
  beforeAll(async () => {
    ({ server } = await serveTaskPane(cleanup, process.env.TONGHOP_E2E_ORIGIN));
    ctx = await launchChromium(cleanup);
  }, 900_000);
  afterAll(() => cleanup.run(), 60_000);

  const communes = () => fs.readdirSync(path.join(EX, 'xa')).filter((f) => /\.xlsx$/i.test(f)).sort().slice(0, 4).map((f) => path.join(EX, 'xa', f));

  for (const width of [320, 450]) {
    for (const lang of ['vi', 'en'] as const) {
      it(`${width} px, ${lang}: empty, loaded, running, result — 0 serious or critical`, async () => {
        const page = await ctx.newPage();
        await page.setViewportSize({ width, height: 800 });
        const own = server.origin;
        await page.route((url) => url.origin !== own, (route) => route.abort());
        await page.addInitScript((l) => localStorage.setItem('tonghop.lang', l), lang);
        // The run message to the worker is held until released: the "running" state stays on screen.
        await page.addInitScript(() => {
          const w = window as unknown as { __held: (() => void) | null; __hold: boolean };
          w.__hold = true;
          w.__held = null;
          const post = Worker.prototype.postMessage;
          Worker.prototype.postMessage = function (this: Worker, msg: unknown, transfer?: unknown) {
            if (w.__hold && msg && (msg as { type?: string }).type === 'run') {
              w.__held = () => (post as (m: unknown, t?: unknown) => void).call(this, msg, transfer);
              return;
            }
            return (post as (m: unknown, t?: unknown) => void).call(this, msg, transfer);
          } as typeof Worker.prototype.postMessage;
        });
        await page.goto(`${own}/taskpane.html`);
        await page.waitForSelector('body[data-ready="true"]');
        expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
        const report: Record<string, Found[]> = {};

        report.empty = await axe(page);
        await page.getByTestId('commune-files').setInputFiles(communes());
        await page.getByTestId('plan-file').setInputFiles(path.join(EX, 'ke-hoach-2024.xlsx'));
        await sourcesRead(page, 4);
        await page.locator('[data-testid=source-reading] summary').first().click().catch(() => undefined);
        report.loaded = await axe(page);

        await page.getByTestId('run').click();
        await page.waitForFunction(() => !!(window as unknown as { __held: unknown }).__held);
        await page.getByTestId('progress').waitFor({ state: 'visible' });
        report.running = await axe(page);
        await page.evaluate(() => {
          const w = window as unknown as { __held: () => void; __hold: boolean };
          w.__hold = false;
          w.__held();
        });
        await page.getByTestId('download-json').waitFor({ state: 'visible', timeout: 120_000 });
        report.result = await axe(page);

        const bad = Object.fromEntries(Object.entries(report).map(([k, v]) => [k, serious(v)]).filter(([, v]) => (v as Found[]).length > 0));
        const all = Object.fromEntries(Object.entries(report).map(([k, v]) => [k, v.map((x) => `${x.id}(${x.impact})`)]));
        console.log(`[axe] ${width}px ${lang}: ${JSON.stringify(all)}`);
        expect(bad).toEqual({});
        await page.close();
      }, 240_000);
    }
  }
});

/**
 * Headless Chromium (Debian's /usr/bin/chromium, CHROMIUM_PATH overrides) driven by playwright-core, with a profile
 * of its own: the one launcher of the browser tests (test/harness/chromium.ts) and the pane's bench (tools/bench/pane.ts).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * A headless Chromium with a fresh profile in a temporary folder named from `profilePrefix` (https errors ignored,
 * downloads accepted, a task pane's viewport); close() shuts it and removes the profile.
 */
export async function launchHeadless(profilePrefix: string): Promise<{ ctx: BrowserContext; close: () => Promise<void> }> {
  const { chromium } = await import('playwright-core');
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), profilePrefix));
  const ctx = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    ignoreHTTPSErrors: true,
    acceptDownloads: true,
    viewport: { width: 420, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  const close = async () => {
    await ctx.close().catch(() => undefined);
    fs.rmSync(userDataDir, { recursive: true, force: true });
  };
  return { ctx, close };
}

import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { buildWeb } from '../../src/web/build-web.ts';
import { createTestEnv, startPipelineWorker, type TestEnv } from '../support/test-env.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/**
 * Every run takes the screenshots; only `UPDATE_SCREENSHOTS=1` writes them over the README's copies in
 * docs/screenshots, so an ordinary test run (CI included) leaves the checkout as it found it.
 */
const SCREENSHOTS =
  process.env.UPDATE_SCREENSHOTS === '1'
    ? new URL('../../docs/screenshots/', import.meta.url)
    : pathToFileURL(path.join(tmpdir(), 'docket-screenshots', path.sep));

export interface BrowserEnv {
  env: TestEnv;
  baseUrl: string;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * What a person's browser meets: the built interface served by the real app on a real port, a real
 * pipeline worker reading uploads, and Debian's Chromium driven headless.
 */
export async function startBrowserEnv(): Promise<BrowserEnv> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH).`);
  }
  // Built before the app, which serves whatever the build wrote.
  await buildWeb();
  const env = await createTestEnv();
  await env.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = env.app.server.address() as AddressInfo;
  const worker = startPipelineWorker(env, { OUTBOX_SWEEP_MS: '300' });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  return {
    env,
    baseUrl: `http://127.0.0.1:${port}`,
    browser,
    async close() {
      await browser.close();
      worker.kill('SIGTERM');
      await new Promise((resolve) => {
        if (worker.exitCode !== null) resolve(null);
        else worker.once('exit', resolve);
      });
      await env.close();
    },
  };
}

/** A laptop-sized page whose console errors fail the test that reads them. */
export async function openPage(browser: Browser): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return { page, errors };
}

/** Waits until the route in the address bar has finished drawing (main carries data-ready). */
export async function pageReady(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const main = document.getElementById('main');
    return main?.dataset.ready === location.hash && main.getAttribute('aria-busy') === 'false';
  });
}

/** Saves what the page shows (into docs/screenshots for the README when asked), cut to at most `maxHeight` pixels. */
export async function screenshot(page: Page, name: string, maxHeight = 1400): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.screenshot({
    path: new URL(`${name}.png`, SCREENSHOTS).pathname,
    fullPage: true,
    clip: { x: 0, y: 0, width: 1280, height: Math.min(height, maxHeight) },
  });
}

/** All the page's text, hidden parts included, so text hidden by CSS still counts as having reached the page. */
export const pageText = (page: Page) => page.evaluate(() => document.body.textContent ?? '');

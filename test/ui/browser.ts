import * as fs from 'node:fs';
import * as path from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { pagesDirectory } from '../../apps/engine/src/web/pages';
import type { EngineConfig } from '../../apps/engine/src/config/engine.config';
import { removeDataDir, startEngine, TestEngine } from '../support/engine';

/** Debian's Chromium (installed by .ci/run): a test tool's own browser download cannot work here. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.join(__dirname, 'screenshots');

export interface UiRig {
  readonly engine: TestEngine;
  readonly browser: Browser;
  readonly base: string;
  page(viewport?: { width: number; height: number }): Promise<Page>;
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

/** The engine listening on a free port with a fresh data directory, serving the built pages, and a headless Chromium. */
export async function startUi(now: string, config: Partial<EngineConfig> = {}): Promise<UiRig> {
  if (!pagesDirectory()) throw new Error('no built pages: run `npm run build` (or `npm run build:web`), or set WEB_DIR');
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (.ci/run does)`);
  const engine = await startEngine({ now, config });
  let browser: Browser;
  let port: number;
  try {
    await engine.app.listen({ port: 0, host: '127.0.0.1' });
    port = (engine.app.getHttpServer().address() as { port: number }).port;
    // Playwright gives every launch a fresh, empty profile (--user-data-dir) of its own.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    });
  } catch (error) {
    await engine.close();
    removeDataDir(engine.dataDir);
    throw error;
  }
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    engine, browser, base: `http://127.0.0.1:${port}`,
    async page(viewport = { width: 1280, height: 900 }) {
      const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
      context.setDefaultTimeout(10_000);
      return context.newPage();
    },
    async screenshot(page, name) {
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
    },
    async close() {
      await browser.close();
      await engine.close();
      removeDataDir(engine.dataDir);
    },
  };
}

/** Shanghai wall time as an instant: sh('2026-04-07 09:00'). */
export const sh = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`).toISOString();

/** As the pages show a rate: 95.4%, or — when there is nothing to divide. */
export const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);

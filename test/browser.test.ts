import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/config.js';
import { seededApi } from './support/harness.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = path.join(PROJECT_ROOT, 'test-results', 'screenshots');

let api: Awaited<ReturnType<typeof seededApi>>;
let server: Server;
let browser: Browser;
let base: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium (.ci/run does), or set CHROMIUM_PATH`);
  api = await seededApi();
  server = createServer(api.yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  await mkdir(SCREENSHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  await api?.close();
});

/** A page that collects console errors and failed requests; each test asserts there are none. */
async function open(url: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
  await page.goto(`${base}${url}`);
  return { page, problems };
}

const nodeIds = (page: Page) => page.evaluate(() => (window as any).__cy?.nodes().map((node: any) => node.id()) ?? []);

describe('graph explorer', () => {
  it('searches, draws, expands, finds a path and opens a comparison, with no console error', async () => {
    const { page, problems } = await open('/explore');
    const started = Date.now();
    const lap = (label: string) => console.log(`[explorer] ${label}: ${Date.now() - started} ms`);
    await page.fill('#search', 'osteo');
    await page.waitForSelector('#suggestions li[data-slug="osteoblast"]');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'explore-search.png') });
    lap('suggestions shown');
    await page.click('#suggestions li[data-slug="osteoblast"]');
    await page.waitForSelector('#concept-name');
    expect(await page.textContent('#concept-name')).toContain('Osteoblast');
    expect(new URL(page.url()).searchParams.get('concept')).toBe('osteoblast');
    await page.waitForFunction(() => (window as any).__cy?.getElementById('ossification').nonempty());
    const before = (await nodeIds(page)).length;
    expect(await nodeIds(page)).toContain('ossification');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'explore-osteoblast.png') });
    lap('osteoblast drawn');

    // Expand ossification: its neighbours join the drawing.
    await page.evaluate(() => {
      (window as any).__cy.getElementById('ossification').emit('tap');
    });
    await page.waitForFunction((count) => (window as any).__cy.nodes().length > count, before);
    expect(await nodeIds(page)).toContain('intramembranous-ossification');
    lap('ossification expanded');

    await page.fill('#path-from', 'osteoblast');
    await page.fill('#path-to', 'bone');
    await page.click('#path-form button[type=submit]');
    await page.waitForSelector('#path-results li');
    const explanations = await page.$$eval('#path-results li', (items) => items.map((item) => item.textContent));
    expect(explanations[0]).toMatch(/^Osteoblast .* bone\.$/);
    expect(await page.evaluate(() => (window as any).__cy.$('.on-path').length)).toBeGreaterThan(2);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'explore-path.png') });
    lap('path found');

    await page.goto(`${base}/explore?comparison=calcification-vs-ossification`);
    await page.waitForSelector('#comparison-title');
    expect(await page.textContent('#comparison-title')).toBe('Calcification vs Ossification');
    const aspects = await page.$$eval('table.aspects tbody th', (cells) => cells.map((cell) => cell.textContent));
    expect(aspects).toEqual(['Definition', 'Occurrence', 'Purpose', 'Guidance']);
    await page.waitForFunction(() => (window as any).__cy.getElementById('calcification').nonempty() && (window as any).__cy.getElementById('ossification').nonempty());
    await page.screenshot({ path: path.join(SCREENSHOTS, 'explore-comparison.png') });
    console.log(`[explorer] walk-through took ${Date.now() - started} ms`);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('reloads a shared view from its URL', async () => {
    const { page, problems } = await open('/explore?concept=osteoclast&depth=2');
    await page.waitForSelector('#concept-name');
    expect(await page.textContent('#concept-name')).toContain('Osteoclast');
    expect(await page.inputValue('#depth')).toBe('2');
    await page.waitForFunction(() => (window as any).__cy?.getElementById('bone-resorption').nonempty());
    const load = await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd);
    console.log(`[explorer] page load event after ${load.toFixed(0)} ms`);
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe('GraphiQL', () => {
  it('loads without a CDN and runs its default operation', async () => {
    const { page, problems } = await open('/graphql');
    const external: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(base) && !request.url().startsWith('data:') && !request.url().startsWith('blob:')) external.push(request.url());
    });
    await page.waitForSelector('.graphiql-container', { timeout: 30_000 });
    await page.waitForFunction(() => document.body.innerText.includes('OsteoblastToBone'));
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().startsWith(`${base}/graphql`) && r.request().method() === 'POST' && (r.request().postData() ?? '').includes('OsteoblastToBone')),
      page.click('.graphiql-execute-button'),
    ]);
    expect(await response.text()).toContain('"slug":"ossification"');
    await page.waitForFunction(() => document.querySelector('.graphiql-response')?.textContent?.includes('Osteoblast'));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'graphiql.png') });
    expect(external).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});

/**
 * npm run bench:explorer — the explorer in Chromium on the graph users run (seeds + the five
 * shared ontologies), plus a hub of 2,000 parts: how long each view takes from navigation
 * to drawn (the requests included), how long the drawing itself takes (Cytoscape's add,
 * layout and first paint), and how long a tap on a concept of a 500-concept view takes to
 * select it. Median of --runs (default 5) fresh page loads. Target (issue #16): a 500-node
 * view draws in under 1 s and stays interactive.
 *
 *   npm run bench:explorer -- [--runs 5]
 */
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { startOssigraph } from './processes.js';
import { writeHub } from './generate.js';
import { withBenchStore } from './support.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const RUNS = Number(values.runs);
const HUB = 'bench-hub';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const VIEWS: [name: string, query: string, nodes: number][] = [
  ['osteoblast, depth 1', '?concept=osteoblast', 10],
  ['cell, depth 2 (ontology)', '?concept=cell&depth=2', 20],
  ['bone element, depth 3 (ontology, 500+ concepts)', '?concept=bone-element&depth=3', 500],
  [`hub of 2,000 parts, grouped`, `?concept=${HUB}`, 8],
  ['hub, 25 pages open (500+ concepts)', `?concept=${HUB}&more=${HUB}~PART_OF~IN~25`, 500],
];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

await withBenchStore({ ontologies: true }, async (db, neo4j) => {
  await writeHub(db, { slug: HUB, name: 'Bench hub', parts: 2000 });
  const server = await startOssigraph(neo4j);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    console.log(`| view | concepts drawn | to drawn, ms | drawing, ms | tap to selected, ms |`);
    console.log('| --- | ---: | ---: | ---: | ---: |');
    for (const [name, query, least] of VIEWS) {
      const total: number[] = [];
      const drawing: number[] = [];
      const taps: number[] = [];
      let nodes = 0;
      for (let run = 0; run <= RUNS; run++) {
        const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
        const started = Date.now();
        await page.goto(`${server.base}/explore${query}`);
        await page.waitForFunction(() => document.body.dataset.state === 'ready', undefined, { timeout: 60_000 });
        const count = await page.evaluate(() => (window as any).__cy.nodes().length as number);
        if (count < least) throw new Error(`${name}: ${count} concepts drawn, expected at least ${least}`);
        const elapsed = Date.now() - started;
        const last = await page.evaluate(() => (window as any).__explorer.canvas.lastDraw as { nodes: number; ms: number });
        // A real click on a concept of the drawing, timed to the selection showing in the URL.
        const target = await page.evaluate(() => {
          const cy = (window as any).__cy;
          const node = cy.nodes().filter((n: any) => !n.data('more') && !n.hasClass('focus'))[0];
          return { id: node.id(), ...node.renderedPosition() };
        });
        const box = (await page.locator('#graph').boundingBox())!;
        const tapped = Date.now();
        await page.mouse.click(box.x + target.x, box.y + target.y);
        await page.waitForFunction((id) => new URL(location.href).searchParams.get('select') === id, target.id, { timeout: 10_000 });
        const tap = Date.now() - tapped;
        await page.close();
        if (run === 0) continue; // the first load warms the server and the browser up
        total.push(elapsed);
        drawing.push(last.ms);
        taps.push(tap);
        nodes = last.nodes;
      }
      console.log(`| ${name} | ${nodes} | ${median(total)} | ${median(drawing)} | ${median(taps)} |`);
    }
  } finally {
    await browser.close();
    await server.stop();
  }
});

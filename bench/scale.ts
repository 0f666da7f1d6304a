/**
 * npm run bench:scale — ossigraph on generated power-law graphs: a small one (1k concepts)
 * and a large one (default 100k concepts, about 1M relations, a few hubs with 10k+
 * relations). The small graph is measured first (warming Neo4j up) and again after the
 * large one, and the large one is compared with the warm figures. On each, a freshly started
 * server's first `related` on the biggest hub (no plan cached in Neo4j for the graph's new
 * statistics, nothing warmed in Node), then how long the index took to read the relations
 * (related ranks in memory from then on), then the p50 of every operation over sequential
 * requests, then an export of every edge as KGX through GET /export with the server's peak
 * RSS before and after it. Peak RSS of Node and of the Neo4j JVM at the end.
 *
 *   npm run bench:scale -- --concepts 100000 [--per-concept 10 --requests 100]
 */
import { parseArgs } from 'node:util';
import type { Database } from '../src/db/database.js';
import type { EmbeddedNeo4j } from '../src/db/embedded.js';
import { generatedSlug, writeGeneratedGraph } from './generate.js';
import { askGraphQL as ask, peakRssMiB, startOssigraph, type ServedProcess } from './processes.js';
import { percentile } from './stats.js';
import { withBenchStore } from './support.js';

const { values } = parseArgs({
  options: {
    concepts: { type: 'string', default: '100000' },
    'per-concept': { type: 'string', default: '10' },
    small: { type: 'string', default: '1000' },
    requests: { type: 'string', default: '100' },
  },
});
const PER_CONCEPT = Number(values['per-concept']);
const REQUESTS = Number(values.requests);

const operations = (mid: string, other: string) => ({
  'concept + relations': `{ concept(slug: "${mid}") { slug name kind relations(first: 20) { edges { node { type to { slug name } } } } } }`,
  '2-hop traversal': `{ concept(slug: "${mid}") { relations(direction: OUT, first: 10) { edges { node { to { slug relations(direction: OUT, first: 10) { edges { node { to { slug name } } } } } } } } } }`,
  'search': `{ search(query: "marrow signal", first: 10) { score concept { slug name } } }`,
  'shortest path': `{ path(from: "${mid}", to: "${other}") { length concepts { slug } } }`,
  'related, mid-degree': `{ concept(slug: "${mid}") { related(first: 10) { score reasons } } }`,
  'related, hub': `{ concept(slug: "${generatedSlug(1)}") { related(first: 10) { score reasons } } }`,
});

interface Figures {
  label: string;
  graph: string;
  coldRelated: number;
  p50: Record<string, number>;
  nodeRss: number;
  export: { rows: number; megabytes: number; seconds: number; rssBefore: number; rssAfter: number };
}

/** GET /export of the whole graph's KGX edges, read to the end as a client would; the server's peak RSS around it. */
async function exportAll(base: string, peak: () => number): Promise<Figures['export']> {
  const rssBefore = peak();
  const started = performance.now();
  const response = await fetch(`${base}/export?format=kgx-tsv&part=edges`);
  if (!response.ok || !response.body) throw new Error(`export answered ${response.status}`);
  let bytes = 0;
  let rows = -1; // the header
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (const byte of chunk) if (byte === 10) rows += 1;
  }
  return { rows, megabytes: bytes / 2 ** 20, seconds: (performance.now() - started) / 1000, rssBefore, rssAfter: peak() };
}

/** The first line of the process's log that holds `text`, parsed (checked every 100 ms), waited for at most `seconds`. */
async function waitForLog(server: ServedProcess, text: string, seconds: number): Promise<Record<string, unknown>> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const line = server.output().split('\n').find((entry) => entry.includes(text));
    if (line) return JSON.parse(line) as Record<string, unknown>;
    if (Date.now() > deadline) throw new Error(`${server.name} did not log "${text}" within ${seconds} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function measure(db: Database, neo4j: EmbeddedNeo4j, label: string, concepts: number): Promise<Figures> {
  const written = await writeGeneratedGraph(db, concepts, PER_CONCEPT, { comparisons: true });
  const [hub] = await db.read<{ degree: number }>('MATCH (c:Concept {slug: $slug}) RETURN COUNT { (c)--() } AS degree', { slug: generatedSlug(1) });
  // A typical concept: the first whose degree lies between 15 and 30.
  const [mid, other] = (
    await db.read<{ slug: string }>(
      'MATCH (c:Concept) WHERE c.slug STARTS WITH "gen-" AND COUNT { (c)--() } >= 15 AND COUNT { (c)--() } <= 30 RETURN c.slug AS slug LIMIT 2',
    )
  ).map((row) => row.slug);
  const graph = `${written.concepts} concepts, ${written.relations} relations (written in ${written.seconds.toFixed(0)} s); hub ${generatedSlug(1)}: ${hub!.degree} relations; mid ${mid}`;
  console.log(`\n${label}: ${graph}`);
  const starting = performance.now();
  const server = await startOssigraph(neo4j);
  const startMs = performance.now() - starting;
  try {
    const url = `${server.base}/graphql`;
    const queries = operations(mid!, other!);
    const coldRelated = await ask(url, queries['related, hub']);
    console.log(`  server started (ready) in ${startMs.toFixed(0)} ms; its first related on the hub: ${coldRelated.toFixed(0)} ms`);
    // The index reads the relations after the server opens; until then related is ranked in
    // Neo4j. The p50s below are the steady state, so they wait for it (the server logs it).
    const loaded = await waitForLog(server, 'relations loaded', 180);
    console.log(`  the index had read the relations ${String(loaded.ms)} ms after it began loading, which it does before the server opens`);
    const p50: Record<string, number> = {};
    for (const [name, query] of Object.entries(queries)) {
      for (let i = 0; i < 20; i += 1) await ask(url, query);
      const times: number[] = [];
      for (let i = 0; i < REQUESTS; i += 1) times.push(await ask(url, query));
      p50[name] = percentile(times, 50);
      console.log(`  ${name}: p50 ${p50[name]!.toFixed(1)} ms, p99 ${percentile(times, 99).toFixed(1)} ms`);
    }
    const exported = await exportAll(server.base, () => server.peakRssMiB());
    console.log(
      `  export of every edge (KGX TSV): ${exported.rows} rows, ${exported.megabytes.toFixed(0)} MB in ${exported.seconds.toFixed(1)} s; Node peak RSS ${exported.rssBefore.toFixed(0)} MiB before, ${exported.rssAfter.toFixed(0)} MiB after`,
    );
    return { label, graph, coldRelated, p50, nodeRss: server.peakRssMiB(), export: exported };
  } finally {
    await server.stop();
  }
}

/**
 * Removes the generated graph: relations first (a hub alone has 75k), then concepts, in
 * transactions of their own, each well inside the transaction timeout however slow the disk.
 */
async function wipe(db: Database): Promise<void> {
  const batch = async (cypher: string) => {
    for (;;) {
      const [row] = await db.write<{ n: number }>(cypher);
      if (Number(row?.n ?? 0) === 0) return;
    }
  };
  await batch("MATCH (n:Concept)-[r]->() WHERE n.slug STARTS WITH 'gen-' WITH r LIMIT 50000 DELETE r RETURN count(*) AS n");
  await batch("MATCH (n) WHERE n.slug STARTS WITH 'gen-' WITH n LIMIT 20000 DETACH DELETE n RETURN count(*) AS n");
}

await withBenchStore({ pageCache: '512m' }, async (db, neo4j) => {
  // The first graph warms Neo4j's JIT and plan cache; it is measured again at the end, warm,
  // and the large graph is compared with that warm measurement.
  const cold = await measure(db, neo4j, 'small, first (Neo4j still warming up)', Number(values.small));
  await wipe(db);
  const large = await measure(db, neo4j, 'large', Number(values.concepts));
  await wipe(db);
  const small = await measure(db, neo4j, 'small, again (warm)', Number(values.small));
  console.log(`\n| operation | p50 ms, ${Number(values.small)} concepts | p50 ms, ${Number(values.concepts)} concepts | ratio |`);
  console.log('| --- | ---: | ---: | ---: |');
  for (const name of Object.keys(large.p50)) {
    console.log(`| ${name} | ${small.p50[name]!.toFixed(1)} | ${large.p50[name]!.toFixed(1)} | ${(large.p50[name]! / small.p50[name]!).toFixed(2)}x |`);
  }
  console.log(`\na freshly started server's first related on the hub: ${cold.coldRelated.toFixed(0)} ms on the first small graph, ${large.coldRelated.toFixed(0)} ms large, ${small.coldRelated.toFixed(0)} ms small again`);
  console.log(
    `export of every edge: ${small.export.rows} rows with Node peak RSS ${small.export.rssAfter.toFixed(0)} MiB; ${large.export.rows} rows (${large.export.megabytes.toFixed(0)} MB, ${large.export.seconds.toFixed(0)} s) with ${large.export.rssAfter.toFixed(0)} MiB (${large.export.rssBefore.toFixed(0)} MiB before it)`,
  );
  console.log(`peak RSS: Node ${Math.max(cold.nodeRss, small.nodeRss, large.nodeRss).toFixed(0)} MiB (large run ${large.nodeRss.toFixed(0)} MiB), Neo4j JVM ${peakRssMiB(neo4j.pid).toFixed(0)} MiB`);
});

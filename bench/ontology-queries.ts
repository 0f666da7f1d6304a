/**
 * npm run bench:queries — the ontology-native queries (hierarchies, search within a branch,
 * resolve, compare, connections) under load on the graph users run: the seeds plus the five
 * shared ontologies (18k concepts; "cell" has 2.5k descendants). autocannon at 1, 8 and 64
 * connections, 10 s each after 5 s per query of unmeasured warm-up; req/s, p50, p99, errors.
 * Target (issue #15): every hierarchy query well under 50 ms p50.
 *
 *   npm run bench:queries -- [--duration 10]
 */
import autocannon from 'autocannon';
import { parseArgs } from 'node:util';
import { startOssigraph } from './processes.js';
import { withBenchStore } from './support.js';

const { values } = parseArgs({ options: { duration: { type: 'string', default: '10' } } });
const DURATION = Number(values.duration);

const QUERIES: Record<string, string> = {
  'ancestors of osteoclast': '{ concept(slug: "osteoclast") { ancestors(first: 20) { totalCount edges { distance node { slug name } } } } }',
  'descendants of cell (2.5k), first page': '{ concept(slug: "cell") { descendants(first: 20) { totalCount edges { distance node { slug name } } } } }',
  'children of bone cell': '{ concept(slug: "bone-cell") { children { totalCount edges { node { slug name } } } } }',
  'search "osteo" within bone cell': '{ search(query: "osteo", within: "bone-cell", first: 10) { matchedOn matchedText concept { slug } } }',
  'resolve 10 IDs and names': '{ resolve(ids: ["CL:0000062", "osteoclasts", "Lacunae", "bone", "CL:0000092", "cartilage", "GO:0001503", "rickets", "RBC", "no such thing"]) { status concept { slug } } }',
  'compare osteoblast and chondrocyte': '{ compare(a: "osteoblast", b: "chondrocyte") { similarity aspects { name values } sentences } }',
  'connections osteoblast → bone (depth 3)': '{ connections(from: "osteoblast", to: "bone", maxDepth: 3, first: 5) { totalPaths paths { score explanation } patterns { pattern count } } }',
};

await withBenchStore({ ontologies: true }, async (_db, neo4j) => {
  const server = await startOssigraph(neo4j);
  try {
    const url = `${server.base}/graphql`;
    // Neo4j's JIT has just seen an import: every query gets 5 s of unmeasured load first, so the
    // first one measured is not the one that warms the JVM up.
    for (const query of Object.values(QUERIES)) {
      await autocannon({ url, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }), connections: 8, duration: 5 });
    }
    console.log('| query | connections | req/s | p50 ms | p99 ms | errors |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const [name, query] of Object.entries(QUERIES)) {
      const request = { url, method: 'POST' as const, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) };
      const check = await fetch(url, request);
      const body = (await check.json()) as { errors?: unknown[] };
      if (body.errors) throw new Error(`${name}: ${JSON.stringify(body.errors)}`);
      for (const connections of [1, 8, 64]) {
        const result = await autocannon({ ...request, connections, duration: DURATION, timeout: 20 });
        const errors = result.errors + result.timeouts + result.non2xx;
        console.log(`| ${name} | ${connections} | ${result.requests.average.toFixed(0)} | ${result.latency.p50} | ${result.latency.p99} | ${errors} |`);
      }
    }
  } finally {
    await server.stop();
  }
});

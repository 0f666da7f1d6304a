/**
 * npm run soak — 60 s of mixed operations at 64 connections against ossigraph as users run
 * it (its own process, NODE_ENV=production) on the seeds and the five ontologies, after a
 * 30 s warm-up. Passes when no request fails and Node's resident memory, sampled every 2.5 s,
 * has a median in the run's second half less than 10% above that of its first half; exits 1
 * otherwise.
 *
 *   npm run soak [-- --seconds 60 --connections 64]
 */
import autocannon from 'autocannon';
import { parseArgs } from 'node:util';
import { askGraphQL, memoryMiB, startOssigraph } from './processes.js';
import { percentile } from './stats.js';
import { withBenchStore } from './support.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '60' }, connections: { type: 'string', default: '64' } } });

const OPERATIONS = [
  '{ concept(slug: "osteoblast") { slug name kind relations(first: 20) { edges { node { type to { slug name } } } } } }',
  '{ concept(slug: "osteoblast") { relations(direction: OUT, types: [CAPABLE_OF]) { edges { node { to { slug relations(direction: OUT, types: [PRODUCES]) { edges { node { to { slug } } } } } } } } } }',
  '{ search(query: "bone", first: 10) { score concept { slug name } } }',
  '{ search(query: "osteoblst", first: 5) { concept { slug } } }',
  '{ path(from: "osteoblast", to: "bone") { length concepts { slug } } }',
  '{ paths(from: "osteoclast", to: "cartilage", k: 3) { length explanation } }',
  '{ concept(slug: "osteoblast") { related(first: 10) { score reasons } } }',
  '{ concept(slug: "mesoderm-derived-structure") { related(first: 10) { score reasons } } }',
  '{ comparison(slug: "calcification-vs-ossification") { title aspects { name values } related(first: 19) { score topic { ... on Comparison { slug } } } } }',
  '{ subgraph(slugs: ["bone", "cartilage"], depth: 2, limit: 200) { nodes { slug } edges { type } truncated } }',
  '{ concept(slug: "no-such-concept") { name } }',
  '{ concepts(kind: CELL, first: 50) { totalCount edges { node { slug } } pageInfo { endCursor } } }',
];


async function run(url: string, seconds: number) {
  return autocannon({
    url,
    connections: Number(values.connections),
    duration: seconds,
    timeout: 20,
    requests: OPERATIONS.map((query) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) })),
  });
}

const passed = await withBenchStore({ ontologies: true }, async (_db, neo4j) => {
  const server = await startOssigraph(neo4j);
  try {
    const url = `${server.base}/graphql`;
    // autocannon sees statuses only: check once that every operation answers without GraphQL errors.
    for (const query of OPERATIONS) await askGraphQL(url, query);
    // Long enough for the heap to reach its working size on a slow machine, so growth after it means a leak.
    await run(url, 30);
    // RSS follows the garbage collector's sawtooth: two single readings differ by ±20% with no
    // leak at all. A leak shows as a rising level: compare the medians of the run's two halves.
    const samples: number[] = [];
    const sampler = setInterval(() => samples.push(memoryMiB(server.child.pid, 'VmRSS')), 2500);
    const result = await run(url, Number(values.seconds));
    clearInterval(sampler);
    const half = Math.floor(samples.length / 2);
    const before = percentile(samples.slice(0, half), 50);
    const after = percentile(samples.slice(half), 50);
    console.log(`Node RSS every 2.5 s (MiB): ${samples.map((sample) => sample.toFixed(0)).join(' ')}`);
    const errors = result.errors + result.timeouts + result.non2xx;
    const growth = (after - before) / before;
    console.log(`${values.seconds} s at ${values.connections} connections, ${OPERATIONS.length} operations in turn, seeds + five ontologies`);
    console.log(`requests: ${result.requests.total} (${result.requests.average.toFixed(0)}/s), p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`);
    console.log(`errors: ${errors} (connection errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx})`);
    console.log(`Node RSS median, first half ${before.toFixed(0)} MiB, second half ${after.toFixed(0)} MiB: ${(growth * 100).toFixed(1)}% growth`);
    return errors === 0 && growth < 0.1;
  } finally {
    await server.stop();
  }
});
console.log(passed ? 'soak passed' : 'soak FAILED');
process.exitCode = passed ? 0 : 1;

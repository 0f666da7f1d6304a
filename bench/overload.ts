/**
 * npm run bench:overload — 200 connections sending heavy queries (a 3-deep neighbourhood
 * and related topics of a hub) to ossigraph as users run it, with its default admission
 * control, on the seeds and the five ontologies; meanwhile separate processes probe /health
 * and /ready. Prints how many requests were served and how many were refused with
 * OVERLOADED (503), and the probes' latencies (the target: p99 within 250 ms).
 *
 *   npm run bench:overload [-- --seconds 30 --connections 200]
 */
import autocannon from 'autocannon';
import { parseArgs } from 'node:util';
import { probe, startOssigraph } from './processes.js';
import { percentile } from './stats.js';
import { withBenchStore } from './support.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '30' }, connections: { type: 'string', default: '200' } } });
const SECONDS = Number(values.seconds);
const HEAVY = '{ concept(slug: "mesoderm-derived-structure") { neighbors(depth: 3, first: 200) { slug name } related(first: 20) { score reasons } } }';

await withBenchStore({ ontologies: true }, async (_db, neo4j) => {
  const server = await startOssigraph(neo4j);
  try {
    const health = probe(`${server.base}/health`, SECONDS);
    const ready = probe(`${server.base}/ready`, SECONDS);
    const result = await autocannon({
      url: `${server.base}/graphql`,
      method: 'POST',
      connections: Number(values.connections),
      duration: SECONDS,
      timeout: 30,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: HEAVY }),
    });
    const served = result['2xx'];
    console.log(`${values.connections} connections of heavy queries for ${SECONDS} s (default admission: 32 at once, 128 waiting)`);
    console.log(`served ${served} (${(served / SECONDS).toFixed(0)}/s), refused with 503 OVERLOADED ${result['5xx']}, other errors ${result.errors + result.timeouts}`);
    console.log(`latency of all answers: p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`);
    for (const [name, probed] of [['/health', await health], ['/ready', await ready]] as const) {
      console.log(`${name}: ${probed.latencies.length} probes, p50 ${percentile(probed.latencies, 50).toFixed(1)} ms, p99 ${percentile(probed.latencies, 99).toFixed(1)} ms, max ${Math.max(...probed.latencies).toFixed(1)} ms, failed ${probed.errors}`);
    }
  } finally {
    await server.stop();
  }
});

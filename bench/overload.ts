/**
 * npm run bench:overload — 200 clients sending heavy queries (a 3-deep neighbourhood and
 * related topics of the most connected concept) to ossigraph as users run it, with its
 * default admission control, on the seeds and the five ontologies; meanwhile separate
 * processes probe /health and /ready. Two rounds on one server:
 *
 * - clients that honour Retry-After (the API's contract: after a 503 they wait the seconds
 *   it gives, then ask again);
 * - clients that ignore it (autocannon: each of the 200 connections asks again at once).
 *
 * Prints how many requests were served and refused with OVERLOADED (503), and the probes'
 * latencies (the target: p99 within 250 ms).
 *
 *   npm run bench:overload [-- --seconds 30 --connections 200 --max-concurrent N]
 */
import autocannon from 'autocannon';
import { parseArgs } from 'node:util';
import { probe, startOssigraph } from './processes.js';
import { percentile } from './stats.js';
import { withBenchStore } from './support.js';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '30' }, connections: { type: 'string', default: '200' }, 'max-concurrent': { type: 'string' } },
});
const SECONDS = Number(values.seconds);
const CLIENTS = Number(values.connections);
const HEAVY = '{ concept(slug: "mesoderm-derived-structure") { neighbors(depth: 3, first: 200) { slug name } related(first: 20) { score reasons } } }';

interface Round {
  served: number;
  refused: number;
  failed: number;
  latencies: number[];
}

/** `CLIENTS` clients that each ask, and after a 503 wait what Retry-After says. */
async function politeClients(url: string): Promise<Round> {
  const round: Round = { served: 0, refused: 0, failed: 0, latencies: [] };
  const deadline = Date.now() + SECONDS * 1000;
  const client = async () => {
    while (Date.now() < deadline) {
      const started = performance.now();
      try {
        const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: HEAVY }) });
        await response.arrayBuffer();
        round.latencies.push(performance.now() - started);
        if (response.status === 200) round.served += 1;
        else if (response.status === 503) {
          round.refused += 1;
          const wait = Number(response.headers.get('retry-after') ?? 1) * 1000;
          await new Promise((resolve) => setTimeout(resolve, Math.min(wait, Math.max(0, deadline - Date.now()))));
        } else round.failed += 1;
      } catch {
        round.failed += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
  return round;
}

async function greedyClients(url: string): Promise<Round> {
  const result = await autocannon({
    url,
    method: 'POST',
    connections: CLIENTS,
    duration: SECONDS,
    timeout: 30,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: HEAVY }),
  });
  return { served: result['2xx'], refused: result['5xx'], failed: result.errors + result.timeouts + result['4xx'], latencies: [result.latency.p50, result.latency.p99] };
}

await withBenchStore({ ontologies: true }, async (_db, neo4j) => {
  const server = await startOssigraph(neo4j, values['max-concurrent'] ? { OSSIGRAPH_MAX_CONCURRENT: values['max-concurrent'] } : {});
  try {
    console.log(`${CLIENTS} clients of heavy queries, ${SECONDS} s a round (admission: ${values['max-concurrent'] ?? 'default'} at once, 128 waiting)`);
    for (const [name, run] of [
      ['clients honouring Retry-After', politeClients],
      ['clients ignoring Retry-After (autocannon)', greedyClients],
    ] as const) {
      const health = probe(`${server.base}/health`, SECONDS);
      const ready = probe(`${server.base}/ready`, SECONDS);
      const round = await run(`${server.base}/graphql`);
      const [p50, p99] = name.startsWith('clients honouring') ? [percentile(round.latencies, 50), percentile(round.latencies, 99)] : round.latencies;
      console.log(`\n${name}:`);
      console.log(`  served ${round.served} (${(round.served / SECONDS).toFixed(1)}/s), refused with 503 OVERLOADED ${round.refused}, other errors ${round.failed}`);
      console.log(`  latency of all answers: p50 ${p50!.toFixed(0)} ms, p99 ${p99!.toFixed(0)} ms`);
      for (const [probeName, probed] of [['/health', await health], ['/ready', await ready]] as const) {
        console.log(
          `  ${probeName}: ${probed.latencies.length} probes, p50 ${percentile(probed.latencies, 50).toFixed(1)} ms, p99 ${percentile(probed.latencies, 99).toFixed(1)} ms, max ${Math.max(...probed.latencies).toFixed(1)} ms, failed ${probed.errors}`,
        );
      }
    }
  } finally {
    await server.stop();
  }
});

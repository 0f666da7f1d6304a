/**
 * Recommendation latency: Concept.related and Comparison.related through the GraphQL
 * handler (in process) on the seeds plus all five shared ontologies, after the snapshot is
 * warm. The peer is the query one would write in plain Cypher: Adamic–Adar over common
 * neighbours, computed live for each request.
 *
 *   npm run bench:related
 */
import { int } from '../src/db/database.js';
import { createRepositories } from '../src/graph/index.js';
import { buildYoga } from '../src/yoga.js';
import { withBenchStore } from './support.js';

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;
const stats = (values: number[]) => `p50 ${percentile(values, 50).toFixed(1)} ms, p95 ${percentile(values, 95).toFixed(1)} ms, max ${Math.max(...values).toFixed(1)} ms`;

await withBenchStore({ ontologies: true }, async (db) => {
  const yoga = buildYoga({ db, repos: createRepositories(db), logError: () => {} });
  const ask = async (query: string, variables: Record<string, unknown>) => {
    const started = performance.now();
    const response = await yoga.fetch('http://bench/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    const body = (await response.json()) as { errors?: unknown };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return performance.now() - started;
  };
  const comparisons = (await db.read<{ slug: string }>('MATCH (c:Comparison) RETURN c.slug AS slug ORDER BY slug')).map((r) => r.slug);
  const concepts = (await db.read<{ slug: string }>('MATCH (c:Concept) RETURN c.slug AS slug ORDER BY c.slug')).map((r) => r.slug);
  const sample = concepts.filter((_, index) => index % Math.ceil(concepts.length / 200) === 0);
  const conceptQuery = 'query($slug: String!) { concept(slug: $slug) { related(first: 10) { score reasons topic { __typename } } } }';
  const comparisonQuery = 'query($slug: String!) { comparison(slug: $slug) { related(first: 19) { score reasons topic { __typename } } } }';

  const cold = await ask(comparisonQuery, { slug: 'calcification-vs-ossification' });
  const comparisonTimes: number[] = [];
  for (const slug of comparisons) comparisonTimes.push(await ask(comparisonQuery, { slug }));
  const conceptTimes: number[] = [];
  for (const slug of sample) conceptTimes.push(await ask(conceptQuery, { slug }));
  const peerTimes: number[] = [];
  for (const slug of sample) {
    const started = performance.now();
    await db.read(
      `MATCH (x:Concept {slug: $slug})--(z:Concept)--(y:Concept) WHERE y <> x
       WITH y, z, COUNT { (z)--() } AS degree
       RETURN y.slug AS slug, sum(1.0 / log(2 + degree)) AS score ORDER BY score DESC, slug LIMIT $limit`,
      { slug, limit: int(10) },
    );
    peerTimes.push(performance.now() - started);
  }
  const graph = (await db.read<{ n: number; r: number }>('MATCH (c:Concept) WITH count(c) AS n MATCH (:Concept)-[r]->(:Concept) RETURN n, count(r) AS r'))[0]!;
  console.log(`graph: ${graph.n} concepts, ${graph.r} relations, ${comparisons.length} comparisons`);
  console.log(`first request (builds the snapshot): ${cold.toFixed(0)} ms`);
  console.log(`Comparison.related(first: 19), all ${comparisons.length} comparisons: ${stats(comparisonTimes)}`);
  console.log(`Concept.related(first: 10), ${sample.length} concepts: ${stats(conceptTimes)}`);
  console.log(`peer, live Cypher Adamic-Adar (top 10 concepts only, no reasons), same concepts: ${stats(peerTimes)}`);
  console.log(`ratio of p50 (peer / ossigraph): ${(percentile(peerTimes, 50) / percentile(conceptTimes, 50)).toFixed(2)}x`);
});

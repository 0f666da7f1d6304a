/**
 * Traversal benchmark: ossigraph against the Neo4j GraphQL Library (@neo4j/graphql, the peer
 * users would otherwise reach for), both served by graphql-yoga over HTTP on loopback, both
 * reading the same embedded Neo4j holding the seeds and all five shared ontologies.
 *
 *   npm run bench:traversal   (BENCH_SECONDS: 10 s per measured run; BENCH_WARMUP_SECONDS: 5 s
 *                              of unmeasured load per query and server first)
 *
 * Each query asks both servers for the same data: the peer through generated per-type
 * relationship fields, ossigraph through Concept.relations with a type filter.
 */
import { Neo4jGraphQL } from '@neo4j/graphql';
import autocannon from 'autocannon';
import { createServer, type Server } from 'node:http';
import { createYoga } from 'graphql-yoga';
import { createRepositories } from '../src/graph/index.js';
import { buildYoga } from '../src/yoga.js';
import { withBenchStore } from './support.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 8;
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);

const PEER_TYPES = /* GraphQL */ `
  type Concept @node(labels: ["Concept"]) {
    slug: String!
    name: String!
    kind: String!
    capableOf: [Concept!]! @relationship(type: "CAPABLE_OF", direction: OUT)
    produces: [Concept!]! @relationship(type: "PRODUCES", direction: OUT)
    subtypes: [Concept!]! @relationship(type: "IS_A", direction: IN)
  }
`;

const QUERIES = [
  {
    name: 'one concept by slug (the fixed cost of a request)',
    ossigraph: `{ concept(slug: "osteoblast") { slug name kind } }`,
    peer: `{ concepts(where: { slug: { eq: "osteoblast" } }) { slug name kind } }`,
  },
  {
    name: 'osteoblast → ossification → bone (CAPABLE_OF, then PRODUCES)',
    ossigraph: `{ concept(slug: "osteoblast") { slug relations(direction: OUT, types: [CAPABLE_OF]) { edges { node { to {
      slug relations(direction: OUT, types: [PRODUCES]) { edges { node { to { slug name } } } } } } } } } }`,
    peer: `{ concepts(where: { slug: { eq: "osteoblast" } }) { slug capableOf { slug produces { slug name } } } }`,
  },
  ...[
    ['cell', '3 subtypes, 45 below them'],
    ['anatomical-structure', '25 subtypes, 800 below them'],
    ['mesoderm-derived-structure', '255 subtypes, 322 below them'],
  ].map(([slug, shape]) => ({
    name: `two levels of subtypes under "${slug}" (${shape}; IS_A incoming, up to 50 per level)`,
    ossigraph: `{ concept(slug: "${slug}") { slug relations(direction: IN, types: [IS_A], first: 50) { edges { node { from {
      slug relations(direction: IN, types: [IS_A], first: 50) { edges { node { from { slug name } } } } } } } } } }`,
    peer: `{ concepts(where: { slug: { eq: "${slug}" } }) { slug subtypes(limit: 50, sort: [{ slug: ASC }]) { slug subtypes(limit: 50, sort: [{ slug: ASC }]) { slug name } } } }`,
  })),
];

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    resolve(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/graphql`);
  }));
}

async function load(url: string, query: string, duration = SECONDS) {
  const result = await autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

async function once(url: string, query: string): Promise<unknown> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  const body = (await response.json()) as { errors?: unknown[]; data?: unknown };
  if (body.errors) throw new Error(`${url}: ${JSON.stringify(body.errors).slice(0, 300)}`);
  return body.data;
}

const servers: Server[] = [];
await withBenchStore({ ontologies: true }, async (db) => {
  try {

    const ours = createServer(buildYoga({ db, repos: createRepositories(db), logError: () => {} }));
    const peerSchema = await new Neo4jGraphQL({ typeDefs: PEER_TYPES, driver: db.driver }).getSchema();
    const peer = createServer(createYoga({ schema: peerSchema, graphiql: false, context: () => ({ sessionConfig: { database: 'neo4j' } }) }));
    servers.push(ours, peer);
    const [oursUrl, peerUrl] = [await listen(ours), await listen(peer)];

    console.log(`${CONNECTIONS} connections, ${SECONDS} s per run, graph: seeds + five ontologies\n`);
    console.log('| query | server | req/s | p50 ms | p99 ms | errors |');
    console.log('| --- | --- | ---: | ---: | ---: | ---: |');
    // Warm-up, not measured: the JVM's JIT, Neo4j's compiled query plans and V8 both need
    // a few thousand requests before they settle; measuring cold favours whoever runs second.
    for (const query of QUERIES) {
      await once(oursUrl, query.ossigraph);
      await once(peerUrl, query.peer);
      await load(oursUrl, query.ossigraph, WARMUP_SECONDS);
      await load(peerUrl, query.peer, WARMUP_SECONDS);
    }
    for (const query of QUERIES) {
      const a = await load(oursUrl, query.ossigraph);
      const b = await load(peerUrl, query.peer);
      console.log(`| ${query.name} | ossigraph | ${a.rps.toFixed(0)} | ${a.p50} | ${a.p99} | ${a.errors} |`);
      console.log(`| | @neo4j/graphql | ${b.rps.toFixed(0)} | ${b.p50} | ${b.p99} | ${b.errors} |`);
      console.log(`| | ratio (ossigraph / peer) | ${(a.rps / b.rps).toFixed(2)}x | | | |`);
    }
  } finally {
    for (const server of servers) server.close();
  }
});

/**
 * npm run bench — ossigraph against the Neo4j GraphQL Library (the peer users would
 * otherwise reach for) and a floor (node:http + neo4j-driver running exactly the Cypher
 * ossigraph runs), each in its own process over one embedded Neo4j holding the seeds and
 * all five shared ontologies. Every operation at 8 and at 64 connections; the servers take
 * turns, round after round, so a noisy moment of this 2-core machine hits all three alike.
 * During each 64-connection `related` run, a separate process probes /health.
 *
 *   npm run bench [-- --seconds 8 --rounds 2 --warmup 3 --only related --bare-yoga]
 *
 * Prints req/s (median of the rounds), p50 and p99 latency, errors (non-2xx, GraphQL errors
 * not counted: each server's answer is checked once before), ossigraph ÷ peer and
 * ossigraph ÷ floor, and floor ÷ peer: how far any server over ossigraph's statements could go.
 * With --bare-yoga, a fourth server: ossigraph's schema and resolvers on a yoga with none of
 * ossigraph's HTTP policies (bench/bare-yoga-server.ts), and its ratio to the floor: the part
 * of the gap to the floor that is yoga's and GraphQL's, not the policies'.
 */
import autocannon from 'autocannon';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../src/config.js';
import type { Database } from '../src/db/database.js';
import { createRepositories } from '../src/graph/index.js';
import { RELATION_TYPE_NAMES } from '../src/graph/vocabulary.js';
import { buildYoga } from '../src/yoga.js';
import { peerField } from './peer-schema.js';
import { cpuMs, probe, startOssigraph, startProcess, V8_FLAGS, type ServedProcess } from './processes.js';
import { recordParams, type RecordedStatement } from './recorded.js';
import { median, percentile } from './stats.js';
import { withBenchStore } from './support.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '2' },
    warmup: { type: 'string', default: '3' },
    only: { type: 'string' },
    connections: { type: 'string', default: '8,64' },
    'bare-yoga': { type: 'boolean', default: false },
  },
});
const SECONDS = Number(values.seconds);
const ROUNDS = Number(values.rounds);
const WARMUP = Number(values.warmup);
const CONNECTIONS = values.connections!.split(',').map(Number);
/** The server of --bare-yoga. */
const BARE_YOGA = 'yoga alone';

interface Operation {
  name: string;
  ossigraph: string;
  peer: string;
  /** Probe /health during this operation's 64-connection runs. */
  health?: boolean;
}

const MID = 'osteoblast'; // 20 relations on the imported graph
const HUB = 'mesoderm-derived-structure'; // 257 relations, the most connected concept there
const relatedQuery = (slug: string) => ({
  ossigraph: `{ concept(slug: "${slug}") { related(first: 10) { score reasons topic { ... on Concept { slug name } ... on Comparison { slug title } } } } }`,
  peer: `{ concepts(where: { slug: { eq: "${slug}" } }) { related(first: 10) { slug name } } }`,
});

export const OPERATIONS: Operation[] = [
  {
    name: 'concept + relations',
    ossigraph: `{ concept(slug: "${MID}") { slug name kind relations(direction: OUT, first: 20) { edges { node { type to { slug name } } } } } }`,
    peer: `{ concepts(where: { slug: { eq: "${MID}" } }) { slug name kind ${RELATION_TYPE_NAMES.map((type) => `${peerField(type)}(limit: 20) { slug name }`).join(' ')} } }`,
  },
  {
    name: '2-hop traversal',
    ossigraph: `{ concept(slug: "osteoblast") { slug relations(direction: OUT, types: [CAPABLE_OF]) { edges { node { to {
      slug relations(direction: OUT, types: [PRODUCES]) { edges { node { to { slug name } } } } } } } } } }`,
    peer: `{ concepts(where: { slug: { eq: "osteoblast" } }) { slug capableOf { slug produces { slug name } } } }`,
  },
  {
    name: 'search "bone"',
    ossigraph: `{ search(query: "bone", first: 10) { score concept { slug name } } }`,
    peer: `{ searchConcepts(query: "bone", first: 10) { slug name } }`,
  },
  {
    name: 'shortest path',
    ossigraph: `{ path(from: "osteoblast", to: "bone") { length concepts { slug name } } }`,
    peer: `{ shortestPath(from: "osteoblast", to: "bone") { slug name } }`,
  },
  { name: `related, mid-degree (${MID})`, ...relatedQuery(MID), health: true },
  { name: `related, hub (${HUB})`, ...relatedQuery(HUB) },
];

interface Run {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU ms per request: the server's process, Neo4j's JVM, and this process (the load generator). */
  serverCpu: number;
  neo4jCpu: number;
  loadCpu: number;
}

const graphqlRequest = (url: string, query: string) => ({
  url,
  method: 'POST' as const,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ query }),
});

type LoadRequest = { url: string; method: 'POST' | 'GET'; headers?: Record<string, string>; body?: string };

/** Loads one server; with its pid and Neo4j's, also what each spent in CPU per request. */
async function load(request: LoadRequest, connections: number, duration: number, pids: { server?: ServedProcess; neo4j?: number } = {}): Promise<Run> {
  const before = { server: pids.server?.cpuMs() ?? 0, neo4j: cpuMs(pids.neo4j), load: process.cpuUsage() };
  const result = await autocannon({ ...request, connections, duration, timeout: 20 });
  const loadUsage = process.cpuUsage(before.load);
  const n = Math.max(1, result.requests.total);
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    serverCpu: ((pids.server?.cpuMs() ?? 0) - before.server) / n,
    neo4jCpu: (cpuMs(pids.neo4j) - before.neo4j) / n,
    loadCpu: (loadUsage.user + loadUsage.system) / 1000 / n,
  };
}

async function checkOnce(name: string, url: string, init: RequestInit, fetcher: typeof fetch = fetch): Promise<void> {
  const response = await fetcher(url, init);
  const body = (await response.json()) as { errors?: unknown[] };
  if (!response.ok || body.errors) throw new Error(`${name}: ${response.status} ${JSON.stringify(body).slice(0, 400)}`);
}

/** Runs each operation through ossigraph's handler in this process and keeps the statements it sent. */
async function recordStatements(db: Database, operations: Operation[]): Promise<Record<string, RecordedStatement[]>> {
  const repos = createRepositories(db);
  // As the server does: search ranks exact and prefix matches from its index once loaded.
  await repos.searchIndex.catchUp();
  const yoga = buildYoga({ db, repos, logError: () => {} });
  const recorded: Record<string, RecordedStatement[]> = {};
  for (const operation of operations) {
    let statements: RecordedStatement[] = [];
    const stop = db.onStatement((cypher, params) => statements.push({ cypher, params: recordParams(params) }));
    try {
      for (let attempt = 0; attempt < 2; attempt += 1) {
        statements = [];
        const request = graphqlRequest('http://bench/graphql', operation.ossigraph);
        await checkOnce(`record ${operation.name}`, request.url, request, (url, init) => Promise.resolve(yoga.fetch(String(url), init as RequestInit)));
      }
    } finally {
      stop();
    }
    recorded[operation.name] = statements;
  }
  return recorded;
}

if (!existsSync(path.join(PROJECT_ROOT, 'dist', 'cli.js'))) execFileSync('npm', ['run', 'build'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
const operations = OPERATIONS.filter((operation) => !values.only || operation.name.includes(values.only));

await withBenchStore({ ontologies: true }, async (db, neo4j) => {
  const neo4jUri = neo4j.uri;
  const statementsFile = path.join(await mkdtemp(path.join(os.tmpdir(), 'ossigraph-floor-')), 'statements.json');
  await writeFile(statementsFile, JSON.stringify(await recordStatements(db, operations)));
  const env = { NEO4J_URI: neo4jUri, NEO4J_PASSWORD: neo4j.password };
  const servers: ServedProcess[] = [];
  try {
    servers.push(await startOssigraph(neo4j));
    // The same V8 flags as ossigraph's npm start (a larger young generation), so the ratios compare code, not flags.
    servers.push(await startProcess('@neo4j/graphql', [...V8_FLAGS, '--import', 'tsx', 'bench/peer-server.ts'], env, '/health'));
    servers.push(await startProcess('floor', [...V8_FLAGS, '--import', 'tsx', 'bench/floor-server.ts'], { ...env, FLOOR_STATEMENTS: statementsFile }, '/health'));
    if (values['bare-yoga']) servers.push(await startProcess(BARE_YOGA, [...V8_FLAGS, '--import', 'tsx', 'bench/bare-yoga-server.ts'], env, '/health'));
    const requestOf = (server: ServedProcess, operation: Operation) =>
      server.name === 'floor'
        ? { url: `${server.base}/op/${encodeURIComponent(operation.name)}`, method: 'GET' as const }
        : graphqlRequest(`${server.base}/graphql`, server.name === '@neo4j/graphql' ? operation.peer : operation.ossigraph);

    for (const operation of operations) {
      for (const server of servers) {
        const request = requestOf(server, operation);
        await checkOnce(`${server.name} ${operation.name}`, request.url, request);
        // Warm-up, not measured: JIT-compiled plans in Neo4j and V8 settle after some thousands of requests.
        if (WARMUP > 0) await load(request, 8, WARMUP);
      }
    }

    const graph = (await db.read<{ n: number; r: number }>('MATCH (c:Concept) WITH count(c) AS n MATCH (:Concept)-[r]->(:Concept) RETURN n, count(r) AS r'))[0]!;
    console.log(`\ngraph: seeds + five ontologies, ${graph.n} concepts, ${graph.r} relations; ${SECONDS} s per run, ${ROUNDS} rounds, servers alternating; ${os.cpus().length} cores shared with the load generator\n`);
    // CPU per request shows where a ratio comes from: the server's own work, Neo4j's, and the load generator's.
    console.log('| operation | connections | server | req/s | p50 ms | p99 ms | errors | server CPU ms/req | Neo4j CPU ms/req | load gen CPU ms/req |');
    console.log('| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    const healthRows: string[] = [];
    const ratioRows: string[] = [];
    for (const operation of operations) {
      for (const connections of CONNECTIONS) {
        const runs = new Map<string, Run[]>(servers.map((server) => [server.name, []]));
        const health = new Map<string, { latencies: number[]; errors: number }[]>(servers.map((server) => [server.name, []]));
        for (let round = 0; round < ROUNDS; round += 1) {
          // Rotate who goes first, so no server always runs right after a particular other.
          for (const server of [...servers.slice(round % servers.length), ...servers.slice(0, round % servers.length)]) {
            const probing = operation.health && connections >= 64 ? probe(`${server.base}/health`, SECONDS) : null;
            runs.get(server.name)!.push(await load(requestOf(server, operation), connections, SECONDS, { server, neo4j: neo4j.pid }));
            if (probing) health.get(server.name)!.push(await probing);
          }
        }
        const summary = new Map<string, Run>();
        for (const [name, list] of runs) {
          const middle = (key: keyof Run) => median(list.map((r) => r[key]));
          const run: Run = {
            rps: middle('rps'),
            p50: middle('p50'),
            p99: middle('p99'),
            errors: list.reduce((sum, r) => sum + r.errors, 0),
            serverCpu: middle('serverCpu'),
            neo4jCpu: middle('neo4jCpu'),
            loadCpu: middle('loadCpu'),
          };
          summary.set(name, run);
          console.log(
            `| ${operation.name} | ${connections} | ${name} | ${run.rps.toFixed(0)} | ${run.p50} | ${run.p99} | ${run.errors} | ${run.serverCpu.toFixed(2)} | ${run.neo4jCpu.toFixed(2)} | ${run.loadCpu.toFixed(2)} |`,
          );
        }
        const ours = summary.get('ossigraph')!;
        const [peer, floor] = [summary.get('@neo4j/graphql')!, summary.get('floor')!];
        const bare = summary.get(BARE_YOGA);
        ratioRows.push(
          `| ${operation.name} | ${connections} | ${(ours.rps / peer.rps).toFixed(2)}x | ${(ours.rps / floor.rps).toFixed(2)}x | ${(floor.rps / peer.rps).toFixed(2)}x |${bare ? ` ${(bare.rps / floor.rps).toFixed(2)}x |` : ''}`,
        );
        for (const [name, probes] of health) {
          if (!probes.length) continue;
          const latencies = probes.flatMap((probe) => probe.latencies);
          healthRows.push(
            `| ${operation.name}, ${connections} connections | ${name} | ${latencies.length} | ${percentile(latencies, 50).toFixed(1)} | ${percentile(latencies, 99).toFixed(1)} | ${Math.max(...latencies).toFixed(1)} | ${probes.reduce((sum, p) => sum + p.errors, 0)} |`,
          );
        }
      }
    }
    // floor ÷ peer: the most any server running ossigraph's statements could reach against the peer.
    const bareColumn = values['bare-yoga'] ? [' yoga alone ÷ floor |', ' ---: |'] : ['', ''];
    console.log(`\n| operation | connections | ossigraph ÷ peer | ossigraph ÷ floor | floor ÷ peer |${bareColumn[0]}`);
    console.log(`| --- | ---: | ---: | ---: | ---: |${bareColumn[1]}`);
    for (const row of ratioRows) console.log(row);
    if (healthRows.length) {
      console.log('\n/health while the server is under that load (a new connection per probe, every 25 ms):\n');
      console.log('| load | server | probes | p50 ms | p99 ms | max ms | errors |');
      console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
      for (const row of healthRows) console.log(row);
    }
    console.log(`\npeak RSS: ${servers.map((server) => `${server.name} ${server.peakRssMiB().toFixed(0)} MiB`).join(', ')}`);
  } finally {
    for (const server of servers) await server.stop();
  }
});

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createRepositories } from '../src/graph/index.js';
import { createAdmission } from '../src/http/admission.js';
import { startServer, type RunningServer } from '../src/server.js';
import { buildYoga } from '../src/yoga.js';
import { seededApi } from './support/harness.js';

const post = (url: string, query: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
/** The server as `npm start` builds it, on the run's Neo4j, with these settings. */
const serverOnTestNeo4j = (settings: Record<string, string>) =>
  startServer(
    loadConfig({
      PORT: '0', NEO4J_URI: inject('neo4jUri'), NEO4J_USER: inject('neo4jUser'), NEO4J_PASSWORD: inject('neo4jPassword'), NODE_ENV: 'test',
      ...settings,
    }),
    () => {},
  );
const timed = async <T>(work: () => Promise<T>) => {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
};

describe('a killed embedded Neo4j', () => {
  let server: RunningServer;
  let dataDir: string;
  const lines: string[] = [];
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'ossigraph-kill-'));
    server = await startServer(
      loadConfig({ PORT: '0', OSSIGRAPH_DATA_DIR: dataDir, OSSIGRAPH_NEO4J_HEAP: '384m', OSSIGRAPH_NEO4J_PAGECACHE: '64m', NODE_ENV: 'test' }),
      (level, message, fields) => lines.push(JSON.stringify({ level, message, ...fields })),
    );
  });
  afterAll(async () => {
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers fast with DATABASE_UNAVAILABLE, keeps /health up, and recovers without a restart of the server', async () => {
    const base = server.url.replace(/\/graphql$/, '');
    const query = '{ concept(slug: "osteoblast") { name related(first: 3) { score } } }';
    expect((await post(server.url, query)).status).toBe(200);
    const before = server.connection.embeddedPid()!;
    process.kill(before, 'SIGKILL');

    // Within a second of the kill, every request answers, and answers 503 with a code.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    for (let i = 0; i < 5; i += 1) {
      const { value: response, ms } = await timed(() => post(server.url, query));
      expect(ms).toBeLessThan(1000);
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      const body = (await response.json()) as any;
      expect(body.errors[0].extensions.code).toBe('DATABASE_UNAVAILABLE');
      expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|bolt|ECONNREFUSED|at .*\.js/);
    }
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'unavailable' });
    expect((await fetch(`${base}/health`)).status).toBe(200);

    // The supervisor restarts Neo4j; the server answers again on its own.
    const deadline = Date.now() + 90_000;
    let status = 0;
    while (Date.now() < deadline && status !== 200) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      status = (await post(server.url, query)).status;
    }
    expect(status).toBe(200);
    // The new JVM may answer while it still sets its password, a moment before it announces
    // itself ready and the supervisor records it.
    const recorded = Date.now() + 10_000;
    while (Date.now() < recorded && server.connection.embeddedPid() === before) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.connection.embeddedPid()).not.toBe(before);
    expect((await fetch(`${base}/ready`)).status).toBe(200);
    // One line for the loss, one for the death, one for the restart, one for the recovery: not one per request.
    const incident = lines.filter((line) => /unavailable|died|restarted|available again/.test(line));
    expect(incident.length).toBeLessThanOrEqual(6);
    expect(lines.some((line) => /died/.test(line) && /SIGKILL/.test(line))).toBe(true);
  }, 150_000);
});

describe('admission control', () => {
  let api: Awaited<ReturnType<typeof seededApi>>;
  beforeAll(async () => {
    api = await seededApi();
  });
  afterAll(async () => {
    await api?.close();
  });

  it('refuses what it cannot queue with OVERLOADED at once, serves the rest, and never queues /health', async () => {
    const yoga = buildYoga({ db: api.db, repos: createRepositories(api.db), logError: () => {}, admission: createAdmission({ concurrency: 2, queue: 3, queueTimeoutMs: 5000 }) });
    const heavy = '{ concept(slug: "bone") { related(first: 20) { score reasons } neighbors(depth: 3, first: 200) { slug } } }';
    const ask = async () =>
      yoga.fetch('http://ossigraph.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: heavy }) });
    const flood = Array.from({ length: 30 }, ask);
    const health = await timed(async () => yoga.fetch('http://ossigraph.test/health'));
    const responses = await Promise.all(flood);
    expect(health.value.status).toBe(200);
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThanOrEqual(5);
    const refused = responses.filter((response) => response.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    expect(statuses.every((status) => status === 200 || status === 503)).toBe(true);
    for (const response of refused) {
      expect(response.headers.get('retry-after')).toBe('1');
      expect(((await response.json()) as any).errors[0].extensions.code).toBe('OVERLOADED');
    }
    // Once the flood has passed, everything is admitted again.
    expect((await ask()).status).toBe(200);
  });

  it('with a per-client rate limit, refuses a greedy client with RATE_LIMITED and Retry-After, not the others', async () => {
    const yoga = buildYoga({ db: api.db, repos: createRepositories(api.db), logError: () => {}, rateLimit: { perSecond: 0.5, burst: 2 } });
    const ask = (key?: string) =>
      yoga.fetch('http://ossigraph.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
        body: JSON.stringify({ query: '{ concept(slug: "bone") { name } }' }),
      });
    expect((await ask()).status).toBe(200);
    expect((await ask()).status).toBe(200);
    const refused = await ask();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('2');
    expect(((await refused.json()) as any).errors[0].extensions.code).toBe('RATE_LIMITED');
    // Another client (known by its key) has its own allowance; /health is never limited.
    expect((await ask('a-client-key-of-sixteen-chars')).status).toBe(200);
    expect((await yoga.fetch('http://ossigraph.test/health')).status).toBe(200);
  });
});

describe('the HTTP front door', () => {
  it('answers probes, and refuses what admission control would refuse, before yoga reads the request', async () => {
    const server = await serverOnTestNeo4j({ OSSIGRAPH_MAX_CONCURRENT: '1', OSSIGRAPH_MAX_QUEUE: '1' });
    try {
      const base = server.url.replace(/\/graphql$/, '');
      const query = '{ concept(slug: "bone") { related(first: 20) { score reasons } neighbors(depth: 3, first: 200) { slug } } }';
      const flood = Array.from({ length: 12 }, () => post(server.url, query));
      const health = await fetch(`${base}/health`);
      const ready = await fetch(`${base}/ready`);
      const responses = await Promise.all(flood);
      expect(health.status).toBe(200);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready' });
      const refused = responses.filter((response) => response.status === 503);
      expect(refused.length).toBeGreaterThanOrEqual(8);
      expect(responses.filter((response) => response.status === 200).length).toBeGreaterThanOrEqual(2);
      for (const response of refused) {
        expect(response.headers.get('retry-after')).toBe('1');
        expect(await response.json()).toEqual({ errors: [{ message: 'The server is busy; retry in a moment.', extensions: { code: 'OVERLOADED' } }] });
      }
    } finally {
      await server.close();
    }
  });
});

describe('graceful shutdown', () => {
  it('answers every request in flight when it stops', async () => {
    // One request at a time: the other nineteen wait in the admission queue, received and in
    // flight, so the stop comes while every one of them is unanswered, however fast the machine.
    const server = await serverOnTestNeo4j({ OSSIGRAPH_MAX_CONCURRENT: '1', OSSIGRAPH_MAX_QUEUE: '50' });
    const query = '{ concept(slug: "bone") { related(first: 20) { score reasons } neighbors(depth: 2, first: 50) { slug } } }';
    let answered = 0;
    const inFlight = Array.from({ length: 20 }, () =>
      post(server.url, query).then(
        (response) => {
          answered += 1;
          return response.status;
        },
        (error: Error) => error.message,
      ),
    );
    const deadline = Date.now() + 10_000;
    while (server.inFlight() + answered < 20 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 1));
    expect(server.inFlight()).toBeGreaterThan(10);
    await server.close();
    expect(await Promise.all(inFlight)).toEqual(Array(20).fill(200));
    await expect(post(server.url, query)).rejects.toThrow();
  });
});

import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Database } from '../src/db/database.js';
import { createRepositories, type Repositories } from '../src/graph/index.js';
import { buildYoga } from '../src/yoga.js';
import { seededApi } from './support/harness.js';
import { subscribe } from './support/sse.js';

// Two server instances over one Neo4j behind a round-robin proxy behave as one: whatever
// instance a request lands on, it sees every write, follows every cursor and hears every
// change. The second instance reaches Neo4j through a neo4j:// routing URI, as it would a
// cluster or Aura (neo4j+s://).

const KEY = 'scale-out-test-key-0123456';
let api: Awaited<ReturnType<typeof seededApi>>;
let routed: Database;
const servers: Server[] = [];
let proxyUrl: string;
const served = [0, 0];
let stopIndexes = () => {};
let repos: Repositories[] = [];

const listen = async (server: Server) => {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
};

beforeAll(async () => {
  api = await seededApi({ writeKeys: [KEY] });
  routed = new Database({ uri: inject('neo4jUri').replace(/^bolt:/, 'neo4j:'), user: inject('neo4jUser'), password: inject('neo4jPassword'), database: 'neo4j', queryTimeoutMs: 30_000 });
  await routed.verify();
  // Each instance as the server runs it: with search's index loaded and following the change log.
  repos = [createRepositories(api.db), createRepositories(routed)];
  await Promise.all(repos.map((instance) => instance.searchIndex.start()));
  stopIndexes = () => repos.forEach((instance) => instance.searchIndex.stop());
  const [first, second] = [buildYoga({ db: api.db, repos: repos[0]!, writeKeys: [KEY] }), buildYoga({ db: routed, repos: repos[1]!, writeKeys: [KEY] })];
  const ports = [await listen(createServer(first)), await listen(createServer(second))];
  // Any proxy will do: this one sends each request to the next instance in turn, streaming both ways.
  let turn = 0;
  const proxy = createServer((incoming, outgoing) => {
    const index = turn++ % 2;
    served[index]! += 1;
    const upstream = httpRequest({ host: '127.0.0.1', port: ports[index], path: incoming.url, method: incoming.method, headers: incoming.headers }, (response) => {
      outgoing.writeHead(response.statusCode ?? 502, response.headers);
      response.pipe(outgoing);
    });
    upstream.on('error', () => outgoing.destroy());
    outgoing.on('close', () => upstream.destroy());
    incoming.pipe(upstream);
  });
  proxyUrl = `http://127.0.0.1:${await listen(proxy)}/graphql`;
});

afterAll(async () => {
  stopIndexes();
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  await api?.db.write("MATCH (c:Concept) WHERE c.slug STARTS WITH 'scale-out-probe' DETACH DELETE c");
  await routed?.close();
  await api?.close();
});

async function graphql(query: string, variables: Record<string, unknown> = {}, write = false): Promise<any> {
  const response = await fetch(proxyUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(write ? { authorization: `Bearer ${KEY}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as any;
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data;
}

describe('two instances behind a proxy', () => {
  it('see each other\'s writes at once: search, related topics and relations, whichever instance answers', async () => {
    await graphql('mutation { createConcept(input: { slug: "scale-out-probe", name: "Scale-out probe cell", kind: CELL }) { slug } }', {}, true);
    await graphql('mutation { createRelation(input: { from: "scale-out-probe", type: CAPABLE_OF, to: "ossification" }) { type } }', {}, true);
    for (let i = 0; i < 4; i++) {
      const data = await graphql('{ search(query: "scale-out probe", first: 3) { concept { slug } } concept(slug: "scale-out-probe") { relations { totalCount } related(first: 10) { topic { ... on Concept { slug } } } } }');
      expect(data.search[0].concept.slug).toBe('scale-out-probe');
      expect(data.concept.relations.totalCount).toBe(1);
      expect(data.concept.related.map((r: any) => r.topic.slug)).toContain('ossification');
    }
    // Once both indexes have applied the writes (they poll every 250 ms), search and related are
    // ranked in memory on both, and answer the same.
    await new Promise((resolve) => setTimeout(resolve, 600));
    const latest = (await api.db.read<{ seq: number }>("MATCH (log:ChangeLog {id: 'graph'}) RETURN log.seq AS seq"))[0]!.seq;
    expect(repos.map((instance) => instance.searchIndex.appliedSeq)).toEqual([latest, latest]);
    for (let i = 0; i < 2; i++) {
      const data = await graphql('{ search(query: "scale-out probe", first: 3) { concept { slug } } concept(slug: "scale-out-probe") { related(first: 10) { topic { ... on Concept { slug } } } } }');
      expect(data.search[0].concept.slug).toBe('scale-out-probe');
      expect(data.concept.related.map((r: any) => r.topic.slug)).toContain('ossification');
    }
    await graphql('mutation { deleteConcept(slug: "scale-out-probe") { slug } }', {}, true);
    for (let i = 0; i < 2; i++) expect((await graphql('{ concept(slug: "scale-out-probe") { slug } }')).concept).toBeNull();
    expect(served[0]).toBeGreaterThan(2);
    expect(served[1]).toBeGreaterThan(2);
  });

  it('follow each other\'s cursors: a page from one instance continues on the other', async () => {
    const first = await graphql('{ concepts(first: 10) { edges { node { slug } } pageInfo { endCursor } } }');
    const second = await graphql('query($after: String) { concepts(first: 10, after: $after) { edges { node { slug } } } }', { after: first.concepts.pageInfo.endCursor });
    const all = await graphql('{ concepts(first: 20) { edges { node { slug } } } }');
    expect([...first.concepts.edges, ...second.concepts.edges]).toEqual(all.concepts.edges);
  });

  it('tell a subscriber on one instance about a write that went through the other', async () => {
    const listener = await subscribe(proxyUrl, 'subscription { graphChanged { entity action key } }');
    try {
      await new Promise((resolve) => setTimeout(resolve, 400)); // the feed has taken its starting point
      // The next request goes to the other instance than the subscription's.
      await graphql('mutation { createConcept(input: { slug: "scale-out-probe-2", name: "Scale-out probe two", kind: CELL }) { slug } }', {}, true);
      expect((await listener.next()).data.graphChanged).toEqual({ entity: 'CONCEPT', action: 'CREATED', key: 'scale-out-probe-2' });
    } finally {
      listener.stop();
      await graphql('mutation { deleteConcept(slug: "scale-out-probe-2") { slug } }', {}, true);
    }
  });
});

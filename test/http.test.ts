import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepositories } from '../src/graph/index.js';
import { buildYoga, EXAMPLE_TABS } from '../src/yoga.js';
import { seededApi } from './support/harness.js';

let api: Awaited<ReturnType<typeof seededApi>>;
beforeAll(async () => {
  api = await seededApi();
});
afterAll(async () => {
  await api?.close();
});

const get = (path: string, headers: Record<string, string> = {}) => api.yoga.fetch(`http://ossigraph.test${path}`, { headers });

describe('HTTP endpoints', () => {
  it('answers /health while the process is up and /ready while Neo4j answers', async () => {
    expect((await get('/health')).status).toBe(200);
    const ready = await get('/ready');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('refuses GET variables or extensions that are not JSON with a 400 saying where, not a 500', async () => {
    for (const name of ['variables', 'extensions']) {
      const response = await get(`/graphql?query=${encodeURIComponent('{ __typename }')}&${name}=${encodeURIComponent('{"slug": bone}')}`, { accept: 'application/json' });
      expect(response.status).toBe(400);
      const body = (await response.json()) as any;
      expect(body.errors[0].message).toBe(`"${name}" is not valid JSON: unexpected 'b'`);
      expect(body.errors[0].extensions.code).toBe('BAD_REQUEST');
    }
    expect(api.maskedErrors).toEqual([]);
  });

  it('serves GraphiQL at /graphql to browsers, opening on the osteoblast → bone traversal', async () => {
    const response = await get('/graphql', { accept: 'text/html' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    expect(html).toContain('GraphiQL');
    expect(html).toContain('concept(slug: \\"osteoblast\\")');
  });

  it('runs every GraphiQL example tab on the curated graph without an error, each answering something', async () => {
    for (const { query } of EXAMPLE_TABS) {
      const { status, body } = await api.query(query);
      expect({ query, status, errors: body.errors }).toEqual({ query, status: 200, errors: undefined });
      expect(JSON.stringify(body.data)).not.toMatch(/^\{("\w+":(null|\[\]),?)+\}$/);
    }
  });

  it('answers GET queries as well as POST', async () => {
    const response = await get(`/graphql?query=${encodeURIComponent('{ concept(slug: "bone") { name } }')}`, {
      accept: 'application/graphql-response+json',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { concept: { name: 'Bone' } } });
  });

  it('refuses malformed GraphQL with a 400, a clear message and no stack trace', async () => {
    const { status, body } = await api.query('{ concept(slug: "osteoblast") { name ');
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toMatch(/Syntax Error/);
    expect(JSON.stringify(body)).not.toMatch(/\bat .*\.(ts|js):\d+/);
  });

  it('refuses unknown fields and wrongly typed arguments with a 400', async () => {
    for (const source of ['{ concept(slug: "bone") { colour } }', '{ concepts(first: "ten") { totalCount } }', '{ concepts(kind: ORGANELLE) { totalCount } }']) {
      const { status, body } = await api.query(source);
      expect(status, source).toBe(400);
      expect(body.errors?.length, source).toBeGreaterThan(0);
    }
  });

  it('treats injection attempts in arguments as plain values', async () => {
    const attempts = [
      `osteoblast'}) DETACH DELETE c //`,
      'osteoblast" OR 1=1 --',
      '`) MATCH (n) DETACH DELETE n //',
    ];
    const before = await api.query('{ concepts { totalCount } }');
    for (const slug of attempts) {
      const { status, body } = await api.query('query($slug: String!) { concept(slug: $slug) { slug } path(from: $slug, to: $slug) { length } }', { slug });
      expect(status).toBe(200);
      expect(body.data).toEqual({ concept: null, path: null });
    }
    const after = await api.query('{ concepts { totalCount } }');
    expect(after.body.data.concepts.totalCount).toBe(before.body.data.concepts.totalCount);
  });

  // Repeated operations run compiled (graphql-jit); the first run is interpreted.
  it('answers a repeated operation the same each time, with arguments, aliases, fragments and unions', async () => {
    const source = `query ($slug: String!, $all: Boolean!) {
      concept(slug: $slug) { ...Named out: relations(direction: OUT, first: 3) { totalCount edges { cursor node { type evidence to { ...Named } } } }
        related(first: 3) { score reasons topic { __typename ... on Concept { slug } ... on Comparison { slug title } } } }
      gone: concept(slug: "no-such-concept") { slug }
      search(query: "osteo", first: 3) { concept { slug definition @include(if: $all) } } }
    fragment Named on Concept { slug name kind }`;
    const ask = async () => (await api.query(source, { slug: 'osteoblast', all: true })).body;
    const first = await ask();
    expect(first.errors).toBeUndefined();
    expect(first.data.concept.out.edges.length).toBe(3);
    expect(await ask()).toEqual(first);
    expect(await ask()).toEqual(first);
  });

  it('merges a field asked for twice under one name, compiled as interpreted', async () => {
    const source = `{ concept(slug: "osteoblast") {
      relations(direction: OUT) { edges { node { type to { slug } } } }
      relations(direction: OUT) { edges { node { evidence sources to { definition } } } } } }`;
    const first = (await api.query(source)).body;
    expect(first.errors).toBeUndefined();
    expect(first.data.concept.relations.edges[0].node).toEqual({
      type: expect.any(String), evidence: expect.any(String), sources: expect.any(Array), to: { slug: expect.any(String), definition: expect.any(String) },
    });
    expect((await api.query(source)).body).toEqual(first);
    expect((await api.query(source)).body).toEqual(first);
  });

  it('refuses variables of the wrong type with a 400 however often they are sent', async () => {
    const source = 'query ($direction: Direction, $first: Int) { concept(slug: "bone") { relations(direction: $direction, first: $first) { totalCount } } }';
    expect((await api.query(source, { direction: 'OUT', first: 1 })).status).toBe(200);
    for (const variables of [{ direction: 'SIDEWAYS' }, { first: 'ten' }, { direction: 'SIDEWAYS' }]) {
      const { status, body } = await api.query(source, variables);
      expect(status, JSON.stringify(variables)).toBe(400);
      expect(body.errors?.[0]?.message).toMatch(/Variable "\$(direction|first)"/);
    }
    expect((await api.query(source, { direction: 'IN', first: 2 })).status).toBe(200);
  });

  it('logs an unexpected error once, with the request id the client got, and shows the client nothing of it', async () => {
    const repos = createRepositories(api.db);
    repos.search.search = async () => {
      throw new Error('boom inside the search repository');
    };
    const logged: { error: unknown; fields?: Record<string, unknown> }[] = [];
    const yoga = buildYoga({ db: api.db, repos, logError: (error, fields) => logged.push({ error, fields }) });
    const response = await yoga.fetch('http://ossigraph.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'client-chosen-id-42' },
      body: JSON.stringify({ query: 'query Find { search(query: "bone") { score } }' }),
    });
    const body = await response.text();
    expect(response.headers.get('x-request-id')).toBe('client-chosen-id-42');
    expect(body).toContain('Unexpected error.');
    expect(body).not.toContain('boom');
    expect(logged).toHaveLength(1);
    expect(logged[0]!.fields).toEqual({ requestId: 'client-chosen-id-42', operation: 'Find', path: 'search' });
    const other = await yoga.fetch('http://ossigraph.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'not ok\n' }, body: '{"query":"{ __typename }"}' });
    expect(other.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports a resolver error the same way interpreted and compiled: a clear message, no stack trace', async () => {
    const source = '{ concept(slug: "bone") { relations(first: 1000) { totalCount } } }';
    const [first, second] = [await api.query(source), await api.query(source)];
    expect(first.body.errors?.[0]?.message).toMatch(/first/);
    expect(second.body).toEqual(first.body);
    expect(JSON.stringify(second.body)).not.toMatch(/at .*\.(ts|js):\d+/);
  });
});

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededApi } from './support/harness.js';

/**
 * Property-based fuzzing of the HTTP surface: GraphQL documents from a grammar of our schema
 * (with hostile values), mangled documents, arbitrary variables, and arbitrary HTTP framing
 * (methods, content types, broken JSON, query strings). Whatever arrives, the server answers
 * with a client or service status (never 500), puts no stack trace or internal detail on the
 * wire, logs no unexpected error, and leaves the graph exactly as it was.
 *
 * CI runs FUZZ_RUNS (default 1000) cases of each property; `npm run fuzz` runs 10,000.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const WRITE_KEY = 'fuzz-test-key-0123456789';

let api: Awaited<ReturnType<typeof seededApi>>;
let before: string;
const fingerprint = async () =>
  JSON.stringify(
    await api.db.read(
      `MATCH (n) WITH count(n) AS nodes, sum(size(keys(n))) AS nodeProperties
       MATCH ()-[r]->() WITH nodes, nodeProperties, count(r) AS relationships, sum(size(keys(r))) AS relationshipProperties
       CALL { MATCH (c:Concept) RETURN collect(c.slug + '|' + c.name + '|' + coalesce(c.definition, '') + '|' + reduce(s = '', a IN coalesce(c.aliases, []) | s + a)) AS concepts }
       RETURN nodes, nodeProperties, relationships, relationshipProperties, size(concepts) AS conceptCount, reduce(h = 0, s IN concepts | (h * 31 + size(s)) % 1000000007) AS checksum`,
    ),
  );

beforeAll(async () => {
  api = await seededApi({ writeKeys: [WRITE_KEY] });
  before = await fingerprint();
});
afterAll(async () => {
  await api?.close();
});

const hostile = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom('osteoblast', 'bone', 'CL:0000062', '', ' ', '"', '\\', "') RETURN 1 //", '${x}', '\u0000', 'a'.repeat(300), '🦴', 'MATCH (n) DETACH DELETE n'),
);
const integer = fc.oneof(fc.integer({ min: -5, max: 300 }), fc.constantFrom(0, -1, 2 ** 31 - 1, -(2 ** 31)));
const literal = (value: unknown) => JSON.stringify(value);

/** Selections of our schema, nested a few levels, with hostile arguments. */
const concept: fc.Memo<string> = fc.memo((depth) =>
  fc
    .array(
      fc.oneof(
        fc.constantFrom('slug', 'name', 'kind', 'definition', 'aliases', 'xrefs', 'id', '__typename', 'nosuchfield'),
        depth > 1
          ? fc.tuple(fc.constantFrom('OUT', 'IN', 'BOTH'), integer, concept(depth - 1)).map(
              ([direction, first, inner]) => `relations(direction: ${direction}, first: ${first}) { totalCount edges { cursor node { type evidence to { ${inner} } } } }`,
            )
          : fc.constant('slug'),
        fc.tuple(integer, integer).map(([depthArg, first]) => `neighbors(depth: ${depthArg}, first: ${first}) { slug }`),
        integer.map((first) => `related(first: ${first}) { score reasons }`),
        fc.constant('comparisons { slug title }'),
      ),
      { minLength: 1, maxLength: 4 },
    )
    .map((fields) => fields.join(' ')),
);
const rootField = fc.oneof(
  fc.tuple(hostile, concept(3)).map(([slug, selection]) => `concept(slug: ${literal(slug)}) { ${selection} }`),
  fc.tuple(hostile, integer).map(([query, first]) => `search(query: ${literal(query)}, first: ${first}) { score matchedOn concept { slug } }`),
  fc.tuple(hostile, hostile, integer).map(([from, to, depth]) => `path(from: ${literal(from)}, to: ${literal(to)}, maxDepth: ${depth}) { length }`),
  fc.tuple(hostile, hostile, integer).map(([from, to, k]) => `paths(from: ${literal(from)}, to: ${literal(to)}, k: ${k}) { explanation }`),
  fc.tuple(fc.array(hostile, { maxLength: 25 }), integer, integer).map(
    ([slugs, depth, limit]) => `subgraph(slugs: ${literal(slugs)}, depth: ${depth}, limit: ${limit}) { truncated nodes { slug } }`,
  ),
  fc.tuple(integer, hostile).map(([first, after]) => `concepts(first: ${first}, after: ${literal(after)}) { totalCount }`),
  fc.tuple(hostile).map(([slug]) => `comparison(slug: ${literal(slug)}) { title related(first: 3) { score } }`),
  fc.tuple(hostile).map(([id]) => `node(id: ${literal(id)}) { id }`),
);
const mutation = fc.oneof(
  fc.tuple(hostile, hostile).map(([slug, name]) => `createConcept(input: { slug: ${literal(slug)}, name: ${literal(name)}, kind: CELL }) { slug }`),
  fc.tuple(hostile).map(([slug]) => `deleteConcept(slug: ${literal(slug)}) { slug }`),
  fc.tuple(hostile, hostile).map(([from, to]) => `createRelation(input: { from: ${literal(from)}, type: IS_A, to: ${literal(to)} }) { type }`),
);
const document = fc.oneof(
  { weight: 5, arbitrary: fc.array(rootField, { minLength: 1, maxLength: 3 }).map((fields) => `{ ${fields.map((field, i) => `f${i}: ${field}`).join(' ')} }`) },
  { weight: 1, arbitrary: mutation.map((field) => `mutation { ${field} }`) },
  // Mangled: a valid document with characters cut, doubled or replaced.
  { weight: 2, arbitrary: fc.tuple(rootField, fc.nat(), fc.string({ maxLength: 5 })).map(([field, at, junk]) => {
    const text = `{ ${field} }`;
    const cut = at % (text.length + 1);
    return text.slice(0, cut) + junk + text.slice(cut + 1);
  }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
);
const variables = fc.oneof(fc.constant(undefined), fc.jsonValue({ maxDepth: 3 }), fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 })));

const STACK = /\bat \S+ \(|\.ts:\d+|\.js:\d+|node_modules|Neo4jError|bolt:\/\/|127\.0\.0\.1/;

async function expectSafe(response: Response, what: unknown): Promise<void> {
  const text = await response.text();
  expect([200, 204, 304, 400, 401, 403, 404, 405, 406, 413, 415], `${response.status} for ${JSON.stringify(what)}: ${text.slice(0, 300)}`).toContain(response.status);
  // Pages and scripts (GraphiQL, the explorer) are static files whose code may look like a stack.
  if (!/^(text\/html|text\/css|application\/javascript|text\/javascript)/.test(response.headers.get('content-type') ?? '')) {
    expect(text, JSON.stringify(what)).not.toMatch(STACK);
  }
}

describe('fuzzing the HTTP surface', () => {
  it('answers GraphQL documents and variables safely, without a 500 or an unexpected error', async () => {
    await fc.assert(
      fc.asyncProperty(document, variables, fc.boolean(), async (query, vars, withKey) => {
        const response = await api.yoga.fetch('http://ossigraph.test/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(withKey ? { authorization: `Bearer ${WRITE_KEY}x` } : {}) },
          body: JSON.stringify({ query, variables: vars }),
        });
        await expectSafe(response, { query, vars });
      }),
      { numRuns: RUNS },
    );
    expect(api.maskedErrors).toEqual([]);
  });

  it('answers arbitrary HTTP framing safely', async () => {
    const framing = fc.record({
      method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
      path: fc.constantFrom('/graphql', '/graphql?', '/ready', '/health', '/explore', '/nope', '/graphql/extra'),
      contentType: fc.constantFrom(undefined, 'application/json', 'application/graphql', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1'),
      accept: fc.constantFrom(undefined, 'application/json', 'application/graphql-response+json', 'text/event-stream', 'text/html', '*/*', 'image/png'),
      body: fc.oneof(
        fc.string({ maxLength: 100 }),
        document.map((query) => JSON.stringify({ query })),
        document.map((query) => JSON.stringify({ query }).slice(0, -3)),
        fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
        fc.constant('[{"query":"{ __typename }"},{"query":"{ __typename }"}]'),
      ),
      params: fc.dictionary(fc.constantFrom('query', 'variables', 'extensions', 'operationName', 'x'), fc.oneof(fc.string({ maxLength: 40 }), document)),
    });
    await fc.assert(
      fc.asyncProperty(framing, async (request) => {
        const search = new URLSearchParams(request.params).toString();
        const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
        const response = await api.yoga.fetch(`http://ossigraph.test${request.path}${request.path.includes('?') ? '' : '?'}${search}`, {
          method: request.method,
          headers: { ...(request.contentType ? { 'content-type': request.contentType } : {}), ...(request.accept ? { accept: request.accept } : {}) },
          body: hasBody ? request.body : undefined,
        });
        await expectSafe(response, request);
      }),
      { numRuns: RUNS },
    );
    expect(api.maskedErrors).toEqual([]);
  });

  it('leaves the graph exactly as it was', async () => {
    expect(await fingerprint()).toBe(before);
  });
});

import { request as httpRequest, createServer } from 'node:http';
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

describe('HTTP done properly', () => {
  const zlib = () => import('node:zlib');
  const fetchWith = (yoga: ReturnType<typeof buildYoga>, path: string, init: RequestInit = {}) => yoga.fetch(`http://ossigraph.test${path}`, init);

  it('sends GraphiQL in well under 1.5 MB on a first visit and next to nothing on the second', async () => {
    const plain = await get('/graphql', { accept: 'text/html' });
    const raw = Buffer.from(await plain.arrayBuffer());
    const br = await get('/graphql', { accept: 'text/html', 'accept-encoding': 'gzip, br;q=1' });
    expect(br.headers.get('content-encoding')).toBe('br');
    const brotli = Buffer.from(await br.arrayBuffer());
    expect((await zlib()).brotliDecompressSync(brotli).equals(raw)).toBe(true);
    expect(br.headers.get('content-security-policy')).toMatch(/script-src 'self';/); // no inline script, no eval
    // The page names its script and stylesheet by their hash; both are immutable.
    const assets = [...raw.toString().matchAll(/\/graphiql\/graphiql\.[0-9a-f]{16}\.(js|css)/g)].map((match) => match[0]);
    expect(assets).toHaveLength(2);
    let firstVisit = brotli.length;
    for (const asset of assets) {
      const response = await get(asset, { 'accept-encoding': 'br' });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      const body = Buffer.from(await response.arrayBuffer());
      expect((await zlib()).brotliDecompressSync(body).toString()).not.toContain('sourceMappingURL');
      firstVisit += body.length;
    }
    console.log(`[http] GraphiQL first visit: ${(firstVisit / 1e6).toFixed(2)} MB of Brotli`);
    expect(firstVisit).toBeLessThan(1.5e6);
    const gzip = await get('/graphql', { accept: 'text/html', 'accept-encoding': 'gzip' });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    await gzip.arrayBuffer();
    const etag = br.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{16}"$/);
    expect(br.headers.get('cache-control')).toBe('no-cache');
    const again = await get('/graphql', { accept: 'text/html', 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
  });

  it('serves the explorer\'s script and stylesheet under fingerprinted, immutable names, and no source map unless asked', async () => {
    const page = await (await get('/explore')).text();
    const [script] = /\/explore\/app\.[0-9a-f]{16}\.js/.exec(page) ?? [];
    const [style] = /\/explore\/app\.[0-9a-f]{16}\.css/.exec(page) ?? [];
    expect(script && style).toBeTruthy();
    const asset = await get(script!, { 'accept-encoding': 'br' });
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-encoding')).toBe('br');
    const code = (await zlib()).brotliDecompressSync(Buffer.from(await asset.arrayBuffer())).toString();
    expect(code).not.toContain('sourceMappingURL');
    expect((await get('/explore/app.js.map')).status).toBe(404);
    const withMaps = buildYoga({ db: api.db, repos: createRepositories(api.db), web: { corsOrigins: [], frameAncestors: "'self'", sourceMaps: true } });
    expect((await fetchWith(withMaps, '/explore/app.js.map')).status).toBe(200);
  });

  it('compresses large GraphQL answers and leaves small ones alone', async () => {
    const query = encodeURIComponent('{ concepts(first: 100) { edges { node { slug name definition } } } }');
    const large = await get(`/graphql?query=${query}`, { accept: 'application/graphql-response+json', 'accept-encoding': 'gzip' });
    expect(large.headers.get('content-encoding')).toBe('gzip');
    expect(large.headers.get('vary')).toContain('Accept-Encoding');
    const body = JSON.parse((await zlib()).gunzipSync(Buffer.from(await large.arrayBuffer())).toString());
    expect(body.data.concepts.edges).toHaveLength(96);
    const small = await get(`/graphql?query=${encodeURIComponent('{ __typename }')}`, { accept: 'application/graphql-response+json', 'accept-encoding': 'gzip' });
    expect(small.headers.get('content-encoding')).toBeNull();
    expect(await small.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('sets security headers on pages and data, with frames allowed only from the configured ancestors', async () => {
    const json = await get(`/graphql?query=${encodeURIComponent('{ __typename }')}`, { accept: 'application/json' });
    expect(json.headers.get('x-content-type-options')).toBe('nosniff');
    expect(json.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(json.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'self'");
    const explorer = await get('/explore');
    expect(explorer.headers.get('content-security-policy')).toContain("script-src 'self';");
    expect(explorer.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    const embeddable = buildYoga({ db: api.db, repos: createRepositories(api.db), web: { corsOrigins: [], frameAncestors: 'https://school.example', sourceMaps: false } });
    const framed = await fetchWith(embeddable, '/explore');
    expect(framed.headers.get('content-security-policy')).toContain('frame-ancestors https://school.example');
    expect(framed.headers.get('x-frame-options')).toBeNull();
  });

  it('allows any origin to read without credentials by default, and only the configured origins with them', async () => {
    const preflight = (yoga: ReturnType<typeof buildYoga>, origin: string) =>
      fetchWith(yoga, '/graphql', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    const open = await preflight(api.yoga, 'https://reader.example');
    expect(open.headers.get('access-control-allow-origin')).toMatch(/^(\*|https:\/\/reader\.example)$/);
    expect(open.headers.get('access-control-allow-credentials')).not.toBe('true');
    const closed = buildYoga({ db: api.db, repos: createRepositories(api.db), web: { corsOrigins: ['https://app.example'], frameAncestors: "'self'", sourceMaps: false } });
    const allowed = await preflight(closed, 'https://app.example');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
    const refused = await preflight(closed, 'https://other.example');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers an unknown path, a wrong method and an unread media type with a JSON body saying what works', async () => {
    const missing = await get('/nothing-here');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ errors: [{ message: 'nothing at /nothing-here: the API is at /graphql, the explorer at /explore, exports at /export', extensions: { code: 'PATH_NOT_FOUND' } }] });
    const post = await api.yoga.fetch('http://ossigraph.test/explore/', { method: 'DELETE' });
    expect(post.status).toBe(405);
    expect(((await post.json()) as any).errors[0].extensions.code).toBe('METHOD_NOT_ALLOWED');
    const media = await api.yoga.fetch('http://ossigraph.test/graphql', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{ __typename }' });
    expect(media.status).toBe(415);
    expect(((await media.json()) as any).errors[0]).toMatchObject({ extensions: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
  });

  it('refuses a request body over 1 MiB, declared or streamed, and reads one under it whichever way it comes', async () => {
    const server = createServer(api.yoga);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    /** POSTs `chunks` to /graphql over a real socket: with Content-Length, or chunked when `declared` is false. */
    const post = (chunks: string[], declared: boolean) =>
      new Promise<{ status: number; body: any }>((resolve, reject) => {
        const length = chunks.reduce((sum, chunk) => sum + Buffer.byteLength(chunk), 0);
        const headers = { 'content-type': 'application/json', ...(declared ? { 'content-length': String(length) } : {}) };
        const sent = httpRequest({ host: '127.0.0.1', port, path: '/graphql', method: 'POST', headers }, (response) => {
          let text = '';
          response.on('data', (chunk) => (text += chunk));
          response.on('end', () => resolve({ status: response.statusCode!, body: JSON.parse(text) }));
        });
        sent.on('error', reject);
        for (const chunk of chunks) sent.write(chunk);
        sent.end();
      });
    const padded = (bytes: number) => JSON.stringify({ query: `{ concept(slug: "bone") { name } }${' '.repeat(bytes)}` });
    try {
      for (const declared of [true, false]) {
        const small = await post([padded(1000)], declared);
        expect(small).toEqual({ status: 200, body: { data: { concept: { name: 'Bone' } } } });
        const big = padded(1024 * 1024);
        const refused = await post([big.slice(0, 600_000), big.slice(600_000)], declared);
        expect(refused.status).toBe(413);
        expect(refused.body.errors[0]).toMatchObject({ message: 'the request body is larger than the 1048576 bytes the server reads', extensions: { code: 'REQUEST_TOO_LARGE' } });
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    // Handed to the handler directly, as a string with no length, the same.
    const direct = await api.yoga.fetch('http://ossigraph.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: padded(1024 * 1024) });
    expect(direct.status).toBe(413);
  });
});

describe('refusals in words', () => {
  it('names the limit a query breaks, what it came to and what to change, without calling it a syntax error', async () => {
    const many = `{ ${Array.from({ length: 1600 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    const tokens = await api.query(many);
    expect(tokens.status).toBe(400);
    expect(tokens.body.errors?.[0]).toMatchObject({ extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'tokens', max: 3000 } });
    expect(tokens.body.errors?.[0]?.message).not.toMatch(/Syntax Error/);
    const costly = await api.query('{ concepts(first: 100) { edges { node { relations(first: 100) { edges { node { to { relations(first: 100) { edges { node { type } } } } } } } } } } }');
    expect(costly.status).toBe(400);
    const error = costly.body.errors?.[0];
    expect(error?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'cost', max: 1_000_000 });
    expect(error?.extensions?.found).toBeGreaterThan(1_000_000);
    expect(error?.message).toMatch(/^the query would cost [\d,]+ .*the limit is 1,000,000: lower the `first` arguments/);
  });

  it('says where a malformed JSON body broke, without echoing it back', async () => {
    const body = '{"query": "{ __typename }", "secret-looking-text": ';
    const response = await api.yoga.fetch('http://ossigraph.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).not.toContain('secret-looking-text');
    expect(JSON.parse(text)).toEqual({ errors: [{ message: expect.stringMatching(/^the request body is not valid JSON: .*(position \d+|end of JSON input)/), extensions: { code: 'BAD_REQUEST' } }] });
  });
});

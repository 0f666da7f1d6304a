import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededApi } from './support/harness.js';

let api: Awaited<ReturnType<typeof seededApi>>;
beforeAll(async () => {
  api = await seededApi();
});
afterAll(async () => {
  await api?.db.write("MATCH (c:Concept) WHERE c.slug STARTS WITH 'aaa-cursor-test' DETACH DELETE c");
  await api?.close();
});

const slugsOf = (hits: any[]) => hits.map((hit) => hit.concept.slug);

describe('search', () => {
  it('autocompletes a prefix: "osteo" finds osteoblast, osteoclast and osteocyte first', async () => {
    const { body } = await api.query('{ search(query: "osteo", first: 5) { concept { slug } matchedOn score } }');
    expect(slugsOf(body.data.search).slice(0, 3).sort()).toEqual(['osteoblast', 'osteoclast', 'osteocyte']);
    expect(body.data.search[0].matchedOn).toBe('NAME');
  });

  it('tolerates a typo: "osteoblst" finds osteoblast', async () => {
    const { body } = await api.query('{ search(query: "osteoblst", first: 3) { concept { slug } matchedOn } }');
    expect(body.data.search[0]).toEqual({ concept: { slug: 'osteoblast' }, matchedOn: 'NAME' });
  });

  it('ranks name matches above alias matches above definition matches', async () => {
    const { body } = await api.query('{ search(query: "bone", first: 20) { concept { slug } matchedOn score } }');
    const hits = body.data.search;
    expect(hits[0].concept.slug).toBe('bone');
    const order = hits.map((hit: any) => ['NAME', 'ALIAS', 'DEFINITION'].indexOf(hit.matchedOn));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(hits.map((hit: any) => hit.score)).toEqual([...hits.map((hit: any) => hit.score)].sort((a: number, b: number) => b - a));
  });

  it('finds a concept by alias ("lacunae") and by ontology ID (CL:0000062, any case)', async () => {
    const lacunae = await api.query('{ search(query: "lacunae", first: 1) { concept { slug } matchedOn } }');
    expect(lacunae.body.data.search[0]).toEqual({ concept: { slug: 'lacuna' }, matchedOn: 'ALIAS' });
    for (const id of ['CL:0000062', 'cl:0000062']) {
      const { body } = await api.query('query($q: String!) { search(query: $q) { concept { slug } matchedOn } }', { q: id });
      expect(body.data.search).toEqual([{ concept: { slug: 'osteoblast' }, matchedOn: 'XREF' }]);
    }
  });

  it('says what matched whichever concept fields are selected, or none', async () => {
    const full = await api.query('{ search(query: "lacunae", first: 3) { matchedOn matchedText concept { slug name kind definition aliases xrefs } } }');
    const bare = await api.query('{ search(query: "lacunae", first: 3) { matchedOn matchedText } }');
    const named = await api.query('{ search(query: "lacunae", first: 3) { matchedText concept { name } } }');
    expect(full.body.data.search[0]).toMatchObject({ matchedOn: 'ALIAS', concept: { slug: 'lacuna' } });
    expect(bare.body.data.search).toEqual(full.body.data.search.map(({ matchedOn, matchedText }: any) => ({ matchedOn, matchedText })));
    expect(named.body.data.search).toEqual(full.body.data.search.map(({ matchedText, concept }: any) => ({ matchedText, concept: { name: concept.name } })));
    // A field the lookahead cannot foresee (behind a directive) is still answered.
    const conditional = await api.query('query($d: Boolean!) { search(query: "lacunae", first: 1) { concept { slug definition @include(if: $d) } } }', { d: true });
    expect(conditional.body.data.search[0].concept.definition).toBe(full.body.data.search[0].concept.definition);
  });

  it('filters by kind', async () => {
    const { body } = await api.query('{ search(query: "osteo", kinds: [PATHOLOGY], first: 50) { concept { kind } } }');
    expect(body.data.search.length).toBeGreaterThan(0);
    expect(new Set(body.data.search.map((hit: any) => hit.concept.kind))).toEqual(new Set(['PATHOLOGY']));
  });

  it('answers any text safely: Lucene and Cypher syntax, quotes, backslashes, empty and huge strings', async () => {
    const texts = ['"', "'", '\\', 'osteo*', 'bone AND NOT cartilage', 'name:(bone', '~~~', '[1 TO 5]', '") RETURN 1 //', '{', '/regex/', '&& || !', 'é ü ß', '🦴'];
    for (const text of texts) {
      const { status, body } = await api.query('query($q: String!) { search(query: $q) { concept { slug } } }', { q: text });
      expect(status, text).toBe(200);
      expect(body.errors, text).toBeUndefined();
      expect(Array.isArray(body.data.search), text).toBe(true);
    }
    for (const [text, message] of [['', /query: must contain/], ['   ', /query: must contain/], ['x'.repeat(5000), /query: must be at most 200/]] as const) {
      const { status, body } = await api.query('query($q: String!) { search(query: $q) { concept { slug } } }', { q: text });
      expect(status).toBe(200);
      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(body.errors?.[0]?.message).toMatch(message);
    }
    expect(api.maskedErrors).toEqual([]);
  });
});

describe('neighbourhoods and subgraphs', () => {
  it('widens a neighbourhood with depth, nearest first, honouring direction and types', async () => {
    const { body } = await api.query(`{ concept(slug: "osteoblast") {
      one: neighbors(depth: 1, first: 200) { slug }
      two: neighbors(depth: 2, first: 200) { slug }
      out: neighbors(direction: OUT, types: [CAPABLE_OF]) { slug }
    } }`);
    const { one, two, out } = body.data.concept;
    expect(one.map((c: any) => c.slug)).toEqual(expect.arrayContaining(['ossification', 'mesenchymal-cell', 'osteocyte']));
    expect(two.length).toBeGreaterThan(one.length);
    expect(two.slice(0, one.length)).toEqual(one);
    expect(two.map((c: any) => c.slug)).toContain('bone-remodeling'); // via osteocyte or bone deposition
    expect(out.map((c: any) => c.slug).sort()).toEqual(['bone-deposition', 'bone-mineralization', 'calcification', 'ossification']);
  });

  it('returns nodes and edges in one response, edges only among the nodes', async () => {
    const { body } = await api.query(`{ subgraph(slugs: ["osteoblast", "osteoclast", "no-such-concept"], depth: 1) {
      truncated nodes { slug } edges { type from { slug } to { slug } } } }`);
    const graph = body.data.subgraph;
    const nodes = new Set(graph.nodes.map((n: any) => n.slug));
    expect(nodes.has('osteoblast') && nodes.has('osteoclast') && nodes.has('bone-resorption')).toBe(true);
    expect(nodes.has('no-such-concept')).toBe(false);
    for (const edge of graph.edges) expect(nodes.has(edge.from.slug) && nodes.has(edge.to.slug)).toBe(true);
    expect(graph.edges).toContainEqual({ type: 'CAPABLE_OF', from: { slug: 'osteoclast' }, to: { slug: 'bone-resorption' } });
    expect(graph.truncated).toBe(false);
    const small = await api.query('{ subgraph(slugs: ["bone"], depth: 2, limit: 5) { truncated nodes { slug } } }');
    expect(small.body.data.subgraph.nodes).toHaveLength(5);
    expect(small.body.data.subgraph.truncated).toBe(true);
  });

  it('counts relations by type and side, agreeing with the pages of each group, for many concepts in one query', async () => {
    const { body } = await api.query(`{ a: concept(slug: "osteoblast") { relationCounts { type direction count } relations(first: 100) { totalCount } }
      b: concept(slug: "bone") { relationCounts(types: [IS_A, PART_OF]) { type direction count } }
      c: concept(slug: "osteoblast") { capable: relations(types: [CAPABLE_OF], direction: OUT) { totalCount } } }`);
    const counts: { type: string; direction: string; count: number }[] = body.data.a.relationCounts;
    expect(counts).toContainEqual({ type: 'CAPABLE_OF', direction: 'OUT', count: body.data.c.capable.totalCount });
    expect(counts.every((entry) => entry.count > 0 && (entry.direction === 'OUT' || entry.direction === 'IN'))).toBe(true);
    expect(counts.reduce((sum, entry) => sum + entry.count, 0)).toBe(body.data.a.relations.totalCount);
    expect(new Set(body.data.b.relationCounts.map((entry: any) => entry.type))).toEqual(new Set(['IS_A', 'PART_OF']));
  });

  it('refuses depths and sizes beyond the documented bounds', async () => {
    for (const [source, argument] of [
      ['{ concept(slug: "bone") { neighbors(depth: 4) { slug } } }', 'depth'],
      ['{ concept(slug: "bone") { neighbors(first: 1000) { slug } } }', 'first'],
      ['{ subgraph(slugs: ["bone"], depth: 9) { truncated } }', 'depth'],
      ['{ subgraph(slugs: [], depth: 1) { truncated } }', 'slugs'],
      ['{ subgraph(slugs: ["bone"], limit: 100000) { truncated } }', 'limit'],
      ['{ paths(from: "bone", to: "osteoblast", k: 50) { length } }', 'k'],
    ] as const) {
      const { body } = await api.query(source);
      expect(body.errors?.[0]?.extensions?.code, source).toBe('BAD_USER_INPUT');
      expect(body.errors?.[0]?.message, source).toMatch(new RegExp(`^${argument}: must be between`));
    }
  });
});

describe('paths', () => {
  it('finds the k shortest distinct paths, shortest first, each explaining itself', async () => {
    const { body } = await api.query(`{ paths(from: "osteoblast", to: "bone", k: 4, types: [CAPABLE_OF, PRODUCES]) {
      length concepts { slug } explanation } }`);
    const paths = body.data.paths;
    expect(paths.length).toBeGreaterThanOrEqual(2);
    expect(paths.map((p: any) => p.length)).toEqual([...paths.map((p: any) => p.length)].sort());
    const keys = paths.map((p: any) => p.concepts.map((c: any) => c.slug).join('>'));
    expect(new Set(keys).size).toBe(keys.length);
    expect(paths.map((p: any) => p.explanation)).toContain('Osteoblast is capable of ossification, which produces bone.');
  });

  it('reads relations walked against their direction in the inverse voice', async () => {
    const { body } = await api.query(`{ path(from: "osteoclast", to: "osteoporosis", types: [CAPABLE_OF, AFFECTS]) { explanation } }`);
    // Two shortest paths tie; which one Neo4j meets first depends on how the store is laid out.
    expect(['Osteoclast is capable of bone resorption, which is affected by osteoporosis.', 'Osteoclast is affected by bisphosphonate, which affects osteoporosis.']).toContain(
      body.data.path.explanation,
    );
  });
});

describe('Relay', () => {
  it('refetches several nodes at once and gives null for unknown or malformed IDs', async () => {
    const ids = await api.query('{ a: concept(slug: "bone") { id } b: comparison(slug: "bone-vs-cartilage") { id } }');
    const unknown = Buffer.from('Concept:no-such-concept').toString('base64');
    const { body } = await api.query('query($ids: [ID!]!) { nodes(ids: $ids) { id __typename } }', {
      ids: [ids.body.data.a.id, ids.body.data.b.id, unknown],
    });
    expect(body.data.nodes.map((node: any) => node?.__typename ?? null)).toEqual(['Concept', 'Comparison', null]);
  });

  it('keeps a cursor valid while concepts are inserted before it', async () => {
    const first = await api.query('{ concepts(first: 3) { edges { node { slug } } pageInfo { endCursor } } }');
    const after = first.body.data.concepts.pageInfo.endCursor;
    const next = async () => (await api.query('query($after: String) { concepts(first: 3, after: $after) { edges { node { slug } } } }', { after })).body.data.concepts.edges;
    const before = await next();
    await api.db.write(
      "UNWIND range(1, 5) AS i CREATE (:Concept {slug: 'aaa-cursor-test-' + i, name: 'Cursor test ' + i, kind: 'SUBSTANCE', sources: ['test']})",
    );
    expect(await next()).toEqual(before);
  });
});

describe('cost of nested traversals', () => {
  const counting = async (source: string, variables?: Record<string, unknown>) => {
    const statements: string[] = [];
    const stop = api.db.onStatement((cypher) => statements.push(cypher));
    try {
      const { body } = await api.query(source, variables);
      expect(body.errors).toBeUndefined();
      return { count: statements.length, body, statements };
    } finally {
      stop();
    }
  };
  const level = (depth: number): string =>
    depth === 0 ? 'slug' : `slug relations { totalCount edges { node { to { ${level(depth - 1)} } } } }`;

  it('fetches a traversal under concept(slug) in one statement, whatever its depth and fan-out', async () => {
    const counts: number[] = [];
    for (const depth of [1, 2, 3]) counts.push((await counting(`{ concept(slug: "bone") { ${level(depth)} } }`)).count);
    expect(counts).toEqual([1, 1, 1]);
  });

  it('gives the same answer planned in one statement as loaded level by level', async () => {
    const planned = await counting(`{ concept(slug: "osteoblast") { ${level(3)} } }`);
    // Under node(id) nothing is planned: the same selection loads level by level.
    const id = Buffer.from('Concept:osteoblast').toString('base64');
    const stepwise = await counting(`{ node(id: "${id}") { ... on Concept { ${level(3)} } } }`);
    expect(stepwise.body.data.node).toEqual(planned.body.data.concept);
    expect(stepwise.count).toBeGreaterThan(planned.count);
  });

  describe('reading only the selected fields', () => {
    const everything = 'type predicate sources evidence from { slug } to { slug name kind definition aliases xrefs sources }';
    const osteoblastId = Buffer.from('Concept:osteoblast').toString('base64');
    // Ground truth: level by level under node(id), every field selected.
    const truth = async () => {
      const { body } = await counting(`{ node(id: "${osteoblastId}") { ... on Concept {
        relations(direction: OUT) { edges { node { ${everything} } } } } } }`);
      return body.data.node.relations.edges.map((edge: any) => edge.node);
    };
    const targets = (relations: any[]) => relations.map((relation) => relation.to);
    const occurrences = (statements: string[], text: string) => statements.join('\n').split(text).length - 1;

    it('leaves out definitions, lists and provenance that a traversal does not select', async () => {
      const brief = await counting(`{ concept(slug: "osteoblast") { relations(direction: OUT) { edges { node { type to { slug name
        relations(direction: OUT) { edges { node { to { slug name } } } } } } } } } }`);
      expect(brief.count).toBe(1);
      expect(occurrences(brief.statements, '.definition')).toBe(0);
      expect(occurrences(brief.statements, '.evidence')).toBe(0);
      const expected = await truth();
      expect(brief.body.data.concept.relations.edges.map((edge: any) => edge.node.to.slug)).toEqual(
        expected.map((relation: any) => relation.to.slug),
      );
    });

    it('answers two aliases of one field that select differently, each with what it asked for', async () => {
      const { body, count } = await counting(`{ concept(slug: "osteoblast") {
        brief: relations(direction: OUT) { edges { node { to { slug } } } }
        full: relations(direction: OUT) { edges { node { ${everything} } } } } }`);
      expect(count).toBe(1);
      const expected = await truth();
      expect(body.data.concept.full.edges.map((edge: any) => edge.node)).toEqual(expected);
      expect(body.data.concept.brief.edges.map((edge: any) => edge.node.to.slug)).toEqual(expected.map((relation: any) => relation.to.slug));
    });

    it('finds fields asked for through fragments, or only by a deeper level of the same concepts', async () => {
      const expected = targets(await truth());
      const fragment = await counting(`fragment Detail on Concept { definition aliases xrefs sources }
        { concept(slug: "osteoblast") { relations(direction: OUT) { edges { node { to { slug name kind ...Detail } } } } } }`);
      expect(fragment.count).toBe(1);
      expect(fragment.body.data.concept.relations.edges.map((edge: any) => edge.node.to)).toEqual(expected);
      // The deeper level's `from` is the first level's `to`: its definition must be read there.
      const deeper = await counting(`{ concept(slug: "osteoblast") { relations(direction: OUT) { edges { node { to { slug
        relations(direction: OUT, first: 1) { edges { node { from { slug definition } } } } } } } } } }`);
      expect(deeper.count).toBe(1);
      const owners = deeper.body.data.concept.relations.edges.flatMap((edge: any) => edge.node.to.relations.edges.map((inner: any) => inner.node.from));
      expect(owners.length).toBeGreaterThan(0);
      for (const owner of owners) expect(owner.definition).toBe(expected.find((concept: any) => concept.slug === owner.slug).definition);
    });

    it('answers fields of the starting concept that the traversal did not read, from elsewhere in the request', async () => {
      const { body } = await counting(`{ concept(slug: "osteoblast") { slug relations(direction: OUT) { edges { node { to { slug } } } } }
        node(id: "${osteoblastId}") { ... on Concept { name definition aliases } } }`);
      const { body: direct } = await counting(`{ concept(slug: "osteoblast") { name definition aliases } }`);
      expect(direct.data.concept.definition).toEqual(expect.any(String));
      expect(body.data.node).toEqual(direct.data.concept);
    });

    it('reads everything for selections made conditional by directives', async () => {
      const { body } = await counting(
        `query ($all: Boolean!) { concept(slug: "osteoblast") { relations(direction: OUT) { edges { node {
          type predicate sources @include(if: $all) evidence @include(if: $all) from { slug }
          to { slug name kind definition @include(if: $all) aliases xrefs sources } } } } } }`,
        { all: true },
      );
      expect(body.data.concept.relations.edges.map((edge: any) => edge.node)).toEqual(await truth());
    });
  });

  it('loads level by level where it cannot plan, one statement per level rather than per concept', async () => {
    const nested = (first: number) =>
      `{ concepts(kind: PATHOLOGY, first: ${first}) { edges { node { slug relations { edges { node { to { slug relations { totalCount } } } } } } } } }`;
    const few = await counting(nested(2));
    const many = await counting(nested(10));
    expect(many.body.data.concepts.edges.length).toBe(10);
    expect(many.count).toBe(few.count);
  });
});

describe('protection', () => {
  it('lets the traversal example through and refuses queries nested or aliased to exhaust the server', async () => {
    const example = await api.query(`{ concept(slug: "osteoblast") { relations(direction: OUT) { edges { node { type
      to { slug relations(direction: OUT) { edges { node { type to { slug } } } } } } } } } }`);
    expect(example.body.errors).toBeUndefined();
    const nest = (depth: number): string => (depth === 0 ? 'slug' : `neighbors { ${nest(depth - 1)} }`);
    const deep = await api.query(`{ concept(slug: "bone") { ${nest(20)} } }`);
    expect(deep.status).toBe(400);
    expect(deep.body.errors?.[0]?.message).toMatch(/depth/i);
    expect(deep.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    const aliases = await api.query(`{ ${Array.from({ length: 50 }, (_, i) => `a${i}: concept(slug: "bone") { slug }`).join(' ')} }`);
    expect(aliases.status).toBe(400);
    expect(aliases.body.errors?.[0]?.message).toMatch(/alias/i);
    const wide = (depth: number): string => (depth === 0 ? 'slug' : `relations(first: 100) { edges { node { to { ${wide(depth - 1)} } } } }`);
    const costly = await api.query(`{ concept(slug: "bone") { ${wide(3)} } }`);
    expect(costly.status).toBe(400);
    expect(costly.body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/cost/i), extensions: { code: 'QUERY_TOO_COMPLEX' } });
  });
});

describe('GraphQL over HTTP', () => {
  it('answers GET and POST with application/graphql-response+json when asked, and refuses mutations over GET', async () => {
    const post = await api.query('{ concept(slug: "bone") { name } }');
    expect(post.contentType).toContain('application/graphql-response+json');
    const get = await api.yoga.fetch(`http://ossigraph.test/graphql?query=${encodeURIComponent('{ concept(slug: "bone") { name } }')}`, {
      headers: { accept: 'application/graphql-response+json' },
    });
    expect(get.status).toBe(200);
    expect(get.headers.get('content-type')).toContain('application/graphql-response+json');
    const mutation = await api.yoga.fetch(
      `http://ossigraph.test/graphql?query=${encodeURIComponent('mutation { deleteConcept(slug: "bone") { slug } }')}`,
      { headers: { accept: 'application/graphql-response+json' } },
    );
    expect(mutation.status).toBe(405);
  });

  it('answers a request without a query with a 400', async () => {
    const response = await api.yoga.fetch('http://ossigraph.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ variables: {} }),
    });
    expect(response.status).toBe(400);
  });
});

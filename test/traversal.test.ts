import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededApi } from './support/harness.js';

let api: Awaited<ReturnType<typeof seededApi>>;
beforeAll(async () => {
  api = await seededApi();
});
afterAll(async () => {
  await api?.close();
});

const TRAVERSAL = `{
  concept(slug: "osteoblast") {
    name
    relations(direction: OUT) { edges { node { type
      to { slug relations(direction: OUT) { edges { node { type to { slug } } } } } } } }
  }
}`;

describe('traversal', () => {
  it('walks osteoblast → ossification → bone along outgoing relations', async () => {
    const { status, body } = await api.query(TRAVERSAL);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const first = body.data.concept.relations.edges.map((edge: any) => edge.node);
    const toOssification = first.find((relation: any) => relation.to.slug === 'ossification');
    expect(toOssification?.type).toBe('CAPABLE_OF');
    const second = toOssification.to.relations.edges.map((edge: any) => edge.node);
    expect(second).toContainEqual({ type: 'PRODUCES', to: { slug: 'bone' } });
  });

  it('gives incoming relations with the concept as the object', async () => {
    const { body } = await api.query(`{ concept(slug: "bone") { relations(direction: IN, types: [PRODUCES]) {
      totalCount edges { node { type from { slug } to { slug } } } } } }`);
    expect(body.data.concept.relations.totalCount).toBeGreaterThanOrEqual(1);
    expect(body.data.concept.relations.edges.map((edge: any) => edge.node)).toContainEqual({
      type: 'PRODUCES',
      from: { slug: 'ossification' },
      to: { slug: 'bone' },
    });
  });

  // Each argument set reads its page differently (constants where one direction or type is fixed).
  it.each([
    ['calcification', ''],
    ['osteoblast', 'direction: OUT'],
    ['bone', 'direction: IN'],
    ['calcification', 'direction: IN, types: [IS_A]'],
    ['osteoblast', 'types: [IS_A, CAPABLE_OF, PART_OF]'],
  ])('pages the relations of %s (%s) with cursors until every relation was seen once', async (slug, args) => {
    const parens = args ? `(${args})` : '';
    const all = await api.query(`{ concept(slug: "${slug}") { relations${parens.replace(')', ', first: 100)') || '(first: 100)'} {
      totalCount edges { node { type to { slug } from { slug } } } } } }`);
    const expected = all.body.data.concept.relations.edges.map((edge: any) => edge.node);
    expect(expected.length).toBe(all.body.data.concept.relations.totalCount);
    expect(expected.length).toBeGreaterThan(2);
    const seen: unknown[] = [];
    let after: string | null = null;
    for (let page = 0; page < expected.length; page += 1) {
      const { body }: { body: any } = await api.query(
        `query($after: String) { concept(slug: "${slug}") { relations(${args}${args ? ', ' : ''}first: 2, after: $after) {
          edges { node { type to { slug } from { slug } } } pageInfo { hasNextPage endCursor } } } }`,
        { after },
      );
      const connection: any = body.data.concept.relations;
      seen.push(...connection.edges.map((edge: any) => edge.node));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);
  });

  it('answers one operation sent again and again with other variables by those variables', async () => {
    // The planner remembers its plan per operation and variables: the same text must not reuse another request's plan.
    const operation = `query($slug: String!, $first: Int, $types: [RelationType!]) { concept(slug: $slug) {
      relations(direction: OUT, types: $types, first: $first) { totalCount edges { node { type to { slug } } } } } }`;
    const cases = [
      { slug: 'osteoblast', first: 2, types: null },
      { slug: 'osteoblast', first: 5, types: ['CAPABLE_OF'] },
      { slug: 'osteoclast', first: 3, types: null },
      { slug: 'osteoblast', first: 2, types: null },
    ];
    for (let round = 0; round < 3; round += 1) {
      for (const variables of cases) {
        const { body } = await api.query(operation, variables);
        const fresh = await api.query(`{ concept(slug: "${variables.slug}") { relations(direction: OUT, first: ${variables.first}${variables.types ? `, types: [${variables.types.join(', ')}]` : ''}) {
          totalCount edges { node { type to { slug } } } } } }`);
        expect(body).toEqual(fresh.body);
        expect(body.data.concept.relations.edges.length).toBeLessThanOrEqual(variables.first);
      }
    }
  });

  it('finds a path from osteoblast to bone that starts at osteoblast and ends at bone', async () => {
    const { body } = await api.query(`{ path(from: "osteoblast", to: "bone") {
      length concepts { slug } relations { type from { slug } to { slug } } } }`);
    expect(body.errors).toBeUndefined();
    const path = body.data.path;
    expect(path.concepts[0].slug).toBe('osteoblast');
    expect(path.concepts.at(-1).slug).toBe('bone');
    expect(path.length).toBe(path.relations.length);
    expect(path.concepts).toHaveLength(path.length + 1);
    // Each relation joins the two concepts at its place in the path, in whichever direction.
    path.relations.forEach((relation: any, index: number) => {
      const ends = [relation.from.slug, relation.to.slug].sort();
      expect(ends).toEqual([path.concepts[index].slug, path.concepts[index + 1].slug].sort());
    });
  });

  it('respects the relation types a path may follow', async () => {
    const { body } = await api.query(`{
      along: path(from: "osteoblast", to: "bone", types: [CAPABLE_OF, PRODUCES]) { length concepts { slug } relations { type } }
      none: path(from: "osteoblast", to: "bone", types: [IS_A]) { length }
    }`);
    const along = body.data.along;
    expect(along.length).toBe(2);
    expect(along.concepts[0].slug).toBe('osteoblast');
    expect(along.concepts[2].slug).toBe('bone');
    expect(along.relations.map((relation: any) => relation.type)).toEqual(['CAPABLE_OF', 'PRODUCES']);
    expect(body.data.none).toBeNull();
    // Asked for its length and names only, the same path (its relations are then not read).
    // Two paths are that short (through ossification or bone deposition): Neo4j picks one.
    const light = await api.query('{ path(from: "osteoblast", to: "bone", types: [CAPABLE_OF, PRODUCES]) { length concepts { slug name } } }');
    expect(light.body.data.path.length).toBe(2);
    expect(light.body.data.path.concepts.map((concept: any) => concept.slug)).toEqual(along.concepts.map((concept: any) => concept.slug));
    expect(['ossification', 'bone-deposition']).toContain(along.concepts[1].slug);
    expect(light.body.data.path.concepts.map((concept: any) => concept.name)).toEqual(['Osteoblast', along.concepts[1].slug === 'ossification' ? 'Ossification' : 'Bone deposition', 'Bone']);
  });

  it('returns null, not an error, for unknown slugs', async () => {
    const { status, body } = await api.query(`{
      concept(slug: "no-such-concept") { slug }
      comparison(slug: "no-such-comparison") { slug }
      path(from: "osteoblast", to: "no-such-concept") { length }
    }`);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ concept: null, comparison: null, path: null });
  });

  it('refuses out-of-range arguments with a clear GraphQL error and no 500', async () => {
    const cases = [
      ['{ path(from: "osteoblast", to: "bone", maxDepth: 1000) { length } }', 'maxDepth'],
      ['{ path(from: "osteoblast", to: "bone", maxDepth: 0) { length } }', 'maxDepth'],
      ['{ concepts(first: -1) { totalCount } }', 'first'],
      ['{ concepts(first: 5000) { totalCount } }', 'first'],
      ['{ concept(slug: "osteoblast") { relations(first: -1) { totalCount } } }', 'first'],
      ['{ concepts(after: "not-a-cursor") { totalCount } }', 'after'],
    ] as const;
    for (const [source, argument] of cases) {
      const { status, body } = await api.query(source);
      expect(status, source).toBeLessThan(500);
      expect(body.errors?.[0]?.extensions?.code, source).toBe('BAD_USER_INPUT');
      expect(body.errors?.[0]?.message, source).toMatch(new RegExp(`^${argument}: `));
    }
    expect(api.maskedErrors).toEqual([]);
  });
});

describe('concepts, comparisons and nodes', () => {
  it('lists concepts of one kind as a connection in slug order', async () => {
    const { body } = await api.query(`{ concepts(kind: CELL, first: 100) { totalCount edges { node { slug kind } } pageInfo { hasNextPage } } }`);
    const nodes = body.data.concepts.edges.map((edge: any) => edge.node);
    expect(nodes.length).toBe(body.data.concepts.totalCount);
    expect(nodes.every((node: any) => node.kind === 'CELL')).toBe(true);
    expect(nodes.map((node: any) => node.slug)).toEqual([...nodes.map((node: any) => node.slug)].sort());
    expect(nodes.map((node: any) => node.slug)).toContain('osteoblast');
  });

  it('serves calcification-vs-ossification with its four aspects, one value per concept', async () => {
    const { body } = await api.query(`{ comparison(slug: "calcification-vs-ossification") {
      title concepts { slug } aspects { name values } } }`);
    const comparison = body.data.comparison;
    expect(comparison.concepts.map((concept: any) => concept.slug)).toEqual(['calcification', 'ossification']);
    expect(comparison.aspects.map((aspect: any) => aspect.name)).toEqual(['Definition', 'Occurrence', 'Purpose', 'Guidance']);
    for (const aspect of comparison.aspects) expect(aspect.values).toHaveLength(2);
  });

  it('refetches a concept and a comparison by their global IDs through Query.node', async () => {
    const { body } = await api.query(`{ concept(slug: "osteoblast") { id } comparison(slug: "calcification-vs-ossification") { id } }`);
    const refetched = await api.query(
      `query($a: ID!, $b: ID!) { a: node(id: $a) { __typename ... on Concept { slug } } b: node(id: $b) { __typename ... on Comparison { slug } } }`,
      { a: body.data.concept.id, b: body.data.comparison.id },
    );
    expect(refetched.body.data).toEqual({
      a: { __typename: 'Concept', slug: 'osteoblast' },
      b: { __typename: 'Comparison', slug: 'calcification-vs-ossification' },
    });
  });

  it('lists the comparisons a concept is one side of', async () => {
    const { body } = await api.query(`{ concept(slug: "ossification") { comparisons { slug } } }`);
    expect(body.data.concept.comparisons).toContainEqual({ slug: 'calcification-vs-ossification' });
  });
});

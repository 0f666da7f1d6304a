import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importObo } from '../src/ingest/obo.js';
import { SearchRepository, type SearchOptions } from '../src/graph/search.js';
import { SearchIndex } from '../src/graph/search-index.js';
import { createRepositories } from '../src/graph/index.js';
import { RANKING_BOUNDS, RANKING_WEIGHTS, RelatedRanking } from '../src/graph/related-ranking.js';
import { resetToSeeds, seededApi, SHARED_DIR } from './support/harness.js';

/**
 * Search, related topics and batched fields on the graph users run: the seeds plus all five
 * shared ontologies (18k concepts; "cell" has thousands of subtypes).
 */
const ONTOLOGIES = ['cl-basic.obo', 'uberon-import.obo', 'go-import-hp.obo', 'go-import-mondo.obo', 'doid-2016.obo'].map((file) =>
  path.join(SHARED_DIR, 'data', 'ontologies', file),
);

let api: Awaited<ReturnType<typeof seededApi>>;
beforeAll(async () => {
  api = await seededApi();
  await importObo(api.db, ONTOLOGIES);
});
afterAll(async () => {
  await resetToSeeds(api.db);
  await api?.close();
});

const statementsOf = async (source: string) => {
  const statements: string[] = [];
  const stop = api.db.onStatement((cypher) => statements.push(cypher));
  try {
    const { body } = await api.query(source);
    expect(body.errors).toBeUndefined();
    return { count: statements.length, data: body.data };
  } finally {
    stop();
  }
};

describe('search on the imported ontologies', () => {
  it('puts the exact name first, however many names contain the word', async () => {
    const { body } = await api.query('{ search(query: "cell", first: 5) { concept { slug name } matchedOn } }');
    expect(body.data.search[0]).toEqual({ concept: { slug: 'cell', name: 'cell' }, matchedOn: 'NAME' });
  });

  it('puts an exact alias and an ontology ID first, then name prefixes before anything else', async () => {
    const rbc = await api.query('{ search(query: "RBC", first: 3) { concept { name } matchedOn } }');
    expect(rbc.body.data.search[0]).toEqual({ concept: { name: 'erythrocyte' }, matchedOn: 'ALIAS' });
    const id = await api.query('{ search(query: "CL:0000232") { concept { name } matchedOn } }');
    expect(id.body.data.search).toEqual([{ concept: { name: 'erythrocyte' }, matchedOn: 'XREF' }]);
    const { body } = await api.query('{ search(query: "osteo", first: 20) { concept { name } } }');
    const names: string[] = body.data.search.map((hit: any) => hit.concept.name.toLowerCase());
    const firstOther = names.findIndex((name) => !name.startsWith('osteo'));
    if (firstOther >= 0) expect(names.slice(firstOther).every((name) => !name.startsWith('osteo'))).toBe(true);
    expect(names[0]!.startsWith('osteo')).toBe(true);
  });

  it('batches the fields asked of each hit: statements grow with depth, not with the number of hits', async () => {
    const query = (first: number) => `{ search(query: "bone", first: ${first}) { concept { slug
      neighbors(first: 5) { slug }
      relations(first: 3) { edges { node { type to { slug } } } }
      related(first: 3) { score topic { ... on Concept { slug } ... on Comparison { slug } } } } } }`;
    const few = await statementsOf(query(2));
    const many = await statementsOf(query(30));
    expect(many.data.search).toHaveLength(30);
    expect(many.count).toBe(few.count);
    expect(many.count).toBeLessThanOrEqual(6);
  });

  it('answers from the in-memory index exactly as the statement in Neo4j does', async () => {
    const index = new SearchIndex(api.db);
    await index.catchUp();
    const [memory, plain] = [new SearchRepository(api.db, index), new SearchRepository(api.db)];
    let byIndex = 0;
    for (const query of ['cell', 'bone', 'osteo', 'RBC', 'CL:0000232', 'b', 'c', 'neuron', 'epithelial cell', 'bone marrow', 'e']) {
      for (const first of [1, 10, 50]) {
        for (const kinds of [null, ['CELL'], ['STRUCTURE', 'PROCESS']] as const) {
          const options: SearchOptions = { first, kinds: kinds as SearchOptions['kinds'], fields: ['name', 'kind'] };
          const statements: string[] = [];
          const stop = api.db.onStatement((cypher) => statements.push(cypher));
          const fromMemory = await memory.search(query, options).finally(stop);
          if (statements.length === 1 && statements[0]!.includes('UNWIND $hits')) byIndex += 1;
          expect(fromMemory, `${query} first ${first} kinds ${kinds}`).toEqual(await plain.search(query, options));
        }
      }
    }
    expect(byIndex).toBeGreaterThan(60);
  });
});

describe('related topics on the imported ontologies', () => {
  it('ranks in memory exactly as the statement in Neo4j does, hubs included', async () => {
    // As servers hold it: of a hub, the first relations as the ranking reads them.
    const index = new SearchIndex(api.db, { linksUpTo: RANKING_BOUNDS.firstHop });
    await index.catchUp();
    const [memory, plain] = [new RelatedRanking(api.db, RANKING_WEIGHTS, index), new RelatedRanking(api.db)];
    // Every 150th concept by slug (about 120), and hubs past the 200 relations a ranking reads:
    // mesoderm-derived-structure has 257.
    const sample = await api.db.read<{ slug: string }>(
      'MATCH (c:Concept) WITH c ORDER BY c.slug WITH collect(c.slug) AS slugs UNWIND range(0, size(slugs) - 1, 150) AS at RETURN slugs[at] AS slug',
    );
    const slugs = [...sample.map((row) => row.slug), 'cell', 'mesoderm-derived-structure', 'osteoblast', 'bone'];
    const inNeo4j: string[] = [];
    const compare = async (slug: string) => {
      const statements: string[] = [];
      const stop = api.db.onStatement((cypher) => statements.push(cypher));
      const fromMemory = await memory.forConcepts([slug], 10, ['name']).finally(stop);
      if (statements.length !== 1 || !statements[0]!.includes('$asked')) inNeo4j.push(slug);
      expect(fromMemory, slug).toEqual(await plain.forConcepts([slug], 10, ['name']));
    };
    for (const slug of slugs) await compare(slug);
    expect(index.entry('mesoderm-derived-structure')!.cut).toBe(true);
    expect(inNeo4j).toEqual([]);

    // A relation written to the hub may change which come first: the log names the hub, and the index reads it again.
    const { mutations } = createRepositories(api.db);
    await mutations.createConcept({ slug: 'hub-probe', name: 'Hub probe', kind: 'STRUCTURE', sources: ['test'] });
    try {
      await mutations.createRelation({ from: 'hub-probe', type: 'IS_A', to: 'mesoderm-derived-structure', sources: ['test'] });
      await index.catchUp();
      await compare('mesoderm-derived-structure');
      expect(inNeo4j).toEqual([]);
    } finally {
      await mutations.deleteConcept('hub-probe');
    }
  });


  it('answers for a hub with thousands of relations, with reasons', async () => {
    const { body } = await api.query('{ concept(slug: "cell") { related(first: 10) { score reasons } } }');
    expect(body.errors).toBeUndefined();
    expect(body.data.concept.related).toHaveLength(10);
    for (const entry of body.data.concept.related) expect(entry.reasons.length).toBeGreaterThan(0);
  });
});

describe('hierarchies on the imported ontologies', () => {
  const slugsOf = (connection: any) => connection.edges.map((edge: any) => edge.node.slug);

  it('gives the ancestors of osteoclast nearest first, each once at its shortest distance, up to "cell"', async () => {
    const { data } = await statementsOf('{ concept(slug: "osteoclast") { ancestors(first: 100) { totalCount edges { distance node { slug } } } parents { totalCount edges { distance node { slug } } } } }');
    const { ancestors, parents } = data.concept;
    expect(parents.edges).toEqual([
      { distance: 1, node: { slug: 'bone-cell' } },
      { distance: 1, node: { slug: 'myeloid-leukocyte' } },
    ]);
    expect(parents.totalCount).toBe(2);
    const distances = ancestors.edges.map((edge: any) => edge.distance);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(new Set(slugsOf(ancestors)).size).toBe(ancestors.totalCount);
    expect(ancestors.edges.at(-1)).toEqual({ distance: 5, node: { slug: 'cell' } });
  });

  it('pages through thousands of descendants of "cell" with cursors, none twice, in one statement a page', async () => {
    const page = (after: string | null) =>
      statementsOf(`{ concept(slug: "cell") { descendants(first: 100${after ? `, after: "${after}"` : ''}) {
        totalCount pageInfo { hasNextPage endCursor } edges { distance node { slug } } } } }`);
    const first = await page(null);
    const total = first.data.concept.descendants.totalCount;
    expect(total).toBeGreaterThan(2000);
    const lookup = await statementsOf('{ concept(slug: "cell") { slug } }');
    expect(first.count).toBe(lookup.count + 1);
    const second = await page(first.data.concept.descendants.pageInfo.endCursor);
    const firstSlugs = slugsOf(first.data.concept.descendants);
    const secondSlugs = slugsOf(second.data.concept.descendants);
    expect(secondSlugs).toHaveLength(100);
    expect(secondSlugs.filter((slug: string) => firstSlugs.includes(slug))).toEqual([]);
    expect(second.data.concept.descendants.edges[0].distance).toBeGreaterThanOrEqual(first.data.concept.descendants.edges.at(-1).distance);
  });

  it('follows the relation types asked for, and stops at maxDistance', async () => {
    const { data } = await statementsOf(`{ concept(slug: "osteoclast") {
      lineage: ancestors(via: [DEVELOPS_FROM]) { edges { distance node { slug } } }
      near: ancestors(maxDistance: 2) { edges { distance } } } }`);
    expect(slugsOf(data.concept.lineage)).toContain('monocyte');
    expect(Math.max(...data.concept.near.edges.map((edge: any) => edge.distance))).toBe(2);
  });

  it('asks one statement per level for the children of many concepts', async () => {
    const few = await statementsOf('{ search(query: "osteo", first: 2) { concept { children(first: 3) { totalCount } } } }');
    const many = await statementsOf('{ search(query: "osteo", first: 20) { concept { children(first: 3) { totalCount } } } }');
    expect(many.count).toBe(few.count);
  });

  it('restricts search to the descendants of a concept with within', async () => {
    const { data } = await statementsOf('{ search(query: "osteo", within: "bone-cell", first: 50) { concept { slug } } }');
    const hits: string[] = data.search.map((hit: any) => hit.concept.slug);
    expect(hits).toContain('osteoclast');
    expect(hits).toContain('osteocyte');
    expect(hits).not.toContain('osteoblast'); // a connective tissue cell in CL, not a bone cell
    const below = await statementsOf('{ concept(slug: "bone-cell") { descendants(first: 100) { edges { node { slug } } } } }');
    for (const hit of hits) expect(slugsOf(below.data.concept.descendants)).toContain(hit);
  });

  it('refuses an unknown within, a maxDistance out of range and a foreign cursor, naming the argument', async () => {
    const distance = await api.query('{ concept(slug: "cell") { descendants(maxDistance: 0) { totalCount } } }');
    expect(distance.body.errors?.[0]).toMatchObject({ message: 'maxDistance: must be between 1 and 40, got 0', extensions: { argument: 'maxDistance' } });
    const cursor = await api.query('{ concept(slug: "cell") { descendants(after: "bm9wZQ") { totalCount } } }');
    expect(cursor.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
    const within = await api.query('{ search(query: "bone", within: "no-such-concept") { concept { slug } } }');
    expect(within.body.errors?.[0]).toMatchObject({ message: 'within: no concept has the slug "no-such-concept"', extensions: { code: 'BAD_USER_INPUT' } });
  });
});

describe('what a search hit matched', () => {
  it('names the field and the text: name, alias, ontology ID, or the words of the definition', async () => {
    const { body } = await api.query(`{
      name: search(query: "osteoclast", first: 1) { matchedOn matchedText }
      alias: search(query: "lacunae", first: 1) { matchedOn matchedText }
      id: search(query: "CL:0000062", first: 1) { matchedOn matchedText }
      definition: search(query: "canaliculi", first: 5) { matchedOn matchedText } }`);
    expect(body.data.name[0]).toEqual({ matchedOn: 'NAME', matchedText: 'Osteoclast' });
    expect(body.data.alias[0]).toEqual({ matchedOn: 'ALIAS', matchedText: 'lacunae' });
    expect(body.data.id[0]).toEqual({ matchedOn: 'XREF', matchedText: 'CL:0000062' });
    const fromDefinition = body.data.definition.filter((hit: any) => hit.matchedOn === 'DEFINITION');
    expect(fromDefinition.length).toBeGreaterThan(0);
    for (const hit of fromDefinition) expect(hit.matchedText.toLowerCase()).toContain('canalicul');
  });
});

describe('resolve on the imported ontologies', () => {
  it('says an alias several terms share is ambiguous and lists them, and resolves many inputs in one statement', async () => {
    const { body } = await api.query('{ resolve(ids: ["RBC", "cell", "UBERON:0002481"]) { status matchedOn concept { slug } candidates { slug } message } }');
    const [rbc, cell, bone] = body.data.resolve;
    expect(rbc.status).toBe('AMBIGUOUS');
    expect(rbc.candidates.map((c: any) => c.slug)).toContain('erythrocyte');
    expect(rbc.message).toMatch(/concepts match "RBC" equally well/);
    expect(cell).toMatchObject({ status: 'RESOLVED', matchedOn: 'NAME', concept: { slug: 'cell' } });
    expect(bone).toMatchObject({ status: 'RESOLVED', matchedOn: 'XREF' });
    const ids = Array.from({ length: 100 }, (_, i) => (i % 2 ? 'osteoclasts' : `CL:${String(i).padStart(7, '0')}`));
    const { count } = await statementsOf(`{ resolve(ids: ${JSON.stringify(ids)}) { status } }`);
    expect(count).toBe(1);
  });
});

describe('compare on the imported ontologies', () => {
  it('compares two hubs with thousands of relations, listing a few and counting the rest, sentences capitalised', async () => {
    const { data } = await statementsOf('{ compare(a: "cell", b: "anatomical structure") { generated title sentences aspects { name values } } }');
    expect(data.compare.generated).toBe(true);
    expect(data.compare.title).toBe('Cell vs Anatomical structure');
    for (const sentence of data.compare.sentences) expect(sentence).toMatch(/^[A-Z]/);
    const subtypes = data.compare.aspects.find((aspect: any) => aspect.name === 'Has the subtype');
    expect(subtypes.values[1]).toMatch(/ and \d+ more$/);
  });
});

describe('connections on the imported ontologies', () => {
  it('ranks the paths between two hubs within bounds, each a simple path with a sentence', async () => {
    const { data } = await statementsOf('{ connections(from: "cell", to: "bone", maxDepth: 4, first: 5) { totalPaths truncated paths { score length explanation } patterns { count } } }');
    const { totalPaths, paths, patterns } = data.connections;
    expect(totalPaths).toBeGreaterThan(0);
    expect(patterns.reduce((sum: number, p: any) => sum + p.count, 0)).toBe(totalPaths);
    for (const p of paths) {
      expect(p.length).toBeLessThanOrEqual(4);
      expect(p.explanation).toMatch(/^Cell .* bone\.$/);
    }
  });
});

import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importObo } from '../src/ingest/obo.js';
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
});

describe('related topics on the imported ontologies', () => {
  it('answers for a hub with thousands of relations, with reasons', async () => {
    const { body } = await api.query('{ concept(slug: "cell") { related(first: 10) { score reasons } } }');
    expect(body.errors).toBeUndefined();
    expect(body.data.concept.related).toHaveLength(10);
    for (const entry of body.data.concept.related) expect(entry.reasons.length).toBeGreaterThan(0);
  });
});

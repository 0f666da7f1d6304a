import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepositories, type Repositories } from '../src/graph/index.js';
import { SearchRepository, type SearchOptions } from '../src/graph/search.js';
import { SearchIndex } from '../src/graph/search-index.js';
import { importObo } from '../src/ingest/obo.js';
import { FIXTURES_DIR, resetToSeeds, seededApi } from './support/harness.js';
import path from 'node:path';

/**
 * Search with its keys in memory (search-index.ts) against the same search run in Neo4j: the
 * same answers, a write seen at once by every instance, and the index catching up with
 * mutations, deletions and imports. On the seeds; ontology-scale.test.ts does the same on the
 * five ontologies.
 */
let api: Awaited<ReturnType<typeof seededApi>>;
let repos: Repositories;
beforeAll(async () => {
  api = await seededApi();
  repos = createRepositories(api.db);
  await repos.searchIndex.catchUp();
});
afterAll(async () => {
  await resetToSeeds(api.db);
  await api?.close();
});

/** Runs a search and says whether the index answered it (one statement reading ranked hits) or Neo4j did. */
async function searched(search: SearchRepository, query: string, options: SearchOptions) {
  const statements: string[] = [];
  const stop = api.db.onStatement((cypher) => statements.push(cypher));
  try {
    const hits = await search.search(query, options);
    const byIndex = statements.length === 1 && statements[0]!.includes('UNWIND $hits');
    return { hits: hits.map((hit) => ({ slug: hit.concept.slug, name: hit.concept.name, score: hit.score, tier: hit.tier })), byIndex };
  } finally {
    stop();
  }
}

const inNeo4j = () => new SearchRepository(api.db);

describe('search ranked from the index', () => {
  it('answers exactly as the statement in Neo4j does, for names, prefixes, aliases, IDs, kinds and page sizes', async () => {
    const plain = inNeo4j();
    let byIndex = 0;
    for (const query of ['bone', 'Bone', 'osteo', 'os', 'o', 'b', 'lacunae', 'CL:0000062', 'cl:0000062', 'calcification', 'osteoblast', 'bone cell', '!!!', 'rankl']) {
      for (const first of [1, 3, 10, 50]) {
        for (const kinds of [null, ['CELL'], ['PROCESS', 'TISSUE']] as const) {
          const options: SearchOptions = { first, kinds: kinds as SearchOptions['kinds'], fields: ['name'] };
          const memory = await searched(repos.search, query, options);
          expect(memory.hits, `${query} first ${first} kinds ${kinds}`).toEqual((await searched(plain, query, options)).hits);
          if (memory.byIndex) byIndex += 1;
        }
      }
    }
    // "osteo" first 1 and the like are decided by the index; "osteoblst" and short pages of rare words are not.
    expect(byIndex).toBeGreaterThan(40);
  });

  it('is used for an exact name and for a prefix with more matches than asked for', async () => {
    expect((await searched(repos.search, 'bone', { first: 1 })).byIndex).toBe(true);
    expect((await searched(repos.search, 'osteo', { first: 2 })).byIndex).toBe(true);
    // Fewer prefix matches than asked for: the full-text stage adds to them, in Neo4j.
    expect((await searched(repos.search, 'osteoblast', { first: 50 })).byIndex).toBe(false);
    // Within a branch: Neo4j walks the hierarchy.
    expect((await searched(repos.search, 'bone', { first: 1, within: 'bone' })).byIndex).toBe(false);
  });

  it('shows a write at once, on this instance and on one whose index has not seen it, then catches up', async () => {
    const other = new SearchIndex(api.db);
    await other.catchUp();
    const otherSearch = new SearchRepository(api.db, other);
    await repos.mutations.createConcept({ slug: 'osteozzz-probe', name: 'Osteozzz probe', kind: 'CELL', sources: ['test'] });
    for (const search of [repos.search, otherSearch]) {
      const { hits, byIndex } = await searched(search, 'osteozzz', { first: 1 });
      expect(hits.map((hit) => hit.slug)).toEqual(['osteozzz-probe']);
      expect(byIndex).toBe(false);
    }
    await other.catchUp();
    expect(await searched(otherSearch, 'osteozzz', { first: 1 })).toMatchObject({ hits: [{ slug: 'osteozzz-probe' }], byIndex: true });

    // A relation changes both concepts' degrees, which the rank counts.
    await repos.mutations.createRelation({ from: 'osteozzz-probe', type: 'IS_A', to: 'osteoblast', sources: ['test'] });
    await other.catchUp();
    const options: SearchOptions = { first: 5, fields: ['name'] };
    expect(await searched(otherSearch, 'osteo', options)).toEqual({ ...(await searched(inNeo4j(), 'osteo', options)), byIndex: true });

    // A deletion takes the concept's relations with it: the index reloads.
    await repos.mutations.deleteConcept('osteozzz-probe');
    expect((await searched(otherSearch, 'osteozzz', { first: 1 })).hits).toEqual([]);
    await other.catchUp();
    expect(await searched(otherSearch, 'osteo', options)).toEqual({ ...(await searched(inNeo4j(), 'osteo', options)), byIndex: true });
  });

  it('reloads after an import, and answers in Neo4j until it has', async () => {
    await importObo(api.db, [path.join(FIXTURES_DIR, 'obo', 'mini.obo')]);
    const { hits } = await searched(repos.search, 'osteo', { first: 50, fields: ['name'] });
    expect(hits).toEqual((await searched(inNeo4j(), 'osteo', { first: 50, fields: ['name'] })).hits);
    await repos.searchIndex.catchUp();
    for (const query of ['osteo', 'b', 'fixture']) {
      const options: SearchOptions = { first: 1, fields: ['name'] };
      expect(await searched(repos.search, query, options)).toEqual({ ...(await searched(inNeo4j(), query, options)), byIndex: true });
    }
  });

  it('answers in Neo4j when it has not loaded', async () => {
    const cold = new SearchRepository(api.db, new SearchIndex(api.db));
    expect((await searched(cold, 'bone', { first: 1 })).byIndex).toBe(false);
  });
});

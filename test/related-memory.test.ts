import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepositories, type Repositories } from '../src/graph/index.js';
import { RANKING_BOUNDS, RANKING_WEIGHTS, RelatedRanking, rankInMemory } from '../src/graph/related-ranking.js';
import { SearchIndex } from '../src/graph/search-index.js';
import { resetToSeeds, seededApi } from './support/harness.js';

/**
 * Related concepts ranked over the topology held in memory (the search index's relations and
 * comparisons) against the same ranking run in Neo4j: the same topics, scores and reasons; a
 * write seen at once by an instance that has not applied it; Neo4j whenever a bound binds. On
 * the seeds; ontology-scale.test.ts does the same on the five ontologies.
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

/** Ranks, and says whether memory answered (one statement reading the rows) or Neo4j did. */
async function ranked(ranking: RelatedRanking, slugs: string[], first: number, fields?: Parameters<RelatedRanking['forConcepts']>[2]) {
  const statements: string[] = [];
  const stop = api.db.onStatement((cypher) => statements.push(cypher));
  try {
    const answer = await ranking.forConcepts(slugs, first, fields);
    return { answer, inMemory: statements.length === 1 && statements[0]!.includes('$asked') };
  } finally {
    stop();
  }
}

const inNeo4j = () => new RelatedRanking(api.db);

describe('related concepts ranked in memory', () => {
  it('gives exactly the answer the statement in Neo4j gives, for every seeded concept', async () => {
    const slugs = (await api.db.read<{ slug: string }>('MATCH (c:Concept) RETURN c.slug AS slug ORDER BY slug')).map((row) => row.slug);
    expect(slugs.length).toBeGreaterThan(50);
    let inMemory = 0;
    for (const slug of slugs) {
      for (const [first, fields] of [[1, ['name']], [5, undefined], [25, ['name', 'kind']]] as const) {
        const memory = await ranked(repos.related, [slug], first, fields);
        expect(memory.answer, `${slug} first ${first}`).toEqual((await ranked(inNeo4j(), [slug], first, fields)).answer);
        if (memory.inMemory) inMemory += 1;
      }
    }
    // No seeded concept has more than 200 relations: memory answers every one.
    expect(inMemory).toBe(slugs.length * 3);
    // Several concepts at once (one dataloader batch), and a slug no concept has.
    const batch = ['osteoblast', 'bone', 'no-such-concept', 'rickets'];
    const memory = await ranked(repos.related, batch, 10);
    expect(memory.answer).toEqual((await ranked(inNeo4j(), batch, 10)).answer);
    expect(memory.answer[2]).toEqual({ concept: null, topics: [] });
  });

  it('says why, naming the concept a two-step path passes through', async () => {
    const { topics } = (await ranked(repos.related, ['osteoblast'], 10)).answer[0]!;
    expect(topics.length).toBe(10);
    for (const topic of topics) expect(topic.reasons.length).toBeGreaterThan(0);
    expect(topics.flatMap((topic) => topic.reasons).some((reason) => reason.includes(', which '))).toBe(true);
  });

  it('leaves a concept to Neo4j when a bound binds', () => {
    const osteoblast = repos.searchIndex.entry('osteoblast')!;
    expect(rankInMemory(repos.searchIndex, 'osteoblast')).not.toBeNull();
    // Fewer relations read than it has: which ones Neo4j's LIMIT keeps is its storage order.
    expect(rankInMemory(repos.searchIndex, 'osteoblast', RANKING_WEIGHTS, { ...RANKING_BOUNDS, firstHop: osteoblast.links!.length - 1 })).toBeNull();
    expect(rankInMemory(repos.searchIndex, 'no-such-concept')).toBeNull();
  });

  it('shows a write at once, on this instance and on one whose topology has not seen it, then catches up', async () => {
    const other = new SearchIndex(api.db);
    await other.catchUp();
    const lagging = new RelatedRanking(api.db, RANKING_WEIGHTS, other);
    const before = (await ranked(lagging, ['osteoblast'], 25)).answer;

    await repos.mutations.createConcept({ slug: 'related-probe', name: 'Related probe', kind: 'CELL', sources: ['test'] });
    await repos.mutations.createRelation({ from: 'related-probe', type: 'DEVELOPS_FROM', to: 'osteoblast', sources: ['test'] });
    const truth = (await ranked(inNeo4j(), ['osteoblast'], 25)).answer;
    expect(truth).not.toEqual(before);
    expect(truth[0]!.topics.map((topic) => topic.topic.slug)).toContain('related-probe');
    for (const ranking of [repos.related, lagging]) expect((await ranked(ranking, ['osteoblast'], 25)).answer).toEqual(truth);

    await other.catchUp();
    expect(await ranked(lagging, ['osteoblast'], 25)).toEqual({ answer: truth, inMemory: true });

    // A deletion takes the concept's relations with it: the topology reloads.
    await repos.mutations.deleteConcept('related-probe');
    expect((await ranked(lagging, ['osteoblast'], 25)).answer).toEqual(before);
    await other.catchUp();
    expect(await ranked(lagging, ['osteoblast'], 25)).toEqual({ answer: before, inMemory: true });
  });

  it('opens on the keys and ranks in Neo4j until a load has read every relation, losing no write made meanwhile', async () => {
    // Pages of 10 concepts: the seeded graph's relations take several pages to read.
    const index = new SearchIndex(api.db, { pollMs: 60_000, pageSize: 10 });
    try {
      await index.start();
      // Search's keys are in; the relations are still being read.
      expect(index.appliedSeq).not.toBeNull();
      expect(index.exactMatches('osteoblast').map((entry) => entry.slug)).toEqual(['osteoblast']);
      expect(index.linkedSeq).toBeNull();
      const loading = new RelatedRanking(api.db, RANKING_WEIGHTS, index);
      expect(await ranked(loading, ['osteoblast'], 10)).toEqual({ answer: (await ranked(inNeo4j(), ['osteoblast'], 10)).answer, inMemory: false });

      await repos.mutations.createConcept({ slug: 'related-probe', name: 'Related probe', kind: 'CELL', sources: ['test'] });
      await repos.mutations.createRelation({ from: 'related-probe', type: 'DEVELOPS_FROM', to: 'osteoblast', sources: ['test'] });
      await index.linked();
      await index.catchUp();
      expect(index.linkedSeq).toBe(index.appliedSeq);
      const truth = (await ranked(inNeo4j(), ['osteoblast'], 25)).answer;
      expect(truth[0]!.topics.map((topic) => topic.topic.slug)).toContain('related-probe');
      expect(await ranked(loading, ['osteoblast'], 25)).toEqual({ answer: truth, inMemory: true });
    } finally {
      index.stop();
      await repos.mutations.deleteConcept('related-probe').catch(() => undefined);
    }
  });

  it('ranks in Neo4j while the topology has not loaded', async () => {
    const cold = new RelatedRanking(api.db, RANKING_WEIGHTS, new SearchIndex(api.db));
    const answer = await ranked(cold, ['osteoblast'], 10);
    expect(answer.inMemory).toBe(false);
    expect(answer.answer).toEqual((await ranked(inNeo4j(), ['osteoblast'], 10)).answer);
  });
});

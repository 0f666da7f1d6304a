import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate, snapshotOf } from '../src/eval/related.js';
import { buildSnapshot, conceptSimilarity, plural, recommendForComparison, recommendForConcept, sharedAncestor } from '../src/graph/recommend.js';
import { readSeeds } from '../src/ingest/seeds.js';
import { FIXTURES_DIR, SEEDS_DIR, seededApi } from './support/harness.js';

describe('ranking (pure)', () => {
  it('is deterministic and gives reasons that are true to the graph', async () => {
    const graph = await readSeeds(SEEDS_DIR);
    const snapshot = snapshotOf(graph);
    const once = recommendForComparison(snapshot, 'osteoporosis-vs-osteomalacia', 10, { useCurated: false });
    expect(recommendForComparison(snapshotOf(graph), 'osteoporosis-vs-osteomalacia', 10, { useCurated: false })).toEqual(once);
    expect(once.length).toBeGreaterThan(3);
    for (const entry of once) expect(entry.reasons.length).toBeGreaterThan(0);
    const scores = once.map((entry) => entry.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    // "Osteoporosis and osteopenia both affect bone" must be two AFFECTS relations to bone.
    const affects = (slug: string) => graph.relations.some((r) => r.from === slug && r.type === 'AFFECTS' && r.to === 'bone');
    const both = once.flatMap((entry) => entry.reasons).filter((reason) => /both affect bone$/.test(reason));
    expect(both.length).toBeGreaterThan(0);
    for (const reason of both) {
      const [, a, b] = /^(.+) and (.+) both affect bone$/.exec(reason)!;
      const slugOf = (name: string) => graph.concepts.find((c) => c.name.toLowerCase() === name.toLowerCase())!.slug;
      expect(affects(slugOf(a!)) && affects(slugOf(b!)), reason).toBe(true);
    }
  });

  it('explains a direct link in words, and recommends the comparison a concept is in', async () => {
    const snapshot = snapshotOf(await readSeeds(SEEDS_DIR));
    const related = recommendForConcept(snapshot, 'rickets', 10);
    const osteomalacia = related.find((entry) => entry.topic.slug === 'osteomalacia');
    expect(osteomalacia?.reasons).toContain('Rickets is a kind of osteomalacia');
    expect(related[0]!.topic).toEqual({ kind: 'COMPARISON', slug: 'rickets-vs-osteomalacia' });
  });

  it('prefers the rarer shared ancestor, by information content', () => {
    const snapshot = buildSnapshot({
      concepts: ['thing', 'cell', 'bone-cell', 'osteoblast', 'osteocyte', 'neuron', 'a', 'b', 'c'].map((slug) => ({ slug, name: slug })),
      relations: [
        ['cell', 'thing'], ['bone-cell', 'cell'], ['osteoblast', 'bone-cell'], ['osteocyte', 'bone-cell'], ['neuron', 'cell'],
        ['a', 'thing'], ['b', 'thing'], ['c', 'thing'],
      ].map(([from, to]) => ({ from: from!, type: 'IS_A' as const, to: to! })),
      comparisons: [],
    });
    expect(sharedAncestor(snapshot, 'osteoblast', 'osteocyte')?.slug).toBe('bone-cell');
    expect(sharedAncestor(snapshot, 'osteoblast', 'neuron')?.slug).toBe('cell');
    const near = sharedAncestor(snapshot, 'osteoblast', 'osteocyte')!.information;
    const far = sharedAncestor(snapshot, 'osteoblast', 'neuron')!.information;
    expect(near).toBeGreaterThan(far);
    const reasons = conceptSimilarity(snapshot, 'osteoblast', 'osteocyte').reasons.map((reason) => reason.text);
    expect(reasons).toContain('osteoblast and osteocyte are both kinds of bone-cell');
  });

  it('puts verbs in the plural', () => {
    expect(['is carried out by', 'produces', 'has part', 'affects', 'gives rise to'].map(plural)).toEqual([
      'are carried out by', 'produce', 'have part', 'affect', 'give rise to',
    ]);
  });

  it('computes the evaluation metrics on a small fixture', async () => {
    const metrics = evaluate(await readSeeds(path.join(FIXTURES_DIR, 'eval-small')), 'fixture-osteoblast-vs-fixture-osteoclast');
    for (const value of Object.values(metrics)) expect(Number.isFinite(value)).toBe(true);
    expect(metrics.mainRecallAt5).toBeGreaterThanOrEqual(0);
    expect(metrics.mainRecallAt5).toBeLessThanOrEqual(1);
    expect(metrics.othersQueries).toBe(0);
  });
});

describe('recommendations over GraphQL', () => {
  let api: Awaited<ReturnType<typeof seededApi>>;
  beforeAll(async () => {
    api = await seededApi();
  });
  afterAll(async () => {
    await api?.close();
  });

  it('lists the curated related comparisons first for the main comparison, with reasons', async () => {
    const { body } = await api.query(`{ comparison(slug: "calcification-vs-ossification") {
      related(first: 19) { score reasons topic { __typename ... on Comparison { slug } } } } }`);
    const related = body.data.comparison.related;
    expect(related).toHaveLength(19);
    const curated = (await readSeeds(SEEDS_DIR)).comparisons.find((c) => c.slug === 'calcification-vs-ossification')!.related;
    expect(related.map((entry: any) => entry.topic.slug).sort()).toEqual([...curated].sort());
    for (const entry of related) {
      expect(entry.topic.__typename).toBe('Comparison');
      expect(entry.reasons[0]).toBe('curated as a related comparison');
    }
  });

  it('mixes concepts and comparisons for a concept, and refuses out-of-range sizes', async () => {
    const { body } = await api.query(`{ concept(slug: "osteoclast") { related(first: 8) { reasons topic { __typename ... on Concept { slug } ... on Comparison { slug } } } } }`);
    const kinds = new Set(body.data.concept.related.map((entry: any) => entry.topic.__typename));
    expect(kinds).toEqual(new Set(['Concept', 'Comparison']));
    const bad = await api.query('{ concept(slug: "osteoclast") { related(first: 500) { score } } }');
    expect(bad.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

import { readerOf, type Database } from '../db/database.js';
import { RANKING_WEIGHTS, RelatedRanking, type RankingWeights } from '../graph/related-ranking.js';
import { GraphWriter } from '../graph/writer.js';
import type { SeedGraph } from '../ingest/seeds.js';

/**
 * Offline evaluation of related topics as link prediction. In each of several seeded folds a
 * share of the curated relations and of the comparisons' RELATED_TO links is hidden (deleted
 * inside a transaction that is rolled back), and every ranker is asked to find them again:
 *
 * - concepts: for each concept that lost a relation, its other end must come back among the
 *   concepts ranked for it;
 * - comparisons: for each comparison that lost a related link, the other comparison must
 *   come back among the comparisons ranked for it.
 *
 * Links still visible are known, so they are left out of every ranking before it is scored.
 * Baselines: random order, popularity (most connected first), plain common neighbours.
 */

export interface EvalOptions {
  folds: number;
  /** The share of links hidden in each fold. */
  share: number;
  seed: number;
  /** The cut-off of recall@k. */
  k: number;
}

export const DEFAULT_EVAL: EvalOptions = { folds: 5, share: 0.2, seed: 7, k: 10 };

export interface Score {
  recallAtK: number;
  mrr: number;
  queries: number;
}

export interface EvalRow {
  ranker: string;
  concepts: Score;
  comparisons: Score;
}

type Link = { from: string; to: string };
type Ranking = (query: string) => Promise<string[]> | string[];

/** A small, seedable generator (mulberry32), so folds are the same on every run. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sample<T>(items: readonly T[], share: number, next: () => number): T[] {
  const shuffled = items.map((item) => ({ item, key: next() })).sort((a, b) => a.key - b.key);
  return shuffled.slice(0, Math.max(1, Math.round(items.length * share))).map((entry) => entry.item);
}

const keyOf = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** Undirected adjacency of the links left visible. */
function adjacency(links: readonly Link[]): Map<string, Set<string>> {
  const map = new Map<string, Set<string>>();
  const add = (a: string, b: string) => (map.get(a) ?? map.set(a, new Set()).get(a)!).add(b);
  for (const { from, to } of links) {
    if (from === to) continue;
    add(from, to);
    add(to, from);
  }
  return map;
}

/** Orders candidates by score, ties in a seeded random order (so no baseline wins by slug order). */
function byScore(candidates: readonly string[], score: (candidate: string) => number, next: () => number): string[] {
  return candidates
    .map((candidate) => ({ candidate, score: score(candidate), tie: next() }))
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || a.tie - b.tie)
    .map((entry) => entry.candidate);
}

async function score(queries: Map<string, Set<string>>, known: Map<string, Set<string>>, rank: Ranking, k: number): Promise<Score> {
  let recall = 0;
  let reciprocal = 0;
  for (const [query, relevant] of queries) {
    const ranked = (await rank(query)).filter((candidate) => candidate !== query && !known.get(query)?.has(candidate));
    recall += ranked.slice(0, k).filter((candidate) => relevant.has(candidate)).length / relevant.size;
    const first = ranked.findIndex((candidate) => relevant.has(candidate));
    reciprocal += first < 0 ? 0 : 1 / (first + 1);
  }
  return { recallAtK: recall / queries.size, mrr: reciprocal / queries.size, queries: queries.size };
}

function mean(scores: Score[]): Score {
  const total = scores.reduce((sum, s) => sum + s.queries, 0);
  const weighted = (pick: (s: Score) => number) => scores.reduce((sum, s) => sum + pick(s) * s.queries, 0) / Math.max(total, 1);
  return { recallAtK: weighted((s) => s.recallAtK), mrr: weighted((s) => s.mrr), queries: total };
}

/**
 * Runs every fold on `db`, which must hold exactly `graph` (the seeds the evaluation loaded),
 * and returns one row per ranker: ossigraph's ranking under each of `weightings`, then the baselines.
 */
export async function evaluateRelated(
  db: Database,
  graph: SeedGraph,
  options: EvalOptions = DEFAULT_EVAL,
  weightings: { label: string; weights: RankingWeights }[] = [{ label: 'ossigraph', weights: RANKING_WEIGHTS }],
): Promise<EvalRow[]> {
  const relations = graph.relations.filter((relation) => relation.from !== relation.to);
  const relatedLinks = graph.comparisons.flatMap((comparison) => comparison.related.map((to) => ({ from: comparison.slug, to })));
  const conceptSlugs = graph.concepts.map((concept) => concept.slug);
  const comparisonSlugs = graph.comparisons.map((comparison) => comparison.slug);
  const conceptsOf = new Map(graph.comparisons.map((comparison) => [comparison.slug, comparison.concepts]));
  const perRanker = new Map<string, { concepts: Score[]; comparisons: Score[] }>();
  const record = (ranker: string, concepts: Score, comparisons: Score) => {
    const entry = perRanker.get(ranker) ?? perRanker.set(ranker, { concepts: [], comparisons: [] }).get(ranker)!;
    entry.concepts.push(concepts);
    entry.comparisons.push(comparisons);
  };

  for (let fold = 0; fold < options.folds; fold += 1) {
    const next = random(options.seed * 1000 + fold);
    const hiddenRelations = sample(relations, options.share, next);
    const hiddenRelated = sample(relatedLinks, options.share, next);
    const hiddenKeys = new Set(hiddenRelations.map((r) => `${r.from}|${r.type}|${r.to}`));
    const hiddenRelatedKeys = new Set(hiddenRelated.map((link) => keyOf(link.from, link.to)));
    const visible = adjacency(relations.filter((r) => !hiddenKeys.has(`${r.from}|${r.type}|${r.to}`)));
    const visibleRelated = adjacency(relatedLinks.filter((link) => !hiddenRelatedKeys.has(keyOf(link.from, link.to))));
    // A hidden relation whose two ends are still linked by another type is not hidden at all.
    const conceptQueries = adjacency(hiddenRelations.filter((r) => !visible.get(r.from)?.has(r.to)));
    const comparisonQueries = adjacency(hiddenRelated);

    await db.rolledBack(async (tx) => {
      await new GraphWriter(tx).removeLinks(hiddenRelations, hiddenRelated);
      for (const { label, weights } of weightings) {
        const ranking = new RelatedRanking({ read: readerOf(tx) }, weights);
        record(
          label,
          await score(conceptQueries, visible, async (slug) => (await ranking.forConcept(slug, 200)).filter((t) => t.topic.kind === 'CONCEPT').map((t) => t.topic.slug), options.k),
          await score(comparisonQueries, visibleRelated, async (slug) => (await ranking.forComparison(slug, 200)).map((t) => t.topic.slug), options.k),
        );
      }
    });

    const degree = (slug: string) => visible.get(slug)?.size ?? 0;
    const commonNeighbours = (a: string, b: string) => [...(visible.get(a) ?? [])].filter((z) => visible.get(b)?.has(z)).length;
    const comparisonNeighbours = (a: string, b: string) => {
      const [left, right] = [conceptsOf.get(a) ?? [], conceptsOf.get(b) ?? []];
      const shared = left.filter((concept) => right.includes(concept)).length;
      return shared + left.reduce((sum, x) => sum + right.reduce((inner, y) => inner + commonNeighbours(x, y), 0), 0);
    };
    record(
      'random',
      await score(conceptQueries, visible, () => byScore(conceptSlugs, () => 1, next), options.k),
      await score(comparisonQueries, visibleRelated, () => byScore(comparisonSlugs, () => 1, next), options.k),
    );
    record(
      'popularity (most connected)',
      await score(conceptQueries, visible, () => byScore(conceptSlugs, (c) => degree(c) + 1, next), options.k),
      await score(comparisonQueries, visibleRelated, () => byScore(comparisonSlugs, (c) => (visibleRelated.get(c)?.size ?? 0) + 1, next), options.k),
    );
    record(
      'common neighbours',
      await score(conceptQueries, visible, (q) => byScore(conceptSlugs, (c) => commonNeighbours(q, c), next), options.k),
      await score(comparisonQueries, visibleRelated, (q) => byScore(comparisonSlugs, (c) => comparisonNeighbours(q, c), next), options.k),
    );
  }
  return [...perRanker].map(([ranker, scores]) => ({ ranker, concepts: mean(scores.concepts), comparisons: mean(scores.comparisons) }));
}

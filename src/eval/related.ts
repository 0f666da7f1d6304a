import { buildSnapshot, DEFAULT_WEIGHTS, recommendForComparison, type GraphSnapshot, type Weights } from '../graph/recommend.js';
import type { SeedGraph } from '../ingest/seeds.js';

/**
 * Offline evaluation of Comparison.related: with every curated RELATED_TO link hidden, how
 * well does the graph alone recover (a) the comparisons an article lists as related to its
 * main comparison and (b) each other comparison's obvious neighbours (those sharing one of
 * its concepts)? Distractor comparisons from other domains sit among the candidates.
 */

export interface Metrics {
  mainRecallAt5: number;
  mainRecallAt10: number;
  mainRecallAt19: number;
  mainReciprocalRank: number;
  /** Over every other comparison that has obvious neighbours. */
  othersRecallAt5: number;
  othersMeanReciprocalRank: number;
  othersQueries: number;
}

export function snapshotOf(graph: SeedGraph): GraphSnapshot {
  return buildSnapshot({
    concepts: graph.concepts,
    relations: graph.relations,
    comparisons: graph.comparisons,
  });
}

function recall(ranked: string[], relevant: Set<string>, k: number): number {
  if (relevant.size === 0) return 0;
  return ranked.slice(0, k).filter((slug) => relevant.has(slug)).length / relevant.size;
}

function reciprocalRank(ranked: string[], relevant: Set<string>): number {
  const index = ranked.findIndex((slug) => relevant.has(slug));
  return index < 0 ? 0 : 1 / (index + 1);
}

export function evaluate(graph: SeedGraph, main: string, weights: Weights = DEFAULT_WEIGHTS): Metrics {
  const snapshot = snapshotOf(graph);
  const rank = (slug: string) =>
    recommendForComparison(snapshot, slug, snapshot.comparisons.size, { weights, useCurated: false }).map((entry) => entry.topic.slug);
  const curated = new Set(graph.comparisons.find((comparison) => comparison.slug === main)?.related ?? []);
  const mainRanking = rank(main);

  let recallSum = 0;
  let rrSum = 0;
  let queries = 0;
  for (const comparison of graph.comparisons) {
    if (comparison.slug === main) continue;
    const neighbours = new Set(
      graph.comparisons
        .filter((other) => other.slug !== comparison.slug && other.slug !== main && other.concepts.some((concept) => comparison.concepts.includes(concept)))
        .map((other) => other.slug),
    );
    if (neighbours.size === 0) continue;
    const ranking = rank(comparison.slug).filter((slug) => slug !== main);
    recallSum += recall(ranking, neighbours, 5);
    rrSum += reciprocalRank(ranking, neighbours);
    queries += 1;
  }
  return {
    mainRecallAt5: recall(mainRanking, curated, 5),
    mainRecallAt10: recall(mainRanking, curated, 10),
    mainRecallAt19: recall(mainRanking, curated, 19),
    mainReciprocalRank: reciprocalRank(mainRanking, curated),
    othersRecallAt5: queries ? recallSum / queries : 0,
    othersMeanReciprocalRank: queries ? rrSum / queries : 0,
    othersQueries: queries,
  };
}

/** A small grid around the defaults; the evaluation script reports it so the choice is visible. */
export function weightGrid(): { label: string; weights: Weights }[] {
  const uniform = Object.fromEntries(Object.keys(DEFAULT_WEIGHTS.types).map((type) => [type, 1])) as Weights['types'];
  const grid: { label: string; weights: Weights }[] = [];
  for (const sharedConcept of [2, 4, 8]) {
    for (const commonNeighbor of [0.5, 1, 2]) {
      for (const threeStep of [0, 0.5]) {
        for (const sharedAncestor of [0, 2]) {
          for (const [typesLabel, types] of [['typed', DEFAULT_WEIGHTS.types], ['uniform', uniform]] as const) {
            grid.push({
              label: `shared ${sharedConcept}, neighbour ${commonNeighbor}, three-step ${threeStep}, ancestor ${sharedAncestor}, ${typesLabel}`,
              weights: { ...DEFAULT_WEIGHTS, sharedConcept, commonNeighbor, threeStep, sharedAncestor, types },
            });
          }
        }
      }
    }
  }
  return grid;
}

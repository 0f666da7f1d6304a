import { int, run, type Database } from '../db/database.js';
import { conceptProjection, type ConceptRow } from './concepts.js';
import type { RelationRow } from './relations.js';
import { relationTypeLabel, type Direction, type RelationType } from './vocabulary.js';

/** Bounds of neighbourhood queries; deeper or larger ones cost too much on an imported graph. */
export const NEIGHBORHOOD_LIMITS = {
  maxDepth: 3,
  maxNeighbors: 200,
  maxSeeds: 20,
  maxSubgraphNodes: 500,
  maxSubgraphEdges: 2000,
} as const;

export interface NeighborRow {
  concept: ConceptRow;
  distance: number;
}

export interface SubgraphResult {
  nodes: ConceptRow[];
  edges: RelationRow[];
  /** True when a node or edge limit cut the neighbourhood short. */
  truncated: boolean;
}

/**
 * A quantified relationship step by direction and types: arrows from a fixed choice, types
 * from the vocabulary's allow-list (never user text), so Neo4j expands only those types.
 */
function step(direction: Direction, types: readonly RelationType[] | null | undefined): string {
  const relation = `[${relationTypeLabel(types)}]`;
  return direction === 'OUT' ? `-${relation}->` : direction === 'IN' ? `<-${relation}-` : `-${relation}-`;
}

function checkDepth(depth: number): number {
  // Quantifier bounds cannot be parameters; this is a checked integer, not user text.
  if (!Number.isInteger(depth) || depth < 1 || depth > NEIGHBORHOOD_LIMITS.maxDepth) {
    throw new RangeError(`depth must be an integer from 1 to ${NEIGHBORHOOD_LIMITS.maxDepth}`);
  }
  return depth;
}

export interface NeighborOptions {
  depth: number;
  direction: Direction;
  types?: readonly RelationType[] | null;
  first: number;
}

export class NeighborhoodRepository {
  constructor(private readonly db: Database) {}

  /** Concepts within `depth` relations of each of several concepts, nearest first, then by slug; one statement. */
  async neighborsOf(slugs: readonly string[], options: NeighborOptions): Promise<NeighborRow[][]> {
    const depth = checkDepth(options.depth);
    const rows = await this.db.read<{ slug: string; neighbors: NeighborRow[] }>(
      `UNWIND $slugs AS slug
       MATCH (c:Concept {slug: slug})
       CALL (c) {
         MATCH p = SHORTEST 1 (c)${step(options.direction, options.types)}{1,${depth}}(o:Concept)
         WHERE o <> c
         RETURN o, length(p) AS distance
         ORDER BY distance, o.slug
         LIMIT $limit
       }
       RETURN slug, collect({concept: ${conceptProjection('o')}, distance: distance}) AS neighbors`,
      { slugs, limit: int(options.first) },
    );
    const bySlug = new Map(rows.map((row) => [row.slug, row.neighbors]));
    return slugs.map((slug) => bySlug.get(slug) ?? []);
  }

  /**
   * The seeds, the concepts within `depth` of any of them (nearest first, up to `limit`
   * nodes in all), and every relation among those nodes: one response to draw a graph from.
   */
  async subgraph(
    slugs: readonly string[],
    options: { depth: number; types?: readonly RelationType[] | null; limit: number },
  ): Promise<SubgraphResult> {
    const depth = options.depth === 0 ? 0 : checkDepth(options.depth);
    return this.db.readTx(async (tx) => {
      const seeds = await run<{ concept: ConceptRow }>(
        tx,
        `MATCH (s:Concept) WHERE s.slug IN $slugs RETURN ${conceptProjection('s')} AS concept ORDER BY s.slug`,
        { slugs },
      );
      const room = Math.max(0, options.limit - seeds.length);
      const reached =
        depth === 0 || seeds.length === 0
          ? []
          : await run<{ concept: ConceptRow }>(
              tx,
              `MATCH (s:Concept) WHERE s.slug IN $slugs
               MATCH p = SHORTEST 1 (s)${step('BOTH', options.types)}{1,${depth}}(o:Concept)
               WHERE NOT o.slug IN $slugs
               WITH o, min(length(p)) AS distance
               RETURN ${conceptProjection('o')} AS concept
               ORDER BY distance, o.slug
               LIMIT $limit`,
              { slugs, limit: int(room + 1) },
            );
      const nodes = [...seeds, ...reached.slice(0, room)].map((row) => row.concept);
      const bySlug = new Map(nodes.map((node) => [node.slug, node]));
      const edges = await run<{ type: RelationType; from: string; to: string; sources: string[]; evidence: string | null; predicate: string | null }>(
        tx,
        `MATCH (a:Concept)-[r${relationTypeLabel(options.types)}]->(b:Concept)
         WHERE a.slug IN $nodes AND b.slug IN $nodes
         RETURN type(r) AS type, a.slug AS from, b.slug AS to, coalesce(r.sources, []) AS sources,
                r.evidence AS evidence, r.predicate AS predicate
         ORDER BY from, type, to
         LIMIT $limit`,
        { nodes: [...bySlug.keys()], limit: int(NEIGHBORHOOD_LIMITS.maxSubgraphEdges + 1) },
      );
      return {
        nodes,
        edges: edges.slice(0, NEIGHBORHOOD_LIMITS.maxSubgraphEdges).map((edge) => ({
          ...edge,
          from: bySlug.get(edge.from)!,
          to: bySlug.get(edge.to)!,
          key: `${edge.type}|${edge.from}|${edge.to}|${edge.predicate ?? ''}`,
        })),
        truncated: reached.length > room || edges.length > NEIGHBORHOOD_LIMITS.maxSubgraphEdges,
      };
    });
  }
}

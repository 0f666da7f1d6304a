import type { Database } from '../db/database.js';
import { conceptProjection, type ConceptRow } from './concepts.js';
import type { RelationRow } from './relations.js';
import { RELATION_TYPE_NAMES, type RelationType } from './vocabulary.js';

/** The longest path the API searches for; deeper searches cost too much on a large graph. */
export const MAX_PATH_DEPTH = 10;

export interface PathResult {
  concepts: ConceptRow[];
  /** In path order; each keeps its own direction, so `from` is not always the earlier concept. */
  relations: RelationRow[];
}

export interface PathOptions {
  maxDepth: number;
  types?: readonly RelationType[] | null;
}

interface RawStep {
  type: RelationType;
  from: string;
  to: string;
  sources: string[];
  evidence: string | null;
  predicate: string | null;
}

export class PathRepository {
  constructor(private readonly db: Database) {}

  /**
   * One shortest path between two concepts, following relations in either direction. Null
   * when either concept is missing or no path of at most `maxDepth` relations exists.
   */
  async findShortestPath(from: string, to: string, options: PathOptions): Promise<PathResult | null> {
    const depth = options.maxDepth;
    // Variable-length bounds cannot be parameters in Cypher; this is a checked integer, not user text.
    if (!Number.isInteger(depth) || depth < 1 || depth > MAX_PATH_DEPTH) {
      throw new RangeError(`maxDepth must be an integer from 1 to ${MAX_PATH_DEPTH}`);
    }
    const types = options.types?.length ? options.types : RELATION_TYPE_NAMES;
    if (from === to) {
      const rows = await this.db.read<{ concept: ConceptRow }>(
        `MATCH (c:Concept {slug: $slug}) RETURN ${conceptProjection('c')} AS concept`,
        { slug: from },
      );
      return rows[0] ? { concepts: [rows[0].concept], relations: [] } : null;
    }
    const rows = await this.db.read<{ concepts: ConceptRow[]; steps: RawStep[] }>(
      `MATCH (a:Concept {slug: $from}), (b:Concept {slug: $to})
       MATCH p = shortestPath((a)-[rels*..${depth}]-(b))
       WHERE all(r IN rels WHERE type(r) IN $types)
       RETURN [n IN nodes(p) | ${conceptProjection('n')}] AS concepts,
              [r IN rels | { type: type(r), from: startNode(r).slug, to: endNode(r).slug,
                             sources: coalesce(r.sources, []), evidence: r.evidence, predicate: r.predicate }] AS steps`,
      { from, to, types },
    );
    const row = rows[0];
    if (!row) return null;
    const bySlug = new Map(row.concepts.map((concept) => [concept.slug, concept]));
    const relations = row.steps.map((step) => ({
      ...step,
      from: bySlug.get(step.from)!,
      to: bySlug.get(step.to)!,
      key: `${step.type}|${step.from}|${step.to}`,
    }));
    return { concepts: row.concepts, relations };
  }
}

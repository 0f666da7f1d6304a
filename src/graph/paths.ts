import type { Database } from '../db/database.js';
import { CONCEPT_FIELDS, conceptProjection, type ConceptField, type ConceptRow } from './concepts.js';
import type { RelationRow } from './relations.js';
import { relationTypeLabel, type RelationType } from './vocabulary.js';

/** The longest path the API searches for; deeper searches cost too much on a large graph. */
export const MAX_PATH_DEPTH = 10;
/** The most paths Query.paths returns. */
export const MAX_PATHS = 10;

export interface PathResult {
  concepts: ConceptRow[];
  /** In path order; each keeps its own direction, so `from` is not always the earlier concept. */
  relations: RelationRow[];
}

export interface PathOptions {
  maxDepth: number;
  types?: readonly RelationType[] | null;
  /** What to read of a path: the concepts' fields, and its relations (all by default). */
  projection?: PathProjection;
}

export interface PathProjection {
  concepts: readonly ConceptField[];
  /** Without them, a path's `relations` come back empty. */
  relations: boolean;
}

export const FULL_PATH: PathProjection = { concepts: CONCEPT_FIELDS, relations: true };

export interface RawStep {
  type: RelationType;
  from: string;
  to: string;
  sources: string[];
  evidence: string | null;
  predicate: string | null;
}

function checkDepth(depth: number): number {
  // Variable-length bounds cannot be parameters in Cypher; this is a checked integer, not user text.
  if (!Number.isInteger(depth) || depth < 1 || depth > MAX_PATH_DEPTH) {
    throw new RangeError(`maxDepth must be an integer from 1 to ${MAX_PATH_DEPTH}`);
  }
  return depth;
}

export function toPath(concepts: ConceptRow[], steps: RawStep[]): PathResult {
  const bySlug = new Map(concepts.map((concept) => [concept.slug, concept]));
  const relations = steps.map((step) => ({
    ...step,
    from: bySlug.get(step.from)!,
    to: bySlug.get(step.to)!,
    key: `${step.type}|${step.from}|${step.to}|${step.predicate ?? ''}`,
  }));
  return { concepts, relations };
}

/** The RETURN items of a path `p`: its concepts and steps, as much of them as `projection` asks. */
export function pathReturn(projection: PathProjection = FULL_PATH): string {
  const steps = projection.relations
    ? `[r IN relationships(p) | { type: type(r), from: startNode(r).slug, to: endNode(r).slug,
    sources: coalesce(r.sources, []), evidence: r.evidence, predicate: r.predicate }]`
    : '[]';
  return `[n IN nodes(p) | ${conceptProjection('n', projection.concepts)}] AS concepts, ${steps} AS steps`;
}

export class PathRepository {
  constructor(private readonly db: Database) {}

  /**
   * Up to `k` shortest paths between two concepts, shortest first, each visiting a concept at
   * most once; two paths differ in at least one relation. Empty when a concept is missing.
   */
  async findPaths(from: string, to: string, options: PathOptions & { k: number }): Promise<PathResult[]> {
    const depth = checkDepth(options.maxDepth);
    if (!Number.isInteger(options.k) || options.k < 1 || options.k > MAX_PATHS) {
      throw new RangeError(`k must be an integer from 1 to ${MAX_PATHS}`);
    }
    if (from === to) {
      const single = await this.findShortestPath(from, to, options);
      return single ? [single] : [];
    }
    // SHORTEST k counts walks that may revisit a concept; ask for more and keep simple paths.
    const rows = await this.db.read<{ concepts: ConceptRow[]; steps: RawStep[] }>(
      `MATCH (a:Concept {slug: $from}), (b:Concept {slug: $to})
       MATCH p = SHORTEST ${options.k * 3} (a)-[${relationTypeLabel(options.types)}]-{1,${depth}}(b)
       RETURN ${pathReturn(options.projection)}
       ORDER BY length(p)`,
      { from, to },
    );
    return rows
      .filter((row) => new Set(row.concepts.map((concept) => concept.slug)).size === row.concepts.length)
      .slice(0, options.k)
      .map((row) => toPath(row.concepts, row.steps));
  }

  /**
   * One shortest path between two concepts, following relations in either direction. Null
   * when either concept is missing or no path of at most `maxDepth` relations exists.
   */
  async findShortestPath(from: string, to: string, options: PathOptions): Promise<PathResult | null> {
    const depth = checkDepth(options.maxDepth);
    if (from === to) {
      const rows = await this.db.read<{ concept: ConceptRow }>(
        `MATCH (c:Concept {slug: $slug}) RETURN ${conceptProjection('c', options.projection?.concepts)} AS concept`,
        { slug: from },
      );
      return rows[0] ? { concepts: [rows[0].concept], relations: [] } : null;
    }
    const rows = await this.db.read<{ concepts: ConceptRow[]; steps: RawStep[] }>(
      `MATCH (a:Concept {slug: $from}), (b:Concept {slug: $to})
       MATCH p = shortestPath((a)-[${relationTypeLabel(options.types)}*..${depth}]-(b))
       RETURN ${pathReturn(options.projection)}`,
      { from, to },
    );
    const row = rows[0];
    return row ? toPath(row.concepts, row.steps) : null;
  }
}

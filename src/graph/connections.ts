import { int, run, type Database } from '../db/database.js';
import type { ConceptRow } from './concepts.js';
import { explainPath } from './explain.js';
import { pathReturn, toPath, type PathResult, type RawStep } from './paths.js';
import { relationTypeLabel, type RelationType } from './vocabulary.js';

/**
 * Why two concepts are connected, Hetionet-style: every simple path up to `maxDepth`, each
 * scored by its degree-weighted path count (DWPC: the product over its relations of
 * (degree of the one end × degree of the other)^-w, degrees counted per relation type), so a
 * path through a hub counts for less than one through a concept with few relations; the
 * paths grouped by their metapath (the sequence of kinds and relation types) with a count and
 * a summed score per pattern.
 */

export const MAX_CONNECTION_DEPTH = 4;
export const MAX_CONNECTIONS = 50;
/** Paths enumerated at most: past it the answer says truncated, and ranks what it found. */
export const MAX_ENUMERATED_PATHS = 5000;
/** Hetionet's damping exponent. */
export const DAMPING = 0.4;

export interface RankedPath extends PathResult {
  score: number;
  pattern: string;
  explanation: string;
}

export interface Metapath {
  pattern: string;
  count: number;
  /** The sum of its paths' scores. */
  score: number;
  /** The sentence of its best path. */
  example: string;
}

export interface ConnectionsResult {
  totalPaths: number;
  truncated: boolean;
  paths: RankedPath[];
  patterns: Metapath[];
}

/** "CELL -CAPABLE_OF-> PROCESS <-OCCURS_IN- TISSUE": kinds and types in the order walked, arrows as stored. */
export function metapathOf(path: PathResult): string {
  const parts = [path.concepts[0]!.kind as string];
  path.relations.forEach((relation, index) => {
    const forward = relation.from.slug === path.concepts[index]!.slug;
    parts.push(forward ? `-${relation.type}->` : `<-${relation.type}-`, path.concepts[index + 1]!.kind as string);
  });
  return parts.join(' ');
}

/** DWPC of one path: Π over its relations of (deg(from, type) × deg(to, type))^-damping. */
export function pathScore(path: PathResult, degree: (slug: string, type: RelationType) => number, damping = DAMPING): number {
  return path.relations.reduce((score, relation) => score * (Math.max(1, degree(relation.from.slug, relation.type)) * Math.max(1, degree(relation.to.slug, relation.type))) ** -damping, 1);
}

/** Ranks paths and groups them by pattern; pure. */
export function rankConnections(paths: readonly PathResult[], degree: (slug: string, type: RelationType) => number, first: number): Omit<ConnectionsResult, 'truncated'> {
  const ranked = paths
    .map((path) => ({ ...path, score: pathScore(path, degree), pattern: metapathOf(path), explanation: explainPath(path.concepts, path.relations) }))
    .sort((a, b) => b.score - a.score || a.relations.length - b.relations.length || a.explanation.localeCompare(b.explanation));
  const patterns = new Map<string, Metapath>();
  for (const path of ranked) {
    const known = patterns.get(path.pattern);
    if (known) {
      known.count += 1;
      known.score += path.score;
    } else patterns.set(path.pattern, { pattern: path.pattern, count: 1, score: path.score, example: path.explanation });
  }
  const round = (value: number) => Math.round(value * 1e6) / 1e6;
  return {
    totalPaths: ranked.length,
    paths: ranked.slice(0, first).map((path) => ({ ...path, score: round(path.score) })),
    patterns: [...patterns.values()].sort((a, b) => b.score - a.score || a.pattern.localeCompare(b.pattern)).map((pattern) => ({ ...pattern, score: round(pattern.score) })),
  };
}

export class ConnectionRepository {
  constructor(private readonly db: Database) {}

  /** Two statements in one read transaction: the paths, then the per-type degrees of their concepts. */
  async connections(from: string, to: string, options: { maxDepth: number; first: number; types?: readonly RelationType[] | null }): Promise<ConnectionsResult> {
    const depth = options.maxDepth;
    // Quantifier bounds cannot be parameters; this is a checked integer, not user text.
    if (!Number.isInteger(depth) || depth < 1 || depth > MAX_CONNECTION_DEPTH) throw new RangeError(`maxDepth must be an integer from 1 to ${MAX_CONNECTION_DEPTH}`);
    return this.db.readTx(async (tx) => {
      // Simple paths only: no concept twice (relationship uniqueness alone allows a -> b -> a).
      const rows = await run<{ concepts: ConceptRow[]; steps: RawStep[] }>(
        tx,
        `MATCH (a:Concept {slug: $from}), (b:Concept {slug: $to})
         MATCH p = (a)-[${relationTypeLabel(options.types)}*1..${depth}]-(b)
         WHERE all(i IN range(0, size(nodes(p)) - 2) WHERE NOT nodes(p)[i] IN nodes(p)[i + 1..])
         WITH p LIMIT $cap
         RETURN ${pathReturn()}`,
        { from, to, cap: int(MAX_ENUMERATED_PATHS + 1) },
      );
      const truncated = rows.length > MAX_ENUMERATED_PATHS;
      const paths = rows.slice(0, MAX_ENUMERATED_PATHS).map((row) => toPath(row.concepts, row.steps));
      const pairs = new Map<string, { slug: string; type: RelationType }>();
      for (const path of paths) for (const relation of path.relations) for (const slug of [relation.from.slug, relation.to.slug]) pairs.set(`${slug}|${relation.type}`, { slug, type: relation.type });
      const degrees = new Map<string, number>();
      if (pairs.size) {
        const counted = await run<{ slug: string; type: RelationType; degree: number }>(
          tx,
          `UNWIND $pairs AS pair
           MATCH (n:Concept {slug: pair.slug})
           RETURN pair.slug AS slug, pair.type AS type, COUNT { (n)-[r]-() WHERE type(r) = pair.type } AS degree`,
          { pairs: [...pairs.values()] },
        );
        for (const row of counted) degrees.set(`${row.slug}|${row.type}`, Number(row.degree));
      }
      return { ...rankConnections(paths, (slug, type) => degrees.get(`${slug}|${type}`) ?? 1, options.first), truncated };
    });
  }
}

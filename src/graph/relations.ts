import { int, run, type Database } from '../db/database.js';
import { conceptProjection, type ConceptRow, type Page } from './concepts.js';
import { RELATION_TYPE_NAMES, type Direction, type RelationType } from './vocabulary.js';

export interface RelationRow {
  type: RelationType;
  from: ConceptRow;
  to: ConceptRow;
  sources: string[];
  evidence: string | null;
  /** For OTHER relations: the ontology predicate (e.g. "results in formation of"). */
  predicate: string | null;
  /** Sort key within one concept's relations; the basis of cursors. */
  key: string;
}

export interface RelationListOptions {
  direction: Direction;
  /** Null means every type of the vocabulary. */
  types?: readonly RelationType[] | null;
  first: number;
  afterKey?: string | null;
}

/** Arrow patterns chosen from a fixed map: direction never reaches the query text as user input. */
const PATTERNS: Record<Direction, string> = {
  OUT: '(c)-[r]->(o:Concept)',
  IN: '(c)<-[r]-(o:Concept)',
  BOTH: '(c)-[r]-(o:Concept)',
};

export class RelationRepository {
  constructor(private readonly db: Database) {}

  /**
   * The relations of one concept, ordered by type, then direction, then the other concept's
   * slug. Only vocabulary types count, so comparison wiring (COMPARES, ...) never shows here.
   */
  async forConcept(slug: string, options: RelationListOptions): Promise<Page<RelationRow>> {
    const types = options.types?.length ? options.types : RELATION_TYPE_NAMES;
    const pattern = PATTERNS[options.direction];
    const match = `MATCH (c:Concept {slug: $slug})
       MATCH ${pattern}
       WHERE type(r) IN $types
       WITH c, r, o, CASE WHEN startNode(r) = c THEN 'out' ELSE 'in' END AS side
       WITH c, r, o, side, type(r) + '|' + side + '|' + o.slug + '|' + coalesce(r.predicate, '') AS key`;
    return this.db.readTx(async (tx) => {
      const rows = await run<{ relation: RelationRow; side: 'out' | 'in' }>(
        tx,
        `${match}
         WHERE $after IS NULL OR key > $after
         RETURN side, {
           type: type(r), key: key, sources: coalesce(r.sources, []), evidence: r.evidence, predicate: r.predicate,
           from: ${conceptProjection('c')}, to: ${conceptProjection('o')}
         } AS relation
         ORDER BY key
         LIMIT $limit`,
        { slug, types, after: options.afterKey ?? null, limit: int(options.first + 1) },
      );
      const [count] = await run<{ total: number }>(tx, `${match} RETURN count(*) AS total`, { slug, types });
      return {
        rows: rows.slice(0, options.first).map(({ relation, side }) =>
          side === 'out' ? relation : { ...relation, from: relation.to, to: relation.from },
        ),
        hasNextPage: rows.length > options.first,
        totalCount: count?.total ?? 0,
      };
    });
  }
}

import { int, type Database } from '../db/database.js';
import { conceptProjection, type ConceptRow, type Page } from './concepts.js';
import { relationTypeLabel, type Direction, type RelationType } from './vocabulary.js';

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

/**
 * `(c)-[r:IS_A|PART_OF]->(o:Concept)` for a direction, with variable names chosen by the
 * caller. Arrows come from a fixed choice and types from the vocabulary's allow-list, so
 * neither direction nor type reaches the query text as user input.
 */
export function relationPattern(
  node: string,
  relation: string,
  other: string,
  direction: Direction,
  types: readonly RelationType[] | null | undefined,
): string {
  const edge = `[${relation}${relationTypeLabel(types)}]`;
  if (direction === 'OUT') return `(${node})-${edge}->(${other}:Concept)`;
  if (direction === 'IN') return `(${node})<-${edge}-(${other}:Concept)`;
  return `(${node})-${edge}-(${other}:Concept)`;
}

/**
 * Cypher for which side `node` is on ('out' when it is the subject) and the sort key of a
 * relation seen from it: type, side, the other concept's slug, the predicate. Pages and
 * cursors everywhere use this one order.
 */
export function relationOrder(node: string, relation: string, other: string): { side: string; key: (side: string) => string } {
  return {
    side: `CASE WHEN startNode(${relation}) = ${node} THEN 'out' ELSE 'in' END`,
    key: (side) => `type(${relation}) + '|' + ${side} + '|' + ${other}.slug + '|' + coalesce(${relation}.predicate, '')`,
  };
}

export class RelationRepository {
  constructor(private readonly db: Database) {}

  /** The relations of one concept; see {@link forConcepts}. */
  async forConcept(slug: string, options: RelationListOptions): Promise<Page<RelationRow>> {
    const [page] = await this.forConcepts([slug], options);
    return page!;
  }

  /**
   * One page of relations for each of several concepts, in one statement (the per-request
   * loader batches a whole resolver level into one call). Ordered by type, then direction,
   * then the other concept's slug. Only vocabulary types count, so comparison wiring
   * (COMPARES, ...) never shows here.
   */
  async forConcepts(slugs: readonly string[], options: RelationListOptions): Promise<Page<RelationRow>[]> {
    const order = relationOrder('c', 'r', 'o');
    const rows = await this.db.read<{ slug: string; total: number; relations: (RelationRow & { side: 'out' | 'in' })[] }>(
      `UNWIND $slugs AS slug
       OPTIONAL MATCH (c:Concept {slug: slug})
       CALL (c) {
         OPTIONAL MATCH ${relationPattern('c', 'r', 'o', options.direction, options.types)}
         WITH c, r, o, ${order.side} AS side
         WITH c, r, o, side, ${order.key('side')} AS key
         ORDER BY key
         WITH count(r) AS total, collect(CASE WHEN r IS NULL OR ($after IS NOT NULL AND key <= $after) THEN null ELSE {
           type: type(r), key: key, side: side, sources: coalesce(r.sources, []), evidence: r.evidence, predicate: r.predicate,
           from: ${conceptProjection('c')}, to: ${conceptProjection('o')}
         } END) AS page
         RETURN total, page[0..$limit] AS relations
       }
       RETURN slug, total, relations`,
      { slugs, after: options.afterKey ?? null, limit: int(options.first + 1) },
    );
    const bySlug = new Map(rows.map((row) => [row.slug, row]));
    return slugs.map((slug) => {
      const row = bySlug.get(slug);
      const relations = row?.relations ?? [];
      return {
        rows: relations.slice(0, options.first).map(({ side, ...relation }) =>
          side === 'out' ? relation : { ...relation, from: relation.to, to: relation.from },
        ),
        hasNextPage: relations.length > options.first,
        totalCount: row?.total ?? 0,
      };
    });
  }
}

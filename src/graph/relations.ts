import { int, type Database } from '../db/database.js';
import { conceptProjection, type ConceptData, type ConceptDetail, type Page } from './concepts.js';
import { relationTypeLabel, type Direction, type RelationType } from './vocabulary.js';

export interface RelationRow {
  type: RelationType;
  from: ConceptData;
  to: ConceptData;
  /** Absent when the relation was read without its provenance (see {@link RelationProjection}). */
  sources?: string[];
  evidence?: string | null;
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
  /** What to read of each relation; everything when absent. */
  projection?: RelationProjection;
}

/** What a page of relations reads beyond type, direction and the other concept's summary. */
export interface RelationProjection {
  /** The concepts at either end: summary (slug, name, kind) or every field. */
  concepts: ConceptDetail;
  /** The relations' sources and evidence. */
  provenance: boolean;
}

export const FULL_PROJECTION: RelationProjection = { concepts: 'full', provenance: true };

/** Whether a relation of these types can be OTHER, the only type that carries a predicate. */
const mayBeOther = (types: readonly RelationType[] | null | undefined) => !types?.length || types.includes('OTHER');

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
 * cursors everywhere use this one order. What the options fix (one direction, one type, no
 * OTHER and so no predicate) is written as a constant rather than read from each relation;
 * the constants are the vocabulary's own names, never user text.
 */
export function relationOrder(
  node: string,
  relation: string,
  other: string,
  { direction, types }: Pick<RelationListOptions, 'direction' | 'types'>,
): { side: string; key: (side: string) => string } {
  relationTypeLabel(types); // refuses anything outside the vocabulary
  const only = types?.length === 1 ? types[0] : null;
  const type = only ? `'${only}'` : `type(${relation})`;
  const predicate = mayBeOther(types) ? ` + coalesce(${relation}.predicate, '')` : '';
  return {
    side: direction === 'OUT' ? `'out'` : direction === 'IN' ? `'in'` : `CASE WHEN startNode(${relation}) = ${node} THEN 'out' ELSE 'in' END`,
    key: (side) => `${type} + '|' + ${side} + '|' + ${other}.slug + '|'${predicate}`,
  };
}

/**
 * The relation's own fields of a page row, as Cypher map entries: its predicate (a constant
 * null when the types rule OTHER out) and, when projected, its sources and evidence.
 */
export function relationFields(relation: string, options: Pick<RelationListOptions, 'types' | 'projection'>): string {
  const predicate = `predicate: ${mayBeOther(options.types) ? `${relation}.predicate` : 'null'}`;
  const provenance = (options.projection ?? FULL_PROJECTION).provenance;
  return provenance ? `${predicate}, sources: coalesce(${relation}.sources, []), evidence: ${relation}.evidence` : predicate;
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
    const order = relationOrder('c', 'r', 'o', options);
    const detail = (options.projection ?? FULL_PROJECTION).concepts;
    const rows = await this.db.read<{ slug: string; total: number; relations: (RelationRow & { side: 'out' | 'in' })[] }>(
      `UNWIND $slugs AS slug
       OPTIONAL MATCH (c:Concept {slug: slug})
       CALL (c) {
         OPTIONAL MATCH ${relationPattern('c', 'r', 'o', options.direction, options.types)}
         WITH c, r, o, ${order.side} AS side
         WITH c, r, o, side, ${order.key('side')} AS key
         ORDER BY key
         WITH count(r) AS total, collect(CASE WHEN r IS NULL OR ($after IS NOT NULL AND key <= $after) THEN null ELSE {
           type: type(r), key: key, side: side, ${relationFields('r', options)},
           from: ${conceptProjection('c', detail)}, to: ${conceptProjection('o', detail)}
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

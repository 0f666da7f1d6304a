import { int, type Database } from '../db/database.js';
import { CONCEPT_FIELDS, conceptProjection, type ConceptData, type ConceptField, type Page } from './concepts.js';
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

/** What a page of relations reads beyond each relation's type, direction and the other concept's slug. */
export interface RelationProjection {
  /** Fields of the concepts at either end, in {@link CONCEPT_FIELDS} order. */
  concepts: readonly ConceptField[];
  /** The relations' sources and evidence. */
  provenance: boolean;
}

export const FULL_PROJECTION: RelationProjection = { concepts: CONCEPT_FIELDS, provenance: true };

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

/** A relation of a page as Cypher returns it: only what the options leave open. */
export interface RawRelation {
  other: ConceptData;
  type?: RelationType;
  side?: 'out' | 'in';
  predicate?: string | null;
  sources?: string[];
  evidence?: string | null;
}

/**
 * How a page of relations is read, as Cypher over the owner `node`, `relation` and `other`:
 * which side the owner is on ('out' when it is the subject), the sort key (type, side, the
 * other concept's slug, the predicate; cursors everywhere use this one order), and the map
 * entries of each row. What the options fix (one direction, one type, no OTHER and so no
 * predicate) is a constant in the query, filled in by {@link relationFromRaw} rather than
 * read and sent back per row; the constants are the vocabulary's own names, never user text.
 */
export function relationRead(node: string, relation: string, other: string, options: RelationListOptions) {
  const { direction, types } = options;
  relationTypeLabel(types); // refuses anything outside the vocabulary
  const only = types?.length === 1 ? types[0] : null;
  const type = only ? `'${only}'` : `type(${relation})`;
  const predicate = mayBeOther(types) ? ` + coalesce(${relation}.predicate, '')` : '';
  const { concepts, provenance } = options.projection ?? FULL_PROJECTION;
  return {
    side: direction === 'OUT' ? `'out'` : direction === 'IN' ? `'in'` : `CASE WHEN startNode(${relation}) = ${node} THEN 'out' ELSE 'in' END`,
    key: (side: string) => `${type} + '|' + ${side} + '|' + ${other}.slug + '|'${predicate}`,
    entries: (side: string) =>
      [
        `other: ${conceptProjection(other, concepts)}`,
        only ? null : `type: type(${relation})`,
        direction === 'BOTH' ? `side: ${side}` : null,
        predicate ? `predicate: ${relation}.predicate` : null,
        provenance ? `sources: coalesce(${relation}.sources, []), evidence: ${relation}.evidence` : null,
      ].filter(Boolean).join(', '),
  };
}

/** A {@link RawRelation} of `owner`'s page as a relation, its constants and key filled in. */
export function relationFromRaw(owner: ConceptData, raw: RawRelation, options: RelationListOptions): RelationRow {
  const type = raw.type ?? options.types![0]!;
  const side = raw.side ?? (options.direction === 'IN' ? 'in' : 'out');
  const predicate = raw.predicate ?? null;
  const row: RelationRow = {
    type,
    from: side === 'out' ? owner : raw.other,
    to: side === 'out' ? raw.other : owner,
    predicate,
    key: `${type}|${side}|${raw.other.slug}|${predicate ?? ''}`,
  };
  if (raw.sources !== undefined) row.sources = raw.sources;
  if (raw.evidence !== undefined) row.evidence = raw.evidence;
  return row;
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
    const read = relationRead('c', 'r', 'o', options);
    const rows = await this.db.read<{ slug: string; owner: ConceptData | null; total: number; relations: RawRelation[] }>(
      `UNWIND $slugs AS slug
       OPTIONAL MATCH (c:Concept {slug: slug})
       CALL (c) {
         OPTIONAL MATCH ${relationPattern('c', 'r', 'o', options.direction, options.types)}
         WITH c, r, o, ${read.side} AS side
         WITH r, o, side, ${read.key('side')} AS key
         ORDER BY key
         WITH count(r) AS total, collect(CASE WHEN r IS NULL OR ($after IS NOT NULL AND key <= $after) THEN null ELSE {
           ${read.entries('side')}
         } END) AS page
         RETURN total, page[0..$limit] AS relations
       }
       RETURN slug, ${conceptProjection('c', (options.projection ?? FULL_PROJECTION).concepts)} AS owner, total, relations`,
      { slugs, after: options.afterKey ?? null, limit: int(options.first + 1) },
    );
    const bySlug = new Map(rows.map((row) => [row.slug, row]));
    return slugs.map((slug) => {
      const row = bySlug.get(slug);
      if (!row?.owner) return { rows: [], hasNextPage: false, totalCount: 0 };
      const owner = row.owner;
      return {
        rows: row.relations.slice(0, options.first).map((raw) => relationFromRaw(owner, raw, options)),
        hasNextPage: row.relations.length > options.first,
        totalCount: row.total,
      };
    });
  }
}

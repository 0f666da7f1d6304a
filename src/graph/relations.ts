import { int, type Database } from '../db/database.js';
import { CONCEPT_FIELDS, conceptProjection, type ConceptData, type ConceptField, type Page } from './concepts.js';
import { RELATION_TYPE_NAMES, relationTypeLabel, type Direction, type RelationType } from './vocabulary.js';

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
 * caller (`other` null: an unlabelled anonymous end, which lets Neo4j count by degree).
 * Arrows come from a fixed choice and types from the vocabulary's allow-list, so neither
 * direction nor type reaches the query text as user input.
 */
export function relationPattern(
  node: string,
  relation: string,
  other: string | null,
  direction: Direction,
  types: readonly RelationType[] | null | undefined,
): string {
  const edge = `[${relation}${relationTypeLabel(types)}]`;
  const end = other === null ? '()' : `(${other}:Concept)`;
  if (direction === 'OUT') return `(${node})-${edge}->${end}`;
  if (direction === 'IN') return `(${node})<-${edge}-${end}`;
  return `(${node})-${edge}-${end}`;
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
 * which side the owner is on ('out' when it is the subject), the order (type, side, the other
 * concept's slug, the predicate: pages and cursors everywhere use this one order), the test
 * for rows after a cursor, and the map entries of each row. What the options fix (one
 * direction, one type, no OTHER and so no predicate) is a constant in the query, left out of
 * the sort and filled in by {@link relationFromRaw} rather than read and sent back per row;
 * the constants are the vocabulary's own names, never user text.
 */
export function relationRead(node: string, relation: string, other: string, options: RelationListOptions) {
  const { direction, types } = options;
  relationTypeLabel(types); // refuses anything outside the vocabulary
  const only = types?.length === 1 ? types[0] : null;
  const withPredicate = mayBeOther(types);
  const { concepts, provenance } = options.projection ?? FULL_PROJECTION;
  const side = direction === 'OUT' ? `'out'` : direction === 'IN' ? `'in'` : `CASE WHEN startNode(${relation}) = ${node} THEN 'out' ELSE 'in' END`;
  // The parts of the order, each with whether it varies from row to row.
  const parts = (sideVariable: string) => [
    { field: 'type', expression: only ? `'${only}'` : `type(${relation})`, varies: !only },
    { field: 'side', expression: direction === 'BOTH' ? sideVariable : side, varies: direction === 'BOTH' },
    { field: 'slug', expression: `${other}.slug`, varies: true },
    { field: 'predicate', expression: withPredicate ? `coalesce(${relation}.predicate, '')` : `''`, varies: withPredicate },
  ];
  return {
    side,
    order: (sideVariable: string) => parts(sideVariable).filter((part) => part.varies).map((part) => part.expression).join(', '),
    /** Rows after the cursor parts in the map parameter `$<cursor>` ({@link cursorParts}). */
    after: (sideVariable: string, cursor: string) =>
      parts(sideVariable).reduceRight(
        (rest, part) => `(${part.expression} > $${cursor}.${part.field}${rest ? ` OR (${part.expression} = $${cursor}.${part.field} AND ${rest})` : ''})`,
        '',
      ),
    entries: (sideVariable: string) =>
      [
        `other: ${conceptProjection(other, concepts)}`,
        only ? null : `type: type(${relation})`,
        direction === 'BOTH' ? `side: ${sideVariable}` : null,
        withPredicate ? `predicate: ${relation}.predicate` : null,
        provenance ? `sources: coalesce(${relation}.sources, []), evidence: ${relation}.evidence` : null,
      ].filter(Boolean).join(', '),
  };
}

/** A relation key (`type|side|slug|predicate`, the content of a relation cursor) as its parts. */
export function cursorParts(key: string): { type: string; side: string; slug: string; predicate: string } {
  const [type = '', side = '', slug = '', ...predicate] = key.split('|');
  return { type, side, slug, predicate: predicate.join('|') };
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

/** One page of relations as Cypher returns it, each row with the pages planned below it. */
export interface RawPage {
  total: number;
  rows: (RawRelation & { next?: RawPage[] })[];
}

/** Cypher reading something more for each concept of a page, bound to `other`; see {@link pageQuery}. */
export type Nested = (other: string) => { cypher: string; output: string } | null;

/**
 * Cypher reading one page of `node`'s relations: a CALL subquery, and an expression for the
 * {@link RawPage} (valid where `node` is bound). The page is sorted and cut with ORDER BY ...
 * LIMIT, so only `first + 1` rows are kept, and only those are read further (`nested`); the
 * total is counted apart. Variables and parameters carry `suffix`, so several pages can share
 * one statement; values arrive as parameters only.
 */
export function pageQuery(
  node: string,
  suffix: string,
  options: RelationListOptions,
  params: Record<string, unknown>,
  nested?: Nested,
): { cypher: string; output: string } {
  const [r, o, side, rows] = ['r', 'o', 'side', 'rows'].map((name) => `${name}${suffix}`) as [string, string, string, string];
  params[`after${suffix}`] = options.afterKey ? cursorParts(options.afterKey) : null;
  params[`limit${suffix}`] = int(options.first + 1);
  const read = relationRead(node, r, o, options);
  const deeper = nested?.(o) ?? null;
  const cypher = `CALL (${node}) {
  MATCH ${relationPattern(node, r, o, options.direction, options.types)}
  WITH ${node}, ${r}, ${o}, ${read.side} AS ${side}
  WHERE $after${suffix} IS NULL OR ${read.after(side, `after${suffix}`)}
  ORDER BY ${read.order(side)} LIMIT $limit${suffix}
  ${deeper ? deeper.cypher : ''}
  RETURN collect({ ${read.entries(side)}${deeper ? `, next: ${deeper.output}` : ''} }) AS ${rows}
}`;
  // Counted as a degree (no label on the far end, so Neo4j reads the count the node keeps per
  // type instead of expanding): relations of the vocabulary's types join concepts only.
  const total = `COUNT { ${relationPattern(node, '', null, options.direction, options.types)} }`;
  return { cypher, output: `{ total: ${total}, rows: ${rows} }` };
}

/** A {@link RawPage} of `owner` as a page of relations. */
export function pageFromRaw(owner: ConceptData, raw: RawPage, options: RelationListOptions): Page<RelationRow> {
  return {
    rows: raw.rows.slice(0, options.first).map((row) => relationFromRaw(owner, row, options)),
    hasNextPage: raw.rows.length > options.first,
    totalCount: raw.total,
  };
}

/** How many relations of one type a concept has on one side. */
export interface RelationCount {
  type: RelationType;
  /** OUT: the concept is the subject; IN: the object. */
  direction: 'OUT' | 'IN';
  count: number;
}

export class RelationRepository {
  constructor(private readonly db: Database) {}

  /**
   * Each concept's relations counted by type and side, in vocabulary order, zeros left out:
   * what an explorer needs to group a hub's neighbours ("and 2,413 more") before reading them.
   * One statement for all the concepts; each count is a degree Neo4j keeps per type, so a hub
   * costs no more than a leaf. Type names come from the vocabulary, never from the request.
   */
  async countsFor(slugs: readonly string[], types: readonly RelationType[] | null): Promise<RelationCount[][]> {
    relationTypeLabel(types); // refuses anything outside the vocabulary
    const counted = RELATION_TYPE_NAMES.filter((type) => !types?.length || types.includes(type));
    const entries = counted.flatMap((type) => [
      `{ type: '${type}', direction: 'OUT', count: COUNT { (c)-[:${type}]->() } }`,
      `{ type: '${type}', direction: 'IN', count: COUNT { (c)<-[:${type}]-() } }`,
    ]);
    const rows = await this.db.read<{ slug: string; counts: RelationCount[] }>(
      `UNWIND $slugs AS slug
       MATCH (c:Concept {slug: slug})
       RETURN slug, [entry IN [${entries.join(', ')}] WHERE entry.count > 0] AS counts`,
      { slugs },
    );
    const bySlug = new Map(rows.map((row) => [row.slug, row.counts]));
    return slugs.map((slug) => (bySlug.get(slug) ?? []).map((entry) => ({ ...entry, count: Number(entry.count) })));
  }

  /** The relations of one concept; see {@link forConcepts}. */
  async forConcept(slug: string, options: RelationListOptions): Promise<Page<RelationRow>> {
    const [page] = await this.forConcepts([slug], options);
    return page!;
  }

  /**
   * One page of relations for each of several concepts, in one statement (the per-request
   * loader batches a whole resolver level into one call). Ordered by type, then direction,
   * then the other concept's slug. Only vocabulary types count, so comparison wiring
   * (COMPARES, ...) never shows here. Unknown slugs get an empty page.
   */
  async forConcepts(slugs: readonly string[], options: RelationListOptions): Promise<Page<RelationRow>[]> {
    const params: Record<string, unknown> = { slugs };
    const page = pageQuery('c', '', options, params);
    const rows = await this.db.read<{ slug: string; owner: ConceptData; page: RawPage }>(
      `UNWIND $slugs AS slug
       MATCH (c:Concept {slug: slug})
       ${page.cypher}
       RETURN slug, ${conceptProjection('c', (options.projection ?? FULL_PROJECTION).concepts)} AS owner, ${page.output} AS page`,
      params,
    );
    const bySlug = new Map(rows.map((row) => [row.slug, row]));
    return slugs.map((slug) => {
      const row = bySlug.get(slug);
      return row ? pageFromRaw(row.owner, row.page, options) : { rows: [], hasNextPage: false, totalCount: 0 };
    });
  }
}

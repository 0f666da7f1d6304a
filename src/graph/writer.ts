import { run, type Tx } from '../db/database.js';
import { setSearchKeys, type ConceptRow } from './concepts.js';
import { CONCEPT_KINDS, KIND_LABELS, type ConceptKind, type RelationType } from './vocabulary.js';

/** Rows per UNWIND statement: large enough to amortise round trips, small enough for the heap. */
export const BATCH_SIZE = 1000;

/** A concept as written: what the API reads back, plus the key of an imported term. */
export interface ConceptInput extends ConceptRow {
  /** The ontology ID an imported concept is keyed by. */
  curie?: string | null;
}

export interface RelationInput {
  from: string;
  type: RelationType;
  to: string;
  sources: string[];
  evidence: string | null;
  /** For OTHER relations: the ontology predicate they stand for. */
  predicate?: string | null;
}

export interface ComparisonInput {
  slug: string;
  title: string;
  summary: string | null;
  concepts: string[];
  aspects: { name: string; values: string[] }[];
  related: string[];
  sources: string[];
}

export interface WriteCounts {
  concepts: number;
  relations: number;
  comparisons: number;
}

export function* batches<T>(rows: readonly T[], size = BATCH_SIZE): Generator<T[]> {
  for (let start = 0; start < rows.length; start += size) yield rows.slice(start, start + size);
}

function groupBy<T, K extends string>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const group = groups.get(key(row));
    if (group) group.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}

const ALL_KIND_LABELS = CONCEPT_KINDS.map((kind) => KIND_LABELS[kind]).join(':');

/**
 * Idempotent upserts of curated content inside a caller's transaction: MERGE on identity,
 * SET of every property, so writing the same input twice leaves the graph as it was.
 * Labels and relation types reach the query text only from the vocabulary's allow-lists.
 */
export class GraphWriter {
  constructor(readonly tx: Tx) {}

  async upsertConcepts(concepts: readonly ConceptInput[]): Promise<void> {
    for (const [kind, group] of groupBy(concepts, (concept) => concept.kind)) {
      const label = KIND_LABELS[kind];
      for (const rows of batches(group)) {
        await run(
          this.tx,
          `UNWIND $rows AS row
           MERGE (c:Concept {slug: row.slug})
           SET c.name = row.name, c.kind = row.kind, c.definition = row.definition,
               c.aliases = row.aliases, c.xrefs = row.xrefs, c.sources = row.sources,
               c.curie = coalesce(row.curie, c.curie)
           SET ${setSearchKeys('c')}
           REMOVE c:${ALL_KIND_LABELS}
           SET c:${label}`,
          { rows },
        );
      }
    }
  }

  /** Gives each concept the label of its kind (and no other kind's label). */
  async setKindLabels(concepts: readonly { slug: string; kind: ConceptKind }[]): Promise<void> {
    for (const [kind, group] of groupBy(concepts, (concept) => concept.kind)) {
      await run(
        this.tx,
        `UNWIND $slugs AS slug MATCH (c:Concept {slug: slug}) REMOVE c:${ALL_KIND_LABELS} SET c:${KIND_LABELS[kind]}`,
        { slugs: group.map((concept) => concept.slug) },
      );
    }
  }

  /**
   * MERGE each relation and SET its provenance. With `keep`, for importers: sources are added
   * to those already there and evidence is never replaced, so an ontology asserting an edge
   * the curators also made leaves their evidence and sources in place.
   */
  async upsertRelations(relations: readonly RelationInput[], options: { keep?: boolean } = {}): Promise<void> {
    const provenance = options.keep
      ? `SET r.sources = coalesce(r.sources, []) + [s IN row.sources WHERE NOT s IN coalesce(r.sources, [])],
               r.evidence = coalesce(r.evidence, row.evidence)`
      : 'SET r.sources = row.sources, r.evidence = row.evidence';
    for (const [type, group] of groupBy(relations, (relation) => relation.type)) {
      // OTHER stands for many ontology predicates: the predicate is part of its identity.
      const identity = type === 'OTHER' ? ' {predicate: row.predicate}' : '';
      for (const rows of batches(group)) {
        await run(
          this.tx,
          `UNWIND $rows AS row
           MATCH (a:Concept {slug: row.from}), (b:Concept {slug: row.to})
           MERGE (a)-[r:${type}${identity}]->(b)
           ${provenance}`,
          { rows },
        );
      }
    }
  }

  /** Removes relations (every predicate of an OTHER) and RELATED_TO links between comparisons. */
  async removeLinks(relations: readonly { from: string; type: RelationType; to: string }[], related: readonly { from: string; to: string }[] = []): Promise<void> {
    for (const [type, group] of groupBy(relations, (relation) => relation.type)) {
      for (const rows of batches(group)) {
        await run(this.tx, `UNWIND $rows AS row MATCH (:Concept {slug: row.from})-[r:${type}]->(:Concept {slug: row.to}) DELETE r`, { rows });
      }
    }
    for (const rows of batches(related)) {
      await run(this.tx, 'UNWIND $rows AS row MATCH (:Comparison {slug: row.from})-[r:RELATED_TO]-(:Comparison {slug: row.to}) DELETE r', { rows });
    }
  }

  async upsertComparisons(comparisons: readonly ComparisonInput[]): Promise<void> {
    for (const rows of batches(comparisons)) {
      const params = {
        rows: rows.map((comparison) => ({
          ...comparison,
          concepts: comparison.concepts.map((slug, position) => ({ slug, position })),
          aspects: comparison.aspects.map((aspect, position) => ({
            ...aspect,
            position,
            key: `${comparison.slug}#${position}`,
          })),
        })),
      };
      await run(
        this.tx,
        `UNWIND $rows AS row
         MERGE (cmp:Comparison {slug: row.slug})
         SET cmp.title = row.title, cmp.summary = row.summary, cmp.sources = row.sources
         WITH cmp, row
         OPTIONAL MATCH (cmp)-[old:COMPARES]->(c:Concept)
         WHERE NOT c.slug IN [entry IN row.concepts | entry.slug]
         DELETE old
         WITH DISTINCT cmp, row
         UNWIND row.concepts AS entry
         MATCH (c:Concept {slug: entry.slug})
         MERGE (cmp)-[k:COMPARES]->(c)
         SET k.position = entry.position`,
        params,
      );
      await run(
        this.tx,
        `UNWIND $rows AS row
         MATCH (cmp:Comparison {slug: row.slug})
         OPTIONAL MATCH (cmp)-[:HAS_ASPECT]->(stale:Aspect)
         WHERE NOT stale.key IN [aspect IN row.aspects | aspect.key]
         DETACH DELETE stale
         WITH DISTINCT cmp, row
         UNWIND row.aspects AS aspect
         MERGE (a:Aspect {key: aspect.key})
         SET a.name = aspect.name, a.values = aspect.values
         MERGE (cmp)-[h:HAS_ASPECT]->(a)
         SET h.position = aspect.position`,
        params,
      );
    }
  }

  /** RELATED_TO edges between comparisons; every comparison must already exist. */
  async linkRelatedComparisons(comparisons: readonly ComparisonInput[]): Promise<void> {
    const links = comparisons.flatMap((comparison) =>
      comparison.related.map((to, position) => ({ from: comparison.slug, to, position, sources: comparison.sources })),
    );
    for (const rows of batches(links)) {
      await run(
        this.tx,
        `UNWIND $rows AS row
         MATCH (a:Comparison {slug: row.from}), (b:Comparison {slug: row.to})
         MERGE (a)-[r:RELATED_TO]->(b)
         SET r.position = row.position, r.sources = row.sources`,
        { rows },
      );
    }
  }
}

/** How many concepts, vocabulary relations and comparisons the graph holds. */
export async function countGraph(tx: Tx): Promise<WriteCounts> {
  const [row] = await run<WriteCounts>(
    tx,
    `CALL { MATCH (c:Concept) RETURN count(c) AS concepts }
     CALL { MATCH (:Concept)-[r]->(:Concept) RETURN count(r) AS relations }
     CALL { MATCH (cmp:Comparison) RETURN count(cmp) AS comparisons }
     RETURN concepts, relations, comparisons`,
  );
  return row ?? { concepts: 0, relations: 0, comparisons: 0 };
}

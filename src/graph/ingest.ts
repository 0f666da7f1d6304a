import { createHash } from 'node:crypto';
import { run, type Tx } from '../db/database.js';
import { setSearchKeys } from './concepts.js';
import { batches, GraphWriter } from './writer.js';
import type { ConceptKind } from './vocabulary.js';

/** What an importer must know of the graph before it names new concepts. */
export interface ExistingKeys {
  /** Every CURIE a concept carries (its own and its xrefs) → its slug, first one wins. */
  slugByCurie: Map<string, string>;
  slugs: Set<string>;
  /** Every concept's kind, by slug: importers check the kinds a relation joins. */
  kindBySlug: Map<string, ConceptKind>;
}

export interface Enrichment {
  slug: string;
  aliases: string[];
  xrefs: string[];
  sources: string[];
  definition: string | null;
}

export interface StubConcept {
  slug: string;
  name: string;
  kind: ConceptKind;
  definition: string | null;
  aliases: string[];
  sources: string[];
}

export interface StubComparison {
  slug: string;
  title: string;
  concepts: string[];
  sources: string[];
}

export interface NameQuery {
  name: string;
  lower: string;
  singular: string;
  slug: string;
}

/**
 * The writes and lookups only importers need, beside the upserts they share with the API
 * and seeds ({@link GraphWriter}); all inside the importer's one transaction.
 */
export class ImportWriter extends GraphWriter {
  async existingKeys(): Promise<ExistingKeys> {
    const rows = await run<{ slug: string; kind: ConceptKind; curies: string[] }>(
      this.tx,
      'MATCH (c:Concept) RETURN c.slug AS slug, c.kind AS kind, coalesce(c.xrefs, []) + CASE WHEN c.curie IS NULL THEN [] ELSE [c.curie] END AS curies',
    );
    const slugByCurie = new Map<string, string>();
    for (const row of rows) for (const curie of row.curies) if (!slugByCurie.has(curie)) slugByCurie.set(curie, row.slug);
    return { slugByCurie, slugs: new Set(rows.map((row) => row.slug)), kindBySlug: new Map(rows.map((row) => [row.slug, row.kind])) };
  }

  /** Adds aliases, xrefs and sources to concepts that exist; a definition only where none is. */
  async enrichConcepts(rows: readonly Enrichment[]): Promise<void> {
    for (const batch of batches(rows)) {
      await run(
        this.tx,
        `UNWIND $rows AS row
         MATCH (c:Concept {slug: row.slug})
         SET c.aliases = coalesce(c.aliases, []) + [a IN row.aliases WHERE NOT a IN coalesce(c.aliases, []) AND a <> c.name],
             c.xrefs = coalesce(c.xrefs, []) + [x IN row.xrefs WHERE NOT x IN coalesce(c.xrefs, [])],
             c.sources = coalesce(c.sources, []) + [s IN row.sources WHERE NOT s IN coalesce(c.sources, [])],
             c.definition = coalesce(c.definition, row.definition)
         SET ${setSearchKeys('c')}`,
        { rows: batch },
      );
    }
  }

  /**
   * Finds, for each name, the slug of the concept it means: by slug (of the singular), by
   * name, then by alias, ignoring case; curated concepts win over imported ones.
   */
  async resolveNames(queries: readonly NameQuery[]): Promise<Map<string, string>> {
    const rows = await run<{ name: string; slug: string | null }>(
      this.tx,
      `UNWIND $queries AS q
       OPTIONAL MATCH (c:Concept)
       WHERE c.slug = q.slug OR toLower(c.name) IN [q.lower, q.singular]
          OR any(alias IN coalesce(c.aliases, []) WHERE toLower(alias) IN [q.lower, q.singular])
       WITH q, c,
            CASE WHEN c.slug = q.slug THEN 0 WHEN toLower(c.name) IN [q.lower, q.singular] THEN 1 ELSE 2 END AS rank,
            CASE WHEN 'curated' IN coalesce(c.sources, []) THEN 0 ELSE 1 END AS origin
       ORDER BY rank, origin, c.slug
       WITH q, collect(c.slug)[0] AS slug
       RETURN q.name AS name, slug`,
      { queries },
    );
    return new Map(rows.filter((row) => row.slug).map((row) => [row.name, row.slug!]));
  }

  /** Concepts an article names but the graph lacks, marked as stubs; existing ones are left alone. */
  async createStubConcepts(stubs: readonly StubConcept[]): Promise<void> {
    await run(
      this.tx,
      `UNWIND $rows AS row
       MERGE (c:Concept {slug: row.slug})
       ON CREATE SET c.name = row.name, c.kind = row.kind, c.definition = row.definition,
                     c.aliases = row.aliases, c.xrefs = [], c.sources = row.sources, c.stub = true
       SET ${setSearchKeys('c')}`,
      { rows: stubs },
    );
    await this.setKindLabels(stubs);
  }

  /** Comparisons an article lists as related that do not exist yet; returns the slugs created. */
  async createStubComparisons(stubs: readonly StubComparison[]): Promise<string[]> {
    const created = await run<{ slug: string }>(
      this.tx,
      `UNWIND $rows AS row
       OPTIONAL MATCH (existing:Comparison {slug: row.slug})
       WITH row, existing WHERE existing IS NULL
       CREATE (cmp:Comparison {slug: row.slug, title: row.title, summary: null, sources: row.sources, stub: true})
       WITH cmp, row
       UNWIND range(0, size(row.concepts) - 1) AS position
       MATCH (c:Concept {slug: row.concepts[position]})
       CREATE (cmp)-[:COMPARES {position: position}]->(c)
       RETURN DISTINCT cmp.slug AS slug`,
      { rows: stubs },
    );
    return created.map((row) => row.slug);
  }

  /** Comparisons that now have their own article are stubs no longer. */
  async unmarkStubComparisons(slugs: readonly string[]): Promise<void> {
    await run(this.tx, 'UNWIND $slugs AS slug MATCH (cmp:Comparison {slug: slug}) REMOVE cmp.stub', { slugs });
  }
}

export async function graphIsEmpty(tx: Tx): Promise<boolean> {
  const [row] = await run<{ empty: boolean }>(tx, 'RETURN NOT EXISTS { MATCH (:Concept) } AS empty');
  return row?.empty ?? true;
}

/** Counts and a content digest of the whole graph: equal fingerprints mean equal graphs. */
export interface GraphFingerprint {
  concepts: number;
  relations: number;
  comparisons: number;
  /** SHA-256 over every concept, relation and comparison with their properties, in a fixed order. */
  sha256: string;
}

function canonical(value: unknown): string {
  // Property maps come back with keys in any order: sort them so equal content digests equally.
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}

/**
 * Reads the graph in pages and digests it: every node of the model (concepts with their labels,
 * comparisons, aspects) and every relation between them. Used to prove an interrupted import
 * left the graph exactly as it was, and a finished one exactly as a clean run does.
 */
export async function graphFingerprint(tx: Tx, pageSize = 20_000): Promise<GraphFingerprint> {
  const hash = createHash('sha256');
  const counts = { concepts: 0, relations: 0, comparisons: 0 };
  for (let skip = 0; ; skip += pageSize) {
    const rows = await run<{ labels: string[]; props: Record<string, unknown> }>(
      tx,
      `MATCH (n) WHERE n:Concept OR n:Comparison OR n:Aspect
       WITH n, coalesce(n.slug, n.key) AS key ORDER BY key
       SKIP toInteger($skip) LIMIT toInteger($limit)
       RETURN labels(n) AS labels, properties(n) AS props`,
      { skip, limit: pageSize },
    );
    for (const row of rows) {
      if (row.labels.includes('Concept')) counts.concepts += 1;
      if (row.labels.includes('Comparison')) counts.comparisons += 1;
      hash.update(canonical([[...row.labels].sort(), row.props]) + '\n');
    }
    if (rows.length < pageSize) break;
  }
  for (let skip = 0; ; skip += pageSize) {
    const rows = await run<{ from: string; type: string; to: string; props: Record<string, unknown>; concepts: boolean }>(
      tx,
      `MATCH (a)-[r]->(b) WHERE (a:Concept OR a:Comparison) AND (b:Concept OR b:Comparison OR b:Aspect)
       WITH a, r, b, coalesce(a.slug, a.key) AS from, coalesce(b.slug, b.key) AS to
       ORDER BY from, type(r), to, coalesce(r.predicate, '')
       SKIP toInteger($skip) LIMIT toInteger($limit)
       RETURN from, type(r) AS type, to, properties(r) AS props, a:Concept AND b:Concept AS concepts`,
      { skip, limit: pageSize },
    );
    for (const row of rows) {
      if (row.concepts) counts.relations += 1;
      hash.update(canonical([row.from, row.type, row.to, row.props]) + '\n');
    }
    if (rows.length < pageSize) break;
  }
  return { ...counts, sha256: hash.digest('hex') };
}

import { int, type Database } from '../db/database.js';
import { invalid } from './errors.js';
import { NEIGHBORHOOD_LIMITS } from './neighborhood.js';
import type { SearchRepository } from './search.js';
import type { ConceptRow } from './concepts.js';
import { ONTOLOGY_PREFIX_GROUP, relationTypeLabel, type RelationType } from './vocabulary.js';

/**
 * The rows an export is written from (src/export/ turns them into KGX, JSON-LD or CSV),
 * streamed: the whole graph, or a view of it. Concepts carry a CURIE for exchange: their
 * ontology term where they have one, else `ossigraph:<slug>`; a relation names its ends by
 * the same CURIEs, so every edge's ends are among the nodes of the same view.
 */

/** The most concepts a view (a neighbourhood, a subgraph, a search) may hold; the whole graph has no limit. */
export const MAX_VIEW_CONCEPTS = 20_000;
/** Exports are long reads: bounded by time, but far beyond a request's. */
const EXPORT_TIMEOUT_MS = 30 * 60_000;

export type ExportView =
  | { kind: 'all' }
  | { kind: 'subgraph'; slugs: string[]; depth: number }
  | { kind: 'search'; query: string; first: number };

/** A concept as exported: its row and the CURIE it is exchanged under. */
export interface ExportNode extends ConceptRow {
  id: string;
}

export interface ExportEdge {
  subject: string;
  object: string;
  subjectSlug: string;
  objectSlug: string;
  type: RelationType;
  /** For OTHER relations: the ontology predicate they stand for. */
  predicate: string | null;
  sources: string[];
  evidence: string | null;
}

const ONTOLOGY_ID = `^${ONTOLOGY_PREFIX_GROUP}:.+`;
/** The CURIE a concept is exported under. */
const exportId = (v: string) => `coalesce(${v}.curie, head([x IN coalesce(${v}.xrefs, []) WHERE x =~ '${ONTOLOGY_ID}']), 'ossigraph:' + ${v}.slug)`;

const NODE_RETURN = (v: string) => `${exportId(v)} AS id, ${v}.slug AS slug, ${v}.name AS name, ${v}.kind AS kind, ${v}.definition AS definition,
  coalesce(${v}.aliases, []) AS aliases, coalesce(${v}.xrefs, []) AS xrefs, coalesce(${v}.sources, []) AS sources`;
const EDGE_RETURN = `${exportId('a')} AS subject, ${exportId('b')} AS object, a.slug AS subjectSlug, b.slug AS objectSlug,
  type(r) AS type, r.predicate AS predicate, coalesce(r.sources, []) AS sources, r.evidence AS evidence`;

export class ExportReader {
  constructor(
    private readonly db: Database,
    private readonly search: SearchRepository,
  ) {}

  /**
   * The slugs of a view's concepts, checked before anything is written (so a bad view is an
   * error, not a truncated file); null for the whole graph.
   */
  async resolve(view: ExportView): Promise<string[] | null> {
    if (view.kind === 'all') return null;
    if (view.kind === 'search') return (await this.search.search(view.query, { first: view.first, fields: [] })).map((hit) => hit.concept.slug);
    const depth = view.depth;
    // Quantifier bounds cannot be parameters; this is a checked integer, not user text.
    if (!Number.isInteger(depth) || depth < 0 || depth > NEIGHBORHOOD_LIMITS.maxDepth) throw new RangeError(`depth must be 0 to ${NEIGHBORHOOD_LIMITS.maxDepth}`);
    const rows = await this.db.read<{ slug: string }>(
      `MATCH (s:Concept) WHERE s.slug IN $slugs
       MATCH (s)-[${relationTypeLabel(null)}*0..${depth}]-(o:Concept)
       WITH DISTINCT o LIMIT $limit
       RETURN o.slug AS slug`,
      { slugs: view.slugs, limit: int(MAX_VIEW_CONCEPTS + 1) },
    );
    const found = new Set(rows.map((row) => row.slug));
    const missing = view.slugs.filter((slug) => !found.has(slug));
    if (missing.length) throw invalid(`no concept has the slug ${missing.map((slug) => `"${slug}"`).join(', ')}`, { slugs: missing });
    if (rows.length > MAX_VIEW_CONCEPTS) {
      throw invalid(`the view holds more than ${MAX_VIEW_CONCEPTS} concepts; lower the depth, or export the whole graph`, { limit: MAX_VIEW_CONCEPTS });
    }
    return rows.map((row) => row.slug).sort();
  }

  /** The view's concepts, by slug. */
  nodes(slugs: readonly string[] | null): AsyncGenerator<ExportNode> {
    return slugs === null
      ? this.db.stream<ExportNode>(`MATCH (c:Concept) WHERE c.slug IS NOT NULL RETURN ${NODE_RETURN('c')} ORDER BY c.slug`, {}, EXPORT_TIMEOUT_MS)
      : this.db.stream<ExportNode>(`MATCH (c:Concept) WHERE c.slug IN $slugs RETURN ${NODE_RETURN('c')} ORDER BY c.slug`, { slugs }, EXPORT_TIMEOUT_MS);
  }

  /** The relations among the view's concepts, by subject. */
  edges(slugs: readonly string[] | null): AsyncGenerator<ExportEdge> {
    return slugs === null
      ? this.db.stream<ExportEdge>(
          `MATCH (a:Concept) WHERE a.slug IS NOT NULL
           WITH a ORDER BY a.slug
           MATCH (a)-[r]->(b:Concept)
           RETURN ${EDGE_RETURN}`,
          {},
          EXPORT_TIMEOUT_MS,
        )
      : this.db.stream<ExportEdge>(
          `MATCH (a:Concept)-[r]->(b:Concept) WHERE a.slug IN $slugs AND b.slug IN $slugs
           RETURN ${EDGE_RETURN} ORDER BY subjectSlug, type, objectSlug`,
          { slugs },
          EXPORT_TIMEOUT_MS,
        );
  }
}

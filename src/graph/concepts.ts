import { int, run, type Database } from '../db/database.js';
import type { ConceptKind } from './vocabulary.js';

export interface ConceptRow {
  slug: string;
  name: string;
  kind: ConceptKind;
  definition: string | null;
  aliases: string[];
  xrefs: string[];
  sources: string[];
}

/** The fields of a concept beyond its slug, in the order projections list them. */
export const CONCEPT_FIELDS = ['name', 'kind', 'definition', 'aliases', 'xrefs', 'sources'] as const;
export type ConceptField = (typeof CONCEPT_FIELDS)[number];
const LIST_FIELDS: ReadonlySet<ConceptField> = new Set(['aliases', 'xrefs', 'sources']);

/**
 * A concept as a traversal may read it: the slug always, other fields when a query selected
 * them. Wide traversals that ask for names only skip the definitions and lists.
 */
export type ConceptData = Pick<ConceptRow, 'slug'> & Partial<ConceptRow>;

/**
 * Cypher map projection of a concept node bound to `variable` into a {@link ConceptRow}, or
 * into its slug and the given fields. Field names come from {@link CONCEPT_FIELDS} only.
 */
export function conceptProjection(variable: string, fields: readonly ConceptField[] = CONCEPT_FIELDS): string {
  const entries = fields.map((field) => {
    if (!CONCEPT_FIELDS.includes(field)) throw new RangeError(`unknown concept field ${field}`);
    return LIST_FIELDS.has(field) ? `${field}: coalesce(${variable}.${field}, [])` : `.${field}`;
  });
  return `${variable} { ${['.slug', ...entries].join(', ')} }`;
}

/**
 * A statement whose text depends on the concept fields it reads, built once per set of fields:
 * the few combinations a client's selections make are kept, and Neo4j's plan cache sees one text each.
 */
export function statementPerFields(build: (fields: readonly ConceptField[]) => string): (fields: readonly ConceptField[]) => string {
  const texts = new Map<string, string>();
  return (fields) => {
    const key = fields.join(',');
    let text = texts.get(key);
    if (text === undefined) texts.set(key, (text = build(fields)));
    return text;
  };
}

/**
 * SET items keeping the search keys of the concept bound to `variable` current: `searchKeys`
 * (its lower-cased name, aliases and ontology IDs), which the keyword index concept_keys finds
 * exact matches by however large the graph, and `nameKey` (the lower-cased name), whose range
 * index concept_name_key finds names by their beginning. Every writer of those fields sets
 * them in a SET clause of its own, after them; schema/neo4j/004-search-keys.cypher and
 * 007-name-key.cypher fill them in for older graphs the same way.
 */
export function setSearchKeys(variable: string): string {
  const v = variable;
  return `${v}.searchKeys = [k IN [${v}.name] + coalesce(${v}.aliases, []) + coalesce(${v}.xrefs, []) + CASE WHEN ${v}.curie IS NULL THEN [] ELSE [${v}.curie] END | toLower(k)], ${v}.nameKey = toLower(${v}.name)`;
}

export interface Page<T> {
  rows: T[];
  hasNextPage: boolean;
  totalCount: number;
}

export interface ConceptListOptions {
  kind?: ConceptKind | null;
  first: number;
  /** The slug after which the page starts (exclusive). */
  afterSlug?: string | null;
}

export class ConceptRepository {
  constructor(private readonly db: Database) {}

  /** One concept per slug, in the order of `slugs`; null where none exists. */
  async findBySlugs(slugs: readonly string[]): Promise<(ConceptRow | null)[]> {
    const rows = await this.db.read<{ concept: ConceptRow }>(
      `MATCH (c:Concept) WHERE c.slug IN $slugs RETURN ${conceptProjection('c')} AS concept`,
      { slugs },
    );
    const bySlug = new Map(rows.map(({ concept }) => [concept.slug, concept]));
    return slugs.map((slug) => bySlug.get(slug) ?? null);
  }

  /**
   * A page ordered by slug. Paging by key (slug > after) rather than by offset keeps a
   * cursor pointing at the same place while other concepts are inserted or removed.
   */
  async list({ kind = null, first, afterSlug = null }: ConceptListOptions): Promise<Page<ConceptRow>> {
    return this.db.readTx(async (tx) => {
      const rows = await run<{ concept: ConceptRow }>(
        tx,
        `MATCH (c:Concept)
         WHERE ($kind IS NULL OR c.kind = $kind) AND ($after IS NULL OR c.slug > $after)
         RETURN ${conceptProjection('c')} AS concept
         ORDER BY c.slug
         LIMIT $limit`,
        { kind, after: afterSlug, limit: int(first + 1) },
      );
      const [count] = await run<{ total: number }>(
        tx,
        'MATCH (c:Concept) WHERE $kind IS NULL OR c.kind = $kind RETURN count(c) AS total',
        { kind },
      );
      return {
        rows: rows.slice(0, first).map(({ concept }) => concept),
        hasNextPage: rows.length > first,
        totalCount: count?.total ?? 0,
      };
    });
  }
}

import { int, run, type Database } from '../db/database.js';
import type { Page } from './concepts.js';

export interface ComparisonRow {
  slug: string;
  title: string;
  summary: string | null;
  /** The compared concepts' slugs, in the comparison's order. */
  conceptSlugs: string[];
}

export interface AspectRow {
  name: string;
  /** One value per compared concept, in the comparison's order. */
  values: string[];
}

/** Cypher map projection of the comparison bound to `variable` into a {@link RawComparison}. */
export const comparisonProjection = (variable: string) => `${variable} { .slug, .title, .summary,
  conceptSlugs: [(${variable})-[k:COMPARES]->(c:Concept) | [k.position, c.slug]] }`;
const COMPARISON_PROJECTION = comparisonProjection('cmp');

export type RawComparison = Omit<ComparisonRow, 'conceptSlugs'> & { conceptSlugs: [number, string][] };

export function toComparison(raw: RawComparison): ComparisonRow {
  const ordered = [...raw.conceptSlugs].sort((a, b) => a[0] - b[0]).map(([, slug]) => slug);
  return { ...raw, conceptSlugs: ordered };
}

export class ComparisonRepository {
  constructor(private readonly db: Database) {}

  async findBySlugs(slugs: readonly string[]): Promise<(ComparisonRow | null)[]> {
    const rows = await this.db.read<{ comparison: RawComparison }>(
      `MATCH (cmp:Comparison) WHERE cmp.slug IN $slugs RETURN ${COMPARISON_PROJECTION} AS comparison`,
      { slugs },
    );
    const bySlug = new Map(rows.map(({ comparison }) => [comparison.slug, toComparison(comparison)]));
    return slugs.map((slug) => bySlug.get(slug) ?? null);
  }

  /** A page ordered by slug, paged by key like concepts. */
  async list(first: number, afterSlug: string | null = null): Promise<Page<ComparisonRow>> {
    return this.db.readTx(async (tx) => {
      const rows = await run<{ comparison: RawComparison }>(
        tx,
        `MATCH (cmp:Comparison) WHERE $after IS NULL OR cmp.slug > $after
         RETURN ${COMPARISON_PROJECTION} AS comparison ORDER BY cmp.slug LIMIT $limit`,
        { after: afterSlug, limit: int(first + 1) },
      );
      const [count] = await run<{ total: number }>(tx, 'MATCH (cmp:Comparison) RETURN count(cmp) AS total');
      return {
        rows: rows.slice(0, first).map(({ comparison }) => toComparison(comparison)),
        hasNextPage: rows.length > first,
        totalCount: count?.total ?? 0,
      };
    });
  }

  /** The comparisons each concept takes part in, per concept slug, ordered by slug. */
  async forConcepts(conceptSlugs: readonly string[]): Promise<ComparisonRow[][]> {
    const rows = await this.db.read<{ slug: string; comparisons: RawComparison[] }>(
      `UNWIND $slugs AS slug
       OPTIONAL MATCH (cmp:Comparison)-[:COMPARES]->(:Concept {slug: slug})
       WITH slug, cmp ORDER BY cmp.slug
       RETURN slug, collect(${COMPARISON_PROJECTION}) AS comparisons`,
      { slugs: conceptSlugs },
    );
    const bySlug = new Map(rows.map((row) => [row.slug, row.comparisons.map(toComparison)]));
    return conceptSlugs.map((slug) => bySlug.get(slug) ?? []);
  }

  /** The aspect table of each comparison, rows in their stored order. */
  async aspectsOf(comparisonSlugs: readonly string[]): Promise<AspectRow[][]> {
    const rows = await this.db.read<{ slug: string; aspects: AspectRow[] }>(
      `UNWIND $slugs AS slug
       OPTIONAL MATCH (:Comparison {slug: slug})-[h:HAS_ASPECT]->(a:Aspect)
       WITH slug, h, a ORDER BY h.position
       RETURN slug, collect(a { .name, .values }) AS aspects`,
      { slugs: comparisonSlugs },
    );
    const bySlug = new Map(rows.map((row) => [row.slug, row.aspects]));
    return comparisonSlugs.map((slug) => bySlug.get(slug) ?? []);
  }
}

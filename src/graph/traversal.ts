import type { Database } from '../db/database.js';
import { CONCEPT_FIELDS, conceptProjection, type ConceptData, type ConceptField, type Page } from './concepts.js';
import { pageFromRaw, pageQuery, type RawPage, type RelationListOptions, type RelationRow } from './relations.js';

/**
 * A nested traversal planned into one Cypher statement: the relations of a concept, and for
 * each concept they reach, its relations, and so on. The API plans one from a GraphQL
 * selection (schema/lookahead.ts) so that a traversal costs one round trip, whatever its
 * depth and fan-out.
 */
export interface TraversalPlan {
  /** One entry per `relations(...)` field at this level (aliases may ask twice). */
  levels: { options: RelationListOptions; next: TraversalPlan }[];
}

export interface TraversalResult {
  /** The concept the traversal starts from, with the fields asked for. */
  concept: ConceptData | null;
  /** Every page fetched: who, with which options, and the page; for priming loaders. */
  pages: { slug: string; options: RelationListOptions; page: Page<RelationRow> }[];
}

/** Largest plan executed in one statement; deeper selections load level by level. */
export const MAX_PLANNED_LEVELS = 3;

export class TraversalRepository {
  constructor(private readonly db: Database) {}

  /** Runs `plan` from the concept `slug`, reading `fields` of that concept (all by default). */
  async run(slug: string, plan: TraversalPlan, fields: readonly ConceptField[] = CONCEPT_FIELDS): Promise<TraversalResult> {
    const params: Record<string, unknown> = { slug };
    const [row] = await this.db.read<{ concept: ConceptData; pages: RawPage[] }>(buildStatement(plan, params, fields), params);
    const result: TraversalResult = { concept: row?.concept ?? null, pages: [] };
    if (row) collect(result, row.concept, plan, row.pages);
    return result;
  }
}

/**
 * The statement for a plan: per relations field, a page subquery (relations.ts) whose rows
 * each carry the pages planned under the concept they reach. Labels, directions and types
 * come from fixed maps; values arrive as parameters only.
 */
export function buildStatement(plan: TraversalPlan, params: Record<string, unknown>, fields: readonly ConceptField[] = CONCEPT_FIELDS): string {
  let counter = 0;
  const pages = (node: string, current: TraversalPlan, depth: number): { cypher: string; output: string } => {
    const queries = current.levels.map((entry) => {
      counter += 1;
      const deeper = depth + 1 < MAX_PLANNED_LEVELS && entry.next.levels.length ? entry.next : null;
      return pageQuery(node, String(counter), entry.options, params, deeper ? (other) => pages(other, deeper, depth + 1) : undefined);
    });
    return { cypher: queries.map((query) => query.cypher).join('\n'), output: `[${queries.map((query) => query.output).join(', ')}]` };
  };
  const root = pages('c', plan, 0);
  return `MATCH (c:Concept {slug: $slug})
${root.cypher}
RETURN ${conceptProjection('c', fields)} AS concept, ${root.output} AS pages`;
}

function collect(result: TraversalResult, concept: ConceptData, plan: TraversalPlan, raws: readonly RawPage[], depth = 0): void {
  plan.levels.forEach((entry, index) => {
    const raw = raws[index];
    if (!raw) return;
    const page = pageFromRaw(concept, raw, entry.options);
    result.pages.push({ slug: concept.slug, options: entry.options, page });
    if (depth + 1 >= MAX_PLANNED_LEVELS) return;
    for (const row of raw.rows.slice(0, entry.options.first)) collect(result, row.other, entry.next, row.next ?? [], depth + 1);
  });
}

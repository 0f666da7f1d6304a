import { int, type Database } from '../db/database.js';
import { CONCEPT_FIELDS, conceptProjection, type ConceptData, type ConceptField, type Page } from './concepts.js';
import {
  relationFromRaw,
  relationPattern,
  relationRead,
  type RawRelation,
  type RelationListOptions,
  type RelationRow,
} from './relations.js';

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


interface RawLevel {
  total: number;
  rows: (RawRelation & { next: RawLevel[] })[];
}

/** Largest plan executed in one statement; deeper selections load level by level. */
export const MAX_PLANNED_LEVELS = 3;

export class TraversalRepository {
  constructor(private readonly db: Database) {}

  /** Runs `plan` from the concept `slug`, reading `fields` of that concept (all by default). */
  async run(slug: string, plan: TraversalPlan, fields: readonly ConceptField[] = CONCEPT_FIELDS): Promise<TraversalResult> {
    const params: Record<string, unknown> = { slug };
    const [row] = await this.db.read<{ concept: ConceptData; levels: RawLevel[] }>(buildStatement(plan, params, fields), params);
    const result: TraversalResult = { concept: row?.concept ?? null, pages: [] };
    if (row) collect(result, row.concept, plan, row.levels);
    return result;
  }
}

/**
 * The statement for a plan. Each level is a CALL subquery returning, per relations field,
 * {total, rows}; each row carries the relation, the concept it reaches and that concept's
 * own levels. Labels, directions and types come from fixed maps and parameters only.
 */
export function buildStatement(plan: TraversalPlan, params: Record<string, unknown>, fields: readonly ConceptField[] = CONCEPT_FIELDS): string {
  let counter = 0;
  const level = (node: string, current: TraversalPlan, depth: number): { cypher: string; output: string } => {
    const outputs: string[] = [];
    const blocks = current.levels.map((entry) => {
      const n = (counter += 1);
      params[`after${n}`] = entry.options.afterKey ?? null;
      params[`limit${n}`] = int(entry.options.first + 1);
      const r = `r${n}`;
      const o = `o${n}`;
      const deeper = depth + 1 < MAX_PLANNED_LEVELS && entry.next.levels.length ? level(o, entry.next, depth + 1) : null;
      outputs.push(`level${n}`);
      const read = relationRead(node, r, o, entry.options);
      return `CALL (${node}) {
  OPTIONAL MATCH ${relationPattern(node, r, o, entry.options.direction, entry.options.types)}
  WITH ${node}, ${r}, ${o}, ${read.side} AS side${n}
  WITH ${r}, ${o}, side${n}, ${read.key(`side${n}`)} AS key${n}
  ORDER BY key${n}
  WITH count(${r}) AS total${n},
       collect(CASE WHEN ${r} IS NULL OR ($after${n} IS NOT NULL AND key${n} <= $after${n}) THEN null
               ELSE {r: ${r}, o: ${o}, side: side${n}} END)[0..$limit${n}] AS page${n}
  CALL (page${n}) {
    UNWIND page${n} AS e${n}
    WITH e${n}, e${n}.r AS ${r}, e${n}.o AS ${o}
    ${deeper ? deeper.cypher : ''}
    RETURN collect({ ${read.entries(`e${n}.side`)}, next: ${deeper ? deeper.output : '[]'} }) AS rows${n}
  }
  RETURN {total: total${n}, rows: rows${n}} AS level${n}
}`;
    });
    return { cypher: blocks.join('\n'), output: `[${outputs.join(', ')}]` };
  };
  const root = level('c', plan, 0);
  return `MATCH (c:Concept {slug: $slug})
${root.cypher}
RETURN ${conceptProjection('c', fields)} AS concept, ${root.output} AS levels`;
}

function collect(result: TraversalResult, concept: ConceptData, plan: TraversalPlan, levels: RawLevel[], depth = 0): void {
  plan.levels.forEach((entry, index) => {
    const raw = levels[index];
    if (!raw) return;
    const first = entry.options.first;
    const rows: RelationRow[] = raw.rows.slice(0, first).map((row) => relationFromRaw(concept, row, entry.options));
    result.pages.push({ slug: concept.slug, options: entry.options, page: { rows, hasNextPage: raw.rows.length > first, totalCount: raw.total } });
    if (depth + 1 < MAX_PLANNED_LEVELS) {
      for (const row of raw.rows.slice(0, first)) collect(result, row.other, entry.next, row.next, depth + 1);
    }
  });
}

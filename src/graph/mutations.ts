import type { z } from 'zod';
import { run, type Database, type Tx } from '../db/database.js';
import type { ComparisonRow } from './comparisons.js';
import { conceptProjection, type ConceptRow } from './concepts.js';
import { conflict, invalid, notFound } from './errors.js';
import type { RelationRow } from './relations.js';
import { AspectFields, ComparisonFields, ConceptFields, describeIssues, RelationFields } from './validation.js';
import { comparisonProblems, relationProblems } from './rules.js';
import { GraphWriter } from './writer.js';
import type { ConceptKind, RelationType } from './vocabulary.js';
import { recordChange } from './changes.js';

export type ConceptCreate = z.input<typeof ConceptFields>;
export type ConceptUpdate = Partial<Omit<ConceptCreate, 'slug'>>;
export type RelationCreate = z.input<typeof RelationFields>;
export type ComparisonCreate = Omit<z.input<typeof ComparisonFields>, 'slug' | 'related'>;
export type ComparisonUpdate = Partial<Pick<ComparisonCreate, 'title' | 'summary' | 'aspects' | 'sources'>>;

function check<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw invalid(describeIssues(parsed.error).join('; '), { problems: describeIssues(parsed.error) });
  return parsed.data;
}

async function loadConcept(tx: Tx, slug: string): Promise<ConceptRow | null> {
  const [row] = await run<{ concept: ConceptRow }>(tx, `MATCH (c:Concept {slug: $slug}) RETURN ${conceptProjection('c')} AS concept`, { slug });
  return row?.concept ?? null;
}

/**
 * Writes through the API. Each method is one write transaction that checks before it
 * changes anything, so a refused or failed mutation leaves the graph as it was.
 */
export class GraphMutations {
  constructor(private readonly db: Database) {}

  async createConcept(input: ConceptCreate): Promise<ConceptRow> {
    const concept = check(ConceptFields, input);
    return this.db.writeTx(async (tx) => {
      if (await loadConcept(tx, concept.slug)) throw conflict(`concept "${concept.slug}" already exists`, { key: concept.slug });
      await new GraphWriter(tx).upsertConcepts([{ ...concept, definition: concept.definition ?? null }]);
      await recordChange(tx, { entity: 'CONCEPT', action: 'CREATED', key: concept.slug, source: 'api', summary: null });
      return (await loadConcept(tx, concept.slug))!;
    });
  }

  async updateConcept(slug: string, changes: ConceptUpdate): Promise<ConceptRow> {
    return this.db.writeTx(async (tx) => {
      const current = await loadConcept(tx, slug);
      if (!current) throw notFound('concept', slug);
      const merged = check(ConceptFields, {
        slug,
        name: changes.name ?? current.name,
        kind: changes.kind ?? current.kind,
        definition: changes.definition ?? current.definition ?? undefined,
        aliases: changes.aliases ?? current.aliases,
        xrefs: changes.xrefs ?? current.xrefs,
        sources: changes.sources ?? current.sources,
      });
      if (merged.kind !== current.kind) {
        // A new kind must still fit every relation the concept takes part in.
        const relations = await run<{ from: string; type: RelationType; to: string; fromKind: ConceptKind; toKind: ConceptKind }>(
          tx,
          `MATCH (a:Concept)-[r]->(b:Concept) WHERE a.slug = $slug OR b.slug = $slug
           RETURN a.slug AS from, type(r) AS type, b.slug AS to, a.kind AS fromKind, b.kind AS toKind`,
          { slug },
        );
        const kindOf = (end: string, known: ConceptKind) => (end === slug ? merged.kind : known);
        const broken = relations.flatMap((relation) =>
          relationProblems(relation, kindOf(relation.from, relation.fromKind), kindOf(relation.to, relation.toKind)).map(
            (problem) => `${relation.from} ${relation.type} ${relation.to}: ${problem}`,
          ),
        );
        if (broken.length) throw invalid(`kind ${merged.kind} does not fit ${broken.length} of its relations: ${broken.join('; ')}`, { problems: broken });
      }
      await new GraphWriter(tx).upsertConcepts([{ ...merged, definition: merged.definition ?? null }]);
      await recordChange(tx, { entity: 'CONCEPT', action: 'UPDATED', key: slug, source: 'api', summary: null });
      return (await loadConcept(tx, slug))!;
    });
  }

  /** Deletes a concept and its relations; refused while a comparison compares it. */
  async deleteConcept(slug: string): Promise<ConceptRow> {
    return this.db.writeTx(async (tx) => {
      const current = await loadConcept(tx, slug);
      if (!current) throw notFound('concept', slug);
      const users = await run<{ slug: string }>(
        tx,
        'MATCH (cmp:Comparison)-[:COMPARES]->(:Concept {slug: $slug}) RETURN cmp.slug AS slug ORDER BY slug',
        { slug },
      );
      if (users.length) {
        const slugs = users.map((user) => user.slug);
        throw conflict(`concept "${slug}" is compared in ${slugs.join(', ')}; delete those comparisons first`, { comparisons: slugs });
      }
      await run(tx, 'MATCH (c:Concept {slug: $slug}) DETACH DELETE c', { slug });
      await recordChange(tx, { entity: 'CONCEPT', action: 'DELETED', key: slug, source: 'api', summary: null });
      return current;
    });
  }

  async createRelation(input: RelationCreate): Promise<RelationRow> {
    const relation = check(RelationFields, input);
    const type = relation.type as RelationType;
    return this.db.writeTx(async (tx) => {
      const [from, to] = [await loadConcept(tx, relation.from), await loadConcept(tx, relation.to)];
      if (!from) throw notFound('concept', relation.from);
      if (!to) throw notFound('concept', relation.to);
      const broken = relationProblems({ from: from.slug, type, to: to.slug }, from.kind, to.kind);
      if (broken.length) throw invalid(broken.join('; '), { problems: broken });
      const [existing] = await run<{ n: number }>(
        tx,
        `MATCH (:Concept {slug: $from})-[r:${type}]->(:Concept {slug: $to}) RETURN count(r) AS n`,
        { from: relation.from, to: relation.to },
      );
      if (existing!.n > 0) throw conflict(`${relation.from} ${type} ${relation.to} already exists`);
      const evidence = relation.evidence ?? null;
      await new GraphWriter(tx).upsertRelations([{ ...relation, type, evidence }]);
      await recordChange(tx, { entity: 'RELATION', action: 'CREATED', key: `${from.slug} ${type} ${to.slug}`, source: 'api', summary: null });
      return { type, from, to, sources: relation.sources, evidence, predicate: null, key: `${type}|${from.slug}|${to.slug}|` };
    });
  }

  async deleteRelation(fromSlug: string, type: RelationType, toSlug: string): Promise<RelationRow> {
    return this.db.writeTx(async (tx) => {
      const [row] = await run<{ from: ConceptRow; to: ConceptRow; sources: string[]; evidence: string | null; predicate: string | null }>(
        tx,
        `MATCH (a:Concept {slug: $from})-[r]->(b:Concept {slug: $to}) WHERE type(r) = $type
         WITH a, b, r LIMIT 1
         WITH a, b, r, coalesce(r.sources, []) AS sources, r.evidence AS evidence, r.predicate AS predicate
         DELETE r
         RETURN ${conceptProjection('a')} AS from, ${conceptProjection('b')} AS to, sources, evidence, predicate`,
        { from: fromSlug, to: toSlug, type },
      );
      if (!row) throw notFound('relation', `${fromSlug} ${type} ${toSlug}`);
      await recordChange(tx, { entity: 'RELATION', action: 'DELETED', key: `${fromSlug} ${type} ${toSlug}`, source: 'api', summary: null });
      return { ...row, type, key: `${type}|${fromSlug}|${toSlug}|${row.predicate ?? ''}` };
    });
  }

  async createComparison(input: ComparisonCreate): Promise<ComparisonRow> {
    const slugs = Array.isArray(input.concepts) ? input.concepts : [];
    const comparison = check(ComparisonFields, { ...input, slug: slugs.join('-vs-'), related: [] });
    this.checkAspects(comparison.aspects);
    const broken = comparisonProblems(comparison.concepts);
    if (broken.length) throw invalid(broken.join('; '), { problems: broken });
    return this.db.writeTx(async (tx) => {
      for (const slug of comparison.concepts) if (!(await loadConcept(tx, slug))) throw notFound('concept', slug);
      // One comparison per unordered pair: "b-vs-a" is the same comparison as "a-vs-b".
      const [existing] = await run<{ slug: string }>(
        tx,
        `MATCH (cmp:Comparison)
         WHERE cmp.slug = $slug
            OR (EXISTS { (cmp)-[:COMPARES]->(:Concept {slug: $a}) } AND EXISTS { (cmp)-[:COMPARES]->(:Concept {slug: $b}) })
         RETURN cmp.slug AS slug LIMIT 1`,
        { slug: comparison.slug, a: comparison.concepts[0], b: comparison.concepts[1] },
      );
      if (existing) {
        throw conflict(`comparison "${existing.slug}" already compares ${comparison.concepts.join(' and ')}`, { key: existing.slug });
      }
      await new GraphWriter(tx).upsertComparisons([{ ...comparison, summary: comparison.summary ?? null }]);
      await recordChange(tx, { entity: 'COMPARISON', action: 'CREATED', key: comparison.slug, source: 'api', summary: null });
      return { slug: comparison.slug, title: comparison.title, summary: comparison.summary ?? null, conceptSlugs: comparison.concepts };
    });
  }

  async updateComparison(slug: string, changes: ComparisonUpdate): Promise<ComparisonRow> {
    return this.db.writeTx(async (tx) => {
      const [current] = await run<{ title: string; summary: string | null; sources: string[]; concepts: string[]; aspects: { name: string; values: string[] }[] }>(
        tx,
        `MATCH (cmp:Comparison {slug: $slug})
         RETURN cmp.title AS title, cmp.summary AS summary, coalesce(cmp.sources, []) AS sources,
                [(cmp)-[k:COMPARES]->(c) | [k.position, c.slug]] AS concepts,
                [(cmp)-[h:HAS_ASPECT]->(a) | {position: h.position, name: a.name, values: a.values}] AS aspects`,
        { slug },
      );
      if (!current) throw notFound('comparison', slug);
      const concepts = (current.concepts as unknown as [number, string][]).sort((a, b) => a[0] - b[0]).map(([, concept]) => concept);
      const aspects = [...(current.aspects as { position: number; name: string; values: string[] }[])].sort((a, b) => a.position - b.position);
      const merged = check(ComparisonFields, {
        slug,
        title: changes.title ?? current.title,
        summary: changes.summary ?? current.summary ?? undefined,
        concepts,
        aspects: (changes.aspects ?? aspects).map(({ name, values }) => ({ name, values })),
        related: [],
        sources: changes.sources ?? (current.sources.length ? current.sources : ['api']),
      });
      this.checkAspects(merged.aspects);
      await new GraphWriter(tx).upsertComparisons([{ ...merged, summary: merged.summary ?? null }]);
      await recordChange(tx, { entity: 'COMPARISON', action: 'UPDATED', key: slug, source: 'api', summary: null });
      return { slug, title: merged.title, summary: merged.summary ?? null, conceptSlugs: concepts };
    });
  }

  async deleteComparison(slug: string): Promise<ComparisonRow> {
    return this.db.writeTx(async (tx) => {
      const [row] = await run<{ title: string; summary: string | null; concepts: [number, string][] }>(
        tx,
        `MATCH (cmp:Comparison {slug: $slug})
         WITH cmp, cmp.title AS title, cmp.summary AS summary, [(cmp)-[k:COMPARES]->(c) | [k.position, c.slug]] AS concepts
         OPTIONAL MATCH (cmp)-[:HAS_ASPECT]->(a:Aspect)
         DETACH DELETE a
         WITH DISTINCT cmp, title, summary, concepts
         DETACH DELETE cmp
         RETURN title, summary, concepts`,
        { slug },
      );
      if (!row) throw notFound('comparison', slug);
      await recordChange(tx, { entity: 'COMPARISON', action: 'DELETED', key: slug, source: 'api', summary: null });
      const conceptSlugs = [...row.concepts].sort((a, b) => a[0] - b[0]).map(([, concept]) => concept);
      return { slug, title: row.title, summary: row.summary, conceptSlugs };
    });
  }

  private checkAspects(aspects: z.output<typeof AspectFields>[]): void {
    aspects.forEach((aspect, index) => {
      if (aspect.values.length !== 2) {
        throw invalid(`aspects.${index} (${aspect.name}): needs one value per compared concept (2), got ${aspect.values.length}`);
      }
    });
  }
}

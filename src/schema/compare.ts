import { compareProfiles, type ComparedFact, type ConceptComparisonResult } from '../graph/concept-comparison.js';
import type { AspectRow, ComparisonRow } from '../graph/comparisons.js';
import { builder } from './builder.js';
import { AspectRef, ComparisonRef } from './comparison.js';
import { ConceptRef, DirectionEnum } from './concept.js';
import { conceptOf } from './concept-input.js';
import { badInput } from './errors.js';
import { RelationTypeEnum } from './relation.js';

interface CompareResult extends ConceptComparisonResult {
  curated: ComparisonRow | null;
  /** The curated table (values in a, b order) when there is one, else the generated one. */
  table: AspectRow[];
}

const ComparedFactRef = builder.objectRef<ComparedFact>('ComparedFact').implement({
  description: 'One way two compared concepts are related to others: what they share, or where they differ.',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The row it fills in the table: "Develops from", "Capable of".' }),
    type: t.field({ type: RelationTypeEnum, description: 'The relation type of the row.', resolve: (fact) => fact.type }),
    direction: t.field({ type: DirectionEnum, description: 'OUT when the compared concepts are the subjects.', resolve: (fact) => (fact.out ? 'OUT' : 'IN') }),
    both: t.field({ type: [ConceptRef], description: 'Concepts both are related to this way.', resolve: (fact) => fact.both }),
    onlyFirst: t.field({ type: [ConceptRef], description: 'Concepts only the first (a) is related to this way.', resolve: (fact) => fact.onlyFirst }),
    onlySecond: t.field({ type: [ConceptRef], description: 'Concepts only the second (b) is related to this way.', resolve: (fact) => fact.onlySecond }),
    sentence: t.exposeString('sentence', { description: 'What they share, or how they differ, in one sentence.' }),
  }),
});

const CommonAncestorRef = builder.objectRef<NonNullable<ConceptComparisonResult['commonAncestor']>>('CommonAncestor').implement({
  description: 'The nearest concept both compared concepts come under (over IS_A and PART_OF), or one of them when it is above the other.',
  fields: (t) => ({
    concept: t.field({ type: ConceptRef, description: 'The ancestor.', resolve: (ancestor) => ({ slug: ancestor.slug, name: ancestor.name }) }),
    distances: t.intList({ description: 'Steps from a and from b up to it.', resolve: (ancestor) => ancestor.distances }),
  }),
});

const ConceptComparisonRef = builder.objectRef<CompareResult>('ConceptComparison').implement({
  description: 'Any two concepts side by side: the curated comparison when one exists, else a table built from the graph.',
  fields: (t) => ({
    title: t.string({
      description: '"A vs B", in the order asked: the curated title when it has that order.',
      resolve: (result) => (result.curated && result.curated.conceptSlugs[0] === result.concepts[0].slug ? result.curated.title : result.title),
    }),
    generated: t.boolean({ description: 'True when no curated comparison of the pair exists and the table was built from the graph.', resolve: (result) => result.curated === null }),
    curated: t.field({ type: ComparisonRef, nullable: true, description: 'The curated comparison of the pair, when there is one.', resolve: (result) => result.curated }),
    concepts: t.field({ type: [ConceptRef], description: 'a, then b.', resolve: (result) => result.concepts }),
    aspects: t.field({ type: [AspectRef], description: 'The table, row by row, values in a, b order: the curated one when it exists, else rows of kind, definition and each way either is related to others.', resolve: (result) => result.table }),
    generatedAspects: t.field({ type: [AspectRef], description: 'The table built from the graph, even where a curated one exists.', resolve: (result) => result.aspects }),
    shared: t.field({ type: [ComparedFactRef], description: 'Relations both have to the same concepts.', resolve: (result) => result.shared }),
    differences: t.field({ type: [ComparedFactRef], description: 'Relations of a type that only one has, or that lead to different concepts.', resolve: (result) => result.differences }),
    commonAncestor: t.field({ type: CommonAncestorRef, nullable: true, description: 'The nearest concept both come under; null when none does.', resolve: (result) => result.commonAncestor }),
    similarity: t.exposeFloat('similarity', { description: '0 to 1: 0.6 × the share of related concepts in common, 0.2 for the same kind, 0.2 × how close the common ancestor is.' }),
    reasons: t.exposeStringList('reasons', { description: 'What the similarity rests on.' }),
    sentences: t.exposeStringList('sentences', { description: 'The comparison told in sentences: kinds, how they relate, common ancestor, what they share, how they differ.' }),
    summary: t.string({ description: 'The curated summary, or the first sentences of the generated comparison.', resolve: (result) => result.curated?.summary ?? result.sentences.slice(0, 3).join(' ') }),
  }),
});

builder.queryField('compare', (t) =>
  t.field({
    type: ConceptComparisonRef,
    description: 'Two concepts side by side, each given by slug, ontology ID, name or alias: the curated comparison when one exists, else one built from the graph (marked generated), with what they share, how they differ, their nearest common ancestor and a similarity.',
    args: {
      a: t.arg.string({ required: true, description: 'The first concept: a slug, ontology ID, name or alias.' }),
      b: t.arg.string({ required: true, description: 'The second concept, given the same ways.' }),
    },
    resolve: async (_root, args, context) => {
      const [a, b] = await Promise.all([conceptOf(context, 'a', args.a), conceptOf(context, 'b', args.b)]);
      if (a.slug === b.slug) throw badInput('b', `names the same concept as a (${a.slug}); compare two different concepts`);
      const [profiles, comparisons] = await Promise.all([
        context.repos.conceptComparisons.profiles([a.slug, b.slug]),
        context.loaders.comparisonsOfConcept.load(a.slug),
      ]);
      const [first, second] = profiles;
      if (!first || !second) throw badInput(first ? 'b' : 'a', 'names a concept that was deleted while the request ran');
      const result = compareProfiles(first, second);
      const curated = comparisons.find((comparison) => comparison.conceptSlugs.includes(b.slug)) ?? null;
      let table = result.aspects;
      if (curated) {
        const aspects = await context.loaders.aspects.load(curated.slug);
        const flip = curated.conceptSlugs[0] !== a.slug;
        table = aspects.map((aspect) => ({ name: aspect.name, values: flip ? [...aspect.values].reverse() : aspect.values }));
      }
      return { ...result, curated, table };
    },
  }),
);

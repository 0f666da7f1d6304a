import type { RankedTopic } from '../graph/related-ranking.js';
import type { Context } from '../context.js';
import { builder } from './builder.js';
import { ComparisonRef } from './comparison.js';
import { ConceptRef } from './concept.js';
import type { ComparisonRow } from '../graph/comparisons.js';
import { CONCEPT_FIELDS, type ConceptField, type ConceptRow } from '../graph/concepts.js';
import { MAX_RELATED, relatedFirst, relatedOptions } from './lookahead.js';

const TopicUnion = builder.unionType('Topic', {
  description: 'Something a reader can go to next: a concept or a comparison.',
  types: [ConceptRef, ComparisonRef],
  resolveType: (topic) => ('conceptSlugs' in topic ? ComparisonRef : ConceptRef),
});

interface RecommendationShape {
  topic: ConceptRow | ComparisonRow;
  score: number;
  reasons: string[];
}

const RecommendationRef = builder.objectRef<RecommendationShape>('Recommendation').implement({
  description: 'A related topic, with how strongly and why it is related.',
  fields: (t) => ({
    topic: t.field({ type: TopicUnion, description: 'The related concept or comparison.', resolve: (recommendation) => recommendation.topic }),
    score: t.exposeFloat('score', { description: 'Higher is more related; comparable within one list only.' }),
    reasons: t.exposeStringList('reasons', { description: 'Sentences built from the graph: why this topic is related.' }),
  }),
});

/**
 * The ranking read each topic's row already: hand it on, and let the request's loaders know
 * it (the concept loader holds whole rows only: a concept read for its `fields` is not primed).
 */
function withTopics(ranked: RankedTopic[], context: Context, fields: readonly ConceptField[] = CONCEPT_FIELDS): RecommendationShape[] {
  const whole = CONCEPT_FIELDS.every((field) => fields.includes(field));
  return ranked.map(({ topic, score, reasons }) => {
    if (topic.kind === 'COMPARISON') context.loaders.comparison.prime(topic.slug, topic.row);
    else if (whole) context.loaders.concept.prime(topic.slug, topic.row);
    return { topic: topic.row, score, reasons };
  });
}

builder.objectField(ConceptRef, 'related', (t) =>
  t.field({
    type: [RecommendationRef],
    description: `Related concepts and comparisons, best first, each with reasons; first is 1 to ${MAX_RELATED}.`,
    args: { first: t.arg.int({ defaultValue: 10, description: `How many topics, 1 to ${MAX_RELATED}.` }) },
    resolve: async (concept, args, context, info) => {
      const options = relatedOptions(args, info.fieldNodes, info.fragments);
      return withTopics((await context.loaders.relatedOfConcept(options).load(concept.slug)).topics, context, options.fields);
    },
  }),
);

builder.objectField(ComparisonRef, 'related', (t) =>
  t.field({
    type: [RecommendationRef],
    description: `Related comparisons, best first, each with reasons: curated links first, then shared concepts, shared neighbours weighted by rarity, and closeness along typed relations; first is 1 to ${MAX_RELATED}.`,
    args: { first: t.arg.int({ defaultValue: 10, description: `How many topics, 1 to ${MAX_RELATED}.` }) },
    resolve: async (comparison, args, context) =>
      withTopics(await context.loaders.relatedOfComparison(relatedFirst(args.first)).load(comparison.slug), context),
  }),
);

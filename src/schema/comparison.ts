import type { AspectRow, ComparisonRow } from '../graph/comparisons.js';
import { builder } from './builder.js';
import { ConceptRef } from './concept.js';
import { connectionType, decodeCursor, encodeCursor, pageSize } from './pagination.js';

export const AspectRef = builder.objectRef<AspectRow>('Aspect').implement({
  description: 'One row of a comparison table: what is compared, and one value per concept.',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'What the row compares: "Definition", "Occurrence".' }),
    values: t.exposeStringList('values', { description: "One value per compared concept, in the comparison's order." }),
  }),
});

export const ComparisonRef = builder.objectRef<ComparisonRow>('Comparison');

builder.node(ComparisonRef, {
  description: 'Two concepts side by side, as in an "X vs Y" article, with their comparative table.',
  id: { description: 'An opaque global ID for `node(id:)`; the slug is the stable key to keep.', resolve: (comparison) => comparison.slug },
  loadMany: (slugs, context) => slugs.map((slug) => context.loaders.comparison.load(slug)),
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'The two concept slugs joined by -vs-, e.g. calcification-vs-ossification.' }),
    title: t.exposeString('title', { description: '"X vs Y", as the article titles it.' }),
    summary: t.exposeString('summary', { nullable: true, description: 'The difference in a few sentences; null where none was written.' }),
    concepts: t.field({
      type: [ConceptRef],
      description: 'The compared concepts, in order.',
      resolve: async (comparison, _args, context) => {
        const concepts = await Promise.all(comparison.conceptSlugs.map((slug) => context.loaders.concept.load(slug)));
        return concepts.filter((concept) => concept !== null);
      },
    }),
    aspects: t.field({
      type: [AspectRef],
      description: 'The comparative table, row by row.',
      resolve: (comparison, _args, context) => context.loaders.aspects.load(comparison.slug),
    }),
  }),
});

export const ComparisonConnection = connectionType('Comparison', ComparisonRef);

builder.objectField(ConceptRef, 'comparisons', (t) =>
  t.field({
    type: [ComparisonRef],
    description: 'The comparisons this concept is one side of.',
    resolve: (concept, _args, context) => context.loaders.comparisonsOfConcept.load(concept.slug),
  }),
);

builder.queryFields((t) => ({
  comparison: t.field({
    type: ComparisonRef,
    nullable: true,
    description: 'The comparison with this slug, or null if there is none.',
    args: { slug: t.arg.string({ required: true, description: 'The comparison\'s slug, e.g. "calcification-vs-ossification".' }) },
    resolve: (_root, { slug }, context) => context.loaders.comparison.load(slug),
  }),
  comparisons: t.field({
    type: ComparisonConnection,
    description: 'All comparisons, ordered by slug.',
    args: {
      first: t.arg.int({ description: 'Page size, 0 to 100; default 20.' }),
      after: t.arg.string({ description: 'The endCursor of the previous page.' }),
    },
    resolve: async (_root, args, context) => {
      const afterSlug = decodeCursor('comparison', args.after);
      const page = await context.repos.comparisons.list(pageSize(args.first), afterSlug);
      return { ...page, hasPreviousPage: afterSlug !== null, cursorOf: (comparison) => encodeCursor('comparison', comparison.slug) };
    },
  }),
}));

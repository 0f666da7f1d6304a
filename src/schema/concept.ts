import type { Context } from '../context.js';
import type { ConceptData, ConceptField, ConceptRow } from '../graph/concepts.js';
import { CONCEPT_KINDS, DIRECTIONS, KIND_INFO, type ConceptKind } from '../graph/vocabulary.js';
import { builder } from './builder.js';
import { planRelated, planTraversal, prefetchTraversal } from './lookahead.js';
import { connectionType, decodeCursor, encodeCursor, pageSize } from './pagination.js';

export const ConceptKindEnum = builder.enumType('ConceptKind', {
  description: 'What sort of thing a concept is; each maps to a Biolink category (`Concept.category`).',
  values: Object.fromEntries(
    CONCEPT_KINDS.map((kind) => [kind, { description: `${KIND_INFO[kind].description} Biolink: ${KIND_INFO[kind].biolink}.` }]),
  ) as Record<ConceptKind, { description: string }>,
});

export const DirectionEnum = builder.enumType('Direction', {
  description: 'Which relations of a concept to follow: outgoing (it is the subject), incoming, or both.',
  values: {
    OUT: { description: 'Relations whose subject is this concept: what it is, does, makes.' },
    IN: { description: 'Relations whose object is this concept: what is, does or makes it.' },
    BOTH: { description: 'Both.' },
  } satisfies Record<(typeof DIRECTIONS)[number], { description: string }>,
});

export const ConceptRef = builder.objectRef<ConceptData>('Concept');

/**
 * A concept's field: from the row when it was read, else from the concept loader (one batched
 * statement per level). Traversals read only the fields a query selects (lookahead.ts), so the
 * loader answers only what a selection could not foresee.
 */
function conceptField<K extends ConceptField>(field: K) {
  return (concept: ConceptData, _args: object, context: Context): ConceptRow[K] | Promise<ConceptRow[K]> => {
    const value = concept[field];
    // Answered synchronously when read: a promise per field would slow wide traversals.
    if (value !== undefined) return value as ConceptRow[K];
    return context.loaders.concept.load(concept.slug).then((row) => {
      if (!row) throw new Error(`concept ${concept.slug} was deleted while the request ran`);
      return row[field];
    });
  };
}

builder.node(ConceptRef, {
  description: 'A concept of bone biology: a process, cell, tissue, structure, pathology or substance.',
  id: { description: 'An opaque global ID for `node(id:)`; the slug is the stable key to keep.', resolve: (concept) => concept.slug },
  loadMany: (slugs, context) => slugs.map((slug) => context.loaders.concept.load(slug)),
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Stable, human-readable key: lowercase kebab-case of the singular name.' }),
    name: t.string({ description: 'The name as a reader writes it: "Osteoblast", "Bone remodeling".', resolve: conceptField('name') }),
    kind: t.field({ type: ConceptKindEnum, description: 'What sort of thing it is.', resolve: conceptField('kind') }),
    category: t.string({
      description: 'The Biolink category of the concept\'s kind, as KGX and Translator tools name it (biolink:Cell, biolink:Disease, …).',
      resolve: (concept, _args, context) => {
        const kind = conceptField('kind')(concept, {}, context);
        return kind instanceof Promise ? kind.then((known) => KIND_INFO[known].biolink) : KIND_INFO[kind].biolink;
      },
    }),
    definition: t.string({ nullable: true, description: 'One or two sentences saying what it is; null where none is known.', resolve: conceptField('definition') }),
    aliases: t.stringList({ description: 'Other names: plurals, synonyms, abbreviations.', resolve: conceptField('aliases') }),
    xrefs: t.stringList({ description: 'Ontology IDs (CURIEs) of the same concept, e.g. CL:0000062.', resolve: conceptField('xrefs') }),
    sources: t.stringList({ description: 'Where the concept comes from: an article, an ontology, curation.', resolve: conceptField('sources') }),
  }),
});

export const ConceptConnection = connectionType('Concept', ConceptRef);

builder.queryFields((t) => ({
  concept: t.field({
    type: ConceptRef,
    nullable: true,
    description: 'The concept with this slug, or null if there is none.',
    args: { slug: t.arg.string({ required: true, description: 'The concept\'s slug, e.g. "osteoblast".' }) },
    // A nested traversal under this concept is read ahead and fetched in one statement.
    resolve: async (_root, { slug }, context, info) => {
      const plan = planTraversal(info);
      if (plan) return prefetchTraversal(context, slug, plan);
      // Related topics asked of it are ranked in the statement that reads the concept.
      const related = planRelated(info);
      if (!related) return context.loaders.concept.load(slug);
      const { concept } = await context.loaders.relatedOfConcept(related).load(slug);
      if (concept) context.loaders.concept.prime(slug, concept);
      return concept;
    },
  }),
  concepts: t.field({
    type: ConceptConnection,
    description: 'All concepts, optionally of one kind, ordered by slug.',
    args: {
      kind: t.arg({ type: ConceptKindEnum, description: 'Only concepts of this kind; all when omitted.' }),
      first: t.arg.int({ description: 'Page size, 0 to 100; default 20.' }),
      after: t.arg.string({ description: 'The endCursor of the previous page.' }),
    },
    resolve: async (_root, args, context) => {
      const afterSlug = decodeCursor('concept', args.after);
      const page = await context.repos.concepts.list({ kind: args.kind, first: pageSize(args.first), afterSlug });
      for (const concept of page.rows) context.loaders.concept.prime(concept.slug, concept);
      return { ...page, hasPreviousPage: afterSlug !== null, cursorOf: (concept) => encodeCursor('concept', concept.slug) };
    },
  }),
}));

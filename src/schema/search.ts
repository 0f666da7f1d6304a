import { MAX_RESOLVE_INPUTS, type Resolution } from '../graph/resolve.js';
import type { Context } from '../context.js';
import type { ConceptRow } from '../graph/concepts.js';
import { describeMatch, MATCH_FIELDS, MAX_SEARCH_LENGTH, MAX_SEARCH_RESULTS, type SearchHitRow } from '../graph/search.js';
import { builder } from './builder.js';
import { ConceptKindEnum, ConceptRef } from './concept.js';
import { badInput, intInRange } from './errors.js';
import { searchFields } from './lookahead.js';

/**
 * What a hit matched. The search read the concept's match fields when matchedOn or
 * matchedText was selected (searchFields); were one missing, the concept loader has it.
 */
async function matchOf(hit: SearchHitRow, context: Context) {
  const concept = MATCH_FIELDS.every((field) => hit.concept[field] !== undefined) ? hit.concept : await context.loaders.concept.load(hit.concept.slug);
  if (!concept) throw new Error(`concept ${hit.concept.slug} was deleted while the request ran`);
  return describeMatch(hit, concept as ConceptRow);
}

const MatchFieldEnum = builder.enumType('MatchField', {
  description: 'Which part of a concept a search hit matched best.',
  values: {
    NAME: { description: 'The name, whole, as a prefix, or within one typo.' },
    ALIAS: { description: 'An alias (plural, synonym, abbreviation).' },
    DEFINITION: { description: 'A word of the definition.' },
    XREF: { description: 'An ontology ID such as CL:0000062.' },
  },
});

const SearchHitRef = builder.objectRef<SearchHitRow>('SearchHit').implement({
  description: 'A concept found by Query.search, with its relevance.',
  fields: (t) => ({
    concept: t.field({ type: ConceptRef, description: 'The concept found.', resolve: (hit) => hit.concept }),
    score: t.exposeFloat('score', { description: 'Higher is more relevant; comparable within one search only.' }),
    matchedOn: t.field({
      type: MatchFieldEnum,
      description: 'Which part of the concept matched best.',
      resolve: async (hit, _args, context) => (await matchOf(hit, context)).on,
    }),
    matchedText: t.string({
      description: 'The text that matched: the name, the alias, the ontology ID, or the words of the definition around the match.',
      resolve: async (hit, _args, context) => (await matchOf(hit, context)).text,
    }),
  }),
});

builder.queryField('search', (t) =>
  t.field({
    type: [SearchHitRef],
    description: `Concepts by free text or ontology ID, best first: exact names, then name prefixes (autocomplete), then aliases, then definitions; words of four letters or more also match with one typo. Up to ${MAX_SEARCH_LENGTH} characters; first is 1 to ${MAX_SEARCH_RESULTS}.`,
    args: {
      query: t.arg.string({ required: true, description: `Words, a prefix or an ontology ID; at most ${MAX_SEARCH_LENGTH} characters.` }),
      kinds: t.arg({ type: [ConceptKindEnum], description: 'Only concepts of these kinds.' }),
      first: t.arg.int({ defaultValue: 10, description: `How many hits, 1 to ${MAX_SEARCH_RESULTS}.` }),
      within: t.arg.string({ description: 'Only descendants (over IS_A and PART_OF, at any depth) of the concept with this slug.' }),
    },
    resolve: async (_root, args, context, info) => {
      const first = intInRange('first', args.first ?? 10, 1, MAX_SEARCH_RESULTS);
      if (args.query.trim().length === 0) throw badInput('query', 'must contain at least one letter or digit');
      if (args.query.length > MAX_SEARCH_LENGTH) {
        throw badInput('query', `must be at most ${MAX_SEARCH_LENGTH} characters, got ${args.query.length}`);
      }
      if (args.within !== null && args.within !== undefined && !(await context.loaders.concept.load(args.within))) {
        throw badInput('within', `no concept has the slug "${args.within}"`);
      }
      return context.repos.search.search(args.query, {
        kinds: args.kinds?.length ? args.kinds : null,
        first,
        within: args.within ?? null,
        fields: searchFields(info.fieldNodes, info.fragments),
      });
    },
  }),
);

const ResolutionStatusEnum = builder.enumType('ResolutionStatus', {
  description: 'Whether an input of Query.resolve named one concept.',
  values: {
    RESOLVED: { description: 'Exactly one concept matched best; it is `concept`.' },
    AMBIGUOUS: { description: 'Several concepts matched equally well; they are `candidates`. Pass one of their slugs or ontology IDs.' },
    UNKNOWN: { description: 'No concept has this name, alias or ontology ID, in the singular or the plural.' },
  },
});

const ResolutionRef = builder.objectRef<Resolution>('Resolution').implement({
  description: 'What one input of Query.resolve names.',
  fields: (t) => ({
    input: t.exposeString('input', { description: 'The input, as given.' }),
    status: t.field({ type: ResolutionStatusEnum, description: 'Resolved, ambiguous or unknown.', resolve: (resolution) => resolution.status }),
    concept: t.field({ type: ConceptRef, nullable: true, description: 'The concept, when resolved.', resolve: (resolution) => resolution.concept }),
    matchedOn: t.field({ type: MatchFieldEnum, nullable: true, description: 'What matched: name, alias or ontology ID.', resolve: (resolution) => resolution.matchedOn }),
    candidates: t.field({ type: [ConceptRef], description: 'The concepts that matched best: one when resolved, several when ambiguous.', resolve: (resolution) => resolution.candidates }),
    message: t.string({
      description: 'Why the input did not resolve, in words; null when it did.',
      nullable: true,
      resolve: (resolution) =>
        resolution.status === 'UNKNOWN'
          ? `no concept has the name, alias or ontology ID "${resolution.input}"`
          : resolution.status === 'AMBIGUOUS'
            ? `${resolution.candidates.length} concepts match "${resolution.input}" equally well (${resolution.candidates.map((c) => c.slug).join(', ')}); pass a slug or an ontology ID`
            : null,
    }),
  }),
});

builder.queryField('resolve', (t) =>
  t.field({
    type: [ResolutionRef],
    description: `Maps each ontology ID (CURIE), name or alias — any case, singular or plural — to the concept it names, in the order given: 1 to ${MAX_RESOLVE_INPUTS} inputs, each at most ${MAX_SEARCH_LENGTH} characters.`,
    args: { ids: t.arg.stringList({ required: true, description: 'CURIEs, names or aliases, in any case.' }) },
    resolve: async (_root, { ids }, context) => {
      if (ids.length < 1 || ids.length > MAX_RESOLVE_INPUTS) throw badInput('ids', `must hold 1 to ${MAX_RESOLVE_INPUTS} inputs, got ${ids.length}`);
      ids.forEach((id, index) => {
        if (id.trim().length === 0 || id.length > MAX_SEARCH_LENGTH) throw badInput(`ids[${index}]`, `must be 1 to ${MAX_SEARCH_LENGTH} characters, not blank`);
      });
      const resolutions = await context.repos.resolve.resolve(ids);
      for (const resolution of resolutions) for (const concept of resolution.candidates) context.loaders.concept.prime(concept.slug, concept);
      return resolutions;
    },
  }),
);

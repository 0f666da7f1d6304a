import { MAX_SEARCH_LENGTH, MAX_SEARCH_RESULTS, type SearchHitRow } from '../graph/search.js';
import { builder } from './builder.js';
import { ConceptKindEnum, ConceptRef } from './concept.js';
import { badInput, intInRange } from './errors.js';

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
    concept: t.field({ type: ConceptRef, resolve: (hit) => hit.concept }),
    score: t.exposeFloat('score', { description: 'Higher is more relevant; comparable within one search only.' }),
    matchedOn: t.field({ type: MatchFieldEnum, resolve: (hit) => hit.matchedOn }),
    matchedText: t.exposeString('matchedText', {
      description: 'The text that matched: the name, the alias, the ontology ID, or the words of the definition around the match.',
    }),
  }),
});

builder.queryField('search', (t) =>
  t.field({
    type: [SearchHitRef],
    description: `Concepts by free text or ontology ID, best first: exact names, then name prefixes (autocomplete), then aliases, then definitions; words of four letters or more also match with one typo. Up to ${MAX_SEARCH_LENGTH} characters; first is 1 to ${MAX_SEARCH_RESULTS}.`,
    args: {
      query: t.arg.string({ required: true }),
      kinds: t.arg({ type: [ConceptKindEnum], description: 'Only concepts of these kinds.' }),
      first: t.arg.int({ defaultValue: 10 }),
      within: t.arg.string({ description: 'Only descendants (over IS_A and PART_OF, at any depth) of the concept with this slug.' }),
    },
    resolve: async (_root, args, context) => {
      const first = intInRange('first', args.first ?? 10, 1, MAX_SEARCH_RESULTS);
      if (args.query.trim().length === 0) throw badInput('query', 'must contain at least one letter or digit');
      if (args.query.length > MAX_SEARCH_LENGTH) {
        throw badInput('query', `must be at most ${MAX_SEARCH_LENGTH} characters, got ${args.query.length}`);
      }
      if (args.within !== null && args.within !== undefined && !(await context.loaders.concept.load(args.within))) {
        throw badInput('within', `no concept has the slug "${args.within}"`);
      }
      return context.repos.search.search(args.query, { kinds: args.kinds?.length ? args.kinds : null, first, within: args.within ?? null });
    },
  }),
);

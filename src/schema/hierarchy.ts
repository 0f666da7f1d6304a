import { HIERARCHY_TYPES, MAX_HIERARCHY_DEPTH, type HierarchyDirection, type HierarchyEntry, type HierarchyPage } from '../graph/hierarchy.js';
import type { RelationType } from '../graph/vocabulary.js';
import { builder } from './builder.js';
import { ConceptRef } from './concept.js';
import { badInput, intInRange } from './errors.js';
import { decodeCursor, encodeCursor, pageInfoOf, pageSize, type PageShape } from './pagination.js';
import { RelationTypeEnum } from './relation.js';

type HierarchyResult = HierarchyPage & PageShape<HierarchyEntry>;

const cursorOf = (entry: HierarchyEntry) => encodeCursor('hierarchy', `${entry.distance}:${entry.concept.slug}`);

function decodeAfter(after: string | null | undefined): { distance: number; slug: string } | null {
  const key = decodeCursor('hierarchy', after);
  if (key === null) return null;
  const match = /^(\d{1,3}):(.+)$/.exec(key);
  if (!match) throw badInput('after', 'is not a cursor of this connection; pass an endCursor returned by the same field');
  return { distance: Number(match[1]), slug: match[2]! };
}

const HierarchyEdgeRef = builder.objectRef<HierarchyEntry>('HierarchyEdge').implement({
  description: 'A concept above or below another in a hierarchy, with how far.',
  fields: (t) => ({
    cursor: t.string({ description: 'Pass as `after` to get the concepts that follow this one.', resolve: cursorOf }),
    node: t.field({ type: ConceptRef, description: 'The ancestor or descendant.', resolve: (entry) => entry.concept }),
    distance: t.exposeInt('distance', { description: 'Relations on the shortest chain between the two concepts: 1 for a parent or a child.' }),
  }),
});

const HierarchyConnectionRef = builder.objectRef<HierarchyResult>('HierarchyConnection').implement({
  description: 'Ancestors or descendants of a concept, nearest first, then by slug.',
  fields: (t) => ({
    edges: t.field({ type: [HierarchyEdgeRef], description: 'The concepts of this page, nearest first.', resolve: (page) => page.rows }),
    pageInfo: t.field({
      type: builder.pageInfoRef(),
      description: 'Whether more pages follow, and the cursors to ask for them.',
      resolve: pageInfoOf,
    }),
    totalCount: t.exposeInt('totalCount', { description: 'All ancestors or descendants, on every page.' }),
  }),
});

const VIA_DESCRIPTION = `Follow these relation types; ${HIERARCHY_TYPES.join(' and ')} when omitted.`;

function hierarchyField(direction: HierarchyDirection, oneStep: boolean, description: string) {
  return builder.objectField(ConceptRef, oneStep ? (direction === 'UP' ? 'parents' : 'children') : direction === 'UP' ? 'ancestors' : 'descendants', (t) =>
    t.field({
      type: HierarchyConnectionRef,
      description,
      args: {
        via: t.arg({ type: [RelationTypeEnum], description: VIA_DESCRIPTION }),
        ...(oneStep ? {} : { maxDistance: t.arg.int({ description: `Only concepts at most this many relations away, 1 to ${MAX_HIERARCHY_DEPTH}; all when omitted.` }) }),
        first: t.arg.int({ description: 'Page size, 0 to 100; default 20.' }),
        after: t.arg.string({ description: 'The endCursor of the previous page.' }),
      },
      resolve: async (concept, args, context) => {
        const after = decodeAfter(args.after);
        const first = pageSize(args.first);
        const maxDistance = oneStep ? 1 : intInRange('maxDistance', (args as { maxDistance?: number | null }).maxDistance ?? MAX_HIERARCHY_DEPTH, 1, MAX_HIERARCHY_DEPTH);
        const via = (args.via?.length ? [...new Set(args.via)] : HIERARCHY_TYPES) as RelationType[];
        const page = await context.loaders.hierarchy({ direction, via, maxDistance, first, after }).load(concept.slug);
        for (const entry of page.rows) context.loaders.concept.prime(entry.concept.slug, entry.concept);
        return { ...page, hasPreviousPage: after !== null, cursorOf };
      },
    }),
  );
}

hierarchyField('UP', false, 'What this concept is a kind or a part of, directly or through others: nearest first, each once at its shortest distance.');
hierarchyField('DOWN', false, 'The kinds and parts of this concept, directly or through others: nearest first, each once at its shortest distance.');
hierarchyField('UP', true, 'What this concept is directly a kind or a part of (ancestors at distance 1).');
hierarchyField('DOWN', true, 'The direct kinds and parts of this concept (descendants at distance 1).');

import { NEIGHBORHOOD_LIMITS, type SubgraphResult } from '../graph/neighborhood.js';
import { builder } from './builder.js';
import { ConceptRef, DirectionEnum } from './concept.js';
import { intInRange } from './errors.js';
import { RelationRef, RelationTypeEnum } from './relation.js';

const { maxDepth, maxNeighbors, maxSeeds, maxSubgraphNodes, maxSubgraphEdges } = NEIGHBORHOOD_LIMITS;

builder.objectField(ConceptRef, 'neighbors', (t) =>
  t.field({
    type: [ConceptRef],
    description: `Distinct concepts within depth (1 to ${maxDepth}) relations, nearest first, then by slug; at most first (1 to ${maxNeighbors}).`,
    args: {
      depth: t.arg.int({ defaultValue: 1, description: `How many relations away, 1 to ${maxDepth}.` }),
      direction: t.arg({ type: DirectionEnum, defaultValue: 'BOTH', description: 'Which way to follow relations.' }),
      types: t.arg({ type: [RelationTypeEnum], description: 'Follow only these types; all when omitted.' }),
      first: t.arg.int({ defaultValue: 20, description: `How many concepts, 1 to ${maxNeighbors}.` }),
    },
    resolve: async (concept, args, context) => {
      const rows = await context.loaders
        .neighbors({
          depth: intInRange('depth', args.depth ?? 1, 1, maxDepth),
          direction: args.direction ?? 'BOTH',
          types: args.types?.length ? args.types : null,
          first: intInRange('first', args.first ?? 20, 1, maxNeighbors),
        })
        .load(concept.slug);
      return rows.map((row) => row.concept);
    },
  }),
);

const SubgraphRef = builder.objectRef<SubgraphResult>('Subgraph').implement({
  description: 'Concepts and the relations among them, ready to draw.',
  fields: (t) => ({
    nodes: t.field({ type: [ConceptRef], description: 'The given concepts first, then the nearest others.', resolve: (graph) => graph.nodes }),
    edges: t.field({ type: [RelationRef], description: 'Every relation among the nodes.', resolve: (graph) => graph.edges }),
    truncated: t.exposeBoolean('truncated', { description: 'True when the node or edge limit cut the neighbourhood short.' }),
  }),
});

builder.queryField('subgraph', (t) =>
  t.field({
    type: SubgraphRef,
    description: `The given concepts (1 to ${maxSeeds} slugs), those within depth (0 to ${maxDepth}) of them, nearest first, up to limit (1 to ${maxSubgraphNodes}) nodes, and every relation among them (at most ${maxSubgraphEdges}). Unknown slugs are left out.`,
    args: {
      slugs: t.arg.stringList({ required: true, description: `The concepts to start from, 1 to ${maxSeeds} slugs.` }),
      depth: t.arg.int({ defaultValue: 1, description: `How many relations away from them, 0 to ${maxDepth}.` }),
      types: t.arg({ type: [RelationTypeEnum], description: 'Follow and return only these types; all when omitted.' }),
      limit: t.arg.int({ defaultValue: 200, description: `The most concepts, 1 to ${maxSubgraphNodes}.` }),
    },
    resolve: (_root, args, context) => {
      const slugs = [...new Set(args.slugs)];
      intInRange('slugs', slugs.length, 1, maxSeeds);
      return context.repos.neighborhoods.subgraph(slugs, {
        depth: intInRange('depth', args.depth ?? 1, 0, maxDepth),
        types: args.types,
        limit: intInRange('limit', args.limit ?? 200, 1, maxSubgraphNodes),
      });
    },
  }),
);

import { explainPath } from '../graph/explain.js';
import { MAX_PATH_DEPTH, MAX_PATHS, type PathResult } from '../graph/paths.js';
import { builder } from './builder.js';
import { ConceptRef } from './concept.js';
import { intInRange } from './errors.js';
import { pathProjection } from './lookahead.js';
import { RelationRef, RelationTypeEnum } from './relation.js';

export const PathRef = builder.objectRef<PathResult>('Path').implement({
  description: 'A chain of relations linking two concepts.',
  fields: (t) => ({
    length: t.int({ description: 'The number of relations.', resolve: (path) => path.concepts.length - 1 }),
    concepts: t.field({ type: [ConceptRef], description: 'From the start concept to the end concept.', resolve: (path) => path.concepts }),
    relations: t.field({
      type: [RelationRef],
      description: 'The relations between consecutive concepts; each keeps its own direction.',
      resolve: (path) => path.relations,
    }),
    explanation: t.string({
      description: 'The path as one sentence: "Osteoblast is capable of ossification, which produces bone."',
      resolve: (path) => explainPath(path.concepts, path.relations),
    }),
  }),
});

const checkDepth = (maxDepth: number) => intInRange('maxDepth', maxDepth, 1, MAX_PATH_DEPTH);

builder.queryField('paths', (t) =>
  t.field({
    type: [PathRef],
    description: `Up to k (1 to ${MAX_PATHS}) shortest distinct paths between two concepts, shortest first, none visiting a concept twice; empty when a concept is unknown or nothing connects them within maxDepth.`,
    args: {
      from: t.arg.string({ required: true, description: 'The slug of the first concept.' }),
      to: t.arg.string({ required: true, description: 'The slug of the second concept.' }),
      k: t.arg.int({ defaultValue: 3, description: `How many paths, 1 to ${MAX_PATHS}.` }),
      maxDepth: t.arg.int({ defaultValue: 6, description: `The longest path, 1 to ${MAX_PATH_DEPTH} relations.` }),
      types: t.arg({ type: [RelationTypeEnum], description: 'Follow only these types; all when omitted.' }),
    },
    resolve: (_root, args, context, info) => {
      const k = intInRange('k', args.k ?? 3, 1, MAX_PATHS);
      const projection = pathProjection(info.fieldNodes, info.fragments);
      return context.repos.paths.findPaths(args.from, args.to, { k, maxDepth: checkDepth(args.maxDepth ?? 6), types: args.types, projection });
    },
  }),
);

builder.queryField('path', (t) =>
  t.field({
    type: PathRef,
    nullable: true,
    description: `A shortest path between two concepts, following relations either way; null when a concept is unknown or no path of at most maxDepth (1 to ${MAX_PATH_DEPTH}) relations exists.`,
    args: {
      from: t.arg.string({ required: true, description: 'The slug of the first concept.' }),
      to: t.arg.string({ required: true, description: 'The slug of the second concept.' }),
      maxDepth: t.arg.int({ defaultValue: 6, description: `The longest path, 1 to ${MAX_PATH_DEPTH} relations.` }),
      types: t.arg({ type: [RelationTypeEnum], description: 'Follow only these types; all when omitted.' }),
    },
    resolve: (_root, args, context, info) =>
      context.repos.paths.findShortestPath(args.from, args.to, {
        maxDepth: checkDepth(args.maxDepth ?? 6),
        types: args.types,
        projection: pathProjection(info.fieldNodes, info.fragments),
      }),
  }),
);

import { DAMPING, MAX_CONNECTION_DEPTH, MAX_CONNECTIONS, MAX_ENUMERATED_PATHS, type ConnectionsResult, type Metapath, type RankedPath } from '../graph/connections.js';
import { builder } from './builder.js';
import { ConceptRef } from './concept.js';
import { conceptOf } from './concept-input.js';
import { badInput, intInRange } from './errors.js';
import { RelationRef, RelationTypeEnum } from './relation.js';

const RankedPathRef = builder.objectRef<RankedPath>('RankedPath').implement({
  description: 'A path between two concepts with its degree-weighted score and its pattern.',
  fields: (t) => ({
    score: t.exposeFloat('score', { description: `Degree-weighted path count: the product over its relations of (degree of one end × degree of the other)^-${DAMPING}, degrees per relation type; paths through hubs score lower.` }),
    length: t.int({ description: 'The number of relations.', resolve: (path) => path.relations.length }),
    pattern: t.exposeString('pattern', { description: 'Its metapath: the kinds and relation types it walks, arrows as stored ("CELL -CAPABLE_OF-> PROCESS -PRODUCES-> TISSUE").' }),
    concepts: t.field({ type: [ConceptRef], description: 'From the first concept to the second.', resolve: (path) => path.concepts }),
    relations: t.field({ type: [RelationRef], description: 'The relations between consecutive concepts; each keeps its own direction.', resolve: (path) => path.relations }),
    explanation: t.exposeString('explanation', { description: 'The path as one sentence.' }),
  }),
});

const MetapathRef = builder.objectRef<Metapath>('Metapath').implement({
  description: 'The paths that walk the same kinds and relation types, counted and scored together.',
  fields: (t) => ({
    pattern: t.exposeString('pattern', { description: 'The kinds and relation types its paths walk, arrows as stored.' }),
    count: t.exposeInt('count', { description: 'Paths of this pattern among those found.' }),
    score: t.exposeFloat('score', { description: 'The sum of its paths\' scores.' }),
    example: t.exposeString('example', { description: 'The sentence of its best path.' }),
  }),
});

const ConnectionsRef = builder.objectRef<ConnectionsResult>('Connections').implement({
  description: 'Why two concepts are connected: their paths ranked by a degree-damped score, grouped by pattern.',
  fields: (t) => ({
    totalPaths: t.exposeInt('totalPaths', { description: 'Simple paths found within maxDepth.' }),
    truncated: t.exposeBoolean('truncated', { description: `True when more than ${MAX_ENUMERATED_PATHS} paths exist: the ranking covers the first ${MAX_ENUMERATED_PATHS} found.` }),
    paths: t.field({ type: [RankedPathRef], description: 'The best paths, highest score first.', resolve: (result) => result.paths }),
    patterns: t.field({ type: [MetapathRef], description: 'Every pattern of the paths found, highest summed score first.', resolve: (result) => result.patterns }),
  }),
});

builder.queryField('connections', (t) =>
  t.field({
    type: ConnectionsRef,
    description: `How two concepts (slug, ontology ID, name or alias) are connected: every simple path of at most maxDepth (1 to ${MAX_CONNECTION_DEPTH}) relations, either way, ranked by a degree-weighted score so paths through hubs count less, the first (1 to ${MAX_CONNECTIONS}) returned, all grouped by metapath. path and paths give the shortest ones.`,
    args: {
      from: t.arg.string({ required: true, description: 'The first concept: a slug, ontology ID, name or alias.' }),
      to: t.arg.string({ required: true, description: 'The second concept, given the same ways.' }),
      maxDepth: t.arg.int({ defaultValue: 3, description: `The longest path, 1 to ${MAX_CONNECTION_DEPTH} relations.` }),
      first: t.arg.int({ defaultValue: 10, description: `How many paths, 1 to ${MAX_CONNECTIONS}.` }),
      types: t.arg({ type: [RelationTypeEnum], description: 'Follow only these types; all when omitted.' }),
    },
    resolve: async (_root, args, context) => {
      const maxDepth = intInRange('maxDepth', args.maxDepth ?? 3, 1, MAX_CONNECTION_DEPTH);
      const first = intInRange('first', args.first ?? 10, 1, MAX_CONNECTIONS);
      const [from, to] = await Promise.all([conceptOf(context, 'from', args.from), conceptOf(context, 'to', args.to)]);
      if (from.slug === to.slug) throw badInput('to', `names the same concept as from (${from.slug}); ask for two different concepts`);
      return context.repos.connections.connections(from.slug, to.slug, { maxDepth, first, types: args.types });
    },
  }),
);

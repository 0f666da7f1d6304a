import {
  getArgumentValues,
  isObjectType,
  Kind,
  type FieldNode,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';
import type { Context } from '../context.js';
import { MAX_PLANNED_LEVELS, type TraversalPlan } from '../graph/traversal.js';
import { decodeCursor, pageSize } from './pagination.js';

/**
 * Reads ahead in a query: the `relations(...)` fields under a Concept selection, and under
 * each of those, the ones under `edges { node { to/from { ... } } }`, into a plan the
 * traversal repository runs as one statement. Returns null for anything it does not plan
 * (directives, bad arguments, no relations selected): those load level by level as usual,
 * with the same results.
 */
export function planTraversal(info: GraphQLResolveInfo): TraversalPlan | null {
  const concept = info.schema.getType('Concept');
  if (!isObjectType(concept)) return null;
  const relationsField = concept.getFields().relations;
  if (!relationsField) return null;

  const fieldsNamed = (selectionSet: SelectionSetNode | undefined, name: string, out: FieldNode[] = []): FieldNode[] | null => {
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.directives?.length) return null;
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value === name) out.push(selection);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (!fieldsNamed(selection.selectionSet, name, out)) return null;
      } else {
        const fragment = info.fragments[selection.name.value];
        if (!fragment || !fieldsNamed(fragment.selectionSet, name, out)) return null;
      }
    }
    return out;
  };

  const plan = (selectionSet: SelectionSetNode | undefined, depth: number): TraversalPlan | null => {
    const fields = fieldsNamed(selectionSet, 'relations');
    if (!fields) return null;
    const levels: TraversalPlan['levels'] = [];
    for (const field of fields) {
      let options;
      try {
        const args = getArgumentValues(relationsField, field, info.variableValues) as {
          direction?: 'OUT' | 'IN' | 'BOTH';
          types?: TraversalPlan['levels'][number]['options']['types'];
          first?: number | null;
          after?: string | null;
        };
        options = {
          direction: args.direction ?? 'BOTH',
          types: args.types,
          first: pageSize(args.first),
          afterKey: decodeCursor('relation', args.after),
        };
      } catch {
        return null; // the resolver reports the bad argument
      }
      let next: TraversalPlan = { levels: [] };
      if (depth + 1 < MAX_PLANNED_LEVELS) {
        const concepts: FieldNode[] = [];
        for (const edges of fieldsNamed(field.selectionSet, 'edges') ?? []) {
          for (const node of fieldsNamed(edges.selectionSet, 'node') ?? []) {
            concepts.push(...(fieldsNamed(node.selectionSet, 'to') ?? []), ...(fieldsNamed(node.selectionSet, 'from') ?? []));
          }
        }
        const merged: SelectionSetNode = { kind: Kind.SELECTION_SET, selections: concepts.flatMap((c) => c.selectionSet?.selections ?? []) };
        next = plan(merged, depth + 1) ?? { levels: [] };
      }
      levels.push({ options, next });
    }
    return levels.length ? { levels } : null;
  };

  const root = info.fieldNodes[0];
  return root ? plan(root.selectionSet, 0) : null;
}

/** Runs a plan and primes the request's loaders, so the resolvers that follow find everything. */
export async function prefetchTraversal(context: Context, slug: string, plan: TraversalPlan) {
  const result = await context.repos.traversals.run(slug, plan);
  if (result.concept) context.loaders.concept.prime(slug, result.concept);
  for (const { slug: owner, options, page } of result.pages) context.loaders.relations(options).prime(owner, page);
  return result.concept;
}

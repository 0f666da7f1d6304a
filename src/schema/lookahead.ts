import {
  getArgumentValues,
  isObjectType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';
import type { Context, RelatedOptions } from '../context.js';
import { CONCEPT_FIELDS, type ConceptField, type ConceptRow } from '../graph/concepts.js';
import { FULL_PATH, type PathProjection } from '../graph/paths.js';
import { MATCH_FIELDS } from '../graph/search.js';
import { FULL_PROJECTION, type RelationListOptions, type RelationProjection } from '../graph/relations.js';
import type { Direction, RelationType } from '../graph/vocabulary.js';
import { MAX_PLANNED_LEVELS, type TraversalPlan } from '../graph/traversal.js';
import { intInRange } from './errors.js';
import { decodeCursor, pageSize } from './pagination.js';

type Fragments = GraphQLResolveInfo['fragments'];

/**
 * The fields of a selection set, fragments and inline fragments flattened in (whatever their
 * type condition: a superset is safe). Null when a directive makes any of it conditional:
 * callers then assume everything is selected.
 */
function fieldsOf(selectionSet: SelectionSetNode | undefined, fragments: Fragments, out: FieldNode[] = []): FieldNode[] | null {
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.directives?.length) return null;
    if (selection.kind === Kind.FIELD) {
      out.push(selection);
    } else {
      const fragment: FragmentDefinitionNode | { selectionSet: SelectionSetNode } | undefined =
        selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments[selection.name.value];
      if (!fragment || !fieldsOf(fragment.selectionSet, fragments, out)) return null;
    }
  }
  return out;
}

/** `fieldsOf` narrowed to one field name, across several selection sets. */
function fieldsNamed(nodes: readonly FieldNode[], name: string, fragments: Fragments): FieldNode[] | null {
  const out: FieldNode[] = [];
  for (const node of nodes) {
    const fields = fieldsOf(node.selectionSet, fragments);
    if (!fields) return null;
    out.push(...fields.filter((field) => field.name.value === name));
  }
  return out;
}

/** The concept selections under `edges { node { from { ... } to { ... } } }` of relations fields. */
function reachedConcepts(relationsFields: readonly FieldNode[], fragments: Fragments): FieldNode[] | null {
  const edges = fieldsNamed(relationsFields, 'edges', fragments);
  const nodes = edges && fieldsNamed(edges, 'node', fragments);
  const to = nodes && fieldsNamed(nodes, 'to', fragments);
  const from = nodes && fieldsNamed(nodes, 'from', fragments);
  return to && from ? [...to, ...from] : null;
}

const PROVENANCE_FIELDS = new Set(['sources', 'evidence', 'primaryKnowledgeSource', 'knowledgeLevel', 'agentType', 'publications']);

/**
 * A reading of a field's selection, remembered per field nodes: it depends on the selection
 * alone (and the fragments of its document), and graphql-jit hands every request of a cached
 * document the same field nodes.
 */
function perSelection<T>(read: (fieldNodes: readonly FieldNode[], fragments: Fragments) => T): (fieldNodes: readonly FieldNode[], fragments: Fragments) => T {
  const known = new WeakMap<readonly FieldNode[], T>();
  return (fieldNodes, fragments) => {
    if (known.has(fieldNodes)) return known.get(fieldNodes)!;
    const value = read(fieldNodes, fragments);
    known.set(fieldNodes, value);
    return value;
  };
}

/**
 * What one `relations(...)` field (all the nodes GraphQL merged under its response key) reads:
 * the relations' sources and evidence only when selected, and of the concepts at either end
 * the fields selected on them or read by a nested `relations` (whose `from` or `to` is one
 * of these concepts).
 */
const relationProjection = perSelection((fieldNodes, fragments): RelationProjection => {
  const edges = fieldsNamed(fieldNodes, 'edges', fragments);
  const relationNodes = edges && fieldsNamed(edges, 'node', fragments);
  if (!relationNodes) return FULL_PROJECTION;
  let provenance = false;
  for (const node of relationNodes) {
    const fields = fieldsOf(node.selectionSet, fragments);
    if (!fields) return FULL_PROJECTION;
    if (fields.some((field) => PROVENANCE_FIELDS.has(field.name.value))) provenance = true;
  }
  const concepts = reachedConcepts(fieldNodes, fragments);
  const read = concepts && conceptFieldsRead(concepts, fragments);
  return read ? { concepts: read, provenance } : FULL_PROJECTION;
});

/**
 * The row fields that Concept selections read: those selected, the kind for `category`, and
 * what a nested `relations` page reads of its `from` or `to` (this concept). Null when a
 * directive makes any of it conditional.
 */
function conceptFieldsRead(conceptNodes: readonly FieldNode[], fragments: Fragments): ConceptField[] | null {
  const selected = new Set<string>();
  for (const concept of conceptNodes) {
    const fields = fieldsOf(concept.selectionSet, fragments);
    if (!fields) return null;
    for (const field of fields) {
      selected.add(field.name.value);
      // `category` is derived from the kind.
      if (field.name.value === 'category') selected.add('kind');
      // A nested page's `from` or `to` is this concept: it must carry what that page reads.
      if (field.name.value === 'relations') for (const name of relationProjection([field], fragments).concepts) selected.add(name);
    }
  }
  return CONCEPT_FIELDS.filter((field) => selected.has(field));
}

/**
 * What a `path` or `paths` field reads of each path: with `relations` or `explanation`
 * selected, everything; otherwise the fields selected on its concepts, and no relations.
 */
export const pathProjection = perSelection((fieldNodes, fragments): PathProjection => {
  const fields = fieldsNamed(fieldNodes, 'concepts', fragments);
  const own = fieldNodes.map((node) => fieldsOf(node.selectionSet, fragments));
  if (!fields || own.some((selection) => !selection || selection.some((field) => field.name.value === 'relations' || field.name.value === 'explanation'))) {
    return FULL_PATH;
  }
  return { concepts: conceptFieldsRead(fields, fragments) ?? CONCEPT_FIELDS, relations: false };
});

/**
 * The concept fields a `search` field reads of each hit: those selected on `concept`, and the
 * ones matchedOn and matchedText are worked out from when either is selected (all fields
 * when it cannot tell).
 */
export const searchFields = perSelection((fieldNodes, fragments): readonly ConceptField[] => {
  const own = fieldNodes.map((node) => fieldsOf(node.selectionSet, fragments));
  const concepts = fieldsNamed(fieldNodes, 'concept', fragments);
  const read = concepts && conceptFieldsRead(concepts, fragments);
  if (!read || own.some((selection) => !selection)) return CONCEPT_FIELDS;
  const explained = own.some((selection) => selection!.some((field) => field.name.value === 'matchedOn' || field.name.value === 'matchedText'));
  return explained ? CONCEPT_FIELDS.filter((field) => read.includes(field) || MATCH_FIELDS.includes(field)) : read;
});

/** The most topics `related` lists. */
export const MAX_RELATED = 50;

/** The `first` of a `related` field, on a concept or a comparison: 1 to MAX_RELATED, 10 by default. */
export const relatedFirst = (first: number | null | undefined) => intInRange('first', first ?? 10, 1, MAX_RELATED);

/** Distinct variable sets remembered per field before they are all forgotten (clients that vary them every time). */
const PLANS_PER_FIELD = 32;

/**
 * A planner remembered per field and variables: what it reads of a query (the field's nodes,
 * its document's fragments, the schema, the variables) is the same for every request of an
 * operation whose document yoga has cached, and graphql-jit then hands each request the same
 * field nodes. Plans are read, never changed, by the requests sharing them.
 */
function perOperation<T>(plan: (info: GraphQLResolveInfo) => T): (info: GraphQLResolveInfo) => T {
  const plans = new WeakMap<readonly FieldNode[], Map<string, T>>();
  return (info) => {
    const key = JSON.stringify(info.variableValues);
    let known = plans.get(info.fieldNodes);
    if (!known) plans.set(info.fieldNodes, (known = new Map()));
    if (known.has(key)) return known.get(key)!;
    const planned = plan(info);
    if (known.size >= PLANS_PER_FIELD) known.clear();
    known.set(key, planned);
    return planned;
  };
}

/** The fields selected on the root field itself (null when a directive makes any conditional). */
function rootFields(info: GraphQLResolveInfo): FieldNode[] | null {
  const selections = info.fieldNodes.flatMap((node) => node.selectionSet?.selections ?? []);
  return fieldsOf({ kind: Kind.SELECTION_SET, selections }, info.fragments);
}

/**
 * The options of one `related(first)` field: how many topics, and what its
 * `topic { ... on Concept { ... } }` reads of each related concept (the Comparison fragment's
 * fields are no concept fields, and fall away; all fields when it cannot tell). The root
 * `concept` field and `Concept.related` both read them here, so the ranking the root
 * prefetches is the one the field looks up. Throws the argument error the field reports.
 */
export function relatedOptions(args: { first?: number | null }, fieldNodes: readonly FieldNode[], fragments: Fragments): RelatedOptions {
  return { first: relatedFirst(args.first), fields: topicFields(fieldNodes, fragments) };
}

/** The concept fields a `related` field's `topic { ... on Concept { ... } }` reads. */
const topicFields = perSelection((fieldNodes, fragments): readonly ConceptField[] => {
  const topics = fieldsNamed(fieldNodes, 'topic', fragments);
  return (topics && conceptFieldsRead(topics, fragments)) ?? CONCEPT_FIELDS;
});

/**
 * The first `related` field selected on the root concept, planned: its ranking statement reads
 * the concept's own row as well, so `concept(slug) { related }` is one statement. Null when
 * there is none (or directives, or a bad argument, which the field reports).
 */
export const planRelated = perOperation((info): RelatedOptions | null => {
  const concept = info.schema.getType('Concept');
  const relatedField = isObjectType(concept) ? concept.getFields().related : undefined;
  const own = relatedField && rootFields(info);
  const first = own?.find((field) => field.name.value === 'related');
  if (!relatedField || !first) return null;
  const key = first.alias?.value ?? 'related';
  const group = own!.filter((field) => field.name.value === 'related' && (field.alias?.value ?? 'related') === key);
  try {
    return relatedOptions(getArgumentValues(relatedField, first, info.variableValues) as { first?: number | null }, group, info.fragments);
  } catch {
    return null;
  }
});

/** The arguments of `Concept.relations`. */
export interface RelationsArgs {
  direction?: Direction | null;
  types?: readonly RelationType[] | null;
  first?: number | null;
  after?: string | null;
}

/**
 * The options of one `relations(...)` field, from its arguments and its selection. The
 * planner and the field's resolver both read them here, so a page the planner primes is the
 * page the resolver looks up. Throws the argument errors the resolver reports.
 */
export function relationListOptions(args: RelationsArgs, fieldNodes: readonly FieldNode[], fragments: Fragments): RelationListOptions {
  return {
    direction: args.direction ?? 'BOTH',
    types: args.types,
    first: pageSize(args.first),
    afterKey: decodeCursor('relation', args.after),
    projection: relationProjection(fieldNodes, fragments),
  };
}

/**
 * Reads ahead in a query: the `relations(...)` fields under a Concept selection, and under
 * each of those, the ones under `edges { node { to/from { ... } } }`, into a plan the
 * traversal repository runs as one statement, reading only the fields selected. Returns
 * null for anything it does not plan (directives, bad arguments, no relations selected):
 * those load level by level as usual, with the same results.
 */
export const planTraversal = perOperation((info): { plan: TraversalPlan; fields: readonly ConceptField[] } | null => {
  const concept = info.schema.getType('Concept');
  if (!isObjectType(concept)) return null;
  const relationsField = concept.getFields().relations;
  if (!relationsField) return null;

  const plan = (conceptNodes: readonly FieldNode[], depth: number): TraversalPlan | null => {
    const fields = fieldsNamed(conceptNodes, 'relations', info.fragments);
    if (!fields) return null;
    // Nodes sharing a response key are one field to GraphQL (same arguments, merged selections).
    const byResponseKey = new Map<string, FieldNode[]>();
    for (const field of fields) {
      const key = field.alias?.value ?? field.name.value;
      byResponseKey.set(key, [...(byResponseKey.get(key) ?? []), field]);
    }
    const levels: TraversalPlan['levels'] = [];
    for (const group of byResponseKey.values()) {
      let options;
      try {
        const args = getArgumentValues(relationsField, group[0]!, info.variableValues) as RelationsArgs;
        options = relationListOptions(args, group, info.fragments);
      } catch {
        return null; // the resolver reports the bad argument
      }
      const reached = depth + 1 < MAX_PLANNED_LEVELS ? reachedConcepts(group, info.fragments) : null;
      levels.push({ options, next: (reached && plan(reached, depth + 1)) ?? { levels: [] } });
    }
    return levels.length ? { levels } : null;
  };

  const root = plan(info.fieldNodes, 0);
  if (!root) return null;
  // The root's own fields, and those its first-level pages read of it as their `from` or `to`.
  const own = rootFields(info);
  if (!own) return { plan: root, fields: CONCEPT_FIELDS };
  const selected = new Set<string>(own.map((field) => field.name.value));
  for (const level of root.levels) for (const field of (level.options.projection ?? FULL_PROJECTION).concepts) selected.add(field);
  return { plan: root, fields: CONCEPT_FIELDS.filter((field) => selected.has(field)) };
});

/** Runs a plan and primes the request's loaders, so the resolvers that follow find everything. */
export async function prefetchTraversal(context: Context, slug: string, { plan, fields }: { plan: TraversalPlan; fields: readonly ConceptField[] }) {
  const result = await context.repos.traversals.run(slug, plan, fields);
  // The concept loader holds whole rows only: other fields of a partial root are loaded on demand.
  const concept = result.concept;
  if (concept && fields.length === CONCEPT_FIELDS.length) context.loaders.concept.prime(slug, concept as ConceptRow);
  for (const { slug: owner, options, page } of result.pages) context.loaders.relations(options).prime(owner, page);
  return result.concept;
}

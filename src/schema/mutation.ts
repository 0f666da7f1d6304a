import { GraphQLError } from 'graphql';
import type { Context } from '../context.js';
import { ERRORS } from '../errors.js';
import { DomainError } from '../graph/errors.js';
import { builder } from './builder.js';
import { ComparisonRef } from './comparison.js';
import { ConceptKindEnum, ConceptRef } from './concept.js';
import { RelationRef, RelationTypeEnum } from './relation.js';

builder.mutationType({
  description: 'Writes. Each needs "authorization: Bearer <key>" with a key from OSSIGRAPH_WRITE_KEYS, runs in one transaction, and changes nothing when it fails. Errors carry extensions.code: UNAUTHENTICATED, FORBIDDEN, VALIDATION, NOT_FOUND or CONFLICT.',
});

/** Runs a write for a caller allowed to write, turning domain errors into coded GraphQL errors. */
async function guarded<T>(context: Context, write: () => Promise<T>): Promise<T> {
  const access = context.writeAccess;
  if (!access.allowed) {
    throw new GraphQLError(access.message, {
      extensions: { code: access.code, http: { status: ERRORS[access.code].status } },
    });
  }
  try {
    return await write();
  } catch (error) {
    if (error instanceof DomainError) {
      throw new GraphQLError(error.message, { extensions: { code: error.code, ...error.details } });
    }
    throw error;
  }
}

const ConceptInput = builder.inputType('ConceptInput', {
  fields: (t) => ({
    slug: t.string({ required: true, description: 'Lowercase kebab-case, at most 120 characters.' }),
    name: t.string({ required: true }),
    kind: t.field({ type: ConceptKindEnum, required: true }),
    definition: t.string(),
    aliases: t.stringList(),
    xrefs: t.stringList({ description: 'CURIEs such as CL:0000062.' }),
    sources: t.stringList({ description: 'Provenance; defaults to ["api"].' }),
  }),
});

const ConceptChanges = builder.inputType('ConceptChanges', {
  description: 'Fields to change; omitted fields keep their value.',
  fields: (t) => ({
    name: t.string(),
    kind: t.field({ type: ConceptKindEnum }),
    definition: t.string(),
    aliases: t.stringList(),
    xrefs: t.stringList(),
    sources: t.stringList(),
  }),
});

const RelationInput = builder.inputType('RelationInput', {
  fields: (t) => ({
    from: t.string({ required: true }),
    type: t.field({ type: RelationTypeEnum, required: true }),
    to: t.string({ required: true }),
    evidence: t.string(),
    sources: t.stringList({ description: 'Provenance; defaults to ["api"].' }),
  }),
});

const AspectInput = builder.inputType('AspectInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    values: t.stringList({ required: true, description: 'One value per compared concept, in order.' }),
  }),
});

const ComparisonInput = builder.inputType('ComparisonInput', {
  fields: (t) => ({
    concepts: t.stringList({ required: true, description: 'The two concept slugs; the slug is them joined by -vs-.' }),
    title: t.string({ required: true }),
    summary: t.string(),
    aspects: t.field({ type: [AspectInput], required: true }),
    sources: t.stringList({ description: 'Provenance; defaults to ["api"].' }),
  }),
});

const ComparisonChanges = builder.inputType('ComparisonChanges', {
  description: 'Fields to change; omitted fields keep their value. Aspects, when given, replace the whole table.',
  fields: (t) => ({
    title: t.string(),
    summary: t.string(),
    aspects: t.field({ type: [AspectInput] }),
    sources: t.stringList(),
  }),
});

/** GraphQL input objects carry nulls for omitted fields; the domain wants them absent. */
function defined<T extends object>(input: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== null && value !== undefined)) as never;
}

builder.mutationFields((t) => ({
  createConcept: t.field({
    type: ConceptRef,
    args: { input: t.arg({ type: ConceptInput, required: true }) },
    resolve: (_root, { input }, context) =>
      guarded(context, () => context.repos.mutations.createConcept({ sources: ['api'], ...defined(input) })),
  }),
  updateConcept: t.field({
    type: ConceptRef,
    args: { slug: t.arg.string({ required: true }), changes: t.arg({ type: ConceptChanges, required: true }) },
    resolve: (_root, { slug, changes }, context) => guarded(context, () => context.repos.mutations.updateConcept(slug, defined(changes))),
  }),
  deleteConcept: t.field({
    type: ConceptRef,
    description: 'Deletes the concept and its relations; refused (CONFLICT) while a comparison compares it. Returns what was deleted.',
    args: { slug: t.arg.string({ required: true }) },
    resolve: (_root, { slug }, context) => guarded(context, () => context.repos.mutations.deleteConcept(slug)),
  }),
  createRelation: t.field({
    type: RelationRef,
    args: { input: t.arg({ type: RelationInput, required: true }) },
    resolve: (_root, { input }, context) =>
      guarded(context, () => context.repos.mutations.createRelation({ sources: ['api'], ...defined(input) })),
  }),
  deleteRelation: t.field({
    type: RelationRef,
    description: 'Deletes the relation; returns what was deleted.',
    args: {
      from: t.arg.string({ required: true }),
      type: t.arg({ type: RelationTypeEnum, required: true }),
      to: t.arg.string({ required: true }),
    },
    resolve: (_root, args, context) => guarded(context, () => context.repos.mutations.deleteRelation(args.from, args.type, args.to)),
  }),
  createComparison: t.field({
    type: ComparisonRef,
    args: { input: t.arg({ type: ComparisonInput, required: true }) },
    resolve: (_root, { input }, context) =>
      guarded(context, () => context.repos.mutations.createComparison({ sources: ['api'], ...defined(input) })),
  }),
  updateComparison: t.field({
    type: ComparisonRef,
    args: { slug: t.arg.string({ required: true }), changes: t.arg({ type: ComparisonChanges, required: true }) },
    resolve: (_root, { slug, changes }, context) => guarded(context, () => context.repos.mutations.updateComparison(slug, defined(changes))),
  }),
  deleteComparison: t.field({
    type: ComparisonRef,
    description: 'Deletes the comparison and its table; returns what was deleted.',
    args: { slug: t.arg.string({ required: true }) },
    resolve: (_root, { slug }, context) => guarded(context, () => context.repos.mutations.deleteComparison(slug)),
  }),
}));

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
  description: 'A new concept.',
  fields: (t) => ({
    slug: t.string({ required: true, description: 'Lowercase kebab-case, at most 120 characters.' }),
    name: t.string({ required: true, description: 'The name as a reader writes it.' }),
    kind: t.field({ type: ConceptKindEnum, required: true, description: 'What sort of thing it is.' }),
    definition: t.string({ description: 'One or two sentences in your own words.' }),
    aliases: t.stringList({ description: 'Other names: plurals, synonyms, abbreviations.' }),
    xrefs: t.stringList({ description: 'CURIEs such as CL:0000062.' }),
    sources: t.stringList({ description: 'Provenance; defaults to ["api"].' }),
  }),
});

const ConceptChanges = builder.inputType('ConceptChanges', {
  description: 'Fields to change; omitted fields keep their value.',
  fields: (t) => ({
    name: t.string({ description: 'A new name.' }),
    kind: t.field({ type: ConceptKindEnum, description: 'A new kind; refused when one of its relations would no longer fit.' }),
    definition: t.string({ description: 'A new definition.' }),
    aliases: t.stringList({ description: 'The aliases, replacing the old list.' }),
    xrefs: t.stringList({ description: 'The ontology IDs, replacing the old list.' }),
    sources: t.stringList({ description: 'The sources, replacing the old list.' }),
  }),
});

const RelationInput = builder.inputType('RelationInput', {
  description: 'A new relation; its ends must exist and fit the type (no self relations).',
  fields: (t) => ({
    from: t.string({ required: true, description: 'The subject\'s slug.' }),
    type: t.field({ type: RelationTypeEnum, required: true, description: 'What the statement says.' }),
    to: t.string({ required: true, description: 'The object\'s slug.' }),
    evidence: t.string({ description: 'One sentence saying why it holds.' }),
    sources: t.stringList({ description: 'Provenance; defaults to ["api"].' }),
  }),
});

const AspectInput = builder.inputType('AspectInput', {
  description: 'One row of a comparison table.',
  fields: (t) => ({
    name: t.string({ required: true, description: 'What the row compares.' }),
    values: t.stringList({ required: true, description: 'One value per compared concept, in order.' }),
  }),
});

const ComparisonInput = builder.inputType('ComparisonInput', {
  description: 'A new comparison of two concepts; one per pair.',
  fields: (t) => ({
    concepts: t.stringList({ required: true, description: 'The two concept slugs; the slug is them joined by -vs-.' }),
    title: t.string({ required: true, description: '"X vs Y".' }),
    summary: t.string({ description: 'The difference in a few sentences.' }),
    aspects: t.field({ type: [AspectInput], required: true, description: 'The table, row by row.' }),
    sources: t.stringList({ description: 'Provenance; defaults to ["api"].' }),
  }),
});

const ComparisonChanges = builder.inputType('ComparisonChanges', {
  description: 'Fields to change; omitted fields keep their value. Aspects, when given, replace the whole table.',
  fields: (t) => ({
    title: t.string({ description: 'A new title.' }),
    summary: t.string({ description: 'A new summary.' }),
    aspects: t.field({ type: [AspectInput], description: 'The whole new table.' }),
    sources: t.stringList({ description: 'The sources, replacing the old list.' }),
  }),
});

/** GraphQL input objects carry nulls for omitted fields; the domain wants them absent. */
function defined<T extends object>(input: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== null && value !== undefined)) as never;
}

builder.mutationFields((t) => ({
  createConcept: t.field({
    type: ConceptRef,
    description: 'Creates a concept; refused (CONFLICT) when the slug is taken. Returns it.',
    args: { input: t.arg({ type: ConceptInput, required: true, description: 'The concept.' }) },
    resolve: (_root, { input }, context) =>
      guarded(context, () => context.repos.mutations.createConcept({ sources: ['api'], ...defined(input) })),
  }),
  updateConcept: t.field({
    type: ConceptRef,
    description: 'Changes the given fields of a concept; returns it as it now is.',
    args: {
      slug: t.arg.string({ required: true, description: 'The concept to change.' }),
      changes: t.arg({ type: ConceptChanges, required: true, description: 'The fields to change.' }),
    },
    resolve: (_root, { slug, changes }, context) => guarded(context, () => context.repos.mutations.updateConcept(slug, defined(changes))),
  }),
  deleteConcept: t.field({
    type: ConceptRef,
    description: 'Deletes the concept and its relations; refused (CONFLICT) while a comparison compares it. Returns what was deleted.',
    args: { slug: t.arg.string({ required: true, description: 'The concept to delete.' }) },
    resolve: (_root, { slug }, context) => guarded(context, () => context.repos.mutations.deleteConcept(slug)),
  }),
  createRelation: t.field({
    type: RelationRef,
    description: 'Creates a relation; refused when it breaks a rule of the graph (VALIDATION) or exists (CONFLICT). Returns it.',
    args: { input: t.arg({ type: RelationInput, required: true, description: 'The relation.' }) },
    resolve: (_root, { input }, context) =>
      guarded(context, () => context.repos.mutations.createRelation({ sources: ['api'], ...defined(input) })),
  }),
  deleteRelation: t.field({
    type: RelationRef,
    description: 'Deletes the relation; returns what was deleted.',
    args: {
      from: t.arg.string({ required: true, description: 'The subject\'s slug.' }),
      type: t.arg({ type: RelationTypeEnum, required: true, description: 'The relation type.' }),
      to: t.arg.string({ required: true, description: 'The object\'s slug.' }),
    },
    resolve: (_root, args, context) => guarded(context, () => context.repos.mutations.deleteRelation(args.from, args.type, args.to)),
  }),
  createComparison: t.field({
    type: ComparisonRef,
    description: 'Creates a comparison of two concepts; refused when the pair is compared already (CONFLICT). Returns it.',
    args: { input: t.arg({ type: ComparisonInput, required: true, description: 'The comparison.' }) },
    resolve: (_root, { input }, context) =>
      guarded(context, () => context.repos.mutations.createComparison({ sources: ['api'], ...defined(input) })),
  }),
  updateComparison: t.field({
    type: ComparisonRef,
    description: 'Changes the given fields of a comparison; returns it as it now is.',
    args: {
      slug: t.arg.string({ required: true, description: 'The comparison to change.' }),
      changes: t.arg({ type: ComparisonChanges, required: true, description: 'The fields to change.' }),
    },
    resolve: (_root, { slug, changes }, context) => guarded(context, () => context.repos.mutations.updateComparison(slug, defined(changes))),
  }),
  deleteComparison: t.field({
    type: ComparisonRef,
    description: 'Deletes the comparison and its table; returns what was deleted.',
    args: { slug: t.arg.string({ required: true, description: 'The comparison to delete.' }) },
    resolve: (_root, { slug }, context) => guarded(context, () => context.repos.mutations.deleteComparison(slug)),
  }),
}));

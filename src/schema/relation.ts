import { associationSlots, type AgentType, type KnowledgeLevel } from '../graph/provenance.js';
import type { Page } from '../graph/concepts.js';
import type { RelationCount, RelationRow } from '../graph/relations.js';
import { RELATION_TYPE_NAMES, RELATION_TYPES } from '../graph/vocabulary.js';
import { builder } from './builder.js';
import { ConceptRef, DirectionEnum } from './concept.js';
import { relationListOptions } from './lookahead.js';
import { connectionType, encodeCursor } from './pagination.js';

export const RelationTypeEnum = builder.enumType('RelationType', {
  description: 'The typed relations between concepts, mapped to OBO Relation Ontology terms where one exists.',
  values: Object.fromEntries(
    RELATION_TYPE_NAMES.map((name) => {
      const info = RELATION_TYPES[name];
      return [name, { description: `${info.description}${info.obo ? ` (${info.obo})` : ''}` }];
    }),
  ) as Record<keyof typeof RELATION_TYPES, { description: string }>,
});

const KnowledgeLevelEnum = builder.enumType('KnowledgeLevel', {
  description: 'How the statement is known (Biolink knowledge_level).',
  values: {
    KNOWLEDGE_ASSERTION: { description: 'Stated by a person or an ontology as true.' },
    LOGICAL_ENTAILMENT: { description: 'Follows by logic from other statements (a closure the server computed).' },
    NOT_PROVIDED: { description: 'The sources do not say.' },
  } satisfies Record<KnowledgeLevel, { description: string }>,
});

const AgentTypeEnum = builder.enumType('AgentType', {
  description: 'Who made the statement (Biolink agent_type).',
  values: {
    MANUAL_AGENT: { description: 'A person: a curator of ours or of the ontology.' },
    AUTOMATED_AGENT: { description: 'Software, without a person checking each statement.' },
    NOT_PROVIDED: { description: 'The sources do not say.' },
  } satisfies Record<AgentType, { description: string }>,
});

export const RelationRef = builder.objectRef<RelationRow>('Relation').implement({
  description: 'A typed, sourced statement: `from` (the subject) relates to `to` (the object).',
  fields: (t) => ({
    type: t.field({ type: RelationTypeEnum, description: 'What the statement says: is a kind of, develops from, produces…', resolve: (relation) => relation.type }),
    from: t.field({ type: ConceptRef, description: 'The subject.', resolve: (relation) => relation.from }),
    to: t.field({ type: ConceptRef, description: 'The object.', resolve: (relation) => relation.to }),
    sources: t.stringList({
      description: 'Provenance: an article, an ontology term, or curation.',
      resolve: (relation) => provenanceOf(relation).sources,
    }),
    evidence: t.string({
      nullable: true,
      description: 'One sentence saying why the relation holds.',
      resolve: (relation) => provenanceOf(relation).evidence,
    }),
    primaryKnowledgeSource: t.string({
      description: 'Where a reader can check the statement (Biolink primary_knowledge_source): an infores ID such as infores:cl, or the article it comes from.',
      resolve: (relation) => associationSlots(provenanceOf(relation).sources).primaryKnowledgeSource,
    }),
    knowledgeLevel: t.field({
      type: KnowledgeLevelEnum,
      description: 'How the statement is known (Biolink knowledge_level), read from its sources.',
      resolve: (relation) => associationSlots(provenanceOf(relation).sources).knowledgeLevel,
    }),
    agentType: t.field({
      type: AgentTypeEnum,
      description: 'Who made the statement (Biolink agent_type), read from its sources.',
      resolve: (relation) => associationSlots(provenanceOf(relation).sources).agentType,
    }),
    publications: t.stringList({
      description: 'Publications (PMID: or DOI:) behind the statement, only where a source file gives them; never invented.',
      resolve: (relation) => associationSlots(provenanceOf(relation).sources).publications,
    }),
    predicate: t.exposeString('predicate', {
      nullable: true,
      description: 'For OTHER relations, the ontology relation they stand for; null for the core types.',
    }),
  }),
});

/**
 * A relation's sources and evidence. Pages are read without them only when the selection
 * under `relations` does not ask for them (lookahead.ts), so their absence here is a bug in
 * that reading, reported as an internal error rather than answered with empty provenance.
 */
function provenanceOf(relation: RelationRow): { sources: string[]; evidence: string | null } {
  if (relation.sources === undefined || relation.evidence === undefined) {
    throw new Error(`relation ${relation.key} was read without its provenance`);
  }
  return { sources: relation.sources, evidence: relation.evidence };
}

export const RelationConnection = connectionType('Relation', RelationRef);
const relationCursor = (relation: RelationRow) => encodeCursor('relation', relation.key);

builder.objectField(ConceptRef, 'relations', (t) =>
  t.field({
    type: RelationConnection,
    description: 'The relations this concept takes part in, ordered by type, then direction, then the other concept.',
    args: {
      direction: t.arg({ type: DirectionEnum, defaultValue: 'BOTH', description: 'OUT: this concept is the subject; IN: the object; BOTH.' }),
      types: t.arg({ type: [RelationTypeEnum], description: 'Only these types; all when omitted.' }),
      first: t.arg.int({ description: 'Page size, 0 to 100; default 20.' }),
      after: t.arg.string({ description: 'The endCursor of the previous page.' }),
    },
    resolve: (concept, args, context, info) => {
      const options = relationListOptions(args, info.fieldNodes, info.fragments);
      const loader = context.loaders.relations(options);
      const connection = (page: Page<RelationRow>) => ({ ...page, hasPreviousPage: options.afterKey !== null, cursorOf: relationCursor });
      // A page the traversal read ahead is answered at once, without a promise per page.
      const primed = loader.peek(concept.slug);
      return primed ? connection(primed) : loader.load(concept.slug).then(connection);
    },
  }),
);

const RelationCountRef = builder.objectRef<RelationCount>('RelationCount').implement({
  description: "How many relations of one type a concept has on one side: an explorer's groups before it reads them.",
  fields: (t) => ({
    type: t.field({ type: RelationTypeEnum, description: 'The relation type.', resolve: (count) => count.type }),
    direction: t.field({ type: DirectionEnum, description: 'OUT: the concept is the subject; IN: the object. Never BOTH.', resolve: (count) => count.direction }),
    count: t.exposeInt('count', { description: 'How many such relations the concept has; never 0 (such groups are left out).' }),
  }),
});

builder.objectField(ConceptRef, 'relationCounts', (t) =>
  t.field({
    type: [RelationCountRef],
    description:
      "This concept's relations counted by type and side (OUT, IN), in the vocabulary's order of types; a hub costs no more than a leaf. Page a group with `relations(types: [type], direction: direction)`.",
    args: { types: t.arg({ type: [RelationTypeEnum], description: 'Only these types; all when omitted.' }) },
    resolve: (concept, args, context) => context.loaders.relationCounts(args.types?.length ? [...new Set(args.types)].sort() : null).load(concept.slug),
  }),
);

import { associationSlots } from '../graph/provenance.js';
import { KIND_INFO, type ConceptKind, type RelationType } from '../graph/vocabulary.js';

/**
 * How the graph speaks Biolink: each relation type as a Biolink predicate (regulation keeps
 * its sign in `object_direction_qualifier`, as the model's predicate mappings do), each kind
 * as a category (vocabulary.ts), provenance as association slots (provenance.ts). Predicates
 * and categories are those of the Biolink Model release named here, checked in its
 * biolink-model.yaml and documentation.
 */
export const BIOLINK_MODEL_VERSION = '4.2.6-rc5';

export interface BiolinkPredicate {
  predicate: string;
  objectDirectionQualifier?: 'increased' | 'decreased';
}

export const BIOLINK_PREDICATES: Record<RelationType, BiolinkPredicate> = {
  IS_A: { predicate: 'biolink:subclass_of' },
  PART_OF: { predicate: 'biolink:part_of' },
  HAS_PART: { predicate: 'biolink:has_part' },
  DEVELOPS_FROM: { predicate: 'biolink:develops_from' },
  CAPABLE_OF: { predicate: 'biolink:capable_of' },
  PRODUCES: { predicate: 'biolink:produces' },
  OCCURS_IN: { predicate: 'biolink:occurs_in' },
  LOCATED_IN: { predicate: 'biolink:located_in' },
  INVOLVES: { predicate: 'biolink:has_participant' },
  AFFECTS: { predicate: 'biolink:affects' },
  HAS_BASIS_IN: { predicate: 'biolink:disease_has_basis_in' },
  REGULATES: { predicate: 'biolink:regulates' },
  POSITIVELY_REGULATES: { predicate: 'biolink:regulates', objectDirectionQualifier: 'increased' },
  NEGATIVELY_REGULATES: { predicate: 'biolink:regulates', objectDirectionQualifier: 'decreased' },
  OTHER: { predicate: 'biolink:related_to' },
};

export const categoryOf = (kind: ConceptKind): string => KIND_INFO[kind].biolink;

/** Biolink's enum values are lower snake case: KNOWLEDGE_ASSERTION → knowledge_assertion. */
export function edgeProvenance(sources: readonly string[]) {
  const slots = associationSlots(sources);
  return {
    primaryKnowledgeSource: slots.primaryKnowledgeSource,
    knowledgeLevel: slots.knowledgeLevel.toLowerCase(),
    agentType: slots.agentType.toLowerCase(),
    publications: slots.publications,
    /** The server's own curation and imports reach users through ossigraph. */
    aggregatorKnowledgeSource: slots.primaryKnowledgeSource === 'infores:ossigraph' ? null : 'infores:ossigraph',
  };
}

/** IRI bases of every prefix an export writes, for JSON-LD's @context and for readers that expand CURIEs. */
export const PREFIXES: Record<string, string> = {
  biolink: 'https://w3id.org/biolink/vocab/',
  CL: 'http://purl.obolibrary.org/obo/CL_',
  UBERON: 'http://purl.obolibrary.org/obo/UBERON_',
  GO: 'http://purl.obolibrary.org/obo/GO_',
  DOID: 'http://purl.obolibrary.org/obo/DOID_',
  CHEBI: 'http://purl.obolibrary.org/obo/CHEBI_',
  PR: 'http://purl.obolibrary.org/obo/PR_',
  infores: 'https://w3id.org/infores/',
  ossigraph: 'urn:ossigraph:concept:',
  ossigraphedge: 'urn:ossigraph:edge:',
};

/** The JSON-LD context of the export, served at /context.jsonld and inlined in each document. */
export const JSONLD_CONTEXT = {
  '@version': 1.1,
  // JSON-LD 1.1 uses a term as a prefix only when its IRI ends in / # : and the like, or it says @prefix.
  ...Object.fromEntries(Object.entries(PREFIXES).map(([prefix, base]) => [prefix, /[/#:]$/.test(base) ? base : { '@id': base, '@prefix': true }])),
  id: '@id',
  category: '@type',
  name: 'biolink:name',
  description: 'biolink:description',
  synonym: { '@id': 'biolink:synonym', '@container': '@set' },
  xref: { '@id': 'biolink:xref', '@container': '@set' },
  provided_by: { '@id': 'biolink:provided_by', '@container': '@set' },
  subject: { '@id': 'biolink:subject', '@type': '@id' },
  predicate: { '@id': 'biolink:predicate', '@type': '@id' },
  object: { '@id': 'biolink:object', '@type': '@id' },
  original_predicate: 'biolink:original_predicate',
  object_direction_qualifier: 'biolink:object_direction_qualifier',
  knowledge_level: 'biolink:knowledge_level',
  agent_type: 'biolink:agent_type',
  primary_knowledge_source: 'biolink:primary_knowledge_source',
  aggregator_knowledge_source: { '@id': 'biolink:aggregator_knowledge_source', '@container': '@set' },
  publications: { '@id': 'biolink:publications', '@container': '@set' },
} as const;

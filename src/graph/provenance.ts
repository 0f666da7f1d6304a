/**
 * A relation's provenance in the shape of Biolink's association slots, read from its
 * `sources`: the one list every writer keeps (seeds, API, importers), so nothing else has to
 * be stored or kept in step. Pure, so tests can pin sources to slots.
 */

import { ONTOLOGY_PREFIX_GROUP } from './vocabulary.js';

export const KNOWLEDGE_LEVELS = ['KNOWLEDGE_ASSERTION', 'LOGICAL_ENTAILMENT', 'NOT_PROVIDED'] as const;
export type KnowledgeLevel = (typeof KNOWLEDGE_LEVELS)[number];
export const AGENT_TYPES = ['MANUAL_AGENT', 'AUTOMATED_AGENT', 'NOT_PROVIDED'] as const;
export type AgentType = (typeof AGENT_TYPES)[number];

export interface AssociationSlots {
  /** An infores CURIE (infores:cl, infores:ossigraph) or the article the statement comes from. */
  primaryKnowledgeSource: string;
  knowledgeLevel: KnowledgeLevel;
  agentType: AgentType;
  /** PMID: or DOI: CURIEs among the sources: only where a source file gives them. */
  publications: string[];
}

const isPublication = (source: string) => /^(PMID|DOI):\S+$/i.test(source);

const ONTOLOGY_FILE = new RegExp(`^${ONTOLOGY_PREFIX_GROUP}\\b`, 'i');

/** The infores ID of a known ontology's file (cl-basic.obo → infores:cl), or null for any other file. */
export function ontologyInfores(file: string): string | null {
  const prefix = ONTOLOGY_FILE.exec(file)?.[1];
  return prefix ? `infores:${prefix.toLowerCase()}` : null;
}

function inforesOfFile(file: string): string {
  return ontologyInfores(file) ?? `infores:${file.replace(/\.obo$/, '')}`;
}

/**
 * - `obo:<file>` alone (an imported ontology axiom): that ontology's infores, asserted by
 *   people, brought in by our importer.
 * - `inferred:<how>` (a closure the server computed): ossigraph, logical entailment, automated.
 * - anything else (`curated`, `api`, `article:<slug>`, an ontology term cited by a curator):
 *   ossigraph's curation, asserted, manual; an article, where one is named, is the primary source.
 */
export function associationSlots(sources: readonly string[]): AssociationSlots {
  const publications = sources.filter(isPublication);
  const inferred = sources.find((source) => source.startsWith('inferred:'));
  if (inferred) return { primaryKnowledgeSource: 'infores:ossigraph', knowledgeLevel: 'LOGICAL_ENTAILMENT', agentType: 'AUTOMATED_AGENT', publications };
  const curated = sources.filter((source) => !source.startsWith('obo:') && !isPublication(source));
  if (curated.length === 0) {
    const file = sources.find((source) => source.startsWith('obo:'));
    return file
      ? { primaryKnowledgeSource: inforesOfFile(file.slice('obo:'.length)), knowledgeLevel: 'KNOWLEDGE_ASSERTION', agentType: 'MANUAL_AGENT', publications }
      : { primaryKnowledgeSource: 'infores:ossigraph', knowledgeLevel: 'NOT_PROVIDED', agentType: 'NOT_PROVIDED', publications };
  }
  const article = curated.find((source) => source.startsWith('article:'));
  return { primaryKnowledgeSource: article ?? 'infores:ossigraph', knowledgeLevel: 'KNOWLEDGE_ASSERTION', agentType: 'MANUAL_AGENT', publications };
}

import type { ConceptKind, RelationType } from './vocabulary.js';

/**
 * The rules the graph's data cannot break, in one place for the API, the seeds and the
 * importers: no relation from a concept to itself, no comparison of a concept with itself,
 * one comparison per unordered pair, and subject and object kinds that fit the relation's
 * meaning (RO's domain and range, widened where curated biology needs it).
 */

const ANATOMY: readonly ConceptKind[] = ['CELL', 'TISSUE', 'STRUCTURE'];
const MOLECULES: readonly ConceptKind[] = ['SUBSTANCE', 'GENE_PRODUCT', 'DRUG'];
const MATERIAL: readonly ConceptKind[] = [...ANATOMY, ...MOLECULES];
const ANY: readonly ConceptKind[] = [...MATERIAL, 'PROCESS', 'PATHOLOGY'];

/** Kinds that may be the subject and the object of each relation type. */
export const RELATION_KINDS: Record<RelationType, { subject: readonly ConceptKind[]; object: readonly ConceptKind[]; why: string }> = {
  IS_A: { subject: ANY, object: ANY, why: 'a subtype is the same sort of thing as its parent (anatomy with anatomy, molecules with molecules)' },
  PART_OF: { subject: [...MATERIAL, 'PROCESS'], object: [...MATERIAL, 'PROCESS'], why: 'parts are material parts of material things, or steps of processes' },
  HAS_PART: { subject: [...MATERIAL, 'PROCESS'], object: [...MATERIAL, 'PROCESS'], why: 'parts are material parts of material things, or steps of processes' },
  DEVELOPS_FROM: { subject: ANATOMY, object: ANATOMY, why: 'cells, tissues and structures develop from cells, tissues and structures' },
  CAPABLE_OF: { subject: [...ANATOMY, 'GENE_PRODUCT'], object: ['PROCESS'], why: 'a cell, tissue, structure or gene product carries out a process' },
  PRODUCES: { subject: [...ANATOMY, 'GENE_PRODUCT', 'PROCESS', 'PATHOLOGY'], object: MATERIAL, why: 'what is produced is material: a substance, a protein, a tissue, a lesion' },
  OCCURS_IN: { subject: ['PROCESS'], object: ANATOMY, why: 'a process occurs in a cell, tissue or structure' },
  LOCATED_IN: { subject: [...MATERIAL, 'PATHOLOGY'], object: ANATOMY, why: 'a material thing (or a disease, as the Disease Ontology places them) sits in a cell, tissue or structure' },
  INVOLVES: { subject: ['PROCESS'], object: MATERIAL, why: 'a process has material participants (RO has participant)' },
  AFFECTS: { subject: ['PATHOLOGY', ...MOLECULES], object: ANY, why: 'a disease, substance or medicine acts on something' },
  HAS_BASIS_IN: { subject: ['PATHOLOGY'], object: ['PROCESS', ...MATERIAL], why: 'a pathology has its basis in a process or a lesion' },
  REGULATES: { subject: ['PROCESS', ...MOLECULES, 'CELL'], object: ['PROCESS'], why: 'what is regulated is a process' },
  POSITIVELY_REGULATES: { subject: ['PROCESS', ...MOLECULES, 'CELL'], object: ['PROCESS'], why: 'what is promoted is a process' },
  NEGATIVELY_REGULATES: { subject: ['PROCESS', ...MOLECULES, 'CELL'], object: ['PROCESS'], why: 'what is inhibited is a process' },
  OTHER: { subject: ANY, object: ANY, why: 'an ontology relation outside the vocabulary' },
};

/** IS_A joins things of one sort: these kinds count as one sort. */
const SORT: Record<ConceptKind, string> = {
  CELL: 'anatomy',
  TISSUE: 'anatomy',
  STRUCTURE: 'anatomy',
  SUBSTANCE: 'molecule',
  GENE_PRODUCT: 'molecule',
  DRUG: 'molecule',
  PROCESS: 'process',
  PATHOLOGY: 'pathology',
};

export interface RelationEnds {
  from: string;
  type: RelationType;
  to: string;
}

/**
 * What is wrong with a relation given its ends' kinds (an empty list when nothing is). Kinds
 * of unknown concepts are not judged here: a missing concept is reported by whoever looks it up.
 */
export function relationProblems(relation: RelationEnds, fromKind: ConceptKind | undefined, toKind: ConceptKind | undefined): string[] {
  const problems: string[] = [];
  if (relation.from === relation.to) problems.push(`a relation cannot join "${relation.from}" to itself`);
  if (!fromKind || !toKind) return problems;
  const allowed = RELATION_KINDS[relation.type];
  if (!allowed.subject.includes(fromKind) || !allowed.object.includes(toKind)) {
    problems.push(
      `${relation.type} cannot join a ${fromKind} to a ${toKind}: ${allowed.why} (subject ${allowed.subject.join('/')}, object ${allowed.object.join('/')})`,
    );
  } else if (relation.type === 'IS_A' && SORT[fromKind] !== SORT[toKind]) {
    problems.push(`IS_A cannot join a ${fromKind} to a ${toKind}: ${allowed.why}`);
  }
  return problems;
}

/** The key one comparison per unordered pair is checked by: the two slugs, sorted. */
export function pairKey(concepts: readonly string[]): string {
  return [...concepts].sort().join(' ');
}

/** What is wrong with a comparison's pair of concepts on its own (not against other comparisons). */
export function comparisonProblems(concepts: readonly string[]): string[] {
  return concepts.length === 2 && concepts[0] === concepts[1] ? [`a comparison cannot compare "${concepts[0]}" with itself`] : [];
}

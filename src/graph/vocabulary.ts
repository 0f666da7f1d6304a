/**
 * The closed vocabulary of the graph. Labels and relation types cannot be Cypher parameters,
 * so these lists are also the allow-lists for every label or type that goes into query text.
 */

export const CONCEPT_KINDS = ['PROCESS', 'CELL', 'TISSUE', 'STRUCTURE', 'PATHOLOGY', 'SUBSTANCE', 'GENE_PRODUCT', 'DRUG'] as const;
export type ConceptKind = (typeof CONCEPT_KINDS)[number];

/** The Neo4j label each kind carries beside `:Concept`. */
export const KIND_LABELS: Record<ConceptKind, string> = {
  PROCESS: 'Process',
  CELL: 'Cell',
  TISSUE: 'Tissue',
  STRUCTURE: 'Structure',
  PATHOLOGY: 'Pathology',
  SUBSTANCE: 'Substance',
  GENE_PRODUCT: 'GeneProduct',
  DRUG: 'Drug',
};

/** Each kind as the Biolink model's category (the class KGX and Translator tools expect), and what it covers. */
export const KIND_INFO: Record<ConceptKind, { biolink: string; description: string; noun: [singular: string, plural: string] }> = {
  PROCESS: { biolink: 'biolink:BiologicalProcess', noun: ['process', 'processes'], description: 'Something that happens: ossification, bone resorption, osteoblast differentiation.' },
  CELL: { biolink: 'biolink:Cell', noun: ['cell', 'cells'], description: 'A cell type: osteoblast, osteoclast, chondrocyte.' },
  TISSUE: { biolink: 'biolink:GrossAnatomicalStructure', noun: ['tissue', 'tissues'], description: 'A tissue: bone tissue, cartilage, mesenchyme.' },
  STRUCTURE: { biolink: 'biolink:AnatomicalEntity', noun: ['structure', 'structures'], description: 'An anatomical structure or cell part: osteon, growth plate, periosteum.' },
  PATHOLOGY: { biolink: 'biolink:Disease', noun: ['disease', 'diseases'], description: 'A disease or disorder: osteoporosis, rickets.' },
  SUBSTANCE: { biolink: 'biolink:ChemicalEntity', noun: ['substance', 'substances'], description: 'A chemical or mineral: calcium, hydroxyapatite, calcitriol.' },
  GENE_PRODUCT: { biolink: 'biolink:Protein', noun: ['gene product', 'gene products'], description: 'A protein or other gene product: RANKL, osteoprotegerin, RUNX2, type I collagen.' },
  DRUG: { biolink: 'biolink:Drug', noun: ['drug', 'drugs'], description: 'A medicine: a bisphosphonate, denosumab, teriparatide.' },
};

export interface RelationTypeInfo {
  /** The OBO / RO term this type maps to, where one exists. */
  obo: string | null;
  /** How the relation reads from subject to object: "osteoblast <is capable of> ossification". */
  reads: string;
  /** How it reads from object to subject: "ossification <is carried out by> osteoblast". */
  inverse: string;
  description: string;
}

export const RELATION_TYPES = {
  IS_A: { obo: 'is_a', reads: 'is a kind of', inverse: 'has the subtype', description: 'The subject is a subtype of the object.' },
  PART_OF: { obo: 'BFO:0000050', reads: 'is part of', inverse: 'includes', description: 'The subject is a part of the object.' },
  HAS_PART: { obo: 'BFO:0000051', reads: 'includes', inverse: 'is part of', description: 'The object is a part of the subject.' },
  DEVELOPS_FROM: { obo: 'RO:0002202', reads: 'develops from', inverse: 'gives rise to', description: 'The subject arises from the object.' },
  CAPABLE_OF: { obo: 'RO:0002215', reads: 'is capable of', inverse: 'is carried out by', description: 'The subject (a cell or structure) can carry out the object (a process).' },
  PRODUCES: { obo: 'RO:0003000', reads: 'produces', inverse: 'is produced by', description: 'The subject brings the object into being.' },
  OCCURS_IN: { obo: 'BFO:0000066', reads: 'occurs in', inverse: 'is the site of', description: 'The subject (a process) takes place in the object.' },
  LOCATED_IN: { obo: 'RO:0001025', reads: 'is located in', inverse: 'contains', description: 'The subject sits inside the object.' },
  INVOLVES: { obo: 'RO:0000057', reads: 'involves', inverse: 'takes part in', description: 'The object takes part in the subject (has participant).' },
  AFFECTS: { obo: null, reads: 'affects', inverse: 'is affected by', description: 'The subject (usually a pathology) acts on the object. Curated.' },
  HAS_BASIS_IN: {
    obo: null,
    reads: 'has its basis in', inverse: 'is the basis of',
    description: 'The subject (a pathology) consists in the object going wrong: a process, or a lesion (the Disease Ontology\'s "has material basis in"). Curated.',
  },
  REGULATES: {
    obo: 'RO:0002211',
    reads: 'regulates', inverse: 'is regulated by',
    description: 'The subject controls how often, how fast or how much the object (a process) happens, in either direction.',
  },
  POSITIVELY_REGULATES: {
    obo: 'RO:0002213',
    reads: 'promotes', inverse: 'is promoted by',
    description: 'The subject increases how often, how fast or how much the object (a process) happens.',
  },
  NEGATIVELY_REGULATES: {
    obo: 'RO:0002212',
    reads: 'inhibits', inverse: 'is inhibited by',
    description: 'The subject decreases how often, how fast or how much the object (a process) happens, or stops it.',
  },
  OTHER: {
    obo: null,
    reads: 'is related to', inverse: 'is related to',
    description: 'An ontology relation outside this vocabulary, kept rather than dropped; `predicate` names it.',
  },
} as const satisfies Record<string, RelationTypeInfo>;

export type RelationType = keyof typeof RELATION_TYPES;
export const RELATION_TYPE_NAMES = Object.keys(RELATION_TYPES) as RelationType[];

export const DIRECTIONS = ['OUT', 'IN', 'BOTH'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** The ID prefixes of the ontologies the importer knows by default (the shared files'). */
export const ONTOLOGY_PREFIXES = ['CL', 'GO', 'DOID', 'UBERON', 'CHEBI', 'PR'] as const;
/** "(CL|GO|…)": the prefixes as a regular-expression group, for JavaScript and Cypher alike. */
export const ONTOLOGY_PREFIX_GROUP = `(${ONTOLOGY_PREFIXES.join('|')})`;

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function isConceptKind(value: string): value is ConceptKind {
  return (CONCEPT_KINDS as readonly string[]).includes(value);
}

export function isRelationType(value: string): value is RelationType {
  return Object.hasOwn(RELATION_TYPES, value);
}

/**
 * `:IS_A|PART_OF` for a relationship pattern: typed expansion lets Neo4j skip every other
 * relationship of a hub node. Only vocabulary names pass, so nothing else reaches the text.
 */
export function relationTypeLabel(types: readonly string[] | null | undefined): string {
  const chosen = types?.length ? types : RELATION_TYPE_NAMES;
  for (const type of chosen) if (!isRelationType(type)) throw new RangeError(`unknown relation type ${type}`);
  return `:${chosen.join('|')}`;
}

import type { ExportEdge, ExportNode } from '../graph/export.js';
import { ontologyInfores } from '../graph/provenance.js';
import { RELATION_TYPES } from '../graph/vocabulary.js';
import { BIOLINK_PREDICATES, categoryOf, edgeProvenance, JSONLD_CONTEXT } from './biolink.js';

/**
 * Streaming writers: rows in, text chunks out, one row at a time, so an export of any size
 * runs in constant memory. KGX (TSV or JSON Lines, nodes and edges as two files, as the KGX
 * format describes them), JSON-LD (one document with a Biolink @context) and CSV.
 */

export const EXPORT_FORMATS = ['kgx-tsv', 'kgx-jsonl', 'jsonld', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const EXPORT_PARTS = ['nodes', 'edges'] as const;
export type ExportPart = (typeof EXPORT_PARTS)[number];

export interface ExportSource {
  nodes(): AsyncIterable<ExportNode>;
  edges(): AsyncIterable<ExportEdge>;
}

export const isExportFormat = (value: string): value is ExportFormat => (EXPORT_FORMATS as readonly string[]).includes(value);
export const isExportPart = (value: string): value is ExportPart => (EXPORT_PARTS as readonly string[]).includes(value);
/** JSON-LD is one document of nodes and edges; the other formats are a file per part. */
export const needsPart = (format: ExportFormat) => format !== 'jsonld';

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  'kgx-tsv': 'text/tab-separated-values; charset=utf-8',
  'kgx-jsonl': 'application/x-ndjson; charset=utf-8',
  jsonld: 'application/ld+json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

/** The file name KGX tools expect: ossigraph_nodes.tsv, ossigraph_edges.jsonl, ossigraph.jsonld. */
export function fileName(format: ExportFormat, part: ExportPart | null): string {
  const extension = { 'kgx-tsv': 'tsv', 'kgx-jsonl': 'jsonl', jsonld: 'jsonld', csv: 'csv' }[format];
  return part && needsPart(format) ? `ossigraph_${part}.${extension}` : `ossigraph.${extension}`;
}

/** Where a node comes from, as infores CURIEs: an imported ontology's, and ossigraph's for curation. */
function providedBy(sources: readonly string[]): string[] {
  const out = new Set<string>();
  for (const source of sources) out.add((source.startsWith('obo:') && ontologyInfores(source.slice('obo:'.length))) || 'infores:ossigraph');
  return [...(out.size ? out : new Set(['infores:ossigraph']))];
}

const edgeId = (edge: ExportEdge) =>
  `ossigraphedge:${edge.subjectSlug}--${edge.type}--${edge.objectSlug}${edge.predicate ? `--${edge.predicate.replace(/[^A-Za-z0-9_.:-]+/g, '_')}` : ''}`;

/** A KGX node record: the columns the format requires (id, category) and the usual ones. */
export function kgxNode(node: ExportNode) {
  return {
    id: node.id,
    category: [categoryOf(node.kind)],
    name: node.name,
    description: node.definition ?? '',
    xref: node.xrefs.filter((xref) => xref !== node.id),
    synonym: node.aliases,
    provided_by: providedBy(node.sources),
  };
}

/** A KGX edge record: subject, predicate, object, and knowledge level and agent type, as KGX requires. */
export function kgxEdge(edge: ExportEdge) {
  const { predicate, objectDirectionQualifier } = BIOLINK_PREDICATES[edge.type];
  const provenance = edgeProvenance(edge.sources);
  return {
    id: edgeId(edge),
    subject: edge.subject,
    predicate,
    object: edge.object,
    object_direction_qualifier: objectDirectionQualifier ?? '',
    original_predicate: edge.type === 'OTHER' ? (edge.predicate ?? '') : (RELATION_TYPES[edge.type].obo ?? ''),
    knowledge_level: provenance.knowledgeLevel,
    agent_type: provenance.agentType,
    primary_knowledge_source: provenance.primaryKnowledgeSource,
    aggregator_knowledge_source: provenance.aggregatorKnowledgeSource ? [provenance.aggregatorKnowledgeSource] : [],
    publications: provenance.publications,
  };
}

export const KGX_NODE_COLUMNS = ['id', 'category', 'name', 'description', 'xref', 'synonym', 'provided_by'] as const;
export const KGX_EDGE_COLUMNS = [
  'id', 'subject', 'predicate', 'object', 'object_direction_qualifier', 'original_predicate',
  'knowledge_level', 'agent_type', 'primary_knowledge_source', 'aggregator_knowledge_source', 'publications',
] as const;

/** A TSV cell: tabs and line breaks become spaces; a list is joined with "|", KGX's separator. */
function tsvCell(value: string | readonly string[]): string {
  const clean = (text: string) => text.replace(/[\t\r\n]+/g, ' ');
  return typeof value === 'string' ? clean(value) : value.map((item) => clean(item).replace(/\|/g, '/')).join('|');
}

/** A CSV cell (RFC 4180): quoted when it holds a comma, a quote or a line break. */
function csvCell(value: string | readonly string[]): string {
  const text = typeof value === 'string' ? value : value.join('|');
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Drops empty strings and lists, as KGX JSON Lines records leave absent what is not known. */
function compact<T extends Record<string, unknown>>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== '' && !(Array.isArray(value) && value.length === 0))) as Partial<T>;
}

const CSV_NODE_COLUMNS = ['id', 'slug', 'name', 'kind', 'category', 'definition', 'aliases', 'xrefs', 'sources'] as const;
const CSV_EDGE_COLUMNS = ['subject', 'subject_slug', 'type', 'predicate', 'object', 'object_slug', 'evidence', 'sources', 'knowledge_level', 'agent_type', 'primary_knowledge_source', 'publications'] as const;

function csvNode(node: ExportNode): string[] {
  return [node.id, node.slug, node.name, node.kind, categoryOf(node.kind), node.definition ?? '', node.aliases.join('|'), node.xrefs.join('|'), node.sources.join('|')];
}

function csvEdge(edge: ExportEdge): string[] {
  const provenance = edgeProvenance(edge.sources);
  return [
    edge.subject, edge.subjectSlug, edge.type, edge.type === 'OTHER' ? (edge.predicate ?? '') : BIOLINK_PREDICATES[edge.type].predicate, edge.object, edge.objectSlug,
    edge.evidence ?? '', edge.sources.join('|'), provenance.knowledgeLevel, provenance.agentType, provenance.primaryKnowledgeSource, provenance.publications.join('|'),
  ];
}

/** One JSON-LD node object per concept, and per relation its statement and its association. */
function jsonldNode(node: ExportNode) {
  return compact({ ...kgxNode(node) });
}

function* jsonldEdge(edge: ExportEdge) {
  const record = kgxEdge(edge);
  // The statement itself, merged with the subject's node object when expanded.
  yield { id: record.subject, [record.predicate]: { '@id': record.object } };
  // The association: provenance and qualifiers of that statement, as Biolink models them.
  yield compact({ ...record, category: 'biolink:Association' });
}

/**
 * The export as text chunks, header first. `part` chooses nodes or edges for the formats that
 * write one file per part; JSON-LD writes both in one document.
 */
export async function* writeExport(format: ExportFormat, part: ExportPart | null, source: ExportSource): AsyncGenerator<string> {
  if (needsPart(format) && !part) throw new RangeError(`${format} is written as two files; choose part nodes or edges`);
  switch (format) {
    case 'kgx-tsv':
      if (part === 'nodes') {
        yield `${KGX_NODE_COLUMNS.join('\t')}\n`;
        for await (const node of source.nodes()) {
          const record = kgxNode(node);
          yield `${KGX_NODE_COLUMNS.map((column) => tsvCell(record[column])).join('\t')}\n`;
        }
      } else {
        yield `${KGX_EDGE_COLUMNS.join('\t')}\n`;
        for await (const edge of source.edges()) {
          const record = kgxEdge(edge);
          yield `${KGX_EDGE_COLUMNS.map((column) => tsvCell(record[column])).join('\t')}\n`;
        }
      }
      return;
    case 'kgx-jsonl':
      if (part === 'nodes') for await (const node of source.nodes()) yield `${JSON.stringify(compact(kgxNode(node)))}\n`;
      else for await (const edge of source.edges()) yield `${JSON.stringify(compact(kgxEdge(edge)))}\n`;
      return;
    case 'csv':
      if (part === 'nodes') {
        yield `${CSV_NODE_COLUMNS.join(',')}\r\n`;
        for await (const node of source.nodes()) yield `${csvNode(node).map(csvCell).join(',')}\r\n`;
      } else {
        yield `${CSV_EDGE_COLUMNS.join(',')}\r\n`;
        for await (const edge of source.edges()) yield `${csvEdge(edge).map(csvCell).join(',')}\r\n`;
      }
      return;
    case 'jsonld': {
      yield `{"@context":${JSON.stringify(JSONLD_CONTEXT)},\n"@graph":[\n`;
      let first = true;
      const item = (value: unknown) => {
        const text = `${first ? '' : ',\n'}${JSON.stringify(value)}`;
        first = false;
        return text;
      };
      for await (const node of source.nodes()) yield item(jsonldNode(node));
      for await (const edge of source.edges()) for (const value of jsonldEdge(edge)) yield item(value);
      yield '\n]}\n';
      return;
    }
  }
}

import path from 'node:path';
import type { Database } from '../db/database.js';
import { ImportWriter, type Enrichment } from '../graph/ingest.js';
import { relationProblems } from '../graph/rules.js';
import { batches, type ConceptInput, type RelationInput } from '../graph/writer.js';
import { CONCEPT_KINDS, ONTOLOGY_PREFIXES, SLUG_PATTERN, type ConceptKind, type RelationType } from '../graph/vocabulary.js';
import { readEach } from './errors.js';
import { OboSyntaxError, parseOboFile, type OboDocument, type OboTerm } from './obo-parser.js';
import type { CliErrorCode } from '../errors.js';
import { recordChange } from '../graph/changes.js';

/** Relations of the RO/BFO map in design.md, by ID and by the names files use for them. */
const PREDICATES: Record<string, RelationType> = {
  'BFO:0000050': 'PART_OF',
  part_of: 'PART_OF',
  'BFO:0000051': 'HAS_PART',
  has_part: 'HAS_PART',
  'RO:0002202': 'DEVELOPS_FROM',
  develops_from: 'DEVELOPS_FROM',
  'RO:0002215': 'CAPABLE_OF',
  capable_of: 'CAPABLE_OF',
  'RO:0003000': 'PRODUCES',
  produces: 'PRODUCES',
  'BFO:0000066': 'OCCURS_IN',
  occurs_in: 'OCCURS_IN',
  'RO:0001025': 'LOCATED_IN',
  located_in: 'LOCATED_IN',
  'RO:0000057': 'INVOLVES',
  has_participant: 'INVOLVES',
  'RO:0002211': 'REGULATES',
  regulates: 'REGULATES',
  'RO:0002213': 'POSITIVELY_REGULATES',
  positively_regulates: 'POSITIVELY_REGULATES',
  'RO:0002212': 'NEGATIVELY_REGULATES',
  negatively_regulates: 'NEGATIVELY_REGULATES',
};

const UBERON_TISSUE = 'UBERON:0000479';

export class OboImportError extends Error {
  readonly code = 'OBO_IMPORT' satisfies CliErrorCode;
}

export interface OboImportOptions {
  /** Import only the terms under these CURIEs (is_a and part_of) and their is_a ancestors. */
  roots?: readonly string[];
  /** Kinds for ID prefixes beyond {@link DEFAULT_PREFIXES} (or to override them), or `skip`. */
  prefixes?: Readonly<Record<string, PrefixChoice>>;
  onProgress?: (phase: string, done: number, total: number) => void;
}

export interface OboImportSummary {
  files: { file: string; terms: number }[];
  /** Distinct live terms selected for import. */
  terms: number;
  /** New concepts written. */
  created: number;
  /** Terms that landed on a concept that already existed (curated xref or an earlier import). */
  merged: number;
  /** Terms defined in more than one of the given files, written once. */
  sharedAcrossFiles: number;
  relations: number;
  /** Relations whose predicate is outside the core vocabulary, kept as OTHER. */
  otherRelations: number;
  skipped: Record<string, number>;
  /** Relations of a vocabulary type whose ends' kinds that type cannot join: kept as OTHER, by type. */
  reclassified: Record<string, number>;
}

interface MergedTerm extends OboTerm {
  files: string[];
}

function count(map: Record<string, number>, key: string, by = 1): void {
  map[key] = (map[key] ?? 0) + by;
}

/** Lowercase kebab-case of a name, at most 80 characters. */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '');
  return SLUG_PATTERN.test(slug) ? slug : '';
}

function prefixOf(curie: string): string {
  return curie.includes(':') ? curie.slice(0, curie.indexOf(':')) : '';
}

function unique(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

function mergeTerms(documents: OboDocument[], skipped: Record<string, number>): { terms: Map<string, MergedTerm>; shared: number } {
  const terms = new Map<string, MergedTerm>();
  let shared = 0;
  for (const document of documents) {
    for (const term of document.terms) {
      if (term.obsolete) {
        count(skipped, 'obsolete term');
        continue;
      }
      const known = terms.get(term.id);
      if (!known) {
        terms.set(term.id, { ...term, files: [document.file] });
        continue;
      }
      shared += 1;
      known.files = unique([...known.files, document.file]);
      known.definition ??= term.definition;
      known.namespace ??= term.namespace;
      known.synonyms = unique([...known.synonyms, ...term.synonyms]);
      known.altIds = unique([...known.altIds, ...term.altIds]);
      known.isA = unique([...known.isA, ...term.isA]);
      const seen = new Set(known.relationships.map((r) => `${r.predicate} ${r.target}`));
      for (const relationship of term.relationships) {
        if (!seen.has(`${relationship.predicate} ${relationship.target}`)) known.relationships.push(relationship);
      }
    }
  }
  return { terms, shared };
}

/** Typedef names (develops_from) mapped to the RO/BFO IDs their xrefs give, across all files. */
function predicateMap(documents: OboDocument[]): Map<string, { type: RelationType } | { other: string }> {
  const map = new Map<string, { type: RelationType } | { other: string }>();
  for (const [key, type] of Object.entries(PREDICATES)) map.set(key, { type });
  for (const typedef of documents.flatMap((document) => document.typedefs)) {
    if (map.has(typedef.id)) continue;
    const mapped = typedef.xrefs.map((xref) => PREDICATES[xref]).find(Boolean);
    map.set(typedef.id, mapped ? { type: mapped } : { other: typedef.name ?? typedef.id });
  }
  return map;
}

function selectTerms(terms: Map<string, MergedTerm>, roots: readonly string[]): Set<string> {
  if (roots.length === 0) return new Set(terms.keys());
  const missing = roots.filter((root) => !terms.has(root));
  if (missing.length) throw new OboImportError(`--roots ${missing.join(', ')}: not defined in the given files; nothing was imported`);
  const children = new Map<string, string[]>();
  for (const term of terms.values()) {
    const parents = [...term.isA, ...term.relationships.filter((r) => PREDICATES[r.predicate] === 'PART_OF').map((r) => r.target)];
    for (const parent of parents) {
      const list = children.get(parent);
      if (list) list.push(term.id);
      else children.set(parent, [term.id]);
    }
  }
  const selected = new Set<string>();
  const down = [...roots];
  while (down.length) {
    const id = down.pop()!;
    if (selected.has(id)) continue;
    selected.add(id);
    down.push(...(children.get(id) ?? []));
  }
  const up = roots.flatMap((root) => terms.get(root)?.isA ?? []);
  while (up.length) {
    const id = up.pop()!;
    if (selected.has(id) || !terms.has(id)) continue;
    selected.add(id);
    up.push(...terms.get(id)!.isA);
  }
  return selected;
}

function kindResolver(terms: Map<string, MergedTerm>, prefixes: Readonly<Record<string, PrefixChoice>>) {
  const tissue = new Map<string, boolean>();
  const isTissue = (id: string, trail = new Set<string>()): boolean => {
    if (id === UBERON_TISSUE) return true;
    const known = tissue.get(id);
    if (known !== undefined) return known;
    if (trail.has(id)) return false;
    trail.add(id);
    const result = (terms.get(id)?.isA ?? []).some((parent) => isTissue(parent, trail));
    tissue.set(id, result);
    return result;
  };
  return (term: MergedTerm): PrefixChoice | null => {
    const prefix = prefixOf(term.id);
    const chosen = prefixes[prefix];
    if (chosen) return chosen;
    switch (prefix) {
      case 'CL':
        return 'CELL';
      case 'GO':
        return term.namespace === 'cellular_component' ? 'STRUCTURE' : 'PROCESS';
      case 'DOID':
        return 'PATHOLOGY';
      case 'UBERON':
        return isTissue(term.id) ? 'TISSUE' : 'STRUCTURE';
      case 'CHEBI':
      case 'PR':
        return 'SUBSTANCE';
      default:
        return null;
    }
  };
}

/** ID prefixes with a concept kind of their own; the user's map (--prefix) adds to them. */
export const DEFAULT_PREFIXES = ONTOLOGY_PREFIXES;

/** A kind for the terms of an ID prefix, or `skip` to leave them out on purpose. */
export type PrefixChoice = ConceptKind | 'skip';

/** Everything read and checked before the database is touched. */
export interface OboPlan {
  documents: OboDocument[];
  terms: Map<string, MergedTerm>;
  selected: Set<string>;
  shared: number;
  skipped: Record<string, number>;
  predicates: ReturnType<typeof predicateMap>;
  kindOf: (term: MergedTerm) => PrefixChoice | null;
}

/**
 * Parses and checks every file, without a database: throws one {@link OboSyntaxError} listing
 * every problem of every file (with file and line), including live terms whose ID prefix maps
 * to no concept kind. Nothing is written and nothing needs to be started before this passes.
 */
export async function readOntologies(files: readonly string[], options: OboImportOptions = {}): Promise<OboPlan> {
  if (files.length === 0) throw new OboImportError('no OBO file given');
  const { read: documents, problems } = await readEach(files, parseOboFile);
  const skipped: Record<string, number> = {};
  const { terms, shared } = mergeTerms(documents, skipped);
  // With a broken file, the prefixes of the files that did parse are still checked, so the
  // report lists everything at once.
  const selected = problems.length ? new Set(terms.keys()) : selectTerms(terms, options.roots ?? []);
  const kindOf = kindResolver(terms, options.prefixes ?? {});
  const unmapped = new Map<string, { first: MergedTerm; count: number }>();
  for (const id of selected) {
    const term = terms.get(id)!;
    if (kindOf(term)) continue;
    const prefix = prefixOf(id) || '(none)';
    const seen = unmapped.get(prefix);
    if (seen) seen.count += 1;
    else unmapped.set(prefix, { first: term, count: 1 });
  }
  for (const [prefix, { first, count: many }] of unmapped) {
    problems.push({
      file: first.files[0]!,
      line: first.line,
      reason:
        `${many} term${many === 1 ? '' : 's'} with the ID prefix ${prefix} (first: ${first.id}), which maps to no concept kind: ` +
        `map it with --prefix ${prefix}=KIND (${CONCEPT_KINDS.join(', ')}) or leave those terms out with --prefix ${prefix}=skip`,
    });
  }
  if (problems.length) throw new OboSyntaxError(problems);
  return { documents, terms, selected, shared, skipped, predicates: predicateMap(documents), kindOf };
}

/**
 * Imports OBO 1.2 ontologies: terms become Concepts keyed by CURIE, `is_a` and `relationship:`
 * lines become typed relations. Every file is parsed and checked first ({@link readOntologies});
 * then everything is written in one transaction, in batches of 1,000 rows with
 * progress after each: a killed importer or database leaves the graph exactly as it was, and
 * running the import again finishes it. Importing the same files again changes nothing.
 */
export async function importObo(db: Database, files: readonly string[], options: OboImportOptions = {}): Promise<OboImportSummary> {
  return writeOntologies(db, await readOntologies(files, options), options.onProgress);
}

export async function writeOntologies(
  db: Database,
  plan: OboPlan,
  onProgress: (phase: string, done: number, total: number) => void = () => {},
): Promise<OboImportSummary> {
  const { documents, terms, selected, predicates, kindOf, shared } = plan;
  return db.bulkWriteTx(async (tx) => {
    const writer = new ImportWriter(tx);
    const skipped = { ...plan.skipped };
    const reclassified: Record<string, number> = {};
    const existing = await writer.existingKeys();
    const slugOf = new Map<string, string>();
    const created: (ConceptInput & { curie: string })[] = [];
    const enrichments: Enrichment[] = [];
    for (const id of selected) {
      const term = terms.get(id)!;
      const kind = kindOf(term);
      if (kind === 'skip' || kind === null) {
        count(skipped, `term left out by --prefix ${prefixOf(id)}=skip`);
        continue;
      }
      const sources = term.files.map((file) => `obo:${file}`);
      const aliases = unique([...term.synonyms, ...term.altIds]).filter((alias) => alias !== term.name);
      const xrefs = unique([id, ...term.altIds]);
      const known = [id, ...term.altIds].map((curie) => existing.slugByCurie.get(curie)).find(Boolean);
      if (known) {
        slugOf.set(id, known);
        enrichments.push({ slug: known, aliases, xrefs, sources, definition: term.definition });
        continue;
      }
      let slug = slugify(term.name);
      if (!slug || existing.slugs.has(slug)) slug = [slug, slugify(id)].filter(Boolean).join('-');
      existing.slugs.add(slug);
      existing.kindBySlug.set(slug, kind);
      slugOf.set(id, slug);
      created.push({ slug, curie: id, name: term.name, kind, definition: term.definition, aliases, xrefs, sources });
    }

    const relations: (RelationInput & { predicate?: string })[] = [];
    const resolve = (target: string) => slugOf.get(target) ?? existing.slugByCurie.get(target);
    for (const id of selected) {
      const from = slugOf.get(id);
      if (!from) continue;
      const term = terms.get(id)!;
      const sources = term.files.map((file) => `obo:${file}`);
      const edges: [string, string][] = [...term.isA.map((target) => ['is_a', target] as [string, string]), ...term.relationships.map((r) => [r.predicate, r.target] as [string, string])];
      for (const [predicate, target] of edges) {
        if (/^[a-z]+:\/\//i.test(target)) {
          count(skipped, 'annotation with a URL target');
          continue;
        }
        const to = resolve(target);
        if (!to) {
          count(skipped, 'relation to a term outside the import');
          continue;
        }
        if (from === to) {
          count(skipped, 'relation from a term to itself');
          continue;
        }
        const mapped: { type: RelationType } | { other: string } = predicate === 'is_a' ? { type: 'IS_A' } : (predicates.get(predicate) ?? { other: predicate });
        if ('other' in mapped) {
          relations.push({ from, type: 'OTHER', to, sources, evidence: null, predicate: mapped.other });
          continue;
        }
        // The graph's rules (src/graph/rules.ts) hold for imports too: a relation whose ends'
        // kinds do not fit its type is kept, as OTHER with its predicate, not mistyped.
        if (relationProblems({ from, type: mapped.type, to }, existing.kindBySlug.get(from), existing.kindBySlug.get(to)).length) {
          count(reclassified, mapped.type);
          relations.push({ from, type: 'OTHER', to, sources, evidence: null, predicate: predicate === 'is_a' ? 'is_a' : predicate });
          continue;
        }
        relations.push({ from, type: mapped.type, to, sources, evidence: null });
      }
    }

    const total = created.length + enrichments.length + relations.length;
    let done = 0;
    const step = async (phase: string, rows: unknown[], work: () => Promise<void>) => {
      await work();
      done += rows.length;
      onProgress(phase, done, total);
    };
    for (const rows of batches(created)) await step('concepts', rows, () => writer.upsertConcepts(rows));
    for (const rows of batches(enrichments)) await step('merging', rows, () => writer.enrichConcepts(rows));
    // Sources accumulate: an ontology's edge beside a curated one adds its source, erases nothing.
    for (const rows of batches(relations)) await step('relations', rows, () => writer.upsertRelations(rows, { keep: true }));
    await recordChange(tx, {
      entity: 'GRAPH',
      action: 'IMPORTED',
      key: documents.map((document) => path.basename(document.file)).join(', '),
      source: 'import-obo',
      summary: `${created.length} concepts created, ${enrichments.length} merged, ${relations.length} relations`,
    });

    return {
      files: documents.map((document) => ({ file: document.file, terms: document.terms.length })),
      terms: created.length + enrichments.length,
      created: created.length,
      merged: enrichments.length,
      sharedAcrossFiles: shared,
      relations: relations.length,
      otherRelations: relations.filter((relation) => relation.type === 'OTHER').length,
      skipped,
      reclassified,
    };
  });
}
